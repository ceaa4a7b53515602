"""The corpus vocabulary: which words the reports use, for spelling correction and for spotting questions
about things the reports never mention."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from embeddings.lexical import STOPWORDS

# Version numbers ("1.28") are one word: a question about a version the reports never name is unanswerable.
WORD = re.compile(r"\d+(?:\.\d+)+|\w+")


@dataclass(frozen=True)
class Term:
    form: str  # the spelling most often used in the reports, e.g. "Zalando"
    count: int
    name_like: bool  # mostly written with capitals: a name, product or acronym


@dataclass(frozen=True)
class QueryCheck:
    corrected: str | None  # the question with misspelt names replaced, when any were
    unknown: tuple[str, ...]  # name-like words of the question that no report contains
    known_words: int  # content words of the question found in the reports


def damerau_levenshtein(a: str, b: str, limit: int) -> int:
    """Edit distance counting a swap of neighbours as one edit; returns limit + 1 once it exceeds `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def indel_distance(a: str, b: str) -> int:
    """Insertions and deletions only (a substitution counts two): len(a) + len(b) - 2 × longest common subsequence."""
    previous = [0] * (len(b) + 1)
    for ch in a:
        current = [0]
        for j, other in enumerate(b):
            current.append(previous[j] + 1 if ch == other else max(previous[j + 1], current[j]))
        previous = current
    return len(a) + len(b) - 2 * previous[-1]


def _capitals(word: str) -> str:
    return "".join(ch for ch in word if ch.isupper())


def fold(word: str) -> str:
    """Lowercase without accents: "Jérôme" and "Jerome" are the same word to a person typing in Slack."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _looks_like_a_name(word: str, first: bool) -> bool:
    if any(ch.isdigit() for ch in word):
        return True
    if any(ch.isupper() for ch in word[1:]):  # KubeCon, JSConf, FOSDEM
        return True
    return word[:1].isupper() and not first  # a capital that is not just the start of the question


class Vocabulary:
    def __init__(self, terms: dict[str, Term]) -> None:
        self.terms = terms
        # Names by length: a correction is at most two edits away, so only lengths within two are compared.
        self._names_by_length: dict[int, list[tuple[str, Term]]] = {}
        for key, term in terms.items():
            if term.name_like:
                self._names_by_length.setdefault(len(key), []).append((key, term))

    @classmethod
    def build(cls, texts: Iterable[str]) -> Vocabulary:
        counts: dict[str, dict[str, int]] = {}
        for text in texts:
            for word in WORD.findall(text):
                forms = counts.setdefault(fold(word), {})
                forms[word] = forms.get(word, 0) + 1
        terms = {}
        for key, forms in counts.items():
            total = sum(forms.values())
            capitalized = sum(n for form, n in forms.items() if form[:1].isupper() or any(c.isupper() for c in form[1:]))
            terms[key] = Term(form=max(forms, key=lambda f: forms[f]), count=total, name_like=capitalized * 2 > total)
        return cls(terms)

    def save(self, path: Path) -> None:
        data = {key: [t.form, t.count, t.name_like] for key, t in self.terms.items()}
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> Vocabulary:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls({key: Term(form=f, count=int(c), name_like=bool(n)) for key, (f, c, n) in data.items()})

    def __contains__(self, word: str) -> bool:
        return fold(word) in self.terms

    def correct(self, word: str) -> str | None:
        """The name in the reports this word is most likely a misspelling of, or None.

        Only names are corrected (a common word missing from the reports is a paraphrase, not a typo), and only
        words long enough that one or two edits cannot turn one real word into another. Two edits are
        accepted only as missing or extra letters ("Petazoni" → "Petazzoni"), never as two changed letters
        ("HashiConf" is not "HashiCorp"), and capitals the user typed inside a word are taken as meant
        ("GraphQL" is not "GraphML").
        """
        key = fold(word)
        if len(key) < 5 or not key.isalpha():
            return None
        limit = 1 if len(key) <= 7 else 2
        best: tuple[int, int, str] | None = None
        candidates = (c for n in range(len(key) - limit, len(key) + limit + 1) for c in self._names_by_length.get(n, ()))
        for candidate, term in candidates:
            # A misspelling keeps the first or the second letter in place (and is checked in full below).
            if candidate[0] != key[0] and candidate[1] != key[1]:
                continue
            distance = damerau_levenshtein(key, candidate, limit)
            if distance > limit or (distance == 2 and indel_distance(key, candidate) > 2):
                continue
            if _capitals(word[1:]) and _capitals(word) != _capitals(term.form):
                continue
            if best is None or (distance, -term.count) < (best[0], best[1]):
                best = (distance, -term.count, term.form)
        return best[2] if best else None

    def check(self, question: str) -> QueryCheck:
        corrected = question
        unknown: list[str] = []
        known = 0
        changed = False
        for position, match in enumerate(WORD.finditer(question)):
            word = match.group(0)
            key = fold(word)
            if key in STOPWORDS:
                continue
            if key in self.terms:
                known += 1
                continue
            replacement = self.correct(word)
            if replacement:
                corrected = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", replacement, corrected, count=1)
                changed = True
                known += 1
            elif _looks_like_a_name(word, first=position == 0):
                unknown.append(word)
        return QueryCheck(corrected=corrected if changed else None, unknown=tuple(unknown), known_words=known)
