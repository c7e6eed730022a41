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

# The event log of volsnap-dashboard (the admin Snapshot History panel).
#
# Copy into openstack_dashboard/local/local_settings.d/, then create the
# tables once (and after every upgrade of the plugin), with Horizon's
# settings (a pip-installed Horizon has no manage.py):
#
#     mkdir -p /var/lib/volsnap-dashboard   # writable by the web server
#     export DJANGO_SETTINGS_MODULE=openstack_dashboard.settings
#     django-admin migrate --database volsnap_events volsnap_events
#     django-admin migrate --database volsnap_events volsnap_policies
#
# SQLite suits a single Horizon server. Several Horizon servers must share
# one database: set VOLSNAP_EVENTS_DATABASE in local_settings.py to any
# Django database, for example
#
#     VOLSNAP_EVENTS_DATABASE = {
#         'ENGINE': 'django.db.backends.postgresql',  # or .mysql
#         'NAME': 'volsnap', 'HOST': 'db.example.org',
#         'USER': 'volsnap', 'PASSWORD': '...',
#     }
VOLSNAP_EVENTS_DATABASE = globals().get('VOLSNAP_EVENTS_DATABASE') or {
    'ENGINE': 'django.db.backends.sqlite3',
    'NAME': '/var/lib/volsnap-dashboard/events.sqlite3',
}
DATABASES = dict(globals().get('DATABASES') or {})
# Horizon itself needs no database; Django needs a default entry.
DATABASES.setdefault('default', {'ENGINE': 'django.db.backends.dummy'})
DATABASES['volsnap_events'] = VOLSNAP_EVENTS_DATABASE
DATABASE_ROUTERS = list(globals().get('DATABASE_ROUTERS') or []) + [
    'volsnap_dashboard.events.router.EventsRouter']
# Days of history `manage.py volsnap_purge_events` keeps (run it daily from
# cron); None keeps everything.
VOLSNAP_EVENTS_RETENTION_DAYS = globals().get('VOLSNAP_EVENTS_RETENTION_DAYS')
