"""The bot's settings: the engine's (embeddings/config.py) plus Slack, the HTTP port, Redis and the feedback
log, read from the same environment and `.env` under the same names."""

from __future__ import annotations

from pathlib import Path

from pydantic import SecretStr

from embeddings.config import Settings, load


def load_settings() -> BotSettings:
    """The bot's settings, or SystemExit with one readable line per bad value."""
    return load(BotSettings)


class BotSettings(Settings):
    slack_bot_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_api_url: str = "https://slack.com/api/"
    port: int = 3000
    # With several bot replicas, the handled-event memory must be shared: redis://host:6379/0
    redis_url: SecretStr | None = None
    # 👍/👎 clicks are appended here, one JSON object per line.
    feedback_log: Path = Path("feedback.jsonl")
