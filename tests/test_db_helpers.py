"""Extractions built by hand for the database, CLI and query tests (no pipeline needed).

Imported by tests/test_db*.py, tests/test_cli.py and tests/test_queries.py.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from lkj import PIPELINE_VERSION
from lkj.models import (
    BudgetLine,
    DipaRevision,
    Document,
    Evidence,
    Extraction,
    Finding,
    Involved,
    Issue,
    PaguHistory,
    PerformanceRow,
    Provenance,
    Statement,
    TableInfo,
    TallyRow,
    TocEntry,
    Value,
)


def sha_of(data: bytes | str) -> str:
    return hashlib.sha256(data.encode() if isinstance(data, str) else data).hexdigest()


def sample_extraction(
    sha256: str | None = None,
    *,
    source: str = "000_sample.txt",
    satker: str = "KPU Kabupaten Dharmasraya",
    year: int = 2019,
    n_performance: int = 2,
    pagu: int = 14_466_321_000,
    issues: tuple[tuple[str, str], ...] = (),
) -> Extraction:
    """A small but complete extraction: one record of every kind, values with raw text."""
    sha256 = sha256 or sha_of(source)

    def prov(
        line: int, table_index: int | None = 0, caption: str | None = "Tabel 3.2"
    ) -> Provenance:
        return Provenance(
            source=source,
            page=12,
            line=line,
            caption=caption,
            table_index=table_index,
            row_index=line % 7,
            bbox=(10.0, 20.0, 300.0, 32.5),
            columns={"target": 2, "realisasi": 3},
        )

    performance = [
        PerformanceRow(
            table="3.2",
            sasaran="Meningkatnya kualitas penyelenggaraan pemilu",
            indikator=f"Persentase indikator {i}",
            target=Value(
                raw="70%",
                value=70.0,
                unit="%",
                kind="percent",
                flags=("ambiguous",) if i == 0 else (),
            ),
            realisasi=Value(
                raw="1 Lembaga 100%",
                value=1.0,
                unit="Lembaga",
                kind="quantity",
                percent=100.0,
                flags=("with_percent",),
            ),
            capaian=Value(
                raw="93,86",
                value=93.86,
                unit="%",
                kind="percent",
                flags=("no_percent_sign", "id_style"),
            ),
            provenance=prov(490 + i),
        )
        for i in range(n_performance)
    ]
    performance.append(
        PerformanceRow(
            table="3.3",
            indikator="Opini BPK",
            target=Value(raw="WTP", value="WTP", kind="qualitative", flags=("qualitative",)),
            realisasi=Value(raw="WDP", value="WDP", kind="qualitative", flags=("qualitative",)),
            capaian=Value(),
            direction="higher",
            flags=["capaian_missing"],
            provenance=prov(520, table_index=1, caption="Tabel.3.3"),
        )
    )
    return Extraction(
        document=Document(
            source=source,
            sha256=sha256,
            format="text",
            satker=satker,
            satker_kind="kabupaten",
            region=satker.split("Kabupaten ")[-1],
            province="Sumatera Barat",
            year=year,
            title=f"Laporan Kinerja {year}",
            n_lines=900,
            evidence={"year": Evidence(text=f"TAHUN {year}", line=3)},
        ),
        tables=[
            TableInfo(
                index=0,
                kind="performance",
                confidence=0.9,
                caption="Tabel 3.2",
                number="3.2",
                caption_position="before",
                line_start=488,
                line_end=500,
                n_rows=5,
                n_records=n_performance,
                header=["NO", "INDIKATOR", "TARGET"],
                columns={"indikator": 1},
            ),
            TableInfo(
                index=1,
                kind="dipa_revisions",
                confidence=0.8,
                caption=None,
                caption_position="none",
                n_rows=3,
                n_records=2,
                notes=["no caption"],
            ),
        ],
        performance=performance,
        dipa_revisions=[
            DipaRevision(
                seq=0,
                label_raw="AWAL",
                amount=pagu,
                amount_raw=f"{pagu:,}",
                provenance=prov(531, 1),
            ),
            DipaRevision(
                seq=1,
                label_raw="REVISI 1",
                amount=pagu + 1_000_000,
                amount_raw="x",
                date=dt.date(2019, 3, 22),
                date_raw="22 Maret 2019",
                note="REVISI KPA",
                flags=["amount:us_style"],
                provenance=prov(532, 1),
            ),
        ],
        budget_lines=[
            BudgetLine(
                table="3.6",
                level="jenis_belanja",
                name="BELANJA PEGAWAI",
                pagu=2_350_893_000,
                realisasi=2_323_822_650,
                sisa=27_070_350,
                realisasi_pct=98.85,
                raw={
                    "pagu": "2.350.893.000",
                    "realisasi": "2.323.822.650",
                    "sisa": "27.070.350",
                    "realisasi_pct": "98,85",
                },
                provenance=prov(545, 2),
            ),
            BudgetLine(
                table="3.6",
                level="jenis_belanja",
                name="JUMLAH",
                pagu=pagu,
                realisasi=pagu - 900_000_000,
                sisa=900_000_000,
                realisasi_pct=93.78,
                is_total=True,
                raw={"pagu": "x"},
                provenance=prov(548, 2),
            ),
        ],
        pagu_history=[
            PaguHistory(
                table="3.11",
                year=2015,
                pagu=1_551_321_000,
                realisasi=1_545_501_560,
                realisasi_pct=99.62,
                raw={"pagu": "1.551.321.000"},
                provenance=prov(741, 3),
            ),
        ],
        issues=[Issue(level=level, message=message, line=1) for level, message in issues],  # type: ignore[arg-type]
        pipeline_version=PIPELINE_VERSION,
    )


def full_extraction(sha256: str | None = None, *, source: str = "001_full.txt") -> Extraction:
    """``sample_extraction`` plus a record of every newer kind: tally rows, statements (with and
    without an amount in words), the Daftar Tabel, and an error-level issue."""
    ex = sample_extraction(sha256, source=source, issues=(("error", "table 4 unreadable"),))
    ex.tables.append(
        TableInfo(
            index=4,
            kind="tally",
            confidence=0.75,
            caption="Tabel 2.1",
            number="2.1",
            title="Rekapitulasi DPT",
            caption_position="after",
            page=7,
            line_start=300,
            line_end=306,
            n_rows=4,
            n_records=2,
            header=["KECAMATAN", "L", "P", "JUMLAH"],
            columns={"label": 0, "laki": 1, "perempuan": 2, "jumlah": 3},
            method="pipe",
            notes=["caption after the table", "Ä non-ASCII note"],
        )
    )

    def prov(line: int, row_index: int | None = None) -> Provenance:
        return Provenance(
            source=source,
            page=7,
            line=line,
            caption="Tabel 2.1" if row_index is not None else None,
            table_index=4 if row_index is not None else None,
            row_index=row_index,
            bbox=(1.5, 2.25, 3.0, 4.125) if row_index is not None else None,
            columns={"laki": 1, "perempuan": 2, "jumlah": 3} if row_index is not None else {},
        )

    ex.tally_rows = [
        TallyRow(
            table="2.1",
            label="Indralaya",
            laki=20_101,
            perempuan=19_876,
            jumlah=39_977,
            raw={"laki": "20.101", "perempuan": "19.876", "jumlah": "39.977"},
            flags=[],
            provenance=prov(302, 1),
        ),
        TallyRow(
            table="2.1",
            label="JUMLAH",
            laki=None,
            perempuan=19_876,
            jumlah=39_977,
            is_total=True,
            raw={"laki": "2O.101", "perempuan": "19.876", "jumlah": "39.977"},
            flags=["laki:malformed"],
            provenance=prov(305, 3),
        ),
    ]
    ex.statements = [
        Statement(
            kind="pagu_final",
            value=Value(
                raw="Rp 14.466.321.000,-",
                value=14_466_321_000,
                kind="money",
                flags=("currency", "id_style"),
            ),
            words=Value(
                raw="Empat belas milyar empat ratus ...", value=14_466_321_000, kind="money"
            ),
            refers_to="3.6",
            sentence="Pagu anggaran setelah revisi sebesar Rp 14.466.321.000,- (Empat belas milyar ...)",
            provenance=prov(610),
        ),
        Statement(
            kind="realisasi_pct",
            value=Value(raw="93,86 %", value=93.86, kind="percent", flags=("id_style",)),
            sentence="Penyerapan anggaran mencapai 93,86 %.",
            provenance=prov(612),
        ),
        Statement(
            kind="amount",
            value=Value(raw="Rp 1.000", value=1000, kind="money"),
            words=Value(raw="seribu juta lima", kind="money", flags=("words_malformed",)),
            sentence="",
            provenance=prov(615),
        ),
        Statement(
            kind="indicator_count",
            value=Value(raw="15", value=15.0, kind="number"),
            words=Value(),  # printed, but nothing in it: kept apart from "no words at all"
            sentence="Dari 15 indikator kinerja ...",
            provenance=prov(620),
        ),
    ]
    ex.toc = [
        TocEntry(number="2.1", title="Rekapitulasi DPT", page_printed="7", line=40, page=2),
        TocEntry(number="3.6", title=None, page_printed=None, line=None, page=None),
    ]
    return ex


def sample_findings(source: str = "001_full.txt", n: int = 3) -> list[Finding]:
    """Findings as a check rule would produce them, with values of every type."""
    severities = ("error", "warning", "info")
    return [
        Finding(
            rule=f"rule.{i}",
            severity=severities[i % 3],  # type: ignore[arg-type]
            source=source,
            table="3.6" if i % 2 == 0 else None,
            table_index=2 if i % 2 == 0 else None,
            row_index=i,
            line=545 + i,
            page=12,
            expected="2.323.822.650",
            actual="2.323.822.560",
            difference=-90.0,
            message=f"finding {i}: realisasi differs from the sum of its lines",
            assumption="sum of the rows above the JUMLAH row, exact",
            values=[
                Involved(
                    role="JUMLAH realisasi",
                    raw="2.323.822.560",
                    value=2_323_822_560,
                    provenance=Provenance(
                        source=source,
                        page=12,
                        line=548,
                        caption="Tabel 3.6",
                        table_index=2,
                        row_index=4,
                        bbox=(10.0, 20.0, 300.0, 32.5),
                        columns={"realisasi": 3},
                    ),
                ),
                Involved(
                    role="capaian", raw="93,86", value=93.86, provenance=Provenance(source=source)
                ),
                Involved(
                    role="opini", raw="WTP", value="WTP", provenance=Provenance(source=source)
                ),
                Involved(role="kosong", provenance=Provenance(source=source, line=1)),
            ],
        )
        for i in range(n)
    ]


def write_report(folder: Path, name: str, text: str = "LAPORAN KINERJA 2019\n") -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def fake_extract_file(path: str | Path) -> Extraction:
    """Stands in for lkj.pipeline.extract_file: reads the file, rejects binary and 'BROKEN' ones."""
    from lkj.errors import UnreadableFile

    p = Path(path)
    data = p.read_bytes()
    if b"\x00" in data:
        raise UnreadableFile(str(p), "binary data, not a text report")
    if b"BROKEN" in data:
        raise RuntimeError("boom")
    return sample_extraction(sha_of(data), source=p.name, satker=f"KPU Kabupaten {p.stem.title()}")
