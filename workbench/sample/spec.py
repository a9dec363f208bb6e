"""What the sample generator draws from: its constants and the tables of ``data/``.

The curated choices of the sample live in package data files, not in code (read with
:mod:`importlib.resources`, so they travel with an installed package):

* ``perangkat_daerah.csv``: the bidang the sample plans (in this order, :data:`BIDANG`) and the
  name of the perangkat daerah running each, at the province and in two naming variants for the
  kab/kota (picked per district);
* ``spek_indikator.csv``: how each indicator's values are generated (:class:`_Spek`) and
  whether it is a slowly moving statistic (``makro``);
* ``realisasi_nyata.csv``: real figures (DOMAIN.md §6) with their publisher; the cited
  reference files of ``workbench/reference/`` (SOURCES.md) add to them and, where both have a
  figure, give its source;
* ``kutipan_dipakai.csv``: which citations of ``statistik_kalteng_kutipan.csv`` the sample uses;
* ``target_rkpd_2025.csv``: the real province RKPD 2025 macro targets, as printed;
* ``kesepakatan.csv``: the agreements, province outcome → supporting kab/kota sub kegiatan
  (``tahun`` empty: every agreement year; ``kode_wilayah`` empty: every kab/kota, else the
  named ones, space-separated);
* ``keluaran.csv``: the output indicator of a sub kegiatan line by its name (a regular
  expression; the last row matches every name);
* ``sub_kegiatan.csv``: the sub kegiatan the sample plans, in code order;
* ``cacat.yaml``: the imperfections seeded by name (read by :mod:`workbench.sample.cacat`).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from importlib.resources import files

import pandas as pd

from workbench.errors import WorkbenchError
from workbench.paths import REFERENCE_DIR
from workbench.reference import load_wilayah
from workbench.vocabulary import KOLOM as KOLOM_KONTRAK
from workbench.vocabulary import OPSIONAL

SKALA = ("kalteng", "national")
FORMAT = ("csv", "xlsx")

TAHUN_RPJMD = (2025, 2026, 2027, 2028, 2029)
TAHUN_RKPD = (2025, 2026, 2027)
TAHUN_REALISASI = (2024, 2025)
TAHUN_KESEPAKATAN = (2026, 2027)
SINTETIS = "sintetis"
KETERANGAN = "KETERANGAN.txt"
PENANDA = "DATA CONTOH (SINTETIS)"  # first words of KETERANGAN, in the folder or the workbook
RANGE_DASH = "–"  # en dash, as planning documents print ranges

# The optional columns (workbench.vocabulary.OPSIONAL) the sample writes besides the contract's
# required ones: the source of indikator and realisasi rows, and realisasi keyed by BPS code
# (first), as statistics arrive.
_DEPAN = {"realisasi": ("kode_bps",)}
_BELAKANG = {"indikator": ("sumber",), "realisasi": ("sumber",)}
assert all(set(c) <= set(OPSIONAL[t]) for d in (_DEPAN, _BELAKANG) for t, c in d.items())
#: The columns of each table the sample writes, in order.
KOLOM = {
    t: [*_DEPAN.get(t, ()), *cols, *_BELAKANG.get(t, ())] for t, cols in KOLOM_KONTRAK.items()
}


class SampleError(WorkbenchError, ValueError):
    """A sample cannot be generated or written as asked (bad option, occupied target path)."""


def data_teks(nama: str) -> str:
    """The text of one of the package's data files (``workbench/sample/data/<nama>``)."""
    return files("workbench.sample").joinpath("data", nama).read_text(encoding="utf-8")


def _baca(nama: str) -> list[dict[str, str]]:
    """The rows of a data CSV, every value as text."""
    return list(csv.DictReader(io.StringIO(data_teks(nama))))


def _ya(teks: str) -> bool:
    assert teks in ("ya", "tidak"), f"expected ya or tidak, got {teks!r}"
    return teks == "ya"


# --- bidang and perangkat daerah ---------------------------------------------------------------
_PERANGKAT = _baca("perangkat_daerah.csv")
BIDANG = tuple(r["kode_bidang"] for r in _PERANGKAT)
_PD_PROVINSI = {r["kode_bidang"]: r["provinsi"] for r in _PERANGKAT}
# Kab/kota: two common naming variants per bidang, picked per district.
_PD_KABKOTA = {r["kode_bidang"]: (r["kabkota_1"], r["kabkota_2"]) for r in _PERANGKAT}


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


_SPEK_BARIS = _baca("spek_indikator.csv")
_SPEK = {
    r["kode_indikator"]: _Spek(
        r["program"], _ya(r["provinsi_saja"]), float(r["dasar"]), float(r["sebaran"]),
        float(r["laju"]), int(r["desimal"]), (float(r["batas_bawah"]), float(r["batas_atas"])),
    )
    for r in _SPEK_BARIS
}  # fmt: skip
# Indicators whose 2025 realisation moves slowly from 2024 (statistics); the others are
# programme outcomes whose realisation is drawn around the 2025 target.
_MAKRO = frozenset(r["kode_indikator"] for r in _SPEK_BARIS if _ya(r["makro"]))

# Real figures (DOMAIN.md §6) with their publisher, keyed (Kemendagri code, indicator, year).
_REALISASI_NYATA: dict[tuple[str, str, int], tuple[float, str]] = {
    (r["kode_wilayah"], r["kode_indikator"], int(r["tahun"])): (float(r["realisasi"]), r["sumber"])
    for r in _baca("realisasi_nyata.csv")
}
_IPM_KABKOTA = "ipm_kabkota_kalteng_2020_2024.csv"
_KUTIPAN = "statistik_kalteng_kutipan.csv"
# Citations of statistik_kalteng_kutipan.csv used by the sample: (indicator of the file, its
# period as written) -> (the sample's indicator, its year, source text). Poverty is the March
# figure (one value a year); only SSGI 2024 stunting is new there (earlier years are the
# DOMAIN.md figures above).
_KUTIPAN_DIPAKAI = {
    (r["indikator"], r["periode"]): (r["kode_indikator"], int(r["tahun"]), r["sumber"])
    for r in _baca("kutipan_dipakai.csv")
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
_TARGET_RKPD_2025 = {r["kode_indikator"]: r["target"] for r in _baca("target_rkpd_2025.csv")}


# --- agreements (kesepakatan): province outcome -> supporting kab/kota sub kegiatan ---------
def _sepakat() -> tuple[dict, dict, tuple]:
    """The rows of ``kesepakatan.csv`` as (every year, 2027 only, named districts only)."""
    semua: dict[str, tuple[str, ...]] = {}
    th2027: dict[str, tuple[str, ...]] = {}
    khusus = []
    for r in _baca("kesepakatan.csv"):
        k, sub = r["kode_indikator"], r["kode_sub_kegiatan"]
        assert r["tahun"] in ("", "2027") and not (r["tahun"] and r["kode_wilayah"]), r
        if r["kode_wilayah"]:
            khusus.append((k, sub, tuple(r["kode_wilayah"].split())))
        else:
            tujuan = th2027 if r["tahun"] else semua
            tujuan[k] = (*tujuan.get(k, ()), sub)
    return semua, th2027, tuple(khusus)


# _SEPAKAT_SEMUA: agreed every year for every kab/kota; _SEPAKAT_2027: agreed in 2027 only (the
# 2026 Rakortek added it for the next year); _SEPAKAT_KHUSUS: agreed for named districts only
# (irrigation and embung where rice is grown).
_SEPAKAT_SEMUA, _SEPAKAT_2027, _SEPAKAT_KHUSUS = _sepakat()

# --- nomenclature ---------------------------------------------------------------------------
# Output indicator of a sub kegiatan line, by its name: (pattern, text, satuan, quantity per
# 100 000 inhabitants, scaled by population?, median pagu in juta rupiah). The text takes the
# pattern's groups ({0}, {1}); the last row matches any name (the name is its group).
_KELUARAN: tuple[tuple[str, str, str, float, bool, float], ...] = tuple(
    (r["pola"], r["uraian_indikator"], r["satuan"], float(r["jumlah"]), _ya(r["per_penduduk"]),
     float(r["pagu_juta"]))
    for r in _baca("keluaran.csv")
)  # fmt: skip
# The sub kegiatan the sample plans. Names, indikator and satuan come from the shipped
# nomenclature (workbench/reference, with the versi of each row); the penunjang codes
# (programme X.XX.01) through their generic form.
_SUB_SAMPEL = tuple(r["kode_sub_kegiatan"] for r in _baca("sub_kegiatan.csv"))
