"""Report link previews, end to end against the fake Slack Web API."""

from __future__ import annotations

import json

from slack_bolt import App

from tests.slack_app import answerer, app, live, send, store  # noqa: F401 (fixtures)
from tests.slack_fakes import FakeSlack, event_body, link_shared


def test_a_link_to_a_report_section_gets_a_preview_and_a_foreign_link_none(app: App, slack: FakeSlack) -> None:
    report, foreign = "http://www.blog.io/dc#security", "https://blog.io/not-a-report/"
    send(app, event_body(link_shared(report, foreign, channel="C0LINKS", message_ts="700.000")))
    (call,) = slack.wait_for(1, "chat.unfurl")
    assert (call["channel"], call["ts"]) == ("C0LINKS", "700.000")
    assert set(call["unfurls"]) == {report}
    blocks = call["unfurls"][report]["blocks"]
    text = json.dumps(blocks)
    assert blocks[0]["text"]["text"] == f"*<{report}|DockerCon EU 2015>*"
    assert blocks[1]["elements"][0]["text"] == "8 Dec 2015 · Security"
    assert "Docker content trust signs images" in blocks[2]["text"]["text"]
    assert "&lt;@U0VICTIM&gt;" in text and "<@U0VICTIM>" not in text and "@here" not in text


def test_a_link_to_a_report_shows_its_first_passage(app: App, slack: FakeSlack) -> None:
    send(app, event_body(link_shared("https://blog.io/dc/")))
    (call,) = slack.wait_for(1, "chat.unfurl")
    blocks = call["unfurls"]["https://blog.io/dc/"]["blocks"]
    assert blocks[1]["elements"][0]["text"] == "8 Dec 2015" and "Zalando" in blocks[2]["text"]["text"]


def test_links_that_are_not_reports_are_left_alone(app: App, slack: FakeSlack) -> None:
    send(app, event_body(link_shared("https://blog.io/elsewhere", "https://example.com/dc/")))
    slack.settle()
    assert slack.posted("chat.unfurl") == []


def test_a_link_still_in_the_composer_is_unfurled_by_its_unfurl_id(app: App, slack: FakeSlack) -> None:
    event = link_shared("https://blog.io/dc/", channel="COMPOSER", message_ts="U0ASKER-1", source="composer")
    send(app, event_body(event))
    (call,) = slack.wait_for(1, "chat.unfurl")
    assert (call["unfurl_id"], call["source"]) == (event["unfurl_id"], "composer") and "channel" not in call
