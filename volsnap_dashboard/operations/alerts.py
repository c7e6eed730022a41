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

"""What people and the services do to alerts: channels made, changed,
tested and deleted from the panels, and the incidents the scheduler and
the watchdog open and end."""
import logging

from django.conf import settings
from django.db.models import OuterRef
from django.db.models import Subquery

from volsnap_dashboard.alerts import incidents
from volsnap_dashboard.alerts import models
from volsnap_dashboard.alerts import secrets
from volsnap_dashboard import exceptions
from volsnap_dashboard.i18n import _
from volsnap_dashboard.policies import models as policy_models

ADMINS = ""
LOG = logging.getLogger(__name__)


def channel_list(scope):
    """The channels of a project, or (ADMINS) the cloud admins'."""
    return _with_last_delivery(models.Channel.objects.filter(
        project_id=scope))


def _with_last_delivery(channels):
    # The newest delivery's state of each channel, in the same query.
    return list(channels.annotate(last_delivery_state=Subquery(
        models.Delivery.objects.filter(channel=OuterRef("pk")).order_by(
            "-created_at", "-id").values("state")[:1])))


def channel_get(scope, channel_id):
    """The channel of `scope`; NotFound for another project's or none."""
    try:
        return models.Channel.objects.get(pk=channel_id, project_id=scope)
    except (models.Channel.DoesNotExist, ValueError, TypeError):
        raise exceptions.NotFound(_("The alert channel was not found: it "
                                    "does not exist or belongs to another "
                                    "project."))


def channel_create(scope, values, created_by):
    """values: name, kind, target, rules, enabled, secret (webhooks), and
    allow_private, which only an admin's view passes."""
    channel = models.Channel(project_id=scope, created_by=created_by)
    _apply(channel, values)
    channel.save()
    return channel


def channel_update(channel, values):
    """An empty secret keeps the one set before."""
    _apply(channel, values)
    channel.save()
    return channel


def project_webhooks():
    """Every project's webhooks, for the admins to allow a private target
    to."""
    return _with_last_delivery(_project_webhooks().order_by(
        "project_id", "name", "id"))


def _project_webhooks():
    return models.Channel.objects.exclude(project_id=ADMINS).filter(
        kind=models.Channel.WEBHOOK)


def private_target_set(channel_id, allowed, admin):
    """An admin lets a project's webhook reach its own host and port
    though the guard refuses it (a receiver inside the cloud), or stops
    letting it; NotFound for any other channel."""
    try:
        channel = _project_webhooks().get(pk=channel_id)
    except (models.Channel.DoesNotExist, ValueError, TypeError):
        raise exceptions.NotFound(_("The webhook was not found: it does "
                                    "not exist or is not a project's."))
    channel.allow_private = allowed
    channel.save(update_fields=["allow_private"])
    LOG.info("%s %s a private target for webhook %s of project %s (%s)",
             admin, "allowed" if allowed else "refused", channel.pk,
             channel.project_id, channel.target)
    return channel


def _apply(channel, values):
    if "allow_private" not in values and values["target"] != channel.target:
        # An admin allowed the target they saw, not the one a project
        # puts in its place.
        channel.allow_private = False
    for field in ("name", "kind", "target", "rules", "enabled"):
        setattr(channel, field, values[field])
    if "allow_private" in values:
        channel.allow_private = values["allow_private"]
    if channel.kind == models.Channel.EMAIL:
        channel.sealed_secret = ""
    elif values.get("secret"):
        channel.sealed_secret = secrets.seal(values["secret"],
                                             settings.SECRET_KEY)


def channel_delete(channel):
    channel.delete()


def send_test(channel, now):
    """Queues a test alert; the notifier sends it within seconds."""
    return models.Delivery.objects.create(
        channel=channel, event=models.Delivery.TEST, created_at=now,
        next_attempt_at=now)


def deliveries(channel, limit=50):
    return list(channel.deliveries.select_related("incident")[:limit])


def _policy_key(protection_policy, what):
    return f"policy:{protection_policy.pk}:{what}"


def run_finished(run, state, now):
    """A failed or partly failed run opens its policy's incident; a
    succeeded one ends it."""
    protection_policy = run.policy
    key = _policy_key(protection_policy, "runs")
    if state == policy_models.Run.SUCCEEDED:
        return incidents.resolve_incident(key, now)
    if state not in (policy_models.Run.FAILED, policy_models.Run.PARTIAL):
        return None
    # What the run was closed with.
    failed, reason, volumes = policy_models.Run.objects.values_list(
        "failed", "reason", "volumes").get(pk=run.pk)
    reason = reason or next((
        outcome.get("reason") for outcome in (volumes or {}).values()
        if outcome.get("status") == "failed" and outcome.get("reason")), "")
    summary = _("The run of protection policy %(name)s for %(slot)s "
                "%(state)s: %(failed)s volumes failed. %(reason)s") % {
        "name": protection_policy.name,
        "slot": run.scheduled_for.isoformat(),
        "state": (_("failed") if state == policy_models.Run.FAILED
                  else _("partly failed")),
        "failed": failed, "reason": reason}
    return incidents.open_incident(
        models.RUN_FAILED, key, protection_policy.project_id,
        _("Policy %s is failing") % protection_policy.name, summary.strip(),
        now, project_name=protection_policy.project_name)


def needs_reauthorization(protection_policy, reason, now):
    return incidents.open_incident(
        models.NEEDS_REAUTH, _policy_key(protection_policy, "trust"),
        protection_policy.project_id,
        _("Policy %s needs re-authorization") % protection_policy.name,
        str(reason), now, project_name=protection_policy.project_name)


def reauthorized(protection_policy, now):
    return incidents.resolve_incident(
        _policy_key(protection_policy, "trust"), now)


def operation_failed(event, now):
    """The watchdog found an operation failed without a word from
    Cinder."""
    name = (event.checkpoint_name or event.volume_name or event.group_name
            or event.checkpoint_id or event.volume_id)
    return incidents.open_incident(
        models.OPERATION_FAILED, f"event:{event.pk}", event.project_id,
        _("%(action)s of %(name)s failed") % {
            "action": event.get_action_display(), "name": name},
        event.error, now, project_name=event.project_name)


def objectives_checked(risks, now):
    """Opens an incident for each volume newly past its objective
    (coverage.at_risk) and ends those of volumes that meet it again."""
    keys = {}
    for risk in risks:
        key = f"volume:{risk.volume_id}:objective"
        keys[key] = risk
        name = risk.volume_name or risk.volume_id
        if risk.standing.age is None:
            summary = _("Volume %(name)s has no good checkpoint; policy "
                        "%(policy)s should make one every %(goal)s.")
        else:
            summary = _("The newest good checkpoint of volume %(name)s is "
                        "%(age)s old; policy %(policy)s aims at most "
                        "%(goal)s.")
        incidents.open_incident(
            models.PAST_OBJECTIVE, key, risk.project_id,
            _("Volume %s is past its recovery point objective") % name,
            summary % {"name": name, "policy": risk.policy_name,
                       "goal": risk.standing.objective,
                       "age": risk.standing.age},
            now, project_name=risk.project_name)
    for key in incidents.open_keys(models.PAST_OBJECTIVE) - set(keys):
        incidents.resolve_incident(key, now)
