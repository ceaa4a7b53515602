"""Who asked, where and through which surface: what the question log keeps beside the question. The kind of
channel decides whether a question may ever be quoted outside the admins' App Home, so it is read from what
Slack sends and never guessed towards "public"."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.store.records import ChannelKind

# Events carry `channel_type` (message events) or nothing (app_mention): then the channel id decides.
_BY_TYPE: dict[str, ChannelKind] = {"im": "dm", "app_home": "dm", "mpim": "private", "group": "private",
                                    "channel": "public"}
# Slash commands and shortcuts carry the channel's name; these names are Slack's for non-public places.
_PRIVATE_NAMES = ("privategroup", "mpdm-")


@dataclass(frozen=True)
class Asked:
    """`channel_kind` None: not known from the request (a mention or command in a C… channel, which may be a
    private channel); the question log asks Slack after the reply, off the answer path."""

    surface: str
    channel_kind: ChannelKind | None = None
    user_id: str | None = None
    channel_id: str | None = None


def kind_of(channel_id: str | None, channel_type: str | None = None, channel_name: str | None = None) -> ChannelKind | None:
    """The kind of channel from what the request says, or None when only Slack can tell (a C… id)."""
    if channel_type in _BY_TYPE:
        return _BY_TYPE[channel_type]
    if channel_name == "directmessage":
        return "dm"
    if channel_name and channel_name.startswith(_PRIVATE_NAMES):
        return "private"
    if not channel_id:
        return None
    # D…: a DM; G…: a private channel or group DM created before 2021 (newer private channels are C… too).
    return {"D": "dm", "G": "private"}.get(channel_id[:1])


def from_event(event: dict[str, Any], surface: str) -> Asked:
    channel = event.get("channel")
    return Asked(surface=surface, channel_kind=kind_of(channel, event.get("channel_type")),
                 user_id=event.get("user"), channel_id=channel)


def from_body(body: dict[str, Any], surface: str) -> Asked:
    """A command's, shortcut's or button's request body (`channel_id` or `channel: {id, name}`)."""
    channel = body.get("channel") or {}
    channel_id = body.get("channel_id") or channel.get("id")
    name = body.get("channel_name") or channel.get("name")
    user = body.get("user_id") or (body.get("user") or {}).get("id")
    return Asked(surface=surface, channel_kind=kind_of(channel_id, channel_name=name), user_id=user,
                 channel_id=channel_id)
