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

"""The unit test settings on the local stack's PostgreSQL instead of
SQLite, for the tests of what the database does (claims, migrations,
the history, the listener's ledger); tools/stack.py test runs them so."""
import json
import os

from tests.settings import *  # noqa: F401,F403,H303

with open(os.environ["VOLSNAP_STACK"]) as stack_file:
    DATABASES = {"default": json.load(stack_file)["volsnap_postgresql"]}
