"""Measuring language detection on real corpora whose language is documented (``../shared``).

``python -m framelab.evaluate.language [SHARED_DIR]`` prints a Markdown table of accuracy and speed
for the article body (the detection sample ingest uses), the full body and the title alone (short
text), on evenly spaced articles of ANT (ar), SaudiNewsNet (ar), AllSides (en), BASIL (en) and the
German Wikinews quote set (de). Numbers are quoted in docs/ingest.md.
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..ingest import is_reject, iter_records
from ..ingest.language import LanguageDetector, default_candidates, detection_sample


@dataclass(frozen=True)
class LabelledText:
    corpus: str
    language: str  # the corpus' documented language
    body: str
    title: str | None


def _every_nth(records: Iterator[dict], step: int, limit: int) -> list[dict]:
    out = []
    for i, rec in enumerate(records):
        if is_reject(rec) or i % step:
            continue
        out.append(rec)
        if len(out) >= limit:
            break
    return out


def corpus_samples(
    path: Path, corpus: str, language: str, step: int, limit: int
) -> list[LabelledText]:
    """Evenly spaced articles of a corpus archive, read without detection (default language)."""
    recs = _every_nth(iter_records([path], default_language=language), step, limit)
    return [LabelledText(corpus, language, r["raw"], r["title"]) for r in recs]


def jsonl_samples(path: Path, corpus: str, limit: int) -> list[LabelledText]:
    out = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            doc = json.loads(line)
            out.append(LabelledText(corpus, doc["language"], doc["text"], doc.get("title")))
            if len(out) >= limit:
                break
    return out


def shared_samples(shared: Path, per_corpus: int = 300) -> list[LabelledText]:
    corpora = shared / "corpora"
    samples = corpus_samples(corpora / "ant-multisource-v2.1.tar.gz", "ANT", "ar", 105, per_corpus)
    samples += corpus_samples(
        corpora / "saudinewsnet" / "2015-08-06.zip", "SaudiNewsNet", "ar", 7, per_corpus
    )
    samples += corpus_samples(
        corpora / "allsides-world-politics.tar.gz", "AllSides", "en", 14, per_corpus
    )
    samples += corpus_samples(corpora / "basil.tar.gz", "BASIL", "en", 1, per_corpus)
    samples += jsonl_samples(
        shared / "eval" / "quotes" / "de-wikinews-dev.jsonl", "Wikinews-de", per_corpus
    )
    return samples


def accuracy(
    samples: Sequence[LabelledText], detector: LanguageDetector, field: str
) -> tuple[float, int, float, Counter]:
    """(accuracy, n, texts per second, confusions) of ``detector`` on one field of the samples."""
    texts = []
    gold = []
    for s in samples:
        if field == "title":
            if not s.title:
                continue
            texts.append(s.title)
        elif field == "full":
            texts.append(s.body)
        else:  # the ingest sample: body lines >= min_line_chars, first sample_chars characters
            texts.append(detection_sample(s.body))
        gold.append(s.language)
    if not texts:
        return 0.0, 0, 0.0, Counter()
    detect = detector._detector.detect_language_of  # noqa: SLF001 - the raw lingua call is timed
    for text in texts[:20]:  # warm-up: lingua loads each language model on first use
        detect(text)
    elapsed = float("inf")
    for _ in range(3):  # best of three: the machine is shared
        start = time.perf_counter()
        found = [detect(t) for t in texts]
        elapsed = min(elapsed, time.perf_counter() - start)
    codes = [f.iso_code_639_1.name.lower() if f is not None else "none" for f in found]
    confusions = Counter((g, c) for g, c in zip(gold, codes, strict=True) if g != c)
    correct = sum(g == c for g, c in zip(gold, codes, strict=True))
    return correct / len(texts), len(texts), len(texts) / elapsed, confusions


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    shared = Path(argv[0]) if argv else Path("../shared")
    samples = shared_samples(shared)
    detector = LanguageDetector(default_candidates())
    print(f"candidates: {', '.join(detector.candidates)}\n")
    print("| corpus | gold | text | n | accuracy | texts/s | errors |")
    print("|---|---|---|---|---|---|---|")
    for corpus in dict.fromkeys(s.corpus for s in samples):
        subset = [s for s in samples if s.corpus == corpus]
        for field in ("sample", "full", "title"):
            acc, n, speed, conf = accuracy(subset, detector, field)
            errors = ", ".join(f"{g}->{c} x{k}" for (g, c), k in conf.most_common(3)) or "-"
            print(
                f"| {corpus} | {subset[0].language} | {field} | {n} | {acc:.3f} | {speed:.0f} | {errors} |"
            )
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
