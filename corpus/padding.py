"""Extra pages for long reports: more BAB I / II prose and a Lampiran.

Real LKj run to 40-80 pages; the generated ones are short. :class:`Padding`
adds about ``pages`` pages of content that carries no record: prose without
amounts, percentages or indicator counts, a staff list and an activity
schedule (tables whose columns are names, codes, months and units, never
pagu / realisasi / target). It draws from its own random stream, so a padded
report says exactly what the unpadded one says, only with more around it.
All wording is written for lkj.
"""

from __future__ import annotations

import random

from .render_tables import TextRenderer
from .vocab import MONTHS, OUTPUTS, PLACE_HEADS, PLACE_TAILS

_SDM = (
    "Dukungan sumber daya manusia merupakan unsur penting dalam pelaksanaan tugas {s}.",
    "Pegawai sekretariat terdiri atas Pegawai Negeri Sipil organik, pegawai yang diperbantukan "
    "dari pemerintah daerah, serta tenaga pendukung.",
    "Komposisi pegawai menurut jabatan dan tingkat pendidikan disajikan pada Lampiran laporan ini.",
    "Peningkatan kompetensi pegawai dilakukan melalui bimbingan teknis, rapat koordinasi dan "
    "pelatihan yang diselenggarakan oleh KPU Provinsi maupun KPU Republik Indonesia.",
    "Setiap pegawai menyusun Sasaran Kinerja Pegawai yang dinilai oleh atasan langsung pada "
    "akhir tahun {y}.",
    "Pembagian tugas antar sub bagian disusun agar beban kerja merata dan setiap tahapan memiliki "
    "penanggung jawab yang jelas.",
    "Keterbatasan jumlah pegawai diatasi dengan penugasan lintas sub bagian pada masa tahapan "
    "yang padat.",
    "Disiplin dan kehadiran pegawai dipantau melalui presensi elektronik dan dilaporkan setiap bulan.",
)
_SARANA = (
    "Kantor {s} berlokasi di {place} dan dilengkapi ruang rapat, ruang arsip serta gudang logistik.",
    "Gudang logistik digunakan untuk menyimpan kotak suara, bilik suara dan perlengkapan "
    "pemungutan suara lainnya.",
    "Kendaraan operasional digunakan untuk mendukung koordinasi dengan badan ad hoc di kecamatan "
    "dan desa.",
    "Pemeliharaan gedung dan peralatan kantor dilaksanakan secara berkala sesuai jadwal yang "
    "ditetapkan Sekretaris.",
    "Jaringan internet kantor mendukung penggunaan aplikasi kepemiluan, antara lain Sidalih, "
    "Silon, Sirekap dan aplikasi kepegawaian.",
    "Penatausahaan barang milik negara dilakukan melalui aplikasi SIMAK BMN dan direkonsiliasi "
    "setiap semester.",
    "Ruang pelayanan informasi publik disediakan bagi masyarakat yang membutuhkan data dan "
    "informasi kepemiluan.",
)
_ISU = (
    "Partisipasi masyarakat dalam setiap tahapan masih perlu ditingkatkan, terutama pada pemilih "
    "pemula dan pemilih di daerah terpencil.",
    "Kondisi geografis {r} menjadi tantangan tersendiri dalam distribusi logistik ke tempat "
    "pemungutan suara.",
    "Akurasi data pemilih bergantung pada koordinasi dengan dinas kependudukan dan pencatatan sipil.",
    "Penyebaran informasi yang keliru melalui media sosial perlu diimbangi dengan publikasi "
    "resmi yang cepat dan mudah dipahami.",
    "Kapasitas badan ad hoc perlu terus ditingkatkan agar tahapan berjalan sesuai peraturan.",
    "Penguatan tata kelola arsip menjadi perhatian agar dokumen tahapan dapat ditelusuri kembali.",
    "Sinergi dengan pemerintah daerah, Bawaslu dan aparat keamanan menentukan kelancaran setiap "
    "tahapan.",
)
_VISI = (
    "Visi KPU adalah menjadi penyelenggara pemilihan umum yang mandiri, profesional dan "
    "berintegritas untuk mewujudkan pemilu yang luber dan jurdil.",
    "Misi yang ditetapkan untuk mewujudkan visi tersebut dijabarkan dalam tujuan dan sasaran "
    "strategis yang menjadi acuan seluruh satuan kerja.",
    "Arah kebijakan {s} tahun {y} diselaraskan dengan Rencana Strategis KPU dan kebijakan "
    "KPU Provinsi {p}.",
    "Strategi yang ditempuh meliputi penguatan perencanaan, peningkatan kualitas pelayanan, serta "
    "pemanfaatan teknologi informasi dalam setiap tahapan.",
    "Rencana Kinerja Tahunan disusun pada awal tahun dan menjadi dasar penyusunan Perjanjian "
    "Kinerja antara Sekretaris dan pimpinan.",
    "Perencanaan disusun melalui rapat koordinasi internal yang melibatkan seluruh kepala sub "
    "bagian dan pejabat pengelola keuangan.",
    "Setiap program dijabarkan ke dalam kegiatan dan rincian output yang dapat diukur dan "
    "dievaluasi secara berkala.",
    "Pemantauan pelaksanaan rencana dilakukan setiap triwulan dan hasilnya dibahas dalam rapat "
    "pimpinan.",
)
_MISI = (
    "Membangun lembaga penyelenggara pemilu yang memiliki kompetensi, kredibilitas dan kapabilitas;",
    "Meningkatkan kualitas penyelenggaraan pemilu yang bersih, efisien dan efektif;",
    "Melayani dan memperlakukan setiap peserta pemilu secara adil dan setara;",
    "Meningkatkan kesadaran politik masyarakat untuk berpartisipasi aktif dalam pemilu;",
    "Menyusun regulasi pelaksanaan pemilu yang memberikan kepastian hukum;",
    "Memanfaatkan teknologi informasi dalam mendukung tahapan penyelenggaraan.",
)
_KEGIATAN = (
    "Kegiatan {k} dilaksanakan pada {d} bertempat di {place}.",
    "Kegiatan ini diikuti oleh pegawai sekretariat, anggota badan ad hoc dan perwakilan "
    "instansi terkait.",
    "Materi disampaikan oleh narasumber dari KPU Provinsi {p} dan dari lingkungan {s}.",
    "Peserta memperoleh penjelasan mengenai tata cara, jadwal dan dokumen yang harus disiapkan.",
    "Hasil kegiatan dituangkan dalam laporan yang disampaikan kepada Sekretaris dan diarsipkan "
    "oleh sub bagian terkait.",
    "Tindak lanjut kegiatan dipantau pada rapat koordinasi bulan berikutnya.",
    "Dokumentasi kegiatan berupa foto, daftar hadir dan notulen disimpan sebagai bukti dukung.",
    "Kendala yang ditemui selama kegiatan dicatat sebagai bahan perbaikan perencanaan tahun "
    "berikutnya.",
)
_UMUM = (
    "Pelaksanaan kegiatan tersebut berpedoman pada peraturan perundang-undangan dan petunjuk "
    "teknis yang ditetapkan KPU.",
    "Koordinasi dengan KPU Provinsi {p} dilakukan secara berjenjang melalui surat, rapat daring "
    "maupun kunjungan kerja.",
    "Setiap tahapan dievaluasi bersama para kepala sub bagian untuk menemukan hambatan sejak dini.",
    "Hasil evaluasi menjadi dasar penyusunan rencana kerja pada tahun anggaran berikutnya.",
    "Prinsip transparansi dijalankan dengan mengumumkan informasi tahapan melalui laman resmi dan "
    "media sosial {s}.",
    "Dukungan pemerintah daerah {r} sangat membantu kelancaran pelaksanaan tugas sekretariat.",
    "Pengawasan internal dilakukan oleh pimpinan secara melekat dan oleh Inspektorat KPU secara "
    "berkala.",
    "Temuan pemeriksaan tahun sebelumnya telah ditindaklanjuti sesuai rekomendasi.",
    "Penyusunan laporan dilakukan tepat waktu dan disampaikan melalui aplikasi yang ditetapkan.",
    "Budaya kerja yang melayani, akuntabel dan kompeten terus dibangun di lingkungan sekretariat.",
    "Inovasi pelayanan dikembangkan agar masyarakat lebih mudah memperoleh informasi kepemiluan.",
    "Kerja sama dengan perguruan tinggi dan organisasi kemasyarakatan memperluas jangkauan "
    "sosialisasi.",
)
_JABATAN = (
    "Kepala Sub Bagian Keuangan, Umum dan Logistik",
    "Kepala Sub Bagian Teknis Penyelenggaraan Pemilu, Partisipasi dan Hubungan Masyarakat",
    "Kepala Sub Bagian Perencanaan, Data dan Informasi",
    "Kepala Sub Bagian Hukum dan Sumber Daya Manusia",
    "Bendahara Pengeluaran",
    "Pengelola Barang Milik Negara",
    "Analis Data Pemilu",
    "Penyusun Bahan Informasi dan Publikasi",
    "Pengadministrasi Umum",
    "Penata Laporan Keuangan",
    "Arsiparis",
    "Operator Layanan Operasional",
    "Pengemudi",
    "Pramu Bakti",
)
_GIVEN = (
    "Ahmad", "Budi", "Citra", "Dedi", "Dewi", "Eka", "Fitri", "Hendra", "Indah", "Joko",
    "Kartika", "Lestari", "Muhammad", "Nur", "Putri", "Rahmat", "Rina", "Siti", "Taufik", "Wahyu",
    "Yanti", "Yusuf", "Zainal", "Agus",
)  # fmt: skip
_FAMILY = (
    "Saputra", "Hidayat", "Lestari", "Pratama", "Wulandari", "Kurniawan", "Rahmawati", "Siregar",
    "Nasution", "Harahap", "Syahputra", "Maharani", "Setiawan", "Anggraini", "Fauzi", "Ramadhan",
)  # fmt: skip
_GOLONGAN = ("IV/a", "III/d", "III/c", "III/b", "III/a", "II/d", "II/c", "II/b")
_UNITS = (
    "Sub Bagian Keuangan, Umum dan Logistik",
    "Sub Bagian Teknis dan Hupmas",
    "Sub Bagian Perencanaan, Data dan Informasi",
    "Sub Bagian Hukum dan SDM",
)


#: paragraphs of four to six sentences on an A4 page of 10 pt text
PARAS_PER_PAGE = 8


class Padding:
    """About ``pages`` pages of content without records, inserted into a report's text."""

    def __init__(self, pages: int, rng: random.Random) -> None:
        self.pages = max(0, pages)
        self.rng = rng

    # -- helpers -------------------------------------------------------------
    def _paras(self, share: float) -> int:
        """Paragraphs for ``share`` of the pages (a page holds about eight)."""
        return round(self.pages * share * PARAS_PER_PAGE)

    def _fill(self, r: TextRenderer, pool: tuple[str, ...], n: int) -> str:
        spec = r.spec
        k = min(n - 1, len(pool))
        sentences = self.rng.sample(pool, k) + self.rng.sample(_UMUM, n - k)
        self.rng.shuffle(sentences)
        return " ".join(sentences).format(
            s=spec.satker.printed,
            y=spec.year,
            r=spec.satker.region.label,
            p=spec.satker.region.province,
            place=self._place(),
            k="",
            d="",
        )

    def _place(self) -> str:
        return f"{self.rng.choice(PLACE_HEADS)} {self.rng.choice(PLACE_TAILS)}"

    def _section(self, r: TextRenderer, head: str, pool: tuple[str, ...], paras: int) -> None:
        r.para(head)
        for _ in range(paras):
            r.para(self._fill(r, pool, self.rng.randint(4, 6)))

    # -- the parts -----------------------------------------------------------
    def bab1(self, r: TextRenderer) -> None:
        """More sections of BAB I (about a quarter of the pages)."""
        each = max(1, round(self._paras(0.25) / 3))
        heads = ("D. Sumber Daya Manusia", "E. Sarana dan Prasarana", "F. Isu Strategis")
        for head, pool in zip(heads, (_SDM, _SARANA, _ISU), strict=True):
            self._section(r, head, pool, each)
        r.para("G. Sistematika Penyajian")
        r.para("Laporan Kinerja ini disajikan dengan sistematika sebagai berikut:")
        for item in (
            "- Bab I Pendahuluan, menjelaskan latar belakang, tugas dan fungsi serta organisasi;",
            "- Bab II Perencanaan dan Perjanjian Kinerja, menjelaskan rencana dan perjanjian kinerja;",
            "- Bab III Akuntabilitas Kinerja, menyajikan capaian kinerja dan akuntabilitas keuangan;",
            "- Bab IV Penutup, memuat simpulan dan langkah perbaikan.",
        ):
            r.add(item)

    def bab2(self, r: TextRenderer) -> None:
        """Visi, misi and planning prose in BAB II (about a sixth of the pages)."""
        r.para("Visi dan Misi")
        r.para(self._fill(r, _VISI, 3))
        r.para("Misi KPU adalah sebagai berikut:")
        for i, m in enumerate(_MISI, start=1):
            r.add(f"{i}. {m}")
        for _ in range(max(1, self._paras(0.15))):
            r.para(self._fill(r, _VISI, self.rng.randint(4, 6)))

    def lampiran(self, r: TextRenderer) -> None:
        """The appendix: staff list, schedule, and activity notes filling the remaining pages."""
        spec, rng = r.spec, self.rng
        r.heading("LAMPIRAN")
        r.para(f"Lampiran 1. Daftar Pegawai {spec.satker.printed} Tahun {spec.year}")
        r.add()
        r.add("\t".join(("NO", "NAMA", "NIP", "PANGKAT/GOL.", "JABATAN")))
        n_staff = rng.randint(18, 30) + 10 * (self.pages // 12)
        for i in range(1, n_staff + 1):
            name = f"{rng.choice(_GIVEN)} {rng.choice(_FAMILY)}"
            nip = (
                f"{rng.randint(1965, 1998)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
                f"{rng.randint(2003, 2022)}{rng.randint(1, 12):02d}{rng.randint(1, 2)}"
                f"{rng.randint(1, 20):03d}"
            )
            jab = "Sekretaris" if i == 1 else rng.choice(_JABATAN)
            r.add("\t".join((str(i), name, nip, rng.choice(_GOLONGAN), jab)))
        r.para(f"Lampiran 2. Jadwal Pelaksanaan Kegiatan Tahun {spec.year}")
        r.add()
        r.add("\t".join(("NO", "KEGIATAN", "TW I", "TW II", "TW III", "TW IV", "PELAKSANA")))
        outputs = [o.name for o in OUTPUTS]
        rng.shuffle(outputs)
        for i, name in enumerate(outputs[: rng.randint(14, len(outputs))], start=1):
            marks = ["v" if rng.random() < 0.6 else "" for _ in range(4)]
            r.add("\t".join((str(i), name, *marks, rng.choice(_UNITS))))
        r.para("Lampiran 3. Catatan Pelaksanaan Kegiatan")
        for i in range(max(2, self._paras(0.6) // 2)):
            name = outputs[i % len(outputs)]
            month = rng.randrange(12)
            when = f"{rng.randint(1, 28)} {MONTHS[month]} {spec.year}"
            body = self._fill(r, _KEGIATAN[1:], rng.randint(4, 6))
            r.para(name)
            r.para(_KEGIATAN[0].format(k=name, d=when, place=self._place()) + " " + body)
