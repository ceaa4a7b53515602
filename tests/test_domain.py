"""The reports' world, read from the reports' own words against general English."""

from pathlib import Path
from collections.abc import Callable

from embeddings.index.vocabulary import Vocabulary
from embeddings.pipeline import build_corpus
from embeddings.index import open_index
from embeddings.search import Model, Searcher, SearchOptions
from embeddings.search.domain import CLIP, Domain
from tests.conftest import FakeEncoder

Write = Callable[[str, str], Path]

REPORT = (
    "Our test suite took forty minutes. To keep it fast we split the integration tests across runners and cached the "
    "containers. Flaky tests are quarantined; the suite now runs in eight minutes on every pull request. "
    "We ingest the logs with Flume into Kafka and run the integration tests against the pipeline."
)


def domain_of(text: str) -> Domain:
    return Domain(Vocabulary.build([text]))


def test_words_the_reports_use_far_more_than_english_are_in_their_world() -> None:
    domain = domain_of(REPORT)
    assert domain.keyness("suite") > 0 and domain.keyness("flume") > 0
    assert domain.keyness("tests") == domain.keyness("test")  # one stem
    assert domain.keyness("passport") == -CLIP  # no report says it


def test_a_question_in_the_domain_scores_above_one_outside_it() -> None:
    domain = domain_of(REPORT)
    inside = domain.score(("big", "test", "suite", "fast"), (0.2, 0.4, 0.6, 0.2))
    outside = domain.score(("renew", "passport"), (0.5, 0.7))
    assert inside > 0 > outside
    assert domain.score((), ()) == -CLIP


def test_a_question_in_the_reports_world_gets_the_closest_passages_not_the_flat_decline(
    write_report: Write, tmp_path: Path, fake_encoder: FakeEncoder
) -> None:
    write_report("ci.md", f"# Faster builds\n\n{REPORT}\n")
    write_report("other.md", "# Keynote\n\nThe keynote was about platform teams and developer experience.\n")
    build_corpus(tmp_path / "corpus", tmp_path / "index", lambda: fake_encoder, FakeEncoder.name, progress=False)
    # Every confidence falls under "nothing close" and no cosine is near: only the domain tells them apart.
    model = Model(answer_threshold=0.999, nothing_close=0.999, near_cosine=1.1, domain_threshold=-1.0)
    searcher = Searcher(open_index(tmp_path / "index"), fake_encoder, SearchOptions(confidence=model))
    inside = searcher.search("any advice on keeping a big test suite fast?")
    assert inside.no_answer and inside.outcome == "low_confidence" and inside.hits
    outside = searcher.search("how do i renew my passport")
    assert outside.no_answer and outside.outcome == "nothing_close" and outside.hits == ()


def test_the_flat_decline_needs_all_three_signs() -> None:
    model = Model(nothing_close=0.3, near_cosine=0.6, domain_threshold=-0.2)
    assert model.nothing_close_for(0.1, 0.4, -1.0)
    assert not model.nothing_close_for(0.1, 0.4, 0.5)  # in the reports' world
    assert not model.nothing_close_for(0.1, 0.7, -1.0)  # a passage near in meaning
    assert not model.nothing_close_for(0.5, 0.4, -1.0)  # close enough
