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

    dependencies = [
        ('volsnap_policies', '0003_backup_tier'),
    ]

    operations = [
        migrations.AddField(
            model_name='policy',
            name='group_ids',
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.AddField(
            model_name='policy',
            name='group_pattern',
            field=models.CharField(blank=True, max_length=255),
        ),
        migrations.AlterField(
            model_name='policy',
            name='target',
            field=models.CharField(choices=[
                ('listed', 'The volumes listed'),
                ('project', 'Every volume of the project'),
                ('metadata', 'Every volume with a metadata key'),
                ('groups', 'The volume groups listed'),
                ('group_name',
                 'Every volume group with a name like a pattern')],
                default='listed', max_length=16),
        ),
    ]
