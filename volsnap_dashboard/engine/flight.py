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

"""The runs one scheduler has in flight, as state that Cinder's answers
move on: no thread waits for a snapshot. A run authorizes through its
policy's trust, resolves its volumes from one listing of the project's
volumes, asks for each checkpoint in one request, and learns which are
available from one listing of the project's checkpoints every
`wait_interval`, shared by every run of the project in flight; the same
listing settles retention's deletes. A run taken over from a scheduler
that stopped first looks for what that one made, by the run's mark.

Everything here runs in the scheduler's thread, between the
dispatcher's calls; the scheduler writes the finished runs.
"""
import collections
import dataclasses
import datetime
import functools
import logging
import math
import time

from volsnap_dashboard.api import backups
from volsnap_dashboard.api import checkpoints
from volsnap_dashboard.api import groups
from volsnap_dashboard.engine import runner
from volsnap_dashboard.engine import units
from volsnap_dashboard.events import terms
from volsnap_dashboard import exceptions
from volsnap_dashboard.i18n import _
from volsnap_dashboard.policies import backups as tier
from volsnap_dashboard.policies import targets

LOG = logging.getLogger(__name__)
# A project's listings take at most about 1 / LISTING_SHARE of the time.
LISTING_SHARE = 4
# Seconds a backup retention waits for Cinder to count a parent's
# dependents down once its last child is gone.
PARENT_SETTLE = 30


@dataclasses.dataclass(eq=False)
class Work:
    """One run in flight."""
    run: object
    taken_at: float
    session: object = None
    resolved: bool = False
    # What stops the whole run (a broken trust, no volume list).
    reason: str = ""
    error: Exception = None
    results: dict = dataclasses.field(default_factory=dict)
    volumes: dict = dataclasses.field(default_factory=dict)
    # {volume (or group) id: name} of the listing the run resolved from.
    names: dict = dataclasses.field(default_factory=dict)
    # Volumes whose create request is out.
    creating: set = dataclasses.field(default_factory=set)
    # {volume id: when Cinder answered its create}: awaiting available.
    accepted: dict = dataclasses.field(default_factory=dict)
    # {checkpoint id: (volume id, when Cinder took the delete or None)}.
    deleting: dict = dataclasses.field(default_factory=dict)
    # The backup tier: what this run backs up (tier.FULL, INCREMENTAL or
    # None); {volume id: when Cinder took its backup or None}; {backup
    # id: (volume id, when Cinder took the delete or None)}; {volume id:
    # deadline} while its backups' retention waits on deletes; {volume
    # id: checkpoint id} to delete once its backup is done with it.
    backup_kind: str = None
    backing_up: dict = dataclasses.field(default_factory=dict)
    deleting_backups: dict = dataclasses.field(default_factory=dict)
    pruning: dict = dataclasses.field(default_factory=dict)
    # {volume id: since when its pruning waits on no delete of ours}.
    pruning_idle: dict = dataclasses.field(default_factory=dict)
    unsnapping: dict = dataclasses.field(default_factory=dict)
    # Volumes whose checkpoint retention waits for the next listing:
    # on NFS, deleting a volume's older snapshot while a backup reads a
    # newer one breaks that backup, so retention comes after it.
    retaining: set = dataclasses.field(default_factory=set)

    @property
    def policy(self):
        return self.run.policy

    @property
    def units(self):
        """Volumes or volume groups (units.py)."""
        return units.of(self.run.policy)

    @property
    def project_id(self):
        return self.run.policy.project_id

    def open(self):
        """How many of its volumes still wait for Cinder."""
        return (len(self.creating) + len(self.accepted) + len(self.deleting)
                + len(self.backing_up) + len(self.deleting_backups)
                + len(self.pruning) + len(self.unsnapping)
                + len(self.retaining))

    def waits_on_listing(self):
        return bool(self.accepted or self.deleting or self.pruning
                    or self.unsnapping or self.deleting_backups
                    or self.retaining
                    or any(self.backing_up.values()))

    def done(self):
        return (self.resolved or bool(self.reason)) and not self.open()


@dataclasses.dataclass
class Project:
    listing_volumes: bool = False
    volume_waiters: list = dataclasses.field(default_factory=list)
    listing_checkpoints: bool = False
    listed_at: float = -math.inf
    # How long the last listing took: a project whose listing is slow
    # (many checkpoints) is listed less often.
    listing_took: float = 0
    # Taken-over runs waiting for a listing to find what was made.
    adopters: list = dataclasses.field(default_factory=list)


class Flight:

    def __init__(self, dispatcher, session_for, settings,
                 clock=time.monotonic, utcnow=None):
        self.dispatcher = dispatcher
        self.session_for = session_for
        self.settings = settings
        self.clock = clock
        self.utcnow = utcnow or (
            lambda: datetime.datetime.now(datetime.timezone.utc))
        self.works = {}
        self.projects = collections.defaultdict(Project)

    def __len__(self):
        return len(self.works)

    def open_volumes(self):
        return sum(work.open() for work in self.works.values())

    def _submit(self, work, kind, call, then, *args):
        self.dispatcher.submit(work.project_id, kind, call,
                               functools.partial(then, *args))

    # ------------------------------------------------------------ start

    def take(self, run):
        # A group policy has no backup tier (its form offers none).
        work = Work(run=run, taken_at=self.clock(),
                    backup_kind=(None if units.of(run.policy).of_groups
                                 else run.policy.backup_kind(run.sequence)))
        self.works[run.pk] = work
        self._submit(work, "keystone",
                     functools.partial(self.session_for, run.policy),
                     self._authorized, work)

    def drop(self, run_id):
        """Another scheduler holds the run now: leave it alone."""
        self.works.pop(run_id, None)

    def _authorized(self, work, session, error):
        if error is not None:
            return self._stop(work, error)
        work.session = session
        project = self.projects[work.project_id]
        project.volume_waiters.append(work)
        if not project.listing_volumes:
            self._list_volumes(work.project_id)

    def _stop(self, work, error):
        work.error = error
        work.reason = (str(error) if isinstance(error, exceptions.VolsnapError)
                       else _("Unexpected error: %s") % error)
        if not isinstance(error, exceptions.VolsnapError):
            LOG.error("Run %s stopped: %r", work.run.pk, error)

    def _list_volumes(self, project_id):
        project = self.projects[project_id]
        waiters, project.volume_waiters = project.volume_waiters, []
        project.listing_volumes = True
        listing = runner.retrying(self.settings)(
            checkpoints.volume_list_detailed)
        self._submit(waiters[-1], "list",
                     functools.partial(listing, waiters[-1].session),
                     self._volumes_listed, project_id, waiters)

    def _volumes_listed(self, project_id, waiters, volumes, error):
        project = self.projects[project_id]
        project.listing_volumes = False
        for work in waiters:
            if error is not None:
                self._stop(work, error)
            elif work.run.pk not in self.works:
                continue
            elif work.units.of_groups:
                self._list_groups(work, volumes)
            else:
                self._resolve(work, volumes)
        if project.volume_waiters:
            self._list_volumes(project_id)

    def _list_groups(self, work, volumes):
        listing = runner.retrying(self.settings)(groups.group_list)
        self._submit(work, "list", functools.partial(listing, work.session),
                     self._groups_listed, work, volumes)

    def _groups_listed(self, work, volumes, found, error):
        if error is not None:
            self._stop(work, error)
        elif work.run.pk in self.works:
            self._resolve(work, found, targets.resolve_groups(
                work.policy.get_targets(), found, volumes))

    def _resolve(self, work, listing, resolved=None):
        resolved = resolved or targets.resolve(
            work.policy.get_targets(), listing, work.policy.force)
        work.names = {unit.id: unit.name for unit in listing}
        for volume_id, reason in resolved.skipped.items():
            work.results[volume_id] = runner.VolumeResult(runner.SKIPPED,
                                                          reason)
        work.volumes = {volume.id: volume for volume in resolved.volumes}
        if work.run.takeovers:
            self.projects[work.project_id].adopters.append(work)
        else:
            self._create(work, work.volumes)

    def _create(self, work, volume_ids):
        work.resolved = True
        for volume_id in volume_ids:
            result = runner.VolumeResult(runner.FAILED)
            work.results[volume_id] = result
            work.creating.add(volume_id)
            self._submit(work, "create", functools.partial(
                work.units.create, work.session, work.policy, work.run.pk,
                work.volumes[volume_id], work.run.scheduled_for,
                self.settings, result), self._created, work, volume_id)

    def _created(self, work, volume_id, checkpoint, error):
        work.creating.discard(volume_id)
        result = work.results[volume_id]
        if error is None:
            result.checkpoint_id = checkpoint.id
            work.accepted[volume_id] = self.clock()
        elif isinstance(error, exceptions.OutcomeUnknown):
            # It may exist: the listings look for it by the run's mark.
            result.reason = str(error)
            work.accepted[volume_id] = self.clock()
        else:
            result.reason = (str(error)
                             if isinstance(error, exceptions.VolsnapError)
                             else _("Unexpected error: %s") % error)

    # ------------------------------------------------------------ polls

    def tick(self):
        """Lists each project with work waiting on Cinder, at most every
        `wait_interval`, and gives up on what took too long."""
        now = self.clock()
        waiting = set()
        for work in self.works.values():
            self._expire(work, now)
            if work.waits_on_listing():
                waiting.add(work.project_id)
        for project_id, project in self.projects.items():
            if project.adopters:
                waiting.add(project_id)
        for project_id in waiting:
            project = self.projects[project_id]
            interval = max(self.settings.wait_interval,
                           LISTING_SHARE * project.listing_took)
            if (not project.listing_checkpoints
                    and now - project.listed_at >= interval):
                self._list_checkpoints(project_id, now)

    def _expire(self, work, now):
        timeout = self.settings.wait_timeout
        for volume_id, accepted in list(work.accepted.items()):
            if now - accepted > timeout:
                del work.accepted[volume_id]
                result = work.results[volume_id]
                if result.checkpoint_id:
                    result.reason = _(
                        "The checkpoint was not available after %d "
                        "seconds; Cinder may still finish it.") % timeout
        for pending in (work.deleting, work.deleting_backups):
            for key, (_volume, asked) in list(pending.items()):
                if asked is not None and now - asked > timeout:
                    del pending[key]
        for volume_id, deadline in list(work.pruning.items()):
            if now > deadline:
                del work.pruning[volume_id]
        for volume_id, asked in list(work.backing_up.items()):
            if (asked is not None
                    and now - asked > self.settings.backup_timeout):
                del work.backing_up[volume_id]
                work.unsnapping.pop(volume_id, None)
                _backup_failed(work.results[volume_id], _(
                    "The backup was not available after %d seconds; Cinder "
                    "may still finish it.") % self.settings.backup_timeout)

    def _list_checkpoints(self, project_id, now):
        project = self.projects[project_id]
        session = next((w.session for w in self.works.values()
                        if w.project_id == project_id and w.session), None)
        if session is None:
            return
        adopters, project.adopters = project.adopters, []
        project.listing_checkpoints, project.listed_at = True, now
        works = [w for w in self.works.values() if w.project_id == project_id]
        retrying = runner.retrying(self.settings)
        # Each kind is listed for the runs that need it, in the same turn.
        listings = {kind: retrying(kind.list_made) for kind in
                    {w.units for w in works + adopters}}
        backup_listing = retrying(backups.backup_list_project) if any(
            w.backup_kind for w in works) else None

        def timed():
            began = self.clock()
            found = {kind: listing(session)
                     for kind, listing in listings.items()}
            made = backup_listing(session) if backup_listing else None
            return found, made, self.clock() - began
        # First: it settles every pending checkpoint of the project.
        self.dispatcher.submit(project_id, "list", timed, functools.partial(
            self._checkpoints_listed, project_id, now, adopters), first=True)

    def _checkpoints_listed(self, project_id, started, adopters, answer,
                            error):
        project = self.projects[project_id]
        project.listing_checkpoints = False
        if error is not None:
            LOG.warning("Listing the checkpoints of project %s failed: %s",
                        project_id, error)
            project.adopters.extend(adopters)
            return
        listings, backup_listing, project.listing_took = answer
        by_id = {kind: {made.id: made for made in listing}
                 for kind, listing in listings.items()}
        for work in adopters:
            self._adopt(work, listings[work.units], started)
        for work in list(self.works.values()):
            if work.project_id == project_id and work.units in listings:
                listing = listings[work.units]
                self._settle(work, listing, by_id[work.units], started,
                             backup_listing)
                if backup_listing is not None and work.backup_kind:
                    self._settle_backups(work, backup_listing,
                                         by_id[work.units], started)

    def _adopt(self, work, listing, started):
        made = _made_by(work, listing)
        for volume_id, checkpoint in made.items():
            if volume_id in work.volumes:
                result = runner.VolumeResult(runner.FAILED,
                                             checkpoint_id=checkpoint.id)
                # The lost scheduler's events went with it.
                runner.adopted_event(result, work.policy,
                                     work.volumes[volume_id], checkpoint,
                                     work.units.protect_action)
                work.results[volume_id] = result
                work.accepted[volume_id] = started
        self._create(work, [volume_id for volume_id in work.volumes
                            if volume_id not in made])

    def _settle(self, work, listing, by_id, started, backup_listing=None):
        made = None
        for volume_id, accepted in list(work.accepted.items()):
            result = work.results[volume_id]
            if result.checkpoint_id:
                found = by_id.get(result.checkpoint_id)
            else:
                made = made if made is not None else _made_by(work, listing)
                found = made.get(volume_id)
                if found is not None:
                    _learn_id(result, found.id, work.units.protect_action)
            if found is None:
                if result.checkpoint_id and started > accepted:
                    del work.accepted[volume_id]
                    result.reason = _("The checkpoint disappeared before it "
                                      "became available.")
                continue
            if found.status == "available":
                del work.accepted[volume_id]
                result.status, result.reason = runner.PROTECTED, ""
                runner.settle_event(result, work.units.protect_action,
                                    found.id, terms.SUCCEEDED)
                if work.backup_kind and backup_listing is not None:
                    self._back_up(work, volume_id, found, backup_listing)
                else:
                    self._retain(work, volume_id, listing)
            elif found.status in checkpoints.ERROR_STATUSES:
                del work.accepted[volume_id]
                error = _went_to(found)
                result.reason = str(error)
                runner.settle_event(result, work.units.protect_action,
                                    found.id, terms.FAILED, error)
        for checkpoint_id, (volume_id, asked) in list(work.deleting.items()):
            if asked is None or started <= asked:
                continue
            result = work.results[volume_id]
            found = by_id.get(checkpoint_id)
            if found is None:
                del work.deleting[checkpoint_id]
                result.deleted += 1
                runner.settle_event(result, work.units.delete_action,
                                    checkpoint_id, terms.SUCCEEDED)
            elif found.status == "error_deleting":
                del work.deleting[checkpoint_id]
                error = _went_to(found)
                result.reason = _("Retention: %s") % error
                runner.settle_event(result, work.units.delete_action,
                                    checkpoint_id, terms.FAILED, error)

    def _retain(self, work, volume_id, listing):
        result = work.results[volume_id]
        for checkpoint in work.units.expired(work.policy, volume_id, listing,
                                             self.utcnow()):
            if checkpoint.id in work.deleting:
                continue
            work.deleting[checkpoint.id] = (volume_id, None)
            self._submit(work, "delete", functools.partial(
                work.units.delete, work.session, work.policy, checkpoint,
                self.settings, result), self._deleted, work, volume_id,
                checkpoint.id)

    def _deleted(self, work, volume_id, checkpoint_id, value, error):
        result = work.results[volume_id]
        if error is None:
            work.deleting[checkpoint_id] = (volume_id, self.clock())
            return
        del work.deleting[checkpoint_id]
        if isinstance(error, exceptions.NotFound):
            result.deleted += 1
        else:
            result.reason = _("Retention: %s") % error

    # ---------------------------------------------------------- backups

    def _back_up(self, work, volume_id, checkpoint, backup_listing):
        """The run's checkpoint of `volume_id` is available: back it up,
        incremental if the tier says so and there is one to build on."""
        result = work.results[volume_id]
        mine = _backups_made_by(work, backup_listing).get(volume_id)
        work.retaining.add(volume_id)
        if mine is not None:
            result.backup_id = mine.id
            work.backing_up[volume_id] = self.clock()
            return
        incremental = work.backup_kind == tier.INCREMENTAL and any(
            b.volume_id == volume_id and b.status == "available"
            for b in backup_listing)
        work.backing_up[volume_id] = None
        self._submit(work, "create", functools.partial(
            runner.back_up, work.session, work.policy, work.run.pk,
            checkpoint, incremental, self.settings, result),
            self._backup_created, work, volume_id)

    def _backup_created(self, work, volume_id, backup, error):
        result = work.results[volume_id]
        if error is None:
            result.backup_id = backup.id
            work.backing_up[volume_id] = self.clock()
        elif isinstance(error, exceptions.OutcomeUnknown):
            result.backup_reason = str(error)
            work.backing_up[volume_id] = self.clock()
        else:
            del work.backing_up[volume_id]
            _backup_failed(result, str(error)
                           if isinstance(error, exceptions.VolsnapError)
                           else _("Unexpected error: %s") % error)

    def _settle_backups(self, work, backup_listing, by_id, started):
        backup_by_id = {b.id: b for b in backup_listing}
        made = _backups_made_by(work, backup_listing)
        for volume_id, asked in list(work.backing_up.items()):
            if asked is None:
                continue
            result = work.results[volume_id]
            found = (backup_by_id.get(result.backup_id) if result.backup_id
                     else made.get(volume_id))
            if found is None:
                if result.backup_id and started > asked:
                    del work.backing_up[volume_id]
                    _backup_failed(result, _("The backup disappeared before "
                                             "it became available."))
                continue
            result.backup_id = found.id
            if found.status == "available":
                del work.backing_up[volume_id]
                result.backup_status, result.backup_reason = (
                    runner.BACKED_UP, "")
                runner.settle_event(result, terms.BACKUP, found.id,
                                    terms.SUCCEEDED, key="backup_id")
                if work.policy.backup_delete_snapshot:
                    work.unsnapping[volume_id] = result.checkpoint_id
                work.pruning[volume_id] = (self.clock()
                                           + self.settings.wait_timeout)
            elif found.status == "error":
                del work.backing_up[volume_id]
                error = exceptions.OperationFailed(
                    _("Backup %(id)s went to status error: %(reason)s")
                    % {"id": found.id, "reason": found.fail_reason
                       or _("Cinder gave no reason.")})
                _backup_failed(result, str(error))
                runner.settle_event(result, terms.BACKUP, found.id,
                                    terms.FAILED, error, key="backup_id")
        for backup_id, (volume_id, asked) in list(
                work.deleting_backups.items()):
            if asked is None or started <= asked:
                continue
            result = work.results[volume_id]
            found = backup_by_id.get(backup_id)
            if found is None:
                del work.deleting_backups[backup_id]
                result.backups_deleted += 1
                runner.settle_event(result, terms.DELETE_BACKUP, backup_id,
                                    terms.SUCCEEDED, key="backup_id")
            elif found.status == "error_deleting":
                del work.deleting_backups[backup_id]
                error = exceptions.OperationFailed(
                    _("Backup %(id)s went to status error_deleting.")
                    % {"id": backup_id})
                result.backup_reason = _("Retention: %s") % error
                runner.settle_event(result, terms.DELETE_BACKUP, backup_id,
                                    terms.FAILED, error, key="backup_id")
        for volume_id in list(work.pruning):
            self._prune(work, volume_id, backup_listing)
        for volume_id, checkpoint_id in list(work.unsnapping.items()):
            self._unsnap(work, volume_id, by_id.get(checkpoint_id))
        for volume_id in list(work.retaining):
            if volume_id not in work.backing_up:
                work.retaining.discard(volume_id)
                self._retain(work, volume_id, list(by_id.values()))

    def _prune(self, work, volume_id, backup_listing):
        """Deletes the backups the tier's retention no longer keeps, the
        children first: a parent goes once a listing shows them gone."""
        going = [b for b in backup_listing if b.id in work.deleting_backups
                 or b.status == "deleting"]
        now, more = runner.expired_backups(
            work.policy, volume_id,
            [b for b in backup_listing if b not in going], self.utcnow())
        asked = [b for b in now if b.id not in work.deleting_backups]
        for backup in asked:
            work.deleting_backups[backup.id] = (volume_id, None)
            self._submit(work, "delete", functools.partial(
                runner.delete_backup, work.session, work.policy, backup,
                self.settings, work.results[volume_id]),
                self._backup_deleted, work, volume_id, backup.id)
        waiting = any(v == volume_id
                      for v, _asked in work.deleting_backups.values())
        if asked or waiting:
            work.pruning_idle.pop(volume_id, None)
            return
        idle = work.pruning_idle.setdefault(volume_id, self.clock())
        # Cinder counts a parent's dependents down just after its child
        # leaves the listing; past a moment, something else holds it.
        if not more or self.clock() - idle > PARENT_SETTLE:
            del work.pruning[volume_id]
            work.pruning_idle.pop(volume_id, None)

    def _backup_deleted(self, work, volume_id, backup_id, value, error):
        result = work.results[volume_id]
        if error is None:
            work.deleting_backups[backup_id] = (volume_id, self.clock())
            return
        del work.deleting_backups[backup_id]
        if isinstance(error, exceptions.NotFound):
            result.backups_deleted += 1
        else:
            result.backup_reason = _("Retention: %s") % error

    def _unsnap(self, work, volume_id, checkpoint):
        """"Snapshot, back up, delete the snapshot": once Cinder is done
        backing the checkpoint up."""
        if checkpoint is None:
            del work.unsnapping[volume_id]
        elif checkpoint.status == "available":
            del work.unsnapping[volume_id]
            work.deleting[checkpoint.id] = (volume_id, None)
            self._submit(work, "delete", functools.partial(
                runner.delete, work.session, work.policy, checkpoint,
                self.settings, work.results[volume_id]), self._deleted,
                work, volume_id, checkpoint.id)

    # ------------------------------------------------------------ end

    def finished(self):
        """The runs with nothing left to wait for, out of the flight."""
        done = [work for work in self.works.values() if work.done()]
        for work in done:
            del self.works[work.run.pk]
        return done


def _went_to(checkpoint):
    return exceptions.OperationFailed(
        _("Checkpoint %(id)s went to status %(status)s.")
        % {"id": checkpoint.id, "status": checkpoint.status})


def _made_by(work, listing):
    """{volume (or group) id: checkpoint} of what this run already made."""
    mark, kind = str(work.run.pk), work.units
    return {kind.unit_of(c): c for c in listing if kind.run_of(c) == mark}


def _backups_made_by(work, backup_listing):
    """{volume id: backup} of what this run already backed up."""
    mark = str(work.run.pk)
    return {b.volume_id: b for b in backup_listing
            if b.ours and b.metadata.get(checkpoints.RUN_KEY) == mark}


def _backup_failed(result, reason):
    """The backup step failed; the checkpoint stays, and so does the
    volume's result."""
    result.backup_status, result.backup_reason = runner.FAILED, reason


def _learn_id(result, checkpoint_id, action=terms.PROTECT):
    """A create with an unclear answer did happen: its event and result
    name the checkpoint now."""
    result.checkpoint_id = checkpoint_id
    for index, (kind, actor, outcome, error, fields) in enumerate(
            result.events):
        if kind == action and not fields.get("checkpoint_id"):
            result.events[index] = (kind, actor, outcome, error,
                                    dict(fields, checkpoint_id=checkpoint_id))
