"""Saved answers: Slack replies kept as the answer to their thread's question, one row per message. Written and
read synchronously (saving is a click; the index reads them all on each sync of the saved-answer source)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from sqlalchemy import Engine, delete, select, update

from bot.store import schema
from bot.store.ask_records import SavedAnswer
from bot.store.guard import guarded
from bot.store.health import HealthState
from bot.store.records import Period, new_id

s = schema.saved_answers
_FIELDS = [f.name for f in dataclasses.fields(SavedAnswer)]


class SavedAnswers:
    def __init__(self, engine: Engine, health: HealthState) -> None:
        self._engine, self._health = engine, health

    def save(self, answer: SavedAnswer) -> SavedAnswer:
        """Stores the answer; the same message saved again replaces the earlier save but keeps its id (so the
        index sees an edit, not a new passage). Returns what is stored. Raises StoreUnavailable."""
        def run() -> SavedAnswer:
            with self._engine.begin() as connection:
                earlier = _one(connection, s.c.channel_id == answer.channel_id, s.c.message_ts == answer.message_ts)
                stored = dataclasses.replace(answer, id=earlier.id if earlier else (answer.id or new_id()))
                row = {name: getattr(stored, name) for name in _FIELDS}
                if earlier is None:
                    connection.execute(s.insert(), row)
                else:
                    connection.execute(update(s).where(s.c.id == stored.id).values(row))
            return stored

        return guarded(self._health, "saving an answer", run)

    def get(self, answer_id: str) -> SavedAnswer | None:
        return self._read("reading a saved answer", s.c.id == answer_id)

    def by_message(self, channel_id: str, message_ts: str) -> SavedAnswer | None:
        return self._read("reading a saved answer", s.c.channel_id == channel_id, s.c.message_ts == message_ts)

    def edited(self, channel_id: str, message_ts: str, text: str, at: dt.datetime) -> SavedAnswer | None:
        """The saved copy follows an edit of its message; None when that message is not saved."""
        def run() -> SavedAnswer | None:
            where = (s.c.channel_id == channel_id, s.c.message_ts == message_ts)
            with self._engine.begin() as connection:
                connection.execute(update(s).where(*where).values(answer=text, edited_at=at))
                return _one(connection, *where)

        return guarded(self._health, "updating an edited answer", run)

    def remove(self, answer_id: str) -> bool:
        return self._delete("removing a saved answer", s.c.id == answer_id) > 0

    def remove_message(self, channel_id: str, message_ts: str) -> bool:
        """A deleted Slack message takes its saved copy with it; False when it was not saved."""
        return self._delete("removing a deleted answer", s.c.channel_id == channel_id, s.c.message_ts == message_ts) > 0

    def all(self) -> list[SavedAnswer]:
        """Every saved answer, oldest first: what the index's saved-answer source holds."""
        def run() -> list[SavedAnswer]:
            with self._engine.begin() as connection:
                return [_record(r) for r in connection.execute(select(s).order_by(s.c.saved_at, s.c.id))]

        return guarded(self._health, "reading the saved answers", run)

    def in_period(self, period: Period) -> list[SavedAnswer]:
        """Answers saved in the period, newest first (for the digest)."""
        def run() -> list[SavedAnswer]:
            query = select(s).where(s.c.saved_at >= period.start, s.c.saved_at < period.end)
            with self._engine.begin() as connection:
                return [_record(r) for r in connection.execute(query.order_by(s.c.saved_at.desc()))]

        return guarded(self._health, "reading the saved answers", run)

    def forget(self, user_id: str) -> int:
        """Deletes the answers the person wrote (they are their words)."""
        return self._delete("forgetting saved answers", s.c.writer_id == user_id)

    def _read(self, what: str, *where: Any) -> SavedAnswer | None:
        def run() -> SavedAnswer | None:
            with self._engine.begin() as connection:
                return _one(connection, *where)

        return guarded(self._health, what, run)

    def _delete(self, what: str, *where: Any) -> int:
        def run() -> int:
            with self._engine.begin() as connection:
                return int(connection.execute(delete(s).where(*where)).rowcount)

        return guarded(self._health, what, run)


def _one(connection: Any, *where: Any) -> SavedAnswer | None:
    row = connection.execute(select(s).where(*where)).first()
    return _record(row) if row is not None else None


def _record(row: Any) -> SavedAnswer:
    return SavedAnswer(**{name: row._mapping[name] for name in _FIELDS})
