"""The bot's settings: the engine's (embeddings/config.py) plus Slack, the HTTP port, Redis, the feedback log,
the database (bot/store) and the digest (bot/digest), read from the same environment and `.env` under the same
names."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import NoDecode

from bot.digest.settings import DigestSettings
from bot.store.settings import StoreSettings
from embeddings.config import Settings, load


def load_settings() -> BotSettings:
    """The bot's settings, or SystemExit with one readable line per bad value."""
    return load(BotSettings)


class BotSettings(Settings, StoreSettings, DigestSettings):
    """Settings + DATABASE_URL, QUESTION_LOG, QUESTION_LOG_DAYS (StoreSettings; the database is an SQLite file
    in DATA_DIR unless DATABASE_URL is set) + DIGEST_CHANNEL, DIGEST_SCHEDULE, DIGEST_TZ (DigestSettings)."""

    slack_bot_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_api_url: str = "https://slack.com/api/"
    port: int = 3000
    # With several bot replicas, the handled-event memory must be shared: redis://host:6379/0
    redis_url: SecretStr | None = None
    # 👍/👎 clicks before the database: imported into it once at start, then renamed to *.imported.
    feedback_log: Path = Path("feedback.jsonl")
    # Slack user ids who see the insights on the App Home besides workspace admins and owners: U01,U02
    admin_users: Annotated[tuple[str, ...], NoDecode] = ()
    # How often the running bot checks whether the scheduled digest or the daily purge is due (seconds).
    digest_check_interval_s: float = Field(default=60.0, gt=0)

    # Asking the people who were there: "Ask <author>" buttons, saved answers, answer channels. off turns it off.
    ask_authors: bool = True
    # How many questions one author is asked per day (UTC) at most.
    ask_author_daily_limit: int = Field(default=5, ge=1)
    # YAML: an author's name as the reports write it -> their Slack user id or e-mail address.
    authors_file: Path | None = None
    # Channel ids where every top-level question gets a confident answer without a mention: C01,C02
    answer_channels: Annotated[tuple[str, ...], NoDecode] = ()
    # How often each replica reads the saved answers from the database into its index (seconds; 0: only with
    # the folders, RELOAD_INTERVAL_S). An answer saved on one replica is quoted by every other within this long.
    saved_answers_sync_s: float = Field(default=30.0, ge=0)

    @field_validator("admin_users", "answer_channels", mode="before")
    @classmethod
    def _comma_separated(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(part for part in (p.strip() for p in value.replace(" ", ",").split(",")) if part)
        return value
