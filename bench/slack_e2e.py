"""End to end in Slack HTTP mode: ack latency and time to the posted answer at 1, 10 and 40 concurrent
questions, against the fake Slack Web API used by the tests.

Run by hand:  .venv/bin/python bench/slack_e2e.py

The bot runs as in production (`python -m bot --mode http`, real model, index of corpus/) in its own
process on this machine; the benchmark signs Slack event requests, posts them over loopback HTTP and
times (a) the HTTP response, which is Slack's acknowledgement, and (b) the arrival of chat.postMessage at
the fake Slack. Both processes share the machine's two cores.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.latency import percentile  # noqa: E402
from bench.quality import SHARED, load_questions  # noqa: E402
from embeddings.pipeline import build_corpus  # noqa: E402
from embeddings.encoders.sentence_transformers import SentenceTransformerEncoder  # noqa: E402
from embeddings.config import DEFAULT_MODEL  # noqa: E402
from bot.store import Period, StoreSettings, open_store  # noqa: E402
from tests.bot_process import Bot, start_bot  # noqa: E402
from tests.slack_fakes import FakeSlack, event_body, mention  # noqa: E402


def ask(bot: Bot, slack: FakeSlack, question: str) -> tuple[float, float | None]:
    """(ack ms, answer ms or None if no answer arrived within 30 s)."""
    where = f"C{uuid.uuid4().hex[:10].upper()}"
    body = event_body(mention(question, channel=where))
    started = time.monotonic()
    status, _, ack_s = bot.post(body)
    if status != 200:
        return ack_s * 1000, None
    posted = slack.wait_for(1, where=where, timeout=30)
    return ack_s * 1000, (posted[0]["__at"] - started) * 1000 if posted else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--levels", default="1,10,40")
    parser.add_argument("--questions", type=int, default=120, help="questions per concurrency level")
    parser.add_argument("--encoder", default="auto", help="the bot's ENCODER (auto: the index's ONNX model)")
    args = parser.parse_args()

    scratch = ROOT / ".bench" / "e2e"
    scratch.mkdir(parents=True, exist_ok=True)
    index = scratch / "index"
    build_corpus(ROOT / "corpus", index, lambda: SentenceTransformerEncoder(DEFAULT_MODEL), DEFAULT_MODEL, progress=False,
          export_onnx=True)
    questions = [q.question for q in load_questions(SHARED / "eval" / "questions-dev.jsonl")]
    for stale in (scratch / "data").glob("dockercon-bot.db*"):
        stale.unlink()  # a fresh question log (the bot's default database: data/ in its working folder)
    asked = 5
    slack = FakeSlack()
    bot = start_bot(slack, index, ROOT / "corpus", scratch, RELOAD_INTERVAL_S="0", ENCODER=args.encoder)
    print(f"ENCODER={args.encoder}; load {os.getloadavg()[0]:.2f} (1-min average, 2 shared cores)")
    try:
        for q in questions[:5]:
            ask(bot, slack, q)  # warm up
        print(f"{'concurrent':>10s}{'n':>5s}{'ack p50':>10s}{'ack p99':>10s}{'answer p50':>12s}{'answer p99':>12s}{'max':>9s}  ms")
        for level in (int(x) for x in args.levels.split(",")):
            acks: list[float] = []
            answers: list[float] = []
            missing = 0
            batch = [questions[i % len(questions)] for i in range(args.questions)]
            asked += len(batch)
            with ThreadPoolExecutor(max_workers=level) as pool:
                for ack_ms, answer_ms in pool.map(lambda q: ask(bot, slack, q), batch):
                    acks.append(ack_ms)
                    if answer_ms is None:
                        missing += 1
                    else:
                        answers.append(answer_ms)
            print(
                f"{level:10d}{len(batch):5d}{percentile(acks, 50):10.1f}{percentile(acks, 99):10.1f}"
                f"{percentile(answers, 50):12.1f}{percentile(answers, 99):12.1f}{max(answers):9.1f}"
                + (f"  ({missing} unanswered)" if missing else "")
            )
    finally:
        bot.stop()  # SIGTERM: the store writes what is queued before the process ends
        slack.close()
    print(f"load after {os.getloadavg()[0]:.2f}")
    store = open_store(f"sqlite:///{scratch / 'data' / 'dockercon-bot.db'}", StoreSettings(_env_file=None))  # type: ignore[call-arg]
    logged = store.questions.counts(Period.last(dt.timedelta(hours=1))).questions
    store.close()
    print(f"question log: {logged} of {asked} questions asked (warm-up included) are in the database")
    print("targets: ack p99 < 100 ms; answer p50 < 150 ms at 1; every answer within 1000 ms at 40")
    print(f"command: {' '.join([Path(sys.executable).name, *sys.argv])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
