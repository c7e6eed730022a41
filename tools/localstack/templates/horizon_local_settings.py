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

# Horizon settings of the local development stack (tools/localstack copies
# this file to <state>/horizon/local/local_settings.py).
import json
import os

_HOME = os.environ["VOLSNAP_HORIZON_HOME"]

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
with open(os.path.join(_HOME, "secret_key")) as _f:
    SECRET_KEY = _f.read().strip()

OPENSTACK_HOST = "127.0.0.1"
OPENSTACK_KEYSTONE_URL = os.environ["VOLSNAP_KEYSTONE_URL"]
OPENSTACK_KEYSTONE_DEFAULT_ROLE = "member"
OPENSTACK_API_VERSIONS = {"identity": 3, "volume": 3}

# Without Nova the default landing page answers 403.
LOGIN_REDIRECT_URL = "/project/protection/"

# Shared by every gunicorn worker; a per-worker cache logs users out.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.path.join(_HOME, "cache"),
    },
}
SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False

# Read by the plugin's local_settings.d snippet (_90_volsnap_events.py);
# VOLSNAP_EVENTS_DATABASE_JSON puts a process on another database (the
# tests run several schedulers on the stack's PostgreSQL that way).
VOLSNAP_EVENTS_DATABASE = json.loads(os.environ.get(
    "VOLSNAP_EVENTS_DATABASE_JSON", "null")) or {
    "ENGINE": "django.db.backends.sqlite3",
    "NAME": os.path.join(_HOME, "events.sqlite3"),
}

STATIC_ROOT = os.path.join(_HOME, "static")
COMPRESS_OFFLINE = True
COMPRESS_ROOT = STATIC_ROOT

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "keystoneauth": {"level": "WARNING"},
        "urllib3": {"level": "WARNING"},
    },
}

# The service user, the scheduler's credentials and the listener's broker
# are in local_settings.d/_91_volsnap_services.py, written from the
# template DevStack fills in too (components/horizon.py); these are the
# local stack's own.
# Quick looks, so that "Run now" starts within seconds here.
# Each service serves its Prometheus figures on its port of
# facts.METRICS_PORTS.
_METRICS = json.loads(os.environ["VOLSNAP_METRICS_PORTS"])


def _metrics(service):
    return {"metrics_port": _METRICS[service], "metrics_host": "127.0.0.1"}


VOLSNAP_SCHEDULER = dict(_metrics("volsnap-scheduler"), poll_interval=2,
                         wait_timeout=120, wait_interval=0.5)
VOLSNAP_SCHEDULER.update(json.loads(
    os.environ.get("VOLSNAP_SCHEDULER_JSON", "{}")))
VOLSNAP_LISTENER = _metrics("volsnap-listener")
VOLSNAP_WATCHDOG = dict(_metrics("volsnap-watchdog"), interval=5)
VOLSNAP_WATCHDOG.update(json.loads(
    os.environ.get("VOLSNAP_WATCHDOG_JSON", "{}")))
VOLSNAP_EVENTS_RETENTION_DAYS = 400
# Short, so that the tests of a hung Cinder finish soon (the default: 60).
VOLSNAP_CINDER_TIMEOUT = 20
