"""The digest lists the answers saved from Slack in its period: question, writer, permalink, day saved; in the
JSON of `python -m bot.digest` and in the posted message."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path

import numpy as np

from bot.digest import collect, compute_digest
from bot.render.digest import digest_message
from bot.store import Period, open_store
from bot.store.ask_records import SavedAnswer
from tests.store_helpers import settings

NOW = dt.datetime.now(dt.UTC)
TICKET = SavedAnswer(
    question="how much did a ticket to DockerCon EU 2015 cost?", answer="About 1,100 EUR.", writer_id="U0THOMAS",
    written_at=NOW, channel_id="C0GENERAL", message_ts="100.500", thread_ts="100.000", saved_by="U0THOMAS",
    permalink="https://test.slack.com/archives/C0GENERAL/p100500?thread_ts=100.000&cid=C0GENERAL",
)


def no_embedding(texts: list[str]) -> np.ndarray:
    return np.zeros((len(texts), 4), dtype=np.float32)


def test_the_answers_saved_in_the_period_are_listed(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'store.db'}", settings())
    try:
        store.saved.save(TICKET)
        old = replace(TICKET, message_ts="90.500", question="who gave the keynote?",
                      saved_at=NOW - dt.timedelta(days=20))
        store.saved.save(old)
        digest = compute_digest(collect(store, Period.last(dt.timedelta(days=7))), no_embedding, [])
    finally:
        store.close()
    assert digest.to_json()["saved_answers"] == [{
        "question": TICKET.question, "writer": "U0THOMAS", "permalink": TICKET.permalink,
        "date": NOW.date().isoformat(),
    }]
    blocks = json.dumps(digest_message(digest).blocks)
    assert "Answers saved from Slack" in blocks and "<@U0THOMAS>" in blocks and "p100500" in blocks
    assert "keynote" not in blocks
