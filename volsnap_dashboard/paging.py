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

"""The numbers that come with marker pagination from URLs and cookies,
parsed once. No Django here: the Karbor plugin's backend uses it too.
Pages themselves are cut by Horizon's own update_pagination."""
import re

# ASCII digits only (str.isdigit() takes "²"), and no more than a
# database's bigint holds.
NUMBER = re.compile(r"\A[0-9]{1,18}\Z")
MAX_PAGE_SIZE = 1000


def number(value):
    """`value` as a non-negative int, or None when it is not one."""
    if isinstance(value, str) and NUMBER.match(value):
        return int(value)
    return None
