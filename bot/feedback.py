"""👍/👎 on answers: appended to a JSON-lines log, and summarized by `python -m bot.feedback [LOG]`."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import threading
from collections import Counter
from collections.abc import Sequence
from pathlib import Path


class FeedbackLog:
    """Only what judging answers needs: the question, the passages shown, the vote, the user id and the time."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    def record(self, question: str, passage_ids: list[str], vote: str, user_id: str) -> None:
        entry = {
            "time": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "user": user_id,
            "vote": vote,
            "question": question,
            "passages": passage_ids,
        }
        line = json.dumps(entry, ensure_ascii=False) + "\n"
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as handle:
                handle.write(line)


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
    parser = argparse.ArgumentParser(prog="python -m bot.feedback", description="Summarize the feedback log.")
    parser.add_argument("log", nargs="?", type=Path, default=Path("feedback.jsonl"))
    args = parser.parse_args(argv)
    if not args.log.is_file():
        print(f"no feedback yet ({args.log} does not exist)", file=sys.stderr)
        return 1
    print(summarize(args.log))
    return 0


if __name__ == "__main__":
    sys.exit(main())
