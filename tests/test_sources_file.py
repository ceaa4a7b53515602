from pathlib import Path

import pytest

from embeddings.config import Settings
from embeddings.errors import EmbeddingsError
from embeddings.index import IndexStore
from embeddings.sources import (
    FeedSource, FolderSource, GitSource, PageSource, SitemapSource, SourcesFileError, configured_sources,
    Source, load_sources_file, parse_sources,
)
from embeddings.sync import BuildSummary, update
from tests.conftest import FakeEncoder

EXAMPLE = """\
- folder: corpus/                                  # .md .markdown .txt .html .htm, recursively
- page: https://kreuzwerker.de/post/dockercon-europe-2014
- feed: https://blog.example.com/feed.xml
- sitemap: https://blog.example.com/sitemap.xml
  include: "/20[0-9][0-9]/"
- git: https://github.com/example/blog.git
  branch: main
"""


def test_the_documented_example_reads_as_one_source_per_entry(tmp_path: Path) -> None:
    sources = parse_sources(EXAMPLE, "sources.yml", tmp_path)
    assert sources == [
        FolderSource(tmp_path / "corpus/", name="corpus/"),
        PageSource("https://kreuzwerker.de/post/dockercon-europe-2014"),
        FeedSource("https://blog.example.com/feed.xml"),
        SitemapSource("https://blog.example.com/sitemap.xml", include="/20[0-9][0-9]/"),
        GitSource("https://github.com/example/blog.git", branch="main"),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- folder: corpus/\n- pgae: https://x.org/a\n", r"sources.yml, line 2: a source needs exactly one of folder:, page:"),
        ("- feed: https://x.org/f.xml\n  branch: main\n", r"line 1: unknown option 'branch' for feed"),
        ("- page: ftp://x.org/a\n", r"line 1: 'ftp://x.org/a' is not an http\(s\) URL"),
        ("- sitemap: https://x.org/s.xml\n  include: '(unclosed'\n", r"line 1: include: '\(unclosed' is not a regular expression"),
        ("- page: https://x.org/a\n- page: [oops\n", r"line 2: not valid YAML"),
        ("folder: corpus/\n", r"line 1: expected a list of sources"),
        ("- page:\n", r"line 1: expected a value here"),
        ("- page: https://x.org/a\n- page: https://x.org/a\n", r"line 2: page: https://x.org/a is listed twice"),
        ("", r"lists no sources"),
    ],
)
def test_a_broken_sources_file_is_a_clear_error_naming_the_line(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(SourcesFileError, match=message):
        parse_sources(text, "sources.yml", tmp_path)


def test_sources_yml_in_the_working_folder_is_used_when_present_else_corpus_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    settings = Settings(_env_file=None, corpus_dir=tmp_path / "reports")  # type: ignore[call-arg]
    assert configured_sources(settings) == [FolderSource(tmp_path / "reports")]
    (tmp_path / "sources.yml").write_text("- feed: https://blog.example.com/feed.xml\n")
    assert configured_sources(settings) == [FeedSource("https://blog.example.com/feed.xml")]
    (tmp_path / "other.yml").write_text("- page: https://blog.example.com/a\n")
    settings = Settings(_env_file=None, sources_file=tmp_path / "other.yml")  # type: ignore[call-arg]
    assert configured_sources(settings) == [PageSource("https://blog.example.com/a")]


@pytest.mark.parametrize(("value", "seconds"), [("3600", 3600.0), ("90s", 90.0), ("30m", 1800.0), ("1h", 3600.0), ("0", 0.0)])
def test_sync_interval_takes_units(value: str, seconds: float, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SYNC_INTERVAL", value)
    assert Settings(_env_file=None).sync_interval == seconds  # type: ignore[call-arg]


def test_a_relative_folder_is_read_from_the_sources_files_folder_and_a_missing_one_says_where_it_looked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake_encoder: FakeEncoder
) -> None:
    (tmp_path / "config").mkdir()
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "a.md").write_text("# A\n\nSome text.\n")
    sources_file = tmp_path / "config" / "sources.yml"
    sources_file.write_text("- folder: ../reports\n- folder: reports\n")
    monkeypatch.chdir(tmp_path)  # where `reports` would be if it were relative to the working folder
    found, missing = load_sources_file(sources_file)
    assert sync_into(tmp_path / "index", [found], fake_encoder).reports == 1
    with pytest.raises(EmbeddingsError) as error:
        sync_into(tmp_path / "index", [missing], fake_encoder)
    message = str(error.value)
    assert f"{sources_file}, line 2: folder: reports does not exist (looked for {tmp_path / 'config' / 'reports'})" in message
    assert "relative to the sources file's folder" in message


def test_corpus_dir_that_is_a_file_or_missing_is_named_with_its_resolved_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake_encoder: FakeEncoder
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.md").write_text("# Notes\n\nText.\n")
    settings = Settings(_env_file=None, corpus_dir=Path("notes.md"))  # type: ignore[call-arg]
    with pytest.raises(EmbeddingsError, match=r"CORPUS_DIR notes.md is a file, not a folder \(.*/notes.md\); set CORPUS_DIR to"):
        sync_into(tmp_path / "index", configured_sources(settings), fake_encoder)
    settings = Settings(_env_file=None, corpus_dir=Path("reprots"))  # type: ignore[call-arg]
    with pytest.raises(EmbeddingsError, match=rf"CORPUS_DIR reprots does not exist \(looked for {tmp_path}/reprots\)"):
        sync_into(tmp_path / "index", configured_sources(settings), fake_encoder)
    (corpus,) = configured_sources(settings, corpus=Path("notes.md"))
    assert corpus.problem() == f"--corpus notes.md is a file, not a folder ({tmp_path / 'notes.md'}); give --corpus the folder that holds the reports"


def sync_into(index: Path, sources: list[Source], encoder: FakeEncoder) -> BuildSummary:
    return update(sources, IndexStore(index), lambda: encoder, FakeEncoder.name)[0]
