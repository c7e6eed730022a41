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

"""The Alerts panels, on Horizon's test helpers."""
import datetime

from django.conf import settings
from django.test.utils import override_settings
from django.urls import reverse
from openstack_dashboard.test import helpers

from volsnap_dashboard.alerts import models
from volsnap_dashboard.alerts import secrets

INDEX_URL = reverse("horizon:project:alerts:index")
CREATE_URL = reverse("horizon:project:alerts:create")
ADMIN_INDEX_URL = reverse("horizon:admin:alerts:index")
ADMIN_CREATE_URL = reverse("horizon:admin:alerts:create")
NOW = datetime.datetime(2031, 2, 28, 23, 59, tzinfo=datetime.timezone.utc)
HOSTILE = '<script>alert("x")</script>'


def webhook(**changes):
    data = {"name": "ops", "kind": "webhook",
            "target": "https://hooks.example.org/volsnap",
            "secret": "s3cret-value", "rules": ["run_failed",
                                                "needs_reauth"],
            "enabled": "on"}
    data.update(changes)
    return data


class ChannelTests(helpers.TestCase):

    def channel(self, project_id=None, **values):
        return models.Channel.objects.create(**dict(dict(
            project_id=self.tenant.id if project_id is None else project_id,
            name="ops", kind="webhook", target="https://x.example/h",
            rules=["run_failed"], sealed_secret=secrets.seal(
                "old-secret", settings.SECRET_KEY)), **values))

    def test_a_webhook_is_saved_with_its_secret_sealed(self):
        response = self.client.post(CREATE_URL, webhook())

        self.assertNoFormErrors(response)
        self.assertRedirectsNoFollow(response, INDEX_URL)
        (channel,) = models.Channel.objects.all()
        self.assertEqual((self.tenant.id, "webhook", False),
                         (channel.project_id, channel.kind,
                          channel.allow_private))
        self.assertNotIn("s3cret-value", channel.sealed_secret)
        self.assertEqual("s3cret-value", secrets.unseal(
            channel.sealed_secret, settings.SECRET_KEY))

    def test_an_email_channel_keeps_no_secret(self):
        response = self.client.post(CREATE_URL, webhook(
            kind="email", target="ops@example.org, dba@example.org"))

        self.assertNoFormErrors(response)
        channel = models.Channel.objects.get()
        self.assertEqual(("ops@example.org, dba@example.org", ""),
                         (channel.target, channel.sealed_secret))

    def test_the_secret_is_never_shown_again(self):
        channel = self.channel()
        edit_url = reverse("horizon:project:alerts:edit", args=(channel.pk,))

        for url in (INDEX_URL, edit_url, reverse(
                "horizon:project:alerts:detail", args=(channel.pk,))):
            response = self.client.get(url)
            self.assertEqual(200, response.status_code)
            self.assertNotContains(response, "old-secret")
            self.assertNotContains(response, channel.sealed_secret)
        self.client.post(edit_url, webhook(secret=""))
        channel.refresh_from_db()
        self.assertEqual("old-secret", secrets.unseal(
            channel.sealed_secret, settings.SECRET_KEY))

    def test_bad_input_is_a_field_error_and_saves_nothing(self):
        for data, field in (
                (webhook(target="ftp://x.example/"), "target"),
                (webhook(target="http://user:pw@x.example/"), "target"),
                (webhook(target="https://x.example/" + "a" * 3000),
                 "target"),
                (webhook(secret=""), "secret"),
                (webhook(kind="email", target="ops@x, not an address"),
                 "target"),
                (webhook(kind="email", target=",".join(
                    f"a{n}@x.example" for n in range(11))), "target"),
                (webhook(kind="sms"), "kind"),
                (webhook(rules=["everything"]), "rules"),
                (webhook(name="n" * 300), "name"),
                (webhook(enabled="maybe"), "enabled")):
            with self.subTest(data=data):
                response = self.client.post(CREATE_URL, data)
                self.assertIn(field, response.context["form"].errors)
        self.assertFalse(models.Channel.objects.exists())

    def test_hostile_names_are_text(self):
        self.client.post(CREATE_URL, webhook(name=HOSTILE))

        response = self.client.get(INDEX_URL)
        self.assertNotContains(response, HOSTILE)
        self.assertContains(response, "&lt;script&gt;")

    def test_another_projects_channel_cannot_be_seen_tested_or_deleted(self):
        foreign = self.channel(project_id="other-project")
        admins = self.channel(project_id="")

        self.assertNotContains(self.client.get(INDEX_URL), "x.example")
        for channel in (foreign, admins):
            for name in ("detail", "edit"):
                response = self.client.get(reverse(
                    f"horizon:project:alerts:{name}", args=(channel.pk,)))
                self.assertRedirectsNoFollow(response, INDEX_URL)
            for action in ("send_test", "delete"):
                self.client.post(INDEX_URL, {
                    "action": f"channels__{action}__{channel.pk}"})
        self.assertEqual(2, models.Channel.objects.count())
        self.assertFalse(models.Delivery.objects.exists())
        for bogus in ("abc", "9" * 30, "-1"):
            response = self.client.get(reverse(
                "horizon:project:alerts:detail", args=(bogus,)))
            self.assertRedirectsNoFollow(response, INDEX_URL)

    def test_send_test_queues_a_delivery_shown_on_the_channel(self):
        channel = self.channel()

        response = self.client.post(INDEX_URL, {
            "action": f"channels__send_test__{channel.pk}"})

        self.assertRedirectsNoFollow(response, INDEX_URL)
        (delivery,) = channel.deliveries.all()
        self.assertEqual(("test", "pending"), (delivery.event,
                                               delivery.state))
        self.assertContains(self.client.get(INDEX_URL), "Pending")
        detail = self.client.get(reverse("horizon:project:alerts:detail",
                                         args=(channel.pk,)))
        self.assertContains(detail, "Test alert")
        self.assertContains(detail, "Waiting")

    def test_delete(self):
        channel = self.channel()

        self.client.post(INDEX_URL, {
            "action": f"channels__delete__{channel.pk}"})

        self.assertFalse(models.Channel.objects.exists())

    def test_a_project_cannot_allow_a_private_target(self):
        self.client.post(CREATE_URL, webhook(allow_private="on"))

        self.assertFalse(models.Channel.objects.get().allow_private)

    def test_a_new_url_loses_an_admins_allow_and_other_edits_keep_it(self):
        channel = self.channel(allow_private=True,
                               target="http://10.0.0.5:8080/hook")
        edit_url = reverse("horizon:project:alerts:edit", args=(channel.pk,))

        self.client.post(edit_url, webhook(
            name="renamed", target="http://10.0.0.5:8080/hook", secret=""))
        channel.refresh_from_db()
        self.assertEqual(("renamed", True),
                         (channel.name, channel.allow_private))
        self.client.post(edit_url, webhook(
            target="http://169.254.169.254/latest", secret=""))
        channel.refresh_from_db()
        self.assertEqual(("http://169.254.169.254/latest", False),
                         (channel.target, channel.allow_private))

    def test_each_rule_is_offered_once(self):
        response = self.client.get(CREATE_URL)

        for rule, _label in models.RULES:
            self.assertContains(response, f'value="{rule}"', count=1)
        self.assertEqual(len(models.RULES),
                         len(dict(models.RULES)))


class AdminChannelTests(helpers.BaseAdminViewTests):

    def test_admins_channels_hear_of_every_project_and_may_be_private(self):
        response = self.client.post(ADMIN_CREATE_URL, webhook(
            target="http://127.0.0.1:9000/hook", allow_private="on"))

        self.assertNoFormErrors(response)
        self.assertRedirectsNoFollow(response, ADMIN_INDEX_URL)
        channel = models.Channel.objects.get()
        self.assertEqual(("", True), (channel.project_id,
                                      channel.allow_private))
        self.assertContains(self.client.get(ADMIN_INDEX_URL), "127.0.0.1")
        self.assertNotContains(self.client.get(INDEX_URL), "127.0.0.1")

    def test_the_admin_rule_not_the_projects_governs_their_actions(self):
        channel = models.Channel.objects.create(
            project_id="", name="ops", kind="webhook",
            target="https://hooks.example/a")
        no_snapshots = lambda rules, request, target=None: (  # noqa: E731
            ("volume", "volume:create_snapshot") not in rules)
        only_snapshots = lambda rules, request, target=None: (  # noqa: E731
            ("volume", "context_is_admin") not in rules)

        with override_settings(POLICY_CHECK_FUNCTION=no_snapshots):
            allowed = self.client.get(ADMIN_INDEX_URL).content.decode()
        with override_settings(POLICY_CHECK_FUNCTION=only_snapshots):
            refused = self.client.get(ADMIN_INDEX_URL)

        for action in ("send_test", "delete"):
            self.assertIn(f"admin_channels__row_{channel.pk}__action_"
                          f"{action}", allowed)
        self.assertIn("admin_channels__action_create", allowed)
        self.assertNotEqual(200, refused.status_code)

    def test_an_admin_allows_and_refuses_a_projects_webhook(self):
        hook = models.Channel.objects.create(
            project_id="p-elsewhere", name="inside", kind="webhook",
            target="http://10.0.0.5:8080/hook")
        models.Channel.objects.create(project_id="p-elsewhere",
                                      name="mail", kind="email",
                                      target="ops@example.org")

        page = self.client.get(ADMIN_INDEX_URL)
        self.assertContains(page, "http://10.0.0.5:8080/hook")
        self.assertContains(page, "p-elsewhere")
        self.assertNotContains(page, "ops@example.org")
        for action, allowed in (("allow_private", True),
                                ("refuse_private", False)):
            with self.subTest(action=action):
                self.client.post(ADMIN_INDEX_URL, {
                    "action": f"project_webhooks__{action}__{hook.pk}"})
                hook.refresh_from_db()
                self.assertEqual(allowed, hook.allow_private)

    def test_the_allow_reaches_only_projects_webhooks(self):
        admins = models.Channel.objects.create(
            project_id="", name="ops", kind="webhook",
            target="http://10.0.0.5/hook")
        mail = models.Channel.objects.create(
            project_id="p-elsewhere", name="mail", kind="email",
            target="ops@example.org")

        for channel in (admins, mail):
            with self.subTest(channel=channel.name):
                self.client.post(ADMIN_INDEX_URL, {
                    "action": f"project_webhooks__allow_private__"
                              f"{channel.pk}"})
                channel.refresh_from_db()
                self.assertFalse(channel.allow_private)


class AdminAccessTests(helpers.TestCase):

    def test_a_member_cannot_reach_the_admins_channels(self):
        response = self.client.get(ADMIN_INDEX_URL)

        self.assertNotEqual(200, response.status_code)

    def test_a_member_cannot_allow_a_private_target(self):
        hook = models.Channel.objects.create(
            project_id=self.tenant.id, name="inside", kind="webhook",
            target="http://10.0.0.5:8080/hook")

        self.client.post(ADMIN_INDEX_URL, {
            "action": f"project_webhooks__allow_private__{hook.pk}"})

        hook.refresh_from_db()
        self.assertFalse(hook.allow_private)
