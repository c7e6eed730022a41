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

"""Which volumes the active policies leave past their recovery point
objective, from the policies' database and the event log alone: for the
watchdog's alerts and metrics."""
import bisect
import dataclasses
import datetime

from django.conf import settings
from django.db.models import JSONField
from django.db.models import OuterRef
from django.db.models import Subquery

from volsnap_dashboard.events import history
from volsnap_dashboard.policies import models
from volsnap_dashboard.policies import objective
from volsnap_dashboard.policies import targets

FINISHED = (models.Run.SUCCEEDED, models.Run.PARTIAL, models.Run.FAILED)


@dataclasses.dataclass(frozen=True)
class Cover:
    """A volume an active policy covers, and the strictest objective."""
    project_id: str
    project_name: str
    volume_id: str
    volume_name: str
    policy_name: str
    objective: datetime.timedelta
    # When the policy that sets its objective was made.
    since: datetime.datetime


@dataclasses.dataclass(frozen=True)
class Covered(Cover):
    """A covered volume against its objective now."""
    standing: objective.Standing = None
    # Past its objective, or never protected though its policy is older
    # than the objective.
    at_risk: bool = False


def configured_factor():
    return getattr(settings, "VOLSNAP_OBJECTIVE_FACTOR",
                   objective.DEFAULT_FACTOR)


def with_last_units(policies):
    """The policies, each with last_volumes: what its newest finished run
    acted on, {volume (or group) id: outcome}; in the same query."""
    return policies.annotate(last_volumes=Subquery(
        models.Run.objects.filter(policy=OuterRef("pk"), state__in=FINISHED)
        .order_by("-scheduled_for", "-id").values("volumes")[:1],
        output_field=JSONField()))


def units_of(protection_policy):
    """{volume (or group) id: name} a policy of with_last_units covers:
    those it lists, and those its newest finished run acted on."""
    listed = (protection_policy.group_ids if protection_policy.target ==
              targets.GROUPS else protection_policy.volume_ids
              if protection_policy.target == targets.LISTED else ())
    found = dict.fromkeys(listed, "")
    for unit_id, outcome in (protection_policy.last_volumes or {}).items():
        found[unit_id] = (outcome or {}).get("name", "")
    return found


def _volumes(protection_policy, members):
    """{volume id: name} the policy covers; a group policy, the members
    (`members`: history.group_members) of its groups."""
    units = units_of(protection_policy)
    if protection_policy.target not in targets.GROUP_KINDS:
        return units
    return {volume_id: name for group_id in units
            for volume_id, name in members.get(group_id, {}).items()}


def at_risk(now, factor=objective.DEFAULT_FACTOR):
    """The covered volumes at risk."""
    return [covered for covered in standings(now, factor)
            if covered.at_risk]


def standings(now, factor=objective.DEFAULT_FACTOR, project_id=None):
    """Every volume an active policy covers (of one project, or of all),
    against its strictest policy's objective: covered_volumes, and two
    queries of the log."""
    covers = covered_volumes(now, factor, project_id)
    per_project = {}
    for cover in covers:
        per_project.setdefault(cover.project_id, []).append(cover.volume_id)
    points = history.recovery_points_in(per_project)
    found = []
    for cover in covers:
        standing = objective.standing(
            points.get((cover.project_id, cover.volume_id),
                       history.RecoveryPoint()).checkpoint,
            cover.objective, now)
        found.append(Covered(**dataclasses.asdict(cover), standing=standing,
                             at_risk=_at_risk(standing, cover.since, now)))
    return found


def covered_volumes(now, factor=objective.DEFAULT_FACTOR, project_id=None):
    """Every volume an active policy covers (of one project, or of all),
    with its strictest policy's objective: one query, and one of the log
    for the members of group policies' groups."""
    policies = models.Policy.objects.filter(
        state=models.Policy.ACTIVE)
    if project_id is not None:
        policies = policies.filter(project_id=project_id)
    policies = list(with_last_units(policies))
    groups = [group_id for protection_policy in policies
              if protection_policy.target in targets.GROUP_KINDS
              for group_id in units_of(protection_policy)]
    members = history.group_members(groups) if groups else {}
    strictest = {}
    for protection_policy in policies:
        goal = objective.objective_of([protection_policy.get_schedule()],
                                      now, factor)
        if goal is None:
            continue
        for volume_id, name in _volumes(protection_policy, members).items():
            known = strictest.get(volume_id)
            if known is None or goal < known[1]:
                strictest[volume_id] = (protection_policy, goal, name)
    return [Cover(protection_policy.project_id,
                  protection_policy.project_name, volume_id, name,
                  protection_policy.name, goal, protection_policy.created_at)
            for volume_id, (protection_policy, goal, name)
            in strictest.items()]


def _at_risk(standing, since, now):
    return standing.state == objective.PAST or (
        standing.state == objective.NEVER
        and now - since > standing.objective)


# What the coverage chart counts, in its stacking order: volumes that
# met their objective, those at risk, and those whose policy is younger
# than the objective and that have no checkpoint yet.
TIMELINE = ("met", "at_risk", "waiting")


def timeline(covered, checkpoints, samples):
    """How the covered volumes stood at each of the sample times:
    [(sample, {series: volumes})]. `checkpoints` are the (project id,
    volume id, made, deleted or None) of their good checkpoints from at
    least the longest objective before the first sample. Against the
    policies as they are now: a volume counts from when its policy was
    made."""
    made = {}
    for project_id, volume_id, created, deleted in checkpoints:
        made.setdefault((project_id, volume_id), []).append(
            (created, deleted))
    for found in made.values():
        found.sort(key=lambda checkpoint: checkpoint[0])
    drawn = []
    for sample in samples:
        counts = dict.fromkeys(TIMELINE, 0)
        for volume in covered:
            if volume.since > sample:
                continue
            standing = objective.standing(
                _newest(made.get((volume.project_id, volume.volume_id), []),
                        sample), volume.objective, sample)
            if standing.state == objective.MET:
                counts["met"] += 1
            elif _at_risk(standing, volume.since, sample):
                counts["at_risk"] += 1
            else:
                counts["waiting"] += 1
        drawn.append((sample, counts))
    return drawn


def _newest(checkpoints, moment):
    """When the newest of the checkpoints still there at `moment` was
    made; None when there was none."""
    for created, deleted in reversed(checkpoints[:bisect.bisect_right(
            [created for created, _deleted in checkpoints], moment)]):
        if deleted is None or deleted > moment:
            return created
    return None


def coverage_days(covered, now, zone, days):
    """The coverage chart's bars: how the covered volumes (Covers)
    stood at the end of each of the last `days` days in `zone`, today's
    as of now. One query of the log."""
    today = now.astimezone(zone).replace(hour=0, minute=0, second=0,
                                         microsecond=0, tzinfo=None)
    starts = [(today - datetime.timedelta(days=back)).replace(tzinfo=zone)
              for back in range(days - 1, -1, -1)]
    ends = [(start.replace(tzinfo=None) + datetime.timedelta(days=1)
             ).replace(tzinfo=zone) for start in starts]
    samples = [min(end, now) for end in ends]
    if not covered:
        return [(start, dict.fromkeys(TIMELINE, 0)) for start in starts]
    longest = max(volume.objective for volume in covered)
    checkpoints = history.protected_between(
        {volume.project_id for volume in covered}, samples[0] - longest,
        now + datetime.timedelta(microseconds=1))
    return [(start, counts) for start, (_sample, counts)
            in zip(starts, timeline(covered, checkpoints, samples))]


@dataclasses.dataclass
class ProjectStanding:
    project_id: str
    project_name: str
    covered: int = 0
    met: int = 0
    at_risk: int = 0
    never: int = 0
    # The oldest newest-good-checkpoint of its covered volumes.
    oldest: datetime.timedelta = None

    @property
    def id(self):
        return self.project_id


def by_project(covered):
    """Per project, how many covered volumes meet their objective and
    how many are at risk; the most at risk first."""
    projects = {}
    for volume in covered:
        project = projects.setdefault(volume.project_id, ProjectStanding(
            volume.project_id, volume.project_name))
        project.covered += 1
        project.at_risk += volume.at_risk
        project.met += volume.standing.state == objective.MET
        project.never += volume.standing.state == objective.NEVER
        age = volume.standing.age
        if age is not None and (project.oldest is None
                                or age > project.oldest):
            project.oldest = age
    return sorted(projects.values(), key=lambda p: (
        -p.at_risk, -p.never, p.project_name or p.project_id))
