"""The question log's recorder (bot/answering/questionlog.py): a channel whose kind only Slack can tell is looked
up once the questions stop coming, once per channel, and nothing waiting is lost when the store closes. A real
store on SQLite and a real WebClient against the fake Slack Web API."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from slack_sdk import WebClient

from bot.answering.answers import Answer
from bot.answering.asked import Asked
from bot.answering.questionlog import QuestionLogger
from bot.state.channels import ChannelKinds
from bot.store import Period, Store, new_id, open_store
from tests.slack_fakes import BOT_TOKEN, FakeSlack
from tests.store_helpers import settings

QUIET_S = 0.2


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    fake = FakeSlack()
    yield fake
    fake.close()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(f"sqlite:///{tmp_path / 'store.db'}", settings())
    yield opened
    opened.close()


def logger(store: Store, slack: FakeSlack) -> QuestionLogger:
    kinds = ChannelKinds(WebClient(token=BOT_TOKEN, base_url=slack.base_url))
    return QuestionLogger(store, kinds, quiet_s=QUIET_S)


def record(log: QuestionLogger, channel: str, question: str = "what did Zalando show?") -> None:
    answer = Answer(question=question, passages=(), no_answer=True, took_ms=3.0, outcome="nothing_close")
    log.record(new_id(), Asked("mention", None, "U1", channel), question, answer, 3.0)


def lookups(slack: FakeSlack) -> list[str]:
    return [payload["channel"] for method, payload in slack.calls if method == "conversations.info"]


def kinds_logged(store: Store) -> list[str]:
    store.flush()
    return [q.channel_kind for q in store.questions.in_period(Period.last(dt.timedelta(hours=1)))]


def test_a_burst_from_one_channel_costs_one_lookup_after_it_ends(store: Store, slack: FakeSlack) -> None:
    log = logger(store, slack)
    for _ in range(10):
        record(log, "C0PUBLIC")
        record(log, "CPRIVATE1")
        time.sleep(QUIET_S / 4)
    assert lookups(slack) == [] and kinds_logged(store) == []  # still coming: nothing asked yet
    deadline = time.monotonic() + 10
    while len(kinds_logged(store)) < 20 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert sorted(lookups(slack)) == ["C0PUBLIC", "CPRIVATE1"]
    assert sorted(kinds_logged(store)) == ["private"] * 10 + ["public"] * 10
    record(log, "C0PUBLIC")  # known now: recorded at once, no lookup
    assert len(kinds_logged(store)) == 21
    assert len(lookups(slack)) == 2


def test_questions_waiting_for_a_lookup_are_written_when_the_store_closes(
    tmp_path: Path, slack: FakeSlack
) -> None:
    url = f"sqlite:///{tmp_path / 'closing.db'}"
    store = open_store(url, settings())
    log = logger(store, slack)
    for n in range(5):
        record(log, "C0PUBLIC", f"question {n}?")
    store.close()
    reopened = open_store(url, settings())
    try:
        assert kinds_logged(reopened) == ["public"] * 5
    finally:
        reopened.close()
