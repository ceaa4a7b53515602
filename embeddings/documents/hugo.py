"""Where Hugo would publish a page: site config (`baseURL`, `permalinks`, `uglyURLs`), permalink tokens, and
the default of a section without a permalink (the page's folders under content/ and its slug or file name).

Hugo's config keys are case-insensitive; a site's config is `hugo.*` or `config.*` (TOML, YAML or JSON) at its
root or in `config/_default/`.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import yaml

CONFIG_NAMES = tuple(f"{stem}.{ext}" for stem in ("hugo", "config") for ext in ("toml", "yaml", "yml", "json"))
_TOKEN = re.compile(r":([a-z_]+)")
_DATE_TOKENS = {"year", "month", "monthname", "day", "weekday", "weekdayname", "yearday"}


@dataclass(frozen=True)
class Site:
    root: Path
    base_url: str  # without its trailing slash
    content: Path
    permalinks: dict[str, str] = field(default_factory=dict)  # section → pattern
    ugly: bool = False
    lower: bool = True  # Hugo lowercases the paths it makes unless disablePathToLower


def _load(path: Path) -> dict[str, Any] | None:
    try:
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".toml":
            data = tomllib.loads(text)
        else:
            data = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError):
        return None
    return {str(k).lower(): v for k, v in data.items()} if isinstance(data, dict) else None


def _config(folder: Path) -> dict[str, Any] | None:
    for where in (folder, folder / "config" / "_default"):
        for name in CONFIG_NAMES:
            if (where / name).is_file():
                config = _load(where / name)
                if config is not None and where != folder:
                    # config/_default/permalinks.toml holds the permalinks table on its own.
                    extra = next((_load(where / f"permalinks.{e}") for e in ("toml", "yaml", "yml", "json")
                                  if (where / f"permalinks.{e}").is_file()), None)
                    config.setdefault("permalinks", extra or {})
                return config
    return None


def find_site(path: Path, corpus_root: Path) -> Site | None:
    """The Hugo site a page belongs to: the nearest folder above it, inside the corpus, with a Hugo config, if
    the page is in its content folder."""
    folder = path.parent
    while True:
        config = _config(folder)
        if config is not None:
            content = folder / str(config.get("contentdir") or "content")
            return _site(folder, content, config) if content in path.parents else None
        if folder == corpus_root or folder == folder.parent or corpus_root not in folder.parents:
            return None
        folder = folder.parent


def _site(root: Path, content: Path, config: dict[str, Any]) -> Site:
    table = config.get("permalinks") or {}
    table = table.get("page") if isinstance(table.get("page"), dict) else table  # Hugo ≥ 0.112's per-kind form
    return Site(
        root=root,
        base_url=str(config.get("baseurl") or "").rstrip("/"),
        content=content,
        permalinks={str(k).strip("/"): str(v) for k, v in table.items() if isinstance(v, str)},
        ugly=bool(config.get("uglyurls")),
        lower=not config.get("disablepathtolower"),
    )


def urlize(text: str) -> str:
    """Hugo's `urlize` of a title: spaces become hyphens, characters a path does not keep are dropped."""
    slug = re.sub(r"\s+", "-", text.strip())
    return re.sub(r"-{2,}", "-", re.sub(r"[^\w.~+%-]", "", slug))


def page_url(site: Site, path: Path, front: dict[str, Any], date: dt.date | None, title: str) -> str | None:
    """The URL Hugo would give the page at `path`; a `url` in front matter wins (relative to baseURL)."""
    own = front.get("url")
    if isinstance(own, str) and own.strip():
        own = own.strip()
        return own if re.match(r"[a-z]+://", own) else site.base_url + "/" + own.lstrip("/")
    relative = path.relative_to(site.content)
    folders, filename = list(relative.parts[:-1]), path.stem
    if path.stem in ("index", "_index") and folders:  # a page bundle, or a section's own page
        filename = folders.pop() if path.stem == "index" else ""
    if path.stem == "_index":
        return site.base_url + _cased(site, "/" + "/".join(folders + [filename]).strip("/") + "/")
    slug = str(front.get("slug") or "") or urlize(title)
    sections = "/".join(folders)
    pattern = site.permalinks.get(sections) or site.permalinks.get(folders[0] if folders else "")
    if pattern is None:
        built = "/" + "/".join([*folders, str(front.get("slug") or filename)]) + "/"
    elif date is None and _DATE_TOKENS & set(_TOKEN.findall(pattern)):
        return None
    else:
        values = _values(date, folders, title, slug, filename, front)
        built = _TOKEN.sub(lambda m: values.get(m.group(1), m.group(0)), pattern)
    built = re.sub(r"/{2,}", "/", "/" + built)
    if site.ugly and built.endswith("/") and built != "/":
        built = built[:-1] + ".html"
    return site.base_url + quote(_cased(site, built), safe="/:@!$&'()*+,;=-._~%")


def _cased(site: Site, path: str) -> str:
    return path.lower() if site.lower else path


def _values(
    date: dt.date | None, folders: list[str], title: str, slug: str, filename: str, front: dict[str, Any]
) -> dict[str, str]:
    named = {
        "section": folders[0] if folders else "",
        "sections": "/".join(folders),
        "title": urlize(title),
        "slug": slug,
        "filename": filename,
        "contentbasename": filename,
        "slugorfilename": str(front.get("slug") or filename),
        "slugorcontentbasename": str(front.get("slug") or filename),
    }
    if date is None:
        return named
    return {
        **named,
        "year": f"{date.year:04d}",
        "month": f"{date.month:02d}",
        "monthname": date.strftime("%B"),
        "day": f"{date.day:02d}",
        "weekday": str(date.isoweekday() % 7),
        "weekdayname": date.strftime("%A"),
        "yearday": str(date.timetuple().tm_yday),
    }
