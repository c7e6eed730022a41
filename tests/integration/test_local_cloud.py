import uuid

import pytest
from cinderclient import exceptions

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
