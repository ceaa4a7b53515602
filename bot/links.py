"""The domains the indexed reports live on, for the Slack manifest's `unfurl_domains`:

    python -m bot.links        # prints the domains of the reports in INDEX_DIR, one per line
"""

from __future__ import annotations

import sys


def main() -> int:
    from embeddings.config import load_settings
    from embeddings.errors import EmbeddingsError
    from embeddings.index import open_index

    settings = load_settings()
    try:
        index = open_index(settings.index_dir)
    except EmbeddingsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    domains = index.catalogue.links.domains()
    if not domains:
        print("no report in the index has a URL", file=sys.stderr)
    for domain in domains:
        print(domain)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
