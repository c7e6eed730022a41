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

"""The listener's endpoint and its start-up check, on the test database;
the listener on the real broker is tests/integration/test_listener.py."""
from unittest import mock

from django.db import DatabaseError
from openstack_dashboard.test import helpers
import oslo_messaging
import prometheus_client
import pytest

from tests.unit.events import captured
from volsnap_dashboard.engine import listener
from volsnap_dashboard.events import ledger
from volsnap_dashboard.events import models


def deliver(event_type):
    ctxt, event_type, payload, metadata = captured.message(event_type)
    return listener.Endpoint(retry_delay=0).info(
        ctxt, "snapshot.host", event_type, payload, metadata)


# Transactional: the endpoint closes stale connections first, as a worker
# must, which would end a test's own transaction on MariaDB.
transactional = pytest.mark.django_db(transaction=True)


def counted(name, **labels):
    return prometheus_client.REGISTRY.get_sample_value(name, labels) or 0


@transactional
def test_acknowledges_once_the_row_is_written():
    applied = counted("volsnap_notifications_total", result="applied")
    duplicate = counted("volsnap_notifications_total", result="duplicate")
    timed = counted("volsnap_operation_duration_seconds_count",
                    action="protect", outcome="succeeded")

    assert deliver("snapshot.create.end") == (
        oslo_messaging.NotificationResult.HANDLED)
    assert deliver("snapshot.create.end") == (
        oslo_messaging.NotificationResult.HANDLED)

    assert models.Event.objects.count() == 1
    assert counted("volsnap_notifications_total",
                   result="applied") == applied + 1
    assert counted("volsnap_notifications_total",
                   result="duplicate") == duplicate + 1
    assert counted("volsnap_operation_duration_seconds_count",
                   action="protect", outcome="succeeded") == timed + 1


@transactional
def test_a_row_that_cannot_be_written_comes_again():
    with mock.patch.object(ledger, "apply",
                           side_effect=DatabaseError("locked")):
        result = deliver("snapshot.create.end")

    assert result == oslo_messaging.NotificationResult.REQUEUE
    assert not models.Event.objects.exists()


@transactional
def test_other_news_is_acknowledged_untouched():
    assert listener.Endpoint(retry_delay=0).info(
        {}, "volume.host", "volume.attach.end", {}, {"message_id": "m"}) == (
        oslo_messaging.NotificationResult.HANDLED)
    assert not models.Notification.objects.exists()


def test_the_broker_hands_it_backups_snapshots_and_groups_only():
    rule = listener.Endpoint.filter_rule
    wanted = [kind for kind in (
        "backup.create.end", "backup.createprogress", "snapshot.create.end",
        "volume.create.end", "group_snapshot.create.end", "group.create.end",
        "volsnap.operation.failed", "compute.instance.create.end",
        "groupie.x", "volsnap.operation.failed.x")
        if rule.match({}, "cinder", kind, {}, {})]

    assert wanted == ["backup.create.end", "backup.createprogress",
                      "snapshot.create.end", "volume.create.end",
                      "group_snapshot.create.end", "group.create.end",
                      "volsnap.operation.failed"]


@transactional
def test_a_backup_s_news_becomes_its_row():
    assert deliver("backup.create.end") == (
        oslo_messaging.NotificationResult.HANDLED)
    assert list(models.Event.objects.values_list("action", "backup_id")) == [
        ("backup", captured.BACKUP_ID)]


class StartUpTests(helpers.TestCase):

    def test_a_migrated_database_lets_it_start(self):
        self.assertIsNone(listener.check_database())

    def test_an_unmigrated_database_is_refused_in_words(self):
        with mock.patch.object(listener, "unmigrated",
                               return_value=["0003_history_outcomes"]):
            problem = listener.check_database()

        self.assertIn("not migrated (missing: 0003_history_outcomes)",
                      problem)

    def test_an_unreadable_database_is_refused_in_words(self):
        with mock.patch.object(listener, "unmigrated",
                               side_effect=DatabaseError("no such file")):
            self.assertIn("cannot be read: no such file",
                          listener.check_database())
