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

"""Run in a scheduler's own Django environment (Horizon's settings on
the shared PostgreSQL) by tests/schedulers.py:

    python -m tests.policy_db clear   (no scheduler may run meanwhile)
    python -m tests.policy_db seed <trust id> <trustor id> <project id> \
        <volumes per policy> <seconds since due> <volume id>...
    python -m tests.policy_db seed-project <trust id> <trustor id> \
        <project id>   (one policy over every volume of the project)
    python -m tests.policy_db report
    python -m tests.policy_db add-many <count> <project id>   (paused policies
        named bench-page-*, for the policies page benchmark)
    python -m tests.policy_db remove-many
"""
import datetime
import json
import sys

import django


def main(command, *args):
    django.setup()
    from django.core import management
    from django.db.models import Count

    from volsnap_dashboard.events import models as event_models
    from volsnap_dashboard.policies import models

    if command == "clear":
        for app in ("volsnap_events", "volsnap_policies", "volsnap_alerts"):
            management.call_command("migrate", app,
                                    database="volsnap_events", verbosity=0)
        models.Run.objects.all().delete()
        models.Policy.objects.all().delete()
        models.SchedulerLife.objects.all().delete()
        event_models.Event.objects.all().delete()
        return
    if command == "seed":
        trust_id, trustor_id, project_id, per_policy, ago, *volume_ids = args
        per_policy = int(per_policy)
        due = (datetime.datetime.now(datetime.timezone.utc)
               - datetime.timedelta(seconds=float(ago)))
        models.Policy.objects.bulk_create([models.Policy(
            project_id=project_id, project_name="demo",
            name=f"many-{number:03d}",
            volume_ids=volume_ids[start:start + per_policy],
            schedule_kind="hourly", trust_id=trust_id,
            trustor_id=trustor_id, trustor_name="demo", next_run_at=due,
            next_due_at=due)
            for number, start in enumerate(
                range(0, len(volume_ids), per_policy))])
        return
    if command == "seed-project":
        trust_id, trustor_id, project_id = args
        due = datetime.datetime.now(datetime.timezone.utc)
        models.Policy.objects.create(
            project_id=project_id, project_name="demo", name="whole-project",
            target="project", schedule_kind="hourly", trust_id=trust_id,
            trustor_id=trustor_id, trustor_name="demo", next_run_at=due,
            next_due_at=due)
        return
    if command == "add-many":
        count, project_id = int(args[0]), args[1]
        models.Policy.objects.bulk_create([models.Policy(
            project_id=project_id, project_name="demo",
            name=f"bench-page-{number:04d}", volume_ids=["none"],
            schedule_kind="daily", state=models.Policy.PAUSED)
            for number in range(count)])
        return
    if command == "remove-many":
        models.Policy.objects.filter(name__startswith="bench-page-").delete()
        return
    runs = models.Run.objects.values("policy__volume_ids", "state",
                                     "claimed_by", "takeovers", "reason")
    print(json.dumps({
        "runs": [{"volume_id": (r["policy__volume_ids"] or [None])[0],
                  "state": r["state"], "claimed_by": r["claimed_by"],
                  "takeovers": r["takeovers"], "reason": r["reason"]}
                 for r in runs],
        "runs_per_policy": sorted(set(
            models.Run.objects.values("policy").annotate(n=Count("id"))
            .values_list("n", flat=True))),
        "events": event_models.Event.objects.filter(
            source="schedule", action="protect").count()}))


if __name__ == "__main__":
    main(*sys.argv[1:])
