"""Reading a follow-up in its thread's context (bot/answering/followups.py) and the thread memory (bot/state/threads.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bot.answering.followups import read_in_context, subjects
from bot.state.threads import ThreadMemory, ThreadMessage
from embeddings.pipeline import build_corpus
from embeddings.index import open_index
from embeddings.search import Searcher
from tests.conftest import FakeEncoder


@pytest.fixture
def searcher(tmp_path: Path, write_report: Callable[[str, str], Path]) -> Searcher:
    write_report("dc.md", "# DockerCon\n\nWe met Zalando at the booth. Their project STUPS is open source.\n")
    write_report("ml.md", "# ML Lab\n\nWe trained models on SageMaker in a long lab day with notebooks, data sets, GPUs and plenty of coffee; the notebooks are open source.\n")
    write_report("qcon.md", "# QCon\n\nA talk on licensing, foundations, governance, the microservices hype and why companies publish code as open source.\n")
    write_report("api.md", "# APIdays\n\nMicroservices everywhere: gateways, meshes, portals, platforms and tooling compared side by side; Kong is open source.\n")
    encoder = FakeEncoder()
    build_corpus(tmp_path / "corpus", tmp_path / "index", lambda: encoder, FakeEncoder.name, progress=False)
    return Searcher(open_index(tmp_path / "index"), encoder)


def test_specific_words_are_those_few_reports_use(searcher: Searcher) -> None:
    assert subjects("what did Zalando show?", searcher.index, unknown=False) == ("Zalando",)
    assert subjects("is it open source?", searcher.index) == ()
    assert subjects("what did Zalndo show?", searcher.index, unknown=False) == ("Zalando",)  # misspelt


def test_a_follow_up_naming_nothing_is_read_with_the_earlier_question(searcher: Searcher) -> None:
    followup = read_in_context("is it open source?", ["what did Zalando show?"], searcher)
    assert followup.carried == ("Zalando",) and followup.report == "DockerCon"
    assert followup.query == 'is it open source? Zalando in:"DockerCon"'
    assert "STUPS" in searcher.search(followup.query).hits[0].chunk.text


def test_a_follow_up_with_its_own_subject_is_left_alone(searcher: Searcher) -> None:
    followup = read_in_context("SageMaker notebooks", ["what did Zalando show?"], searcher)
    assert followup.query == "SageMaker notebooks" and not followup.in_context


def test_the_latest_earlier_question_with_a_subject_gives_the_context(searcher: Searcher) -> None:
    earlier = ["what did Zalando show?", "SageMaker?", "and?"]
    followup = read_in_context("is it open source?", earlier, searcher, margin=9)  # whatever the scores
    assert followup.carried == ("SageMaker",) and followup.report == "ML Lab"
    assert read_in_context("is it open source?", ["hello", "and?"], searcher).query == "is it open source?"


class Replies:
    def __init__(self, messages: list[dict[str, Any]]) -> None:
        self.messages = messages
        self.calls = 0

    def conversations_replies(self, **kwargs: Any) -> dict[str, Any]:
        self.calls += 1
        return {"ok": True, "messages": self.messages}


def test_thread_memory_asks_slack_once_per_thread_and_knows_whose_it_is() -> None:
    slack = Replies([{"ts": "1.0", "user": "U1", "text": "what did Zalando show?"}, {"ts": "1.1", "bot_id": "B1", "text": "…"}])
    memory = ThreadMemory()
    thread = memory.get(slack, "C1", "1.0", "UBOT", "B1")  # type: ignore[arg-type]
    assert thread is not None and thread.ours and thread.questions_before("2.0") == ["what did Zalando show?"]
    memory.add("C1", "1.0", ThreadMessage("1.5", "is it open source?", from_us=False))
    again = memory.get(slack, "C1", "1.0", "UBOT", "B1")  # type: ignore[arg-type]
    assert again is not None and again.questions_before("2.0")[-1] == "is it open source?" and slack.calls == 1


def test_thread_memory_is_bounded_and_forgets_old_threads() -> None:
    now = [0.0]
    memory = ThreadMemory(max_threads=2, max_messages=3, ttl_s=10, clock=lambda: now[0])
    for i in range(3):
        memory.add("C1", f"{i}.0", ThreadMessage(f"{i}.0", "q", from_us=True), start=True)
    slack = Replies([])
    assert memory.get(slack, "C1", "0.0", None, None).messages == []  # type: ignore[arg-type,union-attr]
    assert slack.calls == 1  # the oldest thread was dropped
    for i in range(5):
        memory.add("C1", "2.0", ThreadMessage(f"2.{i + 1}", "q", from_us=False))
    assert len(memory.get(slack, "C1", "2.0", None, None).messages) == 3  # type: ignore[arg-type,union-attr]
    now[0] = 11
    memory.get(slack, "C1", "2.0", None, None)  # type: ignore[arg-type]
    assert slack.calls == 2
