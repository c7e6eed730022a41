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

"""Real volsnap-scheduler processes on the stack's PostgreSQL, as several
nodes would run them, for the race test and the policy benchmark."""
from concurrent import futures
import json
import os
import signal
import subprocess

from keystoneclient.v3 import client as keystone_client

from tests import cloud

HERE = os.path.dirname(os.path.abspath(__file__))
TERMINAL = {"succeeded", "partial", "failed", "missed", "abandoned"}
QUICK = {"poll_interval": 1, "heartbeat_interval": 2, "abandon_after": 10,
         "wait_timeout": 120, "wait_interval": 0.5, "drain_timeout": 5,
         # The stack's own scheduler serves its figures on the port.
         "metrics_port": None}


# The databases several schedulers share: stack.json's volsnap_<name>.
DATABASES = ("postgresql", "mariadb")


def environment(stack, database="postgresql", **conf):
    return dict(
        os.environ, **stack["horizon_environment"],
        VOLSNAP_EVENTS_DATABASE_JSON=json.dumps(
            stack[f"volsnap_{database}"]),
        VOLSNAP_SCHEDULER_JSON=json.dumps(dict(QUICK, **conf)))


def policy_db(stack, *args, shared=True, database="postgresql"):
    """policy_db.py on the schedulers' shared `database`, or (shared
    False) on the running Horizon's own database."""
    env = (environment(stack, database) if shared
           else dict(os.environ, **stack["horizon_environment"]))
    # As a module: run as a script, tests/ would come first on the path
    # and tests/packaging would hide the `packaging` library.
    result = subprocess.run(
        [os.path.join(stack["horizon_bin"], "python"), "-m",
         "tests.policy_db"] + [str(a) for a in args],
        env=env, capture_output=True, text=True, timeout=120,
        cwd=os.path.dirname(HERE))
    if result.returncode:
        raise AssertionError(f"policy_db.py {args[0]} failed:\n"
                             + result.stderr[-3000:])
    return result.stdout


def report(stack, database="postgresql"):
    return json.loads(policy_db(stack, "report", database=database))


def clear(stack, database="postgresql"):
    """Empties the shared database; no scheduler may run meanwhile."""
    policy_db(stack, "clear", database=database)


def seed(stack, trust_id, volumes, per_policy, ago=1, user="demo",
         database="postgresql"):
    """Adds hourly policies of `user` over `volumes`, `per_policy`
    volumes each, due `ago` seconds ago."""
    session = cloud.keystone_session(stack, user)
    policy_db(stack, "seed", trust_id, session.get_user_id(),
              session.get_project_id(), per_policy, ago,
              *[v.id for v in volumes], database=database)


def seed_project(stack, trust_id):
    """Adds one due policy over every volume of project demo."""
    demo = cloud.keystone_session(stack, "demo")
    policy_db(stack, "seed-project", trust_id, demo.get_user_id(),
              demo.get_project_id())


def start(stack, count, database="postgresql", **conf):
    """`count` schedulers, each logging to logs/scheduler-many-<n>.log
    so that a failing run can be read after."""
    processes = []
    for number in range(count):
        log = os.path.join(stack["logs"], f"scheduler-many-{number}.log")
        with open(log, "ab") as output:
            processes.append(subprocess.Popen(
                [os.path.join(stack["horizon_bin"], "volsnap-scheduler"),
                 "--name", f"many-{number}"],
                env=environment(stack, database, **conf),
                stdout=output, stderr=subprocess.STDOUT,
                start_new_session=True))
    return processes


def logs_tail(stack, count, lines=30):
    """The last lines of the logs of schedulers 0 to `count` - 1."""
    tails = []
    for number in range(count):
        log = os.path.join(stack["logs"], f"scheduler-many-{number}.log")
        with open(log, errors="replace") as f:
            tails.append(f"--- {log}\n" + "".join(f.readlines()[-lines:]))
    return "\n".join(tails)


def stop(processes):
    for process in processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(30)


def make_trust(stack, user="demo"):
    """A trust from `user` to volsnap's service user, as the panel makes;
    returns (its id, the user's Keystone client)."""
    admin = keystone_client.Client(session=cloud.keystone_session(stack,
                                                                  "admin"))
    (trustee,) = admin.users.list(name="volsnap")
    session = cloud.keystone_session(stack, user)
    keystone = keystone_client.Client(session=session)
    made = keystone.trusts.create(
        trustee_user=trustee.id, trustor_user=session.get_user_id(),
        project=session.get_project_id(), role_names=["member"],
        impersonation=True)
    return made.id, keystone


def many_volumes(resources, count):
    """Volumes by the hundred, to measure the schedulers and Horizon, not
    the disk: on the backend that stores nothing (on NFS each snapshot is
    a qemu-img run inside cinder-volume)."""
    with futures.ThreadPoolExecutor(8) as pool:
        made = list(pool.map(lambda _: resources.cinder.volumes.create(
            1, name=cloud.unique("many"),
            volume_type=resources.types["fake"]), range(count)))
    resources.volumes.extend(v.id for v in made)
    ids = {v.id for v in made}
    cloud.wait_until(lambda: sum(
        v.status == "available" for v in resources.cinder.volumes.list()
        if v.id in ids) == count, 120 + count // 5, 1)
    return made
