"""Thread follow-ups (bot/answering/followups.py) measured on both dev corpora: what carrying context costs a question
that stands on its own, and what it gains for one that leans on the thread.

Run by hand:  .venv/bin/python bench/followups.py

- "self-contained": every answerable question asked as a follow-up in a thread whose earlier question was
  about another report (the nearest earlier question of the file with another source). recall@3 of the
  question alone vs read in that thread's context must not drop.
- "leaning": an answerable question whose names and specific words were removed ("what did Zalando show at
  DockerCon?" → "what did show at ?"), asked after another question about the same report. recall@3 alone vs in context, with
  the original question (names kept) as the ceiling.
Both corpora are indexed with the real model in a scratch folder, reused while unchanged.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.quality import CORPORA, Question, load_questions, open_corpus_index, rank_of_answer  # noqa: E402
from bot.answering.followups import CONTEXT_MARGIN, SPECIFIC_SHARE, read_in_context, subjects  # noqa: E402
from embeddings.encoders.sentence_transformers import SentenceTransformerEncoder  # noqa: E402
from embeddings.index import Index  # noqa: E402
from embeddings.search import Searcher  # noqa: E402
from embeddings.config import DEFAULT_MODEL  # noqa: E402
from embeddings.text import fold  # noqa: E402


class Judge:
    """recall@3 of a question's expected passage, each distinct query searched once."""

    def __init__(self, searcher: Searcher) -> None:
        self.searcher = searcher
        self.ranks: dict[tuple[str, str], int | None] = {}

    def found(self, q: Question, text: str) -> bool:
        if (q.id, text) not in self.ranks:
            self.ranks[(q.id, text)] = rank_of_answer(q, self.searcher.search(text, k=3))
        rank = self.ranks[(q.id, text)]
        return rank is not None and rank <= 3


def names(text: str, index: Index) -> set[str]:
    """What the "leaning" follow-ups lose, the same whatever setting is measured: words the reports mostly write
    with capitals, and the words specific to a few reports (at the default SPECIFIC_SHARE)."""
    vocabulary = index.vocabulary
    capitals = {fold(w) for w in re.findall(r"\w+", text) if (t := vocabulary.terms.get(fold(w))) and t.name_like}
    return capitals | {fold(w) for w in subjects(text, index)}


def without_names(text: str, index: Index) -> str:
    names_ = names(text, index)
    kept = [w for w in re.split(r"(\s+)", text) if fold(re.sub(r"\W", "", w)) not in names_]
    return " ".join("".join(kept).split())


@dataclass(frozen=True)
class Figures:
    contained_alone: float
    contained_in_context: float
    carried: int
    contained: int
    leaning_alone: float
    leaning_in_context: float
    leaning_ceiling: float
    leaning: int


def measure(judge: Judge, questions: list[Question], share: float, margin: float) -> Figures:
    index = judge.searcher.index
    answerable = [q for q in questions if q.source]

    alone = in_context = carried = 0
    for i, q in enumerate(answerable):
        earlier = next(p for p in reversed(answerable[:i] + answerable[i + 1:]) if p.source != q.source)
        followup = read_in_context(q.question, [earlier.question], judge.searcher, share, margin)
        carried += followup.in_context
        alone += judge.found(q, q.question)
        in_context += judge.found(q, followup.query)
    n = len(answerable)

    pairs = []
    for q in answerable:
        stripped = without_names(q.question, index)
        first = next((p for p in answerable if p.source == q.source and p.id != q.id and names(p.question, index)), None)
        if names(q.question, index) and first is not None and any(ch.isalnum() for ch in stripped):
            pairs.append((first, q, stripped))
    l_alone = l_context = ceiling = 0
    for first, q, stripped in pairs:
        followup = read_in_context(stripped, [first.question], judge.searcher, share, margin)
        l_alone += judge.found(q, stripped)
        l_context += judge.found(q, followup.query)
        ceiling += judge.found(q, q.question)
    m = max(1, len(pairs))
    return Figures(alone / n, in_context / n, carried, n, l_alone / m, l_context / m, ceiling / m, len(pairs))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scratch", type=Path, default=ROOT / ".bench" / "followups")
    parser.add_argument("--share", type=float, nargs="+", default=[SPECIFIC_SHARE], help="SPECIFIC_SHARE values to measure")
    parser.add_argument("--margin", type=float, nargs="+", default=[CONTEXT_MARGIN], help="CONTEXT_MARGIN values to measure")
    args = parser.parse_args()
    encoder = SentenceTransformerEncoder(DEFAULT_MODEL)
    print(f"$ .venv/bin/python {' '.join(sys.argv)}   (model {DEFAULT_MODEL}; defaults: SPECIFIC_SHARE {SPECIFIC_SHARE}, "
          f"CONTEXT_MARGIN {CONTEXT_MARGIN}; 9 = no score check)")
    print("self-contained: each answerable question asked after an unrelated one; recall@3 alone → in context "
          "(context carried into k of n)")
    print("leaning: names and specific words removed, asked after a question on the same report; recall@3 alone → "
          "in context (ceiling: with its names)\n")
    for name, corpus in CORPORA.items():
        index = open_corpus_index(corpus, args.scratch, encoder)
        judge = Judge(Searcher(index, encoder))
        print(f"{name}")
        for share, margin in ((share, margin) for share in args.share for margin in args.margin):
            f = measure(judge, load_questions(corpus.questions), share, margin)
            print(
                f"  share {share:4.2f} margin {margin:4.2f}   self-contained {f.contained_alone:.3f} → {f.contained_in_context:.3f} "
                f"({f.carried}/{f.contained})   leaning {f.leaning_alone:.3f} → {f.leaning_in_context:.3f} "
                f"(ceiling {f.leaning_ceiling:.3f}, n={f.leaning})"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
