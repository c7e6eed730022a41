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

"""The local cloud's real-bytes backend: Cinder's NFS driver on a local
directory bind-mounted where os-brick looks for the share (see
localstack/components/cinder.py), with three upstream defects of that
path worked around. It belongs to the local stack and is never shipped in the
plugin, which must cope with backends that have these defects.
"""
import os

from cinder.image import image_utils
from cinder.volume.drivers import nfs
from cinder.volume.drivers import remotefs

GIB = 1024 ** 3


class LocalNfsDriver(remotefs.RevertToSnapshotMixin, nfs.NfsDriver):
    """NfsDriver, reverting and restoring as a real backend does."""

    def revert_to_snapshot(self, context, volume, snapshot):
        """NfsDriver has no revert, so cinder-volume falls back to its
        generic one, which copies raw bytes over the volume's top qcow2
        overlay: the data reads back, but the snapshot chain is gone (a
        later backup of that snapshot hangs in `creating`, and deleting it
        leaves the volume's base file behind). Cinder's qcow2-aware mixin,
        which no in-tree driver uses, rebuilds the overlay instead."""
        self._revert_to_snapshot(context, volume, snapshot)

    def _copy_volume_from_snapshot(self, snapshot, volume, volume_size,
                                   *args, **kwargs):
        """NfsDriver converts the snapshot into the new volume's file and
        never gives the file the size asked for: a volume made 3 GiB from
        a 1 GiB snapshot is 3 GiB to Cinder and 1 GiB to its reader (seen
        with qemu-img; the restore tests caught it). The file is grown as
        extend_volume grows one."""
        super()._copy_volume_from_snapshot(snapshot, volume, volume_size,
                                           *args, **kwargs)
        path = self._local_path_volume(volume)
        info = self._qemu_img_info(path, volume.name)
        if info.virtual_size < volume_size * GIB:
            image_utils.resize_image(path, volume_size,
                                     run_as_root=self._execute_as_root,
                                     file_format=info.file_format)

    def terminate_connection(self, volume, connector, **kwargs):
        """cinder-backup restores into a new volume by opening its file
        with open(path, 'wb'), which truncates it, and skips all-zero
        chunks, so a raw file ends short of the volume's size. When the
        backup service lets go of a raw volume, the file gets its size
        back (sparse: the missing end reads as the zeros it was)."""
        super().terminate_connection(volume, connector, **kwargs)
        path = self._local_path_active_image(volume)
        wanted = volume.size * GIB
        if (path == self.local_path(volume) and os.path.exists(path)
                and os.path.getsize(path) < wanted
                and self._qemu_img_info(path, volume.name).file_format
                == "raw"):
            os.truncate(path, wanted)
