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

"""Keystone on SQLite with fernet tokens, under gunicorn."""
import os
import subprocess

from localstack import config
from localstack import facts
from localstack import install
from localstack import processes
from localstack import rest
from localstack import templates

PROCESSES = ["keystone"]
APT = []
VENVS = [install.CLOUD]
NEEDS = []

PORT = 5000
HOME = os.path.join(config.STATE, "keystone")
CONF = os.path.join(HOME, "keystone.conf")
WSGI = os.path.join(config.PACKAGE, "wsgi")


def start():
    first_boot = not os.path.exists(os.path.join(HOME, "keystone.sqlite"))
    templates.render("keystone.conf", CONF, home=HOME, logs=config.LOGS)
    manage = [install.CLOUD.bin("keystone-manage"), "--config-file", CONF]
    if first_boot:
        processes.log("keystone: db_sync, fernet keys, bootstrap")
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
        processes.run(manage + ["db_sync"], **quiet)
        for step in ("fernet_setup", "credential_setup"):
            processes.run(manage + [step, "--keystone-user", "root",
                                    "--keystone-group", "root"], **quiet)
        processes.run(manage + [
            "bootstrap",
            "--bootstrap-password", config.USERS["admin"]["password"],
            "--bootstrap-admin-url", config.KEYSTONE_URL,
            "--bootstrap-internal-url", config.KEYSTONE_URL,
            "--bootstrap-public-url", config.KEYSTONE_URL,
            "--bootstrap-region-id", config.REGION], **quiet)
    processes.claim_port(PORT, "keystone")
    env = dict(os.environ, OS_KEYSTONE_CONFIG_FILES=CONF, PYTHONPATH=WSGI)
    processes.spawn("keystone", [
        install.CLOUD.bin("gunicorn"), "--bind", f"{config.HOST}:{PORT}",
        "--workers", "2", "--no-control-socket", "--timeout", "120",
        "keystone_wsgi:application"], env=env)


def ready():
    processes.wait_for("keystone",
                       lambda: rest.token_for("admin", "admin"), 60, 0.5)
    provision()


def all_users():
    return dict(config.USERS, **facts.SERVICE_USERS)


def user_id(name):
    token, _ = rest.admin_token()
    _, found = rest.http("GET", f"{config.KEYSTONE_URL}/users?name={name}",
                         token=token)
    return found["users"][0]["id"]


def provision():
    """Projects, users, roles and the catalog; idempotent."""
    token, _ = rest.admin_token()
    api = config.KEYSTONE_URL

    def ensure(path, key, name, body):
        _, found = rest.http("GET", f"{api}/{path}?name={name}",
                             token=token)
        if found[key]:
            return found[key][0]["id"]
        _, created = rest.http("POST", f"{api}/{path}",
                               {key[:-1]: dict(body, name=name)},
                               token=token)
        return created[key[:-1]]["id"]

    roles = {r["name"]: r["id"] for r in
             rest.http("GET", api + "/roles", token=token)[1]["roles"]}
    for user, spec in all_users().items():
        project = ensure("projects", "projects", spec["project"],
                         {"domain_id": "default", "enabled": True})
        user_id = ensure("users", "users", user,
                         {"domain_id": "default", "enabled": True,
                          "password": spec["password"],
                          "default_project_id": project})
        for role in spec["roles"]:
            rest.http("PUT", f"{api}/projects/{project}/users/{user_id}/"
                             f"roles/{roles[role]}", token=token)
    services = rest.http("GET", api + "/services",
                         token=token)[1]["services"]
    have = {service["type"] for service in services}
    for service_type, name, url in facts.CATALOG:
        if service_type in have:
            continue
        _, service = rest.http("POST", api + "/services", {"service": {
            "type": service_type, "name": name}}, token=token)
        for interface in ("public", "internal", "admin"):
            rest.http("POST", api + "/endpoints", {"endpoint": {
                "service_id": service["service"]["id"],
                "interface": interface, "region_id": config.REGION,
                "url": url}}, token=token)
