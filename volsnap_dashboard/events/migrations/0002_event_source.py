from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('volsnap_events', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='event',
            name='source',
            field=models.CharField(choices=[('dashboard', 'Dashboard'), ('karbor', 'Karbor'), ('schedule', 'Schedule')], db_index=True, default='dashboard', max_length=16),
        ),
    ]
