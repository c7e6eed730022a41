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

"""One volsnap-listener: Cinder's notifications into the event log."""
from localstack.components import horizon
from localstack.components import rabbitmq
from localstack import facts
from localstack import install
from localstack import processes

PROCESSES = ["volsnap-listener"]
APT = []
VENVS = [install.HORIZON]
NEEDS = ["rabbitmq", "cinder", "horizon"]
QUEUE = f"{facts.NOTIFICATION_TOPIC}.info"
# Nobody consumes Cinder's usual topic here; capped, it cannot grow.
USUAL_TOPIC_CAP = '{"max-length": 10000}'
BANNER = ["Listener   volsnap-listener (Cinder notifications -> Admin > "
          "Snapshot History)"]


def start():
    rabbitmq.ctl("set_policy", "--apply-to", "queues", "notifications-cap",
                 r"^notifications\.", USUAL_TOPIC_CAP)
    processes.spawn("volsnap-listener",
                    [install.HORIZON.bin("volsnap-listener")],
                    env=horizon.environment())


def ready():
    def consuming():
        processes.require_alive("volsnap-listener")
        return QUEUE in rabbitmq.consumed_queues()

    processes.wait_for("volsnap-listener", consuming, 60, 0.5)
