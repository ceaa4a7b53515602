"""The App Home: everyone sees how to ask; admins (workspace admins and owners, and ADMIN_USERS) also see the
last week's insights, private questions included, and can post the digest now. The real Bolt app in process
against the fake Slack Web API."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from slack_bolt import App

from bot.answering.answers import Answerer
from bot.store import Store
from embeddings.live import LiveIndex
from tests.slack_app import answerer, app, live, logged, make_app, send, store  # noqa: F401 (fixtures)
from tests.slack_fakes import FORM, FakeSlack, action_body, dm, event_body, home_opened, mention

ADMIN = "U0ADMIN1"  # the fake users.info says U0ADMIN… are workspace admins


def ask(app: App, slack: FakeSlack, store: Store) -> None:
    send(app, event_body(mention("what did Zalando show?", channel="C0PUBLIC")))
    send(app, event_body(mention("any tips for learning the ukulele?", channel="C0PUBLIC")))
    send(app, event_body(dm("is the banjo covered in the reports?")))
    slack.wait_for(3)
    logged(store, 3)


def home(app: App, slack: FakeSlack, user: str) -> str:
    before = len(slack.posted("views.publish"))
    send(app, event_body(home_opened("home", user=user)))
    published = slack.wait_for(before + 1, "views.publish")[-1]
    assert published["user_id"] == user
    return json.dumps(published["view"])


def buttons(view: str) -> list[str]:
    return [e.get("action_id") for b in json.loads(view)["blocks"] if b["type"] == "actions" for e in b["elements"]]


def test_everyone_else_sees_todays_home(app: App, slack: FakeSlack, store: Store) -> None:
    ask(app, slack, store)
    view = home(app, slack, "U0ASKER")
    assert "/dockercon search" in view and "Insights" not in view and "ukulele" not in view


def test_admins_see_the_weeks_questions_private_ones_included_and_the_health(
    app: App, slack: FakeSlack, store: Store
) -> None:
    ask(app, slack, store)
    view = home(app, slack, ADMIN)
    assert "/dockercon search" in view and "Insights (only admins see this)" in view
    assert "3 questions" in view and "ukulele" in view and "banjo" in view  # the DM's question, for admins only
    assert "*Sources:*" in view and "*Database:* sqlite, ok" in view
    assert buttons(view) == ["post_digest"]


def test_slack_is_asked_who_is_an_admin_once_for_several_opens(app: App, slack: FakeSlack) -> None:
    for _ in range(3):
        assert "Insights" in home(app, slack, ADMIN)
        assert "Insights" not in home(app, slack, "U0ASKER")
    asked = [payload["user"] for method, payload in slack.calls if method == "users.info"]
    assert sorted(asked) == [ADMIN, "U0ASKER"]


def test_admin_users_setting_adds_admins(
    slack: FakeSlack, answerer: Answerer, live: LiveIndex, tmp_path: Path, store: Store
) -> None:
    boss = make_app(slack, answerer, live, tmp_path, store, admin_users=("U0BOSS",))
    assert "Insights" in home(boss, slack, "U0BOSS")


def click_post(app: App, slack: FakeSlack, user: str = ADMIN) -> dict[str, Any]:
    before = len(slack.posted("views.publish"))
    send(app, action_body("post_digest", "", slack.response_url(), user=user), FORM)
    return slack.wait_for(before + 1, "views.publish")[-1]


def test_post_digest_now_explains_when_no_channel_is_set(app: App, slack: FakeSlack, store: Store) -> None:
    ask(app, slack, store)
    published = click_post(app, slack)
    assert "DIGEST_CHANNEL is not set" in json.dumps(published["view"])
    assert slack.posted(where="C0DIGEST") == []


def test_post_digest_now_posts_quoting_public_questions_only(
    slack: FakeSlack, answerer: Answerer, live: LiveIndex, tmp_path: Path, store: Store
) -> None:
    app = make_app(slack, answerer, live, tmp_path, store, digest_channel="C0DIGEST")
    ask(app, slack, store)
    published = click_post(app, slack)
    assert "Posted the digest to <#C0DIGEST>" in json.dumps(published["view"])
    (digest,) = slack.posted(where="C0DIGEST")
    text = json.dumps(digest["blocks"])
    assert "ukulele" in text and "banjo" not in text and "1 more asked in DMs or private channels" in text


def test_only_admins_can_post_the_digest(
    slack: FakeSlack, answerer: Answerer, live: LiveIndex, tmp_path: Path, store: Store
) -> None:
    app = make_app(slack, answerer, live, tmp_path, store, digest_channel="C0DIGEST")
    send(app, action_body("post_digest", "", slack.response_url(), user="U0ASKER"), FORM)
    slack.settle()
    assert slack.posted(where="C0DIGEST") == [] and slack.posted("views.publish") == []
