"""The workspace's members as the bot may ask them: looked up by id, by e-mail, or by name in `users.list`,
each answer cached for a while. Deleted users, bots and Slackbot are never returned."""

from __future__ import annotations

import logging
import threading
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

log = logging.getLogger("bot.people")

# How long a lookup (found or not) is trusted: someone who joins or leaves is seen within this long.
TTL_S = 3600.0
# A name matches a member's only this close (rapidfuzz token_sort_ratio, 0-100), and only when no second
# member comes as close: a question must never be relayed to the wrong person.
FUZZY_MIN = 90.0
_MISSING = object()


@dataclass(frozen=True)
class Member:
    id: str
    name: str  # the real name, else the display name, else the handle
    names: tuple[str, ...]  # every name the profile gives, normalised, for matching


def normalise(name: str) -> str:
    """Casefolded, accents and punctuation dropped, spaces collapsed: "Jürgen  O'Neil" -> "jurgen o neil"."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return " ".join("".join(ch if ch.isalnum() else " " for ch in plain.casefold()).split())


def member(user: dict[str, Any]) -> Member | None:
    """A person who can be asked; None for a deleted user, a bot, an app or Slackbot."""
    if user.get("deleted") or user.get("is_bot") or user.get("is_app_user") or user.get("id") == "USLACKBOT":
        return None
    profile = user.get("profile") or {}
    candidates = [user.get("real_name"), profile.get("real_name"), profile.get("display_name"), user.get("name")]
    names = tuple(dict.fromkeys(n for n in (normalise(str(c)) for c in candidates if c) if n))
    shown = next((str(c) for c in candidates if c), str(user.get("id")))
    return Member(id=str(user["id"]), name=shown, names=names)


class Directory:
    def __init__(self, client: WebClient, ttl_s: float = TTL_S, clock: Callable[[], float] = time.monotonic) -> None:
        self._client, self._ttl, self._clock = client, ttl_s, clock
        self._lock = threading.Lock()
        self._cache: dict[tuple[str, str], tuple[float, Any]] = {}

    def by_id(self, user_id: str) -> Member | None:
        return self._cached(("id", user_id), lambda: self._call("users.info", user=user_id))

    def by_email(self, email: str) -> Member | None:
        return self._cached(("email", email.casefold()), lambda: self._call("users.lookupByEmail", email=email))

    def by_name(self, name: str) -> Member | None:
        """The one member whose name is this one (exactly, else closely); None when none or several are."""
        wanted = normalise(name)
        if not wanted:
            return None
        members = self.members()
        exact = {m.id: m for m in members if wanted in m.names}
        if exact:
            return next(iter(exact.values())) if len(exact) == 1 else None
        close = {m.id: m for m in members if max((fuzz.token_sort_ratio(wanted, n) for n in m.names), default=0)
                 >= FUZZY_MIN}
        return next(iter(close.values())) if len(close) == 1 else None

    def members(self) -> tuple[Member, ...]:
        found = self._cached(("list", ""), self._list)
        return found if isinstance(found, tuple) else ()

    def _cached(self, key: tuple[str, str], fetch: Callable[[], Any]) -> Any:
        with self._lock:
            hit = self._cache.get(key)
            if hit is not None and self._clock() - hit[0] < self._ttl:
                return hit[1]
        value = fetch()
        if value is _MISSING:
            return None  # Slack could not say now: asked again next time, never cached
        with self._lock:
            self._cache[key] = (self._clock(), value)
        return value

    def _call(self, method: str, **params: str) -> Member | None | object:
        try:
            response = self._client.api_call(method, http_verb="GET", params=params)
        except SlackApiError as exc:
            error = exc.response.get("error")
            if error in ("users_not_found", "user_not_found"):
                return None
            log.warning("%s failed: %s", method, error)
            return _MISSING
        except Exception as exc:  # noqa: BLE001 - Slack unreachable: the author is simply not offered now
            log.warning("%s failed: %s: %s", method, type(exc).__name__, exc)
            return _MISSING
        return member(response.get("user") or {})

    def _list(self) -> tuple[Member, ...] | object:
        members: list[Member] = []
        cursor = None
        try:
            while True:
                params = {"limit": "200", **({"cursor": cursor} if cursor else {})}
                page = self._client.api_call("users.list", http_verb="GET", params=params)
                members += [m for m in (member(u) for u in page.get("members") or []) if m is not None]
                cursor = (page.get("response_metadata") or {}).get("next_cursor")
                if not cursor:
                    return tuple(members)
        except Exception as exc:  # noqa: BLE001
            log.warning("users.list failed: %s: %s", type(exc).__name__, exc)
            return _MISSING
