"""The vocabulary of the data contract: table and column names, their allowed values, labels.

The bottom of the house: every module that names a table, a column, a document or a level
(contract, sample, sipd, analysis, laporan, widgets) takes the names from here, so a column is
spelt in one place. Names are the contract's own Indonesian terms (DESIGN.md §3); labels are
what a reader sees in an Excel header or a brief's table.
"""

from __future__ import annotations

__all__ = [
    "AGREGASI",
    "ARAH",
    "DOKUMEN",
    "JENIS_INDIKATOR",
    "JENIS_WILAYAH",
    "KOLOM",
    "LABEL_KOLOM",
    "NAMA_TINGKAT",
    "OPSIONAL",
    "TABLES",
    "TINGKAT",
    "TINGKAT_RENCANA",
    "label_kolom",
]

#: The five tables of a package, in the order they are read and written.
TABLES = ("wilayah", "indikator", "rencana", "realisasi", "kesepakatan")
#: Required columns per table (``realisasi`` needs ``kode_wilayah`` *or* ``kode_bps``).
KOLOM: dict[str, tuple[str, ...]] = {
    "wilayah": ("kode", "kode_bps", "nama", "jenis", "ibukota", "luas_km2", "penduduk"),
    "indikator": ("kode_indikator", "uraian", "satuan", "arah", "jenis", "kode_bidang",
                  "agregasi"),
    "rencana": ("kode_wilayah", "dokumen", "tahun", "perangkat_daerah", "kode_nomenklatur",
                "kode_indikator", "uraian_indikator", "target", "satuan", "pagu"),
    "realisasi": ("kode_indikator", "tahun", "realisasi"),
    "kesepakatan": ("tahun", "kode_indikator", "kode_sub_kegiatan", "kode_wilayah"),
}  # fmt: skip
#: Optional columns that are read and kept when present.
OPSIONAL: dict[str, tuple[str, ...]] = {
    "wilayah": ("lat", "lon"),
    "indikator": ("sumber",),
    "rencana": (),
    "realisasi": ("kode_wilayah", "kode_bps", "sumber"),
    "kesepakatan": (),
}
#: Planning documents: the 5-year pair first, then the annual pair (DOMAIN.md §2).
DOKUMEN = ("RPJMD", "RENSTRA", "RKPD", "RENJA")
ARAH = ("naik", "turun", "tetap")
JENIS_INDIKATOR = ("dampak", "outcome", "output")
AGREGASI = ("rata_tertimbang_penduduk", "jumlah", "tidak_ada")
JENIS_WILAYAH = ("Provinsi", "Kabupaten", "Kota")
#: Levels of the nomenclature, top down.
TINGKAT = ("urusan", "bidang", "program", "kegiatan", "sub_kegiatan")
#: The levels a plan line can be on.
TINGKAT_RENCANA = ("program", "kegiatan", "sub_kegiatan")
NAMA_TINGKAT = {"program": "Program", "kegiatan": "Kegiatan", "sub_kegiatan": "Sub kegiatan"}

#: Readable Indonesian column labels (Excel headers, widget tables, brief tables).
LABEL_KOLOM = {
    "kode_wilayah": "Kode Wilayah",
    "kode_provinsi": "Kode Provinsi",
    "kode_indikator": "Kode Indikator",
    "uraian_indikator": "Indikator",
    "tahun": "Tahun",
    "target": "Target",
    "realisasi": "Realisasi",
    "capaian_persen": "Capaian (%)",
    "predikat": "Predikat",
    "gap": "Kesenjangan (satuan indikator; + = kurang)",
    "gap_relatif_persen": "Kesenjangan Relatif (%)",
    "memenuhi": "Memenuhi Target",
    "dalam_rentang": "Dalam Rentang Target",
    "target_bawah": "Batas Bawah Target",
    "target_atas": "Batas Atas Target",
    "target_teks": "Target (tertulis)",
    "sumber_target": "Sumber Target",
    "arah": "Arah",
    "satuan": "Satuan",
    "status": "Status",
    "catatan": "Catatan",
    "n_nilai_realisasi": "Jumlah Nilai Realisasi",
    "n_target_berbeda": "Jumlah Target Berbeda",
    "tren_per_tahun": "Tren per Tahun",
    "tren_arah": "Arah Tren",
    "status_lintasan": "Status Lintasan",
    "rasio_lintasan": "Rasio Lintasan (R)",
    "tahun_dasar": "Tahun Dasar",
    "nilai_dasar": "Nilai Dasar",
    "tahun_terakhir": "Tahun Terakhir",
    "nilai_terakhir": "Nilai Terakhir",
    "tahun_target": "Tahun Target",
    "target_akhir": "Target Akhir RPJMD",
    "metode": "Metode",
    "laju_aktual": "Laju Aktual",
    "laju_perlu": "Laju yang Diperlukan",
    "n_tahun_realisasi": "Jumlah Tahun Realisasi",
    "pasangan": "Pasangan Dokumen",
    "tingkat": "Tingkat",
    "n_baris_atas": "Baris Dokumen Atas",
    "n_baris_bawah": "Baris Dokumen Bawah",
    "n_terhubung": "Baris Terhubung",
    "n_tidak_ada_di_bawah": "Tidak Ada di Dokumen Bawah",
    "n_tidak_direncanakan": "Tidak Direncanakan di Dokumen Atas",
    "n_target_kurang_ambisius": "Target Kurang Ambisius",
    "keterkaitan_persen": "Keterkaitan (%)",
    "kategori": "Kategori",
    "keterangan": "Keterangan",
    "jenis_temuan": "Jenis Temuan",
    "kode_nomenklatur": "Kode Nomenklatur",
    "perangkat_daerah": "Perangkat Daerah",
    "target_rkpd": "Target RKPD",
    "satuan_rkpd": "Satuan RKPD",
    "target_dokumen_atas": "Target Dokumen Atas",
    "target_dokumen_bawah": "Target Dokumen Bawah",
    "selisih": "Selisih",
    "kode_bidang": "Kode Bidang",
    "n_disepakati": "Sub Kegiatan Disepakati",
    "n_direncanakan": "Direncanakan di RKPD",
    "dukungan_persen": "Dukungan RKPD (%)",
    "pagu_dukungan": "Pagu Dukungan (Rp)",
    "indeks_sinkronisasi": "Indeks Sinkronisasi",
    "n_direncanakan_renja": "Direncanakan di Renja",
    "dukungan_renja_persen": "Dukungan Renja (%)",
    "pagu_bidang": "Pagu Bidang (Rp)",
    "porsi_pagu_persen": "Porsi Pagu Dukungan (%)",
    "n_outcome": "Outcome Disepakati",
    "n_outcome_didukung": "Outcome Didukung Sub Kegiatan Bidang Ini",
    "n_outcome_tanpa_dukungan": "Outcome Tanpa Dukungan Sama Sekali",
    "cakupan_outcome_persen": "Cakupan Outcome (%)",
    "n_berpagu": "Sub Kegiatan Berpagu",
    "pendanaan_persen": "Pendanaan (%)",
    "kode_sub_kegiatan": "Kode Sub Kegiatan",
    "di_rkpd": "Ada di RKPD",
    "di_renja": "Ada di Renja",
    "pagu_rkpd": "Pagu RKPD (Rp)",
    "agregasi": "Cara Agregasi",
    "n_kabkota": "Jumlah Kab/Kota",
    "n_kabkota_bertarget": "Kab/Kota Bertarget",
    "target_provinsi": "Target Provinsi",
    "target_implisit": "Target Implisit dari Kab/Kota",
    "selisih_target": "Kekurangan Target (+ = kurang)",
    "n_kabkota_berrealisasi": "Kab/Kota Berealisasi",
    "realisasi_provinsi": "Realisasi Provinsi",
    "realisasi_implisit": "Realisasi Implisit dari Kab/Kota",
    "selisih_realisasi": "Selisih Realisasi",
    "selisih_realisasi_relatif": "Selisih Realisasi Relatif",
    "realisasi_konsisten": "Realisasi Konsisten",
    "penduduk": "Penduduk",
    "bobot": "Bobot Penduduk",
    "menarik_ke_bawah": "Menarik Target Provinsi ke Bawah",
    "nama_wilayah": "Wilayah",
    "uraian_bidang": "Bidang Urusan",
    "uraian_sub_kegiatan": "Uraian Sub Kegiatan",
    "uraian_nomenklatur": "Uraian Nomenklatur",
    "peringkat": "Peringkat",
    "bidang_semua": "Bidang Sub Kegiatan Disepakati",
}


def label_kolom(kolom: str) -> str:
    """The Indonesian label of a column (``Capaian (%)``); unknown names are title-cased."""
    return LABEL_KOLOM.get(kolom, kolom.replace("_", " ").capitalize())
