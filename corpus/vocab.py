"""Word lists the generator draws from: sasaran, indicators, programs, outputs.

All wording here is written for lkj (plausible KPU planning vocabulary), not
copied from any report. Codes follow the shape of KPU budget codes (BA 076,
program "076.01.01" / "076.01.CQ", kegiatan "3355", output "3355.003").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

ValueType = Literal["pct", "pct_low", "qty", "qty_pct", "qual"]

MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


@dataclass(frozen=True)
class IndicatorDef:
    text: str
    vtype: ValueType
    unit: str | None = None  # quantity unit ("laporan"), or grade family ("grade", "opini")


@dataclass(frozen=True)
class SasaranDef:
    text: str
    indicators: tuple[IndicatorDef, ...]


SASARAN: tuple[SasaranDef, ...] = (
    SasaranDef(
        "Meningkatnya kualitas penyelenggaraan Pemilu dan Pemilihan yang demokratis",
        (
            IndicatorDef(
                "Persentase tingkat partisipasi pemilih pada hari pemungutan suara", "pct"
            ),
            IndicatorDef("Persentase partisipasi pemilih perempuan", "pct"),
            IndicatorDef("Persentase partisipasi pemilih penyandang disabilitas", "pct"),
            IndicatorDef(
                "Persentase warga yang memenuhi syarat namun tidak tercatat dalam daftar pemilih",
                "pct_low",
            ),
            IndicatorDef(
                "Persentase TPS yang menerima perlengkapan pemungutan suara tepat jumlah dan tepat waktu",
                "pct",
            ),
            IndicatorDef("Jumlah kegiatan sosialisasi dan pendidikan pemilih", "qty", "kali"),
        ),
    ),
    SasaranDef(
        "Terselenggaranya Pemilu dan Pemilihan yang aman, tertib, jujur dan adil",
        (
            IndicatorDef("Persentase tahapan yang terlaksana sesuai jadwal tanpa konflik", "pct"),
            IndicatorDef(
                "Persentase anggota badan ad hoc yang terbukti melanggar kode etik", "pct_low"
            ),
            IndicatorDef("Persentase perkara sengketa yang diputus untuk kepentingan KPU", "pct"),
            IndicatorDef("Jumlah laporan pelaksanaan tahapan yang disampaikan", "qty", "laporan"),
        ),
    ),
    SasaranDef(
        "Meningkatnya kapasitas kelembagaan penyelenggara Pemilu",
        (
            IndicatorDef("Nilai evaluasi akuntabilitas kinerja satuan kerja", "qual", "grade"),
            IndicatorDef("Opini auditor atas laporan keuangan", "qual", "opini"),
            IndicatorDef("Persentase pegawai yang mengikuti peningkatan kompetensi", "pct"),
            IndicatorDef(
                "Jumlah dokumen perencanaan dan penganggaran yang tersusun", "qty", "dokumen"
            ),
        ),
    ),
    SasaranDef(
        "Meningkatnya kualitas dukungan manajemen dan tata kelola keuangan",
        (
            IndicatorDef("Terselenggaranya layanan perkantoran satuan kerja", "qty_pct", "Layanan"),
            IndicatorDef(
                "Terselenggaranya pengelolaan keuangan dan barang milik negara",
                "qty_pct",
                "Lembaga",
            ),
            IndicatorDef("Persentase laporan keuangan yang disusun tepat waktu", "pct"),
            IndicatorDef("Jumlah laporan barang milik negara yang tersusun", "qty", "laporan"),
        ),
    ),
    SasaranDef(
        "Meningkatnya kualitas pengelolaan data dan informasi kepemiluan",
        (
            IndicatorDef("Persentase data pemilih berkelanjutan yang dimutakhirkan", "pct"),
            IndicatorDef("Jumlah publikasi informasi kepemiluan di laman resmi", "qty", "kali"),
            IndicatorDef("Persentase permohonan informasi publik yang dilayani", "pct"),
        ),
    ),
    SasaranDef(
        "Meningkatnya pelayanan hukum dan penyelesaian sengketa kepemiluan",
        (
            IndicatorDef("Persentase produk hukum yang terdokumentasi dan terpublikasi", "pct"),
            IndicatorDef("Jumlah penyuluhan peraturan perundang-undangan", "qty", "kegiatan"),
            IndicatorDef(
                "Persentase anggota badan ad hoc yang diberhentikan karena pelanggaran", "pct_low"
            ),
        ),
    ),
)

GRADES = ("B", "BB", "A")
OPINIONS = ("WTP",)

#: (code, name) of the programs of BA 076, before and from 2020
PROGRAMS_OLD = (
    ("076.01.01", "Program Dukungan Manajemen dan Pelaksanaan Tugas Teknis Lainnya KPU"),
    ("076.01.06", "Program Penguatan Kelembagaan Demokrasi dan Perbaikan Proses Politik"),
)
PROGRAMS_NEW = (
    ("076.01.WA", "Program Dukungan Manajemen"),
    ("076.01.CQ", "Program Penyelenggaraan Pemilu dalam Proses Konsolidasi Demokrasi"),
)


@dataclass(frozen=True)
class OutputDef:
    code: str  # "3355.003"
    name: str
    program: int  # index into the program pair: 0 = dukungan manajemen, 1 = the other
    weight: float  # share of the budget, before noise
    eras: tuple[str, ...] = ("old", "new")


OUTPUTS: tuple[OutputDef, ...] = (
    OutputDef("3355.003", "Laporan Akuntansi dan Keuangan Satuan Kerja", 0, 1.0),
    OutputDef("3355.005", "Pembinaan Pengelolaan Perbendaharaan", 0, 0.5),
    OutputDef("3355.007", "Laporan Pertanggungjawaban Penggunaan Anggaran", 0, 0.5),
    OutputDef("3355.994", "Layanan Perkantoran dan Gaji Pegawai", 0, 60.0),
    OutputDef("3356.008", "Perencanaan Kebutuhan Logistik Pemilu", 1, 0.6, ("old",)),
    OutputDef("3356.016", "Distribusi dan Penyimpanan Logistik Pemilu", 1, 12.0, ("old",)),
    OutputDef("3357.001", "Dokumen Perencanaan Program dan Anggaran", 0, 3.0),
    OutputDef("3357.003", "Layanan Teknologi Informasi Kepemiluan", 0, 1.2),
    OutputDef("3357.026", "Evaluasi dan Analisis Capaian Kinerja", 0, 0.4),
    OutputDef("3357.034", "Pemutakhiran Data Pemilih Berkelanjutan", 1, 6.0),
    OutputDef("3357.040", "Honorarium Panitia Pemilihan Kecamatan", 1, 25.0),
    OutputDef("3357.041", "Honorarium Panitia Pemungutan Suara", 1, 40.0),
    OutputDef("3360.009", "Laporan Persediaan dan Stock Opname", 0, 0.3),
    OutputDef("3360.010", "Pengelolaan Barang Milik Negara", 0, 2.0),
    OutputDef("3360.591", "Pengadaan Kendaraan Operasional", 0, 8.0, ("old",)),
    OutputDef("3360.994", "Operasional dan Pemeliharaan Kantor", 0, 14.0),
    OutputDef("3361.005", "Reviu Laporan Keuangan", 0, 1.0),
    OutputDef("3363.010", "Advokasi dan Penyelesaian Sengketa Hukum", 1, 0.6),
    OutputDef("3363.019", "Dokumentasi dan Informasi Produk Hukum", 1, 0.8),
    OutputDef("3364.005", "Publikasi Informasi Kepemiluan", 1, 0.7),
    OutputDef("3364.032", "Pengelolaan Rumah Pintar Pemilu", 1, 1.5),
    OutputDef("3364.052", "Sosialisasi dan Pendidikan Pemilih", 1, 9.0),
    OutputDef("3364.053", "Relawan Demokrasi", 1, 6.0, ("old",)),
    OutputDef("3364.054", "Pemungutan dan Penghitungan Suara", 1, 10.0),
    OutputDef("3364.058", "Rekapitulasi dan Penetapan Hasil", 1, 5.0),
    OutputDef("6709.001", "Perencanaan Program dan Anggaran Penyelenggaraan", 1, 3.0, ("new",)),
    OutputDef("6867.002", "Pembentukan Badan Penyelenggara Ad Hoc", 1, 30.0, ("new",)),
    OutputDef("6870.001", "Fasilitasi Masa Kampanye", 1, 4.0, ("new",)),
    OutputDef("6871.003", "Pengadaan dan Distribusi Logistik", 1, 10.0, ("new",)),
)

JENIS_BELANJA = ("BELANJA PEGAWAI", "BELANJA BARANG", "BELANJA MODAL")
JENIS_BELANJA_TITLE = ("Belanja Pegawai", "Belanja Barang", "Belanja Modal")

REVISION_NOTES = ("REVISI KPA", "REVISI KPU RI", "REVISI KANWIL DJPb", "REVISI POK")

#: parts of invented kecamatan names ("Sungai Rambutan", "Muara Baru"); no real list is copied
PLACE_HEADS = (
    "Air",
    "Batu",
    "Bukit",
    "Gunung",
    "Karang",
    "Koto",
    "Kuala",
    "Lubuk",
    "Muara",
    "Padang",
    "Pasir",
    "Pematang",
    "Pulau",
    "Rantau",
    "Sawah",
    "Simpang",
    "Sungai",
    "Talang",
    "Tanah",
    "Tanjung",
    "Teluk",
    "Ujung",
)
PLACE_TAILS = (
    "Agung",
    "Baru",
    "Besar",
    "Dalam",
    "Durian",
    "Gadang",
    "Harapan",
    "Hilir",
    "Hulu",
    "Indah",
    "Jaya",
    "Kelapa",
    "Kuning",
    "Lama",
    "Makmur",
    "Manis",
    "Merah",
    "Mulya",
    "Panjang",
    "Pinang",
    "Putih",
    "Rambutan",
    "Raya",
    "Sari",
    "Tengah",
    "Tinggi",
)
DIRECTIONS = ("Utara", "Selatan", "Timur", "Barat")
