"""Slack message links, as `/dockercon forget <link>` receives them: the channel and the message's ts."""

from __future__ import annotations

import re

# https://team.slack.com/archives/C0123/p1700000000123456[?thread_ts=…&cid=…]; Slack wraps links as <url> or <url|text>.
_PERMALINK = re.compile(r"/archives/([CGD][A-Z0-9]+)/p(\d{10})(\d{6})\b")


def message_of(link: str) -> tuple[str, str] | None:
    """(channel id, message ts) of a Slack message link, or None when it is not one."""
    match = _PERMALINK.search(link)
    if match is None:
        return None
    return match.group(1), f"{match.group(2)}.{match.group(3)}"
