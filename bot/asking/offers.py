"""Which authors an answer offers to ask: those of the reports it shows first, resolved to Slack users, who have
not opted out; at most two."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass

from bot.answering.answers import Answer
from bot.people.authors import AuthorResolver, Byline
from embeddings.catalogue import Catalogue, Report

log = logging.getLogger(__name__)

MAX_OFFERS = 2
# Slack's button text limit is 75 characters; "Ask " plus a long name must fit.
NAME_LIMIT = 60


@dataclass(frozen=True)
class Offer:
    author_id: str
    name: str
    source_id: str  # the report the question is about

    def value(self, question: str, question_id: str | None = None) -> str:
        """What the button carries back (at most 2,000 characters in Slack): who, about what, and the question."""
        data = {"a": self.author_id, "n": self.name[:NAME_LIMIT], "s": self.source_id, "q": question[:1200]}
        if question_id:
            data["qid"] = question_id
        return json.dumps(data, ensure_ascii=False)


@dataclass(frozen=True)
class AskRequest:
    author_id: str
    name: str
    source_id: str
    question: str
    question_id: str | None = None

    @classmethod
    def parse(cls, value: str) -> AskRequest | None:
        try:
            data = json.loads(value)
            return cls(str(data["a"]), str(data["n"]), str(data["s"]), str(data["q"]), data.get("qid"))
        except (ValueError, KeyError, TypeError):
            return None


def byline(report: Report) -> Byline:
    return Byline(names=report.authors, emails=report.author_emails, slack_ids=report.author_ids)


class Offers:
    def __init__(self, resolver: AuthorResolver, opted_out: Callable[[tuple[str, ...]], frozenset[str]]) -> None:
        self.resolver, self.opted_out = resolver, opted_out

    def for_answer(self, answer: Answer, catalogue: Catalogue) -> tuple[Offer, ...]:
        """Never raises: an author who cannot be looked up now is not offered."""
        if not answer.passages:
            return ()
        reports = catalogue.by_source
        offers: dict[str, Offer] = {}
        for source in dict.fromkeys(p.source for p in answer.passages if p.kind == "report"):
            report = reports.get(source)
            if report is None or len(offers) >= MAX_OFFERS:
                continue
            try:
                authors = self.resolver.resolve(byline(report))
                out = self.opted_out(tuple(a.user_id for a in authors)) if authors else frozenset()
            except Exception as exc:  # noqa: BLE001 - the answer goes out without the button
                log.warning("could not resolve the authors of %s: %s: %s", source, type(exc).__name__, exc)
                continue
            for author in authors:
                if author.user_id not in out and author.user_id not in offers and len(offers) < MAX_OFFERS:
                    offers[author.user_id] = Offer(author.user_id, author.name, source)
        return tuple(offers.values())
