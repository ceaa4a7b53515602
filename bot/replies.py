"""Question → Slack message, with every failure turned into a polite reply and a logged error id; and posting."""

from __future__ import annotations

import logging
import uuid
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.answers import Answerer
from bot.render import Message, answer_message, ask_me_message, error_message
from embeddings.search import QueryError

log = logging.getLogger(__name__)


class Replies:
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


def post(client: WebClient, channel: str, message: Message, thread_ts: str | None) -> str | None:
    """Posts the message; returns its ts, or None (logged) when Slack refused it."""
    try:
        response = client.chat_postMessage(
            channel=channel, thread_ts=thread_ts, text=message.text, blocks=message.blocks,
            unfurl_links=False, unfurl_media=False,
        )
    except SlackApiError as exc:
        log.error("could not post to %s: %s", channel, exc.response.get("error"))
        return None
    return str(response.get("ts") or "") or None
