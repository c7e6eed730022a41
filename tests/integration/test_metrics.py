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

"""Each service's Prometheus endpoint, scraped and read with
prometheus_client's own text parser: a real scheduler process shows the
run it just made, and the stack's listener and watchdog serve theirs."""
import urllib.request

from prometheus_client import parser
import pytest

from tests import cloud
from tests.integration.test_scheduler import trust  # noqa: F401
from tests import schedulers

PORT = 9319


def scrape(url):
    """{(sample name, labels): value} of the endpoint at `url`."""
    with urllib.request.urlopen(url, timeout=10) as response:
        text = response.read().decode()
    return {(sample.name, frozenset(sample.labels.items())): sample.value
            for family in parser.text_string_to_metric_families(text)
            for sample in family.samples}


def value(samples, name, **labels):
    return samples.get((name, frozenset(labels.items())), 0)


def test_a_scheduler_counts_the_run_it_made(
        stack, trust, resources):  # noqa: F811
    volume = resources.volume()
    schedulers.clear(stack)
    schedulers.seed(stack, trust[0], [volume], per_policy=1)
    running = schedulers.start(stack, 1, metrics_port=PORT,
                               metrics_host="127.0.0.1")
    url = f"http://127.0.0.1:{PORT}/metrics"
    try:
        cloud.wait_until(lambda: value(
            _scrape_or_empty(url), "volsnap_runs_total",
            outcome="succeeded") == 1, timeout=90)
        samples = scrape(url)
    finally:
        schedulers.stop(running)
    assert value(samples, "volsnap_runs_total", outcome="failed") == 0
    assert value(samples, "volsnap_run_duration_seconds_count") == 1
    assert value(samples, "volsnap_run_lateness_seconds_count") == 1
    assert value(samples, "volsnap_runs_in_flight") == 0
    # Bounded labels: no volume or policy id names a series.
    assert volume.id not in repr(samples)
    assert {dict(labels).get("outcome") for _name, labels in samples
            if _name == "volsnap_runs_total"} <= {
        "succeeded", "partial", "failed"}
    assert [r["state"] for r in schedulers.report(stack)["runs"]] == [
        "succeeded"]


def _scrape_or_empty(url):
    try:
        return scrape(url)
    except OSError:
        return {}


@pytest.mark.parametrize("service,family", [
    ("volsnap-listener", "volsnap_notification_lag_seconds_count"),
    ("volsnap-watchdog", "volsnap_open_operations"),
    ("volsnap-scheduler", "volsnap_cinder_calls_waiting"),
])
def test_the_stacks_services_serve_their_figures(stack, service, family):
    samples = scrape(stack["metrics"][service])

    assert (family, frozenset()) in samples
