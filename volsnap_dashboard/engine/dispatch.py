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

"""The scheduler's budget of Cinder requests: calls wait in a queue per
project and start on a pool of threads while fewer than `total` are in
flight for the scheduler and fewer than `per_project` for their
project, the projects taking turns, so one big project cannot starve
the others. Nothing waits for a snapshot here: a call is one request
(or one listing), and what it found is handed back to the scheduler's
own thread, which alone touches the database. A call that ends starts
the next waiting one itself, so the budget stays in use while the
scheduler's thread is busy with the database.
"""
import collections
from concurrent import futures
import logging
import queue
import threading

LOG = logging.getLogger(__name__)


class Dispatcher:

    def __init__(self, total, per_project, pool=None):
        self.total = max(1, total)
        self.per_project = max(1, min(per_project or total, self.total))
        self._waiting = collections.OrderedDict()
        self._flying = collections.Counter()
        self._done = queue.SimpleQueue()
        # Reentrant: a pool that calls at once (the tests') starts the
        # next call from inside the one that ended.
        self._lock = threading.RLock()
        self._pool = pool or futures.ThreadPoolExecutor(
            self.total, thread_name_prefix="volsnap-cinder")
        # Calls started, by kind ("create", "delete", "list", ...).
        self.calls = collections.Counter()
        # The most calls ever in flight at once, for the budget's tests.
        self.peak = 0

    def submit(self, project, kind, call, then, first=False):
        """Queues `call()`; `then(value, error)` gets what it returned or
        raised, in the thread that calls collect(). `first`: before the
        project's other waiting calls."""
        with self._lock:
            calls = self._waiting.setdefault(project, collections.deque())
            (calls.appendleft if first else calls.append)((kind, call, then))

    @property
    def in_flight(self):
        return sum(self._flying.values())

    def waiting(self):
        with self._lock:
            return sum(len(calls) for calls in self._waiting.values())

    def busy(self):
        with self._lock:
            return bool(self.in_flight or self._waiting
                        or not self._done.empty())

    def pump(self):
        """Starts waiting calls as far as the budget allows, one per
        project in turn."""
        with self._lock:
            self._pump()

    def _pump(self):
        started = True
        while started and self.in_flight < self.total:
            started = False
            for project in list(self._waiting):
                if self.in_flight >= self.total:
                    break
                calls = self._waiting.get(project)
                if not calls or self._flying[project] >= self.per_project:
                    continue
                kind, call, then = calls.popleft()
                if not calls:
                    del self._waiting[project]
                else:
                    self._waiting.move_to_end(project)
                self._flying[project] += 1
                self.calls[kind] += 1
                self.peak = max(self.peak, self.in_flight)
                self._pool.submit(self._call, project, call, then)
                started = True

    def _call(self, project, call, then):
        try:
            outcome = (call(), None)
        except Exception as exc:  # handed to `then`, which decides
            outcome = (None, exc)
        with self._lock:
            self._flying[project] -= 1
            self._done.put((then, outcome))
            self._pump()

    def collect(self, timeout):
        """Hands each finished call to its `then`; waits up to `timeout`
        seconds for the first. Returns how many were handed."""
        handed = 0
        try:
            item = self._done.get(timeout=timeout)
            while True:
                then, (value, error) = item
                handed += 1
                try:
                    then(value, error)
                except Exception:
                    LOG.exception("Handling a Cinder call's result failed")
                item = self._done.get_nowait()
        except queue.Empty:
            pass
        return handed

    def shutdown(self):
        self._pool.shutdown(wait=True)
