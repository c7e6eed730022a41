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

"""The ways back with real data: protect, restore to a new volume and
revert in place through the dashboard, beside plain cinderclient making
the same calls in the same run.

Run against the local stack (./tools/stack.py bench restore). For each
size it makes a volume on the real-bytes backend, writes a quarter of it
with data, and times, from the request until Cinder shows the result
available: a protect (the Protection panel's dialog, posted to Horizon;
cinderclient's snapshot create), a restore of that checkpoint into a new
volume, and a revert of the volume to it after more data was written.
Both sides poll Cinder alike. Figures are printed, never asserted.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))))

from tests import cloud  # noqa: E402
from tests import horizon_http  # noqa: E402
from tests import volume_bytes  # noqa: E402

POLL = 0.1
TIMEOUT = 600
OPERATIONS = ("protect", "restore", "revert")


def until_available(get):
    cloud.wait_status(get, "available", TIMEOUT)


class Plain:
    """cinderclient, as an operator's script would call it."""
    name = "cinderclient"

    def __init__(self, stack):
        self.cinder = cloud.cinder(stack, "demo")

    def protect(self, volume):
        made = self.cinder.volume_snapshots.create(
            volume.id, name=cloud.unique("bench"),
            metadata={"volsnap_checkpoint": "true"})
        until_available(lambda: self.cinder.volume_snapshots.get(made.id))
        return made.id

    def restore(self, snapshot_id, size):
        made = self.cinder.volumes.create(size, snapshot_id=snapshot_id,
                                          name=cloud.unique("bench"))
        until_available(lambda: self.cinder.volumes.get(made.id))
        return made.id

    def revert(self, volume, snapshot_id):
        self.cinder.volumes.revert_to_snapshot(volume.id, snapshot_id)
        until_available(lambda: self.cinder.volumes.get(volume.id))


class Dashboard(Plain):
    """The dashboard's dialogs, posted to the running Horizon."""
    name = "volsnap"

    def __init__(self, stack):
        super().__init__(stack)
        self.horizon = horizon_http.Horizon(stack, "demo")

    def posted(self, path, data):
        posted(self.horizon, path, data)

    def protect(self, volume):
        name = cloud.unique("bench")
        self.posted(f"/project/protection/{volume.id}/protect/",
                    {"snapshot_name": name, "description": ""})
        (made,) = self.cinder.volume_snapshots.list(search_opts={
            "volume_id": volume.id, "name": name})
        until_available(lambda: self.cinder.volume_snapshots.get(made.id))
        return made.id

    def restore(self, snapshot_id, size):
        name = cloud.unique("bench")
        self.posted(f"/project/checkpoints/{snapshot_id}/restore/",
                    {"restore_name": name, "restore_description": "",
                     "size": size})
        (made,) = self.cinder.volumes.list(search_opts={"name": name})
        until_available(lambda: self.cinder.volumes.get(made.id))
        return made.id

    def revert(self, volume, snapshot_id):
        self.posted(f"/project/checkpoints/{snapshot_id}/revert/",
                    {"confirm": "on"})
        until_available(lambda: self.cinder.volumes.get(volume.id))


def posted(horizon, path, data):
    """A dialog's form posted to Horizon, which must accept it."""
    response = horizon_http.sound(horizon.post(path, data))
    if response.status_code != 302:
        raise AssertionError(f"{path} answered {response.status_code}")


def timed(call, *args):
    started = time.monotonic()
    result = call(*args)
    return time.monotonic() - started, result


def fill(bytes_io, volume_id, size_gib, share, seed):
    """Writes `share` of the volume in 16 spread extents of real data."""
    extent = int(size_gib * volume_bytes.GIB * share / 16)
    stride = size_gib * volume_bytes.GIB // 16
    with bytes_io.opened(volume_id) as (path, fmt):
        args = []
        for number in range(16):
            args += ["-c", f"write -P {(seed + number) % 254 + 1} "
                     f"{number * stride} {extent}"]
        subprocess.run(["qemu-io", "-f", fmt] + args + [path], check=True,
                       capture_output=True)


def one_round(tool, resources, bytes_io, size, share, seed):
    volume = resources.volume(size=size)
    fill(bytes_io, volume.id, size, share, seed)
    figures = {}
    figures["protect"], snapshot_id = timed(tool.protect, volume)
    figures["restore"], restored = timed(tool.restore, snapshot_id, size)
    resources.volumes.append(restored)
    fill(bytes_io, volume.id, size, share, seed + 100)
    figures["revert"], _ = timed(tool.revert, volume, snapshot_id)
    return figures


def rounds(tools, operations, count, play):
    """{tool name: {operation: median seconds}} of `count` rounds of
    play(tool, round number), which returns each operation's seconds."""
    seen = {tool.name: {op: [] for op in operations} for tool in tools}
    for number in range(count):
        # Each goes first in turn: the second meets a warmer cache.
        for tool in (tools if number % 2 == 0 else tools[::-1]):
            figures = play(tool, number)
            for op in operations:
                seen[tool.name][op].append(figures[op])
    return {name: {op: statistics.median(values)
                   for op, values in ops.items()}
            for name, ops in seen.items()}


def arguments(description):
    """The data benchmarks' options, and the stack."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 4],
                        help="volume sizes in GiB")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--share", type=float, default=0.25,
                        help="the part of each volume written with data")
    parser.add_argument("--smoke", action="store_true",
                        help="one round of 1 GiB with 1%% written")
    args = parser.parse_args()
    if args.smoke:
        args.sizes, args.rounds, args.share = [1], 1, 0.01
    with open(os.environ.get("VOLSNAP_STACK", ".stack/stack.json")) as f:
        return args, json.load(f)


def main():
    args, stack = arguments(__doc__.split("\n")[0])
    resources = cloud.Resources(stack)
    bytes_io = volume_bytes.VolumeBytes(stack)
    tools = [Plain(stack), Dashboard(stack)]
    print(f"{'size':>5} {'operation':10} {'cinderclient s':>15} "
          f"{'volsnap s':>10} {'ratio':>6}", flush=True)
    try:
        for size in args.sizes:
            medians = rounds(tools, OPERATIONS, args.rounds, lambda tool, n:
                             one_round(tool, resources, bytes_io, size,
                                       args.share, n))
            for op in OPERATIONS:
                plain = medians["cinderclient"][op]
                ours = medians["volsnap"][op]
                print(f"{size:>4}G {op:10} {plain:>15.2f} {ours:>10.2f} "
                      f"{ours / plain:>5.2f}x", flush=True)
            ours = medians["volsnap"]
            print(f"{size:>4}G revert in place took "
                  f"{ours['revert'] / ours['restore']:.2f}x the time of a "
                  "restore into a new volume", flush=True)
    finally:
        resources.cleanup()
    print(f"medians of {args.rounds} round(s), {args.share:.0%} of each "
          "volume written; ratio = volsnap / cinderclient", flush=True)


if __name__ == "__main__":
    main()
