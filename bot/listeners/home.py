"""The App Home tab: how to ask and what is indexed; for admins (workspace admins and owners, and ADMIN_USERS)
also the last week's insights with a "Post digest now" button."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.digest.maker import HOME_SPAN
from bot.render import POST_DIGEST_ACTION, home_view
from bot.render.insights import insights_blocks
from bot.state.admins import AdminStatus
from bot.store import Period

if TYPE_CHECKING:
    from bot.listeners import Deps

log = logging.getLogger(__name__)


def is_home_tab(event: dict[str, Any]) -> bool:
    return event.get("tab", "home") == "home"


def home_for(
    deps: Deps, client: WebClient, user: str, admins: AdminStatus, note: str | None = None
) -> dict[str, Any]:
    catalogue = deps.answerer.catalogue
    newest = [(r.title, r.url, r.date.isoformat() if r.date else None) for r in catalogue.reports[:5]]
    manifest = catalogue.index.manifest
    view = home_view(deps.answerer.coverage, newest, manifest.built_at, manifest.chunk_count)
    if deps.digests is None or not (user in deps.admins or admins.is_admin(client, user)):
        return view
    try:
        digest = deps.digests.make(Period.last(HOME_SPAN), public_only=False)
    except Exception:  # noqa: BLE001 - a database that is down leaves admins today's Home, with a note
        log.exception("could not make the insights for the App Home")
        return view
    sources = deps.live.source_health() if deps.live else {}
    database = deps.store.health().to_json()
    view["blocks"] += insights_blocks(digest, sources, database, deps.digests.channel, note)
    return view


def publish(client: WebClient, user: str, view: dict[str, Any]) -> None:
    try:
        client.views_publish(user_id=user, view=view)
    except SlackApiError as exc:
        log.error("could not publish App Home for %s: %s", user, exc.response.get("error"))


def register(app: App, deps: Deps) -> None:
    admins = AdminStatus()

    @app.event("app_home_opened", matchers=[is_home_tab])
    def on_home(event: dict[str, Any], client: WebClient) -> None:
        publish(client, event["user"], home_for(deps, client, event["user"], admins))

    @app.action(POST_DIGEST_ACTION)
    def on_post_digest(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        user = body["user"]["id"]
        if deps.digests is None or not (user in deps.admins or admins.is_admin(client, user)):
            log.warning("%s pressed Post digest now but is not an admin", user)
            return
        note = deps.digests.post_digest(Period.last(HOME_SPAN))
        publish(client, user, home_for(deps, client, user, admins, note))
