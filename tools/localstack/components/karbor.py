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

"""Live Karbor 1.6: karbor-api, karbor-protection, karbor-operationengine.

Its providers are this project's (etc/providers.d/volsnap.conf) and,
as a reference, one with Karbor's own volume snapshot plugin.
"""
import configparser
import os

from localstack.components import rabbitmq
from localstack import config
from localstack import facts
from localstack import install
from localstack import processes
from localstack import rest
from localstack import templates

PROCESSES = ["karbor-api", "karbor-protection", "karbor-operationengine"]
APT = []
VENVS = [install.KARBOR]
NEEDS = ["rabbitmq", "keystone"]

PORT = facts.KARBOR_PORT
URL = facts.KARBOR_URL
BANNER = [f"Karbor     {URL}  (service type data-protect)"]
HOME = os.path.join(config.STATE, "karbor")
CONF = os.path.join(HOME, "karbor.conf")
VOLSNAP_PROVIDER_FILE = os.path.join(config.REPO, "etc", "providers.d",
                                     "volsnap.conf")
REFERENCE_PROVIDER_ID = "5e1a1b7c-3c44-4d8e-9b8e-7d0f4a2c9e61"
BANKS = {"volsnap": os.path.join(HOME, "bank-volsnap"),
         "reference": os.path.join(HOME, "bank-reference")}
# Quick polls, so that tests see states change within a second or two.
POLL_INTERVAL = 1


def volsnap_provider_id():
    provider = configparser.ConfigParser()
    provider.read(VOLSNAP_PROVIDER_FILE)
    return provider["provider"]["id"]


def write_providers():
    providers = os.path.join(HOME, "providers.d")
    os.makedirs(providers, exist_ok=True)
    for name in os.listdir(providers):
        os.unlink(os.path.join(providers, name))
    ours = configparser.ConfigParser()
    ours.read(VOLSNAP_PROVIDER_FILE)
    ours["file_system_bank_plugin"]["file_system_bank_path"] = BANKS[
        "volsnap"]
    ours["volsnap_protection_plugin"]["poll_interval"] = str(POLL_INTERVAL)
    with open(os.path.join(providers, "volsnap.conf"), "w") as f:
        ours.write(f)
    templates.render("karbor-reference-provider.conf",
                     os.path.join(providers, "reference.conf"),
                     provider_id=REFERENCE_PROVIDER_ID,
                     bank=BANKS["reference"],
                     poll_interval=POLL_INTERVAL)


def start():
    os.makedirs(os.path.join(HOME, "lock"), exist_ok=True)
    templates.render(
        "karbor.conf", CONF, transport_url=rabbitmq.TRANSPORT_URL,
        host=config.HOST, port=PORT, home=HOME,
        etc=os.path.join(install.KARBOR.path, "etc", "karbor"),
        keystone_url=config.KEYSTONE_URL,
        password=facts.SERVICE_USERS["karbor"]["password"])
    write_providers()
    processes.start_openstack_services(install.KARBOR, "karbor", PROCESSES,
                                       CONF, PORT)


def ready():
    """Until the API lists both providers (karbor-protection answers
    that) and the operation engine consumes its RPC queue: a scheduled
    operation created before that is lost."""
    token, body = rest.token_for("demo", "demo")
    url = f"{URL}/{body['project']['id']}/providers"

    def serving():
        for name in PROCESSES:
            processes.require_alive(name)
        providers = rest.http("GET", url, token=token, timeout=10)[1]
        have = {p["id"] for p in providers["providers"]}
        return ({volsnap_provider_id(), REFERENCE_PROVIDER_ID} <= have
                and "karbor-operationengine" in rabbitmq.consumed_queues())

    processes.wait_for("karbor and its providers", serving, 90, 0.5)


def stack_info():
    return {"karbor_url": URL,
            "karbor_providers": {"volsnap": volsnap_provider_id(),
                                 "reference": REFERENCE_PROVIDER_ID},
            "karbor_banks": BANKS}
