"""Adapters for the corpus layouts of ``../shared/corpora`` (described in ``layouts.yaml``).

* ANT v2.1: one TREC-like ``<DOC>`` per ``.txt`` file (DOCNO, URL, SRC, CAT, TITLE, TIME, AUTHOR,
  ABSTRACT, TEXT); TIME is RFC 2822; the file name ends with the date as YYYYMMDD.
* SaudiNewsNet: ``YYYY-MM-DD.zip`` holding one JSON array of
  ``{source, url, date_extracted, title, author, content}``.
* AllSides (Article-Bias-Prediction): ``data/jsons/<ID>.json``; dates are ISO, US m/d/yy or empty.
* BASIL: ``articles/<year>/<uuid>_<n>.json`` with ``body-paragraphs``; ``annotations/`` are not
  articles and are skipped.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import Any

from .config import layouts
from .dates import date_in_name
from .draft import Draft, Rejected
from .formats import ROW_SNIFFERS, JsonProblem, RowAdapter, parse_json, read_json
from .sources import Source

Item = Draft | Rejected

# ---------------------------------------------------------------- ANT
_ANT_FIELD = re.compile(r"<(DOCNO|URL|SRC|CAT|TITLE|TIME|AUTHOR|ABSTRACT|TEXT)>(.*?)</\1>", re.S)


def looks_like_ant(text: str) -> bool:
    return text.lstrip("\ufeff \t\r\n").startswith("<DOC>")


def read_ant(source: Source, text: str) -> Iterator[Item]:
    """An ANT file: one ``<DOC>`` (the corpus' layout) or several, each its own article
    (``file.txt#<n>`` when there are several); the body (TEXT) is ``raw``. An entry cut off before
    its ``</TEXT>`` (a truncated file) is rejected as ``truncated``."""
    if not looks_like_ant(text):
        yield Rejected(source.source_path, "layout_mismatch", "ANT file does not start with <DOC>")
        return
    docs = _ant_entries(text)
    stem = PurePosixPath(source.name).stem
    for n, (body, closed) in enumerate(docs, 1):
        path = source.source_path if len(docs) == 1 else f"{source.source_path}#{n}"
        yield _ant_doc(body, path, stem if len(docs) == 1 else f"{stem}#{n}", closed)


def _ant_entries(text: str) -> list[tuple[str, bool]]:
    """The ``<DOC>`` entries of a file: (content, closed by ``</DOC>``), each entry running to
    its ``</DOC>``, to the next ``<DOC>`` or to the end of the file."""
    entries = []
    start = text.find("<DOC>")
    while start != -1:
        following = text.find("<DOC>", start + 5)
        stop = len(text) if following == -1 else following
        close = text.find("</DOC>", start + 5, stop)
        entries.append((text[start + 5 : stop if close == -1 else close], close != -1))
        start = following
    return entries


def _ant_doc(body_xml: str, source_path: str, fallback_id: str, closed: bool) -> Item:
    fields = {name: value for name, value in _ANT_FIELD.findall(body_xml)}
    stem = fallback_id.split("#")[0]
    docno = _clean(fields.get("DOCNO")) or fallback_id
    body = (fields.get("TEXT") or "").strip("\r\n")
    spec = layouts()["ant"]
    article_id = spec.id_prefix + docno
    if not closed and "TEXT" not in fields:
        return Rejected(
            source_path,
            "truncated",
            "ANT <DOC> entry cut off before </TEXT> (truncated file?)",
            article_id=article_id,
        )
    if not body.strip():
        return Rejected(
            source_path, "missing_text", "ANT <TEXT> is empty or missing", article_id=article_id
        )
    draft = Draft(
        source_path=source_path,
        raw=body,
        corpus_id=article_id,
        outlet=_clean(fields.get("SRC")),
        url=_clean(fields.get("URL")),
        title=_clean(fields.get("TITLE")),
        date_value=_clean(fields.get("TIME")),
        date_convention=spec.date_convention,
        language_hint=spec.language,
        layout="ant",
        meta={
            "category": _clean(fields.get("CAT")),
            "author": _clean(fields.get("AUTHOR")),
            "abstract": _clean(fields.get("ABSTRACT")),
        },
    )
    if draft.date_value is None:
        from_name = date_in_name(stem)
        if from_name:
            draft.date_value, draft.date_source, draft.date_convention = (
                from_name,
                "filename",
                "iso",
            )
        else:
            draft.date_issue = "no <TIME> and no date in the file name"
    return draft


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    text = html.unescape(value).strip()
    return text or None


# ---------------------------------------------------------------- SaudiNewsNet
def is_saudinewsnet(obj: dict[str, Any]) -> bool:
    return {"date_extracted", "content", "source", "url"} <= obj.keys()


def saudinewsnet_row(obj: dict[str, Any], source_path: str) -> Item:
    spec = layouts()["saudinewsnet"]
    content = (obj.get("content") or "").strip("\r\n")
    if not content.strip():
        return Rejected(source_path, "missing_text", "SaudiNewsNet article has empty content")
    draft = Draft(
        source_path=source_path,
        raw=content,
        outlet=_blank_none(obj.get("source")),
        url=_blank_none(obj.get("url")),
        title=_blank_none(obj.get("title")),
        date_convention=spec.date_convention,
        language_hint=spec.language,
        layout="saudinewsnet",
        meta={
            "author": _blank_none(obj.get("author")),
            "date_extracted": obj.get("date_extracted"),
        },
    )
    _saudinewsnet_date(
        draft, obj.get("date_extracted"), spec.extras["extraction_date_trusted_from"]
    )
    return draft


def _saudinewsnet_date(draft: Draft, extracted: Any, trusted_from: Any) -> None:
    """The crawl date is the publication date only after the day the corpus README names."""
    value = _blank_none(extracted)
    if value is None:
        draft.date_issue = "no date_extracted"
        return
    threshold = (
        trusted_from
        if isinstance(trusted_from, dt.date)
        else dt.date.fromisoformat(str(trusted_from))
    )
    try:
        crawled = dt.date.fromisoformat(value[:10])
    except ValueError:
        draft.date_value = value  # let the date parser report it
        return
    if crawled >= threshold:
        draft.date_value = value
        draft.date_issue = f"crawl date used (SaudiNewsNet: the publication day after {threshold})"
    else:
        draft.date_issue = f"only the crawl date {crawled} (SaudiNewsNet: not the publication date before {threshold})"


# ---------------------------------------------------------------- AllSides
def is_allsides(obj: dict[str, Any]) -> bool:
    return "ID" in obj and "bias" in obj and ("content_original" in obj or "content" in obj)


def allsides_row(obj: dict[str, Any], source_path: str) -> Item:
    spec = layouts()["allsides"]
    original = _blank_none(obj.get("content_original"))
    body = original or _blank_none(obj.get("content"))
    corpus_id = spec.id_prefix + str(obj["ID"]) if _blank_none(obj.get("ID")) else None
    if body is None:
        return Rejected(source_path, "missing_text", "AllSides article has no content", corpus_id)
    return _news_json_draft(
        obj,
        source_path,
        body,
        corpus_id,
        "allsides",
        meta={
            "topic": obj.get("topic"),
            "bias": obj.get("bias"),
            "bias_text": obj.get("bias_text"),
            "authors": _blank_none(obj.get("authors")),
            "source_url": _blank_none(obj.get("source_url")),
            "text_field": "content_original" if original else "content",
        },
    )


# ---------------------------------------------------------------- BASIL
def is_basil_article(obj: dict[str, Any]) -> bool:
    return "body-paragraphs" in obj and "triplet-uuid" in obj


def is_basil_annotation(obj: dict[str, Any]) -> bool:
    return "phrase-level-annotations" in obj or "article-level-annotations" in obj


def basil_paragraphs(paragraphs: Any) -> str:
    """BASIL's ``body-paragraphs`` (a list of paragraphs, each a list of sentences) as text."""
    out = []
    for paragraph in paragraphs or []:
        sentences = paragraph if isinstance(paragraph, list) else [paragraph]
        text = " ".join(str(s).strip() for s in sentences if str(s).strip())
        if text:
            out.append(text)
    return "\n\n".join(out)


def basil_row(obj: dict[str, Any], source_path: str) -> Item:
    spec = layouts()["basil"]
    # the file stem <triplet-uuid>_<n> names the article (and its _ann.json); "uuid" can be "empty"
    stem = PurePosixPath(source_path.split("::")[-1].split("#")[0]).stem
    corpus_id = spec.id_prefix + stem
    body = basil_paragraphs(obj.get("body-paragraphs"))
    if not body:
        return Rejected(
            source_path, "missing_text", "BASIL article has no body paragraphs", corpus_id
        )
    return _news_json_draft(
        obj,
        source_path,
        body,
        corpus_id,
        "basil",
        meta={
            "main_event": obj.get("main-event"),
            "uuid": obj.get("uuid"),
            "triplet_uuid": obj.get("triplet-uuid"),
            "main_entities": obj.get("main-entities"),
            "keywords": _blank_none(obj.get("keywords")),
            "word_count": obj.get("word-count"),
        },
    )


def _news_json_draft(
    obj: dict[str, Any],
    source_path: str,
    body: str,
    corpus_id: str | None,
    layout: str,
    meta: dict[str, Any],
) -> Draft:
    """A Draft of a JSON news record with ``source``, ``url``, ``title`` and ``date`` fields
    (AllSides, BASIL), dated and language-hinted by the layout's spec."""
    spec = layouts()[layout]
    return Draft(
        source_path=source_path,
        raw=body,
        corpus_id=corpus_id,
        outlet=_blank_none(obj.get("source")),
        url=_blank_none(obj.get("url")),
        title=_blank_none(obj.get("title")),
        date_value=obj.get("date"),
        date_convention=spec.date_convention,
        language_hint=spec.language,
        layout=layout,
        meta=meta,
    )


def _not_an_article(_obj: dict[str, Any], _source_path: str) -> None:
    return None


def _blank_none(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def sniff_row(obj: dict[str, Any]) -> RowAdapter | None:
    """The adapter for a JSON object of a known corpus layout, if it is one."""
    if is_allsides(obj):
        return allsides_row
    if is_basil_article(obj):
        return basil_row
    if is_basil_annotation(obj):
        return _not_an_article
    if is_saudinewsnet(obj):
        return saudinewsnet_row
    return None


ROW_SNIFFERS.append(sniff_row)


def read_layout_json(layout: str):
    """A JSON reader that maps every object with ``layout``'s adapter (for a forced layout)."""
    adapter = {"saudinewsnet": saudinewsnet_row, "allsides": allsides_row, "basil": basil_row}[
        layout
    ]

    def read(source: Source, text: str) -> Iterator[Item]:
        try:
            obj = parse_json(text)
        except JsonProblem as err:
            yield Rejected(source.source_path, "invalid_json", str(err))
            return
        if layout == "basil" and isinstance(obj, dict) and is_basil_annotation(obj):
            return
        objs = obj if isinstance(obj, list) else [obj]
        for n, one in enumerate(objs, 1):
            path = f"{source.source_path}#{n}" if isinstance(obj, list) else source.source_path
            if not isinstance(one, dict):
                yield Rejected(
                    path, "not_object", f"expected a JSON object, got {type(one).__name__}"
                )
                continue
            yield adapter(one, path)

    return read


__all__ = ["read_ant", "read_json", "read_layout_json", "sniff_row", "looks_like_ant"]
