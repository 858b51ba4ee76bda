"""Offset-preserving chunking of very long articles (pure Python, no model)."""

from __future__ import annotations

import pytest

from framelab.nlp import split_for_stanza

AR_SENTENCE = "وقال المتحدث باسم وزارة الخارجية إن الولايات المتحدة تعتبر السلام مفيدًا للمنطقة. "
EN_SENTENCE = 'He said: "Peace is possible." Then he left! '


def _assert_tiles(text: str, chunks: list[tuple[int, str]], max_chars: int) -> None:
    assert "".join(c for _, c in chunks) == text
    for start, chunk in chunks:
        assert text[start : start + len(chunk)] == chunk
        assert 0 < len(chunk) <= max_chars


def test_short_text_is_one_chunk():
    assert split_for_stanza("short text", 100) == [(0, "short text")]
    assert split_for_stanza("", 100) == [(0, "")]


def test_cuts_at_paragraph_breaks_first():
    paragraphs = [AR_SENTENCE * 3, EN_SENTENCE * 4, AR_SENTENCE * 2]
    text = "\n\n".join(paragraphs)
    chunks = split_for_stanza(text, max(len(p) for p in paragraphs) + 2)
    _assert_tiles(text, chunks, max(len(p) for p in paragraphs) + 2)
    # every cut falls right after a blank line
    for start, _ in chunks[1:]:
        assert text[start - 2 : start] == "\n\n"


def test_long_paragraph_is_cut_after_sentences():
    text = (EN_SENTENCE * 40).strip()
    chunks = split_for_stanza(text, 300)
    _assert_tiles(text, chunks, 300)
    for _, chunk in chunks[:-1]:
        assert chunk.rstrip().endswith(("!", '."', "."))


def test_arabic_question_mark_is_a_sentence_end():
    text = ("هل يتحقق السلام؟ " * 50).strip()
    chunks = split_for_stanza(text, 200)
    _assert_tiles(text, chunks, 200)
    assert all(c.rstrip().endswith("؟") for _, c in chunks[:-1])


def test_one_megabyte_single_paragraph():
    text = (AR_SENTENCE + EN_SENTENCE) * (1_000_000 // len(AR_SENTENCE + EN_SENTENCE) + 1)
    assert len(text) >= 1_000_000 and "\n" not in text
    chunks = split_for_stanza(text, 20_000)
    _assert_tiles(text, chunks, 20_000)
    assert len(chunks) == pytest.approx(len(text) / 20_000, rel=0.1)


def test_run_without_spaces_is_hard_cut_but_not_inside_combining_marks():
    text = "مُ" * 600  # base letter + damma: never separate them
    chunks = split_for_stanza(text, 101)
    _assert_tiles(text, chunks, 101)
    assert all(not c.startswith("\u064f") for _, c in chunks)


def test_mixed_scripts_and_whitespace_cuts():
    text = " ".join(["Baku", "باكو", "Бакı", "巴库"] * 300)
    chunks = split_for_stanza(text, 250)
    _assert_tiles(text, chunks, 250)
    assert all(c.endswith(" ") for _, c in chunks[:-1])


def test_bulk_calls_are_bounded_by_documents_and_characters():
    from framelab.nlp.stage import bounded_batches

    sizes = [5, 5, 5, 30, 5, 5, 5, 5]
    ranges = bounded_batches(sizes, max_docs=3, max_chars=12)
    assert ranges == [(0, 2), (2, 3), (3, 4), (4, 6), (6, 8)]
    # every item exactly once, in order; an item longer than max_chars goes alone
    assert [i for b, e in ranges for i in range(b, e)] == list(range(len(sizes)))
    for begin, end in ranges:
        assert end - begin <= 3
        assert sum(sizes[begin:end]) <= 12 or end - begin == 1
    assert bounded_batches([1] * 7, max_docs=3, max_chars=100) == [(0, 3), (3, 6), (6, 7)]
    assert bounded_batches([], max_docs=3, max_chars=100) == []


def test_mmap_threshold_is_fixed_under_glibc():
    import platform

    from framelab.nlp.sinks import fix_mmap_threshold

    if platform.libc_ver()[0] != "glibc":
        pytest.skip("glibc only")
    assert fix_mmap_threshold() is True
