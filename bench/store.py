"""What the question log costs: `store.questions.record(...)` on the answering thread, and how many rows a
second the background writer commits.

Run by hand:  .venv/bin/python bench/store.py [--url postgresql+psycopg://…] [--rows 20000]

record  = the call a listener makes after posting an answer (policy check + a put on the writer's queue),
          timed one call at a time with the record already built; reported as p50 / p99 / max in µs
drain   = rows submitted all at once, timed until the writer has committed every one (batched transactions)
The default URL is an SQLite file in a temporary folder (WAL, synchronous=NORMAL), as the bot uses by default.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bot.store import QuestionRecord, ShownReport, StoreSettings, new_id, open_store


def question(n: int) -> QuestionRecord:
    return QuestionRecord(
        id=new_id(), surface="mention", channel_kind="public", question=f"what did team {n} show at the keynote?",
        searched=f"what did team {n} show at the keynote", outcome="answer", confidence=0.71,
        reports=(ShownReport("r1", "Report one", "https://example.org/1"), ShownReport("r2", "Report two")),
        passages=("r1#3", "r2#7", "r1#4"), latency_ms=38.0, user_id=f"U{n % 50}", channel_id="C1",
    )


def run(url: str, rows: int) -> None:
    store = open_store(url, StoreSettings(_env_file=None))  # type: ignore[call-arg]
    try:
        records = [question(n) for n in range(rows)]
        costs = []
        for record in records[: rows // 2]:  # one at a time, letting the writer commit behind
            start = time.perf_counter()
            store.questions.record(record)
            costs.append(time.perf_counter() - start)
            time.sleep(0.0002)
        store.flush(300)
        costs.sort()
        print(f"record(): p50 {statistics.median(costs) * 1e6:.1f} µs, p99 {costs[int(len(costs) * 0.99)] * 1e6:.1f} µs,"
              f" max {costs[-1] * 1e6:.0f} µs over {len(costs)} calls")
        start = time.perf_counter()
        for record in records[rows // 2:]:
            store.questions.record(record)
        submitted = time.perf_counter() - start
        store.flush(300)
        took = time.perf_counter() - start
        print(f"drain: {rows - rows // 2} rows submitted in {submitted * 1e3:.0f} ms, all committed in"
              f" {took:.2f} s = {(rows - rows // 2) / took:,.0f} rows/s; health {store.health()}")
    finally:
        store.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="SQLAlchemy URL (default: an SQLite file in a temporary folder)")
    parser.add_argument("--rows", type=int, default=20_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.url or f"sqlite:///{Path(folder) / 'bench.db'}"
        print(url.split("@")[-1])
        run(url, args.rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
