"""The ask-the-author loop's messages: the "Ask …" buttons under an answer, the question relayed to an author,
the saved-answer quote in a later answer, and the short replies of saving and forgetting."""

from __future__ import annotations

import datetime as dt

from slack_sdk.models.blocks import ButtonElement, ConfirmObject, ContextBlock, MarkdownTextObject, SectionBlock

from bot.answering.answers import Passage
from bot.render.blocks import Message, to_dicts
from bot.render.mrkdwn import escape, link, truncate

ASK_ACTION = "ask_author"  # action ids ask_author_0, ask_author_1 (unique within the actions block)
FORGET_ACTION = "forget_saved"
SAVE_CONFIRM_ACTION = "save_answer_confirm"
SAVE_SHORTCUT = "save_answer"
QUESTION_LIMIT = 1000


def ask_buttons(offers: list[tuple[str, str]]) -> list[ButtonElement]:
    """(name, value) per author: "Ask Thomas Schuering"; Slack cuts button text at 75 characters."""
    return [
        ButtonElement(text=truncate(f"Ask {name}", 75), action_id=f"{ASK_ACTION}_{i}", value=value)
        for i, (name, value) in enumerate(offers)
    ]


def report_ref(title: str, url: str | None) -> str:
    return f"*{link(url, title)}*" if url else f"*{escape(title)}*"


def relay_message(author_id: str, asker_id: str, question: str, title: str, url: str | None, *,
                  in_dm: bool = False) -> Message:
    """The question put to the author: who asked, what, about which report, and how their reply is kept."""
    asked = escape(truncate(" ".join(question.split()), QUESTION_LIMIT))
    where = " in a direct message to me" if in_dm else ""
    lines = [
        f"<@{author_id}>, <@{asker_id}> asked{where} about your report {report_ref(title, url)}:",
        f">{asked}",
        "The report does not say. Could you answer? "
        + ("Reply to them directly, or in this thread." if in_dm else "Reply in this thread;")
        + ("" if in_dm else " then use *⋯ → Save as answer* on your reply, and I will quote it the next time someone asks."),
    ]
    plain = f"<@{author_id}>, <@{asker_id}> asked about your report {title}: {question[:QUESTION_LIMIT]}"
    note = ContextBlock(elements=[MarkdownTextObject(
        text="You were asked because you wrote this report. `/dockercon ask off` stops these.")])
    return Message(text=plain, blocks=to_dicts(SectionBlock(text=MarkdownTextObject(text="\n".join(lines))), note))


def when(day: dt.date | None) -> str:
    return f"{day.day} {day:%B %Y}" if day else "an earlier day"


def saved_header(passage: Passage) -> str:
    """"Answered in Slack by <@U…> on 6 May 2025", with the message's permalink and the report it is about."""
    writer = f"<@{passage.author_ids[0]}>" if passage.author_ids else "someone"
    header = f"*Answered in Slack by {writer} on {when(passage.date)}*"
    links = [link(passage.url, "the reply in Slack")] if passage.url else []
    if passage.report_link:
        links.append(f"about {link(passage.report_link.url, passage.report_link.text)}")
    return header + (f"\n{' · '.join(links)}" if links else "")


def forget_button(answer_id: str) -> ButtonElement:
    return ButtonElement(
        text="Remove", action_id=FORGET_ACTION, value=answer_id,
        confirm=ConfirmObject(title="Remove this saved answer?", text="It will no longer be quoted in answers.",
                              confirm="Remove", deny="Keep"),
    )


def save_prompt(question: str, value: str) -> Message:
    """Shown to a reply's writer when someone else tried to save it: one button, theirs to press."""
    text = (f"Someone would like to save your reply as the answer to “{escape(truncate(question, 300))}”, so I can "
            "quote it the next time someone asks. Save your answer?")
    button = ButtonElement(text="Save my answer", action_id=SAVE_CONFIRM_ACTION, value=value, style="primary")
    return Message(text=f"Save your answer? {question[:300]}",
                   blocks=to_dicts(SectionBlock(text=MarkdownTextObject(text=text), accessory=button)))
