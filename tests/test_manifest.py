"""manifest.yml asks for what the listeners use: the events, scopes, shortcut and unfurl domains."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from embeddings.catalogue import ReportLinks
from embeddings.index import open_index
from tests.conftest import REPO


def manifest() -> dict[str, Any]:
    return yaml.safe_load((REPO / "manifest.yml").read_text())


def test_the_manifest_subscribes_to_every_surface() -> None:
    m = manifest()
    events = set(m["settings"]["event_subscriptions"]["bot_events"])
    assert {"app_mention", "message.im", "message.channels", "message.groups", "app_home_opened", "link_shared",
            "assistant_thread_started"} <= events
    scopes = set(m["oauth_config"]["scopes"]["bot"])
    assert {"channels:history", "groups:history", "links:read", "links:write", "assistant:write", "commands",
            "chat:write", "app_mentions:read", "im:history"} <= scopes
    assert {"users:read", "users:read.email"} <= scopes  # authors resolved to Slack users
    shortcuts = {s["callback_id"]: s for s in m["features"]["shortcuts"]}
    assert set(shortcuts) == {"search_reports", "save_answer"}
    for shortcut in shortcuts.values():
        assert shortcut["type"] == "message" and len(shortcut["description"]) <= 80 and len(shortcut["name"]) <= 24
    assert m["features"]["assistant_view"]["assistant_description"]
    assert m["features"]["app_home"]["messages_tab_enabled"] is True


@pytest.mark.slow
def test_unfurl_domains_cover_the_shipped_reports(seeds_index: Path) -> None:
    domains = ReportLinks(open_index(seeds_index)).domains()
    assert domains and set(domains) <= set(manifest()["features"]["unfurl_domains"])


def readme_scopes() -> set[str]:
    """The bot scopes README's "Connecting it to Slack" lists: the first column of its scope table."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Connecting it to Slack", 1)[1].split("\n## ", 1)[0]
    rows = [line.strip() for line in section.splitlines() if line.strip().startswith("| `")]
    return {scope for row in rows for scope in re.findall(r"`([a-z_]+(?::[a-z_.]+)?)`", row.split("|")[1])}


def test_the_readme_lists_the_manifests_scopes_no_more_no_fewer() -> None:
    assert readme_scopes() == set(manifest()["oauth_config"]["scopes"]["bot"])


def test_in_socket_mode_the_manifest_names_no_placeholder_url() -> None:
    m = manifest()
    assert m["settings"]["socket_mode_enabled"] is True
    text = yaml.safe_dump(m)  # the YAML without its comments, which explain the URLs for HTTP mode
    assert "YOUR-HOST" not in text and "request_url" not in text
