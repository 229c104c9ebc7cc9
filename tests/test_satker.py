"""Canonical satker: the reference, matching of the spellings reports use, the seeds, storage."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import GOLD_DIR

from lkj import db, satker
from lkj.corpus.regions import REGIONS
from lkj.satker import match_name, reference


def test_reference_has_every_province_and_kabupaten_kota() -> None:
    kinds = [r.kind for r in reference()]
    assert kinds.count("provinsi") == 38
    assert kinds.count("kabupaten") + kinds.count("kota") == 514
    ids = [r.satker_id for r in reference()]
    assert len(ids) == len(set(ids))
    ogan = satker.by_id()["16.10"]
    assert (ogan.label, ogan.province_id, ogan.province) == (
        "KPU Kabupaten Ogan Ilir",
        "16",
        "Sumatera Selatan",
    )


@pytest.mark.parametrize(
    "text,kind,expected",
    [
        ("OGAN ILIR", None, "16.10"),
        ("Kab. Ogan Ilir", None, "16.10"),
        ("Kabupaten Ogan Ilir", None, "16.10"),
        ("Komisi Pemilihan Umum Kabupaten OGAN ILIR", None, "16.10"),
        ("Kota Pagar Alam", None, "16.72"),
        ("Pagaralam", None, "16.72"),
        ("Lubuk Linggau", "kota", "16.73"),
        ("Sekretariat KPU Provinsi DKI Jakarta", None, "31"),
        ("DI Yogyakarta", "provinsi", "34"),
        ("KIP Aceh", None, "11"),
        ("Kupang", "kota", "53.71"),
        ("Kupang", "kabupaten", "53.01"),
        ("Tolitoli", None, "72.04"),
        ("Kab. Kep. Siau Tagulandang Biaro", None, "71.09"),
    ],
)
def test_spellings_match_one_satker(text: str, kind: str | None, expected: str) -> None:
    found = match_name(text, kind)  # type: ignore[arg-type]
    assert (found.status, found.satker_id) == ("matched", expected), found.note


@pytest.mark.parametrize(
    "text,status",
    [
        ("Kupang", "ambiguous"),  # Kabupaten Kupang and Kota Kupang
        ("Bengkulu", "ambiguous"),  # the province and the kota
        ("Narnia", "unmatched"),
        ("Kab. Ogan Komering", "unmatched"),  # Ulu or Ilir: not close enough to either
        ("", "unnamed"),
        (None, "unnamed"),
    ],
)
def test_unmatched_and_ambiguous_names_get_no_id(text: str | None, status: str) -> None:
    found = match_name(text)
    assert (found.status, found.satker_id) == (status, None)
    if status != "unnamed":
        assert found.candidates and found.note


def test_province_breaks_a_tie_but_not_a_clear_match() -> None:
    assert match_name("Bengkulu", province="Bengkulu").status == "ambiguous"  # both in Bengkulu
    found = match_name("Kota Padang", province="Sumatera Barat")
    assert found.satker_id == "13.71"
    assert match_name("Kota Padang", province="Jawa Barat").satker_id == "13.71"


def test_every_generator_region_matches_its_kind_and_province() -> None:
    for region in REGIONS:
        found = match_name(region.name, region.kind)
        assert found.status == "matched", (region, found.note)
        assert found.ref is not None and found.ref.province == region.province, region
        assert found.ref.kind == region.kind


def test_seeds_match_the_right_kabupaten_and_province(seeds: list[Path], tmp_path: Path) -> None:
    from lkj.ingest import ingest

    path = tmp_path / "seeds.duckdb"
    assert ingest(seeds, path, progress=False, workers=0).failed == 0
    con = db.open_db(path, read_only=True)
    try:
        rows = con.execute(
            "SELECT d.source, ds.status, ds.satker_id, r.label, r.kind, r.province "
            "FROM documents AS d JOIN document_satker AS ds USING (doc_id) "
            "JOIN satker_ref AS r USING (satker_id)"
        ).fetchall()
    finally:
        con.close()
    assert len(rows) == 4
    for source, status, _id, label, kind, province in rows:
        gold = json.loads((GOLD_DIR / Path(source).stem / "gold.json").read_text("utf-8"))
        doc = gold["document"]
        assert status == "matched"
        assert (label, kind, province) == (doc["satker"], doc["satker_kind"], doc["province"])
    assert sorted(r[2] for r in rows) == ["13.10", "16.03", "16.10", "62.04"]


def test_refresh_matches_documents_loaded_without_a_match(tmp_path: Path) -> None:
    from test_db_helpers import sample_extraction

    con = db.open_db(tmp_path / "x.duckdb")
    ex = sample_extraction(source="a.txt", satker="KPU Kabupaten Ogan Ilir")
    db.load_extraction(con, ex, path=tmp_path / "a.txt")
    assert satker.stale(con)
    assert satker.refresh(con) == 1 and not satker.stale(con)
    assert con.execute("SELECT satker_id, status FROM document_satker").fetchall() == [
        ("16.10", "matched")
    ]
    assert con.execute("SELECT count(*) FROM satker_ref").fetchone() == (552,)
    db.record_failure(con, tmp_path / "a.txt", "gone")  # the document failed on a re-read
    satker.refresh(con)
    assert con.execute("SELECT count(*) FROM document_satker").fetchone() == (0,)
    con.close()
