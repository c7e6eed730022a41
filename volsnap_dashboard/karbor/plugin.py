"""The volsnap protection plugin for Karbor.

The same protect, restore and delete as the dashboard: each operation does
its work in on_main through volsnap_dashboard.api.checkpoints, with bounded
waits (Karbor's own snapshot plugin polled forever). The per-resource bank
section keeps Karbor's conventions: a `status` object and a `metadata`
object {volume_id, size, snapshot_id}.
"""

from karbor.common import constants
from karbor import exception
from karbor.services.protection.clients import cinder as karbor_cinder
from karbor.services.protection.clients import utils as client_utils
from karbor.services.protection import protection_plugin
from keystoneauth1 import session as ks_session
from keystoneauth1 import token_endpoint
from oslo_config import cfg
from oslo_log import log as logging

from volsnap_dashboard.api import checkpoints
from volsnap_dashboard import exceptions
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
]
VOLUME = constants.VOLUME_RESOURCE_TYPE


def cinder_session(context, conf):
    """A keystoneauth session for the Cinder of the context's catalog."""
    url = client_utils.get_url(
        karbor_cinder.SERVICE, context, conf[karbor_cinder.CONFIG_GROUP],
        append_project_fmt="%(url)s/%(project)s")
    return ks_session.Session(auth=token_endpoint.Token(url,
                                                        context.auth_token))


class _Operation(protection_plugin.Operation):

    def __init__(self, conf):
        super().__init__()
        self._conf = conf
        plugin_conf = conf[CONFIG_GROUP]
        self._wait = {"interval": plugin_conf.poll_interval,
                      "timeout": plugin_conf.timeout}

    def _session(self, context):
        return cinder_session(context, self._conf)


class ProtectOperation(_Operation):

    def on_main(self, checkpoint, resource, context, parameters, **kwargs):
        section = checkpoint.get_resource_bank_section(resource.id)
        section.update_object("status", constants.RESOURCE_STATUS_PROTECTING)
        session = self._session(context)
        options = {"snapshot_name": "checkpoint-%s" % checkpoint.id,
                   "description": "", "force": False}
        options.update((key, parameters[key]) for key in options
                       if key in parameters)
        metadata = {"volume_id": resource.id}
        try:
            created = checkpoints.checkpoint_create(
                session, resource.id, options["snapshot_name"],
                options["description"], options["force"],
                origin=checkpoints.ORIGIN_KARBOR,
                created_by=getattr(context, "user_name", None))
            # Recorded before the wait, so that a failed or stuck snapshot
            # is still known to the bank and can be deleted later.
            metadata.update(size=created.size, snapshot_id=created.id)
            section.update_object("metadata", metadata)
            checkpoints.checkpoint_wait(session, created.id, **self._wait)
        except exceptions.VolsnapError as exc:
            LOG.error("Protecting volume %s failed: %s", resource.id, exc)
            section.update_object("status", constants.RESOURCE_STATUS_ERROR)
            raise exception.CreateResourceFailed(
                name="Volume Snapshot", reason=str(exc),
                resource_id=resource.id, resource_type=VOLUME)
        section.update_object("status", constants.RESOURCE_STATUS_AVAILABLE)
        LOG.info("Protected volume %s as snapshot %s", resource.id,
                 metadata["snapshot_id"])


class RestoreOperation(_Operation):

    def on_main(self, checkpoint, resource, context, parameters, **kwargs):
        restore = kwargs.get("restore")
        section = checkpoint.get_resource_bank_section(resource.id)
        metadata = section.get_object("metadata")
        name = parameters.get("restore_name") or "volume-%s@%s" % (
            checkpoint.id, resource.id)
        session = self._session(context)
        volume = None
        try:
            volume = checkpoints.checkpoint_restore(
                session, metadata["snapshot_id"], name,
                parameters.get("restore_description"))
            volume = checkpoints.volume_wait(session, volume.id,
                                             **self._wait)
        except exceptions.VolsnapError as exc:
            LOG.error("Restoring volume %s failed: %s", resource.id, exc)
            if restore is not None and volume is not None:
                restore.update_resource_status(VOLUME, volume.id,
                                               constants.RESOURCE_STATUS_ERROR,
                                               str(exc))
                restore.save()
            raise exception.RestoreResourceFailed(
                name="Volume Snapshot", reason=str(exc),
                resource_id=resource.id, resource_type=VOLUME)
        if restore is not None:
            restore.update_resource_status(VOLUME, volume.id, volume.status)
            restore.save()
        new_resources = kwargs.get("new_resources")
        if new_resources is not None:
            new_resources[resource.id] = volume.id


class DeleteOperation(_Operation):

    def on_main(self, checkpoint, resource, context, parameters, **kwargs):
        section = checkpoint.get_resource_bank_section(resource.id)
        section.update_object("status", constants.RESOURCE_STATUS_DELETING)
        metadata = section.get_object("metadata") if "metadata" in (
            section.list_objects()) else {}
        snapshot_id = metadata.get("snapshot_id")
        session = self._session(context)
        try:
            if snapshot_id:
                self._delete(session, snapshot_id)
        except exceptions.VolsnapError as exc:
            LOG.error("Deleting snapshot %s failed: %s", snapshot_id, exc)
            section.update_object("status", constants.RESOURCE_STATUS_ERROR)
            raise exception.DeleteResourceFailed(
                name="Volume Snapshot", reason=str(exc),
                resource_id=resource.id, resource_type=VOLUME)
        if metadata:
            section.delete_object("metadata")
        section.update_object("status", constants.RESOURCE_STATUS_DELETED)

    def _delete(self, session, snapshot_id):
        try:
            checkpoints.checkpoint_delete(session, snapshot_id)
        except exceptions.NotFound:
            LOG.info("Snapshot %s is already gone", snapshot_id)
            return
        checkpoints.checkpoint_wait(session, snapshot_id,
                                    wanted=("deleted",), **self._wait)


class VerifyOperation(_Operation):

    def on_main(self, checkpoint, resource, context, parameters, **kwargs):
        verify = kwargs.get("verify")
        metadata = checkpoint.get_resource_bank_section(
            resource.id).get_object("metadata")
        try:
            found = checkpoints.checkpoint_get(self._session(context),
                                               metadata["snapshot_id"])
            reason = None if found.status == "available" else (
                "The snapshot is %s." % found.status)
        except exceptions.VolsnapError as exc:
            reason = str(exc)
        status = (constants.RESOURCE_STATUS_AVAILABLE if reason is None
                  else constants.RESOURCE_STATUS_ERROR)
        if verify is not None:
            verify.update_resource_status(VOLUME, resource.id, status,
                                          reason)
            verify.save()
        if reason is not None:
            raise exception.VerifyResourceFailed(
                name="Volume Snapshot", reason=reason,
                resource_id=resource.id, resource_type=VOLUME)


class VolsnapProtectionPlugin(protection_plugin.ProtectionPlugin):
    _SUPPORT_RESOURCE_TYPES = [VOLUME]

    def __init__(self, config=None):
        super().__init__(config)
        self._config.register_opts(OPTS, group=CONFIG_GROUP)
        self._config.register_opts(karbor_cinder.cinder_client_opts,
                                   group=karbor_cinder.CONFIG_GROUP)

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
        return metadata_store.get_object("metadata")

    def get_protect_operation(self, resource):
        return ProtectOperation(self._config)

    def get_restore_operation(self, resource):
        return RestoreOperation(self._config)

    def get_delete_operation(self, resource):
        return DeleteOperation(self._config)

    def get_verify_operation(self, resource):
        return VerifyOperation(self._config)


def list_opts():
    return [(CONFIG_GROUP, OPTS)]
