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

"""One policy run: protect each volume, then apply retention to those
whose new checkpoint became available. Cinder is reached through the
backend only; the database is touched by the caller, not here, so the
worker threads share no connection."""
from concurrent import futures
import dataclasses
import datetime

import tenacity

from volsnap_dashboard.api import checkpoints
from volsnap_dashboard.events import terms
from volsnap_dashboard import exceptions
from volsnap_dashboard.operations import checkpoints as operations
from volsnap_dashboard.operations import policies as policy_operations
from volsnap_dashboard.policies import retention
from volsnap_dashboard.schemas import MAX_TEXT_LENGTH as MAX_TEXT

PROTECTED, SKIPPED, FAILED = "protected", "skipped", "failed"


@dataclasses.dataclass
class Settings:
    concurrency: int = 4
    wait_timeout: int = 600
    wait_interval: float = 2
    # Retries of a Cinder that could not be reached at all.
    attempts: int = 4
    backoff: float = 1


@dataclasses.dataclass
class VolumeResult:
    status: str
    reason: str = ""
    checkpoint_id: str = ""
    deleted: int = 0
    # terms.Collected entries for the event log, in order.
    events: list = dataclasses.field(default_factory=list)


def snapshot_name(policy_name, slot):
    return f"{policy_name}-{slot:%Y%m%d-%H%M}"[-MAX_TEXT:]


def _retrying(settings):
    return tenacity.retry(
        retry=tenacity.retry_if_exception_type(
            exceptions.CinderUnreachable),
        stop=tenacity.stop_after_attempt(settings.attempts),
        wait=tenacity.wait_exponential(multiplier=settings.backoff, max=30),
        reraise=True)


def protect_volume(session, policy, volume_id, slot, now, settings):
    """Protects one volume for a run; never raises. What it did is in the
    result's events, for the caller to record."""
    call = _retrying(settings)
    try:
        volume = call(checkpoints.volume_get)(session, volume_id)
    except exceptions.NotFound:
        return VolumeResult(SKIPPED, "The volume is gone.")
    except exceptions.VolsnapError as exc:
        return VolumeResult(FAILED, str(exc))
    if volume.status == "in-use" and not policy.force:
        return VolumeResult(
            SKIPPED, "The volume is attached and the policy does not "
                     "snapshot attached volumes (force is off).")
    collected = terms.Collected()
    journal = terms.Journal(collected,
                            policy_operations.schedule_actor(policy))
    result = VolumeResult(status=FAILED, events=collected.entries)

    def created(checkpoint):
        result.checkpoint_id = checkpoint.id

    try:
        operations.protect(
            session, journal, volume.id, volume.name,
            snapshot_name(policy.name, slot),
            f"Protection policy {policy.name}"[:MAX_TEXT], policy.force,
            wait={"timeout": settings.wait_timeout,
                  "interval": settings.wait_interval},
            on_created=created, retry=call,
            origin=checkpoints.ORIGIN_SCHEDULE,
            created_by=policy.trustor_name,
            marks={checkpoints.POLICY_KEY: str(policy.id)})
    except exceptions.VolsnapError as exc:
        # Failure-aware: no retention for a volume without a new good
        # checkpoint. One Cinder took may still finish: its
        # notification says so.
        result.reason = str(exc)
        return result
    result.status = PROTECTED
    _apply_retention(session, journal, policy, volume, now, result, call)
    return result


def _apply_retention(session, journal, policy, volume, now, result, call):
    rules = policy.get_retention()
    if rules.is_empty():
        return
    try:
        mine = call(checkpoints.checkpoint_list_marked)(
            session, volume.id, {checkpoints.POLICY_KEY: str(policy.id)})
    except exceptions.VolsnapError as exc:
        result.reason = f"Retention skipped: {exc}"
        return
    by_id = {c.id: c for c in mine}
    items = [retention.Item(c.id, _parse(c.created_at), c.status)
             for c in mine]
    for checkpoint_id in retention.to_delete(
            items, rules, now, policy.get_schedule().zone()):
        try:
            operations.delete(session, journal, by_id[checkpoint_id])
        except exceptions.VolsnapError:
            continue
        result.deleted += 1


def _parse(created_at):
    moment = datetime.datetime.fromisoformat(str(created_at))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.timezone.utc)
    return moment


def run_policy(session, policy, slot, now, settings):
    """Every volume of the policy, `settings.concurrency` at a time;
    returns {volume_id: VolumeResult}."""
    with futures.ThreadPoolExecutor(max(1, settings.concurrency)) as pool:
        running = {volume_id: pool.submit(protect_volume, session, policy,
                                          volume_id, slot, now, settings)
                   for volume_id in dict.fromkeys(policy.volume_ids)}
        return {volume_id: future.result()
                for volume_id, future in running.items()}
