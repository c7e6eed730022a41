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

"""Names for the log's rows that kept only ids (made from Cinder's
notices, which name no one), asked of Keystone as volsnap's service
account and cached, misses too; the watchdog writes them into the rows,
so that the history's name filter finds them."""
import logging

from django.core import cache

from volsnap_dashboard.api import identity
from volsnap_dashboard.events import models
from volsnap_dashboard import exceptions

LOG = logging.getLogger(__name__)
# Seconds a name, or a miss, is kept.
NAME_TTL, MISS_TTL = 3600, 300
COLUMNS = ((identity.USER, "user_id", "user_name"),
           (identity.PROJECT, "project_id", "project_name"))


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
            LOG.warning("No names from Keystone: %s", exc)
            asked = None
        if asked is not None:
            for object_id in missing:
                name = asked.get(object_id, "")
                store.set(_key(kind, object_id), name,
                          NAME_TTL if name else MISS_TTL)
                found[object_id] = name
    return {i: name for i, name in found.items() if name}


def name_rows(session, batch=100):
    """Writes the names Keystone gives into the newest rows that have an
    id but no name, up to `batch` ids of each kind: {kind: rows named}.
    Keystone away names nothing and is asked again next time."""
    named = {}
    for kind, id_column, name_column in COLUMNS:
        unnamed = models.Event.objects.filter(**{name_column: ""}).exclude(
            **{id_column: ""})
        ids = list(dict.fromkeys(unnamed.order_by("-id").values_list(
            id_column, flat=True)[:batch * 10]))[:batch]
        found = names_of(kind, ids, session) if ids else {}
        named[kind] = sum(
            unnamed.filter(**{id_column: object_id}).update(
                **{name_column: name}) for object_id, name in found.items())
    return named
