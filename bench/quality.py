"""Retrieval and answerability quality on both development corpora, side by side.

Run by hand:  .venv/bin/python bench/quality.py [--corpus haufe events-mixed] [--list] [--model NAME_OR_FOLDER]

Corpora (../shared/eval/README.md defines them and how a hit is judged):
  haufe         ../shared/corpus/haufe-blog + ../shared/seeds   questions-dev.jsonl
  events-mixed  ../shared/corpus/events-mixed                     questions-events-mixed.jsonl
Both also get the generic unanswerable questions of bench/negatives.jsonl (written for this project, not taken
from the eval files), reported on their own line. A third set per corpus, bench/fresh/questions-<corpus>.jsonl
(answerable questions about passages drawn at random, and unanswerable ones checked with grep, written for
this project after the confidence model was fitted), is reported in a column of its own and never fitted on:
a check of how the fitted figures hold on questions the fit never saw.

Each corpus is linked into a scratch folder and indexed there with the real model; the index is reused while the
corpus is unchanged. Figures are given for all questions and for half A / half B (even / odd lines of each file):
anything chosen on half A (bench/fit_confidence.py) is judged on half B.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from embeddings.pipeline import build_corpus  # noqa: E402
from embeddings.encoders import Encoder  # noqa: E402
from embeddings.encoders.sentence_transformers import SentenceTransformerEncoder  # noqa: E402
from embeddings.index import Index, open_index  # noqa: E402
from embeddings.models import SearchResult  # noqa: E402
from embeddings.search import Searcher  # noqa: E402
from embeddings.config import DEFAULT_MODEL  # noqa: E402
from bench import catalogue_judge  # noqa: E402

SHARED = ROOT.parent / "shared"
EVAL = SHARED / "eval"
NEGATIVES = ROOT / "bench" / "negatives.jsonl"
FRESH = ROOT / "bench" / "fresh"
_MARKDOWN_PUNCT = re.compile(r"[*_`#>|\[\]()]")


@dataclass(frozen=True)
class Corpus:
    name: str
    folders: tuple[tuple[str, Path], ...]  # (name of the link in the scratch corpus, shared folder)
    questions: Path

    @property
    def fresh(self) -> Path:
        return FRESH / f"questions-{self.name}.jsonl"


CORPORA = {
    "haufe": Corpus(
        "haufe",
        (("haufe-blog", SHARED / "corpus" / "haufe-blog"), ("seeds", SHARED / "seeds")),
        EVAL / "questions-dev.jsonl",
    ),
    "events-mixed": Corpus(
        "events-mixed", (("events-mixed", SHARED / "corpus" / "events-mixed"),), EVAL / "questions-events-mixed.jsonl"
    ),
}


def normalize(text: str) -> str:
    return " ".join(_MARKDOWN_PUNCT.sub(" ", text.lower()).split())


@dataclass(frozen=True)
class Question:
    id: str
    question: str
    source: str | None
    answer: str | None
    kind: str
    half: str = "A"
    origin: str = "eval"  # "eval" (the shared files) or "own" (bench/negatives.jsonl)


def load_questions(path: Path, origin: str = "eval") -> list[Question]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    fields = ("id", "question", "source", "answer", "kind")
    return [
        Question(**{f: row.get(f) for f in fields}, half="AB"[i % 2], origin=origin) for i, row in enumerate(rows)
    ]


def corpus_questions(corpus: Corpus) -> list[Question]:
    questions = load_questions(corpus.questions)
    if NEGATIVES.is_file():
        questions += load_questions(NEGATIVES, origin="own")
    return questions


def declined(result: SearchResult) -> bool:
    return result.no_answer or not result.hits


def rank_of_answer(q: Question, result: SearchResult) -> int | None:
    if declined(result):
        return None
    phrase = normalize(q.answer or "")
    for hit in result.hits:
        if Path(hit.chunk.source).name == q.source and phrase in normalize(hit.chunk.text):
            return hit.rank
    return None


def scratch_corpus(corpus: Corpus, scratch: Path) -> Path:
    folder = scratch / corpus.name / "corpus"
    folder.mkdir(parents=True, exist_ok=True)
    for name, target in corpus.folders:
        link = folder / name
        if not link.exists():
            link.symlink_to(target.resolve())
    return folder


def eval_corpus(scratch: Path) -> Path:
    """The Haufe corpus (blog + seeds) in `scratch`; used by bench/latency.py."""
    return scratch_corpus(CORPORA["haufe"], scratch)


def add_model_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--model", default=DEFAULT_MODEL,
        help="embedding model, a name or folder as EMBEDDING_MODEL takes it (default: the bundled all-MiniLM-L6-v2)",
    )
    parser.add_argument("--scratch", type=Path, help="where the corpora are indexed (default: .bench/quality[-MODEL])")


def scratch_for(args: argparse.Namespace) -> Path:
    """Each model indexes the corpora in a folder of its own, so switching models never rebuilds the other's."""
    if args.scratch:
        return Path(args.scratch)
    suffix = "" if args.model == DEFAULT_MODEL else "-" + re.sub(r"[^\w.-]+", "_", Path(args.model).name)
    return ROOT / ".bench" / f"quality{suffix}"


def open_corpus_index(corpus: Corpus, scratch: Path, encoder: Encoder) -> Index:
    folder = scratch_corpus(corpus, scratch)
    index_dir = scratch / corpus.name / "index"
    summary = build_corpus(folder, index_dir, lambda: encoder, encoder.name, progress=False)
    print(f"{corpus.name}: {summary.line()}", file=sys.stderr)
    return open_index(index_dir)


Figure = tuple[float, int]  # (value, how many questions it is over)
COLUMN = 19  # characters per column: the longest name, "events-mixed fresh", and a space


def score(questions: list[Question], results: dict[str, SearchResult]) -> dict[str, Figure]:
    answerable = [q for q in questions if q.source]
    unanswerable = [q for q in questions if not q.source and q.origin != "own"]
    own = [q for q in questions if not q.source and q.origin == "own"]
    ranks = {q.id: rank_of_answer(q, results[q.id]) for q in answerable}

    def recall(k: int, qs: list[Question]) -> Figure:
        return sum(1 for q in qs if ranks[q.id] is not None and ranks[q.id] <= k) / max(1, len(qs)), len(qs)

    def declines(qs: list[Question]) -> Figure:
        return sum(declined(results[q.id]) for q in qs) / max(1, len(qs)), len(qs)

    def flat(qs: list[Question]) -> Figure:
        return sum(results[q.id].outcome == "nothing_close" for q in qs) / max(1, len(qs)), len(qs)

    mrr = sum(1 / ranks[q.id] for q in answerable if ranks[q.id] and ranks[q.id] <= 10) / max(1, len(answerable))
    figures = {
        "recall@1": recall(1, answerable),
        "recall@3": recall(3, answerable),
        "recall@5": recall(5, answerable),
        "mrr@10": (mrr, len(answerable)),
        "false declines (answerable)": declines(answerable),
        "flat declines (answerable)": flat(answerable),
        "unanswerable declined": declines(unanswerable),
        "unanswerable declined flatly": flat(unanswerable),
        "own negatives declined": declines(own),
        "own negatives declined flatly": flat(own),
    }
    kinds: dict[str, list[Question]] = defaultdict(list)
    for q in answerable:
        kinds[q.kind].append(q)
    for kind, qs in sorted(kinds.items()):
        figures[f"recall@3 {kind}"] = recall(3, qs)
    return figures


def problems(questions: list[Question], results: dict[str, SearchResult]) -> list[str]:
    """One line per miss at rank 3, false decline and answered unanswerable question."""
    lines = []
    for q in questions:
        result = results[q.id]
        confidence = getattr(result, "confidence", None)
        conf = f" conf={confidence:.2f}" if confidence is not None else ""
        if q.source:
            rank = rank_of_answer(q, result)
            if rank is not None and rank <= 3:
                continue
            top = ", ".join(f"{Path(h.chunk.source).name}#{h.chunk.heading or ''}"[:60] for h in result.hits[:3])
            what = "false decline" if declined(result) else f"miss (rank {rank})"
            lines.append(f"  {q.half} {q.id} [{q.kind}] {what}{conf}: {q.question!r} → want {q.source}; got {top}")
        elif not declined(result):
            top = f"{Path(result.hits[0].chunk.source).name}#{result.hits[0].chunk.heading or ''}"[:60]
            lines.append(f"  {q.half} {q.id} [{q.origin} unanswerable] answered{conf}: {q.question!r} → {top}")
    return lines


def run_corpus(searcher: Searcher, questions: list[Question], k: int = 10) -> tuple[dict[str, SearchResult], float]:
    started = time.perf_counter()
    results = {q.id: searcher.search(q.question, k=k) for q in questions}
    return results, (time.perf_counter() - started) * 1000 / max(1, len(questions))


def print_table(columns: dict[str, dict[str, Figure]]) -> None:
    """Rows of figures, columns of corpora and halves; each cell is the value and (n) its question count."""
    rows: list[str] = []
    for figures in columns.values():
        rows.extend(r for r in figures if r not in rows)
    width = max(len(r) for r in rows) + 2
    print(f"{'':{width}s}" + "".join(f"{name:>{COLUMN}s}" for name in columns))
    for row in rows:
        print(f"{row:{width}s}" + "".join(_cell(columns[name].get(row)) for name in columns))


def _cell(figure: Figure | None) -> str:
    if figure is None or figure[1] == 0:
        return f"{'—':>{COLUMN}s}"
    return f"{f'{figure[0]:.3f} ({figure[1]})':>{COLUMN}s}"


def evaluate(
    corpora: list[Corpus], scratch: Path, encoder: Encoder, make_searcher: Callable[[Index], Searcher], listing: bool
) -> None:
    columns: dict[str, dict[str, Figure]] = {}
    listings: dict[str, list[str]] = {}
    timings: dict[str, float] = {}
    for corpus in corpora:
        index = open_corpus_index(corpus, scratch, encoder)
        searcher = make_searcher(index)
        questions = corpus_questions(corpus)
        for q in questions[:5]:  # warm up
            searcher.search(q.question)
        results, per_question_ms = run_corpus(searcher, questions)
        timings[corpus.name] = per_question_ms
        columns[corpus.name] = score(questions, results)
        for half in "AB":
            columns[f"{corpus.name} {half}"] = score([q for q in questions if q.half == half], results)
        listings[corpus.name] = problems(questions, results)
        _catalogue_figures(corpus, searcher, columns, listings)
        if corpus.fresh.is_file():
            fresh = load_questions(corpus.fresh, origin="fresh")
            fresh_results, _ = run_corpus(searcher, fresh)
            columns[f"{corpus.name} fresh"] = score(fresh, fresh_results)
            listings[f"{corpus.name} fresh"] = problems(fresh, fresh_results)

    print()
    print_table(columns)
    print("\nper question: " + ", ".join(f"{name} {ms:.1f} ms" for name, ms in timings.items()))
    if listing:
        for name, lines in listings.items():
            print(f"\n{name}: misses at rank 3, false declines, answered unanswerables ({len(lines)})")
            print("\n".join(lines) if lines else "  none")


def _catalogue_figures(
    corpus: Corpus, searcher: Searcher, columns: dict[str, dict[str, Figure]], listings: dict[str, list[str]]
) -> None:
    """The questions about the reports themselves (bench/catalogue/): share answered correctly, fit and check."""
    asked = catalogue_judge.load(corpus.name)
    if not asked:
        return
    results = {q.id: searcher.search(q.question) for q in asked}
    reports = searcher.index.catalogue.reports
    for split in ("fit", "check"):
        chosen = [q for q in asked if q.split == split]
        right = sum(catalogue_judge.correct(q, results[q.id], reports) for q in chosen)
        columns[corpus.name][f"catalogue questions {split}"] = (right / max(1, len(chosen)), len(chosen))
    listings[f"{corpus.name} catalogue"] = catalogue_judge.problems(asked, results, reports)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", nargs="+", choices=sorted(CORPORA), default=list(CORPORA))
    add_model_options(parser)
    parser.add_argument("--list", action="store_true", help="list misses, false declines and answered unanswerables")
    args = parser.parse_args()
    args.scratch = scratch_for(args)
    missing = [str(c.questions) for name in args.corpus if not (c := CORPORA[name]).questions.is_file()]
    if missing:
        print(f"no eval file at {', '.join(missing)}", file=sys.stderr)
        return 1
    encoder = SentenceTransformerEncoder(args.model)
    evaluate([CORPORA[name] for name in args.corpus], args.scratch, encoder, lambda index: Searcher(index, encoder), args.list)
    print(f"\ncommand: {' '.join([Path(sys.executable).name, *sys.argv])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
