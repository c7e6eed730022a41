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

"""The stack's services stopped and started the way an operator would
(tools/stack.py), for the tests of faults."""
import contextlib
import os
import subprocess

STACK_PY = os.path.join(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))), "tools", "stack.py")


def stop(*names):
    subprocess.run([STACK_PY, "stop", *names], check=True,
                   capture_output=True)


def start():
    """Starts whatever is not running and waits until each is ready
    (consuming from RabbitMQ again, for those that do)."""
    subprocess.run([STACK_PY, "start"], check=True, capture_output=True)


@contextlib.contextmanager
def stopped(*names):
    stop(*names)
    try:
        yield
    finally:
        start()
