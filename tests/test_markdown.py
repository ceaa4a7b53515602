from embeddings.documents.markdown import AnchorIds, parse_markdown, parse_plain_text
from embeddings.models import Chunk, Link


def test_sections_split_at_every_heading_level_with_their_path() -> None:
    sections = parse_markdown("intro text\n\n# One\n\nfirst\n\n## Two\n\nsecond\n\n# Three\n\nthird\n")
    assert [(s.headings, s.blocks) for s in sections] == [
        ((), ["intro text"]),
        (("One",), ["first"]),
        (("One", "Two"), ["second"]),
        (("Three",), ["third"]),
    ]


def test_setext_headings_are_headings() -> None:
    sections = parse_markdown("Big\n===\n\nbody\n\nSmall\n-----\n\nmore\n")
    assert [s.headings for s in sections] == [("Big",), ("Big", "Small")]


def test_hash_inside_a_code_fence_is_code_not_a_heading() -> None:
    sections = parse_markdown("# Real\n\n```\n# not a heading\n```\n")
    assert len(sections) == 1
    assert sections[0].blocks == ["# not a heading"]


def test_markup_becomes_readable_text_and_links_are_kept_aside() -> None:
    md = "Some **bold** and _em_ with [STUPS](https://stups.io/) and `code` {% include x.html %}<br>next <b>html</b>"
    (section,) = parse_markdown(md)
    assert section.blocks == ["Some bold and em with STUPS and code\nnext html"]
    assert section.links == [Link("STUPS", "https://stups.io/")]


def test_lists_tables_and_html_blocks_keep_their_text() -> None:
    md = "- one\n  - nested\n1. first\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n<div>inside</div>\n"
    (section,) = parse_markdown(md)
    assert section.blocks == ["• one", "  • nested", "1. first", "a | b", "1 | 2", "inside"]


def test_anchors_follow_kramdown_gfm_ids_and_number_duplicates() -> None:
    ids = AnchorIds()
    assert ids('Things "inbetween"') == "things-inbetween"
    assert ids("Day 3 (Sunday):") == "day-3-sunday"
    assert ids("Day 3 (Sunday):") == "day-3-sunday-1"
    assert ids("Über -- Docker's API") == "über--dockers-api"


def test_plain_text_is_split_into_paragraphs() -> None:
    (section,) = parse_plain_text("first line\ncontinues\n\n\nsecond paragraph\n")
    assert section.headings == ()
    assert section.blocks == ["first line continues", "second paragraph"]


def test_struck_out_words_keep_their_mark_and_the_model_reads_them_as_before() -> None:
    md = "Once upon a time in a ~~galaxy~~ container far, far away, we <del>rebels</del> went to Barcelona."
    (section,) = parse_markdown(md)
    assert section.blocks == ["Once upon a time in a ~~galaxy~~ container far, far away, we ~~rebels~~ went to Barcelona."]
    chunk = Chunk(id="r.md#0", source="r.md", title="DockerCon", headings=(), text=section.blocks[0])
    assert chunk.embed_text == "DockerCon: Once upon a time in a galaxy container far, far away, we rebels went to Barcelona."
