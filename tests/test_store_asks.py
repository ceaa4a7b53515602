"""The ask-the-author tables: saved answers, asks with their guard rails, opt-outs and answer channels, on
SQLite and on a real PostgreSQL server."""

# ruff: noqa: F811 - the shared fixtures are imported into each module, and pytest injects them by name

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

import pytest

from bot.store import Period, Store, open_store
from bot.store.ask_records import SavedAnswer, StoreUnavailable
from bot.store.records import utcnow
from tests.postgres import postgres  # noqa: F401 - fixture
from tests.store_helpers import open_at, settings, store, url  # noqa: F401 - fixtures

NOON = dt.datetime(2025, 5, 6, 12, 0, tzinfo=dt.UTC)


def reply(text: str = "About 1,100 EUR for the two days.", ts: str = "1715000000.000200", **kw: object) -> SavedAnswer:
    values: dict[str, object] = dict(
        question="How much did a ticket to DockerCon EU 2015 cost?", answer=text, writer_id="UAUTHOR",
        written_at=NOON, channel_id="CPUBLIC", message_ts=ts, thread_ts="1715000000.000100",
        permalink=f"https://team.slack.com/archives/CPUBLIC/p{ts.replace('.', '')}", saved_by="UAUTHOR",
        source_id="_posts/2015-12-08-DockerCon-EU-2015.md", report_title="Impressions from DockerCon 2015 - Part 1",
        report_url="https://reports.example/dockercon-2015",
    )
    values.update(kw)
    return SavedAnswer(**values)  # type: ignore[arg-type]


def test_a_saved_answer_comes_back_whole(store: Store) -> None:
    saved = store.saved.save(reply())
    assert saved.id and store.saved.get(saved.id) == saved
    assert store.saved.by_message("CPUBLIC", "1715000000.000200") == saved
    assert store.saved.all() == [saved]
    assert saved.written_at == NOON and saved.saved_at.tzinfo is not None


def test_saving_the_same_message_again_keeps_its_id(store: Store) -> None:
    first = store.saved.save(reply())
    again = store.saved.save(reply("About 1,100 EUR, early bird 900."))
    assert again.id == first.id and [a.answer for a in store.saved.all()] == ["About 1,100 EUR, early bird 900."]


def test_an_edited_message_updates_its_saved_copy(store: Store) -> None:
    saved = store.saved.save(reply())
    later = NOON + dt.timedelta(hours=1)
    edited = store.saved.edited("CPUBLIC", saved.message_ts, "1,200 EUR, I checked the invoice.", later)
    assert edited is not None and edited.answer == "1,200 EUR, I checked the invoice." and edited.changed_at == later
    assert store.saved.edited("CPUBLIC", "1.2", "not saved", later) is None


def test_a_deleted_or_forgotten_answer_is_gone(store: Store) -> None:
    one, two = store.saved.save(reply()), store.saved.save(reply(ts="1715000000.000300"))
    assert store.saved.remove_message("CPUBLIC", one.message_ts) and not store.saved.remove_message("CPUBLIC", "9.9")
    assert store.saved.remove(two.id) and not store.saved.remove(two.id)
    assert store.saved.all() == []


def test_the_digest_reads_the_answers_saved_in_a_period(store: Store) -> None:
    store.saved.save(reply(saved_at=utcnow() - dt.timedelta(days=10)))
    recent = store.saved.save(reply(ts="1715000000.000300"))
    assert store.saved.in_period(Period.last(dt.timedelta(days=7))) == [recent]


def test_forgetting_a_person_removes_what_they_wrote_and_their_asks(store: Store) -> None:
    store.saved.save(reply())
    store.saved.save(reply(ts="1715000000.000300", writer_id="UOTHER"))
    store.asks.ask("UAUTHOR", "CPUBLIC", "1.1", "UASKER", 5)
    gone = store.forget("UAUTHOR")
    assert (gone.saved, gone.asks) == (1, 1)
    assert [a.writer_id for a in store.saved.all()] == ["UOTHER"]


def test_an_author_is_asked_once_per_thread(store: Store) -> None:
    assert store.asks.ask("UAUTHOR", "C1", "1.1", "UASKER", 5, now=NOON) == "asked"
    assert store.asks.ask("UAUTHOR", "C1", "1.1", "USOMEONE", 5, now=NOON) == "already_asked"
    assert store.asks.ask("UOTHER", "C1", "1.1", "UASKER", 5, now=NOON + dt.timedelta(seconds=1),
                          question="ticket price?", source_id="r.md") == "asked"
    assert [(x.author_id, x.question) for x in store.asks.in_thread("C1", "1.1")] == [
        ("UOTHER", "ticket price?"), ("UAUTHOR", None)]
    store.asks.undo("UAUTHOR", "C1", "1.1")  # the relay failed: asking again is allowed
    assert store.asks.ask("UAUTHOR", "C1", "1.1", "UASKER", 5, now=NOON) == "asked"


def test_an_author_is_asked_at_most_the_daily_limit_per_utc_day(store: Store) -> None:
    outcomes = [store.asks.ask("UAUTHOR", "C1", f"{i}.0", "UASKER", 3, now=NOON) for i in range(4)]
    assert outcomes == ["asked", "asked", "asked", "daily_limit"] and store.asks.today("UAUTHOR", NOON) == 3
    tomorrow = NOON.replace(hour=0) + dt.timedelta(days=1)
    assert store.asks.ask("UAUTHOR", "C1", "9.0", "UASKER", 3, now=tomorrow) == "asked"


def test_simultaneous_asks_never_pass_the_limit(url: str) -> None:
    stores = [open_store(url, settings()) for _ in range(2)]
    try:
        with ThreadPoolExecutor(8) as pool:
            outcomes = list(pool.map(lambda i: stores[i % 2].asks.ask("UAUTHOR", "C1", f"{i}.0", "U", 5), range(16)))
    finally:
        for opened in stores:
            opened.close()
    assert outcomes.count("asked") == 5 and outcomes.count("daily_limit") == 11


def test_authors_can_opt_out_and_back_in(store: Store) -> None:
    store.asks.opt_out("UAUTHOR")
    store.asks.opt_out("UAUTHOR")  # twice is still once
    assert store.asks.opted_out(["UAUTHOR", "UOTHER"]) == {"UAUTHOR"}
    store.asks.opt_in("UAUTHOR")
    assert store.asks.opted_out(["UAUTHOR"]) == frozenset()


def test_answer_channels_merge_the_setting_with_admins_choices(store: Store) -> None:
    assert store.channels.enabled(["CSET"]) == {"CSET"}
    store.channels.set("CNEW", True, by="UADMIN")
    store.channels.set("CSET", False, by="UADMIN")
    assert store.channels.enabled(["CSET"]) == {"CNEW"}
    assert store.channels.is_on("CNEW") and not store.channels.is_on("CSET", ["CSET"])


def test_a_database_that_is_down_says_so(tmp_path: object) -> None:
    down = open_store("postgresql+psycopg://nobody@127.0.0.1:1/none", settings())
    try:
        with pytest.raises(StoreUnavailable):
            down.saved.save(reply())
        with pytest.raises(StoreUnavailable):
            down.asks.ask("UAUTHOR", "C1", "1.1", "U", 5)
        assert down.channels.enabled(["CSET"]) == {"CSET"}  # the configured channels still answer
        assert down.health().status == "degraded"
    finally:
        down.close(timeout=0)


def test_records_are_frozen() -> None:
    with pytest.raises(AttributeError):
        reply().answer = "changed"  # type: ignore[misc]
    assert replace(reply(), answer="x").answer == "x"
