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

"""Reading and writing a volume's bytes on the local cloud's real-bytes
backend, as a host attached to it would: through Cinder's connection
info (admin), with qemu-io and qemu-img, never through Cinder's database.

A Pattern is a known content for a whole volume: a distinct byte in
several regions (the start, the middle, near the end) and zeros between,
so a revert or restore that leaves some of the newer data behind, or
loses the tail, is caught by comparing the whole image.
"""
import contextlib
import dataclasses
import json
import os
import subprocess
import tempfile

from tests import cloud

MIB = 1024 ** 2
GIB = 1024 ** 3
REGION = MIB
CONNECTOR = {"ip": "127.0.0.1", "host": "volsnap-tests",
             "initiator": "iqn.2026-12.org.volsnap:tests"}


@dataclasses.dataclass(frozen=True)
class Pattern:
    seed: int
    size_gib: int = 1

    @property
    def regions(self):
        """(offset, byte) of each region: the first and last MiB, and two
        inside, aligned to a MiB."""
        size = self.size_gib * GIB
        offsets = [0, size * 3 // 10 // MIB * MIB, size * 7 // 10 // MIB * MIB,
                   size - REGION]
        return [(offset, (self.seed * 7 + number) % 254 + 1)
                for number, offset in enumerate(offsets)]

    def qemu_io_writes(self):
        args = []
        for offset, byte in self.regions:
            args += ["-c", f"write -P {byte} {offset} {REGION}"]
        return args


class VolumeBytes:
    """The admin's view of volumes' files on the stack's NFS export."""

    def __init__(self, stack):
        self.admin = cloud.cinder(stack, "admin")
        self.export = stack["cinder_nfs_export"]

    @contextlib.contextmanager
    def opened(self, volume_id):
        """(path, format) of the volume's active image, connected for as
        long as the block runs."""
        info = self.admin.volumes.initialize_connection(volume_id,
                                                        CONNECTOR)
        try:
            data = info["data"]
            assert data["export"].split(":", 1)[1] == self.export, data
            yield os.path.join(self.export, data["name"]), data["format"]
        finally:
            self.admin.volumes.terminate_connection(volume_id, CONNECTOR)

    def write(self, volume_id, pattern):
        """Writes `pattern`'s regions (what was elsewhere stays)."""
        with self.opened(volume_id) as (path, fmt):
            run(["qemu-io", "-f", fmt] + pattern.qemu_io_writes() + [path])

    def holds(self, volume_id, pattern, size_gib=None):
        """Whether the volume's whole image (of `size_gib`, by default the
        pattern's) is exactly `pattern` with zeros elsewhere, compared
        byte by byte with a reference."""
        with tempfile.TemporaryDirectory() as scratch:
            reference = os.path.join(scratch, "reference.raw")
            wanted = (size_gib or pattern.size_gib) * GIB
            with open(reference, "wb") as f:
                f.truncate(wanted)
            run(["qemu-io", "-f", "raw"] + pattern.qemu_io_writes()
                + [reference])
            with self.opened(volume_id) as (path, fmt):
                size = json.loads(run(["qemu-img", "info", "--output=json",
                                       "-f", fmt, path]).stdout)[
                                           "virtual-size"]
                # Not strict (-s): that compares which clusters are
                # allocated too, and a grown overlay differs there.
                compared = subprocess.run(
                    ["qemu-img", "compare", "-f", "raw", "-F", fmt,
                     reference, path], capture_output=True, text=True)
        if compared.returncode > 1:
            raise AssertionError(f"qemu-img compare failed: "
                                 f"{compared.stderr}")
        return (compared.returncode == 0
                and size == wanted)

    def files(self):
        """The names of every file on the share."""
        return set(os.listdir(self.export))


def run(cmd):
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode or "failed" in result.stdout.lower():
        raise AssertionError(f"{' '.join(cmd[:4])} ...: {result.stdout}"
                             f"{result.stderr}")
    return result
