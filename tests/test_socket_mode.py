"""Socket Mode: the real Bolt Socket Mode handler connects to a real WebSocket server on loopback."""

from __future__ import annotations

import json
import queue
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr
from slack_bolt.adapter.socket_mode import SocketModeHandler
from websockets.sync.server import ServerConnection, serve

from bot.answering.answers import Answerer
from bot.app import create_app
from embeddings.pipeline import build_corpus
from embeddings.index import open_index
from embeddings.search import Searcher
from bot.config import BotSettings as Settings
from tests.conftest import FakeEncoder
from tests.slack_fakes import APP_TOKEN, FakeSlack, event_body, mention

Write = Callable[[str, str], Path]


class FakeSocketModeServer:
    """Plays Slack's side of a Socket Mode connection: hello, then the envelopes we queue; records acks."""

    def __init__(self) -> None:
        self.outgoing: queue.Queue[dict[str, Any]] = queue.Queue()
        self.acks: queue.Queue[dict[str, Any]] = queue.Queue()
        self.server = serve(self.handle, "127.0.0.1", 0)
        self.port = self.server.socket.getsockname()[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def handle(self, connection: ServerConnection) -> None:
        connection.send(json.dumps({"type": "hello", "num_connections": 1, "connection_info": {"app_id": "A0TEST"}}))
        while True:
            try:
                envelope = self.outgoing.get(timeout=0.05)
                connection.send(json.dumps(envelope))
            except queue.Empty:
                pass
            try:
                message = connection.recv(timeout=0.05)
            except TimeoutError:
                continue
            except Exception:
                return
            self.acks.put(json.loads(message))

    def close(self) -> None:
        self.server.shutdown()


@pytest.fixture
def socket_server() -> Iterator[FakeSocketModeServer]:
    server = FakeSocketModeServer()
    yield server
    server.close()


def test_an_event_over_socket_mode_is_acked_and_answered(
    tmp_path: Path, write_report: Write, socket_server: FakeSocketModeServer
) -> None:
    write_report("dc.md", "---\ntitle: DockerCon\n---\n# Zalando\n\nZalando showed STUPS on AWS.\n")
    encoder = FakeEncoder()
    build_corpus(tmp_path / "corpus", tmp_path / "index", lambda: encoder, FakeEncoder.name, progress=False)
    answerer = Answerer(Searcher(open_index(tmp_path / "index"), encoder))

    slack = FakeSlack()
    slack.socket_url = f"ws://127.0.0.1:{socket_server.port}/link"
    settings = Settings(
        slack_bot_token=SecretStr("xoxb-test"), slack_app_token=SecretStr(APP_TOKEN), slack_api_url=slack.base_url,
        data_dir=tmp_path / "data", _env_file=None,  # type: ignore[call-arg]
    )
    handler = SocketModeHandler(create_app(settings, answerer), APP_TOKEN)
    try:
        handler.connect()
        body = json.loads(event_body(mention("what did Zalando show?", channel="C0SOCKET", ts="5.5")))
        socket_server.outgoing.put(
            {"envelope_id": "env-1", "type": "events_api", "payload": body, "accepts_response_payload": False, "retry_attempt": 0}
        )
        assert socket_server.acks.get(timeout=10)["envelope_id"] == "env-1"
        (reply,) = slack.wait_for(1, where="C0SOCKET")
        assert reply["thread_ts"] == "5.5" and "STUPS" in reply["text"]
        assert [name for name, _ in slack.calls if name == "apps.connections.open"]
    finally:
        handler.close()
        slack.close()


@pytest.mark.slow
def test_python_m_bot_in_socket_mode_answers_and_serves_health(
    socket_server: FakeSocketModeServer, seeds_index: Path, tmp_path: Path
) -> None:
    import os
    import subprocess
    import sys
    import time
    import urllib.request

    from tests.bot_process import free_port
    from tests.conftest import REPO

    slack = FakeSlack()
    slack.socket_url = f"ws://127.0.0.1:{socket_server.port}/link"
    port = free_port()
    env = {
        **os.environ, "SLACK_BOT_TOKEN": "xoxb-test", "SLACK_APP_TOKEN": APP_TOKEN, "SLACK_API_URL": slack.base_url,
        "PORT": str(port), "INDEX_DIR": str(seeds_index), "CORPUS_DIR": str(REPO / "corpus"), "RELOAD_INTERVAL_S": "0",
    }
    env.pop("SLACK_SIGNING_SECRET", None)
    log = tmp_path / "bot.log"
    with log.open("w") as out:
        process = subprocess.Popen([sys.executable, "-m", "bot"], cwd=tmp_path, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                    assert json.loads(response.read())["status"] == "ok"
                    break
            except OSError:
                assert process.poll() is None, log.read_text()
                time.sleep(0.25)
        body = json.loads(event_body(mention("what did Zalando show?", channel="C0SOCKPROC", ts="7.7")))
        socket_server.outgoing.put({"envelope_id": "env-2", "type": "events_api", "payload": body, "retry_attempt": 0})
        assert socket_server.acks.get(timeout=60)["envelope_id"] == "env-2"
        (reply,) = slack.wait_for(1, where="C0SOCKPROC", timeout=30)
        assert "STUPS" in reply["text"] and "Socket Mode: connecting" in log.read_text()
    finally:
        process.terminate()
        process.wait(timeout=20)
        slack.close()
