"""The real Bolt app, in process, against a fake Slack Web API on loopback, over a small corpus indexed with
FakeEncoder: the fixtures every in-process Slack surface test uses (import them into the test module)."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr
from slack_bolt import App, BoltResponse
from slack_bolt.request import BoltRequest

from bot.answering.answers import Answerer
from bot.app import create_app
from embeddings.pipeline import build_corpus
from embeddings.live import LiveIndex
from bot.config import BotSettings as Settings
from bot.store import Period, Store, open_store
from bot.store.records import LoggedQuestion
from tests.conftest import FakeEncoder
from tests.slack_fakes import JSON, SIGNING_SECRET, FakeSlack, signed_headers

Write = Callable[[str, str], Path]


@pytest.fixture
def live(tmp_path: Path, write_report: Write) -> LiveIndex:
    write_report(
        "dc.md",
        "---\ntitle: DockerCon EU 2015\nurl: https://blog.io/dc/\nevent: DockerCon EU\ndate: 2015-12-08\n---\n"
        "# Things inbetween\n\nWe met Zalando. The project [STUPS](https://stups.io/) runs Docker on AWS; it is open source.\n\n"
        "# Security\n\nDocker content trust signs images, tell <@U0VICTIM> and @here & more.\n",
    )
    write_report("ml.md", "# ML Lab\n\nWe trained models on SageMaker. Our notebooks are open source too.\n")
    encoder = FakeEncoder()
    build_corpus(tmp_path / "corpus", tmp_path / "index", lambda: encoder, FakeEncoder.name, progress=False)
    return LiveIndex(tmp_path / "corpus", tmp_path / "index", FakeEncoder.name, encoder)


@pytest.fixture
def answerer(live: LiveIndex) -> Answerer:
    return Answerer(live)


def bot_settings(tmp_path: Path, slack: FakeSlack | None = None, **more: Any) -> Settings:
    if slack is not None:
        more["slack_api_url"] = slack.base_url
    return Settings(  # type: ignore[call-arg]
        slack_bot_token=SecretStr("xoxb-test"), slack_signing_secret=SecretStr(SIGNING_SECRET),
        feedback_log=tmp_path / "feedback.jsonl", data_dir=tmp_path / "data",  # the database: data/dockercon-bot.db
        _env_file=None, **more,
    )


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """The bot's database (SQLite in the test's folder), as the app opens it."""
    opened = open_store(settings=bot_settings(tmp_path))
    yield opened
    opened.close()


def make_app(slack: FakeSlack, answerer: Answerer, live: LiveIndex, tmp_path: Path, store: Store | None = None,
             **settings: Any) -> App:
    """A fresh app (a restarted bot: its memories empty) talking to `slack`; its own database connection
    unless `store` is given."""
    return create_app(bot_settings(tmp_path, slack, **settings), answerer, live, store)


@pytest.fixture
def app(slack: FakeSlack, answerer: Answerer, live: LiveIndex, tmp_path: Path, store: Store) -> App:
    return make_app(slack, answerer, live, tmp_path, store)


def send(app: App, body: str, content_type: str = JSON, **headers: str) -> BoltResponse:
    all_headers = {**signed_headers(body, content_type), **{k.replace("_", "-"): v for k, v in headers.items()}}
    return app.dispatch(BoltRequest(body=body, headers=all_headers))


def logged(store: Store, count: int, timeout: float = 10.0) -> list[LoggedQuestion]:
    """The questions in the log once `count` are there (a channel's kind may be looked up first), newest first."""
    deadline = time.monotonic() + timeout
    while True:
        store.flush()
        found = store.questions.in_period(Period.last(dt.timedelta(hours=1)), repeats=True)
        if len(found) >= count or time.monotonic() > deadline:
            return found
        time.sleep(0.05)


def action_ids(message: dict[str, Any]) -> list[str]:
    return [e["action_id"] for b in message["blocks"] if b["type"] == "actions" for e in b["elements"]]



