"""The admins' part of the App Home: the last week's digest (private questions quoted: only admins see it),
the sources' and the database's health, and "Post digest now"."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import Block, ContextBlock, DividerBlock, HeaderBlock, MarkdownTextObject, SectionBlock

from bot.digest.compute import Digest
from bot.render.blocks import to_dicts
from bot.render.digest import digest_blocks
from bot.render.mrkdwn import escape, truncate

ERROR_LIMIT = 5


def insights_blocks(
    digest: Digest, sources: dict[str, Any], database: dict[str, Any], channel: str | None, note: str | None = None
) -> list[dict[str, Any]]:
    blocks: list[Block] = [DividerBlock(), HeaderBlock(text="Insights (only admins see this)")]
    if note:
        blocks.append(SectionBlock(text=MarkdownTextObject(text=f":information_source: {note}")))
    blocks.extend(digest_blocks(digest, post_button=True))
    where = f"<#{channel}>" if channel else "nowhere yet: set DIGEST_CHANNEL to post it"
    blocks.append(ContextBlock(elements=[MarkdownTextObject(
        text=f"Asked in DMs and private channels is quoted here only. The digest posts to {where}.")]))
    blocks.append(SectionBlock(text=MarkdownTextObject(text=_health(sources, database))))
    return to_dicts(*blocks)


def _health(sources: dict[str, Any], database: dict[str, Any]) -> str:
    synced = sources.get("synced_at") or "not yet"
    lines = [f"*Sources:* {sources.get('count', 0)}, last synced {escape(str(synced))}"]
    errors = sources.get("errors") or {}
    for name, error in list(errors.items())[:ERROR_LIMIT]:
        lines.append(f"• :warning: {escape(truncate(str(name), 120))}: {escape(truncate(str(error), 200))}")
    if len(errors) > ERROR_LIMIT:
        lines.append(f"• …and {len(errors) - ERROR_LIMIT} more")
    state = database.get("status", "unknown")
    reason = f" ({escape(truncate(str(database['reason']), 200))})" if database.get("reason") else ""
    lines.append(f"*Database:* {escape(str(database.get('backend', '?')))}, {state}{reason}")
    return "\n".join(lines)
