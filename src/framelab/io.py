"""Reading and writing framelab's tables and documents.

Tables are pandas DataFrames with a documented schema (``docs/conventions.md``), stored as
parquet. A schema is an ordered mapping ``column -> pandas dtype``; :func:`conform` makes a frame
match it (missing columns added as nulls, dtypes cast, column order fixed) so that every stage
writes the same layout even for an empty corpus.

Every writer here is atomic: the file is written to a temporary file in the same folder
(``.<name>.<random>.tmp``), flushed to disk and renamed onto the final path, so a run killed
during a write leaves the previous file intact (never a truncated one). :func:`atomic_path` gives
the same guarantee to any other writer.
"""

from __future__ import annotations

import json
import math
import os
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import pandas as pd

from .errors import InputError
from .schemas import REJECTS_SCHEMA

Schema = Mapping[str, str]


def reject_row(
    stage: str,
    reason: str,
    detail: str,
    *,
    source_path: str | None = None,
    article_id: str | None = None,
) -> dict[str, Any]:
    """One row of the rejects table (:data:`REJECTS_SCHEMA`): the detail on one line. Every
    stage builds its reject rows with this function."""
    return {
        "stage": stage,
        "source_path": source_path,
        "article_id": article_id,
        "reason": reason,
        "detail": " ".join(str(detail).split()),
    }


def rejects_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """Reject rows (:func:`reject_row`) as a table with :data:`REJECTS_SCHEMA`."""
    if not rows:
        return empty_frame(REJECTS_SCHEMA)
    return conform(pd.DataFrame.from_records(rows, columns=list(REJECTS_SCHEMA)), REJECTS_SCHEMA)


def empty_frame(schema: Schema) -> pd.DataFrame:
    """An empty DataFrame with the schema's columns and dtypes."""
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in schema.items()})


def conform(df: pd.DataFrame, schema: Schema, *, keep_extra: bool = False) -> pd.DataFrame:
    """Return ``df`` with exactly the schema's columns (plus extras if ``keep_extra``), cast."""
    out = df.copy()
    for col, dtype in schema.items():
        if col not in out.columns:
            out[col] = pd.Series([None] * len(out), index=out.index, dtype="object")
        try:
            out[col] = out[col].astype(dtype)
        except (TypeError, ValueError) as err:  # pragma: no cover - schema bug
            raise TypeError(f"column {col!r} cannot be cast to {dtype}: {err}") from err
    cols = list(schema)
    if keep_extra:
        cols += [c for c in out.columns if c not in schema]
    return out[cols].reset_index(drop=True)


def _file_mode() -> int:
    """Permissions of a new file under the current umask (temporary files are created 0600)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


@contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """A temporary path in ``path``'s folder to write to; when the block ends without an error
    the file is flushed to disk and renamed onto ``path`` (an atomic replace), otherwise it is
    removed and ``path`` is untouched. The folder is created if needed."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.chmod(tmp, _file_mode())
        os.replace(tmp, path)
    except BaseException:
        with suppress(OSError):
            tmp.unlink()
        raise


def write_table(
    df: pd.DataFrame, path: str | os.PathLike[str], schema: Schema | None = None
) -> Path:
    """Write ``df`` as parquet (conformed to ``schema`` when given); CSV if the path ends .csv.
    Atomic (see :func:`atomic_path`)."""
    path = Path(path)
    if schema is not None:
        df = conform(df, schema)
    with atomic_path(path) as tmp:
        if path.suffix == ".csv":
            df.to_csv(tmp, index=False)
        else:
            df.to_parquet(tmp, index=False)
    return path


def read_table(
    path: str | os.PathLike[str],
    schema: Schema | None = None,
    *,
    columns: Sequence[str] | None = None,
    filters: list[tuple[str, str, Any]] | None = None,
) -> pd.DataFrame:
    """Read a parquet file or a folder of parquet parts (``part-*.parquet``); optionally only
    some ``columns`` and the rows that pass pyarrow ``filters`` (e.g. ``[("article_id", "==", x)]``).
    """
    parts = _table_parts(Path(path))
    columns = _column_list(path, columns)
    frames = [_read_parquet(p, columns, filters) for p in parts]
    df = frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)
    return conform(df, schema, keep_extra=True) if schema is not None else df


def iter_table_batches(
    path: str | os.PathLike[str], columns: Sequence[str] | None = None, batch_rows: int = 1000
) -> Iterator[pd.DataFrame]:
    """A parquet file or folder of parts as DataFrames of at most ``batch_rows`` rows (only
    ``columns`` if given), so that a stage can stream a table larger than it wants to hold.
    Errors as :func:`read_table`: missing or unreadable tables name the file."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    if not isinstance(batch_rows, int) or batch_rows < 1:
        raise InputError(str(path), f"batch_rows must be a positive integer, got {batch_rows!r}")
    columns = _column_list(path, columns)
    for part in _table_parts(Path(path)):
        try:
            source = pq.ParquetFile(part)
            _check_columns(part, source.schema_arrow.names, columns)
            for batch in source.iter_batches(batch_size=batch_rows, columns=columns):
                yield batch.to_pandas()
        except (pa.ArrowException, OSError, ValueError) as err:
            raise _unreadable(part, err) from None


def _table_parts(path: Path) -> list[Path]:
    """The parquet file itself, or the sorted parts of a folder; clear errors otherwise."""
    if path.is_dir():
        parts = sorted(path.glob("*.parquet"))
        if not parts:
            raise InputError(
                str(path), "folder holds no parquet parts (run the earlier pipeline stage first)"
            )
        return parts
    if path.is_file():
        return [path]
    raise InputError(str(path), "table not found (run the earlier pipeline stage first)")


def _column_list(path: str | os.PathLike[str], columns: Sequence[str] | None) -> list[str] | None:
    """``columns`` as a list (None or empty: all columns); a bare string is an error."""
    if isinstance(columns, str):
        raise InputError(str(path), f"columns must be a list of names, got the string {columns!r}")
    return list(columns) if columns else None


def _check_columns(path: Path, present: Sequence[str], wanted: Sequence[str] | None) -> None:
    missing = [c for c in wanted or [] if c not in present]
    if missing:
        raise InputError(str(path), f"missing column(s) {', '.join(missing)}")


def _first_line(err: Exception) -> str:
    return str(err).splitlines()[0] if str(err) else type(err).__name__


def _unreadable(path: Path, err: Exception) -> InputError:
    return InputError(str(path), f"not a readable parquet table ({_first_line(err)})")


def _read_parquet(
    path: Path,
    columns: list[str] | None = None,
    filters: list[tuple[str, str, Any]] | None = None,
) -> pd.DataFrame:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        # the schema is read (once more) only to name missing columns or tell a bad filter
        # from a bad file; a plain read needs no second look
        names = pq.read_schema(path).names if columns or filters else None
    except (pa.ArrowException, OSError) as err:
        raise _unreadable(path, err) from None
    if names is not None:
        _check_columns(path, names, columns)
    try:
        return pd.read_parquet(path, columns=columns, filters=filters or None)
    except (pa.ArrowException, OSError, ValueError, TypeError) as err:
        if filters:  # the schema was readable: the filter is what the table cannot serve
            raise InputError(str(path), f"bad filter {filters!r} ({_first_line(err)})") from None
        raise _unreadable(path, err) from None


class PartWriter:
    """Write a large table as numbered parquet parts in a folder, so memory stays flat."""

    def __init__(self, folder: str | os.PathLike[str], schema: Schema) -> None:
        self.folder = Path(folder)
        self.schema = schema
        self.folder.mkdir(parents=True, exist_ok=True)
        # earlier parts, and temporary files of a run that was killed while writing one
        for old in [*self.folder.glob("part-*.parquet"), *self.folder.glob(".part-*.tmp")]:
            old.unlink()
        self.n_parts = 0
        self.n_rows = 0

    def write(self, df: pd.DataFrame) -> None:
        if df.empty and self.n_parts:
            return
        write_table(df, self.folder / f"part-{self.n_parts:05d}.parquet", self.schema)
        self.n_parts += 1
        self.n_rows += len(df)

    def close(self) -> None:
        if self.n_parts == 0:  # always leave at least one (empty) part with the schema
            self.write(empty_frame(self.schema))


def iter_jsonl(path: str | os.PathLike[str]) -> Iterator[dict[str, Any]]:
    """Yield JSON objects from a JSON Lines file; a bad line raises an error naming file and line."""
    for _, obj in iter_jsonl_lines(path):
        yield obj


def iter_jsonl_lines(path: str | os.PathLike[str]) -> Iterator[tuple[int, dict[str, Any]]]:
    """``(line number, object)`` for every non-blank line of a JSON Lines file. A line that is
    not UTF-8, not JSON (syntax, nesting too deep for the parser, a number Python will not
    convert) or not an object raises :class:`InputError` naming ``file:line``."""
    path = Path(path)
    if path.is_dir():
        raise InputError(str(path), "is a folder, expected a JSON Lines file")
    if not path.is_file():
        raise InputError(str(path), "file not found")
    with path.open("rb") as fh:
        for lineno, raw in enumerate(fh, 1):
            try:
                line = raw.decode("utf-8-sig" if lineno == 1 else "utf-8")
            except UnicodeDecodeError:
                raise InputError(
                    f"{path}:{lineno}", "not UTF-8 text (JSON Lines must be UTF-8)"
                ) from None
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as err:
                raise InputError(f"{path}:{lineno}", f"not valid JSON ({err.msg})") from None
            except RecursionError:
                raise InputError(f"{path}:{lineno}", "JSON nested too deeply to read") from None
            except ValueError as err:
                raise InputError(
                    f"{path}:{lineno}", f"JSON not readable ({_first_line(err)})"
                ) from None
            if not isinstance(obj, dict):
                raise InputError(f"{path}:{lineno}", "expected a JSON object per line")
            yield lineno, obj


def read_jsonl(path: str | os.PathLike[str]) -> list[dict[str, Any]]:
    return list(iter_jsonl(path))


def _jsonable(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):  # numpy scalars
        return _jsonable(value.item())
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if value is pd.NA or value is pd.NaT:
        return None
    return value


def write_jsonl(records: Iterable[Mapping[str, Any]], path: str | os.PathLike[str]) -> Path:
    """Write JSON Lines (atomic)."""
    path = Path(path)
    with atomic_path(path) as tmp, tmp.open("w", encoding="utf-8") as fh:
        for rec in records:
            fh.write(json.dumps(_jsonable(rec), ensure_ascii=False) + "\n")
    return path


def write_json(obj: Any, path: str | os.PathLike[str]) -> Path:
    """Write JSON (NaN -> null, numpy scalars unwrapped), e.g. DVC metrics files (atomic)."""
    return write_text(json.dumps(_jsonable(obj), ensure_ascii=False, indent=2) + "\n", path)


def write_text(text: str, path: str | os.PathLike[str]) -> Path:
    """Write a UTF-8 text file, e.g. an HTML report (atomic)."""
    path = Path(path)
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return path
