"""A jusText-style line classifier (Pomikálek 2011) for text dumps (rule ``justext``).

Each line is bad / short / near-good / good from its length, stop-word density and link/menu
likeness, then revised from its neighbours; lines removed by earlier rules count as bad. In
``block`` mode (default) three additions suit text dumps: *furniture* lines (tab-separated table
cells, digit-heavy lines, counters and clock times, tiny lines) are bad; heading-like and
sentence-like short lines are near-good; and only the *main block* is kept: the contiguous run of
lines with the largest content score (max-sum subarray; prose lines score their length, bad lines
cost at least ``block_min_penalty``), plus the headline above it (the heading-like line among the
15 above whose words, or CJK character bigrams, most occur in the block). ``classic`` mode keeps
jusText's "good".

Every step is linear in the number of lines: neighbour classes and the distance to the next
good line come from one sweep each, never from a scan per line.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import regex

from .lexicon import LanguageProfile, classifier_data, language_profile
from .lines import Line, LineParams, ends_like_sentence, weighted_length

_URL = regex.compile(r"https?://|www\.\w", regex.IGNORECASE)
_TOKEN = regex.compile(r"\w+(?:['’-]\w+)*")
_DIGIT = regex.compile(r"\d")
_UNIT = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}]|\w+")
_CJK = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}]")
_PROSE = ("good", "neargood")


def stopword_density(line: Line, profile: LanguageProfile) -> float | None:
    """Share of stop words among tokens (or of stop characters among CJK letters)."""
    if profile.stopchars:
        cjk = sum(n for s, n in line.scripts.items() if s in {"Han", "Hiragana", "Katakana"})
        if not cjk:
            return 0.0
        return sum(1 for ch in line.text if ch in profile.stopchars) / cjk
    if not profile.stopwords:
        return None
    tokens = _TOKEN.findall(line.text.casefold())
    if not tokens:
        return 0.0
    stopwords = profile.stopwords
    return sum(1 for t in tokens if t in stopwords) / len(tokens)


def is_link_like(line: Line) -> bool:
    """A URL, or a menu/breadcrumb: several short items separated by | • · » › > /."""
    if _URL.search(line.text):
        return True
    separators = classifier_data()["menu_separators"]
    n_sep = sum(line.text.count(s) for s in separators)
    if n_sep < 2:
        return False
    items = [i for i in regex.split("[" + regex.escape(separators) + "]", line.text) if i.strip()]
    return bool(items) and sum(len(i.split()) for i in items) / len(items) <= 3


def _is_sentence_like(line: Line, params: LineParams) -> bool:
    long_enough = line.n_words >= params.min_sentence_words or weighted_length(line) >= 30
    return long_enough and ends_like_sentence(line.text)


def _is_heading_like(line: Line) -> bool:
    return (line.n_words >= 3 or weighted_length(line) >= 15) and line.text[-1] not in ":|>»›"


def furniture_kind(line: Line, params: LineParams) -> str | None:
    """Why a line looks like page furniture: ``table`` (tab-separated cells), ``digits``,
    ``pattern`` (counters, clock times; short lines only), ``tiny``; None otherwise."""
    if "furniture" not in line._cache:
        line._cache["furniture"] = _furniture_kind(line, params)
    return line._cache["furniture"]


def _furniture_kind(line: Line, params: LineParams) -> str | None:
    spec = classifier_data().get("furniture") or {}
    if spec.get("tab_cells") and "\t" in line.text:
        return "table"
    length = weighted_length(line)
    if length < spec.get("min_weighted_length", 0):
        return "tiny"
    digits = len(_DIGIT.findall(line.text))
    if digits > spec.get("max_digit_share", 1.0) * length:
        return "digits"
    if length < params.length_low and any(p.search(line.text) for p in _furniture_patterns()):
        return "pattern"
    return None


def is_furniture(line: Line, params: LineParams | None = None) -> bool:
    return furniture_kind(line, params or LineParams()) is not None


@lru_cache(maxsize=1)
def _furniture_patterns() -> tuple[regex.Pattern[str], ...]:
    spec = classifier_data().get("furniture") or {}
    return tuple(regex.compile(p) for p in spec.get("patterns") or [])


def _hard_bad(
    lines: Sequence[Line], removed: Sequence[bool], classes: Sequence[str], params: LineParams
) -> list[bool]:
    """Lines never kept: removed by an earlier rule, link-like, or furniture. A tiny line between
    two prose lines (a sub-heading such as "Background") is not furniture."""
    out = []
    for i, line in enumerate(lines):
        kind = furniture_kind(line, params) if params.furniture else None
        if (
            kind == "tiny"
            and 0 < i < len(lines) - 1
            and not removed[i - 1]
            and not removed[i + 1]
            and classes[i - 1] in _PROSE
            and classes[i + 1] in _PROSE
        ):
            kind = None  # a sub-heading between two prose lines
        out.append(removed[i] or is_link_like(line) or kind is not None)
    return out


def initial_class(line: Line, profile: LanguageProfile, params: LineParams) -> str:
    """jusText's context-free class: bad / short / neargood / good."""
    if is_link_like(line) or (params.furniture and furniture_kind(line, params) is not None):
        return "bad"
    length = weighted_length(line)
    density = stopword_density(line, profile)
    low = profile.stopwords_low if profile.stopwords_low is not None else params.stopwords_low
    high = profile.stopwords_high if profile.stopwords_high is not None else params.stopwords_high
    if length < params.length_low:
        return "short"
    if density is None:  # no stop list for this language: length only
        return "good" if length > params.length_high else "neargood"
    if density >= high:
        return "good" if length > params.length_high else "neargood"
    if density >= low:
        return "neargood"
    return "bad"


def _neighbours(classes: Sequence[str], skip: frozenset[str]) -> tuple[list[str], list[str]]:
    """For each line, the class of the nearest line above and below whose class is not in
    ``skip`` ("bad" at the document edges); one sweep in each direction."""
    n = len(classes)
    before, after = ["bad"] * n, ["bad"] * n
    last = "bad"
    for i in range(n):
        before[i] = last
        if classes[i] not in skip:
            last = classes[i]
    last = "bad"
    for i in range(n - 1, -1, -1):
        after[i] = last
        if classes[i] not in skip:
            last = classes[i]
    return before, after


_SKIP_SHORT = frozenset({"short"})
_SKIP_SHORT_NEARGOOD = frozenset({"short", "neargood"})


def revise_classes(classes: list[str]) -> list[str]:
    """jusText's context revision: short blocks take their neighbours' class, then near-good."""
    prev_ng, next_ng = _neighbours(classes, _SKIP_SHORT_NEARGOOD)
    prev_s, next_s = _neighbours(classes, _SKIP_SHORT)
    revised = list(classes)
    for i, cls in enumerate(classes):
        if cls != "short":
            continue
        prev, nxt = prev_ng[i], next_ng[i]
        if prev == nxt == "good":
            revised[i] = "good"
        elif prev == nxt == "bad":
            revised[i] = "bad"
        elif (prev == "bad" and prev_s[i] == "neargood") or (
            nxt == "bad" and next_s[i] == "neargood"
        ):
            revised[i] = "good"
        else:
            revised[i] = "bad"
    prev_ng, next_ng = _neighbours(revised, _SKIP_SHORT_NEARGOOD)
    final = list(revised)
    for i, cls in enumerate(revised):
        if cls == "neargood":
            final[i] = "bad" if prev_ng[i] == next_ng[i] == "bad" else "good"
    return final


def _good_follows_all(
    lines: Sequence[Line], classes: Sequence[str], params: LineParams
) -> list[bool]:
    """For each line: is there good or near-good text below it, with at most
    ``max_heading_distance`` weighted characters of short lines in between (bad lines do not
    count)? One backward sweep: the distance to the next prose line is carried upwards."""
    n = len(lines)
    out = [False] * n
    distance: float | None = None  # short-line characters between line i+1 and the next prose
    for i in range(n - 1, -1, -1):
        out[i] = distance is not None and distance <= params.max_heading_distance
        cls = classes[i]
        if cls in _PROSE:
            distance = 0.0
        elif cls != "bad" and distance is not None:
            distance += weighted_length(lines[i])
    return out


def justext_keep(
    lines: Sequence[Line], removed: Sequence[bool], language: str | None, params: LineParams
) -> list[bool]:
    """Which lines the jusText-style classifier keeps (lines removed earlier count as bad)."""
    profile = language_profile(language)
    classes = [
        "bad" if r else initial_class(line, profile, params)
        for line, r in zip(lines, removed, strict=True)
    ]
    good_follows = _good_follows_all(lines, classes, params)
    for i, line in enumerate(lines):
        if classes[i] != "short":
            continue
        if _is_sentence_like(line, params) or _is_heading_like(line) and good_follows[i]:
            classes[i] = "neargood"
    final = revise_classes(classes)
    mode = params.block_mode
    if mode == "none":
        return [c == "good" for c in final]
    hard_bad = _hard_bad(lines, removed, classes, params)
    lo, hi = main_block(lines, final, classes, params, hard_bad)
    in_block = [
        lo <= i < hi and (not hard_bad[i] if params.block_keep_soft_bad else classes[i] != "bad")
        for i in range(len(lines))
    ]
    if params.title_lookback and lo < hi:
        title = find_title(lines, lo, hi, hard_bad, params)
        if title is not None:
            in_block[title] = True
    if mode == "block":
        return in_block
    return [b or c == "good" for b, c in zip(in_block, final, strict=True)]


def _units(text: str) -> set[str]:
    """Comparable units of a text: words, or character bigrams for CJK."""
    tokens = _UNIT.findall(text.casefold())
    cjk = [t for t in tokens if len(t) == 1 and _CJK.match(t)]
    if len(cjk) * 2 >= len(tokens):
        chars = "".join(cjk)
        return {chars[i : i + 2] for i in range(len(chars) - 1)}
    return {t for t in tokens if len(t) > 2 or not t.isascii()}


def find_title(
    lines: Sequence[Line], lo: int, hi: int, hard_bad: Sequence[bool], params: LineParams
) -> int | None:
    """The headline above the main block: among the ``title_lookback`` lines before it, the
    heading-like line whose words (CJK: character bigrams) most occur in the block's text."""
    body: set[str] = set()
    for line in lines[lo:hi]:
        body |= _units(line.text)
    best, best_score = None, params.title_min_overlap
    for j in range(lo - 1, max(-1, lo - 1 - params.title_lookback), -1):
        line = lines[j]
        if hard_bad[j]:
            continue
        if not (15 <= weighted_length(line) <= 300) or not _is_heading_like(line):
            continue
        units = _units(line.text)
        if len(units) < 2:
            continue
        score = len(units & body) / len(units)
        if score > best_score:
            best, best_score = j, score
    return best


def _line_values(
    lines: Sequence[Line],
    final: Sequence[str],
    classes: Sequence[str],
    params: LineParams,
    hard_bad: Sequence[bool] | None,
    penalty: float,
) -> list[float]:
    """Content score of each line: prose-like good lines score their weighted length, other
    good/near-good lines a fraction of it, short lines minus it, bad lines minus ``penalty`` or
    more."""
    values = []
    for i, line in enumerate(lines):
        w = weighted_length(line)
        prose = ends_like_sentence(line.text)
        if final[i] == "good" or (params.block_neargood and classes[i] in _PROSE):
            v = w if prose else params.block_nonsentence_factor * w
        elif prose and hard_bad is not None and not hard_bad[i] and w >= params.length_low:
            v = w  # prose with few stop words (names, numbers): content-like in a block
        elif classes[i] == "bad":
            v = -max(w, penalty)
        else:
            v = -params.block_short_factor * w
        values.append(v)
    return values


def _max_subarray(values: Sequence[float]) -> tuple[int, int]:
    best, best_lo, best_hi = 0.0, 0, 0
    run, run_lo = 0.0, 0
    for i, v in enumerate(values):
        if run <= 0:
            run, run_lo = 0.0, i
        run += v
        if run > best:
            best, best_lo, best_hi = run, run_lo, i + 1
    return best_lo, best_hi


def main_block(
    lines: Sequence[Line],
    final: Sequence[str],
    classes: Sequence[str],
    params: LineParams,
    hard_bad: Sequence[bool] | None = None,
) -> tuple[int, int]:
    """The article body: the contiguous run of lines with the largest content score (max-sum
    subarray; bad lines cost at least ``block_min_penalty``)."""
    return _max_subarray(
        _line_values(lines, final, classes, params, hard_bad, params.block_min_penalty)
    )
