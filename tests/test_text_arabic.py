"""The Arabic letter-folding table is declared once and used by quotes, dates and framing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from framelab.dates.textnorm import normalise as dates_normalise
from framelab.framing.matching import fold_text
from framelab.quotes.lexicon import normalise as quotes_normalise
from framelab.text.arabic import folding, folding_groups

SRC = Path(__file__).resolve().parents[1] / "src" / "framelab"


def test_groups_are_one_to_one_and_selectable():
    for table in folding_groups().values():
        assert table and all(len(k) == len(v) == 1 for k, v in table.items())
    assert folding("alef_maqsura", "ta_marbuta") == {"ى": "ي", "ة": "ه"}
    with pytest.raises(KeyError, match="no Arabic folding group"):
        folding("hamza")


def test_each_stage_folds_with_the_shared_table():
    word = "إلى"  # invented example: hamza alef + alef maqsura
    assert quotes_normalise(word) == "الي"
    assert dates_normalise("مدرسة") == "مدرسه"
    assert fold_text("مسؤول أمس") == "مسوول امس"


def test_no_module_re_declares_an_arabic_letter_variant():
    variant = re.compile(r"""["'](?:أ|إ|آ|ٱ|ى|ة|ؤ|ئ)["']\s*:\s*["']""")
    offenders = [
        str(path.relative_to(SRC))
        for path in SRC.rglob("*.py")
        if variant.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
