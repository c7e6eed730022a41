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

"""Where the stack keeps its state, and who may log in to it."""
import os

TOOLS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPO = os.path.dirname(TOOLS)
PACKAGE = os.path.dirname(os.path.abspath(__file__))
TEMPLATES = os.path.join(PACKAGE, "templates")
STATE = os.path.abspath(os.environ.get("VOLSNAP_STATE",
                                       os.path.join(REPO, ".stack")))
LOGS = os.path.join(STATE, "logs")
PIDS = os.path.join(STATE, "pids")
STACK_FILE = os.path.join(STATE, "stack.json")

HOST = "127.0.0.1"
KEYSTONE_URL = f"http://{HOST}:5000/v3"
REGION = "RegionOne"

# Development passwords for a loopback-only cloud; documented in README.rst.
# Components add their own service users (see keystone.service_users).
USERS = {
    "admin": {"password": "admin-secret", "project": "admin",
              "roles": ["admin"]},
    "demo": {"password": "demo-secret", "project": "demo",
             "roles": ["member", "reader"]},
    "alt": {"password": "alt-secret", "project": "alt",
            "roles": ["member", "reader"]},
}
