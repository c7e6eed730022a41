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
slot) runs once however many schedulers race for it.

Two steps, so that busy schedulers still claim every slot on time:
enqueue_due turns each due slot into a queued run at once (moving the
policy's next slot with a compare-and-swap UPDATE; the run row's unique
(policy, slot, trigger) is a second guard), and take_queued hands queued
runs to a scheduler as its capacity allows. Both work in batches under
SELECT ... FOR UPDATE SKIP LOCKED where the database has it (PostgreSQL,
MariaDB), so schedulers do not queue behind each other's locks; on
SQLite the compare-and-swap alone decides.

Each scheduler process records its life (SchedulerLife); a slot is
missed only if no scheduler was alive within its grace period. Runs
keep a heartbeat; one whose scheduler stopped beating is queued again
for another to finish (what the first made is found by its run mark),
and abandoned after `max_takeovers`.
"""
from django.db import IntegrityError
from django.db.models import F
from django.db.models.functions import Coalesce
from django.db import router
from django.db import transaction

from volsnap_dashboard.i18n import _
from volsnap_dashboard.policies import models
from volsnap_dashboard.policies import schedule


def _database():
    return router.db_for_write(models.Policy)


def atomic():
    return transaction.atomic(using=_database())


def next_sequence(policy):
    """The number of the policy's next run, counted in the database so
    that concurrent ones get different numbers; in a transaction."""
    models.Policy.objects.filter(pk=policy.pk).update(
        runs_made=F("runs_made") + 1)
    return models.Policy.objects.filter(pk=policy.pk).values_list(
        "runs_made", flat=True)[0]


def _locking(queryset):
    """Rows no other scheduler holds, locked until the transaction ends."""
    from django.db import connections
    if connections[_database()].features.has_select_for_update_skip_locked:
        return queryset.select_for_update(skip_locked=True)
    return queryset


def life_begin(name, now):
    return models.SchedulerLife.objects.create(name=name, started_at=now,
                                               seen_at=now)


def beat(life, run_ids, now):
    """Says the scheduler and its runs are alive; returns the ids of the
    runs it still holds (another may have closed one)."""
    models.SchedulerLife.objects.filter(pk=life.pk).update(seen_at=now)
    held = models.Run.objects.filter(pk__in=list(run_ids),
                                     state=models.Run.RUNNING,
                                     claimed_by=life.name)
    held.update(heartbeat_at=now)
    return set(held.values_list("pk", flat=True))


def lives_since(moment):
    return list(models.SchedulerLife.objects.filter(
        seen_at__gte=moment).values_list("started_at", "seen_at"))


def forget_lives(before):
    models.SchedulerLife.objects.filter(seen_at__lt=before).delete()


def enqueue_due(now, grace, batch=200):
    """Every slot due at `now` becomes a queued run, or a missed one in
    an outage; returns how many policies were moved on."""
    moved = 0
    while True:
        with atomic():
            due = list(_locking(models.Policy.objects.filter(
                state=models.Policy.ACTIVE, next_due_at__lte=now)
                .order_by("next_due_at"))[:batch])
            if due:
                lives = lives_since(min(p.next_run_at or p.next_due_at
                                        for p in due))
            for policy in due:
                moved += _enqueue(policy, now, grace, lives)
        if len(due) < batch:
            return moved


def _enqueue(policy, now, grace, lives):
    try:
        slots = schedule.plan_slots(
            policy.get_schedule(), policy.next_run_at or policy.next_due_at,
            now, grace, lives, policy.spread_offset())
    except schedule.InvalidSchedule as exc:
        models.Policy.objects.filter(pk=policy.pk).update(
            state=models.Policy.PAUSED, state_reason=str(exc))
        return 0
    try:
        with atomic():
            if not models.Policy.objects.filter(
                    pk=policy.pk, state=models.Policy.ACTIVE,
                    next_due_at=policy.next_due_at).update(
                    **policy.slot_fields(slots.next_slot)):
                return 0
            sequence = next_sequence(policy) if slots.run else 0
            offset = policy.spread_offset()
            models.Run.objects.bulk_create(
                [models.Run(policy=policy, scheduled_for=slot,
                            due_at=slot + offset, state=models.Run.MISSED,
                            finished_at=now, reason=reason)
                 for slot, reason in slots.missed.items()]
                + ([models.Run(policy=policy, scheduled_for=slots.run,
                               due_at=slots.run + offset,
                               state=models.Run.QUEUED, sequence=sequence)]
                   if slots.run else []))
    except IntegrityError:
        return 0  # another scheduler wrote this slot's run
    return 1


def take_queued(now, scheduler, limit):
    """Up to `limit` queued runs, oldest due first, now the scheduler's;
    returns them with their policies."""
    if limit <= 0:
        return []
    with atomic():
        ids = list(_locking(models.Run.objects.filter(
            state=models.Run.QUEUED).order_by("due_at", "id"))
            .values_list("pk", flat=True)[:limit])
        models.Run.objects.filter(pk__in=ids, state=models.Run.QUEUED).update(
            state=models.Run.RUNNING, claimed_by=scheduler, heartbeat_at=now,
            started_at=Coalesce(F("started_at"), now))
    # On SQLite two schedulers may have read the same ids; the UPDATE
    # gave each row to one of them.
    return list(models.Run.objects.select_related("policy").filter(
        pk__in=ids, state=models.Run.RUNNING, claimed_by=scheduler,
        heartbeat_at=now))


def requeue_abandoned(now, timeout, max_takeovers=3):
    """Runs whose scheduler stopped beating `timeout` ago go back to the
    queue for another scheduler; after `max_takeovers` they are closed
    as abandoned. Returns (requeued, abandoned)."""
    stale = models.Run.objects.filter(state=models.Run.RUNNING,
                                      heartbeat_at__lt=now - timeout)
    abandoned = stale.filter(takeovers__gte=max_takeovers).update(
        state=models.Run.ABANDONED, finished_at=now,
        reason=_("Its schedulers stopped while running it, %d times; the "
                 "next run protects the volumes again.") % (
            max_takeovers + 1))
    requeued = stale.update(state=models.Run.QUEUED, claimed_by="",
                            takeovers=F("takeovers") + 1)
    return requeued, abandoned
