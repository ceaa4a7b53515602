"""A folder of report files (Markdown, plain text, HTML), read recursively."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from embeddings.documents.reader import content_hash, discover, read_document
from embeddings.errors import EmbeddingsError, ReportError
from embeddings.sources.base import Failed, Fetched, Outcome, SyncContext, Unchanged
from embeddings.documents.html import html_to_document

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
    # Where the folder was named, for errors: "CORPUS_DIR", "--corpus", or the sources file and line.
    origin: str = field(default="CORPUS_DIR", compare=False)

    @property
    def label(self) -> str:
        return f"{self.kind}: {self.name or self.root}"

    def read(self, ctx: SyncContext) -> Iterator[Outcome]:
        problem = self.problem()
        if problem:
            raise EmbeddingsError(problem)
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

    def problem(self) -> str | None:
        """Why the folder cannot be read, with the path it resolved to; None when it is a folder."""
        resolved = self.root.resolve()
        if self.name is not None:
            named, fix = f"{self.origin}: folder: {self.name}", "fix the path in the sources file"
            if not Path(self.name).is_absolute():
                fix = f"a relative folder: is relative to the sources file's folder; {fix}"
        else:
            how = f"give {self.origin}" if self.origin.startswith("--") else f"set {self.origin} to"
            named, fix = f"{self.origin} {self.root}", f"{how} the folder that holds the reports"
        if not resolved.exists():
            return f"{named} does not exist (looked for {resolved}); {fix}"
        if not resolved.is_dir():
            return f"{named} is a file, not a folder ({resolved}); {fix}"
        return None
