"""Fit the answer-confidence model (embeddings/search/confidence.py) on labelled questions.

Run by hand:  .venv/bin/python bench/fit_confidence.py

Labelled questions: both dev corpora's eval files (answerable = has a source) plus bench/negatives.jsonl (our own
unanswerable questions) asked of each corpus. The features of each question's best passage are fitted with a
small L2-regularised logistic regression (numpy) on half A only; the answer threshold is the highest that keeps
false declines on half A within the target, and "nothing close" the highest that no answerable half-A question
falls under but the one false decline allowed; the domain threshold (a flat decline only outside the reports'
world) the highest under every answerable half-A question's domain score. Half B is then reported untouched. Paste the printed constants into confidence.py.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import replace
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.quality import CORPORA, add_model_options, corpus_questions, open_corpus_index, rank_of_answer, scratch_for  # noqa: E402
from embeddings.models import Hit, SearchResult  # noqa: E402
from embeddings.encoders.sentence_transformers import SentenceTransformerEncoder  # noqa: E402
from embeddings.search import Model, Searcher  # noqa: E402
from embeddings.search.confidence import FEATURES  # noqa: E402

MAX_FALSE_DECLINES = 0.025  # on half A: at most one answerable question in forty, under the 0.03 target
L2 = 0.01
NEAR_MARGIN = 0.02


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = L2, steps: int = 5000) -> tuple[np.ndarray, float]:
    """Weights and bias in the raw feature space, fitted on standardised features with balanced classes."""
    mean, std = x.mean(axis=0), x.std(axis=0) + 1e-9
    z = (x - mean) / std
    balance = np.where(y == 1, 0.5 / max(1, y.sum()), 0.5 / max(1, (1 - y).sum()))
    w, b = np.zeros(x.shape[1]), 0.0
    for step in range(steps):
        p = 1 / (1 + np.exp(-(z @ w + b)))
        grad = p - y
        w -= 0.5 * ((z.T @ (grad * balance)) + l2 * w)
        b -= 0.5 * float(np.sum(grad * balance))
    raw_w = w / std
    return raw_w, b - float(np.sum(raw_w * mean))


def probability(x: np.ndarray, w: np.ndarray, b: float) -> np.ndarray:
    return 1 / (1 + np.exp(-np.clip(x @ w + b, -30, 30)))


def rates(conf: np.ndarray, y: np.ndarray, t: float) -> tuple[float, float]:
    """(false declines among answerable, share of unanswerable declined) at threshold t."""
    declined = conf < t
    return float(declined[y == 1].mean()), float(declined[y == 0].mean())


def fit_domain(domain: np.ndarray, y: np.ndarray) -> float:
    """The domain score under which a question is outside the reports' world: every answerable question is
    above it, halfway to the most in-domain unanswerable question below the least in-domain answerable one."""
    lowest = float(domain[y == 1].min())
    below = domain[(y == 0) & (domain < lowest)]
    return (lowest + float(below.max())) / 2 if len(below) else lowest


def _single(hit: Hit) -> SearchResult:
    return SearchResult(query="", took_ms=0.0, no_answer=False, hits=(hit,))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_model_options(parser)
    parser.add_argument(
        "--per-passage", action="store_true",
        help="fit on every passage of the top ten (labelled: contains the answer or not) instead of on each "
        "question's best-ranked passage (labelled: the question is answerable or not); measured worse on half B",
    )
    args = parser.parse_args()
    args.scratch = scratch_for(args)
    encoder = SentenceTransformerEncoder(args.model)
    rows: list[tuple[str, str, str, int, tuple[float, ...], str]] = []  # corpus, half, origin, label, features, q
    domains: list[float] = []  # each row's domain score (embeddings.search.domain)
    passages: list[tuple[str, int, tuple[float, ...]]] = []  # half, contains the answer, features
    searchers: dict[str, Searcher] = {}
    for corpus in CORPORA.values():
        searcher = searchers[corpus.name] = Searcher(open_corpus_index(corpus, args.scratch, encoder), encoder)
        for q in corpus_questions(corpus):
            evidence = searcher.evidence(q.question, k=3)
            feats = evidence.features(evidence.hits[0]) if evidence.hits else (0.0,) * len(FEATURES)
            rows.append((corpus.name, q.half, q.origin, 1 if q.source else 0, feats, q.question))
            domains.append(evidence.domain)
            for hit in evidence.hits:
                found = q.source is not None and rank_of_answer(q, _single(hit)) is not None
                passages.append((q.half, int(found), evidence.features(hit)))
    (args.scratch / "confidence-rows.json").write_text(json.dumps(rows))

    y = np.array([r[3] for r in rows])
    half_a = np.array([r[1] == "A" for r in rows])
    if args.per_passage:
        in_a = [p for p in passages if p[0] == "A"]
        w, b = fit_logistic(np.array([p[2] for p in in_a]), np.array([p[1] for p in in_a]))
    else:
        w, b = fit_logistic(np.array([r[4] for r in rows])[half_a], y[half_a])
    # The threshold is chosen on the confidence the searcher will report with these weights (the best of the
    # passages it orders by confidence), not on the best-ranked passage's alone.
    model = Model(weights=tuple(float(v) for v in w), bias=b, nothing_close=0.0)
    conf = np.zeros(len(rows))
    for name, searcher in searchers.items():
        searcher = Searcher(searcher.index, encoder, replace(searcher.options, confidence=model))
        for i, row in enumerate(rows):
            if row[0] == name:
                conf[i] = searcher.search(row[5], k=3).confidence

    a_conf, a_y = conf[half_a], y[half_a]
    candidates = sorted(set(np.round(a_conf, 4).tolist()) | {0.5})
    ok = [t for t in candidates if rates(a_conf, a_y, t)[0] <= MAX_FALSE_DECLINES]
    best = max(ok, key=lambda t: (rates(a_conf, a_y, t)[1], -t))
    # Halfway to the next answerable question's confidence: the boundary is not drawn through a question.
    above = a_conf[(a_y == 1) & (a_conf >= best)]
    threshold = float((best + above.min()) / 2) if len(above) else best
    # "Nothing close" hides even the closest passages, so it stays below all answerable half-A questions but
    # the one a false decline may already cost (MAX_FALSE_DECLINES), with a margin.
    allowed = int(MAX_FALSE_DECLINES * int((a_y == 1).sum()))
    nothing_close = float(min(threshold, np.sort(a_conf[a_y == 1])[allowed] * 0.8))
    # A passage nearer in meaning than every half-A question under "nothing close" came is shown all the same.
    dense_best = np.array([r[4][FEATURES.index("dense_best")] for r in rows])
    far = conf < nothing_close
    near_cosine = float(dense_best[half_a & far].max(initial=0.0) + NEAR_MARGIN)

    domain = np.array(domains)
    domain_threshold = fit_domain(domain[half_a], y[half_a])

    print("fitted on half A:", int(half_a.sum()), "questions;", int((~half_a).sum()), "held out (half B)")
    print(f"WEIGHTS = ({', '.join(f'{v:.3f}' for v in w)})  # {', '.join(FEATURES)}")
    print(f"BIAS = {b:.3f}\nANSWER_THRESHOLD = {threshold:.3f}\nNOTHING_CLOSE = {nothing_close:.3f}")
    print(f"NEAR_COSINE = {near_cosine:.3f}\nDOMAIN_THRESHOLD = {domain_threshold:.2f}")
    shown = ~half_a & far & (dense_best >= near_cosine)
    print(f"half B under NOTHING_CLOSE but shown for their cosine: {int(shown.sum())} of {int((~half_a & far).sum())}")
    for name in ("A", "B"):
        mask = np.array([r[1] == name for r in rows])
        for corpus in CORPORA:
            m = mask & np.array([r[0] == corpus for r in rows])
            fd, dec = rates(conf[m], y[m], threshold)
            print(f"half {name} {corpus:13s} false declines {fd:.3f}  unanswerable declined {dec:.3f}  (n={int(m.sum())})")
            flat = far & (dense_best < near_cosine)
            now = flat & (domain < domain_threshold)
            print(f"       flat declines: answerable {int((now & m & (y == 1)).sum())} (before {int((flat & m & (y == 1)).sum())}), "
                  f"unanswerable {int((now & m & (y == 0)).sum())} (before {int((flat & m & (y == 0)).sum())}) of {int((m & (y == 0)).sum())}")
    print(f"\ncommand: {' '.join([Path(sys.executable).name, *sys.argv])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
