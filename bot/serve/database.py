"""The bot's database at start: opened and migrated (an SQLite file in DATA_DIR unless DATABASE_URL is set),
and the feedback.jsonl of older versions imported once."""

from __future__ import annotations

import logging

from bot.config import BotSettings
from bot.store import Store, open_store

log = logging.getLogger("bot")


def open_database(settings: BotSettings) -> Store:
    """Never fails for the database's sake: one that is down is caught up with once it is back."""
    store = open_store(settings=settings)
    health = store.health()
    log.info("database: %s, %s%s; question log %s, kept %d days", health.backend, health.status,
             f" ({health.reason})" if health.reason else "", store.policy, store.retention_days)
    if settings.feedback_log.is_file() and health.status == "ok":
        try:
            done = store.import_feedback(settings.feedback_log)
        except Exception:  # noqa: BLE001 - the file stays in place and is imported at the next start
            log.exception("could not import %s", settings.feedback_log)
        else:
            log.info("imported %d votes from %s (%d unreadable lines), file renamed to %s", done.votes,
                     settings.feedback_log, done.unreadable, done.renamed_to)
    return store
