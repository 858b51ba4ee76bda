"""``framelab evaluate`` validates gold files first: every malformed file of ``malformed_gold``
stops with one line naming the file, the line and the field; valid files are accepted."""

from __future__ import annotations

from pathlib import Path

import pytest
from malformed_gold import CASES, write_cases, write_valid
from shared_data import need_shared

from framelab.cli import main
from framelab.errors import InputError
from framelab.evaluate.gold import check_calendar, validate_gold_file


@pytest.fixture(scope="module")
def malformed(tmp_path_factory) -> list[tuple[str, Path, str]]:
    return write_cases(tmp_path_factory.mktemp("malformed"))


def test_the_malformed_set_covers_every_task() -> None:
    tasks = [task for task, *_ in CASES]
    assert len(CASES) >= 41 and {"clean", "quotes", "dates"} <= set(tasks)


def test_every_malformed_file_is_one_error_naming_file_line_and_field(malformed) -> None:
    assert malformed
    for task, path, field in malformed:
        with pytest.raises(InputError) as err:
            validate_gold_file(task, str(path))
        message = str(err.value)
        assert "\n" not in message, message
        assert message.startswith(str(path)), message
        assert field in message, (path.name, message)


@pytest.mark.parametrize(
    "name", ["quotes-start-string", "dates-timex-impossible-day", "clean-raw-missing"]
)
def test_the_cli_prints_one_line_and_exits_2(malformed, capsys, name) -> None:
    task, path, field = next(
        c for c in malformed if c[1].stem == f"{c[0]}-{name}" or c[1].stem == name
    )
    assert main(["evaluate", task, str(path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and f"{path}:1: {field}" in err[0], err


def test_validation_stops_before_any_file_is_scored(malformed, tmp_path, capsys) -> None:
    valid = write_valid(tmp_path)["dates"]
    bad = next(p for task, p, _ in malformed if task == "dates")
    assert main(["evaluate", "dates", str(valid), str(bad)]) == 2
    out = capsys.readouterr()
    assert out.out == ""  # no table printed for the valid file either


def test_valid_base_documents_are_accepted_and_scored(tmp_path, capsys) -> None:
    for task, path in write_valid(tmp_path).items():
        assert validate_gold_file(task, str(path)) == 1
    assert main(["evaluate", "dates", str(tmp_path / "dates-valid.jsonl")]) == 0
    assert "relaxed_f1" in capsys.readouterr().out


@pytest.mark.parametrize(
    "value", ["2020-02-29", "2021-03", "XXXX-XX-XX", "P3D", "2021-W53", "PRESENT_REF", "1998-10-XX"]
)
def test_calendar_check_accepts_timex_notations(value) -> None:
    check_calendar("value", value)


@pytest.mark.parametrize("value", ["2021-02-29", "2021-00", "2021-13-01", "2021-04-31T10:00"])
def test_calendar_check_refuses_impossible_dates(value) -> None:
    with pytest.raises(ValueError, match="not a possible date"):
        check_calendar("value", value)


@pytest.mark.shared
@pytest.mark.parametrize(
    "task,pattern",
    [("clean", "clean/*.jsonl"), ("quotes", "quotes/*.jsonl"), ("dates", "dates/*.jsonl")],
)
def test_every_shared_gold_file_is_valid(task, pattern) -> None:
    paths = sorted(need_shared("eval").glob(pattern))
    assert paths
    for path in paths:
        assert validate_gold_file(task, str(path)) > 0
    assert validate_gold_file(
        task if task != "clean" else "quotes", str(need_shared("seed", "gold.jsonl"))
    )
