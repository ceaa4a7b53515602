"""The Docker image: size of each image given, and for each, time to a healthy container and its memory, on a
fresh volume (the entrypoint seeds it) and restarted on the same volume, then how long `docker stop` takes.

Run by hand after `make docker` (and, for the build stage,
`make docker IMAGE=dockercon-bot:build DOCKER_BUILD_FLAGS="--target build"`):

    .venv/bin/python bench/docker_image.py [IMAGE ...]        # default: dockercon-bot:latest

Containers run as `make test-docker` runs them (tests/test_docker.py): HTTP mode, `--network host`, the fake
Slack Web API of the tests; "healthy" is the first 200 from /healthz (polled every 0.5 s).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import tests.test_docker as harness  # noqa: E402
from tests.slack_fakes import FakeSlack  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("images", nargs="*", default=["dockercon-bot:latest"])
    args = parser.parse_args()
    print(f"command: .venv/bin/python bench/docker_image.py {' '.join(args.images)}")
    print(f"load {os.getloadavg()[0]:.2f} (1-min average, 2 shared cores)")
    slack = FakeSlack()
    try:
        for image in args.images:
            measure(image, slack)
    finally:
        slack.close()
    print(f"load after {os.getloadavg()[0]:.2f}")
    return 0


def measure(image: str, slack: FakeSlack) -> None:
    harness.IMAGE = image  # what run_container starts
    size, entrypoint = harness.docker("image", "inspect", "-f", "{{.Size}} {{json .Config.Entrypoint}}", image).stdout.split(" ", 1)
    print(f"\n{image}: {int(size) / 1e6:,.1f} MB")
    if "entrypoint.sh" not in entrypoint:
        return  # the build stage: no bot entrypoint to time
    volume = f"dockercon-bench-{uuid.uuid4().hex[:6]}"
    harness.docker("volume", "create", volume)
    try:
        for label in ("fresh volume", "same volume again"):
            started = time.monotonic()
            container = harness.run_container(slack, volume, Path(tempfile.mkdtemp()))
            healthy = time.monotonic() - started
            memory = harness.docker("stats", "--no-stream", "--format", "{{.MemUsage}}", container.name).stdout
            code, stop = container.stop()
            print(f"  {label:18s} healthy after {healthy:4.1f} s, memory {memory.split('/')[0].strip():>9s}, "
                  f"docker stop {stop:.1f} s (exit {code})")
    finally:
        harness.docker("volume", "rm", "--force", volume, check=False)


if __name__ == "__main__":
    sys.exit(main())
