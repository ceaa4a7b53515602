"""What each source holds in the index and how its last fetches went (`python -m embeddings sources`, /healthz)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from embeddings.index import IndexStore
from embeddings.sources.base import Source


@dataclass(frozen=True)
class DocumentStatus:
    id: str
    title: str | None  # None when it has never been indexed (its first fetch failed)
    changed_at: str | None
    error: str | None  # why the last fetch failed; the index keeps the last good version


@dataclass(frozen=True)
class SourceStatus:
    label: str
    documents: tuple[DocumentStatus, ...]
    last_fetch: str | None
    last_change: str | None
    last_error: str | None

    @property
    def indexed(self) -> int:
        return sum(1 for doc in self.documents if doc.title is not None)


def source_status(sources: Sequence[Source], store: IndexStore) -> list[SourceStatus]:
    manifest = store.manifest()
    records = manifest.documents if manifest else {}
    titles = {doc.source: doc.title for doc in store.documents()} if manifest else {}
    state = store.read_state()
    doc_states = state.get("documents", {})
    result: list[SourceStatus] = []
    for source in sources:
        label = source.label
        ids = {k for k, v in records.items() if v.origin == label}
        ids |= {k for k, v in doc_states.items() if v.get("origin") == label and v.get("error")}
        documents = tuple(
            DocumentStatus(
                id=key, title=titles.get(key), changed_at=records[key].changed_at if key in records else None,
                error=doc_states.get(key, {}).get("error"),
            )
            for key in sorted(ids)
        )
        source_state = state.get("sources", {}).get(label, {})
        errors = [f"{doc.id}: {doc.error}" for doc in documents if doc.error]
        changes = [doc.changed_at for doc in documents if doc.changed_at]
        result.append(SourceStatus(
            label=label, documents=documents, last_fetch=source_state.get("fetched_at"),
            last_change=max(changes) if changes else None,
            last_error=source_state.get("error") or (errors[-1] if errors else None),
        ))
    return result
