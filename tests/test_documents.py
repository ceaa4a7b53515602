import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from embeddings.documents.reader import discover, read_corpus, read_document
from embeddings.errors import ReportError

Write = Callable[[str, str], Path]


def test_discovers_reports_recursively_but_not_readmes_or_other_files(write_report: Write, tmp_path: Path) -> None:
    for name in ("a.md", "sub/b.markdown", "sub/deeper/c.txt", "README.md", "notes.pdf", ".hidden/d.md", "_config.yml"):
        write_report(name, "x")
    found = [p.relative_to(tmp_path / "corpus").as_posix() for p in discover(tmp_path / "corpus")]
    assert found == ["a.md", "sub/b.markdown", "sub/deeper/c.txt"]


def test_front_matter_gives_title_date_url_event_and_tags(write_report: Write, tmp_path: Path) -> None:
    path = write_report(
        "r.md",
        "---\ntitle: DockerCon EU\ndate: 2015-11-17\nurl: https://example.com/dc\nevent: DockerCon\ntags: [docker, eu]\n---\n# Day one\ntext\n",
    )
    doc = read_document(path, tmp_path / "corpus")
    assert (doc.title, doc.date, doc.url, doc.event, doc.tags) == (
        "DockerCon EU", dt.date(2015, 11, 17), "https://example.com/dc", "DockerCon", ("docker", "eu"),
    )
    assert doc.format == "markdown" and doc.body.startswith("# Day one")


def test_plain_text_title_is_its_first_line_and_not_part_of_the_text(write_report: Write, tmp_path: Path) -> None:
    doc = read_document(write_report("r.txt", "My Report\n\nBody here.\n"), tmp_path / "corpus")
    assert (doc.title, doc.format, doc.url) == ("My Report", "text", None)
    assert "My Report" not in doc.body


def test_a_txt_file_with_front_matter_is_markdown(write_report: Write, tmp_path: Path) -> None:
    doc = read_document(write_report("r.txt", "---\ntitle: T\n---\n# Heading\nbody\n"), tmp_path / "corpus")
    assert doc.format == "markdown" and doc.title == "T"


def test_markdown_without_title_uses_its_first_heading(write_report: Write, tmp_path: Path) -> None:
    assert read_document(write_report("r.md", "intro\n\n## The Talk\n"), tmp_path / "corpus").title == "The Talk"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "is empty"),
        (b"  \n\n", "is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "binary"),
        (b"caf\xe9 au lait", "not UTF-8"),
        (b"---\ntitle: [unclosed\n---\nbody\n", "front matter is not valid YAML"),
        (b"---\n- a list\n---\nbody\n", "must be a YAML mapping"),
        (b"---\ntitle: only front matter\n---\n", "no text"),
    ],
)
def test_unusable_files_raise_a_report_error_naming_the_file(tmp_path: Path, content: bytes, reason: str) -> None:
    (tmp_path / "bad.md").write_bytes(content)
    with pytest.raises(ReportError, match=reason) as caught:
        read_document(tmp_path / "bad.md", tmp_path)
    assert "bad.md" in str(caught.value)


def test_read_corpus_reports_bad_files_and_goes_on(write_report: Write, tmp_path: Path) -> None:
    write_report("a.md", "---\ntitle: [oops\n---\ntext")
    write_report("b.md", "# Fine\ntext")
    items = list(read_corpus(tmp_path / "corpus"))
    assert isinstance(items[0], ReportError) and items[1].title == "Fine"  # type: ignore[union-attr]


def test_jekyll_posts_get_their_site_url_and_file_name_date(write_report: Write, tmp_path: Path) -> None:
    write_report("blog/_config.yml", "url: http://work.haufegroup.io\npermalink: /:title/\n")
    doc = read_document(write_report("blog/_posts/2018-6-25-blockchain_lab.md", "---\ntitle: B\n---\ntext"), tmp_path / "corpus")
    assert doc.url == "http://work.haufegroup.io/blockchain_lab/"
    assert doc.date == dt.date(2018, 6, 25)
    assert doc.source == "blog/_posts/2018-6-25-blockchain_lab.md"


def test_front_matter_url_wins_over_the_jekyll_one(write_report: Write, tmp_path: Path) -> None:
    write_report("blog/_config.yml", "url: http://work.haufegroup.io\n")
    path = write_report("blog/_posts/2018-06-25-x.md", "---\nurl: https://elsewhere.io/x\n---\ntext")
    assert read_document(path, tmp_path / "corpus").url == "https://elsewhere.io/x"
