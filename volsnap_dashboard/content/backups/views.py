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

from django.urls import reverse
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from horizon import forms
from horizon import tables
from horizon.utils import memoized

from volsnap_dashboard.api import backups
from volsnap_dashboard.api import checkpoints
from volsnap_dashboard.content.backups import forms as backup_forms
from volsnap_dashboard.content.backups import tables as backup_tables
from volsnap_dashboard.content import errors as content_errors
from volsnap_dashboard.content import views as content_views
from volsnap_dashboard import exceptions
from volsnap_dashboard.schemas import MAX_TEXT_LENGTH as MAX_TEXT

INDEX_URL = "horizon:project:checkpoint_backups:index"


class IndexView(tables.DataTableView):
    table_class = backup_tables.BackupsTable
    page_title = _("Checkpoint Backups")

    def get_data(self):
        return content_views.reported(self.request, [], backups.backup_list,
                                      self.request)


class BackupModal(forms.ModalFormView):
    """A dialog about the object of the URL, posted back to itself; an
    id that is foreign, gone or no id redirects with the reason."""
    success_url = reverse_lazy(INDEX_URL)
    url_kwarg = None

    def fetch(self, object_id):
        raise NotImplementedError

    @memoized.memoized_method
    def get_object(self):
        try:
            return self.fetch(self.kwargs[self.url_kwarg])
        except exceptions.VolsnapError as exc:
            content_errors.report(self.request, exc,
                                  redirect=reverse(INDEX_URL))

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs[self.context_object_name] = self.get_object()
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context[self.context_object_name] = self.get_object()
        context["submit_url"] = reverse(self.submit_url,
                                        args=(self.kwargs[self.url_kwarg],))
        return context


class BackUpView(BackupModal):
    form_class = backup_forms.BackUpForm
    form_id = "back_up_checkpoint_form"
    modal_id = "back_up_checkpoint_modal"
    template_name = "volsnap_dashboard/backups/back_up.html"
    submit_label = _("Back Up")
    submit_url = "horizon:project:checkpoint_backups:create"
    page_title = _("Back Up Checkpoint")
    url_kwarg, context_object_name = "checkpoint_id", "checkpoint"

    def fetch(self, checkpoint_id):
        return checkpoints.checkpoint_get(self.request, checkpoint_id)

    @memoized.memoized_method
    def get_quota(self):
        """None when it cannot be read: Cinder still enforces it."""
        return content_views.reported(self.request, None,
                                      checkpoints.backup_quota_get,
                                      self.request)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["quota"] = self.get_quota()
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["quota"] = self.get_quota()
        return context

    def get_initial(self):
        checkpoint = self.get_object()
        return {"name": (_("%(name)s-backup")
                         % {"name": checkpoint.name})[:MAX_TEXT],
                "description": (_("Backup of checkpoint %(name)s")
                                % {"name": checkpoint.name})[:MAX_TEXT]}


class RestoreView(BackupModal):
    form_class = backup_forms.RestoreBackupForm
    form_id = "restore_backup_form"
    modal_id = "restore_backup_modal"
    template_name = "volsnap_dashboard/backups/restore.html"
    submit_label = _("Restore")
    submit_url = "horizon:project:checkpoint_backups:restore"
    page_title = _("Restore from Backup")
    url_kwarg, context_object_name = "backup_id", "backup"

    def fetch(self, backup_id):
        return backups.backup_get(self.request, backup_id)

    def get_initial(self):
        backup = self.get_object()
        return {"size": backup.size,
                "restore_name": (_("%(name)s-restored")
                                 % {"name": backup.name})[:MAX_TEXT],
                "restore_description": (_("Restored from backup %(name)s")
                                        % {"name": backup.name})[:MAX_TEXT]}
