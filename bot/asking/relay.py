"""An "Ask …" click: the guard rails, then the question put to the author where the asker asked it (the same
thread, a new thread under the answer, or, from a direct message, a direct message to the author)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.asking.offers import AskRequest
from bot.asking.saving import ReportLookup
from bot.render.ask import relay_message
from bot.store import Store
from bot.store.ask_records import StoreUnavailable

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Click:
    """Where the button was: the answer's channel, message and thread, and who clicked."""

    asker_id: str
    channel_id: str
    message_ts: str | None
    thread_ts: str | None
    ephemeral: bool = False


class Relay:
    def __init__(self, store: Store, client: WebClient, *, enabled: bool, daily_limit: int,
                 channel_kind: Callable[[str], str], reports: ReportLookup) -> None:
        self.store, self.client = store, client
        self.enabled, self.daily_limit = enabled, daily_limit
        self.channel_kind, self.reports = channel_kind, reports

    def ask(self, request: AskRequest, click: Click) -> str:
        """Relays the question unless a guard rail says no; returns what the asker is told (ephemeral)."""
        name = request.name
        if not self.enabled:
            return "Asking report authors is turned off in this workspace."
        if request.author_id == click.asker_id:
            return "You wrote this report yourself, so there is nobody to ask."
        report = self.reports(request.source_id)
        if report is None:
            return "That report is no longer in the index, so I cannot ask its author."
        kind = "dm" if click.channel_id.startswith("D") else self.channel_kind(click.channel_id)
        # A direct message is no place to tag someone; an answer only the asker saw (a slash command) is relayed
        # privately too, except from a private channel, whose questions never leave it.
        to_author = kind == "dm" or (click.ephemeral and kind == "public")
        thread = click.thread_ts or click.message_ts
        try:
            if self.store.asks.opted_out((request.author_id,)):
                return f"{name} has asked not to be asked questions; the report is all there is, sorry."
            outcome = self.store.asks.ask(
                request.author_id, click.channel_id, thread or "-", click.asker_id, self.daily_limit,
                question=request.question, source_id=request.source_id)
        except StoreUnavailable as exc:
            log.error("could not record an ask: %s", exc)
            return "Sorry, I cannot ask anyone just now (the database is unavailable). Please try again in a minute."
        if outcome == "already_asked":
            return f"{name} has already been asked in this conversation."
        if outcome == "daily_limit":
            return (f"{name} has been asked {self.daily_limit} questions today already, so I will not add another; "
                    "try again tomorrow.")
        message = relay_message(request.author_id, click.asker_id, request.question, report[0], report[1],
                                in_dm=to_author)
        if to_author:
            posted = self._post(request.author_id, message.text, message.blocks, None)
        else:
            posted = self._post(click.channel_id, message.text, message.blocks, None if click.ephemeral else thread)
        if not posted:
            self._undo(request, click, thread)
            return f"Sorry, I could not reach {name} just now. Please try again later."
        if to_author:
            return f"I sent your question to {name} in a direct message; they can reply to you directly."
        return f"I asked {name} in this thread."

    def _post(self, channel: str, text: str, blocks: list[dict[str, object]], thread_ts: str | None) -> bool:
        try:
            self.client.chat_postMessage(channel=channel, thread_ts=thread_ts, text=text, blocks=blocks,
                                         unfurl_links=False, unfurl_media=False)
        except SlackApiError as exc:
            log.error("could not relay a question to %s: %s", channel, exc.response.get("error"))
            return False
        if thread_ts:
            self.store.threads.mark(channel, thread_ts)
        return True

    def _undo(self, request: AskRequest, click: Click, thread: str | None) -> None:
        try:
            self.store.asks.undo(request.author_id, click.channel_id, thread or "-")
        except StoreUnavailable:
            log.warning("an ask that could not be relayed stays counted (database unavailable)")
