"""Which way the bot talks to people: Slack over HTTP, Slack over Socket Mode, or a local console when Slack
is not configured."""

from __future__ import annotations

from bot.config import BotSettings

MODES = ("auto", "http", "socket", "console")
SETUP_HELP = """\
Slack is not configured: {missing} not set.
To connect the bot to Slack:
  1. https://api.slack.com/apps → Create New App → From a manifest → paste manifest.yml from this repo.
  2. Install it to your workspace, then put in .env (see .env.example):
       SLACK_BOT_TOKEN       OAuth & Permissions → Bot User OAuth Token (xoxb-…)
       SLACK_APP_TOKEN       Basic Information → App-Level Tokens, scope connections:write (xapp-…): Socket Mode
     or, for HTTP mode behind a public URL instead of Socket Mode:
       SLACK_SIGNING_SECRET  Basic Information → Signing Secret
  3. make run
Meanwhile, here is a local console with the same answers.
"""


def choose_mode(requested: str, settings: BotSettings) -> tuple[str, list[str]]:
    """(mode, names of the missing settings that forced the console)."""
    has = {name: getattr(settings, name.lower()) is not None for name in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET")}
    if requested == "console":
        return "console", []
    if requested == "auto":
        requested = "socket" if has["SLACK_APP_TOKEN"] else "http"
    needed = ["SLACK_BOT_TOKEN", "SLACK_APP_TOKEN" if requested == "socket" else "SLACK_SIGNING_SECRET"]
    missing = [name for name in needed if not has[name]]
    return ("console", missing) if missing else (requested, [])
