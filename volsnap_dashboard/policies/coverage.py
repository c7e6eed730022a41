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
class Covered:
    """A volume an active policy covers, against the strictest one."""
    project_id: str
    project_name: str
    volume_id: str
    volume_name: str
    policy_name: str
    standing: objective.Standing
    # Past its objective, or never protected though its policy is older
    # than the objective.
    at_risk: bool


def configured_factor():
    return getattr(settings, "VOLSNAP_OBJECTIVE_FACTOR",
                   objective.DEFAULT_FACTOR)


def _volumes(protection_policy):
    """{volume id: name} the policy covers: those it lists, or those its
    newest finished run acted on."""
    found = {volume_id: "" for volume_id in protection_policy.volume_ids
             if protection_policy.target == targets.LISTED}
    for volume_id, outcome in (protection_policy.last_volumes or {}).items():
        found[volume_id] = (outcome or {}).get("name", "")
    return found


def at_risk(now, factor=objective.DEFAULT_FACTOR):
    """The covered volumes at risk."""
    return [covered for covered in standings(now, factor)
            if covered.at_risk]


def standings(now, factor=objective.DEFAULT_FACTOR):
    """Every volume an active policy covers, against its strictest
    policy's objective. One query for the policies, one per project for
    the log."""
    policies = models.Policy.objects.filter(
        state=models.Policy.ACTIVE).exclude(
        target__in=targets.GROUP_KINDS).annotate(last_volumes=Subquery(
            models.Run.objects.filter(policy=OuterRef("pk"),
                                      state__in=FINISHED)
            .order_by("-scheduled_for", "-id").values("volumes")[:1],
            output_field=JSONField()))
    strictest = {}
    for protection_policy in policies:
        goal = objective.objective_of([protection_policy.get_schedule()],
                                      now, factor)
        if goal is None:
            continue
        for volume_id, name in _volumes(protection_policy).items():
            known = strictest.get(volume_id)
            if known is None or goal < known[1]:
                strictest[volume_id] = (protection_policy, goal, name)
    per_project = {}
    for volume_id, (protection_policy, goal, name) in strictest.items():
        per_project.setdefault(protection_policy.project_id, []).append(
            volume_id)
    found = []
    for project_id, volume_ids in per_project.items():
        last = history.last_protected(project_id, volume_ids)
        for volume_id in volume_ids:
            protection_policy, goal, name = strictest[volume_id]
            standing = objective.standing(last.get(volume_id), goal, now)
            young = now - protection_policy.created_at <= goal
            found.append(Covered(
                project_id, protection_policy.project_name, volume_id,
                name, protection_policy.name, standing,
                standing.state == objective.PAST or (
                    standing.state == objective.NEVER and not young)))
    return found


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
