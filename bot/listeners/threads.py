"""Follow-ups in threads: once the bot has answered in a thread, later messages there (no mention needed) are
questions to it, read in the context of what the thread asked before. Threads the bot has not spoken in are
people's own conversations: the bot reads them only to know they are not its own, and never answers there."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from bot.answering.asked import from_event
from bot.middleware.for_us import in_a_thread
from bot.answering.replies import post
from bot.state.threads import ThreadMessage
from bot.store import ShownReport
from embeddings.models import ReportRef

if TYPE_CHECKING:
    from bot.listeners import Deps

log = logging.getLogger(__name__)


def asked(event: dict[str, Any]) -> ThreadMessage:
    return ThreadMessage(ts=str(event["ts"]), text=str(event.get("text") or ""), from_us=False)


def answer_in_thread(
    deps: Deps, client: WebClient, context: BoltContext, event: dict[str, Any], *, surface: str, quiet: bool = False,
    earlier: list[str] | None = None,
) -> None:
    """Answers `event` in its thread (a top-level message starts one), reading it after what the thread asked
    before, and remembers both the question and the answer for the next follow-up."""
    channel = event["channel"]
    thread_ts = str(event.get("thread_ts") or event["ts"])
    if earlier is None and in_a_thread(event):
        thread = deps.threads.get(client, channel, thread_ts, context.bot_user_id, context.bot_id)
        earlier = thread.questions_before(event["ts"]) if thread else []
    deps.threads.add(channel, thread_ts, asked(event), start=True)
    deps.threads.answering(channel, thread_ts)
    try:
        message = deps.replies.in_thread(
            event.get("text", ""), earlier or [], surface=surface, quiet=quiet, asked=from_event(event, surface)
        )
        if message is None:
            log.info("follow-up in %s/%s left unanswered: nothing in the reports answers it", channel, thread_ts)
            return
        ts = post(client, channel, message, thread_ts=thread_ts)
        if ts:
            deps.threads.add(channel, thread_ts, ThreadMessage(ts=ts, text=message.text, from_us=True), start=True)
            # Other replicas read follow-ups here as questions too; a reply saved here gets the answer's report.
            deps.store.threads.mark(channel, thread_ts, report=shown(message.report))
    finally:
        # An answer that failed to post must not leave the thread marked as the bot's: every later reply in
        # people's own thread would be taken for a question to the bot.
        deps.threads.answering(channel, thread_ts, now=False)


def shown(report: ReportRef | None) -> ShownReport | None:
    return ShownReport(report.source, report.title, report.url) if report else None


def is_thread_reply_in_a_channel(event: dict[str, Any]) -> bool:
    return event.get("channel_type") != "im" and in_a_thread(event)


def answered_elsewhere(deps: Deps, channel: str, thread_ts: str) -> bool | None:
    """Whether some replica answered in the thread, by the shared marks; None when they cannot tell (a thread
    older than the marks, or the database cannot say now): then Slack is asked, as without a database."""
    if deps.store.health().status != "ok":
        return None
    return deps.store.threads.is_ours(channel, thread_ts)


def register(app: App, deps: Deps) -> None:
    @app.event("message", matchers=[is_thread_reply_in_a_channel])
    def on_thread_reply(event: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        channel, thread_ts = event["channel"], str(event["thread_ts"])
        known = deps.threads.known(channel, thread_ts)
        if known is None or not known.ours:
            marked = answered_elsewhere(deps, channel, thread_ts)
            if marked is False:
                deps.threads.add(channel, thread_ts, asked(event))  # keeps a known thread's memory current
                return
            if marked and known is not None:
                deps.threads.forget(channel, thread_ts)  # remembered as people's, answered by another replica since
        thread = deps.threads.get(client, channel, thread_ts, context.bot_user_id, context.bot_id)
        if thread is None or not thread.ours:
            deps.threads.add(channel, thread_ts, asked(event))  # keeps a known thread's memory current
            return
        answer_in_thread(
            deps, client, context, event, surface="follow-up", quiet=True, earlier=thread.questions_before(event["ts"])
        )
