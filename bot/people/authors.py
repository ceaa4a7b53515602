"""A report's authors as Slack users, in the order the issue sets: a `slack:` user id in the front matter, the
front matter's e-mail addresses (users.lookupByEmail), AUTHORS_FILE (name -> user id or e-mail), then a unique
match of the name among the workspace's members. Whoever cannot be resolved, or has left, is not offered."""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.people.directory import Directory, Member, normalise

log = logging.getLogger("bot.people")

USER_ID = re.compile(r"[UW][A-Z0-9]{2,}")


@dataclass(frozen=True)
class Byline:
    """What a report says about its authors (embeddings' Report / Chunk fields)."""

    names: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    slack_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Author:
    user_id: str
    name: str  # as the report writes it when known, else the Slack profile's name


class AuthorsFile:
    """AUTHORS_FILE: YAML mapping the authors' names, as the reports write them, to a Slack user id or an
    e-mail address. Read again when it changes; a file that cannot be read is logged and counts as empty."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._stamp: float | None = None
        self._entries: dict[str, str] = {}

    def get(self, name: str) -> str | None:
        return self._read().get(normalise(name))

    def _read(self) -> dict[str, str]:
        if self.path is None:
            return {}
        try:
            stamp = self.path.stat().st_mtime
        except OSError:
            return {}
        with self._lock:
            if stamp != self._stamp:
                self._stamp, self._entries = stamp, _parse(self.path)
            return self._entries


def _parse(path: Path) -> dict[str, str]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        log.error("AUTHORS_FILE %s cannot be read, no author is resolved from it: %s", path, exc)
        return {}
    if not isinstance(data, dict):
        log.error("AUTHORS_FILE %s must map names to a Slack user id or an e-mail address", path)
        return {}
    return {normalise(str(k)): str(v).strip() for k, v in data.items() if v is not None and normalise(str(k))}


class AuthorResolver:
    def __init__(self, directory: Directory, authors_file: AuthorsFile | None = None) -> None:
        self.directory = directory
        self.file = authors_file or AuthorsFile(None)

    def resolve(self, byline: Byline) -> tuple[Author, ...]:
        """The report's authors who can be asked, in the report's order, each once."""
        found: dict[str, Author] = {}
        named: set[str] = set()
        for keys, lookup in ((byline.slack_ids, self.directory.by_id), (byline.emails, self.directory.by_email)):
            # "author: A, B" with "author_email: a@, b@" pairs up; otherwise the profile's name is shown.
            paired = len(keys) == len(byline.names)
            for i, key in enumerate(keys):
                member = lookup(key)
                if member is None:
                    continue
                name = byline.names[i] if paired else member.name
                named.add(normalise(name))
                found.setdefault(member.id, Author(member.id, name))
        for name in byline.names:
            member = None if normalise(name) in named else self._by_name(name)
            if member is not None:
                found.setdefault(member.id, Author(member.id, name))
        return tuple(found.values())

    def _by_name(self, name: str) -> Member | None:
        entry = self.file.get(name)
        if entry is not None:
            if USER_ID.fullmatch(entry):
                return self.directory.by_id(entry)
            if "@" in entry:
                return self.directory.by_email(entry)
            log.warning("AUTHORS_FILE: %r maps to %r, which is neither a user id nor an e-mail address", name, entry)
        return self.directory.by_name(name)
