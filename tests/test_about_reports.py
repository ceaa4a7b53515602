"""Questions about the reports themselves: who wrote them, when, where, which, editions nobody wrote up, events
no report covers; answered from the catalogue, on small corpora and on the Haufe dev corpus."""

from collections.abc import Callable
from pathlib import Path

import pytest

from embeddings.config import DEFAULT_MODEL
from embeddings.index import open_index
from embeddings.pipeline import build_corpus
from embeddings.search import Searcher
from embeddings.search.statements import statement
from tests.conftest import SHARED, FakeEncoder

Write = Callable[[str, str], Path]


@pytest.fixture
def searcher(tmp_path: Path, write_report: Write, fake_encoder: FakeEncoder) -> Searcher:
    write_report("2015-12-07-devopscon.md", "---\ntitle: Impressions from DevOpsCon 2015\nsubtitle: Notes from DevOpsCon 2015 in Munich\nauthor: Rainer Zehnle\ntags: [docker]\n---\n# Keynote\n\nContainers everywhere in the keynote.\n")
    write_report("2017-05-30-strata.md", "---\ntitle: State of Data - Strata 2017 perspective\nsubtitle: Impressions from Strata Data 2017 in London\nauthors: [Jerzy Kott, Ann Example]\n---\n# Streaming\n\nKafka and Flink were the talk of the show.\n")
    write_report("kubecon.md", "---\ntitle: Takeaways from attending KubeCon+CloudNativeCon Europe 2023\ndate: 2023-05-06\nauthor_name: Kristina Devochko\n---\nKubeCon+CloudNativeCon Europe was happening in Amsterdam and it was huge.\n")
    build_corpus(tmp_path / "corpus", tmp_path / "index", lambda: fake_encoder, fake_encoder.name, progress=False)
    return Searcher(open_index(tmp_path / "index"), fake_encoder)


def said(searcher: Searcher, question: str) -> str:
    return " ".join(statement(f) for f in searcher.search(question).facts)


def test_who_wrote_names_the_authors_from_front_matter(searcher: Searcher) -> None:
    assert "written by Rainer Zehnle, 7 Dec 2015" in said(searcher, "who went to devopscon?")
    assert "written by Jerzy Kott, Ann Example" in said(searcher, "who wrote up strata")
    assert "Kristina Devochko" in said(searcher, "who went to kubecon eu")  # author_name, and EU is Europe


def test_when_and_where_come_from_dates_titles_and_text(searcher: Searcher) -> None:
    assert "written 30 May 2017" in said(searcher, "when was strata?")
    assert "took place in Munich" in said(searcher, "where was devopscon 2015 held?")
    assert "took place in Amsterdam" in said(searcher, "where was kubecon + cloudnativecon europe?")


def test_which_lists_by_tag_person_and_year(searcher: Searcher) -> None:
    assert "Impressions from DevOpsCon 2015" in said(searcher, "which reports are tagged docker?")
    assert "State of Data" in said(searcher, "what did jerzy kott write about")
    listed = said(searcher, "which conferences did we cover in 2023")
    assert "KubeCon" in listed and "Strata" not in listed


def test_an_edition_nobody_wrote_up_is_declined_with_the_editions_that_exist(searcher: Searcher) -> None:
    result = searcher.search("takeaways from devopscon 2016?")
    assert result.no_answer and not result.hits
    assert said(searcher, "takeaways from devopscon 2016?").startswith("No report on devopscon 2016. Written up: DevOpsCon 2015")
    assert said(searcher, "anything from kubecon north america?").startswith("No report on kubecon north america")


def test_an_event_no_report_covers_is_declined_naming_it(searcher: Searcher) -> None:
    result = searcher.search("gophercon notes?")
    assert result.no_answer and not result.hits and said(searcher, "gophercon notes?") == "No report covers gophercon."
    assert said(searcher, "did anyone write up Strange Loop?") == "No report covers Strange Loop."


def test_an_event_is_named_by_its_shape_and_context_even_after_the(searcher: Searcher) -> None:
    assert said(searcher, "any takeaways from the Snowflake Summit?") == "No report covers Snowflake Summit."
    assert said(searcher, "any notes from the godot engine meetup") == "No report covers godot engine meetup."
    assert said(searcher, "did anyone go to fosdem?") == "No report covers fosdem."
    assert said(searcher, "fosdem takeaways") == "No report covers fosdem."
    assert said(searcher, "what were the highlights of neurips 2019") == "No report covers neurips."


def test_words_that_are_not_events_are_not_called_events(searcher: Searcher) -> None:
    for question in (
        "what did atlassian demo about jira automation", "recommend a book about stoicism", "stoicism for engineers",
        "did anyone see the talk from Airbnb about their design system?", "what did Jira announce?",
        "how long was the rail trip to the Polish Java conference?", "at the Japanese carmaker, who stops the line?",
    ):
        assert not any(f.kind == "unknown_event" for f in searcher.search(question).facts), question
    assert said(searcher, "any notes from the gophercon talks") == "No report covers gophercon."


def test_an_edition_that_exists_is_answered_from_it(searcher: Searcher) -> None:
    result = searcher.search("what was in the devopscon 2015 keynote?")
    assert result.hits and all(h.chunk.source == "2015-12-07-devopscon.md" for h in result.hits)
    assert not result.facts


def test_a_question_about_something_else_gets_no_facts(searcher: Searcher) -> None:
    assert searcher.search("kafka and flink streaming").facts == ()


@pytest.fixture(scope="module")
def haufe(tmp_path_factory: pytest.TempPathFactory, real_encoder) -> Searcher:  # type: ignore[no-untyped-def]
    corpus = tmp_path_factory.mktemp("haufe") / "corpus"
    corpus.mkdir()
    (corpus / "haufe-blog").symlink_to(SHARED / "corpus" / "haufe-blog")
    (corpus / "seeds").symlink_to(SHARED / "seeds")
    index_dir = corpus.parent / "index"
    build_corpus(corpus, index_dir, lambda: real_encoder, DEFAULT_MODEL, progress=False)
    return Searcher(open_index(index_dir), real_encoder)


@pytest.mark.slow
@pytest.mark.skipif(not (SHARED / "corpus" / "haufe-blog").is_dir(), reason="the Haufe dev corpus is not here")
def test_who_wrote_the_report_about_dockercon_2015_on_the_haufe_corpus(haufe: Searcher) -> None:
    result = haufe.search("who wrote the report about dockercon 2015?")
    (fact,) = result.facts
    assert fact.kind == "who"
    part_one = next(r for r in fact.reports if r.authors == ("Thomas Schuering",))
    assert part_one.url == "http://work.haufegroup.io/DockerCon-EU-2015/" and part_one.date.year == 2015
    assert all(2015 in (r.date.year if r.date else 2015,) for r in fact.reports)
    # The 2014 report is another edition: none of its passages is quoted.
    assert result.hits and all("000_" not in h.chunk.source for h in result.hits)


def test_editions_in_every_region_are_one_series(tmp_path: Path, write_report: Write, fake_encoder: FakeEncoder) -> None:
    write_report("2018-12-20-kubecon-na.md", "---\ntitle: KubeCon + CloudNativeCon North America 2018 recap\nauthor: Pat Example\n---\nSeattle was rainy.\n")
    write_report("2023-05-06-kubecon-eu.md", "---\ntitle: Takeaways from KubeCon Europe 2023\n---\nAmsterdam was sunny.\n")
    write_report("2019-06-30-kubecon-china.md", "---\ntitle: KubeCon China 2019\n---\nShanghai was hot.\n")
    write_report("2024-12-05-reinvent.md", "---\ntitle: re:Invent 2024 recap\n---\nLas Vegas again.\n")
    write_report("2016-10-01-devopsdays.md", "---\ntitle: devopsdays16 in Ghent\n---\nThe birthplace of devopsdays.\n")
    build_corpus(tmp_path / "corpus", tmp_path / "index", lambda: fake_encoder, fake_encoder.name, progress=False)
    searcher = Searcher(open_index(tmp_path / "index"), fake_encoder)
    listed = said(searcher, "which kubecon editions were written up?")
    assert "North America 2018" in listed and "Europe 2023" in listed and "China 2019" in listed
    assert "re:Invent 2024 recap" in said(searcher, "which reports cover re:invent?")
    assert "took place in Ghent" in said(searcher, "where was devopsdays 2016?")


def test_an_author_written_as_a_login_is_named_from_the_address(tmp_path: Path, write_report: Write, fake_encoder: FakeEncoder) -> None:
    write_report("2015-12-08-dockercon.md", "---\ntitle: Impressions from DockerCon 2015\nauthor: ThomasSc\nauthor_email: thomas.schuering@example.com\n---\nThe keynote.\n")
    write_report("2016-06-01-monitorama.md", "---\ntitle: Notes from Monitorama\nauthor: lionelgurret\nauthor_email: someone.else@example.com\n---\nGraphs.\n")
    build_corpus(tmp_path / "corpus", tmp_path / "index", lambda: fake_encoder, fake_encoder.name, progress=False)
    searcher = Searcher(open_index(tmp_path / "index"), fake_encoder)
    assert "written by Thomas Schuering" in said(searcher, "who wrote the report about dockercon 2015?")
    assert "written by lionelgurret" in said(searcher, "who went to monitorama?")
    assert "Impressions from DockerCon 2015" in said(searcher, "what did thomas schuering write?")
    [report] = [r for r in searcher.index.catalogue.reports if r.names == ("Thomas Schuering",)]
    assert report.authors == ("ThomasSc",)  # as written, for AUTHORS_FILE and the Ask buttons
