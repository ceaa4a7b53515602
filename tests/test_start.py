"""`python -m bot` started as a new user starts it (`make run`): what it says before it answers, and how a start
that cannot succeed ends. Real processes, the shipped corpus, the real model."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.test_encoders import WITHOUT_TORCH

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
    lacking = "Not set: SLACK_APP_TOKEN for Socket Mode, or SLACK_SIGNING_SECRET for HTTP mode."
    assert f"Slack is not configured. {lacking}" in done.stderr


def test_a_missing_corpus_fails_before_the_slack_guidance_and_leaves_no_index_folder(tmp_path: Path) -> None:
    index = tmp_path / "volume" / "index"
    done = start_bot(tmp_path, "what did Zalando show?\n", INDEX_DIR=str(index), CORPUS_DIR=str(tmp_path / "reports"))
    assert done.returncode == 1
    assert done.stderr.rstrip().splitlines()[-1].startswith("error: CORPUS_DIR ") and "does not exist" in done.stderr
    assert "Slack is not configured" not in done.stderr
    assert not (tmp_path / "volume").exists()  # not a folder holding only .lock, which looks like a broken index


def test_a_good_index_answers_with_a_warning_when_its_folder_cannot_be_read(seeds_index: Path, tmp_path: Path) -> None:
    index = tmp_path / "index"
    shutil.copytree(seeds_index, index)
    done = start_bot(
        tmp_path, "what did Zalando show?\n", INDEX_DIR=str(index), CORPUS_DIR=str(tmp_path / "moved-away")
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "STUPS" in done.stdout
    assert "WARNING bot: the index could not be brought up to date (CORPUS_DIR " in done.stderr
    assert "answering from the index built" in done.stderr


def test_a_runtime_install_builds_a_fresh_index_with_the_onnx_model_of_onnx_model_dir(
    seeds_index: Path, tmp_path: Path
) -> None:
    blocker = tmp_path / "without-torch"
    blocker.mkdir()
    (blocker / "sitecustomize.py").write_text(WITHOUT_TORCH)
    baked = tmp_path / "baked"
    shutil.copytree(seeds_index, baked)
    index = tmp_path / "volume" / "index"
    done = start_bot(
        tmp_path, "what did Zalando show?\n", "--mode", "console", INDEX_DIR=str(index),
        CORPUS_DIR=str(REPO / "corpus"), ONNX_MODEL_DIR=str(baked), PYTHONPATH=f"{blocker}{os.pathsep}{REPO}",
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "indexed 2 reports" in done.stderr and "STUPS" in done.stdout
    assert "sentence-transformers is not installed: encoding with the verified ONNX model" in done.stderr
    assert (index / "CURRENT").is_file()


def test_a_first_start_with_piped_questions_is_quiet_and_shows_each_question_with_its_answer(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(REPO / "corpus", corpus)
    done = start_bot(
        tmp_path, "what did Zalando show?\nwhat is content trust?\n", INDEX_DIR=str(tmp_path / "index"),
        CORPUS_DIR=str(corpus),
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "indexed 2 reports" in done.stderr  # a build happened, with the model loaded
    assert " DEBUG " not in done.stderr
    assert "\r" not in done.stderr and "it/s]" not in done.stderr  # no progress bar
    out = done.stdout
    first, second = out.index("> what did Zalando show?"), out.index("> what is content trust?")
    assert first < out.index("STUPS") < second < out.index("Docker Content Trust")
