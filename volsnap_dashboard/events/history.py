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

"""Questions the history pages ask of the event log. Each reads only the
log: never Cinder."""
import bisect
import dataclasses
import datetime

from django.db import connections
from django.db.models import Exists
from django.db.models.expressions import RawSQL
from django.db.models import F
from django.db.models import IntegerField
from django.db.models import Max
from django.db.models import Min
from django.db.models import OuterRef
from django.db.models import Q
from django.db.models import Subquery
from django.db.models import Sum

from volsnap_dashboard.events import models
from volsnap_dashboard.events import terms

# What the activity chart counts, in its stacking order.
SERIES = ("protect_succeeded", "protect_failed", "restore", "delete",
          "backup")
DEFAULT_DAYS = 14
# The chart draws at most this much of a longer window: its newest part.
CHART_SPAN = datetime.timedelta(days=366)
# Up to this span the chart counts per hour, beyond it per day.
HOURLY_UP_TO = datetime.timedelta(days=2)


def deleted_checkpoints(checkpoint_ids):
    """Those of the ids whose delete the log has seen succeed. The rows
    are found by checkpoint alone, which no planner mistakes for a scan
    of every succeeded operation."""
    ids = {i for i in checkpoint_ids if i}
    if not ids:
        return set()
    return {checkpoint_id for checkpoint_id, action, outcome
            in models.Event.objects.filter(checkpoint_id__in=ids).order_by()
            .values_list("checkpoint_id", "action", "outcome")
            if action in (terms.DELETE, terms.DELETE_GROUP)
            and outcome == terms.SUCCEEDED}


def backup_progress(backup_ids):
    """How far each of the backups still being made has got, in percent,
    as Cinder's progress notices told the log: one query."""
    ids = {i for i in backup_ids if i}
    if not ids:
        return {}
    return dict(models.Event.objects.filter(
        action=terms.BACKUP, backup_id__in=ids,
        progress__isnull=False).values_list("backup_id", "progress"))


@dataclasses.dataclass(frozen=True)
class RecoveryPoint:
    """When a volume last got a checkpoint and a backup that still exist,
    as the log has seen them succeed; None for never."""
    checkpoint: datetime.datetime = None
    backup: datetime.datetime = None


def recovery_points(project_id, volume_ids):
    """{volume id: RecoveryPoint} of a page of one project's volumes."""
    return {volume_id: point for (_project, volume_id), point
            in recovery_points_in({project_id: volume_ids}).items()}


def recovery_points_in(volumes_by_project):
    """{(project id, volume id): RecoveryPoint} for {project id: volume
    ids} of many projects, each volume's own project's only, a group
    checkpoint counting for each of its members: two queries, however
    many checkpoints and backups they have."""
    wanted = {(project_id, volume_id)
              for project_id, volume_ids in volumes_by_project.items()
              for volume_id in volume_ids if volume_id}
    if not wanted:
        return {}
    found = {(project_id, volume_id): RecoveryPoint(checkpoint, backup)
             for project_id, volume_id, checkpoint, backup
             in _recovery_points(wanted)
             if (project_id, volume_id) in wanted}
    for project_id, created, members in _good_group_checkpoints(
            volumes_by_project.keys()).exclude(Exists(_deletes(
                terms.DELETE_GROUP))).order_by().values_list(
            "project_id", "created_at", "members"):
        for volume_id in _member_volumes(members):
            point = found.get((project_id, volume_id), RecoveryPoint())
            if (project_id, volume_id) in wanted and (
                    point.checkpoint is None or created > point.checkpoint):
                found[project_id, volume_id] = dataclasses.replace(
                    point, checkpoint=created)
    return found


def group_members(group_ids):
    """{group id: {volume id: name}}: the members of each group's newest
    group checkpoint, which is all the log knows of who is in a group.
    One query."""
    found = {}
    for group_id, members in models.Event.objects.filter(
            action=terms.PROTECT_GROUP, outcome=terms.SUCCEEDED,
            group_id__in=set(group_ids)).order_by(
            "group_id", "-created_at", "-id").values_list(
            "group_id", "members"):
        if group_id not in found:
            found[group_id] = {
                member["volume_id"]: member.get("volume_name", "")
                for member in members or () if member.get("volume_id")}
    return found


def _member_volumes(members):
    return {member.get("volume_id") for member in members or ()} - {None}


def _recovery_points(wanted):
    backups = models.Event.objects.filter(
        action=terms.BACKUP, outcome=terms.SUCCEEDED).exclude(Exists(
            models.Event.objects.filter(
                action=terms.DELETE_BACKUP, outcome=terms.SUCCEEDED,
                backup_id=OuterRef("backup_id"))))
    checkpoints = _good_checkpoints().exclude(Exists(_deletes()))
    points = (checkpoints | backups).filter(
        project_id__in={project for project, _volume in wanted},
        volume_id__in={volume for _project, volume in wanted})
    return points.order_by().values("project_id", "volume_id").annotate(
        checkpoint=Max("created_at", filter=Q(action=terms.PROTECT)),
        backup=Max("created_at", filter=Q(action=terms.BACKUP))).values_list(
        "project_id", "volume_id", "checkpoint", "backup")


def protected_between(project_ids, start, end):
    """The good checkpoints the projects' volumes got in [start, end),
    a group checkpoint's for each of its members, with when each was
    deleted (None: never): [(project id, volume id, made, deleted)], two
    queries."""
    found = list(_good_checkpoints().filter(
        project_id__in=set(project_ids), created_at__gte=start,
        created_at__lt=end).order_by().annotate(
        deleted_at=_first_delete(terms.DELETE)).values_list(
        "project_id", "volume_id", "created_at", "deleted_at"))
    for project_id, created, deleted, members in _good_group_checkpoints(
            project_ids).filter(created_at__gte=start, created_at__lt=end
                                ).order_by().annotate(
            deleted_at=_first_delete(terms.DELETE_GROUP)).values_list(
            "project_id", "created_at", "deleted_at", "members"):
        found.extend((project_id, volume_id, created, deleted)
                     for volume_id in _member_volumes(members))
    return found


def _first_delete(action):
    return Subquery(_deletes(action).order_by().values(
        "checkpoint_id").annotate(first=Min("created_at")).values("first"))


def _good_checkpoints():
    """The protects that made a checkpoint the dashboard, a schedule or
    Karbor asked for."""
    return models.Event.objects.filter(
        action=terms.PROTECT, outcome=terms.SUCCEEDED).exclude(
        source=terms.SOURCE_OTHER)


def _good_group_checkpoints(project_ids):
    return models.Event.objects.filter(
        action=terms.PROTECT_GROUP, outcome=terms.SUCCEEDED,
        project_id__in=set(project_ids)).exclude(source=terms.SOURCE_OTHER)


def _deletes(action=terms.DELETE):
    return models.Event.objects.filter(
        action=action, outcome=terms.SUCCEEDED,
        checkpoint_id=OuterRef("checkpoint_id"))


def chart_window(start, end, now):
    """The part of the filters' window the chart draws: up to now, at
    most CHART_SPAN of it, and DEFAULT_DAYS when it has no start. Empty
    for a window wholly in the future."""
    end = min(end, now) if end else now
    start = max(start or end - datetime.timedelta(days=DEFAULT_DAYS),
                end - CHART_SPAN)
    return min(start, end), end


def series_of(action, outcome):
    if action == terms.PROTECT:
        if outcome == terms.FAILED:
            return "protect_failed"
        return "protect_succeeded" if outcome == terms.SUCCEEDED else None
    return action if action in SERIES else None


def buckets(start, end, zone):
    """The bucket starts covering [start, end) in `zone`, and their step."""
    hourly = end - start <= HOURLY_UP_TO
    step = datetime.timedelta(hours=1) if hourly else datetime.timedelta(
        days=1)
    first = start.astimezone(zone).replace(minute=0, second=0,
                                           microsecond=0)
    if not hourly:
        first = first.replace(hour=0)
    starts = []
    moment = first
    while moment < end:
        starts.append(moment)
        # Wall-clock steps, so that days stay days across DST changes.
        moment = (moment.replace(tzinfo=None) + step).replace(tzinfo=zone)
    return starts, hourly


def activity(start, end, zone, events, tallies=None):
    """Counts of each chart series per hour or day of [start, end), in
    the user's time zone: [(bucket start, {series: count})].

    With `tallies` (the hourly tallies under the same action, outcome and
    source filters as `events`) whole hours are read from the tallies,
    and only the events of an hour a bucket's edge cuts (in a zone whose
    offset is not whole hours, and at the window's ends) one by one;
    without, every event of the window is."""
    starts, _hourly = buckets(start, end, zone)
    counts = [dict.fromkeys(SERIES, 0) for _start in starts]
    if start >= end:
        return list(zip(starts, counts))
    edges = [start] + starts[1:] + [end]

    def add(index, action, outcome, number):
        series = series_of(action, outcome)
        if series and 0 <= index < len(starts):
            counts[index][series] += number

    def bucket(moment):
        return bisect.bisect_right(edges, moment) - 1

    if tallies is None:
        for created, action, outcome in events.filter(
                created_at__gte=start, created_at__lt=end).values_list(
                "created_at", "action", "outcome"):
            add(bucket(created), action, outcome, 1)
        return list(zip(starts, counts))
    # Each cut hour's tally goes with its last edge, less the events
    # before that edge, which are counted where they belong.
    cuts = {}
    for edge in edges:
        if edge != _hour(edge):
            cuts[_hour(edge)] = max(edge, cuts.get(_hour(edge), edge))
    # The database sums the hours into buckets, a cut hour into its last
    # edge's: a page reads a row per bucket and series, however long the
    # window, and each tally is placed by a binary search.
    bounds = [_hour(edge) if _hour(edge) in cuts else edge
              for edge in edges[1:]]
    index = _search(bounds, connections[tallies.db])
    # Grouped by bucket first: the hours come in that order from the
    # index, which spares the database a sort.
    for number, action, outcome, total in (
            tallies.filter(hour__gte=_hour(start), hour__lt=end).order_by()
            .annotate(bucket=index, kind=F("action"), result=F("outcome"))
            .values("bucket", "kind", "result").annotate(Sum("total"))
            .values_list("bucket", "kind", "result", "total__sum")):
        add(number, action, outcome, total)
    if cuts:
        cut = Q()
        for hour, edge in cuts.items():
            cut |= Q(created_at__gte=hour, created_at__lt=edge)
        for created, action, outcome in events.filter(cut).values_list(
                "created_at", "action", "outcome"):
            add(bucket(created), action, outcome, 1)
            add(bucket(cuts[_hour(created)]), action, outcome, -1)
    return list(zip(starts, counts))


def _search(bounds, connection):
    """SQL for how many of the sorted `bounds` a tally's hour is at or
    past: a binary search of nested CASEs. Written out, not built of
    Case and When, which Django takes longer to compile for a hundred
    buckets than the database takes to run."""
    hour = connection.ops.quote_name("hour")
    sql, params = [], []

    def search(low, high):
        if low == high:
            sql.append(str(low))
            return
        middle = (low + high) // 2
        sql.append(f"CASE WHEN {hour} < %s THEN ")
        params.append(
            connection.ops.adapt_datetimefield_value(bounds[middle]))
        search(low, middle)
        sql.append(" ELSE ")
        search(middle + 1, high)
        sql.append(" END")

    search(0, len(bounds))
    return RawSQL("".join(sql), params, output_field=IntegerField())


def _hour(moment):
    return moment.astimezone(datetime.timezone.utc).replace(
        minute=0, second=0, microsecond=0)


def newest_first(events, after=None, reverse=False, window=(None, None)):
    """`events` in the history's order, newest first (by when they began,
    then by id), from just past `after`, a (created_at, id) position;
    oldest first from just before it with `reverse`. Within `window`,
    [start, end) with None for an open side, which `events` must not
    bound already: the walk along the index on created_at has one bound
    each way, the nearer of the window's and the position's, and no
    sort."""
    start, end = window
    if reverse:
        events = events.order_by("created_at", "id")
    else:
        events = events.order_by("-created_at", "-id")
    if after is not None:
        created_at, pk = after
        if reverse:
            start = created_at if start is None else max(start, created_at)
            events = events.exclude(created_at=created_at, id__lte=pk)
        else:
            if end is None or created_at < end:
                events = events.filter(created_at__lte=created_at)
                end = None
            events = events.exclude(created_at=created_at, id__gte=pk)
    if start is not None:
        events = events.filter(created_at__gte=start)
    if end is not None:
        events = events.filter(created_at__lt=end)
    return events


def position(event_id):
    """The (created_at, id) of an event for newest_first, None when the
    log has no such event (any more)."""
    found = models.Event.objects.filter(pk=event_id).values_list(
        "created_at", flat=True).first()
    return None if found is None else (found, event_id)


def purge(before, batch=5000):
    """Deletes events created before `before`, and the ids of the
    notifications received before it; a batch a transaction, so the
    listener is never locked out for long. Returns both counts."""
    counts = []
    for model, column in ((models.Event, "created_at"),
                          (models.Notification, "received_at")):
        total = 0
        while True:
            ids = list(model.objects.filter(**{column + "__lt": before})
                       .order_by("id").values_list("id", flat=True)[:batch])
            if not ids:
                break
            total += model.objects.filter(id__in=ids).delete()[0]
        counts.append(total)
    # The triggers leave the purged hours' tallies at nought.
    models.Tally.objects.filter(total__lte=0).delete()
    return tuple(counts)
