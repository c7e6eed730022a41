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

"""Names of Keystone users and projects by id, for rows that kept only an
id (Cinder's notices name no one), asked as volsnap's service account."""
from keystoneauth1 import exceptions as ks_exceptions
from keystoneclient.v3 import client as keystone_client

from volsnap_dashboard import exceptions
from volsnap_dashboard.i18n import _

USER, PROJECT = "user", "project"


def identity_names_get(session, kind, ids):
    """{id: name} of the users or projects Keystone knows; an id it does
    not know is left out. IdentityUnavailable when Keystone cannot say."""
    client = keystone_client.Client(session=session)
    manager = client.users if kind == USER else client.projects
    names = {}
    for object_id in ids:
        try:
            names[object_id] = manager.get(object_id).name
        except ks_exceptions.NotFound:
            continue
        except (ks_exceptions.ClientException, OSError) as exc:
            raise exceptions.IdentityUnavailable(
                _("Keystone cannot give names now: %s") % exc) from exc
    return names
