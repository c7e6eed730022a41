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

"""The activity chart above the history, drawn on the server as SVG:
stacked bars per hour or day, one colour per series. No JavaScript, so
it prints, and it follows the filters."""
import dataclasses

from django.utils import formats
from django.utils.translation import gettext_lazy as _

from volsnap_dashboard.events import history

LABELS = {"protect_succeeded": _("Protects succeeded"),
          "protect_failed": _("Protects failed"),
          "restore": _("Restores"), "delete": _("Deletes"),
          "backup": _("Backups")}
WIDTH, HEIGHT, BOTTOM, LEFT = 900, 160, 20, 36
# At most this many tick labels under the bars.
TICKS = 12


@dataclasses.dataclass
class Bar:
    series: str
    label: str
    count: int
    x: float
    y: float
    width: float
    height: float


def draw(activity, hourly):
    """Geometry of the bars, ticks and scale for the template."""
    top = max([sum(counts.values()) for _start, counts in activity] + [0])
    scale = (HEIGHT - BOTTOM - 10) / top if top else 0
    slot = (WIDTH - LEFT) / max(len(activity), 1)
    every = max(1, -(-len(activity) // TICKS))
    fmt = "H:i" if hourly else "M j"
    bars, ticks = [], []
    for index, (start, counts) in enumerate(activity):
        x = LEFT + index * slot
        when = formats.date_format(start, "DATETIME_FORMAT" if hourly
                                   else "DATE_FORMAT")
        base = HEIGHT - BOTTOM
        for series in history.SERIES:
            height = counts[series] * scale
            if counts[series]:
                base -= height
                bars.append(Bar(series, f"{when}: {LABELS[series]} "
                                        f"{counts[series]}",
                                counts[series], round(x + slot * 0.1, 1),
                                round(base, 1), round(slot * 0.8, 1),
                                round(height, 1)))
        if index % every == 0:
            ticks.append((round(x + slot / 2, 1),
                          formats.date_format(start, fmt)))
    return {"bars": bars, "ticks": ticks, "top": top, "width": WIDTH,
            "height": HEIGHT, "axis_y": HEIGHT - BOTTOM, "left": LEFT,
            "legend": [(series, LABELS[series]) for series in history.SERIES],
            "total": sum(bar.count for bar in bars), "hourly": hourly}
