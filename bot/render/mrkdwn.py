"""Safe Slack mrkdwn from untrusted report text: escaped, never pinging anyone, links made by us alone."""

from __future__ import annotations

import re
from urllib.parse import quote

from embeddings.models import STRUCK

_BROADCAST = re.compile(r"@(channel|here|everyone)\b", re.IGNORECASE)
WORD_JOINER = "\u2060"


def escape(text: str) -> str:
    """Escape the three characters Slack treats as markup, and defuse @channel/@here/@everyone.

    With `<` escaped, `<!channel>`, `<!subteam^…>` and `<@U…>` from a report become visible text instead of
    pings; the word joiner keeps a bare "@here" from being linked by clients that do so.
    """
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _BROADCAST.sub(lambda m: f"@{WORD_JOINER}{m.group(1)}", text)


def inline_marks(mrkdwn: str) -> str:
    """Marks kept in a passage's text in Slack's own syntax: struck-out `~~galaxy~~` → `~galaxy~`. Applied
    after `escape`, and it only removes tildes, so nothing it makes can ping."""
    return STRUCK.sub(r"~\1~", mrkdwn)


def safe_url(url: str) -> str:
    """A URL that cannot break out of Slack's <url|label> syntax."""
    return quote(url, safe=":/?#[]@!$&'()*+,;=%~-._")


def link(url: str, label: str) -> str:
    label = escape(label).replace("|", "¦")
    return f"<{safe_url(url)}|{label}>"


def truncate(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip() + "…"


def quote_lines(mrkdwn: str) -> str:
    return "\n".join(f">{line}" for line in mrkdwn.splitlines() if line.strip())
