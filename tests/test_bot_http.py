"""End to end over real HTTP: `python -m bot` started as in production (HTTP mode, real model, real index of
the shipped corpus), a fake Slack Web API it posts to, and correctly signed requests."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.bot_process import ACK_LIMIT_S, Bot, start_bot
from tests.conftest import REPO
from tests.slack_fakes import (
    section_text,
    BOT_ID,
    FORM,
    JSON,
    FakeSlack,
    command_body,
    dm,
    event_body,
    mention,
    channel_message,
    share_body,
    signed_headers,
)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def slack() -> Iterator[FakeSlack]:
    fake = FakeSlack()
    yield fake
    fake.close()


@pytest.fixture(scope="module")
def bot(slack: FakeSlack, seeds_index: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Bot]:
    running = start_bot(slack, seeds_index, REPO / "corpus", tmp_path_factory.mktemp("bot"))
    yield running
    running.stop()


def channel() -> str:
    return f"C{uuid.uuid4().hex[:10].upper()}"



def test_health_reports_the_loaded_index(bot: Bot) -> None:
    status, payload = bot.get("/healthz")
    assert status == 200
    assert payload["status"] == "ok" and payload["reports"] == 2 and payload["chunks"] >= 5
    assert payload["model"] == "all-MiniLM-L6-v2" and payload["index_built_at"]


def test_url_verification_is_answered(bot: Bot) -> None:
    body = json.dumps({"type": "url_verification", "challenge": "abc123", "token": "x"})
    status, text, _ = bot.post(body)
    assert status == 200 and "abc123" in text


def test_mention_gets_a_threaded_reply_with_quote_and_link(bot: Bot, slack: FakeSlack) -> None:
    where = channel()
    status, _, took = bot.post(event_body(mention("what did Zalando show?", channel=where, ts="1700000000.000100")))
    assert status == 200 and took < ACK_LIMIT_S
    (reply,) = slack.wait_for(1, where=where)
    assert reply["thread_ts"] == "1700000000.000100"
    text = section_text(reply)
    assert "<http://work.haufegroup.io/DockerCon-EU-2015/#things-inbetween|DockerCon EU 2015 › Things \"inbetween\">" in text
    assert "\n>" in text and "STUPS" in text and "<https://stups.io/|STUPS>" in text


@pytest.mark.parametrize("question", ["what did zalando show?", "what did Zalndo show?"])
def test_lowercase_and_misspelt_names_quote_the_stups_passage(bot: Bot, slack: FakeSlack, question: str) -> None:
    where = channel()
    bot.post(event_body(mention(question, channel=where)))
    (reply,) = slack.wait_for(1, where=where)
    text = section_text(reply)
    assert "STUPS" in text and "\n>" in text and "DockerCon-EU-2015/#things-inbetween" in text
    assert "Nothing in the reports answers this directly" not in text


def test_an_off_topic_dm_is_declined_quoting_nothing(bot: Bot, slack: FakeSlack) -> None:
    where = f"D{uuid.uuid4().hex[:10].upper()}"
    bot.post(event_body(dm("any tips for learning the ukulele?", channel=where)))
    (reply,) = slack.wait_for(1, where=where)
    text = section_text(reply)
    assert text.startswith("The reports don't cover this.") and ">" not in text
    assert "The reports cover 2 events" in text and "You could ask, for example:" in text


def test_direct_message_is_answered(bot: Bot, slack: FakeSlack) -> None:
    where = f"D{uuid.uuid4().hex[:10].upper()}"
    bot.post(event_body(dm("Docker Hub Enterprise", channel=where)))
    (reply,) = slack.wait_for(1, where=where)
    assert "kreuzwerker.de/blog/posts/dockercon-europe-2014-2" in section_text(reply)


def test_slash_command_acks_fast_then_answers_via_response_url_and_shares(bot: Bot, slack: FakeSlack) -> None:
    url = slack.response_url()
    status, body, took = bot.post(command_body("search content trust", url), FORM)
    assert status == 200 and took < ACK_LIMIT_S
    (private,) = slack.wait_for(1, "response_url", where=url)
    assert private["response_type"] == "ephemeral" and "*You asked:* content trust" in section_text(private)
    assert "Docker Content Trust" in section_text(private)
    share_url = slack.response_url()
    value = private["blocks"][-1]["elements"][0]["value"]
    status, _, took = bot.post(share_body(value, share_url), FORM)
    assert status == 200 and took < ACK_LIMIT_S
    public, delete = slack.wait_for(2, "response_url", where=share_url)
    assert public["response_type"] == "in_channel" and "Docker Content Trust" in section_text(public)
    assert delete["delete_original"] is True


def test_slash_help(bot: Bot) -> None:
    status, body, _ = bot.post(command_body("help", "http://127.0.0.1:9/unused"), FORM)
    assert status == 200 and "/dockercon search" in json.loads(body)["text"]


def test_forged_and_stale_requests_get_401_and_nothing_is_posted(bot: Bot, slack: FakeSlack) -> None:
    where = channel()
    body = event_body(mention("Zalando", channel=where))
    forged = {**signed_headers(body, JSON), "X-Slack-Signature": "v0=" + "f" * 64}
    assert bot.post(body, headers=forged)[0] == 401
    assert bot.post(body, headers=signed_headers(body, JSON, timestamp=int(time.time()) - 3600))[0] == 401
    assert bot.post(body, headers={"Content-Type": JSON})[0] == 401
    slack.settle(1.0)
    assert slack.posted(where=where) == []


def test_a_retried_event_is_answered_once(bot: Bot, slack: FakeSlack) -> None:
    where = channel()
    body = event_body(mention("Zalando", channel=where))
    bot.post(body)
    retry_headers = {**signed_headers(body, JSON), "X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
    assert bot.post(body, headers=retry_headers)[0] == 200
    slack.wait_for(1, where=where)
    slack.settle(1.0)
    assert len(slack.posted(where=where)) == 1


def test_bot_edited_and_unmentioned_messages_get_nothing(bot: Bot, slack: FakeSlack) -> None:
    where = channel()
    for event in (
        dm("Zalando", channel=where, bot_id=BOT_ID),
        dm("Zalando", channel=where, subtype="message_changed"),
        {**dm("Zalando", channel=where), "channel_type": "channel"},
    ):
        assert bot.post(event_body(event))[0] == 200
    slack.settle(1.0)
    assert slack.posted(where=where) == []


def test_forty_concurrent_mentions_get_forty_answers_with_fast_acks(bot: Bot, slack: FakeSlack) -> None:
    where = channel()
    bodies = [event_body(mention(f"question {i} about Docker orchestration", channel=where)) for i in range(40)]
    with ThreadPoolExecutor(max_workers=40) as pool:
        results = list(pool.map(bot.post, bodies))
    assert [status for status, _, _ in results] == [200] * 40
    assert max(took for _, _, took in results) < ACK_LIMIT_S
    assert len(slack.wait_for(40, where=where, timeout=60)) == 40


def test_huge_and_emoji_only_questions_leave_the_bot_answering(bot: Bot, slack: FakeSlack) -> None:
    where = channel()
    assert bot.post(event_body(mention("docker " * 5700, channel=where)))[0] == 200  # ~40,000 characters
    assert bot.post(event_body(mention("🐳🎉🔥", channel=where)))[0] == 200
    replies = slack.wait_for(2, where=where)
    assert any("Ask me a question" in r["text"] for r in replies)
    assert bot.alive()
    bot.post(event_body(mention("what did Zalando show?", channel=where)))
    assert "STUPS" in section_text(slack.wait_for(3, where=where)[-1])


def test_one_structured_log_line_per_question_and_no_secrets(bot: Bot, slack: FakeSlack) -> None:
    where = channel()
    bot.post(event_body(mention("what did Zalando show?", channel=where)))
    slack.wait_for(1, where=where)
    time.sleep(0.3)
    log = bot.log.read_text()
    lines = [line for line in log.splitlines() if "answered surface=mention" in line]
    assert lines and all(f"{key}=" in lines[-1] for key in ("latency_ms", "top_score", "no_answer", "passages"))
    for secret in ("xoxb-test-token", "test-signing-secret"):
        assert secret not in log


def test_a_follow_up_in_the_bots_thread_is_answered_and_a_human_thread_left_alone(bot: Bot, slack: FakeSlack) -> None:
    where = channel()
    bot.post(event_body(slack.said(mention("what did Zalando show?", channel=where, ts="1700000100.000100"))))
    slack.wait_for(1, where=where)
    follow_up = channel_message("is it open source?", channel=where, thread_ts="1700000100.000100", ts="1700000100.000200")
    status, _, took = bot.post(event_body(slack.said(follow_up)))
    assert status == 200 and took < ACK_LIMIT_S
    reply = slack.wait_for(2, where=where)[1]
    assert reply["thread_ts"] == "1700000100.000100" and "STUPS" in section_text(reply)

    human = channel()
    bot.post(event_body(slack.said(channel_message("what did Zalando show?", channel=human, ts="1700000200.000100"))))
    bot.post(event_body(slack.said(channel_message("is it open source?", channel=human, thread_ts="1700000200.000100"))))
    slack.settle(1.0)
    assert slack.posted(where=human) == []
