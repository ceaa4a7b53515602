from bot.answering.answers import to_answer
from embeddings.models import Chunk, Hit, SearchResult


def hit(rank: int, confidence: float, answers: bool) -> Hit:
    chunk = Chunk(id=f"r.md#{rank}", source="r.md", title="Report", headings=(f"S{rank}",), text=f"passage {rank}")
    return Hit(rank=rank, score=1.0 / rank, chunk=chunk, confidence=confidence, answers=answers)


def result(*hits: Hit, no_answer: bool = False) -> SearchResult:
    return SearchResult(query="q", took_ms=1.0, no_answer=no_answer, hits=hits, confidence=hits[0].confidence if hits else 0.0)


def test_a_second_or_third_passage_is_shown_only_when_it_answers_on_its_own() -> None:
    answer = to_answer(result(hit(1, 0.9, True), hit(2, 0.1, False), hit(3, 0.8, True)))
    assert [p.chunk_id for p in answer.passages] == ["r.md#1", "r.md#3"]
    assert answer.outcome == "answer" and not answer.no_answer and answer.confidence == 0.9


def test_more_results_shows_the_rest_whatever_their_confidence() -> None:
    answer = to_answer(result(hit(1, 0.9, True), hit(2, 0.1, False), hit(3, 0.2, False)), offset=1)
    assert [p.chunk_id for p in answer.passages] == ["r.md#2", "r.md#3"]


def test_low_confidence_lists_the_closest_passages_and_nothing_close_none() -> None:
    low = to_answer(result(hit(1, 0.3, False), hit(2, 0.2, False), no_answer=True))
    assert low.outcome == "low_confidence" and low.no_answer and len(low.passages) == 2
    nothing = to_answer(result(no_answer=True))
    assert nothing.outcome == "nothing_close" and nothing.no_answer and nothing.passages == ()


def test_the_console_shows_the_same_three_outcomes() -> None:
    from embeddings.catalogue import Coverage
    from bot.serve.console import render_terminal

    coverage = Coverage(reports=2, first_year=2014, last_year=2015, examples=(), questions=("what was said about STUPS?",))
    answered = render_terminal(to_answer(result(hit(1, 0.9, True))), coverage)
    assert "1. Report › S1" in answered and "Nothing in the reports" not in answered
    low = render_terminal(to_answer(result(hit(1, 0.3, False), no_answer=True)), coverage)
    assert low.startswith("Nothing in the reports answers this directly. Closest passages:") and "│ passage 1" in low
    nothing = render_terminal(to_answer(result(no_answer=True)), coverage)
    assert nothing.startswith("The reports don't cover this.") and "“what was said about STUPS?”" in nothing
    assert "│" not in nothing
