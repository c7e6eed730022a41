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

"""What Cinder says now of an object an operation was about, whichever
project it is in: the watchdog asks as a reader of the whole cloud."""
from volsnap_dashboard.api import checkpoints
from volsnap_dashboard.api import client as clients
from volsnap_dashboard.api import errors
from volsnap_dashboard import exceptions
from volsnap_dashboard.i18n import _

# The cinderclient manager of each kind of object.
MANAGERS = {"snapshot": "volume_snapshots", "volume": "volumes",
            "backup": "backups", "group": "groups",
            "group_snapshot": "group_snapshots"}


@checkpoints.traced
def resource_status_get(context, kind, resource_id):
    """Cinder's status of the `kind` object `resource_id`, None when
    Cinder does not know it; CinderUnavailable when Cinder cannot say."""
    client = clients.cinder(context)
    subject = _("The %(kind)s %(id)s") % {"kind": kind.replace("_", " "),
                                          "id": resource_id}
    try:
        with errors.cinder_errors(subject):
            return getattr(client, MANAGERS[kind]).get(resource_id).status
    except exceptions.NotFound:
        return None


@checkpoints.traced
def message_list(context, resource_id):
    """Cinder's user messages about `resource_id`, oldest first."""
    with errors.cinder_errors(_("The messages of %s") % resource_id):
        messages = clients.cinder(context).messages.list(
            search_opts={"resource_uuid": resource_id})
    return [checkpoints.Message.from_cinder(m) for m in
            sorted(messages, key=lambda m: m.created_at or "")]
