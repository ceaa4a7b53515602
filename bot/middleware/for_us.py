"""Global middleware deciding, once for every listener, whether a message is a question for us.

Like Bolt's own IgnoringSelfEvents: a delivery that is not for us is acknowledged here and never reaches a
listener, so no listener repeats these checks.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import BoltContext, BoltResponse

from bot.middleware.dedupe import Middleware
from bot.state.seen import SeenEvents

log = logging.getLogger(__name__)

# A question with a file attached, or a thread reply also sent to the channel, is still a question; edits,
# deletions, joins, topic changes and every other subtype are not.
QUESTION_SUBTYPES = {None, "file_share", "thread_broadcast"}
MESSAGE_EVENTS = {"message", "app_mention"}
# Not questions, but a saved answer follows its message (bot/listeners/edits.py).
EDIT_SUBTYPES = {"message_changed", "message_deleted"}
ChannelCheck = Callable[[str], bool]


def message_key(event: dict[str, Any]) -> str:
    # An @mention in a channel also arrives as a `message` event with another event_id: the message's own
    # channel and ts identify both.
    return f"message:{event.get('channel')}:{event.get('ts')}"


def in_a_thread(event: dict[str, Any]) -> bool:
    return bool(event.get("thread_ts")) and event.get("thread_ts") != event.get("ts")


def not_for_us(event: dict[str, Any], context: BoltContext, answer_channel: ChannelCheck = lambda c: False) -> str | None:
    """Why this message or mention is not a question to the bot, or None when it may be. In an answer channel
    (ANSWER_CHANNELS, `/dockercon channel on`) a top-level message may be one too."""
    if event.get("subtype") not in QUESTION_SUBTYPES:
        return f"subtype {event.get('subtype')}"
    if event.get("bot_id") or event.get("subtype") == "bot_message" or event.get("user") == context.bot_user_id:
        return "from a bot"
    if event["type"] == "message" and event.get("channel_type") != "im":
        # Outside DMs only a mention (its own app_mention event) or a reply in a thread can be for us; which
        # threads are ours is the thread listener's question, as it may need Slack's thread history.
        if not in_a_thread(event) and not answer_channel(str(event.get("channel"))):
            return "a channel message without a mention"
        if context.bot_user_id and f"<@{context.bot_user_id}>" in (event.get("text") or ""):
            return "the twin of an app_mention, which is answered instead"
    return None


def _an_edit_in_a_channel(event: dict[str, Any]) -> bool:
    # Direct messages are never saved as answers, so their edits need no listener.
    return event.get("subtype") in EDIT_SUBTYPES and event.get("channel_type") != "im"


def questions_for_us(seen: SeenEvents, answer_channel: ChannelCheck = lambda c: False) -> Middleware:
    def guard(body: dict[str, Any], context: BoltContext, next: Callable[[], None]) -> BoltResponse | None:
        event = body.get("event") if body.get("type") == "event_callback" else None
        if not isinstance(event, dict) or event.get("type") not in MESSAGE_EVENTS or _an_edit_in_a_channel(event):
            next()
            return None
        reason = not_for_us(event, context, answer_channel)
        if reason is None and not seen.first_time(message_key(event)):
            reason = "already answered as its twin"
        if reason:
            log.debug("not a question for us (%s): %s %s", reason, event.get("type"), event.get("ts"))
            return BoltResponse(status=200, body="")
        next()
        return None

    return guard
