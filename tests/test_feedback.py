from pathlib import Path

from bot.feedback import FeedbackLog, main, summarize


def test_votes_are_appended_and_summarized(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    log = FeedbackLog(tmp_path / "logs" / "feedback.jsonl")
    log.record("what did Zalando show?", ["dc.md#3"], "up", "U1")
    log.record("kubernetes?", ["a.md#1", "b.md#2"], "down", "U2")
    log.record("kubernetes?", ["a.md#1"], "down", "U3")
    (tmp_path / "logs" / "feedback.jsonl").open("a").write("not json\n")
    text = summarize(tmp_path / "logs" / "feedback.jsonl")
    assert text.splitlines()[0] == "3 votes: 1 👍, 2 👎 (1 unreadable lines)"
    assert "  2× kubernetes?" in text and "  2× a.md#1" in text
    assert main([str(tmp_path / "logs" / "feedback.jsonl")]) == 0
    assert "3 votes" in capsys.readouterr().out
    assert main([str(tmp_path / "missing.jsonl")]) == 1
