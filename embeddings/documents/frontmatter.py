"""What a report says about itself: front matter in the formats blogs use, read into one shape.

- Jekyll / Hugo YAML between `---` lines,
- Hugo TOML between `+++` lines (tags may sit under `[taxonomies]`),
- Pelican-style `Key: value` header lines at the top of the file, ended by a blank line,
- none at all.

Every field a reader might ask about (title, authors, event, date, location, tags and categories, the
report's own summary) is pulled out here, so that search and the vocabulary can know it.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from typing import Any

import yaml

from embeddings.errors import ReportError
from embeddings.text import as_text as _text

_YAML = re.compile(r"\A---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*\r?$\n?", re.DOTALL | re.MULTILINE)
_TOML = re.compile(r"\A\+\+\+[ \t]*\r?\n(.*?)^\+\+\+[ \t]*\r?$\n?", re.DOTALL | re.MULTILINE)
_HEADER_LINE = re.compile(r"^([A-Za-z][A-Za-z_-]{0,30}):[ \t]+(\S.*?)[ \t]*$")
# A Pelican header block must name at least one of these, so that a plain-text report whose first line
# happens to read "Note: ..." is not mistaken for one.
_PELICAN_KEYS = {"title", "date", "author", "authors", "tags", "category", "slug", "summary"}
_LIST_SPLIT = re.compile(r"\s*[,;]\s*")


@dataclass(frozen=True)
class FrontMatter:
    """The report's description of itself; `raw` keeps every key (lowercased) for callers that need more."""

    raw: dict[str, Any]
    title: str | None = None
    authors: tuple[str, ...] = ()
    event: str | None = None
    location: str | None = None
    subtitle: str | None = None
    summary: str | None = None
    tags: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()  # author_email / email: how chat finds the authors
    slack_ids: tuple[str, ...] = ()  # slack: the authors' Slack user ids

    def get(self, key: str, default: Any = None) -> Any:
        return self.raw.get(key, default)


def split(text: str, source: str) -> tuple[FrontMatter | None, str]:
    """(front matter, body); None when the report has none. Broken YAML or TOML is a ReportError."""
    if match := _YAML.match(text):
        return _describe(_yaml(match.group(1), source)), text[match.end() :]
    if match := _TOML.match(text):
        return _describe(_toml(match.group(1), source)), text[match.end() :]
    header, body = _pelican(text)
    if header is not None:
        return _describe(header), body
    return None, text


def _yaml(block: str, source: str) -> dict[str, Any]:
    try:
        data = yaml.safe_load(block)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark is not None else ""
        raise ReportError(f"{source}: front matter is not valid YAML{where}") from exc
    return _mapping(data, source, "YAML")


def _toml(block: str, source: str) -> dict[str, Any]:
    try:
        data = tomllib.loads(block)
    except tomllib.TOMLDecodeError as exc:
        raise ReportError(f"{source}: front matter is not valid TOML ({exc})") from exc
    taxonomies = data.pop("taxonomies", None)
    if isinstance(taxonomies, dict):  # Zola and some Hugo themes keep tags and categories there
        for key, value in taxonomies.items():
            data.setdefault(key, value)
    return _mapping(data, source, "TOML")


def _mapping(data: Any, source: str, kind: str) -> dict[str, Any]:
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ReportError(f"{source}: front matter must be a {kind} mapping of keys to values")
    return {str(key).lower(): value for key, value in data.items()}


def _pelican(text: str) -> tuple[dict[str, Any] | None, str]:
    lines = text.split("\n")
    header: dict[str, Any] = {}
    for i, line in enumerate(lines):
        if not line.strip():
            if header and _PELICAN_KEYS & header.keys():
                return header, "\n".join(lines[i + 1 :])
            return None, text
        match = _HEADER_LINE.match(line)
        if not match:
            return None, text
        header[match.group(1).lower()] = match.group(2)
    return None, text  # a file of nothing but "Key: value" lines is text, not a header


def _names(value: Any) -> tuple[str, ...]:
    """A list of names from a YAML/TOML list, a comma-separated string, or mappings with a `name`."""
    if value is None:
        return ()
    items = value if isinstance(value, (list, tuple)) else _LIST_SPLIT.split(str(value))
    names: list[str] = []
    for item in items:
        if isinstance(item, dict):
            item = item.get("name") or item.get("title")
        text = _text(item)
        if text and text not in names:
            names.append(text)
    return tuple(names)


def _words(value: Any) -> tuple[str, ...]:
    """Tags or categories: a list, or one string separated by commas (or by spaces, as Jekyll allows)."""
    if isinstance(value, str) and "," not in value and ";" not in value:
        return tuple(dict.fromkeys(value.split()))
    return _names(value)


def _describe(raw: dict[str, Any]) -> FrontMatter:
    authors = _names(raw.get("authors")) or _names(raw.get("author")) or _names(raw.get("author_name"))
    # A login such as "rune_offerdal" is still the author's name, written the way the blog stores it.
    authors = tuple(a.replace("_", " ") if " " not in a else a for a in authors)
    tags: list[str] = []
    for key in ("tags", "categories", "category", "keywords"):
        for tag in _words(raw.get(key)):
            if tag not in tags:
                tags.append(tag)
    return FrontMatter(
        raw=raw,
        title=_text(raw.get("title")),
        authors=authors,
        event=_text(raw.get("event")) or _text(raw.get("conference")),
        location=_text(raw.get("location")) or _text(raw.get("place")) or _text(raw.get("city")),
        subtitle=_text(raw.get("subtitle")),
        summary=_text(raw.get("summary")) or _text(raw.get("description")),
        tags=tuple(tags),
        emails=tuple(e for e in _names(raw.get("author_email")) or _names(raw.get("email")) if "@" in e),
        slack_ids=tuple(u for u in _names(raw.get("slack")) if re.fullmatch(r"[UW][A-Z0-9]{2,}", u)),
    )
