import logging
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import pytest

import embeddings.pipeline as pipeline_module
from embeddings.pipeline import build_corpus
from embeddings.live import LiveIndex
from tests.conftest import FakeEncoder
from tests.web_site import Site, blog_page, site  # noqa: F401

Write = Callable[[str, str], Path]


def start(tmp_path: Path, write: Write, encoder: FakeEncoder) -> LiveIndex:
    write("a.md", "# Docker\n\nContainers and swarm.\n")
    build_corpus(tmp_path / "corpus", tmp_path / "index", lambda: encoder, FakeEncoder.name, progress=False)
    return LiveIndex(tmp_path / "corpus", tmp_path / "index", FakeEncoder.name, encoder)


def titles(live: LiveIndex, question: str) -> list[str]:
    return [h.chunk.source for h in live.searcher.search(question, k=5).hits]


def test_added_and_deleted_reports_are_picked_up(tmp_path: Path, write_report: Write, fake_encoder: FakeEncoder) -> None:
    live = start(tmp_path, write_report, fake_encoder)
    assert live.refresh() is None  # nothing changed
    write_report("b.md", "# Quokka\n\nThe quokka conference.\n")
    summary = live.refresh()
    assert summary is not None and summary.reports == 2 and summary.embedded == 1
    assert "b.md" in titles(live, "quokka conference")
    (tmp_path / "corpus" / "b.md").unlink()
    live.refresh()
    assert "b.md" not in titles(live, "quokka conference")


def test_a_failed_rebuild_keeps_answering_from_the_old_index(
    tmp_path: Path, write_report: Write, fake_encoder: FakeEncoder, monkeypatch: pytest.MonkeyPatch
) -> None:
    live = start(tmp_path, write_report, fake_encoder)
    before = live.searcher
    write_report("b.md", "# Quokka\n\nThe quokka conference.\n")

    def failing_build(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(pipeline_module, "update", failing_build)
    with pytest.raises(OSError):
        live.refresh()
    assert live.searcher is before and live.searcher.search("containers").hits


def test_questions_are_answered_from_the_old_index_during_a_rebuild(tmp_path: Path, write_report: Write) -> None:
    release = threading.Event()
    building = threading.Event()

    class SlowEncoder(FakeEncoder):
        def encode(self, texts: Sequence[str], *, progress: bool = False) -> np.ndarray:
            if len(texts) > 1 or "quokka" in texts[0].lower() and "conference" in texts[0].lower():
                building.set()
                release.wait(10)
            return super().encode(texts, progress=progress)

    encoder = SlowEncoder()
    write_report("a.md", "# Docker\n\nContainers and swarm.\n\n# Other\n\nMore text.\n")
    build_corpus(tmp_path / "corpus", tmp_path / "index", lambda: FakeEncoder(), FakeEncoder.name, progress=False)
    live = LiveIndex(tmp_path / "corpus", tmp_path / "index", FakeEncoder.name, encoder)
    write_report("b.md", "# Quokka\n\nThe quokka conference.\n\n# More\n\nAnd more.\n")
    rebuild = threading.Thread(target=live.refresh)
    rebuild.start()
    assert building.wait(10)
    assert [h.chunk.source for h in live.searcher.search("containers swarm").hits][0] == "a.md"  # old index, no wait
    release.set()
    rebuild.join(10)
    assert "b.md" in titles(live, "swarm quokka")


def test_watch_polls_in_the_background(tmp_path: Path, write_report: Write, fake_encoder: FakeEncoder) -> None:
    live = start(tmp_path, write_report, fake_encoder)
    thread = live.watch(0.05)
    write_report("b.md", "# Quokka\n\nThe quokka conference.\n")
    try:
        for _ in range(200):
            if live.searcher.index.manifest.report_count == 2:
                break
            threading.Event().wait(0.05)
        assert live.searcher.index.manifest.report_count == 2
    finally:
        live.stop()
        thread.join(5)


def test_a_folder_that_is_gone_is_reported_once_while_the_watch_keeps_answering(
    tmp_path: Path, write_report: Write, fake_encoder: FakeEncoder, caplog: pytest.LogCaptureFixture
) -> None:
    live = start(tmp_path, write_report, fake_encoder)
    (tmp_path / "corpus").rename(tmp_path / "moved")
    with caplog.at_level(logging.WARNING, logger="embeddings.live"):
        thread = live.watch(0.05)
        threading.Event().wait(0.6)  # a dozen ticks
        live.stop()
        thread.join(5)
    said = [r for r in caplog.records if r.name == "embeddings.live"]
    assert len(said) == 1 and said[0].levelno == logging.WARNING and said[0].exc_info is None
    assert "CORPUS_DIR" in said[0].getMessage() and "does not exist" in said[0].getMessage()
    assert titles(live, "containers swarm") == ["a.md"]


def test_refresh_keeps_non_default_options_and_reads_no_index_from_disk(
    tmp_path: Path, write_report: Write, fake_encoder: FakeEncoder, monkeypatch: pytest.MonkeyPatch
) -> None:
    from embeddings.chunking import ChunkingOptions
    from embeddings.index import Index
    from embeddings.search import SearchOptions

    options, search_options = ChunkingOptions(max_tokens=128, overlap_tokens=16, min_tokens=32), SearchOptions(candidates=7)
    write_report("a.md", "# Docker\n\nContainers and swarm.\n")
    build_corpus(tmp_path / "corpus", tmp_path / "index", lambda: fake_encoder, FakeEncoder.name, progress=False, options=options)
    live = LiveIndex(tmp_path / "corpus", tmp_path / "index", FakeEncoder.name, fake_encoder,
                     options=options, search_options=search_options)
    loads: list[Path] = []
    real_load = Index.load.__func__  # type: ignore[attr-defined]
    monkeypatch.setattr(Index, "load", classmethod(lambda cls, folder: loads.append(folder) or real_load(cls, folder)))
    write_report("b.md", "# Quokka\n\nThe quokka conference.\n")
    summary = live.refresh()
    assert summary is not None and summary.embedded == 1  # a.md kept its vector: the options did not change
    assert loads == []  # neither the old index (held in memory) nor the new one (just built) was read back
    assert live.searcher.options is search_options
    assert live.searcher.index.manifest.chunking == {"max_tokens": 128, "overlap_tokens": 16, "min_tokens": 32}
    assert live.refresh() is None


def test_watch_syncs_remote_sources_on_their_own_schedule(
    tmp_path: Path, write_report: Write, fake_encoder: FakeEncoder, site: Site
) -> None:
    from embeddings.index import IndexStore
    from embeddings.sources import FolderSource, PageSource
    from embeddings.sources.web import Fetcher
    from embeddings.sync import update

    write_report("a.md", "# Docker\n\nContainers and swarm.\n")
    page = site.put("/quokka/", blog_page("Quokka Conf", [("Keynote", "keynote", "A marsupial scheduler keynote.")],
                                          intro="Our notes from Quokka Conf in Perth."))
    sources = [FolderSource(tmp_path / "corpus"), PageSource(page)]
    fetcher = lambda: Fetcher(host_delay_s=0)  # noqa: E731
    update(sources, IndexStore(tmp_path / "index"), lambda: fake_encoder, FakeEncoder.name, make_fetcher=fetcher)
    live = LiveIndex(sources, tmp_path / "index", FakeEncoder.name, fake_encoder, make_fetcher=fetcher)
    site.put("/quokka/", blog_page("Quokka Conf", [("Keynote", "keynote", "A marsupial scheduler keynote, slides online.")],
                                   intro="Our notes from Quokka Conf in Perth."))
    thread = live.watch(0.05, sync_interval_s=0.3)
    try:
        for _ in range(100):
            if "slides online" in " ".join(c.text for c in live.searcher.index.chunks):
                break
            threading.Event().wait(0.05)
        assert "slides online" in " ".join(c.text for c in live.searcher.index.chunks)
        assert live.source_health()["synced_at"] is not None
    finally:
        live.stop()
        thread.join(5)


def test_refresh_syncs_remote_sources_now_unless_told_to_poll_folders_only(
    tmp_path: Path, fake_encoder: FakeEncoder, site: Site
) -> None:
    from embeddings.sources import PageSource
    from embeddings.sources.web import Fetcher
    from embeddings.sync import update
    from embeddings.index import IndexStore

    page = site.put("/q/", blog_page("Quokka Conf", [("Keynote", "keynote", "A marsupial keynote.")], intro="Notes."))
    fetcher = lambda: Fetcher(host_delay_s=0)  # noqa: E731
    update([PageSource(page)], IndexStore(tmp_path / "index"), lambda: fake_encoder, FakeEncoder.name, make_fetcher=fetcher)
    live = LiveIndex([PageSource(page)], tmp_path / "index", FakeEncoder.name, fake_encoder, make_fetcher=fetcher)
    site.put("/q/", blog_page("Quokka Conf", [("Keynote", "keynote", "A marsupial keynote, now with slides.")], intro="Notes."))
    seen = len(site.log)
    assert live.refresh(remote=False) is None and len(site.log) == seen
    summary = live.refresh()  # what /dockercon reindex does
    assert summary is not None and summary.changed == (page,)
    assert "now with slides" in " ".join(c.text for c in live.searcher.index.chunks)
