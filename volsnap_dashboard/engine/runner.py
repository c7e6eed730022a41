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

"""What a policy run does to one volume, as single Cinder calls for the
dispatcher: create the checkpoint (one request, the volume being known
from the project's listing), then, once a listing shows it available,
delete what retention no longer keeps (one request each). Waiting is
done by the flight (flight.py) in bulk; nothing here touches the
database, so the calls share no connection.
"""
import dataclasses
import datetime

import tenacity

from volsnap_dashboard.api import checkpoints
from volsnap_dashboard.api import groups
from volsnap_dashboard.events import terms
from volsnap_dashboard import exceptions
from volsnap_dashboard.operations import backups as backup_operations
from volsnap_dashboard.operations import checkpoints as operations
from volsnap_dashboard.operations import groups as group_operations
from volsnap_dashboard.operations import policies as policy_operations
from volsnap_dashboard.policies import backups as tier
from volsnap_dashboard.policies import retention
from volsnap_dashboard.schemas import MAX_TEXT_LENGTH as MAX_TEXT

PROTECTED, SKIPPED, FAILED = "protected", "skipped", "failed"
BACKED_UP = "backed_up"


@dataclasses.dataclass
class Settings:
    # Seconds a checkpoint may take to become available, and to go.
    wait_timeout: float = 600
    # Seconds between two listings of a project with pending work.
    wait_interval: float = 2
    # Tries of a request Cinder did not take (unreachable, 429, 503),
    # backing off exponentially with full jitter from `backoff` seconds.
    attempts: int = 5
    backoff: float = 1
    backoff_max: float = 60
    # Seconds a backup may take to become available.
    backup_timeout: float = 3600
    # The group types whose storage snapshots a group at one moment
    # (VOLSNAP_CONSISTENT_GROUP_TYPES).
    consistent_group_types: tuple = ()


@dataclasses.dataclass
class VolumeResult:
    status: str
    reason: str = ""
    checkpoint_id: str = ""
    deleted: int = 0
    # The backup step, when the run backs up: BACKED_UP or FAILED.
    backup_id: str = ""
    backup_status: str = ""
    backup_reason: str = ""
    backups_deleted: int = 0
    # terms.Collected entries for the event log, in order.
    events: list = dataclasses.field(default_factory=list)


def snapshot_name(policy_name, slot):
    return f"{policy_name}-{slot:%Y%m%d-%H%M}"[-MAX_TEXT:]


def retrying(settings):
    """Retries a request Cinder never took: not sent at all, or refused
    unread (429, 503). Over quota (413) and every other answer is final."""
    return tenacity.retry(
        retry=tenacity.retry_if_exception_type(
            exceptions.CinderUnreachable),
        stop=tenacity.stop_after_attempt(settings.attempts),
        wait=tenacity.wait_random_exponential(
            multiplier=settings.backoff, max=settings.backoff_max),
        reraise=True)


def journal(policy, result):
    """Where a volume's operations are recorded: its result's events,
    written when the run ends."""
    return terms.Journal(terms.Collected(result.events),
                         policy_operations.schedule_actor(policy))


def create(session, policy, run_id, volume, slot, settings, result):
    """Asks Cinder for the volume's checkpoint of this run; returns it.
    Raises what Cinder answered; the event is in `result` either way."""
    return operations.protect(
        session, journal(policy, result), volume.id, volume.name,
        snapshot_name(policy.name, slot),
        f"Protection policy {policy.name}"[:MAX_TEXT], policy.force,
        retry=retrying(settings), origin=checkpoints.ORIGIN_SCHEDULE,
        created_by=policy.trustor_name, volume=volume,
        marks={checkpoints.POLICY_KEY: str(policy.id),
               checkpoints.RUN_KEY: str(run_id)})


def create_group(session, policy, run_id, group, slot, settings, result):
    """Asks Cinder for the group's group checkpoint of this run, as
    create does for a volume."""
    return group_operations.protect(
        session, journal(policy, result), group,
        snapshot_name(policy.name, slot),
        f"Protection policy {policy.name}"[:MAX_TEXT],
        consistency=groups.consistency_of(group.group_type_id,
                                          settings.consistent_group_types),
        retry=retrying(settings), origin=checkpoints.ORIGIN_SCHEDULE,
        created_by=policy.trustor_name,
        marks={checkpoints.POLICY_KEY: str(policy.id),
               checkpoints.RUN_KEY: str(run_id)})


def delete_group(session, policy, group_checkpoint, settings, result):
    """Asks Cinder to delete a group checkpoint retention no longer
    keeps, with all its members."""
    group_operations.delete(session, journal(policy, result),
                            group_checkpoint, listed=True,
                            retry=retrying(settings))


def delete(session, policy, checkpoint, settings, result):
    """Asks Cinder to delete a checkpoint retention no longer keeps."""
    operations.delete(session, journal(policy, result), checkpoint,
                      listed=True, retry=retrying(settings))


def back_up(session, policy, run_id, checkpoint, incremental, settings,
            result):
    """Asks Cinder to back the run's new checkpoint up; returns the
    backup. Raises what Cinder answered; the event is in `result`."""
    return backup_operations.back_up(
        session, journal(policy, result), checkpoint, checkpoint.name,
        f"Protection policy {policy.name}"[:MAX_TEXT], incremental,
        retry=retrying(settings), origin=checkpoints.ORIGIN_SCHEDULE,
        created_by=policy.trustor_name,
        marks={checkpoints.POLICY_KEY: str(policy.id),
               checkpoints.RUN_KEY: str(run_id)})


def delete_backup(session, policy, backup, settings, result):
    """Asks Cinder to delete a backup the tier's retention no longer
    keeps."""
    backup_operations.delete(session, journal(policy, result), backup,
                             listed=True, retry=retrying(settings))


def adopted_event(result, policy, volume, checkpoint, action=terms.PROTECT):
    """The protect event of a checkpoint (or group checkpoint) a run made
    under a scheduler that is gone, in progress until a listing settles
    it."""
    unit = ({"group_id": volume.id, "group_name": volume.name}
            if action == terms.PROTECT_GROUP else
            {"volume_id": volume.id, "volume_name": volume.name})
    result.events.append((action, policy_operations.schedule_actor(policy),
                          terms.IN_PROGRESS, None,
                          dict(unit, checkpoint_id=checkpoint.id,
                               checkpoint_name=checkpoint.name)))


def settle_event(result, action, resource_id, outcome, error=None,
                 key="checkpoint_id"):
    """Cinder finished `action` on the resource whose `key` field is
    `resource_id`: its event says so."""
    for index, (kind, actor, _, _, fields) in enumerate(result.events):
        if kind == action and fields.get(key) == resource_id:
            result.events[index] = (kind, actor, outcome, error, fields)


def expired(policy, volume_id, listing, now,
            unit_of=lambda checkpoint: checkpoint.volume_id):
    """The checkpoints of `volume_id` in a project's `listing` that the
    policy's retention deletes at `now`: its own only, and only those
    Cinder would delete. With `unit_of` (a group checkpoint's group id),
    the group checkpoints of one group, each as one unit."""
    rules = policy.get_retention()
    if rules.is_empty():
        return []
    mine = {c.id: c for c in listing if unit_of(c) == volume_id
            and c.policy_id == str(policy.id)}
    items = [retention.Item(c.id, parse_time(c.created_at), c.status)
             for c in mine.values()]
    doomed = retention.to_delete(items, rules, now,
                                 policy.get_schedule().zone())
    return [mine[checkpoint_id] for checkpoint_id in sorted(doomed)]


def expired_backups(policy, volume_id, listing, now):
    """The backups of `volume_id` in a project's backup `listing` that
    the tier's retention deletes: (those to delete now, newest first;
    whether more wait for their children to go)."""
    rules = policy.get_backup_tier().retention
    if rules.is_empty():
        return [], False
    of_volume = {b.id: b for b in listing if b.volume_id == volume_id}
    items = [tier.Item(
        id=b.id, created_at=parse_time(b.created_at),
        taken_at=parse_time(b.data_timestamp or b.created_at),
        status=b.status, incremental=b.is_incremental,
        has_dependents=b.has_dependent_backups,
        ours=b.ours and b.policy_id == str(policy.id))
        for b in of_volume.values()]
    now_ids, doomed = tier.to_delete(items, rules, now,
                                     policy.get_schedule().zone())
    return [of_volume[i] for i in now_ids], len(doomed) > len(now_ids)


def parse_time(created_at):
    moment = datetime.datetime.fromisoformat(str(created_at))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.timezone.utc)
    return moment
