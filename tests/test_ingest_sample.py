"""``ingest.sample``: validation, reproducibility, per-group quotas, metrics (invented frames)."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from framelab.errors import FramelabError
from framelab.ingest.report import ingest_metrics, summary_text
from framelab.ingest.sample import (
    MISSING_GROUP,
    SampleSpec,
    group_quota,
    parse_sample,
    sample_articles,
)


def _articles(groups: list[str | None], *, meta_key: str = "leaning") -> pd.DataFrame:
    """Invented articles: one per group value, the value both in ``outlet`` and in meta."""
    return pd.DataFrame(
        {
            "article_id": [f"doc-{i:04d}" for i in range(len(groups))],
            "outlet": groups,
            "language": ["en", "ar", "fr", "tr"] * (len(groups) // 4) + ["en"] * (len(groups) % 4),
            "meta": [json.dumps({meta_key: g} if g is not None else {}) for g in groups],
            "text": [f"Invented story number {i}." for i in range(len(groups))],
        }
    )


# ------------------------------------------------------------------ validation
@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"by": "outlet", "n": 3, "sed": 1}, "unknown key(s) sed; allowed: by, n, fraction, seed"),
        ({"by": "outlet", "seed": 1}, "give exactly one of n"),
        ({"n": 2, "fraction": 0.5}, "give exactly one of n"),
        ({"n": 0}, "ingest.sample.n must be a whole number >= 1, got 0"),
        ({"n": 2.5}, "ingest.sample.n must be a whole number"),
        ({"n": True}, "ingest.sample.n must be a whole number"),
        ({"fraction": 1.5}, "fraction must be a number in (0, 1], got 1.5"),
        ({"fraction": 0}, "fraction must be a number in (0, 1]"),
        ({"n": 3, "seed": -1}, "seed must be a whole number >= 0"),
        ({"n": 3, "seed": "one"}, "seed must be a whole number >= 0"),
        ({"n": 3, "by": ""}, "by must be a column or meta key name"),
        ("30 per outlet", "must be null or a mapping"),
        ([30], "must be null or a mapping"),
    ],
)
def test_bad_sample_values_give_one_clear_line(value, message: str) -> None:
    with pytest.raises(FramelabError) as err:
        parse_sample(value)
    text = str(err.value)
    assert message in text
    assert "params.yaml ingest.sample" in text and "\n" not in text


def test_null_sample_keeps_everything_and_says_so() -> None:
    articles = _articles(["left", "right", "left"])
    assert parse_sample(None) is None
    kept, info = sample_articles(articles, None)
    assert kept is articles
    assert info == {"sampled": False, "n_before": 3, "n_after": 3}


def test_seed_defaults_to_zero_and_is_recorded() -> None:
    spec = parse_sample({"n": 2})
    assert spec == SampleSpec(by=None, n=2, fraction=None, seed=0)
    _, info = sample_articles(_articles(["a"] * 5), spec)
    assert info["seed"] == 0 and info["n_after"] == 2


# ------------------------------------------------------------------ groups
def test_n_per_group_from_a_column() -> None:
    articles = _articles(["left"] * 5 + ["center"] * 2 + ["right"] * 7)
    kept, info = sample_articles(articles, parse_sample({"by": "outlet", "n": 3, "seed": 1}))
    assert kept["outlet"].value_counts().to_dict() == {"left": 3, "center": 2, "right": 3}
    assert info["by_group"] == {
        "center": {"before": 2, "after": 2},
        "left": {"before": 5, "after": 3},
        "right": {"before": 7, "after": 3},
    }
    assert info["n_before"] == 14 and info["n_after"] == 8
    assert info["description"] == "sample 3 per group by outlet, seed 1"


def test_by_reads_a_meta_key_and_missing_values_form_their_own_group() -> None:
    articles = _articles(["nord"] * 4 + [None] * 3 + ["sud"] * 4, meta_key="region")
    kept, info = sample_articles(articles, parse_sample({"by": "region", "n": 2, "seed": 5}))
    assert len(kept) == 6
    assert info["by_group"][MISSING_GROUP] == {"before": 3, "after": 2}


def test_by_that_names_nothing_is_an_error() -> None:
    articles = _articles(["a", "b"])
    with pytest.raises(FramelabError, match="'bias' is neither a column"):
        sample_articles(articles, parse_sample({"by": "bias", "n": 1}))


def test_fraction_per_group_rounds_and_keeps_one_of_a_small_group() -> None:
    articles = _articles(["big"] * 20 + ["tiny"] * 1)
    kept, _ = sample_articles(articles, parse_sample({"by": "outlet", "fraction": 0.25}))
    assert kept["outlet"].value_counts().to_dict() == {"big": 5, "tiny": 1}


def test_plain_sample_without_by() -> None:
    kept, info = sample_articles(_articles(["x"] * 6 + ["y"] * 6), parse_sample({"n": 4}))
    assert len(kept) == 4 and list(info["by_group"]) == ["all"]


def test_sample_keeps_input_order_and_columns() -> None:
    articles = _articles(["p", "q"] * 10)
    kept, _ = sample_articles(articles, parse_sample({"by": "outlet", "n": 4, "seed": 3}))
    assert list(kept.columns) == list(articles.columns)
    positions = [int(a.split("-")[1]) for a in kept["article_id"]]
    assert positions == sorted(positions)


def test_metrics_and_console_record_the_sample() -> None:
    from framelab.ingest.pipeline import IngestResult, articles_frame, rejects_frame

    rows = [
        {
            "article_id": f"n{i}",
            "source_path": f"in/{i}.txt",
            "outlet": "Blue Daily" if i % 2 else "Red Post",
            "language": "en",
            "language_source": "default",
            "text": "Invented.",
            "meta": "{}",
        }
        for i in range(6)
    ]
    result = IngestResult(articles_frame(rows), rejects_frame([]))
    kept, info = sample_articles(result.articles, parse_sample({"by": "outlet", "n": 2, "seed": 9}))
    metrics = ingest_metrics(result, info)
    assert metrics["n_articles"] == 6 and metrics["n_articles_out"] == 4 == len(kept)
    assert metrics["sample"]["seed"] == 9 and metrics["sample"]["by"] == "outlet"
    text = summary_text(result, sample=info)
    assert "kept 4 of 6 articles (sample 2 per group by outlet, seed 9)" in text
    assert "Blue Daily 2/3" in text


# ------------------------------------------------------------------ properties
group_lists = st.lists(st.sampled_from(["ar", "en", "fr", "de", None]), min_size=0, max_size=60)


@settings(max_examples=60, deadline=None)
@given(groups=group_lists, n=st.integers(1, 8), seed=st.integers(0, 10_000))
def test_same_seed_same_sample_regardless_of_row_order(groups, n, seed) -> None:
    articles = _articles(groups)
    spec = SampleSpec(by="outlet", n=n, seed=seed)
    first, _ = sample_articles(articles, spec)
    shuffled = articles.sample(frac=1.0, random_state=seed).reset_index(drop=True)
    second, _ = sample_articles(shuffled, spec)
    assert set(first["article_id"]) == set(second["article_id"])
    again, _ = sample_articles(articles, spec)
    assert again["article_id"].tolist() == first["article_id"].tolist()


@settings(max_examples=60, deadline=None)
@given(groups=group_lists, n=st.integers(1, 8), seed=st.integers(0, 10_000))
def test_n_per_group_respected_and_never_more_than_the_group(groups, n, seed) -> None:
    articles = _articles(groups)
    kept, info = sample_articles(articles, SampleSpec(by="outlet", n=n, seed=seed))
    before = articles["outlet"].fillna(MISSING_GROUP).value_counts()
    after = kept["outlet"].fillna(MISSING_GROUP).value_counts()
    for group, size in before.items():
        assert after.get(group, 0) == min(n, size)
    assert set(kept["article_id"]) <= set(articles["article_id"])
    assert info["n_after"] == len(kept) == kept["article_id"].nunique()


@settings(max_examples=60, deadline=None)
@given(size=st.integers(0, 500), fraction=st.floats(0.001, 1.0))
def test_fraction_quota_is_within_the_group(size, fraction) -> None:
    quota = group_quota(SampleSpec(fraction=fraction), size)
    assert 0 <= quota <= size
    assert (quota >= 1) == (size >= 1)
    assert abs(quota - fraction * size) <= max(1.0, 0.5 + 1e-9)
