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

"""The console scripts. Each parses its arguments, sets Django up from
Horizon's settings, and only then imports its service (volsnap's models
cannot be imported before Django is set up)."""
import argparse
import logging
import socket
import uuid


def setup():
    import django
    django.setup()
    logging.basicConfig(level=logging.INFO, format=(
        "%(asctime)s %(process)d %(levelname)s %(name)s %(message)s"))


def one_of_many(doc, claims, once):
    """The parser of a service that runs beside others of its kind: its
    --name on what it `claims`, and --once to do `once` and exit."""
    parser = argparse.ArgumentParser(description=doc.split("\n")[0])
    parser.add_argument("--name", help=f"this service's name on {claims} "
                                       "(default: host and a random "
                                       "suffix)")
    parser.add_argument("--once", action="store_true", help=once)
    return parser


def name_of(args):
    return args.name or f"{socket.gethostname()}-{uuid.uuid4().hex[:6]}"


def setting_required(parser, conf, setting, key):
    if key not in conf:
        parser.error(f"{setting}[{key!r}] is not set in Horizon's settings")
