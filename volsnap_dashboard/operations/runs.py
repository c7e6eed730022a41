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

"""What a scheduled run did, written once it ends: its events, then the
run row with each volume's outcome."""
import datetime

from volsnap_dashboard.engine import runner
from volsnap_dashboard.events import recorder
from volsnap_dashboard.policies import models


def finish(run, results, reason="", names=None):
    """Closes the run with each volume's (or group's) outcome, named
    from `names` ({id: name}) where known; events first. Returns the
    run's state."""
    for result in results.values():
        for action, actor, outcome, error, fields in result.events:
            recorder.record_as(actor, action, outcome, error, **fields)
    counts = {status: sum(r.status == status for r in results.values())
              for status in (runner.PROTECTED, runner.SKIPPED,
                             runner.FAILED)}
    backup_failed = any(r.backup_status == runner.FAILED
                        for r in results.values())
    if reason or (counts[runner.FAILED] and not counts[runner.PROTECTED]):
        state = models.Run.FAILED
    elif counts[runner.FAILED] or backup_failed:
        state = models.Run.PARTIAL
    else:
        state = models.Run.SUCCEEDED
    models.Run.objects.filter(pk=run.pk, state=models.Run.RUNNING).update(
        state=state, reason=reason,
        finished_at=datetime.datetime.now(datetime.timezone.utc),
        protected=counts[runner.PROTECTED], skipped=counts[runner.SKIPPED],
        failed=counts[runner.FAILED],
        deleted=sum(r.deleted for r in results.values()),
        backed_up=sum(r.backup_status == runner.BACKED_UP
                      for r in results.values()),
        volumes={unit_id: _outcome(r, (names or {}).get(unit_id))
                 for unit_id, r in results.items()})
    return state


def _outcome(result, name):
    outcome = {"status": result.status, "reason": result.reason,
               "checkpoint_id": result.checkpoint_id}
    if name:
        outcome["name"] = name
    if result.backup_status:
        outcome.update(backup_id=result.backup_id,
                       backup_status=result.backup_status,
                       backup_reason=result.backup_reason,
                       backups_deleted=result.backups_deleted)
    return outcome
