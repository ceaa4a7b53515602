"""The index's view of the saved answers (embeddings/sources/saved.py reads them through this): each one as a
ChatAnswer, its Slack markup turned into the plain text reports are made of."""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from slack_sdk import WebClient

from bot.people.directory import Directory
from bot.store import Store
from bot.store.ask_records import SavedAnswer
from embeddings.sources.saved import ChatAnswer

_LINK = re.compile(r"<(https?://[^|>\s]+)\|([^>]+)>")
_URL = re.compile(r"<(https?://[^|>\s]+)>")
_MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|([^>]+))?>")
_SPECIAL = re.compile(r"<!([a-z]+)(?:\^[^|>]*)?(?:\|([^>]+))?>")
_CHANNEL = re.compile(r"<#[CG][A-Z0-9]+\|([^>]*)>")


def plain(mrkdwn: str, name_of: Callable[[str], str | None] = lambda user_id: None) -> str:
    """Slack's message markup as text: links as "text (url)", people by name, no pings, entities decoded."""
    text = _LINK.sub(lambda m: m.group(2) if m.group(2) == m.group(1) else f"{m.group(2)} ({m.group(1)})", mrkdwn)
    text = _URL.sub(r"\1", text)
    text = _MENTION.sub(lambda m: "@" + (m.group(2) or name_of(m.group(1)) or "someone"), text)
    text = _SPECIAL.sub(lambda m: "@" + (m.group(2) or m.group(1)), text)
    text = _CHANNEL.sub(lambda m: "#" + m.group(1), text)
    return html.unescape(text)


def chat_answer(saved: SavedAnswer, name_of: Callable[[str], str | None]) -> ChatAnswer:
    return ChatAnswer(
        id=saved.id, question=saved.question, answer=plain(saved.answer, name_of), writer_id=saved.writer_id,
        written_at=saved.written_at, permalink=saved.permalink, writer_name=name_of(saved.writer_id),
        report_title=saved.report_title, report_url=saved.report_url, edited_at=saved.edited_at,
    )


def saved_answers(store: Store, name_of: Callable[[str], str | None]) -> Callable[[], list[ChatAnswer]]:
    """The provider: every saved answer now. Raises StoreUnavailable when the database is down (the index then
    keeps the answers it has)."""
    return lambda: [chat_answer(saved, name_of) for saved in store.saved.all()]


def writer_names(client: WebClient) -> Callable[[str], str | None]:
    """A writer's name from Slack (users.info, cached for an hour): the byline and the indexed text name them,
    while the quote's header keeps the mention. None when Slack cannot say now or the user is gone."""
    directory = Directory(client)

    def name_of(user_id: str) -> str | None:
        found = directory.by_id(user_id)
        return found.name if found else None

    return name_of
