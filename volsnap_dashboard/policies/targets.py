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

"""Which volumes a policy protects: a fixed list, every volume of the
project, or every volume whose metadata has a key (with a value),
resolved at each run from one listing of the project's volumes, so a
volume made by Heat, Terraform or the CLI with the key is protected from
its first run on. Or which volume groups, each protected as one group
checkpoint: a fixed list, or every group whose name matches a pattern
(Cinder's groups have no metadata). Pure functions of the policy's
targets and a listing.
"""
import dataclasses
import fnmatch

from volsnap_dashboard.i18n import _

LISTED, PROJECT, METADATA = "listed", "project", "metadata"
GROUPS, GROUP_NAME = "groups", "group_name"
GROUP_KINDS = (GROUPS, GROUP_NAME)
PROTECTABLE = ("available", "in-use")


@dataclasses.dataclass(frozen=True)
class Targets:
    kind: str = LISTED
    volume_ids: tuple = ()
    key: str = ""
    # Blank: any value of `key`.
    value: str = ""
    group_ids: tuple = ()
    # GROUP_NAME: a shell-style pattern (fnmatch) of group names.
    pattern: str = ""

    @property
    def of_groups(self):
        return self.kind in GROUP_KINDS

    def why_group(self, group):
        """Why these targets cover volume group `group` (its id and
        name), for the user; None if they do not."""
        if self.kind == GROUPS:
            return _("Listed") if group.id in self.group_ids else None
        if self.kind == GROUP_NAME and fnmatch.fnmatchcase(group.name or "",
                                                           self.pattern):
            return _("Group name matches %s") % self.pattern
        return None

    def why(self, volume):
        """Why these targets cover `volume` (its id and metadata), for
        the user; None if they do not."""
        if self.kind == PROJECT:
            return _("Every volume of the project")
        if self.kind == METADATA:
            metadata = volume.metadata or {}
            if self.key in metadata and (
                    not self.value or metadata[self.key] == self.value):
                return _("Metadata %(key)s=%(value)s") % {
                    "key": self.key, "value": metadata[self.key]}
            return None
        return _("Listed") if volume.id in self.volume_ids else None

    def describe(self):
        if self.kind == GROUP_NAME:
            return _("Volume groups named %s") % self.pattern
        if self.kind == PROJECT:
            return _("Every volume of the project")
        if self.kind == METADATA:
            if self.value:
                return _("Volumes with metadata %(key)s=%(value)s") % {
                    "key": self.key, "value": self.value}
            return _("Volumes with metadata key %s") % self.key
        return None


@dataclasses.dataclass(frozen=True)
class Resolved:
    # The volumes to protect now, in the listing's order.
    volumes: tuple
    # {volume id: reason} for what the run leaves alone.
    skipped: dict


def _listed(ids, listing, gone):
    """The listed ids' items of `listing`, once each in the ids' order,
    and {id: `gone`} for those the listing lacks."""
    by_id = {item.id: item for item in listing}
    return ([by_id[i] for i in dict.fromkeys(ids) if i in by_id],
            {i: gone for i in ids if i not in by_id})


def resolve(targets, volumes, force):
    """What a run protects of `volumes` (the project's listing, each
    with id, status and metadata): the covered ones that can be
    snapshotted now. A listed volume the listing lacks is gone; an
    attached one needs `force`."""
    if targets.kind == LISTED:
        chosen, skipped = _listed(targets.volume_ids, volumes,
                                  _("The volume is gone."))
    else:
        chosen = [volume for volume in volumes if targets.why(volume)]
        skipped = {}
    protect = []
    for volume in chosen:
        if volume.status not in PROTECTABLE:
            skipped[volume.id] = _(
                "The volume is %s; only available or in-use volumes are "
                "protected.") % volume.status
        elif volume.status == "in-use" and not force:
            skipped[volume.id] = _(
                "The volume is attached and the policy does not snapshot "
                "attached volumes (force is off).")
        else:
            protect.append(volume)
    return Resolved(volumes=tuple(protect), skipped=skipped)


def matching(targets, volumes):
    """How many of `volumes` the targets cover now (the form's count)."""
    return sum(1 for volume in volumes if targets.why(volume))


def resolve_groups(targets, groups, volumes):
    """What a run protects of `groups` (the project's group listing,
    each with id, name, status and volume_ids), given `volumes` (the
    project's volume listing): the covered groups whose every volume can
    be snapshotted now (Cinder snapshots a group's in-use volumes without
    force). A listed group the listing lacks is gone."""
    if targets.kind == GROUPS:
        chosen, skipped = _listed(targets.group_ids, groups,
                                  _("The volume group is gone."))
    else:
        chosen = [group for group in groups if targets.why_group(group)]
        skipped = {}
    volume_by_id = {volume.id: volume for volume in volumes}
    protect = []
    for group in chosen:
        members = [volume_by_id.get(i) for i in group.volume_ids]
        busy = next((v for v in members
                     if v is not None and v.status not in PROTECTABLE), None)
        if group.status != "available":
            skipped[group.id] = _(
                "The volume group is %s; only available groups are "
                "protected.") % group.status
        elif not group.volume_ids:
            skipped[group.id] = _("The volume group has no volumes.")
        elif busy is not None:
            skipped[group.id] = _(
                "Volume %(name)s of the group is %(status)s; every volume "
                "of a group must be available or in use.") % {
                    "name": busy.name, "status": busy.status}
        else:
            protect.append(group)
    return Resolved(volumes=tuple(protect), skipped=skipped)
