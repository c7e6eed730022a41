"""Writes the event log without Django, through SQLAlchemy: for the
Karbor plugin, which runs inside Karbor's services.

The table is the one the Django migrations made; the live Karbor tests
write through this module into the stack's migrated database.
"""
import datetime
import logging

import sqlalchemy as sa

from volsnap_dashboard.events import rows

LOG = logging.getLogger(__name__)

_text = sa.String(rows.MAX_TEXT)
EVENTS = sa.Table(
    "volsnap_events_event", sa.MetaData(),
    sa.Column("id", sa.BigInteger, primary_key=True),
    sa.Column("created_at", sa.DateTime(timezone=True)),
    sa.Column("action", sa.String(16)),
    sa.Column("result", sa.String(16)),
    sa.Column("source", sa.String(16)),
    sa.Column("error", sa.Text),
    *[sa.Column(name, _text) for name in (
        "project_id", "project_name", "user_id", "user_name")
      + rows.FIELDS])


class EventWriter:
    """Records events in the database at `url`; with no URL, nothing."""

    def __init__(self, url):
        self._engine = sa.create_engine(url) if url else None

    def record(self, action, actor, error=None, **fields):
        """Never raises: the log must not fail the operation."""
        if self._engine is None:
            return
        row = rows.event_row(action, actor, error, **fields)
        row["created_at"] = datetime.datetime.now(datetime.timezone.utc)
        try:
            with self._engine.begin() as connection:
                connection.execute(EVENTS.insert().values(**row))
        except Exception:
            LOG.exception("Could not record the %s event: %s", action, row)
