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

"""Local cloud and Horizon for developing and testing volsnap-dashboard.

Starts RabbitMQ, Keystone, Cinder (real bytes on NFS), Karbor and a
Horizon with the plugin, all on 127.0.0.1, with every config, database,
log and PID kept in one state directory.

    stack.py run            install, start everything, print URL and logins
    stack.py test [ARGS]    install, start what is not running, run pytest
                            (ARGS go to pytest), stop what it started
    stack.py bench [ARGS]   the page benchmarks against Horizon's own pages
                            (`bench policies`, `history`, `restore`,
                            `backup`, `groups`: those)
    stack.py stop [NAMES]   stop everything, or the named processes
    stack.py start|status|install
"""
import argparse
import json
import os
import subprocess
import sys

from localstack import components
from localstack.components import keystone
from localstack import config
from localstack import install
from localstack import processes


def running(component):
    check = getattr(component, "running", None)
    if check:
        return check()
    return all(processes.running_pid(p) for p in component.PROCESSES)


def plugin_marker(component):
    return os.path.join(config.PIDS, component.__name__.rsplit(".")[-1]
                        + ".plugin")


def runs_current_plugin(component):
    """Components that load the plugin restart when its files changed."""
    if not any(venv.plugin for venv in component.VENVS):
        return True
    try:
        with open(plugin_marker(component)) as f:
            return f.read() == install.plugin_digest()
    except OSError:
        return False


def start(started):
    """Starts what is not running, adding its processes to `started`.

    A component starts once the components it needs are ready; the
    readiness waits of the others overlap with it.
    """
    ready = set()

    def ensure_ready(component):
        if component not in ready:
            component.ready()
            ready.add(component)

    for component in components.ALL:
        for name in component.NEEDS:
            ensure_ready(components.BY_NAME[name])
        was_running = running(component)
        if not was_running or not runs_current_plugin(component):
            processes.stop(component.PROCESSES)
            processes.log("starting " + component.__name__.rsplit(".")[-1])
            if not was_running:
                started += component.PROCESSES
            component.start()
            with open(plugin_marker(component), "w") as f:
                f.write(install.plugin_digest())
    for component in components.ALL:
        ensure_ready(component)
    write_stack_file()


def write_stack_file():
    info = {"keystone_url": config.KEYSTONE_URL,
            "users": {name: {"password": spec["password"],
                             "project": spec["project"]}
                      for name, spec in keystone.all_users().items()},
            "logs": config.LOGS, "state": config.STATE}
    for component in components.ALL:
        info.update(getattr(component, "stack_info", dict)())
    with open(config.STACK_FILE, "w") as f:
        json.dump(info, f, indent=2)


def all_processes():
    return [name for component in components.ALL
            for name in component.PROCESSES]


def stop(names=None):
    stopped = processes.stop(all_processes() if names is None else names)
    if stopped:
        processes.log("stopped " + ", ".join(stopped))
    for component in components.ALL:
        if hasattr(component, "after_stop") and not any(
                processes.running_pid(p) for p in component.PROCESSES):
            component.after_stop()


def status():
    code = 0
    for component in components.ALL:
        elsewhere = getattr(component, "running_elsewhere", lambda n: False)
        for name in component.PROCESSES:
            pid = processes.running_pid(name)
            if pid is None and elsewhere(name):
                print(f"{name:24} running, not started by this stack")
                continue
            state = (f"running, pid {pid}, {processes.rss_mib(name)} MiB"
                     if pid else "stopped")
            print(f"{name:24} {state}")
            code |= pid is None
    return code


def banner():
    lines = [line for component in components.ALL
             for line in getattr(component, "BANNER", ())]
    users = config.USERS
    print("\nvolsnap-dashboard is running.\n")
    for line in lines + [f"Keystone   {config.KEYSTONE_URL}"]:
        print("  " + line)
    print(f"""
  Logins (domain Default):
    admin / {users['admin']['password']}   (cloud admin)
    demo  / {users['demo']['password']}    (project demo)
    alt   / {users['alt']['password']}     (project alt)

  State, configs and logs: {config.STATE}
  Stop everything:         ./tools/stack.py stop
""")


def install_all():
    apt = [p for component in components.ALL for p in component.APT]
    venvs = list(dict.fromkeys(v for component in components.ALL
                               for v in component.VENVS))
    install.install(apt, venvs)
    for component in components.ALL:
        getattr(component, "after_install", lambda: None)()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=["run", "test", "bench", "start",
                                            "stop", "status", "install"])
    parser.add_argument("pytest_args", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    if args.command == "stop":
        stop(args.pytest_args or None)
        return 0
    if args.command == "status":
        return status()
    install_all()
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


# Live tests that share no state with the Karbor tests (another project,
# databases of their own), run beside them.
APART = "tests/integration/test_scheduler_race.py"
# The unit tests of what the database does (claims, the event log's
# triggers and order), run on MariaDB and PostgreSQL too.
ON_SERVERS = ("tests/unit/policies/test_claims.py",
              "tests/unit/test_migrations.py", "tests/unit/events",
              "tests/unit/engine/test_listener.py",
              "tests/unit/engine/test_watchdog.py",
              "tests/unit/engine/test_notifier.py",
              "tests/unit/alerts/test_incidents.py",
              "tests/unit/policies/test_coverage.py",
              "tests/unit/content/test_protection.py")


def run_tests(pytest_args):
    """Runs pytest in the Horizon venv, and tests/karbor in Karbor's venv.

    Karbor's venv has no Django and Horizon's has no Karbor, which keeps
    the plugin honest about what it imports. The whole suite runs in two
    phases; in each, what needs no cloud (the unit tests, the docs) runs
    beside what uses it, its output shown once it ends.
    """
    env = dict(os.environ, VOLSNAP_STACK=config.STACK_FILE,
               VOLSNAP_REQUIRE_STACK="1")
    horizon, karbor = install.HORIZON.bin("pytest"), install.KARBOR.bin(
        "pytest")
    if pytest_args:
        # Paths choose the venv; options go to each venv's run.
        paths = [a for a in pytest_args if a.startswith("tests")]
        options = [a for a in pytest_args if a not in paths]
        karbor_paths = [a for a in paths if a.startswith("tests/karbor")]
        other_paths = [a for a in paths if a not in karbor_paths]
        phases = []
        if other_paths or not karbor_paths:
            phases.append([[horizon] + other_paths + options])
        if karbor_paths:
            phases.append([[karbor] + karbor_paths + options])
    else:
        docs = [[install.HORIZON.bin("sphinx-build"), "-q", "-W",
                 "--keep-going", "-b", "html", source,
                 os.path.join(config.STATE, "docs", source)]
                for source in ("doc/source", "releasenotes/source")]
        # The slowest live tests are named, to keep the suite's time in
        # view.
        slowest = "--durations=12"
        phases = [
            [[horizon, "--ignore=tests/unit", f"--ignore={APART}", slowest],
             [horizon, "tests/unit"],
             # What the database does, on MariaDB and PostgreSQL as well
             # as SQLite.
             *([horizon, f"--ds=tests.settings_{server}", "-p",
                "no:cacheprovider", *ON_SERVERS]
               for server in ("mariadb", "postgresql"))],
            # A test that passes only on the day it was written fails in
            # the last: the unit tests with the clock a year ahead.
            [[karbor, "tests/karbor", slowest], [horizon, APART, slowest],
             *docs,
             ["faketime", "-f", "+366d", horizon, "tests/unit", "-p",
              "no:cacheprovider"]],
        ]
    code = 0
    for phase in phases:
        code = run_side_by_side(phase, env) or code
    return code


def run_side_by_side(commands, env):
    """The first command's output streams; the others' follow it."""
    os.makedirs(config.LOGS, exist_ok=True)
    running = []
    for number, command in enumerate(commands):
        processes.log(" ".join(command))
        out = None
        if number:
            out = open(os.path.join(config.LOGS, f"test-run-{number}.log"),
                       "w+")
        running.append((subprocess.Popen(
            command, cwd=config.REPO, env=env, stdout=out,
            stderr=subprocess.STDOUT if out else None), out))
    code = 0
    for process, out in running:
        code = process.wait() or code
        if out is not None:
            out.seek(0)
            sys.stdout.write(out.read())
            sys.stdout.flush()
            out.close()
    return code


def run_benchmarks(args):
    """`bench [ARGS]`: the pages; `bench policies [ARGS]`: periodic
    protection next to Karbor's operation engine; `bench history`, `bench
    restore`, `bench backup`, `bench groups`, `bench watchdog`: those."""
    script = "benchmarks/bench_pages.py"
    if args[:1] == ["pages"]:
        args = args[1:]
    if args[:1] in (["policies"], ["history"], ["restore"], ["backup"],
                    ["groups"], ["watchdog"]):
        script, args = f"benchmarks/bench_{args[0]}.py", args[1:]
    env = dict(os.environ, VOLSNAP_STACK=config.STACK_FILE)
    return subprocess.run([install.HORIZON.bin("python"), script] + args,
                          cwd=config.REPO, env=env).returncode
