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

import django.utils.timezone
from django.db import migrations, models


def outcomes_from_results(apps, schema_editor):
    """"accepted" said only that Cinder took the request: unknown now."""
    events = apps.get_model("volsnap_events", "Event").objects.using(
        schema_editor.connection.alias)
    events.filter(result="failed").update(outcome="failed")


def results_from_outcomes(apps, schema_editor):
    events = apps.get_model("volsnap_events", "Event").objects.using(
        schema_editor.connection.alias)
    events.update(result="accepted")
    events.filter(outcome="failed").update(result="failed")


class Migration(migrations.Migration):

    dependencies = [
        ('volsnap_events', '0002_event_source'),
    ]

    operations = [
        migrations.CreateModel(
            name='Notification',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('message_id', models.CharField(max_length=64, unique=True)),
                ('received_at', models.DateTimeField(auto_now_add=True, db_index=True)),
            ],
        ),
        migrations.AddField(
            model_name='event',
            name='cinder_status',
            field=models.CharField(blank=True, max_length=32),
        ),
        migrations.AddField(
            model_name='event',
            name='finished_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='event',
            name='notified_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='event',
            name='outcome',
            field=models.CharField(choices=[('succeeded', 'Succeeded'), ('failed', 'Failed'), ('in_progress', 'In progress'), ('unknown', 'Unknown')], db_index=True, default='unknown', max_length=16),
        ),
        migrations.RunPython(outcomes_from_results, results_from_outcomes),
        migrations.RemoveField(
            model_name='event',
            name='result',
        ),
        migrations.AlterField(
            model_name='event',
            name='action',
            field=models.CharField(choices=[('protect', 'Protect'), ('restore', 'Restore'), ('delete', 'Delete'), ('revert', 'Revert')], db_index=True, max_length=16),
        ),
        migrations.AlterField(
            model_name='event',
            name='checkpoint_name',
            field=models.CharField(blank=True, db_index=True, max_length=255),
        ),
        migrations.AlterField(
            model_name='event',
            name='created_at',
            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now),
        ),
        migrations.AlterField(
            model_name='event',
            name='project_name',
            field=models.CharField(blank=True, db_index=True, max_length=255),
        ),
        migrations.AlterField(
            model_name='event',
            name='restored_volume_id',
            field=models.CharField(blank=True, db_index=True, max_length=64),
        ),
        migrations.AlterField(
            model_name='event',
            name='source',
            field=models.CharField(choices=[('dashboard', 'Dashboard'), ('schedule', 'Schedule'), ('karbor', 'Karbor'), ('other', 'Other')], db_index=True, default='dashboard', max_length=16),
        ),
        migrations.AlterField(
            model_name='event',
            name='user_id',
            field=models.CharField(db_index=True, max_length=64),
        ),
        migrations.AlterField(
            model_name='event',
            name='volume_name',
            field=models.CharField(blank=True, db_index=True, max_length=255),
        ),
    ]
