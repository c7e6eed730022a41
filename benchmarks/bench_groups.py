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

"""Volume groups with real data: a group protected as one group
checkpoint and restored into a new group, through the dashboard beside
plain cinderclient in the same run.

Run against the local stack (./tools/stack.py bench groups). For each
group size it makes a volume group of that many 1 GiB volumes on the
real-bytes backend, writes part of each, and times, from the request
until Cinder shows the result available: the protect (the Protect Group
dialog posted to Horizon, which also marks each member; cinderclient's
group_snapshots.create) and the restore into a new group (the Restore
Group dialog, which also names each new volume; groups.create_from_src).
Both sides poll Cinder alike. Figures are printed, never asserted.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))))

from benchmarks import bench_restore  # noqa: E402
from tests import cloud  # noqa: E402
from tests import horizon_http  # noqa: E402
from tests import volume_bytes  # noqa: E402

OPERATIONS = ("protect", "restore")
until_available = bench_restore.until_available


class Plain:
    """cinderclient, as an operator's script would call it."""
    name = "cinderclient"

    def __init__(self, stack, resources):
        self.cinder = cloud.cinder(stack, "demo")
        self.resources = resources

    def protect(self, group):
        made = self.cinder.group_snapshots.create(
            group.id, name=cloud.unique("bench"))
        until_available(lambda: self.cinder.group_snapshots.get(made.id))
        return made.id

    def restore(self, group_snapshot_id):
        made = self.cinder.groups.create_from_src(
            group_snapshot_id, None, name=cloud.unique("bench"))
        return self.restored(made["id"])

    def restored(self, group_id):
        self.resources.groups.append(group_id)
        until_available(lambda: self.cinder.groups.get(group_id))
        for volume in self.cinder.volumes.list(
                search_opts={"group_id": group_id}):
            until_available(lambda: self.cinder.volumes.get(volume.id))
        return group_id


class Dashboard(Plain):
    """The dashboard's dialogs, posted to the running Horizon."""
    name = "volsnap"

    def __init__(self, stack, resources):
        super().__init__(stack, resources)
        self.horizon = horizon_http.Horizon(stack, "demo")

    def protect(self, group):
        name = cloud.unique("bench")
        bench_restore.posted(
            self.horizon, f"/project/protection/groups/{group.id}/protect/",
            {"name": name, "description": ""})
        (made,) = self.cinder.group_snapshots.list(
            search_opts={"name": name})
        until_available(lambda: self.cinder.group_snapshots.get(made.id))
        return made.id

    def restore(self, group_snapshot_id):
        name = cloud.unique("bench")
        members = len(self.cinder.groups.get(self.cinder.group_snapshots.get(
            group_snapshot_id).group_id, list_volume=True).volumes)
        bench_restore.posted(
            self.horizon,
            f"/project/checkpoints/groups/{group_snapshot_id}/restore/",
            dict({"group_name": name, "description": ""},
                 **{f"volume_{n}": f"{name}-{n}" for n in range(members)}))
        (made,) = self.cinder.groups.list(search_opts={"name": name})
        return self.restored(made.id)


def one_round(tool, resources, bytes_io, count, share, seed):
    group, volumes = resources.group(count)
    for number, volume in enumerate(volumes):
        bench_restore.fill(bytes_io, volume.id, 1, share, seed + number)
    figures = {}
    figures["protect"], made = bench_restore.timed(tool.protect, group)
    figures["restore"], _ = bench_restore.timed(tool.restore, made)
    return figures


def main():
    args, stack = bench_restore.arguments(__doc__.split("\n")[0])
    counts = [2] if args.smoke else [2, 8]
    resources = cloud.Resources(stack)
    bytes_io = volume_bytes.VolumeBytes(stack)
    tools = [Plain(stack, resources), Dashboard(stack, resources)]
    print(f"{'volumes':>7} {'operation':10} {'cinderclient s':>15} "
          f"{'volsnap s':>10} {'ratio':>6}", flush=True)
    try:
        for count in counts:
            medians = bench_restore.rounds(
                tools, OPERATIONS, args.rounds, lambda tool, n: one_round(
                    tool, resources, bytes_io, count, args.share, n))
            for op in OPERATIONS:
                plain = medians["cinderclient"][op]
                ours = medians["volsnap"][op]
                print(f"{count:>7} {op:10} {plain:>15.2f} {ours:>10.2f} "
                      f"{ours / plain:>5.2f}x", flush=True)
    finally:
        resources.cleanup()
    print(f"medians of {args.rounds} round(s) of groups of 1 GiB volumes, "
          f"{args.share:.0%} of each written; ratio = volsnap / "
          "cinderclient", flush=True)


if __name__ == "__main__":
    main()
