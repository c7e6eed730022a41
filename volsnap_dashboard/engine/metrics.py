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

"""What the services count, for Prometheus: each service serves its own
process's figures on its `metrics_port` (prometheus_client's exposition
format). Labels come from short fixed lists (outcomes, actions, states);
never an id, so that a cloud of any size keeps a bounded set of series."""
import logging

import prometheus_client

LOG = logging.getLogger(__name__)
# Seconds: a snapshot takes seconds, a backup or a large run hours.
DURATIONS = (1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200, 21600,
             86400, float("inf"))
LAGS = (0.1, 0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3600, float("inf"))

RUNS = prometheus_client.Counter(
    "volsnap_runs", "Policy runs finished, by outcome (succeeded, partial, "
    "failed).", ["outcome"])
RUN_DURATION = prometheus_client.Histogram(
    "volsnap_run_duration_seconds", "How long finished policy runs took.",
    buckets=DURATIONS)
RUN_LATENESS = prometheus_client.Histogram(
    "volsnap_run_lateness_seconds", "How late policy runs started after "
    "they were due.", buckets=LAGS)
RUNS_IN_FLIGHT = prometheus_client.Gauge(
    "volsnap_runs_in_flight", "Policy runs this scheduler is running.")
CALLS_IN_FLIGHT = prometheus_client.Gauge(
    "volsnap_cinder_calls_in_flight", "Cinder requests this scheduler has "
    "in flight.")
CALLS_WAITING = prometheus_client.Gauge(
    "volsnap_cinder_calls_waiting", "Cinder requests this scheduler has "
    "waiting for its budget.")
OPERATION_DURATION = prometheus_client.Histogram(
    "volsnap_operation_duration_seconds", "How long operations took from "
    "their request to Cinder's last word, by action and outcome.",
    ["action", "outcome"], buckets=DURATIONS)
NOTIFICATIONS = prometheus_client.Counter(
    "volsnap_notifications", "Notifications handled, by result (applied, "
    "duplicate, requeued).", ["result"])
NOTIFICATION_LAG = prometheus_client.Histogram(
    "volsnap_notification_lag_seconds", "From Cinder sending a "
    "notification to its row being written.", buckets=LAGS)
SETTLED = prometheus_client.Counter(
    "volsnap_watchdog_settled", "Operations the watchdog settled, by "
    "outcome.", ["outcome"])
OPEN_OPERATIONS = prometheus_client.Gauge(
    "volsnap_open_operations", "Operations in the event log still in "
    "progress or unknown, as the watchdog last counted them.")
PASS_DURATION = prometheus_client.Histogram(
    "volsnap_watchdog_pass_duration_seconds", "How long the watchdog's "
    "passes took.", buckets=LAGS)
PASSES_INTERRUPTED = prometheus_client.Counter(
    "volsnap_watchdog_passes_interrupted", "Watchdog passes stopped "
    "because Cinder could not answer.")

VOLUMES_PAST_OBJECTIVE = prometheus_client.Gauge(
    "volsnap_volumes_past_objective", "Volumes whose newest good checkpoint "
    "is older than their policy's recovery point objective, per project.",
    ["project"])
ALERTS = prometheus_client.Counter(
    "volsnap_alerts", "Alerts delivered, or failed for good, by channel "
    "kind (webhook, email) and result.", ["kind", "result"])
ALERT_LATENCY = prometheus_client.Histogram(
    "volsnap_alert_latency_seconds", "From an incident opening to its "
    "alert delivered.", buckets=LAGS)


def serve(conf):
    """Serves the figures on conf["metrics_port"] (at
    conf["metrics_host"]), if a port is set."""
    port = conf.get("metrics_port")
    if not port:
        return
    host = conf.get("metrics_host", "0.0.0.0")
    try:
        prometheus_client.start_http_server(int(port), host)
    except OSError as exc:
        # The figures are for watching the work, not a reason to stop it.
        LOG.error("Cannot serve the metrics on %s:%s: %s", host, port, exc)
        return
    LOG.info("Metrics on http://%s:%s/metrics", host, port)


def observed_operation(event):
    """Counts an operation the log has just seen end."""
    if event.finished_at and event.outcome in ("succeeded", "failed"):
        OPERATION_DURATION.labels(event.action, event.outcome).observe(
            max((event.finished_at - event.created_at).total_seconds(), 0))
