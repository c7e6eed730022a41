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

"""How the panels show a backend failure to the user."""
from django.contrib import auth
from django.contrib import messages

from horizon import exceptions as horizon_exceptions

from volsnap_dashboard import exceptions


def expired(request, exc):
    """An expired or revoked token ends the session as Horizon does: the
    user is logged out and sent to log in again, then back to this page."""
    if isinstance(exc, exceptions.NotAuthenticated):
        messages.error(request, str(exc))
        auth.logout(request)
        raise horizon_exceptions.NotAuthenticated(str(exc))


def report(request, exc, **handle_options):
    """Shows `exc` (a VolsnapError being handled) as Horizon's handle()
    does, with its options (redirect, escalate)."""
    expired(request, exc)
    return horizon_exceptions.handle(request, str(exc), **handle_options)
