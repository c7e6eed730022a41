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

"""Revert in place (Cinder 3.40): a volume back to its newest snapshot.

Everything Cinder would refuse is checked first (checks/revert.py), since
a refusal of Cinder's can leave the volume in `reverting`.
"""
from cinderclient import api_versions
from cinderclient import exceptions as cinder_exceptions

from volsnap_dashboard.api import checkpoints
from volsnap_dashboard.api import client as clients
from volsnap_dashboard.api import errors
from volsnap_dashboard.checks import revert as checks
from volsnap_dashboard import exceptions
from volsnap_dashboard.i18n import _
from volsnap_dashboard import schemas

REVERT_VERSION = api_versions.APIVersion("3.40")
CONFLICT = 409
# On the copy of a volume's data kept before it was reverted: the volume.
KEPT_FROM_KEY = "volsnap_kept_before_revert_of"


@checkpoints.traced
def checkpoint_revert_check(context, checkpoint_id):
    """(volume, checkpoint, refusal) as Cinder has them now: refusal is
    None when the revert would be accepted. Three calls: the checkpoint,
    its volume and the volume's snapshots."""
    subject = checkpoints._checkpoint_subject(checkpoint_id)
    checkpoints.checked_id(checkpoint_id, subject)
    client = clients.cinder(context)
    snapshot = checkpoints._get_snapshot(context, client, checkpoint_id)
    try:
        with errors.cinder_errors(
                checkpoints._volume_subject(snapshot.volume_id)):
            volume = checkpoints.Volume.from_cinder(
                client.volumes.get(snapshot.volume_id))
    except exceptions.NotFound:
        checkpoint = checkpoints.Checkpoint.from_snapshot(snapshot, {})
        return None, checkpoint, checks.Refusal(
            _("The volume of checkpoint %(name)s no longer exists; restore "
              "the checkpoint to a new volume instead.")
            % {"name": checkpoint.name}, checks.RESTORE)
    checkpoint = checkpoints.Checkpoint.from_snapshot(
        snapshot, {volume.id: volume.name})
    if client.api_version < REVERT_VERSION:
        return volume, checkpoint, checks.Refusal(
            _("This cloud's block storage service cannot revert a volume "
              "in place (it speaks API %(version)s, and reverting needs "
              "3.40); restore the checkpoint to a new volume instead.")
            % {"version": client.api_version.get_string()},
            checks.RESTORE)
    with errors.cinder_errors(_("The snapshot list")):
        snapshots = client.volume_snapshots.list(
            search_opts={"volume_id": volume.id})
    return volume, checkpoint, checks.revert_refusal(
        volume, checkpoint,
        [checkpoints.Checkpoint.from_snapshot(s) for s in snapshots])


@checkpoints.traced
def checkpoint_revert(context, checkpoint_id, checked=None):
    """Reverts the checkpoint's volume to it: whatever was written since
    is lost. Returns (volume, checkpoint) as checked before asking; Cinder
    finishes asynchronously (the volume is `reverting` meanwhile).
    `checked`, what checkpoint_revert_check answered for it within this
    request, saves asking Cinder the same again."""
    if checked is None or checked[1].id != checkpoint_id:
        checked = checkpoint_revert_check(context, checkpoint_id)
    volume, checkpoint, refusal = checked
    if refusal is not None:
        raise exceptions.RevertRefused(refusal)
    subject = checkpoints._volume_subject(volume.name)
    with errors.cinder_errors(subject, change=True):
        try:
            clients.cinder(context).volumes.revert_to_snapshot(
                volume.id, checkpoint.id)
        except cinder_exceptions.ClientException as exc:
            if getattr(exc, "code", None) != CONFLICT:
                raise
            # Something changed since the check. Cinder sets the volume
            # to reverting before it checks the snapshot's status.
            raise exceptions.InvalidState(
                _("Cinder refused to revert %(subject)s: %(reason)s If the "
                  "volume now shows reverting, an administrator has to "
                  "reset its status.")
                % {"subject": subject, "reason": errors.reason(exc)})
    return volume, checkpoint


@checkpoints.traced
def volume_clone(context, volume, name, description):
    """A new volume with `volume`'s current data (Cinder clones it), the
    way to keep it before a revert: a snapshot of the volume itself would
    become its newest, to which alone Cinder reverts."""
    checkpoints._validate(schemas.RESTORE_SCHEMA,
                          {"restore_name": name,
                           "restore_description": description})
    with errors.cinder_errors(checkpoints._volume_subject(volume.name),
                              change=True):
        made = clients.cinder(context).volumes.create(
            volume.size, source_volid=volume.id, name=name,
            description=checkpoints.one_line(description),
            metadata={KEPT_FROM_KEY: volume.id})
    return checkpoints.Volume.from_cinder(made)
