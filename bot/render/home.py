"""App Home tab: how to ask, the filters, and what is indexed."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import Block, ContextBlock, DividerBlock, MarkdownTextObject, SectionBlock

from embeddings.catalogue import Coverage
from bot.render.mrkdwn import escape, link
from bot.render.answer import COMMAND
from bot.render.blocks import to_dicts


def home_view(coverage: Coverage, newest: list[tuple[str, str | None, str | None]], built_at: str, chunks: int) -> dict[str, Any]:
    """App Home: how to ask, the filters, and what is indexed. `newest` is (title, url, date) of a few reports."""
    reports = "\n".join(
        f"• {link(url, title) if url else escape(title)}" + (f" ({date})" if date else "") for title, url, date in newest
    )
    blocks: list[Block] = [
        SectionBlock(text=MarkdownTextObject(text="*Ask me about the event reports* :wave:")),
        SectionBlock(
            text=MarkdownTextObject(
                text=(
                    "• Mention me in a channel: `@dockercon-bot what did Zalando show?` (I answer in the thread)\n"
                    "• Send me a direct message with your question\n"
                    f"• `{COMMAND} search &lt;question&gt;`: a private answer you can share\n"
                    "• Narrow it down: `year:2015`, `event:devopscon`, `in:\"report title\"`"
                )
            )
        ),
        DividerBlock(),
        SectionBlock(text=MarkdownTextObject(text=f"*What I know*\n{escape(coverage.sentence())}")),
        SectionBlock(text=MarkdownTextObject(text=f"*Newest reports*\n{reports}" if reports else "*No reports indexed yet.*")),
        ContextBlock(elements=[MarkdownTextObject(text=f"{coverage.reports} reports, {chunks} passages · index built {escape(built_at)}")]),
    ]
    return {"type": "home", "blocks": to_dicts(*blocks)}
