"""Per-question latency against its floor, on this machine.

Run by hand:  .venv/bin/python bench/latency.py [--questions 400]

floor  = the same model encoding the question + an exact FAISS scan of all vectors, nothing else
full   = what the bot does per question: normalization, filters, spelling check, encoding, dense + BM25
         retrieval, fusion, near-duplicate removal and excerpt trimming of the passages shown
Questions: the eval questions plus questions made from report sentences (first words of a sentence), so
that both real questions and unknown words are in the mix.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.quality import SHARED, eval_corpus, load_questions  # noqa: E402
from bot.answers import to_answer  # noqa: E402
from embeddings.build import build  # noqa: E402
from embeddings.chunking import split_sentences  # noqa: E402
from embeddings.encoder import SentenceTransformerEncoder  # noqa: E402
from embeddings.index import open_index  # noqa: E402
from embeddings.search import Searcher  # noqa: E402
from embeddings.settings import DEFAULT_MODEL  # noqa: E402


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--questions", type=int, default=400)
    parser.add_argument("--k", type=int, default=3)
    parser.add_argument("--scratch", type=Path, default=ROOT / ".bench" / "quality")
    args = parser.parse_args()

    encoder = SentenceTransformerEncoder(DEFAULT_MODEL)
    index_dir = args.scratch / "index"
    build(eval_corpus(args.scratch), index_dir, lambda: encoder, DEFAULT_MODEL, progress=False)
    index = open_index(index_dir)
    searcher = Searcher(index, encoder)

    rng = random.Random(7)
    questions = [q.question for q in load_questions(SHARED / "eval" / "questions-dev.jsonl")]
    sentences = [s for c in index.chunks for s in split_sentences(c.text) if len(s.split()) >= 6]
    while len(questions) < args.questions:
        words = rng.choice(sentences).split()
        questions.append(" ".join(words[: rng.randint(2, 9)]))
    questions = questions[: args.questions]

    for q in questions[:20]:  # warm up both paths
        encoder.encode([q])
        searcher.search(q, k=args.k)

    floor_ms: list[float] = []
    full_ms: list[float] = []
    for q in questions:
        started = time.perf_counter()
        index.dense.search(encoder.encode([q]), args.k)
        floor_ms.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        to_answer(searcher.search(q, k=args.k))
        full_ms.append((time.perf_counter() - started) * 1000)

    print(f"{len(questions)} questions, {index.manifest.chunk_count} passages, k={args.k}")
    print(f"{'':8s}{'p50 ms':>10s}{'p99 ms':>10s}{'mean ms':>10s}")
    for name, values in (("floor", floor_ms), ("full", full_ms)):
        print(f"{name:8s}{percentile(values, 50):10.2f}{percentile(values, 99):10.2f}{statistics.mean(values):10.2f}")
    print(
        f"ratio   p50 {percentile(full_ms, 50) / percentile(floor_ms, 50):.2f}×   "
        f"p99 {percentile(full_ms, 99) / percentile(floor_ms, 99):.2f}×   (target ≤ 1.5×)"
    )
    print(f"\ncommand: {' '.join([Path(sys.executable).name, *sys.argv])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
