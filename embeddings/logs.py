"""Logging to stderr for the commands (`python -m embeddings`, `python -m bot`)."""

from __future__ import annotations

import logging
import sys


def log_to_stderr(level: int, fmt: str) -> None:
    """Records at `level` and above, from the project and its libraries, to stderr.

    The handler is given the level too, not only the root logger: bm25s sets its own logger to DEBUG when it is
    imported (after this runs), and a logger's own level decides alone whether its records reach the handlers.
    """
    handler = logging.StreamHandler(sys.stderr)
    handler.setLevel(level)
    handler.setFormatter(logging.Formatter(fmt))
    logging.basicConfig(level=level, handlers=[handler])
