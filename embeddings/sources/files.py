"""A folder of report files (Markdown, plain text, HTML), read recursively."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from embeddings.documents import content_hash, discover, read_document
from embeddings.errors import EmbeddingsError, ReportError
from embeddings.sources.base import Failed, Fetched, Outcome, SyncContext, Unchanged
from embeddings.sources.html import html_to_document

HTML_SUFFIXES = {".html", ".htm"}
# A site's templates (Jekyll layouts and includes, Hugo layouts) are HTML with Liquid or Go template tags;
# they are not reports. Rendered pages do not contain these.
_TEMPLATE = re.compile(rb"\A---\s*\n|\{%|\{\{[-\s]")


@dataclass(frozen=True)
class FolderSource:
    kind: ClassVar[str] = "folder"
    remote: ClassVar[bool] = False

    root: Path
    # Put before each path to make its source id; a git source's documents are named after the repository.
    id_prefix: str = ""
    name: str | None = None  # as written in the sources file

    @property
    def label(self) -> str:
        return f"{self.kind}: {self.name or self.root}"

    def read(self, ctx: SyncContext) -> Iterator[Outcome]:
        if not self.root.is_dir():
            raise EmbeddingsError(f"corpus folder {self.root} does not exist; set CORPUS_DIR or fix the sources file")
        for path in discover(self.root, extra_suffixes=HTML_SUFFIXES):
            ctx.progress(1)
            relative = path.relative_to(self.root).as_posix()
            source_id = self.id_prefix + relative
            try:
                data = path.read_bytes()
            except OSError as exc:
                yield Failed(source_id, f"cannot be read ({exc.strerror})")
                continue
            digest = content_hash(data)
            known = ctx.known.get(source_id)
            if known is not None and known.hash == digest:
                yield Unchanged(source_id)
                continue
            is_html = path.suffix.lower() in HTML_SUFFIXES
            if is_html and _TEMPLATE.search(data):
                continue
            try:
                if is_html:
                    doc = html_to_document(data, source_id, digest)
                else:
                    doc = read_document(path, self.root, data=data, source=source_id)
            except ReportError as exc:
                yield Failed(source_id, str(exc).removeprefix(f"{source_id}: "))
                continue
            yield Fetched(doc)
