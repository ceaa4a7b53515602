"""The one-time import of the JSON-lines feedback log (bot/feedback.py's format) into the database."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, insert, select

from bot.store import schema
from bot.store.batch import vote_row
from bot.store.claims import owner_name
from bot.store.records import Imported, VoteRecord, utcnow

log = logging.getLogger("bot.store")
IMPORTED_SUFFIX = ".imported"


def import_feedback_jsonl(engine: Engine, path: Path, keep_user: bool = True) -> Imported:
    """Imports the file's votes in one transaction, then renames it to `<name>.imported`. Idempotent: a missing
    file imports nothing, and a file whose content was already imported (a crash before the rename, or another
    replica on the same volume) is only renamed."""
    try:
        content = path.read_bytes()
    except FileNotFoundError:
        return Imported(votes=0, unreadable=0, renamed_to=None)
    votes, unreadable = parse_lines(content.decode("utf-8", errors="replace"), keep_user)
    key = hashlib.sha256(content).hexdigest()
    claims = schema.claims
    already = select(claims.c.name).where(claims.c.name == "feedback-import", claims.c.period_key == key)
    with engine.begin() as connection:
        imported = connection.execute(already).first() is None
        if imported:
            connection.execute(insert(claims), {"name": "feedback-import", "period_key": key,
                                                "claimed_at": utcnow(), "owner": owner_name()})
            if votes:
                connection.execute(insert(schema.feedback), [vote_row(v) for v in votes])
    renamed = _rename(path)
    if imported:
        log.info("imported %d votes from %s (%d unreadable lines), renamed to %s", len(votes), path, unreadable, renamed)
    return Imported(votes=len(votes) if imported else 0, unreadable=unreadable, renamed_to=renamed)


def parse_lines(text: str, keep_user: bool) -> tuple[list[VoteRecord], int]:
    votes: list[VoteRecord] = []
    unreadable = 0
    for line in text.splitlines():
        if not line.strip():
            continue
        try:
            votes.append(_vote(json.loads(line), keep_user))
        except (ValueError, KeyError, TypeError, AttributeError):
            unreadable += 1
    return votes, unreadable


def _vote(entry: dict[str, Any], keep_user: bool) -> VoteRecord:
    if entry["vote"] not in ("up", "down"):
        raise ValueError(f"unknown vote {entry['vote']!r}")
    time = dt.datetime.fromisoformat(entry["time"])
    if time.tzinfo is None:
        time = time.replace(tzinfo=dt.UTC)
    return VoteRecord(
        vote=entry["vote"], question=str(entry["question"]), passages=tuple(str(p) for p in entry.get("passages", [])),
        user_id=str(entry["user"]) if keep_user and entry.get("user") else None, time=time,
    )


def _rename(path: Path) -> str | None:
    target = path.with_name(path.name + IMPORTED_SUFFIX)
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}{IMPORTED_SUFFIX}.{n}")
    try:
        path.rename(target)
    except FileNotFoundError:  # another replica renamed it first
        return None
    return str(target)

