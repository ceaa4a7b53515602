from collections.abc import Callable
from pathlib import Path

import pytest

from embeddings.pipeline import build_corpus
from embeddings.errors import IndexMismatch
from embeddings.index import open_index
from bot.answering.query import normalize_query
from embeddings.search import Model, QueryError, Searcher, SearchOptions
from embeddings.config import DEFAULT_MODEL
from tests.conftest import FakeEncoder

Write = Callable[[str, str], Path]

DRAFT = "We met some guys from Zalando who showed the project STUPS, a facade for running a PaaS on AWS with Docker."


def searcher_for(tmp_path: Path, encoder: FakeEncoder) -> Searcher:
    build_corpus(tmp_path / "corpus", tmp_path / "index", lambda: encoder, FakeEncoder.name, progress=False)
    return Searcher(open_index(tmp_path / "index"), encoder)


def test_best_passage_comes_first_with_its_citation(write_report: Write, tmp_path: Path, fake_encoder: FakeEncoder) -> None:
    write_report("dc.md", f"---\ntitle: DockerCon\nurl: https://blog.io/dc/\n---\n# Inbetween\n\n{DRAFT}\n\n# Day one\n\nKeynote news about security.\n")
    write_report("ml.md", "# ML Lab\n\nWe trained models on SageMaker.\n")
    result = searcher_for(tmp_path, fake_encoder).search("what did Zalando show?", k=2)
    top = result.hits[0]
    assert (top.rank, top.chunk.title, top.chunk.heading, top.chunk.url) == (1, "DockerCon", "Inbetween", "https://blog.io/dc/#inbetween")
    assert "STUPS" in top.chunk.text
    assert result.hits[0].score >= result.hits[1].score
    assert not result.no_answer and result.took_ms > 0


def test_a_passage_repeated_in_two_reports_is_shown_once(write_report: Write, tmp_path: Path, fake_encoder: FakeEncoder) -> None:
    write_report("draft.md", f"# Things inbetween\n\n{DRAFT}\n")
    write_report("post.md", f"# Things inbetween\n\n{DRAFT} (To be continued)\n")
    write_report("other.md", "# Other\n\nZalando was also at another event with different news.\n")
    searcher = searcher_for(tmp_path, fake_encoder)
    assert searcher.index.manifest.chunk_count == 3  # both copies are indexed...
    hits = searcher.search("Zalando STUPS", k=3).hits
    assert sum("STUPS" in h.chunk.text for h in hits) == 1  # ...but answered once
    assert [h.rank for h in hits] == [1, 2]


def test_empty_or_markup_only_questions_are_refused(write_report: Write, tmp_path: Path, fake_encoder: FakeEncoder) -> None:
    write_report("a.md", "# A\n\ntext\n")
    searcher = searcher_for(tmp_path, fake_encoder)
    for question in ("", "   ", "🎉🎉", "?!"):
        with pytest.raises(QueryError):
            searcher.search(question)


def test_huge_questions_are_cut_to_a_searchable_size(write_report: Write, tmp_path: Path, fake_encoder: FakeEncoder) -> None:
    write_report("a.md", "# A\n\nZalando text\n")
    result = searcher_for(tmp_path, fake_encoder).search("Zalando " * 5000)
    assert len(result.query) <= 1000 and result.hits


def test_slack_markup_is_removed_from_questions() -> None:
    assert normalize_query("<@U024BE7LH> what about <https://stups.io|STUPS> in <#C1|general>?") == "what about STUPS in general?"


def test_searcher_refuses_an_index_from_another_model(write_report: Write, tmp_path: Path, fake_encoder: FakeEncoder) -> None:
    write_report("a.md", "# A\n\ntext\n")
    searcher = searcher_for(tmp_path, fake_encoder)

    class OtherModel(FakeEncoder):
        fingerprint = "something-else"

    with pytest.raises(IndexMismatch, match="rebuild"):
        Searcher(searcher.index, OtherModel())


@pytest.mark.slow
def test_real_model_finds_the_stups_passage_for_zalando(seeds_index: Path, real_encoder) -> None:  # type: ignore[no-untyped-def]
    searcher = Searcher(open_index(seeds_index, expect_model=DEFAULT_MODEL), real_encoder)
    result = searcher.search("what did Zalando show?")
    top = result.hits[0].chunk
    assert "STUPS" in top.text
    assert top.url == "http://work.haufegroup.io/DockerCon-EU-2015/#things-inbetween"
    assert not result.no_answer


def test_questions_about_things_no_report_mentions_are_declined_in_any_case(
    write_report: Write, tmp_path: Path, fake_encoder: FakeEncoder
) -> None:
    write_report("dc.md", f"# Inbetween\n\n{DRAFT}\n")
    searcher = searcher_for(tmp_path, fake_encoder)
    for question in ("what did mailchimp present?", "what did Mailchimp present?", "any tips for learning the ukulele?"):
        declined = searcher.search(question)
        assert declined.no_answer and declined.outcome == "nothing_close" and declined.hits == ()
        assert declined.confidence < 0.2
    answered = searcher.search("what did Zalando show about Docker?")
    assert not answered.no_answer and answered.outcome == "answer" and answered.confidence > 0.5
    top = answered.hits[0]
    assert top.dense is not None and top.lexical is not None and top.coverage == 1.0 and top.answers


def test_a_draft_and_its_published_copy_are_shown_once_with_the_link(
    write_report: Write, tmp_path: Path, fake_encoder: FakeEncoder
) -> None:
    write_report("draft.md", f"# Things inbetween\n\n{DRAFT}\n")
    write_report("post.md", f"---\ntitle: DockerCon\nurl: https://blog.io/dc/\n---\n# Things inbetween\n\n{DRAFT}\n")
    hits = searcher_for(tmp_path, fake_encoder).search("what did Zalando show?", k=3).hits
    assert [h.chunk.url for h in hits if "STUPS" in h.chunk.text] == ["https://blog.io/dc/#things-inbetween"]


def test_misspelt_names_are_searched_corrected(write_report: Write, tmp_path: Path, fake_encoder: FakeEncoder) -> None:
    write_report("dc.md", f"# Inbetween\n\n{DRAFT}\n")
    write_report("other.md", "# Other\n\nSomething else entirely about show business.\n")
    result = searcher_for(tmp_path, fake_encoder).search("what did Zalndo show?")
    assert result.corrected_query == "what did Zalando show?" and result.query == "what did Zalndo show?"
    assert "STUPS" in result.hits[0].chunk.text and not result.no_answer


@pytest.mark.slow
def test_real_model_corrects_typos_and_declines_the_unanswerable(seeds_index: Path, real_encoder) -> None:  # type: ignore[no-untyped-def]
    searcher = Searcher(open_index(seeds_index), real_encoder)
    typo = searcher.search("what did Zalndo show?")
    assert typo.corrected_query == "what did Zalando show?" and "STUPS" in typo.hits[0].chunk.text
    assert searcher.search("what did they say about Kubernetes 1.28?").no_answer
    assert searcher.search("Did Mesosphre present anything?").corrected_query == "Did Mesosphere present anything?"


def test_a_passage_only_bm25_finds_is_fused_with_its_real_cosine(
    write_report: Write, tmp_path: Path, fake_encoder: FakeEncoder
) -> None:
    # Dense retrieval takes only its best two candidates here: the passage naming Boxfuse is not among them, and
    # fused as if its cosine were 0 it fell below passages that share only "conference" and "demo" with the question.
    write_report("qcon.md", "# QCon\n\nAxel of Boxfuse showed machine images on AWS in a live talk with a small team.\n")
    for n in range(4):
        write_report(f"other{n}.md", f"# Talk {n}\n\nNotes from the conference, talk number {n}: a demo of what the day brought.\n")
    build_corpus(tmp_path / "corpus", tmp_path / "index", lambda: fake_encoder, FakeEncoder.name, progress=False)
    options = SearchOptions(candidates=2)
    searcher = Searcher(open_index(tmp_path / "index"), fake_encoder, options)
    hits = searcher.search("what did the Boxfuse guy demo at the conference?", k=3).hits
    assert any("Boxfuse" in h.chunk.text for h in hits[:2])


def test_a_compound_counts_only_where_its_words_stand_together(
    write_report: Write, tmp_path: Path, fake_encoder: FakeEncoder
) -> None:
    write_report("kafka.md", "# Kafka\n\nKafka streams at scale: exactly what we needed, and processing once a day.\n")
    write_report("flink.md", "# Flink\n\nFlink gives exactly once processing of streams.\n")
    searcher = searcher_for(tmp_path, fake_encoder)
    evidence = searcher.evidence("exactly-once processing of kafka streams", k=2)
    # Written as two words, it is in the reports: not missing.
    assert "exactly-once" in evidence.question.words and evidence.question.missing == 0.0
    # The Kafka passage has every word of the question, but "exactly" and "once" apart do not say exactly-once.
    assert next(h.coverage for h in evidence.hits if h.chunk.title == "Kafka") < 1.0


def test_passages_of_a_report_named_only_in_its_front_matter_are_ranked_by_their_cosine(
    write_report: Write, tmp_path: Path, fake_encoder: FakeEncoder
) -> None:
    # None of either retriever's two best candidates is Jane Roe's: her passages come in only because the question names
    # her, and must then be ordered by what they say, not all alike.
    write_report("jane.md", "---\ntitle: Notes\nauthor: Jane Roe\n---\n# Hello\n\nA welcome note.\n\n# Store\n\nWe kept sessions in a shared store.\n")
    for n in range(3):
        write_report(f"other{n}.md", f"# Sessions {n}\n\nSessions, sessions: talk sessions all day, and sessions again.\n")
    build_corpus(tmp_path / "corpus", tmp_path / "index", lambda: fake_encoder, FakeEncoder.name, progress=False)
    searcher = Searcher(open_index(tmp_path / "index"), fake_encoder, SearchOptions(candidates=2))
    hits = searcher.evidence("jane roe on sessions", k=3).hits
    janes = [h.chunk.heading for h in hits if h.chunk.source.endswith("jane.md")]
    assert janes[0] == "Store"


def test_passages_near_in_meaning_are_shown_even_when_confidence_is_very_low(
    write_report: Write, tmp_path: Path, fake_encoder: FakeEncoder
) -> None:
    write_report("hack.md", "# Day two\n\nWe stayed until three in the morning: seventeen hours of coding at the hackathon.\n")
    build_corpus(tmp_path / "corpus", tmp_path / "index", lambda: fake_encoder, FakeEncoder.name, progress=False)
    # Every confidence falls under "nothing close" here; only the cosine tells the two questions apart.
    model = Model(answer_threshold=0.999, nothing_close=0.999, near_cosine=0.5)
    searcher = Searcher(open_index(tmp_path / "index"), fake_encoder, SearchOptions(confidence=model))
    near = searcher.search("how many hours of coding at the hackathon in a row")
    assert near.no_answer and near.outcome == "low_confidence" and near.hits
    far = searcher.search("ukulele lessons")
    assert far.no_answer and far.outcome == "nothing_close" and far.hits == ()
