"""The local stack of volsnap-dashboard: one module per component.

Only the standard library is used here: this package is what installs
everything else. `components/` holds one module per service (its config
templates live in `templates/`); `cli.py` strings them together.
"""
