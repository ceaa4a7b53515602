"""`/dockercon search …` (private answer with a Share button), `/dockercon reports [filter]`, `/dockercon help`,
`/dockercon reindex`."""

from __future__ import annotations

import logging
import uuid
from typing import TYPE_CHECKING, Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.answering.asked import from_body
from bot.listeners import ask_commands
from bot.render import COMMAND, Message, usage_message
from bot.render.facts import reports_message
from bot.state.admins import is_workspace_admin
from embeddings.catalogue.listing import ReportFilter, select

if TYPE_CHECKING:
    from bot.listeners import Deps

log = logging.getLogger(__name__)


def reports_reply(deps: Deps, filter_text: str) -> Message:
    """`/dockercon reports [filter]`: the catalogue of the index answered from, filtered, newest first."""
    catalogue = deps.answerer.catalogue
    chosen = select(catalogue.reports, ReportFilter.parse(filter_text))
    return reports_message(chosen, filter_text, len(catalogue.reports))


def register(app: App, deps: Deps) -> None:
    @app.command(COMMAND)
    def on_command(ack: Ack, command: dict[str, Any], respond: Respond, client: WebClient) -> None:
        text = " ".join(command.get("text", "").split())
        word, _, rest = text.partition(" ")
        if word.lower() in {"", "help", "?"}:
            usage = usage_message()
            ack(text=usage.text, blocks=usage.blocks)
            return
        if word.lower() == "reindex" and not rest:
            reindex(ack, command, respond, client)
            return
        if word.lower() in ask_commands.WORDS and deps.asking is not None:
            ack(text=ask_commands.handle(deps, word.lower(), rest, command))
            return
        if word.lower() == "reports":
            listed = reports_reply(deps, rest)  # the acknowledgement is the reply: only the asker sees it
            ack(text=listed.text, blocks=listed.blocks)
            return
        if word.lower() == "search":
            question = rest
        elif rest:
            question = text  # a bare question: `/dockercon what did Zalando show?`
        else:
            usage = usage_message(f"I don't know `{word[:50]}`. To search for it: `{COMMAND} search {word[:50]}`")
            ack(text=usage.text, blocks=usage.blocks)
            return
        if not question:
            usage = usage_message(f"Tell me what to search for, e.g. `{COMMAND} search content trust`.")
            ack(text=usage.text, blocks=usage.blocks)
            return
        ack()
        asked = from_body(command, "command")
        message = deps.replies.answer(question, surface="command", restate=True, shareable=True, asked=asked)
        respond(text=message.text, blocks=message.blocks, response_type="ephemeral", unfurl_links=False, unfurl_media=False)

    def reindex(ack: Ack, command: dict[str, Any], respond: Respond, client: WebClient) -> None:
        if deps.live is None:
            ack(text="Reindexing is not available in this mode.")
            return
        ack(text="Checking the reports for changes…")
        if not is_workspace_admin(client, command.get("user_id", "")):
            respond(text="Sorry, only workspace admins can reindex. The index also updates itself when reports change.")
            return
        try:
            summary = deps.live.refresh()
        except Exception:
            error_id = uuid.uuid4().hex[:8]
            log.exception("error %s reindexing on request", error_id)
            respond(text=f"Reindexing failed; still answering from the previous index. (error id {error_id})")
            return
        respond(text=f"Reindexed: {summary.line()}." if summary else "The index is already up to date.")
