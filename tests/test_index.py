import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from embeddings import index as index_module
from embeddings.pipeline import build_corpus
from embeddings.errors import IndexCorrupt, IndexMismatch, IndexNotFound
from embeddings.index import CURRENT, IndexStore, current_generation, open_index
from tests.conftest import FakeEncoder

Write = Callable[[str, str], Path]
MODEL = FakeEncoder.name


def make_corpus(write: Write) -> None:
    write("a.md", "---\ntitle: Alpha\n---\n# Docker\n\nContainers everywhere.\n\n# Swarm\n\nScheduling nodes.\n")
    write("b.md", "---\ntitle: Beta\n---\n# Serverless\n\nLambda functions cost little.\n")


def run_build(tmp_path: Path, encoder: FakeEncoder, **kwargs: object):  # type: ignore[no-untyped-def]
    return build_corpus(tmp_path / "corpus", tmp_path / "index", lambda: encoder, MODEL, progress=False, **kwargs)  # type: ignore[arg-type]


def test_index_round_trips_through_disk(write_report: Write, tmp_path: Path, fake_encoder: FakeEncoder) -> None:
    make_corpus(write_report)
    summary = run_build(tmp_path, fake_encoder)
    assert (summary.reports, summary.chunks, summary.embedded, summary.reused) == (2, 3, 3, 0)
    loaded = open_index(tmp_path / "index", expect_model=MODEL)
    assert [c.text for c in loaded.chunks] == ["Containers everywhere.", "Scheduling nodes.", "Lambda functions cost little."]
    assert loaded.manifest.report_count == 2 and loaded.manifest.chunk_count == 3
    assert set(loaded.manifest.documents) == {"a.md", "b.md"}
    assert loaded.vectors().shape == (3, FakeEncoder.dim)


def test_unchanged_corpus_is_not_rebuilt_and_loads_no_model(write_report: Write, tmp_path: Path, fake_encoder: FakeEncoder) -> None:
    make_corpus(write_report)
    run_build(tmp_path, fake_encoder)

    def no_model() -> FakeEncoder:
        raise AssertionError("the model must not be loaded for an up-to-date index")

    summary = build_corpus(tmp_path / "corpus", tmp_path / "index", no_model, MODEL, progress=False)
    assert summary.up_to_date


def test_incremental_build_embeds_only_changed_and_added_text(write_report: Write, tmp_path: Path, fake_encoder: FakeEncoder) -> None:
    make_corpus(write_report)
    run_build(tmp_path, fake_encoder)
    write_report("b.md", "---\ntitle: Beta\n---\n# Serverless\n\nLambda functions cost very little.\n")
    write_report("c.md", "# New\n\nA new report.\n")
    summary = run_build(tmp_path, fake_encoder)
    assert (summary.reports, summary.chunks, summary.reused, summary.embedded) == (3, 4, 2, 2)
    assert fake_encoder.calls[-1] == 2


def test_deleted_reports_leave_the_index(write_report: Write, tmp_path: Path, fake_encoder: FakeEncoder) -> None:
    make_corpus(write_report)
    run_build(tmp_path, fake_encoder)
    (tmp_path / "corpus" / "b.md").unlink()
    summary = run_build(tmp_path, fake_encoder)
    assert summary.chunks == 2 and summary.embedded == 0
    assert {c.source for c in open_index(tmp_path / "index").chunks} == {"a.md"}


def test_bad_files_are_skipped_with_their_reason_and_the_build_succeeds(write_report: Write, tmp_path: Path, fake_encoder: FakeEncoder) -> None:
    make_corpus(write_report)
    (tmp_path / "corpus" / "broken.md").write_bytes(b"\xff\xfe\x00binary")
    summary = run_build(tmp_path, fake_encoder)
    assert summary.reports == 2
    assert len(summary.skipped) == 1 and "broken.md" in summary.skipped[0]


def test_a_crash_while_writing_keeps_the_previous_index(
    write_report: Write, tmp_path: Path, fake_encoder: FakeEncoder, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_corpus(write_report)
    run_build(tmp_path, fake_encoder)
    before = current_generation(tmp_path / "index")
    write_report("c.md", "# New\n\nA new report.\n")

    def crash(self: object, folder: Path) -> None:
        (folder.parent / "half-written").write_text("x")
        raise OSError("disk full")

    monkeypatch.setattr(index_module.LexicalIndex, "save", crash)
    with pytest.raises(OSError, match="disk full"):
        run_build(tmp_path, fake_encoder)
    monkeypatch.undo()

    assert current_generation(tmp_path / "index") == before
    assert len(open_index(tmp_path / "index").chunks) == 3
    assert [p.name for p in (tmp_path / "index").iterdir() if p.name.startswith(".staging")] == []
    assert run_build(tmp_path, fake_encoder).chunks == 4  # and the next build goes through


def test_missing_index_says_how_to_build_one(tmp_path: Path) -> None:
    with pytest.raises(IndexNotFound, match="python -m embeddings build"):
        open_index(tmp_path / "nowhere")


@pytest.mark.parametrize("damage", ["vectors.faiss", "chunks.jsonl", "manifest.json", "CURRENT"])
def test_damaged_files_are_reported_as_corrupt(
    write_report: Write, tmp_path: Path, fake_encoder: FakeEncoder, damage: str
) -> None:
    make_corpus(write_report)
    run_build(tmp_path, fake_encoder)
    target = tmp_path / "index" / CURRENT if damage == CURRENT else current_generation(tmp_path / "index") / damage
    target.write_text("garbage {")
    with pytest.raises(IndexCorrupt, match="rebuild"):
        open_index(tmp_path / "index")
    rebuilt = run_build(tmp_path, fake_encoder)  # and the next build replaces it
    assert not rebuilt.up_to_date and len(open_index(tmp_path / "index").chunks) == 3


def test_chunk_count_disagreeing_with_vectors_is_corrupt(write_report: Write, tmp_path: Path, fake_encoder: FakeEncoder) -> None:
    make_corpus(write_report)
    run_build(tmp_path, fake_encoder)
    chunks = current_generation(tmp_path / "index") / "chunks.jsonl"
    chunks.write_text("".join(chunks.read_text().splitlines(keepends=True)[:-1]))
    with pytest.raises(IndexCorrupt, match="changed since it was built"):
        open_index(tmp_path / "index")


def test_an_index_built_with_another_model_is_refused_with_a_fix(write_report: Write, tmp_path: Path, fake_encoder: FakeEncoder) -> None:
    make_corpus(write_report)
    run_build(tmp_path, fake_encoder)
    with pytest.raises(IndexMismatch, match="EMBEDDING_MODEL"):
        open_index(tmp_path / "index", expect_model="all-MiniLM-L6-v2")
    other = build_corpus(tmp_path / "corpus", tmp_path / "index", lambda: fake_encoder, "all-MiniLM-L6-v2", progress=False)
    assert not other.up_to_date and open_index(tmp_path / "index").manifest.model == "all-MiniLM-L6-v2"


def test_hnsw_can_be_chosen_and_searches_like_flat(write_report: Write, tmp_path: Path, fake_encoder: FakeEncoder) -> None:
    from embeddings.search import Searcher

    make_corpus(write_report)
    run_build(tmp_path, fake_encoder, index_type="hnsw")
    index = open_index(tmp_path / "index")
    assert index.manifest.index_type == "hnsw"
    hits = Searcher(index, fake_encoder).search("Lambda functions", k=1).hits
    assert hits[0].chunk.text == "Lambda functions cost little."
    # switching back is a reason to rebuild, and needs no new vectors
    summary = run_build(tmp_path, fake_encoder, index_type="flat")
    assert not summary.up_to_date and summary.embedded == 0
    assert open_index(tmp_path / "index").manifest.index_type == "flat"


def test_a_first_build_that_fails_leaves_no_folder_holding_only_its_lock(tmp_path: Path) -> None:
    store = IndexStore(tmp_path / "volume" / "index")
    with pytest.raises(RuntimeError), store.lock():
        assert (tmp_path / "volume" / "index" / ".lock").is_file()
        raise RuntimeError("the build failed")
    assert not (tmp_path / "volume").exists()
    mounted = IndexStore(tmp_path / "mounted")  # a folder that was there before (a volume) stays, empty
    mounted.folder.mkdir()
    with pytest.raises(RuntimeError), mounted.lock():
        raise RuntimeError("the build failed")
    assert list(mounted.folder.iterdir()) == []


def test_builds_waiting_on_a_failed_first_build_still_take_turns(tmp_path: Path) -> None:
    """The failed first build removes the lock file a waiter holds open; a build that starts after that makes
    a new one, and the two must still not build at once."""
    folder = tmp_path / "index"
    events: list[str] = []
    first_holds, second_in = threading.Event(), threading.Event()

    def build(name: str, after: threading.Event, then: threading.Event | None = None) -> None:
        after.wait()
        with IndexStore(folder).lock():
            events.append(f"{name} in")
            if then is not None:
                then.set()
            time.sleep(0.3)
            events.append(f"{name} out")

    second = threading.Thread(target=build, args=("second", first_holds, second_in))
    later = threading.Thread(target=build, args=("later", second_in))
    second.start()
    later.start()
    with pytest.raises(RuntimeError), IndexStore(folder).lock():
        first_holds.set()
        time.sleep(0.3)  # the second build is blocked on this lock file by now
        raise RuntimeError("the build failed")
    second.join(timeout=10)
    later.join(timeout=10)
    assert events == ["second in", "second out", "later in", "later out"]
