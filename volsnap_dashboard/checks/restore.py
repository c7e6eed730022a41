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

"""What Cinder refuses of a restore into a new volume, known before
asking: each problem is the form field's error, not a 400 after saving."""
from volsnap_dashboard.i18n import _


def restore_problems(checkpoint, size, zone=None, zones=None,
                     same_zone=True):
    """{field: message} of what Cinder would refuse of restoring
    `checkpoint` (its size, and volume_zone if known) into a new volume of
    `size` GiB in `zone` (None: Cinder's choice). `zones`: the zones
    available now, None if unknown; `same_zone`: the cloud's Cinder keeps
    a volume made from a snapshot in the snapshot's zone (its
    cloned_volume_same_az, on by default)."""
    problems = {}
    if size is not None and size < checkpoint.size:
        problems["size"] = _(
            "The new volume must be at least as large as the checkpoint "
            "(%(size)d GiB).") % {"size": checkpoint.size}
    if zone:
        if zones is not None and zone not in zones:
            problems["availability_zone"] = _(
                "Availability zone %(zone)s is not available.") % {
                    "zone": zone}
        elif same_zone and checkpoint.volume_zone and (
                zone != checkpoint.volume_zone):
            problems["availability_zone"] = _(
                "This cloud makes a volume from a checkpoint only in the "
                "checkpoint's availability zone, %(zone)s.") % {
                    "zone": checkpoint.volume_zone}
    return problems
