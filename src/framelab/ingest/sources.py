"""Walking the inputs: files, folders (recursive, sorted) and archives read member by member.

Archives are never unpacked to disk: ``.tar``/``.tar.gz`` are read as a stream (``tarfile`` mode
``r|*``; the member list tarfile keeps is cleared as we go so memory stays flat), ``.zip`` through
its central directory. Every item is a :class:`Source` whose size is known *before* it is read, so
oversized files are rejected without reading them.
"""

from __future__ import annotations

import logging
import os
import re
import tarfile
import zipfile
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path, PurePosixPath

from ..errors import InputError
from .config import layouts, policy
from .schema import reject_record

log = logging.getLogger("framelab.ingest")


@dataclass
class Source:
    """One file or archive member that may hold articles."""

    source_path: str  # as shown in tables: data/raw/x.txt, corpus.tar.gz::dir/x.txt
    name: str  # path used for layout patterns (posix; archive members relative to the archive)
    size: int  # bytes, known before reading
    reader: Callable[[], bytes] = field(repr=False)
    layout_hint: str | None = None  # layout chosen by the archive's file name
    sidecar: Callable[[], bytes | None] = field(default=lambda: None, repr=False)
    # single compressed files (x.jsonl.gz): read through this, never more than ``limit`` bytes
    bounded_reader: Callable[[int | None], bytes] | None = field(default=None, repr=False)

    def read(self, limit: int | None = None) -> bytes:
        """The bytes; for a compressed file raises :class:`TooLarge` past ``limit`` bytes."""
        if self.bounded_reader is not None and limit is not None:
            return self.bounded_reader(limit)
        return self.reader()

    @property
    def suffix(self) -> str:
        return PurePosixPath(self.name).suffix.lower()


class TooLarge(ValueError):
    """A compressed file that decompresses to more than the size limit."""


_DECOMPRESSORS = {".gz": "gzip", ".bz2": "bz2", ".xz": "lzma"}


def compression_of(name: str) -> str | None:
    """``.gz`` / ``.bz2`` / ``.xz`` of a single compressed file (not a tar archive), else None."""
    suffix = PurePosixPath(name.lower()).suffix
    return suffix if suffix in _DECOMPRESSORS and archive_kind(name) is None else None


def _bounded_decompress(path: Path, suffix: str) -> Callable[[int | None], bytes]:
    import importlib

    module = importlib.import_module(_DECOMPRESSORS[suffix])

    def read(limit: int | None) -> bytes:
        with module.open(path, "rb") as fh:
            data = fh.read() if limit is None else fh.read(limit + 1)
        if limit is not None and len(data) > limit:
            raise TooLarge(
                f"decompresses to more than {limit / 1024 / 1024:g} MB (not read further)"
            )
        return data

    return read


def display_path(path: Path, relative_to: Path) -> str:
    """``path`` relative to ``relative_to`` (posix separators), so ids do not depend on the machine."""
    try:
        rel = os.path.relpath(path, relative_to)
    except ValueError:  # another drive (Windows)
        rel = str(path)
    return rel.replace(os.sep, "/")


def archive_kind(name: str) -> str | None:
    """``tar`` or ``zip`` for archive file names, else None."""
    lower = name.lower()
    if lower.endswith(".zip"):
        return "zip"
    if lower.endswith((".tar.gz", ".tgz", ".tar", ".tar.bz2", ".tar.xz")):
        return "tar"
    return None


def sidecar_name(name: str) -> str:
    """``dir/x.ar.txt`` -> ``dir/x.ar.meta.json`` (the metadata file of a text or HTML dump)."""
    suffix = policy()["files"]["sidecar_suffix"]
    stem, dot, _ext = name.rpartition(".")
    return (stem if dot else name) + suffix


def is_sidecar(name: str) -> bool:
    return name.lower().endswith(policy()["files"]["sidecar_suffix"])


@lru_cache(maxsize=1)
def _skip_patterns() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in policy()["files"]["skip_names"])


def is_hidden(name: str) -> bool:
    """Dot files, ``__MACOSX`` folders and OS clutter: never inputs."""
    return any(p.search(part) for part in PurePosixPath(name).parts for p in _skip_patterns())


def layout_of_archive(file_name: str) -> str | None:
    for spec in layouts().values():
        if spec.matches_archive(file_name):
            return spec.name
    return None


def iter_sources(
    paths: Sequence[str | os.PathLike[str]], relative_to: str | os.PathLike[str] | None = None
) -> Iterator[Source | dict]:
    """Yield a :class:`Source` per input file / archive member, or a reject dict for an archive
    that cannot be read. Missing input paths raise :class:`InputError` before anything is read."""
    base = Path(relative_to or Path.cwd()).resolve()
    resolved = [Path(p) for p in paths]
    for path in resolved:
        if not path.exists():
            raise InputError(str(path), "input not found")
    for path in resolved:
        if path.is_dir():
            yield from _iter_folder(path, base)
        else:
            yield from _iter_file(path, base)


def _iter_folder(folder: Path, base: Path) -> Iterator[Source | dict]:
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if is_hidden(rel) or not path.is_file():
            continue
        yield from _iter_file(path, base, f"{folder.resolve().name}/{rel}")


def _iter_file(path: Path, base: Path, name: str | None = None) -> Iterator[Source | dict]:
    """``name``: the path matched against layout patterns, relative to the input's parent folder
    (``ant-multisource-v2.1/BBC/x.txt``), never the absolute path (whose folders say nothing)."""
    shown = display_path(path, base)
    kind = archive_kind(path.name)
    if kind == "tar":
        yield from _iter_tar(path, shown)
        return
    if kind == "zip":
        yield from _iter_zip(path, shown)
        return
    compression = compression_of(path.name)
    name = name or path.name
    if compression:  # x.jsonl.gz is read as x.jsonl; its sidecar is x.meta.json
        name = name[: -len(compression)]
    side = path.with_name(sidecar_name(PurePosixPath(name).name))
    bounded = _bounded_decompress(path, compression) if compression else None
    yield Source(
        source_path=shown,
        name=name,
        size=path.stat().st_size,
        reader=(lambda: bounded(None)) if bounded else path.read_bytes,
        sidecar=(lambda s=side: s.read_bytes() if s.is_file() else None),
        bounded_reader=bounded,
    )


def _iter_tar(path: Path, shown: str) -> Iterator[Source | dict]:
    hint = layout_of_archive(path.name)
    sidecars: dict[str, bytes] = {}  # small .meta.json members seen so far, by name
    n_members = 0
    try:
        with tarfile.open(path, mode="r|*") as tar:
            for member in tar:
                tar.members = []  # stream mode still records every TarInfo: keep memory flat
                if not member.isfile() or is_hidden(member.name):
                    continue
                n_members += 1
                if is_sidecar(member.name):
                    handle = tar.extractfile(member)
                    if handle is not None and member.size < 1_000_000:
                        sidecars[member.name] = handle.read()
                    continue
                side = sidecar_name(member.name)
                yield Source(
                    source_path=f"{shown}::{member.name}",
                    name=member.name,
                    size=member.size,
                    reader=_tar_reader(tar, member),
                    layout_hint=hint,
                    sidecar=(lambda n=side: sidecars.get(n)),
                )
    except (tarfile.TarError, EOFError, zlib.error, OSError) as err:
        yield _archive_reject(shown, n_members, err)


def _tar_reader(tar: tarfile.TarFile, member: tarfile.TarInfo) -> Callable[[], bytes]:
    def read() -> bytes:
        handle = tar.extractfile(member)
        return handle.read() if handle is not None else b""

    return read


def _iter_zip(path: Path, shown: str) -> Iterator[Source | dict]:
    hint = layout_of_archive(path.name)
    n_members = 0
    try:
        with zipfile.ZipFile(path) as archive:
            infos = sorted(
                (i for i in archive.infolist() if not i.is_dir() and not is_hidden(i.filename)),
                key=lambda i: i.filename,
            )
            names = {i.filename for i in infos}
            for info in infos:
                n_members += 1
                if is_sidecar(info.filename):
                    continue
                side = sidecar_name(info.filename)
                yield Source(
                    source_path=f"{shown}::{info.filename}",
                    name=info.filename,
                    size=info.file_size,
                    reader=(lambda i=info: archive.read(i)),
                    layout_hint=hint,
                    sidecar=(lambda s=side: archive.read(s) if s in names else None),
                )
    except (zipfile.BadZipFile, EOFError, zlib.error, OSError) as err:
        yield _archive_reject(shown, n_members, err)


def _archive_reject(shown: str, n_members: int, err: Exception) -> dict:
    where = f"after {n_members} member(s)" if n_members else "at the start"
    return reject_record(shown, "corrupt_archive", f"archive unreadable {where}: {err}")
