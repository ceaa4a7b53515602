import time

from embeddings.models import DocumentRecord
from embeddings.sources.base import Failed, Fetched, Unchanged
from embeddings.sources.web import Fetcher, fetch_page
from tests.web_site import Site, blog_page, site  # noqa: F401

PAGE = blog_page("Quokka Conf", [("Keynote", "keynote", "A marsupial scheduler keynote.")], intro="Notes from Perth.")


def test_requests_to_one_host_are_spaced_by_the_host_delay(site: Site) -> None:
    urls = [site.put(f"/p{i}/", PAGE) for i in range(3)]
    with Fetcher(host_delay_s=0.3) as fetcher:
        started = time.monotonic()
        for url in urls:
            fetcher.get(url)
        elapsed = time.monotonic() - started
    assert elapsed >= 0.6  # robots.txt, then three pages: three gaps of 0.3 s at least


def test_robots_crawl_delay_wins_over_a_shorter_host_delay(site: Site) -> None:
    urls = [site.put(f"/p{i}/", PAGE) for i in range(2)]
    site.put("/robots.txt", "User-agent: *\nCrawl-delay: 1\n", "text/plain")
    with Fetcher(host_delay_s=0) as fetcher:
        started = time.monotonic()
        for url in urls:
            fetcher.get(url)
        assert time.monotonic() - started >= 1.0


def test_conditional_requests_carry_the_validators_of_the_indexed_version(site: Site) -> None:
    url = site.put("/p/", PAGE)
    with Fetcher(host_delay_s=0) as fetcher:
        first = fetch_page(fetcher, url, None)
        assert isinstance(first, Fetched) and first.etag and first.last_modified
        known = DocumentRecord(hash=first.content_hash, origin="page", etag=first.etag, last_modified=first.last_modified)
        assert fetch_page(fetcher, url, known) == Unchanged(url)
    last = site.requests()[-1]
    assert last.status == 304 and last.headers["If-None-Match"] == first.etag
    assert last.headers["If-Modified-Since"] == first.last_modified


def test_what_is_not_a_page_is_a_failure_with_a_reason(site: Site) -> None:
    site.put("/data.json", "{}", "application/json")
    site.hang["/slow/"] = 2.0
    site.put("/slow/", PAGE)
    with Fetcher(host_delay_s=0, timeout_s=0.5) as fetcher:
        assert fetch_page(fetcher, site.url("/data.json"), None) == Failed(site.url("/data.json"), "not an HTML page (application/json)")
        assert fetch_page(fetcher, site.url("/missing/"), None) == Failed(site.url("/missing/"), "HTTP 404")
        assert fetch_page(fetcher, site.url("/slow/"), None) == Failed(site.url("/slow/"), "timed out")
        assert fetch_page(fetcher, "file:///etc/passwd", None) == Failed("file:///etc/passwd", "not an http(s) URL: file:///etc/passwd")


def test_a_failing_robots_txt_means_the_site_is_not_crawled_now(site: Site) -> None:
    url = site.put("/p/", PAGE)
    site.fail["/robots.txt"] = 503
    with Fetcher(host_delay_s=0) as fetcher:
        assert fetch_page(fetcher, url, None) == Failed(url, "robots.txt answered HTTP 503; not crawling the site now")
    assert "/p/" not in [r.path for r in site.log]
