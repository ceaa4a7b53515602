"""Where reports come from: one module per kind of source, looked up by the key that names it in the
sources file (`folder:`, `page:`, `feed:`, `sitemap:`, `git:`, and `saved:` for answers saved in chat)."""

from __future__ import annotations

import dataclasses
import importlib
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from embeddings.sources.base import Failed, Fetched, Outcome, Source, SourceError, SourcesFileError, SyncContext, Unchanged
from embeddings.sources.files import FolderSource
from embeddings.config import Settings

if TYPE_CHECKING:
    from embeddings.sources.web import Fetcher

__all__ = [
    "Failed", "Fetched", "Outcome", "Source", "SourceError", "SourcesFileError", "SyncContext", "Unchanged",
    "FolderSource", "PageSource", "FeedSource", "SitemapSource", "GitSource", "SavedAnswersSource", "KINDS", "register",
    "load_sources_file", "parse_sources", "default_sources", "configured_sources", "fetcher_factory",
]

# kind → (factory from the entry's value, its options and the sources file's folder; the options it accepts)
Factory = Callable[[str, dict[str, str], Path], Source]
KINDS: dict[str, tuple[Factory, frozenset[str]]] = {}

# The web, feed and git kinds pull in httpx, feedparser, lxml and trafilatura: imported on first use, so a
# bot that reads a folder of Markdown starts without them.
_LAZY = {
    "PageSource": "web", "Fetcher": "web", "FeedSource": "feeds", "SitemapSource": "feeds", "GitSource": "git",
    "SavedAnswersSource": "saved",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(f"embeddings.sources.{_LAZY[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def register(kind: str, options: frozenset[str] = frozenset()) -> Callable[[Factory], Factory]:
    def add(factory: Factory) -> Factory:
        KINDS[kind] = (factory, options)
        return factory

    return add


def _web_url(value: str) -> str:
    if not re.match(r"https?://[^/\s]+", value):
        raise ValueError(f"{value!r} is not an http(s) URL")
    return value


@register("folder")
def _folder(value: str, opts: dict[str, str], base: Path) -> Source:
    return FolderSource(base / value if not Path(value).is_absolute() else Path(value), name=value)


@register("page")
def _page(value: str, opts: dict[str, str], base: Path) -> Source:
    from embeddings.sources.web import PageSource

    return PageSource(_web_url(value))


@register("feed")
def _feed(value: str, opts: dict[str, str], base: Path) -> Source:
    from embeddings.sources.feeds import FeedSource

    return FeedSource(_web_url(value))


@register("sitemap", frozenset({"include"}))
def _sitemap(value: str, opts: dict[str, str], base: Path) -> Source:
    from embeddings.sources.feeds import SitemapSource

    include = opts.get("include")
    if include is not None:
        try:
            re.compile(include)
        except re.error as exc:
            raise ValueError(f"include: {include!r} is not a regular expression ({exc})") from exc
    return SitemapSource(_web_url(value), include)


@register("git", frozenset({"branch"}))
def _git(value: str, opts: dict[str, str], base: Path) -> Source:
    from embeddings.sources.git import GitSource

    if "://" not in value and not re.match(r"[\w.-]+@[\w.-]+:", value):
        value = str((base / value).resolve())  # a local repository, by path
    return GitSource(value, opts.get("branch"))


@register("saved")
def _saved(value: str, opts: dict[str, str], base: Path) -> Source:
    from embeddings.sources.saved import SavedAnswersSource

    # The answers come from the provider the application registers under this name (the bot: "slack").
    return SavedAnswersSource(name=value)


def _scalar(node: yaml.Node, where: str) -> str:
    if not isinstance(node, yaml.ScalarNode) or not str(node.value).strip():
        raise SourcesFileError(f"{where}: expected a value here")
    return str(node.value).strip()


def parse_sources(text: str, name: str, base: Path) -> list[Source]:
    """The sources listed in a sources file's text; SourcesFileError names the line of any mistake."""
    try:
        root = yaml.compose(text)
    except yaml.YAMLError as exc:
        # Where an unclosed bracket or quote began is more use than the end of the file where it was noticed.
        mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
        where = f"{name}, line {mark.line + 1}" if mark is not None else name
        raise SourcesFileError(f"{where}: not valid YAML ({getattr(exc, 'problem', None) or exc})") from exc
    if root is None:
        raise SourcesFileError(f"{name}: lists no sources")
    if not isinstance(root, yaml.SequenceNode):
        raise SourcesFileError(f"{name}, line {root.start_mark.line + 1}: expected a list of sources (lines starting with '- ')")
    sources: list[Source] = []
    labels: set[str] = set()
    kinds = ", ".join(f"{k}:" for k in KINDS)
    for item in root.value:
        where = f"{name}, line {item.start_mark.line + 1}"
        if not isinstance(item, yaml.MappingNode):
            raise SourcesFileError(f"{where}: each source is one of {kinds} followed by its location")
        entries = {_scalar(k, where): v for k, v in item.value}
        found = [key for key in entries if key in KINDS]
        if len(found) != 1:
            raise SourcesFileError(f"{where}: a source needs exactly one of {kinds} (found {', '.join(entries) or 'none'})")
        kind = found[0]
        factory, allowed = KINDS[kind]
        unknown = [key for key in entries if key != kind and key not in allowed]
        if unknown:
            hint = f"; {kind} accepts {', '.join(sorted(allowed))}" if allowed else ""
            raise SourcesFileError(f"{where}: unknown option {unknown[0]!r} for {kind}{hint}")
        value = _scalar(entries[kind], where)
        options = {key: _scalar(node, where) for key, node in entries.items() if key != kind}
        try:
            source = factory(value, options, base)
        except ValueError as exc:
            raise SourcesFileError(f"{where}: {exc}") from exc
        if isinstance(source, FolderSource):
            source = dataclasses.replace(source, origin=where)
        if source.label in labels:
            raise SourcesFileError(f"{where}: {source.label} is listed twice")
        labels.add(source.label)
        sources.append(source)
    return sources


def load_sources_file(path: Path) -> list[Source]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SourcesFileError(f"sources file {path} cannot be read ({exc})") from exc
    return parse_sources(text, str(path), path.parent)


def default_sources(sources_file: Path | None, corpus_dir: Path) -> list[Source]:
    """SOURCES_FILE when set (or `sources.yml` when present), else the folder CORPUS_DIR as before."""
    if sources_file is not None:
        return load_sources_file(sources_file)
    if Path("sources.yml").is_file():
        return load_sources_file(Path("sources.yml"))
    return [FolderSource(corpus_dir)]


def configured_sources(settings: Settings, sources_file: Path | None = None, corpus: Path | None = None) -> list[Source]:
    """The sources a command or the bot uses: an explicit file or folder first, then the settings."""
    if corpus is not None:
        return [FolderSource(corpus, origin="--corpus")]
    return default_sources(sources_file or settings.sources_file, settings.corpus_dir)


def fetcher_factory(settings: Settings) -> Callable[[], Fetcher]:
    def make() -> Fetcher:
        from embeddings.sources.web import Fetcher

        return Fetcher(
            timeout_s=settings.fetch_timeout_s, concurrency=settings.fetch_concurrency,
            host_delay_s=settings.fetch_host_delay_s,
        )

    return make
