"""Bytes to text: BOMs, UTF-8, legacy encodings (windows-1256, UTF-16 ...) and binary files.

UTF-8 is tried first (almost every modern dump is UTF-8, and it is cheap); anything else goes to
charset-normalizer, restricted to the usual news encodings of ``policy.yaml`` encodings.candidates.
Among the codecs that decode the bytes equally well, the earliest of that list wins (cp1252 before
latin_1 and cp1250 for Western text); a guess that is doubtful (other codecs fit as well but give a
different text, or the text looks odd) is kept with a note in ``Decoded.issue``. A guess is kept
only when it decodes to text with few control characters.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from .config import policy

if TYPE_CHECKING:
    from charset_normalizer.models import CharsetMatch

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# C0 controls except \t \n \v \f \r, and DEL: text files (almost) never hold them
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f]")
_MAX_CONTROL_SHARE = 0.01


class DecodeError(ValueError):
    """Bytes that are not text; ``reason`` is the rejects-table reason (empty / binary / encoding)."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # Python codec name, e.g. utf-8, cp1256, utf_16_le
    issue: str | None = None  # why the encoding guess is doubtful, if it is


@lru_cache(maxsize=1)
def _magic() -> tuple[tuple[re.Pattern[bytes], str], ...]:
    table = policy()["files"]["binary_magic"]
    return tuple((re.compile(k.encode("latin-1")), v) for k, v in table.items())


def binary_signature(data: bytes) -> str | None:
    """The file type named by a known binary signature at the start of ``data``, if any."""
    head = data[:64]
    for magic, kind in _magic():
        if magic.match(head):
            return kind
    return None


def control_share(text: str) -> float:
    """Share of control characters (other than whitespace) in a sample of ``text``."""
    sample = text[:20000]
    if not sample:
        return 0.0
    return len(_CONTROL.findall(sample)) / len(sample)


def _is_clean_utf8(data: bytes) -> bool:
    """True when ``data`` is valid UTF-8 with (almost) no control characters: text, whatever
    its first bytes look like."""
    try:
        return control_share(data[:80_000].decode("utf-8", errors="strict")) <= _MAX_CONTROL_SHARE
    except UnicodeDecodeError as err:
        return (
            err.start >= 79_996 and control_share(data[: err.start].decode()) <= _MAX_CONTROL_SHARE
        )


def _bom_encoding(data: bytes) -> str | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    return None


def decode_bytes(data: bytes) -> Decoded:
    """Decode ``data`` to text or raise :class:`DecodeError` (empty, binary, unknown encoding)."""
    if not data.strip():
        raise DecodeError("empty", "empty file" if not data else "file holds only whitespace")
    encoding = _bom_encoding(data)
    if encoding:
        try:
            return _checked(data.decode(encoding), encoding)
        except UnicodeDecodeError as err:
            raise DecodeError(
                "encoding", f"has a {encoding} byte-order mark but {err.reason}"
            ) from None
    kind = binary_signature(data)
    if kind and not _is_clean_utf8(data):  # "GIF89a is ..." in a text file stays text
        raise DecodeError("binary", f"binary file ({kind} signature), not text")
    try:
        return _checked(data.decode("utf-8"), "utf-8")
    except (UnicodeDecodeError, DecodeError):
        # not UTF-8, or UTF-8-valid bytes full of control characters (e.g. UTF-16 without BOM)
        pass
    damaged = _damaged_utf8(data)
    if damaged is not None:
        return damaged
    return _detected(data)


def _damaged_utf8(data: bytes) -> Decoded | None:
    """UTF-8 with a few invalid bytes (a stray byte): decoded with U+FFFD for each invalid
    sequence and flagged, when its valid multi-byte characters far outnumber the invalid
    sequences (``policy.yaml`` files.utf8_damage). None: not UTF-8 (a legacy encoding)."""
    rules = policy()["files"]["utf8_damage"]
    text = data.decode("utf-8", errors="replace")
    n_bad = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    n_valid = len(text) - len(text.encode("ascii", "ignore")) - n_bad
    if (
        n_valid < int(rules["min_valid_multibyte"])
        or n_valid < int(rules["valid_per_invalid"]) * n_bad
    ):
        return None
    try:
        decoded = _checked(text, "utf-8")
    except DecodeError:
        return None
    issue = f"{n_bad} invalid UTF-8 byte sequence(s) replaced with U+FFFD"
    return Decoded(decoded.text, "utf-8", issue)


@lru_cache(maxsize=1)
def _encoding_policy() -> dict[str, Any]:
    return dict(policy()["encodings"])


def _detected(data: bytes) -> Decoded:
    from charset_normalizer import from_bytes

    settings = _encoding_policy()
    preference: list[str] = list(settings["candidates"])
    matches = list(from_bytes(data, cp_isolation=preference))
    if not matches:
        kind = "binary" if b"\x00" in data else "encoding"
        detail = (
            "binary content, not text"
            if kind == "binary"
            else "not UTF-8 and no known encoding fits"
        )
        raise DecodeError(kind, detail)
    contenders = _equally_good(matches, float(settings["tie_chaos"]))
    chosen = min(contenders, key=lambda m: _rank(m, preference)[0])
    encoding = _rank(chosen, preference)[1]
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:  # charset-normalizer decodes by chunks; trust its own text
        encoding, text = chosen.encoding, str(chosen)
    issue = _doubt(chosen, encoding, contenders, float(settings["low_confidence_chaos"]))
    decoded = _checked(text, encoding)
    return Decoded(decoded.text, decoded.encoding, issue)


def _equally_good(matches: list[CharsetMatch], tie_chaos: float) -> list[CharsetMatch]:
    """The matches as good as the best: chaos within ``tie_chaos``, then the best coherence."""
    least_chaos = min(m.chaos for m in matches)
    tied = [m for m in matches if m.chaos <= least_chaos + tie_chaos]
    best_coherence = max(m.coherence for m in tied)
    return [m for m in tied if m.coherence >= best_coherence - 1e-9]


def _rank(match: CharsetMatch, preference: list[str]) -> tuple[int, str]:
    """Position in ``preference`` of the most preferred codec giving ``match``'s text, and it."""
    names = match.could_be_from_charset or [match.encoding]
    ranked = sorted((preference.index(n) if n in preference else len(preference), n) for n in names)
    return ranked[0]


def _doubt(
    chosen: CharsetMatch, encoding: str, contenders: list[CharsetMatch], max_chaos: float
) -> str | None:
    """Why the guess ``encoding`` is doubtful, or None when it is clear."""
    others = [m.encoding for m in contenders if m is not chosen]
    if others:
        return (
            f"encoding guessed as {encoding}; {', '.join(others)} fit as well "
            "but give a different text"
        )
    if chosen.chaos > max_chaos:
        return f"encoding guessed as {encoding} with low confidence (chaos {chosen.chaos:.2f})"
    return None


def _checked(text: str, encoding: str) -> Decoded:
    if control_share(text) > _MAX_CONTROL_SHARE:
        raise DecodeError(
            "binary", f"binary content (control characters after decoding as {encoding})"
        )
    if not text.strip():
        raise DecodeError("empty", "no text after decoding")
    return Decoded(text.lstrip("\ufeff"), encoding)
