"""The index on disk: `INDEX_DIR` holds generations (`gen-*` folders, each a complete index, see
embeddings.index.folder) and a `CURRENT` file naming the live one.

A build writes a new generation beside the old and then replaces `CURRENT` with one atomic rename, so a
crash at any point leaves the previous index in place and readable. `IndexStore` is the one owner of that
folder: manifest, load, publish, the build lock, and the sync state of the sources (`sync.json`, which
changes on every sync even when no document did, so it lives beside the generations, not in them).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from embeddings.errors import IndexCorrupt, IndexMismatch, IndexNotFound
from embeddings.index.folder import Index
from embeddings.index.manifest import DOCUMENTS, MANIFEST, REBUILD_HINT, Manifest, check_artifacts, read_manifest
from embeddings.index.serialize import document_from_json, read_lines
from embeddings.models import Document

CURRENT = "CURRENT"
SYNC_STATE = "sync.json"
LOCK = ".lock"
GENERATION_PREFIX = "gen-"


def current_generation(index_dir: Path) -> Path:
    """The folder of the live index. `index_dir` may also be a single index folder (e.g. baked into an image)."""
    pointer = index_dir / CURRENT
    if pointer.is_file():
        name = pointer.read_text(encoding="utf-8").strip()
        folder = index_dir / name
        if not name.startswith(GENERATION_PREFIX) or not folder.is_dir():
            raise IndexCorrupt(f"{pointer} names {name!r}, which is not an index folder; {REBUILD_HINT}")
        return folder
    if (index_dir / MANIFEST).is_file():
        return index_dir
    raise IndexNotFound(f"no index at {index_dir}: build one with `python -m embeddings build` (or `make index`)")


def open_index(index_dir: Path, expect_model: str | None = None) -> Index:
    index = Index.load(current_generation(index_dir))
    if expect_model is not None and index.manifest.model != expect_model:
        raise IndexMismatch(
            f"index at {index_dir} was built with model {index.manifest.model!r} but EMBEDDING_MODEL is "
            f"{expect_model!r}; {REBUILD_HINT}, or set EMBEDDING_MODEL back"
        )
    return index


def peek_manifest(index_dir: Path) -> Manifest | None:
    """The live manifest, or None when there is no intact index (used to decide whether to rebuild)."""
    try:
        folder = current_generation(index_dir)
        manifest = read_manifest(folder)
        check_artifacts(folder, manifest)
        return manifest
    except (IndexNotFound, IndexCorrupt):
        return None


def publish(index: Index, index_dir: Path) -> Path:
    """Write `index` as a new generation and make it the live one atomically; older generations are removed."""
    index_dir.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S")
    name = f"{GENERATION_PREFIX}{stamp}-{uuid.uuid4().hex[:8]}"
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=index_dir))
    try:
        index.save(staging)
        final = index_dir / name
        os.replace(staging, final)
        pointer_tmp = index_dir / f".{CURRENT}.{uuid.uuid4().hex[:8]}"
        pointer_tmp.write_text(name + "\n", encoding="utf-8")
        with pointer_tmp.open("rb") as handle:
            os.fsync(handle.fileno())
        os.replace(pointer_tmp, index_dir / CURRENT)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _remove_stale_generations(index_dir, keep=name)
    index.path = final
    return final


def _remove_stale_generations(index_dir: Path, keep: str) -> None:
    for entry in index_dir.iterdir():
        stale_generation = entry.name.startswith(GENERATION_PREFIX) and entry.name != keep
        leftover = entry.name.startswith((".staging-", f".{CURRENT}."))
        if stale_generation or leftover:
            if entry.is_dir():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)


def _write_atomically(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


class IndexStore:
    """The one owner of an index folder: what is live, loading it, publishing a new one, the sync state."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def manifest(self) -> Manifest | None:
        """The live manifest, or None when there is no intact index. Loads nothing else."""
        return peek_manifest(self.folder)

    def current(self) -> Path | None:
        try:
            return current_generation(self.folder)
        except (IndexNotFound, IndexCorrupt):
            return None

    def load(self, expect_model: str | None = None) -> Index:
        return open_index(self.folder, expect_model=expect_model)

    def documents(self) -> list[Document]:
        """The live index's documents alone, without loading vectors or BM25 ([] when unreadable)."""
        folder = self.current()
        try:
            return read_lines(folder / DOCUMENTS, document_from_json)  # type: ignore[operator]
        except (OSError, TypeError, ValueError, KeyError):
            return []

    def publish(self, index: Index) -> Path:
        return publish(index, self.folder)

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """One build at a time per index folder (the bot's live sync and a manual build may overlap).

        A first build that publishes nothing (it failed, or was stopped) leaves no trace: no lock file, and
        no folder where there was none, so the next start does not find an index folder that is not one."""
        created = [folder for folder in (self.folder, *self.folder.parents) if not folder.exists()]
        handle = self._acquire()
        try:
            yield
        finally:
            with contextlib.suppress(OSError):  # a failed cleanup must not hide what the build raised
                self._remove_if_unpublished(created)
            fcntl.flock(handle, fcntl.LOCK_UN)
            handle.close()

    def _remove_if_unpublished(self, created: list[Path]) -> None:
        """Called holding the lock: the lock file, when it is all the folder holds, and the folders the lock
        created (deepest first; one that holds something else stays)."""
        if self.current() is not None or [entry.name for entry in self.folder.iterdir()] != [LOCK]:
            return
        (self.folder / LOCK).unlink()
        for folder in created:
            with contextlib.suppress(OSError):
                folder.rmdir()

    def _acquire(self) -> IO[str]:
        """The lock file, locked. A lock file removed by the holder it waited for (see `lock`) is not a lock
        any more: it is opened again, so two builds never both think they hold it."""
        while True:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle = (self.folder / LOCK).open("w")
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                if os.stat(self.folder / LOCK).st_ino == os.fstat(handle.fileno()).st_ino:
                    return handle
            except FileNotFoundError:
                pass
            handle.close()

    def read_state(self) -> dict[str, Any]:
        """The last sync's fetch times, errors and failure counts ({} before the first, or if unreadable)."""
        try:
            data = json.loads((self.folder / SYNC_STATE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def write_state(self, state: dict[str, Any]) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        _write_atomically(self.folder / SYNC_STATE, json.dumps(state, indent=2, ensure_ascii=False))
