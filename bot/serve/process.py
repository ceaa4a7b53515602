"""The bot as a process: its log format, and SIGTERM turned into an orderly stop."""

from __future__ import annotations

import logging
import signal
import threading
from typing import Any

from embeddings.logs import log_to_stderr


class Shutdown(SystemExit):
    """SIGTERM arrived (`docker stop`, Kubernetes): unwinds the main thread so servers and connections close.

    A SystemExit, so no `except Exception` on the way swallows it; an index build it interrupts publishes
    nothing (generations are switched atomically), and answers already acknowledged are still posted.
    """


def stop_on_sigterm(received: threading.Event) -> None:
    def handler(signum: int, frame: Any) -> None:
        received.set()
        raise Shutdown(0)

    signal.signal(signal.SIGTERM, handler)


def configure_logging() -> None:
    log_to_stderr(logging.INFO, "%(asctime)s %(levelname)s %(name)s: %(message)s")
    # Libraries that log at INFO per request or per batch would drown the one line per question.
    for noisy in ("sentence_transformers", "httpx", "urllib3", "waitress.queue", "bm25s", "faiss"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
