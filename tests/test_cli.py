import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from embeddings.cli import main
from tests.conftest import REPO, FakeEncoder
from tests.web_site import Site, blog_page, rss, site  # noqa: F401

Write = Callable[[str, str], Path]


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, write_report: Write) -> Callable[..., tuple[int, str]]:
    monkeypatch.setenv("EMBEDDING_MODEL", FakeEncoder.name)
    monkeypatch.setenv("ENCODER", "fake")
    monkeypatch.setenv("CORPUS_DIR", str(tmp_path / "corpus"))
    monkeypatch.setenv("INDEX_DIR", str(tmp_path / "index"))
    monkeypatch.chdir(tmp_path)  # no stray .env
    write_report("dc.md", "---\ntitle: DockerCon\nurl: https://blog.io/dc/\n---\n# Zalando\n\nZalando showed STUPS.\n")
    write_report("ml.md", "# ML\n\nModels on SageMaker.\n")

    def run(*argv: str, stdin: str = "") -> tuple[int, str]:
        out = io.StringIO()
        code = main(list(argv), out=out, stdin=io.StringIO(stdin))
        return code, out.getvalue()

    return run


def test_search_json_has_the_documented_shape(cli: Callable[..., tuple[int, str]]) -> None:
    assert cli("build")[0] == 0
    code, out = cli("search", "--json", "--k", "2", "Zalando STUPS")
    assert code == 0
    answer = json.loads(out)
    assert set(answer) == {
        "query", "took_ms", "no_answer", "confidence", "outcome", "showing_results_for", "facts", "results",
    }
    assert answer["showing_results_for"] is None and answer["facts"] == []
    assert answer["query"] == "Zalando STUPS" and isinstance(answer["took_ms"], float) and answer["no_answer"] is False
    assert 0.5 < answer["confidence"] <= 1 and answer["outcome"] == "answer"
    first = answer["results"][0]
    evidence = {key: first.pop(key) for key in ("confidence", "answers", "dense", "lexical", "coverage")}
    assert first == {
        "rank": 1, "score": first["score"], "title": "DockerCon", "heading": "Zalando",
        "url": "https://blog.io/dc/#zalando", "source": "dc.md", "text": "Zalando showed STUPS.",
        "author": None, "event": None, "date": None,
    }
    assert evidence["confidence"] == answer["confidence"] and evidence["answers"] is True
    assert evidence["coverage"] == 1.0 and evidence["lexical"] > 0 and -1 <= evidence["dense"] <= 1
    assert isinstance(first["score"], float) and len(answer["results"]) == 2


def test_search_json_declines_an_off_topic_question_quoting_nothing(cli: Callable[..., tuple[int, str]]) -> None:
    cli("build")
    answer = json.loads(cli("search", "--json", "any tips for learning the ukulele?")[1])
    assert answer["no_answer"] is True and answer["outcome"] == "nothing_close" and answer["results"] == []
    assert answer["confidence"] < 0.2


def test_dash_reads_one_question_per_line(cli: Callable[..., tuple[int, str]]) -> None:
    cli("build")
    code, out = cli("search", "--json", "-", stdin="Zalando\n\nSageMaker models\n")
    assert code == 0
    assert [json.loads(line)["query"] for line in out.splitlines()] == ["Zalando", "SageMaker models"]


def test_readable_listing_without_json(cli: Callable[..., tuple[int, str]]) -> None:
    cli("build")
    code, out = cli("search", "Zalando")
    assert code == 0 and "DockerCon › Zalando" in out and "https://blog.io/dc/#zalando" in out


def test_search_without_an_index_says_how_to_build_one(cli: Callable[..., tuple[int, str]], capsys: pytest.CaptureFixture[str]) -> None:
    assert cli("search", "anything")[0] == 1
    assert "python -m embeddings build" in capsys.readouterr().err


@pytest.mark.slow
def test_build_and_search_end_to_end_with_the_real_model(tmp_path: Path) -> None:
    env = {**os.environ, "INDEX_DIR": str(tmp_path / "index"), "CORPUS_DIR": str(REPO / "corpus")}
    env.pop("EMBEDDING_MODEL", None)
    built = subprocess.run([sys.executable, "-m", "embeddings", "build"], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr
    # Only the summary: no library DEBUG line, no progress bar when stderr is not a terminal.
    (summary,) = built.stderr.splitlines()
    assert summary.startswith("indexed 2 reports")
    searched = subprocess.run(
        [sys.executable, "-m", "embeddings", "search", "--json", "-"], input="what did Zalando show?\nDocker Hub Enterprise\n",
        env=env, cwd=tmp_path, capture_output=True, text=True, timeout=300,
    )
    assert searched.returncode == 0, searched.stderr
    first, second = (json.loads(line) for line in searched.stdout.splitlines())
    assert "STUPS" in first["results"][0]["text"]
    assert first["results"][0]["source"] == "2015-12-08-dockercon-eu-2015-draft.md"
    assert second["results"][0]["url"] == "https://kreuzwerker.de/blog/posts/dockercon-europe-2014-2"


def test_a_bad_setting_is_reported_in_one_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("INDEX_TYPE", "ivf")
    with pytest.raises(SystemExit, match="bad setting: INDEX_TYPE: Input should be 'auto', 'flat' or 'hnsw'"):
        main(["build"])


def test_build_from_a_sources_file_links_answers_to_the_canonical_page_section(
    cli: Callable[..., tuple[int, str]], tmp_path: Path, site: Site, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("FETCH_HOST_DELAY_S", "0")
    page = site.put("/2024/quokka/", blog_page(
        "Quokka Conf", [("Keynote", "keynote", "The keynote introduced the marsupial scheduler.")],
        intro="Our notes from Quokka Conf in Perth.", canonical="https://blog.example.com/quokka/",
    ))
    site.put("/feed.xml", rss([("Quokka Conf", page)]), "application/rss+xml")
    (tmp_path / "team.yml").write_text(f"- folder: corpus/\n- feed: {site.url('/feed.xml')}\n")
    assert cli("build", "--sources", "team.yml")[0] == 0
    assert "indexed 3 reports" in capsys.readouterr().err
    code, out = cli("search", "--json", "--k", "1", "marsupial scheduler keynote")
    result = json.loads(out)["results"][0]
    assert code == 0 and result["url"] == "https://blog.example.com/quokka/#keynote" and result["source"] == page

    code, out = cli("sources", "--sources", "team.yml")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "folder: corpus/" and lines[1].startswith("  2 documents · last fetch 20")
    assert lines[2:4] == ["    dc.md  DockerCon", "    ml.md  ML"]
    assert lines[4] == f"feed: {site.url('/feed.xml')}" and "1 documents" in lines[5] and "last change 20" in lines[5]
    assert lines[6] == f"    {page}  Quokka Conf"

    site.fail["/2024/quokka/"] = 500
    assert cli("build", "--sources", "team.yml")[0] == 0
    err = capsys.readouterr().err
    assert f"could not fetch {page}: HTTP 500; kept the last good version" in err
    listing = cli("sources", "--sources", "team.yml")[1]
    assert f"last error: {page}: HTTP 500" in listing and f"    {page}  Quokka Conf  ✗ HTTP 500" in listing


def test_a_broken_sources_file_stops_the_build_naming_the_line(
    cli: Callable[..., tuple[int, str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "sources.yml").write_text("- folder: corpus/\n- fed: https://blog.example.com/feed.xml\n")
    assert cli("build")[0] == 1
    assert "sources.yml, line 2: a source needs exactly one of" in capsys.readouterr().err


def test_a_reader_that_stops_early_ends_the_search_quietly(tmp_path: Path, write_report: Write) -> None:
    # `python -m embeddings search --json - < questions | head -1`: no traceback once `head` has its line.
    write_report("dc.md", "# Zalando\n\nZalando showed STUPS.\n")
    env = {**os.environ, "EMBEDDING_MODEL": FakeEncoder.name, "ENCODER": "fake", "CORPUS_DIR": str(tmp_path / "corpus"),
           "INDEX_DIR": str(tmp_path / "index"), "PYTHONPATH": str(REPO)}
    subprocess.run([sys.executable, "-m", "embeddings", "build"], env=env, cwd=tmp_path, check=True, capture_output=True, timeout=120)
    questions = tmp_path / "questions.txt"
    questions.write_text("what did Zalando show?\n" * 20_000)  # more answers than a pipe buffer holds
    with questions.open("rb") as stdin:
        search = subprocess.Popen(
            [sys.executable, "-m", "embeddings", "search", "--json", "-"], env=env, cwd=tmp_path,
            stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )
    assert search.stdout and search.stderr
    assert json.loads(search.stdout.readline())["query"] == "what did Zalando show?"
    search.stdout.close()
    assert search.wait(timeout=120) == 1
    assert "Traceback" not in search.stderr.read().decode()


def test_search_json_gives_the_facts_of_a_question_about_the_reports(
    cli: Callable[..., tuple[int, str]], write_report: Callable[..., Path]
) -> None:
    write_report(
        "2016-03-02-devopscon.md",
        "---\ntitle: Impressions from DevOpsCon 2016\nauthor: Ada Lovelace\n---\n# Talks\n\nContainers everywhere.\n",
    )
    cli("build")
    answer = json.loads(cli("search", "--json", "who wrote the report about devopscon 2016?")[1])
    (fact,) = answer["facts"]
    assert fact["kind"] == "who" and fact["reports"][0]["authors"] == ["Ada Lovelace"]
    assert "was written by Ada Lovelace, 2 Mar 2016" in fact["text"]
    assert answer["results"][0]["author"] == "Ada Lovelace" and answer["results"][0]["date"] == "2016-03-02"


def test_reports_lists_the_catalogue_filtered(cli: Callable[..., tuple[int, str]], write_report: Callable[..., Path]) -> None:
    write_report("2016-03-02-devopscon.md", "---\ntitle: DevOpsCon 2016\nauthor: Ada Lovelace\ntags: [docker]\n---\nText.\n")
    cli("build")
    code, out = cli("reports", "author:Ada Lovelace")
    assert code == 0 and "DevOpsCon 2016" in out and "by Ada Lovelace" in out and "1 of 3 reports" in out
    assert "no report matches" in cli("reports", "tag:kafka")[1]
