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
