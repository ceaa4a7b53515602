"""`python -m bot.digest [--since 7d] [--json] [--post]`, with what it needs passed in: the store, the index's
encoder and reports, and a way to post. The entry point that builds those from the settings is wired by the bot."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
from collections.abc import Callable, Sequence
from typing import TextIO

from bot.digest.cluster import Embed
from bot.digest.compute import Digest, DigestSource, NewReport, collect, compute_digest
from bot.render.blocks import Message
from bot.render.digest import digest_message, summary_line
from bot.store.records import Period

_SPAN = re.compile(r"^\s*(\d+)\s*([mhdw])\s*$")
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_since(text: str) -> dt.timedelta:
    """"7d", "24h", "90m", "2w" → a timedelta; ValueError otherwise."""
    match = _SPAN.match(text.lower())
    if not match or int(match.group(1)) == 0:
        raise ValueError(f"{text!r} is not a span such as 7d, 24h, 90m or 2w")
    return dt.timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m bot.digest", description="What people asked the bot, for a period.")
    p.add_argument("--since", type=parse_since, default=dt.timedelta(days=7), help="how far back: 7d (default), 24h…")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--post", action="store_true", help="post it to DIGEST_CHANNEL (public questions quoted only)")
    return p


def run(
    argv: Sequence[str] | None, store: DigestSource, embed: Embed,
    new_reports: Callable[[Period], list[NewReport]], post: Callable[[Message], None] | None, out: TextIO,
) -> int:
    args = parser().parse_args(argv)
    period = Period.last(args.since)
    # Printed on the operator's terminal, everything may be quoted; what is posted quotes public questions only.
    digest = compute_digest(collect(store, period), embed, new_reports(period), public_only=args.post)
    if args.post:
        if post is None:
            print("error: DIGEST_CHANNEL is not set; nothing posted", file=out)
            return 1
        post(digest_message(digest))
    print(json.dumps(digest.to_json(), ensure_ascii=False, indent=2) if args.json else as_text(digest), file=out)
    return 0


def as_text(digest: Digest) -> str:
    lines = [f"{digest.period.start:%Y-%m-%d %H:%M} – {digest.period.end:%Y-%m-%d %H:%M} UTC", summary_line(digest)]
    sections = [
        ("new reports", [f"{r.title}" + (f" ({r.date})" if r.date else "") for r in digest.new_reports]),
        ("not covered by the reports", [f"{g.count}× {g.example}" for g in digest.unanswered]
         + ([f"{digest.unanswered_private}× (asked privately)"] if digest.unanswered_private else [])),
        ("voted down", [f"{g.count}× {g.example}" for g in digest.voted_down]
         + ([f"{digest.voted_down_private}× (asked privately)"] if digest.voted_down_private else [])),
        ("reports shown most", [f"{r.count}× {r.title}" for r in digest.top_reports]),
        ("most asked about", [f"{g.count}× {g.example}" for g in digest.topics]),
    ]
    for title, items in sections:
        if items:
            lines.append(f"\n{title}:")
            lines.extend(f"  {item}" for item in items)
    return "\n".join(lines)
