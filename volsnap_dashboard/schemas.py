"""The option schemas of a checkpoint, shared by the panels and Karbor."""

OPTIONS_SCHEMA = {
    "title": "Volume Snapshot Protection Options",
    "type": "object",
    "properties": {
        "snapshot_name": {
            "type": "string",
            "description": "The name of the volume snapshot."
        },
        "description": {
            "type": "string",
            "description": "The description of the volume snapshot."
        },
        "force": {
            "type": "boolean",
            "default": False,
            "description": "If force is True, create a snapshot even if the "
                           "volume is attached to an instance."
        }
    },
    "required": ["snapshot_name", "description", "force"]
}

RESTORE_SCHEMA = {
    "title": "Volume Protection Restore",
    "type": "object",
    "properties": {
        "restore_name": {
            "type": "string",
            "default": None,
            "description": "The name of the restored volume."
        },
        "restore_description": {
            "type": "string",
            "default": None,
            "description": "The description of the restored volume."
        }
    }
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
