from embeddings.chunking import ChunkingOptions, approximate_tokens, chunk_document, windows
from embeddings.models import Document


def doc(body: str, fmt: str = "markdown", url: str | None = "https://blog.io/post/", title: str = "Report") -> Document:
    return Document(source="r.md", title=title, body=body, format=fmt, content_hash="h", url=url)  # type: ignore[arg-type]


def test_one_chunk_per_section_with_heading_path_and_section_link() -> None:
    chunks = chunk_document(doc("Before any heading.\n\n# Day one\n\nKeynote.\n\n## Security\n\nContent trust.\n"))
    assert [(c.headings, c.text, c.url) for c in chunks] == [
        ((), "Before any heading.", "https://blog.io/post/"),
        (("Day one",), "Keynote.", "https://blog.io/post/#day-one"),
        (("Day one", "Security"), "Content trust.", "https://blog.io/post/#security"),
    ]
    assert chunks[2].embed_text == "Report › Day one › Security: Content trust."
    assert [c.id for c in chunks] == ["r.md#0", "r.md#1", "r.md#2"]


def test_a_first_heading_repeating_the_title_is_not_repeated_in_the_path() -> None:
    chunks = chunk_document(doc("# Report\n\n## Talks\n\ntext\n"))
    assert chunks[0].headings == ("Talks",)


def test_long_sections_become_overlapping_windows_within_the_budget() -> None:
    sentences = [f"Sentence number {i} talks about containers and orchestration tools." for i in range(80)]
    body = "# Long\n\n" + " ".join(sentences)
    options = ChunkingOptions(max_tokens=128, overlap_tokens=30)
    chunks = chunk_document(doc(body), approximate_tokens, options)
    assert len(chunks) > 3
    for chunk in chunks:
        assert approximate_tokens(chunk.embed_text) <= 128
    for first, second in zip(chunks, chunks[1:]):
        assert second.text.splitlines()[0] in first.text.splitlines()  # the overlap
    joined = " ".join(line for c in chunks for line in c.text.splitlines())
    assert all(s in joined for s in sentences)  # nothing lost
    assert {c.url for c in chunks} == {"https://blog.io/post/#long"}


def test_a_report_without_headings_is_chunked_by_paragraphs() -> None:
    paragraphs = [" ".join(["word"] * 60) + f" para{i}." for i in range(6)]
    chunks = chunk_document(doc("\n\n".join(paragraphs), fmt="text", url=None), approximate_tokens, ChunkingOptions(max_tokens=200))
    assert len(chunks) >= 2
    assert all(c.headings == () and c.url is None for c in chunks)
    assert all(c.text.count("para") >= 1 for c in chunks)


def test_a_single_overlong_sentence_is_cut_at_word_boundaries() -> None:
    pieces = windows(["x " * 500], budget=100, overlap=0, count=approximate_tokens)
    assert len(pieces) > 1 and all(approximate_tokens(p) <= 100 for p in pieces)


def test_links_stay_with_the_chunk_that_shows_them() -> None:
    (chunk,) = chunk_document(doc("# Zalando\n\nThe project [STUPS](https://stups.io/) uses Docker.\n"))
    assert [(link.text, link.url) for link in chunk.links] == [("STUPS", "https://stups.io/")]


def test_subtitle_and_event_give_the_passage_its_context() -> None:
    report = Document(
        source="r.md", title="Cattle over pets", body="# Boxfuse\n\nMachine images.\n", format="markdown",
        content_hash="h", subtitle="A personal recap on QCon 2016", event="QCon London",
    )
    (chunk,) = chunk_document(report)
    assert chunk.embed_text == "Cattle over pets › Boxfuse (A personal recap on QCon 2016) (QCon London): Machine images."
