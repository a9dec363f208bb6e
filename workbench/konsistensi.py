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

from workbench.capaian import arah_ke_d, batas_komitmen, kunci_int
from workbench.vocabulary import TINGKAT_RENCANA

PASANGAN = (("RPJMD", "RKPD"), ("RENSTRA", "RENJA"))
TINGKAT = TINGKAT_RENCANA
KATEGORI_MKPP = ["sangat buruk", "buruk", "sedang", "baik", "sangat baik"]

TEMUAN_HILANG = "tidak ada di dokumen bawah"
TEMUAN_TAK_DIRENCANAKAN = "tidak direncanakan di dokumen atas"
TEMUAN_TARGET = "target kurang ambisius"



def kategori_mkpp(persen: pd.Series) -> pd.Series:
    """MKPP category of a linkage %: [0,20) sangat buruk … [80,100] sangat baik; NaN → NA."""
    cut = pd.cut(
        persen, bins=[-np.inf, 20, 40, 60, 80, np.inf], right=False, labels=KATEGORI_MKPP
    )
    return cut.astype("string")


def _pasangan_label(atas: str, bawah: str) -> str:
    return f"{atas}→{bawah}"


def _keterkaitan_pasangan(
    rencana: pd.DataFrame, atas: str, bawah: str, tahun: list[int] | None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Linkage counts and offending lines of one document pair.

    Lines are matched on (government, year, code); a duplicate line counts once. The keys are
    encoded as int64 once (factorised codes) so that matching a national package is a sort of
    integers rather than repeated merges on text columns.
    """
    mask = rencana["dokumen"].isin([atas, bawah]).to_numpy(dtype=bool)
    if tahun is not None:
        mask &= rencana["tahun"].isin(tahun).to_numpy(dtype=bool)
    sub = rencana.loc[mask, ["kode_wilayah", "dokumen", "tahun", "tingkat", "kode_nomenklatur",
                             "perangkat_daerah"]]  # fmt: skip
    t_code = pd.Categorical(sub["tingkat"], categories=list(TINGKAT)).codes.astype(np.int64)
    sub = sub.loc[t_code >= 0]
    t_code = t_code[t_code >= 0]
    w, w_uni = pd.factorize(sub["kode_wilayah"])
    n, _ = pd.factorize(sub["kode_nomenklatur"])
    yr = sub["tahun"].to_numpy(np.int64)
    y0 = int(yr.min()) if len(yr) else 0
    ny = int(yr.max()) - y0 + 1 if len(yr) else 1
    wy = w.astype(np.int64) * ny + (yr - y0)
    key = wy * (int(n.max()) + 1 if len(n) else 1) + n
    lvl = wy * len(TINGKAT) + t_code
    is_up = (sub["dokumen"] == atas).to_numpy(dtype=bool)
    pos_up, pos_lo = np.flatnonzero(is_up), np.flatnonzero(~is_up)
    uk, ui = np.unique(key[pos_up], return_index=True)
    lk, li = np.unique(key[pos_lo], return_index=True)
    up_rows, lo_rows = pos_up[ui], pos_lo[li]
    up_found = np.isin(uk, lk, assume_unique=True)
    lo_found = np.isin(lk, uk, assume_unique=True)
    # Only levels the upper document has (for that government and year) are judged.
    lo_scored = np.isin(lvl[lo_rows], np.unique(lvl[up_rows]))
    lo_unplanned = ~lo_found & lo_scored

    levels = np.unique(np.concatenate([lvl[up_rows], lvl[lo_rows]]))

    def count(rows: np.ndarray) -> np.ndarray:
        return np.bincount(np.searchsorted(levels, lvl[rows]), minlength=len(levels))

    s = pd.DataFrame(
        {
            "kode_wilayah": pd.array(np.asarray(w_uni)[levels // len(TINGKAT) // ny],
                                     dtype="string"),  # fmt: skip
            "tahun": (levels // len(TINGKAT)) % ny + y0,
            "tingkat": pd.array(np.asarray(TINGKAT)[levels % len(TINGKAT)], dtype="string"),
            "n_baris_atas": count(up_rows),
            "n_baris_bawah": count(lo_rows),
            "n_terhubung": count(up_rows[up_found]),
            "n_tidak_ada_di_bawah": count(up_rows[~up_found]),
            "n_tidak_direncanakan": count(lo_rows[lo_unplanned]),
        }
    )
    label = _pasangan_label(atas, bawah)
    s.insert(1, "pasangan", label)

    hilang = sub.iloc[up_rows[~up_found]].assign(jenis_temuan=TEMUAN_HILANG)
    baru = sub.iloc[lo_rows[lo_unplanned]].assign(jenis_temuan=TEMUAN_TAK_DIRENCANAKAN)
    rinci = pd.concat([hilang, baru], ignore_index=True).assign(pasangan=label)
    rinci = rinci[["kode_wilayah", "pasangan", "tahun", "tingkat", "jenis_temuan",
                   "kode_nomenklatur", "perangkat_daerah"]]  # fmt: skip
    return s, rinci


def _baris_bertarget(rencana: pd.DataFrame, tahun: list[int] | None) -> pd.DataFrame:
    """Plan lines with an indicator code and a parsed target (of the given years)."""
    mask = rencana["kode_indikator"].notna().to_numpy(dtype=bool) & (
        rencana["target_bawah"].notna().to_numpy() | rencana["target_atas"].notna().to_numpy()
    )
    if tahun is not None:
        mask &= rencana["tahun"].isin(tahun).to_numpy(dtype=bool)
    return rencana.loc[mask]


def _target_per_dokumen(bertarget: pd.DataFrame, dokumen: str) -> pd.DataFrame:
    r = bertarget.loc[(bertarget["dokumen"] == dokumen).to_numpy(dtype=bool)]
    cols = ["kode_wilayah", "tahun", "kode_indikator", "tingkat", "kode_nomenklatur",
            "perangkat_daerah", "target", "target_bawah", "target_atas"]  # fmt: skip
    key = kunci_int(r["kode_wilayah"], r["tahun"], r["kode_indikator"])
    _, first = np.unique(key, return_index=True)
    return r.iloc[np.sort(first)][cols]  # first line per key, in file order


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
    bertarget = _baris_bertarget(rencana, tahun)
    up = _target_per_dokumen(bertarget, atas)[[*k, "target", "target_bawah", "target_atas"]]
    up = up.rename(columns={"target": "u_teks", "target_bawah": "u_bawah", "target_atas": "u_atas"})
    lo = _target_per_dokumen(bertarget, bawah)
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
            "selisih": np.round(t_lo - t_up, 9)[kurang],
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
    bertarget = _baris_bertarget(rencana, years)  # cut once for both pairs
    for atas, bawah in PASANGAN:
        s, r = _keterkaitan_pasangan(rencana, atas, bawah, years)
        dev = deviasi_target(bertarget, indikator, atas, bawah, years)
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
