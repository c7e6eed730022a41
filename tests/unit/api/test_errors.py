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

"""Every failure of a Cinder call leaves the backend as one of ours."""
import unittest

from cinderclient import exceptions as cinder_exceptions
from keystoneauth1 import exceptions as ks_exceptions
import requests

from tests.unit.api import transport
from volsnap_dashboard.api import errors
from volsnap_dashboard import exceptions


def raised(failure, change=False):
    try:
        with errors.cinder_errors("Volume v", change=change):
            raise failure
    except exceptions.VolsnapError as exc:
        return exc
    raise AssertionError("nothing was raised")


class CinderErrorsTests(unittest.TestCase):

    def test_each_failure_has_its_kind(self):
        for failure, kind in (
                (cinder_exceptions.NotFound(404), exceptions.NotFound),
                (cinder_exceptions.OverLimit(413), exceptions.QuotaExceeded),
                (cinder_exceptions.Unauthorized(401),
                 exceptions.NotAuthenticated),
                (ks_exceptions.Unauthorized(), exceptions.NotAuthenticated),
                (cinder_exceptions.Forbidden(403),
                 exceptions.PermissionDenied),
                (cinder_exceptions.BadRequest(400, "busy"),
                 exceptions.InvalidState),
                (transport.refused(ks_exceptions.ConnectFailure("no")),
                 exceptions.CinderUnreachable),
                (transport.refused(cinder_exceptions.ConnectionError("no")),
                 exceptions.CinderUnreachable),
                (transport.aborted(cinder_exceptions.ConnectionError("no")),
                 exceptions.CinderUnavailable),
                (requests.Timeout("slow"), exceptions.CinderUnavailable),
                (cinder_exceptions.ClientException(500),
                 exceptions.CinderUnavailable)):
            with self.subTest(failure=type(failure).__name__):
                self.assertIsInstance(raised(failure), kind)

    def test_a_busy_cinder_changed_nothing(self):
        for code in (429, 503):
            with self.subTest(code=code):
                exc = raised(cinder_exceptions.ClientException(code),
                             change=True)
                self.assertIsInstance(exc, exceptions.CinderBusy)
                self.assertIn("nothing was changed", str(exc))
        self.assertIsInstance(raised(cinder_exceptions.ClientException(
            500), change=True), exceptions.OutcomeUnknown)

    def test_over_quota_gives_cinder_s_reason(self):
        exc = raised(cinder_exceptions.OverLimit(
            413, "Maximum number of snapshots allowed (10) exceeded"))
        self.assertIn("Maximum number of snapshots allowed (10)", str(exc))

    def test_an_expired_login_changed_nothing_and_says_so(self):
        exc = raised(cinder_exceptions.Unauthorized(401), change=True)

        self.assertIn("log in again", str(exc))
        self.assertNotIsInstance(exc, exceptions.OutcomeUnknown)

    def test_an_unclear_change_is_never_nothing_changed(self):
        for failure in (transport.aborted(ks_exceptions.ConnectFailure("x")),
                        requests.Timeout("slow"),
                        cinder_exceptions.ClientException(500),
                        ks_exceptions.HttpServerError()):
            with self.subTest(failure=type(failure).__name__):
                exc = raised(failure, change=True)
                self.assertIsInstance(exc, exceptions.OutcomeUnknown)
                self.assertNotIn("nothing was changed", str(exc))

    def test_a_long_reason_of_cinders_is_cut(self):
        exc = raised(cinder_exceptions.BadRequest(
            400, "Invalid input for field description: " + "x" * 5000))

        self.assertIn("Invalid input for field description", str(exc))
        self.assertLess(len(str(exc)), 400)

    def test_our_own_errors_pass_through(self):
        mine = exceptions.InvalidInput("bad")

        self.assertIs(mine, raised(mine))
