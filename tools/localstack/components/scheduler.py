"""One volsnap-scheduler, with Horizon's settings (and so its database)."""
import os

from localstack import install
from localstack import processes
from localstack.components import horizon

PROCESSES = ["volsnap-scheduler"]
APT = []
VENVS = [install.HORIZON]
NEEDS = ["keystone", "cinder", "horizon"]

SERVICE_USER = "volsnap"
SERVICE_USERS = {
    SERVICE_USER: {"password": "volsnap-secret", "project": "service",
                   "roles": ["service"]},
}
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
