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

import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from volsnap_dashboard.content.admin_policies import tables as admin_tables
from volsnap_dashboard.content.policies import views as policy_views
from volsnap_dashboard.policies import models


def stale_after():
    return datetime.timedelta(days=getattr(settings, "VOLSNAP_STALE_DAYS",
                                           2))


def mark_stale_volumes(policies, now):
    """Each policy older than the stale period gets `stale_volumes`: its
    volumes that no run protected within the period. One query."""
    since = now - stale_after()
    protected = set()
    for policy_id, volumes in models.Run.objects.filter(
            policy__in=policies, scheduled_for__gte=since,
            state__in=(models.Run.SUCCEEDED, models.Run.PARTIAL)
    ).values_list("policy_id", "volumes"):
        protected.update((policy_id, volume_id)
                         for volume_id, outcome in volumes.items()
                         if outcome.get("status") == "protected")
    for policy in policies:
        policy.stale_volumes = [] if policy.created_at > since else [
            volume_id for volume_id in policy.volume_ids
            if (policy.pk, volume_id) not in protected]


class IndexView(policy_views.IndexView):
    """Every project's policies and their health."""
    table_class = admin_tables.AdminPoliciesTable
    page_title = _("Protection Policies")

    def policies(self):
        return models.Policy.objects.all()

    def get_data(self):
        page = super().get_data()
        mark_stale_volumes(page, timezone.now())
        return page
