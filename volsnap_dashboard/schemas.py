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

"""The option schemas of a checkpoint, shared by the panels and Karbor."""

# The seed's two schemas, verbatim: Karbor's UI builds its forms from the
# titles, so they are part of the contract.
OPTIONS_SCHEMA = {
    "title": "Volume Snapshot Protection Options",
    "type": "object",
    "properties": {
        "snapshot_name": {"type": "string", "title": "Snapshot Name",
                          "description": "The name of the volume snapshot."},
        "description": {"type": "string", "title": "Description",
                        "description": "The description of the volume "
                                       "snapshot."},
        "force": {"type": "boolean", "title": "Force",
                  "description": "If force is True, create a snapshot even "
                                 "if the volume is attached to an instance.",
                  "default": False},
    },
    "required": ["snapshot_name", "description", "force"],
}
RESTORE_SCHEMA = {
    "title": "Volume Protection Restore",
    "type": "object",
    "properties": {
        "restore_name": {"type": "string", "title": "Restore Name",
                         "description": "The name of the restored volume.",
                         "default": None},
        "restore_description": {"type": "string",
                                "title": "Restore Description",
                                "description": "The description of the "
                                               "restored volume.",
                                "default": None},
    },
}
# What the dashboard's restore adds to the seed's (Karbor's stays as the
# seed defines it).
RESTORE_OPTIONS_SCHEMA = {
    "type": "object",
    "properties": {
        "size": {"type": "integer", "minimum": 1, "maximum": 2 ** 31 - 1},
        "volume_type": {"type": "string", "maxLength": 255},
        "availability_zone": {"type": "string", "maxLength": 255},
    },
}

SAVED_INFO_SCHEMA = {
    "title": "Volume Protection Saved Info",
    "type": "object",
    "properties": {
        "volume_id": {
            "type": "string",
            "description": "The ID of the protected volume."
        },
        "size": {
            "type": "integer",
            "description": "The size of the protected volume in GiB."
        },
        "snapshot_id": {
            "type": "string",
            "description": "The ID of the snapshot of the checkpoint."
        }
    },
    "required": ["volume_id", "size", "snapshot_id"]
}

VERIFY_SCHEMA = {
    "title": "Volume Protection Verify",
    "type": "object",
    "properties": {}
}

# Cinder's own limit on names and descriptions.
MAX_TEXT_LENGTH = 255

# Characters that reorder or hide text: a name with them can pass for
# another name ("gpj.exe" shown as "exe.jpg").
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                          "\u2066\u2067\u2068\u2069")
CONTROL, BIDI = "control", "bidi"
# What a multi-line text (a description) may hold besides printable text.
LINE_BREAKS = frozenset("\n\r\t")


def text_problem(value, multiline=False):
    """CONTROL or BIDI if `value` is not fit to be a name (or with
    `multiline`, a description), else None: no control characters (C0,
    DEL, C1), no bidirectional controls; a description may break
    lines."""
    allowed = LINE_BREAKS if multiline else frozenset()
    for char in value:
        code = ord(char)
        if char in allowed:
            continue
        if code < 32 or 127 <= code < 160:
            return CONTROL
        if char in BIDI_CONTROLS:
            return BIDI
    return None
