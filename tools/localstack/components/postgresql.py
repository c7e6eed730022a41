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

"""PostgreSQL from Debian's package, with its own data directory, on
127.0.0.1 only. Cinder keeps its database here: on SQLite it answers
concurrent creates with HTTP 500 ("database is locked")."""
import glob
import os
import shutil
import subprocess

from localstack import config
from localstack import processes

PROCESSES = ["postgresql"]
APT = ["postgresql"]
VENVS = []
NEEDS = []

PORT = 5432
HOME = os.path.join(config.STATE, "postgresql")
DATA = os.path.join(HOME, "data")
SOCKETS = os.path.join(HOME, "run")
# The server refuses to run as root; Debian's package brings this user.
OS_USER = "postgres"
# Databases of the components: name -> (user, password).
DATABASES = {"cinder": ("cinder", "cinder-db-secret"),
             # For several schedulers sharing one database (the tests).
             "volsnap": ("volsnap", "volsnap-db-secret")}


def url(database):
    user, password = DATABASES[database]
    return (f"postgresql+psycopg2://{user}:{password}@{config.HOST}:{PORT}/"
            f"{database}")


def _bin(name):
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not found:
        raise SystemExit("PostgreSQL is not installed (apt-get install "
                         "postgresql)")
    return found[-1]


def _as_postgres(cmd, **kwargs):
    return processes.quiet_run(["runuser", "-u", OS_USER, "--"] + cmd,
                               **kwargs)


def start():
    os.makedirs(SOCKETS, exist_ok=True)
    shutil.chown(HOME, OS_USER)
    shutil.chown(SOCKETS, OS_USER)
    if not os.path.exists(os.path.join(DATA, "PG_VERSION")):
        processes.log("postgresql: initdb")
        _as_postgres([_bin("initdb"), "-D", DATA, "-A", "scram-sha-256",
                      "--auth-local=peer", "-U", OS_USER, "-E", "UTF8"])
    processes.claim_port(PORT, "postgresql")
    processes.spawn("postgresql", [
        "runuser", "-u", OS_USER, "--", _bin("postgres"), "-D", DATA,
        "-h", config.HOST, "-p", str(PORT), "-k", SOCKETS,
        "-c", "max_connections=300", "-c", "fsync=off"])


def stack_info():
    user, password = DATABASES["volsnap"]
    cinder_user, cinder_password = DATABASES["cinder"]
    return {"volsnap_postgresql": {
        "ENGINE": "django.db.backends.postgresql", "NAME": "volsnap",
        "HOST": config.HOST, "PORT": str(PORT), "USER": user,
        "PASSWORD": password},
        # For the benchmarks, which seed thousands of snapshots at once.
        "cinder_postgresql": {
            "dbname": "cinder", "host": config.HOST, "port": PORT,
            "user": cinder_user, "password": cinder_password}}


def psql(sql):
    return _as_postgres([_bin("psql"), "-h", SOCKETS, "-p", str(PORT),
                         "-d", "postgres", "-tAc", sql])


def ready():
    def accepting():
        processes.require_alive("postgresql")
        return subprocess.run(
            [_bin("pg_isready"), "-h", config.HOST, "-p", str(PORT)],
            capture_output=True).returncode == 0

    processes.wait_for("postgresql", accepting, 60, 0.25)
    for database, (user, password) in DATABASES.items():
        if not psql(f"SELECT 1 FROM pg_roles WHERE rolname = '{user}'"
                    ).stdout.strip():
            psql(f"CREATE ROLE {user} LOGIN PASSWORD '{password}'")
        if not psql(f"SELECT 1 FROM pg_database WHERE datname = "
                    f"'{database}'").stdout.strip():
            psql(f"CREATE DATABASE {database} OWNER {user}")
    # The unit tests of what the database does make their own database.
    psql(f"ALTER ROLE {DATABASES['volsnap'][0]} CREATEDB")
