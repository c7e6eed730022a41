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

"""Keystone trusts that let the scheduler act for a policy's user.

A trust goes from the user to volsnap's own service user, scoped to the
user's project, with impersonation, so that Cinder records the user and
counts the project's quota. No password or token of the user is kept.
"""
import logging

from keystoneauth1 import exceptions as ks_exceptions
from keystoneauth1.identity import v3
from keystoneauth1 import session as ks_session

from volsnap_dashboard import exceptions
from volsnap_dashboard.i18n import _

LOG = logging.getLogger(__name__)


def _keystone(request):
    from openstack_dashboard.api import keystone
    return keystone.keystoneclient(request)


def trust_create(request, trustee_id, roles):
    """A trust from the request's user to `trustee_id`; returns its id."""
    try:
        trust = _keystone(request).trusts.create(
            trustee_user=trustee_id, trustor_user=request.user.id,
            project=request.user.project_id, role_names=list(roles),
            impersonation=True)
    except Exception as exc:
        LOG.warning("Creating a trust for %s failed: %s",
                    request.user.username, exc)
        raise exceptions.PermissionDenied(
            _("Keystone refused to let volsnap act for you: %s") % exc)
    return trust.id


def trust_delete(request, trust_id):
    """Deletes a trust; a trust already gone is fine. Never raises:
    a trust that outlives its policy is useless, not harmful."""
    try:
        _keystone(request).trusts.delete(trust_id)
    except Exception as exc:
        if getattr(exc, "http_status", None) != 404:
            LOG.warning("Could not delete trust %s: %s", trust_id, exc)


def account_session(account, timeout=60):
    """A keystoneauth session of a service account scoped to its project
    (`account`: auth_url, username, password, project_name, and the
    domains, "default" unless given)."""
    auth = v3.Password(
        auth_url=account["auth_url"], username=account["username"],
        password=account["password"],
        user_domain_id=account.get("user_domain_id", "default"),
        project_name=account["project_name"],
        project_domain_id=account.get("project_domain_id", "default"))
    return ks_session.Session(auth=auth, timeout=timeout)


def trust_session(service_user, trust_id, timeout=60):
    """A keystoneauth session of the service user acting through a trust.

    `service_user`: auth_url, username, password, user_domain_id.
    Raises TrustBroken when Keystone no longer honours the trust.
    """
    auth = v3.Password(auth_url=service_user["auth_url"],
                       username=service_user["username"],
                       password=service_user["password"],
                       user_domain_id=service_user.get("user_domain_id",
                                                       "default"),
                       trust_id=trust_id)
    session = ks_session.Session(auth=auth, timeout=timeout)
    try:
        session.get_token()
    except (ks_exceptions.Unauthorized, ks_exceptions.Forbidden,
            ks_exceptions.NotFound) as exc:
        raise exceptions.TrustBroken(
            _("The trust this policy acts through no longer works (the "
              "user may have left the project or been disabled): %s")
            % exc)
    return session
