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

    def setUp(self):
        super().setUp()
        self.request.user = auth_utils.get_user(self.request)

    def test_records_who_did_what(self):
        recorder.record(self.request, models.Event.PROTECT,
                        volume_id="v1", volume_name="x" * 300,
                        checkpoint_id="c1")

        event = models.Event.objects.get()
        self.assertEqual(
            (event.action, event.result, event.user_name, event.project_id,
             event.volume_id, event.checkpoint_id, len(event.volume_name)),
            ("protect", "accepted", self.user.name, self.tenant.id, "v1",
             "c1", 255))

    def test_block_failure_is_recorded_and_raised(self):
        with self.assertRaises(exceptions.QuotaExceeded):
            with recorder.recorded(self.request, models.Event.RESTORE,
                                   checkpoint_id="c1"):
                raise exceptions.QuotaExceeded("over quota")

        event = models.Event.objects.get()
        self.assertEqual((event.result, event.error),
                         ("failed", "over quota"))

    def test_unwritable_log_never_raises(self):
        with mock.patch.object(models.Event.objects, "create",
                               side_effect=DatabaseError("locked")):
            with recorder.recorded(self.request, models.Event.DELETE,
                                   checkpoint_id="c1") as event:
                event["checkpoint_name"] = "done anyway"


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
