"""A fake Slack Web API on loopback, and correctly signed Slack requests, for testing the real Bolt app."""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlencode

from slack_sdk.signature import SignatureVerifier

SIGNING_SECRET = "test-signing-secret"
BOT_TOKEN = "xoxb-test-token"
APP_TOKEN = "xapp-test-token"
BOT_USER = "UBOT"
BOT_ID = "BBOT"
TEAM = "T0TEST"


class _Server(ThreadingHTTPServer):
    # Slack's API accepts every connection; the default listen backlog of 5 made a burst's posts (the
    # WebClient opens a connection per call) lose their SYN and arrive a retransmit (1 s) late.
    request_queue_size = 1024


class FakeSlack:
    """Answers Web API methods under /api/ and response URLs under /response/, recording every call.

    It also keeps the conversations: every message the bot posts, and every message a test says was written
    (`said`), so `conversations.replies` serves the real thread as Slack would.
    """

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.lock = threading.Lock()
        self.socket_url: str | None = None
        self.rate_limit_next = 0  # answer this many chat.postMessage calls with HTTP 429 first
        self.refuse_next_post: str | None = None  # answer the next chat.postMessage with this error
        self.threads: dict[tuple[str, str], list[dict[str, Any]]] = {}
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                path, _, query = self.path.partition("?")
                self.answer(path, dict(parse_qsl(query)))

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode("utf-8")
                if "json" in (self.headers.get("Content-Type") or ""):
                    payload = json.loads(raw or "{}")
                else:
                    payload = dict(parse_qsl(raw))
                    for key in ("blocks", "unfurls", "prompts", "view"):
                        if isinstance(payload.get(key), str):
                            payload[key] = json.loads(payload[key])
                self.answer(self.path.split("?")[0], payload)

            def answer(self, path: str, payload: dict[str, Any]) -> None:
                status, body = fake.respond(path, payload)
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                if status == 429:
                    self.send_header("Retry-After", "1")
                self.end_headers()
                self.wfile.write(data)

        self.server = _Server(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/"

    def response_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/response/{uuid.uuid4().hex}"

    def respond(self, path: str, payload: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        method = path.removeprefix("/api/")
        if method == "chat.postMessage" and self.rate_limit_next > 0:
            with self.lock:
                self.rate_limit_next -= 1
                self.calls.append(("429:" + method, payload))
            return 429, {"ok": False, "error": "ratelimited"}
        payload["__at"] = time.monotonic()  # arrival time, for latency benchmarks
        with self.lock:
            if path.startswith("/api/"):
                self.calls.append((method, payload))
            else:
                self.calls.append(("response_url", {**payload, "__url": f"http://127.0.0.1:{self.port}{path}"}))
        if method == "auth.test":
            return 200, {"ok": True, "user_id": BOT_USER, "bot_id": BOT_ID, "team_id": TEAM, "user": "dockercon-bot"}
        if method == "users.info":
            user = payload.get("user", "")
            return 200, {"ok": True, "user": {"id": user, "is_admin": user.startswith("U0ADMIN"), "is_owner": False}}
        if method == "apps.connections.open":
            return 200, {"ok": True, "url": self.socket_url}
        if method == "chat.postMessage" and self.refuse_next_post:
            with self.lock:
                error, self.refuse_next_post = self.refuse_next_post, None
            return 200, {"ok": False, "error": error}
        if method == "chat.postMessage":
            ts = f"{time.time():.6f}"
            message = {"type": "message", "user": BOT_USER, "bot_id": BOT_ID, "text": payload.get("text", ""), "ts": ts}
            if payload.get("thread_ts"):
                message["thread_ts"] = payload["thread_ts"]
            self._keep(str(payload.get("channel")), message)
            return 200, {"ok": True, "channel": payload.get("channel"), "ts": ts, "message": message}
        if method == "conversations.info":
            # Channels whose id starts with CPRIV are private ones (ids of channels made since 2021 start with C too).
            channel = str(payload.get("channel"))
            return 200, {"ok": True, "channel": {"id": channel, "is_channel": True, "is_private": channel.startswith("CPRIV")}}
        if method == "conversations.replies":
            with self.lock:
                thread = list(self.threads.get((str(payload.get("channel")), str(payload.get("ts"))), []))
            if not thread:
                return 200, {"ok": False, "error": "thread_not_found"}
            return 200, {"ok": True, "messages": thread, "has_more": False}
        return 200, {"ok": True}

    def _keep(self, channel: str, message: dict[str, Any]) -> None:
        key = (channel, str(message.get("thread_ts") or message["ts"]))
        with self.lock:
            self.threads.setdefault(key, []).append(message)
            self.threads[key].sort(key=lambda m: float(m["ts"]))

    def said(self, event: dict[str, Any]) -> dict[str, Any]:
        """Records a person's message (an event a test is about to deliver) in its conversation; returns it."""
        message = {k: v for k, v in event.items() if k in {"type", "user", "text", "ts", "thread_ts", "bot_id"}}
        self._keep(str(event["channel"]), {**message, "type": "message"})
        return event

    def posted(self, method: str = "chat.postMessage", where: str | None = None) -> list[dict[str, Any]]:
        """Calls of `method`; with `where`, only those to that channel (or that response URL)."""
        with self.lock:
            return [
                payload for name, payload in self.calls
                if name == method and where in (None, payload.get("channel"), payload.get("__url"))
            ]

    def wait_for(
        self, count: int, method: str = "chat.postMessage", timeout: float = 20.0, where: str | None = None
    ) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.posted(method, where)
            if len(found) >= count:
                return found
            time.sleep(0.02)
        return self.posted(method, where)

    def settle(self, seconds: float = 0.5) -> None:
        """Give background answers time to arrive, for tests that check nothing more comes."""
        time.sleep(seconds)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def section_text(message: dict[str, Any]) -> str:
    """The text of every section block of a posted message, joined: what a reader sees of the answer."""
    return "\n".join(b["text"]["text"] for b in message["blocks"] if b["type"] == "section")


def signed_headers(body: str, content_type: str, timestamp: int | None = None, secret: str = SIGNING_SECRET) -> dict[str, str]:
    ts = str(timestamp if timestamp is not None else int(time.time()))
    signature = SignatureVerifier(secret).generate_signature(timestamp=ts, body=body)
    return {"Content-Type": content_type, "X-Slack-Request-Timestamp": ts, "X-Slack-Signature": signature}


def event_body(event: dict[str, Any], event_id: str | None = None) -> str:
    return json.dumps(
        {
            "token": "unused",
            "team_id": TEAM,
            "api_app_id": "A0TEST",
            "type": "event_callback",
            "event_id": event_id or f"Ev{uuid.uuid4().hex[:10]}",
            "event_time": int(time.time()),
            "authorizations": [{"team_id": TEAM, "user_id": BOT_USER, "is_bot": True}],
            "event": event,
        }
    )


def mention(text: str, channel: str = "C0GENERAL", ts: str | None = None, thread_ts: str | None = None, **extra: Any) -> dict[str, Any]:
    event = {
        "type": "app_mention", "user": "U0ASKER", "text": f"<@{BOT_USER}> {text}", "channel": channel,
        "ts": ts or f"{time.time():.6f}", "event_ts": f"{time.time():.6f}",
    }
    if thread_ts:
        event["thread_ts"] = thread_ts
    return {**event, **extra}


def dm(text: str, channel: str = "D0DIRECT", ts: str | None = None, **extra: Any) -> dict[str, Any]:
    event = {
        "type": "message", "channel_type": "im", "user": "U0ASKER", "text": text, "channel": channel,
        "ts": ts or f"{time.time():.6f}", "event_ts": f"{time.time():.6f}",
    }
    return {**event, **extra}


def channel_message(
    text: str, channel: str = "C0GENERAL", thread_ts: str | None = None, user: str = "U0ASKER", ts: str | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """A message in a channel (the `message.channels` event), in a thread when `thread_ts` is given."""
    event = {
        "type": "message", "channel_type": "channel", "user": user, "text": text, "channel": channel,
        "ts": ts or f"{time.time():.6f}", "event_ts": f"{time.time():.6f}",
    }
    if thread_ts:
        event["thread_ts"] = thread_ts
    return {**event, **extra}


def home_opened(tab: str, user: str = "U0ASKER", channel: str = "D0DIRECT") -> dict[str, Any]:
    return {"type": "app_home_opened", "user": user, "channel": channel, "tab": tab, "event_ts": f"{time.time():.6f}"}


def assistant_thread_started(channel: str = "D0DIRECT", thread_ts: str = "1700000000.000001", user: str = "U0ASKER") -> dict[str, Any]:
    return {
        "type": "assistant_thread_started",
        "assistant_thread": {
            "user_id": user, "channel_id": channel, "thread_ts": thread_ts,
            "context": {"channel_id": "C0GENERAL", "team_id": TEAM, "enterprise_id": None},
        },
        "event_ts": f"{time.time():.6f}",
    }


def link_shared(*urls: str, channel: str = "C0GENERAL", message_ts: str = "1700000000.000200", source: str = "conversations_history") -> dict[str, Any]:
    from urllib.parse import urlparse

    return {
        "type": "link_shared", "channel": channel, "is_bot_user_member": True, "user": "U0ASKER",
        "message_ts": message_ts, "unfurl_id": f"{channel}.{message_ts}.abc", "source": source,
        "links": [{"domain": urlparse(url).hostname, "url": url} for url in urls], "event_ts": f"{time.time():.6f}",
    }


def message_shortcut_body(text: str, response_url: str, callback_id: str = "search_reports", user: str = "U0CLICKER") -> str:
    payload = {
        "type": "message_action", "callback_id": callback_id, "trigger_id": "1.2.3", "action_ts": "1",
        "team": {"id": TEAM, "domain": "test"}, "user": {"id": user, "name": "clicker"},
        "channel": {"id": "C0GENERAL", "name": "general"}, "response_url": response_url,
        "message_ts": "1700000000.000300",
        "message": {"type": "message", "user": "U0AUTHOR", "text": text, "ts": "1700000000.000300"},
    }
    return urlencode({"payload": json.dumps(payload)})


def command_body(text: str, response_url: str, command: str = "/dockercon") -> str:
    return urlencode(
        {
            "token": "unused", "team_id": TEAM, "channel_id": "C0GENERAL", "channel_name": "general",
            "user_id": "U0ASKER", "user_name": "asker", "command": command, "text": text,
            "response_url": response_url, "trigger_id": "1.2.3", "api_app_id": "A0TEST",
        }
    )


def share_body(question: str, response_url: str, user: str = "U0ASKER") -> str:
    return action_body("share_answer", question, response_url, user)


def action_body(action_id: str, value: str, response_url: str, user: str = "U0ASKER") -> str:
    payload = {
        "type": "block_actions",
        "team": {"id": TEAM},
        "user": {"id": user},
        "api_app_id": "A0TEST",
        "channel": {"id": "C0GENERAL"},
        "container": {"type": "message", "is_ephemeral": True},
        "response_url": response_url,
        "trigger_id": "1.2.3",
        "actions": [{"type": "button", "action_id": action_id, "block_id": "b", "value": value, "action_ts": "1"}],
    }
    return urlencode({"payload": json.dumps(payload)})


JSON = "application/json"
FORM = "application/x-www-form-urlencoded"

Poster = Callable[[str, str, dict[str, str]], tuple[int, str]]
