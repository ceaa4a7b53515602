"""The running bot's scheduled jobs: the digest posted once per period however many replicas check, and the
daily purge done once a day."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np

from bot.digest.maker import DigestMaker
from bot.digest.schedule import last_run, parse_schedule
from bot.render.blocks import Message
from bot.serve.scheduler import RETRY_AFTER, Scheduler
from bot.store import Store, open_store
from bot.store.records import utcnow
from tests.store_helpers import asked, settings

SCHEDULE = parse_schedule("0 9 * * 1", "UTC")
MONDAY_9 = last_run(SCHEDULE, utcnow())  # the latest Monday 09:00: the questions' times are real ones


def replica(url: str, posted: list[tuple[str, Message]], now: list[dt.datetime], channel: str | None = "C0DIGEST",
            refusals: list[bool] | None = None) -> tuple[Store, Scheduler]:
    """`refusals`: Slack refuses a post while the list's next item is True (popped per post)."""
    store = open_store(url, settings(days=30))

    def post(where: str, message: Message) -> bool:
        if refusals and refusals.pop(0):
            return False
        posted.append((where, message))
        return True

    maker = DigestMaker(store=store, embed=lambda texts: np.eye(len(texts), dtype=np.float32),
                        new_reports=lambda period: [], channel=channel, post=post)
    return store, Scheduler(store, maker, SCHEDULE, clock=lambda: now[0])


def test_two_replicas_post_one_digest_per_period_and_purge_once_a_day(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'bot.db'}"
    posted: list[tuple[str, Message]] = []
    now = [MONDAY_9 + dt.timedelta(minutes=3)]
    (one, a), (two, b) = replica(url, posted, now), replica(url, posted, now)
    # asked the Saturday before: in the period the Monday digest covers
    one.questions.record(asked("how much was a ticket?", "nothing_close", ago=utcnow() - (MONDAY_9 - dt.timedelta(days=2))))
    one.questions.record(asked("an old question", ago=dt.timedelta(days=40)))
    one.flush()
    for _ in range(3):
        a.tick()
        b.tick()
    assert [where for where, _ in posted] == ["C0DIGEST"]
    assert "how much was a ticket?" in str(posted[0][1].blocks)  # last week's (the period before this Monday)
    assert one.questions.counts(_all()).questions == 1  # the 40-day-old question purged (QUESTION_LOG_DAYS=30)
    now[0] += dt.timedelta(hours=2)  # past the hour's grace: nothing more, the same day: no second purge
    a.tick()
    assert len(posted) == 1
    now[0] = MONDAY_9 + dt.timedelta(days=7, minutes=1)
    b.tick()
    a.tick()
    assert len(posted) == 2
    one.close()
    two.close()


def test_a_refused_digest_is_tried_again_while_it_is_due_by_either_replica(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'bot.db'}"
    posted: list[tuple[str, Message]] = []
    refusals = [True, True]
    now = [MONDAY_9 + dt.timedelta(minutes=1)]
    (one, a), (two, b) = (replica(url, posted, now, refusals=refusals) for _ in range(2))
    a.tick()  # refused: the claim is given back
    b.tick()  # the other replica claims it at once and is refused too
    assert posted == [] and refusals == []
    now[0] += dt.timedelta(minutes=2)
    a.tick()
    b.tick()
    assert posted == []  # both wait before trying again
    now[0] += RETRY_AFTER
    a.tick()
    b.tick()
    assert [where for where, _ in posted] == ["C0DIGEST"]  # one post, not two
    now[0] += dt.timedelta(minutes=30)
    a.tick()
    b.tick()
    assert len(posted) == 1
    one.close()
    two.close()


def test_without_a_digest_channel_nothing_is_posted(tmp_path: Path) -> None:
    posted: list[tuple[str, Message]] = []
    store, scheduler = replica(f"sqlite:///{tmp_path / 'bot.db'}", posted, [MONDAY_9], channel=None)
    scheduler.tick()
    assert posted == []
    store.close()


def _all():  # type: ignore[no-untyped-def]
    from bot.store import Period

    return Period(dt.datetime(2000, 1, 1, tzinfo=dt.UTC), dt.datetime(2100, 1, 1, tzinfo=dt.UTC))
