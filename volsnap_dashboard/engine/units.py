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

"""What one step of a policy run protects: a volume (one checkpoint) or
a volume group (one group checkpoint, kept or deleted as one unit). The
flight treats both alike; these say which listing, request and journal
action each takes."""
from volsnap_dashboard.api import checkpoints
from volsnap_dashboard.api import groups
from volsnap_dashboard.engine import runner
from volsnap_dashboard.events import terms


class Volumes:
    """Each call is looked up when made, so that tests mock it at the
    backend."""
    of_groups = False
    protect_action, delete_action = terms.PROTECT, terms.DELETE

    @staticmethod
    def list_made(session):
        return checkpoints.checkpoint_list_project(session)

    @staticmethod
    def create(*args):
        return runner.create(*args)

    @staticmethod
    def delete(*args):
        return runner.delete(*args)

    @staticmethod
    def unit_of(made):
        return made.volume_id

    @staticmethod
    def run_of(made):
        return made.metadata.get(checkpoints.RUN_KEY)

    @classmethod
    def expired(cls, policy, unit_id, listing, now):
        return runner.expired(policy, unit_id, listing, now, cls.unit_of)


class Groups(Volumes):
    of_groups = True
    protect_action, delete_action = terms.PROTECT_GROUP, terms.DELETE_GROUP

    @staticmethod
    def list_made(session):
        return groups.group_checkpoint_list(session)

    @staticmethod
    def create(*args):
        return runner.create_group(*args)

    @staticmethod
    def delete(*args):
        return runner.delete_group(*args)

    @staticmethod
    def unit_of(made):
        return made.group_id

    @staticmethod
    def run_of(made):
        return made.run_id


def of(policy):
    return Groups if policy.get_targets().of_groups else Volumes
