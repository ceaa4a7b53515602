"""The ask-the-author loop's guard rails and controls through the real Bolt app and the fake Slack: the daily
limit per author, an author's opt-out, ASK_AUTHORS=off; a saved reply edited then deleted in Slack; taking a
saved answer back (/dockercon forget, the quote's Remove button); /dockercon channel on|off; a reply saved in a
thread where nobody was asked."""

# ruff: noqa: F811 - fixtures imported from tests.slack_app and tests.slack_asking, injected by name

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

from slack_bolt import App

from bot.render.ask import FORGET_ACTION
from bot.store import Store
from embeddings.live import LiveIndex
from tests.slack_app import answerer, send, store  # noqa: F401 (fixtures)
from tests.slack_asking import NEAR_MISS, asking_app, live, save_reply, saved_texts, until  # noqa: F401
from tests.slack_fakes import FORM, FakeSlack, channel_message, dm, event_body, mention, section_text
from tests.slack_payloads import ask_buttons, click, command

AppMaker = Callable[..., App]


def asked(app: App, slack: FakeSlack, thread_ts: str, question: str = NEAR_MISS) -> dict[str, Any]:
    """The bot's reply to the question asked at `thread_ts` in C0GENERAL, with its ts and channel."""
    before = len(slack.posted(where="C0GENERAL"))
    send(app, event_body(mention(question, ts=thread_ts)))
    slack.wait_for(before + 1, where="C0GENERAL")
    return {**slack.threads[("C0GENERAL", thread_ts)][-1], "channel": "C0GENERAL",
            "blocks": slack.posted(where="C0GENERAL")[before]["blocks"]}


def ask_thomas(app: App, slack: FakeSlack, reply: dict[str, Any]) -> str:
    """Clicks "Ask ThomasSc" under the reply; what the clicker is told."""
    [button] = ask_buttons(reply)
    url = slack.response_url()
    send(app, click(button, reply, response_url=url), FORM)
    return str(slack.wait_for(1, "response_url", where=url)[0]["text"])


def said(app: App, text: str, user: str, channel: str = "C0GENERAL") -> str:
    """A /dockercon command; the ephemeral acknowledgement's text (Bolt sends a bare text as the body)."""
    return send(app, command(text, user, channel), FORM).body


def relays(slack: FakeSlack) -> list[dict[str, Any]]:
    return [m for m in slack.posted() if "<@U0THOMAS>" in json.dumps(m.get("blocks"))]


def test_an_author_is_asked_at_most_the_daily_limit(asking_app: AppMaker, slack: FakeSlack) -> None:
    app = asking_app(ask_author_daily_limit=2)
    told = [ask_thomas(app, slack, asked(app, slack, f"{n}00.000")) for n in (1, 2, 3)]
    assert told[:2] == ["I asked ThomasSc in this thread."] * 2
    assert "asked 2 questions today already" in told[2] and len(relays(slack)) == 2


def test_an_author_who_opted_out_is_not_offered_until_they_opt_in(asking_app: AppMaker, slack: FakeSlack) -> None:
    app = asking_app()
    assert ask_buttons(asked(app, slack, "100.000"))
    assert said(app, "ask off", "U0THOMAS").startswith("Done: nobody will be offered a button")
    assert ask_buttons(asked(app, slack, "200.000")) == []
    assert said(app, "ask on", "U0THOMAS").startswith("Done: people may ask you")
    assert ask_buttons(asked(app, slack, "300.000"))


def test_ask_authors_off_offers_no_button_and_an_old_button_asks_nobody(asking_app: AppMaker,
                                                                       slack: FakeSlack) -> None:
    old = asked(asking_app(), slack, "100.000")
    app = asking_app(ask_authors=False)
    assert "DockerCon" in section_text(asked(app, slack, "200.000"))
    assert ask_buttons(asked(app, slack, "300.000")) == []
    assert ask_thomas(app, slack, old) == "Asking report authors is turned off in this workspace."
    assert relays(slack) == []


def edit(reply: dict[str, str], text: str) -> dict[str, Any]:
    """The message_changed event Slack sends when the reply's writer edits it."""
    edited = {**reply, "type": "message", "text": text, "edited": {"user": reply["user"], "ts": f"{time.time():.6f}"}}
    return {"type": "message", "subtype": "message_changed", "channel": "C0GENERAL", "channel_type": "channel",
            "hidden": True, "message": edited, "previous_message": {**reply, "type": "message"},
            "ts": f"{time.time():.6f}", "event_ts": f"{time.time():.6f}"}


def deleted(reply: dict[str, str]) -> dict[str, Any]:
    return {"type": "message", "subtype": "message_deleted", "channel": "C0GENERAL", "channel_type": "channel",
            "hidden": True, "deleted_ts": reply["ts"], "previous_message": {**reply, "type": "message"},
            "ts": f"{time.time():.6f}", "event_ts": f"{time.time():.6f}"}


def test_a_saved_reply_edited_in_slack_is_indexed_again_and_deleted_leaves(
    asking_app: AppMaker, slack: FakeSlack, store: Store, live: LiveIndex
) -> None:
    app = asking_app()
    reply = save_reply(app, slack, store, live, "1700000100.000000")
    send(app, event_body(edit(reply, "Correction: the ticket cost 1,250 EUR at the door.")))
    until(lambda: any("1,250 EUR" in t for t in saved_texts(live)), "the edit never reached the index")
    [saved] = store.saved.all()
    assert saved.answer.startswith("Correction") and saved.edited_at is not None
    assert not any("1,100 EUR" in t for t in saved_texts(live))
    send(app, event_body(deleted(reply)))
    until(lambda: not saved_texts(live), "the deleted answer stayed in the index")
    assert store.saved.all() == []


def test_forget_by_link_is_for_the_writer_or_an_admin(asking_app: AppMaker, slack: FakeSlack, store: Store,
                                                      live: LiveIndex) -> None:
    app = asking_app()
    reply = save_reply(app, slack, store, live, "1700000100.000000")
    link = f"<{store.saved.all()[0].permalink}>"
    assert said(app, f"forget {link}", "U0OTHER").startswith("Only <@U0THOMAS>, who wrote it, or an admin")
    assert said(app, "forget https://example.com/nothing", "U0OTHER").startswith("Use `/dockercon forget")
    assert said(app, f"forget {link}", "U0ADMIN1") == "Removed: I will no longer quote that answer."
    until(lambda: not saved_texts(live), "the forgotten answer stayed in the index")
    save_reply(app, slack, store, live, "1700000200.000000")
    mine = f"<{store.saved.all()[0].permalink}>"
    assert said(app, f"forget {mine}", "U0THOMAS") == "Removed: I will no longer quote that answer."
    assert said(app, f"forget {mine}", "U0THOMAS") == "That message is not a saved answer."
    assert store.saved.all() == [] and reply["ts"] == "1700000100.500000"


def test_a_reply_saved_where_nobody_was_asked_keeps_the_reports_edition(
    asking_app: AppMaker, slack: FakeSlack, store: Store, live: LiveIndex
) -> None:
    app = asking_app()
    reply = save_reply(app, slack, store, live, "1700000100.000000", ask=False)
    [saved] = store.saved.all()
    assert (saved.source_id, saved.report_url) == ("dockercon.md", "https://blog.io/dc/")  # the bot's answer's
    send(app, event_body(dm("What was the price of a DockerCon EU 2015 ticket?", user="U0OTHER")))
    quote = json.dumps(slack.wait_for(1, where="D0DIRECT")[0]["blocks"])
    assert "<@U0THOMAS>" in quote and saved.permalink in quote and "https://blog.io/dc/" in quote
    assert reply["ts"] == "1700000100.500000" and store.asks.in_thread("C0GENERAL", "1700000100.000000") == []


def remove_button(message: dict[str, Any]) -> dict[str, Any]:
    return next(b["accessory"] for b in message["blocks"]
                if b.get("accessory", {}).get("action_id") == FORGET_ACTION)


def test_the_remove_button_on_the_quote_is_for_the_writer(asking_app: AppMaker, slack: FakeSlack, store: Store,
                                                          live: LiveIndex) -> None:
    app = asking_app()
    save_reply(app, slack, store, live, "1700000100.000000")
    send(app, event_body(dm("What was the price of a DockerCon EU 2015 ticket?", user="U0OTHER")))
    quote = {**slack.wait_for(1, where="D0DIRECT")[0], "ts": "1.0", "channel": "D0DIRECT"}
    button = remove_button(quote)
    for user, told in (("U0OTHER", "Only <@U0THOMAS>, who wrote it"), ("U0THOMAS", "Removed: ")):
        url = slack.response_url()
        send(app, click(button, quote, user=user, response_url=url), FORM)
        assert slack.wait_for(1, "response_url", where=url)[0]["text"].startswith(told)
    until(lambda: not saved_texts(live), "the removed answer stayed in the index")
    assert store.saved.all() == []


def test_only_an_admin_turns_a_channel_into_an_answer_channel(asking_app: AppMaker, slack: FakeSlack) -> None:
    app = asking_app()
    question = "where was DockerCon EU 2015 and how was the catering?"
    assert said(app, "channel on", "U0ASKER", "C0NEW").startswith("Only workspace admins")
    send(app, event_body(channel_message(question, channel="C0NEW", ts="100.000")))
    slack.settle(0.5)
    assert slack.posted(where="C0NEW") == []
    assert said(app, "channel on", "U0ADMIN1", "C0NEW").startswith("Done: I will answer questions")
    send(app, event_body(channel_message(question, channel="C0NEW", ts="200.000")))
    [answer] = slack.wait_for(1, where="C0NEW")
    assert answer["thread_ts"] == "200.000" and "Barcelona" in section_text(answer)
    assert said(app, "channel off", "U0ADMIN1", "C0NEW").startswith("Done: in this channel I answer only")
    send(app, event_body(channel_message(question, channel="C0NEW", ts="300.000")))
    slack.settle(0.5)
    assert len(slack.posted(where="C0NEW")) == 1
