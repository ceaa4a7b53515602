"""Index build throughput vs raw encoding, incremental rebuild, cold start and memory.

Run by hand:  .venv/bin/python bench/build.py

- raw encoding: `SentenceTransformer.encode` alone on the build's passage texts, batch 16, in fp32 and under
  bf16 autocast (CPU), and the lowest cosine between the two.
- full build: passages/s of `embeddings.build` (read, chunk, embed, BM25, save, swap; the encoder times one
  batch both ways and keeps bf16 only where it is faster) against raw fp32 encoding; model load excluded.
  The one-time ONNX export (only when the weights have no ONNX model yet) is timed on its own.
- incremental: one report of the 30 changed, rebuilt: passages re-embedded and time against the full build.
- cold start: `python -m bot --mode http` from process start until /healthz answers, and its resident memory,
  with ENCODER=sentence-transformers (before) and ENCODER=auto (the ONNX model).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from bench.quality import SHARED  # noqa: E402
from embeddings.pipeline import build_corpus  # noqa: E402
from embeddings.encoders.onnx import ensure_exported  # noqa: E402
from embeddings.encoders.sentence_transformers import SentenceTransformerEncoder, cpu_has_bf16  # noqa: E402
from embeddings.index import open_index  # noqa: E402
from embeddings.config import DEFAULT_MODEL  # noqa: E402
from tests.bot_process import start_bot  # noqa: E402
from tests.slack_fakes import FakeSlack  # noqa: E402


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> int:
    argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter).parse_args()
    scratch = ROOT / ".bench" / "build"
    shutil.rmtree(scratch, ignore_errors=True)
    corpus = scratch / "corpus"
    shutil.copytree(SHARED / "corpus" / "haufe-blog", corpus / "haufe-blog")
    shutil.copytree(SHARED / "seeds", corpus / "seeds")
    index_dir = scratch / "index"
    encoder = SentenceTransformerEncoder(DEFAULT_MODEL)
    encoder.encode(["warm up"])

    def raw_encode(texts: list[str], bf16: bool = False) -> tuple[float, np.ndarray]:
        started = time.perf_counter()
        with encoder._precision(bf16):
            vectors = encoder._model.encode(texts, batch_size=encoder.batch_size, normalize_embeddings=True)
        return time.perf_counter() - started, vectors

    print(f"load {os.getloadavg()[0]:.2f} (1-min average, 2 shared cores)")
    # The passages' texts come from a throwaway build; raw encoding is timed before and after the measured
    # build and averaged, so neither side profits from a warmer machine.
    build_corpus(corpus, scratch / "texts-index", lambda: encoder, DEFAULT_MODEL, progress=False)
    texts = [c.embed_text for c in open_index(scratch / "texts-index").chunks]
    raw_before, fp32 = raw_encode(texts)
    bf16_s, bf16 = raw_encode(texts, bf16=True)
    encoder.bf16 = None if cpu_has_bf16() else False  # let the measured build calibrate afresh
    started = time.perf_counter()
    full = build_corpus(corpus, index_dir, lambda: encoder, DEFAULT_MODEL, progress=False)
    full_s = time.perf_counter() - started
    raw_s = (raw_before + raw_encode(texts)[0]) / 2
    print(f"raw encode fp32 {len(texts)} passages in {raw_s:.1f} s = {len(texts) / raw_s:.1f} passages/s (mean of 2)")
    print(f"raw encode bf16 {len(texts)} passages in {bf16_s:.1f} s = {len(texts) / bf16_s:.1f} passages/s; lowest cosine "
          f"to fp32 {float(np.min(np.sum(fp32 * bf16, axis=1))):.5f} (CPU has native bf16: {cpu_has_bf16()})")
    print(f"full build      {full.chunks} passages in {full_s:.1f} s = {full.chunks / full_s:.1f} passages/s, "
          f"precision chosen: {'bf16' if encoder.bf16 else 'fp32'}")
    print(f"ratio           {raw_s / full_s:.2f}× of raw fp32 encoding throughput (target ≥ 0.9×)")
    started = time.perf_counter()
    ensure_exported(index_dir, encoder.fingerprint, lambda: encoder)
    print(f"ONNX export     {time.perf_counter() - started:.1f} s, once per weights (kept in INDEX_DIR/onnx/)")

    changed = corpus / "haufe-blog" / "_posts" / "2016-07-02-qcon-ny-summary.md"
    changed.write_text(changed.read_text() + "\n\n## Afterword\n\nOne more paragraph written after the conference.\n")
    started = time.perf_counter()
    incremental = build_corpus(corpus, index_dir, lambda: encoder, DEFAULT_MODEL, progress=False)
    inc_s = time.perf_counter() - started
    print(
        f"incremental     1 of {full.reports} reports changed: {incremental.embedded} of {incremental.chunks} passages "
        f"re-embedded in {inc_s:.2f} s = {inc_s / full_s:.1%} of the full build (target < 10%)"
    )

    slack = FakeSlack()
    # The bot builds its index first when none exists; cold start is measured with an index in place.
    build_corpus(ROOT / "corpus", scratch / "bot-index", lambda: encoder, DEFAULT_MODEL, progress=False, export_onnx=True)
    for name in ("sentence-transformers", "auto"):
        started = time.perf_counter()
        bot = start_bot(slack, scratch / "bot-index", ROOT / "corpus", scratch, RELOAD_INTERVAL_S="0", ENCODER=name)
        ready_s = time.perf_counter() - started
        print(f"cold start      ENCODER={name}: process start → accepting requests: {ready_s:.1f} s; "
              f"resident memory {rss_mb(bot.process.pid):.0f} MB")
        bot.stop()
    slack.close()
    print(f"command: {' '.join([Path(sys.executable).name, *sys.argv])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
