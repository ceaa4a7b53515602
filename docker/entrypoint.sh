#!/bin/sh
# Container entry: checks that the index and feedback log will land in the /data volume, moves a volume of
# an older image to today's layout, seeds an empty volume with the index baked into the image (so the bundled
# corpus needs no model run at start), then runs the bot (`docker run IMAGE --mode console` passes options to
# it) or any other command given.
set -eu

for name in INDEX_DIR FEEDBACK_LOG DATA_DIR; do
  eval "value=\${$name:-}"
  case "$value" in
    /*) ;;
    *) echo "error: $name=$value is a relative path, which lands in the read-only app folder; remove $name" \
            "from the env file (the image keeps it under /data) or give an absolute path in a volume" >&2
       exit 2 ;;
  esac
done

data=$(dirname "$INDEX_DIR")
if ! mkdir -p "$INDEX_DIR" 2>/dev/null || [ ! -w "$INDEX_DIR" ]; then
  echo "error: $INDEX_DIR is not writable by uid $(id -u); for a host folder mounted on $data run" \
       "\`chown -R $(id -u) <folder>\` or use a named volume (-v dockercon-data:$data)" >&2
  exit 2
fi
# Images before DATA_DIR=/data kept the database and git clones in /data/sources: a volume from one is moved to
# the new layout once, so its questions and votes are not silently left behind (a DATA_DIR set in the env file
# is left alone).
legacy=/data/sources
if [ "$DATA_DIR" = /data ] && [ -d "$legacy" ]; then
  for name in dockercon-bot.db dockercon-bot.db-wal dockercon-bot.db-shm git; do
    if [ -e "$legacy/$name" ] && [ ! -e "/data/$name" ]; then
      mv "$legacy/$name" "/data/$name" && echo "moved $legacy/$name to /data/$name (the image's DATA_DIR is now /data)" >&2
    fi
  done
  rmdir "$legacy" 2>/dev/null || echo "warning: $legacy still holds files the bot no longer reads; remove it when done" >&2
fi
if [ ! -e "$INDEX_DIR/CURRENT" ] && [ ! -e "$INDEX_DIR/manifest.json" ] && [ -e "$BAKED_INDEX_DIR/CURRENT" ]; then
  cp -R "$BAKED_INDEX_DIR/." "$INDEX_DIR/"
  echo "seeded $INDEX_DIR with the index built into the image" >&2
fi

case "${1:-}" in
  ""|-*) exec python -m bot "$@" ;;
  *) exec "$@" ;;
esac
