"""Retrieval quality on ../shared/eval: recall@1/3/5, MRR@10, per-kind recall@3, decline rates.

Run by hand:  .venv/bin/python bench/quality.py [--eval ../shared/eval/questions-dev.jsonl]

The corpus is the raw blog plus the two seeds (as the eval README defines it), linked into a scratch folder
and indexed there with the real model; the index is reused between runs while the corpus is unchanged.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from embeddings.build import build  # noqa: E402
from embeddings.encoder import SentenceTransformerEncoder  # noqa: E402
from embeddings.index import open_index  # noqa: E402
from embeddings.models import SearchResult  # noqa: E402
from embeddings.search import SearchOptions, Searcher  # noqa: E402
from embeddings.settings import DEFAULT_MODEL  # noqa: E402

SHARED = ROOT.parent / "shared"
_MARKDOWN_PUNCT = re.compile(r"[*_`#>|\[\]()]")


def normalize(text: str) -> str:
    return " ".join(_MARKDOWN_PUNCT.sub(" ", text.lower()).split())


@dataclass(frozen=True)
class Question:
    id: str
    question: str
    source: str | None
    answer: str | None
    kind: str


def load_questions(path: Path) -> list[Question]:
    return [Question(**json.loads(line)) for line in path.read_text().splitlines() if line.strip()]


def rank_of_answer(q: Question, result: SearchResult) -> int | None:
    if result.no_answer:
        return None
    phrase = normalize(q.answer or "")
    for hit in result.hits:
        if Path(hit.chunk.source).name == q.source and phrase in normalize(hit.chunk.text):
            return hit.rank
    return None


def eval_corpus(scratch: Path) -> Path:
    corpus = scratch / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    for name, target in (("haufe-blog", SHARED / "corpus" / "haufe-blog"), ("seeds", SHARED / "seeds")):
        link = corpus / name
        if not link.exists():
            link.symlink_to(target.resolve())
    return corpus


def score(questions: list[Question], results: dict[str, SearchResult]) -> dict[str, float]:
    answerable = [q for q in questions if q.source]
    unanswerable = [q for q in questions if not q.source]
    ranks = {q.id: rank_of_answer(q, results[q.id]) for q in answerable}

    def recall(k: int, qs: list[Question]) -> float:
        return sum(1 for q in qs if ranks[q.id] is not None and ranks[q.id] <= k) / max(1, len(qs))

    figures = {
        "recall@1": recall(1, answerable),
        "recall@3": recall(3, answerable),
        "recall@5": recall(5, answerable),
        "mrr@10": sum(1 / ranks[q.id] for q in answerable if ranks[q.id]) / max(1, len(answerable)),
        "declined (unanswerable)": sum(results[q.id].no_answer or not results[q.id].hits for q in unanswerable)
        / max(1, len(unanswerable)),
        "false declines (answerable)": sum(results[q.id].no_answer for q in answerable) / max(1, len(answerable)),
    }
    kinds: dict[str, list[Question]] = defaultdict(list)
    for q in answerable:
        kinds[q.kind].append(q)
    for kind, qs in sorted(kinds.items()):
        figures[f"recall@3 {kind} (n={len(qs)})"] = recall(3, qs)
    return figures


CONFIGS = {
    "BM25 only": SearchOptions(fusion="blend", dense_weight=0.0, check_vocabulary=False),
    "dense only": SearchOptions(fusion="blend", dense_weight=1.0, check_vocabulary=False),
    "before (RRF)": SearchOptions(fusion="rrf", dense_weight=0.5, check_vocabulary=False),
    "after (default)": SearchOptions(),
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--eval", type=Path, default=SHARED / "eval" / "questions-dev.jsonl")
    parser.add_argument("--scratch", type=Path, default=ROOT / ".bench" / "quality")
    parser.add_argument("--misses", action="store_true", help="list the questions the default setup misses at rank 3")
    args = parser.parse_args()
    if not args.eval.is_file():
        print(f"no eval file at {args.eval}", file=sys.stderr)
        return 1

    corpus = eval_corpus(args.scratch)
    index_dir = args.scratch / "index"
    encoder = SentenceTransformerEncoder(DEFAULT_MODEL)
    summary = build(corpus, index_dir, lambda: encoder, DEFAULT_MODEL, progress=False)
    print(summary.line())
    index = open_index(index_dir)
    questions = load_questions(args.eval)
    # Halves of the question file, for checking that settings chosen on one half hold on the other.
    halves = {"half A": questions[0::2], "half B": questions[1::2]}

    table: dict[str, dict[str, float]] = {}
    results: dict[str, SearchResult] = {}
    per_question_ms = 0.0
    for name, options in CONFIGS.items():
        searcher = Searcher(index, encoder, options)
        started = time.perf_counter()
        results = {q.id: searcher.search(q.question, k=10) for q in questions}
        per_question_ms = (time.perf_counter() - started) * 1000 / len(questions)
        table[name] = score(questions, results)
        for half, subset in halves.items():
            table[name][f"recall@3 on {half}"] = score(subset, results)["recall@3"]

    print(f"\n{len(questions)} questions from {args.eval}; default setup {per_question_ms:.1f} ms per question\n")
    rows = list(next(iter(table.values())))
    print(f"{'':34s}" + "".join(f"{name:>17s}" for name in table))
    for row in rows:
        print(f"{row:34s}" + "".join(f"{table[name].get(row, float('nan')):17.3f}" for name in table))
    if args.misses:
        print("\nmissed at rank 3 by the default setup:")
        for q in questions:
            result = results[q.id]
            rank = rank_of_answer(q, result) if q.source else None
            if q.source and (rank is None or rank > 3):
                top = ", ".join(f"{Path(h.chunk.source).name}#{h.chunk.heading}" for h in result.hits[:3])
                declined = " (declined)" if result.no_answer else ""
                print(f"  {q.id} [{q.kind}] rank={rank}{declined} {q.question!r} → want {q.source}; got {top}")
            if not q.source and not result.no_answer:
                print(f"  {q.id} [unanswerable, not declined] {q.question!r}")
    print(f"\ncommand: {' '.join([Path(sys.executable).name, *sys.argv])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
