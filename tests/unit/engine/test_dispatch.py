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

"""The budget of Cinder requests in flight, on real threads."""
import collections
import threading
import time

from volsnap_dashboard.engine import dispatch


class Gate:
    """Calls that block until opened, counting how many run at once."""

    def __init__(self):
        self.lock = threading.Lock()
        self.running = collections.Counter()
        self.peaks = collections.Counter()
        self.opened = threading.Event()

    def call(self, project):
        def run():
            with self.lock:
                self.running[project] += 1
                self.running["all"] += 1
                for key in (project, "all"):
                    self.peaks[key] = max(self.peaks[key],
                                          self.running[key])
            self.opened.wait(5)
            time.sleep(0.001)
            with self.lock:
                self.running[project] -= 1
                self.running["all"] -= 1
            return project
        return run


def drive(dispatcher, until):
    deadline = time.monotonic() + 10
    while not until() and time.monotonic() < deadline:
        dispatcher.pump()
        dispatcher.collect(timeout=0.01)


def test_never_more_than_the_budget_whatever_is_queued():
    dispatcher = dispatch.Dispatcher(total=6, per_project=4)
    gate, done = Gate(), []
    for number in range(300):
        project = f"p{number % 3}"
        dispatcher.submit(project, "create", gate.call(project),
                          lambda value, error: done.append(value))
    dispatcher.pump()
    time.sleep(0.1)
    assert gate.running["all"] == 6
    gate.opened.set()
    drive(dispatcher, lambda: len(done) == 300)
    dispatcher.shutdown()
    assert len(done) == 300
    assert gate.peaks["all"] == 6 == dispatcher.peak
    assert max(gate.peaks[f"p{n}"] for n in range(3)) <= 4


def test_a_big_project_does_not_starve_a_small_one():
    dispatcher = dispatch.Dispatcher(total=4, per_project=3)
    gate, order = Gate(), []
    for _ in range(200):
        dispatcher.submit("big", "create", gate.call("big"),
                          lambda value, error: order.append(value))
    dispatcher.submit("small", "create", gate.call("small"),
                      lambda value, error: order.append(value))
    dispatcher.pump()
    # Nothing ends while the gate is shut: the first round is all that
    # runs, and the small project's call is in it, beside the big one's
    # three. (Completion order would depend on the threads' timing.)
    deadline = time.monotonic() + 5
    while gate.running["all"] < 4 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert (gate.running["small"], gate.running["big"]) == (1, 3)
    gate.opened.set()
    drive(dispatcher, lambda: len(order) == 201)
    dispatcher.shutdown()
    assert len(order) == 201


def test_an_error_reaches_then_and_frees_the_budget():
    dispatcher = dispatch.Dispatcher(total=1, per_project=1)
    seen = []

    def fail():
        raise RuntimeError("boom")
    dispatcher.submit("p", "create", fail,
                      lambda value, error: seen.append(error))
    dispatcher.submit("p", "create", lambda: "ok",
                      lambda value, error: seen.append(value))
    drive(dispatcher, lambda: len(seen) == 2)
    dispatcher.shutdown()
    assert str(seen[0]) == "boom" and seen[1] == "ok"
    assert dispatcher.in_flight == 0 and not dispatcher.busy()
