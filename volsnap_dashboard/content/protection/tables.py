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

import logging

from django.contrib import messages
from django.db import DatabaseError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from horizon import tables
from horizon.templatetags import sizeformat
from horizon.utils import memoized
from openstack_dashboard.dashboards.project.volumes import (
    tables as volume_tables)

from volsnap_dashboard.api import checkpoints
from volsnap_dashboard.content import actions
from volsnap_dashboard.content import errors as content_errors
from volsnap_dashboard.content import filters as content_filters
from volsnap_dashboard.content import markup
from volsnap_dashboard.content.policies import describe
from volsnap_dashboard.events import history
from volsnap_dashboard.events import recorder
from volsnap_dashboard import exceptions
from volsnap_dashboard.operations import checkpoints as operations
from volsnap_dashboard.policies import coverage
from volsnap_dashboard.policies import models as policy_models
from volsnap_dashboard.policies import objective
from volsnap_dashboard import schemas

LOG = logging.getLogger(__name__)

CREATE_SNAPSHOT_POLICY = (("volume", "volume:create_snapshot"),)


def default_snapshot_name(volume_name):
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    return f"{volume_name}-{stamp}"[-schemas.MAX_TEXT_LENGTH:]


# A volume's last protection when the snapshot history cannot be read.
def readable_quota(request):
    """The snapshot quota, or None when Cinder cannot tell; Cinder still
    enforces it, so an unreadable quota blocks nothing."""
    try:
        return checkpoints.snapshot_quota_get(request)
    except exceptions.VolsnapError:
        return None


class ProtectVolume(actions.PolicyOncePerPage, tables.LinkAction):
    name = "protect"
    verbose_name = _("Protect")
    url = "horizon:project:protection:protect"
    classes = ("ajax-modal",)
    icon = "camera"
    policy_rules = CREATE_SNAPSHOT_POLICY

    def allowed(self, request, volume=None):
        if volume is None:
            return True
        if volume.status not in checkpoints.PROTECTABLE_STATUSES:
            return False
        quota = self.table.snapshot_quota()
        spent = quota is not None and not quota.allows(volume.size)
        self.classes = [c for c in self.classes if c != "disabled"]
        self.verbose_name = _("Protect")
        if spent:
            self.classes.append("disabled")
            self.verbose_name = _("Protect (Quota exceeded)")
        return True


class ProtectSelected(actions.OncePerObject, actions.PolicyOncePerPage,
                      tables.BatchAction):
    name = "protect_selected"
    icon = "camera"
    help_text = _("Each selected available volume gets a checkpoint named "
                  "after it and the current time. Attached volumes need "
                  "the Protect dialog and its Force option.")
    policy_rules = CREATE_SNAPSHOT_POLICY

    @staticmethod
    def action_present(count):
        return ngettext_lazy("Protect Volume", "Protect Volumes", count)

    @staticmethod
    def action_past(count):
        return ngettext_lazy("Started protecting Volume",
                             "Started protecting Volumes", count)

    def allowed(self, request, volume=None):
        return volume is None or volume.status == "available"

    def action(self, request, obj_id):
        volume = self.table.get_object_by_id(obj_id)
        try:
            operations.protect(request, recorder.journal(request), obj_id,
                               volume.name,
                               default_snapshot_name(volume.name))
        except exceptions.VolsnapError as exc:
            content_errors.report(request, exc, escalate=True)


def attached(volume):
    return _("Yes") if volume.attached_to else _("No")


class ProtectableVolumesTable(markup.OnePassTable, tables.DataTable):
    name = tables.WrappingColumn("name", verbose_name=_("Name"),
                                 link="horizon:project:volumes:detail")
    size = tables.Column("size", verbose_name=_("Size"),
                         filters=(sizeformat.diskgbformat,))
    status = tables.Column(
        "status", verbose_name=_("Status"), status=True,
        status_choices=volume_tables.VolumesTableBase.STATUS_CHOICES,
        display_choices=volume_tables.VolumesTableBase
        .STATUS_DISPLAY_CHOICES)
    attached = tables.Column(attached, verbose_name=_("Attached"))
    last_protected = describe.LookupColumn(
        "id", "last_protected_by_volume", verbose_name=_("Last Protected"),
        empty_value=_("Never"))
    last_backed_up = describe.LookupColumn(
        "id", "last_backed_up_by_volume", verbose_name=_("Last Backed Up"),
        empty_value=_("Never"))
    policies = describe.LookupColumn(
        "id", "policies_by_volume", verbose_name=_("Protection Policies"),
        empty_value=_("None"))
    recovery_point = describe.LookupColumn(
        "id", "standing_by_volume", verbose_name=_("Recovery Point"),
        empty_value=_("No policy"))

    class Meta:
        name = "volumes"
        verbose_name = _("Volumes")
        pagination_param = "volume_marker"
        prev_pagination_param = "prev_volume_marker"
        status_columns = ("status",)
        table_actions = (ProtectSelected,)
        row_actions = (ProtectVolume,)
        row_class = markup.Row
        cell_class = markup.Cell

    def get_object_display(self, volume):
        return volume.name

    @memoized.memoized_method
    def covering(self):
        return describe.covering_policies(self.request.user.project_id,
                                          self.data)

    def policies_by_volume(self):
        return describe.policies_by_volume(self.covering())

    @memoized.memoized_method
    def recovery_points(self):
        """When each volume of the page last got a checkpoint and a
        backup, from the snapshot history: two queries, however many the
        project has; None when the history cannot be read."""
        try:
            return history.recovery_points(
                self.request.user.project_id,
                [volume.id for volume in self.data])
        except DatabaseError:
            LOG.exception("The snapshot history could not be read")
            messages.warning(self.request, _(
                "When the volumes were last protected is unknown: the "
                "snapshot history cannot be read right now."))
            return None

    def protected_times(self):
        found = self.recovery_points()
        return None if found is None else {
            volume_id: point.checkpoint for volume_id, point in found.items()
            if point.checkpoint}

    def _local_times(self, kind):
        found = self.recovery_points()
        if found is None:
            return {volume.id: _("Unknown") for volume in self.data}
        return {volume_id: content_filters.local_time(getattr(point, kind))
                for volume_id, point in found.items()
                if getattr(point, kind)}

    def last_protected_by_volume(self):
        return self._local_times("checkpoint")

    def last_backed_up_by_volume(self):
        return self._local_times("backup")

    def standing_by_volume(self):
        """Each covered volume's newest good checkpoint against the
        strictest objective of its active policies."""
        found, now = self.protected_times(), timezone.now()
        if found is None:
            return {volume_id: _("Unknown") for volume_id in self.covering()}
        objectives, standing = {}, {}
        for volume_id, covering in self.covering().items():
            active = [p for p, _why in covering
                      if p.state == policy_models.Policy.ACTIVE]
            key = tuple(sorted(p.pk for p in active))
            if key and key not in objectives:
                objectives[key] = objective.objective_of(
                    [p.get_schedule() for p in active], now,
                    coverage.configured_factor())
            if objectives.get(key):
                standing[volume_id] = describe.standing_text(
                    objective.standing(found.get(volume_id),
                                       objectives[key], now))
        return standing

    @memoized.memoized_method
    def snapshot_quota(self):
        """The quota once per page, for every row's Protect action."""
        return readable_quota(self.request)
