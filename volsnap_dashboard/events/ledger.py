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

"""Applies Cinder's notices to the event log: completes the row of the
operation someone recorded (the dashboard, a schedule, Karbor), or makes
one for an operation nobody did (the CLI, Horizon's own panels: source
"other"). Each message once; in any order, the same final row."""
import datetime

from django.db import IntegrityError
from django.db.models import Q
from django.db import transaction

from volsnap_dashboard.events import models
from volsnap_dashboard.events import notices
from volsnap_dashboard.events import terms

# An intent (written before its Cinder call, so without the new
# object's id) is matched to a notice sent at most this long after it...
INTENT_WINDOW = datetime.timedelta(minutes=15)
# ...and never to one sent before it, but for the clocks of the node that
# wrote the intent and of Cinder's node differing by up to this much.
CLOCK_SKEW = datetime.timedelta(minutes=1)
# Operations done to the same object more than once.
REPEATABLE = {terms.REVERT, terms.RESTORE_BACKUP}
# Columns an intent lacks and a notice knows.
INTENT_KEY = {terms.PROTECT: ("checkpoint_id", "volume_id"),
              terms.DELETE: ("checkpoint_id", "volume_id"),
              terms.RESTORE: ("restored_volume_id", "checkpoint_id"),
              terms.BACKUP: ("backup_id", "checkpoint_id"),
              terms.PROTECT_GROUP: ("checkpoint_id", "group_id")}
# Notices that settle a row of the log's only: Cinder's notices of a
# group made from a group snapshot are those of any new group.
SETTLE_ONLY = {terms.RESTORE_GROUP}


def apply(notice):
    """Records `notice` (a notices.Notice or Report) once; False if its
    message was applied before. Returns the row a notice of Cinder's
    ended (finished_at just set), or True."""
    try:
        with transaction.atomic(using=models.Event.objects.db):
            models.Notification.objects.create(message_id=notice.message_id)
            if isinstance(notice, notices.Report):
                record_as(notice.actor, notice.action, notice.outcome,
                          notice.error, **notice.fields)
                return True
            return _apply(notice) or True
    except IntegrityError:
        return False


def record_as(actor, action, outcome, error=None, **fields):
    """Records work done before it was recorded (a scheduled run's, a
    failed Karbor hook's). A row already made from Cinder's notices for
    the same object is adopted: one row per operation."""
    key = terms.KEY_COLUMN[action]
    with transaction.atomic(using=models.Event.objects.db):
        noticed = fields.get(key) and (
            models.Event.objects.select_for_update()
            .filter(action=action, **{key: fields[key]},
                    source__in=(terms.SOURCE_OTHER, actor["source"]))
            .first())
        values = terms.event_row(action, actor, outcome, error, **fields)
        if not noticed:
            models.Event.objects.create(**values)
            return
        if terms.RANK[noticed.outcome] >= terms.RANK[outcome]:
            del values["outcome"]
        if not error:
            del values["error"]
        models.Event.objects.filter(pk=noticed.pk).update(**values)


def _apply(notice):
    source = _source_volume(notice)
    event = _find(notice, source)
    if event is None:
        if notice.phase in ("status", "progress"):
            return None  # news of an operation whose start was not recorded
        if notice.action in SETTLE_ONLY or _group_member(notice):
            return None
        event = models.Event(
            action=notice.action, source=notice.source,
            outcome=terms.UNKNOWN, created_at=notice.started_at or notice.at,
            project_id=notice.project_id, project_name=notice.project_name,
            user_id=notice.user_id, user_name=notice.user_name, **source)
    finished = event.finished_at
    _merge(event, notice)
    event.save()
    return event if event.finished_at != finished else None


def _find(notice, source):
    events = models.Event.objects.select_for_update()
    key_column = terms.KEY_COLUMN[notice.action]
    events_of_key = events.filter(action=notice.action,
                                  **{key_column: notice.key})
    if notice.action in REPEATABLE:
        # The same checkpoint is reverted to again and again: a start
        # belongs to an open row or to none yet.
        found = events_of_key.filter(
            outcome__in=(terms.UNKNOWN, terms.IN_PROGRESS)).order_by(
                "-id").first()
        if found or notice.phase == "start":
            return found
    found = events_of_key.order_by("-id").first()
    if found or notice.action not in INTENT_KEY:
        return found
    missing, known = INTENT_KEY[notice.action]
    match = Q(**{known: getattr(notice, known)})
    if source.get("volume_id"):
        # An intent may not know its snapshot yet (Karbor's restore reads
        # it from its bank inside the recorded call), but its volume.
        match |= Q(checkpoint_id="", volume_id=source["volume_id"])
    return events.filter(
        match, action=notice.action, project_id=notice.project_id,
        outcome__in=(terms.UNKNOWN, terms.IN_PROGRESS),
        created_at__gte=notice.at - INTENT_WINDOW,
        created_at__lte=notice.at + CLOCK_SKEW,
        **{missing: ""}).order_by("id").first()


def _group_member(notice):
    """Whether a snapshot's or a restored volume's notice, of no row of
    its own, is of a member of a group operation the log knows. Cinder's
    members' notices name no group, and come before the dashboard has
    marked them: a member is named after its group snapshot, and a
    group restore's row lists its members' snapshots."""
    recent = models.Event.objects.filter(
        project_id=notice.project_id,
        created_at__gte=notice.at - INTENT_WINDOW,
        created_at__lte=notice.at + CLOCK_SKEW)
    if notice.action in (terms.PROTECT, terms.DELETE):
        return notice.checkpoint_name != "" and recent.filter(
            action__in=(terms.PROTECT_GROUP, terms.DELETE_GROUP),
            checkpoint_name=notice.checkpoint_name).exists()
    if notice.action == terms.RESTORE:
        return any(member.get("checkpoint_id") == notice.checkpoint_id
                   for members in recent.filter(
                       action=terms.RESTORE_GROUP).values_list(
                       "members", flat=True)
                   for member in members or ())
    return False


def _source_volume(notice):
    """A restore's notice names the snapshot, not its volume: the log's
    protect row of that snapshot does."""
    if notice.action != terms.RESTORE:
        return {}
    return (models.Event.objects.filter(
        action=terms.PROTECT, checkpoint_id=notice.checkpoint_id)
        .values("volume_id", "volume_name", "checkpoint_name").first()
        or {})


def _merge(event, notice):
    for column in ("checkpoint_id", "checkpoint_name", "volume_id",
                   "restored_volume_id", "karbor_checkpoint_id",
                   "backup_id", "group_id", "restored_group_id"):
        value = getattr(notice, column)
        if value and not getattr(event, column):
            setattr(event, column, value[:terms.MAX_TEXT])
    if notice.started_at and event.source == terms.SOURCE_OTHER:
        event.created_at = min(event.created_at, notice.started_at)
    if notice.phase == "start" and event.created_at > notice.at:
        event.created_at = notice.at
    newer = event.notified_at is None or notice.at >= event.notified_at
    if notice.progress is not None:
        event.progress = max(event.progress or 0, notice.progress)
    outcome = notice.outcome
    if outcome is None:
        return
    current = terms.RANK[event.outcome]
    # A status set later (an admin's reset to error) is the latest word
    # on whether the checkpoint is good; an older one is not.
    if terms.RANK[outcome] > current or (terms.RANK[outcome] == current
                                         and newer):
        if outcome != event.outcome and outcome in (terms.SUCCEEDED,
                                                    terms.FAILED):
            event.finished_at = notice.at
        event.outcome = outcome
        event.cinder_status = notice.status[:32]
        event.notified_at = notice.at
        if outcome == terms.FAILED and not event.error:
            event.error = notice.fail_reason or (
                f"Cinder reported the {notice.action} in status "
                f"{notice.status}.")
