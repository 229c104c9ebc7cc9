"""Budget codes, DIPA numbers and NIPs are recognised, and never read as amounts."""

from __future__ import annotations

import pytest

from lkj.normalize import looks_like_code, parse_code


@pytest.mark.parametrize(
    "text",
    [
        "076.01.CQ.6709",  # kegiatan under a 2024 program
        "076.01.WA.3355",
        "076.01.CQ",  # 2024 program
        "076.01.01",  # 2019 program
        "076.01.06",
        "WA.3355",
        "3355.003",  # output
        "3356.008",
        "3355",  # kegiatan
        "6709",
        "076-01-656120",  # DIPA number
        "197708212007011003",  # NIP, 18 digits
        "19621014984061001",  # NIP as printed in 001 (a digit dropped)
        "NIP. 197708212007011003",
        "19770821 200701 1 003",
        "(076.01.01)",
        " 3355.003 ",
    ],
)
def test_codes(text: str) -> None:
    assert looks_like_code(text)


@pytest.mark.parametrize(
    "text",
    [
        "3.364.034",  # a mangled code, but it has the shape of an amount
        "14.466.321.000",
        "14,989,199,000",
        "93,86",
        "98.85",
        "1.500",
        "100",
        "76.01.01",
        "076.1.01",
        "076.01.cq",
        "Rp 3355",
        "33555",
        "1234567890",
        "",
        None,
    ],
)
def test_not_codes(text: str | None) -> None:
    assert not looks_like_code(text)


@pytest.mark.parametrize(
    ("name", "code"),
    [
        (
            "Program Dukungan Manajemen dan Pelaksanaan Tugas Teknis Lainnya KPU (076.01.01)",
            "076.01.01",
        ),
        ("Penyelenggaraan Pembentukan Badan Adhoc (076.01.CQ.6867)", "076.01.CQ.6867"),
        ("Penyelenggaraan Perencanaan Program dan Anggaran (076.01.CQ.6709).", "076.01.CQ.6709"),
        ("Pengelolaan Keuangan dan Barang Milik Negara (076.01.WA.3355)", "076.01.WA.3355"),
        ("Penyelenggaraan Pemilu(6709).", "6709"),
        ("Pengelolaan Data dan Informasi (6634)", "6634"),
        ("Pengelolaan Keuangan ( 3355 )", "3355"),
        ("Efektif (Tepat Guna)", None),
        ("Laporan Pertanggungjawaban Penggunaan Anggaran (LPPA) [Base Line]", None),
        ("Program (076.01.01) lama", None),  # not at the end
        ("Persentase (%) Penyelenggaraan", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_code(name: str | None, code: str | None) -> None:
    assert parse_code(name) == code
