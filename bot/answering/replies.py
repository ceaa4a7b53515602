"""Question → Slack message, with every failure turned into a polite reply and a logged error id; and posting."""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Sequence
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.answering.answers import Answerer
from bot.answering.asked import Asked
from bot.asking.extras import AnswerExtras
from bot.answering.followups import read_in_context
from bot.answering.questionlog import QuestionLogger
from bot.render.mrkdwn import escape
from bot.render import Message, answer_message, ask_me_message, error_message, with_note
from bot.store import new_id
from embeddings.search import QueryError

log = logging.getLogger(__name__)


class Replies:
    def __init__(self, answerer: Answerer, questions: QuestionLogger | None = None,
                 extras: AnswerExtras | None = None) -> None:
        self.answerer = answerer
        self.questions = questions
        self.extras = extras  # saved answers checked when shown, "Ask …" buttons (bot/asking/extras.py)

    def answer(
        self, question: str, *, surface: str, offset: int = 0, asked: Asked | None = None, **render: Any
    ) -> Message:
        reply = self.in_thread(question, (), surface=surface, offset=offset, asked=asked, **render)
        assert reply is not None  # only a quiet follow-up goes unanswered
        return reply

    def in_thread(
        self, question: str, earlier: Sequence[str], *, surface: str, quiet: bool = False, offset: int = 0,
        asked: Asked | None = None, **render: Any,
    ) -> Message | None:
        """The reply to a question asked after `earlier` ones in a thread (oldest first). With `quiet` (a
        follow-up nobody addressed to the bot) a question the reports do not answer, or that is no question,
        gets no reply at all rather than a "couldn't find that" in a conversation between people. A question
        answered is logged (`asked`: who and where), and its id travels in the reply's buttons."""
        started = time.perf_counter()
        try:
            followup = read_in_context(question, earlier, self.answerer.searcher) if earlier else None
            answer = self.answerer.answer(followup.query if followup else question, offset=offset)
        except QueryError:
            return None if quiet else ask_me_message()
        except Exception:
            error_id = uuid.uuid4().hex[:8]
            log.exception("error %s answering a question from %s", error_id, surface)
            return error_message(error_id)
        # One line per question; the question itself is not logged (it may be personal), its length is.
        log.info(
            "answered surface=%s latency_ms=%.1f top_score=%s no_answer=%s passages=%d question_chars=%d in_context=%s",
            surface, answer.took_ms, f"{answer.top_score:.4f}" if answer.top_score is not None else "-",
            answer.no_answer, len(answer.passages), len(question), bool(followup and followup.in_context),
        )
        if quiet and (answer.no_answer or answer.outcome != "answer"):
            return None
        question_id = new_id()
        if self.extras is not None:
            answer = self.extras.checked(answer)
            render = {**render, "asks": self.extras.buttons(answer, question, question_id)}
        message = answer_message(answer, self.answerer.coverage, question_id=question_id, **render)
        if followup and followup.in_context:
            carried = ", ".join(f"*{escape(word)}*" for word in followup.carried)
            message = with_note(message, f"Read with {carried} from earlier in this thread")
        if self.questions is not None:
            latency_ms = (time.perf_counter() - started) * 1000
            self.questions.record(question_id, asked or Asked(surface), question, answer, latency_ms)
        return message


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
