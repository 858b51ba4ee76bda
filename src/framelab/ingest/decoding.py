"""Bytes to text: BOMs, UTF-8, legacy encodings (windows-1256, UTF-16 ...) and binary files.

UTF-8 is tried first (almost every modern dump is UTF-8, and it is cheap); anything else goes to
charset-normalizer, whose guess is kept only when it decodes to text with few control characters.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from functools import lru_cache

from .config import policy

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


@lru_cache(maxsize=1)
def _magic() -> tuple[tuple[bytes, str], ...]:
    table = policy()["files"]["binary_magic"]
    return tuple((k.encode("latin-1"), v) for k, v in table.items())


def binary_signature(data: bytes) -> str | None:
    """The file type named by a known binary signature at the start of ``data``, if any."""
    for magic, kind in _magic():
        if data.startswith(magic):
            return kind
    return None


def control_share(text: str) -> float:
    """Share of control characters (other than whitespace) in a sample of ``text``."""
    sample = text[:20000]
    if not sample:
        return 0.0
    return len(_CONTROL.findall(sample)) / len(sample)


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
    if kind:
        raise DecodeError("binary", f"binary file ({kind} signature), not text")
    try:
        return _checked(data.decode("utf-8"), "utf-8")
    except (UnicodeDecodeError, DecodeError):
        # not UTF-8, or UTF-8-valid bytes full of control characters (e.g. UTF-16 without BOM)
        pass
    return _detected(data)


def _detected(data: bytes) -> Decoded:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        kind = "binary" if b"\x00" in data else "encoding"
        detail = (
            "binary content, not text"
            if kind == "binary"
            else "not UTF-8 and no known encoding fits"
        )
        raise DecodeError(kind, detail)
    return _checked(str(best), best.encoding)


def _checked(text: str, encoding: str) -> Decoded:
    if control_share(text) > _MAX_CONTROL_SHARE:
        raise DecodeError(
            "binary", f"binary content (control characters after decoding as {encoding})"
        )
    if not text.strip():
        raise DecodeError("empty", "no text after decoding")
    return Decoded(text.lstrip("\ufeff"), encoding)
