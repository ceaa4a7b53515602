"""`python -m embeddings build|search|sources|reports`: the retrieval engine from the terminal."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, TextIO

from embeddings.encoders import Encoder, get_encoder
from embeddings.errors import EmbeddingsError
from embeddings.index import IndexStore, open_index
from embeddings.logs import log_to_stderr
from embeddings.models import SearchResult
from embeddings.pipeline import Pipeline
from embeddings.reports_command import fact_to_json, format_reports
from embeddings.search.statements import statement
from embeddings.search import QueryError, Searcher
from embeddings.config import Settings, load_settings
from embeddings.sources import configured_sources
from embeddings.source_status import SourceStatus, source_status

log = logging.getLogger("embeddings")


def result_to_json(result: SearchResult) -> dict[str, Any]:
    """The `--json` shape; other tools parse it, so its field names are fixed."""
    return {
        "query": result.query,
        "took_ms": round(result.took_ms, 2),
        "no_answer": result.no_answer,
        "confidence": round(result.confidence, 4),
        "outcome": result.outcome,
        # The question as searched when spelling correction changed it, else null.
        "showing_results_for": result.corrected_query,
        "facts": [fact_to_json(f) for f in result.facts],
        "results": [
            {
                "rank": hit.rank,
                "score": hit.score,
                "confidence": hit.confidence,
                "answers": hit.answers,
                "dense": hit.dense,
                "lexical": hit.lexical,
                "coverage": hit.coverage,
                "title": hit.chunk.title,
                "heading": hit.chunk.heading,
                "url": hit.chunk.url,
                "source": hit.chunk.source,
                "text": hit.chunk.text,
                "author": ", ".join(hit.chunk.authors) or None,
                "event": hit.chunk.event,
                "date": hit.chunk.date.isoformat() if hit.chunk.date else None,
            }
            for hit in result.hits
        ],
    }


def format_result(result: SearchResult) -> str:
    lines = [f"Q: {result.query}  ({result.took_ms:.0f} ms, confidence {result.confidence:.2f})"]
    if result.corrected_query:
        lines.append(f"  Showing results for {result.corrected_query}")
    lines.extend(f"  {statement(fact)}" for fact in result.facts)
    if result.outcome == "low_confidence":
        # Under a fact about the reports the passages are context, not a failed answer.
        lines.append("  Related passages:" if result.facts else "  Nothing in the reports answers this directly. Closest passages:")
    elif result.outcome == "nothing_close":
        lines.append("  The reports don't cover this.")
    for hit in result.hits:
        chunk = hit.chunk
        where = " › ".join((chunk.title, *chunk.headings))
        lines.append(f"\n{hit.rank}. {where}   [score {hit.score:.4f}, confidence {hit.confidence:.2f}]")
        lines.append(f"   {chunk.url or chunk.source}")
        for text_line in chunk.text.splitlines():
            lines.append(f"   > {text_line}")
    return "\n".join(lines)


def _questions(question: str, stdin: TextIO) -> Iterable[str]:
    if question != "-":
        yield question
        return
    for line in stdin:
        if line.strip():
            yield line.rstrip("\n")


# model name → encoder; by default the one the ENCODER setting names in the registry (embeddings.encoders).
EncoderFactory = Callable[[str], Encoder]


def format_sources(statuses: Sequence[SourceStatus]) -> str:
    lines: list[str] = []
    for status in statuses:
        lines.append(status.label)
        lines.append(
            f"  {status.indexed} documents · last fetch {status.last_fetch or 'never'} · "
            f"last change {status.last_change or 'never'}"
        )
        if status.last_error:
            lines.append(f"  last error: {status.last_error}")
        for doc in status.documents:
            what = doc.title if doc.title is not None else "(not indexed)"
            error = f"  ✗ {doc.error}" if doc.error else ""
            lines.append(f"    {doc.id}  {what}{error}")
    return "\n".join(lines) if lines else "no sources configured"


def run_search(args: argparse.Namespace, settings: Settings, make_encoder: EncoderFactory, out: TextIO, stdin: TextIO) -> int:
    # The index is opened first: a missing or mismatched index is reported before the model takes seconds to load.
    index = open_index(args.index, expect_model=settings.embedding_model)
    searcher = Searcher(index, make_encoder(settings.embedding_model))
    status = 0
    for question in _questions(args.question, stdin):
        try:
            result = searcher.search(question, k=args.k)
        except QueryError as exc:
            print(f"error: {exc}: {question!r}", file=sys.stderr)
            status = 1
            continue
        print(json.dumps(result_to_json(result), ensure_ascii=False) if args.json else format_result(result), file=out)
        out.flush()
    return status


def run_reports(args: argparse.Namespace, out: TextIO) -> int:
    index = open_index(args.index)
    # The shell took the quotes off `author:"Scott Speights"`; they go back on.
    words = [f'{a.split(":", 1)[0]}:"{a.split(":", 1)[1]}"' if " " in a and ":" in a else a for a in args.filter]
    print(format_reports(index.catalogue.reports, " ".join(words)), file=out)
    return 0


def parser(settings: Settings) -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="python -m embeddings", description="Index event reports and search them.")
    commands = root.add_subparsers(dest="command", required=True)

    build_cmd = commands.add_parser("build", help="fetch the sources and build or update the index")
    where = build_cmd.add_mutually_exclusive_group()
    where.add_argument("--sources", type=Path, help="sources file (SOURCES_FILE; default sources.yml if present)")
    where.add_argument("--corpus", type=Path, help="a reports folder instead of a sources file (CORPUS_DIR)")
    build_cmd.add_argument("--index", type=Path, default=settings.index_dir, help="index folder (INDEX_DIR)")
    build_cmd.add_argument("--force", action="store_true", help="re-embed every passage even if unchanged, and export the ONNX model again")

    sources_cmd = commands.add_parser("sources", help="list each source: documents, last fetch, last change, last error")
    sources_cmd.add_argument("--sources", type=Path, help="sources file (SOURCES_FILE; default sources.yml if present)")
    sources_cmd.add_argument("--index", type=Path, default=settings.index_dir, help="index folder (INDEX_DIR)")

    search_cmd = commands.add_parser("search", help="answer a question from the index")
    search_cmd.add_argument("--index", type=Path, default=settings.index_dir, help="index folder (INDEX_DIR)")
    search_cmd.add_argument("--k", type=int, default=settings.answer_passages, help="passages per answer")
    search_cmd.add_argument("--json", action="store_true", help="one JSON object per question")
    search_cmd.add_argument("question", help="the question, or - to read one question per line from stdin")

    reports_cmd = commands.add_parser("reports", help="list the reports: year:, event:, author:, tag: or words")
    reports_cmd.add_argument("--index", type=Path, default=settings.index_dir, help="index folder (INDEX_DIR)")
    reports_cmd.add_argument("filter", nargs="*", help='e.g. year:2017 or author:"Scott Speights" or kubecon')
    return root


def run_build(args: argparse.Namespace, settings: Settings, make_encoder: EncoderFactory | None) -> int:
    build_encoder = make_encoder or (
        lambda model: get_encoder(
            settings.encoder, model, index_dir=args.index, purpose="build", elsewhere=settings.onnx_elsewhere()
        )
    )
    sources = configured_sources(settings, args.sources, args.corpus)
    pipeline = Pipeline.from_settings(
        settings, lambda: build_encoder(settings.embedding_model), sources=sources, index_dir=args.index
    )
    summary, _ = pipeline.update(force=args.force, progress=sys.stderr.isatty())
    for reason in summary.skipped:
        print(f"warning: skipped {reason}", file=sys.stderr)
    for reason in summary.failed:
        print(f"warning: could not fetch {reason}; kept the last good version", file=sys.stderr)
    print(summary.line(), file=sys.stderr)
    return 0


def main(
    argv: Sequence[str] | None = None,
    out: TextIO | None = None,
    stdin: TextIO | None = None,
    make_encoder: EncoderFactory | None = None,
) -> int:
    log_to_stderr(logging.WARNING, "%(levelname)s %(name)s: %(message)s")
    settings = load_settings()
    args = parser(settings).parse_args(argv)
    out = out or sys.stdout
    try:
        if args.command == "build":
            return run_build(args, settings, make_encoder)
        if args.command == "sources":
            sources = configured_sources(settings, args.sources)
            print(format_sources(source_status(sources, IndexStore(args.index))), file=out)
            return 0
        if args.command == "reports":
            return run_reports(args, out)
        if args.k < 1:
            print("error: --k must be at least 1", file=sys.stderr)
            return 2
        query_encoder = make_encoder or (
            lambda model: get_encoder(
                settings.encoder, model, index_dir=args.index, elsewhere=settings.onnx_elsewhere()
            )
        )
        return run_search(args, settings, query_encoder, out, stdin or sys.stdin)
    except EmbeddingsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # The reader went away (`... | head -1`): stop quietly, as other command-line tools do. stdout is pointed
        # at /dev/null so that the interpreter's final flush does not raise again.
        if out is sys.stdout:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
