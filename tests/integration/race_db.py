"""Run in a scheduler's own Django environment (Horizon's settings on
the shared PostgreSQL) by test_scheduler_race.py:

    python race_db.py seed <trust id> <trustor id> <project id> <volume>...
    python race_db.py report
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

    if command == "seed":
        for app in ("volsnap_events", "volsnap_policies"):
            management.call_command("migrate", app,
                                    database="volsnap_events", verbosity=0)
        models.Run.objects.all().delete()
        models.Policy.objects.all().delete()
        event_models.Event.objects.all().delete()
        trust_id, trustor_id, project_id, *volume_ids = args
        due = (datetime.datetime.now(datetime.timezone.utc)
               - datetime.timedelta(seconds=1))
        models.Policy.objects.bulk_create([models.Policy(
            project_id=project_id, project_name="demo",
            name=f"race-{number:03d}", volume_ids=[volume_id],
            schedule_kind="hourly", trust_id=trust_id,
            trustor_id=trustor_id, trustor_name="demo", next_run_at=due)
            for number, volume_id in enumerate(volume_ids)])
        return
    runs = models.Run.objects.values("policy__volume_ids", "state",
                                     "claimed_by")
    print(json.dumps({
        "runs": [{"volume_id": r["policy__volume_ids"][0],
                  "state": r["state"], "claimed_by": r["claimed_by"]}
                 for r in runs],
        "runs_per_policy": sorted(set(
            models.Run.objects.values("policy").annotate(n=Count("id"))
            .values_list("n", flat=True))),
        "events": event_models.Event.objects.filter(
            source="schedule", action="protect").count()}))


if __name__ == "__main__":
    main(*sys.argv[1:])
