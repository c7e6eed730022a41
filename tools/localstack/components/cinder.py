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

"""Cinder's API, scheduler and volume service with the fake driver."""
import os

from localstack.components import postgresql
from localstack.components import rabbitmq
from localstack import config
from localstack import facts
from localstack import install
from localstack import processes
from localstack import rest
from localstack import templates

PROCESSES = ["cinder-api", "cinder-scheduler", "cinder-volume"]
APT = []
VENVS = [install.CLOUD]
NEEDS = ["postgresql", "rabbitmq", "keystone"]

PORT = facts.CINDER_PORT
URL = facts.CINDER_URL
BANNER = [f"Cinder     {URL}"]
# Room for the tests and benchmarks beyond Cinder's default of 10.
TEST_QUOTA = {"volumes": 200, "snapshots": 200, "gigabytes": 2000}
HOME = os.path.join(config.STATE, "cinder")


def start():
    os.makedirs(os.path.join(HOME, "lock"), exist_ok=True)
    conf = templates.render(
        "cinder.conf", os.path.join(HOME, "cinder.conf"),
        transport_url=rabbitmq.TRANSPORT_URL, host=config.HOST, port=PORT,
        home=HOME, etc=os.path.join(install.CLOUD.path, "etc", "cinder"),
        database=postgresql.url("cinder"),
        keystone_url=config.KEYSTONE_URL,
        password=facts.SERVICE_USERS["cinder"]["password"])
    processes.start_openstack_services(install.CLOUD, "cinder", PROCESSES,
                                       conf, PORT)


def ready():
    """Until the scheduler and volume service are up and the pool shows."""
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
        if not {"cinder-scheduler", "cinder-volume"} <= (
                up & rabbitmq.consumed_queues()):
            return False
        pools = rest.http("GET", base + "/scheduler-stats/get_pools",
                          token=token)[1]["pools"]
        return any(p["name"].endswith("@fake#fake") for p in pools)

    processes.wait_for("cinder services and the fake pool", serving, 180,
                       0.5)
    for user in ("demo", "alt"):
        project_id = rest.token_for(user, config.USERS[user]["project"])[1][
            "project"]["id"]
        rest.http("PUT", f"{base}/os-quota-sets/{project_id}",
                  {"quota_set": TEST_QUOTA}, token=token)
