"""The real Bolt app, in process, against a fake Slack Web API on loopback; FakeEncoder instead of the model."""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from slack_bolt import App
from slack_bolt.request import BoltRequest

from bot.answering.answers import Answerer
from bot.store import Period, Store
from tests.slack_app import Write, action_ids, answerer, app, live, logged, send, store  # noqa: F401 (fixtures)
from tests.slack_fakes import (
    section_text,
    BOT_ID,
    BOT_USER,
    FORM,
    JSON,
    SIGNING_SECRET,
    FakeSlack,
    action_body,
    command_body,
    dm,
    event_body,
    mention,
    share_body,
    signed_headers,
)

def test_a_mention_is_answered_in_a_thread_with_quote_and_link(app: App, slack: FakeSlack) -> None:
    response = send(app, event_body(mention("what did Zalando show?", ts="111.222")))
    assert response.status == 200
    (reply,) = slack.wait_for(1)
    assert reply["channel"] == "C0GENERAL" and reply["thread_ts"] == "111.222"
    assert reply["unfurl_links"] is False and reply["unfurl_media"] is False
    text = section_text(reply)
    assert "*<https://blog.io/dc/#things-inbetween|DockerCon EU 2015 › Things inbetween>*" in text
    assert "\n>We met Zalando." in text and "<https://stups.io/|STUPS>" in text
    assert "Zalando" in reply["text"]  # the plain fallback


def test_a_mention_inside_a_thread_answers_in_that_thread(app: App, slack: FakeSlack) -> None:
    send(app, event_body(mention("Zalando", ts="222.333", thread_ts="111.000")))
    assert slack.wait_for(1)[0]["thread_ts"] == "111.000"


def test_a_direct_message_is_answered_in_the_dm(app: App, slack: FakeSlack) -> None:
    send(app, event_body(dm("SageMaker models")))
    (reply,) = slack.wait_for(1)
    assert reply["channel"] == "D0DIRECT" and reply.get("thread_ts") is None
    assert "ML Lab" in section_text(reply)


def test_a_dm_with_a_file_attached_is_still_a_question(app: App, slack: FakeSlack) -> None:
    send(app, event_body(dm("SageMaker models", subtype="file_share", files=[{"id": "F1"}])))
    assert "ML Lab" in section_text(slack.wait_for(1)[0])


def test_a_retried_event_is_answered_once(app: App, slack: FakeSlack) -> None:
    body = event_body(mention("Zalando"), event_id="Ev0RETRY")
    assert send(app, body).status == 200
    assert send(app, body, X_Slack_Retry_Num="1", X_Slack_Retry_Reason="http_timeout").status == 200
    slack.wait_for(1)
    slack.settle()
    assert len(slack.posted()) == 1


def test_the_message_twin_of_a_mention_is_not_answered_again(app: App, slack: FakeSlack) -> None:
    event = mention("Zalando", ts="333.444")
    send(app, event_body(event))
    twin = {**event, "type": "message", "channel_type": "channel"}
    send(app, event_body(twin))
    slack.wait_for(1)
    slack.settle()
    assert len(slack.posted()) == 1


@pytest.mark.parametrize(
    "event",
    [
        dm("Zalando", bot_id=BOT_ID, user=BOT_USER),
        dm("Zalando", bot_id="B0OTHER", subtype="bot_message"),
        dm("Zalando", subtype="message_changed"),
        dm("Zalando", subtype="message_deleted"),
        dm("Zalando", subtype="channel_join"),
        dm("Zalando", user=BOT_USER),
        {**dm("Zalando"), "channel_type": "channel", "channel": "C0GENERAL"},
        mention("Zalando", bot_id="B0OTHER"),
    ],
    ids=["own-bot", "other-bot", "edit", "delete", "join", "own-user", "channel-no-mention", "bot-mention"],
)
def test_messages_that_are_not_questions_get_no_answer(app: App, slack: FakeSlack, event: dict[str, Any]) -> None:
    assert send(app, event_body(event)).status == 200
    slack.settle()
    assert slack.posted() == []


def test_forged_or_stale_requests_are_refused(app: App, slack: FakeSlack) -> None:
    body = event_body(mention("Zalando"))
    forged = {**signed_headers(body, JSON), "X-Slack-Signature": "v0=" + "0" * 64}
    assert app.dispatch(BoltRequest(body=body, headers=forged)).status == 401
    stale = signed_headers(body, JSON, timestamp=int(time.time()) - 600)
    assert app.dispatch(BoltRequest(body=body, headers=stale)).status == 401
    other_secret = signed_headers(body, JSON, secret="not-the-secret")
    assert app.dispatch(BoltRequest(body=body, headers=other_secret)).status == 401
    slack.settle()
    assert slack.posted() == []


def test_slash_search_acks_then_answers_privately_with_a_share_button(app: App, slack: FakeSlack) -> None:
    started = time.monotonic()
    response = send(app, command_body("search what did Zalando show?", slack.response_url()), FORM)
    assert response.status == 200 and time.monotonic() - started < 3
    (reply,) = slack.wait_for(1, "response_url")
    assert reply["response_type"] == "ephemeral"
    assert reply["blocks"][0]["text"]["text"] == "*You asked:* what did Zalando show?"
    button = reply["blocks"][-1]["elements"][0]
    assert (button["action_id"], button["value"]) == ("share_answer", "what did Zalando show?")
    assert "STUPS" in section_text(reply)


def test_share_button_posts_the_answer_publicly_and_removes_the_private_one(app: App, slack: FakeSlack) -> None:
    send(app, share_body("what did Zalando show?", slack.response_url(), user="U0SHARER"), FORM)
    public, delete = slack.wait_for(2, "response_url")
    assert public["response_type"] == "in_channel" and public["replace_original"] is False
    assert "<@U0SHARER> asked" in public["blocks"][0]["elements"][0]["text"]
    assert action_ids(public) == ["more_results", "feedback_up", "feedback_down"]
    assert delete["delete_original"] is True


@pytest.mark.parametrize("text", ["", "help", "frobnicate", "search"])
def test_slash_help_and_unknown_subcommands_answer_with_usage(app: App, slack: FakeSlack, text: str) -> None:
    response = send(app, command_body(text, slack.response_url()), FORM)
    body = json.loads(response.body)
    assert response.status == 200 and "/dockercon search" in body["text"]
    if text == "frobnicate":
        assert "/dockercon search frobnicate" in body["text"]
    slack.settle(0.2)
    assert slack.posted("response_url") == []


def test_slash_with_a_bare_question_searches(app: App, slack: FakeSlack) -> None:
    send(app, command_body("what did Zalando show?", slack.response_url()), FORM)
    assert "STUPS" in section_text(slack.wait_for(1, "response_url")[0])


def test_quoted_reports_cannot_ping_anyone(app: App, slack: FakeSlack) -> None:
    send(app, event_body(mention("content trust signs images")))
    text = section_text(slack.wait_for(1)[0])
    assert "tell &lt;@U0VICTIM&gt; and @\u2060here &amp; more" in text
    assert "<@U0VICTIM>" not in text and "@here" not in text


def test_an_empty_question_gets_a_friendly_prompt(app: App, slack: FakeSlack) -> None:
    send(app, event_body(mention("")))
    assert "Ask me a question" in slack.wait_for(1)[0]["text"]


def test_a_failure_gets_an_apology_with_the_error_id_that_is_logged(
    app: App, slack: FakeSlack, answerer: Answerer, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("index exploded")

    monkeypatch.setattr(answerer, "answer", broken)
    with caplog.at_level(logging.ERROR):
        send(app, event_body(mention("Zalando")))
        reply = slack.wait_for(1)[0]
    error_id = re.search(r"error id `?(\w+)", reply["text"]).group(1)  # type: ignore[union-attr]
    assert any(error_id in r.getMessage() and r.exc_info for r in caplog.records)
    # and the bot goes on answering
    monkeypatch.undo()
    send(app, event_body(mention("Zalando")))
    assert "STUPS" in section_text(slack.wait_for(2)[1])


def test_rate_limited_posts_are_retried(app: App, slack: FakeSlack) -> None:
    slack.rate_limit_next = 1
    send(app, event_body(mention("Zalando")))
    assert len(slack.wait_for(1, timeout=10)) == 1
    assert len(slack.posted("429:chat.postMessage")) == 1


def test_a_declined_question_gets_a_polite_reply_without_quotes(app: App, slack: FakeSlack) -> None:
    send(app, event_body(mention("any tips for learning the ukulele?")))
    (reply,) = slack.wait_for(1)
    assert "The reports don't cover this" in reply["text"]
    assert ">" not in section_text(reply)


def test_corrections_and_filters_are_shown(app: App, slack: FakeSlack) -> None:
    send(app, event_body(mention("what did Zalndo show? year:2015")))
    note = slack.wait_for(1)[0]["blocks"][0]["elements"][0]["text"]
    assert note == "Showing results for *what did Zalando show?* · Filtered by year 2015"


def test_feedback_is_stored_with_its_question_and_thanked(app: App, slack: FakeSlack, store: Store) -> None:
    send(app, event_body(mention("what did Zalando show?")))
    answer = slack.wait_for(1)[0]
    down = next(e for b in answer["blocks"] if b["type"] == "actions" for e in b["elements"] if e["action_id"] == "feedback_down")
    url = slack.response_url()
    send(app, action_body("feedback_down", down["value"], url, user="U0VOTER"), FORM)
    (thanks,) = slack.wait_for(1, "response_url", where=url)
    assert thanks["response_type"] == "ephemeral" and thanks["replace_original"] is False
    (question,) = logged(store, 1)
    assert json.loads(down["value"])["qid"] == question.id  # the button carries the logged question's id
    assert question.question == "what did Zalando show?" and question.surface == "mention" and question.outcome == "answer"
    (vote,) = store.feedback.voted_down(Period.last(dt.timedelta(hours=1)))
    # linked: the vote knows the question was asked in a public channel (conversations.info said so)
    assert vote.question == "what did Zalando show?" and vote.channel_kind == "public"
    tally = store.feedback.tally()
    assert (tally.up, tally.down) == (0, 1) and tally.down_passages[0][0].startswith("dc.md#")


def test_every_surface_logs_its_questions_with_the_kind_of_channel(app: App, slack: FakeSlack, store: Store) -> None:
    send(app, event_body(mention("what did Zalando show?", channel="CPRIVATE1")))
    send(app, event_body(dm("SageMaker notebooks")))
    send(app, event_body(mention("kubernetes operators for llamas", channel="G0OLDGROUP")))
    send(app, command_body("search content trust", slack.response_url()), FORM)
    slack.wait_for(3)
    kinds = {(q.surface, q.channel_kind, q.outcome) for q in logged(store, 4)}
    assert kinds == {("mention", "private", "answer"), ("dm", "dm", "answer"),
                     ("mention", "private", "nothing_close"), ("command", "public", "answer")}


def test_more_results_shows_the_next_passages(app: App, slack: FakeSlack) -> None:
    send(app, event_body(mention("Docker")))
    first = slack.wait_for(1)[0]
    more = next(e for b in first["blocks"] if b["type"] == "actions" for e in b["elements"] if e["action_id"] == "more_results")
    url = slack.response_url()
    send(app, action_body("more_results", more["value"], url), FORM)
    (reply,) = slack.wait_for(1, "response_url", where=url)
    assert reply["blocks"][0]["elements"][0]["text"] == "More results for *Docker*"
    shown_first = {b["text"]["text"] for b in first["blocks"] if b["type"] == "section"}
    shown_more = {b["text"]["text"] for b in reply["blocks"] if b["type"] == "section"}
    assert shown_more and not shown_first & shown_more


def test_app_home_shows_how_to_ask_and_what_is_indexed(app: App, slack: FakeSlack) -> None:
    send(app, event_body({"type": "app_home_opened", "user": "U0ASKER", "channel": "D0", "tab": "home", "event_ts": "1.0"}))
    (published,) = slack.wait_for(1, "views.publish")
    assert published["user_id"] == "U0ASKER"
    view = published["view"] if isinstance(published["view"], dict) else json.loads(published["view"])
    text = json.dumps(view)
    assert view["type"] == "home" and "/dockercon search" in text and "year:2015" in text
    assert "DockerCon EU 2015" in text and "2 reports" in text and "index built" in text


def test_reindex_is_for_admins_only(app: App, slack: FakeSlack, write_report: Write) -> None:
    url = slack.response_url()
    response = send(app, command_body("reindex", url), FORM)
    assert response.status == 200
    (refusal,) = slack.wait_for(1, "response_url", where=url)
    assert "only workspace admins" in refusal["text"]

    write_report("new.md", "# Quokka\n\nThe quokka conference was new.\n")
    url = slack.response_url()
    body = command_body("reindex", url).replace("user_id=U0ASKER", "user_id=U0ADMIN")
    send(app, body, FORM)
    (done,) = slack.wait_for(1, "response_url", where=url)
    assert done["text"].startswith("Reindexed: indexed 3 reports")
    send(app, event_body(mention("quokka conference", channel="C0QUOKKA")))
    assert "quokka" in section_text(slack.wait_for(1, where="C0QUOKKA")[0])


def test_slash_reports_lists_the_catalogue_privately_in_the_ack(app: App, slack: FakeSlack) -> None:
    response = send(app, command_body("reports", slack.response_url()), FORM)
    body = json.loads(response.body)
    assert response.status == 200 and body.get("response_type", "ephemeral") == "ephemeral"
    assert "reports*" in body["blocks"][0]["text"]["text"] and "•" in body["blocks"][0]["text"]["text"]
    assert "No reports match" in json.loads(send(app, command_body("reports year:1999", slack.response_url()), FORM).body)["text"]
    slack.settle(0.2)
    assert slack.posted("response_url") == []
