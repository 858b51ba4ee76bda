"""The dates stage's linear-time helpers give exactly what the former quadratic code gave
(random property checks against brute force); speed itself is measured in
``benchmarks/bench_long_texts.py``, never here."""

from __future__ import annotations

import random
import re

import pandas as pd

from framelab.dates import extract_timexes, run_dates
from framelab.dates.extract import Quotations, _Containment
from framelab.dates.textnorm import normalise_for_matching

# the former definition: straight quotes pair up in order; typographic ones open and close
QUOTATION = re.compile(r'"[^"\n]*"|“[^”\n]*”|«[^»\n]*»|„[^“”\n]*[“”]|‹[^›\n]*›')


def test_quotations_are_those_of_the_regular_expression() -> None:
    rng = random.Random(3)
    alphabet = 'ab "“”«»„‹›\n'
    for _ in range(5000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))
        assert Quotations(text).spans == [m.span() for m in QUOTATION.finditer(text)], text


def test_quotations_ending_between_bounds() -> None:
    quotes = Quotations('a "b" c "d" e "f"')
    assert quotes.spans == [(2, 5), (8, 11), (14, 17)]
    assert quotes.ending_between(5, 17) == [(8, 11), (14, 17)]
    assert quotes.ending_between(0, 4) == []


def test_containment_is_strict_containment() -> None:
    rng = random.Random(5)
    for _ in range(500):
        spans = []
        for _ in range(rng.randint(0, 8)):
            s = rng.randint(0, 30)
            spans.append((s, s + rng.randint(0, 10)))
        inside = _Containment(spans)
        for start in range(0, 35):
            for end in range(start, start + 12):
                expected = any(s <= start and end <= e and e - s > end - start for s, e in spans)
                assert inside.strictly_inside(start, end) == expected, (spans, start, end)


def test_offsets_without_dropped_characters_cost_no_memory_per_character() -> None:
    norm, offsets = normalise_for_matching("Monday " * 1000)
    assert isinstance(offsets, range) and len(offsets) == 7001
    norm, offsets = normalise_for_matching("يـوم الاثنين")
    assert norm == "يوم الاثنين" and list(offsets) == [0, *range(2, 12), 12]


def test_a_long_single_line_text_gives_the_timexes_of_its_pieces() -> None:
    piece = 'The talks resumed on 3 March 2021. "We will win," he said on Monday. '
    one = extract_timexes(piece, "en", "2021-03-10")
    many = extract_timexes(piece * 200, "en", "2021-03-10")
    assert len(many) == 200 * len(one)
    assert [(t.value, t.type) for t in many[: len(one)]] == [(t.value, t.type) for t in one]


def test_run_dates_builds_one_table_for_many_articles() -> None:
    clean = pd.DataFrame(
        {
            "article_id": [f"a{i}" for i in range(50)],
            "text": [f"The meeting was held on Monday, {i} people came." for i in range(50)],
            "language": ["en"] * 50,
            "published": ["2021-03-04"] * 50,
            "source_path": ["x"] * 50,
        }
    )
    result = run_dates(clean, languages=["en"])
    assert result.n_processed == 50 and len(result.rejects) == 0
    assert list(result.timexes["article_id"].unique()) == [f"a{i}" for i in range(50)]
    assert set(result.timexes["value"]) >= {"2021-03-01"}
