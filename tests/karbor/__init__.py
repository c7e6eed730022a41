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

# The seed's two schemas, word for word: the contract the plugin's
# get_options_schema and get_restore_schema must equal.
SEED_OPTIONS_SCHEMA = {
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
SEED_RESTORE_SCHEMA = {
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
