"""Every answered question into the store's question log, from the one place all surfaces answer (Replies)
and the console. Recording costs microseconds on the answer path and never raises. A channel whose kind only
Slack can tell (`conversations.info`) is looked up on one thread of the logger's own, once the questions have
stopped coming for a moment: during a burst those lookups would take the GIL from the threads acknowledging
Slack's requests, and one lookup then serves every question waiting from that channel."""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import replace

from bot.answering.answers import Answer
from bot.answering.asked import Asked
from bot.answering.query import normalize_query
from bot.state.channels import ChannelKinds
from bot.store import QuestionRecord, ShownReport, Store

log = logging.getLogger(__name__)
# Rows waiting beyond this for their channel's kind (Slack unreachable during a burst) are recorded as private
# instead: never quoted.
MAX_WAITING = 1000
# Lookups wait until no question needing one has come for QUIET_S, and at most MAX_DEFER_S.
QUIET_S = 0.3
MAX_DEFER_S = 5.0
# At shutdown lookups go on this long; the rows still waiting then are recorded as private.
CLOSE_S = 5.0


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
    def __init__(self, store: Store, kinds: ChannelKinds | None = None, quiet_s: float = QUIET_S,
                 max_defer_s: float = MAX_DEFER_S) -> None:
        self.store, self._kinds = store, kinds
        self._quiet, self._max_defer = quiet_s, max_defer_s
        self._waiting: dict[str, list[QuestionRecord]] = {}  # channel id -> rows waiting for its kind
        self._count, self._last_at, self._closing, self._closed_at = 0, 0.0, False, 0.0
        self._changed = threading.Condition()
        self._thread = threading.Thread(target=self._run, name="channel-kind", daemon=True) if kinds else None
        if self._thread:
            self._thread.start()
            store.on_close(self.close)

    def record(self, question_id: str, asked: Asked, question: str, answer: Answer, latency_ms: float) -> None:
        if self.store.questions.policy == "off":
            return  # nothing stored, so no channel to look up either
        try:
            row = question_record(question_id, asked, question, answer, latency_ms)
            if asked.channel_kind is None and asked.channel_id and self._kinds:
                known = self._kinds.known(asked.channel_id)
                if known is None and self._wait(asked.channel_id, row):
                    return
                row = replace(row, channel_kind=known or "private")
            self.store.questions.record(row)
        except Exception:  # noqa: BLE001 - the log never costs an answer
            log.exception("could not log a question from %s", asked.surface)

    def _wait(self, channel_id: str, row: QuestionRecord) -> bool:
        with self._changed:
            if self._count >= MAX_WAITING or self._closing:
                return False
            self._waiting.setdefault(channel_id, []).append(row)
            self._count += 1
            self._last_at = time.monotonic()
            self._changed.notify()
            return True

    def _run(self) -> None:
        while True:
            with self._changed:
                self._changed.wait_for(lambda: self._waiting or self._closing)
                if not self._waiting:
                    return
                first = time.monotonic()
                while not self._closing:
                    quiet_at = min(self._last_at + self._quiet, first + self._max_defer)
                    if time.monotonic() >= quiet_at:
                        break
                    self._changed.wait(quiet_at - time.monotonic())
                waiting, self._waiting = self._waiting, {}
            self._look_up(waiting)
            with self._changed:
                self._count -= sum(len(rows) for rows in waiting.values())

    def _look_up(self, waiting: dict[str, list[QuestionRecord]]) -> None:
        assert self._kinds is not None
        for channel_id, rows in waiting.items():
            try:
                late = self._closing and time.monotonic() > self._closed_at + CLOSE_S
                kind = "private" if late else self._kinds.kind(channel_id)
                for row in rows:
                    self.store.questions.record(replace(row, channel_kind=kind))
            except Exception:  # noqa: BLE001
                log.exception("could not log %d questions from %s", len(rows), channel_id)

    def close(self) -> None:
        """Looks up what is waiting now and records it."""
        if self._thread:
            with self._changed:
                self._closing, self._closed_at = True, time.monotonic()
                self._changed.notify()
            self._thread.join()
