"""The components of the stack, in start order.

A component is a module with:
  PROCESSES   the names its processes are recorded under
  APT, VENVS  what it needs installed (install.Venv)
  NEEDS       components that must be ready before it starts
  start()     writes its configs and spawns its processes
  ready()     waits until it serves (idempotent set-up steps go here too)
and optionally after_install(), SERVICE_USERS and CATALOG (read by
keystone.provision) and BANNER (lines for the `run` banner).
"""
from localstack.components import cinder
from localstack.components import horizon
from localstack.components import karbor
from localstack.components import keystone
from localstack.components import listener
from localstack.components import postgresql
from localstack.components import rabbitmq
from localstack.components import scheduler

ALL = [postgresql, rabbitmq, keystone, cinder, karbor, horizon, scheduler,
       listener]
BY_NAME = {component.__name__.rsplit(".", 1)[1]: component
           for component in ALL}
