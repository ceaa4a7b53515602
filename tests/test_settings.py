"""Settings as a user writes them: a `.env` copied from `.env.example` (also what `docker run --env-file` reads)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.serve.modes import choose_mode, describe_missing
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
    assert choose_mode("auto", settings) == ("http", {})


def test_env_example_leaves_paths_to_their_defaults_so_the_image_can_set_its_own(in_folder: Path) -> None:
    (in_folder / ".env").write_text(filled_example(SLACK_BOT_TOKEN="xoxb-1", SLACK_APP_TOKEN="xapp-1"))
    settings = Settings()
    assert (settings.corpus_dir, settings.index_dir, settings.feedback_log) == (
        Path("corpus"), Path("index"), Path("feedback.jsonl")
    )
    assert choose_mode("auto", settings) == ("socket", {})


def test_empty_environment_values_are_unset_too(in_folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_APP_TOKEN", "")
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-1")
    mode, missing = choose_mode("auto", Settings(_env_file=None))  # type: ignore[call-arg]
    assert (mode, missing) == ("console", {"Socket Mode": ["SLACK_APP_TOKEN"], "HTTP mode": ["SLACK_SIGNING_SECRET"]})


def test_auto_mode_names_what_each_slack_mode_lacks(in_folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-1")
    mode, missing = choose_mode("auto", Settings(_env_file=None))  # type: ignore[call-arg]
    assert mode == "console"
    assert describe_missing(missing) == "SLACK_APP_TOKEN for Socket Mode, or SLACK_SIGNING_SECRET for HTTP mode"
    nothing = choose_mode("auto", Settings(_env_file=None, slack_bot_token=None))[1]  # type: ignore[call-arg]
    assert describe_missing(nothing) == (
        "SLACK_BOT_TOKEN and SLACK_APP_TOKEN for Socket Mode, or SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET for HTTP mode"
    )


def test_a_mode_asked_for_by_name_names_only_what_it_lacks(in_folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-1")
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert choose_mode("http", settings) == ("console", {"HTTP mode": ["SLACK_SIGNING_SECRET"]})
    assert choose_mode("socket", settings) == ("console", {"Socket Mode": ["SLACK_APP_TOKEN"]})
