"""The "Ask …" buttons under answers: the question relayed to the report's author (bot/asking/relay.py)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from slack_bolt import Ack, App, Respond

from bot.asking.offers import AskRequest
from bot.asking.relay import Click
from bot.render.ask import ASK_ACTION

if TYPE_CHECKING:
    from bot.listeners import Deps


def click(body: dict[str, Any]) -> Click:
    container = body.get("container") or {}
    message = body.get("message") or {}
    return Click(
        asker_id=str(body["user"]["id"]),
        channel_id=str((body.get("channel") or {}).get("id") or container.get("channel_id")),
        message_ts=message.get("ts") or container.get("message_ts"),
        thread_ts=message.get("thread_ts") or container.get("thread_ts"),
        ephemeral=bool(container.get("is_ephemeral")),
    )


def register(app: App, deps: Deps) -> None:
    asking = deps.asking
    if asking is None:
        return

    @app.action(re.compile(f"^{ASK_ACTION}_\\d+$"))
    def on_ask(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        ack()
        request = AskRequest.parse(str(body["actions"][0].get("value") or ""))
        if request is None:
            respond(text="Sorry, that button no longer works; ask me the question again.", response_type="ephemeral",
                    replace_original=False)
            return
        told = asking.relay.ask(request, click(body))
        respond(text=told, response_type="ephemeral", replace_original=False)
