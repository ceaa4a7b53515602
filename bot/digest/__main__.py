"""`python -m bot.digest [--since 7d] [--json] [--post]`: the digest from the bot's database (DATABASE_URL, else
the SQLite file in DATA_DIR), grouped with the index's encoder, its new reports from the index in INDEX_DIR,
posted with SLACK_BOT_TOKEN to DIGEST_CHANNEL."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence

import numpy as np

from bot.config import BotSettings, load_settings
from bot.digest.cli import run
from bot.digest.cluster import Embed
from bot.digest.compute import NewReport
from bot.digest.reports import added_in
from bot.render.blocks import Message
from bot.store import Period, open_store
from embeddings.encoders import Encoder, get_encoder
from embeddings.errors import EmbeddingsError
from embeddings.index.folder import Index
from embeddings.index.store import open_index


def main(argv: Sequence[str] | None = None) -> int:
    settings = load_settings()
    store = open_store(settings=settings)
    try:
        if store.health().status != "ok":
            print(f"error: database unavailable: {store.health().reason}", file=sys.stderr)
            return 1
        index = _index(settings)
        return run(argv, store, _embed(settings, index), _new_reports(index), _poster(settings), sys.stdout)
    finally:
        store.close()


def _index(settings: BotSettings) -> Index | None:
    try:
        return open_index(settings.index_dir)
    except EmbeddingsError as exc:
        print(f"note: {exc}; questions are grouped by their exact words only, and no new reports are listed",
              file=sys.stderr)
        return None


def _embed(settings: BotSettings, index: Index | None) -> Embed:
    """The index's encoder, loaded on first use (a period without questions needs none)."""
    if index is None:
        return _exact_only
    loaded: list[Encoder] = []

    def embed(texts: list[str]) -> np.ndarray:
        if not loaded:
            loaded.append(get_encoder(settings.encoder, index.manifest.model, index_dir=settings.index_dir))
        return loaded[0].encode(texts)

    return embed


def _exact_only(texts: list[str]) -> np.ndarray:
    """Unit vectors that are alike only for the same text: without an index, only repeats are merged."""
    return np.eye(len(texts), dtype=np.float32)


def _new_reports(index: Index | None) -> Callable[[Period], list[NewReport]]:
    return (lambda period: added_in(index, period)) if index is not None else (lambda period: [])


def _poster(settings: BotSettings) -> Callable[[Message], None] | None:
    if not settings.digest_channel:
        return None
    if settings.slack_bot_token is None:
        print("error: SLACK_BOT_TOKEN is not set; nothing posted", file=sys.stderr)
        return None
    from bot.answering.replies import post
    from bot.app import web_client

    client, channel = web_client(settings), settings.digest_channel

    def post_digest(message: Message) -> None:
        if post(client, channel, message, thread_ts=None) is None:
            raise SystemExit(f"error: Slack refused the digest for {channel} (see above)")

    return post_digest


if __name__ == "__main__":
    sys.exit(main())
