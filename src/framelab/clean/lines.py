"""Line-by-line removal of site chrome from text dumps.

Five rules, applied in this order (a removed line is attributed to the first rule that fires):

``lexicon``        the line is a chrome phrase of the article's language (``chrome.yaml``);
``repeated``       the line recurs in many articles of the same outlet (corpus level);
``self_repeat``    the line is a short phrase repeated back to back (``X X``, ``X | X``);
``foreign_script`` a short line written in another script than the article (``Siyasət`` above an
                   Arabic article);
``justext``        a jusText-style classifier (Pomikálek 2011): each line is bad / short /
                   near-good / good from its length, stop-word density and link/menu likeness,
                   then revised from its neighbours. Lines removed by the earlier rules count as
                   bad. In ``block`` mode (default) three additions suit text dumps:
                   *furniture* lines (tab-separated table cells, digit-heavy lines, counters and
                   clock times, tiny lines) are bad; heading-like and sentence-like short lines
                   are near-good; and only the *main block* is kept: the contiguous run of lines
                   with the largest content score (max-sum subarray; prose lines score their
                   length, bad lines cost at least ``block_min_penalty``), plus the headline above
                   it (the heading-like line among the 15 above whose words, or CJK character
                   bigrams, most occur in the block). ``classic`` mode keeps jusText's "good".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import regex

from .lexicon import (
    ChromeLexicon,
    LanguageProfile,
    chrome_lexicon,
    classifier_data,
    language_profile,
    line_key,
    script_regex,
)

RULES = ("lexicon", "repeated", "self_repeat", "foreign_script", "justext")

_URL = regex.compile(r"https?://|www\.\w", regex.IGNORECASE)
_TOKEN = regex.compile(r"\w+(?:['’-]\w+)*")
_DIGIT = regex.compile(r"\d")
_UNIT = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}]|\w+")
_CJK = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}]")
_SELF_REPEAT = regex.compile(r"^(.{2,80}?)(?:[\s|,;:/•·-]*\1)+$")


@dataclass(frozen=True)
class LineParams:
    """Tunable thresholds of the line rules (``params.yaml`` section ``clean``)."""

    rules: tuple[str, ...] = RULES
    repeat_min_docs: int = 3
    repeat_min_share: float = 0.3
    repeat_max_doc_share: float = 0.8
    foreign_max_chars: int = 40
    length_low: int = 70
    length_high: int = 200
    stopwords_low: float = 0.30
    stopwords_high: float = 0.32
    max_heading_distance: int = 200
    min_sentence_words: int = 4
    chrome_lexicon: str | None = None
    block_mode: str = "block"
    block_min_penalty: float = 150.0
    block_short_factor: float = 1.0
    block_neargood: bool = True
    furniture: bool = True
    block_keep_soft_bad: bool = True
    title_lookback: int = 15
    block_nonsentence_factor: float = 0.15
    title_min_overlap: float = 0.5


@dataclass
class Line:
    """One non-empty line of a text dump, with the features the rules use."""

    no: int  # 0-based index in text.split("\n")
    start: int
    end: int
    text: str
    key: str
    n_words: int
    scripts: Counter[str] = field(default_factory=Counter)
    _cache: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def n_letters(self) -> int:
        return sum(self.scripts.values())


@lru_cache(maxsize=65536)
def _char_script(ch: str) -> str | None:
    m = script_regex().match(ch)
    return m.lastgroup if m else None


def _scripts(text: str) -> Counter[str]:
    """Letters per script (each distinct character is looked up once, then cached)."""
    counts: Counter[str] = Counter()
    for ch, n in Counter(text).items():
        script = _char_script(ch)
        if script:
            counts[script] += n
    return counts


def split_lines(raw: str) -> list[Line]:
    """The non-empty lines of ``raw`` with offsets (``\\r`` and surrounding blanks excluded)."""
    lines: list[Line] = []
    pos = 0
    for no, chunk in enumerate(raw.split("\n")):
        start, end = pos, pos + len(chunk)
        pos = end + 1
        stripped = chunk.strip()
        if not stripped:
            continue
        lead = len(chunk) - len(chunk.lstrip())
        start, end = start + lead, start + lead + len(stripped)
        lines.append(
            Line(
                no,
                start,
                end,
                stripped,
                line_key(stripped),
                len(stripped.split()),
                _scripts(stripped),
            )
        )
    return lines


def dominant_script(lines: Iterable[Line]) -> str | None:
    total: Counter[str] = Counter()
    for line in lines:
        total.update(line.scripts)
    return total.most_common(1)[0][0] if total else None


# ---------------------------------------------------------------------------- corpus statistics
@dataclass
class OutletLineCounts:
    """How many documents of each outlet contain each line key (each document counted once)."""

    docs: Counter[str] = field(default_factory=Counter)
    keys: dict[str, Counter[str]] = field(default_factory=dict)

    def add(self, outlet: str, lines: Sequence[Line]) -> None:
        self.docs[outlet] += 1
        self.keys.setdefault(outlet, Counter()).update({line.key for line in lines})

    def is_repeated(self, outlet: str, key: str, params: LineParams) -> bool:
        n_docs = self.docs.get(outlet, 0)
        count = self.keys.get(outlet, Counter()).get(key, 0)
        return count >= params.repeat_min_docs and count >= params.repeat_min_share * n_docs


# ---------------------------------------------------------------------------- single-line rules
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
    if _weighted_length(line) > params.foreign_max_chars:
        return False
    return line.scripts.get(article_script, 0) * 2 < line.n_letters


# ---------------------------------------------------------------------------- jusText-style
def _weighted_length(line: Line) -> float:
    """Length in characters, CJK characters weighted (``length_weight`` in classifier.yaml)."""
    cached = line._cache.get("wlen")
    if cached is None:
        weights = classifier_data().get("length_weight") or {}
        extra = sum((weights.get(s, 1.0) - 1.0) * n for s, n in line.scripts.items())
        cached = line._cache["wlen"] = len(line.text) + extra
    return cached


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
    finals = classifier_data()["sentence_final"]
    long_enough = line.n_words >= params.min_sentence_words or _weighted_length(line) >= 30
    return long_enough and line.text[-1] in finals


def _is_heading_like(line: Line) -> bool:
    return (line.n_words >= 3 or _weighted_length(line) >= 15) and line.text[-1] not in ":|>»›"


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
    length = _weighted_length(line)
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


def _hard_bad(
    lines: Sequence[Line], removed: Sequence[bool], classes: Sequence[str], params: LineParams
) -> list[bool]:
    """Lines never kept: removed by an earlier rule, link-like, or furniture. A tiny line between
    two prose lines (a sub-heading such as "Background") is not furniture."""
    out = []
    for i, line in enumerate(lines):
        kind = furniture_kind(line, params) if params.furniture else None
        if kind == "tiny" and 0 < i < len(lines) - 1 and not removed[i - 1] and not removed[i + 1]:
            prose = ("good", "neargood")
            if classes[i - 1] in prose and classes[i + 1] in prose:
                kind = None
        out.append(removed[i] or is_link_like(line) or kind is not None)
    return out


@lru_cache(maxsize=1)
def _furniture_patterns() -> tuple[regex.Pattern[str], ...]:
    spec = classifier_data().get("furniture") or {}
    return tuple(regex.compile(p) for p in spec.get("patterns") or [])


def initial_class(line: Line, profile: LanguageProfile, params: LineParams) -> str:
    """jusText's context-free class: bad / short / neargood / good."""
    if is_link_like(line) or (params.furniture and furniture_kind(line, params) is not None):
        return "bad"
    length = _weighted_length(line)
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


def _neighbour(classes: Sequence[str], i: int, step: int, ignore_neargood: bool) -> str:
    skip = {"short", "neargood"} if ignore_neargood else {"short"}
    j = i + step
    while 0 <= j < len(classes):
        if classes[j] not in skip:
            return classes[j]
        j += step
    return "bad"  # document edges count as bad


def revise_classes(classes: list[str]) -> list[str]:
    """jusText's context revision: short blocks take their neighbours' class, then near-good."""
    revised = list(classes)
    for i, cls in enumerate(classes):
        if cls != "short":
            continue
        prev, nxt = _neighbour(classes, i, -1, True), _neighbour(classes, i, 1, True)
        if prev == nxt == "good":
            revised[i] = "good"
        elif prev == nxt == "bad":
            revised[i] = "bad"
        elif (prev == "bad" and _neighbour(classes, i, -1, False) == "neargood") or (
            nxt == "bad" and _neighbour(classes, i, 1, False) == "neargood"
        ):
            revised[i] = "good"
        else:
            revised[i] = "bad"
    final = list(revised)
    for i, cls in enumerate(revised):
        if cls == "neargood":
            prev, nxt = _neighbour(revised, i, -1, True), _neighbour(revised, i, 1, True)
            final[i] = "bad" if prev == nxt == "bad" else "good"
    return final


def justext_keep(
    lines: Sequence[Line], removed: Sequence[bool], language: str | None, params: LineParams
) -> list[bool]:
    """Which lines the jusText-style classifier keeps (lines removed earlier count as bad)."""
    profile = language_profile(language)
    classes = [
        "bad" if r else initial_class(line, profile, params)
        for line, r in zip(lines, removed, strict=True)
    ]
    for i, line in enumerate(lines):
        if classes[i] != "short":
            continue
        if (
            _is_sentence_like(line, params)
            or _is_heading_like(line)
            and _good_follows(lines, classes, i, params)
        ):
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
        if not (15 <= _weighted_length(line) <= 300) or not _is_heading_like(line):
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
    finals = classifier_data()["sentence_final"]
    values = []
    for i, line in enumerate(lines):
        w = _weighted_length(line)
        prose = line.text[-1] in finals
        if final[i] == "good" or (params.block_neargood and classes[i] in ("good", "neargood")):
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


def _good_follows(
    lines: Sequence[Line], classes: Sequence[str], i: int, params: LineParams
) -> bool:
    """Is there good or near-good text within ``max_heading_distance`` characters below line i?"""
    distance = 0.0
    for j in range(i + 1, len(lines)):
        if classes[j] in ("good", "neargood"):
            return True
        if classes[j] == "bad":
            continue
        distance += _weighted_length(lines[j])
        if distance > params.max_heading_distance:
            return False
    return False


# ---------------------------------------------------------------------------- one document
def classify_lines(
    lines: Sequence[Line],
    *,
    language: str | None,
    outlet: str | None,
    counts: OutletLineCounts | None,
    params: LineParams,
) -> list[str | None]:
    """For each line, the rule that removes it, or None when it is kept."""
    rules = set(params.rules)
    lexicon: ChromeLexicon = chrome_lexicon(language, params.chrome_lexicon)
    article_script = dominant_script(lines)
    decisions: list[str | None] = [None] * len(lines)
    repeated = _repeated_lines(lines, outlet, counts, params) if "repeated" in rules else set()
    for i, line in enumerate(lines):
        if "lexicon" in rules and lexicon.match(line.key, line.n_words):
            decisions[i] = "lexicon"
        elif i in repeated:
            decisions[i] = "repeated"
        elif "self_repeat" in rules and is_self_repeat(line):
            decisions[i] = "self_repeat"
        elif "foreign_script" in rules and is_foreign_script(line, article_script, params):
            decisions[i] = "foreign_script"
    if "justext" in rules:
        keep = justext_keep(lines, [d is not None for d in decisions], language, params)
        for i, kept in enumerate(keep):
            if decisions[i] is None and not kept:
                decisions[i] = "justext"
        if 0 < len(lines) <= 3 and all(d is not None for d in decisions):
            _keep_short_body(lines, decisions, params)
    return decisions


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


def _repeated_lines(
    lines: Sequence[Line], outlet: str | None, counts: OutletLineCounts | None, params: LineParams
) -> set[int]:
    """Indices of lines repeated across the outlet. If they would cover more than
    ``repeat_max_doc_share`` of the document's characters, the document is (near-)duplicated in
    the corpus, and only lines of at most 12 words are taken as chrome."""
    if counts is None or outlet is None:
        return set()
    hits = {i for i, line in enumerate(lines) if counts.is_repeated(outlet, line.key, params)}
    total = sum(len(line.text) for line in lines) or 1
    if sum(len(lines[i].text) for i in hits) > params.repeat_max_doc_share * total:
        hits = {i for i in hits if lines[i].n_words <= 12}
    return hits
