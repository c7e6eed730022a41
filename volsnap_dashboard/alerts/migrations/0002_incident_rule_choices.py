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
    """The past-objective rule was listed twice. Choices only: no change
    to the table."""

    dependencies = [
        ('volsnap_alerts', '0001_initial'),
    ]

    operations = [
        migrations.AlterField(
            model_name='incident',
            name='rule',
            field=models.CharField(choices=[
                ('run_failed', 'A scheduled run failed or partly failed'),
                ('needs_reauth', 'A policy needs re-authorization'),
                ('past_objective',
                 'A volume is past its recovery point objective'),
                ('operation_failed',
                 'The watchdog found an operation failed')], max_length=32),
        ),
    ]
