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

from django.db import migrations, models


class Migration(migrations.Migration):
    """A covering index for the chart's sums. An index only: on SQLite a
    table remade by a field change would drop the tallies' triggers."""

    dependencies = [
        ('volsnap_events', '0008_tallies'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='tally',
            index=models.Index(
                fields=['hour', 'action', 'outcome', 'source', 'total'],
                name='volsnap_tally_read'),
        ),
    ]
