"""The text reader: decoding, table segmentation, markdown pipe tables, bad input."""

from __future__ import annotations

import pytest

from lkj.extract.text_reader import parse_text, read_text
from lkj.models.errors import UnreadableFile


def test_table_runs_survive_blank_lines_and_page_numbers():
    text = "Intro paragraph.\n\nNO\tURAIAN\tPAGU\n1\tA\t1.000\n\n\n28\n\n2\tB\t2.000\nNext prose line.\n"
    doc = parse_text(text)
    assert len(doc.tables) == 1
    table = doc.tables[0]
    assert [r.texts for r in table.rows] == [
        ["NO", "URAIAN", "PAGU"],
        ["1", "A", "1.000"],
        ["2", "B", "2.000"],
    ]
    assert [r.line for r in table.rows] == [3, 4, 9]
    assert table.rows[2].gap_before == 4  # two blanks, a page number, a blank
    assert [b.kind for b in doc.blocks] == ["text", "table", "text"]


def test_prose_line_ends_a_table():
    doc = parse_text("A\tB\n1\t2\nProse in between.\n3\t4\n")
    assert len(doc.tables) == 2


def test_long_gap_ends_a_table():
    doc = parse_text("A\tB\n1\t2\n\n\n\n\n\n3\t4\n")
    assert len(doc.tables) == 2


def test_markdown_pipe_table():
    text = "| No | Indikator Kinerja | Target |\n|---|---|---|\n| 1 | Persentase X | 70% |\n"
    doc = parse_text(text, fmt="markdown")
    (table,) = doc.tables
    assert table.method == "pipe"
    assert [r.texts for r in table.rows] == [
        ["No", "Indikator Kinerja", "Target"],
        ["1", "Persentase X", "70%"],
    ]


def test_utf16_and_cp1252_are_decoded(tmp_path):
    p16 = tmp_path / "a.txt"
    p16.write_bytes("Laporan Kinerja\nNO\tURAIAN\n1\tRp 1.000\n".encode("utf-16"))
    doc = read_text(p16)
    assert doc.tables[0].rows[1].texts == ["1", "Rp 1.000"]
    assert "UTF-16" in doc.warnings[0]

    p1252 = tmp_path / "b.txt"
    p1252.write_bytes("Tabel 3.1 \u2013 Capaian\nNO\tURAIAN\n1\tA\n".encode("cp1252"))
    doc = read_text(p1252)
    assert doc.lines[0].text == "Tabel 3.1 \u2013 Capaian"
    assert any("Windows-1252" in w for w in doc.warnings)


@pytest.mark.parametrize(
    ("content", "reason"),
    [(b"", "empty file"), (b"  \n\n", "empty file"), (b"\x00\x01\x02binary\x00" * 20, "binary")],
)
def test_unreadable_files_raise_a_clear_error(tmp_path, content, reason):
    p = tmp_path / "bad.txt"
    p.write_bytes(content)
    with pytest.raises(UnreadableFile, match=reason):
        read_text(p)


def test_content_hash_is_of_the_bytes(tmp_path):
    p = tmp_path / "a.txt"
    p.write_bytes(b"NO\tA\n1\t2\n")
    import hashlib

    assert read_text(p).sha256 == hashlib.sha256(b"NO\tA\n1\t2\n").hexdigest()
