"""A small reference list of real Indonesian regions that hold a KPU satker.

Facts only: region names and their provinces follow the Kemendagri list of
administrative regions (Permendagri on kode dan data wilayah administrasi
pemerintahan). The seat (ibu kota) is given where it is well known and used for
the signing place of a report; official region codes are left out on purpose.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

RegionKind = Literal["kabupaten", "kota", "provinsi"]


@dataclass(frozen=True)
class Region:
    name: str  # "Ogan Ilir", "Palembang", "Sumatera Selatan"
    kind: RegionKind
    province: str
    seat: str | None = None  # ibu kota, where the report is signed

    @property
    def label(self) -> str:
        """'Kabupaten Ogan Ilir', 'Kota Palembang', 'Provinsi Sumatera Selatan'."""
        return f"{self.kind.capitalize()} {self.name}"

    @property
    def signing_place(self) -> str:
        return self.seat or self.name


def _kab(name: str, province: str, seat: str | None = None) -> Region:
    return Region(name, "kabupaten", province, seat)


def _kota(name: str, province: str) -> Region:
    return Region(name, "kota", province, name)


def _prov(name: str, seat: str) -> Region:
    return Region(name, "provinsi", name, seat)


SUMBAR = "Sumatera Barat"
SUMSEL = "Sumatera Selatan"
KALTENG = "Kalimantan Tengah"
JABAR = "Jawa Barat"
JATENG = "Jawa Tengah"
JATIM = "Jawa Timur"
SULSEL = "Sulawesi Selatan"
BALI = "Bali"
RIAU = "Riau"
LAMPUNG = "Lampung"
NTT = "Nusa Tenggara Timur"
JAMBI = "Jambi"

REGIONS: tuple[Region, ...] = (
    # Sumatera Barat
    _kab("Dharmasraya", SUMBAR, "Pulau Punjung"),
    _kab("Agam", SUMBAR, "Lubuk Basung"),
    _kab("Pasaman", SUMBAR, "Lubuk Sikaping"),
    _kab("Tanah Datar", SUMBAR, "Batusangkar"),
    _kab("Pesisir Selatan", SUMBAR, "Painan"),
    _kab("Sijunjung", SUMBAR, "Muaro Sijunjung"),
    _kota("Padang", SUMBAR),
    _kota("Bukittinggi", SUMBAR),
    _kota("Payakumbuh", SUMBAR),
    # Sumatera Selatan
    _kab("Ogan Ilir", SUMSEL, "Indralaya"),
    _kab("Muara Enim", SUMSEL, "Muara Enim"),
    _kab("Ogan Komering Ilir", SUMSEL, "Kayu Agung"),
    _kab("Ogan Komering Ulu", SUMSEL, "Baturaja"),
    _kab("Lahat", SUMSEL, "Lahat"),
    _kab("Musi Banyuasin", SUMSEL, "Sekayu"),
    _kab("Banyuasin", SUMSEL, "Pangkalan Balai"),
    _kota("Palembang", SUMSEL),
    _kota("Prabumulih", SUMSEL),
    _kota("Lubuklinggau", SUMSEL),
    _kota("Pagar Alam", SUMSEL),
    # Kalimantan Tengah
    _kab("Barito Selatan", KALTENG, "Buntok"),
    _kab("Barito Utara", KALTENG, "Muara Teweh"),
    _kab("Kapuas", KALTENG, "Kuala Kapuas"),
    _kab("Kotawaringin Barat", KALTENG, "Pangkalan Bun"),
    _kab("Kotawaringin Timur", KALTENG, "Sampit"),
    _kab("Katingan", KALTENG, "Kasongan"),
    _kab("Pulang Pisau", KALTENG, "Pulang Pisau"),
    _kota("Palangka Raya", KALTENG),
    # Jawa Barat
    _kab("Garut", JABAR, "Garut"),
    _kab("Cianjur", JABAR, "Cianjur"),
    _kab("Kuningan", JABAR, "Kuningan"),
    _kab("Majalengka", JABAR, "Majalengka"),
    _kab("Indramayu", JABAR, "Indramayu"),
    _kab("Subang", JABAR, "Subang"),
    _kab("Purwakarta", JABAR, "Purwakarta"),
    _kota("Bandung", JABAR),
    _kota("Bogor", JABAR),
    _kota("Depok", JABAR),
    _kota("Cimahi", JABAR),
    # Jawa Tengah
    _kab("Cilacap", JATENG, "Cilacap"),
    _kab("Kebumen", JATENG, "Kebumen"),
    _kab("Klaten", JATENG, "Klaten"),
    _kab("Boyolali", JATENG, "Boyolali"),
    _kab("Sragen", JATENG, "Sragen"),
    _kota("Semarang", JATENG),
    _kota("Surakarta", JATENG),
    _kota("Salatiga", JATENG),
    # Jawa Timur
    _kab("Jember", JATIM, "Jember"),
    _kab("Banyuwangi", JATIM, "Banyuwangi"),
    _kab("Lamongan", JATIM, "Lamongan"),
    _kab("Gresik", JATIM, "Gresik"),
    _kab("Sidoarjo", JATIM, "Sidoarjo"),
    _kota("Surabaya", JATIM),
    _kota("Batu", JATIM),
    _kota("Madiun", JATIM),
    # Sulawesi Selatan
    _kab("Gowa", SULSEL, "Sungguminasa"),
    _kab("Maros", SULSEL, "Maros"),
    _kab("Bone", SULSEL, "Watampone"),
    _kab("Bulukumba", SULSEL, "Bulukumba"),
    _kota("Makassar", SULSEL),
    _kota("Parepare", SULSEL),
    # Bali
    _kab("Gianyar", BALI, "Gianyar"),
    _kab("Tabanan", BALI, "Tabanan"),
    _kab("Buleleng", BALI, "Singaraja"),
    _kota("Denpasar", BALI),
    # Riau
    _kab("Kampar", RIAU, "Bangkinang"),
    _kab("Bengkalis", RIAU, "Bengkalis"),
    _kota("Pekanbaru", RIAU),
    _kota("Dumai", RIAU),
    # Lampung
    _kab("Lampung Selatan", LAMPUNG, "Kalianda"),
    _kota("Bandar Lampung", LAMPUNG),
    _kota("Metro", LAMPUNG),
    # Nusa Tenggara Timur
    _kab("Ende", NTT, "Ende"),
    _kab("Sikka", NTT, "Maumere"),
    _kota("Kupang", NTT),
    # Jambi
    _kab("Merangin", JAMBI, "Bangko"),
    _kota("Jambi", JAMBI),
    # provinces, for KPU Provinsi satker
    _prov(SUMBAR, "Padang"),
    _prov(SUMSEL, "Palembang"),
    _prov(KALTENG, "Palangka Raya"),
    _prov(JABAR, "Bandung"),
    _prov(JATENG, "Semarang"),
    _prov(JATIM, "Surabaya"),
    _prov(SULSEL, "Makassar"),
    _prov(BALI, "Denpasar"),
    _prov(RIAU, "Pekanbaru"),
    _prov(LAMPUNG, "Bandar Lampung"),
    _prov(NTT, "Kupang"),
    _prov(JAMBI, "Jambi"),
)

#: the regions of the four seed reports, always offered first to the generator
SEED_REGIONS: tuple[str, ...] = ("Dharmasraya", "Ogan Ilir", "Muara Enim", "Barito Selatan")


def by_name(name: str, kind: RegionKind | None = None) -> Region:
    """The region called ``name`` (and of ``kind`` when given)."""
    for region in REGIONS:
        if region.name == name and (kind is None or region.kind == kind):
            return region
    raise KeyError(name)
