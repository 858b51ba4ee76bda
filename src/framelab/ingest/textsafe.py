"""Strings that every writer can store: names that are not UTF-8, and lone surrogates in text.

Python keeps file and archive-member names that are not valid UTF-8 as lone surrogates
(``surrogateescape``: byte 0xE9 becomes U+DCE9), and ``json`` turns an escaped lone surrogate
(``"\\ud800"``) into one. Neither can be encoded as UTF-8, so parquet, JSON files and notebooks
fail on them. Names are shown with the undecodable bytes written as ``\\xe9`` escapes (the name
stays recognisable and unique); text has its lone surrogates replaced with U+FFFD and the article
is flagged.
"""

from __future__ import annotations

import re

_SURROGATE = re.compile("[\ud800-\udfff]")
REPLACEMENT = "\ufffd"


def has_surrogates(text: str) -> bool:
    """True when ``text`` holds a lone surrogate (it cannot be encoded as UTF-8)."""
    return not text.isascii() and _SURROGATE.search(text) is not None


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte kept by surrogateescape
        return f"\\x{code - 0xDC00:02x}"
    return f"\\u{code:04x}"


def display_name(name: str) -> str:
    """A file or member name safe to store: bytes that are not UTF-8 as ``\\xNN`` escapes."""
    return _SURROGATE.sub(_escape, name) if has_surrogates(name) else name


def replace_surrogates(text: str) -> tuple[str, int]:
    """``text`` with every lone surrogate replaced by U+FFFD, and how many there were."""
    if not has_surrogates(text):
        return text, 0
    return _SURROGATE.subn(REPLACEMENT, text)


def storable(value: object) -> object:
    """``value`` with lone surrogates replaced when it is a string (other values unchanged)."""
    return replace_surrogates(value)[0] if isinstance(value, str) else value
