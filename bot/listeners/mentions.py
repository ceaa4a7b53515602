"""@mentions in channels: answered in the message's thread (or the thread it was asked in)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.replies import post

if TYPE_CHECKING:
    from bot.listeners import Deps


def register(app: App, deps: Deps) -> None:
    @app.event("app_mention")
    def on_mention(event: dict[str, Any], client: WebClient) -> None:
        message = deps.replies.answer(event.get("text", ""), surface="mention")
        post(client, event["channel"], message, thread_ts=event.get("thread_ts") or event["ts"])
