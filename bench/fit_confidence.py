"""Fit the answer-confidence model (embeddings/search/confidence.py) on labelled questions.

Run by hand:  .venv/bin/python bench/fit_confidence.py

Labelled questions: both dev corpora's eval files (answerable = has a source) plus bench/negatives.jsonl (our own
unanswerable questions) asked of each corpus. The features of each question's best passage are fitted with a
small L2-regularised logistic regression (numpy) on half A only; the answer threshold is the highest that keeps
false declines on half A within the target, and "nothing close" the highest that no answerable half-A question
falls under. Half B is then reported untouched. Paste the printed constants into confidence.py.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.quality import CORPORA, corpus_questions, open_corpus_index  # noqa: E402
from embeddings.encoder import SentenceTransformerEncoder  # noqa: E402
from embeddings.search import Searcher  # noqa: E402
from embeddings.search.confidence import FEATURES  # noqa: E402
from embeddings.settings import DEFAULT_MODEL  # noqa: E402

MAX_FALSE_DECLINES = 0.025  # on half A: at most one answerable question in forty, under the 0.03 target
L2 = 0.01


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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scratch", type=Path, default=ROOT / ".bench" / "quality")
    args = parser.parse_args()
    encoder = SentenceTransformerEncoder(DEFAULT_MODEL)
    rows: list[tuple[str, str, str, int, tuple[float, ...], str]] = []  # corpus, half, origin, label, features, q
    for corpus in CORPORA.values():
        searcher = Searcher(open_corpus_index(corpus, args.scratch, encoder), encoder)
        for q in corpus_questions(corpus):
            evidence = searcher.evidence(q.question, k=3)
            feats = evidence.features(evidence.hits[0]) if evidence.hits else (0.0,) * len(FEATURES)
            rows.append((corpus.name, q.half, q.origin, 1 if q.source else 0, feats, q.question))
    (args.scratch / "confidence-rows.json").write_text(json.dumps(rows))

    x = np.array([r[4] for r in rows])
    y = np.array([r[3] for r in rows])
    half_a = np.array([r[1] == "A" for r in rows])
    w, b = fit_logistic(x[half_a], y[half_a])
    conf = probability(x, w, b)

    a_conf, a_y = conf[half_a], y[half_a]
    candidates = sorted(set(np.round(a_conf, 4).tolist()) | {0.5})
    ok = [t for t in candidates if rates(a_conf, a_y, t)[0] <= MAX_FALSE_DECLINES]
    best = max(ok, key=lambda t: (rates(a_conf, a_y, t)[1], -t))
    # Halfway to the next answerable question's confidence: the boundary is not drawn through a question.
    above = a_conf[(a_y == 1) & (a_conf >= best)]
    threshold = float((best + above.min()) / 2) if len(above) else best
    nothing_close = float(min(threshold, a_conf[a_y == 1].min() * 0.8))

    print("fitted on half A:", int(half_a.sum()), "questions;", int((~half_a).sum()), "held out (half B)")
    print(f"WEIGHTS = ({', '.join(f'{v:.3f}' for v in w)})  # {', '.join(FEATURES)}")
    print(f"BIAS = {b:.3f}\nANSWER_THRESHOLD = {threshold:.3f}\nNOTHING_CLOSE = {nothing_close:.3f}")
    for name in ("A", "B"):
        mask = np.array([r[1] == name for r in rows])
        for corpus in CORPORA:
            m = mask & np.array([r[0] == corpus for r in rows])
            fd, dec = rates(conf[m], y[m], threshold)
            print(f"half {name} {corpus:13s} false declines {fd:.3f}  unanswerable declined {dec:.3f}  (n={int(m.sum())})")
    print(f"\ncommand: {' '.join([Path(sys.executable).name, *sys.argv])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
