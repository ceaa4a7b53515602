"""Follow-ups in threads, end to end: the real Bolt app, in process, against the fake Slack Web API (which
serves conversations.replies with the real thread)."""

from __future__ import annotations

from pathlib import Path

from slack_bolt import App

from bot.answering.answers import Answerer
from embeddings.live import LiveIndex
from bot.store import Store
from tests.slack_app import answerer, app, live, make_app, send, store  # noqa: F401 (fixtures)
from tests.slack_fakes import FakeSlack, channel_message, event_body, mention, section_text


def ask_then_follow_up(app: App, slack: FakeSlack, thread: str = "100.000") -> None:
    send(app, event_body(slack.said(mention("what did Zalando show?", ts=thread))))
    slack.wait_for(1)


def test_a_follow_up_without_mention_is_answered_in_the_thread_in_its_context(app: App, slack: FakeSlack) -> None:
    ask_then_follow_up(app, slack)
    send(app, event_body(slack.said(channel_message("is it open source?", thread_ts="100.000", ts="100.500"))))
    first, follow_up = slack.wait_for(2)
    assert follow_up["channel"] == "C0GENERAL" and follow_up["thread_ts"] == "100.000"
    assert follow_up["blocks"][0]["elements"][0]["text"] == "Read with *Zalando* from earlier in this thread"
    assert "<https://stups.io/|STUPS>" in section_text(follow_up)
    assert section_text(follow_up).startswith("*<https://blog.io/dc/#things-inbetween|DockerCon EU 2015 › Things inbetween>*")
    # the thread was in memory: Slack's rate-limited history was not asked
    assert slack.posted("conversations.replies") == []


def test_after_a_restart_the_thread_comes_from_conversations_replies(
    app: App, slack: FakeSlack, answerer: Answerer, live: LiveIndex, tmp_path: Path, store: Store
) -> None:
    ask_then_follow_up(app, slack)
    assert store.flush()  # the thread's mark is in the database, as a restart seconds later finds it
    restarted = make_app(slack, answerer, live, tmp_path)  # its own connection to the same database
    send(restarted, event_body(slack.said(channel_message("is it open source?", thread_ts="100.000", ts="100.500"))))
    follow_up = slack.wait_for(2)[1]
    assert "Read with *Zalando*" in follow_up["blocks"][0]["elements"][0]["text"]
    (history,) = slack.posted("conversations.replies")
    assert (history["channel"], history["ts"]) == ("C0GENERAL", "100.000")
    # the next follow-up is read from memory
    send(restarted, event_body(slack.said(channel_message("SageMaker notebooks", thread_ts="100.000", ts="100.600"))))
    assert "ML Lab" in section_text(slack.wait_for(3)[2])
    assert len(slack.posted("conversations.replies")) == 1


def test_a_self_contained_follow_up_is_searched_as_asked(app: App, slack: FakeSlack) -> None:
    ask_then_follow_up(app, slack)
    send(app, event_body(slack.said(channel_message("SageMaker models", thread_ts="100.000", ts="100.500"))))
    follow_up = slack.wait_for(2)[1]
    assert follow_up["blocks"][0]["type"] == "section"  # no "read with" note
    assert "ML Lab" in section_text(follow_up)


def test_the_bot_never_speaks_in_a_thread_it_was_not_asked_in(app: App, slack: FakeSlack) -> None:
    send(app, event_body(slack.said(channel_message("what did Zalando show?", ts="200.000"))))
    send(app, event_body(slack.said(channel_message("is it open source?", thread_ts="200.000", ts="200.100"))))
    send(app, event_body(slack.said(channel_message("SageMaker models", thread_ts="200.000", ts="200.200"))))
    slack.settle()
    assert slack.posted() == []
    # the database knows the bot never answered there: a busy human thread costs no request at all
    assert slack.posted("conversations.replies") == []


def test_an_unanswerable_follow_up_gets_no_reply_in_the_thread(app: App, slack: FakeSlack) -> None:
    ask_then_follow_up(app, slack)
    send(app, event_body(slack.said(channel_message("thanks, WebAssembly next time", thread_ts="100.000", ts="100.500"))))
    slack.settle()
    assert len(slack.posted()) == 1


def test_an_answer_slack_refused_leaves_peoples_thread_theirs(app: App, slack: FakeSlack) -> None:
    slack.said(channel_message("anyone at DockerCon?", ts="400.000"))
    slack.refuse_next_post = "msg_too_long"
    send(app, event_body(slack.said(mention("what did Zalando show?", ts="400.100", thread_ts="400.000"))))
    slack.wait_for(1)  # the attempt, refused
    send(app, event_body(slack.said(channel_message("is it open source?", thread_ts="400.000", ts="400.200"))))
    slack.settle()
    assert len(slack.posted()) == 1  # the bot never spoke here: a reply to a person is not a question to it


def test_a_thread_no_replica_answered_in_is_left_alone_without_asking_slack(app: App, slack: FakeSlack) -> None:
    send(app, event_body(channel_message("is it open source?", thread_ts="300.000", ts="300.100")))
    slack.settle()
    assert slack.posted() == [] and slack.posted("conversations.replies") == []


def test_a_follow_up_reaching_another_replica_is_answered_in_context(
    app: App, slack: FakeSlack, answerer: Answerer, live: LiveIndex, tmp_path: Path, store: Store
) -> None:
    ask_then_follow_up(app, slack)
    assert store.flush()
    other = make_app(slack, answerer, live, tmp_path)  # a second replica: its own memory, the same database
    send(other, event_body(slack.said(channel_message("is it open source?", thread_ts="100.000", ts="100.500"))))
    follow_up = slack.wait_for(2)[1]
    assert follow_up["blocks"][0]["elements"][0]["text"] == "Read with *Zalando* from earlier in this thread"


def test_when_the_database_cannot_say_slack_is_asked_and_its_no_keeps_the_bot_quiet(
    slack: FakeSlack, answerer: Answerer, live: LiveIndex, tmp_path: Path
) -> None:
    # nothing listens there: the database is down from the start
    down = make_app(slack, answerer, live, tmp_path, database_url="postgresql+psycopg://u@127.0.0.1:9/none")
    send(down, event_body(channel_message("is it open source?", thread_ts="300.000", ts="300.100")))
    slack.settle()
    assert slack.posted() == [] and len(slack.posted("conversations.replies")) == 1


def test_a_mention_in_a_thread_is_answered_once_whichever_twin_arrives_first(app: App, slack: FakeSlack) -> None:
    ask_then_follow_up(app, slack)
    again = slack.said(mention("is it open source?", ts="100.700", thread_ts="100.000"))
    twin = {**again, "type": "message", "channel_type": "channel"}
    send(app, event_body(twin))
    send(app, event_body(again))
    slack.wait_for(2)
    # and the other order, in a thread of a human conversation
    other = slack.said(mention("SageMaker models", ts="400.100", thread_ts="400.000"))
    send(app, event_body(other))
    send(app, event_body({**other, "type": "message", "channel_type": "channel"}))
    slack.wait_for(3)
    slack.settle()
    replies = slack.posted()
    assert len(replies) == 3
    assert replies[1]["thread_ts"] == "100.000" and "Read with *Zalando*" in replies[1]["blocks"][0]["elements"][0]["text"]
    assert replies[2]["thread_ts"] == "400.000"
