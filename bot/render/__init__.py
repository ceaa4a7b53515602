"""Slack rendering, one module per surface: `answer` (questions' replies), `home` (App Home), `digest`
(the digest), `unfurl` (link previews), on the shared `blocks` (Message, Slack's limits)."""

from bot.render.answer import (
    COMMAND,
    FEEDBACK_DOWN,
    FEEDBACK_UP,
    LOW_CONFIDENCE,
    MORE_ACTION,
    SHARE_ACTION,
    ButtonValue,
    action_value,
    answer_message,
    ask_me_message,
    button_value,
    error_message,
    parse_action_value,
    passage_mrkdwn,
    passage_title,
    usage_message,
)
from bot.render.blocks import MAX_BLOCKS, MESSAGE_CHARS_LIMIT, SECTION_TEXT_LIMIT, Message, fit, text_message, with_note
from bot.render.digest import POST_DIGEST_ACTION, digest_blocks, digest_message
from bot.render.home import home_view

__all__ = [
    "POST_DIGEST_ACTION", "ButtonValue", "button_value", "digest_blocks", "digest_message",
    "COMMAND", "FEEDBACK_DOWN", "FEEDBACK_UP", "LOW_CONFIDENCE", "MAX_BLOCKS", "MESSAGE_CHARS_LIMIT", "MORE_ACTION", "SECTION_TEXT_LIMIT",
    "SHARE_ACTION", "Message", "action_value", "answer_message", "ask_me_message", "error_message", "fit",
    "home_view", "parse_action_value", "passage_mrkdwn", "passage_title", "text_message", "usage_message", "with_note",
]
