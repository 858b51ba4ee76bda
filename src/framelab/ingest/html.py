"""HTML pages: metadata (title, canonical URL, site name, language hint) and the date via htmldate.

The page itself is kept verbatim as ``raw`` (clean extracts the main text later). A page whose
markup yields no visible text at all is rejected as ``malformed_html``; merely sloppy markup
(unclosed tags, stray brackets) is accepted, as browsers accept it.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterator

from lxml import etree
from lxml import html as lxml_html

from .columns import apply_sidecar
from .draft import Draft, Rejected
from .sources import Source

log = logging.getLogger("framelab.ingest")

_INVISIBLE = "ancestor::script or ancestor::style or ancestor::noscript or ancestor::template"
_BODY_TEXT = f"//body//text()[not({_INVISIBLE})]"


def parse_document(markup: str) -> lxml_html.HtmlElement:
    """Parse ``markup`` leniently; raises ValueError when lxml finds no document at all."""
    try:
        # bytes, so an XML encoding declaration in the page does not upset lxml
        return lxml_html.document_fromstring(markup.encode("utf-8"), parser=_parser())
    except (etree.ParserError, ValueError) as err:
        raise ValueError(str(err) or "unparseable markup") from None


def _parser() -> lxml_html.HTMLParser:
    return lxml_html.HTMLParser(encoding="utf-8", recover=True, remove_comments=True)


def body_text(tree: lxml_html.HtmlElement) -> str:
    """Visible text of the page body (scripts, styles, templates left out), lines joined."""
    parts = (t.strip() for t in tree.xpath(_BODY_TEXT))
    return "\n".join(p for p in parts if p)


def _first(tree: lxml_html.HtmlElement, *xpaths: str) -> str | None:
    for xpath in xpaths:
        for value in tree.xpath(xpath):
            text = (value if isinstance(value, str) else value.text_content()).strip()
            if text:
                return " ".join(text.split())
    return None


def page_metadata(tree: lxml_html.HtmlElement) -> dict[str, str | None]:
    """Title, URL, outlet, language hint, author and description from the page's markup."""
    return {
        "title": _first(
            tree,
            '//meta[@property="og:title"]/@content',
            '//meta[@name="twitter:title"]/@content',
            "//head/title",
            "//h1",
        ),
        "url": _first(
            tree, '//link[@rel="canonical"]/@href', '//meta[@property="og:url"]/@content'
        ),
        "outlet": _first(
            tree,
            '//meta[@property="og:site_name"]/@content',
            '//meta[@name="application-name"]/@content',
        ),
        "language": _first(
            tree,
            "/html/@lang",
            '/html/@*[name()="xml:lang"]',
            '//meta[translate(@http-equiv,"CONTENT-LANGUAGE","content-language")="content-language"]/@content',
            '//meta[@property="og:locale"]/@content',
        ),
        "author": _first(tree, '//meta[@name="author"]/@content'),
        "description": _first(
            tree,
            '//meta[@name="description"]/@content',
            '//meta[@property="og:description"]/@content',
        ),
    }


# where pages declare dates: meta content, <time datetime>, JSON-LD; ISO-like y-m-d in them
_DATE_MARKUP = (
    "//meta/@content",
    "//time/@datetime",
    "//*[@itemprop]/@datetime",
    '//script[@type="application/ld+json"]/text()',
)
_ISO_DAY = re.compile(r"(?<!\d)((?:1[89]|2\d)\d\d)-(\d\d)-(\d\d)(?!\d)")


def impossible_dates(tree: lxml_html.HtmlElement) -> list[str]:
    """ISO dates in the page's date markup that name no real day (``2023-02-30``)."""
    found: list[str] = []
    for xpath in _DATE_MARKUP:
        for value in tree.xpath(xpath):
            for match in _ISO_DAY.finditer(str(value)[:2000]):
                year, month, day = (int(g) for g in match.groups())
                try:
                    dt.date(year, month, day)
                except ValueError:
                    found.append(match.group())
    return list(dict.fromkeys(found))


def html_date(tree: lxml_html.HtmlElement, url: str | None = None) -> str | None:
    """Publication date from the page's metadata markup (htmldate, no text-wide guessing)."""
    from htmldate import find_date

    try:
        return find_date(
            tree,
            extensive_search=False,
            original_date=True,
            outputformat="%Y-%m-%d",
            url=url,
            deferred_url_extractor=True,
        )
    except Exception as err:  # noqa: BLE001 - htmldate raises assorted errors on odd markup
        log.debug("htmldate failed: %s", err)
        return None


def read_html(source: Source, text: str) -> Iterator[Draft | Rejected]:
    """One HTML page -> one Draft (raw is the page), or ``malformed_html`` when it has no text."""
    try:
        tree = parse_document(text)
    except ValueError as err:
        yield Rejected(source.source_path, "malformed_html", f"HTML cannot be parsed: {err}")
        return
    visible = body_text(tree)
    if not visible:
        yield Rejected(
            source.source_path,
            "malformed_html",
            "no visible text in the HTML body (truncated or broken markup?)",
        )
        return
    draft = Draft(source_path=source.source_path, raw=text, raw_format="html")
    enrich_from_page(draft, tree, visible)
    apply_sidecar(draft, source)
    yield draft


def enrich_from_page(draft: Draft, tree: lxml_html.HtmlElement, visible: str | None = None) -> None:
    """Fill ``draft``'s empty title / url / outlet / date and the language hint from the page."""
    info = page_metadata(tree)
    draft.title = draft.title or info["title"]
    draft.url = draft.url or info["url"]
    draft.outlet = draft.outlet or info["outlet"]
    draft.language_hint = draft.language_hint or info["language"]
    draft.detect_text = visible if visible is not None else body_text(tree)
    for key in ("author", "description"):
        if info[key] and key not in draft.meta:
            draft.meta[key] = info[key]
    if info["language"]:
        draft.meta["html_lang"] = info["language"]
    if draft.date_value is not None:
        return
    found = html_date(tree, draft.url)
    impossible = impossible_dates(tree)
    if found and any(found[:7] == bad[:7] for bad in impossible):
        # htmldate reads 2023-02-30 as 2023-02-01: a date is never moved silently
        draft.date_issue = f"impossible date {impossible[0]!r} in the HTML metadata"
    elif found:
        draft.date_value, draft.date_source, draft.date_convention = found, "html", "iso"
        draft.date_issue = None
        if impossible:
            draft.meta["date_markup_issue"] = f"impossible date {impossible[0]!r} also in the page"
    else:
        draft.date_issue = "no date in the HTML metadata"
