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

"""JSON over HTTP with the standard library, and Keystone tokens."""
import json
import urllib.request

from localstack import config


def http(method, url, body=None, token=None, timeout=30, headers=None):
    headers = dict(headers or {}, **{"Content-Type": "application/json",
                                     "Accept": "application/json"})
    if token:
        headers["X-Auth-Token"] = token
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, headers=headers,
                                     method=method)
    with urllib.request.urlopen(request, timeout=timeout) as response:
        text = response.read()
        return (response.headers,
                json.loads(text) if text.strip() else None)


def token_for(user, project, password=None):
    """A project-scoped token and its body."""
    password = password or config.USERS[user]["password"]
    headers, body = http("POST", config.KEYSTONE_URL + "/auth/tokens", {
        "auth": {
            "identity": {"methods": ["password"], "password": {"user": {
                "name": user, "domain": {"id": "default"},
                "password": password}}},
            "scope": {"project": {"name": project,
                                  "domain": {"id": "default"}}}}})
    return headers["X-Subject-Token"], body["token"]


def admin_token():
    return token_for("admin", "admin")
