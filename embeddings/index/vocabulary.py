"""The corpus vocabulary: which words the reports use, for spelling correction and for spotting questions
about things the reports never mention."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein, Indel

from embeddings.text import STOPWORDS, WORD, english_zipf, fold, looks_like_a_name, stemmer

# Words joined by a hyphen, colon or slash name one thing: "exactly-once", "re:Invent", "I/O", "CI/CD". Reports that
# have "exactly" and "once" apart, or "invented", do not mention it. Such a term is keyed by its folded parts joined
# with JOIN, which no single word contains, so it is found however a text writes it: "re:Invent", "re-invent" or
# "re invent" (`phrase_keys`), "reInvent" or "reinventing" (`stem_of`).
COMPOUND = re.compile(r"\w+(?:[-:/]\w+)+")
JOIN = "-"
COMPOUND_PARTS = 3


@dataclass(frozen=True)
class Term:
    form: str  # the spelling most often used in the reports, e.g. "Zalando"
    count: int
    name_like: bool  # mostly written with capitals: a name, product or acronym


# A word this common in English (wordfreq's Zipf scale: 3 is once per million words) is a word the user
# meant, even when no report uses it: "quantum" is not a typo of "quota".
ENGLISH_WORD_ZIPF = 3.0


@dataclass(frozen=True)
class QueryCheck:
    corrected: str | None  # the question with misspelt words replaced, when any were
    unknown: tuple[str, ...]  # name-like words of the question that no report contains
    known_words: int  # content words of the question found in the reports
    # Every content word (after correction) that no report contains, names or not.
    missing: tuple[str, ...] = ()
    # The content words of the question after correction, folded (lowercase, no accents).
    words: tuple[str, ...] = ()


def compound_key(text: str) -> str | None:
    """The key of a compound term ("re:Invent" → "re-invent"), or None when `text` is not one: each of its two or
    three parts has a letter ("COVID-19" and dates stay words)."""
    parts = re.split(r"[-:/]", fold(text))
    if not 2 <= len(parts) <= COMPOUND_PARTS or not all(any(ch.isalpha() for ch in part) for part in parts):
        return None
    return JOIN.join(parts)


def phrase_keys(words: Sequence[str]) -> set[str]:
    """The compound keys of every run of two or three adjacent folded words of a text."""
    keys: set[str] = set()
    for n in range(2, COMPOUND_PARTS + 1):
        keys.update(JOIN.join(words[i : i + n]) for i in range(len(words) - n + 1))
    return keys


def stem_of(key: str) -> str:
    """The stem of a word, or of a compound written as one word ("re-invent" → "reinvent")."""
    return stemmer().stemWord(key.replace(JOIN, ""))


def _capitals(word: str) -> str:
    return "".join(ch for ch in word if ch.isupper())


class Vocabulary:
    def __init__(self, terms: dict[str, Term]) -> None:
        self.terms = terms
        self.total = sum(t.count for t in terms.values()) or 1
        # "containerizing" is known when the reports say "containerized": same stem, not a typo, not missing.
        self._stems = frozenset(stemmer().stemWords([key.replace(JOIN, "") for key in terms]))
        # Words by length: a correction is at most two edits away, so only lengths within two are compared.
        self._by_length: dict[int, list[str]] = {}
        for key in terms:
            if key.isalpha():
                self._by_length.setdefault(len(key), []).append(key)

    @classmethod
    def build(cls, texts: Iterable[str]) -> Vocabulary:
        counts: dict[str, dict[str, int]] = {}
        for text in texts:
            for word in WORD.findall(text):
                forms = counts.setdefault(fold(word), {})
                forms[word] = forms.get(word, 0) + 1
            for match in COMPOUND.finditer(text):
                key = compound_key(match.group(0))
                if key:
                    forms = counts.setdefault(key, {})
                    forms[match.group(0)] = forms.get(match.group(0), 0) + 1
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

    def count(self, word: str) -> int:
        key = fold(word)
        term = self.terms.get(key) or self.terms.get(key.replace(JOIN, ""))
        return term.count if term else 0

    def known(self, key: str) -> bool:
        """Whether the reports use this folded word or compound key, in this or another form of it."""
        return key in self.terms or stem_of(key) in self._stems

    def zipf(self, word: str) -> float:
        """How common `word` is in the reports, on the same scale as `english_zipf` (0 when absent)."""
        term = self.terms.get(fold(word))
        if term is None:
            return 0.0
        return max(0.0, math.log10(term.count / self.total * 1e9))

    def correct(self, word: str) -> str | None:
        """The word in the reports this word is most likely a misspelling of, or None.

        Any content word may be corrected ("deploymnet", "Zalndo"), but not a real English word the reports
        happen not to use ("quantum" is not "quota"), and only words long enough that one or two edits cannot
        turn one real word into another: four letters may gain a missing letter ("Tamy" → "Tammy"), up to
        seven letters take one edit, longer words two. Two edits are accepted only as missing or extra
        letters ("Petazoni" → "Petazzoni"), never as two changed letters ("HashiConf" is not "HashiCorp"),
        and capitals the user typed inside a word are taken as meant ("GraphQL" is not "GraphML").
        """
        key = fold(word)
        if len(key) < 4 or not key.isalpha() or english_zipf(key) >= ENGLISH_WORD_ZIPF:
            return None
        limit = 1 if len(key) <= 7 else 2
        lengths = [len(key) + 1] if len(key) == 4 else range(len(key) - limit, len(key) + limit + 1)
        choices = [c for n in lengths for c in self._by_length.get(n, ())]
        if not choices:
            return None
        best: tuple[int, int, str] | None = None
        found = process.extract(key, choices, scorer=DamerauLevenshtein.distance, score_cutoff=limit, limit=20)
        for candidate, distance, _ in found:
            term = self.terms[candidate]
            # A misspelling keeps the first or the second letter in place.
            if candidate[0] != key[0] and candidate[1] != key[1]:
                continue
            if distance == 2 and Indel.distance(key, candidate) > 2:
                continue
            if _capitals(word[1:]) and _capitals(word) != _capitals(term.form):
                continue
            if best is None or (distance, -term.count) < (best[0], best[1]):
                best = (int(distance), -term.count, term.form)
        return best[2] if best else None

    def check(self, question: str) -> QueryCheck:
        reading = _Reading(corrected=question)
        compounds = {m.start(): (m.end(), key) for m in COMPOUND.finditer(question) if (key := compound_key(m.group(0)))}
        inside = -1  # end of the compound being read
        for position, match in enumerate(WORD.finditer(question)):
            if match.start() < inside:
                continue
            compound = compounds.get(match.start())
            # A compound the reports have, or one of words they have, is one term, which they may still lack
            # ("exactly-once"); with a part no report has, its parts are read as words, to be corrected.
            if compound and (
                self.known(compound[1])
                or all(self.known(part) for part in compound[1].split(JOIN) if part not in STOPWORDS)
            ):
                inside, key = compound
                reading.term(key, self.known(key))
                continue
            if fold(match.group(0)) not in STOPWORDS:
                self._read_word(reading, match.group(0), first=position == 0)
        return reading.result()

    def _read_word(self, reading: _Reading, word: str, first: bool) -> None:
        key = fold(word)
        if self.known(key):
            reading.term(key, True)
            return
        replacement = self.correct(word)
        if replacement:
            reading.corrected = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", replacement, reading.corrected, count=1)
            reading.changed = True
            reading.term(fold(replacement), True)
            return
        reading.term(key, False)
        if looks_like_a_name(word, first=first):
            reading.unknown.append(word)


@dataclass
class _Reading:
    """A question's words as `Vocabulary.check` reads them, one by one."""

    corrected: str
    changed: bool = False
    unknown: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    words: list[str] = field(default_factory=list)
    known: int = 0

    def term(self, key: str, known: bool) -> None:
        self.words.append(key)
        if known:
            self.known += 1
        else:
            self.missing.append(key)

    def result(self) -> QueryCheck:
        return QueryCheck(
            corrected=self.corrected if self.changed else None, unknown=tuple(self.unknown), known_words=self.known,
            missing=tuple(self.missing), words=tuple(self.words),
        )
