"""Malformed gold files for ``framelab evaluate`` (invented texts), one problem per file.

Each case starts from a small valid document of its task and breaks one thing; ``write_cases``
writes them as ``<task>-<name>.jsonl`` and returns ``(task, path, field)``: the field the error
line must name. ``python tests/malformed_gold.py OUT_DIR`` writes them to a folder.
"""

from __future__ import annotations

import copy
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

QUOTE_TEXT = 'The minister said: "We will return next week." Officials agreed on Monday.'
QUOTE_DOC: dict[str, Any] = {
    "id": "q-1",
    "language": "en",
    "published": "2021-03-04",
    "outlet": "Example Daily",
    "title": None,
    "text": QUOTE_TEXT,
    "quotes": [
        {
            "type": "direct",
            "start": 20,
            "end": 45,
            "speaker": "The minister",
            "speaker_start": 0,
            "speaker_end": 12,
            "speaker_name": "The minister",
            "cue": "said",
            "cue_start": 13,
            "cue_end": 17,
        }
    ],
}
DATE_TEXT = "Talks resumed on 3 March 2021 and lasted two weeks."
DATE_DOC: dict[str, Any] = {
    "id": "d-1",
    "language": "en",
    "published": "2021-03-04",
    "text": DATE_TEXT,
    "timexes": [
        {"start": 17, "end": 29, "type": "DATE", "value": "2021-03-03", "text": "3 March 2021"},
        {"start": 41, "end": 50, "type": "DURATION", "value": "P2W"},
    ],
}
CLEAN_DOC: dict[str, Any] = {
    "id": "c-1",
    "language": "en",
    "outlet": "example.org",
    "url": None,
    "format": "text",
    "raw": "Home | Sport | Weather\nThe council approved the new budget on Monday.\nShare this",
    "gold": "The council approved the new budget on Monday.",
    "with": ["approved the new budget"],
    "without": ["Share this"],
}

Mutation = Callable[[dict[str, Any]], Any]


def _set(path: str, value: Any) -> Mutation:
    """Set a dotted path (``quotes.0.start``) to ``value``; ``...`` deletes it."""

    def mutate(doc: dict[str, Any]) -> dict[str, Any]:
        *parents, last = path.split(".")
        node: Any = doc
        for key in parents:
            node = node[int(key)] if isinstance(node, list) else node[key]
        if value is ...:
            del node[last]
        elif isinstance(node, list):
            node[int(last)] = value
        else:
            node[last] = value
        return doc

    return mutate


def _two_docs(second: Mutation) -> Mutation:
    def mutate(doc: dict[str, Any]) -> list[dict[str, Any]]:
        return [doc, second(copy.deepcopy(doc))]

    return mutate


# (task, name, mutation, field the error must name); a mutation returning bytes is the file
CASES: list[tuple[str, str, Mutation, str]] = [
    # ---- quotes
    ("quotes", "quotes-string", _set("quotes", "a quote"), "quotes"),
    ("quotes", "quotes-object", _set("quotes", {"start": 1}), "quotes"),
    ("quotes", "quote-item-string", _set("quotes.0", "said"), "quotes[0]"),
    ("quotes", "start-string", _set("quotes.0.start", "20"), "quotes[0].start"),
    ("quotes", "end-float", _set("quotes.0.end", 45.0), "quotes[0].end"),
    ("quotes", "start-bool", _set("quotes.0.start", True), "quotes[0].start"),
    ("quotes", "start-null-end-set", _set("quotes.0.start", None), "quotes[0].start"),
    (
        "quotes",
        "offsets-missing",
        lambda d: _set("quotes.0.end", ...)(_set("quotes.0.start", ...)(d)),
        "quotes[0].start",
    ),
    ("quotes", "start-negative", _set("quotes.0.start", -3), "quotes[0].start"),
    ("quotes", "end-past-text", _set("quotes.0.end", 500), "quotes[0].start"),
    ("quotes", "reversed", lambda d: _set("quotes.0.end", 10)(d), "quotes[0].start"),
    ("quotes", "empty-span", _set("quotes.0.end", 20), "quotes[0].start"),
    ("quotes", "bad-type", _set("quotes.0.type", "dirct"), "quotes[0].type"),
    ("quotes", "speaker-mismatch", _set("quotes.0.speaker", "The president"), "quotes[0].speaker"),
    (
        "quotes",
        "speaker-start-string",
        _set("quotes.0.speaker_start", "0"),
        "quotes[0].speaker_start",
    ),
    ("quotes", "speaker-end-only", _set("quotes.0.speaker_start", None), "quotes[0].speaker_start"),
    ("quotes", "cue-mismatch", _set("quotes.0.cue_end", 18), "quotes[0].cue"),
    ("quotes", "cue-past-text", _set("quotes.0.cue_end", 900), "quotes[0].cue_start"),
    (
        "quotes",
        "fragments-not-list",
        _set("quotes.0.quote_fragments", "20-45"),
        "quotes[0].quote_fragments",
    ),
    (
        "quotes",
        "fragment-bad-pair",
        _set("quotes.0.quote_fragments", [[20, "45"]]),
        "quotes[0].quote_fragments[0]",
    ),
    (
        "quotes",
        "fragment-outside",
        _set("quotes.0.speaker_fragments", [[0, 400]]),
        "quotes[0].speaker_fragments[0]",
    ),
    ("quotes", "speaker-name-number", _set("quotes.0.speaker_name", 7), "quotes[0].speaker_name"),
    ("quotes", "text-missing", _set("text", ...), "text"),
    ("quotes", "text-number", _set("text", 12345), "text"),
    ("quotes", "id-missing", _set("id", ...), "id"),
    ("quotes", "id-duplicate", _two_docs(lambda d: d), "id"),
    ("quotes", "published-impossible", _set("published", "2021-02-30"), "published"),
    ("quotes", "published-us-format", _set("published", "03/04/2021"), "published"),
    ("quotes", "language-number", _set("language", 1), "language"),
    ("quotes", "no-quotes-field", _set("quotes", ...), "not a quotes gold file"),
    ("quotes", "not-json", lambda d: b'{"id": "q-1", "text": "unterminated\n', ":1"),
    ("quotes", "array-line", lambda d: b'["q-1", "text"]\n', ":1"),
    (
        "quotes",
        "not-utf8",
        lambda d: json.dumps(d).encode().replace(b"minister", b"minist\xe9r") + b"\n",
        ":1",
    ),
    ("quotes", "empty-file", lambda d: b"", "empty"),
    (
        "quotes",
        "deep-nesting",
        lambda d: b'{"id": "x", "quotes": ' + b"[" * 50_000 + b"]" * 50_000 + b"}\n",
        ":1",
    ),
    ("quotes", "huge-number", lambda d: b'{"id": ' + b"7" * 6000 + b"}\n", ":1"),
    # ---- dates
    ("dates", "timexes-string", _set("timexes", "3 March 2021"), "timexes"),
    ("dates", "timex-item-list", _set("timexes.0", [17, 29]), "timexes[0]"),
    ("dates", "timex-start-string", _set("timexes.0.start", "17"), "timexes[0].start"),
    (
        "dates",
        "timex-no-offsets",
        lambda d: _set("timexes.0.end", ...)(_set("timexes.0.start", ...)(d)),
        "timexes[0].start",
    ),
    ("dates", "timex-outside", _set("timexes.1.end", 90), "timexes[1].start"),
    ("dates", "timex-reversed", _set("timexes.1.start", 60), "timexes[1].start"),
    ("dates", "timex-text-mismatch", _set("timexes.0.text", "4 March 2021"), "timexes[0].text"),
    ("dates", "timex-bad-type", _set("timexes.0.type", "DAY"), "timexes[0].type"),
    ("dates", "timex-value-number", _set("timexes.0.value", 20210303), "timexes[0].value"),
    ("dates", "timex-impossible-day", _set("timexes.0.value", "2023-02-30"), "timexes[0].value"),
    ("dates", "timex-impossible-month", _set("timexes.0.value", "2021-13"), "timexes[0].value"),
    ("dates", "dates-text-missing", _set("text", ...), "text"),
    ("dates", "dates-published-impossible", _set("published", "2021-04-31"), "published"),
    ("dates", "no-timexes-field", _set("timexes", ...), "not a dates gold file"),
    # ---- clean
    ("clean", "raw-missing", _set("raw", ...), "raw"),
    ("clean", "raw-empty", _set("raw", "   "), "raw"),
    ("clean", "raw-number", _set("raw", 42), "raw"),
    ("clean", "format-pdf", _set("format", "pdf"), "format"),
    ("clean", "gold-number", _set("gold", 3), "gold"),
    ("clean", "with-string", _set("with", "approved"), "with"),
    ("clean", "with-item-number", _set("with", [1]), "with[0]"),
    ("clean", "without-item-empty", _set("without", [""]), "without[0]"),
    ("clean", "clean-id-null", _set("id", None), "id"),
    ("clean", "clean-id-duplicate", _two_docs(lambda d: d), "id"),
    (
        "clean",
        "no-gold-fields",
        lambda d: {k: v for k, v in d.items() if k not in ("gold", "with", "without")},
        "not a clean gold file",
    ),
]

BASES = {"quotes": QUOTE_DOC, "dates": DATE_DOC, "clean": CLEAN_DOC}


def write_cases(folder: Path) -> list[tuple[str, Path, str]]:
    """Write every malformed gold file into ``folder``: ``(task, path, field)`` per file."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for task, name, mutate, field in CASES:
        result = mutate(copy.deepcopy(BASES[task]))
        if isinstance(result, bytes):
            data = result
        else:
            docs = result if isinstance(result, list) else [result]
            data = "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs).encode()
        path = folder / f"{task}-{name}.jsonl"
        path.write_bytes(data)
        out.append((task, path, field))
    return out


def write_valid(folder: Path) -> dict[str, Path]:
    """The valid base document of each task as a gold file (they must be accepted)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for task, doc in BASES.items():
        path = folder / f"{task}-valid.jsonl"
        path.write_text(json.dumps(doc, ensure_ascii=False) + "\n", encoding="utf-8")
        paths[task] = path
    return paths


if __name__ == "__main__":
    for task, path, _ in write_cases(Path(sys.argv[1])):
        print(task, path)
