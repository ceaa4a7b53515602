"""The whole ask-the-author loop through the real Bolt app and the fake Slack: an "Ask …" button on an answer,
the question relayed to the author, their reply saved and quoted to the next person; the guard rails; answer
channels."""

# ruff: noqa: F811 - fixtures imported from tests.slack_app, injected by name

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from slack_bolt import App

from bot.answering.answers import Answerer
from bot.store import Store
from embeddings.live import LiveIndex
from tests.slack_app import answerer, bot_settings, send, store  # noqa: F401 (fixtures)
from tests.slack_asking import ANSWER, asking_app, live, saved_texts, until  # noqa: F401 (fixtures)
from tests.slack_fakes import FORM, FakeSlack, channel_message, dm, event_body, mention, section_text
from tests.slack_payloads import ask_buttons, click, shortcut


@pytest.fixture
def app(asking_app: Callable[..., App]) -> App:
    return asking_app()


def test_ask_the_author_then_quote_their_saved_reply(app: App, slack: FakeSlack, live: LiveIndex,
                                                     store: Store) -> None:
    send(app, event_body(mention("how much did a ticket to DockerCon EU 2015 cost?", ts="100.000")))
    reply = slack.wait_for(1)[0]
    [button] = ask_buttons(reply)
    assert button["text"]["text"] == "Ask ThomasSc"

    reply_ts = slack.threads[("C0GENERAL", "100.000")][-1]["ts"]
    send(app, click(button, {**reply, "ts": reply_ts, "thread_ts": "100.000"}), FORM)
    relay = slack.wait_for(2)[1]
    assert relay["channel"] == "C0GENERAL" and relay["thread_ts"] == "100.000"
    assert "<@U0THOMAS>" in section_text(relay) and "<@U0ASKER>" in section_text(relay)
    assert "ticket" in section_text(relay) and "Impressions from DockerCon 2015" in section_text(relay)

    send(app, click(button, {**reply, "ts": reply_ts, "thread_ts": "100.000"}), FORM)  # again: not relayed twice
    slack.settle(0.5)
    assert len(slack.posted()) == 2

    theirs = slack.said({"channel": "C0GENERAL", "user": "U0THOMAS", "text": ANSWER, "ts": "100.500",
                         "thread_ts": "100.000"})
    send(app, shortcut({k: theirs[k] for k in ("user", "text", "ts", "thread_ts")}, "C0GENERAL", "U0THOMAS"), FORM)
    [told] = slack.wait_for(1, "chat.postEphemeral")
    assert told["text"].startswith("Saved as the answer to") and told["user"] == "U0THOMAS"
    [saved] = store.saved.all()
    assert saved.writer_id == "U0THOMAS" and saved.permalink.endswith("p100500?thread_ts=100.000&cid=C0GENERAL")
    assert saved.question.startswith("how much did a ticket") and saved.report_url == "https://blog.io/dc/"
    until(lambda: saved_texts(live), "the saved answer never reached the index")

    send(app, event_body(dm("What was the price of a DockerCon EU 2015 ticket?", user="U0OTHER")))
    quote = slack.wait_for(3)[2]
    answer = section_text(quote)
    assert "Answered in Slack by <@U0THOMAS>" in answer and saved.permalink in answer
    assert "Answered in Slack by Thomas Schuering" in quote["text"]  # the fallback text has no mentions
    assert "1,100 EUR" in answer and "https://blog.io/dc/" in answer


def test_only_the_writer_or_an_admin_saves_and_never_from_a_private_channel(app: App, slack: FakeSlack,
                                                                            store: Store) -> None:
    send(app, event_body(mention("how much did a ticket to DockerCon EU 2015 cost?", ts="200.000")))
    slack.wait_for(1)
    theirs = {"user": "U0THOMAS", "text": ANSWER, "ts": "200.500", "thread_ts": "200.000"}
    slack.said({"channel": "C0GENERAL", **theirs})
    send(app, shortcut(theirs, "C0GENERAL", "U0SOMEONE"), FORM)
    told = slack.wait_for(2, "chat.postEphemeral")
    assert {t["user"] for t in told} == {"U0SOMEONE", "U0THOMAS"}
    someone = next(t for t in told if t["user"] == "U0SOMEONE")
    prompt = next(t for t in told if t["user"] == "U0THOMAS")
    assert "Only <@U0THOMAS>" in someone["text"] and "Save your answer?" in prompt["text"]
    private = {"user": "U0THOMAS", "text": ANSWER, "ts": "300.500", "thread_ts": "300.000"}
    send(app, shortcut(private, "CPRIVATE1", "U0THOMAS"), FORM)
    assert "never saved" in slack.wait_for(3, "chat.postEphemeral")[2]["text"]
    assert store.saved.all() == []


def test_an_answer_channel_answers_questions_and_ignores_chit_chat(app: App, slack: FakeSlack) -> None:
    send(app, event_body(channel_message("good morning everyone, coffee is ready", channel="C0ANSWERS")))
    send(app, event_body(channel_message("where was DockerCon EU 2015 and how was the catering?", channel="C0ANSWERS",
                                         ts="400.000")))
    [reply] = slack.wait_for(1)
    slack.settle(0.5)
    assert len(slack.posted()) == 1 and reply["thread_ts"] == "400.000" and "Barcelona" in section_text(reply)
    send(app, event_body(channel_message("where was DockerCon EU 2015 and how was the catering?", ts="401.000")))
    slack.settle(0.5)
    assert len(slack.posted()) == 1  # not an answer channel: no mention, no answer


def test_the_ask_button_is_on_answers_and_on_closest_passages_never_on_a_decline(
    asking_app: Callable[..., App], slack: FakeSlack, store: Store, answerer: Answerer
) -> None:
    from bot.app import web_client
    from bot.asking.extras import AnswerExtras
    from bot.asking.offers import Offers
    from bot.people.authors import AuthorResolver, AuthorsFile
    from bot.people.directory import Directory

    client = web_client(bot_settings(Path(), slack))
    offers = Offers(AuthorResolver(Directory(client), AuthorsFile(None)), store.asks.opted_out)
    extras = AnswerExtras(store, client, offers, lambda: answerer.catalogue, lambda: None)
    answer = answerer.answer("how much did a ticket to DockerCon EU 2015 cost?")
    assert answer.passages and answer.outcome == "answer"
    for outcome, names in (("answer", ["ThomasSc"]), ("low_confidence", ["ThomasSc"]), ("nothing_close", [])):
        shown = extras.buttons(replace(answer, outcome=outcome), answer.question, None)
        assert [name for name, _ in shown] == names, outcome
