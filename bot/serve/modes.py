"""Which way the bot talks to people: Slack over HTTP, Slack over Socket Mode, or a local console when Slack
is not configured."""

from __future__ import annotations

from bot.config import BotSettings

MODES = ("auto", "http", "socket", "console")
# What each Slack mode needs, named as in .env and as the setup help below calls the modes.
NEEDS = {
    "socket": ("Socket Mode", ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN")),
    "http": ("HTTP mode", ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET")),
}
SETUP_HELP = """\
Slack is not configured. Not set: {missing}.
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


def choose_mode(requested: str, settings: BotSettings) -> tuple[str, dict[str, list[str]]]:
    """(mode, the settings missing for each Slack mode that was considered, {} when one is complete).

    `auto` considers both modes and picks Socket Mode when it is complete, else HTTP; when neither is, the
    console starts and the user is told what each of the two lacks, since either would do."""
    if requested == "console":
        return "console", {}
    candidates = ("socket", "http") if requested == "auto" else (requested,)
    missing: dict[str, list[str]] = {}
    for mode in candidates:
        label, needed = NEEDS[mode]
        lacking = [name for name in needed if getattr(settings, name.lower()) is None]
        if not lacking:
            return mode, {}
        missing[label] = lacking
    return "console", missing


def describe_missing(missing: dict[str, list[str]]) -> str:
    """'SLACK_APP_TOKEN for Socket Mode, or SLACK_SIGNING_SECRET for HTTP mode'."""
    return ", or ".join(f"{' and '.join(names)} for {label}" for label, names in missing.items())


def setup_help(missing: dict[str, list[str]]) -> str:
    return SETUP_HELP.format(missing=describe_missing(missing))
