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

"""Processes of the stack: started in their own session, recorded with
their kernel start time, and signalled by process group only."""
import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time

from localstack import config


def log(msg):
    print(f"[stack {time.strftime('%H:%M:%S')}] {msg}", flush=True)


def run(cmd, **kwargs):
    kwargs.setdefault("check", True)
    return subprocess.run(cmd, **kwargs)


def quiet_run(cmd, **kwargs):
    """Runs a set-up step; its output is shown only when it fails."""
    result = subprocess.run(cmd, capture_output=True, text=True, **kwargs)
    if result.returncode:
        sys.stderr.write(result.stdout[-3000:] + result.stderr[-3000:])
        raise SystemExit(f"{' '.join(cmd[:3])} ... failed")
    return result


def wait_for(what, check, timeout, interval=0.25):
    deadline = time.monotonic() + timeout
    while True:
        try:
            if check():
                return
        except SystemExit:
            raise
        except Exception as exc:  # the service is not up yet
            last = exc
        else:
            last = None
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out after {timeout}s waiting for {what}"
                             f" ({last or 'not ready'}); see {config.LOGS}")
        time.sleep(interval)


def port_open(port):
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((config.HOST, port)) == 0


def claim_port(port, name):
    if port_open(port):
        raise SystemExit(f"cannot start {name}: {config.HOST}:{port} is "
                         "taken by a process this stack did not start")


def pid_file(name):
    return os.path.join(config.PIDS, name + ".json")


def running_pid(name):
    """The recorded PID of a process if that very process still runs."""
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


def log_path(name):
    return os.path.join(config.LOGS, name + ".log")


def log_size(name):
    try:
        return os.path.getsize(log_path(name))
    except OSError:
        return 0


def wait_for_log(name, since, text, timeout=60):
    """Waits until the log of `name`, from offset `since`, has `text`."""
    def logged():
        require_alive(name)
        with open(log_path(name)) as f:
            f.seek(since)
            return text in f.read()

    wait_for(name, logged, timeout, 0.5)


def spawn(name, cmd, env=None, cwd=None):
    """Starts `name`; returns the offset in its log where its output
    begins."""
    since = log_size(name)
    with open(log_path(name), "ab") as logfile:
        proc = subprocess.Popen(cmd, stdout=logfile,
                                stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, env=env, cwd=cwd,
                                start_new_session=True)
    with open(pid_file(name), "w") as f:
        json.dump({"pid": proc.pid, "started": start_time(proc.pid),
                   "cmd": cmd}, f)
    return since


def start_openstack_services(venv, project, names, conf, port, env=None):
    """An OpenStack service family: `<project>-manage db sync` (quick
    when the schema is current), then each service with its own log."""
    quiet_run([venv.bin(f"{project}-manage"), "--config-file", conf, "db",
               "sync"], env=env)
    claim_port(port, names[0])
    for name in names:
        spawn(name, [venv.bin(name), "--config-file", conf, "--log-file",
                     os.path.join(config.LOGS, name + "-app.log")], env=env)


def stop(names):
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
            _reap(pids[name])
        alive = [name for name in alive if running_pid(name)]
        time.sleep(0.1)
    for name in alive:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pids[name], signal.SIGKILL)
        _reap(pids[name])
    stopped = [name for name, pid in pids.items() if pid]
    for name in stopped:
        os.unlink(pid_file(name))
    return stopped


def _reap(pid):
    with contextlib.suppress(ChildProcessError, OSError):
        os.waitpid(pid, os.WNOHANG)


def require_alive(name):
    if not running_pid(name):
        tail = ""
        if os.path.exists(log_path(name)):
            with open(log_path(name), errors="replace") as f:
                tail = "".join(f.readlines()[-20:])
        raise SystemExit(f"{name} exited during start-up:\n{tail}")


def rss_mib(name):
    """Resident memory of a recorded process group, in MiB, shared pages
    counted once per process."""
    pid = running_pid(name)
    if pid is None:
        return None
    total = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            if os.getpgid(int(entry)) != pid:
                continue
            with open(f"/proc/{entry}/statm") as f:
                total += int(f.read().split()[1])
        except (OSError, ValueError):
            continue
    return total * os.sysconf("SC_PAGE_SIZE") // (1024 * 1024)
