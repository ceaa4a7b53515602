import datetime as dt
from pathlib import Path

import pytest

from embeddings.documents.jekyll import Site, find_site, post_date_and_slug, post_url, slugify_pretty


def site(permalink: str, baseurl: str = "") -> Site:
    return Site(root=Path("/blog"), url="http://work.haufegroup.io", baseurl=baseurl, permalink=permalink)


POST = Path("/blog/_posts/2015-12-8-DockerCon_EU 2015.md")
DATE = dt.date(2015, 12, 8)


@pytest.mark.parametrize(
    ("permalink", "expected"),
    [
        ("/:title/", "http://work.haufegroup.io/DockerCon_EU-2015/"),
        ("date", "http://work.haufegroup.io/events/2015/12/08/DockerCon_EU-2015.html"),
        ("pretty", "http://work.haufegroup.io/events/2015/12/08/DockerCon_EU-2015/"),
        ("none", "http://work.haufegroup.io/events/DockerCon_EU-2015.html"),
        ("/:year/:i_month/:i_day/:title", "http://work.haufegroup.io/2015/12/8/DockerCon_EU-2015"),
    ],
)
def test_post_urls_follow_the_permalink_style(permalink: str, expected: str) -> None:
    assert post_url(site(permalink), POST, {"category": "Events"}, DATE) == expected


def test_baseurl_and_front_matter_permalink_and_slug() -> None:
    front = {"permalink": "/reports/:title/", "slug": "dc15"}
    assert post_url(site("date", "/blog"), POST, front, DATE) == "http://work.haufegroup.io/blog/reports/dc15/"


def test_a_file_outside_posts_is_not_a_post() -> None:
    assert post_url(site("/:title/"), Path("/blog/about/2015-12-08-x.md"), {}, DATE) is None


def test_post_names_give_date_and_slug() -> None:
    assert post_date_and_slug("2018-6-25-blockchainlab_with_codecetnric.md") == (dt.date(2018, 6, 25), "blockchainlab_with_codecetnric")
    assert post_date_and_slug("notes.md") is None
    assert post_date_and_slug("2018-13-45-bad-date.md") is None


def test_pretty_slug_keeps_case_dots_and_underscores() -> None:
    assert slugify_pretty("Serverless_with_AWS_at_DevTalks.1") == "Serverless_with_AWS_at_DevTalks.1"
    assert slugify_pretty("What? No way!") == "What-No-way!"


def test_site_is_found_from_config_above_the_posts(tmp_path: Path) -> None:
    (tmp_path / "blog" / "_posts").mkdir(parents=True)
    (tmp_path / "blog" / "_config.yml").write_text("url: http://x.io/\nbaseurl: /b\npermalink: pretty\n")
    found = find_site(tmp_path / "blog" / "_posts" / "2020-01-01-a.md", tmp_path)
    assert found == Site(root=tmp_path / "blog", url="http://x.io", baseurl="/b", permalink="pretty")
    assert find_site(tmp_path / "other" / "a.md", tmp_path) is None


@pytest.mark.skipif(not (Path(__file__).parents[2] / "shared/corpus/haufe-blog").is_dir(), reason="../shared not present")
def test_the_real_blog_posts_get_their_published_urls() -> None:
    from embeddings.documents.reader import read_document

    corpus = Path(__file__).parents[2] / "shared/corpus"
    doc = read_document(corpus / "haufe-blog/_posts/2015-11-17-oscon.md", corpus)
    assert doc.url == "http://work.haufegroup.io/oscon/"
    assert doc.date == dt.date(2015, 11, 17)
