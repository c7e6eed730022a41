#    Licensed under the Apache License, Version 2.0 (the "License"); you may
#    not use this file except in compliance with the License. You may obtain
#    a copy of the License at
#
#         http://www.apache.org/licenses/LICENSE-2.0
#
#    Unless required by applicable law or agreed to in writing, software
#    distributed under the License is distributed on an "AS IS" BASIS, WITHOUT
#    WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied. See the
#    License for the specific language governing permissions and limitations
#    under the License.

"""The errors of the backend that a user can act on.

Every failure of a Cinder call leaves the backend as one of these, with a
message fit to show to the user; nothing of cinderclient leaks.
"""


class VolsnapError(Exception):
    """Base of the errors whose message can be shown to the user."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def __str__(self):
        return str(self.message)


class InvalidInput(VolsnapError):
    """The options do not satisfy the schema or Cinder's limits."""


class NotFound(VolsnapError):
    """The volume or checkpoint does not exist or is not the user's."""


class ForeignProject(NotFound):
    """The checkpoint is another project's (only an admin can see it)."""


class NotACheckpoint(NotFound):
    """The snapshot exists but this plugin did not make it."""


class QuotaExceeded(VolsnapError):
    """Cinder answered 413: the project's quota is spent."""


class InvalidState(VolsnapError):
    """The resource is in a state where the action is refused."""


class RevertRefused(InvalidState):
    """Cinder would refuse the revert (checks.revert.Refusal says why
    and what to do instead), so it was not asked."""

    def __init__(self, refusal):
        super().__init__(refusal.reason)
        self.refusal = refusal


class PermissionDenied(VolsnapError):
    """Cinder's policy refused the action."""


class CinderUnavailable(VolsnapError):
    """Cinder could not be reached, timed out or failed internally."""


class CinderUnreachable(CinderUnavailable):
    """No connection to Cinder: the request was not sent, so a retry
    cannot do it twice."""


class CinderBusy(CinderUnreachable):
    """Cinder (or the proxy in front of it) refused the request unread,
    with 429 or 503: it did nothing, and asks to be tried again later.
    (cinderclient keeps no Retry-After of these answers.)"""


class IdentityUnavailable(VolsnapError):
    """Keystone could not answer a question of names."""


class OutcomeUnknown(CinderUnavailable):
    """A change was sent and no clear answer came back (a timeout, a
    reset connection, a server error): it may have been carried out."""


class NotAuthenticated(VolsnapError):
    """Cinder answered 401: the user's token expired or was revoked."""


class TrustBroken(PermissionDenied):
    """Keystone no longer honours a policy's trust."""


class PartlyDone(VolsnapError):
    """Cinder took the operation and a step of ours after it failed:
    `made` is what Cinder took, for the record and the user."""

    def __init__(self, message, made):
        super().__init__(message)
        self.made = made


class OperationFailed(VolsnapError):
    """An asynchronous operation ended in an error status."""


class WaitTimeout(VolsnapError):
    """A resource did not reach the awaited status in time."""
