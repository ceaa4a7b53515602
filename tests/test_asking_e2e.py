"""The ask-the-author loop with real processes (issue 21, "Done when"): two `python -m bot` replicas in HTTP
mode on one database, the real model over the Haufe blog and the seeds, the fake Slack serving the workspace's
people. A near-miss question gets "Ask <author>" (resolved from the report's author_email), the click asks the
author in the thread, their reply is saved, and the other replica, which does not watch its folders, quotes it
to someone else in a DM within SAVED_ANSWERS_SYNC_S. Saving someone else's reply, or one in a private channel,
is refused. An answer channel answers a clear question without a mention and ignores chit-chat."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.store import open_store
from tests.bot_process import Bot, start_bot
from tests.slack_app import bot_settings
from tests.slack_fakes import FORM, FakeSlack, channel_message, dm, event_body, mention, section_text
from tests.slack_payloads import ask_buttons, click, shortcut
from tests.slack_people import People

pytestmark = pytest.mark.slow

NEAR_MISS = "how much did a ticket to DockerCon EU 2015 cost?"
REWORDED = "What was the price of a DockerCon EU 2015 ticket?"
ANSWER = "The conference ticket cost about 1,100 EUR; we booked the early bird price in August."
SYNC_S = 2


def start(slack: FakeSlack, haufe_index: tuple[Path, Path], workdir: Path) -> Bot:
    """A replica with its own copy of the index, on the database in workdir/../data, not watching its folders
    (RELOAD_INTERVAL_S=0): saved answers saved elsewhere reach it only through SAVED_ANSWERS_SYNC_S."""
    corpus, index = haufe_index
    workdir.mkdir()
    shutil.copytree(index, workdir / "index")
    return start_bot(slack, workdir / "index", corpus, workdir, DATA_DIR=str(workdir.parent / "data"),
                     RELOAD_INTERVAL_S="0", SAVED_ANSWERS_SYNC_S=str(SYNC_S), ANSWER_CHANNELS="C0ANSWERS")


@pytest.fixture
def people(slack: FakeSlack) -> People:
    people = People(slack)
    people.add("U0THOMAS", "Thomas Schuering", "thomas.schuering@haufe-lexware.com")
    people.add("U0PETER", "Peter Frey", "peter.frey@haufe-lexware.com")
    return people


@pytest.fixture
def replicas(slack: FakeSlack, people: People, haufe_index: tuple[Path, Path],
             tmp_path: Path) -> Iterator[tuple[Bot, Bot]]:
    bots: list[Bot] = []
    try:
        for name in ("a", "b"):
            bots.append(start(slack, haufe_index, tmp_path / name))
        yield bots[0], bots[1]
    finally:
        for bot in bots:
            bot.stop()


def chunks(bot: Bot) -> int:
    return int(bot.get("/healthz")[1]["chunks"])


def grows(bot: Bot, before: int, timeout: float) -> float:
    """Seconds until the bot's index has more chunks than `before`."""
    started = time.monotonic()
    while chunks(bot) <= before:
        assert time.monotonic() - started < timeout, "the saved answer never reached this replica's index"
        time.sleep(0.2)
    return time.monotonic() - started


def reply_in(slack: FakeSlack, channel: str, thread_ts: str) -> dict[str, Any]:
    """The bot's last message in a thread, with its ts, as a click payload carries it."""
    message = slack.threads[(channel, thread_ts)][-1]
    return {**message, "channel": channel}


def test_ask_the_author_save_the_reply_and_another_replica_quotes_it(
    replicas: tuple[Bot, Bot], slack: FakeSlack, tmp_path: Path
) -> None:
    a, b = replicas
    a.post(event_body(mention(NEAR_MISS, ts="100.000")))
    [answer] = slack.wait_for(1, where="C0GENERAL")
    assert "DockerCon" in section_text(answer)
    buttons = {button["text"]["text"]: button for button in ask_buttons(answer)}
    assert "Ask Thomas Schuering" in buttons, buttons.keys()

    a.post(click(buttons["Ask Thomas Schuering"], reply_in(slack, "C0GENERAL", "100.000")), FORM)
    relay = slack.wait_for(2, where="C0GENERAL")[1]
    assert relay["thread_ts"] == "100.000"
    assert "<@U0THOMAS>" in section_text(relay) and "<@U0ASKER>" in section_text(relay)
    assert "ticket" in section_text(relay) and "Impressions from DockerCon 2015" in section_text(relay)

    theirs = {"user": "U0THOMAS", "text": ANSWER, "ts": "100.500", "thread_ts": "100.000"}
    slack.said({"channel": "C0GENERAL", **theirs})
    b.post(shortcut(theirs, "C0GENERAL", "U0SOMEONE"), FORM)  # not theirs to save: refused, the writer asked
    refused = slack.wait_for(2, "chat.postEphemeral")
    assert {t["user"] for t in refused} == {"U0SOMEONE", "U0THOMAS"}
    private = {"user": "U0THOMAS", "text": "Between us: I paid 999 EUR for the ticket.", "ts": "300.500",
               "thread_ts": "300.000"}
    slack.said({"channel": "CPRIVATE1", **private})
    a.post(shortcut(private, "CPRIVATE1", "U0THOMAS"), FORM)
    assert "never saved" in slack.wait_for(3, "chat.postEphemeral")[2]["text"]

    before = chunks(b)
    a.post(shortcut(theirs, "C0GENERAL", "U0THOMAS"), FORM)
    assert slack.wait_for(4, "chat.postEphemeral")[3]["text"].startswith("Saved as the answer to")
    assert grows(b, before, timeout=SYNC_S + 20) < SYNC_S + 20

    b.post(event_body(dm(REWORDED, user="U0OTHER")))
    quoted = section_text(slack.wait_for(1, where="D0DIRECT")[0])
    assert "Answered in Slack by <@U0THOMAS>" in quoted and "1,100 EUR" in quoted
    assert "https://test.slack.com/archives/C0GENERAL/p100500?thread_ts=100.000&cid=C0GENERAL" in quoted
    assert "999 EUR" not in quoted
    store = open_store(settings=bot_settings(tmp_path))
    try:
        assert [(s.writer_id, s.channel_id) for s in store.saved.all()] == [("U0THOMAS", "C0GENERAL")]
    finally:
        store.close()


def test_an_answer_channel_answers_a_clear_question_and_ignores_chit_chat(
    slack: FakeSlack, people: People, haufe_index: tuple[Path, Path], tmp_path: Path
) -> None:
    bot = start(slack, haufe_index, tmp_path / "a")
    try:
        bot.post(event_body(channel_message("good morning everyone, coffee is ready", channel="C0ANSWERS")))
        bot.post(event_body(channel_message("where was DockerCon EU 2015?", channel="C0ANSWERS", ts="400.000")))
        [reply] = slack.wait_for(1, where="C0ANSWERS")
        slack.settle(2.0)
    finally:
        bot.stop()
    assert len(slack.posted(where="C0ANSWERS")) == 1
    assert reply["thread_ts"] == "400.000" and "Barcelona" in section_text(reply)
