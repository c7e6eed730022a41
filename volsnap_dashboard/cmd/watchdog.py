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

"""volsnap-watchdog: settles operations Cinder finished without a word,
from what Cinder says of their objects. Run any number with Horizon's
settings module; one at a time makes the passes:

    DJANGO_SETTINGS_MODULE=openstack_dashboard.settings volsnap-watchdog
"""
from volsnap_dashboard import cmd


def main(argv=None):
    parser = cmd.one_of_many(__doc__, "its lease",
                             "make one pass and exit")
    args = parser.parse_args(argv)
    cmd.setup()
    from volsnap_dashboard.engine import watchdog
    conf = watchdog.settings()
    cmd.setting_required(parser, conf, "VOLSNAP_WATCHDOG", "cloud_reader")
    return watchdog.serve(cmd.name_of(args), conf, once=args.once)
