"""A `python -m bot` process in HTTP mode, and how to talk to it over real HTTP."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from tests.slack_fakes import BOT_TOKEN, JSON, SIGNING_SECRET, FakeSlack, signed_headers

ACK_LIMIT_S = 3.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Bot:
    url: str
    process: subprocess.Popen[str]
    log: Path

    def post(self, body: str, content_type: str = JSON, headers: dict[str, str] | None = None) -> tuple[int, str, float]:
        """(status, body, seconds until the response came back)."""
        request = urllib.request.Request(
            f"{self.url}/slack/events", data=body.encode(), method="POST",
            headers=headers or signed_headers(body, content_type),
        )
        started = time.monotonic()
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, response.read().decode(), time.monotonic() - started
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(), time.monotonic() - started

    def get(self, path: str) -> tuple[int, dict]:
        try:
            with urllib.request.urlopen(f"{self.url}{path}", timeout=10) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, {}

    def alive(self) -> bool:
        return self.process.poll() is None and self.get("/healthz")[0] == 200

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


def start_bot(slack: FakeSlack, index_dir: Path, corpus: Path, workdir: Path, **settings: str) -> Bot:
    """`python -m bot --mode http` as in production, pointed at the fake Slack; returns once /healthz is 200."""
    port = free_port()
    env = {
        **os.environ,
        "SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_API_URL": slack.base_url,
        "PORT": str(port), "INDEX_DIR": str(index_dir), "CORPUS_DIR": str(corpus), **settings,
    }
    for name in ("SLACK_APP_TOKEN", "EMBEDDING_MODEL", "REDIS_URL", "ENCODER"):
        if name not in settings:
            env.pop(name, None)
    log = workdir / f"bot-{port}.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot", "--mode", "http"], cwd=workdir, env=env, stdout=out, stderr=subprocess.STDOUT,
            text=True,
        )
    running = Bot(url=f"http://127.0.0.1:{port}", process=process, log=log)
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if running.get("/healthz")[0] == 200:
                return running
        except OSError:
            pass
        time.sleep(0.25)
    process.kill()
    raise RuntimeError(f"bot did not start:\n{log.read_text()}")
