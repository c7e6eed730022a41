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

"""oslo.messaging set up for volsnap's notifications, apart from the
configuration of the service it runs in (Horizon has none; Karbor's
describes Karbor's own exchange and queues, not Cinder's)."""
from oslo_config import cfg
import oslo_messaging
from oslo_messaging import opts


def notification_transport(url, exchange, durable_queues, threads=None):
    """A notification transport to `url` whose default exchange is
    `exchange` (Cinder's, where volsnap's topic is bound) and whose
    queues are durable as Cinder declares them."""
    conf = cfg.ConfigOpts()
    conf([], project="volsnap", default_config_files=[])
    for group, options in opts.list_opts():
        conf.register_opts(options, group=group)
    conf.set_override("control_exchange", exchange)
    conf.set_override("amqp_durable_queues", durable_queues,
                      group="oslo_messaging_rabbit")
    if threads:
        conf.set_override("executor_thread_pool_size", threads)
    return oslo_messaging.get_notification_transport(conf, url=url)
