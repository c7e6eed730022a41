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


import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
    ]

    operations = [
        migrations.CreateModel(
            name='Channel',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('project_id', models.CharField(blank=True, db_index=True, max_length=64)),
                ('name', models.CharField(max_length=255)),
                ('kind', models.CharField(choices=[('webhook', 'Webhook'), ('email', 'E-mail')], max_length=16)),
                ('target', models.TextField()),
                ('sealed_secret', models.TextField(blank=True)),
                ('rules', models.JSONField(default=list)),
                ('enabled', models.BooleanField(default=True)),
                ('allow_private', models.BooleanField(default=False)),
                ('created_by', models.CharField(blank=True, max_length=255)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
            ],
            options={
                'ordering': ('name', 'id'),
            },
        ),
        migrations.CreateModel(
            name='Incident',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('key', models.CharField(db_index=True, max_length=255)),
                ('open_key', models.CharField(max_length=255, null=True, unique=True)),
                ('rule', models.CharField(choices=[('run_failed', 'A scheduled run failed or partly failed'), ('needs_reauth', 'A policy needs re-authorization'), ('past_objective', 'A volume is past its recovery point objective'), ('past_objective', 'A volume is past its recovery point objective'), ('operation_failed', 'The watchdog found an operation failed')], max_length=32)),
                ('project_id', models.CharField(db_index=True, max_length=64)),
                ('project_name', models.CharField(blank=True, max_length=255)),
                ('subject', models.CharField(max_length=255)),
                ('summary', models.TextField()),
                ('opened_at', models.DateTimeField()),
                ('resolved_at', models.DateTimeField(blank=True, null=True)),
                ('occurrences', models.PositiveIntegerField(default=1)),
            ],
            options={
                'ordering': ('-opened_at', '-id'),
            },
        ),
        migrations.CreateModel(
            name='Delivery',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('event', models.CharField(choices=[('problem', 'Problem'), ('recovery', 'Recovered'), ('test', 'Test')], max_length=16)),
                ('state', models.CharField(choices=[('pending', 'Pending'), ('delivered', 'Delivered'), ('failed', 'Failed')], default='pending', max_length=16)),
                ('created_at', models.DateTimeField()),
                ('next_attempt_at', models.DateTimeField(null=True)),
                ('attempts', models.PositiveSmallIntegerField(default=0)),
                ('claimed_by', models.CharField(blank=True, max_length=255)),
                ('claimed_until', models.DateTimeField(null=True)),
                ('delivered_at', models.DateTimeField(blank=True, null=True)),
                ('log', models.JSONField(default=list)),
                ('channel', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='deliveries', to='volsnap_alerts.channel')),
                ('incident', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, to='volsnap_alerts.incident')),
            ],
            options={
                'ordering': ('-created_at', '-id'),
                'indexes': [models.Index(fields=['state', 'next_attempt_at'], name='volsnap_ale_state_5279f3_idx')],
            },
        ),
    ]
