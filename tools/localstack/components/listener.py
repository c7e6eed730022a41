"""One volsnap-listener: Cinder's notifications into the event log."""
from localstack import install
from localstack import processes
from localstack.components import horizon
from localstack.components import rabbitmq

PROCESSES = ["volsnap-listener"]
APT = []
VENVS = [install.HORIZON]
NEEDS = ["rabbitmq", "cinder", "horizon"]
QUEUE = "volsnap_notifications.info"
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
