"""Answer channels: a top-level message there that reads as a question is answered in its thread without a
mention, but only with a confident answer; otherwise the bot stays silent (it never declines unasked)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from bot.asking.kit import reads_as_question
from bot.listeners.threads import answer_in_thread
from bot.middleware.for_us import in_a_thread

if TYPE_CHECKING:
    from bot.listeners import Deps


def register(app: App, deps: Deps) -> None:
    asking = deps.asking
    if asking is None:
        return

    def top_level_question(event: dict[str, Any]) -> bool:
        return (event.get("channel_type") != "im" and not event.get("subtype") and not in_a_thread(event)
                and asking.answer_channel(str(event.get("channel")))
                and reads_as_question(str(event.get("text") or "")))

    @app.event("message", matchers=[top_level_question])
    def on_question(event: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        answer_in_thread(deps, client, context, event, surface="answer-channel", quiet=True, earlier=[])
