"""Canonical indicators: wording drift joins, different measures stay apart, overrides, ids."""

from __future__ import annotations

from pathlib import Path

import pytest

from lkj import db, indicators
from lkj.corpus.vocab import SASARAN
from lkj.errors import LkjError
from lkj.indicators import Wording, cluster, same_measure

BASE = "Persentase Partisipasi Pemilih dalam Pemilu/Pemilihan"


@pytest.mark.parametrize(
    "a,b",
    [
        ("Persentase Partispasi Pemilih dalam Pemilu/Pemilihan", BASE),  # seed 000's typo
        ("Persentase partisipasi pemilih dalam Pemilu", BASE),
        ("PERSENTASE PARTISIPASI PEMILIH DALAM PEMILU TAHUN 2024", BASE),
        (
            "Persentase Partisipasi Pemilih Perempuan dalam pemilihan serentak Tahun 2019.",
            "Persentase Partispasi Pemilih Perempuan dalam Pemilu/Pemilihan",
        ),
        (
            "Persentase pemilih yang berhak memilih tetap tidak masuk dalam daftar pemilih",
            "Persentase Pemilih yang Berhak Memilih Tetapi Tidak Masuk dalam Daftar Pemilih",
        ),
        (
            "Persentase ketepatan waktu pembayaran honorarium KPU Kabupaten Barito Selatan",
            "persentase ketepatan waktu pembayaran honorarium KPU Kota Padang",
        ),
        (
            "Terselenggaranya Pengelolaan Keuangan,dan Barang Milik Negara",
            "Terselenggaranya Pengelolaan Keuangan dan Barang Milik Negara",
        ),
    ],
)
def test_drifted_wordings_are_one_measure(a: str, b: str) -> None:
    assert same_measure(Wording.of(a), Wording.of(b)) is not None
    out = cluster({a: 1, b: 2})
    assert len({x.indicator_id for x in out}) == 1


@pytest.mark.parametrize(
    "a",
    [
        "Persentase Partisipasi Pemilih Perempuan dalam Pemilu/Pemilihan",
        "Persentase Partisipasi Pemilih Disabilitas dalam Pemilu/Pemilihan",
        "persentase partisipasi pemilih pemula dalam/pemilu",
        "Jumlah partisipasi pemilih dalam Pemilu",
    ],
)
def test_a_content_word_on_one_side_is_another_measure(a: str) -> None:
    assert same_measure(Wording.of(a), Wording.of(BASE)) is None
    assert len({x.indicator_id for x in cluster({a: 1, BASE: 1})}) == 2


def test_generator_vocabulary_stays_apart() -> None:
    texts = [i.text for s in SASARAN for i in s.indicators]
    out = cluster(dict.fromkeys(texts, 3))
    assert len({a.indicator_id for a in out}) == len(texts)


def test_canonical_name_is_the_most_frequent_wording_and_ids_are_kept() -> None:
    first = cluster({BASE: 5, "Persentase partisipasi pemilih dalam Pemilu": 1})
    assert {a.name for a in first} == {BASE}
    assert [a.method for a in first] == ["canonical", "same"]
    previous = {a.wording: a.indicator_id for a in first}
    # the drifted wording becomes the most frequent: the name follows it, the id stays
    second = cluster(
        {
            BASE: 5,
            "Persentase partisipasi pemilih dalam Pemilu": 9,
            "Persentase Partispasi Pemilih": 1,
        },
        previous=previous,
    )
    assert len({a.indicator_id for a in second}) == 1
    assert second[0].indicator_id == first[0].indicator_id
    assert second[0].name == "Persentase partisipasi pemilih dalam Pemilu"


def test_overrides_merge_and_split(tmp_path: Path) -> None:
    pemula = "persentase partisipasi pemilih pemula dalam/pemilu"
    drift = "Persentase Partispasi Pemilih dalam Pemilu/Pemilihan"
    counts = {BASE: 4, drift: 1, pemula: 2}
    plain = cluster(counts)
    assert len({a.indicator_id for a in plain}) == 2
    out = {
        a.wording: a
        for a in cluster(
            counts, {pemula: "Partisipasi pemilih", BASE: "Partisipasi pemilih", drift: drift}
        )
    }
    assert out[pemula].indicator_id == out[BASE].indicator_id != out[drift].indicator_id
    assert out[pemula].method == out[BASE].method == "override"
    assert out[pemula].name == "Partisipasi pemilih"


def test_overrides_csv_round_trip_into_the_database(tmp_path: Path) -> None:
    from test_db_helpers import sample_extraction

    con = db.open_db(tmp_path / "x.duckdb")
    db.load_extraction(con, sample_extraction(source="a.txt"), path=tmp_path / "a.txt")
    wordings = [
        r[0]
        for r in con.execute("SELECT DISTINCT indikator FROM performance ORDER BY 1").fetchall()
    ]
    assert len(indicators.rebuild(con)) == len(wordings)
    assert not indicators.stale(con)
    n_before = con.execute("SELECT count(*) FROM indicators").fetchone()[0]
    csv_path = tmp_path / "overrides.csv"
    csv_path.write_text(
        "wording;indicator;note\n" + "".join(f"{w};Semua indikator;test\n" for w in wordings),
        encoding="utf-8",
    )
    indicators.store_overrides(con, indicators.read_overrides(csv_path))
    out = indicators.rebuild(con)
    assert {a.name for a in out} == {"Semua indikator"} and n_before >= 1
    assert con.execute("SELECT name, n_wordings FROM indicators").fetchall() == [
        ("Semua indikator", len(wordings))
    ]
    con.close()


@pytest.mark.parametrize(
    "text,message",
    [
        ("wording,target\nA,B\n", "need the columns wording and indicator"),
        ("wording,indicator\nA,\n", ":2: a row needs both"),
        ("wording,indicator\nA,B\na,C\n", ":3: 'a' is put under two indicators"),
    ],
)
def test_bad_overrides_file_is_one_clear_error(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "o.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LkjError, match=message):
        indicators.read_overrides(path)


def test_seed_wordings_cluster_across_satker(seeds: list[Path], tmp_path: Path) -> None:
    from lkj.ingest import ingest

    path = tmp_path / "seeds.duckdb"
    ingest(seeds, path, progress=False, workers=0)
    con = db.open_db(path)
    out = {a.wording: a for a in indicators.rebuild(con)}
    con.close()
    base = out["Persentase Partispasi Pemilih dalam Pemilu/Pemilihan"]  # seed 000
    assert (
        out["Persentase Partisipasi Pemilih dalam Pemilu/Pemilihan"].indicator_id
        == base.indicator_id
    )
    women = out["Persentase Partisipasi Pemilih Perempuan dalam Pemilu/Pemilihan"]  # seed 000
    assert (
        out[
            "Persentase Partisipasi Pemilih Perempuan dalam pemilihan serentak Tahun 2019."
        ].indicator_id
        == women.indicator_id
    )  # seed 001
    assert women.indicator_id != base.indicator_id
    assert len({a.indicator_id for a in out.values()}) < len(out)
