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
    # (action, outcome, error, fields) for the event log, in order.
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
    """Protects one volume for a run; never raises."""
    result = VolumeResult(status=FAILED)
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
    fields = {"volume_id": volume.id, "volume_name": volume.name,
              "checkpoint_name": snapshot_name(policy.name, slot)}
    try:
        created = call(checkpoints.checkpoint_create)(
            session, volume.id, fields["checkpoint_name"],
            f"Protection policy {policy.name}"[:MAX_TEXT], policy.force,
            origin=checkpoints.ORIGIN_SCHEDULE,
            created_by=policy.trustor_name,
            marks={checkpoints.POLICY_KEY: str(policy.id)})
    except exceptions.VolsnapError as exc:
        result.events.append((terms.PROTECT, terms.outcome_after(exc), exc,
                              fields))
        result.reason = str(exc)
        return result
    fields["checkpoint_id"] = result.checkpoint_id = created.id
    try:
        checkpoints.checkpoint_wait(session, created.id,
                                    timeout=settings.wait_timeout,
                                    interval=settings.wait_interval)
    except exceptions.OperationFailed as exc:
        result.events.append((terms.PROTECT, terms.FAILED, exc, fields))
        result.reason = str(exc)
        return result
    except exceptions.VolsnapError as exc:
        # Cinder took it and may still finish it: its notification will.
        # Failure-aware: no retention for a volume without a new good
        # checkpoint.
        result.events.append((terms.PROTECT, terms.IN_PROGRESS, None, fields))
        result.reason = str(exc)
        return result
    result.events.append((terms.PROTECT, terms.SUCCEEDED, None, fields))
    result.status = PROTECTED
    _apply_retention(session, policy, volume, now, result, call)
    return result


def _apply_retention(session, policy, volume, now, result, call):
    rules = policy.get_retention()
    if rules.is_empty():
        return
    try:
        mine = call(checkpoints.checkpoint_list_marked)(
            session, volume.id, {checkpoints.POLICY_KEY: str(policy.id)})
    except exceptions.VolsnapError as exc:
        result.reason = f"Retention skipped: {exc}"
        return
    items = [retention.Item(c.id, _parse(c.created_at), c.status)
             for c in mine]
    for checkpoint_id in retention.to_delete(
            items, rules, now, policy.get_schedule().zone()):
        fields = {"volume_id": volume.id, "volume_name": volume.name,
                  "checkpoint_id": checkpoint_id}
        try:
            checkpoints.checkpoint_delete(session, checkpoint_id)
        except exceptions.NotFound:
            continue
        except exceptions.VolsnapError as exc:
            result.events.append((terms.DELETE, terms.outcome_after(exc), exc,
                                  fields))
            continue
        result.events.append((terms.DELETE, terms.IN_PROGRESS, None, fields))
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
