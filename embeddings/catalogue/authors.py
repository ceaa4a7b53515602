"""An author's name for people to read, when the report gives a login ("ThomasSc", "lionelgurret"): derived from
the author's e-mail address ("thomas.schuering@…" → Thomas Schuering), and only when the login is plainly made
from that name (its first name and the start of its surname, both names run together, an initial and the
surname). Anything else is kept as written: a wrong name is worse than a login."""

from __future__ import annotations

import re
from collections.abc import Sequence

from embeddings.text import fold

_SEPARATORS = re.compile(r"[._-]+")


def display_names(authors: Sequence[str], emails: Sequence[str]) -> tuple[str, ...]:
    """`authors` with each login replaced by the name its e-mail address spells, where they agree."""
    names = [_name_parts(e) for e in emails]
    shown = []
    for i, author in enumerate(authors):
        # The address in the same position first (front matter lists both in one order), then any other.
        order = ([names[i]] if i < len(names) else []) + [n for j, n in enumerate(names) if j != i]
        derived = next((parts for parts in order if parts and _login_of(author, parts)), None)
        shown.append(" ".join(p.capitalize() for p in derived) if derived else author)
    return tuple(shown)


def _name_parts(email: str) -> tuple[str, ...]:
    """("thomas", "schuering") for thomas.schuering@example.com; () when the address does not spell a name."""
    local = email.strip().split("@", 1)[0]
    parts = tuple(p for p in _SEPARATORS.split(fold(local)) if p)
    if len(parts) < 2 or not all(p.isalpha() and len(p) >= 2 for p in parts):
        return ()
    return parts


def _login_of(author: str, parts: tuple[str, ...]) -> bool:
    """Whether `author` is a login made from the name `parts` (first …, last)."""
    if " " in author.strip():
        return False  # already a name
    login = "".join(_SEPARATORS.split(fold(author)))
    first, last = parts[0], parts[-1]
    if not login.isalpha() or len(login) < 4:
        return False
    whole = "".join(parts)
    return (
        login in {whole, last + first, first[0] + last, first + last[0]}
        or (login.startswith(first) and len(login) > len(first) and last.startswith(login[len(first):]))
    )
