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

"""Writes the event log without Django, through SQLAlchemy: for the
Karbor plugin, which runs inside Karbor's services.

The table is the one the Django migrations made; the live Karbor tests
write through this module into the stack's migrated database.
"""
import datetime
import functools
import logging

import sqlalchemy as sa

from volsnap_dashboard.events import terms

LOG = logging.getLogger(__name__)

_text = sa.String(terms.MAX_TEXT)
EVENTS = sa.Table(
    "volsnap_events_event", sa.MetaData(),
    sa.Column("id", sa.BigInteger, primary_key=True),
    sa.Column("created_at", sa.DateTime(timezone=True)),
    sa.Column("action", sa.String(16)),
    sa.Column("outcome", sa.String(16)),
    sa.Column("source", sa.String(16)),
    sa.Column("error", sa.Text),
    sa.Column("cinder_status", sa.String(32)),
    *[sa.Column(name, _text) for name in (
        "project_id", "project_name", "user_id", "user_name")
      + terms.FIELDS])


def _never_raises(function):
    """The log must not fail the operation: failures are logged."""
    @functools.wraps(function)
    def safe(self, *args, **kwargs):
        if self._engine is None:
            return None
        try:
            return function(self, *args, **kwargs)
        except Exception:
            LOG.exception("Could not write the event log: %s", args[:2])
            return None
    return safe


class EventWriter:
    """begin() and complete() for terms.recorded(), in the database at
    `url`; with no URL, nothing is recorded."""

    def __init__(self, url):
        self._engine = sa.create_engine(url) if url else None

    @_never_raises
    def begin(self, action, actor, **fields):
        return self._insert(terms.event_row(action, actor, terms.UNKNOWN,
                                           **fields))

    @_never_raises
    def complete(self, token, action, actor, outcome, error=None,
                 **fields):
        if token is None:
            self._insert(terms.event_row(action, actor, outcome, error,
                                        **fields))
            return
        with self._engine.begin() as connection:
            connection.execute(
                EVENTS.update().where(EVENTS.c.id == token).values(
                    error=str(error or ""), **terms.field_values(fields)))
            connection.execute(
                EVENTS.update().where(EVENTS.c.id == token)
                .where(EVENTS.c.outcome == terms.UNKNOWN)
                .values(outcome=outcome))

    def _insert(self, row):
        row.update(created_at=datetime.datetime.now(datetime.timezone.utc),
                   cinder_status="")
        with self._engine.begin() as connection:
            return connection.execute(
                EVENTS.insert().values(**row)).inserted_primary_key[0]
