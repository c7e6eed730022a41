#!/usr/bin/env python3
"""Local cloud and Horizon for developing and testing volsnap-dashboard.

Starts RabbitMQ, Keystone, Cinder (fake volume driver) and a Horizon with
the plugin, all on 127.0.0.1, with every config, database, log and PID kept
in one state directory. Only the standard library is used here: this script
is what installs everything else.

    stack.py run            install, start everything, print URL and logins
    stack.py test [ARGS]    install, start what is not running, run pytest
                            (ARGS go to pytest), stop what it started
    stack.py bench [ARGS]   the page benchmarks against Horizon's own pages
    stack.py start|stop|status
"""

import argparse
from concurrent import futures
import contextlib
import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TOOLS = os.path.join(REPO, "tools")
STATE = os.path.abspath(os.environ.get("VOLSNAP_STATE",
                                       os.path.join(REPO, ".stack")))
LOGS = os.path.join(STATE, "logs")
PIDS = os.path.join(STATE, "pids")
CLOUD_VENV = os.path.join(STATE, "venv-cloud")
HORIZON_VENV = os.path.join(STATE, "venv-horizon")
KARBOR_VENV = os.path.join(STATE, "venv-karbor")
HORIZON_HOME = os.path.join(STATE, "horizon")
STACK_FILE = os.path.join(STATE, "stack.json")

HOST = "127.0.0.1"
KEYSTONE_URL = f"http://{HOST}:5000/v3"
CINDER_PORT = 8776
HORIZON_PORT = int(os.environ.get("VOLSNAP_HORIZON_PORT", "8000"))
HORIZON_URL = f"http://{HOST}:{HORIZON_PORT}"
RABBIT_PORT = 5672

# Fonts, so that screenshots of the browser tests show text.
APT_PACKAGES = ["rabbitmq-server", "chromium", "chromium-driver",
                "fonts-liberation"]

# Development passwords for a loopback-only cloud; documented in README.rst.
USERS = {
    "admin": {"password": "admin-secret", "project": "admin",
              "roles": ["admin"]},
    "demo": {"password": "demo-secret", "project": "demo",
             "roles": ["member", "reader"]},
    "alt": {"password": "alt-secret", "project": "alt",
            "roles": ["member", "reader"]},
    "cinder": {"password": "cinder-secret", "project": "service",
               "roles": ["service", "admin"]},
}
RABBIT_USER, RABBIT_PASS = "volsnap", "rabbit-secret"
TEST_QUOTA = {"volumes": 200, "snapshots": 200, "gigabytes": 2000}

CINDER_SERVICES = ["cinder-api", "cinder-scheduler", "cinder-volume"]
COMPONENTS = ["epmd", "rabbitmq", "keystone"] + CINDER_SERVICES + ["horizon"]


def log(msg):
    print(f"[stack {time.strftime('%H:%M:%S')}] {msg}", flush=True)


def run(cmd, **kwargs):
    kwargs.setdefault("check", True)
    return subprocess.run(cmd, **kwargs)


def wait_for(what, check, timeout, interval=0.25):
    deadline = time.monotonic() + timeout
    while True:
        try:
            if check():
                return
        except Exception as exc:  # the service is not up yet
            last = exc
        else:
            last = None
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out after {timeout}s waiting for {what}"
                             f" ({last or 'not ready'}); see {LOGS}")
        time.sleep(interval)


def port_open(port):
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((HOST, port)) == 0


# ---------------------------------------------------------------- install

def apt_install():
    missing = [p for p in APT_PACKAGES + venv_apt_packages()
               if not dpkg_installed(p)]
    if not missing:
        return
    log(f"apt-get install {' '.join(missing)}")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    guard = "/usr/sbin/policy-rc.d"
    # Keeps the Debian package from starting a system-wide broker.
    had_guard = os.path.exists(guard)
    if not had_guard:
        with open(guard, "w") as f:
            f.write("#!/bin/sh\nexit 101\n")
        os.chmod(guard, 0o755)
    try:
        run(["apt-get", "update", "-qq"], env=env)
        run(["apt-get", "install", "-y", "-qq", "--no-install-recommends"]
            + missing, env=env)
    finally:
        if not had_guard:
            os.unlink(guard)


def dpkg_installed(package):
    result = subprocess.run(["dpkg-query", "-W", "-f=${Status}", package],
                            capture_output=True, text=True)
    return result.returncode == 0 and "ok installed" in result.stdout


def venv_apt_packages():
    try:
        import ensurepip  # noqa: F401
        import venv  # noqa: F401
    except ImportError:
        return ["python3-venv"]
    return []


def ensure_venv(path, requirement_files):
    marker = os.path.join(path, ".requirements.sha256")
    digest = hashlib.sha256()
    for name in requirement_files:
        with open(os.path.join(REPO, name), "rb") as f:
            digest.update(f.read())
    digest = digest.hexdigest()
    if os.path.exists(marker) and open(marker).read() == digest:
        return
    log(f"installing {', '.join(requirement_files)} into {path}")
    if not os.path.exists(os.path.join(path, "bin", "python")):
        run([sys.executable, "-m", "venv", path])
    args = []
    for name in requirement_files:
        args += ["-r", os.path.join(REPO, name)]
    pip_log = os.path.join(LOGS, "pip-" + os.path.basename(path) + ".log")
    with open(pip_log, "w") as out:
        result = subprocess.run(
            [os.path.join(path, "bin", "pip"), "install",
             "--disable-pip-version-check"] + args,
            stdout=out, stderr=subprocess.STDOUT)
    if result.returncode:
        with open(pip_log) as f:
            sys.stderr.write("".join(f.readlines()[-30:]))
        raise SystemExit(f"pip install failed; see {pip_log}")
    with open(marker, "w") as f:
        f.write(digest)


def install():
    os.makedirs(LOGS, exist_ok=True)
    os.makedirs(PIDS, exist_ok=True)
    apt_install()
    # The three installs wait mostly on downloads, so they run side by side.
    with futures.ThreadPoolExecutor(3) as pool:
        for done in [
                pool.submit(ensure_venv, CLOUD_VENV,
                            ["tools/requirements-cloud.txt"]),
                pool.submit(ensure_venv, HORIZON_VENV,
                            ["requirements.txt", "test-requirements.txt"]),
                pool.submit(ensure_venv, KARBOR_VENV,
                            ["requirements.txt",
                             "tools/requirements-karbor.txt"])]:
            done.result()
    install_plugin()


def install_plugin():
    """Installs the plugin the way an operator does: a plain pip install."""
    log("pip install . (non-editable) into the Horizon and Karbor venvs")
    # setuptools builds in-tree and would ship files deleted since.
    shutil.rmtree(os.path.join(REPO, "build"), ignore_errors=True)
    for venv in (HORIZON_VENV, KARBOR_VENV):
        run([venv_bin(venv, "pip"), "install", "-q", "--no-deps",
             "--force-reinstall", "--disable-pip-version-check", REPO],
            cwd=STATE)
    site = subprocess.check_output(
        [venv_bin(HORIZON_VENV, "python"), "-c",
         "import os, openstack_dashboard, volsnap_dashboard;"
         "print(os.path.dirname(openstack_dashboard.__file__));"
         "print(os.path.dirname(volsnap_dashboard.__file__))"],
        cwd=STATE, text=True).split()
    dashboard_dir, plugin_dir = site
    for folder in ("enabled", os.path.join("enabled", "local_settings.d")):
        target = os.path.join(dashboard_dir, "local",
                              os.path.basename(folder))
        for name in os.listdir(target):
            if name.startswith("_") and "volsnap" in name:
                os.unlink(os.path.join(target, name))
        source = os.path.join(plugin_dir, folder)
        for name in sorted(os.listdir(source)):
            if name.startswith("_") and name.endswith(".py"):
                shutil.copy(os.path.join(source, name), target)


def venv_bin(venv, name):
    return os.path.join(venv, "bin", name)


# ---------------------------------------------------------------- processes

def pid_file(name):
    return os.path.join(PIDS, name + ".json")


def running_pid(name):
    """The recorded PID of a component if that very process still runs."""
    try:
        with open(pid_file(name)) as f:
            record = json.load(f)
    except (OSError, ValueError):
        return None
    try:
        started = start_time(record["pid"])
    except OSError:
        return None
    return record["pid"] if started == record["started"] else None


def start_time(pid):
    """The kernel's start time of a process: with the PID, its identity."""
    with open(f"/proc/{pid}/stat") as f:
        return f.read().rsplit(")", 1)[1].split()[19]


def claim_port(port, name):
    if port_open(port):
        raise SystemExit(f"cannot start {name}: {HOST}:{port} is taken by "
                         "a process this stack did not start")


def spawn(name, cmd, env=None, cwd=None):
    with open(os.path.join(LOGS, name + ".log"), "ab") as logfile:
        proc = subprocess.Popen(cmd, stdout=logfile,
                                stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, env=env, cwd=cwd,
                                start_new_session=True)
    with open(pid_file(name), "w") as f:
        json.dump({"pid": proc.pid, "started": start_time(proc.pid),
                   "cmd": cmd}, f)


def stop_components(names):
    """Signals every process group at once, then waits for them together."""
    pids = {name: running_pid(name) for name in names}
    for name, pid in pids.items():
        if pid is None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(pid_file(name))
            continue
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGTERM)
    alive = [name for name, pid in pids.items() if pid]
    deadline = time.monotonic() + 15
    while alive and time.monotonic() < deadline:
        for name in alive:
            reap(pids[name])
        alive = [name for name in alive if running_pid(name)]
        time.sleep(0.1)
    for name in alive:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pids[name], signal.SIGKILL)
        reap(pids[name])
    stopped = [name for name, pid in pids.items() if pid]
    for name in stopped:
        os.unlink(pid_file(name))
    return stopped


def reap(pid):
    with contextlib.suppress(ChildProcessError, OSError):
        os.waitpid(pid, os.WNOHANG)


def require_alive(name):
    if not running_pid(name):
        tail = ""
        path = os.path.join(LOGS, name + ".log")
        if os.path.exists(path):
            with open(path, errors="replace") as f:
                tail = "".join(f.readlines()[-20:])
        raise SystemExit(f"{name} exited during start-up:\n{tail}")


# ---------------------------------------------------------------- HTTP

def http(method, url, body=None, token=None, timeout=30):
    headers = {"Content-Type": "application/json",
               "Accept": "application/json"}
    if token:
        headers["X-Auth-Token"] = token
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, headers=headers,
                                     method=method)
    with urllib.request.urlopen(request, timeout=timeout) as response:
        text = response.read()
        return (response.headers,
                json.loads(text) if text.strip() else None)


def token_for(user, project):
    headers, body = http("POST", KEYSTONE_URL + "/auth/tokens", {
        "auth": {
            "identity": {"methods": ["password"], "password": {"user": {
                "name": user, "domain": {"id": "default"},
                "password": USERS[user]["password"]}}},
            "scope": {"project": {"name": project,
                                  "domain": {"id": "default"}}}}})
    return headers["X-Subject-Token"], body["token"]


# ---------------------------------------------------------------- RabbitMQ

def start_rabbitmq():
    home = os.path.join(STATE, "rabbitmq")
    os.makedirs(home, exist_ok=True)
    conf = os.path.join(home, "rabbitmq.conf")
    with open(conf, "w") as f:
        f.write(f"listeners.tcp.default = {HOST}:{RABBIT_PORT}\n"
                f"default_user = {RABBIT_USER}\n"
                f"default_pass = {RABBIT_PASS}\n")
    plugins = os.path.join(home, "enabled_plugins")
    with open(plugins, "w") as f:
        f.write("[].\n")
    env = dict(os.environ,
               HOME=home,
               RABBITMQ_NODENAME="rabbit@localhost",
               RABBITMQ_NODE_IP_ADDRESS=HOST,
               ERL_EPMD_ADDRESS=HOST,
               RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS=(
                   "-kernel inet_dist_use_interface {127,0,0,1}"),
               RABBITMQ_MNESIA_BASE=os.path.join(home, "mnesia"),
               RABBITMQ_LOG_BASE=os.path.join(LOGS, "rabbitmq"),
               RABBITMQ_CONFIG_FILE=os.path.splitext(conf)[0],
               RABBITMQ_ENABLED_PLUGINS_FILE=plugins,
               RABBITMQ_CONF_ENV_FILE=os.path.join(home, "rabbitmq-env.conf"))
    open(env["RABBITMQ_CONF_ENV_FILE"], "a").close()
    claim_port(RABBIT_PORT, "rabbitmq")
    # Debian's rabbitmq-server package may have left an epmd running.
    if not port_open(4369):
        spawn("epmd", ["epmd", "-address", HOST], env=env)
        wait_for("epmd", lambda: port_open(4369), 15)
    spawn("rabbitmq", ["/usr/lib/rabbitmq/bin/rabbitmq-server"], env=env)


# ---------------------------------------------------------------- Keystone

def keystone_conf():
    home = os.path.join(STATE, "keystone")
    return home, os.path.join(home, "keystone.conf")


def start_keystone():
    home, conf = keystone_conf()
    first_boot = not os.path.exists(os.path.join(home, "keystone.sqlite"))
    os.makedirs(home, exist_ok=True)
    with open(conf, "w") as f:
        f.write(f"""[DEFAULT]
log_file = {LOGS}/keystone-app.log
[database]
connection = sqlite:///{home}/keystone.sqlite
[token]
provider = fernet
[fernet_tokens]
key_repository = {home}/fernet-keys
[credential]
key_repository = {home}/credential-keys
[identity]
password_hash_rounds = 4
""")
    manage = [venv_bin(CLOUD_VENV, "keystone-manage"), "--config-file", conf]
    if first_boot:
        log("keystone: db_sync, fernet keys, bootstrap")
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
        run(manage + ["db_sync"], **quiet)
        for step in ("fernet_setup", "credential_setup"):
            run(manage + [step, "--keystone-user", "root",
                          "--keystone-group", "root"], **quiet)
        run(manage + ["bootstrap",
                      "--bootstrap-password", USERS["admin"]["password"],
                      "--bootstrap-admin-url", KEYSTONE_URL,
                      "--bootstrap-internal-url", KEYSTONE_URL,
                      "--bootstrap-public-url", KEYSTONE_URL,
                      "--bootstrap-region-id", "RegionOne"], **quiet)
    claim_port(5000, "keystone")
    env = dict(os.environ, OS_KEYSTONE_CONFIG_FILES=conf,
               PYTHONPATH=TOOLS)
    spawn("keystone", [venv_bin(CLOUD_VENV, "gunicorn"),
                       "--bind", f"{HOST}:5000", "--workers", "2",
                       "--no-control-socket", "--timeout", "120",
                       "keystone_wsgi:application"], env=env)
    wait_for("keystone", lambda: token_for("admin", "admin"), 60, 0.5)
    return first_boot


def provision_keystone():
    """Projects, users, roles and the Cinder catalog; idempotent."""
    token, _ = token_for("admin", "admin")

    def get(path, key, name):
        _, body = http("GET", f"{KEYSTONE_URL}/{path}?name={name}",
                       token=token)
        items = body[key]
        return items[0]["id"] if items else None

    def ensure(path, key, name, body):
        found = get(path, key, name)
        if found:
            return found
        _, created = http("POST", f"{KEYSTONE_URL}/{path}",
                          {key[:-1]: dict(body, name=name)}, token=token)
        return created[key[:-1]]["id"]

    roles = {r["name"]: r["id"] for r in
             http("GET", KEYSTONE_URL + "/roles", token=token)[1]["roles"]}
    for user, spec in USERS.items():
        project = ensure("projects", "projects", spec["project"],
                         {"domain_id": "default", "enabled": True})
        user_id = ensure("users", "users", user,
                         {"domain_id": "default", "enabled": True,
                          "password": spec["password"],
                          "default_project_id": project})
        for role in spec["roles"]:
            http("PUT", f"{KEYSTONE_URL}/projects/{project}/users/"
                        f"{user_id}/roles/{roles[role]}", token=token)
    cinder_url = f"http://{HOST}:{CINDER_PORT}/v3/%(project_id)s"
    for service_type in ("block-storage", "volumev3"):
        found = [s for s in http("GET", KEYSTONE_URL + "/services",
                                 token=token)[1]["services"]
                 if s["type"] == service_type]
        if found:
            continue
        _, service = http("POST", KEYSTONE_URL + "/services", {"service": {
            "type": service_type, "name": "cinder" if service_type ==
            "block-storage" else "cinderv3"}}, token=token)
        for interface in ("public", "internal", "admin"):
            http("POST", KEYSTONE_URL + "/endpoints", {"endpoint": {
                "service_id": service["service"]["id"],
                "interface": interface, "region_id": "RegionOne",
                "url": cinder_url}}, token=token)


# ---------------------------------------------------------------- Cinder

def start_cinder():
    home = os.path.join(STATE, "cinder")
    os.makedirs(os.path.join(home, "lock"), exist_ok=True)
    conf = os.path.join(home, "cinder.conf")
    etc = os.path.join(CLOUD_VENV, "etc", "cinder")
    with open(conf, "w") as f:
        f.write(f"""[DEFAULT]
transport_url = rabbit://{RABBIT_USER}:{RABBIT_PASS}@{HOST}:{RABBIT_PORT}/
osapi_volume_listen = {HOST}
osapi_volume_listen_port = {CINDER_PORT}
osapi_volume_workers = 1
host = volsnap-local
my_ip = {HOST}
enabled_backends = fake
auth_strategy = keystone
state_path = {home}
api_paste_config = {etc}/api-paste.ini
resource_query_filters_file = {etc}/resource_filters.json
rootwrap_config = {etc}/rootwrap.conf
# The volume service re-sends its pool to the scheduler every 60 s after a
# random start delay of up to 60 s; without the delay, a pool announcement
# lost at first boot is repeated within a minute.
periodic_fuzzy_delay = 0
[database]
connection = sqlite:///{home}/cinder.sqlite
[fake]
volume_driver = cinder.tests.fake_driver.FakeLoggingVolumeDriver
target_helper = fake
volume_backend_name = fake
[keystone_authtoken]
www_authenticate_uri = {KEYSTONE_URL}
auth_url = {KEYSTONE_URL}
auth_type = password
username = cinder
password = {USERS['cinder']['password']}
project_name = service
user_domain_id = default
project_domain_id = default
service_token_roles_required = true
[oslo_messaging_notifications]
driver = noop
[oslo_concurrency]
lock_path = {home}/lock
""")
    if not os.path.exists(os.path.join(home, "cinder.sqlite")):
        run([venv_bin(CLOUD_VENV, "cinder-manage"), "--config-file", conf,
             "db", "sync"], stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
    claim_port(CINDER_PORT, "cinder-api")
    for service in CINDER_SERVICES:
        spawn(service, [venv_bin(CLOUD_VENV, service), "--config-file", conf,
                        "--log-file",
                        os.path.join(LOGS, service + "-app.log")])


def wait_cinder_ready():
    """Until the scheduler and volume service are up and the pool shows."""
    token, body = token_for("admin", "admin")
    base = f"http://{HOST}:{CINDER_PORT}/v3/{body['project']['id']}"

    def ready():
        for name in CINDER_SERVICES:
            require_alive(name)
        services = http("GET", base + "/os-services", token=token)[1]
        up = {s["binary"] for s in services["services"]
              if s["state"] == "up" and s["status"] == "enabled"}
        if not {"cinder-scheduler", "cinder-volume"} <= up:
            return False
        pools = http("GET", base + "/scheduler-stats/get_pools",
                     token=token)[1]["pools"]
        return any(p["name"].endswith("@fake#fake") for p in pools)

    wait_for("cinder services and the fake pool", ready, 180, 0.5)


def raise_test_quotas():
    """Room for the tests and benchmarks beyond Cinder's default of 10."""
    token, body = token_for("admin", "admin")
    base = f"http://{HOST}:{CINDER_PORT}/v3/{body['project']['id']}"
    for user in ("demo", "alt"):
        project_id = token_for(user, USERS[user]["project"])[1][
            "project"]["id"]
        http("PUT", f"{base}/os-quota-sets/{project_id}",
             {"quota_set": TEST_QUOTA}, token=token)


# ---------------------------------------------------------------- Horizon

def write_horizon_settings():
    local = os.path.join(HORIZON_HOME, "local")
    os.makedirs(local, exist_ok=True)
    open(os.path.join(local, "__init__.py"), "a").close()
    key_file = os.path.join(HORIZON_HOME, "secret_key")
    if not os.path.exists(key_file):
        with open(key_file, "w") as f:
            f.write(os.urandom(32).hex())
        os.chmod(key_file, 0o600)
    shutil.copy(os.path.join(TOOLS, "horizon_local_settings.py"),
                os.path.join(local, "local_settings.py"))
    return dict(os.environ,
                PYTHONPATH=os.pathsep.join([HORIZON_HOME, TOOLS]),
                DJANGO_SETTINGS_MODULE="openstack_dashboard.settings",
                VOLSNAP_HORIZON_HOME=HORIZON_HOME,
                VOLSNAP_KEYSTONE_URL=KEYSTONE_URL)


def start_horizon():
    claim_port(HORIZON_PORT, "horizon")
    env = write_horizon_settings()
    admin = [venv_bin(HORIZON_VENV, "django-admin")]
    log("horizon: migrate the event log, collectstatic and compress")
    run(admin + ["migrate", "--database", "volsnap_events", "volsnap_events",
                 "-v0"], env=env, cwd=STATE)
    run(admin + ["collectstatic", "--noinput", "-v0"], env=env, cwd=STATE)
    run(admin + ["compress", "--force", "-v0"], env=env, cwd=STATE,
        stdout=subprocess.DEVNULL)
    spawn("horizon", [venv_bin(HORIZON_VENV, "gunicorn"),
                      "--bind", f"{HOST}:{HORIZON_PORT}", "--workers", "2",
                      "--no-control-socket", "--timeout", "120",
                      "horizon_wsgi:application"], env=env, cwd=STATE)

    def login_page():
        require_alive("horizon")
        with urllib.request.urlopen(HORIZON_URL + "/auth/login/",
                                    timeout=30) as response:
            return response.status == 200

    wait_for("horizon", login_page, 90, 0.5)


# ---------------------------------------------------------------- commands

def start(started):
    """Starts what is not running, adding each component to `started`."""
    if not running_pid("rabbitmq"):
        log("starting rabbitmq")
        start_rabbitmq()
        started += ["epmd", "rabbitmq"]
    if not running_pid("keystone"):
        log("starting keystone")
        start_keystone()
        started.append("keystone")
    provision_keystone()
    wait_for("rabbitmq", rabbitmq_ready, 60, 0.5)
    if not all(running_pid(s) for s in CINDER_SERVICES):
        stop_components(CINDER_SERVICES)
        log("starting cinder")
        start_cinder()
        started += CINDER_SERVICES
    wait_cinder_ready()
    raise_test_quotas()
    if not running_pid("horizon"):
        log("starting horizon")
        start_horizon()
        started.append("horizon")
    write_stack_file()


def rabbitmq_ready():
    require_alive("rabbitmq")
    return port_open(RABBIT_PORT)


def write_stack_file():
    with open(STACK_FILE, "w") as f:
        json.dump({"keystone_url": KEYSTONE_URL, "horizon_url": HORIZON_URL,
                   "users": {name: {"password": spec["password"],
                                    "project": spec["project"]}
                             for name, spec in USERS.items()},
                   "logs": LOGS, "state": STATE}, f, indent=2)


def stop(components=COMPONENTS):
    stopped = stop_components(components)
    if stopped:
        log("stopped " + ", ".join(stopped))


def status():
    code = 0
    for name in COMPONENTS:
        pid = running_pid(name)
        if pid is None and name == "epmd" and port_open(4369):
            print(f"{name:18} running, not started by this stack")
            continue
        print(f"{name:18} {'running, pid %d' % pid if pid else 'stopped'}")
        code |= pid is None
    return code


def banner():
    print(f"""
volsnap-dashboard is running.

  Horizon    {HORIZON_URL}/
             Project > Volumes > Protection and Checkpoints;
             Admin > Volume > Snapshot History (as admin)
  Keystone   {KEYSTONE_URL}
  Cinder     http://{HOST}:{CINDER_PORT}/v3

  Logins (domain Default):
    admin / {USERS['admin']['password']}   (cloud admin)
    demo  / {USERS['demo']['password']}    (project demo)
    alt   / {USERS['alt']['password']}     (project alt)

  State, configs and logs: {STATE}
  Stop everything:         {os.path.relpath(__file__)} stop
""")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=["run", "test", "bench", "start",
                                            "stop", "status", "install"])
    parser.add_argument("pytest_args", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    if args.command == "stop":
        stop()
        return 0
    if args.command == "status":
        return status()
    install()
    if args.command == "install":
        return 0
    started = []
    try:
        start(started)
    except BaseException:
        stop(started)
        raise
    if args.command in ("run", "start"):
        banner()
        return 0
    try:
        if args.command == "bench":
            return run_benchmarks(args.pytest_args)
        return run_tests(args.pytest_args)
    finally:
        stop(started)


def run_tests(pytest_args):
    """Runs pytest in the Horizon venv, and tests/karbor in Karbor's venv.

    Karbor's venv has no Django and Horizon's has no Karbor, which keeps
    the plugin honest about what it imports.
    """
    env = dict(os.environ, VOLSNAP_STACK=STACK_FILE, VOLSNAP_REQUIRE_STACK="1")
    karbor_args = [a for a in pytest_args if "tests/karbor" in a]
    other_args = [a for a in pytest_args if "tests/karbor" not in a]
    runs = []
    if not pytest_args or other_args:
        runs.append((HORIZON_VENV, other_args))
    if not pytest_args or karbor_args:
        runs.append((KARBOR_VENV, karbor_args or ["tests/karbor"]))
    code = 0
    for venv, args in runs:
        log(f"pytest {' '.join(args)}  ({os.path.basename(venv)})")
        result = subprocess.run([venv_bin(venv, "pytest")] + args,
                                cwd=REPO, env=env)
        code = code or result.returncode
    return code


def run_benchmarks(args):
    env = dict(os.environ, VOLSNAP_STACK=STACK_FILE)
    return subprocess.run(
        [venv_bin(HORIZON_VENV, "python"), "benchmarks/bench_pages.py"]
        + args, cwd=REPO, env=env).returncode


if __name__ == "__main__":
    sys.exit(main())
