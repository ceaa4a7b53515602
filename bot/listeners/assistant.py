"""The assistant DM: suggested prompts when the Messages tab opens (`app_home_opened`, tab "messages") or an
assistant thread starts (`assistant_thread_started`, the older assistant view), and questions in an
assistant thread answered in that thread, read in its context. Bolt's `Assistant` middleware routes the
assistant events."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from slack_bolt import App, Assistant, BoltContext, SetStatus, SetSuggestedPrompts
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.listeners.threads import answer_in_thread
from bot.answering.prompts import suggested_prompts

if TYPE_CHECKING:
    from bot.listeners import Deps

log = logging.getLogger(__name__)
PROMPTS_TITLE = "Ask about the event reports"


def is_messages_tab(event: dict[str, Any]) -> bool:
    return event.get("tab") == "messages"


def register(app: App, deps: Deps) -> None:
    def offer_prompts(set_suggested_prompts: SetSuggestedPrompts) -> None:
        prompts = suggested_prompts(deps.answerer.searcher)
        if not prompts:
            return
        try:
            set_suggested_prompts(prompts=[dict(p) for p in prompts], title=PROMPTS_TITLE)
        except SlackApiError as exc:
            log.error("could not set suggested prompts: %s", exc.response.get("error"))

    @app.event("app_home_opened", matchers=[is_messages_tab])
    def on_messages_tab(set_suggested_prompts: SetSuggestedPrompts) -> None:
        offer_prompts(set_suggested_prompts)

    assistant = Assistant()

    @assistant.thread_started
    def on_thread_started(set_suggested_prompts: SetSuggestedPrompts) -> None:
        offer_prompts(set_suggested_prompts)

    @assistant.user_message
    def on_question(payload: dict[str, Any], client: WebClient, context: BoltContext, set_status: SetStatus) -> None:
        try:
            set_status("is searching the reports…")
        except SlackApiError as exc:
            log.warning("could not set the assistant status: %s", exc.response.get("error"))
        answer_in_thread(deps, client, context, payload, surface="assistant")

    app.assistant(assistant)
