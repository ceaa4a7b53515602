"""Operations end to end: the running bot picks up corpus changes; two replicas share one event memory."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.state.seen import RedisSeenEvents
from tests.bot_process import free_port, start_bot
from tests.conftest import REPO
from tests.slack_fakes import FakeSlack, event_body, mention, section_text

pytestmark = pytest.mark.slow



def test_a_report_added_while_running_is_quoted_and_a_deleted_one_goes(
    slack: FakeSlack, seeds_index: Path, tmp_path: Path
) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(REPO / "corpus", corpus)
    index = tmp_path / "index"
    shutil.copytree(seeds_index, index)
    bot = start_bot(slack, index, corpus, tmp_path, RELOAD_INTERVAL_S="2")
    try:
        (corpus / "quokkaconf.md").write_text(
            "---\ntitle: QuokkaConf 2026\nurl: https://example.org/quokkaconf\n---\n"
            "# Keynote\n\nThe QuokkaConf keynote introduced marsupial-driven development.\n"
        )
        deadline = time.monotonic() + 120
        found = False
        asked = 0
        while time.monotonic() < deadline and not found:
            where = f"C{uuid.uuid4().hex[:8].upper()}"
            bot.post(event_body(mention("what was the QuokkaConf keynote about?", channel=where)))
            other = f"C{uuid.uuid4().hex[:8].upper()}"
            bot.post(event_body(mention("what did Zalando show?", channel=other)))
            asked += 1
            reply = slack.wait_for(1, where=where)[0]
            assert "STUPS" in section_text(slack.wait_for(1, where=other)[0])  # still answering during the reload
            found = "marsupial-driven development" in section_text(reply)
            time.sleep(1)
        assert found, f"new report not quoted after {asked} tries"

        (corpus / "quokkaconf.md").unlink()
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            where = f"C{uuid.uuid4().hex[:8].upper()}"
            bot.post(event_body(mention("what was the QuokkaConf keynote about?", channel=where)))
            if "marsupial" not in section_text(slack.wait_for(1, where=where)[0]):
                break
            time.sleep(1)
        else:
            pytest.fail("deleted report still quoted")
    finally:
        bot.stop()


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed (`.ci/run` installs Debian's redis-server)")
    port = free_port()
    workdir = tmp_path_factory.mktemp("redis")
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(workdir)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_redis_memory_lets_one_caller_win(redis_url: str) -> None:
    first, second = RedisSeenEvents(redis_url), RedisSeenEvents(redis_url)
    key = f"event:Ev{uuid.uuid4().hex}"
    assert [first.first_time(key), second.first_time(key), first.first_time(key)] == [True, False, False]


def test_an_unreachable_redis_does_not_silence_the_bot() -> None:
    assert RedisSeenEvents(f"redis://127.0.0.1:{free_port()}/0").first_time("event:x") is True


def test_two_replicas_answer_one_event_once(slack: FakeSlack, seeds_index: Path, tmp_path: Path, redis_url: str) -> None:
    replicas = [
        start_bot(slack, seeds_index, REPO / "corpus", tmp_path, REDIS_URL=redis_url, RELOAD_INTERVAL_S="0")
        for _ in range(2)
    ]
    try:
        for i in range(3):
            where = f"C0REPLICA{i}"
            body = event_body(mention("what did Zalando show?", channel=where))
            assert [bot.post(body)[0] for bot in replicas] == [200, 200]
            slack.wait_for(1, where=where)
        slack.settle(1.5)
        assert [len(slack.posted(where=f"C0REPLICA{i}")) for i in range(3)] == [1, 1, 1]
    finally:
        for bot in replicas:
            bot.stop()
