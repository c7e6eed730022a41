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

"""One volsnap-scheduler, with Horizon's settings (and so its database)."""
import os

from localstack.components import horizon
from localstack import install
from localstack import processes

PROCESSES = ["volsnap-scheduler"]
APT = []
VENVS = [install.HORIZON]
NEEDS = ["keystone", "cinder", "horizon"]

BANNER = ["Scheduler  volsnap-scheduler (Project > Volumes > Protection "
          "Policies)"]


def _log_size():
    try:
        return os.path.getsize(processes.log_path("volsnap-scheduler"))
    except OSError:
        return 0


_started_at = [0]


def start():
    _started_at[0] = _log_size()
    processes.spawn("volsnap-scheduler",
                    [install.HORIZON.bin("volsnap-scheduler")],
                    env=horizon.environment())


def ready():
    def started():
        processes.require_alive("volsnap-scheduler")
        with open(processes.log_path("volsnap-scheduler")) as f:
            f.seek(_started_at[0])
            return " started" in f.read()

    processes.wait_for("volsnap-scheduler", started, 60, 0.5)
