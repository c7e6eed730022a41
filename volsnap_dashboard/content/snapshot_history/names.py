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
import logging

from django.conf import settings
from django.core import cache

from volsnap_dashboard.api import identity
from volsnap_dashboard.api import trusts
from volsnap_dashboard import exceptions

LOG = logging.getLogger(__name__)
# Seconds a name, or a miss, is kept.
NAME_TTL, MISS_TTL = 3600, 300
COLUMNS = ((identity.USER, "user_id", "user_name"),
           (identity.PROJECT, "project_id", "project_name"))
_sessions = {}


def account_session():
    account = getattr(settings, "VOLSNAP_WATCHDOG", {}).get("cloud_reader")
    if not account:
        return None
    key = (account["auth_url"], account["username"])
    if key not in _sessions:
        _sessions[key] = trusts.account_session(account, timeout=10)
    return _sessions[key]


def _key(kind, object_id):
    return f"volsnap-name:{kind}:{object_id}"


def names_of(kind, ids, session):
    """{id: name} of `ids`, from the cache or Keystone; "" for an id
    Keystone does not know."""
    store = cache.cache
    found = {object_id: store.get(_key(kind, object_id)) for object_id in ids}
    missing = [i for i, name in found.items() if name is None]
    if missing and session is not None:
        try:
            asked = identity.identity_names_get(session, kind, missing)
        except exceptions.IdentityUnavailable as exc:
            LOG.warning("No names for the history: %s", exc)
            asked = None
        if asked is not None:
            for object_id in missing:
                name = asked.get(object_id, "")
                store.set(_key(kind, object_id), name,
                          NAME_TTL if name else MISS_TTL)
                found[object_id] = name
    return {i: name for i, name in found.items() if name}


def with_names(events, session=None):
    """Sets each event's shown_user and shown_project: its own name, the
    one Keystone gives, or the id."""
    session = session or account_session()
    for kind, id_column, name_column in COLUMNS:
        unnamed = {getattr(e, id_column) for e in events
                   if getattr(e, id_column) and not getattr(e, name_column)}
        names = names_of(kind, sorted(unnamed), session) if unnamed else {}
        for event in events:
            object_id = getattr(event, id_column)
            setattr(event, f"shown_{kind}", getattr(event, name_column)
                    or names.get(object_id) or object_id)
    return events
