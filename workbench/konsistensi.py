"""Document consistency (*konsistensi*) within one government: RPJMD→RKPD and Renstra→Renja.

Frames in, frames out; no I/O. For each government, year and level (programme, kegiatan,
sub kegiatan) the upper document's lines of that year are looked up in the lower document
of the same year by nomenclature code (DESIGN.md §4.3, DOMAIN.md §4):

* **Linkage %** (MKPP method, e.g. Kota Palopo 2016–2020): lines of the upper document (for
  that year and level) found in the lower one ÷ lines of the upper document × 100. Only
  levels the upper document has in that year are scored; where it has none the row says so
  and the percentage stays empty (a 5-year RPJMD that lists programmes only is not faulted
  for its kegiatan).
* **MKPP category** with half-open bands: [0, 20) sangat buruk, [20, 40) buruk, [40, 60)
  sedang, [60, 80) baik, [80, 100] sangat baik.
* **Offending lines** (``konsistensi_rincian``): upper lines missing from the lower
  (``tidak ada di dokumen bawah``) and lower lines that the upper document does not plan for
  that year at a level it does plan (``tidak direncanakan di dokumen atas``).
* **Target deviations** in the less-ambitious direction (``target kurang ambisius``): same
  government, year and indicator code, the lower document's minimum-commitment target (see
  :func:`workbench.capaian.batas_komitmen`) below the upper's for *naik* indicators, above it
  for *turun*. *tetap* indicators have no "less ambitious" side and are not compared.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from workbench.capaian import arah_ke_d, batas_komitmen

PASANGAN = (("RPJMD", "RKPD"), ("RENSTRA", "RENJA"))
TINGKAT = ("program", "kegiatan", "sub_kegiatan")
KATEGORI_MKPP = ["sangat buruk", "buruk", "sedang", "baik", "sangat baik"]

TEMUAN_HILANG = "tidak ada di dokumen bawah"
TEMUAN_TAK_DIRENCANAKAN = "tidak direncanakan di dokumen atas"
TEMUAN_TARGET = "target kurang ambisius"

_KUNCI = ["kode_wilayah", "tahun", "tingkat", "kode_nomenklatur"]


def kategori_mkpp(persen: pd.Series) -> pd.Series:
    """MKPP category of a linkage %: [0,20) sangat buruk … [80,100] sangat baik; NaN → NA."""
    cut = pd.cut(
        persen, bins=[-np.inf, 20, 40, 60, 80, np.inf], right=False, labels=KATEGORI_MKPP
    )
    return cut.astype("string")


def _pasangan_label(atas: str, bawah: str) -> str:
    return f"{atas}→{bawah}"


def _baris(rencana: pd.DataFrame, dokumen: str, tahun: list[int] | None) -> pd.DataFrame:
    mask = rencana["dokumen"] == dokumen
    if tahun is not None:
        mask &= rencana["tahun"].isin(tahun)
    r = rencana.loc[mask, [*_KUNCI, "perangkat_daerah"]]
    return r.drop_duplicates(_KUNCI, keep="first")


def _keterkaitan_pasangan(
    rencana: pd.DataFrame, atas: str, bawah: str, tahun: list[int] | None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    up = _baris(rencana, atas, tahun)
    lo = _baris(rencana, bawah, tahun)
    m = up.merge(lo, on=_KUNCI, how="outer", suffixes=("_atas", "_bawah"), indicator=True)
    # Levels the upper document has for this government and year.
    levels = up[["kode_wilayah", "tahun", "tingkat"]].drop_duplicates().assign(_ada_atas=True)
    m = m.merge(levels, on=["kode_wilayah", "tahun", "tingkat"], how="left")
    m["_ada_atas"] = m["_ada_atas"].notna()
    both = m["_merge"] == "both"
    left = m["_merge"] == "left_only"
    right = (m["_merge"] == "right_only") & m["_ada_atas"]
    m = m.assign(
        _atas=(both | left).astype("int64"),
        _bawah=(both | (m["_merge"] == "right_only")).astype("int64"),
        _both=both.astype("int64"),
        _left=left.astype("int64"),
        _right=right.astype("int64"),
    )
    g = ["kode_wilayah", "tahun", "tingkat"]
    s = m.groupby(g, observed=True)[["_atas", "_bawah", "_both", "_left", "_right"]].sum()
    s.columns = [
        "n_baris_atas", "n_baris_bawah", "n_terhubung", "n_tidak_ada_di_bawah",
        "n_tidak_direncanakan",
    ]  # fmt: skip
    s = s.reset_index()
    label = _pasangan_label(atas, bawah)
    s.insert(1, "pasangan", label)

    rinci = m.loc[left | right].copy()
    rinci["jenis_temuan"] = np.where(rinci["_merge"] == "left_only", TEMUAN_HILANG,
                                     TEMUAN_TAK_DIRENCANAKAN)  # fmt: skip
    rinci["perangkat_daerah"] = rinci["perangkat_daerah_atas"].fillna(
        rinci["perangkat_daerah_bawah"]
    )
    rinci["pasangan"] = label
    rinci = rinci[["kode_wilayah", "pasangan", "tahun", "tingkat", "jenis_temuan",
                   "kode_nomenklatur", "perangkat_daerah"]]  # fmt: skip
    return s, rinci


def _target_per_dokumen(rencana: pd.DataFrame, dokumen: str, tahun: list[int] | None):
    mask = (
        (rencana["dokumen"] == dokumen)
        & rencana["kode_indikator"].notna()
        & (rencana["target_bawah"].notna() | rencana["target_atas"].notna())
    )
    if tahun is not None:
        mask &= rencana["tahun"].isin(tahun)
    cols = ["kode_wilayah", "tahun", "kode_indikator", "tingkat", "kode_nomenklatur",
            "perangkat_daerah", "target", "target_bawah", "target_atas"]  # fmt: skip
    return rencana.loc[mask, cols].drop_duplicates(
        ["kode_wilayah", "tahun", "kode_indikator"], keep="first"
    )


def deviasi_target(
    rencana: pd.DataFrame,
    indikator: pd.DataFrame,
    atas: str,
    bawah: str,
    tahun: list[int] | None = None,
) -> pd.DataFrame:
    """Indicators whose lower-document target is less ambitious than the upper's.

    naik: ``t_bawah < t_atas``; turun: ``t_bawah > t_atas`` (minimum-commitment bounds, same
    government, year and indicator code; the first line per key on each side). ``selisih =
    t_bawah − t_atas`` in the indicator's unit.

    Args:
        rencana: Typed ``rencana`` frame.
        indikator: Typed ``indikator`` frame (for ``arah``).
        atas: Upper document (``RPJMD`` or ``RENSTRA``).
        bawah: Lower document (``RKPD`` or ``RENJA``).
        tahun: Years to compare (None: all).

    Returns:
        Rows of ``konsistensi_rincian`` with ``jenis_temuan = target kurang ambisius``.
    """
    k = ["kode_wilayah", "tahun", "kode_indikator"]
    up = _target_per_dokumen(rencana, atas, tahun)[[*k, "target", "target_bawah", "target_atas"]]
    up = up.rename(columns={"target": "u_teks", "target_bawah": "u_bawah", "target_atas": "u_atas"})
    lo = _target_per_dokumen(rencana, bawah, tahun)
    m = lo.merge(up, on=k)
    m = m.merge(indikator[["kode_indikator", "arah"]].drop_duplicates("kode_indikator"),
                on="kode_indikator", how="left")  # fmt: skip
    d = arah_ke_d(m["arah"])
    t_lo = batas_komitmen(m["target_bawah"].to_numpy(float), m["target_atas"].to_numpy(float), d)
    t_up = batas_komitmen(m["u_bawah"].to_numpy(float), m["u_atas"].to_numpy(float), d)
    with np.errstate(invalid="ignore"):
        beda = ~np.isclose(t_lo, t_up, rtol=1e-9, atol=1e-12)
        kurang = beda & (((d > 0) & (t_lo < t_up)) | ((d < 0) & (t_lo > t_up)))
    m = m.loc[kurang]
    out = pd.DataFrame(
        {
            "kode_wilayah": m["kode_wilayah"],
            "pasangan": _pasangan_label(atas, bawah),
            "tahun": m["tahun"],
            "tingkat": m["tingkat"],
            "jenis_temuan": TEMUAN_TARGET,
            "kode_nomenklatur": m["kode_nomenklatur"],
            "perangkat_daerah": m["perangkat_daerah"],
            "kode_indikator": m["kode_indikator"],
            "arah": m["arah"],
            # The text as written in each document: what a reader checks.
            "target_dokumen_atas": m["u_teks"].astype("string"),
            "target_dokumen_bawah": m["target"].astype("string"),
            "selisih": (t_lo - t_up)[kurang],
        }
    )
    return out.reset_index(drop=True)


def hitung_konsistensi(
    rencana: pd.DataFrame,
    indikator: pd.DataFrame,
    *,
    tahun: int | list[int] | None = None,
    kode_wilayah: list[str] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Linkage %, MKPP category and offending lines for RPJMD→RKPD and Renstra→Renja.

    Args:
        rencana: Typed ``rencana`` frame.
        indikator: Typed ``indikator`` frame.
        tahun: Year(s) to evaluate (None: every year of the lower documents).
        kode_wilayah: Governments that must appear even with no plan lines at all (their rows
            show zero lines and an empty linkage %). None: those with lines.

    Returns:
        ``(konsistensi, konsistensi_rincian)``. ``konsistensi``: one row per government ×
        pair × year × level: ``kode_wilayah, pasangan, tahun, tingkat, n_baris_atas,
        n_baris_bawah, n_terhubung, n_tidak_ada_di_bawah, n_tidak_direncanakan,
        n_target_kurang_ambisius, keterkaitan_persen, kategori, keterangan``.
        ``konsistensi_rincian``: ``kode_wilayah, pasangan, tahun, tingkat, jenis_temuan,
        kode_nomenklatur, perangkat_daerah, kode_indikator, arah, target_dokumen_atas,
        target_dokumen_bawah, selisih``.
    """
    years = None if tahun is None else ([tahun] if isinstance(tahun, int) else list(tahun))
    ringkas, rinci = [], []
    for atas, bawah in PASANGAN:
        s, r = _keterkaitan_pasangan(rencana, atas, bawah, years)
        dev = deviasi_target(rencana, indikator, atas, bawah, years)
        n_dev = (
            dev.groupby(["kode_wilayah", "tahun", "tingkat"], observed=True)
            .size()
            .rename("n_target_kurang_ambisius")
            .reset_index()
        )
        s = s.merge(n_dev, on=["kode_wilayah", "tahun", "tingkat"], how="outer")
        s["pasangan"] = _pasangan_label(atas, bawah)
        ringkas.append(s)
        rinci.extend([r, dev])
    kons = pd.concat(ringkas, ignore_index=True)
    if kode_wilayah is not None:
        kons = _lengkapi_grid(kons, kode_wilayah, years)
    counts = ["n_baris_atas", "n_baris_bawah", "n_terhubung", "n_tidak_ada_di_bawah",
              "n_tidak_direncanakan", "n_target_kurang_ambisius"]  # fmt: skip
    kons[counts] = kons[counts].fillna(0).astype("int64")
    with np.errstate(invalid="ignore", divide="ignore"):
        pct = np.where(kons["n_baris_atas"] > 0, kons["n_terhubung"] / kons["n_baris_atas"] * 100,
                       np.nan)  # fmt: skip
    kons["keterkaitan_persen"] = pct
    kons["kategori"] = kategori_mkpp(kons["keterkaitan_persen"])
    ket = np.select(
        [(kons["n_baris_atas"] == 0) & (kons["n_baris_bawah"] == 0), kons["n_baris_atas"] == 0],
        ["tidak ada baris rencana", "dokumen atas tidak memuat tingkat ini"],
        None,
    )
    kons["keterangan"] = pd.array(ket, dtype="string")
    tingkat_urut = {t: i for i, t in enumerate(TINGKAT)}
    kons = kons.assign(_u=kons["tingkat"].map(tingkat_urut)).sort_values(
        ["kode_wilayah", "pasangan", "tahun", "_u"], kind="stable"
    )
    cols = ["kode_wilayah", "pasangan", "tahun", "tingkat", *counts, "keterkaitan_persen",
            "kategori", "keterangan"]  # fmt: skip
    kons = kons[cols].reset_index(drop=True)
    rincian = pd.concat(rinci, ignore_index=True)
    rcols = ["kode_wilayah", "pasangan", "tahun", "tingkat", "jenis_temuan", "kode_nomenklatur",
             "perangkat_daerah", "kode_indikator", "arah", "target_dokumen_atas",
             "target_dokumen_bawah", "selisih"]  # fmt: skip
    for c in rcols:
        if c not in rincian:
            rincian[c] = pd.NA
    rincian = rincian[rcols].sort_values(
        ["kode_wilayah", "pasangan", "tahun", "jenis_temuan", "kode_nomenklatur"], kind="stable"
    )
    return kons, rincian.reset_index(drop=True)


def _lengkapi_grid(kons: pd.DataFrame, kode_wilayah: list[str], years: list[int] | None):
    yrs = years if years is not None else sorted(kons["tahun"].dropna().unique().tolist())
    grid = pd.MultiIndex.from_product(
        [kode_wilayah, [_pasangan_label(a, b) for a, b in PASANGAN], yrs, list(TINGKAT)],
        names=["kode_wilayah", "pasangan", "tahun", "tingkat"],
    ).to_frame(index=False)
    kons = kons.astype({"kode_wilayah": "object", "tingkat": "object"})
    grid["tahun"] = grid["tahun"].astype(kons["tahun"].dtype)
    return grid.merge(kons, on=["kode_wilayah", "pasangan", "tahun", "tingkat"], how="outer")
