"""The Arabic letter-folding table (``resources/text/arabic.yaml``), one character to one.

Each stage names the groups it folds, so the letters are declared once and the differences
between stages are visible in one line each::

    folding("hamza_alef", "alef_maqsura")  # alef with hamza / madda / wasla and alef maqsura
"""

from __future__ import annotations

from functools import lru_cache

from ..resources import load_resource

# The groups each user folds (quotes keeps ة / ئ / ؤ apart: its cue forms are spelt with them).
QUOTES_GROUPS = ("hamza_alef", "alef_maqsura")
DATES_GROUPS = ("hamza_alef", "alef_maqsura", "hamza_on_ya", "ta_marbuta", "persian_letters")
MATCHING_GROUPS = ("hamza_alef", "alef_maqsura", "ta_marbuta", "hamza_on_waw", "hamza_on_ya")


@lru_cache(maxsize=1)
def folding_groups() -> dict[str, dict[str, str]]:
    """Every group of the table by name."""
    groups = load_resource("text", "arabic.yaml")["groups"]
    for name, table in groups.items():
        for source, target in table.items():
            if len(source) != 1 or len(target) != 1:
                raise ValueError(f"arabic.yaml {name}: {source!r} -> {target!r} is not one to one")
    return {name: dict(table) for name, table in groups.items()}


@lru_cache(maxsize=16)
def folding(*groups: str) -> dict[str, str]:
    """The letters of ``groups`` merged into one ``{variant: letter}`` mapping."""
    known = folding_groups()
    unknown = [g for g in groups if g not in known]
    if unknown:
        raise KeyError(f"no Arabic folding group {unknown}; known: {', '.join(known)}")
    return {k: v for g in groups for k, v in known[g].items()}
