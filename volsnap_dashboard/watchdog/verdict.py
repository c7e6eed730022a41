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

"""What the watchdog makes of an operation still open past its deadline,
given what Cinder says of its object now. Pure: the loop
(engine/watchdog.py) asks Cinder and writes the answer."""
import dataclasses
import datetime

from volsnap_dashboard.events import terms
from volsnap_dashboard.i18n import _

# Cinder's answer for an object it no longer knows.
GONE = "(gone)"
# Cinder's messages can be many; the reason keeps their start.
REASON_LENGTH = 2000
SNAPSHOT, VOLUME, BACKUP, GROUP, GROUP_SNAPSHOT = (
    "snapshot", "volume", "backup", "group", "group_snapshot")
S, F = terms.SUCCEEDED, terms.FAILED
# Per action: which object to ask about (its kind and the row's column
# naming it) and which of its statuses settle the operation how. Any
# other status is Cinder still at work: the row stays open.
RULES = {
    terms.PROTECT: (SNAPSHOT, "checkpoint_id",
                    {"available": S, "error": F}),
    terms.DELETE: (SNAPSHOT, "checkpoint_id",
                   {GONE: S, "error_deleting": F, "error": F,
                    "available": F}),
    terms.REVERT: (VOLUME, "volume_id",
                   {"available": S, "in-use": S, "error": F}),
    terms.RESTORE: (VOLUME, "restored_volume_id",
                    {"available": S, "in-use": S, "error": F}),
    terms.BACKUP: (BACKUP, "backup_id", {"available": S, "error": F}),
    terms.RESTORE_BACKUP: (VOLUME, "restored_volume_id",
                           {"available": S, "in-use": S,
                            "error_restoring": F, "error": F}),
    terms.DELETE_BACKUP: (BACKUP, "backup_id",
                          {GONE: S, "error_deleting": F, "error": F,
                           "available": F}),
    terms.PROTECT_GROUP: (GROUP_SNAPSHOT, "checkpoint_id",
                          {"available": S, "error": F}),
    terms.DELETE_GROUP: (GROUP_SNAPSHOT, "checkpoint_id",
                         {GONE: S, "error_deleting": F, "error": F,
                          "available": F}),
    terms.RESTORE_GROUP: (GROUP, "restored_group_id",
                          {"available": S, "error": F}),
}
# Seconds an operation may stay open before the watchdog asks Cinder:
# longer than the listener's match of an intent to its notice (15
# minutes), so that the notices have had their chance.
DEADLINES = {terms.PROTECT: 3600, terms.DELETE: 3600, terms.REVERT: 7200,
             terms.RESTORE: 7200, terms.BACKUP: 86400,
             terms.RESTORE_BACKUP: 86400, terms.DELETE_BACKUP: 7200,
             terms.PROTECT_GROUP: 7200, terms.DELETE_GROUP: 7200,
             terms.RESTORE_GROUP: 7200}


@dataclasses.dataclass(frozen=True)
class Settlement:
    outcome: str
    cinder_status: str
    reason: str


def subject(action, row):
    """(kind, id) of the Cinder object to ask about, or None when the row
    names none (an intent whose call never answered)."""
    kind, column, _rules = RULES[action]
    object_id = row.get(column)
    return (kind, object_id) if object_id else None


def settle(action, status, messages=()):
    """The Settlement of an open `action` whose object Cinder reports in
    `status` (GONE when it no longer knows it), with Cinder's user
    messages about it; None while Cinder is still at work."""
    kind, _column, rules = RULES[action]
    outcome = rules.get(status)
    if outcome == S:
        return Settlement(S, _status(status), "")
    if outcome == F:
        reason = _("Cinder reports the %(kind)s in status %(status)s.") % {
            "kind": kind.replace("_", " "), "status": status}
        if status == GONE:
            reason = _("Cinder no longer knows the %(kind)s.") % {
                "kind": kind.replace("_", " ")}
        said = "; ".join(dict.fromkeys(m for m in messages if m))
        return Settlement(F, _status(status),
                          f"{reason} {said}".strip()[:REASON_LENGTH])
    if status == GONE:
        return Settlement(terms.UNKNOWN, "", _(
            "unknown: Cinder no longer knows it"))
    return None


def unaskable():
    """The Settlement of an open row that names no Cinder object."""
    return Settlement(terms.UNKNOWN, "", _(
        "unknown: no Cinder object was recorded, so Cinder cannot be "
        "asked"))


def _status(status):
    return "" if status == GONE else status[:32]


def deadline(action, deadlines):
    return datetime.timedelta(seconds=deadlines.get(action,
                                                    DEADLINES[action]))


def cutoffs(now, deadlines):
    """Per action, the moment before which an open row is overdue."""
    return {action: now - deadline(action, deadlines) for action in RULES}
