"""`python -m bot`: bring the index up to date, load it and the model, then serve Slack (or a local console)."""

from __future__ import annotations

import argparse
import logging
import threading
from collections.abc import Sequence

from bot.config import load_settings
from bot.serve import run
from bot.serve.modes import MODES
from bot.serve.process import Shutdown, configure_logging, stop_on_sigterm

log = logging.getLogger("bot")


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(
        prog="python -m bot",
        description="dockercon-bot: answers questions about event reports in Slack.",
        epilog=(
            "modes: auto (default) picks socket when SLACK_APP_TOKEN is set, http when SLACK_SIGNING_SECRET is, "
            "and the console when Slack is not configured; http serves POST /slack/events and GET /healthz on PORT; "
            "socket connects out to Slack (no public URL needed); console answers questions typed in the terminal."
        ),
    )
    root.add_argument("--mode", choices=MODES, default="auto", help="how to talk to users (default: auto)")
    root.add_argument("--port", type=int, help="HTTP mode port (default: PORT, 3000)")
    root.add_argument("--no-build", action="store_true", help="do not rebuild a stale index before starting")
    return root


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    configure_logging()
    # PID 1 in a container ignores SIGTERM unless the process handles it: `docker stop` would wait and SIGKILL.
    sigterm = threading.Event()
    stop_on_sigterm(sigterm)
    try:
        code = run(load_settings(), args.mode, args.port, rebuild=not args.no_build)
    except Shutdown:  # waitress catches it itself and returns; elsewhere (index build, Socket Mode) it lands here
        code = 0
    if sigterm.is_set():
        log.info("SIGTERM: stopped")
    return code
