"""Buttons under answers: Share in channel, More results, 👍/👎."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from slack_bolt import Ack, App, Respond

from bot.answering.asked import from_body
from bot.render import FEEDBACK_DOWN, FEEDBACK_UP, MORE_ACTION, SHARE_ACTION, button_value
from bot.store import VoteRecord

if TYPE_CHECKING:
    from bot.listeners import Deps


def register(app: App, deps: Deps) -> None:
    @app.action(FEEDBACK_UP)
    @app.action(FEEDBACK_DOWN)
    def on_feedback(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        ack()
        action = body["actions"][0]
        shown = button_value(action.get("value", "{}"))
        vote = "up" if action["action_id"] == FEEDBACK_UP else "down"
        deps.store.feedback.record(VoteRecord(
            vote=vote, question=shown.question, passages=shown.passage_ids, question_id=shown.question_id,
            user_id=body["user"]["id"],
        ))
        thanks = "Thanks, glad it helped!" if vote == "up" else "Thanks for telling me; this helps improve the answers."
        respond(text=thanks, response_type="ephemeral", replace_original=False)

    @app.action(MORE_ACTION)
    def on_more(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        ack()
        shown = button_value(body["actions"][0].get("value", "{}"))
        message = deps.replies.answer(shown.question, surface="more", offset=shown.offset, asked=from_body(body, "more"))
        respond(
            text=message.text, blocks=message.blocks, response_type="ephemeral", replace_original=False,
            unfurl_links=False, unfurl_media=False,
        )

    @app.action(SHARE_ACTION)
    def on_share(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        ack()
        question = body["actions"][0].get("value", "")
        message = deps.replies.answer(
            question, surface="share", shared_by=body["user"]["id"], asked=from_body(body, "share")
        )
        respond(
            text=message.text, blocks=message.blocks, response_type="in_channel", replace_original=False,
            unfurl_links=False, unfurl_media=False,
        )
        respond(delete_original=True)
