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

"""The notification listener: keeps the event log complete from Cinder's
own notifications, whoever made the snapshot, and from the reports of
volsnap's Karbor plugin. volsnap-listener (cmd/listener.py) sets Django
up and runs serve().

It consumes Cinder's notifications on a topic of volsnap's own (Cinder
lists it beside its usual one), so it never takes a message from another
consumer such as Ceilometer. Its queue is durable and a message is
acknowledged only once its row is written: a stopped listener, or a
broker restart, loses nothing.
"""
import datetime
import logging
import time

from django import db
from django.db.migrations.executor import MigrationExecutor
import oslo_messaging

from volsnap_dashboard.engine import metrics
from volsnap_dashboard.engine import service
from volsnap_dashboard.events import ledger
from volsnap_dashboard.events import models
from volsnap_dashboard.events import notices
from volsnap_dashboard.events import router
from volsnap_dashboard import messaging

LOG = logging.getLogger("volsnap_dashboard.engine.listener")
DEFAULTS = {
    # oslo.messaging's transport URL of Cinder's broker.
    "transport_url": None,
    # Cinder's [oslo_messaging_notifications] topics must include it.
    "topic": "volsnap_notifications",
    # Cinder's control exchange (volsnap's Karbor plugin reports there
    # too: its notification_exchange).
    "exchange": "cinder",
    # Must equal Cinder's [oslo_messaging_rabbit] amqp_durable_queues.
    "durable_queues": True,
    "threads": 4,
    # Seconds before a message whose row could not be written comes back.
    "retry_delay": 1,
    # Where the Prometheus figures are served; no port, none.
    "metrics_port": None,
    "metrics_host": "0.0.0.0",
}


def settings():
    return service.settings("VOLSNAP_LISTENER", DEFAULTS)


class Endpoint:
    """Dispatches the notifications to the ledger."""
    filter_rule = oslo_messaging.NotificationFilter(
        event_type=r"^(snapshot\.|volume\.|backup\.|group_snapshot\.|"
                   r"group\.|%s$)" % notices.REPORT_EVENT.replace(".", r"\."))

    def __init__(self, retry_delay):
        self._retry_delay = retry_delay

    def _notify(self, ctxt, publisher_id, event_type, payload, metadata):
        notice = notices.read(ctxt, event_type, payload, metadata)
        if notice is None:
            return oslo_messaging.NotificationResult.HANDLED
        db.close_old_connections()
        try:
            applied = ledger.apply(notice)
        except Exception:
            # Not acknowledged: the broker delivers it again.
            LOG.exception("Could not record %s %s; it will come again",
                          event_type, notice.key)
            time.sleep(self._retry_delay)
            metrics.NOTIFICATIONS.labels("requeued").inc()
            return oslo_messaging.NotificationResult.REQUEUE
        LOG.info("%s %s %s", "Recorded" if applied else "Already had",
                 event_type, notice.key)
        metrics.NOTIFICATIONS.labels(
            "applied" if applied else "duplicate").inc()
        if applied and getattr(notice, "at", None):
            metrics.NOTIFICATION_LAG.observe(max((datetime.datetime.now(
                datetime.timezone.utc) - notice.at).total_seconds(), 0))
        if applied not in (True, False):
            metrics.observed_operation(applied)
        return oslo_messaging.NotificationResult.HANDLED

    info = warn = error = _notify


def unmigrated():
    """The event log's migrations not applied to its database; raises
    DatabaseError if the database cannot be read at all."""
    executor = MigrationExecutor(db.connections[models.Event.objects.db])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [migration.name for migration, _backwards in plan
            if migration.app_label in router.APP_LABELS]


def check_database():
    """None, or why the listener must not start."""
    try:
        missing = unmigrated()
    except db.DatabaseError as exc:
        return f"the event log's database cannot be read: {exc}"
    if missing:
        return ("the event log's database is not migrated (missing: "
                f"{', '.join(missing)}); run `django-admin migrate "
                "--database volsnap_events` with Horizon's settings first")
    return None


def listener(conf):
    transport = messaging.notification_transport(
        conf["transport_url"], conf["exchange"], conf["durable_queues"],
        conf["threads"])
    target = oslo_messaging.Target(topic=conf["topic"],
                                   exchange=conf["exchange"])
    return oslo_messaging.get_notification_listener(
        transport, [target], [Endpoint(conf["retry_delay"])],
        executor="threading", allow_requeue=True)


def serve(conf):
    server = listener(conf)
    metrics.serve(conf)
    LOG.info("volsnap-listener consuming %s on exchange %s", conf["topic"],
             conf["exchange"])
    server.start()
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
        server.wait()
    return 0
