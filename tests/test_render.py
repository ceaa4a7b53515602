import datetime as dt
import json

from bot.answering.answers import Answer, Passage
from embeddings.catalogue import Coverage
from bot.render.mrkdwn import escape
from bot.render import MAX_BLOCKS, MESSAGE_CHARS_LIMIT, SECTION_TEXT_LIMIT, answer_message, usage_message
from embeddings.models import Link

COVERAGE = Coverage(
    reports=30, first_year=2014, last_year=2022, examples=("DockerCon EU 2015", "QCon NY"),
    questions=("what was said about Things inbetween?", "what was said about Keynote day 2?"),
)


def passage(excerpt: str = "Zalando showed STUPS.", **kw: object) -> Passage:
    fields: dict[str, object] = dict(
        title="DockerCon EU 2015", headings=("Things inbetween",), url="https://blog.io/dc/#things-inbetween",
        date=dt.date(2015, 12, 8), event="DockerCon EU", excerpt=excerpt, links=(), chunk_id="dc.md#3",
    )
    fields.update(kw)
    return Passage(**fields)  # type: ignore[arg-type]


def answer(*passages: Passage, question: str = "what did Zalando show?", no_answer: bool = False) -> Answer:
    return Answer(question=question, passages=passages, no_answer=no_answer, took_ms=12.0)


def sections(message_blocks: list[dict]) -> list[str]:
    return [b["text"]["text"] for b in message_blocks if b["type"] == "section"]


def test_each_passage_is_a_linked_title_a_date_line_and_a_quote() -> None:
    message = answer_message(answer(passage()), COVERAGE)
    assert sections(message.blocks) == [
        "*<https://blog.io/dc/#things-inbetween|DockerCon EU 2015 › Things inbetween>*\n"
        "_DockerCon EU · 8 Dec 2015_\n>Zalando showed STUPS."
    ]
    assert message.text.startswith("From the event reports, for “what did Zalando show?”:\n1. DockerCon EU 2015")


def test_passages_without_a_url_are_cited_by_title() -> None:
    message = answer_message(answer(passage(url=None, headings=())), COVERAGE)
    assert sections(message.blocks)[0].startswith("*DockerCon EU 2015*\n")


def test_links_inside_the_passage_become_slack_links() -> None:
    p = passage("The project STUPS is on github.", links=(Link("STUPS", "https://stups.io/"), Link("github", "https://github.com/zalando-stups")))
    text = sections(answer_message(answer(p), COVERAGE).blocks)[0]
    assert ">The project <https://stups.io/|STUPS> is on <https://github.com/zalando-stups|github>." in text


def test_report_text_is_escaped_and_can_never_ping() -> None:
    hostile = "Tom & Jerry <b>bold</b> <!channel> <!here> <!everyone> <!subteam^S123|devs> <@U123> @channel @here @everyone"
    message = answer_message(answer(passage(hostile, title="<!channel> title", headings=("<@U999>",))), COVERAGE)
    everything = json.dumps(message.blocks) + message.text
    for ping in ("<!channel>", "<!here>", "<!everyone>", "<!subteam", "<@U123>", "<@U999>", "@channel", "@here", "@everyone"):
        assert ping not in everything
    assert "Tom &amp; Jerry &lt;b&gt;bold&lt;/b&gt; &lt;!channel&gt;" in sections(message.blocks)[0]


def test_escape_is_idempotent_for_plain_words() -> None:
    assert escape("plain words") == "plain words"


def test_no_message_breaks_slack_limits_whatever_the_corpus_holds() -> None:
    huge = passage(("&<>" * 2000 + " word ") * 10, title="T" * 5000, headings=("H" * 5000,) * 5)
    message = answer_message(answer(*[huge] * 60, question="q" * 40_000), COVERAGE, restate=True, shareable=True)
    assert len(message.blocks) <= MAX_BLOCKS
    assert all(len(text) <= SECTION_TEXT_LIMIT for text in sections(message.blocks))
    assert message.size() <= MESSAGE_CHARS_LIMIT
    assert len(message.text) <= 3000
    assert message.blocks[-1]["type"] == "actions"  # the share button survives the trimming
    assert len(message.blocks[-1]["elements"][0]["value"]) <= 2000


def test_a_declined_question_says_so_plainly_with_no_quotes() -> None:
    message = answer_message(answer(no_answer=True), COVERAGE, shareable=True)
    (text,) = sections(message.blocks)
    assert text.startswith("The reports don't cover this.")
    assert "30 events from 2014 to 2022" in text and ">" not in text
    assert "“what was said about Things inbetween?”; “what was said about Keynote day 2?”" in text
    buttons = [e["action_id"] for b in message.blocks if b["type"] == "actions" for e in b["elements"]]
    assert buttons == ["feedback_up", "feedback_down"]  # nothing to share or page through, but feedback


def test_low_confidence_lists_the_closest_passages_under_a_plain_line() -> None:
    low = Answer(
        question="who won?", passages=(passage(),), no_answer=True, took_ms=1.0, confidence=0.2,
        outcome="low_confidence",
    )
    message = answer_message(low, COVERAGE)
    first, quoted = sections(message.blocks)
    assert first == "Nothing in the reports answers this directly. Closest passages:"
    assert "Zalando showed STUPS." in quoted
    assert message.text.startswith("Nothing in the reports answers this directly. Closest passages:\n1. ")


def test_corrected_queries_are_shown() -> None:
    a = Answer(question="Zalndo", passages=(passage(),), no_answer=False, took_ms=1.0, corrected_query="Zalando")
    blocks = answer_message(a, COVERAGE).blocks
    assert blocks[0]["elements"][0]["text"] == "Showing results for *Zalando*"


def test_usage_lists_every_way_to_ask() -> None:
    text = usage_message().text
    assert "/dockercon search" in text and "mention me" in text and "direct message" in text


def test_a_passage_shrunk_to_fit_keeps_its_links() -> None:
    long = "The project STUPS runs on AWS. " + "Filler words about containers & clusters. " * 120
    p = passage(long, links=(Link("STUPS", "https://stups.io/"),))
    text = sections(answer_message(answer(p), COVERAGE).blocks)[0]
    assert len(text) <= SECTION_TEXT_LIMIT
    assert "<https://stups.io/|STUPS>" in text and text.endswith("…")


def test_struck_out_words_are_struck_out_in_slack_and_still_never_ping() -> None:
    p = passage("Once upon a time in a ~~galaxy~~ container far, far away. ~~<!channel>~~ ~~@here~~ ~~<@U1>~~")
    text = sections(answer_message(answer(p), COVERAGE).blocks)[0]
    assert ">Once upon a time in a ~galaxy~ container far, far away." in text
    assert "~&lt;!channel&gt;~ ~@\u2060here~ ~&lt;@U1&gt;~" in text


def test_the_seed_reports_strikethrough_reaches_the_answer(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from bot.answering.answers import to_answer
    from embeddings.index import open_index
    from embeddings.search import Searcher
    from embeddings.pipeline import build_corpus
    from tests.conftest import REPO, FakeEncoder

    encoder = FakeEncoder()
    build_corpus(REPO / "corpus", tmp_path / "index", lambda: encoder, FakeEncoder.name, progress=False)
    result = Searcher(open_index(tmp_path / "index"), encoder).search("once upon a time container far far away")
    text = sections(answer_message(to_answer(result), COVERAGE).blocks)[0]
    assert "a ~galaxy~ container far, far away" in text and "bunch or ~rebels~ Haufe-employees" in text


def test_a_passage_header_names_its_authors() -> None:
    message = answer_message(answer(passage(authors=("Thomas Schuering", "Ann Example"))), COVERAGE)
    assert "_by Thomas Schuering, Ann Example · DockerCon EU · 8 Dec 2015_" in sections(message.blocks)[0]


def test_facts_about_the_reports_come_first_with_linked_titles() -> None:
    from dataclasses import replace

    from embeddings.models import Fact, ReportRef

    ref = ReportRef(
        source="dc.md", title="Impressions from DockerCon 2015", url="https://blog.io/dc/", date=dt.date(2015, 12, 8),
        authors=("Thomas Schuering",), event="DockerCon 2015",
    )
    who = Fact("who", "dockercon 2015", (ref,))
    message = answer_message(replace(answer(passage()), facts=(who,)), COVERAGE)
    assert sections(message.blocks)[0] == (
        "*<https://blog.io/dc/|Impressions from DockerCon 2015>* was written by Thomas Schuering, 8 Dec 2015"
    )
    missing = Fact("no_edition", "dockercon 2016", (ref,))
    declined = answer_message(replace(answer(no_answer=True), facts=(missing,), outcome="nothing_close"), COVERAGE)
    assert sections(declined.blocks) == [
        "No report on *dockercon 2016*. Written up: DockerCon 2015 *<https://blog.io/dc/|Impressions from DockerCon 2015>*."
    ]
    assert declined.text.startswith("No report on dockercon 2016. Written up: DockerCon 2015")


def test_passages_under_a_fact_are_related_not_a_failed_answer() -> None:
    from dataclasses import replace

    from embeddings.models import Fact, ReportRef

    ref = ReportRef(source="dc.md", title="Impressions from DockerCon 2015", url="https://blog.io/dc/",
                    date=dt.date(2015, 12, 8), authors=("Thomas Schuering",), event="DockerCon 2015")
    unsure = replace(answer(passage(), no_answer=True), outcome="low_confidence")
    with_fact = answer_message(replace(unsure, facts=(Fact("who", "dockercon 2015", (ref,)),)), COVERAGE)
    assert sections(with_fact.blocks)[1] == "Related passages:"
    assert "Nothing in the reports answers this directly" not in with_fact.text
    assert sections(answer_message(unsure, COVERAGE).blocks)[0].startswith("Nothing in the reports answers this")
