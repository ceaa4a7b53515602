"""Syncing a blog from the web: first sync, second sync of unchanged pages, then one edited page.

Run by hand:  .venv/bin/python bench/sync.py [--host-delay 0.2]

The real pages of ../shared/corpus/html-pages are served on 127.0.0.1 (ETag and Last-Modified answered like a
web server) behind a sitemap; each sync is `embeddings.sync.update` with the real model, as
`python -m embeddings build --sources` runs it. Printed per sync: wall time, the HTTP answers, passages embedded.
"""

from __future__ import annotations

import argparse
import collections
import shutil
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from embeddings.encoders.sentence_transformers import SentenceTransformerEncoder  # noqa: E402
from embeddings.index import IndexStore  # noqa: E402
from embeddings.config import DEFAULT_MODEL  # noqa: E402
from embeddings.sources import SitemapSource  # noqa: E402
from embeddings.sources.web import Fetcher  # noqa: E402
from embeddings.sync import update  # noqa: E402
from tests.conftest import SHARED  # noqa: E402
from tests.web_site import Site, _handler, _Server, sitemap  # noqa: E402

PAGES = SHARED / "corpus" / "html-pages"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host-delay", type=float, default=0.2, help="FETCH_HOST_DELAY_S for the run (default 0.2)")
    args = parser.parse_args()
    if not PAGES.is_dir():
        print(f"{PAGES} is missing", file=sys.stderr)
        return 1
    scratch = ROOT / ".bench" / "sync"
    shutil.rmtree(scratch, ignore_errors=True)
    site = Site()
    server = _Server(("127.0.0.1", 0), _handler(site))
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    paths = []
    for page in sorted(PAGES.rglob("*.html")):
        path = "/" + page.relative_to(PAGES).as_posix()
        site.put(path, page.read_text(encoding="utf-8"))
        paths.append(path)
    site.put("/sitemap.xml", sitemap([site.url(p) for p in paths]), "application/xml")

    encoder = SentenceTransformerEncoder(DEFAULT_MODEL)
    store = IndexStore(scratch / "index")
    source = SitemapSource(site.url("/sitemap.xml"))

    def run(name: str) -> None:
        seen = len(site.log)
        started = time.perf_counter()
        summary, _ = update(
            [source], store, lambda: encoder, DEFAULT_MODEL, data_dir=scratch / "data",
            make_fetcher=lambda: Fetcher(host_delay_s=args.host_delay),
        )
        seconds = time.perf_counter() - started
        answers = collections.Counter(r.status for r in site.requests(seen))
        print(f"{name:<28} {seconds:6.2f} s  HTTP {dict(sorted(answers.items()))}  "
              f"{summary.reports} pages, {summary.chunks} passages, {summary.embedded} embedded, "
              f"changed {len(summary.changed)}")

    print(f"{len(paths)} pages from {PAGES}, host delay {args.host_delay} s")
    run("first sync")
    run("second sync, unchanged")
    edited = paths[0]
    text = site.pages[edited][0].decode("utf-8")
    cut = text.index("</p>", text.index("<article") if "<article" in text else 0) + len("</p>")
    site.put(edited, text[:cut] + "<p>An added sentence: the slides are now online for everyone.</p>" + text[cut:])
    run("one page edited")
    print(f"command: .venv/bin/python bench/sync.py --host-delay {args.host_delay}")
    server.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
