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

"""The protection policy lifecycle: what a user or the scheduler does to
a policy, and the one place that writes policies. Panels and the
scheduler call these; each takes the time it acts at, so it is tested
with a fixed clock."""
from django.conf import settings
from django.db.models import F

from volsnap_dashboard.api import checkpoints as api_checkpoints
from volsnap_dashboard.api import trusts
from volsnap_dashboard.events import recorder
from volsnap_dashboard.events import terms
from volsnap_dashboard import exceptions
from volsnap_dashboard.i18n import _
from volsnap_dashboard.operations import alerts as alert_operations
from volsnap_dashboard.operations import checkpoints
from volsnap_dashboard.policies import claims
from volsnap_dashboard.policies import models
from volsnap_dashboard.policies import schedule


def trust_roles():
    return getattr(settings, "VOLSNAP_TRUST_ROLES", ["member"])


def _trustee():
    trustee = getattr(settings, "VOLSNAP_SERVICE_USER_ID", None)
    if not trustee:
        raise exceptions.InvalidState(
            _("Protection policies are not set up on this cloud "
              "(VOLSNAP_SERVICE_USER_ID)."))
    return trustee


def schedule_actor(protection_policy):
    """Scheduled work names the user the policy acts for."""
    return {"source": terms.SOURCE_SCHEDULE,
            "project_id": protection_policy.project_id,
            "project_name": protection_policy.project_name,
            "user_id": protection_policy.trustor_id,
            "user_name": f"{protection_policy.trustor_name} "
                         f"(policy {protection_policy.name})"}


def protection_policy_get(project_id, protection_policy_id):
    """The project's policy; NotFound for any other id."""
    try:
        return models.Policy.objects.get(pk=protection_policy_id,
                                         project_id=project_id)
    except (models.Policy.DoesNotExist, ValueError, TypeError):
        raise exceptions.NotFound(
            _("Protection policy %s was not found.") % protection_policy_id)


def _next_run(protection_policy, now):
    return schedule.next_run(protection_policy.get_schedule(), now)


def create(request, values):
    """A new policy of the request's project, acting through a new trust
    from the request's user; `values` are the policy's fields."""
    trust_id = trusts.trust_create(request, _trustee(), trust_roles())
    user = request.user
    try:
        protection_policy = models.Policy.objects.create(
            project_id=user.project_id,
            project_name=user.project_name or "", trust_id=trust_id,
            trustor_id=user.id, trustor_name=user.username, **values)
    except Exception:
        trusts.trust_delete(request, trust_id)
        raise
    # The spread's offset is the new id's.
    _move_to(protection_policy, protection_policy.next_run_at)
    return protection_policy


def _move_to(protection_policy, slot, **changes):
    fields = protection_policy.slot_fields(slot)
    for name, value in fields.items():
        setattr(protection_policy, name, value)
    models.Policy.objects.filter(pk=protection_policy.pk).update(
        **fields, **changes)


# A change to these starts the backup tier's count of runs again.
BACKUP_SHAPE = ("backup_every", "backup_full_every")


def edit(protection_policy, values):
    if any(values.get(name, getattr(protection_policy, name))
           != getattr(protection_policy, name) for name in BACKUP_SHAPE):
        values = dict(values, backup_since=F("runs_made"))
    models.Policy.objects.filter(pk=protection_policy.pk).update(**values)
    protection_policy.refresh_from_db()
    _move_to(protection_policy, protection_policy.next_run_at)


def run_now(protection_policy, now):
    """Queues a run that the next free scheduler takes."""
    with claims.atomic():
        return models.Run.objects.create(
            policy=protection_policy, trigger=models.Run.MANUAL,
            scheduled_for=now, due_at=now, state=models.Run.QUEUED,
            sequence=claims.next_sequence(protection_policy))


def pause(protection_policy):
    models.Policy.objects.filter(
        pk=protection_policy.pk, state=models.Policy.ACTIVE).update(
        state=models.Policy.PAUSED, state_reason="")


def resume(protection_policy, now):
    """Active again from the next slot after `now`: slots that passed
    while it was paused are not caught up."""
    models.Policy.objects.filter(
        pk=protection_policy.pk, state=models.Policy.PAUSED).update(
        state=models.Policy.ACTIVE, state_reason="",
        **protection_policy.slot_fields(_next_run(protection_policy, now)))


def mark_needs_reauthorization(protection_policy, reason, now):
    """The policy's trust stopped working: it waits for a member of its
    project to re-authorize it."""
    models.Policy.objects.filter(pk=protection_policy.pk).update(
        state=models.Policy.NEEDS_REAUTH, state_reason=str(reason))
    alert_operations.needs_reauthorization(protection_policy, reason, now)


def reauthorize(request, protection_policy, now):
    """Replaces the policy's trust with one from the request's user."""
    trust_id = trusts.trust_create(request, _trustee(), trust_roles())
    old = protection_policy.trust_id
    models.Policy.objects.filter(pk=protection_policy.pk).update(
        trust_id=trust_id, trustor_id=request.user.id,
        trustor_name=request.user.username, state=models.Policy.ACTIVE,
        state_reason="",
        **protection_policy.slot_fields(_next_run(protection_policy, now)))
    trusts.trust_delete(request, old)
    alert_operations.reauthorized(protection_policy, now)


def delete(request, protection_policy, with_checkpoints=False):
    """Deletes the policy and its trust, and with `with_checkpoints` every
    checkpoint it made first. Returns the failures; with any, the policy
    is kept, so that a second try finds what is left."""
    failures = []
    if with_checkpoints:
        failures = _delete_checkpoints(request, protection_policy)
    if failures:
        return failures
    models.Policy.objects.filter(pk=protection_policy.pk).delete()
    trusts.trust_delete(request, protection_policy.trust_id)
    return []


def _delete_checkpoints(request, protection_policy):
    journal = recorder.journal(request)
    failures = []
    try:
        made = api_checkpoints.checkpoint_list_marked(
            request, None,
            {api_checkpoints.POLICY_KEY: str(protection_policy.id)})
    except exceptions.VolsnapError as exc:
        return [str(exc)]
    for checkpoint in made:
        try:
            checkpoints.delete(request, journal, checkpoint)
        except exceptions.NotFound:
            continue
        except exceptions.VolsnapError as exc:
            failures.append(str(exc))
    return failures
