"""Per-question latency against its floor, on this machine, for both encoders.

Run by hand:  .venv/bin/python bench/latency.py [--questions 400]

floor  = encoding the question + an exact FAISS scan of all vectors, nothing else, in this process:
         with the ONNX encoder (the query path since issue #13) and with sentence-transformers (before)
full   = what the bot does per question (Searcher + to_answer): normalization, filters, spelling check,
         encoding, dense + BM25 retrieval, fusion, near-duplicate removal and excerpt trimming
replies = the bot's answer path (bot.answering.Replies: search, answer, Block Kit message) without and with
         the question log (a QuestionLogger on an SQLite store in the scratch folder), interleaved; `log record`
         times the logging call alone (the QuestionRecord built and queued for the store's writer thread)
cli    = `python -m embeddings search --json -` running in its own process: one question written to its stdin,
         timed until its JSON answer is read back here (search + JSON + two pipe hops), and `took_ms` as it
         reports it. Every question goes through all paths in turn, so all see the same machine load.
Questions: the eval questions plus questions made from report sentences (first words of a sentence), so
that both real questions and unknown words are in the mix. The figures go to .bench/latency/results.json
for bench/plot.py.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.quality import SHARED, eval_corpus, load_questions  # noqa: E402
from bot.answering.answers import Answerer, to_answer  # noqa: E402
from bot.answering.asked import Asked  # noqa: E402
from bot.answering.questionlog import QuestionLogger  # noqa: E402
from bot.answering.replies import Replies  # noqa: E402
from bot.store import StoreSettings, new_id, open_store  # noqa: E402
from embeddings.pipeline import build_corpus  # noqa: E402
from embeddings.chunking import split_sentences  # noqa: E402
from embeddings.encoders import Encoder, get_encoder  # noqa: E402
from embeddings.index import open_index  # noqa: E402
from embeddings.search import Searcher  # noqa: E402
from embeddings.config import DEFAULT_MODEL  # noqa: E402


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def timed(fn: Callable[[str], object], questions: list[str]) -> list[float]:
    out: list[float] = []
    for q in questions:
        started = time.perf_counter()
        fn(q)
        out.append((time.perf_counter() - started) * 1000)
    return out


class Cli:
    """`python -m embeddings search --json -` kept running; ask() is one question there and back."""

    def __init__(self, index_dir: Path) -> None:
        env = {**os.environ, "INDEX_DIR": str(index_dir), "ENCODER": "auto"}
        env.pop("EMBEDDING_MODEL", None)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "embeddings", "search", "--json", "-"], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env, cwd=ROOT, bufsize=1,
        )
        self.took: list[float] = []

    def ask(self, question: str) -> None:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(question.replace("\n", " ") + "\n")
        self.process.stdin.flush()
        self.took.append(json.loads(self.process.stdout.readline())["took_ms"])

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--questions", type=int, default=400)
    parser.add_argument("--k", type=int, default=3)
    parser.add_argument("--scratch", type=Path, default=ROOT / ".bench" / "quality")
    args = parser.parse_args()

    index_dir = args.scratch / "index"
    torch_encoder = get_encoder("sentence-transformers", DEFAULT_MODEL, purpose="build")
    build_corpus(eval_corpus(args.scratch), index_dir, lambda: torch_encoder, DEFAULT_MODEL, progress=False, export_onnx=True)
    index = open_index(index_dir)
    onnx_encoder = get_encoder("onnx", DEFAULT_MODEL, index_dir=index_dir)
    searcher = Searcher(index, onnx_encoder)

    rng = random.Random(7)
    questions = [q.question for q in load_questions(SHARED / "eval" / "questions-dev.jsonl")]
    sentences = [s for c in index.chunks for s in split_sentences(c.text) if len(s.split()) >= 6]
    while len(questions) < args.questions:
        words = rng.choice(sentences).split()
        questions.append(" ".join(words[: rng.randint(2, 9)]))
    questions = questions[: args.questions]

    def floor(encoder: Encoder) -> Callable[[str], object]:
        return lambda q: index.dense.search(encoder.encode([q]), args.k)

    load = os.getloadavg()[0]
    cli = Cli(index_dir)
    db = args.scratch / "questions.db"
    for stale in args.scratch.glob("questions.db*"):
        stale.unlink()
    store = open_store(f"sqlite:///{db}", StoreSettings(_env_file=None))  # type: ignore[call-arg]
    logger = QuestionLogger(store)
    asked = Asked("mention", "public", "U0BENCH", "C0BENCH")
    answer = to_answer(searcher.search("what did Zalando show?", k=args.k))
    plain, logged = Replies(Answerer(searcher, args.k)), Replies(Answerer(searcher, args.k), logger)
    paths: dict[str, Callable[[str], object]] = {
        "floor ONNX": floor(onnx_encoder),
        "full ONNX": lambda q: to_answer(searcher.search(q, k=args.k)),
        "replies": lambda q: plain.answer(q, surface="mention", asked=asked),
        "replies + log": lambda q: logged.answer(q, surface="mention", asked=asked),
        "log record": lambda q: logger.record(new_id(), asked, q, answer, 1.0),
        "cli per answer": cli.ask,
        "floor torch": floor(torch_encoder),
    }
    for q in questions[:20]:  # warm up every path
        for path in paths.values():
            path(q)
    cli.took.clear()
    rows: dict[str, list[float]] = {name: [] for name in paths}
    for q in questions:
        for name, path in paths.items():
            rows[name].extend(timed(path, [q]))
    cli.close()
    store.close()
    rows["cli took_ms"] = cli.took
    cos = float(np.min(np.sum(onnx_encoder.encode(questions[:100]) * torch_encoder.encode(questions[:100]), axis=1)))

    print(f"{len(questions)} questions, {index.manifest.chunk_count} passages, k={args.k}; "
          f"load {load:.2f} → {os.getloadavg()[0]:.2f} (1-min average, 2 shared cores)")
    print(f"{'':16s}{'p50 ms':>10s}{'p99 ms':>10s}{'mean ms':>10s}")
    for name, values in rows.items():
        print(f"{name:16s}{percentile(values, 50):10.2f}{percentile(values, 99):10.2f}{statistics.mean(values):10.2f}")
    base = rows["floor ONNX"]
    for name in ("full ONNX", "cli took_ms", "cli per answer"):
        print(
            f"{name:16s}p50 {percentile(rows[name], 50) / percentile(base, 50):.2f}×  "
            f"p99 {percentile(rows[name], 99) / percentile(base, 99):.2f}× the ONNX floor (target ≤ 1.5×)"
        )
    added = percentile(rows["replies + log"], 50) - percentile(rows["replies"], 50)
    print(f"question log: replies p50 {added:+.2f} ms with it (target ≤ 1 ms); one record "
          f"p50 {percentile(rows['log record'], 50) * 1000:.0f} µs, p99 {percentile(rows['log record'], 99) * 1000:.0f} µs")
    print(f"ONNX vs torch question vectors: lowest cosine {cos:.7f} over 100 questions")
    out = ROOT / ".bench" / "latency"
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(json.dumps(
        {name: {"p50": percentile(v, 50), "p99": percentile(v, 99)} for name, v in rows.items()}, indent=2))
    print(f"command: {' '.join([Path(sys.executable).name, *sys.argv])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
