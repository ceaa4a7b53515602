"""Whether a person is a Slack workspace admin or owner (`users.info`), remembered briefly: the App Home asks on
every open (most of them by people who are not admins) and after every "Post digest now", and `users.info` is
rate limited."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

log = logging.getLogger(__name__)
# A person made (or no longer) an admin is seen within this.
TTL_S = 300.0
MAX_PEOPLE = 5000


def ask_slack(client: WebClient, user: str) -> bool | None:
    """Slack's answer, or None when it gave none (then nothing is remembered and the next call asks again)."""
    try:
        profile = client.users_info(user=user)["user"]
    except SlackApiError as exc:
        log.warning("could not look up %s: %s", user, exc.response.get("error"))
        return None
    return bool(profile.get("is_admin") or profile.get("is_owner") or profile.get("is_primary_owner"))


def is_workspace_admin(client: WebClient, user: str) -> bool:
    """Slack's answer now, not remembered (`/dockercon reindex`, saving or forgetting someone else's answer);
    False when Slack could not say."""
    return ask_slack(client, user) is True


class AdminStatus:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._known: dict[str, tuple[float, bool]] = {}
        self._lock = threading.Lock()

    def is_admin(self, client: WebClient, user: str) -> bool:
        """False also when Slack could not say: the admins' insights are never shown on a guess."""
        with self._lock:
            known = self._known.get(user)
            if known is not None and self._clock() - known[0] < TTL_S:
                return known[1]
        answer = ask_slack(client, user)
        if answer is None:
            return False
        with self._lock:
            if len(self._known) >= MAX_PEOPLE:
                self._known.clear()
            self._known[user] = (self._clock(), answer)
        return answer
