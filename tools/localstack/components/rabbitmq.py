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

"""RabbitMQ, run as root straight from Debian's package, on 127.0.0.1."""
import os
import subprocess

from localstack import config
from localstack import processes
from localstack import templates

PROCESSES = ["epmd", "rabbitmq"]
APT = ["rabbitmq-server"]
VENVS = []
NEEDS = []

PORT = 5672
EPMD_PORT = 4369
USER, PASSWORD = "volsnap", "rabbit-secret"
TRANSPORT_URL = f"rabbit://{USER}:{PASSWORD}@{config.HOST}:{PORT}/"
HOME = os.path.join(config.STATE, "rabbitmq")


def environment():
    return dict(os.environ, HOME=HOME, RABBITMQ_NODENAME="rabbit@localhost",
                ERL_EPMD_ADDRESS=config.HOST)


def ctl(*args, check=True):
    result = subprocess.run(
        ["/usr/lib/rabbitmq/bin/rabbitmqctl", "-n", "rabbit@localhost"]
        + list(args), env=environment(), capture_output=True, text=True,
        timeout=30)
    if check and result.returncode:
        raise SystemExit(f"rabbitmqctl {args[0]} failed: {result.stderr}")
    return result


def consumed_queues():
    """Queues that have a consumer: an RPC server listens on each."""
    result = ctl("list_queues", "-q", "name", "consumers", check=False)
    if result.returncode:
        return set()
    rows = (line.split("\t") for line in result.stdout.splitlines()[1:])
    return {row[0] for row in rows if len(row) == 2 and row[1] != "0"}


def start():
    conf = templates.render("rabbitmq.conf",
                            os.path.join(HOME, "rabbitmq.conf"),
                            host=config.HOST, port=PORT, user=USER,
                            password=PASSWORD)
    plugins = os.path.join(HOME, "enabled_plugins")
    with open(plugins, "w") as f:
        f.write("[].\n")
    env = dict(environment(),
               RABBITMQ_NODE_IP_ADDRESS=config.HOST,
               RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS=(
                   "-kernel inet_dist_use_interface {127,0,0,1}"),
               RABBITMQ_MNESIA_BASE=os.path.join(HOME, "mnesia"),
               RABBITMQ_LOG_BASE=os.path.join(config.LOGS, "rabbitmq"),
               RABBITMQ_CONFIG_FILE=os.path.splitext(conf)[0],
               RABBITMQ_ENABLED_PLUGINS_FILE=plugins,
               RABBITMQ_CONF_ENV_FILE=os.path.join(HOME,
                                                   "rabbitmq-env.conf"))
    open(env["RABBITMQ_CONF_ENV_FILE"], "a").close()
    processes.claim_port(PORT, "rabbitmq")
    # Debian's rabbitmq-server package may have left an epmd running.
    if not processes.port_open(EPMD_PORT):
        processes.spawn("epmd", ["epmd", "-address", config.HOST], env=env)
        processes.wait_for("epmd", lambda: processes.port_open(EPMD_PORT),
                           15)
    processes.spawn("rabbitmq", ["/usr/lib/rabbitmq/bin/rabbitmq-server"],
                    env=env)


def ready():
    def listening():
        processes.require_alive("rabbitmq")
        return processes.port_open(PORT)

    processes.wait_for("rabbitmq", listening, 60, 0.5)


def running():
    return bool(processes.running_pid("rabbitmq"))


def running_elsewhere(name):
    """An epmd that this stack did not start serves it as well."""
    return name == "epmd" and processes.port_open(EPMD_PORT)
