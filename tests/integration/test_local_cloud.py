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

import uuid

from cinderclient import exceptions
import pytest

from tests import cloud


@pytest.fixture
def demo_cinder(stack):
    return cloud.cinder(stack, "demo")


def test_demo_creates_and_deletes_a_volume(demo_cinder):
    name = "itest-" + uuid.uuid4().hex[:8]
    volume = demo_cinder.volumes.create(1, name=name)
    try:
        volume = cloud.wait_status(
            lambda: demo_cinder.volumes.get(volume.id), "available")
        assert volume.name == name
        assert volume.size == 1
        assert name in [v.name for v in demo_cinder.volumes.list()]
    finally:
        demo_cinder.volumes.delete(volume.id)
    cloud.wait_gone(lambda: demo_cinder.volumes.get(volume.id))


def test_alt_cannot_see_demos_volume(stack, demo_cinder):
    alt_cinder = cloud.cinder(stack, "alt")
    volume = demo_cinder.volumes.create(1, name="itest-private")
    try:
        with pytest.raises(exceptions.NotFound):
            alt_cinder.volumes.get(volume.id)
        assert volume.id not in [v.id for v in alt_cinder.volumes.list()]
    finally:
        cloud.wait_status(lambda: demo_cinder.volumes.get(volume.id),
                          "available")
        demo_cinder.volumes.delete(volume.id)
