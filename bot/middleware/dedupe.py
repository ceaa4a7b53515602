"""Global middleware: Slack retries a delivery it thinks failed (same event_id, X-Slack-Retry-Num); each event
is handled once, whichever replica or retry it reaches."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import BoltResponse
from slack_bolt.request import BoltRequest

from bot.state.seen import SeenEvents

log = logging.getLogger(__name__)

Middleware = Callable[..., BoltResponse | None]


def dedupe_deliveries(seen: SeenEvents) -> Middleware:
    """Slack retries a delivery it thinks failed (same event_id, X-Slack-Retry-Num): handle each event once."""

    def dedupe(body: dict[str, Any], request: BoltRequest, next: Callable[[], None]) -> BoltResponse | None:
        event_id = body.get("event_id")
        if event_id and not seen.first_time(f"event:{event_id}"):
            retry = (request.headers.get("x-slack-retry-num") or ["-"])[0]
            log.info("ignored repeated delivery of %s (retry %s)", event_id, retry)
            return BoltResponse(status=200, body="")
        next()
        return None

    return dedupe
