"""Link previews: a shared link to an indexed report (or a section of one) gets a compact preview through
chat.unfurl; other links on the same domains are left to Slack."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.render.unfurl import unfurl

if TYPE_CHECKING:
    from bot.listeners import Deps

log = logging.getLogger(__name__)


def register(app: App, deps: Deps) -> None:
    @app.event("link_shared")
    def on_link_shared(event: dict[str, Any], client: WebClient) -> None:
        links = deps.answerer.catalogue.links
        unfurls = {}
        for shared in event.get("links") or []:
            url = str(shared.get("url") or "")
            report = links.find(url) if url else None
            if report is not None:
                unfurls[url] = unfurl(report)
        if not unfurls:
            return
        # A link still in the composer has no message yet: it is named by unfurl_id and source.
        where: dict[str, Any] = (
            {"unfurl_id": event["unfurl_id"], "source": event["source"]}
            if event.get("source") == "composer" and event.get("unfurl_id")
            else {"channel": event.get("channel"), "ts": event.get("message_ts")}
        )
        try:
            client.chat_unfurl(unfurls=unfurls, **where)
        except SlackApiError as exc:
            log.error("could not unfurl %d report links: %s", len(unfurls), exc.response.get("error"))
