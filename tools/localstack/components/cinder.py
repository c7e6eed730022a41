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

"""Cinder's API, scheduler, volume and backup services.

Two backends: `nfs` holds real bytes (Cinder's NFS driver on a local
directory bind-mounted where os-brick expects the share, so nothing is
NFS-mounted) and serves the default volume type; `fake` stores nothing
and serves the FAKE_TYPE volume type, for benchmarks of thousands of
volumes and for snapshots of attached volumes (on NFS those need Nova).
Backups go to a directory of the state through the POSIX driver.
"""
import hashlib
import os

from localstack.components import postgresql
from localstack.components import rabbitmq
from localstack import config
from localstack import facts
from localstack import install
from localstack import processes
from localstack import rest
from localstack import templates

PROCESSES = ["cinder-api", "cinder-scheduler", "cinder-volume",
             "cinder-backup"]
# The services that must be up in os-services and on their RPC queues.
SERVICES = {"cinder-scheduler", "cinder-volume", "cinder-backup"}
APT = ["nfs-common", "qemu-utils"]
VENVS = [install.CLOUD]
NEEDS = ["postgresql", "rabbitmq", "keystone"]

PORT = facts.CINDER_PORT
URL = facts.CINDER_URL
BANNER = [f"Cinder     {URL}"]
# Room for the tests and benchmarks beyond Cinder's default of 10.
TEST_QUOTA = {"volumes": 200, "snapshots": 200, "gigabytes": 2000,
              "backups": 200, "backup_gigabytes": 2000, "groups": 50}
HOME = os.path.join(config.STATE, "cinder")
EXPORT = os.path.join(HOME, "nfs-export")
SHARE = f"{config.HOST}:{EXPORT}"
MOUNT_BASE = os.path.join(HOME, "mnt")
BACKUPS = os.path.join(HOME, "backups")
# Where os-brick looks for the share: it finds it "already mounted".
MOUNT_POINT = os.path.join(MOUNT_BASE, hashlib.md5(SHARE.encode()).hexdigest())
DRIVERS = os.path.join(config.PACKAGE, "realbytes")
# Volume types: the default one and OTHER_TYPE on real bytes.
DEFAULT_TYPE, OTHER_TYPE, FAKE_TYPE = "__DEFAULT__", "nfs-gold", "fake"
TYPES = {DEFAULT_TYPE: "nfs", OTHER_TYPE: "nfs", FAKE_TYPE: "fake"}
POOLS = ("@nfs#nfs", "@fake#fake")
# A public group type for volume groups; NFS snapshots a group one member
# after the other.
GROUP_TYPE = "volsnap-group"
GROUP_TYPES_VERSION = {"OpenStack-API-Version": "volume 3.11"}


def mounted():
    with open("/proc/mounts") as f:
        return any(line.split()[1] == MOUNT_POINT for line in f)


def start():
    for path in (os.path.join(HOME, "lock"), EXPORT, MOUNT_POINT, BACKUPS):
        os.makedirs(path, exist_ok=True)
    if not mounted():
        processes.run(["mount", "--bind", EXPORT, MOUNT_POINT])
    with open(os.path.join(HOME, "nfs_shares"), "w") as f:
        f.write(SHARE + "\n")
    conf = templates.render(
        "cinder.conf", os.path.join(HOME, "cinder.conf"),
        transport_url=rabbitmq.TRANSPORT_URL, host=config.HOST, port=PORT,
        home=HOME, backups=BACKUPS,
        etc=os.path.join(install.CLOUD.path, "etc", "cinder"),
        database=postgresql.url("cinder"),
        keystone_url=config.KEYSTONE_URL,
        password=facts.SERVICE_USERS["cinder"]["password"],
        privsep_helper=install.CLOUD.bin("privsep-helper"))
    processes.start_openstack_services(
        install.CLOUD, "cinder", PROCESSES, conf, PORT,
        env=dict(os.environ, PYTHONPATH=DRIVERS))


def after_stop():
    """The share's bind mount goes with the services that used it."""
    if mounted():
        processes.run(["umount", MOUNT_POINT])


def stack_info():
    return {"cinder_nfs_export": EXPORT, "cinder_backups": BACKUPS,
            "volume_types": {"default": DEFAULT_TYPE, "other": OTHER_TYPE,
                             "fake": FAKE_TYPE},
            "group_type": GROUP_TYPE}


def ready():
    """Until the scheduler, volume and backup services are up and the
    pools show."""
    token, body = rest.admin_token()
    base = f"{URL}/{body['project']['id']}"

    def serving():
        for name in PROCESSES:
            processes.require_alive(name)
        services = rest.http("GET", base + "/os-services", token=token)[1]
        up = {s["binary"] for s in services["services"]
              if s["state"] == "up" and s["status"] == "enabled"}
        # Up in the database, and consuming RPC again after a broker
        # restart.
        if not SERVICES <= (up & rabbitmq.consumed_queues()):
            return False
        pools = rest.http("GET", base + "/scheduler-stats/get_pools",
                          token=token)[1]["pools"]
        return all(any(p["name"].endswith(pool) for p in pools)
                   for pool in POOLS)

    processes.wait_for("cinder services and their pools", serving, 180,
                       0.5)
    ensure_types(base, token)
    ensure_group_type(base, token)
    for user in ("demo", "alt"):
        project_id = rest.token_for(user, config.USERS[user]["project"])[1][
            "project"]["id"]
        rest.http("PUT", f"{base}/os-quota-sets/{project_id}",
                  {"quota_set": TEST_QUOTA}, token=token)


def ensure_types(base, token):
    """Each volume type on its backend (the default type has no extra
    specs, and the scheduler would place its volumes on either)."""
    found = {t["name"]: t for t in rest.http(
        "GET", base + "/types?is_public=None", token=token)[1][
            "volume_types"]}
    for name, backend in TYPES.items():
        if name not in found:
            found[name] = rest.http("POST", base + "/types", {
                "volume_type": {"name": name}}, token=token)[1][
                    "volume_type"]
        if (found[name].get("extra_specs") or {}).get(
                "volume_backend_name") != backend:
            rest.http("POST", f"{base}/types/{found[name]['id']}/extra_specs",
                      {"extra_specs": {"volume_backend_name": backend}},
                      token=token)


def ensure_group_type(base, token):
    found = rest.http("GET", base + "/group_types", token=token,
                      headers=GROUP_TYPES_VERSION)[1]["group_types"]
    if not any(t["name"] == GROUP_TYPE for t in found):
        rest.http("POST", base + "/group_types", {"group_type": {
            "name": GROUP_TYPE, "is_public": True}}, token=token,
            headers=GROUP_TYPES_VERSION)
