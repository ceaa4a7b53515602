"""Several threads and several processes writing to one database at once: no lost rows, one claim winner, and
processes that open (and migrate) a new database at the same moment do not break each other."""

# ruff: noqa: F811 - the shared fixtures are imported into each module, and pytest injects them by name

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

from bot.store import Period, Store, open_store
from bot.store import migrate as migrations
from tests.conftest import REPO
from tests.postgres import postgres  # noqa: F401 - fixture
from tests.store_helpers import asked, settings, url  # noqa: F401 - fixtures

HOUR = dt.timedelta(hours=1)

WRITER = """
import sys
from bot.store import open_store, QuestionRecord, new_id
from bot.store.settings import StoreSettings
store = open_store(sys.argv[1], StoreSettings(_env_file=None))
for i in range(int(sys.argv[2])):
    store.questions.record(QuestionRecord(id=new_id(), surface="dm", channel_kind="dm", question=f"q{i}?",
                                          searched=f"q{i}", outcome="answer", user_id=sys.argv[3]))
assert store.flush(60), store.health()
print(store.health().status, store.claims.claim("digest", "week-1"))
store.close()
"""


def test_threads_of_several_stores_lose_no_row(url: str) -> None:
    stores = [open_store(url, settings()) for _ in range(3)]  # three replicas in one process
    per_thread, threads_per_store = 100, 4

    def write(store: Store) -> None:
        for _ in range(per_thread):
            store.questions.record(asked(user=threading.current_thread().name[:60]))

    try:
        with ThreadPoolExecutor(max_workers=len(stores) * threads_per_store) as pool:
            list(pool.map(write, [s for s in stores for _ in range(threads_per_store)]))
        assert all(store.flush(60) for store in stores)
        counts = stores[0].questions.counts(Period.last(HOUR))
        assert counts.questions == len(stores) * threads_per_store * per_thread
    finally:
        for store in stores:
            store.close()


def test_many_threads_claim_once(url: str) -> None:
    store = open_store(url, settings())
    try:
        with ThreadPoolExecutor(max_workers=12) as pool:
            won = list(pool.map(lambda _: store.claims.claim("purge", "2026-05-04"), range(24)))
        assert won.count(True) == 1
    finally:
        store.close()


def test_two_processes_open_and_write_one_new_database(url: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    rows = 400
    processes = [
        subprocess.Popen([sys.executable, "-c", WRITER, url, str(rows), f"U{n}"], env=env, cwd=REPO,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for n in range(2)
    ]
    results = [p.communicate(timeout=120) for p in processes]
    assert [p.returncode for p in processes] == [0, 0], [err for _, err in results]
    outputs = sorted(out.strip() for out, _ in results)
    assert outputs == ["ok False", "ok True"]  # both healthy, exactly one won the claim

    store = open_store(url, settings())
    try:
        counts = store.questions.counts(Period.last(HOUR))
        assert (counts.questions, counts.people) == (2 * rows, 2)
        assert migrations.current(store.engine) == migrations.head()
    finally:
        store.close()
