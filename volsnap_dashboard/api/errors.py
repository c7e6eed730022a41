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

"""Cinder's and the transport's failures, as the backend's own errors.

Nothing of cinderclient, keystoneauth or requests leaves the backend; what
does leave carries a message fit for the user.
"""
import contextlib
import logging
import textwrap

from cinderclient import exceptions as cinder_exceptions
from keystoneauth1 import exceptions as ks_exceptions
import requests
from urllib3 import exceptions as urllib3_exceptions

from volsnap_dashboard import exceptions
from volsnap_dashboard.i18n import _

LOG = logging.getLogger(__name__)


def not_found(subject):
    return exceptions.NotFound(
        _("%(subject)s was not found: it does not exist or belongs to "
          "another project.") % {"subject": subject})


# Cinder's reasons can quote a whole schema (a regular expression of
# every printable character); the user needs the start of it.
REASON_LENGTH = 200
# Answers of a Cinder (or its proxy) that refused a request unread.
BUSY_CODES = (429, 503)


def never_sent(exc):
    """Whether the request failed before it left: no connection was made
    (refused, no route, a connect timeout). A connection lost after that
    may have delivered it. The clients wrap urllib3's error; its chain
    tells."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, (urllib3_exceptions.ConnectTimeoutError,
                            requests.exceptions.ConnectTimeout)):
            return True
        if isinstance(exc, urllib3_exceptions.MaxRetryError):
            return isinstance(exc.reason,
                              urllib3_exceptions.ConnectTimeoutError)
        inner = exc.args[0] if exc.args else None
        exc = (inner if isinstance(inner, BaseException)
               else exc.__cause__ or exc.__context__)
    return False


@contextlib.contextmanager
def cinder_errors(subject, change=False):
    """Turns cinderclient's and the transport's errors into ours. For a
    `change` (a create or delete) an unclear failure is OutcomeUnknown:
    it may have happened, and saying "nothing was changed" would lie."""
    try:
        yield
    except exceptions.VolsnapError:
        raise
    except cinder_exceptions.NotFound:
        raise not_found(subject)
    except cinder_exceptions.OverLimit as exc:
        raise exceptions.QuotaExceeded(
            _("Cinder refused it over quota: %(reason)s")
            % {"reason": reason(exc)})
    except (cinder_exceptions.Unauthorized, ks_exceptions.Unauthorized):
        raise exceptions.NotAuthenticated(
            _("Your login has expired or was revoked; nothing was changed. "
              "Please log in again."))
    except cinder_exceptions.Forbidden:
        raise exceptions.PermissionDenied(
            _("You are not allowed to do this to %(subject)s.")
            % {"subject": subject})
    except cinder_exceptions.BadRequest as exc:
        raise exceptions.InvalidState(
            _("Cinder refused the request for %(subject)s: %(reason)s")
            % {"subject": subject, "reason": reason(exc)})
    except cinder_exceptions.ClientException as exc:
        if getattr(exc, "code", None) not in BUSY_CODES:
            raise _unclear(subject, change, exc)
        LOG.warning("Cinder busy (%s) for %s", exc.code, subject)
        raise exceptions.CinderBusy(
            _("The block storage service is too busy to take the request "
              "right now; nothing was changed. Try again later."))
    except (cinder_exceptions.ConnectionError,
            ks_exceptions.ConnectFailure, ks_exceptions.RequestTimeout,
            ks_exceptions.HttpServerError, requests.RequestException) as exc:
        raise _unclear(subject, change, exc)


def reason(exc):
    return textwrap.shorten(str(exc.message or ""), REASON_LENGTH,
                            placeholder=" …")


def _unclear(subject, change, exc):
    """The error for a call that failed without Cinder's clear answer."""
    if never_sent(exc):
        LOG.warning("Cinder unreachable for %s: %s", subject, exc)
        return exceptions.CinderUnreachable(
            _("The block storage service cannot be reached right now; "
              "nothing was changed. Try again later."))
    LOG.warning("Cinder failed for %s: %s", subject, exc)
    if change:
        return exceptions.OutcomeUnknown(
            _("The block storage service did not answer clearly, so "
              "the request may or may not have been carried out. The "
              "snapshot history will show its outcome; check it before "
              "trying again."))
    return exceptions.CinderUnavailable(
        _("The block storage service is unavailable right now; nothing "
          "was changed. Try again later."))
