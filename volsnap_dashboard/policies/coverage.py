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
class AtRisk:
    project_id: str
    project_name: str
    volume_id: str
    volume_name: str
    policy_name: str
    standing: objective.Standing


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
    """Every volume an active policy covers whose newest good checkpoint
    is older than its strictest policy's objective; a volume never
    protected once its policy has existed longer than the objective.
    One query for the policies, one per project for the log."""
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
    by_project = {}
    for volume_id, (protection_policy, goal, name) in strictest.items():
        by_project.setdefault(protection_policy.project_id, []).append(
            volume_id)
    risks = []
    for project_id, volume_ids in by_project.items():
        last = history.last_protected(project_id, volume_ids)
        for volume_id in volume_ids:
            protection_policy, goal, name = strictest[volume_id]
            standing = objective.standing(last.get(volume_id), goal, now)
            young = now - protection_policy.created_at <= goal
            if standing.state == objective.PAST or (
                    standing.state == objective.NEVER and not young):
                risks.append(AtRisk(
                    project_id, protection_policy.project_name, volume_id,
                    name, protection_policy.name, standing))
    return risks
