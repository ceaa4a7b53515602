# dockercon-bot: a torch-free runtime image with an index of corpus/ and its ONNX model baked in.
#   make docker                      (or: docker build -t dockercon-bot .)
#   docker run --env-file .env -p 3000:3000 -v dockercon-data:/data dockercon-bot
# Stages: requirements (the dependency lists) → runtime-deps (a venv with what answering needs: onnxruntime,
# tokenizers, faiss, Bolt) → build (the same venv plus torch and sentence-transformers; embeds corpus/ and
# exports the ONNX model) → the image (runtime-deps' venv, the source, the built index; no torch).
# Build arguments:
#   TORCH_INDEX_URL  where torch comes from (default: the PyTorch CPU index; PyPI's Linux wheel pulls GBs of CUDA)
#   TORCH_WHEELS     a folder in the build context holding the torch wheel: torch is installed from it instead
# Written for both the classic builder and BuildKit (no RUN --mount).

# --- the dependency lists alone, so editing pyproject.toml elsewhere does not reinstall every package -------
FROM python:3.11-slim AS requirements
COPY pyproject.toml /tmp/pyproject.toml
RUN python -c "import tomllib; p = tomllib.load(open('/tmp/pyproject.toml', 'rb'))['project']; \
open('/tmp/runtime.txt', 'w').write('\n'.join(p['dependencies'])); \
open('/tmp/build.txt', 'w').write('\n'.join(p['optional-dependencies']['build']))"

# --- runtime-deps: the query path's dependencies in /opt/venv ------------------------------------------------
FROM python:3.11-slim AS runtime-deps
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
    VIRTUAL_ENV=/opt/venv PATH=/opt/venv/bin:$PATH
# A current pip, as `make install` uses: Debian's pip 23.0 does not match the extra `lxml[html_clean]` (asked
# for by jusText, under trafilatura) to lxml's `html-clean`, and leaves lxml_html_clean out.
RUN python -m venv /opt/venv && pip install --quiet --upgrade 'pip>=25'
COPY --from=requirements /tmp/runtime.txt /tmp/runtime.txt
RUN pip install -r /tmp/runtime.txt

# --- build: + torch and sentence-transformers, to embed the bundled corpus and export the ONNX model ---------
FROM runtime-deps AS build
ENV HF_HUB_OFFLINE=1
ARG TORCH_VERSION=2.13.0
ARG TORCH_INDEX_URL=https://download.pytorch.org/whl/cpu
ARG TORCH_WHEELS=
# docker/wheels (tracked, normally without wheels) stands in when no folder is given, so the COPY never fails.
COPY ${TORCH_WHEELS:-docker/wheels}/ /tmp/torch-wheels/
RUN if [ -n "$TORCH_WHEELS" ]; then \
      ls /tmp/torch-wheels/torch-${TORCH_VERSION}*.whl >/dev/null 2>&1 \
        || { echo "no torch-${TORCH_VERSION} wheel in $TORCH_WHEELS" >&2; exit 1; }; \
      pip install --find-links /tmp/torch-wheels "torch==${TORCH_VERSION}+cpu"; \
    else \
      pip install --index-url "$TORCH_INDEX_URL" "torch==${TORCH_VERSION}"; \
    fi && rm -rf /tmp/torch-wheels
COPY --from=requirements /tmp/build.txt /tmp/build.txt
RUN pip install -r /tmp/build.txt

# The source is not installed into the venv (PYTHONPATH instead), so a code change leaves the venv layers alone.
WORKDIR /app
ENV PYTHONPATH=/app
COPY embeddings ./embeddings
COPY corpus ./corpus
# ENCODER=auto: sentence-transformers embeds, and the ONNX model is exported and verified into the index.
# Generations are written 0700 (mkdtemp); the image's user must read them to seed its volume.
RUN python -m embeddings build --corpus /app/corpus --index /app/index \
 && test -n "$(ls /app/index/onnx)" && chmod -R a+rX /app/index

# --- the runtime venv without pip and setuptools (nothing installs at run time), and without numba ------------
# numba + llvmlite (208 MiB) are bm25s's fast backend, used only from 100k passages on (embeddings/index/lexical.py);
# without them BM25 runs on numpy there (bench/scale.py at 1M passages: 55 ms instead of 2.3 ms per question).
# --build-arg WITH_NUMBA=1 keeps them.
FROM runtime-deps AS runtime-venv
ARG WITH_NUMBA=0
RUN pip uninstall --yes --quiet pip setuptools $([ "$WITH_NUMBA" = 1 ] || echo numba llvmlite)

# --- the image ----------------------------------------------------------------------------------------------
FROM python:3.11-slim AS runtime
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    VIRTUAL_ENV=/opt/venv PATH=/opt/venv/bin:$PATH PYTHONPATH=/app \
    CORPUS_DIR=/app/corpus INDEX_DIR=/data/index BAKED_INDEX_DIR=/app/index ONNX_MODEL_DIR=/app/index \
    FEEDBACK_LOG=/data/feedback.jsonl \
    DATA_DIR=/data PORT=3000
# DATA_DIR is the volume itself: the bot's database, /data/dockercon-bot.db (unless DATABASE_URL names a
# PostgreSQL server), and git clones under /data/git. Images before it used /data/sources; the entrypoint moves
# a volume of theirs once (docs/docker.md).
# git sources (SOURCES_FILE) need git, which adds 196 MB: only with --build-arg WITH_GIT=1. Without it such a
# source is reported as "git is not installed"; folders, pages, feeds and sitemaps work either way.
ARG WITH_GIT=0
RUN if [ "$WITH_GIT" = 1 ]; then apt-get update -qq && apt-get install -y -qq --no-install-recommends git >/dev/null \
      && rm -rf /var/lib/apt/lists/*; fi \
 && useradd --create-home --uid 10001 bot && mkdir /data && chown bot:bot /data
COPY --from=runtime-venv /opt/venv /opt/venv
WORKDIR /app
COPY docker/entrypoint.sh ./docker/entrypoint.sh
COPY embeddings ./embeddings
COPY bot ./bot
COPY corpus ./corpus
COPY --from=build /app/index ./index

USER bot
# The index (a copy of the baked one, re-indexed with the ONNX model when a mounted corpus changes), the
# database, the feedback log (imported into the database once, then kept renamed) and clones of git sources.
VOLUME /data
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 \
  CMD python -c "import os, urllib.request; urllib.request.urlopen(f'http://127.0.0.1:{os.environ.get(\"PORT\", \"3000\")}/healthz', timeout=4)"
ENTRYPOINT ["/app/docker/entrypoint.sh"]
CMD []
