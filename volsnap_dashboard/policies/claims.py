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

"""Claiming policy runs in the shared database, so that each (policy,
scheduled time) runs once however many schedulers race for it.

A scheduler claims a slot by moving the policy's next_run_at forward
with a compare-and-swap UPDATE (one row changes, or none when another
scheduler was first); the run row's unique (policy, slot, trigger) is a
second guard. Runs keep a heartbeat; one whose scheduler stopped beating
is closed as abandoned by any other scheduler, never run again.
"""
from django.db import IntegrityError
from django.db import router
from django.db import transaction

from volsnap_dashboard.policies import models
from volsnap_dashboard.policies import schedule


def _atomic():
    return transaction.atomic(using=router.db_for_write(models.Policy))


def claim_due(now, scheduler, grace, limit=20):
    """Claims one slot due at `now`; returns [its run], or [].

    One at a time, so that a scheduler never holds runs it is not yet
    executing: work spreads over the schedulers, and a killed scheduler
    abandons one run. Of the `limit` most overdue policies, the first
    that no other scheduler claims first is taken. Missed slots (older
    than `grace`) get a run row of their own in state missed, so the run
    history says what did not happen.
    """
    due = models.Policy.objects.filter(
        state=models.Policy.ACTIVE, next_run_at__lte=now).order_by(
        "next_run_at")[:limit]
    for policy in due:
        try:
            slots = schedule.plan_slots(policy.get_schedule(),
                                        policy.next_run_at, now, grace)
        except schedule.InvalidSchedule as exc:
            models.Policy.objects.filter(pk=policy.pk).update(
                state=models.Policy.PAUSED, state_reason=str(exc))
            continue
        try:
            with _atomic():
                moved = models.Policy.objects.filter(
                    pk=policy.pk, state=models.Policy.ACTIVE,
                    next_run_at=policy.next_run_at).update(
                    next_run_at=slots.next_due)
                if not moved:
                    continue
                for slot in slots.missed:
                    models.Run.objects.create(
                        policy=policy, scheduled_for=slot,
                        state=models.Run.MISSED, finished_at=now,
                        reason="No scheduler ran it within the grace "
                               "period.")
                if slots.run:
                    return [models.Run.objects.create(
                        policy=policy, scheduled_for=slots.run,
                        claimed_by=scheduler, heartbeat_at=now,
                        started_at=now)]
        except IntegrityError:
            continue  # another scheduler wrote this slot's run
    return []


def claim_queued(now, scheduler, limit=20):
    """Claims one run a user asked for with "Run now"; [it], or []."""
    for run in models.Run.objects.filter(
            state=models.Run.QUEUED).order_by("id")[:limit]:
        if models.Run.objects.filter(pk=run.pk, state=models.Run.QUEUED
                                     ).update(state=models.Run.RUNNING,
                                              claimed_by=scheduler,
                                              heartbeat_at=now,
                                              started_at=now):
            run.refresh_from_db()
            return [run]
    return []


def beat(run, now):
    """Says the run's scheduler is alive; False if the run was closed."""
    return bool(models.Run.objects.filter(
        pk=run.pk, state=models.Run.RUNNING, claimed_by=run.claimed_by
    ).update(heartbeat_at=now))


def close_abandoned(now, timeout):
    """Closes runs whose scheduler stopped beating `timeout` ago."""
    stale = now - timeout
    return models.Run.objects.filter(
        state=models.Run.RUNNING, heartbeat_at__lt=stale).update(
        state=models.Run.ABANDONED, finished_at=now,
        reason="Its scheduler stopped while running it; the next run "
               "protects the volumes again.")
