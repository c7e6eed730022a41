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

from unittest import mock

from django.db import DatabaseError
from django.test.utils import override_settings
from openstack_auth import utils as auth_utils
from openstack_dashboard.test import helpers

from volsnap_dashboard.events import models
from volsnap_dashboard.events import recorder
from volsnap_dashboard.events import router
from volsnap_dashboard import exceptions


class RecorderTests(helpers.TestCase):

    def recorded(self, action, **fields):
        return recorder.journal(self.request).recorded(action, **fields)

    def setUp(self):
        super().setUp()
        self.request.user = auth_utils.get_user(self.request)

    def test_intent_is_written_before_the_call_and_completed_after(self):
        with self.recorded(models.Event.PROTECT,
                           volume_id="v1", volume_name="x" * 300) as e:
            intent = models.Event.objects.get()
            self.assertEqual(("unknown", ""),
                             (intent.outcome, intent.checkpoint_id))
            e["checkpoint_id"] = "c1"

        event = models.Event.objects.get()
        self.assertEqual(
            (event.action, event.outcome, event.source, event.user_name,
             event.project_id, event.volume_id, event.checkpoint_id,
             len(event.volume_name)),
            ("protect", "in_progress", "dashboard", self.user.name,
             self.tenant.id, "v1", "c1", 255))

    def test_block_failure_is_recorded_and_raised(self):
        with self.assertRaises(exceptions.QuotaExceeded):
            with self.recorded(models.Event.RESTORE,
                               checkpoint_id="c1"):
                raise exceptions.QuotaExceeded("over quota")

        event = models.Event.objects.get()
        self.assertEqual((event.outcome, event.error),
                         ("failed", "over quota"))

    def test_an_unclear_answer_stays_unknown(self):
        with self.assertRaises(exceptions.OutcomeUnknown):
            with self.recorded(models.Event.DELETE,
                               checkpoint_id="c1"):
                raise exceptions.OutcomeUnknown("timed out")

        self.assertEqual(("unknown", "timed out"), tuple(
            models.Event.objects.values_list("outcome", "error").get()))

    def test_a_killed_worker_leaves_the_intent_unknown(self):
        with self.assertRaises(KeyboardInterrupt):
            with self.recorded(models.Event.DELETE,
                               checkpoint_id="c1"):
                raise KeyboardInterrupt

        self.assertEqual("unknown", models.Event.objects.get().outcome)

    def test_completion_never_undoes_what_cinder_said(self):
        with self.recorded(models.Event.DELETE,
                           checkpoint_id="c1"):
            models.Event.objects.update(outcome="succeeded")

        self.assertEqual("succeeded", models.Event.objects.get().outcome)

    def test_scheduled_work_adopts_the_row_the_listener_made(self):
        models.Event.objects.create(
            action="protect", outcome="succeeded", source="other",
            project_id="p", user_id="u", user_name="", checkpoint_id="c1")
        actor = {"source": "schedule", "project_id": "p", "user_id": "u",
                 "user_name": "alice (policy nightly)"}

        recorder.record_as(actor, "protect", "in_progress",
                           checkpoint_id="c1", volume_id="v1")
        recorder.record_as(actor, "protect", "failed", "over quota",
                           volume_id="v2")

        self.assertEqual(
            [("protect", "succeeded", "schedule", "alice (policy nightly)",
              "c1", "v1"),
             ("protect", "failed", "schedule", "alice (policy nightly)", "",
              "v2")],
            list(models.Event.objects.order_by("id").values_list(
                "action", "outcome", "source", "user_name", "checkpoint_id",
                "volume_id")))

    def test_unwritable_log_never_raises(self):
        with mock.patch.object(models.Event.objects, "create",
                               side_effect=DatabaseError("locked")):
            with self.recorded(models.Event.DELETE,
                               checkpoint_id="c1") as event:
                event["checkpoint_name"] = "done anyway"
            recorder.record_as({"source": "schedule"}, "protect",
                               "in_progress", checkpoint_id="c2")


class RouterTests(helpers.TestCase):
    routed = dict(helpers.settings.DATABASES, volsnap_events={
        "ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"})

    @override_settings(DATABASES=routed)
    def test_events_live_only_in_their_own_database(self):
        events = router.EventsRouter()
        self.assertEqual("volsnap_events", events.db_for_write(models.Event))
        self.assertTrue(events.allow_migrate("volsnap_events",
                                             "volsnap_events"))
        self.assertFalse(events.allow_migrate("volsnap_events", "auth"))
        self.assertFalse(events.allow_migrate("default", "volsnap_events"))
        self.assertIsNone(events.allow_migrate("default", "auth"))

    def test_without_their_own_database_events_use_the_default(self):
        events = router.EventsRouter()
        self.assertIsNone(events.db_for_write(models.Event))
        self.assertTrue(events.allow_migrate("default", "volsnap_events"))
