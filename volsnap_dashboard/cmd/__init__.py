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
import logging


def setup():
    import django
    django.setup()
    logging.basicConfig(level=logging.INFO, format=(
        "%(asctime)s %(process)d %(levelname)s %(name)s %(message)s"))
