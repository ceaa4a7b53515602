"""The App Home tab: how to ask and what is indexed."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.render import home_view

if TYPE_CHECKING:
    from bot.listeners import Deps

log = logging.getLogger(__name__)


def is_home_tab(event: dict[str, Any]) -> bool:
    return event.get("tab", "home") == "home"


def register(app: App, deps: Deps) -> None:
    @app.event("app_home_opened", matchers=[is_home_tab])
    def on_home(event: dict[str, Any], client: WebClient) -> None:
        catalogue = deps.answerer.catalogue
        newest = [(r.title, r.url, r.date.isoformat() if r.date else None) for r in catalogue.reports[:5]]
        manifest = catalogue.index.manifest
        view = home_view(deps.answerer.coverage, newest, manifest.built_at, manifest.chunk_count)
        try:
            client.views_publish(user_id=event["user"], view=view)
        except SlackApiError as exc:
            log.error("could not publish App Home for %s: %s", event["user"], exc.response.get("error"))
