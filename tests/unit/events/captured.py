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
stack's broker (see data/README) with their ids made readable."""
import copy
import json
import os

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data",
                    "cinder-notifications.json")
USER_ID = "11111111111111111111111111111111"
PROJECT_ID = "22222222222222222222222222222222"
VOLUME_ID = "33333333-3333-3333-3333-333333333333"
SNAPSHOT_ID = "44444444-4444-4444-4444-444444444444"
RESTORED_ID = "55555555-5555-5555-5555-555555555555"

with open(DATA) as _f:
    MESSAGES = {m["event_type"]: m for m in json.load(_f)}


def message(event_type, **payload_changes):
    """(ctxt, event_type, payload, metadata) as the listener gets them."""
    found = copy.deepcopy(MESSAGES[event_type])
    found["payload"].update(payload_changes)
    return (found["ctxt"], found["event_type"], found["payload"],
            found["metadata"])
