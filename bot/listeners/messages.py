"""Direct messages to the bot: answered in the DM."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.answering.asked import from_event
from bot.answering.replies import post

if TYPE_CHECKING:
    from bot.listeners import Deps


def is_dm(event: dict[str, Any]) -> bool:
    return event.get("channel_type") == "im"


def register(app: App, deps: Deps) -> None:
    @app.event("message", matchers=[is_dm])
    def on_dm(event: dict[str, Any], client: WebClient) -> None:
        message = deps.replies.answer(event.get("text", ""), surface="dm", asked=from_event(event, "dm"))
        post(client, event["channel"], message, thread_ts=event.get("thread_ts"))
