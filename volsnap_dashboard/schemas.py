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
