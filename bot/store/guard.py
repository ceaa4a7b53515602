"""Synchronous calls of the ask-the-author repositories: a database failure becomes StoreUnavailable (and the
store's health says degraded), so callers handle one exception type and never see SQLAlchemy's."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import IntegrityError

from bot.store.ask_records import StoreUnavailable
from bot.store.health import HealthState

T = TypeVar("T")


def guarded(health: HealthState, what: str, action: Callable[[], T]) -> T:
    if not health.available():
        raise StoreUnavailable(f"{what}: the database failed moments ago ({health.reason})")
    try:
        result = action()
    except IntegrityError:
        raise  # a conflict the repository handles itself
    except Exception as exc:
        health.failed(what, exc)
        raise StoreUnavailable(f"{what}: {type(exc).__name__}") from exc
    health.recovered()
    return result
