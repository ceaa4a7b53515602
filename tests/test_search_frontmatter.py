from collections.abc import Callable
from pathlib import Path

import numpy as np

from embeddings.index import open_index
from embeddings.search.frontmatter import FrontMatterIndex
from embeddings.pipeline import build_corpus
from tests.conftest import FakeEncoder

Write = Callable[[str, str], Path]


def front_matter_of(tmp_path: Path, write_report: Write, encoder: FakeEncoder) -> tuple[FrontMatterIndex, list[str]]:
    write_report("a.md", "---\ntitle: Buzzwords\nauthor: Alice Kaerast\ntags: [kafka]\n---\n# Security\n\nKerberos.\n\n# Data\n\nLakes.\n")
    write_report("b.md", "---\ntitle: QCon\nauthor: Rune Offerdal\n---\n# Culture\n\nTeams.\n")
    write_report("c.md", "# Plain\n\nNo front matter here.\n")
    build_corpus(tmp_path / "corpus", tmp_path / "index", lambda: encoder, FakeEncoder.name, progress=False)
    index = open_index(tmp_path / "index")
    return FrontMatterIndex(index.chunks), [c.source for c in index.chunks]


def test_an_author_named_in_the_question_scores_every_passage_of_that_report_alike(
    write_report: Write, tmp_path: Path, fake_encoder: FakeEncoder
) -> None:
    front_matter, sources = front_matter_of(tmp_path, write_report, fake_encoder)
    scores = front_matter.search(("kaerast", "talk"), (0.75, 0.25), None)
    assert {sources[i] for i in scores} == {"a.md"}
    assert len(scores) == sources.count("a.md") == 2
    assert all(share == 0.75 for share in scores.values())


def test_stems_match_and_filters_are_kept(write_report: Write, tmp_path: Path, fake_encoder: FakeEncoder) -> None:
    front_matter, sources = front_matter_of(tmp_path, write_report, fake_encoder)
    assert {sources[i] for i in front_matter.search(("offerdals",), (1.0,), None)} == {"b.md"}
    only_a = np.array([i for i, s in enumerate(sources) if s == "a.md"], dtype=np.int64)
    assert front_matter.search(("offerdal",), (1.0,), only_a) == {}
    assert front_matter.search(("unheard",), (1.0,), None) == {}
