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

"""What Cinder refuses of a revert in place, known before asking.

Cinder sets the volume to `reverting` before it checks the snapshot's
status, so a request it refuses there strands the volume until an admin
resets it: everything it would refuse is checked here first, from what
the caller has listed, as a pure function.
"""
import dataclasses

from volsnap_dashboard.i18n import _

# What the user can do instead, shown beside the reason.
DETACH, RESTORE, WAIT = "detach", "restore", "wait"


@dataclasses.dataclass(frozen=True)
class Refusal:
    reason: str
    # DETACH, RESTORE or WAIT
    instead: str

    def __str__(self):
        return self.reason


def newest(snapshots):
    """The snapshot Cinder reverts to: the newest one of any status."""
    return max(snapshots, key=lambda s: s.created_at, default=None)


def revert_refusal(volume, checkpoint, snapshots):
    """None when Cinder would revert `volume` to `checkpoint`, else the
    Refusal saying why not. `snapshots` are all of the volume's snapshots
    that are not deleted, in any status (checkpoints or not)."""
    names = {"volume": volume.name, "checkpoint": checkpoint.name}
    if checkpoint.volume_id != volume.id:
        return Refusal(_("Checkpoint %(checkpoint)s is not a checkpoint of "
                         "volume %(volume)s.") % names, RESTORE)
    if volume.attached_to or volume.status == "in-use":
        return Refusal(_("Volume %(volume)s is attached to an instance. "
                         "Detach it first, or restore the checkpoint to a "
                         "new volume instead.") % names, DETACH)
    if volume.status != "available":
        return Refusal(_("Volume %(volume)s is %(status)s; it can be "
                         "reverted once it is available.")
                       % dict(names, status=volume.status), WAIT)
    latest = newest(snapshots)
    if latest is not None and latest.id != checkpoint.id:
        return Refusal(_("Cinder reverts a volume only to its newest "
                         "snapshot, and the newest of volume %(volume)s is "
                         "%(newest)s (%(status)s), not "
                         "%(checkpoint)s. Restore the checkpoint to a new "
                         "volume instead.")
                       % dict(names, newest=latest.name,
                              status=latest.status), RESTORE)
    if checkpoint.status != "available":
        return Refusal(_("Checkpoint %(checkpoint)s is %(status)s; only an "
                         "available checkpoint can be reverted to.")
                       % dict(names, status=checkpoint.status), WAIT)
    if volume.size != checkpoint.size:
        return Refusal(_("Volume %(volume)s is %(now)d GiB and was "
                         "%(then)d GiB when checkpoint %(checkpoint)s was "
                         "taken; Cinder cannot revert a volume whose size "
                         "changed. Restore the checkpoint to a new volume "
                         "instead.")
                       % dict(names, now=volume.size, then=checkpoint.size),
                       RESTORE)
    return None
