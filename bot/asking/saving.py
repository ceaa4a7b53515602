"""Saving a reply as the answer to its thread's question (the `save_answer` shortcut, or the writer's "Save my
answer" button): who may, where, and what is kept with it."""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.store import Store
from bot.store.ask_records import SavedAnswer, StoreUnavailable

log = logging.getLogger(__name__)

Verdict = Literal["saved", "ask_writer", "refused"]
_MENTION = re.compile(r"<@[UW][A-Z0-9]+>")
PRIVATE = ("Replies in private channels and direct messages are never saved: a saved answer is quoted to the whole "
           "workspace.")


@dataclass(frozen=True)
class Reply:
    """The message the shortcut was used on, and who used it."""

    channel_id: str
    ts: str
    thread_ts: str | None
    writer_id: str | None
    text: str
    clicker_id: str
    from_bot: bool = False

    def value(self) -> str:
        return json.dumps({"c": self.channel_id, "ts": self.ts, "t": self.thread_ts})

    @classmethod
    def from_message(cls, channel_id: str, message: dict[str, Any], clicker_id: str) -> Reply:
        return cls(channel_id=channel_id, ts=str(message.get("ts")), thread_ts=message.get("thread_ts"),
                   writer_id=message.get("user"), text=str(message.get("text") or ""), clicker_id=clicker_id,
                   from_bot=bool(message.get("bot_id")) or message.get("subtype") == "bot_message")


@dataclass(frozen=True)
class Saved:
    verdict: Verdict
    text: str  # what the clicker is told (ephemeral)
    question: str = ""
    answer: SavedAnswer | None = None


# The report a question was about, by its id: (title, url), or None when the index no longer has it.
ReportLookup = Callable[[str], "tuple[str, str | None] | None"]


class Saver:
    def __init__(self, store: Store, client: WebClient, *, is_admin: Callable[[str], bool],
                 channel_kind: Callable[[str], str], reports: ReportLookup, on_saved: Callable[[], None],
                 bot_user_id: str | None) -> None:
        self.store, self.client = store, client
        self.is_admin, self.channel_kind, self.reports = is_admin, channel_kind, reports
        self.on_saved, self.bot_user_id = on_saved, bot_user_id

    def save(self, reply: Reply) -> Saved:
        refusal = self._refusal(reply)
        if refusal:
            return Saved("refused", refusal)
        question, source_id = self._question(reply)
        if question is None:
            return Saved("refused", "I only save replies in a thread where I answered a question.")
        if reply.clicker_id != reply.writer_id and not self.is_admin(reply.clicker_id):
            return Saved("ask_writer", f"Only <@{reply.writer_id}>, who wrote this reply, or an admin can save it as "
                         "an answer. I have asked them whether they want to.", question)
        try:
            permalink = self.client.chat_getPermalink(channel=reply.channel_id, message_ts=reply.ts)["permalink"]
        except SlackApiError as exc:
            log.warning("no permalink for %s %s: %s", reply.channel_id, reply.ts, exc.response.get("error"))
            return Saved("refused", "I cannot find that message any more, so it was not saved.")
        source_id, title, url = self._report(reply, source_id)
        record = SavedAnswer(
            question=question, answer=reply.text, writer_id=str(reply.writer_id), written_at=ts_time(reply.ts),
            channel_id=reply.channel_id, message_ts=reply.ts, thread_ts=reply.thread_ts, permalink=str(permalink),
            saved_by=reply.clicker_id, source_id=source_id, report_title=title, report_url=url,
        )
        try:
            saved = self.store.saved.save(record)
        except StoreUnavailable as exc:
            log.error("could not save an answer: %s", exc)
            return Saved("refused", "Sorry, I could not save it just now (the database is unavailable). Please try "
                         "again in a minute.")
        self.on_saved()
        return Saved("saved", f"Saved as the answer to “{question}”. I will quote it, with a link to this thread, "
                     "the next time someone asks.", question, saved)

    def _refusal(self, reply: Reply) -> str | None:
        if reply.from_bot or not reply.writer_id or reply.writer_id == self.bot_user_id:
            return "Only a person's reply can be saved as an answer; my own answers are in the reports already."
        if not reply.text.strip():
            return "That message has no text to save."
        if self.channel_kind(reply.channel_id) != "public":
            return PRIVATE
        if not reply.thread_ts or reply.thread_ts == reply.ts:
            return "Save as answer works on a reply in a thread where I answered a question."
        return None

    def _report(self, reply: Reply, source_id: str | None) -> tuple[str | None, str | None, str | None]:
        """The report the saved answer is about: the ask's, else the one the bot's answer in the thread was about
        (a reply saved where nobody clicked "Ask …"). The index's title and URL win over what was remembered: an
        edition's question finds a saved answer by its report's URL as the index has it now. (source id, title,
        URL), each None when unknown."""
        remembered = None
        if source_id is None:
            assert reply.thread_ts is not None
            try:
                remembered = self.store.threads.report_of(reply.channel_id, reply.thread_ts)
            except StoreUnavailable as exc:
                log.warning("saving without the thread's report: %s", exc)
            source_id = remembered.source_id if remembered else None
        found = self.reports(source_id) if source_id else None
        if found is not None:
            return source_id, found[0], found[1]
        if remembered is not None:
            return remembered.source_id, remembered.title, remembered.url
        return source_id, None, None

    def _question(self, reply: Reply) -> tuple[str | None, str | None]:
        """The question the reply answers, and the report it was about: the ask relayed in the thread (the
        writer's own first), else the question that started a thread I answered in."""
        assert reply.thread_ts is not None
        try:
            asks = self.store.asks.in_thread(reply.channel_id, reply.thread_ts)
        except StoreUnavailable:
            asks = []
        mine = [a for a in asks if a.author_id == reply.writer_id] or asks
        if mine and mine[0].question:
            return mine[0].question, mine[0].source_id
        try:
            messages = self.client.conversations_replies(channel=reply.channel_id, ts=reply.thread_ts,
                                                         limit=50).get("messages") or []
        except SlackApiError:
            return None, None
        ours = any(m.get("user") == self.bot_user_id or m.get("bot_id") for m in messages[1:])
        if not messages or not ours:
            return None, None
        text = " ".join(_MENTION.sub(" ", str(messages[0].get("text") or "")).split())
        return (text or None), None


def ts_time(ts: str) -> dt.datetime:
    try:
        return dt.datetime.fromtimestamp(float(ts), dt.UTC)
    except ValueError:
        return dt.datetime.now(dt.UTC)
