"""Saving a reply as an answer: the `save_answer` message shortcut, the writer's "Save my answer" button, and the
"Remove" button on a saved-answer quote."""

from __future__ import annotations

import json
import logging
from typing import TYPE_CHECKING, Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.asking.saving import Reply
from bot.render.ask import FORGET_ACTION, SAVE_CONFIRM_ACTION, SAVE_SHORTCUT, save_prompt
from bot.store.ask_records import StoreUnavailable

if TYPE_CHECKING:
    from bot.listeners import Deps

log = logging.getLogger(__name__)


def tell(client: WebClient, channel: str, user: str, text: str, thread_ts: str | None = None,
         blocks: list[dict[str, Any]] | None = None) -> None:
    try:
        client.chat_postEphemeral(channel=channel, user=user, text=text, blocks=blocks, thread_ts=thread_ts)
    except SlackApiError as exc:
        log.warning("could not tell %s in %s: %s", user, channel, exc.response.get("error"))


def register(app: App, deps: Deps) -> None:
    asking = deps.asking
    if asking is None:
        return

    @app.shortcut(SAVE_SHORTCUT)
    def on_save(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        channel, clicker = str(body["channel"]["id"]), str(body["user"]["id"])
        reply = Reply.from_message(channel, body.get("message") or {}, clicker)
        saved = asking.saver.save(reply)
        tell(client, channel, clicker, saved.text, reply.thread_ts)
        if saved.verdict == "ask_writer" and reply.writer_id:
            prompt = save_prompt(saved.question, reply.value())
            tell(client, channel, reply.writer_id, prompt.text, reply.thread_ts, prompt.blocks)

    @app.action(SAVE_CONFIRM_ACTION)
    def on_save_confirmed(ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        ack()
        try:
            where = json.loads(str(body["actions"][0].get("value") or "{}"))
            channel, ts = str(where["c"]), str(where["ts"])
            found = client.conversations_replies(channel=channel, ts=str(where.get("t") or ts), limit=200)
        except (ValueError, KeyError, SlackApiError) as exc:
            log.warning("cannot read the reply to save: %s", exc)
            respond(text="I cannot find that reply any more.", response_type="ephemeral", replace_original=True)
            return
        message = next((m for m in found.get("messages") or [] if m.get("ts") == ts), None)
        if message is None:
            respond(text="That reply was deleted, so there is nothing to save.", replace_original=True)
            return
        saved = asking.saver.save(Reply.from_message(channel, message, str(body["user"]["id"])))
        respond(text=saved.text, response_type="ephemeral", replace_original=True)

    @app.action(FORGET_ACTION)
    def on_forget(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        ack()
        respond(text=forget(deps, str(body["actions"][0].get("value") or ""), str(body["user"]["id"])),
                response_type="ephemeral", replace_original=False)


def forget(deps: Deps, answer_id: str, user_id: str) -> str:
    """Removes a saved answer for its writer or an admin; what they are told."""
    asking = deps.asking
    assert asking is not None
    try:
        saved = deps.store.saved.get(answer_id)
        if saved is None:
            return "That answer is not saved (any more)."
        if user_id != saved.writer_id and not asking.is_admin(user_id):
            return f"Only <@{saved.writer_id}>, who wrote it, or an admin can remove a saved answer."
        deps.store.saved.remove(answer_id)
    except StoreUnavailable as exc:
        log.error("could not remove a saved answer: %s", exc)
        return "Sorry, I could not remove it just now (the database is unavailable). Please try again in a minute."
    asking.refresh()
    return "Removed: I will no longer quote that answer."
