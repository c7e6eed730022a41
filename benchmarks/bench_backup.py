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

"""Backups with real data: a full backup of a checkpoint, an incremental
one after more data was written, and a restore of each into a new
volume, through the dashboard beside plain cinderclient in the same run.

Run against the local stack (./tools/stack.py bench backup). For each size
it makes a volume on the real-bytes backend, writes part of it with data
and takes a checkpoint (untimed, alike for both); then times, from the
request until Cinder shows the result available: the full backup (the
Back Up Now dialog posted to Horizon; cinderclient's backups.create), a
second checkpoint's incremental backup after a tenth more was written,
and the restore of each backup into a new volume (the Restore from Backup
dialog; volumes.create with backup_id, name and type). Both sides poll
Cinder alike. Last, cinder-backup's peak memory (VmHWM) over the run.
Figures are printed, never asserted.
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))))

from benchmarks import bench_restore  # noqa: E402
from tests import cloud  # noqa: E402
from tests import horizon_http  # noqa: E402
from tests import volume_bytes  # noqa: E402

OPERATIONS = ("full backup", "incremental", "restore full",
              "restore incr.")
CHECKPOINT = {"volsnap_checkpoint": "true"}


def until_available(get):
    cloud.wait_status(get, "available", bench_restore.TIMEOUT)


class Plain:
    """cinderclient, as an operator's script would call it."""
    name = "cinderclient"

    def __init__(self, stack, resources):
        self.cinder = cloud.cinder(stack, "demo")
        self.resources = resources
        self.volume_type = stack["volume_types"]["default"]

    def checkpoint(self, volume):
        made = self.cinder.volume_snapshots.create(
            volume.id, name=cloud.unique("bench"), metadata=CHECKPOINT)
        until_available(lambda: self.cinder.volume_snapshots.get(made.id))
        return made.id

    def back_up(self, volume, snapshot_id, incremental):
        made = self.cinder.backups.create(
            volume.id, name=cloud.unique("bench"), snapshot_id=snapshot_id,
            incremental=incremental)
        return self.settled(made.id)

    def settled(self, backup_id):
        self.resources.backups.append(backup_id)
        until_available(lambda: self.cinder.backups.get(backup_id))
        return backup_id

    def restore(self, backup_id, size):
        made = self.cinder.volumes.create(
            size, backup_id=backup_id, name=cloud.unique("bench"),
            volume_type=self.volume_type)
        return self.restored(made.id)

    def restored(self, volume_id):
        self.resources.volumes.append(volume_id)
        until_available(lambda: self.cinder.volumes.get(volume_id))
        return volume_id


class Dashboard(Plain):
    """The dashboard's dialogs, posted to the running Horizon."""
    name = "volsnap"

    def __init__(self, stack, resources):
        super().__init__(stack, resources)
        self.horizon = horizon_http.Horizon(stack, "demo")

    def posted(self, path, data):
        bench_restore.posted(self.horizon, path, data)

    def back_up(self, volume, snapshot_id, incremental):
        name = cloud.unique("bench")
        self.posted(f"/project/checkpoint_backups/of/{snapshot_id}/",
                    dict({"name": name, "description": ""},
                         **({"incremental": "on"} if incremental else {})))
        (made,) = self.cinder.backups.list(search_opts={"name": name})
        return self.settled(made.id)

    def restore(self, backup_id, size):
        name = cloud.unique("bench")
        self.posted(f"/project/checkpoint_backups/{backup_id}/restore/",
                    {"restore_name": name, "restore_description": "",
                     "volume_type": self.volume_type, "size": size})
        (made,) = self.cinder.volumes.list(search_opts={"name": name})
        return self.restored(made.id)


def one_round(tool, resources, bytes_io, size, share, seed):
    volume = resources.volume(size=size)
    bench_restore.fill(bytes_io, volume.id, size, share, seed)
    figures = {}
    first = tool.checkpoint(volume)
    figures["full backup"], full = bench_restore.timed(
        tool.back_up, volume, first, False)
    bench_restore.fill(bytes_io, volume.id, size, share / 10, seed + 100)
    second = tool.checkpoint(volume)
    figures["incremental"], incremental = bench_restore.timed(
        tool.back_up, volume, second, True)
    figures["restore full"], _ = bench_restore.timed(tool.restore, full,
                                                     size)
    figures["restore incr."], _ = bench_restore.timed(tool.restore,
                                                      incremental, size)
    return figures


def peak_memory_mib(stack):
    """cinder-backup's peak resident memory since it started."""
    with open(os.path.join(stack["state"], "pids",
                           "cinder-backup.json")) as f:
        pid = json.load(f)["pid"]
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def main():
    args, stack = bench_restore.arguments(__doc__.split("\n")[0])
    resources = cloud.Resources(stack)
    bytes_io = volume_bytes.VolumeBytes(stack)
    tools = [Plain(stack, resources), Dashboard(stack, resources)]
    print(f"{'size':>5} {'operation':14} {'cinderclient s':>15} "
          f"{'volsnap s':>10} {'ratio':>6}", flush=True)
    try:
        for size in args.sizes:
            medians = bench_restore.rounds(
                tools, OPERATIONS, args.rounds, lambda tool, n: one_round(
                    tool, resources, bytes_io, size, args.share, n))
            for op in OPERATIONS:
                plain = medians["cinderclient"][op]
                ours = medians["volsnap"][op]
                print(f"{size:>4}G {op:14} {plain:>15.2f} {ours:>10.2f} "
                      f"{ours / plain:>5.2f}x", flush=True)
    finally:
        resources.cleanup()
    print(f"cinder-backup peak memory (VmHWM): {peak_memory_mib(stack):.0f} "
          "MiB", flush=True)
    print(f"medians of {args.rounds} round(s), {args.share:.0%} of each "
          "volume written; ratio = volsnap / cinderclient", flush=True)


if __name__ == "__main__":
    main()
