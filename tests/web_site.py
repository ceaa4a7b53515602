"""A blog on 127.0.0.1 for the tests that fetch: real-looking pages (cookie banner, navigation, sidebar,
related posts, comments, footer), feeds, a sitemap and robots.txt, with ETag and Last-Modified answered the
way a web server answers them. Every request is logged, and any path can be made to fail or hang."""

from __future__ import annotations

import email.utils
import hashlib
import json
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

# Text of the page furniture: none of it may ever turn up in a passage.
BOILERPLATE = (
    "Accept all cookies",
    "We use cookies",
    "About the team",
    "Archive of all posts",
    "Kubernetes at scale: our migration story",
    "Related posts",
    "Great write-up, thanks for sharing",
    "Leave a comment",
    "Platform engineer who blogs",
    "Subscribe to our newsletter",
    "All rights reserved",
    "trackPageview",
    "font-family",
)


def blog_page(
    title: str,
    sections: list[tuple[str, str | None, str]],
    *,
    intro: str,
    date: str = "2024-05-02",
    author: str = "Dana Example",
    canonical: str | None = None,
) -> str:
    """A post as a typical blog theme renders it. sections: (heading, its id or None, paragraph text)."""
    body = "\n".join(
        f'<h2{f" id={chr(34)}{anchor}{chr(34)}" if anchor else ""}>{heading}'
        f'{f" <a class={chr(34)}anchor{chr(34)} href={chr(34)}#{anchor}{chr(34)}>#</a>" if anchor else ""}</h2>\n'
        f"<p>{text}</p>"
        for heading, anchor, text in sections
    )
    ld = json.dumps({"@context": "https://schema.org", "@type": "BlogPosting", "headline": title,
                     "datePublished": date, "author": {"@type": "Person", "name": author}})
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{title} | Team Blog</title>{link}
<meta property="og:title" content="{title}">
<script type="application/ld+json">{ld}</script>
<style>body {{ font-family: sans-serif; }}</style>
<script>window.analytics = window.analytics || []; analytics.push("trackPageview");</script>
</head><body>
<div id="cookie-banner" class="cookie-consent"><p>We use cookies to make this blog better.</p>
<button>Accept all cookies</button></div>
<header class="site-header"><a class="logo" href="/">Team Blog</a>
<nav class="main-nav"><ul><li><a href="/">Home</a></li><li><a href="/archive/">Archive of all posts</a></li>
<li><a href="/about/">About the team</a></li></ul></nav></header>
<div class="page has-sidebar">
<main id="content">
<article class="post">
<header class="post-header"><h1 class="post-title">{title}</h1>
<p class="meta"><time datetime="{date}">{date}</time> by <span class="author">{author}</span></p></header>
<div class="post-content">
<p>{intro}</p>
{body}
</div>
<footer class="post-footer"><p>Tags: conference, notes. Share this post on social media.</p></footer>
</article>
<section class="related-posts"><h3>Related posts</h3><ul>
<li><a href="/k8s/">Kubernetes at scale: our migration story</a></li></ul></section>
<section id="comments" class="comments"><h3>2 comments</h3>
<ol class="comment-list"><li><article id="div-comment-2" class="comment-body"><footer class="comment-meta">Sam
says:</footer><div class="comment-content"><p>Great write-up, thanks for sharing the slides and the recordings with
everyone!</p></div></article></li></ol>
<form class="comment-form"><label>Leave a comment</label><textarea name="c"></textarea>
<button>Post comment</button></form></section>
</main>
<aside class="sidebar"><h3>About me</h3><p>Platform engineer who blogs about the conferences our team visits.</p>
<h3>Newsletter</h3><p>Subscribe to our newsletter for one mail a month.</p></aside>
</div>
<footer class="site-footer"><p>© 2024 Team Blog. All rights reserved. Imprint · Privacy</p></footer>
</body></html>
"""


def rss(items: list[tuple[str, str]]) -> str:
    entries = "".join(f"<item><title>{t}</title><link>{u}</link><guid>{u}</guid></item>" for t, u in items)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Team Blog</title>{entries}</channel></rss>'


def atom(items: list[tuple[str, str]]) -> str:
    entries = "".join(
        f'<entry><title>{t}</title><link rel="alternate" href="{u}"/><id>{u}</id><updated>2024-05-02T10:00:00Z</updated></entry>'
        for t, u in items
    )
    return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Team Blog</title>'
            f"<id>urn:team-blog</id><updated>2024-05-02T10:00:00Z</updated>{entries}</feed>")


def sitemap(urls: list[str]) -> str:
    entries = "".join(f"<url><loc>{u}</loc></url>" for u in urls)
    return f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>'


@dataclass
class Request:
    path: str
    status: int
    headers: dict[str, str]


@dataclass
class Site:
    base: str = ""
    pages: dict[str, tuple[bytes, str, str]] = field(default_factory=dict)  # path → (body, type, Last-Modified)
    fail: dict[str, int] = field(default_factory=dict)  # path → status to answer instead
    hang: dict[str, float] = field(default_factory=dict)  # path → seconds to wait before answering
    validators: str = "both"  # "etag", "last-modified", "both" or "none"
    # Served with HTTP 200 for every path that has no page (a "soft 404" site); None: 404 as it should.
    missing_page: str | None = None
    log: list[Request] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self, path: str) -> str:
        return self.base + path

    def put(self, path: str, text: str, content_type: str = "text/html; charset=utf-8") -> str:
        """Publish (or edit) a page; its Last-Modified moves on only when the content changes."""
        data = text.encode("utf-8")
        old = self.pages.get(path)
        stamp = old[2] if old and old[0] == data else email.utils.formatdate(time.time() + len(self.pages), usegmt=True)
        self.pages[path] = (data, content_type, stamp)
        return self.url(path)

    def requests(self, since: int = 0) -> list[Request]:
        with self._lock:
            return self.log[since:]

    def record(self, request: Request) -> None:
        with self._lock:
            self.log.append(request)


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def _send(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
            site.record(Request(self.path, status, dict(self.headers.items())))
            self.send_response(status)
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:  # noqa: N802
            if self.path in site.hang:
                time.sleep(site.hang[self.path])
            if self.path in site.fail:
                self._send(site.fail[self.path], b"<html><body>Internal error</body></html>", {"Content-Type": "text/html"})
                return
            page = site.pages.get(self.path)
            if page is None and site.missing_page is not None:
                self._send(200, site.missing_page.encode("utf-8"), {"Content-Type": "text/html; charset=utf-8"})
                return
            if page is None:
                self._send(404, b"not found", {"Content-Type": "text/plain"})
                return
            body, content_type, modified = page
            etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
            headers = {"Content-Type": content_type}
            if site.validators in ("etag", "both"):
                headers["ETag"] = etag
            if site.validators in ("last-modified", "both"):
                headers["Last-Modified"] = modified
            if site.validators in ("etag", "both") and self.headers.get("If-None-Match") == etag:
                self._send(304, b"", headers)
                return
            if site.validators == "last-modified" and self.headers.get("If-Modified-Since") == modified:
                self._send(304, b"", headers)
                return
            self._send(200, body, headers)

    return Handler


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        # A client that gave up (the timeout tests) closes the connection before the answer is written.
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


@pytest.fixture
def site() -> Iterator[Site]:
    blog = Site()
    server = _Server(("127.0.0.1", 0), _handler(blog))
    blog.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield blog
    finally:
        server.shutdown()
        server.server_close()
