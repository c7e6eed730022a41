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

"""MariaDB from Debian's package (10.11, which has SKIP LOCKED), with
its own data directory, on 127.0.0.1 only: most OpenStack clouds keep
their databases there, so several schedulers, the history and the
listener are proven on it as on PostgreSQL. Nothing of the stack's own
runs on it; the tests point schedulers at it."""
import os
import shutil
import subprocess

from localstack import config
from localstack import processes

PROCESSES = ["mariadb"]
# The client library and pkg-config build mysqlclient, Django's driver.
APT = ["mariadb-server", "libmariadb-dev", "pkg-config"]
VENVS = []
NEEDS = []

PORT = 3307
HOME = os.path.join(config.STATE, "mariadb")
DATA = os.path.join(HOME, "data")
SOCKET = os.path.join(HOME, "mariadb.sock")
# Debian's package brings this user; the server should not run as root.
OS_USER = "mysql"
DATABASE, USER, PASSWORD = "volsnap", "volsnap", "volsnap-db-secret"


def start():
    os.makedirs(HOME, exist_ok=True)
    shutil.chown(HOME, OS_USER)
    if not os.path.isdir(os.path.join(DATA, "mysql")):
        processes.log("mariadb: install the system tables")
        processes.quiet_run([
            "mariadb-install-db", f"--user={OS_USER}", f"--datadir={DATA}",
            "--auth-root-authentication-method=socket", "--skip-test-db"])
    processes.claim_port(PORT, "mariadb")
    processes.spawn("mariadb", [
        "mariadbd", "--no-defaults", f"--user={OS_USER}",
        f"--datadir={DATA}", f"--socket={SOCKET}", f"--port={PORT}",
        f"--bind-address={config.HOST}", "--skip-name-resolve",
        f"--pid-file={os.path.join(HOME, 'mariadb.pid')}",
        "--max-connections=300", "--innodb-flush-log-at-trx-commit=0",
        "--character-set-server=utf8mb4",
        "--collation-server=utf8mb4_unicode_ci"])


def sql(statement):
    """Runs `statement` as MariaDB's root, over its socket."""
    return processes.quiet_run(["mariadb", f"--socket={SOCKET}", "-u",
                                "root", "-N", "-e", statement])


def ready():
    def accepting():
        processes.require_alive("mariadb")
        return subprocess.run(
            ["mariadb-admin", f"--socket={SOCKET}", "-u", "root", "ping"],
            capture_output=True).returncode == 0

    processes.wait_for("mariadb", accepting, 60, 0.25)
    # Django's time zone conversions (the history's days in the user's
    # zone) need MariaDB's time zone tables, as on any MariaDB it uses.
    loaded = sql("SELECT COUNT(*) FROM mysql.time_zone_name").stdout
    if loaded.strip() in ("", "0"):
        zones = subprocess.run(
            ["mariadb-tzinfo-to-sql", "/usr/share/zoneinfo"],
            capture_output=True, text=True, check=True)
        processes.quiet_run(["mariadb", f"--socket={SOCKET}", "-u", "root",
                             "mysql"], input=zones.stdout)
    # pytest-django makes test_volsnap beside it.
    sql(f"CREATE DATABASE IF NOT EXISTS {DATABASE} CHARACTER SET utf8mb4; "
        f"CREATE USER IF NOT EXISTS '{USER}'@'{config.HOST}' IDENTIFIED BY "
        f"'{PASSWORD}'; "
        f"GRANT ALL ON {DATABASE}.* TO '{USER}'@'{config.HOST}'; "
        f"GRANT ALL ON `test\\_{DATABASE}`.* TO '{USER}'@'{config.HOST}'")


def stack_info():
    return {"volsnap_mariadb": {
        "ENGINE": "django.db.backends.mysql", "NAME": DATABASE,
        "HOST": config.HOST, "PORT": str(PORT), "USER": USER,
        "PASSWORD": PASSWORD, "OPTIONS": {"charset": "utf8mb4"}}}
