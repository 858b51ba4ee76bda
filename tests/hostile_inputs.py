"""A generator of hostile inputs for framelab's ingest-to-framing pipeline.

``generate(root, seed=..., variant=..., scale=...)`` writes a folder of inputs under
``root/inputs/<case>/`` (one sub-folder per case, so every output row can be traced back to its
case by the first path component after ``inputs/``) plus a few inputs that must be given directly
(a FIFO, a character device), and returns the list of :class:`Case` objects: what each input holds
and what a correct pipeline must make of it.

Every text is invented here (random sentences built from small word pools in six languages); no
text comes from a real corpus. ``seed`` changes every random choice (texts, positions of the bad
lines, sizes); ``variant`` switches to other forms of each hazard (other encodings, other archive
formats, other nesting depths, other names), so that a second corpus made with another seed and
variant exercises the same categories with inputs the code was not developed on. ``scale``
multiplies the sizes of the large cases (``scale=1`` for CI; the stress script uses more).

Accounting: ``Case.units`` is the number of input items a reader can find (articles, bad lines,
bad members, links, special files); ingest must produce exactly that many rows (articles plus
rejects) for the case, except for damaged containers (``Case.partial``): there the rows may be
fewer, provided a reject names the damage (reason in :data:`DAMAGE_REASONS`).
"""

from __future__ import annotations

import bz2
import codecs
import gzip
import io
import json
import os
import random
import stat
import tarfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

Check = Callable[[pd.DataFrame, pd.DataFrame], list[str]]

# reject reasons that may stand for an unknown number of unread articles (damaged containers)
DAMAGE_REASONS = ("corrupt_archive", "truncated", "too_large")

_WORDS: dict[str, tuple[list[str], list[str], list[str]]] = {
    # (subjects, verbs / linking phrases, objects): invented news sentences
    "ar": (
        [
            "قال وزير الخارجية",
            "أعلن المتحدث باسم الحكومة",
            "ذكرت وكالة الأنباء",
            "أكد رئيس البلدية",
        ],
        ["إن المحادثات ستستأنف", "أن الاجتماع عقد", "أن الوفد وصل", "أن الاتفاق وقع"],
        [
            "يوم الاثنين الماضي في العاصمة.",
            "في الثالث من آذار/مارس 2021.",
            "بعد أسبوعين من المفاوضات الطويلة.",
            "صباح أمس بحضور ممثلين عن الطرفين.",
        ],
    ),
    "en": (
        ["The foreign minister", "A government spokesman", "The mayor", "Local officials"],
        ["said talks would resume", "announced the meeting was held", "confirmed the delegation"],
        [
            "on Monday in the capital.",
            "on 3 March 2021 after long delays.",
            "two weeks after the negotiations began.",
            "yesterday morning with both sides present.",
        ],
    ),
    "fr": (
        ["Le ministre des affaires étrangères", "Un porte-parole du gouvernement", "Le maire"],
        ["a déclaré que les négociations reprendraient", "a annoncé que la réunion a eu lieu"],
        ["lundi dernier dans la capitale.", "le 3 mars 2021 après de longs retards."],
    ),
    "ru": (
        ["Министр иностранных дел", "Представитель правительства", "Мэр города"],
        ["заявил, что переговоры возобновятся", "сообщил, что встреча состоялась"],
        ["в понедельник в столице.", "3 марта 2021 года после долгих задержек."],
    ),
    "tr": (
        ["Dışişleri bakanı", "Hükümet sözcüsü", "Belediye başkanı"],
        ["görüşmelerin yeniden başlayacağını söyledi", "toplantının yapıldığını açıkladı"],
        ["pazartesi günü başkentte.", "3 Mart 2021 tarihinde uzun gecikmelerden sonra."],
    ),
    "de": (
        ["Der Außenminister", "Ein Regierungssprecher", "Die Bürgermeisterin"],
        ["sagte, die Gespräche würden fortgesetzt", "erklärte, das Treffen habe stattgefunden"],
        ["am Montag in der Hauptstadt.", "am 3. März 2021 nach langen Verzögerungen."],
    ),
}
LANGUAGES = tuple(_WORDS)


@dataclass
class Case:
    """One hostile input and what a correct pipeline makes of it."""

    name: str
    category: str
    note: str
    units: int  # input items (articles, bad lines, bad members, links, special files)
    paths: list[Path] = field(default_factory=list)  # inputs given directly (besides inputs/)
    partial: bool = False  # damaged container: fewer rows allowed when a damage reject exists
    min_articles: int = 0  # at least this many articles must come out
    checks: list[Check] = field(default_factory=list)  # wrong-verdict checks on its rows
    downstream: list[str] = field(default_factory=list)  # article ids that must reach dates


class Writer:
    """Builds the cases of one corpus."""

    def __init__(self, root: Path, seed: int, variant: int, scale: int) -> None:
        self.root = root
        self.inputs = root / "inputs"
        self.outside = root / "outside"  # link targets outside the input folder
        self.special = root / "special"  # inputs given directly (FIFO, device links)
        for folder in (self.inputs, self.outside, self.special):
            folder.mkdir(parents=True, exist_ok=True)
        self.rng = random.Random(seed)
        self.seed = seed
        self.variant = variant
        self.scale = scale
        self.cases: list[Case] = []
        self.n_rows = 0

    # ------------------------------------------------------------------ helpers
    def folder(self, name: str) -> Path:
        path = self.inputs / name
        path.mkdir(parents=True, exist_ok=True)
        return path

    def sentence(self, lang: str) -> str:
        subjects, verbs, objects = _WORDS[lang]
        return f"{self.rng.choice(subjects)} {self.rng.choice(verbs)} {self.rng.choice(objects)}"

    def article(self, lang: str | None = None, sentences: int | None = None) -> str:
        lang = lang or self.rng.choice(LANGUAGES)
        n = sentences or self.rng.randint(4, 9)
        paragraphs = []
        for _ in range(self.rng.randint(2, 3)):
            paragraphs.append(" ".join(self.sentence(lang) for _ in range(max(1, n // 2))))
        return "\n\n".join(paragraphs)

    def row(self, i: int, lang: str | None = None, **extra: object) -> dict[str, object]:
        lang = lang or self.rng.choice(LANGUAGES)
        self.n_rows += 1  # ids unique over the corpus: duplicates are made on purpose only
        return {
            "id": f"s{self.seed}-v{self.variant}-{self.n_rows}",
            "title": f"Item {i}",
            "outlet": self.rng.choice(["Daily Example", "example.org", "Test Times"]),
            "published": f"2021-0{self.rng.randint(1, 9)}-1{self.rng.randint(0, 9)}",
            "language": lang,
            "text": self.article(lang),
            **extra,
        }

    def add(self, case: Case) -> None:
        self.cases.append(case)


def _jsonl(rows: list[object]) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode("utf-8")


def _tar(members: list[tuple[tarfile.TarInfo, bytes | None]], mode: str = "w:gz") -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode=mode, format=tarfile.GNU_FORMAT) as tar:
        for info, data in members:
            if data is not None:
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
            else:
                tar.addfile(info)
    return buf.getvalue()


def _member(name: str | bytes, kind: bytes = tarfile.REGTYPE, link: str = "") -> tarfile.TarInfo:
    if isinstance(name, bytes):
        name = name.decode("utf-8", "surrogateescape")
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = link
    info.mtime = 1_600_000_000
    return info


# ---------------------------------------------------------------------------- JSON Lines
def jsonl_cases(w: Writer) -> None:
    n = 40 * w.scale
    bad_at = sorted(w.rng.sample(range(2, n - 2), 3))
    rows: list[bytes] = [json.dumps(w.row(i), ensure_ascii=False).encode() for i in range(n)]
    # a lone surrogate escape, a 5,000-digit number, 100,000-deep nesting (variant: other forms)
    surrogate = w.row(bad_at[0])
    rows[bad_at[0]] = json.dumps(surrogate, ensure_ascii=False).encode()[:-1] + (
        b', "note": "\\ud800"}' if w.variant == 0 else b', "note": "x\\udfff\\ud83d y"}'
    )
    digits = 5000 if w.variant == 0 else 12000
    rows[bad_at[1]] = b'{"id": "big", "text": "t", "views": ' + b"9" * digits + b"}"
    depth = 100_000 if w.variant == 0 else 250_000
    rows[bad_at[2]] = b'{"id": "deep", "x": ' + b"[" * depth + b"]" * depth + b"}"
    w.folder("jsonl-bad-lines").joinpath("feed.jsonl").write_bytes(b"\n".join(rows) + b"\n")
    w.add(
        Case(
            "jsonl-bad-lines",
            "jsonl",
            "lone surrogate, huge number and deep nesting on three lines",
            units=n,
            min_articles=n - 2,
        )
    )

    # a BOM, CRLF line ends, blank lines, a non-object line, invalid JSON, U+2028 inside strings
    lines = [json.dumps(w.row(i), ensure_ascii=False) for i in range(8)]
    lines[3] = '["not", "an", "object"]'
    lines[5] = '{"id": "broken", "text": "unterminated'
    lines[6] = json.dumps({**w.row(6), "text": "para one\u2028para two\u0085three " * 3})
    body = "\r\n".join(lines[:4]) + "\r\n\r\n" + "\r\n".join(lines[4:]) + "\r\n"
    w.folder("jsonl-mixed").joinpath("rows.ndjson").write_bytes(codecs.BOM_UTF8 + body.encode())
    w.add(Case("jsonl-mixed", "jsonl", "BOM, CRLF, non-object and broken lines", 8, min_articles=6))

    # NUL characters inside JSON strings and raw NUL bytes on a line; empty and missing text
    rows2 = [w.row(i) for i in range(6)]
    rows2[1]["text"] = "before\u0000after " + rows2[1]["text"]
    rows2[2]["text"] = ""
    del rows2[3]["text"]
    raw = _jsonl(rows2).replace(b'"Item 4"', b'"Item\x004"')
    w.folder("jsonl-nul-empty").joinpath("nul.jsonl").write_bytes(raw)
    w.add(Case("jsonl-nul-empty", "jsonl", "NUL escapes, raw NUL, empty/missing text", 6))

    # one line of several MB (a whole corpus glued into one record)
    big = w.row(0)
    big["text"] = " ".join(w.sentence("en") for _ in range(2_000 * w.scale))
    w.folder("jsonl-giant-line").joinpath("giant.jsonl").write_bytes(_jsonl([big, w.row(1)]))
    w.add(Case("jsonl-giant-line", "jsonl", "one multi-MB line", 2, min_articles=1))


# ---------------------------------------------------------------------------- JSON and CSV
def json_csv_cases(w: Writer) -> None:
    folder = w.folder("json-hostile")
    depth = 50_000 if w.variant == 0 else 120_000
    (folder / "deep.json").write_bytes(b"[" * depth + b"]" * depth)
    items: list[object] = [w.row(i) for i in range(4)] + ["a string", 42, None]
    (folder / "array.json").write_bytes(json.dumps(items, ensure_ascii=False).encode())
    (folder / "truncated.json").write_bytes(json.dumps([w.row(9)]).encode()[:-40])
    # deep: one reject; array: 4 articles + 3 not_object; truncated: one reject
    w.add(Case("json-hostile", "json", "deep nesting, mixed array, truncated", 9, min_articles=4))

    folder = w.folder("csv-quoting")
    header = "id,title,outlet,published,text\n"
    good = [f'c{i},T{i},Test Times,2021-05-0{i % 9 + 1},"{w.article("en")}"\n' for i in range(10)]
    other = [row.replace("c", "n", 1) for row in good]
    broken = list(good)
    broken[2] = 'c2,T2,Test Times,2021-05-03,"a,"b broken\n'
    # an opening quote that is never closed: without care it swallows the rest of the file
    broken[6] = 'c6,T6,Test Times,2021-05-07,"never closed ' + w.sentence("en") + "\n"
    for i in range(7, 10):  # no quote after it: it runs to the end of the file
        broken[i] = f"c{i},T{i},Test Times,2021-05-0{i % 9 + 1},{w.sentence('tr')}\n"
    (folder / "broken.csv").write_text(header + "".join(broken), encoding="utf-8")
    nul = header + "".join(other[:3]) + "n3,T3,X,2021-05-04,has a \x00 NUL\n" + "".join(other[4:6])
    (folder / "nul.csv").write_text(nul, encoding="utf-8")
    semi = "id;title;text;extra\n" + "".join(f"d{i};T;{w.sentence('fr')};x;y;z\n" for i in range(3))
    (folder / "semicolons.csv").write_text(semi, encoding="utf-8")
    (folder / "header-only.csv").write_text(header, encoding="utf-8")
    # broken: 10 rows; nul: 6 rows; semicolons: 3 rows; header-only: no rows (an empty table)
    w.add(
        Case(
            "csv-quoting",
            "csv",
            "broken and unclosed quotes, NUL, extra values",
            19,
            min_articles=15,
        )
    )


# ---------------------------------------------------------------------------- archives
def _good_members(w: Writer, n: int, prefix: str = "docs/") -> list[tuple[tarfile.TarInfo, bytes]]:
    return [(_member(f"{prefix}a{i:04d}.txt"), w.article().encode()) for i in range(n)]


def archive_cases(w: Writer) -> None:
    n = 50
    data = _tar(_good_members(w, n))
    # truncated: the last third cut off; corrupted: bytes overwritten in the middle
    w.folder("tar-truncated").joinpath("cut.tar.gz").write_bytes(data[: len(data) * 2 // 3])
    w.add(Case("tar-truncated", "archive", "tar.gz cut off", n, partial=True, min_articles=1))
    middle = bytearray(data)
    start = len(middle) // 2 if w.variant == 0 else len(middle) // 3
    middle[start : start + 64] = bytes(w.rng.randrange(256) for _ in range(64))
    w.folder("tar-corrupt").joinpath("mid.tar.gz").write_bytes(bytes(middle))
    w.add(Case("tar-corrupt", "archive", "tar.gz corrupted mid-way", n, partial=True))
    # an uncompressed tar whose header block is damaged mid-way (tarfile treats it as the end)
    plain = bytearray(_tar(_good_members(w, 20), mode="w"))
    with tarfile.open(fileobj=io.BytesIO(bytes(plain))) as tar:
        at = tar.getmembers()[10 if w.variant == 0 else 15].offset
    plain[at : at + 100] = b"\xff" * 100
    w.folder("tar-bad-header").joinpath("hdr.tar").write_bytes(bytes(plain))
    w.add(Case("tar-bad-header", "archive", "plain tar with a broken header", 20, partial=True))

    # unsafe member names and links
    members = _good_members(w, 3)
    members += [
        (_member("../escape.txt"), w.article().encode()),
        (_member("docs/../../up.txt"), w.article().encode()),
        (_member("/etc/abs.txt"), w.article().encode()),
        (_member("docs/hard.txt", tarfile.LNKTYPE, "docs/a0000.txt"), None),
        (_member("docs/soft.txt", tarfile.SYMTYPE, "/etc/passwd"), None),
        (_member("docs/fifo", tarfile.FIFOTYPE), None),
        (_member("docs/dev", tarfile.CHRTYPE), None),
    ]
    w.folder("tar-unsafe").joinpath("unsafe.tar.gz").write_bytes(_tar(members))
    w.add(Case("tar-unsafe", "archive", "../, absolute names, links, devices", 10, min_articles=3))

    # names that are not UTF-8, duplicate member names
    members = [
        (_member(b"docs/caf\xe9-latin1.txt"), w.article("fr").encode()),
        (_member(b"docs/\xff\xfe-junk.txt"), w.article("en").encode()),
        (_member("docs/same.txt"), w.article("de").encode()),
        (_member("docs/same.txt"), w.article("de").encode()),
    ]
    w.folder("tar-names").joinpath("names.tar").write_bytes(_tar(members, mode="w"))
    w.add(Case("tar-names", "archive", "non-UTF-8 and duplicate member names", 4, min_articles=3))

    # a zip with a corrupt member, a symlink entry, unsafe names; a truncated zip
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for i in range(5):
            z.writestr(f"z/{i}.txt", w.article())
        link = zipfile.ZipInfo("z/link.txt")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        z.writestr(link, "/etc/passwd")
        z.writestr("../zip-escape.txt", w.article())
        z.writestr("/abs/zip.txt", w.article())
    raw = bytearray(buf.getvalue())
    pos = raw.find(b"z/2.txt") + 7 + 10  # inside member 2's compressed data
    raw[pos : pos + 8] = b"\x00" * 8
    w.folder("zip-hostile").joinpath("bad.zip").write_bytes(bytes(raw))
    w.folder("zip-hostile").joinpath("cut.zip").write_bytes(buf.getvalue()[:-30])
    # bad.zip: 8 entries; cut.zip: unreadable (central directory gone): one reject
    w.add(
        Case(
            "zip-hostile",
            "archive",
            "corrupt member, link, unsafe names, cut zip",
            9,
            partial=True,
            min_articles=4,
        )
    )

    # an archive inside an archive; many tiny members
    inner = _tar(_good_members(w, 2))
    many = 500 * w.scale
    members = [(_member("outer/inner.tar.gz"), inner)] + [
        (_member(f"outer/m{i:06d}.txt"), f"{w.sentence('en')} {i}".encode()) for i in range(many)
    ]
    w.folder("tar-nested-many").joinpath("outer.tar.gz").write_bytes(_tar(members))
    w.add(
        Case(
            "tar-nested-many",
            "archive",
            "nested archive and many members",
            many + 1,
            min_articles=many,
        )
    )

    # single compressed files: truncated gzip, corrupt bz2, a gzip that decompresses past the limit
    folder = w.folder("compressed")
    gz = gzip.compress(_jsonl([w.row(i) for i in range(30)]))
    (folder / "cut.jsonl.gz").write_bytes(gz[: len(gz) // 2])
    bz = bytearray(bz2.compress(_jsonl([w.row(i) for i in range(5)])))
    bz[len(bz) // 2] ^= 0xFF
    (folder / "bad.jsonl.bz2").write_bytes(bytes(bz))
    (folder / "ok.txt.gz").write_bytes(gzip.compress(w.article().encode()))
    w.add(
        Case(
            "compressed", "archive", "truncated gzip, corrupt bz2", 36, partial=True, min_articles=1
        )
    )


# ---------------------------------------------------------------------------- ANT
def ant_cases(w: Writer) -> None:
    def doc(docno: str, body: str, src: str = "BBC") -> str:
        return (
            f"<DOC>\n<DOCNO>{docno}</DOCNO>\n<SRC>{src}</SRC>\n<TITLE>t {docno}</TITLE>\n"
            f"<TIME>Mon, 05 Mar 2018 10:00:00 +0000</TIME>\n<TEXT>\n{body}\n</TEXT>\n</DOC>\n"
        )

    k = 3 if w.variant == 0 else 5
    text = "".join(doc(f"MULTI{w.seed}-{i}", w.article("ar")) for i in range(k))
    w.folder("ant-multi").joinpath("multi-20180305.txt").write_text(text, encoding="utf-8")
    unclosed = doc("GOOD1", w.article("ar")) + "<DOC>\n<DOCNO>CUT1</DOCNO>\n<TEXT>\nلا نهاية"
    w.folder("ant-multi").joinpath("cut-20180305.txt").write_text(unclosed, encoding="utf-8")
    w.add(
        Case(
            "ant-multi",
            "ant",
            "several <DOC> entries in one file, one unclosed",
            k + 2,
            min_articles=k + 1,
            checks=[IdsPresent(tuple(f"ant:MULTI{w.seed}-{i}" for i in range(k)))],
        )
    )


@dataclass(frozen=True)
class IdsPresent:
    ids: tuple[str, ...]

    def __call__(self, articles: pd.DataFrame, rejects: pd.DataFrame) -> list[str]:
        got = set(articles["article_id"].dropna())
        return [f"article {i} missing" for i in self.ids if i not in got]


# ---------------------------------------------------------------------------- file system
def filesystem_cases(w: Writer) -> None:
    folder = w.folder("links")
    (w.outside / "secret.txt").write_text("OUTSIDE-SECRET " + w.article("en"), encoding="utf-8")
    (w.outside / "dir").mkdir(exist_ok=True)
    (w.outside / "dir" / "x.txt").write_text("OUTSIDE-DIR " + w.article("en"), encoding="utf-8")
    (folder / "ok.txt").write_text(w.article("en"), encoding="utf-8")
    os.symlink(w.outside / "secret.txt", folder / "to-outside.txt")
    os.symlink(w.outside / "dir", folder / "dir-outside")
    os.symlink(folder / "nowhere.txt", folder / "dangling.txt")
    os.symlink("loop-b", folder / "loop-a")
    os.symlink("loop-a", folder / "loop-b")
    os.symlink(folder, folder / "self-loop")  # a folder link back to its parent
    os.symlink(folder / "ok.txt", folder / "inside-link.txt")
    w.add(
        Case(
            "links",
            "filesystem",
            "links out of the folder, dangling, loops, a link inside",
            # ok, to-outside, dir-outside, dangling, loop-a, loop-b, inside-link (self-loop skipped)
            7,
            min_articles=1,
            checks=[NoTextContaining("OUTSIDE-")],
        )
    )

    folder = w.folder("special-files")
    (folder / "ok.txt").write_text(w.article("ru"), encoding="utf-8")
    os.mkfifo(folder / "pipe.txt")
    locked = folder / "locked"
    locked.mkdir()
    (locked / "inner.txt").write_text(w.article("en"), encoding="utf-8")
    (folder / "no-read.txt").write_text(w.article("en"), encoding="utf-8")
    os.chmod(folder / "no-read.txt", 0)
    os.chmod(locked, 0)
    # as root the chmod-ed items stay readable: then they are ordinary inputs (1 + 1)
    w.add(
        Case("special-files", "filesystem", "FIFO, unreadable folder and file", 4, min_articles=1)
    )

    fifo = w.special / "direct-pipe.jsonl"
    os.mkfifo(fifo)
    special = RejectReason("direct-pipe.jsonl", "special_file")
    w.add(
        Case("direct-fifo", "filesystem", "a FIFO given as an input", 1, [fifo], checks=[special])
    )
    zero = w.special / "zero.txt"
    os.symlink("/dev/zero", zero)
    special = RejectReason("zero.txt", "special_file")
    w.add(
        Case("direct-dev-zero", "filesystem", "/dev/zero as an input", 1, [zero], checks=[special])
    )

    folder = w.folder("names")
    names = [
        b"caf\xe9.txt",
        b"\xff\xfe\xfd.txt",
        b"new\nline.txt",
        b"<img src=x onerror=alert(2)>.txt",
    ]
    names.append(b"$\\undefinedmacro$.txt")
    if w.variant:
        names += [b"\xed\xa0\x80surrogate.txt", b"tab\there.txt"]
    for name in names:
        with open(os.path.join(os.fsencode(folder), name), "wb") as fh:
            fh.write(w.article().encode())
    w.add(
        Case(
            "names",
            "filesystem",
            "file names that are not UTF-8 or hold markup",
            len(names),
            min_articles=len(names),
        )
    )


@dataclass(frozen=True)
class NoTextContaining:
    marker: str

    def __call__(self, articles: pd.DataFrame, rejects: pd.DataFrame) -> list[str]:
        leaked = articles["raw"].astype(str).str.contains(self.marker, regex=False)
        if leaked.any():
            return [f"{int(leaked.sum())} article(s) read through a link out of the folder"]
        return []


# ---------------------------------------------------------------------------- encodings
def encoding_cases(w: Writer) -> None:
    folder = w.folder("magic-text")
    starts = ["RIFF", "BZh", "GIF8"] if w.variant == 0 else ["RIFF raff", "BZh91", "GIF89a"]
    for word in starts:
        (folder / f"{word[:4]}.txt").write_text(f"{word} {w.article('en')}", encoding="utf-8")
    (folder / "real.gif").write_bytes(b"GIF89a\x01\x00\x01\x00\x80\x00\x00" + bytes(range(256)))
    w.add(
        Case(
            "magic-text",
            "encoding",
            "ordinary text starting with a binary signature",
            len(starts) + 1,
            min_articles=len(starts),
            checks=[ArticlesAtLeast(len(starts))],
        )
    )

    folder = w.folder("stray-byte")
    text = w.article("ar").encode("utf-8")
    cut = text.find(b" ", len(text) // 2)
    (folder / "stray.txt").write_bytes(
        text[:cut] + (b"\xff" if w.variant == 0 else b"\xc3") + text[cut:]
    )
    w.add(
        Case(
            "stray-byte",
            "encoding",
            "one invalid byte in valid UTF-8 Arabic",
            1,
            min_articles=1,
            checks=[FlagInMeta("stray.txt", "encoding_issue"), LanguageIs("stray.txt", "ar")],
        )
    )

    folder = w.folder("encodings")
    body_ar, body_en = w.article("ar"), w.article("en")
    (folder / "utf16le-bom.txt").write_bytes(codecs.BOM_UTF16_LE + body_ar.encode("utf-16-le"))
    (folder / "utf16be-bom.txt").write_bytes(codecs.BOM_UTF16_BE + body_en.encode("utf-16-be"))
    (folder / "utf32.txt").write_bytes(body_ar.encode("utf-32"))
    (folder / "utf16-nobom.txt").write_bytes(body_ar.encode("utf-16-le"))
    (folder / "cp1256.txt").write_bytes(body_ar.encode("cp1256"))
    (folder / "mixed.txt").write_bytes(
        body_ar.encode("utf-8") + b"\n\n" + w.article("ar").encode("cp1256")
    )
    (folder / "nul-bytes.txt").write_bytes(body_en.encode().replace(b" ", b"\x00", 40))
    (folder / "cesu.txt").write_bytes(body_en.encode() + b" \xed\xa0\x80 end")
    (folder / "bom-only.txt").write_bytes(codecs.BOM_UTF8)
    w.add(
        Case(
            "encodings", "encoding", "BOMs, UTF-16/32, cp1256, mixed, NULs, CESU", 9, min_articles=5
        )
    )


@dataclass(frozen=True)
class ArticlesAtLeast:
    n: int

    def __call__(self, articles: pd.DataFrame, rejects: pd.DataFrame) -> list[str]:
        if len(articles) >= self.n:
            return []
        return [f"{self.n - len(articles)} text file(s) rejected: {list(rejects['reason'])}"]


@dataclass(frozen=True)
class RejectReason:
    suffix: str
    reason: str

    def __call__(self, articles: pd.DataFrame, rejects: pd.DataFrame) -> list[str]:
        row = _row_of(rejects, self.suffix)
        if row is None:
            return [f"{self.suffix}: not rejected"]
        if row["reason"] == self.reason:
            return []
        return [f"{self.suffix}: rejected as {row['reason']}, not {self.reason}"]


def _row_of(articles: pd.DataFrame, suffix: str) -> pd.Series | None:
    hit = articles[articles["source_path"].astype(str).str.endswith(suffix)]
    return None if hit.empty else hit.iloc[0]


@dataclass(frozen=True)
class FlagInMeta:
    suffix: str
    key: str

    def __call__(self, articles: pd.DataFrame, rejects: pd.DataFrame) -> list[str]:
        row = _row_of(articles, self.suffix)
        if row is None:
            return [f"{self.suffix} not an article"]
        if self.key in json.loads(row["meta"] or "{}"):
            return []
        return [f"{self.suffix}: no {self.key} flag"]


@dataclass(frozen=True)
class LanguageIs:
    suffix: str
    language: str

    def __call__(self, articles: pd.DataFrame, rejects: pd.DataFrame) -> list[str]:
        row = _row_of(articles, self.suffix)
        if row is None:
            return [f"{self.suffix} not an article"]
        if row["language"] == self.language:
            return []
        return [f"{self.suffix}: language {row['language']!r}"]


# ---------------------------------------------------------------------------- content
_PRESENTATION = str.maketrans(
    {
        "ا": "\ufe8d",
        "ل": "\ufedd",
        "م": "\ufee3",
        "ن": "\ufee7",
        "ي": "\ufef3",
        "ه": "\ufeeb",
        "و": "\ufeed",
        "ر": "\ufead",
        "ت": "\ufe97",
        "ب": "\ufe91",
        "ع": "\ufecb",
        "س": "\ufeb3",
    }
)


def content_cases(w: Writer) -> None:
    folder = w.folder("unicode-floods")
    base = w.article("en")
    (folder / "zero-width.txt").write_text(
        "\u200b" * 50_000 * w.scale + base + "\u200d" * 20_000, encoding="utf-8"
    )
    (folder / "rtl-override.txt").write_text(
        "\u202e" + base + "\u202c\u2066x\u2069", encoding="utf-8"
    )
    (folder / "combining.txt").write_text(
        base + " e" + "\u0301" * 20_000 * w.scale, encoding="utf-8"
    )
    w.add(
        Case(
            "unicode-floods",
            "content",
            "zero-width floods, RTL overrides, combining marks",
            3,
            min_articles=3,
        )
    )

    folder = w.folder("presentation-forms")
    sentences = [w.sentence("ar") for _ in range(8)]
    (folder / "forms.txt").write_text(
        " ".join(s.translate(_PRESENTATION) for s in sentences), encoding="utf-8"
    )
    ligature = " ".join(sentences).replace("لا", "\ufefb")
    (folder / "ligatures.txt").write_text(ligature.translate(_PRESENTATION), encoding="utf-8")
    w.add(
        Case(
            "presentation-forms",
            "content",
            "Arabic in presentation forms (U+FB50-FEFF)",
            2,
            min_articles=2,
            checks=[LanguageIs("forms.txt", "ar"), LanguageIs("ligatures.txt", "ar")],
            downstream=["forms.txt", "ligatures.txt"],
        )
    )

    folder = w.folder("giant-texts")
    words = [w.sentence(w.rng.choice(["en", "ar"])) for _ in range(300)]
    one_line = " ".join(w.rng.choice(words) for _ in range(3_000 * w.scale))
    (folder / "one-line.txt").write_text(one_line, encoding="utf-8")
    short_lines = "\n".join(
        f"{w.rng.choice(['a', 'b', 'c'])} {i % 97}" for i in range(5_000 * w.scale)
    )
    (folder / "short-lines.txt").write_text(short_lines, encoding="utf-8")
    (folder / "no-spaces.txt").write_text("x" * 300_000 * w.scale, encoding="utf-8")
    w.add(
        Case(
            "giant-texts",
            "content",
            "a long single line, many short lines, one long word",
            3,
            min_articles=2,
        )
    )

    folder = w.folder("html-bombs")
    depth = 20_000 if w.variant == 0 else 60_000
    nested = (
        "<html><body>" + "<div>" * depth + w.article("en") + "</div>" * depth + "</body></html>"
    )
    (folder / "nested.html").write_text(nested, encoding="utf-8")
    entities = (
        "<html><body><p>"
        + "&amp;" * 200_000 * w.scale
        + "</p><p>"
        + w.article("en")
        + "</p></body></html>"
    )
    (folder / "entities.html").write_text(entities, encoding="utf-8")
    attrs = "<html><body><p title='" + "a" * 500_000 + "'>" + w.article("en") + "</p></body></html>"
    (folder / "attribute.html").write_text(attrs, encoding="utf-8")
    (folder / "no-body.html").write_text(
        "<html><head><title>x</title></head></html>", encoding="utf-8"
    )
    (folder / "scripts.htm").write_text(
        "<html><body><script>" + "var a=1;" * 10_000 + "</script></body></html>", encoding="utf-8"
    )
    w.add(
        Case(
            "html-bombs",
            "content",
            "deep nesting, entity floods, huge attributes, no body",
            5,
            min_articles=2,
        )
    )

    folder = w.folder("html-meta")
    page = (
        "<html><head><title>{title}</title>"
        '<meta property="og:site_name" content="{outlet}">'
        '<meta property="article:published_time" content="{date}">'
        "</head><body><h1>{title}</h1><p>{body}</p><p>{body2}</p></body></html>"
    )
    bad_date = "2023-02-30" if w.variant == 0 else "2022-04-31T10:00:00Z"
    (folder / "impossible-date.html").write_text(
        page.format(
            title="Impossible date",
            outlet="Example",
            date=bad_date,
            body=w.article("en"),
            body2=w.article("en"),
        ),
        encoding="utf-8",
    )
    (folder / "xss.html").write_text(
        page.format(
            title="&lt;script&gt;alert(1)&lt;/script&gt;",
            outlet="$\\undefinedmacro$ &lt;b&gt;",
            date="2021-03-04",
            body=w.article("en"),
            body2=w.article("en"),
        ),
        encoding="utf-8",
    )
    w.add(
        Case(
            "html-meta",
            "content",
            "impossible page date, markup and TeX in metadata",
            2,
            min_articles=2,
            checks=[DateNotMoved("impossible-date.html", bad_date[:7])],
        )
    )


@dataclass(frozen=True)
class DateNotMoved:
    suffix: str
    year_month: str

    def __call__(self, articles: pd.DataFrame, rejects: pd.DataFrame) -> list[str]:
        row = _row_of(articles, self.suffix)
        if row is None:
            return [f"{self.suffix} not an article"]
        published, issue = row["published"], row["published_issue"]
        flagged = isinstance(issue, str) and bool(issue)
        if isinstance(published, str) and published.startswith(self.year_month) and not flagged:
            return [f"{self.suffix}: impossible date silently became {published}"]
        return []


# ---------------------------------------------------------------------------- metadata
def metadata_cases(w: Writer) -> None:
    rows = [w.row(i) for i in range(8)]
    rows[0]["outlet"] = "$\\undefinedmacro$"
    rows[1]["outlet"] = "<script>alert('outlet')</script>"
    rows[2]["id"] = "id-with\nnewline WARNING fake log line"
    rows[3]["id"] = "<img src=x onerror=alert(1)>"
    rows[3]["title"] = "<script>alert('title')</script>"
    rows[4]["published"] = "2023-02-30"
    rows[5]["id"] = rows[6]["id"] = "same-id"
    rows[7].update(title="", outlet="", url="", published="", language="")
    if w.variant:
        rows[0]["outlet"] = "$x^2$ \\frac{1}{0} $$"
        rows[4]["published"] = "31/02/2021"
    w.folder("metadata").joinpath("meta.jsonl").write_bytes(_jsonl(rows))
    # ids also repeated across files
    w.folder("metadata").joinpath("again.jsonl").write_bytes(
        _jsonl([{**w.row(0), "id": rows[0]["id"]}])
    )
    w.add(
        Case(
            "metadata",
            "metadata",
            "markup/TeX names, newline ids, impossible dates, duplicates",
            9,
            min_articles=7,
        )
    )


GENERATORS = (
    jsonl_cases,
    json_csv_cases,
    archive_cases,
    ant_cases,
    filesystem_cases,
    encoding_cases,
    content_cases,
    metadata_cases,
)


def generate(root: Path, *, seed: int = 12, variant: int = 0, scale: int = 1) -> list[Case]:
    """Write the hostile inputs under ``root`` and return their cases (see the module doc)."""
    writer = Writer(Path(root), seed, variant, scale)
    for make in GENERATORS:
        make(writer)
    return writer.cases


def case_of(source_path: str) -> str | None:
    """The case a ``source_path`` of the ingest tables belongs to (``inputs/<case>/...``)."""
    parts = str(source_path).split("/")
    if len(parts) >= 2 and parts[0] == "inputs":
        return parts[1]
    name = parts[-1].split("::")[0].split("#")[0]
    return {"direct-pipe.jsonl": "direct-fifo", "zero.txt": "direct-dev-zero"}.get(name)


def restore_permissions(root: Path) -> None:
    """Make the chmod-ed test folders removable again."""
    for path in Path(root).rglob("*"):
        try:
            if not path.is_symlink():
                os.chmod(path, 0o755 if path.is_dir() else 0o644)
        except OSError:
            pass
