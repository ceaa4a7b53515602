"""The digest → Block Kit: posted to DIGEST_CHANNEL, and the same blocks on the admins' App Home. Question texts
are people's words: escaped and cut, never pinging anyone."""

from __future__ import annotations

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot.digest.cluster import Group
from bot.digest.compute import Digest, SavedEntry
from bot.render.mrkdwn import escape, link, truncate
from bot.render.blocks import SECTION_TEXT_LIMIT, Message, fit, to_dicts

QUESTION_LIMIT = 200
POST_DIGEST_ACTION = "post_digest"


def digest_message(digest: Digest) -> Message:
    """The message for chat.postMessage: blocks plus a plain-text fallback."""
    return fit(Message(text=summary_line(digest), blocks=to_dicts(*digest_blocks(digest))))


def digest_blocks(digest: Digest, post_button: bool = False) -> list[Block]:
    """The digest's blocks; `post_button` adds "Post digest now" (the admins' App Home)."""
    start, end = digest.period.start, digest.period.end
    blocks: list[Block] = [
        HeaderBlock(text=f"Questions to the bot, {start:%b %-d} – {end:%b %-d}"),
        SectionBlock(text=MarkdownTextObject(text=escape(summary_line(digest)))),
    ]
    sections = [
        ("New reports", [f"• {_report(r.title, r.url, r.date)}" for r in digest.new_reports]),
        ("The reports could not answer", _groups(digest.unanswered, digest.unanswered_private, "asked")),
        ("Answers voted down", _groups(digest.voted_down, digest.voted_down_private, "voted down")),
        ("Reports shown most", [f"• {_report(r.title, r.url, None)} · {r.count}×" for r in digest.top_reports]),
        ("Most asked about", [f"• {g.count}× _{_quote(g.example or '')}_" for g in digest.topics]),
        ("Answers saved from Slack", [_saved(a) for a in digest.saved_answers]),
    ]
    for title, lines in sections:
        if lines:
            blocks.append(DividerBlock())
            blocks.append(SectionBlock(text=MarkdownTextObject(text=_section(title, lines))))
    if digest.public_only:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(
            text="Only questions asked in public channels are quoted; the others are counted.")]))
    if post_button:
        blocks.append(ActionsBlock(elements=[ButtonElement(text="Post digest now", action_id=POST_DIGEST_ACTION)]))
    return blocks


def summary_line(digest: Digest) -> str:
    outcomes = digest.by_outcome
    people = "" if digest.people is None else f" from {digest.people} {'person' if digest.people == 1 else 'people'}"
    return (
        f"{digest.questions} question{'' if digest.questions == 1 else 's'}{people}: "
        f"{outcomes.get('answer', 0)} answered, {outcomes.get('low_confidence', 0)} with the closest passages only, "
        f"{outcomes.get('nothing_close', 0)} not covered by the reports"
    )


def _groups(groups: tuple[Group, ...], private: int, verb: str) -> list[str]:
    lines = [f"• {g.count}× {_quote(g.example or '')}" for g in groups]
    if private:
        lines.append(f"• {private} more {verb} in DMs or private channels (not quoted)")
    return lines


def _saved(answer: SavedEntry) -> str:
    # The writer is credited by mention, as on the quote itself; the question is people's words, escaped.
    return f"• _{_quote(answer.question)}_ · <@{answer.writer_id}> · {link(answer.permalink, 'the reply')} ({answer.date})"


def _quote(question: str) -> str:
    return escape(truncate(" ".join(question.split()), QUESTION_LIMIT))


def _report(title: str, url: str | None, date: str | None) -> str:
    name = link(url, truncate(title, QUESTION_LIMIT)) if url else escape(truncate(title, QUESTION_LIMIT))
    return name + (f" ({escape(date)})" if date else "")


def _section(title: str, lines: list[str]) -> str:
    """The heading and as many whole lines as fit in one section."""
    text = f"*{title}*"
    for i, line in enumerate(lines):
        more = f"\n…and {len(lines) - i} more"
        if len(text) + 1 + len(line) + len(more) > SECTION_TEXT_LIMIT:
            return text + more
        text += "\n" + line
    return text
