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

"""The coverage chart of the protection pages: how the covered volumes
stood against their recovery point objectives at the end of each of the
last days, in the user's time zone."""
import logging

from django.db import DatabaseError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from volsnap_dashboard.content import chart
from volsnap_dashboard.policies import coverage

LOG = logging.getLogger(__name__)
DAYS = 30
LABELS = {"met": _("Objective met"), "at_risk": _("At risk"),
          "waiting": _("Awaiting a first checkpoint")}


def coverage_chart(covers, now):
    """The chart's geometry for the covered volumes `covers()` gives;
    None when no volume is covered or the databases cannot be read: the
    page stands without it."""
    try:
        covered = covers()
        if not covered:
            return None
        bars = coverage.coverage_days(covered, now,
                                      timezone.get_current_timezone(), DAYS)
    except DatabaseError:
        LOG.exception("The coverage chart's query failed")
        return None
    return chart.draw(
        bars, False, LABELS,
        _("Coverage at the end of each day, last %(days)d days")
        % {"days": DAYS},
        _("Covered volumes now: %(met)d meeting their objective, "
          "%(at_risk)d at risk, %(waiting)d awaiting a first checkpoint")
        % bars[-1][1])
