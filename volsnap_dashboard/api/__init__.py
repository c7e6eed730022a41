from volsnap_dashboard.api import checkpoints  # noqa: F401
