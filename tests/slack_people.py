"""The workspace's people for the fake Slack: `users.info`, `users.lookupByEmail`, `users.list` (paginated by
cursor) and `chat.getPermalink`, answered as Slack answers them, errors included."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.slack_fakes import TEAM, FakeSlack

WORKSPACE = "https://test.slack.com"


@dataclass
class People:
    fake: FakeSlack
    users: dict[str, dict[str, Any]] = field(default_factory=dict)
    page_size_cap: int = 2  # small pages, so every test walks the cursor as a big workspace would make it
    refuse: str | None = None  # answer every users.* call with this error (Slack having a bad minute)

    def __post_init__(self) -> None:
        self.fake.respond = self._before(self.fake.respond)  # type: ignore[method-assign]
        self.add("USLACKBOT", "Slackbot", is_bot=False)  # as in every workspace; not a bot by its flags

    def _before(self, respond: Callable[[str, dict[str, Any]], tuple[int, dict[str, Any]]]) -> Callable[..., Any]:
        def answer(path: str, payload: dict[str, Any]) -> tuple[int, dict[str, Any]]:
            method = path.removeprefix("/api/")
            answered = self.respond(method, payload)
            if answered is None:
                return respond(path, payload)
            with self.fake.lock:
                self.fake.calls.append((method, payload))
            return answered

        return answer

    def add(self, user_id: str, real_name: str, email: str | None = None, *, display_name: str = "",
            deleted: bool = False, is_bot: bool = False, is_admin: bool = False) -> dict[str, Any]:
        self.users[user_id] = {
            "id": user_id, "team_id": TEAM, "name": real_name.lower().replace(" ", "."), "deleted": deleted,
            "real_name": real_name, "is_bot": is_bot, "is_app_user": False, "is_admin": is_admin,
            "is_owner": False,
            "profile": {"real_name": real_name, "display_name": display_name, **({"email": email} if email else {})},
        }
        return self.users[user_id]

    def respond(self, method: str, payload: dict[str, Any]) -> tuple[int, dict[str, Any]] | None:
        if self.refuse and method.startswith("users."):
            return 200, {"ok": False, "error": self.refuse}
        if method == "users.info" and payload.get("user") in self.users:
            return 200, {"ok": True, "user": self.users[payload["user"]]}
        if method == "users.info":
            return None  # the fake's own answer (admins by id prefix) for people this test did not name
        if method == "users.lookupByEmail":
            wanted = str(payload.get("email", "")).casefold()
            for user in self.users.values():
                if user["profile"].get("email", "").casefold() == wanted and not user["deleted"]:
                    return 200, {"ok": True, "user": user}
            return 200, {"ok": False, "error": "users_not_found"}
        if method == "users.list":
            return 200, self._page(payload)
        if method == "chat.getPermalink":
            return 200, self._permalink(str(payload.get("channel")), str(payload.get("message_ts")))
        return None

    def _page(self, payload: dict[str, Any]) -> dict[str, Any]:
        everyone = list(self.users.values())
        start = int(payload.get("cursor") or 0)
        size = min(int(payload.get("limit") or 1000), self.page_size_cap)
        end = start + size
        cursor = str(end) if end < len(everyone) else ""
        return {"ok": True, "members": everyone[start:end], "cache_ts": 1700000000,
                "response_metadata": {"next_cursor": cursor}}

    def _permalink(self, channel: str, ts: str) -> dict[str, Any]:
        with self.fake.lock:
            threads = {key: list(messages) for key, messages in self.fake.threads.items() if key[0] == channel}
        if not threads:
            return {"ok": False, "error": "channel_not_found"}
        for (_, thread_ts), messages in threads.items():
            if any(m.get("ts") == ts for m in messages):
                link = f"{WORKSPACE}/archives/{channel}/p{ts.replace('.', '')}"
                if thread_ts != ts:
                    link += f"?thread_ts={thread_ts}&cid={channel}"
                return {"ok": True, "channel": channel, "permalink": link}
        return {"ok": False, "error": "message_not_found"}

    def delete(self, channel: str, ts: str) -> None:
        """A message deleted in Slack: its permalink no longer resolves."""
        with self.fake.lock:
            for key, messages in self.fake.threads.items():
                if key[0] == channel:
                    messages[:] = [m for m in messages if m.get("ts") != ts]
