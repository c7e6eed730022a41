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

"""What the Karbor plugin tells Snapshot History itself: the failures
Cinder does not notify (a protect refused before Cinder was asked, a
snapshot that went to error, a wait that timed out). Sent as a
notification, over the broker of Karbor's transport_url, on the exchange
and topic volsnap-listener consumes; the listener writes the row (one
owner of the event table).
Successes are Cinder's to tell: what the plugin makes carries the Karbor
checkpoint in its metadata."""
from oslo_config import cfg
from oslo_log import log as logging
import oslo_messaging

from volsnap_dashboard.events import notices
from volsnap_dashboard.events import terms
from volsnap_dashboard import messaging

LOG = logging.getLogger(__name__)
# Bounded: a broker that is away must not hold a Karbor worker.
SEND_RETRIES = 2


class Reporter:
    """begin() and complete() for terms.recorded(). Never raises: the
    history must not fail Karbor's operation."""

    def __init__(self, url, exchange, topic, durable_queues):
        """`url`: the listener's broker; None: Karbor's transport_url."""
        self._url, self._exchange = url, exchange
        self._topic, self._durable_queues = topic, durable_queues
        self._notifier = None

    def begin(self, action, actor, **fields):
        return None

    def complete(self, token, action, actor, outcome, error=None,
                 **fields):
        if outcome not in (terms.FAILED, terms.UNKNOWN):
            return
        try:
            self._notifier_once().error(
                {}, notices.REPORT_EVENT,
                notices.report_payload(action, actor, outcome, error,
                                       fields))
        except Exception:
            LOG.exception("Could not report the failed %s of volume %s to "
                          "Snapshot History", action, fields.get("volume_id"))

    def _notifier_once(self):
        if self._notifier is None:
            # Karbor's own options are registered once its services run.
            transport = messaging.notification_transport(
                self._url or cfg.CONF.transport_url, self._exchange,
                self._durable_queues)
            self._notifier = oslo_messaging.Notifier(
                transport, publisher_id="volsnap.karbor",
                driver="messagingv2", topics=[self._topic],
                retry=SEND_RETRIES)
        return self._notifier
