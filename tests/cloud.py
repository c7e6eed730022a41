"""Clients of the local cloud for the tests that use it (never mocked)."""
import time

from cinderclient import client as cinder_client
from keystoneauth1 import session as ks_session
from keystoneauth1.identity import v3

CINDER_API_VERSION = "3.71"


def keystone_session(stack, user):
    spec = stack["users"][user]
    auth = v3.Password(auth_url=stack["keystone_url"], username=user,
                       password=spec["password"],
                       project_name=spec["project"],
                       user_domain_id="default", project_domain_id="default")
    return ks_session.Session(auth=auth)


def cinder(stack, user, version=CINDER_API_VERSION):
    return cinder_client.Client(version, session=keystone_session(stack,
                                                                  user))


def wait_status(get, wanted, timeout=30):
    """Polls get() until its status is wanted; returns the object."""
    deadline = time.monotonic() + timeout
    while True:
        obj = get()
        if obj.status == wanted:
            return obj
        if obj.status.startswith("error") or time.monotonic() > deadline:
            raise AssertionError(f"{obj} is {obj.status}, not {wanted}")
        time.sleep(0.2)


def wait_gone(get, timeout=30):
    from cinderclient import exceptions
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            get()
        except exceptions.NotFound:
            return
        time.sleep(0.2)
    raise AssertionError("still there after %ss" % timeout)
