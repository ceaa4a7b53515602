"""The digest: counts, declined questions grouped with their paraphrases, votes down, what is quoted where, the
schedule, and the Block Kit message."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pytest

from bot.digest import NewReport, collect, compute_digest, covered, due, parse_schedule, period_key
from bot.digest.cluster import MERGE_COSINE, Item, group_items
from bot.render.digest import digest_message
from bot.store import Period, VoteRecord, open_store
from embeddings.encoders.fake import FakeEncoder
from tests.store_helpers import asked, settings

TICKET = "how much was a ticket to DockerCon EU 2015?"
SECRET = "is the layoff at ACME in the DockerCon report?"


def embed(texts: list[str]) -> np.ndarray:
    return FakeEncoder().encode(texts)


@pytest.fixture
def digest_store(tmp_path: Path):  # type: ignore[no-untyped-def]
    store = open_store(f"sqlite:///{tmp_path / 'store.db'}", settings())
    questions = [
        asked(TICKET, "nothing_close", user="U1"),
        asked(TICKET.lower(), "nothing_close", user="U2"),
        asked("how much was the ticket to DockerCon EU 2015", "nothing_close", user="U3"),
        asked("how much was a ticket to DockerCon EU 2015 ?", "nothing_close", user="U4", channel_kind="dm"),
        asked(SECRET, "nothing_close", user="U5", channel_kind="private"),
        asked("what did Zalando show?", user="U1", reports=("zalando", "otto")),
        asked("what did Zalando show at DockerCon?", user="U6", reports=("zalando",)),
        asked("who spoke about Kubernetes?", "low_confidence", user="U2", channel_kind="console", reports=("k8s",)),
    ]
    for question in questions:
        store.questions.record(question)
    zalando, secret = questions[5], questions[4]
    store.feedback.record(VoteRecord(vote="down", question=zalando.question, question_id=zalando.id, user_id="U1"))
    store.feedback.record(VoteRecord(vote="down", question=secret.question, question_id=secret.id, user_id="U5"))
    store.feedback.record(VoteRecord(vote="up", question="who spoke about Kubernetes?", user_id="U2"))
    store.flush()
    yield store
    store.close()


def week() -> Period:
    return Period.last(dt.timedelta(days=7))


def test_the_digest_counts_groups_and_quotes_only_public_questions(digest_store) -> None:  # type: ignore[no-untyped-def]
    reports = [NewReport("DockerCon EU 2015", "https://reports.example/dc15", "2015-11-20")]
    digest = compute_digest(collect(digest_store, week()), embed, reports, public_only=True)
    as_json = digest.to_json()

    assert (as_json["questions"], as_json["people"]) == (8, 6)
    assert as_json["outcomes"] == {"answer": 2, "low_confidence": 1, "nothing_close": 5}
    assert as_json["new_reports"] == [{"title": "DockerCon EU 2015", "url": "https://reports.example/dc15",
                                       "date": "2015-11-20"}]
    # Four wordings of one question, one of them asked in a DM: one group, quoted by a public wording.
    [group] = as_json["unanswered"]
    assert (group["question"].casefold(), group["count"]) == (TICKET.casefold(), 4)
    assert as_json["unanswered_private"] == 1
    assert as_json["voted_down"] == [{"question": "what did Zalando show?", "count": 1}]
    assert as_json["voted_down_private"] == 1
    assert as_json["top_reports"][0] == {"title": "Report zalando", "url": "https://reports.example/zalando",
                                         "count": 2}
    assert {"question": "what did Zalando show?", "count": 2} in as_json["topics"]
    assert SECRET not in json.dumps(as_json) and "ACME" not in json.dumps(digest_message(digest).blocks)


def test_the_admins_digest_quotes_every_question(digest_store) -> None:  # type: ignore[no-untyped-def]
    digest = compute_digest(collect(digest_store, week()), embed, [], public_only=False)
    assert {"question": SECRET, "count": 1} in digest.to_json()["unanswered"]
    assert digest.unanswered_private == 0 and digest.voted_down_private == 0


def test_an_empty_period_is_a_digest_of_zeros_without_embedding() -> None:
    def no_embedding(texts: list[str]) -> np.ndarray:
        raise AssertionError("nothing to embed")

    from bot.digest import DigestData
    from bot.store.records import PeriodCounts

    data = DigestData(week(), PeriodCounts(0, 0, {}), (), (), ())
    as_json = compute_digest(data, no_embedding, []).to_json()
    assert (as_json["questions"], as_json["unanswered"], as_json["voted_down"], as_json["topics"]) == (0, [], [], [])
    assert digest_message(compute_digest(data, no_embedding, [])).text.startswith("0 questions")


def test_questions_naming_different_years_are_never_merged() -> None:
    def same_vector(texts: list[str]) -> np.ndarray:
        return np.ones((len(texts), 4), dtype=np.float32) / 2.0

    items = [Item(t, t, True) for t in ("where was dockercon 2015?", "where was dockercon 2016?", "where was dockercon?")]
    groups = group_items(items, same_vector, MERGE_COSINE)
    assert sorted(g.example or "" for g in groups) == ["where was dockercon 2015?", "where was dockercon 2016?",
                                                       "where was dockercon?"]


@pytest.mark.slow
def test_the_merge_threshold_fits_the_index_model(real_encoder) -> None:  # type: ignore[no-untyped-def]
    items = [Item(t, t, True) for t in (
        TICKET, "what was the ticket price for dockercon eu 2015", "how many people came to DockerCon EU 2015?",
        "who gave the keynote at devopscon?", "who was the keynote speaker at DevOpsCon", "what did Spotify show?",
    )]
    groups = group_items(items, real_encoder.encode, MERGE_COSINE)
    assert sorted(g.count for g in groups) == [1, 1, 2, 2]


def test_the_schedule_is_due_once_at_its_time_in_its_zone() -> None:
    schedule = parse_schedule("0 9 * * 1", "Europe/Berlin")
    monday_9 = dt.datetime(2026, 5, 4, 7, 0, tzinfo=dt.UTC)  # 09:00 in Berlin (summer time)
    assert due(schedule, monday_9 - dt.timedelta(minutes=1)) is None
    assert due(schedule, monday_9) == due(schedule, monday_9 + dt.timedelta(minutes=59)) == "2026-05-04T09:00+02:00"
    assert due(schedule, monday_9 + dt.timedelta(hours=2)) is None  # too late: wait for next Monday
    assert period_key(schedule, monday_9 + dt.timedelta(days=3)) == "2026-05-04T09:00+02:00"
    assert covered(schedule, monday_9) == Period(monday_9 - dt.timedelta(days=7), monday_9)


def test_a_bad_schedule_or_zone_says_why() -> None:
    assert parse_schedule().expression == "0 9 * * 1"
    with pytest.raises(ValueError, match="cron"):
        parse_schedule("every monday")
    with pytest.raises(ValueError, match="time zone"):
        parse_schedule(tz="Mars/Olympus")


def test_the_message_escapes_questions_and_stays_within_slacks_limits(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'store.db'}", settings())
    try:
        store.questions.record(asked("<!channel> @here <@U999> ping?", "nothing_close"))
        for n in range(300):
            store.questions.record(asked(f"question number {n} " + "x" * 150, "nothing_close"))
        store.flush()
        digest = compute_digest(collect(store, week()), embed, [], public_only=True)
    finally:
        store.close()
    message = digest_message(digest)
    text = json.dumps(message.blocks)
    assert "<!channel>" not in text and "<@U999>" not in text and "&lt;!channel&gt;" in text
    assert message.blocks[0]["type"] == "header" and message.size() < 40_000
    assert all(len(b.get("text", {}).get("text", "")) <= 3000 for b in message.blocks if b["type"] == "section")


def test_the_command_prints_json_and_posts_only_public_questions(digest_store) -> None:  # type: ignore[no-untyped-def]
    import io

    from bot.digest.cli import parse_since, run

    out, posted = io.StringIO(), []
    assert run(["--since", "1d", "--json"], digest_store, embed, lambda period: [], posted.append, out) == 0
    printed = json.loads(out.getvalue())
    assert printed["questions"] == 8 and {"question": SECRET, "count": 1} in printed["unanswered"]
    assert run(["--post"], digest_store, embed, lambda period: [], posted.append, io.StringIO()) == 0
    assert len(posted) == 1 and "ACME" not in json.dumps(posted[0].blocks)
    assert run(["--post"], digest_store, embed, lambda period: [], None, io.StringIO()) == 1
    assert parse_since("2w") == dt.timedelta(weeks=2)
    with pytest.raises(ValueError):
        parse_since("yesterday")


def test_digest_settings_refuse_a_bad_schedule(monkeypatch: pytest.MonkeyPatch) -> None:
    from pydantic import ValidationError

    from bot.digest.settings import DigestSettings

    monkeypatch.setenv("DIGEST_TZ", "Europe/Berlin")
    assert DigestSettings(_env_file=None).schedule().tz.key == "Europe/Berlin"  # type: ignore[call-arg]
    monkeypatch.setenv("DIGEST_SCHEDULE", "mondays")
    with pytest.raises(ValidationError, match="cron"):
        DigestSettings(_env_file=None)  # type: ignore[call-arg]
