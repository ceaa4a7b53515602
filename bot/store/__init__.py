"""The bot's data layer: the question log, votes, shared thread memory and once-per-period claims, in SQLite
(default: `DATA_DIR/dockercon-bot.db`) or PostgreSQL (`DATABASE_URL=postgresql+psycopg://…`, for replicas).
Only this package imports SQLAlchemy and Alembic; callers pass and get the frozen dataclasses of
`bot.store.records`.

Wiring (one Store per process, opened at start, closed at shutdown):

    store = open_store(settings=StoreSettings())          # migrates; never raises for a database that is down
    store.import_feedback(settings.feedback_log)           # once at start: feedback.jsonl -> feedback.jsonl.imported

    # answer path (every surface), after the reply is built; costs microseconds, never raises:
    qid = new_id()                                         # put it in the answer's button values
    store.questions.record(QuestionRecord(id=qid, surface="mention", channel_kind="public", question=asked,
        searched=searched, outcome=answer.outcome, confidence=..., reports=(ShownReport(source_id, title, url),),
        passages=(chunk_id, ...), latency_ms=answer.took_ms, user_id=user, channel_id=channel))
    store.feedback.record(VoteRecord(vote="down", question=text, passages=ids, question_id=qid, user_id=user))

    # threads (in front of ThreadMemory's conversations.replies fetch):
    store.threads.mark(channel, thread_ts, report)         # when the bot answers in a thread (background write)
    store.threads.report_of(channel, thread_ts)            # the report that answer was about (a reply saved there)
    store.threads.is_ours(channel, thread_ts) -> bool      # False when unknown or the database cannot say now

    # scheduled jobs, once across replicas:
    if store.claims.claim("digest", period_key): post the digest
    if store.claims.claim("purge", today.isoformat()): store.purge()

    store.health() -> Health(status "ok"|"degraded", backend, reason, pending, dropped, written)  # for /healthz
    store.close()                                          # flushes queued rows (bounded wait)

Reads for the digest (bot/digest/): `store.questions.counts/in_period/top_reports(period)`,
`store.feedback.voted_down(period)`, `store.feedback.tally()`; summaries for the command line in
`bot.store.summary` (`summarize_votes(store)` prints `python -m bot.feedback`'s format).

Privacy (QUESTION_LOG): `full` keeps user and channel ids; `anonymous` drops them (the channel kind stays, so
private questions are still never quoted); `off` stores no questions, and votes without who voted.
QUESTION_LOG_DAYS (default 90): `store.purge()` deletes older questions and votes. `python -m bot.db forget U…`
deletes a person's questions and votes.

Writes go through one background thread (bounded queue, batched commits): a database that is down costs the
answer nothing; rows wait (up to 10,000) and are retried, the failure is logged at most once a minute, and
`health()` says degraded with the reason until a write or ping succeeds again. Reads (`is_ours`, `claim`,
digest queries) are synchronous; `is_ours` and `claim` answer False without waiting while the database is down.

Schema changes: a new file in `migrations/versions/` (Alembic), then `schema.py`; migrations run at open under
a lock (SQLite's write lock, a PostgreSQL advisory lock), so replicas starting together are safe, and an older
database is migrated, never dropped. Room is left for the next tables (saved answers, author opt-outs,
per-author daily ask counts, answer channels): each a new revision and a small repository beside these.
"""

from bot.store.records import (
    Health,
    Period,
    QuestionRecord,
    ShownReport,
    VoteRecord,
    new_id,
)
from bot.store.settings import StoreSettings, load_store_settings
from bot.store.store import Store, open_store

__all__ = [
    "Health", "Period", "QuestionRecord", "ShownReport", "Store", "StoreSettings", "VoteRecord",
    "load_store_settings", "new_id", "open_store",
]
