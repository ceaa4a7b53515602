"""The assistant DM entry, end to end against the fake Slack Web API: suggested prompts from the corpus
(answerable ones only) and questions in an assistant thread answered in that thread."""

from __future__ import annotations

from pathlib import Path

import pytest
from slack_bolt import App

from bot.answering.answers import Answerer
from bot.answering.prompts import suggested_prompts
from embeddings.index import open_index
from embeddings.search import Searcher
from tests.slack_app import answerer, app, live, send, store  # noqa: F401 (fixtures)
from tests.slack_fakes import FakeSlack, assistant_thread_started, dm, event_body, home_opened, section_text


def test_opening_the_messages_tab_suggests_answerable_prompts(app: App, slack: FakeSlack) -> None:
    send(app, event_body(home_opened("messages", channel="D0DIRECT")))
    (call,) = slack.wait_for(1, "assistant.threads.setSuggestedPrompts")
    assert call["channel_id"] == "D0DIRECT" and "thread_ts" not in call
    prompts = call["prompts"]
    assert 1 <= len(prompts) <= 4 and all(p["title"] and p["message"] for p in prompts)
    assert slack.posted("views.publish") == []  # the Home tab is another tab
    for i, prompt in enumerate(prompts, start=1):
        send(app, event_body(dm(prompt["message"], ts=f"500.{i}")))
        reply = slack.wait_for(i)[-1]
        assert "couldn't find" not in reply["text"] and "\n>" in section_text(reply)


def test_an_assistant_thread_gets_prompts_and_its_questions_are_answered_in_it(app: App, slack: FakeSlack) -> None:
    send(app, event_body(assistant_thread_started(channel="D0ASSIST", thread_ts="600.000")))
    (call,) = slack.wait_for(1, "assistant.threads.setSuggestedPrompts")
    assert (call["channel_id"], call["thread_ts"]) == ("D0ASSIST", "600.000") and call["prompts"]

    send(app, event_body(slack.said(dm("what did Zalando show?", channel="D0ASSIST", ts="600.100", thread_ts="600.000"))))
    (reply,) = slack.wait_for(1, where="D0ASSIST")
    assert reply["thread_ts"] == "600.000" and "STUPS" in section_text(reply)
    (status,) = slack.posted("assistant.threads.setStatus")
    assert (status["channel_id"], status["thread_ts"]) == ("D0ASSIST", "600.000")
    # and a follow-up there is read in the thread's context
    send(app, event_body(slack.said(dm("is it open source?", channel="D0ASSIST", ts="600.200", thread_ts="600.000"))))
    follow_up = slack.wait_for(2, where="D0ASSIST")[1]
    assert follow_up["thread_ts"] == "600.000" and "Read with *Zalando*" in follow_up["blocks"][0]["elements"][0]["text"]


@pytest.mark.slow
def test_every_suggested_prompt_gets_a_quoted_answer_from_the_real_model(seeds_index: Path, real_encoder) -> None:  # type: ignore[no-untyped-def]
    searcher = Searcher(open_index(seeds_index), real_encoder)
    prompts = suggested_prompts(searcher)
    assert 1 <= len(prompts) <= 4
    for prompt in prompts:
        answer = Answerer(searcher).answer(prompt["message"])
        assert not answer.no_answer and answer.passages, prompt
