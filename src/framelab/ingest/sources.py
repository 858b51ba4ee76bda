"""Walking the inputs: files, folders (recursive, sorted) and archives read member by member.

Every item is a :class:`Source` whose size is known *before* it is read (oversized files are
rejected without reading them), a reject row (an input that cannot be read at all, with its
reason), or :class:`Skipped` (not an input: a link to a folder inside the same input folder).

What is never opened for reading: special files (named pipes, devices, sockets: rejected as
``special_file`` from their ``stat``), symbolic links that lead out of an input folder
(``link_outside``), dangling or looping links (``broken_link``). Folders that cannot be listed are
rejected as ``unreadable_folder``. A link given directly as an input is followed (the user named
it), but its target must still be a regular file or a folder. Names that are not UTF-8 are shown
with ``\\xNN`` escapes (:func:`framelab.ingest.textsafe.display_name`).
"""

from __future__ import annotations

import logging
import os
import re
import stat
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any

from ..errors import InputError
from .config import layouts, policy
from .schema import reject_record
from .textsafe import display_name

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
    # files on disk and single compressed files: read through this, never more than ``limit``
    bounded_reader: Callable[[int | None], bytes] | None = field(default=None, repr=False)
    in_archive: bool = False  # a member of a tar or zip archive

    def read(self, limit: int | None = None) -> bytes:
        """The bytes; raises :class:`TooLarge` past ``limit`` bytes (files on disk, compressed
        files) and :class:`SpecialFile` when the path turns out not to be a regular file."""
        if self.bounded_reader is not None and limit is not None:
            return self.bounded_reader(limit)
        return self.reader()

    @property
    def suffix(self) -> str:
        return PurePosixPath(self.name).suffix.lower()


@dataclass(frozen=True)
class Skipped:
    """An item of an input folder that is not an input (e.g. a link to a folder inside it)."""

    source_path: str
    why: str


class TooLarge(ValueError):
    """A file that holds (or decompresses to) more than the size limit."""


class SpecialFile(OSError):
    """A path that is not a regular file when opened (a pipe or device swapped in)."""


class Damaged(ValueError):
    """A compressed file that breaks off: ``data`` is what decompressed before the damage."""

    def __init__(self, data: bytes, problem: str) -> None:
        super().__init__(problem)
        self.data = data
        self.problem = problem


_DECOMPRESSORS = {".gz": "gzip", ".bz2": "bz2", ".xz": "lzma"}
_CHUNK = 1 << 16
_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def special_kind(mode: int) -> str:
    """What a non-regular, non-folder file is, in words."""
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def compression_of(name: str) -> str | None:
    """``.gz`` / ``.bz2`` / ``.xz`` of a single compressed file (not a tar archive), else None."""
    suffix = PurePosixPath(name.lower()).suffix
    return suffix if suffix in _DECOMPRESSORS and archive_kind(name) is None else None


def _too_large(limit: int, what: str) -> TooLarge:
    return TooLarge(f"{what} more than {limit / 1024 / 1024:g} MB (not read further)")


def _decompressor(suffix: str) -> Any:
    if suffix == ".gz":
        return zlib.decompressobj(16 + zlib.MAX_WBITS)  # a gzip member
    if suffix == ".bz2":
        import bz2

        return bz2.BZ2Decompressor()
    import lzma

    return lzma.LZMADecompressor()


def _bounded_decompress(path: Path, suffix: str) -> Callable[[int | None], bytes]:
    """Decompress a single compressed file chunk by chunk, never past ``limit`` + 1 bytes; a
    stream that breaks off raises :class:`Damaged` with everything decompressed before."""

    def read(limit: int | None) -> bytes:
        _check_regular(path)
        out = bytearray()
        engine = _decompressor(suffix)
        try:
            with open(path, "rb") as fh:
                while limit is None or len(out) <= limit:
                    chunk = fh.read(_CHUNK)
                    if not chunk:
                        break
                    while chunk:
                        out += engine.decompress(chunk)
                        if not engine.eof or not engine.unused_data:
                            break
                        chunk = engine.unused_data  # a further member / stream follows
                        engine = _decompressor(suffix)
            if not engine.eof and (limit is None or len(out) <= limit):
                raise EOFError("the compressed stream ends before its end marker (cut off?)")
        except (EOFError, OSError, ValueError, zlib.error) as err:
            raise Damaged(bytes(out), f"{type(err).__name__}: {err}") from None
        if limit is not None and len(out) > limit:
            raise _too_large(limit, "decompresses to")
        return bytes(out)

    return read


def _check_regular(path: Path) -> None:
    mode = os.stat(path).st_mode
    if not stat.S_ISREG(mode):
        raise SpecialFile(f"{special_kind(mode)}, not read")


def _bounded_file(path: Path) -> Callable[[int | None], bytes]:
    """Read a file on disk, never more than ``limit`` + 1 bytes, and never a pipe or device:
    it is opened non-blocking and checked with ``fstat`` before the first read."""

    def read(limit: int | None) -> bytes:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as fh:
            mode = os.fstat(fd).st_mode
            if not stat.S_ISREG(mode):
                raise SpecialFile(f"{special_kind(mode)}, not read")
            data = fh.read() if limit is None else fh.read(limit + 1)
        if limit is not None and len(data) > limit:
            raise _too_large(limit, "holds")
        return data

    return read


def display_path(path: Path, relative_to: Path) -> str:
    """``path`` relative to ``relative_to`` (posix separators), so ids do not depend on the
    machine; bytes that are not UTF-8 written as ``\\xNN``."""
    try:
        rel = os.path.relpath(path, relative_to)
    except ValueError:  # another drive (Windows)
        rel = str(path)
    return display_name(rel.replace(os.sep, "/"))


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
    """Dot files, ``__MACOSX`` folders and OS clutter: never inputs (``..`` is not hidden: a
    member path holding it is unsafe, see :func:`unsafe_member_name`)."""
    parts = [p for p in re.split(r"[\\/]", name) if p not in ("", ".", "..")]
    return any(p.search(part) for part in parts for p in _skip_patterns())


def unsafe_member_name(name: str) -> str | None:
    """Why an archive member's path is unsafe (absolute, or climbing out with ``..``), or None."""
    if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name):
        return "an absolute path"
    if ".." in re.split(r"[\\/]", name):
        return "a path with '..'"
    return None


def layout_of_archive(file_name: str) -> str | None:
    for spec in layouts().values():
        if spec.matches_archive(file_name):
            return spec.name
    return None


def iter_sources(
    paths: Sequence[str | os.PathLike[str]], relative_to: str | os.PathLike[str] | None = None
) -> Iterator[Source | Skipped | dict]:
    """Yield a :class:`Source` per input file / archive member, a reject dict for an input that
    cannot be read (special file, link out of a folder, damaged archive, unreadable folder), or
    :class:`Skipped`. Missing input paths raise :class:`InputError` before anything is read."""
    from .archives import iter_archive

    base = Path(relative_to or Path.cwd()).resolve()
    resolved = [Path(p) for p in paths]
    for path in resolved:
        if not os.path.exists(path):
            raise InputError(display_name(str(path)), "input not found")
    for path in resolved:
        try:
            mode = os.stat(path).st_mode
        except OSError as err:
            yield reject_record(display_path(path, base), "read_error", f"cannot stat: {err}")
            continue
        if stat.S_ISDIR(mode):
            yield from _iter_folder(path, base)
        elif not stat.S_ISREG(mode):
            yield _special(path, base, mode)
        elif archive_kind(path.name):
            yield from iter_archive(path, display_path(path, base))
        else:
            yield _file_source(path, base)


def _special(path: Path, base: Path, mode: int) -> dict:
    return reject_record(
        display_path(path, base),
        "special_file",
        f"{special_kind(mode)}: special files are never opened for reading",
    )


def _iter_folder(folder: Path, base: Path) -> Iterator[Source | Skipped | dict]:
    root = folder.resolve()
    yield from _walk(folder, root, base, "")


def _walk(directory: Path, root: Path, base: Path, rel: str) -> Iterator[Source | Skipped | dict]:
    """Entries of ``directory`` in name order; folders recursed into (links to folders never)."""
    from .archives import iter_archive

    try:
        with os.scandir(directory) as scan:
            entries = sorted(scan, key=lambda e: e.name)
    except OSError as err:
        yield reject_record(
            display_path(directory, base),
            "unreadable_folder",
            f"cannot list the folder ({err.strerror or err}); its files are not read",
        )
        return
    for entry in entries:
        name = f"{rel}/{entry.name}" if rel else entry.name
        if is_hidden(entry.name):
            continue
        path = Path(entry.path)
        try:
            mode = entry.stat(follow_symlinks=False).st_mode
        except OSError as err:
            yield reject_record(display_path(path, base), "read_error", f"cannot stat: {err}")
            continue
        if stat.S_ISLNK(mode):
            yield from _link(path, root, base, name)
        elif stat.S_ISDIR(mode):
            yield from _walk(path, root, base, name)
        elif not stat.S_ISREG(mode):
            yield _special(path, base, mode)
        elif archive_kind(entry.name):
            yield from iter_archive(path, display_path(path, base))
        else:
            yield _file_source(path, base, display_name(f"{root.name}/{name}"))


def _link(path: Path, root: Path, base: Path, name: str) -> Iterator[Source | Skipped | dict]:
    """A symbolic link inside an input folder: read only when it leads to a regular file inside
    the same folder; a link to a folder inside is skipped (its files are read under their own
    path); anything else is rejected without opening the target."""
    from .archives import iter_archive

    shown = display_path(path, base)
    try:
        target = path.resolve(strict=True)
        mode = os.stat(target).st_mode
    except (OSError, RuntimeError) as err:  # dangling, or a loop
        problem = getattr(err, "strerror", None) or str(err)
        yield reject_record(shown, "broken_link", f"symbolic link that leads nowhere ({problem})")
        return
    if not target.is_relative_to(root):
        yield reject_record(
            shown,
            "link_outside",
            "symbolic link to a path outside the input folder; links out of an input folder "
            "are never followed",
        )
        return
    if stat.S_ISDIR(mode):
        yield Skipped(shown, "link to a folder inside the input folder (read under its own path)")
    elif not stat.S_ISREG(mode):
        yield _special(path, base, mode)
    elif archive_kind(path.name):
        yield from iter_archive(path, shown)
    else:
        yield _file_source(path, base, display_name(f"{root.name}/{name}"))


def _file_source(path: Path, base: Path, name: str | None = None) -> Source:
    """``name``: the path matched against layout patterns, relative to the input's parent folder
    (``ant-multisource-v2.1/BBC/x.txt``), never the absolute path (whose folders say nothing)."""
    shown = display_path(path, base)
    compression = compression_of(path.name)
    name = name or display_name(path.name)
    if compression:  # x.jsonl.gz is read as x.jsonl; its sidecar is x.meta.json
        name = name[: -len(compression)]
    side = path.with_name(
        sidecar_name(path.name[: -len(compression)] if compression else path.name)
    )
    bounded = _bounded_decompress(path, compression) if compression else _bounded_file(path)
    return Source(
        source_path=shown,
        name=name,
        size=os.stat(path).st_size,
        reader=lambda: bounded(None),
        sidecar=(lambda s=side: _read_sidecar(s)),
        bounded_reader=bounded,
    )


_SIDECAR_LIMIT = 1_000_000


def _read_sidecar(path: Path) -> bytes | None:
    """A sidecar's bytes (None when absent); a sidecar that is no regular file or too large is an
    error the text's reader notes in ``meta``."""
    if not os.path.lexists(path):
        return None
    if os.path.islink(path):
        raise OSError("the sidecar is a symbolic link (not followed)")
    return _bounded_file(path)(_SIDECAR_LIMIT)
