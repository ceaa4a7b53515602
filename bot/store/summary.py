"""Plain-text summaries of what the store holds, for the command line (no SQL here)."""

from __future__ import annotations

import datetime as dt

from bot.store.records import Period, VoteTally
from bot.store.store import Store


def format_tally(tally: VoteTally) -> str:
    """The votes in bot/feedback.py's `summarize` format, so `python -m bot.feedback` reads the same."""
    lines = [f"{tally.up + tally.down} votes: {tally.up} 👍, {tally.down} 👎"]
    if tally.down_questions:
        lines.append("questions voted down most:")
        lines.extend(f"  {n}× {question}" for question, n in tally.down_questions)
    if tally.down_passages:
        lines.append("passages shown in answers voted down most:")
        lines.extend(f"  {n}× {passage}" for passage, n in tally.down_passages)
    return "\n".join(lines)


def summarize_votes(store: Store) -> str:
    return format_tally(store.feedback.tally())


def stats(store: Store, days: int = 7, now: dt.datetime | None = None) -> str:
    period = Period.last(dt.timedelta(days=days), now)
    counts = store.questions.counts(period)
    tally = store.feedback.tally(period)
    health = store.health()
    outcomes = ", ".join(f"{n} {outcome}" for outcome, n in sorted(counts.by_outcome.items())) or "none"
    people = "unknown (anonymous log)" if counts.people is None else str(counts.people)
    return "\n".join([
        f"database: {health.backend}, {health.status}" + (f" ({health.reason})" if health.reason else ""),
        f"question log: {store.policy}, kept {store.retention_days} days",
        f"last {days} days: {counts.questions} questions from {people} people ({outcomes})",
        f"votes in the last {days} days: {tally.up} 👍, {tally.down} 👎",
    ])
