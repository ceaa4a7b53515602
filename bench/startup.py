"""Console start-up: `python -m bot --mode console` from process start to the first answer printed, and the
process's peak memory, with the ONNX encoder and with sentence-transformers (torch).

Run by hand:  .venv/bin/python bench/startup.py [--runs 5]

The index (corpus/, with its ONNX model) is built once before timing, as it would be on a deployed bot;
each run is a fresh process reading one question from stdin. Peak RSS is the child's ru_maxrss.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from embeddings.pipeline import build_corpus  # noqa: E402
from embeddings.encoders import get_encoder  # noqa: E402
from embeddings.config import DEFAULT_MODEL  # noqa: E402

QUESTION = "what did Zalando show?"


def peak_rss_mb(pid: int) -> float:
    """VmHWM: the process's peak resident memory since exec (the forked image of this script not counted)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def one_run(index: Path, encoder: str) -> tuple[float, float, float]:
    """(seconds from process start to the first answer on stdout, peak RSS in MB at that moment, CPU seconds
    of the whole process)."""
    env = {**os.environ, "INDEX_DIR": str(index), "CORPUS_DIR": str(ROOT / "corpus"), "ENCODER": encoder}
    for name in ("EMBEDDING_MODEL", "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET"):
        env.pop(name, None)
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "--mode", "console"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL, text=True, env=env, cwd=index.parent,
    )
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write(QUESTION + "\n")
    process.stdin.flush()
    answered = None
    peak = float("nan")
    for line in process.stdout:
        # The console ends every answer with its search time, "(N ms)".
        if line.strip().endswith("ms)") and line.strip().startswith("("):
            answered = time.perf_counter() - started
            peak = peak_rss_mb(process.pid)
            break
    process.stdin.close()
    process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    if answered is None or status != 0:
        raise RuntimeError(f"the console gave no answer (exit status {status})")
    return answered, peak, usage.ru_utime + usage.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--encoders", default="onnx,sentence-transformers")
    args = parser.parse_args()

    index = ROOT / ".bench" / "startup" / "index"
    build_corpus(ROOT / "corpus", index, lambda: get_encoder("sentence-transformers", DEFAULT_MODEL, purpose="build"),
          DEFAULT_MODEL, progress=False, export_onnx=True)
    print(f"load before: {os.getloadavg()[0]:.2f} (1-min average; the machine's 2 cores are shared)")
    print(f"{'ENCODER':24s}{'runs':>5s}{'first answer p50':>18s}{'min':>8s}{'max':>8s}{'peak RSS':>10s}{'CPU':>10s}")
    saved = index.parent / "results.json"
    # Encoders measured in another run (--encoders) are kept, for bench/plot_light.py.
    results: dict[str, dict[str, float]] = json.loads(saved.read_text()) if saved.is_file() else {}
    for encoder in args.encoders.split(","):
        one_run(index, encoder)  # page cache warm, as for a restart
        times: list[float] = []
        peaks: list[float] = []
        cpu: list[float] = []
        for _ in range(args.runs):
            seconds, peak, cpu_s = one_run(index, encoder)
            times.append(seconds)
            peaks.append(peak)
            cpu.append(cpu_s)
        results[encoder] = {"first_answer_s": statistics.median(times), "peak_rss_mb": max(peaks),
                            "cpu_s": statistics.median(cpu)}
        print(
            f"{encoder:24s}{args.runs:5d}{statistics.median(times):17.2f}s{min(times):7.2f}s{max(times):7.2f}s"
            f"{max(peaks):8.0f} MB{statistics.median(cpu):9.2f}s"
        )
    print(f"load after: {os.getloadavg()[0]:.2f}")
    saved.write_text(json.dumps(results, indent=2))
    print("targets: first answer ≤ 1.5 s, peak RSS ≤ 300 MB (ONNX)")
    print(f"command: {' '.join([Path(sys.executable).name, *sys.argv])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
