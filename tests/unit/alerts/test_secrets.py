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

"""Channel secrets sealed at rest."""
import pytest

from volsnap_dashboard.alerts import secrets


def test_a_sealed_secret_opens_with_the_same_key_only():
    sealed = secrets.seal("s3cret", "key-1")

    assert "s3cret" not in sealed
    assert secrets.unseal(sealed, "key-1") == "s3cret"
    with pytest.raises(secrets.Unreadable):
        secrets.unseal(sealed, "key-2")
    with pytest.raises(secrets.Unreadable):
        secrets.unseal("not a token", "key-1")
