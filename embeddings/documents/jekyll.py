"""Where Jekyll would publish a report: site config, permalink styles and tokens, post file names."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import yaml

POST_NAME = re.compile(r"^(\d{2,4})-(\d{1,2})-(\d{1,2})-(.+)\.[^.]+$")

# Jekyll's named permalink styles (Jekyll::Utils / Jekyll::Document).
PERMALINK_STYLES = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}
_TOKEN = re.compile(r":([a-z_]+)")


@dataclass(frozen=True)
class Site:
    root: Path
    url: str
    baseurl: str
    permalink: str


def find_site(path: Path, corpus_root: Path) -> Site | None:
    """The Jekyll site a report belongs to: the nearest folder above it, inside the corpus, with `_config.yml`."""
    folder = path.parent
    while True:
        config = folder / "_config.yml"
        if config.is_file():
            return _read_site(folder, config)
        if folder == corpus_root or folder == folder.parent or corpus_root not in folder.parents:
            return None
        folder = folder.parent


def _read_site(root: Path, config: Path) -> Site | None:
    try:
        data = yaml.safe_load(config.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    if not isinstance(data, dict):
        return None
    return Site(
        root=root,
        url=str(data.get("url") or "").rstrip("/"),
        baseurl=str(data.get("baseurl") or "").rstrip("/"),
        permalink=str(data.get("permalink") or "date"),
    )


def post_date_and_slug(filename: str) -> tuple[dt.date, str] | None:
    match = POST_NAME.match(filename)
    if not match:
        return None
    year, month, day, slug = match.groups()
    try:
        return dt.date(int(year), int(month), int(day)), slug
    except ValueError:
        return None


def slugify_pretty(text: str) -> str:
    """Jekyll's `slugify(mode: "pretty", cased: true)`, which makes the `:title` of a post URL."""
    slug = re.sub(r"[^\w._~!$&'()+,;=@]+", "-", text)
    return slug.strip("-")


def _categories(front_matter: dict[str, Any], folders: tuple[str, ...]) -> list[str]:
    found: list[str] = list(folders)
    for key in ("category", "categories"):
        value = front_matter.get(key)
        if isinstance(value, str):
            found.extend(value.split())
        elif isinstance(value, list):
            found.extend(str(v) for v in value)
    unique: list[str] = []
    for category in (c.lower() for c in found):
        if category not in unique:
            unique.append(category)
    return unique


def post_url(site: Site, path: Path, front_matter: dict[str, Any], date: dt.date) -> str | None:
    """The URL Jekyll would give the post at `path`, or None if it is not a post."""
    parsed = post_date_and_slug(path.name)
    if parsed is None or "_posts" not in path.relative_to(site.root).parts:
        return None
    _, filename_slug = parsed
    relative = path.relative_to(site.root).parts
    folders = relative[: relative.index("_posts")]
    template = str(front_matter.get("permalink") or site.permalink)
    template = PERMALINK_STYLES.get(template, template)
    slug = str(front_matter.get("slug") or filename_slug)
    values = {
        "year": f"{date.year:04d}",
        "month": f"{date.month:02d}",
        "day": f"{date.day:02d}",
        "i_month": str(date.month),
        "i_day": str(date.day),
        "short_year": f"{date.year % 100:02d}",
        "y_day": f"{date.timetuple().tm_yday:03d}",
        "week": f"{date.isocalendar()[1]:02d}",
        "short_day": date.strftime("%a").upper(),
        "title": slugify_pretty(slug),
        "slug": slugify_pretty(slug).lower(),
        "categories": "/".join(_categories(front_matter, folders)),
        "output_ext": ".html",
    }
    path_part = _TOKEN.sub(lambda m: values.get(m.group(1), m.group(0)), template)
    path_part = re.sub(r"/{2,}", "/", "/" + path_part)
    return site.url + site.baseurl + quote(path_part, safe="/:@!$&'()*+,;=-._~")
