"""Language of an article: metadata codes normalised to ISO 639-1, else offline detection (lingua).

Detection runs on the article body, not on its first line: lines shorter than
``policy.yaml`` language.min_line_chars (site chrome such as a section name) are left out of the
sample, which is capped at language.sample_chars characters for speed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache

from ..errors import FramelabError
from .config import policy

_CODE = re.compile(r"^([a-z]{2,3})(?:[-_][a-z0-9]+)*$")


def normalise_language(value: object) -> str | None:
    """An ISO 639-1 code from a metadata value (``ar``, ``ar-SA``, ``Arabic``, ``ara``), or None."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    text = str(value).strip().casefold()
    if not text:
        return None
    aliases: dict[str, str] = policy()["language"]["aliases"]
    if text in aliases:
        return aliases[text]
    match = _CODE.match(text)
    if not match:
        return None
    code = match.group(1)
    if len(code) == 2:
        return code
    return aliases.get(code)


def detection_sample(
    text: str, *, min_line_chars: int | None = None, max_chars: int | None = None
) -> str:
    """The part of ``text`` given to the detector: its longer lines, up to ``max_chars``."""
    settings = policy()["language"]
    min_line = int(settings["min_line_chars"] if min_line_chars is None else min_line_chars)
    limit = int(settings["sample_chars"] if max_chars is None else max_chars)
    kept: list[str] = []
    size = 0
    for line in text.splitlines():
        line = line.strip()
        if len(line) < min_line:
            continue
        kept.append(line)
        size += len(line) + 1
        if size >= limit:
            break
    sample = "\n".join(kept)
    whole = text.strip()
    # mostly short lines (a list of names, a caption): the long ones do not speak for the text
    if len(sample) < 0.5 * min(len(whole), limit):
        sample = whole
    return sample[:limit]


@lru_cache(maxsize=1)
def _compatibility_forms() -> re.Pattern[str]:
    ranges = policy()["language"]["nfkc_ranges"]
    return re.compile("[" + "".join(f"{chr(a)}-{chr(b)}" for a, b in ranges) + "]+")


def fold_compatibility_forms(text: str) -> str:
    """``text`` with presentation forms (Arabic U+FB50-FDFF, U+FE70-FEFE) replaced by their NFKC
    letters: detectors are trained on letters, and read glyph forms as another language."""
    pattern = _compatibility_forms()
    if text.isascii() or not pattern.search(text):
        return text
    return pattern.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)


class LanguageDetector:
    """Offline detection restricted to ``candidates`` (ISO 639-1 codes) with lingua."""

    def __init__(self, candidates: Sequence[str]) -> None:
        self.candidates = tuple(sorted({c.strip().lower() for c in candidates}))
        if len(self.candidates) < 1:
            raise FramelabError("candidate_languages must name at least one language")
        self._detector = _build_detector(self.candidates)

    def detect(self, text: str) -> str | None:
        """ISO 639-1 code of ``text``'s body, or None when there is no text or no reliable answer."""
        sample = fold_compatibility_forms(detection_sample(text))
        if not sample.strip():
            return None
        if len(self.candidates) == 1:
            return self.candidates[0]
        found = self._detector.detect_language_of(sample)
        return found.iso_code_639_1.name.lower() if found is not None else None


@lru_cache(maxsize=8)
def _build_detector(candidates: tuple[str, ...]):  # -> lingua.LanguageDetector
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    languages = []
    for code in candidates:
        iso = getattr(IsoCode639_1, code.upper(), None)
        if iso is None:
            raise FramelabError(f"language {code!r} is not an ISO 639-1 code lingua supports")
        languages.append(Language.from_iso_code_639_1(iso))
    if len(languages) == 1:
        return None
    return LanguageDetectorBuilder.from_languages(*languages).build()


def default_candidates() -> list[str]:
    return list(policy()["language"]["default_candidates"])


def parse_language_list(value: str | Iterable[str] | None) -> list[str] | None:
    """``"ar,en"`` or ``["ar", "en"]`` -> ``["ar", "en"]``; None stays None."""
    if value is None:
        return None
    items = value.split(",") if isinstance(value, str) else list(value)
    return [i.strip().lower() for i in items if i and i.strip()]
