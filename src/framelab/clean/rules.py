"""Which rule removes each line of a text dump, and which phrases go from the lines kept.

Rules, applied in this order (a removed line is attributed to the first rule that fires):

``lexicon``         the line is a chrome phrase of the article's language (``chrome.yaml``);
``furniture``       the line is caption, player, gallery, newsletter, reprint, disclaimer or
                    app-promotion furniture named in ``furniture.yaml``;
``repeated``        the line recurs in many stories of the same outlet (``outlet.py``);
``repeated_label``  the line opens with a label the outlet repeats (a caption or credit line goes
                    whole; from a sentence only the label goes);
``repeated_phrase`` the line, or a sentence-length phrase inside it, recurs verbatim or
                    near-verbatim in many stories of the outlet;
``self_repeat``     the line is a short phrase repeated back to back (``X X``, ``X | X``);
``foreign_script``  a short line written in another script than the article (``Siyasət`` above
                    an Arabic article);
``justext``         the jusText-style classifier (``justext.py``); lines removed by the earlier
                    rules count as bad.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import regex

from .furniture import furniture_lexicon
from .justext import furniture_kind, is_link_like, justext_keep
from .lexicon import chrome_lexicon
from .lines import Line, LineParams, dominant_script, weighted_length
from .outlet import OutletModel
from .repeats import Removal, outlet_removals

_SELF_REPEAT = regex.compile(r"^(.{2,80}?)(?:[\s|,;:/•·-]*\1)+$")


def is_self_repeat(line: Line) -> bool:
    """``تجميع المواقع تجميع المواقع``: a phrase of at most six words said twice or more."""
    if len(line.key) > 200:
        return False
    m = _SELF_REPEAT.match(line.key)
    return bool(m) and len(m.group(1).split()) <= 6 and bool(regex.search(r"\w", m.group(1)))


def is_foreign_script(line: Line, article_script: str | None, params: LineParams) -> bool:
    """A short line whose letters are mostly in a script other than the article's."""
    if article_script is None or not line.n_letters:
        return False
    if weighted_length(line) > params.foreign_max_chars:
        return False
    return line.scripts.get(article_script, 0) * 2 < line.n_letters


@dataclass
class Decisions:
    """For each line the rule that removes it (None: kept) and why; phrases removed from kept
    lines."""

    rules: list[str | None]
    details: list[str | None]
    phrases: list[Removal] = field(default_factory=list)


def decide(
    lines: Sequence[Line],
    *,
    language: str | None,
    outlet: str | None,
    model: OutletModel | None,
    params: LineParams,
) -> Decisions:
    """Apply every rule of ``params.rules`` to the lines of one text dump."""
    rules = set(params.rules)
    n = len(lines)
    decided = Decisions([None] * n, [None] * n)
    _lexicon_rules(lines, language, params, rules, decided)
    removals = outlet_removals(lines, [r is not None for r in decided.rules], outlet, model, rules)
    for removal in removals:
        if removal.unit == "line":
            decided.rules[removal.line] = removal.rule
            decided.details[removal.line] = removal.detail
        else:
            decided.phrases.append(removal)
    article_script = dominant_script(lines)
    for i, line in enumerate(lines):
        if decided.rules[i] is not None:
            continue
        if "self_repeat" in rules and is_self_repeat(line):
            decided.rules[i] = "self_repeat"
        elif "foreign_script" in rules and is_foreign_script(line, article_script, params):
            decided.rules[i] = "foreign_script"
    if "justext" in rules:
        keep = justext_keep(lines, [r is not None for r in decided.rules], language, params)
        for i, kept in enumerate(keep):
            if decided.rules[i] is None and not kept:
                decided.rules[i] = "justext"
        if 0 < n <= 3 and all(r is not None for r in decided.rules):
            _keep_short_body(lines, decided.rules, params)
    decided.phrases = [p for p in decided.phrases if decided.rules[p.line] is None]
    return decided


def _lexicon_rules(
    lines: Sequence[Line],
    language: str | None,
    params: LineParams,
    rules: set[str],
    decided: Decisions,
) -> None:
    lexicon = chrome_lexicon(language, params.chrome_lexicon) if "lexicon" in rules else None
    furniture = (
        furniture_lexicon(language, params.furniture_lexicon) if "furniture" in rules else None
    )
    for i, line in enumerate(lines):
        entry = lexicon.match(line.key, line.n_words) if lexicon is not None else None
        if entry is not None:
            decided.rules[i], decided.details[i] = "lexicon", entry
            continue
        found = furniture.match(line) if furniture is not None else None
        if found is not None:
            decided.rules[i] = "furniture"
            decided.details[i] = f"{found.category}: {found.pattern}"


def classify_lines(
    lines: Sequence[Line],
    *,
    language: str | None,
    outlet: str | None,
    model: OutletModel | None,
    params: LineParams,
) -> list[str | None]:
    """For each line, the rule that removes it, or None when it is kept."""
    return decide(lines, language=language, outlet=outlet, model=model, params=params).rules


def _keep_short_body(
    lines: Sequence[Line], decisions: list[str | None], params: LineParams
) -> None:
    """When the classifier would leave nothing of a document of at most three lines, it is a
    short body (a one-sentence teaser, a headline-only item), not a page of chrome: the lines it
    alone rejected are kept unless they are link or furniture lines."""
    for i, line in enumerate(lines):
        if (
            decisions[i] == "justext"
            and not is_link_like(line)
            and furniture_kind(line, params) is None
        ):
            decisions[i] = None
