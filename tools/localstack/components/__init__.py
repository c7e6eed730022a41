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

"""The components of the stack, in start order.

A component is a module with:
  PROCESSES   the names its processes are recorded under
  APT, VENVS  what it needs installed (install.Venv)
  NEEDS       components that must be ready before it starts
  start()     writes its configs and spawns its processes
  ready()     waits until it serves (idempotent set-up steps go here too)
and optionally after_install(), after_stop() (once its processes are
stopped), stack_info() and BANNER (lines for the `run` banner).
What several share (service users, the catalog, the event log's place)
is in localstack/facts.py, so that no component imports another for it.
"""
from localstack.components import cinder
from localstack.components import horizon
from localstack.components import karbor
from localstack.components import keystone
from localstack.components import listener
from localstack.components import mariadb
from localstack.components import postgresql
from localstack.components import rabbitmq
from localstack.components import scheduler

ALL = [postgresql, mariadb, rabbitmq, keystone, cinder, karbor, horizon,
       scheduler, listener]
BY_NAME = {component.__name__.rsplit(".", 1)[1]: component
           for component in ALL}
