import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from embeddings.pipeline import build_corpus
from embeddings.documents.reader import read_document
from embeddings.errors import ReportError
from embeddings.documents.frontmatter import split
from embeddings.index import open_index
from embeddings.search import Searcher
from tests.conftest import FakeEncoder

Write = Callable[[str, str], Path]


def test_yaml_front_matter_gives_authors_tags_categories_location_and_summary() -> None:
    about, body = split(
        "---\ntitle: Berlin Buzzwords\nauthor: alice_kaerast\nlocation: Berlin\ncategory: Data\n"
        "tags: kafka\nsummary: What we learned\n---\nBody\n",
        "r.md",
    )
    assert about is not None and body == "Body\n"
    assert (about.title, about.authors, about.location, about.tags, about.summary) == (
        "Berlin Buzzwords", ("alice kaerast",), "Berlin", ("kafka", "Data"), "What we learned",
    )


def test_a_list_of_authors_and_comma_separated_keywords() -> None:
    about, _ = split("---\nauthors:\n- Alexis Seigneurin\n- Bo Li\nkeywords: devoxx, big data\n---\nx\n", "r.md")
    assert about is not None and about.authors == ("Alexis Seigneurin", "Bo Li") and about.tags == ("devoxx", "big data")


def test_hugo_toml_front_matter_with_taxonomies() -> None:
    about, body = split(
        '+++\ntitle = "JSConf EU 2013 impressions"\ndate = 2013-09-17\n\n[taxonomies]\ntags = ["javascript", "python"]\n+++\n\nYesterday\n',
        "r.md",
    )
    assert about is not None and about.title == "JSConf EU 2013 impressions" and about.tags == ("javascript", "python")
    assert about.get("date") == dt.date(2013, 9, 17) and body.strip() == "Yesterday"


def test_pelican_headers_until_the_first_blank_line() -> None:
    about, body = split("Title: PyCon 2018\nDate: 2018-05-19 10:35\nTags: conference, pycon\nAuthors: Julian\n\nText.\n", "r.md")
    assert about is not None and (about.title, about.authors, about.tags) == ("PyCon 2018", ("Julian",), ("conference", "pycon"))
    assert body == "Text.\n"


def test_text_that_only_looks_like_a_header_is_left_alone() -> None:
    text = "Note: this was a long week\n\nWe went to a conference.\n"
    assert split(text, "r.txt") == (None, text)
    assert split("No front matter here.\n", "r.md") == (None, "No front matter here.\n")


def test_broken_toml_names_the_file() -> None:
    with pytest.raises(ReportError, match="r.md: front matter is not valid TOML"):
        split('+++\ntitle = "unclosed\n+++\nx\n', "r.md")


def test_pelican_report_reads_title_date_and_author(write_report: Write, tmp_path: Path) -> None:
    path = write_report("p.md", "Title: PyCon 2018 - My First PyCon\nDate: 2018-05-19 10:35\nAuthors: Julian\n\n# Talks\n\nGreat.\n")
    doc = read_document(path, tmp_path / "corpus")
    assert (doc.title, doc.date, doc.authors, doc.author) == ("PyCon 2018 - My First PyCon", dt.date(2018, 5, 19), ("Julian",), "Julian")
    assert doc.body.startswith("# Talks")


def test_a_question_naming_an_author_only_in_front_matter_finds_the_report(
    write_report: Write, tmp_path: Path, fake_encoder: FakeEncoder
) -> None:
    write_report("a.md", "---\ntitle: Berlin Buzzwords\nauthor: Alice Kaerast\ntags: [kafka]\n---\n# Security\n\nStart with Kerberos.\n")
    write_report("b.md", "---\ntitle: QCon\nauthor: Rune Offerdal\n---\n# Culture\n\nTeams and trends.\n")
    build_corpus(tmp_path / "corpus", tmp_path / "index", lambda: fake_encoder, FakeEncoder.name, progress=False)
    searcher = Searcher(open_index(tmp_path / "index"), fake_encoder)
    result = searcher.search("what did kaerast write about?")
    assert not result.no_answer and result.hits[0].chunk.source == "a.md"
    assert result.hits[0].chunk.authors == ("Alice Kaerast",)
    assert "kaerast" in searcher.index.vocabulary  # known vocabulary: not "corrected" or declined as unknown
