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

"""The history's order and the hourly tallies of the event log, with the
triggers that keep them.

A filter on action, outcome or source walks an index in the page's order
(newest first), and a page's deleted checkpoints are found by their ids,
not by the outcome's index. Those fields change first: on SQLite a change of field
remakes the table, and the table's triggers with it.

Triggers, not Python, keep them: every writer (the listener, the ledger,
the watchdog, purges, an operator's SQL) changes the tallies in the same
transaction as the row, and a bulk UPDATE or DELETE is counted too. A
tally row is touched only when an event's hour, action, outcome or source
changes; on PostgreSQL and MariaDB the two rows a change touches are
locked in one order, so that two such changes cannot deadlock.
"""
from django.db import migrations, models

EVENT, TALLY = "volsnap_events_event", "volsnap_events_tally"
KEY = ("action", "outcome", "source")
HOUR = {
    "sqlite": "strftime('%Y-%m-%d %H:00:00', {row}created_at)",
    "postgresql": ("(date_trunc('hour', {row}created_at AT TIME ZONE 'UTC')"
                   " AT TIME ZONE 'UTC')"),
    "mysql": "DATE_FORMAT({row}created_at, '%Y-%m-%d %H:00:00')",
}


def _where(vendor, row):
    return " AND ".join([f"hour = {HOUR[vendor].format(row=row)}"]
                        + [f"{column} = {row}{column}" for column in KEY])


def _changed(vendor):
    return " OR ".join(
        [f"{HOUR[vendor].format(row='OLD.')} <> "
         f"{HOUR[vendor].format(row='NEW.')}"]
        + [f"OLD.{column} <> NEW.{column}" for column in KEY])


def _add(vendor, row):
    values = ", ".join([HOUR[vendor].format(row=row)]
                       + [row + column for column in KEY])
    columns = "hour, " + ", ".join(KEY) + ", total"
    if vendor == "sqlite":
        return (f"INSERT OR IGNORE INTO {TALLY} ({columns}) "
                f"VALUES ({values}, 0); UPDATE {TALLY} SET total = total + 1"
                f" WHERE {_where(vendor, row)};")
    if vendor == "postgresql":
        return (f"INSERT INTO {TALLY} ({columns}) VALUES ({values}, 1) "
                f"ON CONFLICT (hour, {', '.join(KEY)}) DO UPDATE SET "
                f"total = {TALLY}.total + 1;")
    return (f"INSERT INTO {TALLY} ({columns}) VALUES ({values}, 1) "
            f"ON DUPLICATE KEY UPDATE total = total + 1;")


def _remove(vendor, row):
    return f"UPDATE {TALLY} SET total = total - 1 WHERE {_where(vendor, row)};"


def _ordered_move(vendor):
    """Takes the event from OLD's tally to NEW's, the smaller key first."""
    def key(row):
        return ", ".join([HOUR[vendor].format(row=row)]
                         + [row + column for column in KEY])
    return (f"IF ({key('OLD.')}) < ({key('NEW.')}) THEN "
            f"{_remove(vendor, 'OLD.')} {_add(vendor, 'NEW.')} ELSE "
            f"{_add(vendor, 'NEW.')} {_remove(vendor, 'OLD.')} END IF;")


def _create(vendor):
    if vendor == "sqlite":
        return [
            f"CREATE TRIGGER volsnap_tally_insert AFTER INSERT ON {EVENT} "
            f"BEGIN {_add(vendor, 'NEW.')} END",
            f"CREATE TRIGGER volsnap_tally_delete AFTER DELETE ON {EVENT} "
            f"BEGIN {_remove(vendor, 'OLD.')} END",
            f"CREATE TRIGGER volsnap_tally_update AFTER UPDATE OF "
            f"created_at, {', '.join(KEY)} ON {EVENT} "
            f"WHEN {_changed(vendor)} "
            f"BEGIN {_remove(vendor, 'OLD.')} {_add(vendor, 'NEW.')} END"]
    if vendor == "postgresql":
        return [
            f"CREATE FUNCTION volsnap_tally() RETURNS trigger "
            f"LANGUAGE plpgsql AS $$ BEGIN "
            f"IF TG_OP = 'INSERT' THEN {_add(vendor, 'NEW.')} "
            f"ELSIF TG_OP = 'DELETE' THEN {_remove(vendor, 'OLD.')} "
            f"ELSIF {_changed(vendor)} THEN {_ordered_move(vendor)} "
            f"END IF; RETURN NULL; END $$",
            f"CREATE TRIGGER volsnap_tally AFTER INSERT OR DELETE OR UPDATE "
            f"ON {EVENT} FOR EACH ROW EXECUTE FUNCTION volsnap_tally()"]
    return [
        f"CREATE TRIGGER volsnap_tally_insert AFTER INSERT ON {EVENT} "
        f"FOR EACH ROW {_add(vendor, 'NEW.').rstrip(';')}",
        f"CREATE TRIGGER volsnap_tally_delete AFTER DELETE ON {EVENT} "
        f"FOR EACH ROW {_remove(vendor, 'OLD.').rstrip(';')}",
        f"CREATE TRIGGER volsnap_tally_update AFTER UPDATE ON {EVENT} "
        f"FOR EACH ROW BEGIN IF {_changed(vendor)} THEN "
        f"{_ordered_move(vendor)} END IF; END"]


def _drop(vendor):
    if vendor == "postgresql":
        return [f"DROP TRIGGER volsnap_tally ON {EVENT}",
                "DROP FUNCTION volsnap_tally()"]
    return [f"DROP TRIGGER volsnap_tally_{operation}"
            for operation in ("insert", "delete", "update")]


def _backfill(vendor):
    hour = HOUR[vendor].format(row="")
    return (f"INSERT INTO {TALLY} (hour, {', '.join(KEY)}, total) "
            f"SELECT {hour}, {', '.join(KEY)}, COUNT(*) FROM {EVENT} "
            f"GROUP BY {hour}, {', '.join(KEY)}")


def _execute(schema_editor, statements):
    with schema_editor.connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


# SQLite's planner, without statistics, takes any equality on an index
# for a selective one, and so walks every succeeded operation of the log
# through the outcome's index rather than a page's volumes through
# theirs. These rows tell it how few values those columns hold; an
# ANALYZE replaces them with the real figures.
FEW_VALUES = {"volsnap_event_outcome": "1000000 250000 1",
              "volsnap_event_action": "1000000 100000 1",
              "volsnap_event_source": "1000000 250000 1",
              "volsnap_event_open": "1000000 250000 1",
              # A project holds many operations, a volume few.
              "volsnap_eve_project_4a615a_idx": "1000000 10000 1"}


def _statistics(vendor):
    if vendor != "sqlite":
        return []
    return ["ANALYZE sqlite_master"] + [
        f"INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES "
        f"('{EVENT}', '{index}', '{stat}')"
        for index, stat in FEW_VALUES.items()] + ["ANALYZE sqlite_master"]


def keep_tallies(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    _execute(schema_editor,
             [_backfill(vendor)] + _create(vendor) + _statistics(vendor))


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = _drop(vendor)
    if vendor == "sqlite":
        names = ", ".join(f"'{index}'" for index in FEW_VALUES)
        statements += ["ANALYZE sqlite_master",
                       f"DELETE FROM sqlite_stat1 WHERE idx IN ({names})"]
    _execute(schema_editor, statements)


class Migration(migrations.Migration):

    dependencies = [
        ('volsnap_events', '0007_watchdog'),
    ]

    operations = [
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
                ('delete_group', 'Delete Group Checkpoint')], max_length=16),
        ),
        migrations.AlterField(
            model_name='event',
            name='outcome',
            field=models.CharField(choices=[
                ('succeeded', 'Succeeded'), ('failed', 'Failed'),
                ('in_progress', 'In progress'), ('unknown', 'Unknown')],
                default='unknown', max_length=16),
        ),
        migrations.AlterField(
            model_name='event',
            name='source',
            field=models.CharField(choices=[
                ('dashboard', 'Dashboard'), ('schedule', 'Schedule'),
                ('karbor', 'Karbor'), ('other', 'Other')],
                default='dashboard', max_length=16),
        ),
        migrations.AddIndex(
            model_name='event',
            index=models.Index(fields=['action', 'created_at'],
                               name='volsnap_event_action'),
        ),
        migrations.AddIndex(
            model_name='event',
            index=models.Index(fields=['outcome', 'created_at'],
                               name='volsnap_event_outcome'),
        ),
        migrations.AddIndex(
            model_name='event',
            index=models.Index(fields=['source', 'created_at'],
                               name='volsnap_event_source'),
        ),
        migrations.AlterField(
            model_name='event',
            name='checkpoint_id',
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AddIndex(
            model_name='event',
            index=models.Index(fields=['checkpoint_id', 'action', 'outcome'],
                               name='volsnap_event_checkpoint'),
        ),
        migrations.CreateModel(
            name='Tally',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True,
                                           serialize=False,
                                           verbose_name='ID')),
                ('hour', models.DateTimeField()),
                ('action', models.CharField(max_length=16)),
                ('outcome', models.CharField(max_length=16)),
                ('source', models.CharField(max_length=16)),
                ('total', models.IntegerField(default=0)),
            ],
            options={
                'constraints': [models.UniqueConstraint(
                    fields=('hour', 'action', 'outcome', 'source'),
                    name='volsnap_tally_key')],
            },
        ),
        migrations.RunPython(keep_tallies, drop_triggers),
    ]
