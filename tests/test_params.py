"""Every stage's parameters: one typed object per params.yaml section, one validator."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest
import yaml

from framelab import cli
from framelab.errors import FramelabError
from framelab.params import STAGE_PARAMS, ParamsError, defaults_of, param_class, validate_section

ROOT = Path(__file__).resolve().parents[1]
PARAMS = yaml.safe_load((ROOT / "params.yaml").read_text(encoding="utf-8"))

# Keys where the shipped project deliberately differs from the library default: the bundled sample
# is a South Caucasus story, so its params measure that story's contested terms; the package
# default is "measure off" (no codebook is assumed).
PROJECT_CHOICES = {("framing", "contested_codebook")}


@pytest.mark.parametrize("section", list(STAGE_PARAMS))
def test_params_yaml_mirrors_the_declared_defaults(section):
    declared = defaults_of(param_class(section))
    in_yaml = PARAMS[section]
    assert list(in_yaml) == list(declared), f"{section}: keys or their order differ"
    differing = {
        key
        for key in declared
        if (section, key) not in PROJECT_CHOICES and in_yaml[key] != declared[key]
    }
    assert not differing, f"{section}: params.yaml differs from the defaults for {differing}"
    validate_section(section, in_yaml)  # and the project's values are valid


@pytest.mark.parametrize("section", list(STAGE_PARAMS))
def test_a_misspelt_key_is_named_with_a_suggestion(section):
    key = next(f.name for f in fields(param_class(section)) if len(f.name) > 4)
    typo = key[:-2] + key[-1] + key[-2]  # last two letters swapped
    with pytest.raises(ParamsError) as caught:
        validate_section(section, {typo: 1})
    message = str(caught.value)
    assert "\n" not in message
    assert f"unknown {section} parameter {typo!r}" in message
    assert f"did you mean {key!r}?" in message


@pytest.mark.parametrize(
    ("section", "values", "expected"),
    [
        ("quotes", {"use_parse": "nevr"}, "quotes.use_parse must be one of auto, never"),
        ("quotes", {"min_quote_chars": -1}, "quotes.min_quote_chars must be >= 0"),
        ("dates", {"focus_window_days": "a week"}, "dates.focus_window_days must be an integer"),
        ("clean", {"dedup_threshold": "high"}, "clean.dedup_threshold must be a number"),
        ("clean", {"justext_mode": "fancy"}, "clean.justext_mode must be one of block, classic"),
        ("framing", {"exclude_duplicates": "yes"}, "framing.exclude_duplicates must be true or"),
        ("framing", {"prior_kind": "flat"}, "framing.prior_kind must be one of informative"),
        ("ingest", {"inputs": "data/raw"}, "ingest.inputs must be a list"),
        ("ingest", {"layout": "newspaper"}, "unknown layout 'newspaper'"),
        ("report", {"max_groups": 0}, "report.max_groups must be a whole number >= 1"),
    ],
)
def test_bad_values_are_one_line_naming_the_key(section, values, expected):
    with pytest.raises(ParamsError) as caught:
        validate_section(section, values)
    assert expected in str(caught.value) and "\n" not in str(caught.value)


def test_a_section_that_is_not_a_mapping_is_an_error():
    with pytest.raises(ParamsError, match="section dates must be a mapping"):
        validate_section("dates", ["ar", "en"])


def test_values_are_typed_and_paths_kept_as_text():
    dates = validate_section("dates", {"languages": "ar,en", "lexicon": Path("my/patterns")})
    assert dates.languages == ("ar", "en") and dates.lexicon == "my/patterns"
    assert validate_section("clean", {"phrase_min_chars": 40}).phrase_min_chars == 40.0
    assert validate_section("nlp", {"languages": ["AR "]}).languages == ("ar",)


def test_run_quotes_and_run_dates_reject_unknown_keys(make_table):
    from framelab.dates import run_dates
    from framelab.quotes import run_quotes

    clean = make_table("clean", [{"text": "Ana Ruiz said: “We will build it.”", "language": "en"}])
    with pytest.raises(ParamsError, match="did you mean 'min_quote_chars'"):
        run_quotes(clean, min_quote_char=5)
    with pytest.raises(ParamsError, match="quotes.use_parse"):
        run_quotes(clean, use_parse="nevr")
    with pytest.raises(ParamsError, match="did you mean 'focus_window_days'"):
        run_dates(clean, focus_window=3)
    assert run_dates(clean, focus_window_days=3).n_processed == 1


def test_notebook_command_rejects_a_misspelt_key_before_running(monkeypatch, capsys):
    import papermill

    def must_not_run(*args, **kwargs):
        raise AssertionError("papermill started despite a bad parameter")

    monkeypatch.setattr(papermill, "execute_notebook", must_not_run)
    monkeypatch.setenv("FRAMELAB_PROJECT_ROOT", str(ROOT))
    assert cli.main(["notebook", "clean", "-p", "dedup_treshold=0.5"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("framelab: error: unknown clean parameter 'dedup_treshold'")
    assert "did you mean 'dedup_threshold'?" in err and "\n" not in err
    assert cli.main(["notebook", "quotes", "-p", "use_parse=nevr"]) == 2
    assert "quotes.use_parse must be one of auto, never" in capsys.readouterr().err


def test_stage_section_fills_every_key_from_the_defaults(tmp_path, monkeypatch):
    from framelab.notebooks import stage_section

    (tmp_path / "params.yaml").write_text("dates:\n  languages: [ar]\n", encoding="utf-8")
    section = stage_section("dates", {"focus_window_days": 3}, tmp_path)
    assert section == {"lexicon": None, "languages": ["ar"], "focus_window_days": 3}
    with pytest.raises(FramelabError, match="unknown stage 'date'"):
        stage_section("date")


def test_params_errors_are_also_value_and_type_errors():
    """Callers that guard a stage function with ValueError / TypeError keep working."""
    assert issubclass(ParamsError, ValueError) and issubclass(ParamsError, TypeError)
    assert issubclass(ParamsError, FramelabError)
