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

from django.utils import timesince
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from horizon import tables


def oldest(project):
    if project.oldest is None:
        return None
    now = timezone.now()
    return timesince.timesince(now - project.oldest, now)


class ProjectsTable(tables.DataTable):
    project = tables.Column(
        lambda p: p.project_name or p.project_id, verbose_name=_("Project"))
    at_risk = tables.Column("at_risk", verbose_name=_("Volumes at Risk"))
    never = tables.Column("never", verbose_name=_("Never Protected"))
    met = tables.Column("met", verbose_name=_("Meeting Objective"))
    covered = tables.Column("covered", verbose_name=_("Covered Volumes"))
    oldest = tables.Column(oldest, verbose_name=_("Oldest Recovery Point"),
                           empty_value=_("None"))

    class Meta:
        name = "projects"
        verbose_name = _("Projects by Volumes at Risk")
