"""Safe display of article-derived text: HTML, log lines and matplotlib labels.

Article ids, outlet names, titles and text come from the input and may hold markup (``<script>``),
TeX (``$\\macro$``, which matplotlib's mathtext would parse and may fail on), control characters
or right-to-left script. Everything that reaches a notebook's HTML, a log line or a plot goes
through one of these functions.

* :func:`html_text` -- HTML-escaped text (quotes escaped too, so it is safe in attributes).
* :func:`log_value` -- a quoted, escaped value for one log line (a newline cannot forge a line).
* :func:`plot_label` -- a label matplotlib draws literally: right-to-left words shaped and put in
  visual order; use with :func:`plain_text_plots`.
* :func:`plain_text_plots` -- turn mathtext and TeX off for every text matplotlib draws.
* :func:`language_is_right_to_left` / :func:`is_right_to_left` -- the direction of a language
  code / of a piece of text (the one list of right-to-left languages is here).
"""

from __future__ import annotations

import html
import unicodedata
from typing import Any


def html_text(value: Any) -> str:
    """``value`` as text safe inside HTML elements and attribute values."""
    return html.escape("" if value is None else str(value), quote=True)


def log_value(value: Any) -> str:
    """``value`` quoted for a log line: control characters and newlines escaped (``repr`` style)."""
    return repr("" if value is None else str(value))


# ISO 639-1 codes of languages written right to left (the one list; HTML ``dir`` follows it).
RIGHT_TO_LEFT_LANGUAGES = frozenset({"ar", "fa", "he", "ur", "ps", "yi"})


def language_is_right_to_left(language: str | None) -> bool:
    """True for a language code written right to left (``ar``, ``fa`` ...; case-insensitive)."""
    return (language or "").strip().lower() in RIGHT_TO_LEFT_LANGUAGES


def is_right_to_left(text: str) -> bool:
    """True when ``text`` holds a right-to-left letter (Arabic, Hebrew, Persian, ...)."""
    return any(unicodedata.bidirectional(ch) in {"R", "AL"} for ch in text)


def plot_label(value: Any) -> str:
    """A label matplotlib can draw: right-to-left words shaped and put in visual order.

    Call :func:`plain_text_plots` once before plotting so that ``$`` is drawn, not parsed.
    """
    text = "" if value is None else str(value)
    if not is_right_to_left(text):
        return text
    try:
        import arabic_reshaper
    except ImportError:  # pragma: no cover - optional dependency
        return text
    return arabic_reshaper.reshape(text)[::-1]


def plain_text_plots() -> None:
    """Make matplotlib draw every string literally (no mathtext, no TeX)."""
    import matplotlib

    matplotlib.rcParams["text.parse_math"] = False
    matplotlib.rcParams["text.usetex"] = False
