"""The "Search reports" message shortcut (callback_id `search_reports`): answers the message's text only to
the person who clicked, with a Share button as for `/dockercon search`."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.answering.asked import from_body

if TYPE_CHECKING:
    from bot.listeners import Deps

log = logging.getLogger(__name__)
SEARCH_REPORTS = "search_reports"


def register(app: App, deps: Deps) -> None:
    @app.shortcut(SEARCH_REPORTS)
    def on_search_reports(ack: Ack, body: dict[str, Any], respond: Respond, client: WebClient) -> None:
        ack()
        text = str((body.get("message") or {}).get("text") or "")
        asked = from_body(body, "shortcut")
        message = deps.replies.answer(text, surface="shortcut", restate=True, shareable=True, asked=asked)
        if body.get("response_url"):
            respond(
                text=message.text, blocks=message.blocks, response_type="ephemeral", replace_original=False,
                unfurl_links=False, unfurl_media=False,
            )
            return
        # Without a response URL, an ephemeral message is the other way to speak to the clicker alone.
        try:
            client.chat_postEphemeral(
                channel=body["channel"]["id"], user=body["user"]["id"], text=message.text, blocks=message.blocks
            )
        except SlackApiError as exc:
            log.error("could not answer the shortcut privately: %s", exc.response.get("error"))
