"""Everything the ask-the-author listeners share, built once per app (bot/app.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.asking.offers import Offers
from bot.asking.relay import Relay
from bot.asking.saving import Saver

WORDS = ("what", "who", "whom", "whose", "how", "when", "where", "which", "why", "is", "are", "was", "were", "do",
         "does", "did", "can", "could", "should", "would", "will", "has", "have", "had", "any", "anyone", "tell")


def reads_as_question(text: str) -> bool:
    """A message in an answer channel that reads as a question: it asks (a question mark) or starts like one."""
    words = text.strip().split()
    if len(words) < 3:
        return False  # "thanks!", "anyone?": chit-chat, never a question for the reports
    return text.rstrip().endswith("?") or words[0].lower().strip(",:") in WORDS


@dataclass(frozen=True)
class Asking:
    relay: Relay
    saver: Saver
    offers: Offers | None  # None with ASK_AUTHORS=off: no button is offered
    is_admin: Callable[[str], bool]
    answer_channel: Callable[[str], bool]
    set_answer_channel: Callable[[str, bool, str], None]
    refresh: Callable[[], None]  # the index reads the saved answers again now (in the background)
