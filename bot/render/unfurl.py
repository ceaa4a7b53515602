"""A report link's preview (chat.unfurl): title, event, date, the section or first passage; report text escaped."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import ContextBlock, MarkdownTextObject, SectionBlock

from bot.render.mrkdwn import escape, inline_marks, link, quote_lines, truncate
from bot.render.blocks import to_dicts
from embeddings.catalogue import LinkedReport

EXCERPT_CHARS = 280


def unfurl(report: LinkedReport) -> dict[str, Any]:
    title = f"*{link(report.url, truncate(report.title, 150))}*"
    about = [report.event] if report.event and report.event not in report.title else []
    if report.date:
        about.append(f"{report.date.day} {report.date:%b %Y}")
    if report.section:
        about.append(report.section)
    blocks = [SectionBlock(text=MarkdownTextObject(text=title))]
    if about:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=escape(truncate(" · ".join(about), 300)))]))
    excerpt = quote_lines(inline_marks(escape(truncate(" ".join(report.text.split()), EXCERPT_CHARS))))
    if excerpt:
        blocks.append(SectionBlock(text=MarkdownTextObject(text=excerpt)))
    return {"blocks": to_dicts(*blocks)}
