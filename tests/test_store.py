"""The store's repositories, the same tests on SQLite and on a real PostgreSQL server."""

# ruff: noqa: F811 - the shared fixtures are imported into each module, and pytest injects them by name

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from bot.feedback import summarize
from bot.store import Period, ShownReport, Store, VoteRecord
from bot.store.summary import format_tally
from tests.postgres import postgres  # noqa: F401 - fixture
from tests.store_helpers import asked, open_at, store, url  # noqa: F401 - fixtures


def day() -> Period:
    return Period.last(dt.timedelta(days=1))


def test_a_question_comes_back_with_what_it_showed(store: Store) -> None:
    store.questions.record(asked("what did Zalando show?", reports=("zalando", "otto")))
    store.questions.record(asked("who spoke on day two?", "nothing_close", user="U2", reports=()))
    assert store.flush()

    counts = store.questions.counts(day())
    assert (counts.questions, counts.people) == (2, 2)
    assert counts.by_outcome == {"answer": 1, "nothing_close": 1}
    [declined] = store.questions.in_period(day(), outcomes=["nothing_close"])
    assert declined.question == "who spoke on day two?" and declined.searched == "who spoke on day two"
    assert declined.time.tzinfo is not None and declined.quotable
    assert [(r.source_id, r.url, r.count) for r in store.questions.top_reports(day())] == [
        ("otto", "https://reports.example/otto", 1), ("zalando", "https://reports.example/zalando", 1)]


def test_more_and_share_presses_are_logged_but_not_counted_as_questions(store: Store) -> None:
    first = asked("what did Zalando show?", "nothing_close")
    store.questions.record(first)
    store.questions.record(replace(asked("what did Zalando show?", "nothing_close", user="U2"), surface="more"))
    store.questions.record(replace(asked("what did Zalando show?", user="U3"), surface="share"))
    assert store.flush()

    counts = store.questions.counts(day())
    assert (counts.questions, counts.people, counts.by_outcome) == (1, 1, {"nothing_close": 1})
    assert [q.id for q in store.questions.in_period(day())] == [first.id]
    assert sorted(q.surface for q in store.questions.in_period(day(), repeats=True)) == ["mention", "more", "share"]


def test_questions_outside_the_period_are_not_counted(store: Store) -> None:
    store.questions.record(asked(ago=dt.timedelta(days=3)))
    store.flush()
    assert store.questions.counts(day()).questions == 0
    assert store.questions.counts(Period.last(dt.timedelta(days=7))).questions == 1


def test_anonymous_log_keeps_no_user_or_channel(open_at: Callable[..., Store]) -> None:
    store = open_at("anonymous")
    store.questions.record(asked(user="U1", channel_kind="private"))
    store.feedback.record(VoteRecord(vote="down", question="q", user_id="U1"))
    store.flush()
    counts = store.questions.counts(day())
    assert (counts.questions, counts.people) == (1, None)
    [question] = store.questions.in_period(day())
    assert question.channel_kind == "private" and not question.quotable
    assert store.forget("U1").questions == 0  # nothing identifies the person


def test_log_off_stores_no_question_and_no_voter(open_at: Callable[..., Store]) -> None:
    store = open_at("off")
    store.questions.record(asked())
    store.feedback.record(VoteRecord(vote="up", question="q", user_id="U1"))
    store.flush()
    assert store.questions.counts(day()).questions == 0
    assert store.feedback.tally().up == 1 and store.forget("U1").votes == 0


def test_retention_deletes_old_questions_and_votes_only(open_at: Callable[..., Store]) -> None:
    store = open_at(days=30)
    old, new = asked("old?", ago=dt.timedelta(days=31)), asked("new?")
    for question in (old, new):
        store.questions.record(question)
        store.feedback.record(VoteRecord(vote="down", question=question.question, question_id=question.id,
                                         time=question.time))
    store.flush()
    purged = store.purge()
    assert (purged.questions, purged.votes) == (1, 1)
    assert [q.question for q in store.questions.in_period(Period.last(dt.timedelta(days=60)))] == ["new?"]
    assert store.feedback.tally().down_questions == (("new?", 1),)


def test_forget_deletes_a_persons_questions_and_votes(store: Store) -> None:
    theirs, others = asked("mine?", user="U1"), asked("yours?", user="U2")
    store.questions.record(theirs)
    store.questions.record(others)
    store.feedback.record(VoteRecord(vote="down", question="yours?", question_id=others.id, user_id="U1"))
    store.feedback.record(VoteRecord(vote="up", question="mine?", question_id=theirs.id, user_id="U3"))
    store.feedback.record(VoteRecord(vote="up", question="yours?", question_id=others.id, user_id="U2"))
    gone = store.forget("U1")
    assert (gone.questions, gone.votes) == (1, 2)  # their vote, and another's vote quoting their question
    assert [q.question for q in store.questions.in_period(day())] == ["yours?"]
    assert store.feedback.tally().up == 1


def test_voted_down_knows_where_the_question_was_asked(store: Store) -> None:
    public, private = asked("public?"), asked("private?", channel_kind="dm")
    for question in (public, private):
        store.questions.record(question)
        store.feedback.record(VoteRecord(vote="down", question=question.question, question_id=question.id))
    store.feedback.record(VoteRecord(vote="down", question="from before the log?"))
    store.flush()
    kinds = {v.question: (v.channel_kind, v.quotable) for v in store.feedback.voted_down(day())}
    assert kinds == {"public?": ("public", True), "private?": ("dm", False), "from before the log?": (None, False)}


FEEDBACK_JSONL = (
    '{"time": "2025-05-01T10:00:00+00:00", "user": "U1", "vote": "down", "question": "why?", "passages": ["a#1"]}\n'
    '{"time": "2025-05-01T10:01:00+00:00", "user": "U2", "vote": "up", "question": "how?", "passages": ["b#2"]}\n'
    '{"time": "2025-05-01T10:02:00+00:00", "user": "U3", "vote": "down", "question": "why?", "passages": ["a#1", "c"]}\n'
)


def test_feedback_jsonl_is_imported_once_and_renamed(store: Store, tmp_path: Path) -> None:
    log = tmp_path / "feedback.jsonl"
    log.write_text(FEEDBACK_JSONL, encoding="utf-8")
    printed_before = summarize(log)

    done = store.import_feedback(log)
    assert (done.votes, done.unreadable) == (3, 0) and not log.exists()
    assert Path(done.renamed_to or "").read_text(encoding="utf-8") == FEEDBACK_JSONL
    assert format_tally(store.feedback.tally()) == printed_before  # python -m bot.feedback reads the same
    assert store.import_feedback(log).votes == 0  # nothing left to import

    log.write_text(FEEDBACK_JSONL, encoding="utf-8")  # the same file again (a crash before the rename)
    again = store.import_feedback(log)
    assert again.votes == 0 and again.renamed_to and again.renamed_to.endswith(".imported.2")
    assert store.feedback.tally().down == 2


def test_unreadable_feedback_lines_are_counted_not_fatal(store: Store, tmp_path: Path) -> None:
    log = tmp_path / "feedback.jsonl"
    log.write_text(FEEDBACK_JSONL + "not json\n" + '{"vote": "sideways"}\n', encoding="utf-8")
    assert (store.import_feedback(log).votes, store.import_feedback(log).unreadable) == (3, 0)


def test_thread_marks_are_shared_and_expire(url: str) -> None:
    from bot.store.engine import make_engine

    now = [dt.datetime(2026, 5, 4, 9, 0, tzinfo=dt.UTC)]
    one, other = (Store(make_engine(url), clock=lambda: now[0]) for _ in range(2))  # two replicas
    one.migrate()
    other.migrate()
    started = f"{now[0].timestamp() - 600:.6f}"  # threads begun ten minutes ago
    one.threads.mark("C1", started)
    one.flush()
    assert other.threads.is_ours("C1", started) is True
    assert other.threads.is_ours("C1", f"{now[0].timestamp() - 300:.6f}") is False  # within the window, unmarked
    assert other.threads.is_ours("C1", "1700000000.000200") is None  # begun before the window: the marks can't tell
    now[0] += dt.timedelta(days=8)
    assert other.threads.is_ours("C1", started) is None
    assert other.threads.purge_expired() == 1
    one.close()
    other.close()


def test_a_thread_keeps_the_report_its_first_answer_was_about(store: Store) -> None:
    eu = ShownReport("dockercon-eu-2015.md", "DockerCon EU 2015", "https://reports.example/dockercon-eu-2015/")
    store.threads.mark("C1", "1700000000.000100", report=eu)
    store.threads.mark("C1", "1700000000.000100", report=ShownReport("other.md", "Another report"))  # a follow-up
    store.threads.mark("C1", "1700000000.000100")  # a relayed ask: no report of its own
    store.threads.mark("C1", "1700000000.000200")  # an answer about no report
    store.flush()
    assert store.threads.report_of("C1", "1700000000.000100") == eu
    assert store.threads.report_of("C1", "1700000000.000200") is None
    assert store.threads.report_of("C1", "1700000000.000300") is None  # never marked


def test_a_claim_is_won_once(store: Store) -> None:
    assert store.claims.claim("digest", "2026-05-04T09:00+02:00")
    assert not store.claims.claim("digest", "2026-05-04T09:00+02:00")
    assert store.claims.claim("digest", "2026-05-11T09:00+02:00")
    assert store.claims.claim("purge", "2026-05-04T09:00+02:00")


def test_settings_default_to_an_sqlite_file_in_the_data_dir(monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import pytest

    from bot.store import StoreSettings, load_store_settings

    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    assert StoreSettings(_env_file=None).url() == f"sqlite:///{tmp_path / 'data' / 'dockercon-bot.db'}"  # type: ignore[call-arg]
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://bot:secret@db/bot")
    assert "secret" not in repr(StoreSettings(_env_file=None))  # type: ignore[call-arg]
    monkeypatch.setenv("QUESTION_LOG", "everything")
    with pytest.raises(SystemExit, match="QUESTION_LOG"):
        load_store_settings()
