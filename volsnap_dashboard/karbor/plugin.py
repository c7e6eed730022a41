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

"""The volsnap protection plugin for Karbor.

The same protect, restore and delete as the dashboard: each operation does
its work in on_main through volsnap_dashboard.operations, with bounded
waits (Karbor's own snapshot plugin polled forever). The per-resource bank
section keeps Karbor's conventions: a `status` object and a `metadata`
object {volume_id, size, snapshot_id}.

Every failure of a hook, ours or not, leaves it as Karbor's
*ResourceFailed with a reason, is logged, and is written into the Karbor
checkpoint's extra_info (`volsnap_errors`), where Karbor's API shows it.

Snapshot History learns of Karbor's work from Cinder's notifications:
what this plugin makes carries the Karbor checkpoint in its metadata.
What Cinder cannot tell (a protect refused before Cinder was asked, a
snapshot gone to error) the plugin reports on the broker
(karbor/reports.py); it writes no database.
"""

import contextlib
import json

from karbor.common import constants
from karbor import exception
from karbor.services.protection.clients import cinder as karbor_cinder
from karbor.services.protection.clients import utils as client_utils
from karbor.services.protection import protection_plugin
from keystoneauth1 import session as ks_session
from keystoneauth1 import token_endpoint
from oslo_config import cfg
from oslo_log import log as logging
from oslo_utils import strutils

from volsnap_dashboard.api import checkpoints
from volsnap_dashboard.events import terms
from volsnap_dashboard import exceptions
from volsnap_dashboard.i18n import _
from volsnap_dashboard.karbor import reports
from volsnap_dashboard.operations import checkpoints as operations
from volsnap_dashboard import schemas

LOG = logging.getLogger(__name__)

CONFIG_GROUP = "volsnap_protection_plugin"
OPTS = [
    cfg.IntOpt("poll_interval", default=5, min=1,
               help="Seconds between two status checks of a snapshot or a "
                    "restored volume."),
    cfg.IntOpt("timeout", default=1800, min=1,
               help="Seconds to wait for a snapshot or a restored volume "
                    "to become available (or a snapshot to be deleted) "
                    "before the operation fails."),
    cfg.IntOpt("http_timeout", default=60, min=1,
               help="Seconds one HTTP request to Cinder may take, so that "
                    "a hung Cinder cannot hold a Karbor worker forever."),
    cfg.StrOpt("notification_topic", default="volsnap_notifications",
               help="The topic volsnap-listener consumes (its "
                    "VOLSNAP_LISTENER['topic']), on which the plugin "
                    "reports the failures Cinder does not notify."),
    cfg.StrOpt("notification_exchange", default="cinder",
               help="The exchange volsnap-listener consumes (its "
                    "VOLSNAP_LISTENER['exchange']: Cinder's)."),
    cfg.BoolOpt("notification_durable_queues", default=True,
                help="Cinder's amqp_durable_queues (its queue on that "
                     "topic is declared so)."),
    cfg.StrOpt("notification_transport_url", secret=True,
               help="The broker of volsnap-listener; unset: Karbor's "
                    "transport_url."),
]
VOLUME = constants.VOLUME_RESOURCE_TYPE
ERRORS_KEY = "volsnap_errors"


def cinder_session(context, conf):
    """A keystoneauth session for the Cinder of the context's catalog."""
    url = client_utils.get_url(
        karbor_cinder.SERVICE, context, conf[karbor_cinder.CONFIG_GROUP],
        append_project_fmt="%(url)s/%(project)s")
    if not url:
        raise exceptions.CinderUnavailable(
            _("No block storage endpoint matches cinder_catalog_info in "
              "the request's service catalog."))
    return ks_session.Session(
        auth=token_endpoint.Token(url, context.auth_token),
        timeout=conf[CONFIG_GROUP].http_timeout)


def acting_user(context):
    """Karbor's contexts carry ids and often no user name."""
    return (getattr(context, "user_name", None)
            or getattr(context, "user_id", None) or "")


def parse_bool(name, value):
    """A boolean as Karbor delivers it: plan parameters are strings."""
    try:
        return strutils.bool_from_string(value, strict=True)
    except ValueError:
        raise exceptions.InvalidInput(
            _("Invalid %(name)s: %(value)r is not a boolean (true or "
              "false).") % {"name": name, "value": value})


def protect_options(checkpoint, parameters):
    defaults = {"snapshot_name": "checkpoint-%s" % checkpoint.id,
                "description": "", "force": False}
    options = {key: parameters.get(key, default)
               for key, default in defaults.items()}
    options["force"] = parse_bool("force", options["force"])
    return options


def saved_metadata(section):
    """The bank's metadata of a resource, or None when protect never
    recorded a snapshot."""
    if "metadata" not in section.list_objects():
        return None
    return section.get_object("metadata")


def saved_snapshot_id(section, resource):
    metadata = saved_metadata(section) or {}
    if not metadata.get("snapshot_id"):
        raise exceptions.InvalidState(
            _("The checkpoint holds no snapshot of volume %(id)s: its "
              "protection did not finish.") % {"id": resource.id})
    return metadata["snapshot_id"]


def record_error(checkpoint, resource, reason):
    """Puts the reason where Karbor's checkpoint API shows it."""
    try:
        info = checkpoint.extra_info
        info = json.loads(info) if isinstance(info, str) else dict(
            info or {})
        info.setdefault(ERRORS_KEY, {})[resource.id] = reason
        checkpoint.extra_info = json.dumps(info)
        checkpoint.commit()
    except Exception:
        LOG.exception("Could not record the failure of %s in checkpoint "
                      "%s", resource.id, checkpoint.id)


def set_status(section, status):
    try:
        section.update_object("status", status)
    except Exception:
        LOG.exception("Could not write status %s to the bank", status)


@contextlib.contextmanager
def failing_as(failure, checkpoint, resource, section=None):
    """Turns any failure into Karbor's `failure` with a reason.

    With a bank `section`, the resource's bank status becomes error.
    """
    try:
        yield
    except Exception as exc:
        if isinstance(exc, exceptions.VolsnapError):
            reason = str(exc)
            LOG.error("%s of volume %s failed: %s", failure.__name__,
                      resource.id, reason)
        else:
            reason = _("Unexpected error: %(type)s: %(error)s") % {
                "type": type(exc).__name__, "error": exc}
            LOG.exception("%s of volume %s failed", failure.__name__,
                          resource.id)
        if section is not None:
            set_status(section, constants.RESOURCE_STATUS_ERROR)
        record_error(checkpoint, resource, reason)
        raise failure(name="Volume Snapshot", reason=reason,
                      resource_id=resource.id,
                      resource_type=VOLUME) from exc


class _Operation(protection_plugin.Operation):

    def __init__(self, conf, reporter):
        super().__init__()
        self._conf = conf
        self._reporter = reporter
        plugin_conf = conf[CONFIG_GROUP]
        self._wait = {"interval": plugin_conf.poll_interval,
                      "timeout": plugin_conf.timeout}

    def _session(self, context):
        return cinder_session(context, self._conf)

    def _preparing(self, context, action, resource):
        """A hook's steps before its operation asks Cinder: should they
        fail, Cinder will never tell, so the failure is reported."""
        return self._journal(context).recorded(
            action, volume_id=resource.id, volume_name=resource.name)

    def _journal(self, context):
        return terms.Journal(self._reporter, {
            "source": terms.SOURCE_KARBOR,
            "project_id": context.project_id,
            "project_name": getattr(context, "project_name", None),
            "user_id": getattr(context, "user_id", None),
            "user_name": acting_user(context)})


class ProtectOperation(_Operation):

    def on_main(self, checkpoint, resource, context, parameters, **kwargs):
        section = checkpoint.get_resource_bank_section(resource.id)
        with failing_as(exception.CreateResourceFailed, checkpoint,
                        resource, section):
            section.update_object("status",
                                  constants.RESOURCE_STATUS_PROTECTING)
            with self._preparing(context, terms.PROTECT, resource):
                options = protect_options(checkpoint, parameters)
            session = self._session(context)
            created = operations.protect(
                session, self._journal(context), resource.id,
                resource.name, options["snapshot_name"],
                options["description"], options["force"], wait=self._wait,
                # Recorded before the wait, so that a failed or stuck
                # snapshot is still known to the bank and can be deleted.
                on_created=lambda made: self._record(section, session,
                                                     made),
                origin=checkpoints.ORIGIN_KARBOR,
                created_by=acting_user(context),
                marks={checkpoints.KARBOR_CHECKPOINT_KEY: checkpoint.id})
            section.update_object("status",
                                  constants.RESOURCE_STATUS_AVAILABLE)
        LOG.info("Protected volume %s as snapshot %s", resource.id,
                 created.id)

    def _record(self, section, session, created):
        try:
            section.update_object("metadata", {
                "volume_id": created.volume_id, "size": created.size,
                "snapshot_id": created.id})
        except Exception:
            self._discard(session, created.id)
            raise

    def _discard(self, session, snapshot_id):
        """Deletes a snapshot the bank does not know of, once it settled.

        If that fails too, the snapshot still names its Karbor checkpoint
        in its metadata, where the delete hook looks it up.
        """
        try:
            checkpoints.checkpoint_wait(session, snapshot_id,
                                        wanted=("available", "error"),
                                        **self._wait)
            checkpoints.checkpoint_delete(session, snapshot_id)
        except Exception:
            LOG.exception("Snapshot %s is not in the bank and could not be "
                          "deleted; deleting the Karbor checkpoint removes "
                          "it", snapshot_id)


class RestoreOperation(_Operation):

    def on_main(self, checkpoint, resource, context, parameters, **kwargs):
        restore = kwargs.get("restore")
        section = checkpoint.get_resource_bank_section(resource.id)
        with failing_as(exception.RestoreResourceFailed, checkpoint,
                        resource):
            session = self._session(context)
            with self._preparing(context, terms.RESTORE, resource):
                source = checkpoints.checkpoint_get(
                    session, saved_snapshot_id(section, resource))
            name = parameters.get("restore_name") or "volume-%s@%s" % (
                checkpoint.id, resource.id)
            made = []
            try:
                volume = operations.restore(
                    session, self._journal(context), source, name,
                    parameters.get("restore_description"), wait=self._wait,
                    on_created=made.append,
                    marks={checkpoints.ORIGIN_KEY: checkpoints.ORIGIN_KARBOR,
                           checkpoints.KARBOR_CHECKPOINT_KEY: checkpoint.id})
            except exceptions.VolsnapError as exc:
                for volume in made:
                    self._report(restore, volume.id,
                                 constants.RESOURCE_STATUS_ERROR, str(exc))
                raise
            self._report(restore, volume.id, volume.status)
        new_resources = kwargs.get("new_resources")
        if new_resources is not None:
            new_resources[resource.id] = volume.id

    @staticmethod
    def _report(restore, volume_id, status, reason=None):
        if restore is not None:
            restore.update_resource_status(VOLUME, volume_id, status, reason)
            restore.save()


class DeleteOperation(_Operation):

    def on_main(self, checkpoint, resource, context, parameters, **kwargs):
        section = checkpoint.get_resource_bank_section(resource.id)
        with failing_as(exception.DeleteResourceFailed, checkpoint,
                        resource, section):
            section.update_object("status",
                                  constants.RESOURCE_STATUS_DELETING)
            session = self._session(context)
            metadata = saved_metadata(section)
            if metadata and metadata.get("snapshot_id"):
                snapshot_ids = [metadata["snapshot_id"]]
            else:
                # Protect failed before or while recording its snapshot.
                snapshot_ids = [found.id for found in
                                checkpoints.checkpoint_list_marked(
                                    session, resource.id,
                                    {checkpoints.KARBOR_CHECKPOINT_KEY:
                                     checkpoint.id})]
            for snapshot_id in snapshot_ids:
                self._delete(session, context, snapshot_id)
            if metadata is not None:
                section.delete_object("metadata")
            section.update_object("status",
                                  constants.RESOURCE_STATUS_DELETED)

    def _delete(self, session, context, snapshot_id):
        try:
            found = checkpoints.checkpoint_get(session, snapshot_id)
        except exceptions.NotACheckpoint:
            raise
        except exceptions.NotFound:
            LOG.info("Snapshot %s is already gone", snapshot_id)
            return
        if found.status == "deleting":
            checkpoints.checkpoint_wait(session, snapshot_id,
                                        wanted=("deleted",), **self._wait)
            return
        if found.status == "creating":
            # The orphan of a protect that failed once Cinder had taken
            # it may still be in the making; Cinder deletes it after.
            checkpoints.checkpoint_wait(
                session, snapshot_id,
                wanted=checkpoints.DELETABLE_STATUSES, **self._wait)
            found = checkpoints.checkpoint_get(session, snapshot_id)
        operations.delete(session, self._journal(context), found,
                          wait=self._wait)


class VerifyOperation(_Operation):

    def on_main(self, checkpoint, resource, context, parameters, **kwargs):
        verify = kwargs.get("verify")
        section = checkpoint.get_resource_bank_section(resource.id)
        with failing_as(exception.VerifyResourceFailed, checkpoint,
                        resource):
            try:
                found = checkpoints.checkpoint_get(
                    self._session(context),
                    saved_snapshot_id(section, resource))
                reason = None if found.status == "available" else (
                    _("The snapshot is %s.") % found.status)
            except exceptions.VolsnapError as exc:
                reason = str(exc)
            status = (constants.RESOURCE_STATUS_AVAILABLE if reason is None
                      else constants.RESOURCE_STATUS_ERROR)
            if verify is not None:
                verify.update_resource_status(VOLUME, resource.id, status,
                                              reason)
                verify.save()
            if reason is not None:
                raise exceptions.OperationFailed(reason)


class VolsnapProtectionPlugin(protection_plugin.ProtectionPlugin):
    _SUPPORT_RESOURCE_TYPES = [VOLUME]

    def __init__(self, config=None):
        super().__init__(config)
        self._config.register_opts(OPTS, group=CONFIG_GROUP)
        self._config.register_opts(karbor_cinder.cinder_client_opts,
                                   group=karbor_cinder.CONFIG_GROUP)
        plugin_conf = self._config[CONFIG_GROUP]
        self._reporter = reports.Reporter(
            plugin_conf.notification_transport_url,
            plugin_conf.notification_exchange,
            plugin_conf.notification_topic,
            plugin_conf.notification_durable_queues)

    @classmethod
    def get_supported_resources_types(cls):
        return cls._SUPPORT_RESOURCE_TYPES

    @classmethod
    def get_options_schema(cls, resource_type):
        return schemas.OPTIONS_SCHEMA

    @classmethod
    def get_restore_schema(cls, resource_type):
        return schemas.RESTORE_SCHEMA

    @classmethod
    def get_verify_schema(cls, resource_type):
        return schemas.VERIFY_SCHEMA

    @classmethod
    def get_saved_info_schema(cls, resource_type):
        return schemas.SAVED_INFO_SCHEMA

    @classmethod
    def get_saved_info(cls, metadata_store, resource):
        return saved_metadata(metadata_store)

    def get_protect_operation(self, resource):
        return ProtectOperation(self._config, self._reporter)

    def get_restore_operation(self, resource):
        return RestoreOperation(self._config, self._reporter)

    def get_delete_operation(self, resource):
        return DeleteOperation(self._config, self._reporter)

    def get_verify_operation(self, resource):
        return VerifyOperation(self._config, self._reporter)


def list_opts():
    return [(CONFIG_GROUP, OPTS)]
