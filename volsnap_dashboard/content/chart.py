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

"""Stacked bar charts drawn on the server as SVG, one bar per hour or
day and one colour per series: the history's activity and the protection
status's coverage. No JavaScript, so they print, and they follow the
page's filters."""
import dataclasses

from django.utils import formats

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


def draw(bars, hourly, labels, caption, summary):
    """Geometry of the bars, ticks and scale for the template, from
    [(start, {series: count})]; `labels` names the series in stacking
    order, `summary` is what a screen reader hears."""
    top = max([sum(counts.values()) for _start, counts in bars] + [0])
    scale = (HEIGHT - BOTTOM - 10) / top if top else 0
    slot = (WIDTH - LEFT) / max(len(bars), 1)
    every = max(1, -(-len(bars) // TICKS))
    fmt = "H:i" if hourly else "M j"
    drawn, ticks = [], []
    for index, (start, counts) in enumerate(bars):
        x = LEFT + index * slot
        when = formats.date_format(start, "DATETIME_FORMAT" if hourly
                                   else "DATE_FORMAT")
        base = HEIGHT - BOTTOM
        for series, label in labels.items():
            height = counts[series] * scale
            if counts[series]:
                base -= height
                drawn.append(Bar(series, f"{when}: {label} {counts[series]}",
                                 counts[series], round(x + slot * 0.1, 1),
                                 round(base, 1), round(slot * 0.8, 1),
                                 round(height, 1)))
        if index % every == 0:
            ticks.append((round(x + slot / 2, 1),
                          formats.date_format(start, fmt)))
    return {"bars": drawn, "ticks": ticks, "top": top, "width": WIDTH,
            "height": HEIGHT, "axis_y": HEIGHT - BOTTOM, "left": LEFT,
            "legend": list(labels.items()), "caption": caption,
            "summary": summary,
            "total": sum(bar.count for bar in drawn), "hourly": hourly}
