import datetime as dt
from pathlib import Path

import lxml.html
import pytest

from embeddings.chunking import chunk_document
from embeddings.errors import ReportError
from embeddings.documents.markdown import html_to_text
from embeddings.documents.html import html_to_document
from tests.conftest import SHARED
from tests.web_site import BOILERPLATE, blog_page

REAL_PAGES = SHARED / "corpus" / "html-pages"

PAGE = blog_page(
    "Quokka Conf 2024",
    [
        ("Keynote", "keynote", "The keynote introduced the marsupial scheduler for edge clusters."),
        ("Hallway track", None, "Over coffee we argued about wombat-driven development and its merits."),
        ("Workshops", "workshops", "In the afternoon workshop we built a tiny service mesh from scratch in Rust."),
    ],
    intro="Our team went to Quokka Conf in Perth and this post collects what we learned there.",
    canonical="https://blog.example.com/2024/quokka-conf/",
    author="Robin Writer",
)


def test_a_page_becomes_a_document_with_its_metadata() -> None:
    doc = html_to_document(PAGE, "https://mirror.example.org/q", "hash", fetched_url="https://mirror.example.org/q")
    assert doc.title == "Quokka Conf 2024"
    assert doc.url == "https://blog.example.com/2024/quokka-conf/"  # the canonical URL, not where it was fetched
    assert doc.date == dt.date(2024, 5, 2) and doc.author == "Robin Writer" and doc.authors == ("Robin Writer",)
    assert doc.source == "https://mirror.example.org/q" and doc.format == "html"


def test_sections_follow_the_headings_and_link_to_the_page_anchors() -> None:
    chunks = chunk_document(html_to_document(PAGE, "p", "h"))
    by_heading = {c.heading: c for c in chunks}
    assert by_heading["Keynote"].url == "https://blog.example.com/2024/quokka-conf/#keynote"
    assert "marsupial scheduler" in by_heading["Keynote"].text
    # A heading without an id on the page gets no invented anchor.
    assert by_heading["Hallway track"].url == "https://blog.example.com/2024/quokka-conf/"
    assert by_heading["Workshops"].url.endswith("#workshops")
    assert by_heading[None].text.startswith("Our team went to Quokka Conf")


def test_no_passage_contains_page_furniture() -> None:
    text = "\n".join(c.text for c in chunk_document(html_to_document(PAGE, "p", "h")))
    for furniture in BOILERPLATE:
        assert furniture not in text
    assert "#" not in text  # the heading permalinks


def test_without_canonical_url_the_fetched_url_is_used() -> None:
    page = blog_page("T", [("A", "a", "Some words about a talk on schedulers.")], intro="An intro paragraph of the post.")
    assert html_to_document(page, "s", "h", fetched_url="http://127.0.0.1:9/post/").url == "http://127.0.0.1:9/post/"


def test_a_page_without_article_text_is_an_error() -> None:
    with pytest.raises(ReportError, match="no article text"):
        html_to_document("<html><body><nav><a href='/'>Home</a></nav></body></html>", "empty.html", "h")


def test_html_to_text_drops_script_and_style() -> None:
    text = html_to_text("<div>Shown<script>var hidden = 1;</script><style>p { color: red }</style> too</div>")
    assert "hidden" not in text and "color" not in text
    assert "Shown" in text and "too" in text


def _furniture(path: Path) -> list[str]:
    """Sentences of the real page's navigation, sidebars, footers and comment areas (outside the article)."""
    tree = lxml.html.parse(str(path)).getroot()
    found: list[str] = []
    for element in tree.xpath("//nav | //aside | //body//footer | //form | //*[contains(@class, 'comment')]"):
        if element.xpath("ancestor::article") or element.xpath(".//article"):
            continue
        for line in element.text_content().splitlines():
            line = " ".join(line.split())
            if len(line) >= 25:
                found.append(line)
    return found


@pytest.mark.skipif(not REAL_PAGES.is_dir(), reason="../shared/corpus/html-pages is not beside this checkout")
@pytest.mark.parametrize("path", sorted(REAL_PAGES.rglob("*.html")) if REAL_PAGES.is_dir() else [], ids=str)
def test_real_blog_pages_yield_their_article_only(path: Path) -> None:
    doc = html_to_document(path.read_bytes(), path.name, "h")
    chunks = chunk_document(doc)
    assert doc.title and doc.date is not None and doc.url and doc.url.startswith("http")
    assert len(chunks) >= 3
    text = "\n".join(c.text for c in chunks)
    for furniture in _furniture(path):
        assert furniture not in text
    has_ids = bool(lxml.html.parse(str(path)).getroot().xpath("//article//h2[@id] | //article//h3[@id]"))
    if has_ids:
        assert any(c.url and "#" in c.url for c in chunks)


def test_the_article_survives_boilerplate_words_in_its_own_or_its_wrappers_classes() -> None:
    page = PAGE.replace('<article class="post">', '<article class="post share-enabled">').replace(
        '<div class="page has-sidebar">', '<div class="page related-layout">'
    )
    chunks = chunk_document(html_to_document(page, "p", "h"))
    assert any("marsupial scheduler" in c.text for c in chunks)
    assert not any("Great write-up" in c.text for c in chunks)


@pytest.mark.parametrize("charset", [None, "iso-8859-1"])
def test_text_is_decoded_as_the_server_or_the_page_says(charset: str | None) -> None:
    page = blog_page("Café Conf", [("Überblick", "ueberblick", "Jérôme sprach über Container in München.")],
                     intro="Notizen vom Café Conf in Zürich, zwei Tage über Plattformen.")
    # No <meta charset>: UTF-8 is read as UTF-8, anything else as the server's Content-Type says.
    data = page.replace('<meta charset="utf-8">', "").encode(charset or "utf-8")
    doc = html_to_document(data, "p", "h", charset=charset)
    assert doc.title == "Café Conf" and "Jérôme sprach über Container in München." in doc.body


def test_a_callout_inside_the_post_is_kept_and_a_share_box_is_not() -> None:
    page = PAGE.replace(
        "<p>Our team went", '<aside class="note"><p>Note: the recordings of every talk are on the conference site.</p></aside>'
        '<aside class="share-box"><p>Share this post on your favourite social network</p></aside><p>Our team went'
    )
    text = "\n".join(c.text for c in chunk_document(html_to_document(page, "p", "h")))
    assert "recordings of every talk" in text and "favourite social network" not in text
