"""Answer → Slack message: quoted passages with links and buttons, plus the plain `text` fallback; and the
bot's own short replies (usage, errors)."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot.answering.answers import Answer, Passage
from bot.render.ask import ask_buttons, forget_button, saved_header
from bot.render.blocks import (
    BUTTON_VALUE_LIMIT,
    FALLBACK_TEXT_LIMIT,
    SECTION_TEXT_LIMIT,
    Message,
    to_dicts,
    fit,
    text_message,
)
from bot.render.facts import fact_mrkdwn
from bot.render.mrkdwn import escape, inline_marks, link, quote_lines, safe_url, truncate
from embeddings.catalogue import Coverage
from embeddings.models import HEADING_SEPARATOR
from embeddings.sources.saved import answer_id
from embeddings.search.statements import statement

TITLE_LIMIT = 200
QUESTION_ECHO_LIMIT = 300

SHARE_ACTION = "share_answer"
MORE_ACTION = "more_results"
FEEDBACK_UP = "feedback_up"
FEEDBACK_DOWN = "feedback_down"
COMMAND = "/dockercon"
LOW_CONFIDENCE = "Nothing in the reports answers this directly. Closest passages:"
# Under a fact about the reports (who wrote one, when, where) the passages are context, not a failed answer.
BESIDE_FACTS = "Related passages:"


@dataclass(frozen=True)
class ButtonValue:
    """What a feedback or "More results" button carries back: the question, the passages shown, how many were
    shown before them, and the question's id in the question log (None on buttons of older messages)."""

    question: str
    passage_ids: tuple[str, ...] = ()
    offset: int = 0
    question_id: str | None = None


def action_value(question: str, passage_ids: list[str], offset: int, question_id: str | None = None) -> str:
    extra = {"qid": question_id} if question_id else {}
    for limit in (1500, 500, 100):
        data = {"q": truncate(question, limit), "ids": passage_ids, "o": offset, **extra}
        value = json.dumps(data, ensure_ascii=False)
        if len(value) <= BUTTON_VALUE_LIMIT:
            return value
    return json.dumps({"q": truncate(question, 100), "ids": [], "o": offset, **extra})


def button_value(value: str) -> ButtonValue:
    data = json.loads(value)
    qid = data.get("qid")
    return ButtonValue(question=str(data.get("q", "")), passage_ids=tuple(str(i) for i in data.get("ids", [])),
                       offset=int(data.get("o", 0)), question_id=str(qid) if qid else None)


def parse_action_value(value: str) -> tuple[str, list[str], int]:
    parsed = button_value(value)
    return parsed.question, list(parsed.passage_ids), parsed.offset


def _with_links(excerpt: str, passage: Passage) -> str:
    """Escaped excerpt in which the passage's link texts become Slack links (each once)."""
    escaped = escape(excerpt)
    targets = {escape(l.text): l.url for l in passage.links if l.text.strip() and escape(l.text) in escaped}
    if not targets:
        return inline_marks(escaped)
    pattern = re.compile("|".join(re.escape(t) for t in sorted(targets, key=len, reverse=True)))
    used: set[str] = set()

    def swap(match: re.Match[str]) -> str:
        text = match.group(0)
        if text in used:
            return text
        used.add(text)
        return f"<{safe_url(targets[text])}|{text.replace('|', '¦')}>"

    return inline_marks(pattern.sub(swap, escaped))


def _when(passage: Passage) -> str:
    """The byline: who wrote it, the event, the date."""
    parts = [f"by {', '.join(passage.authors)}"] if passage.authors else []
    parts += [passage.event] if passage.event else []
    if passage.date:
        parts.append(f"{passage.date.day} {passage.date:%b %Y}")
    return " · ".join(parts)


def passage_title(passage: Passage) -> str:
    return truncate(HEADING_SEPARATOR.join((passage.title, *passage.headings)), TITLE_LIMIT)


def passage_mrkdwn(passage: Passage) -> str:
    title = passage_title(passage)
    header = f"*{link(passage.url, title)}*" if passage.url else f"*{escape(title)}*"
    when = _when(passage)
    if passage.kind == "saved":
        header = saved_header(passage)
    elif when:
        header += f"\n_{escape(when)}_"
    budget = SECTION_TEXT_LIMIT - len(header) - 20
    excerpt = passage.excerpt
    body = quote_lines(_with_links(excerpt, passage))
    while len(body) > budget and excerpt:
        # Escaping and links grow the text; shorten the excerpt, never the markup, and keep its links.
        excerpt = truncate(excerpt, max(1, int(len(excerpt) * 0.8)))
        body = quote_lines(_with_links(excerpt, passage))
    return f"{header}\n{body}"


def passage_plain(passage: Passage) -> str:
    where = f" ({passage.url})" if passage.url else ""
    if passage.kind == "saved":
        # Plain text shows no mention as a name: the writer's name, when Slack gave it (bot/asking/provider.py).
        by = f" by {passage.authors[0]}" if passage.authors else ""
        return f"Answered in Slack{by}{where}: {passage.excerpt}"
    return f"{passage_title(passage)}{where}: {passage.excerpt}"


def passage_section(passage: Passage) -> SectionBlock:
    """A passage's block; a saved answer's has a "Remove" button (for its writer or an admin)."""
    saved_id = answer_id(passage.source) if passage.kind == "saved" else None
    accessory = forget_button(saved_id) if saved_id else None
    return SectionBlock(text=MarkdownTextObject(text=passage_mrkdwn(passage)), accessory=accessory)


def answer_message(
    answer: Answer,
    coverage: Coverage,
    *,
    restate: bool = False,
    shareable: bool = False,
    shared_by: str | None = None,
    question_id: str | None = None,
    asks: Sequence[tuple[str, str]] = (),
) -> Message:
    """The reply to a question. `restate` echoes the question (slash commands, whose text nobody else sees);
    `shareable` adds the "Share in channel" button; `shared_by` is the user id who shared it publicly;
    `question_id` (the question log's) goes into the feedback buttons' values; `asks` are (author's name,
    button value) for the "Ask …" buttons."""
    question = truncate(" ".join(answer.question.split()), QUESTION_ECHO_LIMIT)
    blocks: list[Block] = []
    if shared_by:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=f"<@{shared_by}> asked: *{escape(question)}*")]))
    elif answer.offset:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=f"More results for *{escape(question)}*")]))
    elif restate:
        blocks.append(SectionBlock(text=MarkdownTextObject(text=f"*You asked:* {escape(question)}")))
    notes = _notes(answer)
    if notes:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=notes)]))

    blocks += _facts(answer)
    if answer.facts and not answer.passages:
        text = "\n".join(statement(f) for f in answer.facts)
    elif answer.outcome == "nothing_close" or not answer.passages:
        blocks.append(SectionBlock(text=MarkdownTextObject(text=escape(coverage.decline()))))
        text = coverage.decline()
    else:
        unsure = BESIDE_FACTS if answer.facts else LOW_CONFIDENCE
        if answer.outcome == "low_confidence":
            blocks.append(SectionBlock(text=MarkdownTextObject(text=unsure)))
        for i, passage in enumerate(answer.passages):
            if i:
                blocks.append(DividerBlock())
            blocks.append(passage_section(passage))
        lines = [f"{i}. {passage_plain(p)}" for i, p in enumerate(answer.passages, start=1)]
        intro = unsure if answer.outcome == "low_confidence" else f"From the event reports, for “{question}”:"
        text = intro + "\n" + "\n".join(lines)
    blocks.append(ActionsBlock(elements=_buttons(answer, shareable, question_id) + ask_buttons(list(asks))))
    return fit(Message(text=truncate(escape(text), FALLBACK_TEXT_LIMIT), blocks=to_dicts(*blocks),
                       report=answer.report))


def _facts(answer: Answer) -> list[Block]:
    """What the catalogue says to a question about the reports themselves, one line per fact, before passages."""
    if not answer.facts:
        return []
    said = "\n".join(fact_mrkdwn(f) for f in answer.facts)
    return [SectionBlock(text=MarkdownTextObject(text=truncate(said, SECTION_TEXT_LIMIT)))]


def _notes(answer: Answer) -> str:
    """What the search changed about the question: its spelling, the filters it applied."""
    notes = []
    if answer.corrected_query:
        notes.append(f"Showing results for *{escape(answer.corrected_query)}*")
    if answer.filters:
        notes.append(f"Filtered by {escape(answer.filters)}")
    return " · ".join(notes)


def _buttons(answer: Answer, shareable: bool, question_id: str | None) -> list[ButtonElement]:
    ids = [p.chunk_id for p in answer.passages]
    shown = action_value(answer.question, ids, answer.offset, question_id)
    buttons = []
    if shareable and not answer.no_answer:
        buttons.append(
            ButtonElement(text="Share in channel", action_id=SHARE_ACTION, value=truncate(answer.question, BUTTON_VALUE_LIMIT))
        )
    if answer.has_more:
        more = action_value(answer.question, ids, answer.offset + len(answer.passages))
        buttons.append(ButtonElement(text="More results", action_id=MORE_ACTION, value=more))
    buttons.append(ButtonElement(text="👍 Helpful", action_id=FEEDBACK_UP, value=shown))
    buttons.append(ButtonElement(text="👎 Not helpful", action_id=FEEDBACK_DOWN, value=shown))
    return buttons


def usage_message(note: str | None = None) -> Message:
    lines = [
        f"{note}\n" if note else "",
        "*Ask me about the event reports:*",
        f"• `{COMMAND} search &lt;question&gt;`: only you see the answer, with a button to share it",
        "• mention me in a channel (`@dockercon-bot what did Zalando show?`): I answer in the thread",
        "• or send me a direct message",
        "• narrow it down with `year:2015`, `event:devopscon` or `in:\"report title\"`",
        f"• `{COMMAND} reports [year:2017 event:… author:… tag:…]`: the reports, newest first",
        f"• `{COMMAND} help`: this message",
    ]
    return text_message("\n".join(line for line in lines if line))


def ask_me_message() -> Message:
    return text_message(
        "Ask me a question about the event reports, for example _what did Zalando show at DockerCon?_ "
        f"(`{COMMAND} help` for more)"
    )


def error_message(error_id: str) -> Message:
    return text_message(f"Sorry, something went wrong while answering. (error id `{error_id}`)")
