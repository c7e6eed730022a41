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

"""What several components of the stack share, so that none imports
another for it: the service users Keystone provisions, the catalog, and
where Horizon keeps the event log."""
import os

from localstack import config

SERVICE_USERS = {
    "cinder": {"password": "cinder-secret", "project": "service",
               "roles": ["service", "admin"]},
    "karbor": {"password": "karbor-secret", "project": "service",
               "roles": ["service", "admin"]},
    # The trustee of the protection policies' trusts, as which the
    # schedulers act.
    "volsnap": {"password": "volsnap-secret", "project": "service",
                "roles": ["service"]},
    # volsnap-watchdog reads every project's objects.
    "volsnap-watchdog": {"password": "volsnap-watchdog-secret",
                         "project": "service", "roles": ["service", "admin"]},
}
VOLSNAP_SERVICE_USER = "volsnap"
VOLSNAP_WATCHDOG_USER = "volsnap-watchdog"
# Cinder's notifications for volsnap-listener (templates/cinder.conf).
NOTIFICATION_TOPIC = "volsnap_notifications"
# Where each of volsnap's services serves its Prometheus figures.
METRICS_PORTS = {"volsnap-scheduler": 9311, "volsnap-listener": 9312,
                 "volsnap-watchdog": 9313}

CINDER_PORT, KARBOR_PORT = 8776, 8799
CINDER_URL = f"http://{config.HOST}:{CINDER_PORT}/v3"
KARBOR_URL = f"http://{config.HOST}:{KARBOR_PORT}/v1"
CATALOG = [
    ("block-storage", "cinder", CINDER_URL + "/%(project_id)s"),
    ("volumev3", "cinderv3", CINDER_URL + "/%(project_id)s"),
    ("data-protect", "karbor", KARBOR_URL + "/$(project_id)s"),
]

HORIZON_HOME = os.path.join(config.STATE, "horizon")
# Named in templates/horizon_local_settings.py as well.
EVENTS_DATABASE = os.path.join(HORIZON_HOME, "events.sqlite3")
