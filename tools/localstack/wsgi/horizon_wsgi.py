"""Horizon's WSGI application with its collected static files served.

The local stack runs with DEBUG off, as production does, so Django does not
serve static files; WhiteNoise serves STATIC_ROOT instead of a web server.
"""
import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from whitenoise import WhiteNoise

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openstack_dashboard.settings")

application = WhiteNoise(get_wsgi_application(), root=settings.STATIC_ROOT,
                         prefix=settings.STATIC_URL)
