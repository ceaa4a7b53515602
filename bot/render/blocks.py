"""What every surface's message is made of: Block Kit dicts plus the plain `text` fallback, within Slack's limits."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from typing import Any

from slack_sdk.models.blocks import Block, ContextBlock, MarkdownTextObject, SectionBlock

from embeddings.models import ReportRef

# Slack's limits (chat.postMessage and Block Kit reference).
SECTION_TEXT_LIMIT = 3000
MAX_BLOCKS = 50
MESSAGE_CHARS_LIMIT = 40_000
BUTTON_VALUE_LIMIT = 2000
FALLBACK_TEXT_LIMIT = 3000


@dataclass(frozen=True)
class Message:
    text: str
    blocks: list[dict[str, Any]] = field(default_factory=list)
    # Not posted: the report an answer is about (its first report passage's), which the thread it is posted in
    # remembers, so a reply saved there later is saved with it.
    report: ReportRef | None = None

    def size(self) -> int:
        return len(self.text) + len(json.dumps(self.blocks, ensure_ascii=False))


def to_dicts(*blocks: Block) -> list[dict[str, Any]]:
    return [block.to_dict() for block in blocks]


def fit(message: Message) -> Message:
    """Drop trailing passages until the message is within Slack's block and size limits."""
    blocks = list(message.blocks)
    while blocks and (len(blocks) > MAX_BLOCKS or Message(message.text, blocks).size() > MESSAGE_CHARS_LIMIT):
        actions = [b for b in blocks if b.get("type") == "actions"]
        content = [b for b in blocks if b.get("type") != "actions"]
        content.pop()
        if content and content[-1].get("type") == "divider":
            content.pop()
        blocks = content + actions
    return replace(message, blocks=blocks)


def text_message(mrkdwn: str) -> Message:
    """A short reply of our own wording (already safe mrkdwn)."""
    plain = re.sub(r"[*_`]", "", mrkdwn)
    return Message(text=plain, blocks=to_dicts(SectionBlock(text=MarkdownTextObject(text=mrkdwn))))




def with_note(message: Message, mrkdwn: str) -> Message:
    """The message with a small line of our own (already safe mrkdwn) above it."""
    note = ContextBlock(elements=[MarkdownTextObject(text=mrkdwn)]).to_dict()
    return fit(replace(message, blocks=[note, *message.blocks]))
