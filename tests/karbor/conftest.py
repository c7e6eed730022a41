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

"""The plugin inside Karbor, in two ways, both against the real Cinder.

In-process: Karbor's own provider registry, file-system bank, checkpoints
and RequestContext (built as Karbor's auth middleware builds it) call the
hooks directly; only Karbor's Restore and Verify records, which need
Karbor's database, have an adapter. Live: python-karborclient drives the
running karbor-api, karbor-protection and karbor-operationengine.
"""
import configparser
import os
import shutil

# karbor-protection imports its config module before it parses the command
# line, as here; plugins load after that.
from karbor.common import config as karbor_config  # noqa: F401
from karbor.common import constants
from karbor import context as karbor_context
from karbor import resource as karbor_resource
from karbor.services.protection import graph
from karbor.services.protection import provider as karbor_provider
from oslo_config import cfg
import pytest

from tests import cloud

REPO = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
PROVIDER_FILE = os.path.join(REPO, "etc", "providers.d", "volsnap.conf")


def middleware_context(session):
    """A RequestContext exactly as karbor.api.middleware.auth builds it:
    ids, project name, roles, token, token info and the v2-style catalog
    keystonemiddleware passes on; no user name."""
    access = session.auth.get_access(session)
    catalog = [{"type": service["type"], "name": service.get("name"),
                "endpoints": [{f"{e['interface']}URL": e["url"]
                               for e in service["endpoints"]}]}
               for service in access.service_catalog.catalog]
    return karbor_context.RequestContext(
        access.user_id, access.project_id,
        project_name=access.project_name, roles=access.role_names,
        auth_token=access.auth_token, remote_address="127.0.0.1",
        service_catalog=catalog, request_id="req-volsnap-test",
        auth_token_info={"token": access._data["token"]})


class RecordAdapter:
    """Stands in for karbor.objects.Restore and Verify (they need the DB)."""

    def __init__(self):
        self.resources_status = {}
        self.resources_reason = {}
        self.saved = 0

    def update_resource_status(self, resource_type, resource_id, status,
                               reason=None):
        key = f"{resource_type}#{resource_id}"
        self.resources_status[key] = status
        if reason:
            self.resources_reason[key] = reason

    def save(self):
        self.saved += 1


@pytest.fixture(scope="session")
def provider(tmp_path_factory):
    """Our provider, loaded by Karbor's registry from our provider file."""
    base = tmp_path_factory.mktemp("karbor")
    providers_dir = base / "providers.d"
    providers_dir.mkdir()
    config = configparser.ConfigParser()
    config.read(PROVIDER_FILE)
    config["file_system_bank_plugin"]["file_system_bank_path"] = str(
        base / "bank")
    config["volsnap_protection_plugin"]["poll_interval"] = "1"
    config["volsnap_protection_plugin"]["timeout"] = "30"
    with open(providers_dir / "volsnap.conf", "w") as f:
        config.write(f)
    # Karbor's own providers are not ours to test; only our file is read.
    cfg.CONF([], project="karbor", default_config_files=[])
    cfg.CONF.set_override("provider_config_dir", str(providers_dir))
    registry = karbor_provider.ProviderRegistry()
    yield registry.show_provider(config["provider"]["id"])
    cfg.CONF.clear_override("provider_config_dir")
    shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def plugin(provider):
    return provider.load_plugins()[constants.VOLUME_RESOURCE_TYPE]


@pytest.fixture
def context(stack):
    return middleware_context(cloud.keystone_session(stack, "demo"))


@pytest.fixture
def new_checkpoint(provider, context):
    def create(volume):
        resource = karbor_resource.Resource(
            type=constants.VOLUME_RESOURCE_TYPE, id=volume.id,
            name=volume.name)
        plan = {"id": "plan-" + volume.id, "name": "volsnap test plan",
                "provider_id": provider.id, "project_id": context.project_id,
                "resources": [resource.to_dict()]}
        checkpoint = provider.get_checkpoint_collection().create(plan)
        checkpoint.resource_graph = graph.build_graph([resource],
                                                      lambda node: [])
        checkpoint.commit()
        return checkpoint, resource
    return create


def run_hooks(operation, checkpoint, resource, context, parameters,
              **kwargs):
    """Calls an operation's hooks the way Karbor's flow engine does."""
    kwargs.setdefault("operation_log", None)
    for hook in ("on_prepare_begin", "on_prepare_finish", "on_main",
                 "on_complete"):
        getattr(operation, hook)(checkpoint, resource, context, parameters,
                                 **kwargs)


@pytest.fixture(scope="session")
def karbor(stack):
    """python-karborclient as demo, against the live karbor-api found
    through the Keystone catalog."""
    from karborclient import client as karbor_client
    session = cloud.keystone_session(stack, "demo")
    endpoint = session.get_endpoint(service_type="data-protect",
                                    interface="public")
    return karbor_client.Client("1", endpoint, session=session)


TIMINGS = {}


def pytest_terminal_summary(terminalreporter):
    """Per-operation times of both plugins, measured in the live tests."""
    if not TIMINGS:
        return
    terminalreporter.section("Karbor operation times (live services)")
    for (operation, provider), seconds in sorted(TIMINGS.items()):
        terminalreporter.write_line(
            f"{operation:10} {provider:10} {seconds:6.2f} s")
