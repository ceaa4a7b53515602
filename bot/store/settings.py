"""The store's settings, read from the environment and `.env` (to be folded into the bot's settings class)."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.store.records import LogPolicy

DB_FILE_NAME = "dockercon-bot.db"


class StoreSettings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore", env_ignore_empty=True)

    # SQLAlchemy URL; unset: an SQLite file in DATA_DIR. postgresql+psycopg://user:pw@host/db for several replicas.
    database_url: SecretStr | None = None
    data_dir: Path = Path("data")
    # full: who asked and where; anonymous: no user or channel ids; off: no questions stored.
    question_log: LogPolicy = "full"
    # Questions and votes older than this are deleted (daily).
    question_log_days: int = Field(default=90, ge=1)

    def url(self) -> str:
        if self.database_url is not None:
            return self.database_url.get_secret_value()
        return f"sqlite:///{(self.data_dir / DB_FILE_NAME).resolve()}"


def load_store_settings() -> StoreSettings:
    """Settings from the environment, or SystemExit with one readable line per bad value."""
    try:
        return StoreSettings()
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc']).upper()}: {e['msg']}" for e in exc.errors())
        raise SystemExit(f"error: bad setting: {problems}") from None
