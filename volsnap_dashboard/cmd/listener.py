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

"""volsnap-listener: keeps the event log complete from Cinder's own
notifications, whoever made the snapshot. Run it with Horizon's settings
module:

    DJANGO_SETTINGS_MODULE=openstack_dashboard.settings volsnap-listener
"""
import argparse
import sys

from volsnap_dashboard import cmd


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.parse_args(argv)
    cmd.setup()
    from volsnap_dashboard.engine import listener
    conf = listener.settings()
    if not conf["transport_url"]:
        parser.error("VOLSNAP_LISTENER['transport_url'] is not set in "
                     "Horizon's settings")
    problem = listener.check_database()
    if problem:
        print(f"volsnap-listener: {problem}", file=sys.stderr)
        return 2
    return listener.serve(conf)
