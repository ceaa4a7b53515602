"""Sources → index end to end: a blog served on 127.0.0.1 and a git repository made by the test."""

import logging
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

import pytest

from embeddings.errors import EmbeddingsError
from embeddings.index import IndexStore, open_index
from embeddings.search import Searcher
from embeddings.sources import FeedSource, FolderSource, GitSource, PageSource, SitemapSource, Source
from embeddings.sources.web import Fetcher
from embeddings.sync import BuildSummary, update
from tests.conftest import FakeEncoder
from tests.web_site import BOILERPLATE, Site, atom, blog_page, rss, site, sitemap  # noqa: F401

MODEL = FakeEncoder.name

POSTS = {
    "/2024/05/quokka-conf/": (
        "Quokka Conf 2024",
        [("Keynote", "keynote", "The keynote introduced the marsupial scheduler for edge clusters."),
         ("Workshops", "workshops", "The afternoon workshop built a tiny service mesh in Rust from scratch.")],
        "Our team went to Quokka Conf in Perth; this post collects what we learned.",
    ),
    "/2024/06/wombat-summit/": (
        "Wombat Summit",
        [("Burrow storage", "burrow-storage", "Wombat engineers showed burrow storage with erasure coding."),
         ("Closing panel", None, "The closing panel debated monorepos versus polyrepos at length.")],
        "Notes from the Wombat Summit in Canberra, two days about storage.",
    ),
    "/2024/07/platypus-days/": (
        "Platypus Days",
        [("Egg-laying pipelines", "egg-laying-pipelines", "Platypus Days taught us egg-laying CI pipelines that hatch releases.")],
        "Platypus Days is a small community event about delivery pipelines.",
    ),
}


def publish_posts(site: Site, canonical: bool = True) -> list[str]:
    urls = []
    for path, (title, sections, intro) in POSTS.items():
        urls.append(site.put(path, blog_page(title, sections, intro=intro,
                                             canonical=f"https://blog.example.com{path}" if canonical else None)))
    return urls


def sync(tmp_path: Path, sources: Sequence[Source], encoder: FakeEncoder, **kwargs: object) -> BuildSummary:
    summary, _ = update(
        sources, IndexStore(tmp_path / "index"), lambda: encoder, MODEL, data_dir=tmp_path / "data",
        make_fetcher=lambda: Fetcher(host_delay_s=0, timeout_s=1.0), **kwargs,  # type: ignore[arg-type]
    )
    return summary


def ask(tmp_path: Path, encoder: FakeEncoder, question: str) -> list[tuple[str | None, str]]:
    searcher = Searcher(open_index(tmp_path / "index"), encoder)
    return [(h.chunk.url, h.chunk.text) for h in searcher.search(question, k=3).hits]


def all_text(tmp_path: Path) -> str:
    return "\n".join(c.text for c in open_index(tmp_path / "index").chunks)


def test_pages_are_answered_with_links_to_their_sections_and_no_boilerplate(
    tmp_path: Path, site: Site, fake_encoder: FakeEncoder
) -> None:
    urls = publish_posts(site)
    summary = sync(tmp_path, [PageSource(u) for u in urls], fake_encoder)
    assert (summary.reports, summary.failed, summary.skipped) == (3, (), ())
    url, text = ask(tmp_path, fake_encoder, "marsupial scheduler keynote")[0]
    assert url == "https://blog.example.com/2024/05/quokka-conf/#keynote" and "marsupial scheduler" in text
    url, _ = ask(tmp_path, fake_encoder, "closing panel monorepos polyrepos")[0]
    assert url == "https://blog.example.com/2024/06/wombat-summit/"  # that heading has no id on the page
    for furniture in BOILERPLATE:
        assert furniture not in all_text(tmp_path)


def test_without_a_canonical_url_answers_link_to_the_fetched_url(tmp_path: Path, site: Site, fake_encoder: FakeEncoder) -> None:
    urls = publish_posts(site, canonical=False)
    sync(tmp_path, [PageSource(urls[2])], fake_encoder)
    url, _ = ask(tmp_path, fake_encoder, "egg-laying pipelines")[0]
    assert url == f"{urls[2]}#egg-laying-pipelines"


@pytest.mark.parametrize("validators", ["etag", "last-modified"])
def test_a_second_sync_of_unchanged_sources_costs_only_304s_and_embeds_nothing(
    tmp_path: Path, site: Site, fake_encoder: FakeEncoder, validators: str
) -> None:
    site.validators = validators
    urls = publish_posts(site)
    site.put("/feed.xml", rss([(t, u) for u, (t, _, _) in zip(urls[:2], POSTS.values())]), "application/rss+xml")
    site.put("/atom.xml", atom([("Platypus Days", urls[2])]), "application/atom+xml")
    site.put("/sitemap.xml", sitemap(urls), "application/xml")
    sources = [FeedSource(site.url("/feed.xml")), FeedSource(site.url("/atom.xml")),
               SitemapSource(site.url("/sitemap.xml"), include="/2024/0[56]/")]
    first = sync(tmp_path, sources, fake_encoder)
    assert first.reports == 3 and first.embedded > 0
    calls, seen = len(fake_encoder.calls), len(site.log)

    second = sync(tmp_path, sources, fake_encoder)
    requests = site.requests(seen)
    assert second.up_to_date and second.reports == 3
    assert len(fake_encoder.calls) == calls  # nothing embedded, the model not even asked
    assert {r.status for r in requests if r.path != "/robots.txt"} == {304}
    assert sorted(r.path for r in requests if r.path != "/robots.txt") == sorted(
        ["/feed.xml", "/atom.xml", "/sitemap.xml", *POSTS]
    )


def test_a_changed_page_is_re_embedded_alone(tmp_path: Path, site: Site, fake_encoder: FakeEncoder) -> None:
    urls = publish_posts(site)
    sync(tmp_path, [PageSource(u) for u in urls], fake_encoder)
    title, sections, intro = POSTS["/2024/06/wombat-summit/"]
    edited = [(h, a, t + " Update: the slides are online now.") if a == "burrow-storage" else (h, a, t) for h, a, t in sections]
    site.put("/2024/06/wombat-summit/", blog_page(title, edited, intro=intro))
    summary = sync(tmp_path, [PageSource(u) for u in urls], fake_encoder)
    assert summary.changed == (urls[1],)
    assert summary.embedded == 1 and fake_encoder.calls[-1] == 1  # the one edited passage
    assert "slides are online" in all_text(tmp_path)


@pytest.mark.parametrize("failure", ["500", "timeout", "404", "garbage"])
def test_a_failing_page_keeps_its_last_good_passages_and_is_reported(
    tmp_path: Path, site: Site, fake_encoder: FakeEncoder, failure: str, caplog: pytest.LogCaptureFixture
) -> None:
    urls = publish_posts(site)
    sources = [PageSource(u) for u in urls]
    sync(tmp_path, sources, fake_encoder)
    path = "/2024/05/quokka-conf/"
    if failure == "timeout":
        site.hang[path] = 3.0
    elif failure == "garbage":
        site.put(path, "\x00\x01 binary junk", "application/octet-stream")
    else:
        site.fail[path] = int(failure)
    with caplog.at_level(logging.WARNING):
        summary = sync(tmp_path, sources, fake_encoder)
    assert summary.up_to_date and summary.reports == 3
    assert len(summary.failed) == 1 and summary.failed[0].startswith(site.url(path))
    assert f"cannot fetch {site.url(path)}" in caplog.text
    assert ask(tmp_path, fake_encoder, "marsupial scheduler keynote")[0][0].endswith("#keynote")
    state = IndexStore(tmp_path / "index").read_state()
    assert state["documents"][site.url(path)]["failures"] == 1


SOFT_404 = blog_page("Page not found", [("Oops!", None, "That page can't be found. Maybe try a search?")],
                     intro="Nothing was found at this location. Try one of the links below or a search.")
# A theme's catch-all page that does not say "not found": only asking the site for a missing path tells.
CATCH_ALL = blog_page("Team Blog", [("Latest posts", None, "Read what our team learned at the conferences.")],
                      intro="Welcome to the blog of our platform team, where we write about events we attend.")


@pytest.mark.parametrize("served", ["says not found", "catch-all page"])
def test_a_soft_404_keeps_the_last_good_version(
    tmp_path: Path, site: Site, fake_encoder: FakeEncoder, served: str
) -> None:
    urls = publish_posts(site)
    sources = [PageSource(u) for u in urls]
    sync(tmp_path, sources, fake_encoder)
    path = "/2024/05/quokka-conf/"
    if served == "says not found":
        site.put(path, SOFT_404)
    else:
        del site.pages[path]
        site.missing_page = CATCH_ALL
    summary = sync(tmp_path, sources, fake_encoder)
    assert summary.up_to_date and summary.reports == 3
    assert len(summary.failed) == 1 and "soft 404" in summary.failed[0] and summary.failed[0].startswith(site.url(path))
    assert ask(tmp_path, fake_encoder, "marsupial scheduler keynote")[0][0].endswith("#keynote")
    assert "can't be found" not in all_text(tmp_path) and "Welcome to the blog" not in all_text(tmp_path)
    assert IndexStore(tmp_path / "index").read_state()["documents"][site.url(path)]["failures"] == 1


def test_a_site_that_serves_a_catch_all_page_still_has_its_real_pages_indexed(
    tmp_path: Path, site: Site, fake_encoder: FakeEncoder
) -> None:
    site.missing_page = CATCH_ALL
    urls = publish_posts(site)
    assert sync(tmp_path, [PageSource(u) for u in urls], fake_encoder).reports == 3
    title, sections, intro = POSTS["/2024/06/wombat-summit/"]
    site.put("/2024/06/wombat-summit/", blog_page(title, sections, intro=intro + " Slides are online."))
    summary = sync(tmp_path, [PageSource(u) for u in urls], fake_encoder)
    assert summary.failed == () and summary.changed == (urls[1],)


def test_a_page_gone_for_n_syncs_in_a_row_is_dropped(tmp_path: Path, site: Site, fake_encoder: FakeEncoder) -> None:
    urls = publish_posts(site)
    sources = [PageSource(u) for u in urls]
    sync(tmp_path, sources, fake_encoder, drop_after=2)
    del site.pages["/2024/07/platypus-days/"]
    assert sync(tmp_path, sources, fake_encoder, drop_after=2).reports == 3
    summary = sync(tmp_path, sources, fake_encoder, drop_after=2)
    assert summary.dropped == (urls[2],) and summary.reports == 2
    assert "egg-laying" not in all_text(tmp_path)


def test_a_feed_that_is_down_keeps_its_pages(tmp_path: Path, site: Site, fake_encoder: FakeEncoder) -> None:
    urls = publish_posts(site)
    site.put("/feed.xml", rss([("Quokka", urls[0])]), "application/rss+xml")
    feed = FeedSource(site.url("/feed.xml"))
    sync(tmp_path, [feed], fake_encoder)
    site.fail["/feed.xml"] = 503
    summary = sync(tmp_path, [feed], fake_encoder)
    assert summary.reports == 1 and summary.failed == (f"{feed.label}: {site.url('/feed.xml')}: HTTP 503",)


def test_a_post_that_drops_off_the_feed_stays_indexed(tmp_path: Path, site: Site, fake_encoder: FakeEncoder) -> None:
    urls = publish_posts(site)
    site.put("/feed.xml", rss([("Quokka", urls[0])]), "application/rss+xml")
    feed = FeedSource(site.url("/feed.xml"))
    sync(tmp_path, [feed], fake_encoder)
    site.put("/feed.xml", rss([("Wombat", urls[1])]), "application/rss+xml")  # feeds list only the newest
    assert sync(tmp_path, [feed], fake_encoder).reports == 2


def test_robots_txt_is_obeyed_and_the_user_agent_names_the_bot(tmp_path: Path, site: Site, fake_encoder: FakeEncoder) -> None:
    urls = publish_posts(site)
    site.put("/robots.txt", "User-agent: *\nDisallow: /2024/06/\n", "text/plain")
    summary = sync(tmp_path, [PageSource(u) for u in urls], fake_encoder)
    assert summary.reports == 2 and summary.skipped == (f"{urls[1]}: disallowed by robots.txt",)
    assert "/2024/06/wombat-summit/" not in [r.path for r in site.log]
    assert all(r.headers["User-Agent"].startswith("dockercon-bot/") for r in site.log)


def test_remote_sources_are_left_alone_when_only_local_folders_are_polled(
    tmp_path: Path, site: Site, fake_encoder: FakeEncoder, write_report
) -> None:
    urls = publish_posts(site)
    write_report("local.md", "# Local\n\nA report written by hand.\n")
    sources = [FolderSource(tmp_path / "corpus"), PageSource(urls[0])]
    sync(tmp_path, sources, fake_encoder)
    seen = len(site.log)
    summary = sync(tmp_path, sources, fake_encoder, remote=False)
    assert summary.reports == 2 and len(site.log) == seen


def git(*args: str, cwd: Path) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
                        "GIT_COMMITTER_EMAIL": "t@example.com", "PATH": "/usr/bin:/bin:/usr/local/bin", "HOME": str(cwd)})


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_a_git_repository_is_cloned_and_read_like_a_jekyll_folder(tmp_path: Path, fake_encoder: FakeEncoder) -> None:
    remote, work = tmp_path / "blog.git", tmp_path / "work"
    git("init", "--bare", "--initial-branch=main", str(remote), cwd=tmp_path)
    git("init", "--initial-branch=main", str(work), cwd=tmp_path)
    (work / "_posts").mkdir()
    (work / "_layouts").mkdir()
    (work / "_config.yml").write_text("url: https://blog.example.com\npermalink: pretty\n")
    (work / "_layouts" / "default.html").write_text("<html><body><nav>Home</nav>{{ content }}</body></html>")
    post = work / "_posts" / "2024-05-01-echidna-expo.md"
    post.write_text("---\ntitle: Echidna Expo\n---\n## Spiny talks\n\nEchidna Expo had spiny talks about caching.\n")
    git("add", ".", cwd=work)
    git("commit", "-m", "first post", cwd=work)
    git("push", str(remote), "main", cwd=work)

    source = GitSource(f"file://{remote}", branch="main")
    assert sync(tmp_path, [source], fake_encoder).reports == 1  # the layout is a template, not a report
    url, _ = ask(tmp_path, fake_encoder, "spiny talks caching")[0]
    assert url == "https://blog.example.com/2024/05/01/echidna-expo/#spiny-talks"

    post.write_text("---\ntitle: Echidna Expo\n---\n## Spiny talks\n\nEchidna Expo had spiny talks about cache invalidation.\n")
    git("commit", "-am", "edit", cwd=work)
    git("push", str(remote), "main", cwd=work)
    summary = sync(tmp_path, [source], fake_encoder)
    assert summary.embedded == 1 and "cache invalidation" in all_text(tmp_path)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_a_git_repository_of_a_hugo_site_gets_the_sites_permalinks(tmp_path: Path, fake_encoder: FakeEncoder) -> None:
    remote, work = tmp_path / "blog.git", tmp_path / "work"
    git("init", "--bare", "--initial-branch=main", str(remote), cwd=tmp_path)
    git("init", "--initial-branch=main", str(work), cwd=tmp_path)
    (work / "content" / "posts").mkdir(parents=True)
    (work / "content" / "talks" / "wombat-summit").mkdir(parents=True)
    (work / "layouts" / "_default").mkdir(parents=True)
    (work / "hugo.toml").write_text(
        "baseURL = 'https://blog.example.com/'\ntitle = 'Team Blog'\n[permalinks]\nposts = '/:year/:month/:slug/'\n"
    )
    (work / "layouts" / "_default" / "single.html").write_text("<html><body>{{ .Content }}</body></html>")
    (work / "content" / "posts" / "echidna.md").write_text(
        "+++\ntitle = 'Echidna Expo'\ndate = 2024-05-01\n+++\n\n## Spiny talks\n\nEchidna Expo had spiny talks about caching.\n"
    )
    # A page bundle in a section without a permalink: Hugo's default, the folders under content/.
    (work / "content" / "talks" / "wombat-summit" / "index.md").write_text(
        "---\ntitle: Wombat Summit\ndate: 2024-06-02\n---\n\n## Burrows\n\nWombat burrow storage with erasure coding.\n"
    )
    git("add", ".", cwd=work)
    git("commit", "-m", "two posts", cwd=work)
    git("push", str(remote), "main", cwd=work)

    assert sync(tmp_path, [GitSource(f"file://{remote}", branch="main")], fake_encoder).reports == 2
    assert ask(tmp_path, fake_encoder, "spiny talks caching")[0][0] == "https://blog.example.com/2024/05/echidna-expo/#spiny-talks"
    assert ask(tmp_path, fake_encoder, "wombat burrow erasure coding")[0][0] == "https://blog.example.com/talks/wombat-summit/#burrows"


def test_sources_that_yield_nothing_leave_the_index_alone_with_the_reason(
    tmp_path: Path, fake_encoder: FakeEncoder, write_report
) -> None:
    with pytest.raises(EmbeddingsError, match="no report could be read.*git clone"):
        sync(tmp_path, [GitSource(f"file://{tmp_path}/missing.git")], fake_encoder)
    write_report("a.md", "# A\n\nSome text.\n")
    folder, missing = FolderSource(tmp_path / "corpus"), GitSource(f"file://{tmp_path}/missing.git")
    summary = sync(tmp_path, [folder, missing], fake_encoder)
    assert summary.reports == 1 and summary.failed[0].startswith(f"{missing.label}: git clone:")


def test_a_source_removed_from_the_list_takes_its_documents_along(tmp_path: Path, site: Site, fake_encoder: FakeEncoder) -> None:
    urls = publish_posts(site)
    sync(tmp_path, [PageSource(u) for u in urls], fake_encoder)
    summary = sync(tmp_path, [PageSource(u) for u in urls[:2]], fake_encoder)
    assert summary.dropped == (urls[2],) and summary.reports == 2 and summary.embedded == 0


def test_a_folder_reads_saved_html_pages_like_markdown_reports(tmp_path: Path, fake_encoder: FakeEncoder, write_report) -> None:
    title, sections, intro = POSTS["/2024/05/quokka-conf/"]
    write_report("saved/quokka.html", blog_page(title, sections, intro=intro, canonical="https://blog.example.com/q/"))
    write_report("notes.md", "# Notes\n\nPlain Markdown beside it.\n")
    summary = sync(tmp_path, [FolderSource(tmp_path / "corpus")], fake_encoder)
    assert summary.reports == 2
    url, _ = ask(tmp_path, fake_encoder, "marsupial scheduler keynote")[0]
    assert url == "https://blog.example.com/q/#keynote"
    assert {c.source for c in open_index(tmp_path / "index").chunks} == {"saved/quokka.html", "notes.md"}
    for furniture in BOILERPLATE:
        assert furniture not in all_text(tmp_path)


def test_a_gzipped_sitemap_index_leads_to_the_pages(tmp_path: Path, site: Site, fake_encoder: FakeEncoder) -> None:
    import gzip

    urls = publish_posts(site)
    site.put("/posts.xml", sitemap(urls), "application/xml")
    index = ('<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
             f'<sitemap><loc>{site.url("/posts.xml")}</loc></sitemap></sitemapindex>')
    site.pages["/sitemap.xml.gz"] = (gzip.compress(index.encode()), "application/gzip", "Thu, 02 May 2024 10:00:00 GMT")
    summary = sync(tmp_path, [SitemapSource(site.url("/sitemap.xml.gz"), include="platypus")], fake_encoder)
    assert summary.reports == 1 and ask(tmp_path, fake_encoder, "egg-laying pipelines")[0][0].endswith("#egg-laying-pipelines")
