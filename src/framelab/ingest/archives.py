"""Archives read in place, member by member: ``.tar`` / ``.tar.gz`` (...) as a stream, ``.zip``
through its central directory. Nothing is extracted to disk and no member is followed anywhere.

Per member: folders are skipped; members with an absolute path or ``..`` (``unsafe_member``),
links (``link_member``: hard and symbolic links are never followed, inside the archive or out)
and device or pipe entries (``special_file``) are rejected with the reason; regular members become
:class:`~framelab.ingest.sources.Source` items. A damaged archive is one reject row
(``corrupt_archive``) saying how many members were read before the damage: tarfile stops quietly
at a broken header, so after the last member the rest of the stream is read to its end and must
hold only the zero blocks that close a tar archive.
"""

from __future__ import annotations

import stat
import tarfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

from .schema import reject_record
from .sources import (
    Source,
    archive_kind,
    is_hidden,
    is_sidecar,
    layout_of_archive,
    sidecar_name,
    unsafe_member_name,
)
from .textsafe import display_name

_SIDECAR_LIMIT = 1_000_000
_DRAIN_CHUNK = 1 << 16


def iter_archive(path: Path, shown: str) -> Iterator[Source | dict]:
    """The members of the tar or zip archive at ``path`` (``shown``: its display path)."""
    if archive_kind(path.name) == "zip":
        yield from _iter_zip(path, shown)
    else:
        yield from _iter_tar(path, shown)


def _member_reject(shown: str, name: str, reason: str, detail: str) -> dict:
    return reject_record(f"{shown}::{display_name(name)}", reason, detail)


def _tar_member_problem(member: tarfile.TarInfo) -> tuple[str, str] | None:
    unsafe = unsafe_member_name(member.name)
    if unsafe:
        return "unsafe_member", f"archive member with {unsafe}: not read"
    if member.islnk() or member.issym():
        kind = "hard" if member.islnk() else "symbolic"
        return "link_member", f"{kind} link in the archive: links are never followed"
    if member.isdev() or member.isfifo():
        return "special_file", "device or pipe entry in the archive: not read"
    if not member.isfile():
        return "unsupported_member", f"archive entry of type {member.type!r}: not read"
    return None


def _iter_tar(path: Path, shown: str) -> Iterator[Source | dict]:
    hint = layout_of_archive(path.name)
    sidecars: dict[str, bytes] = {}  # small .meta.json members seen so far, by name
    n_members = 0
    try:
        with tarfile.open(path, mode="r|*") as tar:
            for member in tar:
                tar.members = []  # stream mode still records every TarInfo: keep memory flat
                if member.isdir():
                    continue
                problem = _tar_member_problem(member)
                if problem is None and is_hidden(member.name):
                    continue
                n_members += 1
                if problem is not None:
                    yield _member_reject(shown, member.name, *problem)
                    continue
                if is_sidecar(member.name):
                    handle = tar.extractfile(member)
                    if handle is not None and member.size < _SIDECAR_LIMIT:
                        sidecars[member.name] = handle.read()
                    continue
                side = sidecar_name(member.name)
                yield Source(
                    source_path=f"{shown}::{display_name(member.name)}",
                    name=display_name(member.name),
                    size=member.size,
                    reader=_tar_reader(tar, member),
                    layout_hint=hint,
                    sidecar=(lambda n=side: sidecars.get(n)),
                    in_archive=True,
                )
            damage = _tar_rest(tar)
    except (tarfile.TarError, EOFError, zlib.error, OSError) as err:
        yield _archive_reject(shown, n_members, str(err) or type(err).__name__)
        return
    if damage:
        yield _archive_reject(shown, n_members, damage)


def _tar_rest(tar: tarfile.TarFile) -> str | None:
    """After the last member: why the rest of the stream shows damage, or None. A complete tar
    archive ends with zero blocks (and zero padding); tarfile ends its iteration silently at a
    header it cannot read, leaving the members after it in the stream."""
    stream = tar.fileobj
    while True:
        chunk = stream.read(_DRAIN_CHUNK)
        if not chunk:
            return None
        if chunk.count(0) != len(chunk):
            return (
                f"unreadable member header at byte {tar.offset}"
                " (data follows where the archive should end)"
            )


def _tar_reader(tar: tarfile.TarFile, member: tarfile.TarInfo) -> Callable[[], bytes]:
    def read() -> bytes:
        handle = tar.extractfile(member)
        return handle.read() if handle is not None else b""

    return read


def _zip_member_problem(info: zipfile.ZipInfo) -> tuple[str, str] | None:
    unsafe = unsafe_member_name(info.filename)
    if unsafe:
        return "unsafe_member", f"archive member with {unsafe}: not read"
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        return "link_member", "symbolic link in the archive: links are never followed"
    if mode and not stat.S_ISREG(mode) and stat.S_IFMT(mode):
        return "special_file", "device or pipe entry in the archive: not read"
    return None


def _iter_zip(path: Path, shown: str) -> Iterator[Source | dict]:
    hint = layout_of_archive(path.name)
    n_members = 0
    try:
        with zipfile.ZipFile(path) as archive:
            infos = sorted(
                (i for i in archive.infolist() if not i.is_dir()), key=lambda i: i.filename
            )
            names = {i.filename for i in infos}
            for info in infos:
                problem = _zip_member_problem(info)
                if problem is None and is_hidden(info.filename):
                    continue
                n_members += 1
                if problem is not None:
                    yield _member_reject(shown, info.filename, *problem)
                    continue
                if is_sidecar(info.filename):
                    continue
                side = sidecar_name(info.filename)
                yield Source(
                    source_path=f"{shown}::{display_name(info.filename)}",
                    name=display_name(info.filename),
                    size=info.file_size,
                    reader=(lambda i=info: archive.read(i)),
                    layout_hint=hint,
                    sidecar=(lambda s=side: archive.read(s) if s in names else None),
                    in_archive=True,
                )
    except (zipfile.BadZipFile, EOFError, zlib.error, OSError) as err:
        yield _archive_reject(shown, n_members, str(err) or type(err).__name__)


def _archive_reject(shown: str, n_members: int, problem: str) -> dict:
    where = f"after {n_members} member(s)" if n_members else "at the start"
    return reject_record(
        shown,
        "corrupt_archive",
        f"archive damaged {where}: {problem}; members after the damage are not read",
    )
