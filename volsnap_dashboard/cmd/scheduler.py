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

"""volsnap-scheduler: runs protection policies on their schedules.

Any number of schedulers on any number of machines share the policies'
database; each slot runs once. Run it with Horizon's settings module:

    DJANGO_SETTINGS_MODULE=openstack_dashboard.settings volsnap-scheduler
"""
from volsnap_dashboard import cmd


def main(argv=None):
    parser = cmd.one_of_many(__doc__, "the runs it claims",
                             "look once, run what is due, and exit")
    args = parser.parse_args(argv)
    cmd.setup()
    from volsnap_dashboard.engine import scheduler
    conf = scheduler.settings()
    cmd.setting_required(parser, conf, "VOLSNAP_SCHEDULER", "service_user")
    return scheduler.serve(cmd.name_of(args), conf, once=args.once)
