"""`python -m bot` on SIGTERM (what `docker stop` and Kubernetes send): it stops within Docker's 10 s grace,
exits 0, still posts the answers it already acknowledged, and an index build it interrupts publishes nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from embeddings.index import peek_manifest
from tests.bot_process import start_bot
from tests.conftest import REPO
from tests.slack_fakes import FakeSlack, dm, event_body

pytestmark = pytest.mark.slow

GRACE_S = 10.0
# What the ONNX and the sentence-transformers encoders log once loaded.
ENCODER_READY = ("ONNX encoder ready", "loaded embedding model")


def test_sigterm_finishes_the_acknowledged_answer_and_exits_cleanly(seeds_index: Path, tmp_path: Path) -> None:
    slack = FakeSlack()
    bot = start_bot(slack, seeds_index, REPO / "corpus", tmp_path)
    try:
        where = f"D{uuid.uuid4().hex[:10].upper()}"
        assert bot.post(event_body(dm("what did Zalando show?", channel=where)))[0] == 200
        started = time.monotonic()
        bot.process.send_signal(signal.SIGTERM)  # right after the ack, while the answer is being searched
        code = bot.process.wait(timeout=30)
        took = time.monotonic() - started
        assert code == 0 and took < GRACE_S, bot.log.read_text()
        assert len(slack.posted(where=where)) == 1
        assert "SIGTERM: stopped" in bot.log.read_text()
    finally:
        if bot.process.poll() is None:
            bot.process.kill()
        slack.close()


def test_sigterm_during_the_start_up_build_keeps_the_previous_index(tmp_path: Path) -> None:
    index_dir, corpus = tmp_path / "index", tmp_path / "reports"
    corpus.mkdir()
    (corpus / "first.md").write_text("# DockerCon\n\nZalando showed STUPS.\n", encoding="utf-8")
    env = {**os.environ, "CORPUS_DIR": str(corpus), "INDEX_DIR": str(index_dir), "RELOAD_INTERVAL_S": "0"}
    for name in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "EMBEDDING_MODEL", "REDIS_URL"):
        env.pop(name, None)
    subprocess.run([sys.executable, "-m", "embeddings", "build"], env=env, cwd=tmp_path, check=True, capture_output=True)
    before = peek_manifest(index_dir)
    assert before is not None and before.report_count == 1

    for n in range(150):  # enough new passages that embedding them takes a while
        (corpus / f"more-{n}.md").write_text(f"# Talk {n}\n\n" + f"Session {n} covered swarm and compose. " * 40)
    log = tmp_path / "bot.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot", "--mode", "console"], env=env, cwd=tmp_path, stdin=subprocess.PIPE,
            stdout=out, stderr=subprocess.STDOUT,
        )
    try:
        # Once the model is loaded the build is embedding passages: that is where SIGTERM lands.
        deadline = time.monotonic() + 120
        while not any(ready in log.read_text() for ready in ENCODER_READY) and time.monotonic() < deadline:
            assert process.poll() is None, log.read_text()
            time.sleep(0.1)
        assert "rebuilding the index" in log.read_text(), log.read_text()
        time.sleep(0.5)
        started = time.monotonic()
        process.send_signal(signal.SIGTERM)
        code = process.wait(timeout=30)
        assert code == 0 and time.monotonic() - started < GRACE_S, log.read_text()
    finally:
        if process.poll() is None:
            process.kill()
    text = log.read_text()
    assert "indexed" not in text and "SIGTERM: stopped" in text, text
    after = peek_manifest(index_dir)
    assert after == before
    assert not [p.name for p in index_dir.iterdir() if p.name.startswith(".staging")]
