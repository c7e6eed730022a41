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

"""README's "Installing into an existing Horizon", word for word, against
the local stack's pip-installed Horizon 27 (its venv, its local settings),
with the event log where the settings snippet puts it by default."""
import json
import os
import sqlite3
import subprocess

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
DEFAULT_DATABASE = "/var/lib/volsnap-dashboard/events.sqlite3"

pytestmark = pytest.mark.packaging


def install_steps():
    with open(os.path.join(REPO, "README.rst")) as f:
        text = f.read()
    block = text.split(".. install-steps-start")[1].split(
        ".. install-steps-end")[0]
    return [line[4:] for line in block.splitlines()
            if line.startswith("    ")]


def test_the_steps_are_the_readmes():
    steps = install_steps()
    assert steps[0].startswith("pip install")
    assert any("volsnap_policies" in step for step in steps)
    assert any("volsnap_alerts" in step for step in steps)


def test_the_readmes_install_steps_work_as_written(stack):
    env = dict(os.environ, **stack["horizon_environment"])
    env["PATH"] = stack["horizon_bin"] + os.pathsep + env["PATH"]
    # The stack's local_settings names its own database; an operator's
    # names none, so the snippet's default is what they get.
    env["VOLSNAP_EVENTS_DATABASE_JSON"] = json.dumps({
        "ENGINE": "django.db.backends.sqlite3", "NAME": DEFAULT_DATABASE})
    script = "set -euo pipefail\n" + "\n".join(install_steps())

    result = subprocess.run(["bash", "-c", script], cwd=REPO, env=env,
                            capture_output=True, text=True, timeout=600)

    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    with sqlite3.connect(DEFAULT_DATABASE) as db:
        applied = {app for (app,) in db.execute(
            "SELECT DISTINCT app FROM django_migrations")}
        tables = {name for (name,) in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"volsnap_events", "volsnap_policies", "volsnap_alerts"} <= applied
    assert {"volsnap_events_event", "volsnap_policies_policy",
            "volsnap_alerts_channel"} <= tables
