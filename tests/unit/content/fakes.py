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

"""What the panel tests share: backend wrappers as the panels get them,
the panels' URLs and the history rows a test left behind."""
from django.urls import reverse

from volsnap_dashboard.api import backups
from volsnap_dashboard.api import checkpoints
from volsnap_dashboard.api import groups
from volsnap_dashboard.events import models

CHECKPOINTS_URL = reverse("horizon:project:checkpoints:index")
PROTECTION_URL = reverse("horizon:project:protection:index")
BACKUPS_URL = reverse("horizon:project:checkpoint_backups:index")
HOSTILE = "<script>alert('x')</script>"


def checkpoint(**changes):
    values = dict(id="cp-1", name="nightly", description="",
                  status="available",
                  size=2, created_at="2026-11-25T10:00:00.000000",
                  volume_id="vol-1", project_id="p", metadata={
                      checkpoints.CREATED_BY_KEY: "alice"},
                  volume_name="data", volume_exists=True)
    values.update(changes)
    return checkpoints.Checkpoint(**values)


def backup(**changes):
    values = dict(id="bk-1", name="weekly", description="",
                  status="available", size=2,
                  created_at="2026-11-25T11:00:00.000000",
                  volume_id="vol-1", snapshot_id="cp-1",
                  is_incremental=False, has_dependent_backups=False,
                  fail_reason="", metadata={
                      backups.BACKUP_KEY: "true",
                      backups.CHECKPOINT_ID_KEY: "cp-1",
                      checkpoints.VOLUME_NAME_KEY: "data",
                      checkpoints.CREATED_BY_KEY: "alice"})
    values.update(changes)
    return backups.Backup(**values)


def volume(**changes):
    values = dict(id="vol-1", name="data", status="available", size=2,
                  snapshot_id=None, metadata={},
                  created_at="2026-11-25T09:00:00.000000")
    values.update(changes)
    return checkpoints.Volume(**values)


def group(**changes):
    values = dict(id="grp-1", name="db", description="", status="available",
                  group_type_id="gt-1", volume_type_ids=("vt-1",),
                  volume_ids=("vol-1", "vol-2"), availability_zone="nova",
                  created_at="2026-11-25T08:00:00.000000")
    values.update(changes)
    return groups.Group(**values)


def member(number, **changes):
    volume_id = f"vol-{number}"
    metadata = {checkpoints.CHECKPOINT_KEY: groups.MEMBER,
                groups.GROUP_CHECKPOINT_KEY: "gcp-1",
                groups.GROUP_NAME_KEY: "db",
                groups.CONSISTENCY_KEY: groups.SEQUENTIAL,
                checkpoints.CREATED_BY_KEY: "alice"}
    return checkpoint(**dict(dict(
        id=f"m-{number}", volume_id=volume_id, metadata=metadata,
        volume_name=("data", "log")[number - 1]), **changes))


def group_checkpoint(**changes):
    values = dict(id="gcp-1", name="nightly", description="",
                  status="available",
                  created_at="2026-11-25T10:00:00.000000", group_id="grp-1",
                  group_type_id="gt-1", members=(member(1), member(2)))
    values.update(changes)
    return groups.GroupCheckpoint(**values)


QUOTA = checkpoints.Quota(used=1, limit=10, gigabytes_used=2,
                          gigabytes_limit=100)
SPENT = checkpoints.Quota(used=10, limit=10, gigabytes_used=2,
                          gigabytes_limit=100)


def events(**filters):
    return list(models.Event.objects.filter(**filters).values_list(
        "action", "outcome", "checkpoint_id", "volume_id", "error"))
