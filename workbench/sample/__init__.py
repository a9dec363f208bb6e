"""Synthetic planning data package (*data contoh, sintetis*) for Kalimantan Tengah or the country.

:func:`generate` builds the five tables of the data contract (DESIGN.md §3) as a user's files
hold them (targets as Indonesian text: ``75,5``, ``4,11–4,66``, ``≥ 95``; pagu in whole
rupiah) together with :class:`Cacat`, the exact list of imperfections seeded into them, so
the analyses can be tested against known answers. :func:`write_sample` writes a package as
a folder of CSV files or one workbook (same seed, same bytes); :func:`ensure_sample` builds
the default package once into :func:`workbench.paths.sample_dir`.

What is real and what is not (details in the package's ``KETERANGAN.txt``):

* ``wilayah``: the 15 governments with Kemendagri and BPS codes, capitals, BIG areas and
  Dukcapil population (reference data, DOMAIN.md §5). At ``scale="national"`` the other 37
  provinces and 500 kab/kota are synthetic ("Provinsi Sintetis 11", codes 11–47); Kalteng
  stays real inside it.
* Codes of ``rencana`` and ``kesepakatan`` are a selection (:func:`kode_sampel`) of the
  shipped nomenclature, with its names and, where the master has them, its output indicator
  wording and satuan; province plans use level-1 codes, kab/kota plans level-2 codes.
* ``realisasi``: the figures DOMAIN.md §6 lists (province IPM, poverty, unemployment, growth,
  Gini, stunting; district IPM, poverty, unemployment, stunting), the BPS IPM series 2020–2024
  of the 14 kab/kota and the cited SSGI 2024 stunting and March 2025 poverty figures shipped
  in ``workbench/reference/`` (SOURCES.md), with their publisher (and URL) in ``sumber``;
  every other value is synthetic and says ``sintetis``. All rows are keyed by BPS
  code (``kode_bps``), as statistics arrive; the loader maps them through the crosswalk.
* Province RKPD 2025 macro targets are the real ones (growth 5,60; poverty 4,11–4,66; Gini
  0,311–0,315; IPM 73,95; TPT 3,90); all other targets, pagu and agreements are synthetic.

Construction rules that make the package *consistent except for the seeded defects*:

* one indicator target per government × indicator × year, identical in RPJMD, Renstra, RKPD
  and Renja; the same sub kegiatan in Renstra, Renja and RKPD of a year; RPJMD programmes of
  a year = the programmes of that year's Renstra;
* district targets of ``rata_tertimbang_penduduk`` indicators are shifted so their
  population-weighted mean (Dukcapil weights of ``wilayah``) meets the province target, then
  rounded toward the ambitious side; ``jumlah`` province targets are the district sum; the
  province realisation of such indicators equals the weighted mean (or sum) of the districts;
* every kab/kota plans every sub kegiatan agreed for it, except the seeded defects (a): the
  seven named cases and, in Kalteng, each kab/kota's own share of agreements left out of a
  plan year (:func:`_pelaksanaan_parsial`; every outcome keeps at least one agreed line),
  so the synchronization index varies between districts as in a real year.

Generation is vectorised with numpy over all governments × sub kegiatan × years (no Python
loop per plan line), so the national package (≈1.26 million ``rencana`` lines) is built in
seconds.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

from workbench.errors import WorkbenchError
from workbench.paths import REFERENCE_DIR, sample_dir
from workbench.reference import cari_nomenklatur, load_indikator_referensi, load_wilayah
from workbench.vocabulary import DOKUMEN, TABLES

KOLOM = {
    "wilayah": ["kode", "kode_bps", "nama", "jenis", "ibukota", "luas_km2", "penduduk"],
    "indikator": ["kode_indikator", "uraian", "satuan", "arah", "jenis", "kode_bidang",
                  "agregasi", "sumber"],
    "rencana": ["kode_wilayah", "dokumen", "tahun", "perangkat_daerah", "kode_nomenklatur",
                "kode_indikator", "uraian_indikator", "target", "satuan", "pagu"],
    "realisasi": ["kode_bps", "kode_indikator", "tahun", "realisasi", "sumber"],
    "kesepakatan": ["tahun", "kode_indikator", "kode_sub_kegiatan", "kode_wilayah"],
}  # fmt: skip
SKALA = ("kalteng", "national")
FORMAT = ("csv", "xlsx")

TAHUN_RPJMD = (2025, 2026, 2027, 2028, 2029)
TAHUN_RKPD = (2025, 2026, 2027)
TAHUN_REALISASI = (2024, 2025)
TAHUN_KESEPAKATAN = (2026, 2027)
SINTETIS = "sintetis"
KETERANGAN = "KETERANGAN.txt"
RANGE_DASH = "–"  # en dash, as planning documents print ranges

# Fixed document properties and zip timestamps: same seed, same bytes.
_WAKTU_TETAP = datetime(2026, 1, 1, 0, 0, 0)
_ZIP_WAKTU = (2026, 1, 1, 0, 0, 0)

BIDANG = ("1.01", "1.02", "1.03", "1.04", "1.06", "2.07", "2.11", "3.27", "5.01")
_PD_PROVINSI = {
    "1.01": "Dinas Pendidikan",
    "1.02": "Dinas Kesehatan",
    "1.03": "Dinas Pekerjaan Umum dan Penataan Ruang",
    "1.04": "Dinas Perumahan Rakyat dan Kawasan Permukiman",
    "1.06": "Dinas Sosial",
    "2.07": "Dinas Tenaga Kerja dan Transmigrasi",
    "2.11": "Dinas Lingkungan Hidup",
    "3.27": "Dinas Tanaman Pangan, Hortikultura dan Peternakan",
    "5.01": "Badan Perencanaan Pembangunan, Riset dan Inovasi Daerah",
}
# Kab/kota: two common naming variants per bidang, picked per district.
_PD_KABKOTA = {
    "1.01": ("Dinas Pendidikan", "Dinas Pendidikan dan Kebudayaan"),
    "1.02": ("Dinas Kesehatan", "Dinas Kesehatan"),
    "1.03": ("Dinas Pekerjaan Umum dan Penataan Ruang", "Dinas PUPR"),
    "1.04": ("Dinas Perumahan dan Kawasan Permukiman",
             "Dinas Perumahan, Kawasan Permukiman dan Pertanahan"),
    "1.06": ("Dinas Sosial", "Dinas Sosial, Pemberdayaan Perempuan dan Perlindungan Anak"),
    "2.07": ("Dinas Tenaga Kerja dan Transmigrasi", "Dinas Tenaga Kerja"),
    "2.11": ("Dinas Lingkungan Hidup", "Dinas Lingkungan Hidup"),
    "3.27": ("Dinas Pertanian", "Dinas Pertanian dan Ketahanan Pangan"),
    "5.01": ("Badan Perencanaan Pembangunan Daerah",
             "Badan Perencanaan Pembangunan, Riset dan Inovasi Daerah"),
}  # fmt: skip


# --- indicators -----------------------------------------------------------------------------
@dataclass(frozen=True)
class _Spek:
    """How one indicator's values are generated (synthetic unless a real value is given).

    ``dasar``: province 2024 value (for ``jumlah``: district value per 100 000 inhabitants);
    ``sebaran``: spread across districts (for ``jumlah``: log-normal sigma); ``laju``:
    yearly improvement in the indicator's direction (for ``jumlah``: relative rate);
    ``desimal``: decimals written; ``batas``: plausible range.
    """

    program: str
    provinsi_saja: bool
    dasar: float
    sebaran: float
    laju: float
    desimal: int
    batas: tuple[float, float]


_SPEK = {
    "IKU.IPM": _Spek("5.01.02", False, 74.28, 2.0, 0.55, 2, (62, 90)),
    "IKU.KEMISKINAN": _Spek("1.06.05", False, 5.17, 1.0, 0.30, 2, (1.5, 15)),
    "IKU.TPT": _Spek("2.07.04", False, 4.01, 0.8, 0.10, 2, (1.0, 9.0)),
    "IKU.PE": _Spek("5.01.03", False, 4.62, 0.7, 0.15, 2, (1.0, 9.0)),
    "IKU.GINI": _Spek("5.01.03", True, 0.314, 0.0, 0.002, 3, (0.25, 0.40)),
    "IKU.STUNTING": _Spek("1.02.02", False, 22.1, 3.0, 1.6, 2, (8, 40)),
    "1.01.APM_SD": _Spek("1.01.02", False, 97.6, 1.0, 0.25, 2, (88, 99.8)),
    "1.01.APM_SMP": _Spek("1.01.02", False, 79.5, 4.0, 0.9, 2, (60, 95)),
    "1.01.RLS": _Spek("1.01.02", False, 8.95, 0.8, 0.08, 2, (6.5, 12.5)),
    "1.01.APK_SMA": _Spek("1.01.02", True, 88.4, 0.0, 0.9, 2, (70, 100)),
    "1.02.PERSALINAN_FASKES": _Spek("1.02.02", False, 88.0, 4.5, 1.5, 2, (65, 99.5)),
    "1.02.IMUNISASI": _Spek("1.02.02", False, 84.0, 5.0, 2.0, 2, (60, 99.5)),
    "1.02.AKI": _Spek("1.02.02", False, 215.0, 55.0, 8.0, 0, (60, 450)),
    "1.03.JALAN_MANTAP": _Spek("1.03.10", False, 68.0, 9.0, 2.0, 2, (35, 95)),
    "1.03.IRIGASI_BAIK": _Spek("1.03.02", False, 61.0, 8.0, 2.0, 2, (30, 95)),
    "1.04.RLH": _Spek("1.04.02", False, 58.5, 6.5, 1.5, 2, (30, 95)),
    "1.04.KUMUH": _Spek("1.04.03", False, 28.0, 0.6, 0.06, 2, (0, 1e9)),
    "1.06.PMKS": _Spek("1.06.04", False, 62.0, 8.0, 2.5, 2, (30, 95)),
    "2.07.PELATIHAN": _Spek("2.07.03", False, 120.0, 0.4, 0.05, 0, (0, 1e9)),
    "2.11.IKLH": _Spek("2.11.03", False, 76.5, 4.0, 0.4, 2, (55, 90)),
    "2.11.SAMPAH": _Spek("2.11.11", False, 62.0, 9.0, 2.5, 2, (25, 95)),
    "3.27.PRODUKSI_PADI": _Spek("3.27.02", False, 12000.0, 0.9, 0.03, 0, (0, 1e9)),
    "3.27.NTP": _Spek("3.27.07", True, 118.5, 0.0, 0.8, 2, (95, 140)),
    "5.01.KONSISTENSI": _Spek("5.01.02", False, 86.0, 6.0, 2.0, 2, (60, 100)),
}

# Real figures (DOMAIN.md §6) with their publisher, keyed (Kemendagri code, indicator, year).
_BPS_KALTENG = "BPS Provinsi Kalimantan Tengah"
_REALISASI_NYATA: dict[tuple[str, str, int], tuple[float, str]] = {
    ("62", "IKU.IPM", 2020): (72.62, f"{_BPS_KALTENG}: IPM 2020"),
    ("62", "IKU.IPM", 2023): (73.73, f"{_BPS_KALTENG}: IPM 2023"),
    ("62", "IKU.IPM", 2024): (74.28, f"{_BPS_KALTENG}: IPM 2024"),
    ("62", "IKU.IPM", 2025): (74.86, f"{_BPS_KALTENG}: IPM 2025"),
    ("62", "IKU.KEMISKINAN", 2023): (5.11, f"{_BPS_KALTENG}: penduduk miskin Maret 2023"),
    ("62", "IKU.KEMISKINAN", 2024): (5.17, f"{_BPS_KALTENG}: penduduk miskin Maret 2024"),
    ("62", "IKU.TPT", 2023): (4.10, f"{_BPS_KALTENG}: TPT Agustus 2023"),
    ("62", "IKU.TPT", 2024): (4.01, f"{_BPS_KALTENG}: TPT Agustus 2024"),
    ("62", "IKU.PE", 2022): (6.54, f"{_BPS_KALTENG}: pertumbuhan ekonomi 2022"),
    ("62", "IKU.PE", 2023): (4.14, f"{_BPS_KALTENG}: pertumbuhan ekonomi 2023"),
    ("62", "IKU.GINI", 2023): (0.317, f"{_BPS_KALTENG}: rasio Gini 2023"),
    ("62", "IKU.STUNTING", 2021): (27.4, "Kemenkes: SSGI 2021"),
    ("62", "IKU.STUNTING", 2022): (26.9, "Kemenkes: SSGI 2022"),
    ("62", "IKU.STUNTING", 2023): (23.5, "Kemenkes: SKI 2023"),
    ("62.71", "IKU.IPM", 2024): (82.20, "BPS Kota Palangka Raya: IPM 2024"),
    ("62.07", "IKU.KEMISKINAN", 2024): (7.08, "BPS Kabupaten Seruyan: penduduk miskin 2024"),
    ("62.13", "IKU.KEMISKINAN", 2024): (6.66, "BPS Kabupaten Barito Timur: penduduk miskin 2024"),
    ("62.12", "IKU.KEMISKINAN", 2024): (6.58, "BPS Kabupaten Murung Raya: penduduk miskin 2024"),
    ("62.71", "IKU.TPT", 2020): (5.95, "BPS Kota Palangka Raya: TPT 2020"),
    ("62.71", "IKU.TPT", 2021): (5.86, "BPS Kota Palangka Raya: TPT 2021"),
    ("62.71", "IKU.TPT", 2022): (5.64, "BPS Kota Palangka Raya: TPT 2022"),
    ("62.08", "IKU.TPT", 2020): (4.70, "BPS Kabupaten Sukamara: TPT 2020"),
    ("62.08", "IKU.TPT", 2021): (4.46, "BPS Kabupaten Sukamara: TPT 2021"),
    ("62.08", "IKU.TPT", 2022): (6.64, "BPS Kabupaten Sukamara: TPT 2022"),
    ("62.13", "IKU.STUNTING", 2021): (33.7, "Kemenkes: SSGI 2021"),
    ("62.10", "IKU.STUNTING", 2021): (35.9, "Kemenkes: SSGI 2021"),
    ("62.10", "IKU.STUNTING", 2022): (17.9, "Kemenkes: SSGI 2022"),
    ("62.02", "IKU.STUNTING", 2021): (32.5, "Kemenkes: SSGI 2021"),
    ("62.09", "IKU.STUNTING", 2021): (23.2, "Kemenkes: SSGI 2021"),
}
_IPM_KABKOTA = "ipm_kabkota_kalteng_2020_2024.csv"
_KUTIPAN = "statistik_kalteng_kutipan.csv"
# Citations of statistik_kalteng_kutipan.csv used by the sample: (indicator of the file, its
# period as written, the sample's indicator, its year). Poverty is the March figure (one value
# a year); only SSGI 2024 stunting is new there (earlier years are the DOMAIN.md figures above).
_KUTIPAN_DIPAKAI = {
    ("stunting_SSGI2024", "2024"): ("IKU.STUNTING", 2024, "Kemenkes: SSGI 2024"),
    ("miskin_pct", "2024-03"): ("IKU.KEMISKINAN", 2024, "BPS: penduduk miskin Maret 2024"),
    ("miskin_pct", "2025-03"): ("IKU.KEMISKINAN", 2025, "BPS: penduduk miskin Maret 2025"),
    ("tpt_pct", "2024-08"): ("IKU.TPT", 2024, "BPS: TPT Agustus 2024"),
    ("ipm", "2025"): ("IKU.IPM", 2025, "BPS: IPM 2025"),
}


def _realisasi_rujukan() -> dict[tuple[str, str, int], tuple[float, str]]:
    """Real values shipped in ``workbench/reference/`` (SOURCES.md), keyed like _REALISASI_NYATA.

    The BPS IPM series 2020–2024 of the 14 kab/kota and the cited figures of
    :data:`_KUTIPAN_DIPAKAI`, each with its source (and the URL it was quoted from) in the
    text that becomes ``sumber``; BPS codes go through the crosswalk.
    """
    ke = {b: k for b, k in zip(load_wilayah()["kode_bps"], load_wilayah()["kode"], strict=True)}
    ipm = pd.read_csv(REFERENCE_DIR / _IPM_KABKOTA, dtype={"kode_bps": str})
    out = {
        (ke[r.kode_bps], "IKU.IPM", int(r.tahun)): (
            float(r.ipm), f"BPS: IPM (metode baru) {int(r.tahun)}, {r.sumber}"
        )
        for r in ipm.itertuples(index=False)
    }
    kutipan = pd.read_csv(REFERENCE_DIR / _KUTIPAN, dtype=str, keep_default_na=False)
    for r in kutipan.itertuples(index=False):
        pakai = _KUTIPAN_DIPAKAI.get((r.indikator, r.periode))
        if pakai is not None:
            k, th, teks = pakai
            out[(ke[r.kode_bps], k, th)] = (float(r.nilai), f"{teks} ({r.sumber_url})")
    return out


_REALISASI_NYATA.update(_realisasi_rujukan())
# Real province RKPD 2025 macro targets (text as printed), DOMAIN.md §6.
_TARGET_RKPD_2025 = {
    "IKU.PE": "5,60",
    "IKU.KEMISKINAN": "4,11" + RANGE_DASH + "4,66",
    "IKU.GINI": "0,311" + RANGE_DASH + "0,315",
    "IKU.IPM": "73,95",
    "IKU.TPT": "3,90",
}

# --- agreements (kesepakatan): province outcome -> supporting kab/kota sub kegiatan ---------
_SEPAKAT_SEMUA = {
    "IKU.STUNTING": ("1.02.02.2.02.0015", "1.02.02.2.02.0001", "1.02.02.2.02.0004",
                     "1.02.02.2.02.0017"),
    "1.02.PERSALINAN_FASKES": ("1.02.02.2.02.0002", "1.02.02.2.02.0003", "1.02.02.2.01.0006"),
    "1.02.IMUNISASI": ("1.02.02.2.02.0048", "1.02.02.2.02.0033"),
    "1.01.APM_SD": ("1.01.02.2.01.0047", "1.01.02.2.01.0029", "1.01.02.2.01.0021",
                    "1.01.02.2.01.0051"),
    "1.01.APM_SMP": ("1.01.02.2.02.0059", "1.01.02.2.02.0042", "1.01.02.2.02.0032",
                     "1.01.02.2.02.0014"),
    "1.01.RLS": ("1.01.02.2.04.0010", "1.01.02.2.04.0046"),
    "1.03.JALAN_MANTAP": ("1.03.10.2.01.0046", "1.03.10.2.01.0053", "1.03.10.2.01.0044"),
    "1.04.RLH": ("1.04.02.2.03.0001", "1.04.02.2.03.0004"),
    "IKU.KEMISKINAN": ("1.06.05.2.02.0003", "1.06.04.2.01.0001"),
    "1.06.PMKS": ("1.06.04.2.01.0002", "1.06.04.2.01.0005"),
    "IKU.TPT": ("2.07.03.2.01.0001", "2.07.04.2.01.0003"),
    "2.11.SAMPAH": ("2.11.11.2.01.0016",),
    "2.11.IKLH": ("2.11.03.2.01.0001",),
    "3.27.PRODUKSI_PADI": ("3.27.02.2.01.0001", "3.27.02.2.01.0002", "3.27.05.2.01.0001",
                           "3.27.07.2.01.0002"),
    "3.27.NTP": ("3.27.03.2.01.0010", "3.27.07.2.01.0009"),
    "5.01.KONSISTENSI": ("5.01.02.2.01.0005", "5.01.03.2.01.0008"),
}  # fmt: skip
# Agreed in 2027 only (the 2026 Rakortek added it for the next year).
_SEPAKAT_2027 = {"IKU.STUNTING": ("1.02.05.2.02.0001",)}
# Agreed for named districts only (irrigation and embung where rice is grown).
_SEPAKAT_KHUSUS = (
    ("1.03.IRIGASI_BAIK", "1.03.02.2.02.0014", ("62.02", "62.03", "62.04", "62.11")),
    ("1.03.IRIGASI_BAIK", "1.03.02.2.01.0089", ("62.03", "62.11")),
    ("3.27.PRODUKSI_PADI", "3.27.03.2.02.0002", ("62.03", "62.11", "62.13")),
)


# --- seeded imperfections --------------------------------------------------------------------
class TanpaRencana(NamedTuple):
    """(a) An agreed sub kegiatan the district plans nowhere that year (Renstra, Renja, RKPD)."""

    kode_wilayah: str
    kode_sub_kegiatan: str
    tahun: int


class TanpaDukungan(NamedTuple):
    """Consequence of (a): a province outcome a district supports with none of its agreed lines."""

    kode_wilayah: str
    tahun: int
    kode_indikator: str


class RenjaTanpaRenstra(NamedTuple):
    """(b) A Renja (and RKPD) sub kegiatan line that the Renstra does not plan that year."""

    kode_wilayah: str
    perangkat_daerah: str
    kode_nomenklatur: str
    tahun: int


class TargetKurangAmbisius(NamedTuple):
    """(c) A lower-document target less ambitious than the upper document's (same year).

    ``selisih = bawah − atas`` in the indicator's unit (negative for *naik*, positive for
    *turun*), as :func:`workbench.konsistensi.deviasi_target` reports it.
    """

    kode_wilayah: str
    pasangan: str
    tahun: int
    kode_indikator: str
    target_atas: str
    target_bawah: str
    selisih: float


class TargetTidakMenjumlah(NamedTuple):
    """(d) One district's target that makes the district targets miss the province target.

    ``target_kabkota`` is written in every plan document; ``target_seharusnya`` is the value
    that would have added up. ``target_implisit`` is the population-weighted mean of the
    written district targets (Dukcapil weights of ``wilayah``) and ``selisih_provinsi`` the
    shortfall against ``target_provinsi`` (positive = falls short), as
    :func:`workbench.agregat` computes them.
    """

    kode_wilayah: str
    kode_indikator: str
    tahun: int
    target_kabkota: float
    target_seharusnya: float
    target_provinsi: float
    target_implisit: float
    selisih_provinsi: float


class RealisasiTerlambat(NamedTuple):
    """(e) A realisation that has not arrived: no row for this district, indicator and year."""

    kode_wilayah: str
    kode_bps: str
    kode_indikator: str
    tahun: int


@dataclass(frozen=True)
class Cacat:
    """Every imperfection seeded into a sample package, exactly (see the NamedTuples above)."""

    tanpa_rencana: tuple[TanpaRencana, ...]
    tanpa_dukungan: tuple[TanpaDukungan, ...]
    renja_tanpa_renstra: tuple[RenjaTanpaRenstra, ...]
    target_kurang_ambisius: tuple[TargetKurangAmbisius, ...]
    target_tidak_menjumlah: tuple[TargetTidakMenjumlah, ...]
    realisasi_terlambat: tuple[RealisasiTerlambat, ...]

    def ringkasan(self) -> list[str]:
        """One line per kind of imperfection, in Bahasa Indonesia (for the CLI and KETERANGAN)."""
        d = self.target_tidak_menjumlah
        return [
            f"sub kegiatan yang disepakati tetapi tidak direncanakan: {len(self.tanpa_rencana)}"
            f" (outcome tanpa dukungan: {len(self.tanpa_dukungan)})",
            f"baris Renja yang tidak ada di Renstra: {len(self.renja_tanpa_renstra)}",
            f"target kurang ambisius dari dokumen di atasnya: {len(self.target_kurang_ambisius)}",
            "target kab/kota yang tidak menjumlah ke target provinsi: "
            + (f"{d[0].kode_indikator} di {d[0].kode_wilayah}, {len(d)} tahun" if d else "0"),
            f"realisasi terlambat: {len(self.realisasi_terlambat)}",
        ]


# The Kalteng seeds (codes that exist at both scales, so the national package carries them too).
_SEED_TANPA_RENCANA = (
    TanpaRencana("62.08", "2.07.03.2.01.0001", 2026),
    TanpaRencana("62.08", "2.07.04.2.01.0003", 2026),
    TanpaRencana("62.12", "1.02.02.2.02.0015", 2026),
    TanpaRencana("62.12", "1.02.02.2.02.0015", 2027),
    TanpaRencana("62.06", "1.01.02.2.01.0047", 2027),
    TanpaRencana("62.13", "3.27.07.2.01.0002", 2026),
    TanpaRencana("62.03", "1.03.02.2.02.0014", 2027),
)
# (kode_wilayah, pasangan, tahun, kode_indikator, change of the lower document in its unit)
_SEED_TARGET = (
    ("62.05", "RPJMD→RKPD", 2026, "IKU.IPM", -0.60),
    ("62.09", "RPJMD→RKPD", 2027, "1.03.JALAN_MANTAP", -5.00),
    ("62", "RPJMD→RKPD", 2026, "2.11.IKLH", -1.50),
    ("62.10", "RENSTRA→RENJA", 2026, "1.02.AKI", 25.0),
    ("62.71", "RENSTRA→RENJA", 2025, "IKU.PE", -0.40),
)
_SEED_MENJUMLAH = ("62.02", "IKU.STUNTING", 3.00)  # district, indicator, added (less ambitious)
_SEED_TERLAMBAT = ("62.10", "1.02.IMUNISASI", 2025)
_N_RENJA_TANPA_RENSTRA = 4


@dataclass(frozen=True)
class SampleData:
    """A generated package: the five tables and the seeded imperfections.

    ``tables`` hold the contract columns as text, as a user's file holds them.
    """

    tables: dict[str, pd.DataFrame]
    cacat: Cacat
    seed: int
    scale: str
    keterangan: str = field(repr=False, default="")


class SampleError(WorkbenchError, ValueError):
    """A sample cannot be generated or written as asked (bad option, occupied target path)."""


# --- formatting (vectorised, Indonesian) -------------------------------------------------------
def _ribuan_u(n: np.ndarray) -> np.ndarray:
    """Non-negative integers with '.' thousands separators, as a numpy str array."""
    s = n.astype(str)
    big = n >= 1000
    if big.any():
        q, r = np.divmod(n, 1000)
        rest = np.char.zfill(r.astype(str), 3)
        s = np.where(big, np.char.add(np.char.add(_ribuan_u(q), "."), rest), s)
    return s


def _angka_u(m: np.ndarray, desimal: int) -> np.ndarray:
    """Text of ``m / 10**desimal`` for non-negative integers ``m`` (numpy str array)."""
    bulat, pecahan = np.divmod(m, 10**desimal)
    s = _ribuan_u(bulat)
    if desimal:
        s = np.char.add(np.char.add(s, ","), np.char.zfill(pecahan.astype(str), desimal))
    return s


def _ribuan(n: np.ndarray) -> np.ndarray:
    """Non-negative integers with '.' thousands separators (``1250000`` → ``1.250.000``).

    Returns an object array. Each distinct value is formatted once and shared (plan columns
    repeat few distinct numbers over a million lines).
    """
    uniq, inv = np.unique(np.asarray(n, dtype=np.int64), return_inverse=True)
    return _ribuan_u(uniq).astype(object)[inv.reshape(-1)]


def _angka(x: np.ndarray, desimal: int) -> np.ndarray:
    """Numbers as Indonesian text: ``1.234,56`` (decimal comma, '.' thousands); object array."""
    x = np.asarray(x, dtype=float)
    m = np.round(np.abs(x) * 10**desimal).astype(np.int64)
    kunci = m * 2 + (x < 0)  # distinct (magnitude, sign) pairs formatted once
    uniq, inv = np.unique(kunci, return_inverse=True)
    teks = _angka_u(uniq // 2, desimal)
    teks = np.where(uniq % 2 == 1, np.char.add("-", teks), teks)
    return teks.astype(object)[inv.reshape(-1)]


def _teks_int(n: np.ndarray) -> np.ndarray:
    """Integers as plain digits (pagu in rupiah), object array, without an intermediate copy."""
    return np.fromiter(map(str, np.asarray(n, dtype=np.int64).tolist()), dtype=object, count=len(n))


def _bulat_ambisius(x: np.ndarray, d: np.ndarray | float, desimal: int) -> np.ndarray:
    """Round to ``desimal`` places toward the ambitious side (up for naik, down for turun)."""
    skala = 10.0**desimal
    naik = np.asarray(d) > 0
    return np.where(naik, np.ceil(x * skala - 1e-9), np.floor(x * skala + 1e-9)) / skala


def _bulat_longgar(x: np.ndarray, d: np.ndarray | float, desimal: int) -> np.ndarray:
    """Round toward the less ambitious side (a province target its districts must beat)."""
    return _bulat_ambisius(x, -np.asarray(d), desimal)


# --- governments -----------------------------------------------------------------------------
@dataclass(frozen=True)
class _Wilayah:
    frame: pd.DataFrame  # contract columns, text
    kode: np.ndarray  # str
    kode_bps: np.ndarray
    provinsi: np.ndarray  # bool
    prov_idx: np.ndarray  # index of the province row of each government
    penduduk: np.ndarray  # float


def _wilayah_kalteng() -> pd.DataFrame:
    w = load_wilayah()
    return pd.DataFrame(
        {
            "kode": w["kode"],
            "kode_bps": w["kode_bps"],
            "nama": w["nama"],
            "jenis": w["jenis"],
            "ibukota": w["ibukota"],
            "luas_km2": w["luas_km2"].astype(float),
            "penduduk": w["penduduk"].astype(np.int64),
        }
    )


def _wilayah_nasional(rng: np.random.Generator, n_provinsi: int, n_kabkota: int) -> pd.DataFrame:
    kalteng = _wilayah_kalteng()
    n_lain = n_provinsi - 1
    n_kab_lain = n_kabkota - (len(kalteng) - 1)
    if n_lain < 1 or n_kab_lain < n_lain:
        raise SampleError(
            f"national scale needs at least 2 provinces and one kab/kota per synthetic province "
            f"beyond Kalteng's 14; got n_provinsi={n_provinsi}, n_kabkota={n_kabkota}"
        )
    kode_prov = np.array([c for c in range(11, 100) if c != 62][:n_lain])
    per_prov = np.full(n_lain, n_kab_lain // n_lain)
    per_prov[: n_kab_lain % n_lain] += 1
    prov_rep = np.repeat(kode_prov, per_prov)
    urut = np.arange(len(prov_rep)) - np.repeat(np.cumsum(per_prov) - per_prov, per_prov)
    # About one in six is a city, numbered 71, 72, ... as in the Kemendagri list.
    kota = urut >= np.repeat(np.ceil(per_prov * 5 / 6).astype(int), per_prov)
    nomor = np.where(kota, 71 + urut - np.repeat(np.ceil(per_prov * 5 / 6).astype(int), per_prov),
                     urut + 1)  # fmt: skip
    pk = np.char.zfill(prov_rep.astype(str), 2)
    nk = np.char.zfill(nomor.astype(str), 2)
    kode_kab = np.char.add(np.char.add(pk, "."), nk)
    jenis = np.where(kota, "Kota", "Kabupaten")
    pend_kab = np.round(np.exp(rng.normal(np.log(260_000), 0.7, len(kode_kab)))).astype(np.int64)
    luas_kab = np.round(np.exp(rng.normal(np.log(2500), 1.0, len(kode_kab))), 1)
    luas_kab = np.where(kota, np.round(luas_kab / 10, 1), luas_kab)
    kab = pd.DataFrame(
        {
            "kode": kode_kab,
            "kode_bps": np.char.add(pk, nk),
            "nama": np.char.add(np.where(kota, "Kota Sintetis ", "Sintetis "), kode_kab),
            "jenis": jenis,
            "ibukota": np.char.add("Ibukota Sintetis ", kode_kab),
            "luas_km2": luas_kab,
            "penduduk": pend_kab,
        }
    )
    kp = np.char.zfill(kode_prov.astype(str), 2)
    agg = kab.groupby(prov_rep)[["luas_km2", "penduduk"]].sum()
    prov = pd.DataFrame(
        {
            "kode": kp,
            "kode_bps": kp,
            "nama": np.char.add("Provinsi Sintetis ", kp),
            "jenis": "Provinsi",
            "ibukota": np.char.add("Ibukota Provinsi Sintetis ", kp),
            "luas_km2": np.round(agg["luas_km2"].to_numpy(), 1),
            "penduduk": agg["penduduk"].to_numpy(),
        }
    )
    parts = [kalteng]
    for i in range(len(kp)):
        parts.append(prov.iloc[[i]])
        parts.append(kab[prov_rep == kode_prov[i]])
    out = pd.concat(parts, ignore_index=True)
    # Kalteng first, then the synthetic provinces in code order, each followed by its kab/kota.
    return out


def _bangun_wilayah(frame: pd.DataFrame) -> _Wilayah:
    kode = frame["kode"].to_numpy(dtype=str)
    prov_kode = np.char.partition(kode, ".")[:, 0]
    provinsi = frame["jenis"].to_numpy(dtype=str) == "Provinsi"
    pos = {k: i for i, k in enumerate(kode[provinsi])}
    prov_rows = np.flatnonzero(provinsi)
    prov_idx = prov_rows[np.array([pos[p] for p in np.unique(prov_kode)])]
    lookup = dict(zip(np.unique(prov_kode), prov_idx, strict=True))
    idx = np.array([lookup[p] for p in prov_kode])
    text = frame.copy()
    text["luas_km2"] = _angka(frame["luas_km2"].to_numpy(float), 1)
    text["penduduk"] = frame["penduduk"].astype(np.int64).astype(str)
    return _Wilayah(
        frame=text[KOLOM["wilayah"]].reset_index(drop=True),
        kode=kode,
        kode_bps=frame["kode_bps"].to_numpy(dtype=str),
        provinsi=provinsi,
        prov_idx=idx,
        penduduk=frame["penduduk"].to_numpy(float),
    )


# --- nomenclature catalogue --------------------------------------------------------------------
# Output indicator of a sub kegiatan line, by the start of its name: (pattern, text, satuan,
# quantity per 100 000 inhabitants, scaled by population?, median pagu in juta rupiah).
_KELUARAN: tuple[tuple[str, str, str, float, bool, float], ...] = (
    (r"^Pembangunan Ruang Kelas Baru",
     "Jumlah Ruang Kelas Baru yang Dibangun", "Unit", 5, True, 2400),
    (r"^Pembangunan Unit Sekolah Baru",
     "Jumlah Unit Sekolah Baru yang Dibangun", "Unit", 0.4, True, 6500),
    (r"^Pemeliharaan Rutin Jalan",
     "Panjang Jalan yang Dipelihara secara Rutin", "Km", 55, True, 4200),
    (r"^Pemeliharaan Berkala Jalan",
     "Panjang Jalan yang Dipelihara secara Berkala", "Km", 18, True, 5200),
    (r"^Pembangunan Jalan", "Panjang Jalan yang Dibangun", "Km", 6, True, 9500),
    (r"^Rehabilitasi Jalan", "Panjang Jalan yang Direhabilitasi", "Km", 9, True, 6500),
    (r"^Rekonstruksi Jalan", "Panjang Jalan yang Direkonstruksi", "Km", 5, True, 7000),
    (r"^Pelebaran Jalan", "Panjang Jalan yang Dilebarkan", "Km", 4, True, 6000),
    (r"^(Pembangunan|Penggantian|Rehabilitasi|Pemeliharaan Berkala) Jembatan",
     "Panjang Jembatan yang Ditangani", "M", 70, True, 4800),
    (r"^Rehabilitasi Jaringan Irigasi",
     "Panjang Jaringan Irigasi Permukaan yang Direhabilitasi", "Km", 3, True, 2600),
    (r"^Normalisasi", "Panjang Sungai yang Dinormalisasi/Direstorasi", "Km", 2, True, 2200),
    (r"^Pembangunan Bangunan Perkuatan Tebing",
     "Panjang Bangunan Perkuatan Tebing yang Dibangun", "M", 300, True, 3800),
    (r"Embung", "Jumlah Embung dan Penampung Air yang Dibangun/Dipelihara", "Unit", 1, True, 1500),
    (r"^Penyediaan Biaya Personil Peserta Didik Sekolah Dasar",
     "Jumlah Peserta Didik SD yang Mendapatkan Biaya Personil", "Orang", 14000, True, 9000),
    (r"^Penyediaan Biaya Personil Peserta Didik Sekolah Menengah Pertama",
     "Jumlah Peserta Didik SMP yang Mendapatkan Biaya Personil", "Orang", 6000, True, 7000),
    (r"^Penyediaan Biaya Personil Peserta Didik Sekolah Menengah Atas",
     "Jumlah Peserta Didik SMA yang Mendapatkan Biaya Personil", "Orang", 4500, True, 9000),
    (r"^Penyediaan Biaya Personil Peserta Didik Sekolah Menengah Kejuruan",
     "Jumlah Peserta Didik SMK yang Mendapatkan Biaya Personil", "Orang", 3500, True, 8000),
    (r"^Penyediaan Biaya Personil Peserta Didik (.+)$",
     "Jumlah Peserta Didik {0} yang Mendapatkan Biaya Personil", "Orang", 900, True, 1800),
    (r"^Pengelolaan Dana (BOS|BOP) (.+)$",
     "Jumlah Satuan Pendidikan {1} yang Mengelola Dana {0}", "Unit", 60, True, 1200),
    (r"^Penyediaan Pendidik dan Tenaga Kependidikan",
     "Jumlah Pendidik dan Tenaga Kependidikan yang Memenuhi Standar Kualifikasi",
     "Orang", 250, True, 3500),
    (r"^Pengembangan Karir Pendidik",
     "Jumlah Pendidik dan Tenaga Kependidikan yang Ditingkatkan Kompetensinya",
     "Orang", 120, True, 900),
    (r"^Pengadaan Mebel", "Jumlah Paket Mebel Sekolah yang Disediakan", "Paket", 8, True, 1300),
    (r"^Pengadaan Alat Praktik",
     "Jumlah Paket Alat Praktik dan Peraga Peserta Didik yang Disediakan", "Paket", 6, True, 1600),
    (r"^Penyelenggaraan Proses Belajar",
     "Jumlah Peserta Didik yang Mengikuti Proses Belajar", "Orang", 700, True, 1100),
    (r"^Pembinaan Minat, Bakat",
     "Jumlah Peserta Didik yang Mengikuti Pembinaan Minat, Bakat dan Kreativitas",
     "Orang", 450, True, 700),
    (r"^Pembinaan Kelembagaan",
     "Jumlah Satuan Pendidikan yang Dibina Kelembagaan dan Manajemennya", "Unit", 40, True, 500),
    (r"^Pengelolaan Pelayanan Kesehatan Ibu Hamil",
     "Jumlah Ibu Hamil yang Mendapatkan Pelayanan Kesehatan sesuai Standar",
     "Orang", 1900, True, 900),
    (r"^Pengelolaan Pelayanan Kesehatan Ibu Bersalin",
     "Jumlah Ibu Bersalin yang Mendapatkan Pelayanan Kesehatan sesuai Standar",
     "Orang", 1800, True, 850),
    (r"^Pengelolaan Pelayanan Kesehatan Bayi Baru Lahir",
     "Jumlah Bayi Baru Lahir yang Mendapatkan Pelayanan Kesehatan sesuai Standar",
     "Orang", 1750, True, 600),
    (r"^Pengelolaan Pelayanan Kesehatan Balita",
     "Jumlah Balita yang Mendapatkan Pelayanan Kesehatan sesuai Standar", "Orang", 8000, True, 700),
    (r"^Pengelolaan Pelayanan Kesehatan (pada )?Usia Pendidikan Dasar",
     "Jumlah Anak Usia Pendidikan Dasar yang Mendapatkan Pelayanan Kesehatan sesuai Standar",
     "Orang", 15000, True, 450),
    (r"^Pengelolaan Pelayanan Kesehatan (pada )?Usia Produktif",
     "Jumlah Penduduk Usia Produktif yang Mendapatkan Pelayanan Kesehatan sesuai Standar",
     "Orang", 52000, True, 550),
    (r"^Pengelolaan Pelayanan Kesehatan (pada )?Usia Lanjut",
     "Jumlah Penduduk Usia Lanjut yang Mendapatkan Pelayanan Kesehatan sesuai Standar",
     "Orang", 8000, True, 450),
    (r"^Pengelolaan Pelayanan Kesehatan Penderita Hipertensi",
     "Jumlah Penderita Hipertensi yang Mendapatkan Pelayanan Kesehatan sesuai Standar",
     "Orang", 6500, True, 400),
    (r"^Pengelolaan Pelayanan Kesehatan Penderita Diabetes",
     "Jumlah Penderita Diabetes Melitus yang Mendapatkan Pelayanan Kesehatan sesuai Standar",
     "Orang", 1500, True, 350),
    (r"^Pengelolaan Pelayanan Kesehatan Orang dengan Gangguan Jiwa",
     "Jumlah Orang dengan Gangguan Jiwa Berat yang Mendapatkan Pelayanan Kesehatan",
     "Orang", 150, True, 200),
    (r"^Pengelolaan Pelayanan Kesehatan Orang Terduga Tuberkulosis",
     "Jumlah Orang Terduga Tuberkulosis yang Mendapatkan Pelayanan Kesehatan sesuai Standar",
     "Orang", 550, True, 450),
    (r"^Pengelolaan Pelayanan Kesehatan Orang dengan Risiko Terinfeksi HIV",
     "Jumlah Orang Berisiko Terinfeksi HIV yang Mendapatkan Pelayanan Deteksi Dini",
     "Orang", 2100, True, 350),
    (r"Gizi Masyarakat",
     "Jumlah Balita Gizi Kurang dan Ibu Hamil KEK yang Mendapatkan Makanan Tambahan",
     "Orang", 650, True, 1400),
    (r"^Operasional Pelayanan Puskesmas",
     "Jumlah Puskesmas yang Menyelenggarakan Pelayanan Kesehatan", "Unit", 8, True, 4200),
    (r"^Operasional Pelayanan Rumah Sakit",
     "Jumlah Rumah Sakit yang Beroperasi sesuai Standar", "Unit", 1, False, 9500),
    (r"Imunisasi",
     "Jumlah Bayi yang Mendapatkan Imunisasi Dasar Lengkap", "Orang", 1700, True, 650),
    (r"^Pengembangan Puskesmas",
     "Jumlah Puskesmas yang Ditingkatkan Sarana, Prasarana dan Alat Kesehatannya",
     "Unit", 1.5, True, 4500),
    (r"^Pengembangan Rumah Sakit",
     "Jumlah Rumah Sakit yang Ditingkatkan Sarana, Prasarana dan Alat Kesehatannya",
     "Unit", 1, False, 9000),
    (r"^Pengadaan Alat Kesehatan",
     "Jumlah Alat Kesehatan/Alat Penunjang Medik yang Disediakan", "Unit", 25, True, 3800),
    (r"^Pengadaan Obat",
     "Jumlah Fasilitas Kesehatan yang Mendapatkan Obat, Vaksin dan BMHP", "Unit", 8, True, 3000),
    (r"Jaminan Kesehatan",
     "Jumlah Penduduk yang Dijamin Kepesertaan JKN oleh Pemerintah Daerah",
     "Orang", 9000, True, 7500),
    (r"^Penyediaan Permakanan|^Penyediaan Makanan",
     "Jumlah Orang yang Mendapatkan Permakanan", "Orang", 110, True, 600),
    (r"^Penyediaan Sandang", "Jumlah Orang yang Mendapatkan Sandang", "Orang", 90, True, 300),
    (r"^Penyediaan Alat Bantu",
     "Jumlah Penyandang Disabilitas yang Mendapatkan Alat Bantu", "Orang", 35, True, 400),
    (r"^Pemberian Bimbingan",
     "Jumlah Orang yang Mendapatkan Bimbingan Fisik, Mental, Spiritual dan Sosial",
     "Orang", 80, True, 350),
    (r"Bantuan Sosial Kesejahteraan Keluarga",
     "Jumlah Keluarga yang Mendapatkan Bantuan Sosial", "Keluarga", 300, True, 1500),
    (r"^Proses Pelaksanaan Pendidikan dan Pelatihan Keterampilan",
     "Jumlah Pencari Kerja yang Mengikuti Pelatihan Berbasis Kompetensi", "Orang", 80, True, 1400),
    (r"^Penyuluhan dan Bimbingan Jabatan",
     "Jumlah Pencari Kerja yang Mendapatkan Penyuluhan dan Bimbingan Jabatan",
     "Orang", 150, True, 250),
    (r"Jaminan Sosial Tenaga Kerja",
     "Jumlah Pekerja Rentan yang Didaftarkan dalam Jaminan Sosial Ketenagakerjaan",
     "Orang", 500, True, 900),
    (r"Pengelolaan Sampah|Penanganan Sampah",
     "Jumlah Sarana dan Prasarana Pengelolaan Sampah yang Disediakan", "Unit", 3, True, 2500),
    (r"KLHS", "Jumlah Dokumen KLHS RPJPD/RPJMD yang Disusun", "Dokumen", 1, False, 450),
    (r"Pencegahan Pencemaran",
     "Jumlah Laporan Hasil Pemantauan Kualitas Lingkungan Hidup", "Laporan", 4, False, 600),
    (r"^(Pengawasan|Pendampingan) Penggunaan Sarana",
     "Jumlah Kelompok Tani yang Didampingi dalam Penggunaan Sarana Pertanian",
     "Kelompok", 25, True, 600),
    (r"^Perbanyakan Benih",
     "Jumlah Benih Bersertifikat yang Diperbanyak", "Batang", 4000, True, 700),
    (r"SDG", "Jumlah Sumber Daya Genetik yang Dikelola", "Jenis", 5, False, 300),
    (r"Prasarana Pertanian|Pascapanen",
     "Jumlah Prasarana Pertanian yang Dibangun/Dipelihara", "Unit", 3, True, 1500),
    (r"Organisme Pengganggu Tumbuhan",
     "Luas Areal Terkendali dari Serangan OPT", "Ha", 300, True, 500),
    (r"Kelembagaan Petani",
     "Jumlah Kelembagaan Petani yang Ditingkatkan Kapasitasnya", "Kelompok", 30, True, 450),
    (r"^Diseminasi|Penyuluhan dan Pemberdayaan Petani",
     "Jumlah Petani yang Menerima Diseminasi Informasi dan Inovasi Pertanian",
     "Orang", 400, True, 600),
    (r"^Pelaksanaan Musrenbang", "Jumlah Berita Acara Musrenbang", "Berita Acara", 1, False, 300),
    (r"^Pelaksanaan Konsultasi Publik",
     "Jumlah Berita Acara Konsultasi Publik", "Berita Acara", 1, False, 200),
    (r"Forum Perangkat Daerah",
     "Jumlah Berita Acara Forum Perangkat Daerah/Lintas Perangkat Daerah",
     "Berita Acara", 1, False, 150),
    (r"Musrenbang Kecamatan",
     "Jumlah Usulan yang Terverifikasi oleh Kecamatan", "Usulan", 90, True, 120),
    (r"Penetapan Dokumen Perencanaan",
     "Jumlah Dokumen Perencanaan Pembangunan Daerah yang Ditetapkan (RPJPD/RPJMD/RKPD)",
     "Dokumen", 2, False, 1100),
    (r"Analisis Data",
     "Jumlah Dokumen Hasil Analisis Data untuk Penyusunan Kebijakan Perencanaan Pembangunan Daerah",
     "Dokumen", 1, False, 120),
    (r"Pengendalian Perencanaan",
     "Jumlah Laporan Hasil Pengendalian Perencanaan dan Pelaksanaan Pembangunan",
     "Laporan", 4, False, 120),
    (r"^Monitoring, Evaluasi",
     "Jumlah Laporan Hasil Evaluasi Kinerja Pembangunan Daerah", "Laporan", 1, False, 250),
    (r"Sinergitas dan Harmonisasi Perencanaan Pembangunan Daerah Bidang (.+)$",
     "Jumlah Laporan Hasil Sinkronisasi Renstra/Renja dengan RKPD/RPJMD pada Bidang {0}",
     "Laporan", 12, False, 300),
    (r"^Koordinasi Penyusunan Dokumen Perencanaan Pembangunan Daerah Bidang (\S+(?: \S+)?) \(",
     "Jumlah Dokumen Perencanaan Pembangunan Daerah Bidang {0} yang Dikoordinir Penyusunannya",
     "Dokumen", 3, False, 300),
    (r"^Penyusunan Dokumen Perencanaan Perangkat Daerah",
     "Jumlah Dokumen Perencanaan Perangkat Daerah", "Dokumen", 1, False, 110),
    (r"Laporan Capaian Kinerja",
     "Jumlah Laporan Capaian Kinerja dan Ikhtisar Realisasi Kinerja SKPD", "Laporan", 7, False, 50),
    (r"^Evaluasi Kinerja",
     "Jumlah Laporan Evaluasi Kinerja Perangkat Daerah", "Laporan", 4, False, 60),
    (r"^(Pembangunan|Pengembangan) (.+)$",
     "Jumlah {1} yang Dibangun/Dikembangkan", "Unit", 2, True, 2200),
    (r"^Rehabilitasi (Sedang/Berat |dan Pemeliharaan )?(.+)$",
     "Jumlah {1} yang Direhabilitasi", "Unit", 4, True, 1600),
)  # fmt: skip
_KELUARAN_LAIN = ("Jumlah Laporan Pelaksanaan {0}", "Laporan", 4, False, 350)


def _keluaran(nama: str) -> tuple[str, str, float, bool, float]:
    for pola, teks, satuan, jumlah, skala, pagu in _KELUARAN:
        m = re.search(pola, nama)
        if m:
            return teks.format(*m.groups()), satuan, jumlah, skala, pagu
    teks, satuan, jumlah, skala, pagu = _KELUARAN_LAIN
    return teks.format(nama), satuan, jumlah, skala, pagu


def _keluaran_master(nama: str, indikator: str, satuan: str) -> tuple[str, str, float, bool, float]:
    """The output indicator of a sub kegiatan: the master's wording and satuan where it has them.

    Quantity and pagu scale stay the sample's (by the name patterns of :data:`_KELUARAN`);
    codes without a master indikator (province codes of Tabel C) keep the pattern's wording.
    """
    teks, sat, jumlah, skala, pagu = _keluaran(nama)
    if indikator and satuan:
        return indikator, satuan, jumlah, skala, pagu
    return teks, sat, jumlah, skala, pagu


def _kode_urut(kode: pd.Series) -> pd.Series:
    """Sort key of nomenclature codes by their numeric segments."""
    parts = kode.str.split(".", expand=True).fillna("-1").astype(int)
    return parts.apply(tuple, axis=1)


@dataclass(frozen=True)
class _Katalog:
    """Sub kegiatan of one government level with everything a plan line needs."""

    level: int
    sub: np.ndarray
    keg: np.ndarray  # kegiatan index (into kode_keg)
    prog: np.ndarray  # programme index (into kode_prog)
    bidang: np.ndarray  # index into BIDANG
    teks: np.ndarray
    satuan: np.ndarray
    jumlah: np.ndarray
    skala: np.ndarray
    pagu_juta: np.ndarray
    kode_keg: np.ndarray
    kode_prog: np.ndarray
    uraian_keg: np.ndarray
    rank_sub: np.ndarray
    rank_keg: np.ndarray
    rank_prog: np.ndarray


# The sub kegiatan the sample plans (kegiatan: suffixes). Names, indikator and satuan come from
# the shipped nomenclature (workbench/reference, with the versi of each row); the penunjang
# codes (programme X.XX.01) through their generic form.
_SUB_SAMPEL = """
1.01.01.1.01: 0001 0006
1.01.01.2.01: 0001 0007
1.01.02.1.01: 0001 0003 0010 0014 0019 0024 0026 0028 0041 0045 0049 0052 0053 0072
1.01.02.1.02: 0004 0005 0010 0033 0037 0045 0069
1.01.02.1.03: 0008 0044 0052 0070
1.01.02.2.01: 0003 0004 0005 0006 0009 0011 0014 0021 0022 0025 0026 0027 0028 0029
1.01.02.2.01: 0031 0047 0048 0050 0051
1.01.02.2.02: 0004 0005 0006 0012 0014 0018 0024 0025 0032 0039 0042 0058 0059
1.01.02.2.03: 0002 0003 0007 0011 0013 0015 0018
1.01.02.2.04: 0010 0014 0017 0046
1.01.03.2.01: 0003
1.01.04.1.01: 0001 0002
1.01.04.2.01: 0001 0002
1.02.01.1.10: 0001
1.02.02.1.01: 0004 0006 0008 0010 0020 0026 0027
1.02.02.1.02: 0001 0002 0003 0004 0005 0006 0008 0009 0016 0017 0018 0022 0023 0024
1.02.02.1.02: 0030
1.02.02.1.03: 0002
1.02.02.1.04: 0002 0003
1.02.02.2.01: 0006 0007 0008 0014 0020 0022 0023 0024 0026
1.02.02.2.02: 0001 0002 0003 0004 0005 0006 0007 0008 0009 0010 0011 0012 0013 0014
1.02.02.2.02: 0015 0016 0017 0018 0020 0025 0026 0033 0043 0048
1.02.03.1.01: 0002
1.02.03.1.02: 0001
1.02.03.2.03: 0001
1.02.05.1.01: 0001
1.02.05.1.02: 0001
1.02.05.2.01: 0001
1.02.05.2.02: 0001
1.03.02.1.01: 0009 0079 0101 0116 0117 0120
1.03.02.1.02: 0003 0014 0022 0037
1.03.02.2.01: 0089 0093 0109
1.03.02.2.02: 0014
1.03.03.1.01: 0015 0021
1.03.10.1.01: 0024 0025 0027 0030 0031 0032 0033 0035 0036 0038 0040 0041 0042 0044
1.03.10.2.01: 0044 0046 0053
1.04.02.2.03: 0001 0004
1.04.02.2.04: 0005 0006
1.04.03.1.01: 0014 0017
1.04.03.1.02: 0003
1.04.05.1.01: 0001
1.06.02.1.02: 0001 0003
1.06.04.1.01: 0001 0002 0004 0006
1.06.04.1.02: 0001 0009
1.06.04.1.03: 0006
1.06.04.2.01: 0001 0002 0003 0005
1.06.05.1.02: 0001 0002 0003
1.06.05.2.02: 0003
1.06.06.1.01: 0001 0004 0005
1.06.06.2.01: 0001 0004 0005
2.07.02.1.01: 0001
2.07.03.1.01: 0001
2.07.03.2.01: 0001
2.07.04.1.01: 0003 0004
2.07.04.2.01: 0003
2.07.05.2.02: 0005
2.07.06.1.01: 0001 0003
2.11.02.1.02: 0002
2.11.02.2.02: 0002
2.11.03.1.01: 0001 0002
2.11.03.2.01: 0001
2.11.11.1.01: 0005
2.11.11.2.01: 0016
3.27.02.1.01: 0001 0002
3.27.02.2.01: 0001 0002 0008
3.27.02.2.02: 0002 0004
3.27.03.1.01: 0001 0009
3.27.03.2.01: 0003 0007 0010
3.27.03.2.02: 0002 0009
3.27.05.1.01: 0001 0003
3.27.05.2.01: 0001
3.27.07.1.02: 0001 0002
3.27.07.2.01: 0002 0009
5.01.01.1.01: 0001 0007
5.01.01.2.01: 0001 0006
5.01.02.1.01: 0003 0005 0006
5.01.02.1.02: 0001 0003 0004
5.01.02.1.03: 0001 0003 0004
5.01.02.1.04: 0001
5.01.02.2.01: 0003 0004 0005 0006 0007
5.01.02.2.02: 0001
5.01.02.2.03: 0001 0003
5.01.03.1.01: 0001 0004 0005 0008
5.01.03.1.02: 0001 0004 0008
5.01.03.1.03: 0001 0004 0008
5.01.03.2.01: 0001 0004 0005 0008
5.01.03.2.02: 0001 0004 0005 0008
5.01.03.2.03: 0001 0004 0005 0008
"""


def kode_sampel() -> list[str]:
    """Every sub kegiatan code the sample plans (both levels), in code order."""
    out = []
    for line in _SUB_SAMPEL.strip().splitlines():
        keg, sufs = line.split(":")
        out += [f"{keg.strip()}.{x}" for x in sufs.split()]
    return out


@lru_cache(maxsize=1)
def _nomenklatur_urut() -> tuple[pd.DataFrame, pd.Series]:
    """The sample's nomenclature (its sub kegiatan and their parents) in code order, with ranks.

    Rows are taken from :func:`workbench.reference.cari_nomenklatur` (concrete codes, the
    penunjang programme through ``X.XX.01``), so names, indikator and satuan are the
    reference's.
    """
    sub = kode_sampel()
    keg = sorted({k.rsplit(".", 1)[0] for k in sub})
    prog = sorted({".".join(k.split(".")[:3]) for k in sub})
    bid = sorted({k[:4] for k in sub})
    kode = pd.Series([*bid, *prog, *keg, *sub])
    ref = cari_nomenklatur(kode)
    hilang = kode[ref["uraian"].isna()].tolist()
    assert not hilang, f"sample codes missing from the reference: {hilang}"
    n = pd.DataFrame({
        "kode": kode, "tingkat": [parse_tingkat(k) for k in kode],
        "uraian": ref["uraian"].to_numpy(object), "kode_bidang": kode.str[:4],
        "level_pemerintahan": [k.split(".")[3] if k.count(".") >= 4 else "" for k in kode],
        "indikator": ref["indikator"].fillna("").to_numpy(object),
        "satuan": ref["satuan"].fillna("").to_numpy(object),
    })  # fmt: skip
    n = n.assign(_urut=_kode_urut(n["kode"])).sort_values("_urut").reset_index(drop=True)
    return n, pd.Series(np.arange(len(n)), index=n["kode"])


def parse_tingkat(kode: str) -> str:
    """``urusan`` … ``sub_kegiatan`` from the number of segments of a code."""
    return {1: "urusan", 2: "bidang", 3: "program", 5: "kegiatan", 6: "sub_kegiatan"}[
        kode.count(".") + 1]


@lru_cache(maxsize=2)
def _katalog(level: int) -> _Katalog:
    n, rank = _nomenklatur_urut()
    sub = n[(n["tingkat"] == "sub_kegiatan") & (n["level_pemerintahan"] == str(level))]
    sub = sub[sub["kode_bidang"].isin(BIDANG)]
    kode = sub["kode"].to_numpy(dtype=str)
    kode_keg = np.array([k.rsplit(".", 1)[0] for k in kode])
    kode_prog = np.array([".".join(k.split(".")[:3]) for k in kode])
    uk, keg = np.unique(kode_keg, return_inverse=True)
    up, prog = np.unique(kode_prog, return_inverse=True)
    kel = [_keluaran_master(u, i, st) for u, i, st in zip(sub["uraian"], sub["indikator"],
                                                           sub["satuan"], strict=True)]
    nama_keg = n.set_index("kode")["uraian"]
    return _Katalog(
        level=level,
        sub=kode,
        keg=keg,
        prog=prog,
        bidang=np.array([BIDANG.index(b) for b in sub["kode_bidang"]]),
        teks=np.array([k[0] for k in kel], dtype=object),
        satuan=np.array([k[1] for k in kel], dtype=object),
        jumlah=np.array([k[2] for k in kel], dtype=float),
        skala=np.array([k[3] for k in kel], dtype=bool),
        pagu_juta=np.array([k[4] for k in kel], dtype=float),
        kode_keg=uk,
        kode_prog=up,
        uraian_keg=nama_keg.reindex(uk).to_numpy(dtype=object),
        rank_sub=rank.reindex(kode).to_numpy(np.int64),
        rank_keg=rank.reindex(uk).to_numpy(np.int64),
        rank_prog=rank.reindex(up).to_numpy(np.int64),
    )


# --- indicator values: realisations and targets ---------------------------------------------
@dataclass
class _Nilai:
    """Realisation rows and the target of every government × indicator × RPJMD year."""

    real_g: list[np.ndarray] = field(default_factory=list)
    real_k: list[np.ndarray] = field(default_factory=list)
    real_y: list[np.ndarray] = field(default_factory=list)
    real_v: list[np.ndarray] = field(default_factory=list)
    real_s: list[np.ndarray] = field(default_factory=list)
    target_num: dict[str, np.ndarray] = field(default_factory=dict)  # (G, 5) commitment bound
    target_txt: dict[str, np.ndarray] = field(default_factory=dict)  # (G, 5) text
    lingkup: dict[str, np.ndarray] = field(default_factory=dict)  # (G,) bool

    def tambah_realisasi(self, g, k, y, v, s) -> None:
        g = np.asarray(g)
        self.real_g.append(g)
        self.real_k.append(np.full(len(g), k, dtype=object))
        self.real_y.append(np.full(len(g), y, dtype=np.int64))
        self.real_v.append(np.asarray(v, dtype=float))
        self.real_s.append(np.broadcast_to(np.asarray(s, dtype=object), len(g)).copy())


def _rata_per_prov(w: _Wilayah, x: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Population-weighted mean of ``x`` over the kab/kota of each province (per government row)."""
    kab = mask & ~w.provinsi
    num = np.bincount(w.prov_idx[kab], weights=(w.penduduk * x)[kab], minlength=len(w.kode))
    den = np.bincount(w.prov_idx[kab], weights=w.penduduk[kab], minlength=len(w.kode))
    with np.errstate(invalid="ignore", divide="ignore"):
        return num / den


def _jumlah_per_prov(w: _Wilayah, x: np.ndarray) -> np.ndarray:
    kab = ~w.provinsi
    return np.bincount(w.prov_idx[kab], weights=x[kab], minlength=len(w.kode))


def _geser_ke(
    w: _Wilayah,
    x: np.ndarray,
    tujuan: np.ndarray,
    tetap: np.ndarray,
    lo: float | np.ndarray = -np.inf,
    hi: float | np.ndarray = np.inf,
) -> np.ndarray:
    """Shift the free kab/kota values of each province so the weighted mean equals ``tujuan``.

    ``tujuan`` is indexed by government row (the province rows hold the goal); ``tetap`` marks
    values that must not move (real figures). Values pushed past ``lo``/``hi`` are clipped and
    held, and the rest shifted again, so the mean is met inside the plausible range.
    """
    kab = ~w.provinsi
    tot_p = np.bincount(w.prov_idx[kab], weights=w.penduduk[kab], minlength=len(w.kode))
    tetap = tetap.copy()
    for _ in range(8):
        bebas = kab & ~tetap
        tot_px = np.bincount(w.prov_idx[kab], weights=(w.penduduk * x)[kab], minlength=len(w.kode))
        bebas_p = np.bincount(w.prov_idx[bebas], weights=w.penduduk[bebas], minlength=len(w.kode))
        with np.errstate(invalid="ignore", divide="ignore"):
            c = (tujuan * tot_p - tot_px) / bebas_p
        x = np.where(bebas, x + np.nan_to_num(c)[w.prov_idx], x)
        lewat = bebas & ((x < lo) | (x > hi))
        if not lewat.any():
            break
        x = np.clip(x, lo, hi)
        tetap |= lewat
    return x


def _nilai_nyata(w: _Wilayah, k: str, tahun: int) -> tuple[np.ndarray, np.ndarray]:
    """Real value of ``k`` in ``tahun`` per government (NaN where none) and its source."""
    v = np.full(len(w.kode), np.nan)
    s = np.full(len(w.kode), SINTETIS, dtype=object)
    pos = {c: i for i, c in enumerate(w.kode)}
    for (kode, kk, yy), (val, src) in _REALISASI_NYATA.items():
        if kk == k and yy == tahun and kode in pos:
            v[pos[kode]] = val
            s[pos[kode]] = src
    return v, s


def _teks_target(x: np.ndarray, desimal: int) -> np.ndarray:
    return _angka(x, desimal).astype(object)


def _realisasi_2024(w: _Wilayah, k: str, s: _Spek, agr: str, rng: np.random.Generator):
    """2024 (baseline) value of ``k`` per government, the real ones where DOMAIN.md §6 has them.

    ``jumlah``: district value = per-100 000 rate × population × log-normal spread; province =
    district sum. Otherwise: province value (real, else ``dasar`` with a small province effect),
    districts scattered around it and, for ``rata_tertimbang_penduduk``, shifted (real values
    held) so their population-weighted mean is the province value.
    """
    G = len(w.kode)
    lo, hi = s.batas
    nyata, sumber = _nilai_nyata(w, k, 2024)
    if agr == "jumlah":
        kab = np.round(s.dasar * w.penduduk / 1e5 * np.exp(rng.normal(0, s.sebaran, G)), s.desimal)
        r = np.where(w.provinsi, _jumlah_per_prov(w, np.where(w.provinsi, 0, kab)), kab)
        return np.round(r, s.desimal), nyata, sumber
    efek = rng.normal(0, max(s.sebaran, 0.02 * s.dasar) * 0.5, G)
    prov = np.where(np.isnan(nyata), s.dasar + np.where(w.kode == "62", 0.0, efek), nyata)
    r = np.where(np.isnan(nyata), prov[w.prov_idx] + rng.normal(0, s.sebaran, G), nyata)
    hi_g = np.full(G, float(hi))
    if k == "IKU.IPM":  # every unit is "tinggi" (< 80) except the city (DOMAIN.md §6)
        hi_g = np.where(np.isnan(nyata) & ~w.provinsi, 79.0, hi_g)
    if k == "IKU.KEMISKINAN":  # the three real district figures stay the highest (DOMAIN.md §6)
        hi_g = np.where(np.isnan(nyata) & ~w.provinsi, 6.4, hi_g)
    r = np.clip(r, lo, hi_g)
    if agr == "rata_tertimbang_penduduk":
        tujuan = np.where(w.provinsi, prov, np.nan)
        r = _geser_ke(w, r, tujuan, ~np.isnan(nyata), lo, hi_g)
    return np.round(np.where(w.provinsi, prov, r), s.desimal), nyata, sumber


def _realisasi_2025_makro(w, k, s, d, agr, r24, lingkup, rng) -> np.ndarray:
    """2025 value of a slowly moving statistic: 2024 + d·laju·v, v ~ U(−0.6, 1.6)."""
    G = len(w.kode)
    v = rng.uniform(-0.6, 1.6, G)
    r = np.clip(r24 + d * s.laju * v, *s.batas)
    if k == "IKU.IPM":
        r = np.where(~w.provinsi & (w.kode != "62.71"), np.minimum(r, 79.4), r)
    nyata, _ = _nilai_nyata(w, k, 2025)
    if agr == "rata_tertimbang_penduduk" and not np.isnan(nyata[w.provinsi]).all():
        # a real province figure: the districts' weighted mean meets it (real districts held)
        tujuan = np.where(w.provinsi, nyata, np.nan)
        r = _geser_ke(w, r, tujuan, ~np.isnan(nyata) & ~w.provinsi, *s.batas)
    r = np.round(r, s.desimal)
    if agr == "rata_tertimbang_penduduk":
        prov = np.round(_rata_per_prov(w, r, lingkup), s.desimal)[w.prov_idx]
        r = np.where(w.provinsi, prov, r)
    return np.where(np.isnan(nyata), r, nyata)


def _target(w: _Wilayah, k: str, s: _Spek, d: float, agr: str, r24: np.ndarray, rng) -> np.ndarray:
    """Targets 2025–2029, shape (G, 5): the minimum-commitment bound as written in every document.

    District targets improve on the 2024 value by ``laju`` a year (× a district factor in
    0.7–1.3). Province targets: the real RKPD 2025 target where there is one, else the 2024
    value plus ``laju`` a year; ``jumlah`` provinces take the district sum less one unit of the
    last written decimal (so the districts exceed it). ``rata_tertimbang_penduduk`` districts
    are shifted to aim 0.004 beyond the province target and rounded toward the ambitious side,
    so their weighted mean never falls short (exact decimal text, float-safe comparison).
    """
    G = len(w.kode)
    lo, hi = s.batas
    u = rng.uniform(0.7, 1.3, G)[:, None]
    lang = (np.array(TAHUN_RPJMD) - 2024)[None, :]
    if agr == "jumlah":
        x = _bulat_ambisius(r24[:, None] * (1 + d * s.laju * u) ** lang, d, s.desimal)
        sumx = np.stack(
            [_jumlah_per_prov(w, np.where(w.provinsi, 0, x[:, j])) for j in range(5)], 1
        )
        prov_t = _bulat_longgar(sumx - d * 10.0**-s.desimal, d, s.desimal)
        return np.where(w.provinsi[:, None], prov_t, x)
    x = np.clip(r24[:, None] + d * s.laju * lang * u, lo, hi)
    prov_t = np.round(np.clip(r24[:, None] + d * s.laju * lang, lo, hi), s.desimal)
    if k in _TARGET_RKPD_2025:
        t25 = _komitmen_teks(_TARGET_RKPD_2025[k], d)
        nyata = np.round(np.clip(t25 + d * s.laju * (lang - 1), lo, hi), s.desimal)
        prov_t = np.where((w.kode == "62")[:, None], nyata, prov_t)
    if agr == "rata_tertimbang_penduduk":
        for j in range(5):
            tujuan = np.where(w.provinsi, prov_t[:, j] + d * 0.004, np.nan)
            x[:, j] = _geser_ke(w, x[:, j], tujuan, np.zeros(G, bool), lo, hi)
        x = np.clip(x, lo, hi)
    x = _bulat_ambisius(x, d, s.desimal)
    return np.where(w.provinsi[:, None], prov_t, x)


def _bangun_nilai(w: _Wilayah, ind: pd.DataFrame, rng: np.random.Generator) -> _Nilai:
    """Realisations (2024, 2025 and the real earlier ones) and targets of every indicator."""
    nilai = _Nilai()
    G = len(w.kode)
    for i, row in enumerate(ind.itertuples(index=False)):
        k, s, agr = row.kode_indikator, _SPEK[row.kode_indikator], row.agregasi
        d = 1.0 if row.arah == "naik" else -1.0
        lingkup = w.provinsi.copy() if s.provinsi_saja else np.ones(G, dtype=bool)
        nilai.lingkup[k] = lingkup
        r24, nyata24, sumber24 = _realisasi_2024(w, k, s, agr, rng)
        x = np.where(lingkup[:, None], _target(w, k, s, d, agr, r24, rng), np.nan)
        nilai.target_num[k] = x
        txt = np.stack([_teks_target(np.nan_to_num(x[:, j]), s.desimal) for j in range(5)], 1)
        if k in _TARGET_RKPD_2025:
            txt[w.kode == "62", 0] = _TARGET_RKPD_2025[k]
        nilai.target_txt[k] = txt
        if k in _MAKRO:
            r25 = _realisasi_2025_makro(w, k, s, d, agr, r24, lingkup, rng)
        else:  # programme outcomes: most land near their 2025 target, some well short
            r25 = _realisasi_kinerja(w, x[:, 0], d, s, agr, lingkup, rng)
            r24 = _dasar_sejalan(w, s, d, agr, r24, r25, nyata24, lingkup, _anak(rng, 1000 + i))
        sumber25 = _nilai_nyata(w, k, 2025)[1]
        g = np.flatnonzero(lingkup)
        nilai.tambah_realisasi(g, k, 2024, r24[g], sumber24[g])
        nilai.tambah_realisasi(g, k, 2025, r25[g], sumber25[g])
        for yy in sorted({y for (_, kk, y) in _REALISASI_NYATA if kk == k and y < 2024}):
            v_h, s_h = _nilai_nyata(w, k, yy)
            g = np.flatnonzero(~np.isnan(v_h))
            nilai.tambah_realisasi(g, k, yy, v_h[g], s_h[g])
    return nilai


# Indicators whose 2025 realisation moves slowly from 2024 (statistics); the others are
# programme outcomes whose realisation is drawn around the 2025 target.
_MAKRO = frozenset({"IKU.IPM", "IKU.KEMISKINAN", "IKU.TPT", "IKU.PE", "IKU.GINI",
                    "IKU.STUNTING", "1.01.APM_SD", "1.01.APM_SMP", "1.01.RLS", "1.01.APK_SMA",
                    "3.27.NTP"})  # fmt: skip


def _realisasi_kinerja(
    w: _Wilayah,
    t25: np.ndarray,
    d: float,
    s: _Spek,
    agr: str,
    lingkup: np.ndarray,
    rng: np.random.Generator,
) -> np.ndarray:
    """2025 realisation of a programme outcome: target × (1 − d·e).

    ``e`` is a mixture: "on target" (65 %, N(0, 2 %)), "short" (25 %, 4–15 %) and "well
    short" (10 %, 15–40 %); ``jumlah`` provinces take the district sum and
    ``rata_tertimbang_penduduk`` provinces the population-weighted mean.
    """
    G = len(w.kode)
    pilih = rng.random(G)
    kurang = np.where(pilih < 0.90, rng.uniform(0.04, 0.15, G), rng.uniform(0.15, 0.40, G))
    e = np.where(pilih < 0.65, rng.normal(0, 0.02, G), kurang)
    r = np.clip(t25 * (1 - d * e), *s.batas)
    r = np.round(r, s.desimal)
    if agr == "jumlah":
        return np.where(w.provinsi, _jumlah_per_prov(w, np.where(w.provinsi, 0, r)), r)
    if agr == "rata_tertimbang_penduduk":
        prov = np.round(_rata_per_prov(w, r, lingkup), s.desimal)[w.prov_idx]
        return np.where(w.provinsi, prov, r)
    return r


def _dasar_sejalan(
    w: _Wilayah,
    s: _Spek,
    d: float,
    agr: str,
    r24: np.ndarray,
    r25: np.ndarray,
    nyata24: np.ndarray,
    lingkup: np.ndarray,
    rng: np.random.Generator,
) -> np.ndarray:
    """2024 values of a programme outcome that a 2025 value well short of target can follow.

    A district whose 2025 realisation falls well short of its target was already low in 2024
    (its target was ambitious); a condition indicator does not lose 20 points in a year. Where
    the synthetic 2024 → 2025 change exceeds both three yearly steps (``laju``; for
    ``jumlah``, ``laju`` × the 2024 value) and 8 % of the 2024 value, the kab/kota 2024 value
    is redrawn as the 2025 value less −0.5 to 1.2 yearly steps (mostly some progress,
    sometimes a small decline). Targets are unchanged, so capaian is unchanged. Real values
    are kept; the province value of ``rata_tertimbang_penduduk`` / ``jumlah`` indicators is
    recomputed from its districts, so it stays their weighted mean (or sum).
    """
    langkah = s.laju * (np.abs(r24) if agr == "jumlah" else 1.0)
    loncat = np.abs(r25 - r24) > np.maximum(3 * langkah, 0.08 * np.abs(r24))
    ubah = loncat & ~w.provinsi & lingkup & np.isnan(nyata24) & np.isfinite(r25)
    if not ubah.any():
        return r24
    baru = r25 - d * langkah * rng.uniform(-0.5, 1.2, len(r24))
    baru = np.round(np.clip(baru, *s.batas), s.desimal)
    out = np.where(ubah, baru, r24)
    if agr == "rata_tertimbang_penduduk":
        prov = np.round(_rata_per_prov(w, out, lingkup), s.desimal)[w.prov_idx]
        out = np.where(w.provinsi & np.isnan(nyata24), prov, out)
    elif agr == "jumlah":
        tot = np.round(_jumlah_per_prov(w, np.where(w.provinsi, 0, out)), s.desimal)[w.prov_idx]
        out = np.where(w.provinsi & np.isnan(nyata24), tot, out)
    return out


def _komitmen_teks(teks: str, d: float) -> float:
    """Minimum-commitment bound of a target text written by this module."""
    bagian = teks.replace("≥", "").replace("%", "").strip().split(RANGE_DASH)
    angka = [float(b.strip().replace(".", "").replace(",", ".")) for b in bagian]
    return min(angka) if d > 0 else max(angka)


def _variasi_teks(
    w: _Wilayah, nilai: _Nilai, ind: pd.DataFrame, jangan: set[tuple[str, str]]
) -> None:
    """Write some district targets the way documents do: ranges, ``≥ x``, ``x%``.

    The minimum-commitment bound of each text equals the generated target, so the arithmetic
    is unchanged. ``jangan`` lists (kode_wilayah, kode_indikator) left as plain numbers
    (the seeded lines, whose text the imperfection list quotes).
    """
    idx = np.arange(len(w.kode))
    kab = ~w.provinsi
    aturan = (
        ("IKU.KEMISKINAN", idx % 5 == 1, "rentang", 0.40),
        ("1.02.PERSALINAN_FASKES", idx % 6 == 2, "paling_sedikit", 0.0),
        ("1.04.RLH", idx % 7 == 3, "persen", 0.0),
    )
    for k, pilih, jenis, lebar in aturan:
        des = _SPEK[k].desimal
        x = nilai.target_num[k]
        pilih = pilih & kab & nilai.lingkup[k]
        pilih &= np.array([(c, k) not in jangan for c in w.kode])
        for j in range(5):
            t = _angka(np.nan_to_num(x[pilih, j]), des)
            if jenis == "rentang":
                t = np.char.add(
                    np.char.add(_angka(np.nan_to_num(x[pilih, j]) - lebar, des), RANGE_DASH), t
                )
            elif jenis == "paling_sedikit":
                t = np.char.add("≥ ", t)
            else:
                t = np.char.add(t, "%")
            nilai.target_txt[k][pilih, j] = t.astype(object)


def _seed_menjumlah(w: _Wilayah, nilai: _Nilai) -> tuple[TargetTidakMenjumlah, ...]:
    kode, k, tambah = _SEED_MENJUMLAH
    g = int(np.flatnonzero(w.kode == kode)[0])
    s = _SPEK[k]
    x = nilai.target_num[k]
    seharusnya = x[g].copy()
    x[g] = np.round(x[g] + tambah, s.desimal)
    nilai.target_txt[k][g] = _teks_target(x[g], s.desimal)
    p = w.prov_idx[g]
    kab = (w.prov_idx == p) & ~w.provinsi & nilai.lingkup[k]
    out = []
    for j, th in enumerate(TAHUN_RPJMD):
        implisit = float(np.sum(w.penduduk[kab] * x[kab, j]) / np.sum(w.penduduk[kab]))
        t_prov = float(x[p, j])
        out.append(
            TargetTidakMenjumlah(
                kode_wilayah=kode, kode_indikator=k, tahun=th,
                target_kabkota=float(x[g, j]), target_seharusnya=float(seharusnya[j]),
                target_provinsi=t_prov, target_implisit=implisit,
                selisih_provinsi=implisit - t_prov,  # turun: above the province target falls short
            )
        )  # fmt: skip
    return tuple(out)


# --- plan lines -------------------------------------------------------------------------------
_GENERIK_PROGRAM = ("Persentase capaian sasaran program", "%", "100")
_GENERIK_KEGIATAN = ("Persentase capaian keluaran kegiatan", "%", "100")
_ORDER_DOKUMEN = {d: i for i, d in enumerate(DOKUMEN)}


@dataclass
class _Baris:
    """Columns of plan lines under construction (parallel arrays)."""

    cols: dict[str, list[np.ndarray]] = field(default_factory=dict)

    def tambah(self, **kolom: np.ndarray) -> None:
        n = max(len(v) for v in kolom.values() if isinstance(v, np.ndarray))
        for name, v in kolom.items():
            arr = v if isinstance(v, np.ndarray) else np.full(n, v, dtype=object)
            self.cols.setdefault(name, []).append(arr)

    def gabung(self) -> dict[str, np.ndarray]:
        return {k: np.concatenate(v) for k, v in self.cols.items()}


def _pd_nama(w: _Wilayah) -> np.ndarray:
    """Perangkat daerah name per government × bidang (G, len(BIDANG))."""
    out = np.empty((len(w.kode), len(BIDANG)), dtype=object)
    varian = np.array([sum(ord(c) for c in k) % 2 for k in w.kode])
    for j, b in enumerate(BIDANG):
        kab = np.array(_PD_KABKOTA[b], dtype=object)[varian]
        out[:, j] = np.where(w.provinsi, _PD_PROVINSI[b], kab)
    return out


def _sepakat_kabkota(w: _Wilayah, kat: _Katalog) -> np.ndarray:
    """(G, S) bool: sub kegiatan agreed for each kab/kota in any agreement year."""
    pos = {s: i for i, s in enumerate(kat.sub)}
    m = np.zeros((len(w.kode), len(kat.sub)), dtype=bool)
    for g in np.flatnonzero(~w.provinsi):
        for tahun in TAHUN_KESEPAKATAN:
            for subs in _disepakati(str(w.kode[g]), tahun).values():
                m[g, [pos[s] for s in subs]] = True
    return m


def _anak(rng: np.random.Generator, tag: int) -> np.random.Generator:
    """A generator of its own for one concern, fixed by the package seed and ``tag``.

    Independent of the main stream and of every other tag, so a concern added later changes
    neither the rest of the package nor the other concerns' draws.
    """
    ss = rng.bit_generator.seed_seq
    return np.random.default_rng(np.random.SeedSequence(ss.entropy, spawn_key=(tag,)))


def _kunci(*arrs: np.ndarray, radix: Iterable[int]) -> np.ndarray:
    key = np.zeros(len(arrs[0]), dtype=np.int64)
    for a, r in zip(arrs, radix, strict=True):
        key = key * r + np.asarray(a, dtype=np.int64)
    return key


@dataclass(frozen=True)
class _Rencana:
    frame: pd.DataFrame
    tanpa_rencana: tuple[TanpaRencana, ...]
    renja_tanpa_renstra: tuple[RenjaTanpaRenstra, ...]
    rkpd_sub: set[tuple[str, str, int]]  # (kode_wilayah, sub, tahun) in the RKPD, for checks


@dataclass(frozen=True)
class _Konteks:
    """What every plan-line builder needs, computed once."""

    w: _Wilayah
    nilai: _Nilai
    pd_nama: np.ndarray  # (G, len(BIDANG)) perangkat daerah names
    prog_all: np.ndarray  # every programme code of the nomenclature, in code order
    prog_rank: np.ndarray  # rank of each of them in the whole nomenclature
    home: dict[str, int]  # indicator -> its programme (index into prog_all)
    homes: np.ndarray  # (G, P): programme is the home of an indicator the government reports


def _konteks(w: _Wilayah, nilai: _Nilai, ind: pd.DataFrame) -> _Konteks:
    n, rank = _nomenklatur_urut()
    prog_all = n.loc[n["tingkat"] == "program", "kode"].to_numpy(dtype=str)
    pos = {c: i for i, c in enumerate(prog_all)}
    home = {k: pos[_SPEK[k].program] for k in ind["kode_indikator"]}
    homes = np.zeros((len(w.kode), len(prog_all)), dtype=bool)
    for k, p in home.items():
        homes[nilai.lingkup[k], p] = True
    return _Konteks(w, nilai, _pd_nama(w), prog_all, rank.reindex(prog_all).to_numpy(np.int64),
                    home, homes)  # fmt: skip


def _disepakati(kode_wilayah: str, tahun: int) -> dict[str, list[str]]:
    """Province outcome -> the sub kegiatan agreed for one kab/kota in one agreement year."""
    out = {k: list(subs) for k, subs in _SEPAKAT_SEMUA.items()}
    if tahun == 2027:
        for k, subs in _SEPAKAT_2027.items():
            out[k] += subs
    for k, sub, kodes in _SEPAKAT_KHUSUS:
        if kode_wilayah in kodes:
            out.setdefault(k, []).append(sub)
    return out


def _pelaksanaan_parsial(w: _Wilayah, rng: np.random.Generator) -> list[TanpaRencana]:
    """(a) continued: the agreements a Kalteng kab/kota leaves out of a plan year.

    A real year is not all or nothing: each kab/kota follows the Rakortekrenbang agreements to
    its own degree. Each kab/kota draws a rate of leaving an agreed sub kegiatan out
    (Beta(1.2, 5), mean about 19 %), and each agreed sub kegiatan of each agreement year is
    left out with that probability, except that every province outcome keeps at least one of
    its agreed sub kegiatan (outcomes left with no support at all are only the named seeds
    of ``_SEED_TANPA_RENCANA``). The draws come from their own generator (:func:`_anak`), so
    they do not shift the random stream of the rest of the generation.
    """
    named = set(_SEED_TANPA_RENCANA)
    out: list[TanpaRencana] = []
    for kode in w.kode[~w.provinsi].tolist():
        if not kode.startswith("62."):
            continue
        laju = float(rng.beta(1.2, 5.0))
        for tahun in TAHUN_KESEPAKATAN:
            for _, subs in sorted(_disepakati(kode, tahun).items()):
                sisa = [s for s in subs if TanpaRencana(kode, s, tahun) not in named]
                buang = [s for s in sisa if rng.random() < laju]
                if buang and len(buang) == len(sisa):  # keep one: the outcome stays supported
                    buang.pop(int(rng.integers(len(buang))))
                out += [TanpaRencana(kode, s, tahun) for s in dict.fromkeys(buang)]
    return out


def _portofolio(ctx: _Konteks, kat: _Katalog, gl: np.ndarray, masuk: np.ndarray, rng):
    """Sub kegiatan lines (government, sub, year) of the Renstra, less the seeded gaps (a)."""
    gg, ss = np.nonzero(masuk)
    gg = gl[gg]
    ny = len(TAHUN_RPJMD)
    g_l, s_l = np.repeat(gg, ny), np.repeat(ss, ny)
    y_l = np.tile(np.array(TAHUN_RPJMD), len(gg))
    buang = np.zeros(len(g_l), dtype=bool)
    tanpa: list[TanpaRencana] = []
    if kat.level == 2:
        gpos = {c: i for i, c in enumerate(ctx.w.kode)}
        spos = {s: i for i, s in enumerate(kat.sub)}
        parsial = _pelaksanaan_parsial(ctx.w, _anak(rng, 0))
        for t in (*_SEED_TANPA_RENCANA, *parsial):
            if t.kode_wilayah in gpos:
                hit = (g_l == gpos[t.kode_wilayah]) & (s_l == spos[t.kode_sub_kegiatan])
                hit &= y_l == t.tahun
                assert hit.sum() == 1, t  # agreed lines are always in the portfolio
                buang |= hit
                tanpa.append(t)
    return g_l[~buang], s_l[~buang], y_l[~buang], tanpa


def _tambahan_renja(ctx, kat, gl, masuk, g_l, s_l, y_l, rng) -> list[tuple[int, int, int]]:
    """(b): for some Kalteng kab/kota, one Renja/RKPD sub kegiatan the Renstra lacks.

    The sub kegiatan is outside the district's portfolio, agreed nowhere, and its kegiatan is
    run by the district that year, so the only inconsistency is the sub kegiatan line itself.
    """
    if kat.level != 2:
        return []
    w = ctx.w
    sepakat = _sepakat_kabkota(w, kat)
    rk = y_l <= max(TAHUN_RKPD)
    keg_ada = set(zip(g_l[rk].tolist(), kat.keg[s_l[rk]].tolist(), y_l[rk].tolist(), strict=True))
    baris_gl = {int(g): i for i, g in enumerate(gl)}
    cand = [
        (g, int(s), y)
        for g in (i for i, c in enumerate(w.kode) if c.startswith("62."))
        for s in np.flatnonzero(~masuk[baris_gl[g]] & ~sepakat[g])
        for y in TAHUN_RKPD
        if (g, int(kat.keg[s]), y) in keg_ada
    ]
    pilih, dipakai = [], set()
    for i in rng.permutation(len(cand)):
        if cand[i][0] not in dipakai and len(pilih) < _N_RENJA_TANPA_RENSTRA:
            dipakai.add(cand[i][0])
            pilih.append(cand[i])
    return pilih


def _baris_sub(out: _Baris, ctx: _Konteks, kat: _Katalog, dok: str, g, s, y, acak) -> None:
    """Sub kegiatan lines: output indicator, its quantity and pagu (rupiah, whole thousands).

    Quantity = per-100 000 rate × population/100 000 (for population-driven outputs) × a
    district draw × 1.04 a year. Pagu = median × (population/200 000)^0.6 (0.25 for fixed-size
    outputs) × a log-normal draw × 1.04 a year, clipped to Rp 50 juta–15 miliar (province:
    ×1.8, Rp 100 juta–25 miliar); the Renstra's indicative pagu differs by ±8 %.
    """
    noise_q, noise_p, renstra_f = acak
    jj = y - TAHUN_RPJMD[0]
    pop = ctx.w.penduduk[g]
    skala = kat.skala[s]
    q = kat.jumlah[s] * np.where(skala, pop / 1e5 * noise_q[g, s], 1.0) * (1 + 0.04 * jj)
    km = (np.char.lower(kat.satuan.astype(str)) == "km")[s]  # master writes KM, patterns Km
    q_txt = np.where(km, _angka(np.round(q, 2), 2), _ribuan(np.maximum(1, np.round(q))))
    pagu = kat.pagu_juta[s] * 1e6 * np.where(skala, (pop / 2e5) ** 0.6, (pop / 2e5) ** 0.25)
    pagu = pagu * noise_p[g, s] * 1.04**jj
    pagu = np.clip(pagu * 1.8, 1e8, 2.5e10) if kat.level == 1 else np.clip(pagu, 5e7, 1.5e10)
    if dok == "RENSTRA":
        pagu = pagu * renstra_f[g, s]
    pagu = (np.round(pagu / 1000) * 1000).astype(np.int64)
    n = len(g)
    out.tambah(
        g=g, dok=np.full(n, _ORDER_DOKUMEN[dok]), tahun=y, prog=kat.rank_prog[kat.prog[s]],
        keg=kat.rank_keg[kat.keg[s]], sub=kat.rank_sub[s], urut=np.zeros(n, np.int64),
        pd=ctx.pd_nama[g, kat.bidang[s]], kode=kat.sub.astype(object)[s],
        kode_indikator=np.full(n, "", dtype=object), uraian=kat.teks[s],
        target=q_txt, satuan=kat.satuan[s], pagu=_teks_int(pagu),
    )  # fmt: skip


def _generik(out: _Baris, n: int, teks: tuple[str, str, str], **kolom) -> None:
    out.tambah(
        **kolom, sub=np.full(n, -1), urut=np.zeros(n, np.int64),
        kode_indikator=np.full(n, "", dtype=object), uraian=np.full(n, teks[0], dtype=object),
        target=np.full(n, teks[2], dtype=object), satuan=np.full(n, teks[1], dtype=object),
        pagu=np.full(n, "", dtype=object),
    )  # fmt: skip


def _baris_kegiatan(out: _Baris, ctx: _Konteks, kat: _Katalog, dok: str, g, s, y) -> None:
    """One kegiatan line per government × kegiatan × year that has sub kegiatan lines."""
    kk = _kunci(g, kat.keg[s], y - TAHUN_RPJMD[0], radix=(len(ctx.w.kode), len(kat.kode_keg), 8))
    _, first = np.unique(kk, return_index=True)
    gk, sk, yk = g[first], s[first], y[first]
    _generik(
        out, len(gk), _GENERIK_KEGIATAN, g=gk, dok=np.full(len(gk), _ORDER_DOKUMEN[dok]),
        tahun=yk, prog=kat.rank_prog[kat.prog[sk]], keg=kat.rank_keg[kat.keg[sk]],
        pd=ctx.pd_nama[gk, kat.bidang[sk]], kode=kat.kode_keg.astype(object)[kat.keg[sk]],
    )  # fmt: skip


def _baris_program(out: _Baris, ctx: _Konteks, kat: _Katalog, dok: str, g, s, y) -> None:
    """Programme lines of programmes that carry no coded indicator (a generic outcome)."""
    pos = {c: i for i, c in enumerate(ctx.prog_all)}
    prog = np.array([pos[c] for c in kat.kode_prog])[kat.prog[s]]
    pk = _kunci(g, prog, y - TAHUN_RPJMD[0], radix=(len(ctx.w.kode), len(ctx.prog_all), 8))
    _, first = np.unique(pk, return_index=True)
    first = first[~ctx.homes[g[first], prog[first]]]
    gp, pp = g[first], prog[first]
    _generik(
        out, len(gp), _GENERIK_PROGRAM, g=gp, dok=np.full(len(gp), _ORDER_DOKUMEN[dok]),
        tahun=y[first], prog=ctx.prog_rank[pp], keg=np.full(len(gp), -1),
        pd=ctx.pd_nama[gp, kat.bidang[s[first]]], kode=ctx.prog_all.astype(object)[pp],
    )  # fmt: skip


def _baris_indikator(out: _Baris, ctx: _Konteks, ind: pd.DataFrame, ubah_bawah: dict) -> None:
    """Programme lines with a coded outcome indicator, one per indicator, in every document.

    The target text is the same in every document except the seeded overrides (c).
    """
    for urut, row in enumerate(ind.itertuples(index=False)):
        k = row.kode_indikator
        g = np.flatnonzero(ctx.nilai.lingkup[k])
        n = len(g)
        bid = BIDANG.index(_SPEK[k].program[:4])
        for dok in DOKUMEN:
            years = TAHUN_RPJMD if dok in ("RPJMD", "RENSTRA") else TAHUN_RKPD
            for j, th in enumerate(years):
                txt = ctx.nilai.target_txt[k][g, j].copy()
                for (dk, gi, kk, yy), teks in ubah_bawah.items():
                    if (dk, kk, yy) == (dok, k, th):
                        txt[g == gi] = teks
                out.tambah(
                    g=g, dok=np.full(n, _ORDER_DOKUMEN[dok]), tahun=np.full(n, th),
                    prog=np.full(n, ctx.prog_rank[ctx.home[k]]), keg=np.full(n, -1),
                    sub=np.full(n, -1), urut=np.full(n, urut - 1000),
                    pd=ctx.pd_nama[g, bid], kode=np.full(n, _SPEK[k].program, dtype=object),
                    kode_indikator=np.full(n, k, dtype=object),
                    uraian=np.full(n, row.uraian, dtype=object), target=txt,
                    satuan=np.full(n, row.satuan, dtype=object), pagu=np.full(n, "", dtype=object),
                )  # fmt: skip


def _bangun_rencana(
    w: _Wilayah,
    nilai: _Nilai,
    ind: pd.DataFrame,
    rng: np.random.Generator,
    p_masuk: float,
    ubah_bawah: dict[tuple[str, int, str, int], str],
) -> _Rencana:
    """All plan lines of every government, document and year, in document order.

    Portfolio: each government plans a random share ``p_masuk`` of the sub kegiatan of its
    level, plus (kab/kota) every sub kegiatan agreed for it. The Renstra plans the portfolio
    in every year 2025–2029; Renja and RKPD plan the same lines 2025–2027 (plus the seeded
    extra lines (b)); the RPJMD lists the programmes of each year's Renstra. Kegiatan and
    programme lines are derived from the sub kegiatan lines of each document, so the documents
    agree except for the seeded defects.
    """
    ctx = _konteks(w, nilai, ind)
    G = len(w.kode)
    out = _Baris()
    tanpa_rencana: list[TanpaRencana] = []
    tambahan: list[RenjaTanpaRenstra] = []
    rkpd_sub: set[tuple[str, str, int]] = set()
    for level in (1, 2):
        kat = _katalog(level)
        gl = np.flatnonzero(w.provinsi if level == 1 else ~w.provinsi)
        masuk = rng.random((len(gl), len(kat.sub))) < p_masuk
        if level == 2:
            masuk |= _sepakat_kabkota(w, kat)[gl]
        g_l, s_l, y_l, tanpa = _portofolio(ctx, kat, gl, masuk, rng)
        tanpa_rencana += tanpa
        shape = (G, len(kat.sub))
        acak = (np.exp(rng.normal(0, 0.3, shape)), np.exp(rng.normal(0, 0.45, shape)),
                rng.uniform(0.92, 1.08, shape))  # fmt: skip
        extra = np.array(_tambahan_renja(ctx, kat, gl, masuk, g_l, s_l, y_l, rng), np.int64)
        extra = extra.reshape(-1, 3)
        tambahan += [
            RenjaTanpaRenstra(
                str(w.kode[g]), str(ctx.pd_nama[g, kat.bidang[s]]), str(kat.sub[s]), int(y)
            )
            for g, s, y in extra
        ]  # fmt: skip
        rk = y_l <= max(TAHUN_RKPD)
        for dok in ("RENSTRA", "RKPD", "RENJA"):
            if dok == "RENSTRA":
                g, s, y = g_l, s_l, y_l
            else:
                g = np.concatenate([g_l[rk], extra[:, 0]])
                s = np.concatenate([s_l[rk], extra[:, 1]])
                y = np.concatenate([y_l[rk], extra[:, 2]])
            if dok == "RKPD":
                rkpd_sub.update(
                    zip(w.kode[g].tolist(), kat.sub[s].tolist(), y.tolist(), strict=True)
                )
            _baris_sub(out, ctx, kat, dok, g, s, y, acak)
            _baris_kegiatan(out, ctx, kat, dok, g, s, y)
            _baris_program(out, ctx, kat, dok, g, s, y)
            if dok == "RENSTRA":
                _baris_program(out, ctx, kat, "RPJMD", g, s, y)
    _baris_indikator(out, ctx, ind, ubah_bawah)

    c = out.gabung()
    order = np.lexsort((c["urut"], c["sub"], c["keg"], c["prog"], c["tahun"], c["dok"], c["g"]))
    frame = pd.DataFrame(
        {
            "kode_wilayah": w.kode.astype(object)[c["g"][order]],
            "dokumen": np.array(DOKUMEN, dtype=object)[c["dok"][order]],
            "tahun": _teks_int(np.arange(2000, 2100))[c["tahun"][order] - 2000],
            "perangkat_daerah": c["pd"][order],
            "kode_nomenklatur": c["kode"][order],
            "kode_indikator": c["kode_indikator"][order],
            "uraian_indikator": c["uraian"][order],
            "target": c["target"][order],
            "satuan": c["satuan"][order],
            "pagu": c["pagu"][order],
        }
    )
    return _Rencana(frame, tuple(tanpa_rencana), tuple(tambahan), rkpd_sub)


# --- agreements, realisations, imperfections ------------------------------------------------
def _bangun_kesepakatan(w: _Wilayah) -> pd.DataFrame:
    rows = []
    ada = set(w.kode.tolist())
    for th in TAHUN_KESEPAKATAN:
        for k, subs in _SEPAKAT_SEMUA.items():
            rows += [(th, k, s, "") for s in subs]
        if th == 2027:
            for k, subs in _SEPAKAT_2027.items():
                rows += [(th, k, s, "") for s in subs]
        for k, s, kodes in _SEPAKAT_KHUSUS:
            rows += [(th, k, s, c) for c in kodes if c in ada]
    df = pd.DataFrame(rows, columns=KOLOM["kesepakatan"])
    df = df.sort_values(["tahun", "kode_indikator", "kode_sub_kegiatan", "kode_wilayah"])
    df["tahun"] = df["tahun"].astype(str)
    return df.reset_index(drop=True)


def _tanpa_dukungan(
    w: _Wilayah, kesepakatan: pd.DataFrame, rkpd_sub: set
) -> tuple[TanpaDukungan, ...]:
    """Province outcomes a kab/kota supports with none of its agreed sub kegiatan (RKPD)."""
    umum: dict[tuple[int, str], list[str]] = {}
    khusus: dict[tuple[int, str, str], list[str]] = {}
    for th, k, sub, kode in kesepakatan[KOLOM["kesepakatan"]].itertuples(index=False, name=None):
        if kode == "":
            umum.setdefault((int(th), k), []).append(sub)
        else:
            khusus.setdefault((int(th), k, kode), []).append(sub)
            umum.setdefault((int(th), k), [])
    out = []
    for c in w.kode[~w.provinsi].tolist():
        for (th, k), subs in umum.items():
            semua = subs + khusus.get((th, k, c), [])
            if semua and not any((c, s, th) in rkpd_sub for s in semua):
                out.append(TanpaDukungan(c, th, k))
    return tuple(sorted(out))


def _bangun_realisasi(
    w: _Wilayah, nilai: _Nilai, ind: pd.DataFrame
) -> tuple[pd.DataFrame, tuple[RealisasiTerlambat, ...]]:
    g = np.concatenate(nilai.real_g)
    k = np.concatenate(nilai.real_k)
    y = np.concatenate(nilai.real_y)
    v = np.concatenate(nilai.real_v)
    s = np.concatenate(nilai.real_s)
    kode, ki, th = _SEED_TERLAMBAT
    gpos = {c: i for i, c in enumerate(w.kode)}
    terlambat: tuple[RealisasiTerlambat, ...] = ()
    if kode in gpos:
        hit = (g == gpos[kode]) & (k == ki) & (y == th)
        assert hit.sum() == 1
        g, k, y, v, s = g[~hit], k[~hit], y[~hit], v[~hit], s[~hit]
        terlambat = (RealisasiTerlambat(kode, str(w.kode_bps[gpos[kode]]), ki, th),)
    kode_ind = pd.Series(k)
    kn = kode_ind.map({kk: i for i, kk in enumerate(ind["kode_indikator"])}).to_numpy()
    order = np.lexsort((y, kn, g))
    des = kode_ind.map({kk: sp.desimal for kk, sp in _SPEK.items()}).to_numpy()
    teks = np.empty(len(v), dtype=object)
    for dd in np.unique(des):
        m = des == dd
        teks[m] = _angka(v[m], int(dd))
    df = pd.DataFrame(
        {
            "kode_bps": w.kode_bps[g[order]],
            "kode_indikator": k[order],
            "tahun": y[order].astype(str),
            "realisasi": teks[order],
            "sumber": s[order],
        }
    )
    return df, terlambat


def _seed_target(w: _Wilayah, nilai: _Nilai):
    """(c): lower-document targets made less ambitious; returns the overrides and the list."""
    gpos = {c: i for i, c in enumerate(w.kode)}
    ubah: dict[tuple[str, int, str, int], str] = {}
    daftar = []
    for kode, pasangan, th, k, beda in _SEED_TARGET:
        if kode not in gpos:
            continue
        g = gpos[kode]
        des = _SPEK[k].desimal
        j = TAHUN_RPJMD.index(th)
        atas = nilai.target_txt[k][g, j]
        baru = float(np.round(nilai.target_num[k][g, j] + beda, des))
        bawah = str(_angka(np.array([baru]), des)[0])
        dok = pasangan.split("→")[1]
        ubah[(dok, g, k, th)] = bawah
        daftar.append(TargetKurangAmbisius(kode, pasangan, th, k, atas, bawah, round(beda, des)))
    return ubah, tuple(daftar)


# --- the package ------------------------------------------------------------------------------
def generate(
    seed: int = 2026,
    scale: str = "kalteng",
    *,
    n_provinsi: int = 38,
    n_kabkota: int = 514,
) -> SampleData:
    """Generate a synthetic planning data package with known, seeded imperfections.

    Args:
        seed: Random seed; the same seed gives the same tables.
        scale: ``kalteng`` (the province and its 14 kab/kota) or ``national`` (``n_provinsi``
            provinces and ``n_kabkota`` kab/kota, Kalteng real inside; synthetic elsewhere).
        n_provinsi: Provinces at national scale (default 38, the country).
        n_kabkota: Kab/kota at national scale (default 514). Smaller values make a reduced
            national package for tests.

    Returns:
        :class:`SampleData` with ``tables`` (the five contract tables as text) and ``cacat``.

    Raises:
        SampleError: Unknown scale or impossible sizes.
    """
    if scale not in SKALA:
        raise SampleError(f"unknown scale {scale!r}: expected one of {', '.join(SKALA)}")
    rng = np.random.default_rng(np.random.PCG64(seed))
    if scale == "kalteng":
        frame = _wilayah_kalteng()
        p_masuk = 0.55
    else:
        frame = _wilayah_nasional(rng, n_provinsi, n_kabkota)
        p_masuk = 0.8
    w = _bangun_wilayah(frame)
    ind = load_indikator_referensi()
    unknown = set(ind["kode_indikator"]) - set(_SPEK)
    assert not unknown, f"indikator.csv has indicators the generator does not know: {unknown}"
    nilai = _bangun_nilai(w, ind, rng)
    menjumlah = _seed_menjumlah(w, nilai) if _SEED_MENJUMLAH[0] in set(w.kode) else ()
    ubah, kurang = _seed_target(w, nilai)
    jangan = {(t.kode_wilayah, t.kode_indikator) for t in kurang}
    jangan.add((_SEED_MENJUMLAH[0], _SEED_MENJUMLAH[1]))
    _variasi_teks(w, nilai, ind, jangan)
    rencana = _bangun_rencana(w, nilai, ind, rng, p_masuk, ubah)
    kesepakatan = _bangun_kesepakatan(w)
    realisasi, terlambat = _bangun_realisasi(w, nilai, ind)
    cacat = Cacat(
        tanpa_rencana=rencana.tanpa_rencana,
        tanpa_dukungan=_tanpa_dukungan(w, kesepakatan, rencana.rkpd_sub),
        renja_tanpa_renstra=rencana.renja_tanpa_renstra,
        target_kurang_ambisius=kurang,
        target_tidak_menjumlah=menjumlah,
        realisasi_terlambat=terlambat,
    )
    tables = {
        "wilayah": w.frame,
        "indikator": ind[KOLOM["indikator"]].reset_index(drop=True),
        "rencana": rencana.frame,
        "realisasi": realisasi,
        "kesepakatan": kesepakatan,
    }
    data = SampleData(tables=tables, cacat=cacat, seed=seed, scale=scale)
    return SampleData(tables=tables, cacat=cacat, seed=seed, scale=scale,
                      keterangan=_keterangan(data))  # fmt: skip


def _keterangan(data: SampleData) -> str:
    """The package's KETERANGAN.txt: what it is, what is real, what was seeded (in Indonesian)."""
    nyata = data.tables["realisasi"]
    nyata = nyata[nyata["sumber"] != SINTETIS]
    baris = [
        f"{PENANDA} — paket data perencanaan untuk workbench sinkronisasi",
        f"skala: {data.scale}; seed: {data.seed}",
        "",
        "Yang nyata (dengan sumber):",
        "- wilayah: kode Kemendagri dan BPS, ibukota, luas (BIG 2024) dan penduduk (Dukcapil 2025)"
        " 15 pemerintah daerah Kalimantan Tengah; pada skala nasional provinsi dan kab/kota lain"
        " SINTETIS (nama 'Sintetis', kode 11–47).",
        "- kode dan nama nomenklatur, serta indikator keluaran dan satuan sub kegiatan kab/kota"
        " (Kepmendagri 900.1.15.5-1317/2023 dan perubahannya; kode provinsi Permendagri 14/2026"
        " Tabel C; versi tiap kode di workbench/reference/nomenklatur.csv, sebagian kode"
        " provinsi belum terverifikasi).",
        "- target makro RKPD Provinsi 2025: pertumbuhan ekonomi 5,60; kemiskinan 4,11–4,66;"
        " Gini 0,311–0,315; IPM 73,95; TPT 3,90.",
        "- realisasi berikut (kolom 'sumber'):",
    ]
    for r in nyata.itertuples(index=False):
        baris.append(f"    {r.kode_bps} {r.kode_indikator} {r.tahun}: {r.realisasi} ({r.sumber})")
    baris += [
        "",
        "Selebihnya SINTETIS: target, pagu, perangkat daerah, kesepakatan, realisasi bertanda"
        " 'sintetis'. Jangan dipakai sebagai data resmi.",
        "",
        "Realisasi memakai kode BPS (kolom kode_bps); pemuat data memetakannya ke kode Kemendagri"
        " melalui tabel padanan (8 dari 14 kab/kota bernomor berbeda).",
        "",
        "Cacat yang sengaja ditanam (untuk menguji analisis):",
        *[f"- {x}" for x in data.cacat.ringkasan()],
    ]
    for t in data.cacat.tanpa_rencana:
        baris.append(f"    tidak direncanakan: {t.kode_wilayah} {t.kode_sub_kegiatan} {t.tahun}")
    for t in data.cacat.renja_tanpa_renstra:
        baris.append(f"    Renja tanpa Renstra: {t.kode_wilayah} {t.kode_nomenklatur} {t.tahun}")
    for t in data.cacat.target_kurang_ambisius:
        baris.append(
            f"    target kurang ambisius: {t.kode_wilayah} {t.pasangan} {t.tahun}"
            f" {t.kode_indikator}"
            f" {t.target_atas} → {t.target_bawah}"
        )
    for t in data.cacat.target_tidak_menjumlah:
        baris.append(
            f"    tidak menjumlah: {t.kode_wilayah} {t.kode_indikator} {t.tahun}: target"
            f" {t.target_kabkota:.2f} (seharusnya {t.target_seharusnya:.2f}); provinsi"
            f" {t.target_provinsi:.2f}, implisit {t.target_implisit:.4f}"
        )
    for t in data.cacat.realisasi_terlambat:
        baris.append(
            f"    realisasi terlambat: {t.kode_wilayah} ({t.kode_bps}) {t.kode_indikator} {t.tahun}"
        )
    return "\n".join(baris) + "\n"


# --- writing ----------------------------------------------------------------------------------
def _kutip(v: str) -> str:
    """A CSV field as the csv module's QUOTE_MINIMAL writes it."""
    if any(c in v for c in ',"\n\r'):
        return '"' + v.replace('"', '""') + '"'
    return v


def _csv_potongan(df: pd.DataFrame, baris: int = 250_000):
    """UTF-8 CSV of a text table in chunks (minimal quoting, newline line ends).

    Byte-identical to ``DataFrame.to_csv(index=False, lineterminator=<newline>)`` but about
    twice as fast on the national package: each column's distinct values are quoted once
    (plan tables repeat a few hundred texts over a million lines) and rows are joined in
    chunks, so the whole file never sits in memory as one string.
    """
    cols = []
    for c in df.columns:
        codes, uniq = pd.factorize(df[c], sort=False)
        quoted = np.array([_kutip(str(u)) for u in uniq] + [""], dtype=object)
        cols.append(quoted[codes])  # code −1 (missing) picks the trailing ""
    yield (",".join(_kutip(str(c)) for c in df.columns) + "\n").encode("utf-8")
    for i in range(0, len(df), baris):
        part = [c[i : i + baris] for c in cols]
        yield ("\n".join(map(",".join, zip(*part, strict=True))) + "\n").encode("utf-8")


def _csv_bytes(df: pd.DataFrame) -> bytes:
    """The whole CSV of a table as bytes (see :func:`_csv_potongan`)."""
    return b"".join(_csv_potongan(df))


def _tulis_csv(data: SampleData, folder: Path) -> None:
    folder.mkdir(parents=True)
    for name in TABLES:
        with (folder / f"{name}.csv").open("wb") as f:
            for potongan in _csv_potongan(data.tables[name]):
                f.write(potongan)
    (folder / KETERANGAN).write_text(data.keterangan, encoding="utf-8")


def _xlsx_bytes(data: SampleData) -> bytes:
    """One workbook, a sheet per table plus ``KETERANGAN``; cells hold the text of the CSV."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    wb.properties.creator = "workbench (data contoh sintetis)"
    wb.properties.created = _WAKTU_TETAP
    wb.properties.modified = _WAKTU_TETAP
    wb.properties.lastModifiedBy = "workbench"
    for name in TABLES:
        ws = wb.create_sheet(title=name)
        df = data.tables[name]
        ws.append(list(df.columns))
        for row in df.itertuples(index=False, name=None):
            ws.append([v if v != "" else None for v in row])
    ws = wb.create_sheet(title="KETERANGAN")
    for line in data.keterangan.splitlines():
        ws.append([line])
    raw = io.BytesIO()
    wb.save(raw)
    return _zip_tetap(raw.getvalue())


def _zip_tetap(blob: bytes) -> bytes:
    """Re-pack a zip with fixed timestamps and order, so equal content gives equal bytes."""
    src = zipfile.ZipFile(io.BytesIO(blob))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=_ZIP_WAKTU)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            isi = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                # openpyxl stamps the save time into <dcterms:modified>; fix it.
                isi = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    rb"\g<1>" + _WAKTU_TETAP.strftime("%Y-%m-%dT%H:%M:%SZ").encode() + rb"\g<2>",
                    isi,
                )
            dst.writestr(zi, isi)
    return out.getvalue()


_BARIS_MAKS_XLSX = 1_048_576  # rows of an Excel worksheet, header included


def _boleh_ditimpa(out: Path) -> bool:
    """A path may be replaced when it is absent or a sample package written earlier."""
    if not out.exists():
        return True
    if out.is_dir():
        return (out / KETERANGAN).is_file() or not any(out.iterdir())
    return out.suffix.lower() == ".xlsx" and out.is_file()


def write_sample(
    out: str | os.PathLike,
    seed: int = 2026,
    fmt: str = "csv",
    scale: str = "kalteng",
    *,
    data: SampleData | None = None,
) -> Path:
    """Write a sample package: a folder of ``<table>.csv`` (fmt ``csv``) or one ``.xlsx``.

    The package is written to a temporary name beside ``out`` and renamed into place, so a
    reader never sees half a package. ``out`` may be replaced only when it is a package
    written earlier (a folder holding ``KETERANGAN.txt``, an empty folder, or an ``.xlsx``).
    Same seed and scale, same bytes (the workbook's document properties and zip timestamps
    are fixed).

    Args:
        out: Target folder (csv) or workbook path (xlsx; ``.xlsx`` is appended if missing).
        seed: Random seed.
        fmt: ``csv`` or ``xlsx``.
        scale: ``kalteng`` or ``national``.
        data: An already generated package (skips generation; ``seed``/``scale`` are ignored).

    Returns:
        The path written.

    Raises:
        SampleError: Unknown format or scale, ``out`` holds something else, or (xlsx) a table
            has more rows than an Excel sheet holds (the national package: use csv).
    """
    if fmt not in FORMAT:
        raise SampleError(f"unknown format {fmt!r}: expected one of {', '.join(FORMAT)}")
    out = Path(out)
    if fmt == "xlsx" and out.suffix.lower() != ".xlsx":
        out = out.with_name(out.name + ".xlsx")
    if not _boleh_ditimpa(out):
        raise SampleError(
            f"{out} exists and is not a sample package written earlier; choose another path"
        )
    data = data if data is not None else generate(seed=seed, scale=scale)
    if fmt == "xlsx":
        terbesar = max(data.tables, key=lambda n: len(data.tables[n]))
        if len(data.tables[terbesar]) + 1 > _BARIS_MAKS_XLSX:
            raise SampleError(
                f"the {terbesar} table has {len(data.tables[terbesar]):,} rows, more than an "
                f"Excel sheet holds ({_BARIS_MAKS_XLSX:,}); write this package as csv"
            )
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
    try:
        if fmt == "csv":
            target = tmp / "paket"
            _tulis_csv(data, target)
            if out.exists():
                shutil.rmtree(out)
            target.replace(out)
        else:
            target = tmp / "paket.xlsx"
            target.write_bytes(_xlsx_bytes(data))
            target.replace(out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return out


_PENANDA_SEED = ".seed"
PENANDA = "DATA CONTOH (SINTETIS)"  # first words of KETERANGAN, in the folder or the workbook


def is_sample(path: str | os.PathLike) -> bool:
    """True when ``path`` is a package written by this module (folder or workbook).

    A folder holds ``KETERANGAN.txt`` opening with "DATA CONTOH (SINTETIS)"; a workbook has a
    ``KETERANGAN`` sheet whose first cell opens with it. Anything else (or unreadable) is False.
    """
    path = Path(path)
    try:
        if path.is_dir():
            ket = path / KETERANGAN
            return ket.is_file() and ket.read_text(encoding="utf-8").startswith(PENANDA)
        if path.is_file() and path.suffix.lower() == ".xlsx":
            from openpyxl import load_workbook

            wb = load_workbook(path, read_only=True)
            try:
                if "KETERANGAN" not in wb.sheetnames:
                    return False
                first = next(wb["KETERANGAN"].iter_rows(max_row=1, values_only=True), (None,))
                return str(first[0] or "").startswith(PENANDA)
            finally:
                wb.close()
    except (OSError, ValueError, KeyError, zipfile.BadZipFile):
        return False
    return False


def _penanda_sampel(seed: int) -> str:
    """What a generated sample depends on: the seed and the generator's code and reference data.

    A folder generated by an older version of this module or of ``workbench/reference/`` (an
    upgraded checkout) is therefore regenerated rather than served stale.
    """
    h = hashlib.sha256(Path(__file__).read_bytes())
    for f in sorted(REFERENCE_DIR.iterdir()):
        if f.is_file():
            h.update(f.name.encode())
            h.update(f.read_bytes())
    return f"{seed} {h.hexdigest()[:16]}"


def ensure_sample(seed: int = 2026) -> Path:
    """The built-in Kalteng sample package (CSV folder) in :func:`workbench.paths.sample_dir`.

    Generated once; later calls return the folder. Safe when two processes race: each builds
    into its own temporary folder and renames it into place; the loser discards its copy.
    A folder built with another seed, or by another version of the generator or its reference
    data (:func:`_penanda_sampel`), is replaced.

    Args:
        seed: Random seed of the package.

    Returns:
        The package folder.
    """
    tujuan = sample_dir()
    penanda = tujuan / _PENANDA_SEED
    harap = _penanda_sampel(seed)
    if penanda.is_file() and penanda.read_text().strip() == harap:
        return tujuan
    tujuan.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{tujuan.name}.", suffix=".tmp", dir=tujuan.parent))
    try:
        paket = tmp / "paket"
        _tulis_csv(generate(seed=seed), paket)
        (paket / _PENANDA_SEED).write_text(f"{harap}\n")
        if tujuan.exists():
            if penanda.is_file() and penanda.read_text().strip() == harap:
                return tujuan  # another process finished first
            lama = tmp / "lama"
            try:
                tujuan.replace(lama)
            except FileNotFoundError:
                pass
        try:
            paket.replace(tujuan)
        except OSError:
            # Lost a race: someone renamed a complete package into place meanwhile.
            if not (penanda.is_file() and penanda.read_text().strip() == harap):
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return tujuan
