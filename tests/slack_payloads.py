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


def click(button: dict[str, Any], reply: dict[str, Any], user: str = "U0ASKER") -> str:
    message = {"ts": reply["ts"], "thread_ts": reply.get("thread_ts"), "text": reply["text"]}
    return form({"type": "block_actions", "user": {"id": user}, "channel": {"id": reply["channel"]},
                 "container": {"type": "message", "message_ts": reply["ts"], "channel_id": reply["channel"],
                               "is_ephemeral": False, "thread_ts": reply.get("thread_ts")},
                 "message": message, "response_url": "http://127.0.0.1:9/none",
                 "actions": [{**button, "block_id": "b", "action_ts": "1"}]})


def shortcut(message: dict[str, Any], channel: str, user: str) -> str:
    return form({"type": "message_action", "callback_id": "save_answer", "user": {"id": user},
                 "channel": {"id": channel}, "message_ts": message["ts"], "message": message,
                 "response_url": "http://127.0.0.1:9/none"})


def ask_buttons(reply: dict[str, Any]) -> list[dict[str, Any]]:
    return [e for b in reply["blocks"] if b["type"] == "actions" for e in b["elements"]
            if e["text"]["text"].startswith("Ask ")]
