"""Settings as a user writes them: a `.env` copied from `.env.example` (also what `docker run --env-file` reads)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.serve.modes import choose_mode
from bot.config import BotSettings as Settings
from tests.conftest import REPO

SLACK = ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "REDIS_URL", "CORPUS_DIR", "INDEX_DIR", "FEEDBACK_LOG")


@pytest.fixture
def in_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    for name in SLACK:
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def filled_example(**values: str) -> str:
    lines = []
    for line in (REPO / ".env.example").read_text(encoding="utf-8").splitlines():
        key = line.split("=", 1)[0]
        lines.append(f"{key}={values[key]}" if key in values and not line.startswith("#") else line)
    return "\n".join(lines) + "\n"


def test_env_example_with_the_http_mode_settings_filled_in_runs_http_mode(in_folder: Path) -> None:
    (in_folder / ".env").write_text(filled_example(SLACK_BOT_TOKEN="xoxb-1", SLACK_SIGNING_SECRET="secret"))
    settings = Settings()
    # SLACK_APP_TOKEN= and REDIS_URL= are left empty in the example: empty means not set.
    assert settings.slack_app_token is None and settings.redis_url is None
    assert choose_mode("auto", settings) == ("http", [])


def test_env_example_leaves_paths_to_their_defaults_so_the_image_can_set_its_own(in_folder: Path) -> None:
    (in_folder / ".env").write_text(filled_example(SLACK_BOT_TOKEN="xoxb-1", SLACK_APP_TOKEN="xapp-1"))
    settings = Settings()
    assert (settings.corpus_dir, settings.index_dir, settings.feedback_log) == (
        Path("corpus"), Path("index"), Path("feedback.jsonl")
    )
    assert choose_mode("auto", settings) == ("socket", [])


def test_empty_environment_values_are_unset_too(in_folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_APP_TOKEN", "")
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-1")
    assert choose_mode("auto", Settings(_env_file=None)) == ("console", ["SLACK_SIGNING_SECRET"])  # type: ignore[call-arg]
