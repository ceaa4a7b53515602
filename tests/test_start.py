"""`python -m bot` started as a new user starts it (`make run`): what it says before it answers, and how a start
that cannot succeed ends. Real processes, the shipped corpus, the real model."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.slow

# Settings a developer's shell may hold that would change what these starts do.
CLEARED = (
    "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "EMBEDDING_MODEL", "ENCODER", "ONNX_MODEL_DIR",
    "SOURCES_FILE", "REDIS_URL",
)


def start_bot(tmp_path: Path, stdin: str, *args: str, **settings: str) -> subprocess.CompletedProcess[str]:
    """`python -m bot` in `tmp_path` with stdin a pipe (not a terminal), as `echo question | make run` runs it."""
    env = {**os.environ, "RELOAD_INTERVAL_S": "0", "PYTHONPATH": str(REPO), **settings}
    for name in CLEARED:
        if name not in settings:
            env.pop(name, None)
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], input=stdin, env=env, cwd=tmp_path, capture_output=True, text=True,
        timeout=300,
    )


def test_with_only_the_bot_token_the_help_names_what_each_slack_mode_lacks(seeds_index: Path, tmp_path: Path) -> None:
    done = start_bot(
        tmp_path, "", INDEX_DIR=str(seeds_index), CORPUS_DIR=str(REPO / "corpus"), SLACK_BOT_TOKEN="xoxb-1"
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Slack is not configured. Not set: SLACK_APP_TOKEN for Socket Mode, or SLACK_SIGNING_SECRET for HTTP mode." in done.stderr
