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

"""The Cinder client the backend works through, for either kind of caller.

A Horizon request gets Horizon's own client (its catalog look-up, TLS
settings and memoisation) at the microversion both sides speak; a
keystoneauth session (Karbor, the services) gets a client on that session.
"""
import functools
import logging
import re
import urllib.parse

from cinderclient import api_versions
from cinderclient import client as cinder_client
from keystoneauth1 import session as ks_session
import requests

from volsnap_dashboard.api import errors
from volsnap_dashboard import exceptions
from volsnap_dashboard.i18n import _

LOG = logging.getLogger(__name__)

# Seconds the version probe and (in Horizon) each Cinder call may take;
# a hung Cinder must not hold a Horizon worker until it is killed.
PROBE_TIMEOUT = 10
DEFAULT_HTTP_TIMEOUT = 60

# The catalog's names for Cinder v3, in Horizon's order of preference.
SERVICE_TYPES = ("block-storage", "block-store", "volumev3", "volume")


def is_session(context):
    return isinstance(context, ks_session.Session)


def version_root(endpoint):
    """The unversioned root of a Cinder endpoint, the same for every
    project: http://cinder:8776/v3/<project> -> http://cinder:8776/"""
    parts = urllib.parse.urlsplit(endpoint)
    path = re.split(r"/v[23](?:/|$)", parts.path, maxsplit=1)[0]
    return f"{parts.scheme}://{parts.netloc}{path}/"


def negotiated_version(endpoint, verify=True):
    """The highest microversion both this client and Cinder speak.

    Asked once per Cinder (not per project), with a timeout and the TLS
    verification of the caller (`verify`: a CA bundle path, or a bool).
    """
    return _negotiated(version_root(endpoint), verify)


@functools.lru_cache(maxsize=16)
def _negotiated(root, verify):
    with errors.cinder_errors(_("The block storage service")):
        response = requests.get(root, timeout=PROBE_TIMEOUT, verify=verify)
    try:
        server_max = max(
            api_versions.APIVersion(found["version"])
            for found in response.json()["versions"]
            if str(found.get("version") or "").startswith("3."))
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        LOG.warning("Cinder's versions at %s could not be read: %s", root,
                    exc)
        raise exceptions.CinderUnavailable(
            _("The block storage service did not say which API versions it "
              "speaks; nothing was changed. Try again later."))
    return min(server_max, api_versions.APIVersion(api_versions.MAX_VERSION))


def cinder(context):
    with errors.cinder_errors(_("The block storage service")):
        if is_session(context):
            endpoint = context.get_endpoint(service_type="block-storage",
                                            interface="public")
            version = negotiated_version(endpoint, context.verify)
            return cinder_client.Client(version.get_string(),
                                        session=context)
        return _horizon_client(context)


def require_version(client, version, what):
    """InvalidState, in words, when Cinder speaks an older API than
    `version`, which `what` needs."""
    if client.api_version < version:
        raise exceptions.InvalidState(
            _("This cloud's block storage service cannot %(what)s (it "
              "speaks API %(have)s, and this needs %(need)s).")
            % {"what": what, "have": client.api_version.get_string(),
               "need": version.get_string()})


def _horizon_client(request):
    from django.conf import settings
    from openstack_dashboard.api import cinder as horizon_cinder

    endpoint = catalog_endpoint(request)
    verify = (False if getattr(settings, "OPENSTACK_SSL_NO_VERIFY", False)
              else getattr(settings, "OPENSTACK_SSL_CACERT", None) or True)
    version = negotiated_version(endpoint, verify)
    client = horizon_cinder.cinderclient(request,
                                         version=version.get_string())
    client.client.timeout = getattr(settings, "VOLSNAP_CINDER_TIMEOUT",
                                    DEFAULT_HTTP_TIMEOUT)
    return client


def page_of(items, limit, marker, sort_dir):
    """(page, has_more_data, has_prev_data) of `limit` + 1 items, by
    Horizon's own paging of its Cinder pages (paged listings serve
    Horizon's tables only, so Horizon is there)."""
    from openstack_dashboard.api import cinder as horizon_cinder
    return horizon_cinder.update_pagination(list(items), limit, marker,
                                            sort_dir)


def catalog_endpoint(request):
    """Cinder's endpoint in the user's catalog, by Horizon's public look-up
    (which honours OPENSTACK_ENDPOINT_TYPE and the user's region)."""
    from horizon import exceptions as horizon_exceptions
    from openstack_dashboard.api import base

    for service_type in SERVICE_TYPES:
        try:
            return base.url_for(request, service_type)
        except horizon_exceptions.ServiceCatalogException:
            continue
    raise exceptions.CinderUnavailable(
        _("No block storage service is in the service catalog."))


def user_name(context):
    """Who acts: the user name, else the user id, else nothing known."""
    if not is_session(context):
        return context.user.username
    # A plain token (as Karbor's plugins get) has no access record.
    get_access = getattr(context.auth, "get_access", None)
    if get_access is None:
        return ""
    access = get_access(context)
    return access.username or access.user_id or ""


def acting_project(context):
    """The project a Horizon user acts in; None for a session, whose
    token Cinder scopes already."""
    return None if is_session(context) else context.user.project_id


def refuse_foreign(context, owner, message, name):
    """Raises ForeignProject, `message` naming `name` and the `owner`
    project, for a resource of a project other than the one the user acts
    in."""
    # An admin's token reads every project's resources; the project views
    # act in the user's project only, so that a restore never copies
    # another project's data without a word. Admins read others' in the
    # admin panels, and act on them from within that project.
    acting = acting_project(context)
    if owner and acting and owner != acting:
        raise exceptions.ForeignProject(
            message % {"name": name, "project": owner})
