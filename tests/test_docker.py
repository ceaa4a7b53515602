"""The Docker image end to end: `make docker` builds it, a container runs it as a user would, and the same fake
Slack Web API and signed requests as the host end-to-end tests drive it over real HTTP.

The container shares the host's network (`--network host`), so it reaches the fake Slack on 127.0.0.1 and the
test reaches its /slack/events and /healthz there. Run with `make test-docker` (not part of `make test`: it
builds an image); skipped when no Docker engine is running.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from websockets.sync.server import ServerConnection

from tests.bot_process import Bot, free_port
from tests.conftest import REPO
from tests.slack_fakes import (
    APP_TOKEN,
    BOT_TOKEN,
    FORM,
    JSON,
    SIGNING_SECRET,
    FakeSlack,
    action_body,
    dm,
    event_body,
    mention,
    section_text,
    signed_headers,
)
from tests.test_socket_mode import FakeSocketModeServer

IMAGE = os.environ.get("DOCKER_TEST_IMAGE", "dockercon-bot:latest")
STOP_LIMIT_S = 10.0
START_LIMIT_S = 300.0


def engine_problem() -> str | None:
    """Why no container can run here, or None when a Docker engine answers."""
    hint = "start one with `bash ../shared/tools/docker-engine.sh` (as root) or Docker's own installer"
    if shutil.which("docker") is None:
        return f"no docker command: {hint}"
    try:
        info = subprocess.run(["docker", "info"], capture_output=True, text=True, timeout=30)
    except subprocess.TimeoutExpired:
        return f"`docker info` did not answer within 30 s: {hint}"
    if info.returncode != 0:
        reason = (info.stderr.strip().splitlines() or ["no output"])[-1]
        return f"no Docker engine running ({reason}): {hint}"
    return None


pytestmark = [pytest.mark.docker, pytest.mark.slow]


@pytest.fixture(scope="module", autouse=True)
def engine() -> None:
    """Asked when the tests run, not when `make test` merely collects (and deselects) them."""
    problem = engine_problem()
    if problem:
        pytest.skip(problem)


def docker(*args: str, timeout: float = 60, check: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(["docker", *args], capture_output=True, text=True, timeout=timeout)
    if check and done.returncode != 0:
        raise AssertionError(f"docker {' '.join(args)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return done


@dataclass
class Container:
    """A `docker run` of the image in the foreground: `bot.process` is the docker client, `bot.log` its output."""

    name: str
    bot: Bot

    def logs(self) -> str:
        return self.bot.log.read_text()

    def stop(self) -> tuple[int, float]:
        """`docker stop` with Docker's default 10 s grace: (exit code of the container, seconds it took)."""
        started = time.monotonic()
        docker("stop", "--time", str(int(STOP_LIMIT_S)), self.name, timeout=60, check=False)
        code = self.bot.process.wait(timeout=30)
        return code, time.monotonic() - started

    def remove(self) -> None:
        if self.bot.process.poll() is None:
            docker("rm", "--force", self.name, check=False)
            self.bot.process.wait(timeout=30)


def run_container(
    slack: FakeSlack, volume: str, workdir: Path, *, args: tuple[str, ...] = ("--mode", "http"),
    mounts: tuple[str, ...] = (), wait_healthy: bool = True, **env: str,
) -> Container:
    port = free_port()
    name = f"dockercon-bot-test-{uuid.uuid4().hex[:8]}"
    settings = {
        "SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_API_URL": slack.base_url,
        "PORT": str(port), **env,
    }
    command = ["docker", "run", "--rm", "--name", name, "--network", "host", "--volume", f"{volume}:/data"]
    for mount in mounts:
        command += ["--volume", mount]
    command += ["--env-file", str(env_file(workdir / f"{name}.env", settings))]
    log = workdir / f"{name}.log"
    with log.open("w") as out:
        process = subprocess.Popen([*command, IMAGE, *args], stdout=out, stderr=subprocess.STDOUT, text=True)
    container = Container(name, Bot(url=f"http://127.0.0.1:{port}", process=process, log=log))
    if wait_healthy:
        wait_for_health(container)
    return container


def env_file(path: Path, settings: dict[str, str]) -> Path:
    """.env.example with the test's values filled in, as a user's `.env` for `docker run --env-file .env`."""
    lines, unused = [], dict(settings)
    for line in (REPO / ".env.example").read_text(encoding="utf-8").splitlines():
        key = line.split("=", 1)[0]
        if not line.startswith("#") and key in unused:
            line = f"{key}={unused.pop(key)}"
        lines.append(line)
    path.write_text("\n".join([*lines, *(f"{key}={value}" for key, value in unused.items())]) + "\n")
    return path


def wait_for_health(container: Container) -> None:
    deadline = time.monotonic() + START_LIMIT_S
    while time.monotonic() < deadline and container.bot.process.poll() is None:
        try:
            if container.bot.get("/healthz")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    container.remove()
    raise AssertionError(f"container did not become healthy:\n{container.logs()}")


def wait_for_log(container: Container, *texts: str, timeout: float = START_LIMIT_S) -> None:
    """Until one of `texts` is in the container's log."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and container.bot.process.poll() is None:
        if any(text in container.logs() for text in texts):
            return
        time.sleep(0.1)
    raise AssertionError(f"{texts!r} never appeared in the container's log:\n{container.logs()}")


def in_volume(volume: str, *command: str) -> str:
    """Runs a command in a fresh container of the image on `volume` (as the image's user) and returns its output."""
    return docker("run", "--rm", "--volume", f"{volume}:/data", "--entrypoint", command[0], IMAGE, *command[1:]).stdout


@pytest.fixture(scope="module")
def image() -> str:
    """`make docker`, as a user runs it (cached layers make it quick when the image is current)."""
    done = subprocess.run(
        ["make", "docker", f"IMAGE={IMAGE}"], cwd=REPO, capture_output=True, text=True, timeout=3600
    )
    assert done.returncode == 0, f"make docker failed:\n{done.stdout[-6000:]}\n{done.stderr[-6000:]}"
    return IMAGE


@pytest.fixture(scope="module")
def slack() -> Iterator[FakeSlack]:
    fake = FakeSlack()
    yield fake
    fake.close()


@pytest.fixture
def volume() -> Iterator[str]:
    name = f"dockercon-bot-test-{uuid.uuid4().hex[:8]}"
    docker("volume", "create", name)
    yield name
    docker("volume", "rm", "--force", name, check=False)


@pytest.fixture(scope="module")
def http_bot(image: str, slack: FakeSlack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Container]:
    volume = f"dockercon-bot-test-{uuid.uuid4().hex[:8]}"
    docker("volume", "create", volume)
    container = run_container(slack, volume, tmp_path_factory.mktemp("container"))
    yield container
    container.remove()
    docker("volume", "rm", "--force", volume, check=False)


def test_image_runs_as_a_non_root_user_with_a_data_volume_and_a_health_check(image: str) -> None:
    (config,) = json.loads(docker("image", "inspect", image).stdout)
    assert config["Config"]["User"] not in ("", "root", "0")
    assert "/data" in config["Config"]["Volumes"]
    assert any("/healthz" in part for part in config["Config"]["Healthcheck"]["Test"])


def test_runtime_image_holds_no_torch_transformers_or_sentence_transformers(image: str) -> None:
    found = docker(
        "run", "--rm", "--entrypoint", "python", image, "-c",
        "import importlib.util as u; print([m for m in ('torch', 'transformers', 'sentence_transformers') if u.find_spec(m)])",
    ).stdout.strip()
    assert found == "[]"


def test_the_database_and_clones_of_git_sources_go_to_the_volume(image: str) -> None:
    (config,) = json.loads(docker("image", "inspect", image).stdout)
    assert "DATA_DIR=/data" in config["Config"]["Env"]


def test_a_volume_of_an_older_image_keeps_its_database_in_the_new_layout(image: str, volume: str) -> None:
    """Older images kept the database and clones in /data/sources: the entrypoint moves them once."""
    in_volume(volume, "sh", "-c", "mkdir -p /data/sources/git/repo && echo votes > /data/sources/dockercon-bot.db")
    moved = docker(
        "run", "--rm", "--volume", f"{volume}:/data", image, "sh", "-c", "cat /data/dockercon-bot.db; ls -A /data"
    )
    assert moved.stdout.split()[0] == "votes" and "sources" not in moved.stdout.split()
    assert "git" in moved.stdout.split() and "moved /data/sources/dockercon-bot.db" in moved.stderr


def test_a_model_the_image_cannot_run_stops_the_start_with_what_to_do(
    image: str, slack: FakeSlack, volume: str, tmp_path: Path
) -> None:
    container = run_container(slack, volume, tmp_path, wait_healthy=False, EMBEDDING_MODEL="another-model")
    code = container.bot.process.wait(timeout=START_LIMIT_S)
    assert code != 0
    assert "sentence-transformers is not installed" in container.logs() and "build" in container.logs()


def test_a_data_folder_it_cannot_write_or_a_relative_index_path_is_refused_with_the_fix(
    image: str, tmp_path: Path
) -> None:
    folder = tmp_path / "data"
    folder.mkdir(mode=0o755)  # owned by the test's user, not the image's
    refused = docker("run", "--rm", "--volume", f"{folder}:/data", image, timeout=120, check=False)
    assert refused.returncode == 2 and "is not writable by uid" in refused.stderr and "chown" in refused.stderr
    relative = docker("run", "--rm", "--env", "INDEX_DIR=index", image, timeout=120, check=False)
    assert relative.returncode == 2 and "INDEX_DIR=index is a relative path" in relative.stderr


def test_container_serves_health_from_the_baked_index_in_the_volume(http_bot: Container) -> None:
    status, payload = http_bot.bot.get("/healthz")
    assert status == 200 and payload["status"] == "ok" and payload["reports"] == 2
    assert "seeded /data/index with the index built into the image" in http_bot.logs()
    assert "index is up to date" in http_bot.logs()  # the baked index was used, not rebuilt
    assert "questions encoded by OnnxEncoder" in http_bot.logs()
    assert docker("exec", http_bot.name, "id", "-u").stdout.strip() != "0"


def test_the_images_own_health_check_passes_in_the_running_container(image: str, http_bot: Container) -> None:
    (config,) = json.loads(docker("image", "inspect", image).stdout)
    kind, command = config["Config"]["Healthcheck"]["Test"]
    assert kind == "CMD-SHELL"
    assert docker("exec", http_bot.name, "sh", "-c", command, check=False).returncode == 0


def test_url_verification_challenge_is_answered(http_bot: Container) -> None:
    status, text, _ = http_bot.bot.post(json.dumps({"type": "url_verification", "challenge": "c-123", "token": "x"}))
    assert status == 200 and "c-123" in text


def test_signed_dm_gets_a_quoted_answer_with_a_link(http_bot: Container, slack: FakeSlack) -> None:
    where = f"D{uuid.uuid4().hex[:10].upper()}"
    status, _, _ = http_bot.bot.post(event_body(dm("what did Zalando show?", channel=where)))
    assert status == 200
    (reply,) = slack.wait_for(1, where=where, timeout=60)
    text = section_text(reply)
    assert "\n>" in text and "STUPS" in text
    assert "<http://work.haufegroup.io/DockerCon-EU-2015/#things-inbetween|" in text


def test_mention_in_a_thread_is_answered_in_that_thread(http_bot: Container, slack: FakeSlack) -> None:
    where = f"C{uuid.uuid4().hex[:10].upper()}"
    event = mention("Docker Hub Enterprise", channel=where, ts="1700000001.000200", thread_ts="1700000000.000100")
    assert http_bot.bot.post(event_body(event))[0] == 200
    (reply,) = slack.wait_for(1, where=where, timeout=60)
    assert reply["thread_ts"] == "1700000000.000100"
    assert "kreuzwerker.de/blog/posts/dockercon-europe-2014-2" in section_text(reply)


def test_a_retried_delivery_is_answered_once(http_bot: Container, slack: FakeSlack) -> None:
    where = f"C{uuid.uuid4().hex[:10].upper()}"
    body = event_body(mention("Zalando", channel=where))
    assert http_bot.bot.post(body)[0] == 200
    retry = {**signed_headers(body, JSON), "X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
    assert http_bot.bot.post(body, headers=retry)[0] == 200
    slack.wait_for(1, where=where, timeout=60)
    slack.settle(1.5)
    assert len(slack.posted(where=where)) == 1


def test_forged_request_is_refused(http_bot: Container) -> None:
    body = event_body(mention("Zalando"))
    assert http_bot.bot.post(body, headers={**signed_headers(body, JSON), "X-Slack-Signature": "v0=" + "0" * 64})[0] == 401


def feedback_value(message: dict) -> str:
    for block in message["blocks"]:
        for element in block.get("elements", []):
            if element.get("action_id") == "feedback_up":
                return str(element["value"])
    raise AssertionError(f"no feedback button in {message}")


def test_sigterm_stops_it_within_ten_seconds_and_the_volume_keeps_index_and_votes(
    image: str, slack: FakeSlack, volume: str, tmp_path: Path
) -> None:
    first = run_container(slack, volume, tmp_path)
    where = f"D{uuid.uuid4().hex[:10].upper()}"
    first.bot.post(event_body(dm("content trust", channel=where)))
    (reply,) = slack.wait_for(1, where=where, timeout=60)
    thanks_url = slack.response_url()
    assert first.bot.post(action_body("feedback_up", feedback_value(reply), thanks_url), FORM)[0] == 200
    slack.wait_for(1, "response_url", where=thanks_url, timeout=30)
    code, took = first.stop()
    assert code == 0 and took < STOP_LIMIT_S, first.logs()
    assert "SIGTERM: stopped" in first.logs()

    # Votes are in the database, an SQLite file in the volume (DATA_DIR=/data), read as `python -m bot.feedback`
    # reads them.
    assert "dockercon-bot.db" in in_volume(volume, "ls", "-A", "/data").split()
    assert in_volume(volume, "python", "-m", "bot.feedback").splitlines()[0] == "1 votes: 1 👍, 0 👎"
    index_files = in_volume(volume, "ls", "-A", "/data/index").split()
    assert "CURRENT" in index_files and not [name for name in index_files if name.startswith(".staging")]

    second = run_container(slack, volume, tmp_path)
    try:
        assert "seeded" not in second.logs() and "index is up to date" in second.logs()
    finally:
        second.stop()


def synthetic_corpus(folder: Path, copies: int) -> Path:
    """The bundled reports, each copied `copies` times with its own title, so every passage needs embedding."""
    folder.mkdir(mode=0o755)
    for source in sorted((REPO / "corpus").rglob("*")):
        if not source.is_file() or source.name.lower() == "readme.md":
            continue
        text = source.read_text(encoding="utf-8")
        for n in range(copies):
            target = folder / f"{source.stem}-{n}{source.suffix}"
            target.write_text(text.replace("DockerCon", f"DockerCon edition {n}"), encoding="utf-8")
            target.chmod(0o644)
    return folder


COPIES = 40


def test_sigterm_during_a_reindex_keeps_the_previous_index_and_the_next_start_reindexes(
    image: str, slack: FakeSlack, volume: str, tmp_path: Path
) -> None:
    corpus = synthetic_corpus(tmp_path / "reports", copies=COPIES)
    mount = (f"{corpus}:/app/corpus:ro",)
    interrupted = run_container(slack, volume, tmp_path, mounts=mount, wait_healthy=False)
    wait_for_log(interrupted, "rebuilding the index")
    wait_for_log(interrupted, "ONNX encoder ready")  # now it is embedding the new passages
    time.sleep(0.5)
    code, took = interrupted.stop()
    assert code == 0 and took < STOP_LIMIT_S, interrupted.logs()
    assert "indexed" not in interrupted.logs()  # stopped before publishing
    # The seeded index is intact: the CLI opens it and answers from the two bundled reports.
    answer = in_volume(volume, "python", "-m", "embeddings", "search", "--index", "/data/index", "--json", "Zalando")
    assert "work.haufegroup.io" in answer

    restarted = run_container(slack, volume, tmp_path, mounts=mount)
    try:
        status, payload = restarted.bot.get("/healthz")
        assert status == 200 and payload["reports"] == 2 * COPIES
        # Re-indexed by the runtime's own encoder: the image has no torch.
        assert f"indexed {2 * COPIES} reports" in restarted.logs() and "encoded by OnnxEncoder" in restarted.logs()
    finally:
        restarted.stop()


def test_the_runtime_image_builds_an_index_of_a_mounted_corpus_and_answers_from_it(
    image: str, slack: FakeSlack, volume: str, tmp_path: Path
) -> None:
    corpus = tmp_path / "reports"
    corpus.mkdir(mode=0o755)
    report = corpus / "kubecon.md"
    report.write_text("# KubeCon 2019\n\n## Flux\n\nThe Flux team showed GitOps with Helm operators.\n")
    report.chmod(0o644)
    mount = f"{corpus}:/corpus:ro"
    # No torch in the image: the build encodes with the verified ONNX model baked in with the image's index.
    built = docker(
        "run", "--rm", "--volume", f"{volume}:/data", "--volume", mount, image,
        "python", "-m", "embeddings", "build", "--corpus", "/corpus", "--index", "/data/kubecon", timeout=600,
    )
    assert "indexed 1 reports" in built.stderr, built.stderr
    container = run_container(
        slack, volume, tmp_path, mounts=(mount,), INDEX_DIR="/data/kubecon", CORPUS_DIR="/corpus"
    )
    try:
        assert "index is up to date" in container.logs() and "encoded by OnnxEncoder" in container.logs()
        where = f"D{uuid.uuid4().hex[:10].upper()}"
        assert container.bot.post(event_body(dm("what did the Flux team show?", channel=where)))[0] == 200
        (reply,) = slack.wait_for(1, where=where, timeout=60)
        assert "GitOps" in section_text(reply)
    finally:
        container.stop()


class RecordingSocketModeServer(FakeSocketModeServer):
    """Also notes when the bot's WebSocket goes away."""

    def __init__(self) -> None:
        self.disconnected = threading.Event()
        super().__init__()

    def handle(self, connection: ServerConnection) -> None:
        try:
            super().handle(connection)
        finally:
            self.disconnected.set()


def test_socket_mode_answers_and_sigterm_closes_the_connection(
    image: str, slack: FakeSlack, volume: str, tmp_path: Path
) -> None:
    server = RecordingSocketModeServer()
    slack.socket_url = f"ws://127.0.0.1:{server.port}/link"
    container = run_container(slack, volume, tmp_path, args=(), SLACK_APP_TOKEN=APP_TOKEN, SLACK_SIGNING_SECRET="")
    try:
        wait_for_log(container, "Socket Mode: connecting")
        body = json.loads(event_body(mention("what did Zalando show?", channel="C0DOCKSOCK", ts="9.9")))
        server.outgoing.put({"envelope_id": "env-d", "type": "events_api", "payload": body, "retry_attempt": 0})
        assert server.acks.get(timeout=60)["envelope_id"] == "env-d"
        (reply,) = slack.wait_for(1, where="C0DOCKSOCK", timeout=60)
        assert "STUPS" in section_text(reply)
        code, took = container.stop()
        assert code == 0 and took < STOP_LIMIT_S, container.logs()
        assert server.disconnected.wait(5)
        assert "Socket Mode: disconnected from Slack" in container.logs()
    finally:
        container.remove()
        server.close()
