"""What asking adds to every answer: saved answers that are gone are dropped before they are shown (a check
when shown, for deletions no event told us about), and the "Ask …" buttons for the authors of the reports
shown first."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import replace

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.answering.answers import Answer
from bot.asking.offers import Offers
from bot.store import Store
from bot.store.ask_records import StoreUnavailable
from embeddings.catalogue import Catalogue
from embeddings.sources.saved import answer_id

log = logging.getLogger(__name__)
_MENTION = re.compile(r"<@[UW][A-Z0-9]+>")


class AnswerExtras:
    def __init__(self, store: Store, client: WebClient, offers: Offers | None,
                 catalogue: Callable[[], Catalogue], refresh: Callable[[], None]) -> None:
        self.store, self.client, self.offers = store, client, offers
        self.catalogue, self.refresh = catalogue, refresh

    def checked(self, answer: Answer) -> Answer:
        """The answer without saved answers that were removed, or whose message was deleted, since indexing."""
        kept = tuple(p for p in answer.passages if p.kind != "saved" or self._still_saved(p.source))
        if len(kept) == len(answer.passages):
            return answer
        self.refresh()
        outcome = answer.outcome if kept else "nothing_close"
        return replace(answer, passages=kept, no_answer=answer.no_answer or not kept, outcome=outcome)

    def buttons(self, answer: Answer, question: str, question_id: str | None) -> list[tuple[str, str]]:
        """(button name, value) per author to offer; none on a surface without the feature."""
        if self.offers is None or answer.outcome == "nothing_close":
            return []
        asked = " ".join(_MENTION.sub(" ", question).split())
        return [(o.name, o.value(asked, question_id)) for o in self.offers.for_answer(answer, self.catalogue())]

    def _still_saved(self, source: str) -> bool:
        saved_id = answer_id(source)
        try:
            saved = self.store.saved.get(saved_id) if saved_id else None
        except StoreUnavailable:
            return True  # the index's copy is the best there is now
        if saved is None:
            return False
        try:
            self.client.chat_getPermalink(channel=saved.channel_id, message_ts=saved.message_ts)
        except SlackApiError as exc:
            if exc.response.get("error") in ("message_not_found", "channel_not_found"):
                log.info("saved answer %s: its message is gone, removing it", saved.id)
                self.store.saved.remove(saved.id)
                return False
        except Exception:  # noqa: BLE001 - Slack unreachable: shown as indexed
            pass
        return True
