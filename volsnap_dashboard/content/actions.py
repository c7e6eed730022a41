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

"""What the panels' table actions share."""
from horizon.utils import settings as horizon_settings

# The policy target of an action on one of the project's objects.
PROJECT_POLICY_TARGET = (("project_id", "project_id"),)


class OncePerObject:
    """A batch action acts once per object, however many times a request
    names it (a crafted POST can repeat an id)."""

    def handle(self, table, request, obj_ids):
        return super().handle(table, request, list(dict.fromkeys(obj_ids)))


class PolicyOncePerPage:
    """Asks the policy engine once per request for each (rules, target),
    not once per row: every row of a project's table has the same target,
    and oslo.policy was a quarter of the Checkpoints page's server time."""

    def _allowed(self, request, datum):
        rules = self.policy_rules
        check = horizon_settings.import_setting("POLICY_CHECK_FUNCTION")
        if not (check and rules):
            return super()._allowed(request, datum)
        target = self.get_policy_target(request, datum)
        decided = request.__dict__.setdefault("volsnap_policy_decided", {})
        key = (tuple(rules), tuple(sorted(target.items())))
        if key not in decided:
            decided[key] = check(rules, request, target)
        if not decided[key]:
            return False
        # The rest of Horizon's check (a batch action's own conditions,
        # allowed()) without asking the policy engine again.
        self.policy_rules = None
        try:
            return super()._allowed(request, datum)
        finally:
            self.policy_rules = rules
