"""Unit test settings: Horizon's test settings plus the plugin."""
import openstack_dashboard.enabled
from openstack_dashboard.test.settings import *  # noqa: F401,F403
from openstack_dashboard.test.settings import HORIZON_CONFIG, INSTALLED_APPS
from openstack_dashboard.utils import settings as settings_utils

from volsnap_dashboard import enabled as volsnap_enabled

HORIZON_CONFIG.pop('dashboards', None)
HORIZON_CONFIG.pop('default_dashboard', None)
INSTALLED_APPS = list(INSTALLED_APPS)
settings_utils.update_dashboards(
    [openstack_dashboard.enabled, volsnap_enabled],
    HORIZON_CONFIG, INSTALLED_APPS)
INSTALLED_APPS = list(dict.fromkeys(INSTALLED_APPS))

ALLOWED_HOSTS = ['testserver', 'localhost', '127.0.0.1']

DATABASES = {
    'default': {'ENGINE': 'django.db.backends.sqlite3', 'NAME': ':memory:'},
}
