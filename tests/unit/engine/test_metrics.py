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

"""The services' figures: the sample alerting rules name only metrics
the services serve, and an operation counts once it has ended."""
import datetime
import pathlib
import re

import prometheus_client
import yaml

from volsnap_dashboard.engine import metrics
from volsnap_dashboard.events import models

RULES = (pathlib.Path(__file__).parents[3] / "etc" / "prometheus"
         / "volsnap-alerts.yaml")
NOW = datetime.datetime(2031, 2, 28, 23, 59, tzinfo=datetime.timezone.utc)


def served():
    return {sample.name for family in prometheus_client.REGISTRY.collect()
            for sample in family.samples} | {
        family.name + suffix for family in
        prometheus_client.REGISTRY.collect()
        for suffix in ("", "_total", "_bucket", "_count", "_sum")}


def test_the_sample_rules_name_only_served_metrics():
    rules = [rule for group in yaml.safe_load(RULES.read_text())["groups"]
             for rule in group["rules"]]
    named = {name for rule in rules
             for name in re.findall(r"volsnap_\w+", str(rule["expr"]))}

    assert len(rules) >= 5
    assert named and named <= served()
    assert all(rule["annotations"]["summary"] for rule in rules)


def test_an_operation_is_timed_only_once_it_has_ended():
    def count():
        return prometheus_client.REGISTRY.get_sample_value(
            "volsnap_operation_duration_seconds_count",
            {"action": "backup", "outcome": "failed"}) or 0

    before = count()
    event = models.Event(action="backup", outcome="in_progress",
                         created_at=NOW)
    metrics.observed_operation(event)
    event.outcome, event.finished_at = "failed", NOW + datetime.timedelta(
        minutes=3)
    metrics.observed_operation(event)

    assert count() == before + 1
