"""The digest's settings (to be folded into the bot's settings class with the store's)."""

from __future__ import annotations

from pydantic import model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.digest.schedule import DEFAULT_SCHEDULE, Schedule, parse_schedule


class DigestSettings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore", env_ignore_empty=True)

    # Where `--post` and the schedule post the digest (a channel id); unset: the running bot posts nothing.
    digest_channel: str | None = None
    # 5-field cron (minute hour day month weekday) in DIGEST_TZ.
    digest_schedule: str = DEFAULT_SCHEDULE
    digest_tz: str = "UTC"

    @model_validator(mode="after")
    def _schedule_parses(self) -> DigestSettings:
        parse_schedule(self.digest_schedule, self.digest_tz)  # ValueError → a readable settings error
        return self

    def schedule(self) -> Schedule:
        return parse_schedule(self.digest_schedule, self.digest_tz)
