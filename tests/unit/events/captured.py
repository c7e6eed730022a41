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

"""Notifications the local Cinder (29) really sent, captured from the
stack's broker (see data/README) with their ids made readable, and
re-stamped on demand so that a test never depends on the day it runs."""
import copy
import datetime
import json
import os

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data",
                    "cinder-notifications.json")
USER_ID = "11111111111111111111111111111111"
PROJECT_ID = "22222222222222222222222222222222"
VOLUME_ID = "33333333-3333-3333-3333-333333333333"
SNAPSHOT_ID = "44444444-4444-4444-4444-444444444444"
RESTORED_ID = "55555555-5555-5555-5555-555555555555"
BACKUP_ID = "66666666-6666-6666-6666-666666666666"

# Where each message carries a time.
TIMES = (("ctxt", "timestamp"), ("metadata", "timestamp"),
         ("payload", "created_at"), ("payload", "launched_at"))

with open(DATA) as _f:
    MESSAGES = {m["event_type"]: m for m in json.load(_f)}
# A revert that succeeded, then one that failed in the driver: start and
# end of each (data/README).
with open(os.path.join(os.path.dirname(DATA),
                       "cinder-revert-notifications.json")) as _f:
    REVERTS = json.load(_f)
# A backup of the snapshot, its restore into a new volume and its delete.
with open(os.path.join(os.path.dirname(DATA),
                       "cinder-backup-notifications.json")) as _f:
    BACKUPS = {m["event_type"]: m for m in json.load(_f)}


# A group protected, restored and deleted, in the order Cinder sent it.
with open(os.path.join(os.path.dirname(DATA),
                       "cinder-group-notifications.json")) as _f:
    GROUPS = json.load(_f)
GROUP_ID = "77777777-7777-7777-7777-777777777777"
GROUP_SNAPSHOT_ID = "88888888-8888-8888-8888-888888888888"
MEMBER_IDS = ("88888880-0000-0000-0000-000000000000",
              "88888881-0000-0000-0000-000000000000")
RESTORED_GROUP_ID = "99999999-9999-9999-9999-999999999999"


def _moment(text):
    moment = datetime.datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.timezone.utc)
    return moment


# When Cinder sent the first of them.
CAPTURED_AT = min(_moment(m["metadata"]["timestamp"])
                  for m in MESSAGES.values())
REVERTS_AT = min(_moment(m["metadata"]["timestamp"]) for m in REVERTS)
BACKUPS_AT = min(_moment(m["metadata"]["timestamp"])
                 for m in BACKUPS.values())
GROUPS_AT = min(_moment(m["metadata"]["timestamp"]) for m in GROUPS)


def _shifted(text, delta):
    moment = datetime.datetime.fromisoformat(text) + delta
    return moment.isoformat(sep=" " if " " in text else "T")


def message(event_type, at=None, **payload_changes):
    """(ctxt, event_type, payload, metadata) as the listener gets them;
    `event_type` names a message of MESSAGES or BACKUPS, or is one (of
    REVERTS).

    With `at`, every time in the message is moved by the same amount, so
    that the capture begins at `at` and its messages keep their order and
    their distances.
    """
    if not isinstance(event_type, str):
        found = copy.deepcopy(event_type)
        base = GROUPS_AT if event_type in GROUPS else REVERTS_AT
    elif event_type in BACKUPS:
        found, base = copy.deepcopy(BACKUPS[event_type]), BACKUPS_AT
    else:
        found, base = copy.deepcopy(MESSAGES[event_type]), CAPTURED_AT
    if at is not None:
        delta = at - base
        for part, key in TIMES:
            if found[part].get(key):
                found[part][key] = _shifted(found[part][key], delta)
    found["payload"].update(payload_changes)
    return (found["ctxt"], found["event_type"], found["payload"],
            found["metadata"])


def group_messages(at, *event_prefixes):
    """The group capture's messages whose type starts with one of the
    prefixes, in Cinder's order, re-stamped to begin at `at`."""
    return [message(m, at=at) for m in GROUPS
            if m["event_type"].startswith(event_prefixes)]
