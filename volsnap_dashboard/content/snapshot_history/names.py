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

"""Names for the history's rows that kept only ids (made from Cinder's
notices, which name no one): asked of Keystone as volsnap's service
account, a page's unknown ids at a time, and cached, misses too. Without
the account, or with Keystone away, the ids show."""
from django.conf import settings

from volsnap_dashboard.api import trusts
from volsnap_dashboard.events import names

_sessions = {}


def account_session():
    account = getattr(settings, "VOLSNAP_WATCHDOG", {}).get("cloud_reader")
    if not account:
        return None
    key = (account["auth_url"], account["username"])
    if key not in _sessions:
        _sessions[key] = trusts.account_session(account, timeout=10)
    return _sessions[key]


def with_names(events, session=None):
    """Sets each event's shown_user and shown_project: its own name, the
    one Keystone gives, or the id."""
    session = session or account_session()
    for kind, id_column, name_column in names.COLUMNS:
        unnamed = {getattr(e, id_column) for e in events
                   if getattr(e, id_column) and not getattr(e, name_column)}
        found = (names.names_of(kind, sorted(unnamed), session) if unnamed
                 else {})
        for event in events:
            object_id = getattr(event, id_column)
            setattr(event, f"shown_{kind}", getattr(event, name_column)
                    or found.get(object_id) or object_id)
    return events
