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

from django.utils.translation import gettext_lazy as _

from horizon import tabs
from openstack_dashboard import policy

from volsnap_dashboard.api import backups
from volsnap_dashboard.api import checkpoints
from volsnap_dashboard.content.backups import tables as backup_tables
from volsnap_dashboard.content.checkpoints import tables
from volsnap_dashboard.content import filters as content_filters
from volsnap_dashboard.content import views as content_views


class OverviewTab(tabs.TableTab):
    name = _("Overview")
    slug = "overview"
    table_classes = (tables.RestoredVolumesTable,)
    template_name = "volsnap_dashboard/checkpoints/_detail_overview.html"

    def get_restored_volumes_data(self):
        return content_views.reported(
            self.request, [], checkpoints.restored_volumes, self.request,
            self.tab_group.kwargs["checkpoint"].id)

    def get_context_data(self, request, **kwargs):
        context = super().get_context_data(request, **kwargs)
        checkpoint = self.tab_group.kwargs["checkpoint"]
        context["checkpoint"] = checkpoint
        context["created"] = content_filters.local_time(checkpoint.created_at)
        return context


class BackupsTab(tabs.TableTab):
    name = _("Backups")
    slug = "backups"
    table_classes = (backup_tables.CheckpointBackupsTable,)
    template_name = "horizon/common/_detail_table.html"

    def allowed(self, request):
        return policy.check((("volume", "backup:get_all"),), request)

    def get_checkpoint_backups_data(self):
        return content_views.reported(
            self.request, [], backups.backup_list, self.request,
            checkpoint_id=self.tab_group.kwargs["checkpoint"].id)


class MessagesTab(tabs.TableTab):
    name = _("Messages")
    slug = "messages"
    table_classes = (tables.CheckpointMessagesTable,)
    template_name = "horizon/common/_detail_table.html"

    def get_checkpoint_messages_data(self):
        return content_views.reported(
            self.request, [], checkpoints.checkpoint_messages, self.request,
            self.tab_group.kwargs["checkpoint"].id)


class CheckpointDetailTabs(tabs.DetailTabsGroup):
    slug = "checkpoint_details"
    tabs = (OverviewTab, BackupsTab, MessagesTab)
