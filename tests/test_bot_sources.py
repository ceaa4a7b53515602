"""The running bot with a sources file: pages from a blog on 127.0.0.1, answered with links to their
sections, synced on SYNC_INTERVAL, failures shown in /healthz."""

from __future__ import annotations

import shutil
import time
import uuid
from pathlib import Path

import pytest

from tests.bot_process import start_bot
from tests.conftest import REPO
from tests.slack_fakes import FakeSlack, event_body, mention, section_text
from tests.web_site import Site, blog_page, site  # noqa: F401

pytestmark = pytest.mark.slow


def keynote(extra: str = "") -> str:
    return blog_page(
        "QuokkaConf 2026",
        [("Keynote", "keynote", f"The QuokkaConf keynote introduced marsupial-driven development.{extra}"),
         ("Venue", "venue", "The venue was a converted wool store by the river.")],
        intro="Our team went to QuokkaConf and wrote down what we learned.",
        canonical="https://blog.example.com/2026/quokkaconf/",
    )


def test_the_bot_answers_from_web_pages_and_keeps_them_fresh(
    slack: FakeSlack, site: Site, seeds_index: Path, tmp_path: Path
) -> None:
    site.put("/2026/quokkaconf/", keynote())
    site.put("/feed.xml", f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><link>{site.url("/2026/quokkaconf/")}</link></item></channel></rss>',
             "application/rss+xml")
    shutil.copytree(REPO / "corpus", tmp_path / "corpus")
    (tmp_path / "sources.yml").write_text(f"- folder: corpus\n- feed: {site.url('/feed.xml')}\n")
    index = tmp_path / "index"
    shutil.copytree(seeds_index, index)
    bot = start_bot(slack, index, tmp_path / "corpus", tmp_path, SYNC_INTERVAL="2s", FETCH_HOST_DELAY_S="0",
                    SOURCES_FILE=str(tmp_path / "sources.yml"))

    def ask(question: str) -> str:
        where = f"C{uuid.uuid4().hex[:8].upper()}"
        bot.post(event_body(mention(question, channel=where)))
        return section_text(slack.wait_for(1, where=where)[0])

    try:
        reply = ask("what was the QuokkaConf keynote about?")
        assert "marsupial-driven development" in reply
        assert "https://blog.example.com/2026/quokkaconf/#keynote" in reply
        assert "STUPS" in ask("what did Zalando show?")  # the folder is still indexed

        site.put("/2026/quokkaconf/", keynote(" The slides are on the team wiki."))
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and "team wiki" not in ask("QuokkaConf keynote slides"):
            time.sleep(1)
        assert "team wiki" in ask("QuokkaConf keynote slides")

        site.fail["/2026/quokkaconf/"] = 500
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not bot.get("/healthz")[1]["sources"]["errors"]:
            time.sleep(0.5)
        status, health = bot.get("/healthz")
        assert status == 200 and health["sources"]["errors"] == {site.url("/2026/quokkaconf/"): "HTTP 500"}
        assert "marsupial-driven development" in ask("what was the QuokkaConf keynote about?")  # last good version
        assert f"cannot fetch {site.url('/2026/quokkaconf/')}: HTTP 500" in bot.log.read_text()
    finally:
        bot.stop()
