"""One validator for every stage's parameter object.

Each stage declares its parameters once, as a frozen dataclass whose field defaults are the
defaults (``params.yaml`` mirrors them; a test ties the two together). :func:`build_params` turns a
``params.yaml`` section (or a notebook's / command line's mapping) into that object:

* an unknown key is an error naming the key, with a "did you mean" suggestion;
* each value is checked against the field's type (``int``, ``float``, ``bool``, ``str``,
  ``X | None``, ``tuple[str, ...]``, mappings) and, when the field's metadata says so, against its
  allowed values (``choices``) or range (``low``/``high``, inclusive);
* the dataclass's own ``check()`` (if any) then checks what depends on several keys.

Every failure is one :class:`ParamsError` line, ``<section>.<key> ...``. The stage registry
(:data:`STAGE_PARAMS`) maps each ``params.yaml`` section to its object, so the CLI validates
``framelab notebook STAGE -p key=value`` before papermill starts.
"""

from __future__ import annotations

import difflib
import importlib
import numbers
import os
import types
import typing
from collections.abc import Mapping
from dataclasses import Field, asdict, field, fields, is_dataclass
from typing import Any, TypeVar

from .errors import FramelabError

T = TypeVar("T")

# params.yaml section -> "module:ClassName" of its parameter object (imported on demand, so that
# asking about one stage never imports another stage's dependencies).
STAGE_PARAMS: dict[str, str] = {
    "ingest": "framelab.ingest.params:IngestParams",
    "clean": "framelab.clean.params:CleanParams",
    "nlp": "framelab.nlp.settings:NlpSettings",
    "quotes": "framelab.quotes.params:QuotesParams",
    "dates": "framelab.dates.params:DatesParams",
    "framing": "framelab.framing.params:FramingParams",
    "report": "framelab.report.options:ReportOptions",
}


class ParamsError(FramelabError, ValueError, TypeError):
    """A bad parameter: one line naming the section, the key and what is allowed.

    It is also a ValueError / TypeError, so callers that guard a stage function with those
    (unknown keyword, bad value) keep working."""


def choice(default: Any, choices: tuple[Any, ...], **metadata: Any) -> Any:
    """A dataclass field whose value must be one of ``choices``."""
    return field(default=default, metadata={"choices": choices, **metadata})


def bounded(
    default: Any, low: float | None = None, high: float | None = None, expect: str | None = None
) -> Any:
    """A dataclass field whose (numeric) value must lie in ``[low, high]``; ``expect`` (e.g.
    ``"a whole number >= 0"``) replaces the generic wording of its errors."""
    return field(default=default, metadata={"low": low, "high": high, "expect": expect})


def param_class(section: str) -> type:
    """The parameter object of a ``params.yaml`` section."""
    if section not in STAGE_PARAMS:
        raise ParamsError(
            f"unknown params.yaml section {section!r}{_suggest(section, STAGE_PARAMS)}; "
            f"known: {', '.join(STAGE_PARAMS)}"
        )
    module, _, name = STAGE_PARAMS[section].partition(":")
    return getattr(importlib.import_module(module), name)


def validate_section(section: str, values: Mapping[str, Any] | None) -> Any:
    """The typed parameter object of ``section`` built from ``values`` (see module doc)."""
    return build_params(param_class(section), values, section)


def defaults_of(cls: type) -> dict[str, Any]:
    """The declared defaults of a parameter object as plain values (tuples as lists)."""
    return _plain(asdict(cls()))


def as_mapping(params: Any) -> dict[str, Any]:
    """A parameter object as a plain ``{key: value}`` mapping (tuples as lists)."""
    return _plain(asdict(params))


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    return {k: list(v) if isinstance(v, tuple) else v for k, v in values.items()}


def build_params(cls: type[T], values: Mapping[str, Any] | None, section: str) -> T:
    """``cls`` (a dataclass) from ``values``; raises :class:`ParamsError` on the first problem."""
    if not is_dataclass(cls):
        raise TypeError(f"{cls!r} is not a dataclass")
    if values is not None and not isinstance(values, Mapping):
        raise ParamsError(
            f"params.yaml section {section} must be a mapping of key: value, got {values!r}"
        )
    values = dict(values or {})
    declared = {f.name: f for f in fields(cls) if f.init}
    unknown = sorted(set(values) - set(declared), key=str)
    if unknown:
        key = unknown[0]
        raise ParamsError(
            f"unknown {section} parameter {key!r}{_suggest(str(key), declared)}"
            f" (known: {', '.join(declared)})"
        )
    hints = typing.get_type_hints(cls)
    checked = {
        name: _checked(section, name, value, hints[name], declared[name])
        for name, value in values.items()
    }
    obj = cls(**checked)
    check = getattr(obj, "check", None)
    if callable(check):
        check()
    return obj


def _suggest(key: str, known: Mapping[str, Any]) -> str:
    close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def fail(section: str, key: str, problem: str) -> ParamsError:
    """The error for a bad value (for the stages' own ``check()`` methods)."""
    return ParamsError(f"{section}.{key} {problem}")


def _checked(section: str, name: str, value: Any, hint: Any, spec: Field) -> Any:
    expect = spec.metadata.get("expect")
    try:
        return _checked_value(section, name, value, hint, spec)
    except ParamsError:
        if expect is None:
            raise
        raise fail(section, name, f"must be {expect}, got {value!r}") from None


def _checked_value(section: str, name: str, value: Any, hint: Any, spec: Field) -> Any:
    convert = spec.metadata.get("convert")
    if convert is not None:
        try:
            value = convert(value)
        except (TypeError, ValueError) as err:
            raise fail(section, name, str(err)) from None
    value = _typed(section, name, value, hint)
    choices = spec.metadata.get("choices")
    if choices is not None and value is not None and value not in choices:
        shown = ", ".join(map(str, choices))
        raise fail(section, name, f"must be one of {shown}, got {value!r}")
    low, high = spec.metadata.get("low"), spec.metadata.get("high")
    if _out_of_range(value, low, high):
        limits = (
            f"between {low} and {high}"
            if low is not None and high is not None
            else (f">= {low}" if low is not None else f"<= {high}")
        )
        raise fail(section, name, f"must be {limits}, got {value!r}")
    return value


def _out_of_range(value: Any, low: float | None, high: float | None) -> bool:
    if not isinstance(value, numbers.Real) or isinstance(value, bool):
        return False
    return (low is not None and value < low) or (high is not None and value > high)


def _typed(section: str, name: str, value: Any, hint: Any) -> Any:
    """``value`` checked against ``hint`` (ints are accepted for floats, whole floats for ints)."""
    options = _union_members(hint)
    if options is not None:
        if value is None and type(None) in options:
            return None
        errors = []
        for option in (o for o in options if o is not type(None)):
            try:
                return _typed(section, name, value, option)
            except ParamsError as err:
                errors.append(err)
        if len(errors) == 1:
            raise errors[0]
        allowed = " or ".join(_describe(o) for o in options)
        raise fail(section, name, f"must be {allowed}, got {value!r}")
    origin = typing.get_origin(hint) or hint
    if hint is Any:
        return value
    if hint is bool:
        if isinstance(value, bool):
            return value
        raise fail(section, name, f"must be true or false, got {value!r}")
    if hint is float:
        if isinstance(value, numbers.Real) and not isinstance(value, bool):
            return float(value)
        raise fail(section, name, f"must be a number, got {value!r}")
    if hint is int:
        if isinstance(value, numbers.Integral) and not isinstance(value, bool):
            return int(value)
        if isinstance(value, float) and value.is_integer():
            return int(value)
        raise fail(section, name, f"must be an integer, got {value!r}")
    if hint is str:
        if isinstance(value, str):
            return value
        if isinstance(value, os.PathLike):
            return os.fspath(value)
        raise fail(section, name, f"must be a string, got {value!r}")
    if origin is tuple:
        if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
            return tuple(value)
        raise fail(section, name, f"must be a list of names, got {value!r}")
    if origin in (dict, Mapping):
        if isinstance(value, Mapping):
            return dict(value)
        raise fail(section, name, f"must be a mapping, got {value!r}")
    return value


def _union_members(hint: Any) -> tuple[Any, ...] | None:
    origin = typing.get_origin(hint)
    if origin is typing.Union or origin is types.UnionType:
        return typing.get_args(hint)
    return None


def _describe(hint: Any) -> str:
    names = {bool: "true/false", float: "a number", int: "an integer", str: "a string"}
    if hint is type(None):
        return "null"
    if hint in names:
        return names[hint]
    origin = typing.get_origin(hint)
    if origin is tuple:
        return "a list of names"
    return "a mapping"
