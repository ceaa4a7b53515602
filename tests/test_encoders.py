"""Encoders by name (embeddings.encoders): the registry, the ONNX model as a verified build artefact, and a query
path that never imports torch."""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import faiss
import numpy as np
import pytest

import embeddings.encoders as encoders_module
from embeddings.index import dense as ann
from embeddings.pipeline import build_corpus
from embeddings.encoders import ENCODER_CHOICES, EncoderRequest, get_encoder, register, registered
from embeddings.encoders.onnx import ONNX_DIR, PROBES, OnnxEncoder, artefact_dir, load_verified
from embeddings.errors import ModelError
from embeddings.index import open_index
from embeddings.config import DEFAULT_MODEL
from tests.conftest import REPO, FakeEncoder

HEAVY = ("torch", "transformers", "sentence_transformers")


def test_every_setting_value_names_an_encoder() -> None:
    assert set(registered()) | {"auto"} == set(ENCODER_CHOICES)


def test_fake_encoder_comes_from_the_registry() -> None:
    encoder = get_encoder("fake", FakeEncoder.name)
    assert isinstance(encoder, FakeEncoder)
    assert encoder.encode(["docker"]).shape == (1, FakeEncoder.dim)


def test_unknown_encoder_is_a_clear_error() -> None:
    with pytest.raises(ModelError, match="ENCODER must be one of"):
        get_encoder("tensorflow", DEFAULT_MODEL)


def test_auto_answers_with_sentence_transformers_when_the_index_has_no_onnx_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    chosen: list[EncoderRequest] = []

    def stand_in(request: EncoderRequest) -> FakeEncoder:
        chosen.append(request)
        return FakeEncoder()

    monkeypatch.setitem(encoders_module._REGISTRY, "sentence-transformers", stand_in)
    with caplog.at_level(logging.INFO, logger="embeddings.encoders"):
        encoder = get_encoder("auto", DEFAULT_MODEL, index_dir=tmp_path / "index")
    assert isinstance(encoder, FakeEncoder) and chosen[0].model == DEFAULT_MODEL
    assert "no index" in caplog.text and "using sentence-transformers" in caplog.text


def test_explicit_onnx_without_a_model_is_an_error_not_a_silent_torch_load(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="no index"):
        get_encoder("onnx", DEFAULT_MODEL, index_dir=tmp_path / "index")


def test_a_registered_encoder_is_found_by_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(encoders_module, "_REGISTRY", dict(encoders_module._REGISTRY))
    register("bag", lambda request: FakeEncoder())
    assert isinstance(get_encoder("bag", "any"), FakeEncoder)


def test_faiss_runs_one_thread_only_inside_the_search_and_only_in_its_thread() -> None:
    before = faiss.omp_get_max_threads()
    seen: list[int] = []
    with ann.one_thread():
        assert faiss.omp_get_max_threads() == 1
        other = threading.Thread(target=lambda: seen.append(faiss.omp_get_max_threads()))
        other.start()
        other.join()
    assert faiss.omp_get_max_threads() == before
    assert seen == [before]


def imported_heavy_modules(stderr: str) -> set[str]:
    """Top-level packages among HEAVY that `python -X importtime` reports as imported."""
    names = re.findall(r"^import time:\s+\d+ \|\s+\d+ \|\s+(\S+)$", stderr, re.MULTILINE)
    return {name.split(".")[0] for name in names} & set(HEAVY)


@pytest.mark.slow
def test_onnx_vectors_match_sentence_transformers(seeds_index: Path, real_encoder) -> None:  # type: ignore[no-untyped-def]
    onnx = load_verified(seeds_index, real_encoder.fingerprint)
    texts = [c.embed_text for c in open_index(seeds_index).chunks] + list(PROBES) + ["", "x " * 2000]
    cosines = np.sum(onnx.encode(texts) * real_encoder.encode(texts), axis=1)
    assert cosines.min() >= 0.9999
    assert [onnx.count_tokens(t) for t in texts] == [real_encoder.count_tokens(t) for t in texts]
    assert onnx.fingerprint == real_encoder.fingerprint and onnx.dim == real_encoder.dim
    # Batched and alone give the same vectors (padding does not leak into the mean).
    alone = np.vstack([onnx.encode([t]) for t in texts[:5]])
    np.testing.assert_allclose(onnx.encode(texts[:5]), alone, atol=1e-5)


@pytest.mark.slow
def test_an_onnx_model_that_drifts_from_the_build_is_refused_and_auto_falls_back(
    seeds_index: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture, real_encoder  # type: ignore[no-untyped-def]
) -> None:
    index = tmp_path / "index"
    shutil.copytree(seeds_index, index)
    manifest = open_index(index).manifest
    probes = artefact_dir(index, manifest.model_fingerprint) / "probes.npy"
    vectors = np.load(probes)
    np.save(probes, np.roll(vectors, 1, axis=0))  # each probe now expects another sentence's vector
    with pytest.raises(ModelError, match="does not reproduce the build's vectors"):
        load_verified(index, manifest.model_fingerprint)
    with caplog.at_level(logging.INFO, logger="embeddings.encoders"):
        encoder = get_encoder("auto", DEFAULT_MODEL, index_dir=index)
    assert type(encoder).__name__ == "SentenceTransformerEncoder"
    assert any(r.levelno == logging.ERROR and "does not reproduce" in r.getMessage() for r in caplog.records)
    # What the error message advises: a forced build exports it again.
    build_corpus(REPO / "corpus", index, lambda: real_encoder, DEFAULT_MODEL, progress=False, force=True, export_onnx=True)
    assert load_verified(index, manifest.model_fingerprint).verify() >= 0.9999


@pytest.mark.slow
def test_an_old_index_gets_its_onnx_model_on_the_next_build(seeds_index: Path, tmp_path: Path, real_encoder) -> None:  # type: ignore[no-untyped-def]
    index = tmp_path / "index"
    shutil.copytree(seeds_index, index)
    shutil.rmtree(index / ONNX_DIR)  # as built before ONNX models existed
    summary = build_corpus(REPO / "corpus", index, lambda: real_encoder, DEFAULT_MODEL, progress=False, export_onnx=True)
    assert summary.up_to_date
    folder = artefact_dir(index, real_encoder.fingerprint)
    assert json.loads((folder / "encoder.json").read_text())["fingerprint"] == real_encoder.fingerprint
    assert isinstance(get_encoder("auto", DEFAULT_MODEL, index_dir=index), OnnxEncoder)


def run_python(args: list[str], index: Path, stdin: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "INDEX_DIR": str(index), "CORPUS_DIR": str(REPO / "corpus"), "RELOAD_INTERVAL_S": "0"}
    for name in ("EMBEDDING_MODEL", "ENCODER", "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET"):
        env.pop(name, None)
    return subprocess.run(
        [sys.executable, "-X", "importtime", *args], input=stdin, env=env, cwd=cwd, capture_output=True, text=True,
        timeout=300,
    )


@pytest.mark.slow
def test_console_answers_without_importing_torch(seeds_index: Path, tmp_path: Path) -> None:
    done = run_python(["-m", "bot", "--mode", "console"], seeds_index, "what did Zalando show?\n", tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "STUPS" in done.stdout
    assert "questions encoded by OnnxEncoder" in done.stderr
    assert imported_heavy_modules(done.stderr) == set()


@pytest.mark.slow
def test_cli_search_does_not_import_torch(seeds_index: Path, tmp_path: Path) -> None:
    done = run_python(["-m", "embeddings", "search", "--json", "-"], seeds_index, "what did Zalando show?\n", tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "STUPS" in json.loads(done.stdout)["results"][0]["text"]
    assert imported_heavy_modules(done.stderr) == set()


@pytest.mark.slow
def test_importtime_parsing_sees_torch_when_it_is_imported(tmp_path: Path) -> None:
    """The check above would pass vacuously if the pattern never matched."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import torch"], capture_output=True, text=True, timeout=120
    )
    assert imported_heavy_modules(done.stderr) == {"torch"}


@pytest.mark.slow
def test_a_changed_corpus_is_rebuilt_with_the_onnx_model_without_torch(seeds_index: Path, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(REPO / "corpus", corpus)
    (corpus / "kubecon.md").write_text("# KubeCon 2019\n\nThe Flux team showed GitOps with Helm operators.\n")
    index = tmp_path / "index"
    shutil.copytree(seeds_index, index)
    env = {**os.environ, "INDEX_DIR": str(index), "CORPUS_DIR": str(corpus), "RELOAD_INTERVAL_S": "0"}
    for name in ("EMBEDDING_MODEL", "ENCODER", "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET"):
        env.pop(name, None)
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "bot", "--mode", "console"], input="what did the Flux team show?\n",
        env=env, cwd=tmp_path, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "1 embedded" in done.stderr and "GitOps" in done.stdout
    assert imported_heavy_modules(done.stderr) == set()


# What an install without the build extras looks like to Python: each import finder is wrapped so that these
# packages are neither importable nor listed as installed distributions (the runtime Docker image has none).
WITHOUT_TORCH = '''
import importlib.abc, importlib.metadata, sys

HIDDEN = {"torch", "transformers", "sentence_transformers", "sentence-transformers"}


class NotInstalled(importlib.abc.MetaPathFinder):
    def __init__(self, inner):
        self.inner = inner

    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in HIDDEN:
            return None
        find = getattr(self.inner, "find_spec", None)
        return find(name, path, target) if find else None

    def find_distributions(self, context=importlib.metadata.DistributionFinder.Context()):
        find = getattr(self.inner, "find_distributions", None)
        return [d for d in (find(context) if find else []) if (d.metadata["Name"] or "").lower() not in HIDDEN]

    def invalidate_caches(self):
        getattr(self.inner, "invalidate_caches", lambda: None)()


sys.meta_path[:] = [NotInstalled(finder) for finder in sys.meta_path]
'''


def run_without_torch(args: list[str], tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    blocker = tmp_path / "without-torch"
    blocker.mkdir(exist_ok=True)
    (blocker / "sitecustomize.py").write_text(WITHOUT_TORCH)
    settings = {**os.environ, "PYTHONPATH": f"{blocker}{os.pathsep}{REPO}", "RELOAD_INTERVAL_S": "0", **env}
    for name in ("EMBEDDING_MODEL", "ENCODER", "ONNX_MODEL_DIR", "SOURCES_FILE"):
        if name not in env:
            settings.pop(name, None)
    return subprocess.run(
        [sys.executable, "-X", "importtime", *args], env=settings, cwd=tmp_path, capture_output=True, text=True,
        timeout=300,
    )


@pytest.mark.slow
def test_the_import_blocker_hides_sentence_transformers_as_an_uninstalled_package(tmp_path: Path) -> None:
    """The tests below would pass vacuously if the stand-in for a runtime install still had torch."""
    check = "import importlib.util as u, importlib.metadata as m; import sentence_transformers"
    done = run_without_torch(["-c", check], tmp_path)
    assert "ModuleNotFoundError: No module named 'sentence_transformers'" in done.stderr
    found = run_without_torch(["-c", "import importlib.util as u; print(u.find_spec('torch'))"], tmp_path)
    assert found.stdout.strip() == "None"


@pytest.mark.slow
def test_build_without_torch_uses_the_verified_onnx_model_of_another_index_and_gives_the_torch_vectors(
    seeds_index: Path, tmp_path: Path, real_encoder  # type: ignore[no-untyped-def]
) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(REPO / "corpus", corpus)
    (corpus / "kubecon.md").write_text("# KubeCon 2019\n\nThe Flux team showed GitOps with Helm operators.\n")
    other, baked = tmp_path / "other", tmp_path / "baked"
    shutil.copytree(seeds_index, baked)
    # As in the image: INDEX_DIR is a volume not seeded yet, ONNX_MODEL_DIR the index baked in at build time.
    env = {"INDEX_DIR": str(tmp_path / "volume" / "index"), "ONNX_MODEL_DIR": str(baked)}
    done = run_without_torch(["-m", "embeddings", "build", "--corpus", str(corpus), "--index", str(other)], tmp_path, **env)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "indexed 3 reports" in done.stderr
    assert imported_heavy_modules(done.stderr) == set()

    index = open_index(other)
    torch_vectors = real_encoder.encode([chunk.embed_text for chunk in index.chunks])
    assert np.sum(index.vectors() * torch_vectors, axis=1).min() >= 0.9999
    # The new index keeps its own copy of the verified model, so it answers wherever it is moved.
    shutil.rmtree(baked)
    answered = run_without_torch(
        ["-m", "embeddings", "search", "--index", str(other), "--json", "what did the Flux team show?"], tmp_path
    )
    assert answered.returncode == 0, answered.stderr[-3000:]
    assert "GitOps" in json.loads(answered.stdout)["results"][0]["text"]


@pytest.mark.slow
def test_build_without_torch_and_without_any_onnx_model_says_what_is_missing(tmp_path: Path) -> None:
    done = run_without_torch(
        ["-m", "embeddings", "build", "--corpus", str(REPO / "corpus"), "--index", str(tmp_path / "new")], tmp_path,
        INDEX_DIR=str(tmp_path / "index"),
    )
    assert done.returncode == 1
    assert "sentence-transformers is not installed" in done.stderr and "ONNX_MODEL_DIR" in done.stderr
    assert not (tmp_path / "new" / "CURRENT").exists()
