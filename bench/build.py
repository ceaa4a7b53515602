"""Index build throughput vs raw encoding, incremental rebuild, cold start and memory.

Run by hand:  .venv/bin/python bench/build.py

- full build: passages/s of `embeddings.build` (read, chunk, embed, BM25, save, swap) against
  `SentenceTransformer.encode` alone on the same passage texts, same batch size; model load excluded.
- incremental: one report of the 30 changed, rebuilt: passages re-embedded and time against the full build.
- cold start: `python -m bot --mode http` from process start until /healthz answers, and its resident memory.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.quality import SHARED  # noqa: E402
from embeddings.build import build  # noqa: E402
from embeddings.encoder import SentenceTransformerEncoder  # noqa: E402
from embeddings.index import open_index  # noqa: E402
from embeddings.settings import DEFAULT_MODEL  # noqa: E402
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

    def raw_encode(texts: list[str]) -> float:
        started = time.perf_counter()
        encoder._model.encode(texts, batch_size=encoder.batch_size, normalize_embeddings=True)
        return time.perf_counter() - started

    # The passages' texts come from a throwaway build; raw encoding is timed before and after the measured
    # build and averaged, so neither side profits from a warmer machine.
    build(corpus, scratch / "texts-index", lambda: encoder, DEFAULT_MODEL, progress=False)
    texts = [c.embed_text for c in open_index(scratch / "texts-index").chunks]
    raw_before = raw_encode(texts)
    started = time.perf_counter()
    full = build(corpus, index_dir, lambda: encoder, DEFAULT_MODEL, progress=False)
    full_s = time.perf_counter() - started
    raw_s = (raw_before + raw_encode(texts)) / 2
    print(f"full build      {full.chunks} passages in {full_s:.1f} s = {full.chunks / full_s:.1f} passages/s")
    print(f"raw encode      {len(texts)} passages in {raw_s:.1f} s = {len(texts) / raw_s:.1f} passages/s (mean of 2)")
    print(f"ratio           {raw_s / full_s:.2f}× of raw encoding throughput (target ≥ 0.9×)")

    changed = corpus / "haufe-blog" / "_posts" / "2016-07-02-qcon-ny-summary.md"
    changed.write_text(changed.read_text() + "\n\n## Afterword\n\nOne more paragraph written after the conference.\n")
    started = time.perf_counter()
    incremental = build(corpus, index_dir, lambda: encoder, DEFAULT_MODEL, progress=False)
    inc_s = time.perf_counter() - started
    print(
        f"incremental     1 of {full.reports} reports changed: {incremental.embedded} of {incremental.chunks} passages "
        f"re-embedded in {inc_s:.2f} s = {inc_s / full_s:.1%} of the full build (target < 10%)"
    )

    slack = FakeSlack()
    # The bot builds its index first when none exists; cold start is measured with an index in place.
    build(ROOT / "corpus", scratch / "bot-index", lambda: encoder, DEFAULT_MODEL, progress=False)
    started = time.perf_counter()
    bot = start_bot(slack, scratch / "bot-index", ROOT / "corpus", scratch, RELOAD_INTERVAL_S="0")
    ready_s = time.perf_counter() - started
    print(f"cold start      process start → accepting requests: {ready_s:.1f} s; resident memory {rss_mb(bot.process.pid):.0f} MB")
    bot.stop()
    slack.close()
    print(f"command: {' '.join([Path(sys.executable).name, *sys.argv])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
