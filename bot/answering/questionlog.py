"""Every answered question into the store's question log, from the one place all surfaces answer (Replies)
and the console. Recording costs microseconds on the answer path and never raises; a channel whose kind only
Slack can tell is looked up on a thread of its own after the reply."""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

from bot.answering.answers import Answer
from bot.answering.asked import Asked
from bot.answering.query import normalize_query
from bot.state.channels import ChannelKinds
from bot.store import QuestionRecord, ShownReport, Store

log = logging.getLogger(__name__)
# Lookups waiting beyond this (Slack unreachable during a burst) are recorded as private instead: never quoted.
MAX_WAITING = 1000


def shown_reports(answer: Answer) -> tuple[ShownReport, ...]:
    """The reports quoted, once each, in the order shown (a passage's id is `<source>#<ordinal>`)."""
    seen: dict[str, ShownReport] = {}
    for passage in answer.passages:
        source = passage.chunk_id.rsplit("#", 1)[0]
        seen.setdefault(source, ShownReport(source, passage.title, passage.url.split("#", 1)[0] if passage.url else None))
    return tuple(seen.values())


def question_record(question_id: str, asked: Asked, question: str, answer: Answer, latency_ms: float) -> QuestionRecord:
    outcome = "nothing_close" if answer.outcome == "nothing_close" or not answer.passages else answer.outcome
    return QuestionRecord(
        id=question_id, surface=asked.surface, channel_kind=asked.channel_kind or "private",
        question=normalize_query(question) or question,
        searched=answer.corrected_query or answer.question, outcome=outcome, confidence=answer.confidence,
        reports=shown_reports(answer), passages=tuple(p.chunk_id for p in answer.passages),
        latency_ms=round(latency_ms, 2), user_id=asked.user_id, channel_id=asked.channel_id,
    )


class QuestionLogger:
    def __init__(self, store: Store, kinds: ChannelKinds | None = None) -> None:
        self.store, self._kinds = store, kinds
        self._lookups = ThreadPoolExecutor(max_workers=1, thread_name_prefix="channel-kind") if kinds else None
        self._waiting = 0
        self._lock = threading.Lock()

    def record(self, question_id: str, asked: Asked, question: str, answer: Answer, latency_ms: float) -> None:
        try:
            row = question_record(question_id, asked, question, answer, latency_ms)
            if asked.channel_kind is None and asked.channel_id and self._lookups and self._wait():
                self._lookups.submit(self._looked_up, row, asked.channel_id)
            else:
                self.store.questions.record(row)
        except Exception:  # noqa: BLE001 - the log never costs an answer
            log.exception("could not log a question from %s", asked.surface)

    def _looked_up(self, row: QuestionRecord, channel_id: str) -> None:
        try:
            assert self._kinds is not None
            self.store.questions.record(replace(row, channel_kind=self._kinds.kind(channel_id)))
        except Exception:  # noqa: BLE001
            log.exception("could not log a question from %s", row.surface)
        finally:
            with self._lock:
                self._waiting -= 1

    def _wait(self) -> bool:
        with self._lock:
            if self._waiting >= MAX_WAITING:
                return False
            self._waiting += 1
            return True

    def close(self) -> None:
        if self._lookups:
            self._lookups.shutdown(wait=True)
