"""Interaction payloads as Slack sends them for the ask-the-author loop: a button click on a reply, the
`save_answer` message shortcut; and the "Ask …" buttons of a reply."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from tests.slack_fakes import TEAM


def form(payload: dict[str, Any]) -> str:
    return urlencode({"payload": json.dumps({"team": {"id": TEAM}, "api_app_id": "A0TEST", "trigger_id": "1.2",
                                             **payload})})


DEAD_URL = "http://127.0.0.1:9/none"  # for payloads whose response URL the test does not read


def click(button: dict[str, Any], reply: dict[str, Any], user: str = "U0ASKER", response_url: str = DEAD_URL) -> str:
    message = {"ts": reply["ts"], "thread_ts": reply.get("thread_ts"), "text": reply["text"]}
    return form({"type": "block_actions", "user": {"id": user}, "channel": {"id": reply["channel"]},
                 "container": {"type": "message", "message_ts": reply["ts"], "channel_id": reply["channel"],
                               "is_ephemeral": False, "thread_ts": reply.get("thread_ts")},
                 "message": message, "response_url": response_url,
                 "actions": [{**button, "block_id": "b", "action_ts": "1"}]})


def shortcut(message: dict[str, Any], channel: str, user: str) -> str:
    return form({"type": "message_action", "callback_id": "save_answer", "user": {"id": user},
                 "channel": {"id": channel}, "message_ts": message["ts"], "message": message,
                 "response_url": DEAD_URL})


def ask_buttons(reply: dict[str, Any]) -> list[dict[str, Any]]:
    return [e for b in reply["blocks"] if b["type"] == "actions" for e in b["elements"]
            if e["text"]["text"].startswith("Ask ")]


def command(text: str, user: str, channel: str = "C0GENERAL") -> str:
    """`/dockercon <text>` typed by `user` in `channel`."""
    return urlencode({"token": "unused", "team_id": TEAM, "channel_id": channel, "user_id": user,
                      "command": "/dockercon", "text": text, "response_url": DEAD_URL, "trigger_id": "1.2.3",
                      "api_app_id": "A0TEST"})
