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

"""apt packages, one virtualenv per component family, and the plugin."""
from concurrent import futures
import dataclasses
import hashlib
import os
import shutil
import subprocess
import sys
import time

from localstack import config
from localstack.processes import log
from localstack.processes import run


@dataclasses.dataclass(frozen=True)
class Venv:
    name: str
    requirements: tuple
    # Gets the plugin with a plain (non-editable) pip install.
    plugin: bool = False
    # Versions the install stays within (pip's -c), as tox does.
    constraints: str = None

    @property
    def files(self):
        return self.requirements + ((self.constraints,)
                                    if self.constraints else ())

    @property
    def path(self):
        return os.path.join(config.STATE, self.name)

    def bin(self, name):
        return os.path.join(self.path, "bin", name)


CLOUD = Venv("venv-cloud", ("tools/requirements-cloud.txt",))
HORIZON = Venv("venv-horizon", ("requirements.txt", "test-requirements.txt",
                                "doc/requirements.txt"), plugin=True,
               constraints="upper-constraints.txt")
# Karbor 1.6 runs only on the old libraries pinned in this file.
KARBOR = Venv("venv-karbor", ("tools/requirements-karbor-live.txt",
                              "tools/requirements-karbor.txt"), plugin=True)


def install(apt_packages, venvs):
    os.makedirs(config.LOGS, exist_ok=True)
    os.makedirs(config.PIDS, exist_ok=True)
    apt_install(apt_packages)
    # The installs wait mostly on downloads, so they run side by side.
    with futures.ThreadPoolExecutor(len(venvs)) as pool:
        for done in [pool.submit(ensure_venv, venv) for venv in venvs]:
            done.result()
    install_plugin([venv for venv in venvs if venv.plugin])


def apt_install(packages):
    missing = [p for p in list(packages) + _venv_apt_packages()
               if not _dpkg_installed(p)]
    if not missing:
        return
    log(f"apt-get install {' '.join(missing)}")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    guard = "/usr/sbin/policy-rc.d"
    # Keeps Debian's packages from starting system-wide services.
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


def _dpkg_installed(package):
    result = subprocess.run(["dpkg-query", "-W", "-f=${Status}", package],
                            capture_output=True, text=True)
    return result.returncode == 0 and "ok installed" in result.stdout


def _venv_apt_packages():
    try:
        import ensurepip  # noqa: F401
        import venv  # noqa: F401
    except ImportError:
        return ["python3-venv"]
    return []


def ensure_venv(venv):
    """Builds the venv anew whenever its requirement files change."""
    marker = os.path.join(venv.path, ".requirements.sha256")
    digest = hashlib.sha256()
    for name in venv.files:
        with open(os.path.join(config.REPO, name), "rb") as f:
            digest.update(f.read())
    digest = digest.hexdigest()
    if os.path.exists(marker):
        with open(marker) as f:
            if f.read() == digest:
                return
    log(f"installing {', '.join(venv.requirements)} into {venv.path}")
    started = time.monotonic()
    # Left-overs of another set of pins would make a mixed venv.
    shutil.rmtree(venv.path, ignore_errors=True)
    run([sys.executable, "-m", "venv", venv.path])
    args = []
    for name in venv.requirements:
        args += ["-r", os.path.join(config.REPO, name)]
    if venv.constraints:
        args += ["-c", os.path.join(config.REPO, venv.constraints)]
    pip_log = os.path.join(config.LOGS, f"pip-{venv.name}.log")
    with open(pip_log, "w") as out:
        result = subprocess.run(
            [venv.bin("pip"), "install", "--disable-pip-version-check"]
            + args, stdout=out, stderr=subprocess.STDOUT)
    if result.returncode:
        with open(pip_log) as f:
            sys.stderr.write("".join(f.readlines()[-30:]))
        raise SystemExit(f"pip install failed; see {pip_log}")
    with open(marker, "w") as f:
        f.write(digest)
    log(f"{venv.name} built in {time.monotonic() - started:.0f} s")


def plugin_digest():
    """A digest of the plugin's tracked files as they are now."""
    files = subprocess.run(
        ["git", "ls-files", "-z", "volsnap_dashboard", "enabled",
         "templates", "static", "etc", "setup.cfg", "requirements.txt"],
        cwd=config.REPO, capture_output=True, check=True).stdout
    digest = hashlib.sha256()
    for name in sorted(files.split(b"\0")):
        path = os.path.join(config.REPO, os.fsdecode(name))
        if name and os.path.isfile(path):
            with open(path, "rb") as f:
                digest.update(name + f.read())
    return digest.hexdigest()


def install_plugin(venvs):
    """Installs the plugin the way an operator does: a plain pip install,
    into the venvs that do not have these very files yet."""
    digest = plugin_digest()
    stale = [venv for venv in venvs if _read(_plugin_marker(venv)) != digest]
    if not stale:
        return
    log("pip install . (non-editable) into "
        + ", ".join(venv.name for venv in stale))
    # setuptools builds in-tree and would ship files deleted since.
    shutil.rmtree(os.path.join(config.REPO, "build"), ignore_errors=True)
    for venv in stale:
        run([venv.bin("pip"), "install", "-q", "--no-deps",
             "--force-reinstall", "--disable-pip-version-check",
             config.REPO], cwd=config.STATE)
        with open(_plugin_marker(venv), "w") as f:
            f.write(digest)


def _plugin_marker(venv):
    return os.path.join(venv.path, "volsnap-plugin.digest")


def _read(path):
    try:
        with open(path) as f:
            return f.read()
    except OSError:
        return None
