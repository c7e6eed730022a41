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

"""Names of users and projects, mocked at keystoneclient."""
from unittest import mock

from keystoneauth1 import exceptions as ks_exceptions
import pytest

from volsnap_dashboard.api import identity
from volsnap_dashboard import exceptions


@pytest.fixture
def keystone():
    with mock.patch.object(identity.keystone_client, "Client") as client:
        yield client.return_value


def test_known_ids_get_their_names_and_unknown_ones_are_left_out(keystone):
    def get(object_id):
        if object_id == "gone":
            raise ks_exceptions.NotFound()
        found = mock.Mock()
        found.name = f"name-{object_id}"
        return found
    keystone.users.get.side_effect = get

    assert identity.identity_names_get(None, identity.USER, ["a", "gone"]) \
        == {"a": "name-a"}
    keystone.projects.get.assert_not_called()


def test_keystone_away_is_said_not_guessed(keystone):
    keystone.projects.get.side_effect = ks_exceptions.ConnectFailure("no")

    with pytest.raises(exceptions.IdentityUnavailable):
        identity.identity_names_get(None, identity.PROJECT, ["p"])
