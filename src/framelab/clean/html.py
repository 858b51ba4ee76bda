"""Main-text extraction from HTML pages, and locating the extracted text in the raw HTML.

Strategy ``auto`` (measured on the scrapinghub benchmark and the Arabic pages, see docs/clean.md):
trafilatura with ``favor_precision=True`` and no comments; when that returns fewer than
``min_html_chars`` characters, the candidates trafilatura (default settings) and readability-lxml
are tried too and the longest one is kept.
"""

from __future__ import annotations

import logging
import re
import warnings

from .normalize import TextBuilder

log = logging.getLogger(__name__)

EXTRACTORS = ("auto", "trafilatura", "readability")


def trafilatura_text(html: str, *, favor_precision: bool) -> str:
    import trafilatura

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        text = trafilatura.extract(
            html,
            include_comments=False,
            favor_precision=favor_precision,
            include_tables=True,
            deduplicate=False,
        )
    return text or ""


def readability_text(html: str) -> str:
    """readability-lxml's article, one block element per line."""
    import lxml.html
    from readability import Document

    try:
        summary = Document(html).summary(html_partial=True)
        tree = lxml.html.fromstring(summary)
    except Exception as err:  # readability raises bare Exceptions on odd pages
        log.debug("readability failed: %s", err)
        return ""
    blocks = []
    for el in tree.iter("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "td"):
        if el.getparent() is not None and any(
            a.tag in {"p", "li", "blockquote", "td"} for a in el.iterancestors()
        ):
            continue
        text = " ".join(el.text_content().split())
        if text:
            blocks.append(text)
    if not blocks:
        blocks = [" ".join(tree.text_content().split())]
    return "\n".join(b for b in blocks if b)


def extract_main_text(
    html: str, *, extractor: str = "auto", min_chars: int = 500
) -> tuple[str, str]:
    """(main text with one paragraph per line, name of the extractor that produced it)."""
    if extractor == "readability":
        return readability_text(html), "readability"
    text = trafilatura_text(html, favor_precision=True)
    if extractor == "trafilatura" or len(text) >= min_chars:
        return text, "trafilatura"
    candidates = [
        (text, "trafilatura"),
        (trafilatura_text(html, favor_precision=False), "trafilatura-recall"),
        (readability_text(html), "readability"),
    ]
    return max(candidates, key=lambda c: len(c[0]))


_ENCODABLE = re.compile(r"[&<>\"'\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u00a0\s]")


def locate_in_raw(builder: TextBuilder, raw: str) -> TextBuilder:
    """Re-point runs from the extracted text to the raw HTML.

    Each run's characters are searched in ``raw`` in document order (from the end of the previous
    hit). A run not found whole (entities such as ``&amp;`` or ``&#8217;``, inline tags inside
    it) is split at spaces and at characters that pages often encode; pieces of at least
    ``_ANCHOR`` characters are searched to the end of the page, shorter ones only within
    ``_NEAR`` characters of the previous hit; pieces not found get no run. The result keeps the
    exact-equality property ``text[c:c+n] == raw[r:r+n]`` for every run.

    Cost: hits move the cursor forward, so their scanning adds up to the page length; a miss
    scans to the end of the page, so misses share a budget of ``_MISS_BUDGET`` times the page
    length, after which they search only near the cursor: linear in the page length."""
    text = builder.text()
    out = TextBuilder(parts=[text], length=len(text))
    search = _Search(raw)
    for c, n in zip(builder.offset_clean, builder.offset_len, strict=True):
        piece = text[c : c + n]
        hit = search.find(piece, far=True)
        if hit >= 0:
            _add_run(out, c, hit, n)
            continue
        pos = 0
        for m in _ENCODABLE.finditer(piece + " "):
            segment = piece[pos : m.start()]
            if segment:
                hit = search.find(segment, far=len(segment) >= _ANCHOR)
                if hit >= 0:
                    _add_run(out, c + pos, hit, len(segment))
            pos = m.end()
    return out


class _Search:
    """Forward search in the raw page with a budget for scans that find nothing."""

    def __init__(self, raw: str) -> None:
        self.raw = raw
        self.cursor = 0
        self.budget = _MISS_BUDGET * len(raw)

    def find(self, needle: str, *, far: bool) -> int:
        end = len(self.raw) if far and self.budget > 0 else self.cursor + _NEAR
        hit = self.raw.find(needle, self.cursor, end)
        if hit < 0:
            self.budget -= min(end, len(self.raw)) - self.cursor
        else:
            self.cursor = hit + len(needle)
        return hit


_ANCHOR = 12
_NEAR = 2000
_MISS_BUDGET = 4


def _add_run(out: TextBuilder, clean_start: int, raw_start: int, n: int) -> None:
    if (
        out.offset_len
        and out.offset_clean[-1] + out.offset_len[-1] == clean_start
        and out.offset_raw[-1] + out.offset_len[-1] == raw_start
    ):
        out.offset_len[-1] += n
        return
    out.offset_clean.append(clean_start)
    out.offset_raw.append(raw_start)
    out.offset_len.append(n)
