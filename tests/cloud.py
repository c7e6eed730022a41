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

"""Clients of the local cloud for the tests that use it (never mocked)."""
from concurrent import futures
import time
import uuid

from cinderclient import client as cinder_client
from cinderclient import exceptions
from keystoneauth1.identity import v3
from keystoneauth1 import session as ks_session

CINDER_API_VERSION = "3.71"
# The key volsnap writes on restored volumes (volsnap_dashboard.api).
RESTORED_FROM_KEY = "volsnap_restored_from"


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


def wait_until(condition, timeout=30, interval=0.2):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not true after {timeout}s: {condition}")
        time.sleep(interval)


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
    """Volumes made by a test, removed with their snapshots afterwards,
    its backups, and its volume groups with their group snapshots."""

    def __init__(self, stack, user="demo"):
        self.cinder = cinder(stack, user)
        self.types = stack["volume_types"]
        self.group_type = stack.get("group_type")
        self.volumes = []
        self.backups = []
        self.groups = []

    def group(self, count=2, size=1):
        """A new available volume group of `count` new available volumes
        of the default type (real bytes); (group, its volumes)."""
        group = self.cinder.groups.create(
            self.group_type, self.types["default"], name=unique("itest-grp"))
        self.groups.append(group.id)
        wait_status(lambda: self.cinder.groups.get(group.id), "available")
        made = [self.cinder.volumes.create(
            size, name=unique(f"itest-member{n}"),
            volume_type=self.types["default"], group_id=group.id)
            for n in range(count)]
        volumes = [wait_status(lambda: self.cinder.volumes.get(v.id),
                               "available", 60) for v in made]
        return self.cinder.groups.get(group.id), volumes

    def volume(self, size=1, in_use=False, volume_type=None):
        """A new available volume of the default type (real bytes); an
        attached one is of the fake backend's type, since on NFS a
        snapshot of an attached volume needs Nova."""
        if in_use:
            volume_type = self.types["fake"]
        volume = self.cinder.volumes.create(size, name=unique("itest-vol"),
                                            volume_type=volume_type)
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
        """Side by side (some tests make hundreds of volumes), one worker
        per restore chain: a volume restored from a snapshot of another
        one made here goes with that one. Backups first, newest first,
        since an incremental one holds its parent and a snapshot being
        backed up cannot be deleted."""
        for group_id in reversed(self.groups):
            self.remove_group(group_id)
        for backup_id in reversed(self.backups):
            self.remove_backup(backup_id)
        registered = set(self.volumes)
        source_of = {s.id: s.volume_id
                     for s in self.cinder.volume_snapshots.list()}
        chained = {v.id for v in self.cinder.volumes.list()
                   if v.id in registered and source_of.get(
                       (v.metadata or {}).get(RESTORED_FROM_KEY))
                   in registered}
        with futures.ThreadPoolExecutor(8) as pool:
            list(pool.map(self.remove, [v for v in dict.fromkeys(
                self.volumes) if v not in chained]))

    def remove(self, volume_id):
        """A volume with its snapshots and the volumes restored from them
        (with theirs: a restore chain)."""
        for snapshot in self.snapshots_of(volume_id):
            for restored in self.cinder.volumes.list(search_opts={
                    "metadata": {RESTORED_FROM_KEY: snapshot.id}}):
                self.remove(restored.id)
            if self.settle(self.cinder.volume_snapshots, snapshot.id):
                try:
                    self.cinder.volume_snapshots.delete(snapshot)
                except exceptions.NotFound:
                    pass
            wait_gone(lambda: self.cinder.volume_snapshots.get(snapshot.id))
        self.delete_volume(volume_id)

    def remove_group(self, group_id):
        """A group with its group snapshots and its volumes; a group
        restored from one of them is registered after it, so gone."""
        if self.settle(self.cinder.groups, group_id, timeout=120) is None:
            return
        for found in self.cinder.group_snapshots.list(
                search_opts={"group_id": group_id}):
            if self.settle(self.cinder.group_snapshots, found.id, 120):
                try:
                    self.cinder.group_snapshots.delete(found)
                except exceptions.NotFound:
                    pass
            wait_gone(lambda: self.cinder.group_snapshots.get(found.id), 120)
        self.cinder.groups.delete(group_id, delete_volumes=True)
        wait_gone(lambda: self.cinder.groups.get(group_id), 120)

    def remove_backup(self, backup_id):
        if self.settle(self.cinder.backups, backup_id, timeout=600) is None:
            return
        try:
            self.cinder.backups.delete(backup_id)
        except exceptions.NotFound:
            return
        wait_gone(lambda: self.cinder.backups.get(backup_id), 120)

    def delete_volume(self, volume_id):
        volume = self.settle(self.cinder.volumes, volume_id)
        if volume is None:
            return
        if volume.status == "in-use":
            self.cinder.volumes.begin_detaching(volume)
            self.cinder.volumes.detach(volume)
            self.settle(self.cinder.volumes, volume_id)
        try:
            self.cinder.volumes.delete(volume_id)
        except (exceptions.NotFound, exceptions.BadRequest):
            # Another worker is removing it (a restored volume is both in
            # the list and restored from a listed volume's snapshot).
            if self.settle(self.cinder.volumes, volume_id) is None:
                return
            raise
        wait_gone(lambda: self.cinder.volumes.get(volume_id))

    @staticmethod
    def settle(manager, object_id, timeout=30):
        """Waits out a transient status; None when the object is gone."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                obj = manager.get(object_id)
            except exceptions.NotFound:
                return None
            busy = obj.status.endswith("ing") or obj.status == "backing-up"
            if not busy or time.monotonic() > deadline:
                return obj
            time.sleep(0.2)
