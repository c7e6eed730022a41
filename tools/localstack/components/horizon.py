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

"""Horizon with the plugin under gunicorn; WhiteNoise serves static files."""
import json
import os
import shutil
import string
import subprocess
import urllib.request

from localstack.components import keystone
from localstack.components import rabbitmq
from localstack import config
from localstack import facts
from localstack import install
from localstack import processes

PROCESSES = ["horizon"]
# Fonts, so that screenshots of the browser tests show text; faketime for
# the unit tests with the clock moved ahead.
APT = ["chromium", "chromium-driver", "fonts-liberation", "faketime"]
VENVS = [install.HORIZON]
NEEDS = ["keystone"]

PORT = int(os.environ.get("VOLSNAP_HORIZON_PORT", "8000"))
URL = f"http://{config.HOST}:{PORT}"
HOME = facts.HORIZON_HOME
SERVICES_SETTINGS = "_91_volsnap_services.py"
SERVICES_TEMPLATE = os.path.join(config.REPO, "enabled", "local_settings.d",
                                 SERVICES_SETTINGS + ".template")
BANNER = [f"Horizon    {URL}/",
          "           Project > Volumes > Protection and Checkpoints;",
          "           Admin > Volume > Snapshot History (as admin)"]


def installed_dirs():
    """openstack_dashboard's and volsnap_dashboard's installed folders."""
    return subprocess.check_output(
        [install.HORIZON.bin("python"), "-c",
         "import os, openstack_dashboard, volsnap_dashboard;"
         "print(os.path.dirname(openstack_dashboard.__file__));"
         "print(os.path.dirname(volsnap_dashboard.__file__))"],
        cwd=config.STATE, text=True).split()


def after_install():
    """Copies the plugin's enabled files, as an operator does."""
    dashboard_dir, plugin_dir = installed_dirs()
    for folder in ("enabled", os.path.join("enabled", "local_settings.d")):
        target = os.path.join(dashboard_dir, "local",
                              os.path.basename(folder))
        for name in os.listdir(target):
            # The services' settings are written, not copied.
            if (name.startswith("_") and "volsnap" in name
                    and name != SERVICES_SETTINGS):
                os.unlink(os.path.join(target, name))
        source = os.path.join(plugin_dir, folder)
        for name in sorted(os.listdir(source)):
            if name.startswith("_") and name.endswith(".py"):
                shutil.copy(os.path.join(source, name), target)


def environment():
    """Settings of the local Horizon: a `local` package first on the path."""
    local = os.path.join(HOME, "local")
    os.makedirs(local, exist_ok=True)
    open(os.path.join(local, "__init__.py"), "a").close()
    key_file = os.path.join(HOME, "secret_key")
    if not os.path.exists(key_file):
        with open(key_file, "w") as f:
            f.write(os.urandom(32).hex())
        os.chmod(key_file, 0o600)
    shutil.copy(os.path.join(config.TEMPLATES, "horizon_local_settings.py"),
                os.path.join(local, "local_settings.py"))
    write_services_settings()
    return dict(os.environ, **settings_environment())


def settings_environment():
    """What a process needs to run with this Horizon's settings."""
    path = [HOME, os.path.join(config.PACKAGE, "wsgi")]
    return {"PYTHONPATH": os.pathsep.join(path),
            "DJANGO_SETTINGS_MODULE": "openstack_dashboard.settings",
            "VOLSNAP_HORIZON_HOME": HOME,
            "VOLSNAP_KEYSTONE_URL": config.KEYSTONE_URL,
            "VOLSNAP_METRICS_PORTS": json.dumps(facts.METRICS_PORTS)}


def write_services_settings():
    """The plugin's services settings from the template DevStack fills in
    too, into the installed Horizon's local_settings.d/."""
    with open(SERVICES_TEMPLATE) as f:
        template = string.Template(f.read())
    user = facts.VOLSNAP_SERVICE_USER
    text = template.substitute(
        service_user_id=keystone.user_id(user), trust_roles="member",
        keystone_url=config.KEYSTONE_URL, service_user=user,
        service_password=facts.SERVICE_USERS[user]["password"],
        watchdog_user=facts.VOLSNAP_WATCHDOG_USER,
        watchdog_password=facts.SERVICE_USERS[
            facts.VOLSNAP_WATCHDOG_USER]["password"],
        watchdog_project=facts.SERVICE_USERS[
            facts.VOLSNAP_WATCHDOG_USER]["project"],
        transport_url=rabbitmq.TRANSPORT_URL,
        notification_topic=facts.NOTIFICATION_TOPIC)
    dashboard_dir, _plugin_dir = installed_dirs()
    with open(os.path.join(dashboard_dir, "local", "local_settings.d",
                           SERVICES_SETTINGS), "w") as f:
        f.write(text)


def start():
    processes.claim_port(PORT, "horizon")
    env = environment()
    admin = [install.HORIZON.bin("django-admin")]
    processes.log("horizon: migrate the event log and policies, "
                  "collectstatic, compress")
    for app in ("volsnap_events", "volsnap_policies", "volsnap_alerts"):
        processes.run(admin + ["migrate", "--database", "volsnap_events",
                               app, "-v0"], env=env, cwd=config.STATE)
    processes.run(admin + ["collectstatic", "--noinput", "-v0"], env=env,
                  cwd=config.STATE)
    processes.run(admin + ["compress", "--force", "-v0"], env=env,
                  cwd=config.STATE, stdout=subprocess.DEVNULL)
    processes.spawn("horizon", [
        install.HORIZON.bin("gunicorn"), "--bind", f"{config.HOST}:{PORT}",
        "--workers", "2", "--no-control-socket", "--timeout", "120",
        "horizon_wsgi:application"], env=env, cwd=config.STATE)


def stack_info():
    return {"horizon_url": URL, "events_database": facts.EVENTS_DATABASE,
            "horizon_environment": settings_environment(),
            "horizon_bin": os.path.dirname(install.HORIZON.bin("python")),
            "metrics": {service: f"http://{config.HOST}:{port}/metrics"
                        for service, port in facts.METRICS_PORTS.items()}}


def ready():
    def login_page():
        processes.require_alive("horizon")
        with urllib.request.urlopen(URL + "/auth/login/",
                                    timeout=30) as response:
            return response.status == 200

    processes.wait_for("horizon", login_page, 90, 0.5)
