from embeddings.excerpt import best_excerpt

PASSAGE = (
    "The first day started with news. Docker showed content trust for signed images. "
    "Lunch was good. Zalando presented STUPS, their PaaS on AWS. The party was in a museum."
)


def test_short_passages_are_quoted_whole() -> None:
    excerpt = best_excerpt("Zalando presented STUPS.", "what did Zalando show?")
    assert str(excerpt) == "Zalando presented STUPS."


def test_long_passages_are_trimmed_around_the_best_sentence_with_ellipses() -> None:
    excerpt = best_excerpt(PASSAGE, "what did Zalando present?", max_chars=90)
    assert "Zalando presented STUPS, their PaaS on AWS." in excerpt.text
    assert str(excerpt).startswith("…") and excerpt.trimmed_start
    assert len(excerpt.text) <= 90
    # whole sentences only, straight from the passage
    assert excerpt.text in PASSAGE and excerpt.text.endswith(".") and excerpt.text[0].isupper()


def test_one_overlong_sentence_is_cut_at_a_word_boundary() -> None:
    excerpt = best_excerpt("word " * 300, "word", max_chars=100)
    assert str(excerpt).endswith("…") and len(excerpt.text) <= 100
    assert excerpt.text.split()[-1] == "word"


def test_list_lines_keep_their_line_breaks() -> None:
    passage = "Security topics:\n• Docker Content Trust\n• Hardware signing\n• Project Nautilus"
    assert best_excerpt(passage, "content trust").text == passage
