"""The "Search reports" message shortcut, end to end against the fake Slack Web API."""

from __future__ import annotations

from slack_bolt import App

from tests.slack_app import action_ids, answerer, app, live, send, store  # noqa: F401 (fixtures)
from tests.slack_fakes import FORM, FakeSlack, message_shortcut_body, section_text, share_body


def test_the_shortcut_answers_the_message_only_to_the_clicker_with_a_share_button(app: App, slack: FakeSlack) -> None:
    url = slack.response_url()
    response = send(app, message_shortcut_body("what did Zalando show?", url), FORM)
    assert response.status == 200
    (reply,) = slack.wait_for(1, "response_url", where=url)
    assert reply["response_type"] == "ephemeral" and reply["replace_original"] is False
    assert reply["blocks"][0]["text"]["text"] == "*You asked:* what did Zalando show?"
    assert "STUPS" in section_text(reply) and action_ids(reply)[0] == "share_answer"
    assert slack.posted() == [] and slack.posted("chat.postEphemeral") == []  # nothing in the channel

    share_url = slack.response_url()
    send(app, share_body("what did Zalando show?", share_url, user="U0CLICKER"), FORM)
    public, _ = slack.wait_for(2, "response_url", where=share_url)
    assert public["response_type"] == "in_channel" and "STUPS" in section_text(public)


def test_the_shortcut_on_a_message_without_text_asks_for_a_question(app: App, slack: FakeSlack) -> None:
    url = slack.response_url()
    send(app, message_shortcut_body("", url), FORM)
    (reply,) = slack.wait_for(1, "response_url", where=url)
    assert reply["response_type"] == "ephemeral" and "Ask me a question" in reply["text"]
