"""Fixtures for the ask-the-author loop through the real Bolt app (import them into the test module): one report
with an author who is a Slack user by e-mail, the saved answers wired into the index as bot.serve wires them,
and a person's reply saved as an answer in a thread."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from slack_bolt import App

from bot.answering.answers import Answerer
from bot.store import Store
from embeddings.live import LiveIndex
from embeddings.pipeline import build_corpus
from tests.conftest import FakeEncoder
from tests.slack_app import Write, bot_settings, make_app, send
from tests.slack_fakes import FORM, FakeSlack, event_body, mention
from tests.slack_payloads import ask_buttons, click, shortcut
from tests.slack_people import People

REPORT = ("---\ntitle: Impressions from DockerCon 2015\nauthor: ThomasSc\n"
          "author_email: thomas.schuering@haufe-lexware.com\ndate: 2015-12-08\nurl: https://blog.io/dc/\n---\n"
          "DockerCon EU 2015 was in Barcelona. The catering on the first day was excellent, and the party was held "
          "in the Marine Museum. Docker content trust signs images.\n")
ANSWER = "The conference ticket cost about 1,100 EUR; we booked the early bird price."
NEAR_MISS = "how much did a ticket to DockerCon EU 2015 cost?"


@pytest.fixture
def live(tmp_path: Path, write_report: Write) -> LiveIndex:
    from bot.serve.startup import with_saved_answers
    from embeddings.sources import FolderSource

    write_report("dockercon.md", REPORT)
    encoder = FakeEncoder()
    build_corpus(tmp_path / "corpus", tmp_path / "index", lambda: encoder, FakeEncoder.name, progress=False)
    return LiveIndex(with_saved_answers([FolderSource(tmp_path / "corpus")]), tmp_path / "index", FakeEncoder.name,
                     encoder)


@pytest.fixture
def asking_app(slack: FakeSlack, answerer: Answerer, live: LiveIndex, tmp_path: Path,
               store: Store) -> Iterator[Callable[..., App]]:
    """asking_app(**settings): the app, with C0ANSWERS an answer channel, U0THOMAS the report's author."""
    from bot.app import web_client
    from bot.asking.provider import saved_answers, writer_names
    from embeddings.sources.saved import PROVIDERS

    People(slack).add("U0THOMAS", "Thomas Schuering", "thomas.schuering@haufe-lexware.com")
    # As bot.serve registers it: writers named from Slack (users.info, cached).
    PROVIDERS["slack"] = saved_answers(store, writer_names(web_client(bot_settings(tmp_path, slack))))
    yield lambda **settings: make_app(slack, answerer, live, tmp_path, store,
                                      **{"answer_channels": ("C0ANSWERS",), **settings})
    PROVIDERS.pop("slack", None)


def saved_texts(live: LiveIndex) -> list[str]:
    return [c.text for c in live.searcher.index.chunks if c.kind == "saved"]


def until(condition: Callable[[], object], what: str, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.05)


def save_reply(app: App, slack: FakeSlack, store: Store, live: LiveIndex, thread_ts: str,
               text: str = ANSWER, *, ask: bool = True) -> dict[str, str]:
    """The near-miss question asked at `thread_ts` (as Slack writes them: 1700000100.000000) and answered,
    Thomas asked with the button (unless not `ask`: he replies unasked), his reply in the thread saved by him
    and indexed; returns the reply."""
    asked = slack.said(mention(NEAR_MISS, ts=thread_ts))
    posted = len(slack.posted())
    send(app, event_body(asked))
    answer = slack.wait_for(posted + 1)[posted]
    if ask:
        [button] = ask_buttons(answer)
        ours = {**slack.threads[("C0GENERAL", thread_ts)][-1], "channel": "C0GENERAL"}
        send(app, click(button, ours), FORM)
        slack.wait_for(posted + 2)
    else:  # the thread's mark is written in the background, long before a person's reply in Slack
        until(lambda: store.threads.report_of("C0GENERAL", thread_ts), "the thread's report was never marked")
    reply = {"user": "U0THOMAS", "text": text, "ts": thread_ts[:-6] + "500000", "thread_ts": thread_ts}
    slack.said({"channel": "C0GENERAL", **reply})
    send(app, shortcut(reply, "C0GENERAL", "U0THOMAS"), FORM)
    until(lambda: store.saved.by_message("C0GENERAL", reply["ts"]), "the reply was never saved")
    until(lambda: any(text[:20] in t for t in saved_texts(live)), "the saved answer never reached the index")
    return reply
