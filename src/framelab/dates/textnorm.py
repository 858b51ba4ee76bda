"""Text normalisation for matching, with a map back to the original offsets.

:func:`normalise` maps every character to exactly one character: Eastern Arabic and Persian digits
to ASCII digits, Arabic letter variants to one form (أ إ آ ٱ -> ا, ى ی -> ي, ة -> ه, ک -> ك),
Turkish dotted/dotless i to ``i``, ё to е, letters to lower case (when that keeps one character),
every kind of horizontal space to a plain space and dashes to ``-``; Arabic diacritics and the
tatweel become the tatweel. :func:`normalise_for_matching` then drops those tatweels and returns,
for every kept character, its offset in the original text.
"""

from __future__ import annotations

import unicodedata
from array import array
from collections.abc import Sequence
from functools import lru_cache

from ..text.arabic import DATES_GROUPS, folding

TATWEEL = "\u0640"

_FIXED: dict[str, str] = {
    **{chr(0x0660 + i): str(i) for i in range(10)},  # Arabic-Indic digits
    **{chr(0x06F0 + i): str(i) for i in range(10)},  # Extended (Persian/Urdu) digits
    **folding(*DATES_GROUPS),  # Arabic letter variants (resources/text/arabic.yaml)
    "İ": "i",
    "ı": "i",
    "I": "i",
    "ё": "е",
    "Ё": "е",
    "\u00a0": " ",
    "\u2007": " ",
    "\u202f": " ",
    "\t": " ",
    "\u2009": " ",
    "\u200a": " ",
    "\u2002": " ",
    "\u2003": " ",
    "\u3000": " ",
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2212": "-",
    "\u2019": "'",
    "\u2018": "'",
    "\u02bc": "'",
    "\u200f": " ",
    "\u200e": " ",
    "\u200b": " ",
    "\u200c": " ",
    "\u200d": " ",
    "\u060c": ",",  # Arabic comma
}
_ARABIC_MARKS = [chr(c) for c in range(0x064B, 0x0660)] + ["\u0670", TATWEEL]


@lru_cache(maxsize=1)
def _table() -> dict[int, str]:
    table: dict[int, str] = {ord(k): v for k, v in _FIXED.items()}
    for mark in _ARABIC_MARKS:
        table[ord(mark)] = TATWEEL
    return table


def _lower_one(ch: str) -> str:
    low = ch.lower()
    return low if len(low) == 1 else ch


class _Normaliser(dict):
    """A str.translate table that lower-cases lazily, character by character."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        out = _lower_one(ch)
        self[code] = out
        return out


_NORMALISER = _Normaliser(_table())


def normalise(text: str) -> str:
    """``text`` with the same length, normalised for matching (see the module docstring)."""
    out = text.translate(_NORMALISER)
    assert len(out) == len(text)
    return out


def lookup_key(text: str) -> str:
    """The key a matched surface string is looked up under in a lexicon: normalised, tatweel and
    diacritics dropped, runs of spaces collapsed."""
    norm = normalise(unicodedata.normalize("NFC", text)).replace(TATWEEL, "")
    return " ".join(norm.split())


def normalise_for_matching(text: str) -> tuple[str, Sequence[int]]:
    """``(normalised text without diacritics/tatweel, original offset of each kept character)``;
    the offsets have one extra entry, ``len(text)``, so that an end offset maps too. Without
    dropped characters the offsets are a ``range`` (no memory per character); otherwise an
    array of machine integers (8 bytes per character, not a Python int object each)."""
    same_length = normalise(text)
    if TATWEEL not in same_length:
        return same_length, range(len(text) + 1)
    kept = array("q", (i for i, ch in enumerate(same_length) if ch != TATWEEL))
    kept.append(len(text))
    return same_length.replace(TATWEEL, ""), kept


def key_form(text: str) -> str:
    """Normalised form of a lexicon entry or template literal (diacritics and tatweel dropped)."""
    return normalise(text).replace(TATWEEL, "")
