"""`python -m bot.db`: migrate, forget a person, show what is stored. The URL comes from DATABASE_URL (else the
SQLite file in DATA_DIR), as for the bot."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from bot.store import migrate as migrations
from bot.store.engine import make_engine
from bot.store.settings import load_store_settings
from bot.store.store import open_store
from bot.store.summary import stats, summarize_votes


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m bot.db", description="The bot's database (DATABASE_URL or DATA_DIR).")
    commands = p.add_subparsers(dest="command", required=True)
    commands.add_parser("upgrade", help="migrate the schema to the newest revision (the bot also does it at start)")
    commands.add_parser("current", help="print the schema revision")
    forget = commands.add_parser("forget", help="delete a person's questions, votes, saved answers and asks")
    forget.add_argument("user_id", help="the Slack user id, e.g. U012ABCDEF")
    show = commands.add_parser("stats", help="what is stored, and the last days' figures")
    show.add_argument("--days", type=int, default=7)
    commands.add_parser("purge", help="apply QUESTION_LOG_DAYS now (the bot does it daily)")
    commands.add_parser("votes", help="summarize the votes (as python -m bot.feedback did for feedback.jsonl)")
    imports = commands.add_parser("import-feedback", help="import a feedback.jsonl once, then rename it")
    imports.add_argument("path", type=Path)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    settings = load_store_settings()
    if args.command in ("upgrade", "current"):
        engine = make_engine(settings.url())
        try:
            if args.command == "current":
                print(migrations.current(engine) or "empty")
            else:
                before, after = migrations.upgrade(engine)
                print(f"at {after} (was {before or 'empty'})" if before != after else f"already at {after}")
        finally:
            engine.dispose()
        return 0
    store = open_store(settings=settings)
    try:
        if store.health().status != "ok":
            print(f"error: database unavailable: {store.health().reason}", file=sys.stderr)
            return 1
        return _run(store, args)
    finally:
        store.close()


def _run(store, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    if args.command == "forget":
        gone = store.forget(args.user_id)
        print(f"deleted {gone.questions} questions and {gone.votes} votes of {args.user_id}"
              + (f", {gone.saved} saved answers and {gone.asks} asks" if gone.saved or gone.asks else ""))
    elif args.command == "stats":
        print(stats(store, days=args.days))
    elif args.command == "purge":
        purged = store.purge()
        print(f"deleted {purged.questions} questions, {purged.votes} votes, {purged.threads} expired thread marks")
    elif args.command == "votes":
        print(summarize_votes(store))
    elif args.command == "import-feedback":
        done = store.import_feedback(args.path)
        print(f"imported {done.votes} votes ({done.unreadable} unreadable lines)"
              + (f", file renamed to {done.renamed_to}" if done.renamed_to else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
