"""A site's git repository (Jekyll, Hugo, …): shallow-cloned, then pulled, into the data folder and read
like a folder, so Jekyll posts and Hugo pages get the URLs the site publishes them at."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from embeddings.sources.base import Outcome, SourceError, SyncContext
from embeddings.sources.files import FolderSource

GIT_TIMEOUT_S = 300


def _git(*args: str, cwd: Path | None = None) -> str:
    try:
        result = subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, text=True, timeout=GIT_TIMEOUT_S,
            env={"GIT_TERMINAL_PROMPT": "0", "PATH": "/usr/bin:/bin:/usr/local/bin", "HOME": str(Path.home())},
        )
    except FileNotFoundError as exc:
        raise SourceError("git is not installed") from exc
    except subprocess.TimeoutExpired as exc:
        raise SourceError(f"git {args[0]} timed out after {GIT_TIMEOUT_S} s") from exc
    if result.returncode != 0:
        lines = result.stderr.strip().splitlines()
        message = next((line.removeprefix("fatal: ") for line in lines if line.startswith("fatal:")), None)
        message = message or (lines[-1] if lines else f"exit status {result.returncode}")
        raise SourceError(f"git {args[0]}: {message}")
    return result.stdout


def _readable_name(url: str) -> str:
    """github.com/example/blog for https://github.com/example/blog.git, the id prefix of its documents."""
    name = re.sub(r"^[a-z+]+://", "", url).removesuffix("/").removesuffix(".git")
    return name.split("@", 1)[-1].replace(":", "/")


@dataclass(frozen=True)
class GitSource:
    kind: ClassVar[str] = "git"
    remote: ClassVar[bool] = True

    url: str
    branch: str | None = None

    @property
    def label(self) -> str:
        return f"{self.kind}: {self.url}" + (f" ({self.branch})" if self.branch else "")

    def checkout(self, data_dir: Path) -> Path:
        """The working copy, cloned on first use and brought to the branch's newest commit after."""
        key = hashlib.sha256(f"{self.url} {self.branch or ''}".encode()).hexdigest()[:12]
        folder = data_dir / "git" / f"{re.sub(r'[^A-Za-z0-9._-]+', '-', _readable_name(self.url))[-60:]}-{key}"
        if (folder / ".git").is_dir():
            ref = self.branch or "HEAD"
            _git("fetch", "--depth", "1", "origin", ref, cwd=folder)
            _git("reset", "--hard", "FETCH_HEAD", cwd=folder)
            _git("clean", "-fdx", cwd=folder)
        else:
            shutil.rmtree(folder, ignore_errors=True)
            folder.parent.mkdir(parents=True, exist_ok=True)
            branch = ["--branch", self.branch] if self.branch else []
            _git("clone", "--depth", "1", "--single-branch", *branch, "--", self.url, str(folder))
        return folder

    def read(self, ctx: SyncContext) -> Iterator[Outcome]:
        folder = self.checkout(ctx.data_dir)
        yield from FolderSource(folder, id_prefix=_readable_name(self.url) + "/").read(ctx)
