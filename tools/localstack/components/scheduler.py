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

"""volsnap-scheduler and volsnap-watchdog, with Horizon's settings (and
so its database): the services that act on their own clock."""
from localstack.components import horizon
from localstack import install
from localstack import processes

PROCESSES = ["volsnap-scheduler", "volsnap-watchdog"]
APT = []
VENVS = [install.HORIZON]
NEEDS = ["keystone", "cinder", "horizon"]

BANNER = ["Scheduler  volsnap-scheduler (Project > Volumes > Protection "
          "Policies)",
          "Watchdog   volsnap-watchdog (settles silent failures in Admin > "
          "Snapshot History)"]

# Where each process's output of this start begins in its log.
_started_at = {}


def start():
    for name in PROCESSES:
        _started_at[name] = processes.spawn(
            name, [install.HORIZON.bin(name)], env=horizon.environment())


def ready():
    for name in PROCESSES:
        processes.wait_for_log(name, _started_at.get(name, 0), " started")
