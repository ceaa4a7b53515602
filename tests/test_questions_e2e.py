"""Questions as data with real processes: `python -m bot` (the console fed by stdin, or HTTP mode against the
fake Slack) writes every question to its database, then `python -m bot.digest --since 1d --json` lists them.
SQLite with nothing configured; PostgreSQL with two replicas, one scheduled digest between them, and the
server stopped mid-run."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.bot_process import Bot, start_bot
from tests.conftest import REPO
from tests.postgres import PostgresServer, postgres, started_server  # noqa: F401 - fixture
from tests.slack_fakes import FORM, FakeSlack, action_body, event_body, mention, signed_headers

pytestmark = pytest.mark.slow

ANSWERED = "what did Zalando show?"
DECLINED = "any tips for learning the ukulele?"
# Settings of the machine running the tests must not leak into the processes: only the defaults apply.
OURS = ("SLACK_", "DATABASE_URL", "DATA_DIR", "REDIS_URL", "QUESTION_LOG", "DIGEST_", "ADMIN_USERS", "ENCODER",
        "EMBEDDING_MODEL", "FEEDBACK_LOG")


def environment(index_dir: Path, **settings: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(OURS)}
    return {**env, "INDEX_DIR": str(index_dir), "CORPUS_DIR": str(REPO / "corpus"), **settings}


def console(workdir: Path, index_dir: Path, questions: list[str], **settings: str) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "--mode", "console"], cwd=workdir, env=environment(index_dir, **settings),
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    assert process.stdin is not None
    process.stdin.write("".join(f"{q}\n" for q in questions))
    process.stdin.close()
    return process


def finished(process: subprocess.Popen[str]) -> str:
    out, err = process.stdout.read(), process.stderr.read()  # type: ignore[union-attr]
    assert process.wait(timeout=240) == 0, err
    return out


def digest(workdir: Path, index_dir: Path, **settings: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-m", "bot.digest", "--since", "1d", "--json"], cwd=workdir,
        env=environment(index_dir, **settings), capture_output=True, text=True, timeout=240,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def listed(groups: list[dict[str, Any]]) -> dict[str, int]:
    return {g["question"]: g["count"] for g in groups}


def test_console_questions_are_in_the_digest_with_nothing_configured(seeds_index: Path, tmp_path: Path) -> None:
    out = finished(console(tmp_path, seeds_index, [ANSWERED, DECLINED]))
    assert "STUPS" in out and "The reports don't cover this." in out
    assert (tmp_path / "data" / "dockercon-bot.db").is_file()  # the default: SQLite in DATA_DIR
    found = digest(tmp_path, seeds_index)
    assert found["questions"] == 2 and found["outcomes"] == {"answer": 1, "nothing_close": 1}
    assert listed(found["unanswered"]) == {DECLINED: 1}
    assert any("Zalando" in r["title"] or "DockerCon" in r["title"] for r in found["top_reports"])


def test_two_console_replicas_on_postgresql_share_one_log(
    postgres: PostgresServer, seeds_index: Path, tmp_path: Path  # noqa: F811
) -> None:
    url = postgres.new_database()
    replicas = [console(tmp_path, seeds_index, [ANSWERED, DECLINED], DATABASE_URL=url) for _ in range(2)]
    for process in replicas:
        finished(process)
    found = digest(tmp_path, seeds_index, DATABASE_URL=url)
    assert found["questions"] == 4 and listed(found["unanswered"]) == {DECLINED: 2}
    assert not (tmp_path / "data" / "dockercon-bot.db").exists()


@pytest.fixture
def own_postgres() -> Iterator[PostgresServer]:
    """A server of this test's own, to stop and start."""
    yield from started_server()


def ask(bot: Bot, slack: FakeSlack, question: str, channel: str) -> dict[str, Any]:
    bot.post(event_body(mention(question, channel=channel)))
    (reply,) = slack.wait_for(1, where=channel)
    return reply


def vote_down(bot: Bot, slack: FakeSlack, reply: dict[str, Any]) -> None:
    value = next(e["value"] for b in reply["blocks"] if b["type"] == "actions" for e in b["elements"]
                 if e["action_id"] == "feedback_down")
    url = slack.response_url()
    body = action_body("feedback_down", value, url, user="U0VOTER")
    bot.post(body, FORM, signed_headers(body, FORM))
    slack.wait_for(1, "response_url", where=url)


def test_over_slack_the_digest_lists_the_unanswered_and_the_voted_down(
    slack: FakeSlack, seeds_index: Path, tmp_path: Path
) -> None:
    bot = start_bot(slack, seeds_index, REPO / "corpus", tmp_path)
    try:
        vote_down(bot, slack, ask(bot, slack, ANSWERED, "C0E2EONE"))
        ask(bot, slack, DECLINED, "C0E2ETWO")
        assert bot.get("/healthz")[1]["database"]["status"] == "ok"
    finally:
        bot.stop()  # SIGTERM: queued rows are written before the process ends
    found = digest(tmp_path, seeds_index)
    assert found["questions"] == 2
    assert listed(found["unanswered"]) == {DECLINED: 1} and listed(found["voted_down"]) == {ANSWERED: 1}


def wait_for_database(bot: Bot, status: str, timeout: float = 30.0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        code, health = bot.get("/healthz")
        if code == 200 and health["database"]["status"] == status or time.monotonic() > deadline:
            return health
        time.sleep(0.2)


def test_two_replicas_on_postgresql_post_one_digest_and_a_stopped_database_costs_no_answer(
    slack: FakeSlack, seeds_index: Path, tmp_path: Path, own_postgres: PostgresServer
) -> None:
    url = own_postgres.new_database()
    now = dt.datetime.now(dt.UTC)
    # Due now (within the hour after its time), checked every second by both replicas.
    settings = {"DATABASE_URL": url, "DIGEST_CHANNEL": "C0DIGEST", "DIGEST_SCHEDULE": f"{now.minute} {now.hour} * * *",
                "DIGEST_TZ": "UTC", "DIGEST_CHECK_INTERVAL_S": "1"}
    bots = [start_bot(slack, seeds_index, REPO / "corpus", tmp_path / name, **settings) for name in ("a", "b")
            if (tmp_path / name).mkdir() is None]
    try:
        vote_down(bots[0], slack, ask(bots[0], slack, ANSWERED, "C0PGONE"))
        ask(bots[1], slack, DECLINED, "C0PGTWO")
        slack.settle(3.0)  # several checks by each replica
        assert len(slack.posted(where="C0DIGEST")) == 1

        own_postgres.stop()
        assert "STUPS" in json.dumps(ask(bots[0], slack, ANSWERED, "C0PGTHREE")["blocks"])
        ask(bots[1], slack, DECLINED, "C0PGFOUR")
        degraded = wait_for_database(bots[0], "degraded")
        assert degraded["status"] == "degraded" and degraded["database"]["reason"]
        own_postgres.start()
        for bot in bots:
            assert wait_for_database(bot, "ok")["database"]["pending"] == 0
    finally:
        for bot in bots:
            bot.stop()
    found = digest(tmp_path, seeds_index, DATABASE_URL=url)
    assert found["questions"] == 4, found
    assert listed(found["unanswered"]) == {DECLINED: 2} and listed(found["voted_down"]) == {ANSWERED: 1}
