"""Plot bench/scale.py's results: search latency and index memory against corpus size → docs/performance.png.

Run by hand after bench/scale.py:  .venv/bin/python bench/plot.py   (needs `pip install -e '.[bench]'`)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    rows = json.loads((ROOT / ".bench" / "scale" / "results.json").read_text())
    n = [r["passages"] for r in rows]
    fig, (latency, memory) = plt.subplots(1, 2, figsize=(11, 4.2))
    latency.plot(n, [r["flat_p99_ms"] for r in rows], "o-", label="exact flat scan, p99")
    latency.plot(n, [r["flat_p50_ms"] for r in rows], "o--", label="exact flat scan, p50")
    latency.plot(n, [r["hnsw_p99_ms"] for r in rows], "s-", label="HNSW (M=32, efSearch=96), p99")
    if all("bm25_p99_ms" in r for r in rows):
        latency.plot(n, [r["bm25_p99_ms"] for r in rows], "^-", label="BM25 top-50, p99")
    latency.axhline(50, color="grey", linestyle=":", label="50 ms budget")
    latency.set(xscale="log", yscale="log", xlabel="passages", ylabel="ms per question (1 thread)",
                title="Search latency")
    latency.legend(fontsize=8)
    memory.plot(n, [r["flat_mb"] for r in rows], "o-", label="exact flat (float32)")
    memory.plot(n, [r["hnsw_mb"] for r in rows], "s-", label="HNSW")
    memory.set(xscale="log", yscale="log", xlabel="passages", ylabel="MB", title="Vector index memory")
    memory.legend(fontsize=8)
    for x, r in zip(n, rows):
        latency.annotate(f"recall@10 {r['hnsw_recall10']:.3f}", (x, r["hnsw_p99_ms"]), fontsize=7,
                         textcoords="offset points", xytext=(4, -10))
    fig.tight_layout()
    out = ROOT / "docs" / "performance.png"
    fig.savefig(out, dpi=120)
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
