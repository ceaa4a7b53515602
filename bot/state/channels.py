"""The kind of a C… channel (public or private), asked of Slack once (`conversations.info`) and remembered:
Slack's events for mentions and commands do not say, and a private channel's questions must never be quoted
where everyone reads."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.store.records import ChannelKind

log = logging.getLogger(__name__)
# A channel made private (or public) is seen within this; until then its questions keep the old kind.
TTL_S = 3600.0
MAX_CHANNELS = 5000


class ChannelKinds:
    def __init__(self, client: WebClient, clock: Callable[[], float] = time.monotonic) -> None:
        self._client, self._clock = client, clock
        self._known: dict[str, tuple[float, ChannelKind]] = {}
        self._lock = threading.Lock()

    def known(self, channel_id: str) -> ChannelKind | None:
        """The kind remembered for the channel, without asking Slack; None when it would have to be asked."""
        with self._lock:
            known = self._known.get(channel_id)
            return known[1] if known and self._clock() - known[0] < TTL_S else None

    def kind(self, channel_id: str) -> ChannelKind:
        """public, private or dm; "private" when Slack cannot say (missing scope, channel gone): counted, never
        quoted, is the safe side."""
        known = self.known(channel_id)
        if known is not None:
            return known
        kind = self._ask(channel_id)
        with self._lock:
            if len(self._known) >= MAX_CHANNELS:
                self._known.clear()
            self._known[channel_id] = (self._clock(), kind)
        return kind

    def _ask(self, channel_id: str) -> ChannelKind:
        try:
            channel = self._client.conversations_info(channel=channel_id).get("channel") or {}
        except SlackApiError as exc:
            log.warning("could not tell whether %s is public (%s): its questions count as private",
                        channel_id, exc.response.get("error"))
            return "private"
        except Exception as exc:  # noqa: BLE001 - a lookup for the log never breaks anything
            log.warning("could not tell whether %s is public (%s): its questions count as private", channel_id, exc)
            return "private"
        if channel.get("is_im"):
            return "dm"
        if channel.get("is_private") or channel.get("is_mpim") or not channel:
            return "private"
        return "public"
