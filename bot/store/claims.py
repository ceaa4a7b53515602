"""Once per period across all replicas: the scheduled digest, the daily retention purge. A claim is a row with
a unique key, so exactly one INSERT wins however many processes try at once."""

from __future__ import annotations

import os
import socket

from sqlalchemy import Engine, delete, insert
from sqlalchemy.exc import IntegrityError

from bot.store import schema
from bot.store.health import HealthState
from bot.store.records import utcnow


def owner_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:128]


class Claims:
    def __init__(self, engine: Engine, health: HealthState) -> None:
        self._engine, self._health = engine, health

    def claim(self, name: str, period_key: str) -> bool:
        """True for exactly one caller per (name, period_key); False for the others, and when the database
        cannot be reached (better no digest than two)."""
        row = {"name": name, "period_key": period_key, "claimed_at": utcnow(), "owner": owner_name()}
        try:
            with self._engine.begin() as connection:
                connection.execute(insert(schema.claims), row)
        except IntegrityError:
            return False
        except Exception as exc:  # noqa: BLE001 - a scheduler loop must survive the database going away
            self._health.failed(f"claiming {name} {period_key}", exc)
            return False
        return True

    def release(self, name: str, period_key: str) -> None:
        """Gives a claim back after the job failed, so this or another replica may try again in the period; a
        database that is down keeps it (logged through health), which costs that period's run, never a double."""
        c = schema.claims.c
        try:
            with self._engine.begin() as connection:
                connection.execute(delete(schema.claims).where((c.name == name) & (c.period_key == period_key)))
        except Exception as exc:  # noqa: BLE001 - called from the scheduler's loop
            self._health.failed(f"releasing {name} {period_key}", exc)
