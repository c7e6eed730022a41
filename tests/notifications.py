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

"""The stack's notification listener and its event log, as the tests
and the history benchmark see them: the log read straight from the
stack's database, the listener stopped and started the way an operator
would, and raw notifications published to its queue in Cinder's envelope
(to send one twice, or out of order)."""
import contextlib
import datetime
import json
import sqlite3
import uuid

import kombu

from tests import services

COLUMNS = ("id", "action", "outcome", "source", "user_id", "user_name",
           "project_id", "volume_id", "volume_name", "checkpoint_id",
           "checkpoint_name", "restored_volume_id", "cinder_status", "error",
           "created_at", "finished_at")
TRANSPORT_URL = "amqp://volsnap:rabbit-secret@127.0.0.1:5672//"


def history(stack, **where):
    """The rows of the stack's event log matching `where`, oldest first."""
    clause = " AND ".join(f"{column} = ?" for column in where) or "1"
    with contextlib.closing(sqlite3.connect(stack["events_database"])) as db:
        found = db.execute(
            f"SELECT {', '.join(COLUMNS)} FROM volsnap_events_event "
            f"WHERE {clause} ORDER BY id", list(where.values())).fetchall()
    return [dict(zip(COLUMNS, row)) for row in found]


def applied(stack, message_id):
    with contextlib.closing(sqlite3.connect(stack["events_database"])) as db:
        return bool(db.execute(
            "SELECT 1 FROM volsnap_events_notification WHERE message_id = ?",
            (message_id,)).fetchall())


def stop_listener():
    services.stop("volsnap-listener")


def restart_broker():
    """RabbitMQ stopped and started again, and every service consuming
    from it again (`stack.py start` waits for that)."""
    with services.stopped("rabbitmq"):
        pass


def start_listener():
    services.start()


def envelope(event_type, payload, context, message_id=None,
             timestamp=None):
    """A notification as Cinder's messagingv2 driver sends it."""
    message = {"message_id": message_id or str(uuid.uuid4()),
               "publisher_id": "snapshot.volsnap-test",
               "event_type": event_type, "priority": "INFO",
               "payload": payload,
               "timestamp": str(timestamp or datetime.datetime.utcnow())}
    message.update((f"_context_{key}", value)
                   for key, value in context.items())
    return message["message_id"], {"oslo.version": "2.0",
                                   "oslo.message": json.dumps(message)}


def publish_many(messages):
    """Publishes (event_type, payload, context[, message_id[, timestamp]])
    tuples on one connection; returns their message ids."""
    ids = []
    with kombu.Connection(TRANSPORT_URL) as connection:
        exchange = kombu.Exchange("cinder", type="topic", durable=True)
        producer = connection.Producer()
        for parts in messages:
            message_id, body = envelope(*parts)
            producer.publish(body, exchange=exchange,
                             routing_key="volsnap_notifications.info",
                             delivery_mode=2, declare=[exchange])
            ids.append(message_id)
    return ids


def publish(event_type, payload, context, message_id=None, timestamp=None):
    return publish_many([(event_type, payload, context, message_id,
                          timestamp)])[0]


def backdate(stack, event_id, hours):
    """Moves a row's start `hours` back, past the watchdog's deadline,
    instead of waiting that long."""
    backdate_row(stack, "volsnap_events_event", "id", event_id, hours)


def backdate_row(stack, table, column, value, hours):
    """Moves the created_at of the stack's rows of `table` whose `column`
    is `value` `hours` back: time re-stamped, not waited for."""
    with contextlib.closing(sqlite3.connect(stack["events_database"])) as db:
        with db:
            db.execute(
                f"UPDATE {table} SET created_at = strftime("
                f"'%Y-%m-%d %H:%M:%f', created_at, ?) WHERE {column} = ?",
                (f"-{hours} hours", value))
