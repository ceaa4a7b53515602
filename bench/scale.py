"""Search latency, memory, load time and recall at 10k, 100k and 1M passages: exact FAISS vs HNSW, and BM25.

Run by hand (about 15 minutes on 2 cores):  .venv/bin/python bench/scale.py [--sizes 10000,100000,1000000]

The vectors are shaped like real ones: every sentence of the blog and the seeds is embedded with the real
model, and each synthetic passage mixes two random sentence vectors (weights 0.3-0.7) plus small noise,
re-normalized. Queries are the eval questions plus perturbed sentence vectors. Recall@10 of HNSW is
measured against the exact scan of the same vectors. Uniform random vectors would make any ANN index look
broken (recall@10 0.01-0.13 measured here) and say nothing about real use.
Results go to .bench/scale/results.json for bench/plot.py.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

import faiss
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.latency import percentile  # noqa: E402
from bench.quality import SHARED, eval_corpus, load_questions  # noqa: E402
from embeddings.index import dense as ann  # noqa: E402
from embeddings.chunking import chunk_document, split_sentences  # noqa: E402
from embeddings.documents.reader import read_corpus  # noqa: E402
from embeddings.encoders.sentence_transformers import SentenceTransformerEncoder  # noqa: E402
from embeddings.errors import ReportError  # noqa: E402
from embeddings.index.lexical import LexicalIndex  # noqa: E402

SCRATCH = ROOT / ".bench" / "scale"


def sentences_and_vectors(encoder: SentenceTransformerEncoder) -> tuple[list[str], np.ndarray]:
    cache = SCRATCH / "sentences.npz"
    if cache.is_file():
        data = np.load(cache, allow_pickle=False)
        return [str(s) for s in data["sentences"]], data["vectors"]
    corpus = eval_corpus(ROOT / ".bench" / "quality")
    sentences = []
    for doc in read_corpus(corpus):
        if isinstance(doc, ReportError):
            continue
        for chunk in chunk_document(doc):
            sentences.extend(s for line in chunk.text.splitlines() for s in split_sentences(line) if len(s.split()) >= 4)
    vectors = encoder.encode(sentences)
    SCRATCH.mkdir(parents=True, exist_ok=True)
    np.savez(cache, sentences=np.array(sentences), vectors=vectors)
    return sentences, vectors


def synthetic(base: np.ndarray, n: int, rng: np.random.Generator) -> np.ndarray:
    out = np.empty((n, base.shape[1]), dtype=np.float32)
    for start in range(0, n, 100_000):
        m = min(100_000, n - start)
        a, b = rng.integers(0, len(base), m), rng.integers(0, len(base), m)
        w = rng.uniform(0.3, 0.7, (m, 1)).astype(np.float32)
        v = w * base[a] + (1 - w) * base[b] + rng.normal(0, 0.01, (m, base.shape[1])).astype(np.float32)
        out[start : start + m] = v / np.linalg.norm(v, axis=1, keepdims=True)
    return out


def time_queries(index: faiss.Index, queries: np.ndarray, k: int = 10, params: faiss.SearchParameters | None = None) -> tuple[list[float], np.ndarray]:
    latencies, ids = [], []
    for q in queries:
        started = time.perf_counter()
        _, found = index.search(q[None], k, params=params)
        latencies.append((time.perf_counter() - started) * 1000)
        ids.append(found[0])
    return latencies, np.array(ids)


def index_bytes(index: faiss.Index) -> int:
    return int(faiss.serialize_index(index).nbytes)


def load_times(index: faiss.Index) -> dict[str, float]:
    with tempfile.TemporaryDirectory(dir=SCRATCH) as folder:
        path = f"{folder}/index.faiss"
        faiss.write_index(index, path)
        timings = {}
        for name, flag in (("load_ms", 0), ("load_mmap_ms", faiss.IO_FLAG_MMAP_IFC)):
            started = time.perf_counter()
            loaded = faiss.read_index(path, flag)
            timings[name] = (time.perf_counter() - started) * 1000
            del loaded
    return timings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--bm25-max", type=int, default=1_000_000, help="largest size to build BM25 for")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    SCRATCH.mkdir(parents=True, exist_ok=True)

    encoder = SentenceTransformerEncoder()
    sentences, base = sentences_and_vectors(encoder)
    rng = np.random.default_rng(7)
    questions = [q.question for q in load_questions(SHARED / "eval" / "questions-dev.jsonl")]
    perturbed = synthetic(base, args.queries - len(questions), rng)
    queries = np.vstack([encoder.encode(questions), perturbed]).astype(np.float32)
    print(f"{len(sentences)} real sentence vectors; {len(queries)} queries")

    results = []
    faiss.omp_set_num_threads(1)  # single questions: one thread was faster than two for a flat scan here
    for n in sizes:
        vectors = synthetic(base, n, rng)
        row: dict[str, float | int] = {"passages": n}

        flat = ann.make_dense("flat", vectors, vectors.shape[1])
        latencies, exact = time_queries(flat, queries)
        row.update(flat_p50_ms=percentile(latencies, 50), flat_p99_ms=percentile(latencies, 99), flat_mb=index_bytes(flat) / 2**20)
        row.update({f"flat_{k}": v for k, v in load_times(flat).items()})
        faiss.omp_set_num_threads(2)
        two, _ = time_queries(flat, queries)
        faiss.omp_set_num_threads(1)
        row["flat_2threads_p50_ms"] = percentile(two, 50)
        del flat

        started = time.perf_counter()
        faiss.omp_set_num_threads(2)  # building is batched work: both cores
        hnsw = ann.make_dense("hnsw", vectors, vectors.shape[1])
        faiss.omp_set_num_threads(1)
        row["hnsw_build_s"] = time.perf_counter() - started
        params = ann.search_parameters(hnsw, None)
        latencies, approx = time_queries(hnsw, queries, params=params)
        recall = float(np.mean([len(set(a) & set(e)) / 10 for a, e in zip(approx, exact)]))
        row.update(hnsw_p50_ms=percentile(latencies, 50), hnsw_p99_ms=percentile(latencies, 99),
                   hnsw_recall10=recall, hnsw_mb=index_bytes(hnsw) / 2**20)
        row.update({f"hnsw_{k}": v for k, v in load_times(hnsw).items()})
        del hnsw, vectors

        if n <= args.bm25_max:
            texts_rng = random.Random(n)
            texts = [" ".join(texts_rng.sample(sentences, 3)) for _ in range(n)]
            started = time.perf_counter()
            lexical = LexicalIndex.build(texts)
            row["bm25_build_s"] = time.perf_counter() - started
            del texts
            bm25 = []
            for q in questions * 3:
                started = time.perf_counter()
                lexical.search(q, 50)
                bm25.append((time.perf_counter() - started) * 1000)
            row.update(bm25_p50_ms=percentile(bm25, 50), bm25_p99_ms=percentile(bm25, 99))
            del lexical
        results.append(row)
        print(json.dumps({k: round(v, 3) if isinstance(v, float) else v for k, v in row.items()}), flush=True)

    (SCRATCH / "results.json").write_text(json.dumps(results, indent=2))
    print(f"\nwrote {SCRATCH / 'results.json'}")
    print(f"command: {' '.join([Path(sys.executable).name, *sys.argv])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
