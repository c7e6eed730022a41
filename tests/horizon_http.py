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

"""The real Horizon over plain HTTP, as a logged-in user (no browser):
for the hostile-input, fault and load tests and the benchmarks."""
import requests


class Horizon:
    """One user's session with the running Horizon."""

    def __init__(self, stack, user):
        self.base = stack["horizon_url"]
        self.http = requests.Session()
        self.http.get(self.base + "/auth/login/", timeout=60)
        response = self.post("/auth/login/", {
            "username": user, "password": stack["users"][user]["password"],
            "region": "default"})
        response.raise_for_status()
        if "sessionid" not in self.http.cookies:
            raise AssertionError(f"could not log in as {user}")

    def get(self, path, **kwargs):
        kwargs.setdefault("timeout", 120)
        kwargs.setdefault("allow_redirects", False)
        return self.http.get(self.base + path, **kwargs)

    def post(self, path, data, **kwargs):
        """A form post with Django's CSRF token, as a browser sends it."""
        kwargs.setdefault("timeout", 120)
        kwargs.setdefault("allow_redirects", False)
        data = dict(data, csrfmiddlewaretoken=self.http.cookies["csrftoken"])
        return self.http.post(self.base + path, data=data,
                              headers={"Referer": self.base + path},
                              **kwargs)

    def messages(self, response):
        """The user's messages the response (or its redirect) shows."""
        if response.is_redirect:
            response = self.get(response.headers["location"].replace(
                self.base, ""))
        return response.text


def sound(response):
    """Fails for a server error or a page that shows a stack trace."""
    assert response.status_code < 500, (response.status_code,
                                        response.url)
    assert "Traceback" not in response.text, response.url
    assert "Server error" not in response.text, response.url
    return response
