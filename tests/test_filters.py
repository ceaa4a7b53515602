import datetime as dt
from collections.abc import Callable
from pathlib import Path

from embeddings.pipeline import build_corpus
from embeddings.filters import Filters, parse_filters
from embeddings.index import open_index
from embeddings.models import Chunk
from embeddings.search import Searcher
from tests.conftest import FakeEncoder

Write = Callable[[str, str], Path]


def chunk(title: str, date: dt.date | None, event: str | None = None, source: str = "a.md") -> Chunk:
    return Chunk(id=f"{source}#0", source=source, title=title, headings=(), text="t", date=date, event=event)


def test_filters_are_taken_out_of_the_question() -> None:
    assert parse_filters('security year:2015 event:DevOpsCon in:"DockerCon EU" now') == (
        "security now", Filters(year=2015, event="DevOpsCon", report="DockerCon EU"),
    )
    assert parse_filters("no filters here: really") == ("no filters here: really", Filters())
    assert parse_filters("year:soon security")[0] == "year:soon security"  # not a year: left as words


def test_filters_match_year_event_and_report_loosely() -> None:
    dc = chunk("Impressions from DockerCon 2015", dt.date(2015, 12, 8), event="DockerCon EU", source="blog/2015-12-08-dc.md")
    assert Filters(year=2015).matches(dc) and not Filters(year=2016).matches(dc)
    assert Filters(event="dockercon-eu").matches(dc) and not Filters(event="devopscon").matches(dc)
    assert Filters(report="2015-12-08-dc").matches(dc) and Filters(report="impressions from").matches(dc)
    assert not Filters(year=2015).matches(chunk("undated", None))


def test_search_only_returns_passages_that_pass_the_filters(write_report: Write, tmp_path: Path, fake_encoder: FakeEncoder) -> None:
    write_report("a.md", "---\ntitle: DockerCon\ndate: 2015-12-08\n---\n# Security\n\nDocker security scans.\n")
    write_report("b.md", "---\ntitle: DevOpsCon\ndate: 2016-06-01\n---\n# Security\n\nSecurity in pipelines.\n")
    build_corpus(tmp_path / "corpus", tmp_path / "index", lambda: fake_encoder, FakeEncoder.name, progress=False)
    searcher = Searcher(open_index(tmp_path / "index"), fake_encoder)
    result = searcher.search("security year:2016", k=3)
    assert [h.chunk.title for h in result.hits] == ["DevOpsCon"]
    assert result.filters == "year 2016" and result.query == "security"
    nothing = searcher.search("security year:2001")
    assert nothing.no_answer and nothing.hits == ()


def test_filters_work_on_an_hnsw_index_too(write_report: Write, tmp_path: Path, fake_encoder: FakeEncoder) -> None:
    write_report("a.md", "---\ntitle: DockerCon\ndate: 2015-12-08\n---\n# Security\n\nDocker security scans.\n")
    write_report("b.md", "---\ntitle: DevOpsCon\ndate: 2016-06-01\n---\n# Security\n\nSecurity in pipelines.\n")
    build_corpus(tmp_path / "corpus", tmp_path / "index", lambda: fake_encoder, FakeEncoder.name, progress=False, index_type="hnsw")
    searcher = Searcher(open_index(tmp_path / "index"), fake_encoder)
    assert searcher.index.manifest.index_type == "hnsw"
    assert [h.chunk.title for h in searcher.search("security year:2015", k=3).hits] == ["DockerCon"]
