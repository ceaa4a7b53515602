"""SavedAnswersWatch: each replica reads the saved answers on its own interval and refreshes its index only when
they changed; a database that is down leaves the index as it is."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from bot.asking.sync import SavedAnswersWatch
from embeddings.live import LiveIndex
from embeddings.pipeline import build_corpus
from embeddings.sources import FolderSource, SavedAnswersSource
from embeddings.sources.saved import ChatAnswer
from tests.conftest import FakeEncoder
from tests.test_sources_saved import REPORT, TICKET


class Saved:
    """What the database holds now, as the bot's provider reads it."""

    def __init__(self) -> None:
        self.answers: list[ChatAnswer] = []
        self.down: Exception | None = None
        self.reads = 0

    def __call__(self) -> list[ChatAnswer]:
        self.reads += 1
        if self.down:
            raise self.down
        return list(self.answers)


def live_index(tmp_path: Path, saved: Saved) -> LiveIndex:
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "dockercon.md").write_text(REPORT, encoding="utf-8")
    encoder = FakeEncoder()
    build_corpus(tmp_path / "corpus", tmp_path / "index", lambda: encoder, FakeEncoder.name, progress=False)
    return LiveIndex([FolderSource(tmp_path / "corpus"), SavedAnswersSource(saved)], tmp_path / "index",
                     FakeEncoder.name, encoder, data_dir=tmp_path / "data")


def saved_texts(live: LiveIndex) -> list[str]:
    return [c.text for c in live.searcher.index.chunks if c.kind == "saved"]


def test_an_answer_saved_elsewhere_is_indexed_on_the_next_check_and_only_a_change_refreshes(tmp_path: Path) -> None:
    saved = Saved()
    live = live_index(tmp_path, saved)
    watch = SavedAnswersWatch(saved, live, interval_s=30)
    assert watch.check()  # the first check refreshes once: an answer may have been saved during the start
    saved.answers = [TICKET]
    assert watch.check() and any("1,100 EUR" in text for text in saved_texts(live))
    held = live.searcher
    assert not watch.check() and live.searcher is held  # nothing changed: no rebuild
    saved.answers = [replace(TICKET, answer="It was 1,250 EUR at the door.")]
    assert watch.check() and any("1,250 EUR" in text for text in saved_texts(live))
    saved.answers = []
    assert watch.check() and saved_texts(live) == []


def test_a_database_that_is_down_keeps_what_is_indexed(tmp_path: Path) -> None:
    saved = Saved()
    saved.answers = [TICKET]
    live = live_index(tmp_path, saved)
    watch = SavedAnswersWatch(saved, live, interval_s=30)
    assert watch.check()
    saved.down = ConnectionError("the database is down")
    assert not watch.check() and not watch.check()
    assert any("1,100 EUR" in text for text in saved_texts(live))
    saved.down = None
    assert not watch.check()  # back, unchanged: nothing to rebuild


def test_the_watch_runs_on_its_interval_until_stopped(tmp_path: Path) -> None:
    saved = Saved()
    live = live_index(tmp_path, saved)
    watch = SavedAnswersWatch(saved, live, interval_s=0.05)
    thread = watch.start()
    saved.answers = [TICKET]
    for _ in range(100):
        if saved_texts(live):
            break
        thread.join(0.05)
    watch.stop()
    thread.join(2)
    assert saved_texts(live) and not thread.is_alive()
