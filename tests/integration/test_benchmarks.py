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

"""Every benchmark at its smoke size against the live stack, so that none
can rot: it completes and prints its table. Figures are not asserted."""
import glob
import os
import subprocess
import sys

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
BENCHMARKS = sorted(glob.glob(os.path.join(REPO, "benchmarks",
                                           "bench_*.py")))
# What each prints once its table is complete.
TABLE_ENDS = {"bench_backup.py": "ratio = volsnap / cinderclient",
              "bench_groups.py": "ratio = volsnap / cinderclient",
              "bench_pages.py": "vs Horizon",
              "bench_history.py": "listener lag",
              "bench_policies.py": "Protection Policies page",
              "bench_restore.py": "ratio = volsnap / cinderclient",
              "bench_watchdog.py": "alert latency"}


def test_every_benchmark_is_run_here():
    assert sorted(TABLE_ENDS) == [os.path.basename(b) for b in BENCHMARKS]


@pytest.mark.parametrize("script", BENCHMARKS, ids=os.path.basename)
def test_benchmark_runs_at_its_smoke_size(stack, script):
    process = subprocess.Popen(
        [sys.executable, script, "--smoke"], cwd=REPO, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env=dict(os.environ, VOLSNAP_STACK=os.environ["VOLSNAP_STACK"]))
    try:
        stdout, stderr = process.communicate(timeout=900)
    except subprocess.TimeoutExpired:
        # SIGTERM, not SIGKILL: the benchmark then stops the services it
        # started, which would otherwise outlive it into later tests.
        process.terminate()
        stdout, stderr = process.communicate(timeout=120)
        pytest.fail(f"not done in 900 s:\n{stdout[-3000:]}\n{stderr[-3000:]}")

    assert process.returncode == 0, stderr[-3000:]
    assert TABLE_ENDS[os.path.basename(script)] in stdout, stdout[-3000:]
