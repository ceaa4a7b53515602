"""Saved answers as a source: each one a passage of its own kind, following edits and deletions, never a report."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest

from embeddings.index import IndexStore, open_index
from embeddings.search import Searcher
from embeddings.sources import FolderSource, SavedAnswersSource, parse_sources
from embeddings.sources.saved import ChatAnswer, answer_id, provide
from embeddings.sync import BuildSummary, update
from tests.conftest import FakeEncoder

MODEL = FakeEncoder.name
REPORT = """---
title: Impressions from DockerCon 2015
author: Thomas Schuering
author_email: thomas.schuering@haufe-lexware.com, t.s@example.com
slack: U0THOMAS
date: 2015-12-08
---
DockerCon EU 2015 took place in Barcelona. The catering on the first day was excellent.
"""
TICKET = ChatAnswer(
    id="a1", question="How much did a ticket to DockerCon EU 2015 cost?",
    answer="The ticket was about 1,100 EUR; the early bird price was lower.", writer_id="U0THOMAS",
    written_at=dt.datetime(2025, 5, 6, 12, 0, tzinfo=dt.UTC), permalink="https://team.slack.com/archives/C1/p1",
    writer_name="Thomas Schuering", report_title="Impressions from DockerCon 2015",
    report_url="https://reports.example/dockercon-2015",
)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "dockercon.md").write_text(REPORT, encoding="utf-8")
    return folder


def sync(tmp_path: Path, corpus: Path, answers: list[ChatAnswer] | Exception) -> BuildSummary:
    def provider() -> list[ChatAnswer]:
        if isinstance(answers, Exception):
            raise answers
        return answers

    sources = (FolderSource(corpus), SavedAnswersSource(provider))
    summary, _ = update(sources, IndexStore(tmp_path / "index"), FakeEncoder, MODEL, data_dir=tmp_path / "data")
    return summary


def saved_hits(tmp_path: Path, question: str) -> list[str]:
    searcher = Searcher(open_index(tmp_path / "index"), FakeEncoder())
    return [h.chunk.text for h in searcher.search(question, k=5).hits if h.chunk.kind == "saved"]


def test_a_saved_answer_is_a_passage_with_its_writer_permalink_and_report(tmp_path: Path, corpus: Path) -> None:
    sync(tmp_path, corpus, [TICKET])
    index = open_index(tmp_path / "index")
    [saved] = [c for c in index.chunks if c.kind == "saved"]
    assert saved.title == TICKET.question and saved.text == TICKET.answer
    assert saved.url == TICKET.permalink and saved.author_ids == ("U0THOMAS",)
    assert saved.report_link is not None and saved.report_link.url == "https://reports.example/dockercon-2015"
    assert saved.date == dt.date(2025, 5, 6) and answer_id(saved.source) == "a1"
    assert saved_hits(tmp_path, "what was the price of a DockerCon ticket?") == [TICKET.answer]


def test_saved_answers_are_not_reports(tmp_path: Path, corpus: Path) -> None:
    sync(tmp_path, corpus, [TICKET])
    [report] = open_index(tmp_path / "index").catalogue.reports
    assert report.title == "Impressions from DockerCon 2015"
    assert report.author_emails == ("thomas.schuering@haufe-lexware.com", "t.s@example.com")
    assert report.author_ids == ("U0THOMAS",)


def test_an_edit_is_indexed_again_and_a_deletion_leaves(tmp_path: Path, corpus: Path) -> None:
    sync(tmp_path, corpus, [TICKET])
    assert sync(tmp_path, corpus, [TICKET]).up_to_date
    edited = replace(TICKET, answer="It was 1,200 EUR, I checked the invoice.",
                     edited_at=dt.datetime(2025, 5, 7, tzinfo=dt.UTC))
    summary = sync(tmp_path, corpus, [edited])
    assert summary.changed == ("saved-answer:a1",)
    assert saved_hits(tmp_path, "DockerCon ticket price invoice") == [edited.answer]
    assert sync(tmp_path, corpus, []).dropped == ("saved-answer:a1",)
    assert saved_hits(tmp_path, "DockerCon ticket price invoice") == []


def test_a_database_that_is_down_keeps_the_answers_indexed(tmp_path: Path, corpus: Path) -> None:
    sync(tmp_path, corpus, [TICKET])
    summary = sync(tmp_path, corpus, ConnectionError("database is down"))
    assert any("saved: slack" in f and "database is down" in f for f in summary.failed)
    assert saved_hits(tmp_path, "what was the price of a DockerCon ticket?") == [TICKET.answer]


def test_the_sources_file_names_the_provider(tmp_path: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("embeddings.sources.saved.PROVIDERS", {})
    sources = parse_sources("- folder: corpus\n- saved: slack\n", "sources.yml", tmp_path)
    assert [s.label for s in sources] == ["folder: corpus", "saved: slack"]
    # Without a provider (a build from the command line) the source cannot be read, and nothing is lost.
    summary, _ = update(sources, IndexStore(tmp_path / "index"), FakeEncoder, MODEL, data_dir=tmp_path / "data")
    assert summary.reports == 1 and "no provider" in summary.failed[0]
    provide("slack", lambda: [TICKET])
    update(sources, IndexStore(tmp_path / "index"), FakeEncoder, MODEL, data_dir=tmp_path / "data")
    assert saved_hits(tmp_path, "what was the price of a DockerCon ticket?") == [TICKET.answer]
