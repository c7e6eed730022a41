"""Clients of the local cloud for the tests that use it (never mocked)."""
import time
import uuid

from cinderclient import client as cinder_client
from cinderclient import exceptions
from keystoneauth1 import session as ks_session
from keystoneauth1.identity import v3

CINDER_API_VERSION = "3.71"


def keystone_session(stack, user):
    spec = stack["users"][user]
    auth = v3.Password(auth_url=stack["keystone_url"], username=user,
                       password=spec["password"],
                       project_name=spec["project"],
                       user_domain_id="default", project_domain_id="default")
    return ks_session.Session(auth=auth)


def cinder(stack, user, version=CINDER_API_VERSION):
    return cinder_client.Client(version, session=keystone_session(stack,
                                                                  user))


def wait_status(get, wanted, timeout=30):
    """Polls get() until its status is wanted; returns the object."""
    deadline = time.monotonic() + timeout
    while True:
        obj = get()
        if obj.status == wanted:
            return obj
        if obj.status.startswith("error") or time.monotonic() > deadline:
            raise AssertionError(f"{obj} is {obj.status}, not {wanted}")
        time.sleep(0.2)


def wait_gone(get, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            get()
        except exceptions.NotFound:
            return
        time.sleep(0.2)
    raise AssertionError("still there after %ss" % timeout)


def unique(prefix):
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


class Resources:
    """Volumes made by a test, removed with their snapshots afterwards."""

    def __init__(self, stack, user="demo"):
        self.cinder = cinder(stack, user)
        self.volumes = []

    def volume(self, size=1, in_use=False):
        volume = self.cinder.volumes.create(size, name=unique("itest-vol"))
        self.volumes.append(volume.id)
        volume = wait_status(lambda: self.cinder.volumes.get(volume.id),
                                   "available")
        if in_use:
            self.cinder.volumes.reserve(volume)
            self.cinder.volumes.attach(volume, str(uuid.uuid4()),
                                       "/dev/vdb")
            volume = wait_status(
                lambda: self.cinder.volumes.get(volume.id), "in-use")
        return volume

    def snapshots_of(self, volume_id):
        return self.cinder.volume_snapshots.list(
            search_opts={"volume_id": volume_id})

    def cleanup(self):
        for volume_id in self.volumes:
            try:
                volume = self.cinder.volumes.get(volume_id)
            except exceptions.NotFound:
                continue
            if volume.status == "in-use":
                self.cinder.volumes.begin_detaching(volume)
                self.cinder.volumes.detach(volume)
                wait_status(lambda: self.cinder.volumes.get(volume_id),
                                  "available")
            for snapshot in self.snapshots_of(volume_id):
                self.cinder.volume_snapshots.delete(snapshot)
                wait_gone(lambda: self.cinder.volume_snapshots.get(
                    snapshot.id))
            self.cinder.volumes.delete(volume_id)
