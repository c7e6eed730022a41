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
        ('volsnap_events', '0005_backups'),
    ]

    operations = [
        migrations.AddField(
            model_name='event',
            name='group_id',
            field=models.CharField(blank=True, db_index=True, max_length=64),
        ),
        migrations.AddField(
            model_name='event',
            name='group_name',
            field=models.CharField(blank=True, max_length=255),
        ),
        migrations.AddField(
            model_name='event',
            name='members',
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.AddField(
            model_name='event',
            name='restored_group_id',
            field=models.CharField(blank=True, db_index=True, max_length=64),
        ),
        migrations.AlterField(
            model_name='event',
            name='action',
            field=models.CharField(choices=[
                ('protect', 'Protect'), ('restore', 'Restore'),
                ('delete', 'Delete'), ('revert', 'Revert'),
                ('backup', 'Back Up'),
                ('restore_backup', 'Restore from Backup'),
                ('delete_backup', 'Delete Backup'),
                ('protect_group', 'Protect Group'),
                ('restore_group', 'Restore Group'),
                ('delete_group', 'Delete Group Checkpoint')],
                db_index=True, max_length=16),
        ),
    ]
