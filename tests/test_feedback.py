import json
from pathlib import Path

import pytest

from bot.feedback import main, summarize
from bot.store import VoteRecord, open_store
from tests.store_helpers import settings


def write_votes(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    votes = [("what did Zalando show?", ["dc.md#3"], "up", "U1"), ("kubernetes?", ["a.md#1", "b.md#2"], "down", "U2"),
             ("kubernetes?", ["a.md#1"], "down", "U3")]
    lines = [json.dumps({"time": "2026-01-05T10:00:00+00:00", "user": u, "vote": v, "question": q, "passages": p})
             for q, p, v, u in votes]
    path.write_text("\n".join(lines) + "\nnot json\n", encoding="utf-8")


def test_an_old_feedback_file_is_still_summarized(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    write_votes(tmp_path / "logs" / "feedback.jsonl")
    text = summarize(tmp_path / "logs" / "feedback.jsonl")
    assert text.splitlines()[0] == "3 votes: 1 👍, 2 👎 (1 unreadable lines)"
    assert "  2× kubernetes?" in text and "  2× a.md#1" in text
    assert main([str(tmp_path / "logs" / "feedback.jsonl")]) == 0
    assert "3 votes" in capsys.readouterr().out
    assert main([str(tmp_path / "missing.jsonl")]) == 1


def test_without_an_argument_the_databases_votes_are_summarized(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys  # type: ignore[no-untyped-def]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    store = open_store(settings=settings().model_copy(update={"data_dir": tmp_path / "data"}))
    store.feedback.record(VoteRecord("down", "kubernetes?", ("a.md#1",), question_id="q1", user_id="U2"))
    store.feedback.record(VoteRecord("up", "what did Zalando show?", ("dc.md#3",)))
    store.close()
    assert main([]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "2 votes: 1 👍, 1 👎" and "  1× kubernetes?" in out and "  1× a.md#1" in out


def test_a_feedback_file_is_imported_once_at_start_and_kept_renamed(tmp_path: Path) -> None:
    from bot.config import BotSettings
    from bot.serve.database import open_database

    write_votes(tmp_path / "feedback.jsonl")
    config = BotSettings(_env_file=None, data_dir=tmp_path / "data", feedback_log=tmp_path / "feedback.jsonl")  # type: ignore[call-arg]
    store = open_database(config)
    try:
        assert (store.feedback.tally().up, store.feedback.tally().down) == (1, 2)
    finally:
        store.close()
    assert not (tmp_path / "feedback.jsonl").exists() and list(tmp_path.glob("feedback.jsonl.imported*"))
    again = open_database(config)  # nothing imported twice
    assert again.feedback.tally().down == 2
    again.close()
