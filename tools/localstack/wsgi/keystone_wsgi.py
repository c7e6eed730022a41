"""Keystone's WSGI application for gunicorn.

oslo.config parses sys.argv when Keystone loads and rejects gunicorn's own
flags, which makes every worker die and respawn; so the argv is cut first.
"""
import sys

sys.argv = sys.argv[:1]

from keystone.wsgi.api import application  # noqa: E402,F401
