"""Plot the light query path, before (sentence-transformers + torch) and after (ONNX Runtime):
console start-up, peak memory and per-question latency → docs/light.png.

Run by hand after bench/startup.py and bench/latency.py:  .venv/bin/python bench/plot_light.py
(needs `pip install -e '.[bench]'`)
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
    startup = json.loads((ROOT / ".bench" / "startup" / "results.json").read_text())
    latency = json.loads((ROOT / ".bench" / "latency" / "results.json").read_text())
    before, after = startup["sentence-transformers"], startup["onnx"]
    fig, (start, memory, per_question) = plt.subplots(1, 3, figsize=(13, 4.2))
    labels = ["torch (before)", "ONNX (after)"]
    colors = ["#b0b0b0", "#2a7ab9"]

    start.bar(labels, [before["first_answer_s"], after["first_answer_s"]], color=colors)
    start.axhline(1.5, color="grey", linestyle=":", label="target 1.5 s")
    start.set(ylabel="seconds", title="Console: process start → first answer")
    start.legend(fontsize=8)

    memory.bar(labels, [before["peak_rss_mb"], after["peak_rss_mb"]], color=colors)
    memory.axhline(300, color="grey", linestyle=":", label="target 300 MB")
    memory.set(ylabel="MB", title="Console: peak resident memory")
    memory.legend(fontsize=8)

    names = ["floor torch", "floor ONNX", "full ONNX", "cli took_ms", "cli per answer"]
    x = range(len(names))
    per_question.bar([i - 0.2 for i in x], [latency[n]["p50"] for n in names], width=0.4, label="p50")
    per_question.bar([i + 0.2 for i in x], [latency[n]["p99"] for n in names], width=0.4, label="p99")
    per_question.axhline(1.5 * latency["floor ONNX"]["p50"], color="grey", linestyle=":", label="1.5× ONNX floor p50")
    per_question.set_xticks(list(x), [n.replace(" ", "\n", 1) for n in names], fontsize=8)
    per_question.set(yscale="log", ylabel="ms per question (log)", title="Per question (floor = encode + exact scan)")
    per_question.legend(fontsize=8)
    for axis in (start, memory):
        for patch in axis.patches:
            axis.annotate(f"{patch.get_height():.2f}" if patch.get_height() < 20 else f"{patch.get_height():.0f}",
                          (patch.get_x() + patch.get_width() / 2, patch.get_height()), ha="center", va="bottom",
                          fontsize=8)
    fig.tight_layout()
    out = ROOT / "docs" / "light.png"
    fig.savefig(out, dpi=110)
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
