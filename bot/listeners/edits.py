"""A saved answer follows its Slack message: edited there, updated here; deleted there, removed here (the
`message_changed` and `message_deleted` events of public channels)."""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING, Any

from slack_bolt import App

from bot.store.ask_records import StoreUnavailable

if TYPE_CHECKING:
    from bot.listeners import Deps

log = logging.getLogger(__name__)


def is_edit(event: dict[str, Any]) -> bool:
    return event.get("subtype") in {"message_changed", "message_deleted"}


def register(app: App, deps: Deps) -> None:
    asking = deps.asking
    if asking is None:
        return

    @app.event("message", matchers=[is_edit])
    def on_edit(event: dict[str, Any]) -> None:
        channel = str(event.get("channel"))
        try:
            if event["subtype"] == "message_deleted":
                changed = deps.store.saved.remove_message(channel, str(event.get("deleted_ts")))
            else:
                message = event.get("message") or {}
                edited = (message.get("edited") or {}).get("ts") or event.get("event_ts") or message.get("ts")
                at = dt.datetime.fromtimestamp(float(edited), dt.UTC)
                changed = deps.store.saved.edited(channel, str(message.get("ts")), str(message.get("text") or ""),
                                                  at) is not None
        except StoreUnavailable as exc:
            log.error("a saved answer could not follow its message: %s", exc)
            return
        if changed:
            log.info("a saved answer in %s was %s", channel, event["subtype"].removeprefix("message_"))
            asking.refresh()
