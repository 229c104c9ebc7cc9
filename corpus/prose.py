"""Indonesian prose for synthetic reports: short templated paragraphs.

Written for lkj; the sentences only need to read like an LKj (Kata Pengantar,
BAB I-IV) and to carry the facts the consistency checks compare with the tables.
Fact sentences are built by the renderer from the spec; this module holds the
filler and the sentence shapes.
"""

from __future__ import annotations

from .choice import Chooser
from .spec import ReportSpec


def kata_pengantar(spec: ReportSpec, ch: Chooser) -> list[str]:
    s, y = spec.satker.printed, spec.year
    opener = ch.choice(
        (
            "Puji syukur kami panjatkan ke hadirat Tuhan Yang Maha Esa atas rahmat-Nya sehingga",
            "Dengan mengucap syukur kepada Tuhan Yang Maha Esa,",
        )
    )
    return [
        f"{opener} Laporan Kinerja {s} Tahun {y} dapat diselesaikan sebagai bentuk "
        "pertanggungjawaban atas pelaksanaan tugas dan fungsi selama satu tahun anggaran.",
        "Laporan ini disusun berdasarkan Peraturan Presiden Nomor 29 Tahun 2014 tentang Sistem "
        "Akuntabilitas Kinerja Instansi Pemerintah dan Peraturan Menteri PANRB Nomor 53 Tahun 2014, "
        "dan memuat perbandingan antara target yang diperjanjikan dengan realisasi yang dicapai.",
        f"Kami berharap laporan ini menjadi bahan evaluasi agar kinerja {s} pada tahun-tahun "
        "berikutnya semakin baik, transparan dan akuntabel.",
    ]


def ikhtisar(spec: ReportSpec, ch: Chooser) -> list[str]:
    n = len(spec.sasaran)
    return [
        f"Pada tahun {spec.year} {spec.satker.printed} menetapkan {n} sasaran strategis yang "
        "diukur melalui indikator kinerja sebagaimana tertuang dalam Perjanjian Kinerja.",
        "Secara umum sasaran yang ditetapkan dapat dicapai, meskipun beberapa indikator masih "
        "memerlukan perbaikan pada tahun berikutnya.",
    ]


def bab1(spec: ReportSpec, ch: Chooser) -> list[tuple[str, list[str]]]:
    """Sections of BAB I as (heading, paragraphs); list items start with '- '."""
    r = spec.satker.region
    s = spec.satker.printed
    where = f"Provinsi {r.province}" if r.kind != "provinsi" else "Republik Indonesia"
    tugas = [
        "- a. Menjabarkan program dan melaksanakan anggaran;",
        "- b. Melaksanakan tahapan penyelenggaraan Pemilu sesuai ketentuan peraturan perundang-undangan;",
        "- c. Mengoordinasikan dan mengendalikan tahapan penyelenggaraan oleh badan ad hoc;",
        "- d. Memutakhirkan data pemilih secara berkelanjutan;",
        "- e. Menyampaikan laporan setiap tahapan penyelenggaraan kepada KPU di atasnya;",
        "- f. Melaksanakan tugas lain yang diberikan sesuai ketentuan peraturan perundang-undangan.",
    ]
    k = ch.randint(4, len(tugas))
    return [
        (
            "A. Latar Belakang",
            [
                f"{s} merupakan satuan kerja di lingkungan Komisi Pemilihan Umum yang berkedudukan "
                f"di wilayah {r.label}, {where}.",
                f"Laporan Kinerja Tahun {spec.year} menyajikan capaian kinerja yang dibandingkan "
                "dengan Perjanjian Kinerja sebagai tolok ukur keberhasilan organisasi.",
            ],
        ),
        (
            "B. Tugas dan Fungsi",
            ["Dalam melaksanakan kegiatannya, satuan kerja ini bertugas:", *tugas[:k]],
        ),
        (
            "C. Struktur Organisasi",
            [
                "Sekretariat dipimpin oleh seorang Sekretaris yang membawahi sub bagian "
                "keuangan, umum dan logistik; teknis penyelenggaraan dan hubungan partisipasi "
                "masyarakat; hukum dan sumber daya manusia; serta perencanaan, data dan informasi.",
            ],
        ),
    ]


def bab2_intro(spec: ReportSpec, ch: Chooser) -> list[str]:
    return [
        f"Perencanaan kinerja {spec.satker.printed} mengacu pada Rencana Strategis KPU "
        f"{spec.renstra} yang dijabarkan setiap tahun ke dalam Rencana Kinerja Tahunan.",
        "Rencana Strategis memuat visi, misi, tujuan, sasaran strategis, serta program dan "
        "kegiatan yang akan dilaksanakan selama lima tahun.",
    ]


def bab3_intro(spec: ReportSpec, ch: Chooser) -> list[str]:
    return [
        f"Pengukuran kinerja tahun {spec.year} dilakukan dengan membandingkan target setiap "
        "indikator kinerja dengan realisasinya.",
        "Untuk indikator yang semakin tinggi realisasinya semakin baik, capaian dihitung sebagai "
        "realisasi dibagi target dikali seratus persen; untuk indikator yang semakin rendah "
        "semakin baik, capaian dihitung dari dua kali target dikurangi realisasi, dibagi target.",
    ]


def sasaran_comment(ch: Chooser) -> str:
    return ch.choice(
        (
            "Capaian sasaran tersebut didukung oleh koordinasi yang baik antar sub bagian.",
            "Hambatan yang ditemui pada sasaran ini telah ditindaklanjuti melalui rapat evaluasi.",
            "Secara umum indikator pada sasaran ini dapat dicapai sesuai rencana.",
            "Pelaksanaan kegiatan pada sasaran ini berjalan sesuai jadwal yang ditetapkan.",
        )
    )


def bab4(spec: ReportSpec, ch: Chooser) -> list[str]:
    s = spec.satker.printed
    steps = [
        "1. Meningkatkan kualitas perencanaan program dan anggaran;",
        "2. Memperluas sosialisasi dan pendidikan pemilih melalui berbagai media;",
        "3. Memperbaiki penatausahaan barang milik negara dan persediaan;",
        "4. Meningkatkan kompetensi sumber daya manusia sekretariat;",
        "5. Mempercepat penyusunan laporan pertanggungjawaban keuangan.",
    ]
    return [
        f"Laporan Kinerja {s} Tahun {spec.year} merupakan wujud akuntabilitas atas pelaksanaan "
        "tugas dan fungsi yang telah diamanatkan.",
        "Langkah perbaikan yang akan ditempuh pada tahun berikutnya antara lain:",
        *steps[: ch.randint(3, len(steps))],
    ]
