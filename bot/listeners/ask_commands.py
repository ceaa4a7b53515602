"""`/dockercon ask off|on` (an author's choice), `/dockercon channel on|off` (admins: answer every question in
this channel), `/dockercon forget <link>` (a saved answer's writer or an admin)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from bot.asking.permalinks import message_of
from bot.listeners.save import forget
from bot.store.ask_records import StoreUnavailable

if TYPE_CHECKING:
    from bot.listeners import Deps

log = logging.getLogger(__name__)
WORDS = {"ask", "channel", "forget"}
UNAVAILABLE = "Sorry, I cannot do that just now (the database is unavailable). Please try again in a minute."


def handle(deps: Deps, word: str, rest: str, command: dict[str, Any]) -> str:
    """What the person is told (ephemeral)."""
    if deps.asking is None:
        return "Asking report authors is turned off in this workspace."
    user = str(command.get("user_id", ""))
    try:
        if word == "ask":
            return _ask(deps, rest.lower(), user)
        if word == "channel":
            return _channel(deps, rest.lower(), user, str(command.get("channel_id", "")))
        return _forget(deps, rest, user)
    except StoreUnavailable as exc:
        log.error("/dockercon %s failed: %s", word, exc)
        return UNAVAILABLE


def _ask(deps: Deps, choice: str, user: str) -> str:
    if choice == "off":
        deps.store.asks.opt_out(user)
        return "Done: nobody will be offered a button to ask you about your reports. `/dockercon ask on` undoes it."
    if choice == "on":
        deps.store.asks.opt_in(user)
        return "Done: people may ask you about your reports again (a few times a day at most)."
    return "Use `/dockercon ask off` to stop questions about your reports, `/dockercon ask on` to allow them."


def _channel(deps: Deps, choice: str, user: str, channel: str) -> str:
    assert deps.asking is not None
    if choice not in {"on", "off"}:
        return "Use `/dockercon channel on` (or `off`) in a channel to have me answer every question there."
    if not deps.asking.is_admin(user):
        return "Only workspace admins can choose the channels where I answer every question."
    deps.asking.set_answer_channel(channel, choice == "on", user)
    if choice == "on":
        return ("Done: I will answer questions asked in this channel without a mention, when the reports answer "
                "them confidently, and stay quiet otherwise. Invite me to the channel if I am not in it.")
    return "Done: in this channel I answer only when mentioned again."


def _forget(deps: Deps, link: str, user: str) -> str:
    where = message_of(link)
    if where is None:
        return "Use `/dockercon forget <link to the saved reply>` (⋯ → Copy link on the reply)."
    saved = deps.store.saved.by_message(*where)
    if saved is None:
        return "That message is not a saved answer."
    return forget(deps, saved.id, user)
