"""`python -m bot.feedback [LOG]`: the votes (👍/👎) summarized. Votes live in the bot's database
(bot/store); without an argument the database's are summarized, and a feedback.jsonl of older versions (or
the one named) is read when the database cannot be."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from bot.config import load_settings
from bot.store import open_store
from bot.store.summary import summarize_votes


def summarize(path: Path) -> str:
    votes: Counter[str] = Counter()
    down: Counter[str] = Counter()
    passages: Counter[tuple[str, str]] = Counter()
    broken = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            broken += 1
            continue
        votes[entry["vote"]] += 1
        if entry["vote"] == "down":
            down[entry["question"]] += 1
        for passage in entry.get("passages", []):
            passages[(passage, entry["vote"])] += 1
    total = sum(votes.values())
    lines = [f"{total} votes: {votes['up']} 👍, {votes['down']} 👎" + (f" ({broken} unreadable lines)" if broken else "")]
    if down:
        lines.append("questions voted down most:")
        lines.extend(f"  {n}× {question}" for question, n in down.most_common(10))
    worst = Counter({p: n for (p, vote), n in passages.items() if vote == "down"})
    if worst:
        lines.append("passages shown in answers voted down most:")
        lines.extend(f"  {n}× {passage}" for passage, n in worst.most_common(10))
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.feedback", description="Summarize the votes on answers.")
    parser.add_argument("log", nargs="?", type=Path, help="a feedback.jsonl to read instead of the database")
    args = parser.parse_args(argv)
    if args.log is None:
        summary = from_database()
        if summary is not None:
            print(summary)
            return 0
        args.log = load_settings().feedback_log
    if not args.log.is_file():
        print(f"no feedback yet ({args.log} does not exist, and the database cannot be read)", file=sys.stderr)
        return 1
    print(summarize(args.log))
    return 0


def from_database() -> str | None:
    """The database's votes in `summarize`'s format; None when it cannot be reached (the reason on stderr)."""
    store = open_store(settings=load_settings())
    try:
        if store.health().status != "ok":
            print(f"database unavailable: {store.health().reason}", file=sys.stderr)
            return None
        return summarize_votes(store)
    finally:
        store.close()


if __name__ == "__main__":
    sys.exit(main())
