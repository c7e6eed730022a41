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

"""Transport failures as the clients raise them: wrapped around urllib3's
own error, whose kind says whether the request left."""
import requests
from urllib3 import exceptions as urllib3_exceptions


def _wrapped(wrapper, cause):
    try:
        try:
            raise requests.exceptions.ConnectionError(cause)
        except requests.exceptions.ConnectionError:
            raise wrapper
    except Exception as exc:  # the wrapper, with its context set
        return exc


def refused(wrapper):
    """No connection was made: the request never left."""
    return _wrapped(wrapper, urllib3_exceptions.MaxRetryError(
        None, "/v3/snapshots", urllib3_exceptions.NewConnectionError(
            None, "[Errno 111] Connection refused")))


def aborted(wrapper):
    """The connection dropped after the request was sent."""
    return _wrapped(wrapper, urllib3_exceptions.ProtocolError(
        "Connection aborted.", ConnectionResetError(104, "reset")))
