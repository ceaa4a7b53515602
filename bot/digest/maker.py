"""The digest as the running bot and `python -m bot.digest` make it: the store's figures, the index's encoder
for grouping and its reports for "New reports", and a way to post it to DIGEST_CHANNEL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from bot.digest.cluster import Embed
from bot.digest.compute import Digest, DigestSource, NewReport, collect, compute_digest
from bot.render.blocks import Message
from bot.render.digest import digest_message
from bot.store.records import Period

# The admins' App Home shows the last week, whatever the schedule.
HOME_SPAN = dt.timedelta(days=7)


@dataclass(frozen=True)
class DigestMaker:
    store: DigestSource
    embed: Embed
    new_reports: Callable[[Period], list[NewReport]]
    channel: str | None = None
    # Posts a message to `channel`; True when Slack took it.
    post: Callable[[str, Message], bool] | None = None

    def make(self, period: Period, public_only: bool = True) -> Digest:
        return compute_digest(collect(self.store, period), self.embed, self.new_reports(period), public_only)

    def post_digest(self, period: Period) -> str:
        """Posts the period's digest (public questions quoted only); a line saying what happened."""
        return self.try_post(period)[1]

    def try_post(self, period: Period) -> tuple[bool, str]:
        """(whether Slack took the digest, the line saying what happened)."""
        if not self.channel or self.post is None:
            return False, "DIGEST_CHANNEL is not set, so there is nowhere to post the digest."
        digest = self.make(period, public_only=True)
        if not self.post(self.channel, digest_message(digest)):
            return False, f"Slack refused the digest for <#{self.channel}> (see the bot's log)."
        return True, f"Posted the digest to <#{self.channel}>."
