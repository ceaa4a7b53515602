"""A local console: the same retrieval and answer, rendered for the terminal, when Slack is not configured."""

from __future__ import annotations

import textwrap
import time
from typing import TextIO

from bot.answering.answers import Answer, Answerer
from bot.answering.asked import Asked
from bot.answering.questionlog import QuestionLogger
from bot.render import LOW_CONFIDENCE, passage_title
from embeddings.catalogue import Coverage
from bot.store import Store, new_id
from embeddings.search import QueryError

CONSOLE = Asked(surface="console", channel_kind="console")


def render_terminal(answer: Answer, coverage: Coverage) -> str:
    lines: list[str] = []
    if answer.corrected_query:
        lines.append(f"Showing results for {answer.corrected_query}")
    if answer.filters:
        lines.append(f"Filtered by {answer.filters}")
    if answer.outcome == "nothing_close" or not answer.passages:
        lines.append(coverage.decline())
        return "\n".join(lines)
    if answer.outcome == "low_confidence":
        lines.append(LOW_CONFIDENCE)
    for i, passage in enumerate(answer.passages, start=1):
        when = " · ".join(x for x in (passage.event, passage.date.isoformat() if passage.date else None) if x)
        lines.append(f"\n{i}. {passage_title(passage)}" + (f"  ({when})" if when else ""))
        if passage.url:
            lines.append(f"   {passage.url}")
        for paragraph in passage.excerpt.splitlines():
            for line in textwrap.wrap(paragraph, width=96) or [""]:
                lines.append(f"   │ {line}")
    lines.append(f"\n({answer.took_ms:.0f} ms)")
    return "\n".join(lines)


def run_console(
    answerer: Answerer, stdin: TextIO, stdout: TextIO, interactive: bool, store: Store | None = None
) -> None:
    """Answers each line typed; with a `store`, each question answered goes into the question log."""
    coverage = answerer.coverage
    questions = QuestionLogger(store) if store is not None else None
    print(f"{coverage.sentence()}\nType a question and press Enter (Ctrl-D to quit).", file=stdout)
    while True:
        if interactive:
            print("\n> ", end="", file=stdout, flush=True)
        line = stdin.readline()
        if not line:
            break
        if not line.strip():
            continue
        try:
            started = time.perf_counter()
            answer = answerer.answer(line.strip())
            if questions is not None:
                questions.record(new_id(), CONSOLE, line.strip(), answer, (time.perf_counter() - started) * 1000)
            reply = render_terminal(answer, coverage)
        except QueryError:
            reply = "Ask me a question about the event reports, e.g. what did Zalando show?"
        print(reply, file=stdout, flush=True)
