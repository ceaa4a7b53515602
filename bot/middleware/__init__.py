"""Global middleware, run before every listener: repeated deliveries are dropped, and a message that is not
a question for the bot is acknowledged here and never reaches a listener."""

from __future__ import annotations

from slack_bolt import App

from bot.middleware import dedupe, for_us
from bot.middleware.for_us import ChannelCheck
from bot.state.seen import SeenEvents


def install(app: App, seen: SeenEvents, answer_channel: ChannelCheck = lambda channel: False) -> None:
    """`answer_channel` says whether a channel answers every question (its top-level messages then pass)."""
    app.middleware(dedupe.dedupe_deliveries(seen))
    app.middleware(for_us.questions_for_us(seen, answer_channel))
