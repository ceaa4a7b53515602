"""Answers given in chat and saved as answers: a source whose documents come from a provider the application
injects (the bot reads them from its database), so the engine knows neither Slack nor SQL.

Each saved answer is a document of its own kind ("saved"): titled by the question it answered, its text the
answer, its URL the message's permalink, its author the writer, and `report_link` the report the question was about.
It is a local source (read on every poll of the folders, RELOAD_INTERVAL_S), so a saved answer is searchable on
every replica within that interval, and at once where the application calls `LiveIndex.refresh(remote=False)`
after saving. An edited answer gets a new content hash; one no longer provided leaves the index on that sync.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from typing import ClassVar

from embeddings.models import Document, Link
from embeddings.sources.base import Fetched, Outcome, SourceError, SyncContext, Unchanged

# Source ids of saved answers: never a path or a URL, so they cannot collide with a report's.
ID_PREFIX = "saved-answer:"


@dataclass(frozen=True)
class ChatAnswer:
    """One saved answer as the application hands it over."""

    id: str
    question: str
    answer: str
    writer_id: str  # the writer's chat user id (a Slack user id)
    written_at: dt.datetime
    permalink: str
    writer_name: str | None = None
    report_title: str | None = None
    report_url: str | None = None
    edited_at: dt.datetime | None = None

    @property
    def source_id(self) -> str:
        return ID_PREFIX + self.id

    def content_hash(self) -> str:
        """Changes with anything shown or searched: an edit, a new report link, a renamed writer."""
        data = json.dumps(asdict(self), sort_keys=True, default=str, ensure_ascii=False)
        return hashlib.sha256(data.encode("utf-8")).hexdigest()


Provider = Callable[[], Sequence[ChatAnswer]]
# name → provider, for a `saved: <name>` entry in the sources file: filled by the application at start
# (`provide`), read at each sync, so the sources file may be parsed before the provider exists.
PROVIDERS: dict[str, Provider] = {}


def provide(name: str, provider: Provider) -> None:
    PROVIDERS[name] = provider


def answer_id(source_id: str) -> str | None:
    """The saved answer's own id from its source id; None for a report."""
    return source_id.removeprefix(ID_PREFIX) if source_id.startswith(ID_PREFIX) else None


def to_document(answer: ChatAnswer) -> Document:
    report = Link(answer.report_title or answer.report_url, answer.report_url) if answer.report_url else None
    return Document(
        source=answer.source_id,
        title=" ".join(answer.question.split()),
        body=answer.answer,
        format="text",
        content_hash=answer.content_hash(),
        url=answer.permalink,
        date=(answer.edited_at or answer.written_at).date(),
        # The report's title beside the question: "how much was a ticket?" is found for "DockerCon 2015" too.
        subtitle=answer.report_title,
        author=answer.writer_name,
        authors=(answer.writer_name,) if answer.writer_name else (),
        author_ids=(answer.writer_id,),
        kind="saved",
        report_link=report,
    )


@dataclass(frozen=True)
class SavedAnswersSource:
    kind: ClassVar[str] = "saved"
    remote: ClassVar[bool] = False

    # Called on every sync; None: looked up by `name` among the providers the application registered.
    provider: Provider | None = field(default=None, compare=False)
    name: str = "slack"

    @property
    def label(self) -> str:
        return f"{self.kind}: {self.name}"

    def read(self, ctx: SyncContext) -> Iterator[Outcome]:
        provider = self.provider or PROVIDERS.get(self.name)
        if provider is None:
            # A build from the command line has no database: the index keeps the answers it holds.
            raise SourceError(f"no provider of saved answers named {self.name!r} in this process")
        try:
            answers = list(provider())
        except Exception as exc:  # noqa: BLE001 - a database that is down keeps the answers indexed
            raise SourceError(f"saved answers cannot be read now ({type(exc).__name__}: {exc})") from exc
        for answer in answers:
            ctx.progress(1)
            known = ctx.known.get(answer.source_id)
            digest = answer.content_hash()
            if known is not None and known.hash == digest:
                yield Unchanged(answer.source_id)
            else:
                yield Fetched(to_document(answer))
