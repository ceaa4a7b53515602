"""Every Slack listener, registered in one place: mentions, DMs, /dockercon and the share button."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, BoltContext, BoltResponse, Respond
from slack_bolt.request import BoltRequest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.answers import Answerer
from bot.dedup import SeenEvents
from bot.feedback import FeedbackLog
from bot.render import (
    FEEDBACK_DOWN,
    FEEDBACK_UP,
    MORE_ACTION,
    SHARE_ACTION,
    Message,
    answer_message,
    ask_me_message,
    error_message,
    home_view,
    parse_action_value,
    usage_message,
)
from embeddings.live import LiveIndex
from embeddings.search import QueryError

log = logging.getLogger(__name__)


class Replies:
    """Question → Slack message, with every failure turned into a polite reply and a logged error id."""

    def __init__(self, answerer: Answerer) -> None:
        self.answerer = answerer

    def answer(self, question: str, *, surface: str, offset: int = 0, **render: Any) -> Message:
        try:
            answer = self.answerer.answer(question, offset=offset)
        except QueryError:
            return ask_me_message()
        except Exception:
            error_id = uuid.uuid4().hex[:8]
            log.exception("error %s answering a question from %s", error_id, surface)
            return error_message(error_id)
        # One line per question; the question itself is not logged (it may be personal), its length is.
        log.info(
            "answered surface=%s latency_ms=%.1f top_score=%s no_answer=%s passages=%d question_chars=%d",
            surface, answer.took_ms, f"{answer.top_score:.4f}" if answer.top_score is not None else "-",
            answer.no_answer, len(answer.passages), len(question),
        )
        return answer_message(answer, self.answerer.coverage, **render)


def message_key(event: dict[str, Any]) -> str:
    # An @mention in a channel also arrives as a `message` event with another event_id: the message's own
    # channel and ts identify both.
    return f"message:{event.get('channel')}:{event.get('ts')}"


# A question with a file attached, or a thread reply also sent to the channel, is still a question; edits,
# deletions, joins, topic changes and every other subtype are not.
QUESTION_SUBTYPES = {None, "file_share", "thread_broadcast"}


def _from_a_bot(event: dict[str, Any], context: BoltContext) -> bool:
    return bool(event.get("bot_id") or event.get("subtype") == "bot_message" or event.get("user") == context.bot_user_id)


def post(client: WebClient, channel: str, message: Message, thread_ts: str | None) -> None:
    try:
        client.chat_postMessage(
            channel=channel, thread_ts=thread_ts, text=message.text, blocks=message.blocks,
            unfurl_links=False, unfurl_media=False,
        )
    except SlackApiError as exc:
        log.error("could not post to %s: %s", channel, exc.response.get("error"))


def dedupe_deliveries(seen: SeenEvents) -> Callable[..., BoltResponse | None]:
    def dedupe(body: dict[str, Any], request: BoltRequest, next: Callable[[], None]) -> BoltResponse | None:
        event_id = body.get("event_id")
        if event_id and not seen.first_time(f"event:{event_id}"):
            retry = (request.headers.get("x-slack-retry-num") or ["-"])[0]
            log.info("ignored repeated delivery of %s (retry %s)", event_id, retry)
            return BoltResponse(status=200, body="")
        next()
        return None

    return dedupe


def is_admin(client: WebClient, user_id: str) -> bool:
    try:
        user = client.users_info(user=user_id)["user"]
    except SlackApiError as exc:
        log.warning("could not look up %s: %s", user_id, exc.response.get("error"))
        return False
    return bool(user.get("is_admin") or user.get("is_owner") or user.get("is_primary_owner"))


def register(
    app: App, answerer: Answerer, seen: SeenEvents, feedback: FeedbackLog, live: LiveIndex | None = None
) -> None:
    replies = Replies(answerer)
    app.middleware(dedupe_deliveries(seen))

    @app.event("app_mention")
    def on_mention(event: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        if event.get("subtype") not in QUESTION_SUBTYPES or _from_a_bot(event, context):
            return
        if not seen.first_time(message_key(event)):
            return
        message = replies.answer(event.get("text", ""), surface="mention")
        post(client, event["channel"], message, thread_ts=event.get("thread_ts") or event["ts"])

    @app.event("message")
    def on_message(event: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        # Channel messages are answered only through app_mention; edits, deletes, joins and bot posts never.
        if event.get("channel_type") != "im" or event.get("subtype") not in QUESTION_SUBTYPES or _from_a_bot(event, context):
            return
        if not seen.first_time(message_key(event)):
            return
        message = replies.answer(event.get("text", ""), surface="dm")
        post(client, event["channel"], message, thread_ts=event.get("thread_ts"))

    @app.command("/dockercon")
    def on_command(ack: Ack, command: dict[str, Any], respond: Respond) -> None:
        text = " ".join(command.get("text", "").split())
        word, _, rest = text.partition(" ")
        if word.lower() in {"", "help", "?"}:
            usage = usage_message()
            ack(text=usage.text, blocks=usage.blocks)
            return
        if word.lower() == "reindex" and not rest:
            reindex(ack, command, respond)
            return
        if word.lower() == "search":
            question = rest
        elif rest:
            question = text  # a bare question: `/dockercon what did Zalando show?`
        else:
            usage = usage_message(f"I don't know `{word[:50]}`. To search for it: `/dockercon search {word[:50]}`")
            ack(text=usage.text, blocks=usage.blocks)
            return
        if not question:
            usage = usage_message("Tell me what to search for, e.g. `/dockercon search content trust`.")
            ack(text=usage.text, blocks=usage.blocks)
            return
        ack()
        message = replies.answer(question, surface="command", restate=True, shareable=True)
        respond(text=message.text, blocks=message.blocks, response_type="ephemeral", unfurl_links=False, unfurl_media=False)

    def reindex(ack: Ack, command: dict[str, Any], respond: Respond) -> None:
        if live is None:
            ack(text="Reindexing is not available in this mode.")
            return
        ack(text="Checking the reports for changes…")
        if not is_admin(app.client, command.get("user_id", "")):
            respond(text="Sorry, only workspace admins can reindex. The index also updates itself when reports change.")
            return
        try:
            summary = live.refresh()
        except Exception:
            error_id = uuid.uuid4().hex[:8]
            log.exception("error %s reindexing on request", error_id)
            respond(text=f"Reindexing failed; still answering from the previous index. (error id {error_id})")
            return
        respond(text=f"Reindexed: {summary.line()}." if summary else "The index is already up to date.")

    @app.action(FEEDBACK_UP)
    @app.action(FEEDBACK_DOWN)
    def on_feedback(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        ack()
        action = body["actions"][0]
        question, passage_ids, _ = parse_action_value(action.get("value", "{}"))
        vote = "up" if action["action_id"] == FEEDBACK_UP else "down"
        feedback.record(question, passage_ids, vote, body["user"]["id"])
        thanks = "Thanks, glad it helped!" if vote == "up" else "Thanks for telling me; this helps improve the answers."
        respond(text=thanks, response_type="ephemeral", replace_original=False)

    @app.action(MORE_ACTION)
    def on_more(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        ack()
        question, _, offset = parse_action_value(body["actions"][0].get("value", "{}"))
        message = replies.answer(question, surface="more", offset=offset)
        respond(
            text=message.text, blocks=message.blocks, response_type="ephemeral", replace_original=False,
            unfurl_links=False, unfurl_media=False,
        )

    @app.event("app_home_opened")
    def on_home(event: dict[str, Any], client: WebClient) -> None:
        if event.get("tab", "home") != "home":
            return
        searcher = answerer.searcher
        newest = [(r.title, r.url, r.date.isoformat() if r.date else None) for r in searcher.reports[:5]]
        manifest = searcher.index.manifest
        view = home_view(answerer.coverage, newest, manifest.built_at, manifest.chunk_count)
        try:
            client.views_publish(user_id=event["user"], view=view)
        except SlackApiError as exc:
            log.error("could not publish App Home for %s: %s", event["user"], exc.response.get("error"))

    @app.action(SHARE_ACTION)
    def on_share(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        ack()
        question = body["actions"][0].get("value", "")
        message = replies.answer(question, surface="share", shared_by=body["user"]["id"])
        respond(
            text=message.text, blocks=message.blocks, response_type="in_channel", replace_original=False,
            unfurl_links=False, unfurl_media=False,
        )
        respond(delete_original=True)

    @app.error
    def on_error(error: Exception, body: dict[str, Any]) -> None:
        error_id = uuid.uuid4().hex[:8]
        log.error("error %s in a listener (%s)", error_id, body.get("type"), exc_info=error)
