"""Words as every stage reads them: the word pattern, accent folding, stop words, the English stemmer, and
the small readers of front-matter values (dates, plain text) that documents, pages and the catalogue share."""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
import sys
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any

import Stemmer
from wordfreq import zipf_frequency

# Version numbers ("1.28") are one word: a question about a version the reports never name is unanswerable.
WORD = re.compile(r"\d+(?:\.\d+)+|\w+")


def _bm25s_stopwords() -> tuple[str, ...]:
    """bm25s's English stop words, read from its stopwords module without importing bm25s itself (see
    embeddings.index.lexical._bm25s)."""
    if "bm25s" in sys.modules:
        return tuple(sys.modules["bm25s"].stopwords.STOPWORDS_EN_PLUS)
    package = importlib.util.find_spec("bm25s")
    if package is None or not package.submodule_search_locations:
        raise ImportError("bm25s is not installed; run `make install`")
    spec = importlib.util.spec_from_file_location(
        "_bm25s_stopwords", Path(package.submodule_search_locations[0]) / "stopwords.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return tuple(module.STOPWORDS_EN_PLUS)


STOPWORDS = frozenset(_bm25s_stopwords())

# The most specific a word can be, on wordfreq's Zipf scale (0 never seen … 8 "the").
ZIPF_CEILING = 7.5


def english_zipf(word: str) -> float:
    """How common `word` is in general English, 0 (unseen) to about 8 ("the")."""
    return zipf_frequency(word, "en")


@lru_cache(maxsize=1)
def stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english")


def fold(word: str) -> str:
    """Lowercase without accents: "Jérôme" and "Jerome" are the same word to a person typing in Slack."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def looks_like_a_name(word: str, first: bool) -> bool:
    """Digits, inner capitals (KubeCon, JSConf, FOSDEM), or a capital that does not merely start the question
    (`first`: the word is the question's first)."""
    if any(ch.isdigit() for ch in word):
        return True
    if any(ch.isupper() for ch in word[1:]):
        return True
    return word[:1].isupper() and not first


def as_date(value: Any) -> dt.date | None:
    """A date from a front-matter or page-metadata value: a date, a datetime or an ISO 8601 string."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def as_text(value: Any) -> str | None:
    """A front-matter value as one line of text; None when empty or a list or mapping."""
    if value is None or isinstance(value, (dict, list, tuple)):
        return None
    text = str(value).strip()
    return text or None
