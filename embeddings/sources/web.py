"""Fetching like a good citizen, and single web pages.

One `Fetcher` per sync: an httpx client with timeouts and a User-Agent naming the bot, robots.txt obeyed
(protego, fetched once per host), at most `concurrency` requests at once and one request per host every
`host_delay_s` (or the robots.txt Crawl-delay, whichever is longer), and conditional requests: the ETag or
Last-Modified of the version in the index goes with the request, so an unchanged page costs a 304.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import ClassVar
from urllib.parse import urlsplit

import httpx
from protego import Protego

from embeddings.documents.reader import content_hash
from embeddings.errors import ReportError
from embeddings.models import Document, DocumentRecord
from embeddings.sources import soft404
from embeddings.sources.base import Failed, Fetched, Outcome, SyncContext, Unchanged
from embeddings.documents.html import html_to_document

log = logging.getLogger(__name__)

USER_AGENT = "dockercon-bot/0.1 (a Slack bot that indexes event reports for its team)"
_HTML_TYPES = ("text/html", "application/xhtml+xml")
MAX_BYTES = 20 * 1024 * 1024  # a report page is far smaller; anything bigger is not one


class FetchError(Exception):
    """Why a URL could not be fetched, in words for a log line and the build summary."""


@dataclass(frozen=True)
class Response:
    url: str  # after redirects
    status: int
    content: bytes
    content_type: str
    charset: str | None
    etag: str | None
    last_modified: str | None


class Fetcher:
    def __init__(
        self,
        *,
        user_agent: str = USER_AGENT,
        timeout_s: float = 20.0,
        concurrency: int = 4,
        host_delay_s: float = 1.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.concurrency = max(1, concurrency)
        self.host_delay_s = host_delay_s
        self.user_agent = user_agent
        self.requests: list[tuple[str, int]] = []  # (url, status) of every request made, robots.txt included
        self._client = httpx.Client(
            headers={"User-Agent": user_agent, "Accept-Encoding": "gzip, deflate"},
            timeout=httpx.Timeout(timeout_s),
            follow_redirects=True,
            max_redirects=5,
            transport=transport,
        )
        self._lock = threading.Lock()
        self._next_slot: dict[str, float] = {}  # host → earliest time of its next request
        self._robots: dict[str, Protego | str | None] = {}
        self._robots_lock = threading.Lock()
        self._error_pages: dict[str, Document | None] = {}
        self._error_pages_lock = threading.Lock()

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _wait_for_host(self, host: str, delay: float) -> None:
        with self._lock:
            now = time.monotonic()
            slot = max(now, self._next_slot.get(host, now))
            self._next_slot[host] = slot + delay
        if slot > now:
            time.sleep(slot - now)

    def _robots_for(self, url: str) -> Protego | str | None:
        """The site's rules; None when it has none; a reason when it cannot be asked (then nothing is fetched)."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        with self._robots_lock:
            if origin not in self._robots:
                self._robots[origin] = self._load_robots(origin)
            return self._robots[origin]

    def _load_robots(self, origin: str) -> Protego | str | None:
        # RFC 9309: a 4xx means there are no rules; a 5xx or no answer means "assume everything disallowed".
        try:
            response = self._request(f"{origin}/robots.txt", {}, check_robots=False)
        except FetchError as exc:
            return f"robots.txt could not be fetched ({exc}); not crawling the site now"
        if response.status >= 500:
            return f"robots.txt answered HTTP {response.status}; not crawling the site now"
        if response.status == 200:
            return Protego.parse(response.content.decode("utf-8", "replace"))
        return None

    def error_page(self, url: str) -> Document | None:
        """What the site of `url` serves with HTTP 200 for a path that cannot exist (its soft 404 page), asked
        once per site; None when it answers such a path as it should (404), or cannot be asked."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        with self._error_pages_lock:
            if origin not in self._error_pages:
                self._error_pages[origin] = self._fetch_error_page(soft404.probe_url(url))
            return self._error_pages[origin]

    def _fetch_error_page(self, probe: str) -> Document | None:
        try:
            response = self.get(probe)
        except FetchError:
            return None
        if response.status != 200 or (response.content_type and response.content_type not in _HTML_TYPES):
            return None
        try:
            return html_to_document(response.content, probe, content_hash(response.content), fetched_url=response.url,
                                    charset=response.charset)
        except ReportError:
            return None

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Response:
        headers: dict[str, str] = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return self._request(url, headers, check_robots=True)

    def _request(self, url: str, headers: dict[str, str], check_robots: bool) -> Response:
        if urlsplit(url).scheme not in ("http", "https"):
            raise FetchError(f"not an http(s) URL: {url}")
        delay = self.host_delay_s
        if check_robots:
            robots = self._robots_for(url)
            if isinstance(robots, str):
                raise FetchError(robots)
            if robots is not None:
                if not robots.can_fetch(url, self.user_agent):
                    raise FetchError("disallowed by robots.txt")
                crawl_delay = robots.crawl_delay(self.user_agent)
                if crawl_delay:
                    delay = max(delay, min(float(crawl_delay), 60.0))
        self._wait_for_host(urlsplit(url).netloc, delay)
        try:
            with self._client.stream("GET", url, headers=headers) as response:
                chunks: list[bytes] = []
                size = 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > MAX_BYTES:
                        raise FetchError(f"larger than {MAX_BYTES // (1024 * 1024)} MiB")
                    chunks.append(chunk)
        except httpx.TimeoutException as exc:
            self.requests.append((url, 0))
            raise FetchError("timed out") from exc
        except httpx.HTTPError as exc:
            self.requests.append((url, 0))
            raise FetchError(f"{type(exc).__name__}: {exc}") from exc
        self.requests.append((url, response.status_code))
        return Response(
            charset=response.charset_encoding,
            url=str(response.url),
            status=response.status_code,
            content=b"".join(chunks),
            content_type=response.headers.get("content-type", "").split(";")[0].strip().lower(),
            etag=response.headers.get("etag"),
            last_modified=response.headers.get("last-modified"),
        )


def fetch_page(fetcher: Fetcher, url: str, known: DocumentRecord | None) -> Outcome:
    """One page as an outcome: a 304 or identical bytes are Unchanged; anything unusable is Failed."""
    try:
        response = fetcher.get(url, known.etag if known else None, known.last_modified if known else None)
    except FetchError as exc:
        return Failed(url, str(exc))
    if response.status == 304 and known is not None:
        return Unchanged(url)
    if response.status != 200:
        return Failed(url, f"HTTP {response.status}")
    if response.content_type and response.content_type not in _HTML_TYPES:
        return Failed(url, f"not an HTML page ({response.content_type})")
    digest = content_hash(response.content)
    if known is not None and known.hash == digest and not (response.etag or response.last_modified):
        return Unchanged(url)
    try:
        doc = html_to_document(response.content, url, digest, fetched_url=response.url, charset=response.charset)
    except ReportError as exc:
        return Failed(url, str(exc).removeprefix(f"{url}: "))
    error = soft404.reason(fetcher, url, doc, known)
    if error:
        return Failed(url, error)
    return Fetched(doc, etag=response.etag, last_modified=response.last_modified)


def fetch_pages(urls: Iterable[str], ctx: SyncContext) -> Iterator[Outcome]:
    """Pages fetched `concurrency` at a time (each host still one at a time, see Fetcher), in order."""
    fetcher: Fetcher = ctx.fetcher
    urls = [url for url in dict.fromkeys(urls) if url not in ctx.taken]
    with ThreadPoolExecutor(max_workers=fetcher.concurrency, thread_name_prefix="fetch") as pool:
        for outcome in pool.map(lambda u: fetch_page(fetcher, u, ctx.known.get(u)), urls):
            ctx.progress(1)
            yield outcome


@dataclass(frozen=True)
class UrlSource:
    """A source named by one URL, fetched over the network."""

    kind: ClassVar[str] = "url"
    remote: ClassVar[bool] = True

    url: str

    @property
    def label(self) -> str:
        return f"{self.kind}: {self.url}"


@dataclass(frozen=True)
class PageSource(UrlSource):
    kind: ClassVar[str] = "page"

    def read(self, ctx: SyncContext) -> Iterator[Outcome]:
        yield from fetch_pages([self.url], ctx)
