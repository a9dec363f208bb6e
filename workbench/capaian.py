"""Achievement (*capaian*) and gaps per indicator × wilayah × year, trend and trajectory.

Frames in, frames out; no I/O. The inputs are the typed frames of
:func:`workbench.contract.load_package` (``rencana`` with ``target_bawah``/``target_atas``,
``realisasi`` keyed by Kemendagri ``kode_wilayah``, ``indikator`` with ``arah``).

Rules (DOMAIN.md §4, DESIGN.md §4.2):

* **Target of a year**: the RKPD line of that year when the government's RKPD carries the
  indicator, else the RPJMD line of that year (``sumber_target`` says which). A range target
  (``4,11–4,66``) keeps both bounds; the *minimum-commitment bound* is the one a government
  must at least reach: the lower bound for *naik*, the upper bound for *turun*. That bound is
  the ``target`` column and the base of capaian and gap.
* **Capaian %** (performance-accountability practice, DOMAIN.md §4), with target ``t`` and
  realisation ``r``:

  - naik: ``r / t × 100``; written ``100 + (r − t) / |t| × 100`` so a negative target (e.g. a
    contraction in growth) keeps the meaning "above target is better".
  - turun: ``(2t − r) / t × 100``, i.e. ``100 − (r − t) / |t| × 100``; floored at 0
    (a turun indicator overshooting to twice its target scores 0, not a negative number).
  - tetap: ``100 − dev / |t| × 100`` where ``dev`` is the distance from ``r`` to the target
    (to the nearest bound of a range target; 0 inside the range) and ``t`` is that bound.
  - every direction is floored at 0 and rounded to 1e-9 (so 72.8 / 80 × 100 is exactly 91,
    Sangat Tinggi, not 90.99999999999999); the optional cap (parameter ``capaian.batas_atas``:
    none, 100 or 120) clips from above.
  - **target 0** (e.g. "0 kasus"): the ratio is undefined, so capaian is 100 when the target
    is met and 0 when it is not; ``catatan`` says so and ``gap_relatif_persen`` stays empty.
    No division by zero, no ``inf``.
* **memenuhi**: naik ``r ≥ t``; turun ``r ≤ t``; tetap ``bawah ≤ r ≤ atas``. For a range
  target ``dalam_rentang`` is True when ``r`` lies inside the range (a naik indicator above
  its range, or a turun one below it, does better than planned: memenuhi True, dalam_rentang
  False).
* **Predikat** (Permendagri 86/2017 evaluation scale), half-open bands so no value falls
  between them: Sangat Tinggi ≥ 91; Tinggi [76, 91); Sedang [66, 76); Rendah [51, 66);
  Sangat Rendah < 51. Bounds come from parameters.
* **Gap** in the indicator's unit, positive = shortfall: naik ``t − r``; turun ``r − t``;
  tetap ``dev``. ``gap_relatif_persen = gap / |t| × 100``.
* **Missing realisation**: status ``belum ada realisasi``; capaian, predikat and gap stay
  empty, never zero. Realisations are annual values: duplicates for one key are never summed
  (a rate or a stock summed over quarters is meaningless); the last row is used and
  ``n_nilai_realisasi`` counts them.
* **Trend**: least-squares slope of the realisations over the years available (change per
  year, in the unit); ``membaik`` when it moves in the indicator's direction.
* **Trajectory** (Open SDG / Statistics Canada progress measure, open-sdg/sdg-build
  ``IndicatorProgress.methodology_2``): base year ``t0`` = earliest realisation, current
  ``ti`` = latest, target ``y_T`` = RPJMD target of the RPJMD's last year ``T``;
  ``CAGR = (y_i / y_0)^(1/(t_i − t_0)) − 1``, ``CAGR_T = (y_T / y_0)^(1/(T − t_0)) − 1``,
  ``R = d · CAGR / |CAGR_T|`` (d = +1 naik, −1 turun). Status: target already met →
  ``target tercapai``; ``R ≥ 0.95`` sesuai lintasan; ``0.6 ≤ R < 0.95`` perlu percepatan;
  ``0 ≤ R < 0.6`` kemajuan terbatas; ``R < 0`` memburuk. When a value is ≤ 0 a growth rate
  is undefined: the same ratio is taken on the linear annual change
  (``(y_i − y_0)/(t_i − t_0)`` against ``(y_T − y_0)/(T − t_0)``), ``metode = linear``.
  When the required change is 0 (target equals the base value) and the target is not met,
  the indicator has moved away from it: memburuk, R empty.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from workbench.config import Predikat

KUNCI = ["kode_wilayah", "kode_indikator", "tahun"]
PREDIKAT_LABEL = ["Sangat Rendah", "Rendah", "Sedang", "Tinggi", "Sangat Tinggi"]

STATUS_DIHITUNG = "dihitung"
STATUS_BELUM_REALISASI = "belum ada realisasi"
STATUS_TANPA_TARGET = "tidak ada target"
STATUS_ARAH_TIDAK_DIKETAHUI = "arah indikator tidak diketahui"

LINTASAN_TERCAPAI = "target tercapai"
LINTASAN_SESUAI = "sesuai lintasan"
LINTASAN_PERCEPATAN = "perlu percepatan"
LINTASAN_TERBATAS = "kemajuan terbatas"
LINTASAN_MEMBURUK = "memburuk"

_ARAH_D = {"naik": 1.0, "turun": -1.0, "tetap": 0.0}
_DOKUMEN_TARGET = {"RKPD": 0, "RPJMD": 1}


def arah_ke_d(arah: pd.Series) -> np.ndarray:
    """Direction sign d: +1 naik, −1 turun, 0 tetap, NaN unknown."""
    codes, uniq = pd.factorize(arah)  # a handful of distinct values: map those, not every row
    lut = np.array([_ARAH_D.get(str(u).strip().lower(), np.nan) for u in uniq] + [np.nan])
    return lut[codes]  # code −1 (missing) picks the trailing NaN


def batas_komitmen(bawah: np.ndarray, atas: np.ndarray, d: np.ndarray) -> np.ndarray:
    """The minimum-commitment bound of a (possibly open or ranged) target.

    naik: the lower bound; turun: the upper bound; tetap: the midpoint of a finite range
    (a point target is its own midpoint). When the preferred bound is infinite (``≤ 5`` on a
    naik indicator), the finite one is used.

    Args:
        bawah: Lower bounds (may be ``-inf``/NaN).
        atas: Upper bounds (may be ``inf``/NaN).
        d: Direction sign from :func:`arah_ke_d`.

    Returns:
        One float per row; NaN when both bounds are missing.
    """
    bawah = np.asarray(bawah, dtype=float)
    atas = np.asarray(atas, dtype=float)
    fin_b = np.isfinite(bawah)
    fin_a = np.isfinite(atas)
    naik = np.where(fin_b, bawah, np.where(fin_a, atas, np.nan))
    turun = np.where(fin_a, atas, np.where(fin_b, bawah, np.nan))
    tengah = np.where(fin_a & fin_b, (bawah + atas) / 2, np.where(fin_b, bawah, turun))
    return np.where(d > 0, naik, np.where(d < 0, turun, tengah))


def pilih_target(rencana: pd.DataFrame) -> pd.DataFrame:
    """The target of each wilayah × indicator × year: RKPD when present, else RPJMD.

    Only lines with an indicator code and a parsed target count. When one document holds
    several lines for the same key (the indicator repeated under several programmes), the
    first line in file order is used and ``n_target_berbeda`` counts distinct (bawah, atas)
    pairs among them so a conflict is visible.

    Args:
        rencana: Typed ``rencana`` frame.

    Returns:
        ``kode_wilayah, kode_indikator, tahun, target_bawah, target_atas, target_teks,
        sumber_target, n_target_berbeda``.
    """
    mask = (
        rencana["kode_indikator"].notna().to_numpy(dtype=bool)
        & rencana["dokumen"].isin(list(_DOKUMEN_TARGET)).to_numpy(dtype=bool)
        & (rencana["target_bawah"].notna().to_numpy() | rencana["target_atas"].notna().to_numpy())
    )
    r = rencana.loc[mask, [*KUNCI, "dokumen", "target", "target_bawah", "target_atas"]]
    key = kunci_int(r["kode_wilayah"], r["kode_indikator"], r["tahun"])
    prio = r["dokumen"].map(_DOKUMEN_TARGET).to_numpy(dtype=np.int64)
    # Sort by key, then document priority, then file order (lexsort: last key is primary).
    order = np.lexsort((np.arange(len(r)), prio, key))
    ks, ps = key[order], prio[order]
    start = np.r_[True, ks[1:] != ks[:-1]] if len(ks) else np.zeros(0, bool)
    first_pos = order[start]
    # Distinct (bawah, atas) among the lines of the chosen document, per key.
    grp = np.cumsum(start) - 1
    chosen = ps == ps[start][grp]
    same = pd.DataFrame(
        {"g": grp[chosen], "b": r["target_bawah"].to_numpy(float)[order][chosen],
         "a": r["target_atas"].to_numpy(float)[order][chosen]}
    ).drop_duplicates()  # fmt: skip
    n_beda = np.bincount(same["g"].to_numpy(), minlength=int(start.sum()))
    out = r.iloc[first_pos].rename(columns={"target": "target_teks", "dokumen": "sumber_target"})
    out = out.assign(n_target_berbeda=n_beda)
    return out[
        [*KUNCI, "target_bawah", "target_atas", "target_teks", "sumber_target", "n_target_berbeda"]
    ].reset_index(drop=True)


def kunci_int(*cols: pd.Series) -> np.ndarray:
    """One int64 key per row for a combination of columns (factorised codes, mixed radix).

    Matching and grouping on one integer is far faster than on several text columns at
    national scale. Missing values get their own code.

    Args:
        *cols: Aligned Series.

    Returns:
        An int64 array; equal rows have equal keys.
    """
    key = np.zeros(len(cols[0]), dtype=np.int64)
    for c in cols:
        codes, uniques = pd.factorize(c, use_na_sentinel=False)
        key = key * (len(uniques) + 1) + codes.astype(np.int64)
    return key


def realisasi_tahunan(realisasi: pd.DataFrame) -> pd.DataFrame:
    """One realisation per key, never summed: the last row, with the count of rows.

    Args:
        realisasi: Typed ``realisasi`` frame.

    Returns:
        ``kode_wilayah, kode_indikator, tahun, realisasi, n_nilai_realisasi``.
    """
    r = realisasi.loc[realisasi["realisasi"].notna(), [*KUNCI, "realisasi"]]
    n = r.groupby(KUNCI, observed=True).size().rename("n_nilai_realisasi").reset_index()
    last = r.drop_duplicates(KUNCI, keep="last")
    return last.merge(n, on=KUNCI, how="left").reset_index(drop=True)


def nilai_capaian(
    target: np.ndarray,
    realisasi: np.ndarray,
    d: np.ndarray,
    bawah: np.ndarray | None = None,
    atas: np.ndarray | None = None,
    batas_atas: float | None = None,
) -> dict[str, np.ndarray]:
    """Vectorised capaian %, memenuhi, gap and relative gap (formulas in the module docstring).

    Args:
        target: Minimum-commitment bound ``t`` (see :func:`batas_komitmen`).
        realisasi: Realisation ``r`` (NaN = none).
        d: Direction sign (+1 naik, −1 turun, 0 tetap, NaN unknown).
        bawah: Lower bounds of the target (default: ``target``); used by tetap and ranges.
        atas: Upper bounds of the target (default: ``target``).
        batas_atas: Optional cap (100 or 120).

    Returns:
        Arrays ``capaian_persen, memenuhi`` (float 1/0/NaN), ``dalam_rentang`` (float 1/0/NaN;
        NaN for point targets), ``gap, gap_relatif_persen, target_nol`` (bool).
    """
    t = np.asarray(target, dtype=float)
    r = np.asarray(realisasi, dtype=float)
    d = np.asarray(d, dtype=float)
    lo = t if bawah is None else np.asarray(bawah, dtype=float)
    hi = t if atas is None else np.asarray(atas, dtype=float)
    lo = np.where(np.isnan(lo), t, lo)
    hi = np.where(np.isnan(hi), t, hi)
    valid = ~np.isnan(t) & ~np.isnan(r) & ~np.isnan(d)

    with np.errstate(invalid="ignore", divide="ignore"):
        # tetap: distance to the band [lo, hi]; the bound crossed is the reference.
        below = r < lo
        above = r > hi
        dev = np.where(below, lo - r, np.where(above, r - hi, 0.0))
        ref_tetap = np.where(below, lo, np.where(above, hi, t))
        near = lambda a, b: np.isclose(a, b, rtol=1e-9, atol=1e-12)  # noqa: E731
        met_naik = (r > t) | near(r, t)
        met_turun = (r < t) | near(r, t)
        met_tetap = ((r > lo) | near(r, lo)) & ((r < hi) | near(r, hi))
        memenuhi = np.where(d > 0, met_naik, np.where(d < 0, met_turun, met_tetap))

        ref = np.where(d == 0, ref_tetap, t)
        absref = np.abs(ref)
        # The canonical forms r/t and (2t − r)/t for t > 0; the |t| forms for t < 0.
        cap_naik = np.where(t > 0, r / t * 100, 100 + (r - t) / absref * 100)
        cap_turun = np.where(t > 0, (2 * t - r) / t * 100, 100 - (r - t) / absref * 100)
        cap = np.where(d > 0, cap_naik, np.where(d < 0, cap_turun, 100 - dev / absref * 100))
        nol = ref == 0
        cap = np.where(nol, np.where(memenuhi, 100.0, 0.0), cap)
        # Rounding to 1e-9 removes binary floating error (72.8/80×100 = 90.99999999999999),
        # so band boundaries such as 91 behave as written.
        cap = np.round(np.maximum(cap, 0.0), 9)
        if batas_atas is not None:
            cap = np.minimum(cap, float(batas_atas))
        gap = np.where(d > 0, t - r, np.where(d < 0, r - t, dev))
        gap = np.where(near(gap, 0.0), 0.0, gap)
        gap_rel = np.where(nol, np.nan, gap / absref * 100)

    rentang = np.isfinite(lo) & np.isfinite(hi) & (lo != hi) | (np.isinf(lo) ^ np.isinf(hi))
    dalam = ((r > lo) | near(r, lo)) & ((r < hi) | near(r, hi))
    nan = np.full(t.shape, np.nan)
    return {
        "capaian_persen": np.where(valid, cap, nan),
        "memenuhi": np.where(valid, memenuhi.astype(float), nan),
        "dalam_rentang": np.where(valid & rentang, dalam.astype(float), nan),
        "gap": np.where(valid, gap, nan),
        "gap_relatif_persen": np.where(valid, gap_rel, nan),
        "target_nol": valid & nol,
    }


def predikat(capaian_persen: pd.Series, bands: Predikat | None = None) -> pd.Series:
    """Predikat of capaian % with half-open bands ``[lower, next lower)``.

    Sangat Tinggi ≥ 91; Tinggi [76, 91); Sedang [66, 76); Rendah [51, 66); Sangat Rendah < 51
    (defaults; Permendagri 86/2017 scale). NaN capaian gives NA.

    Args:
        capaian_persen: Capaian values.
        bands: Band lower bounds (default :class:`~workbench.config.Predikat`).

    Returns:
        A ``string`` Series of labels.
    """
    bands = bands or Predikat()
    cut = pd.cut(capaian_persen, bins=bands.batas(), right=False, labels=PREDIKAT_LABEL)
    return cut.astype("string")


def _bool(a: np.ndarray) -> pd.arrays.BooleanArray:
    return pd.array(np.where(np.isnan(a), None, a == 1), dtype="boolean")


def hitung_capaian(
    rencana: pd.DataFrame,
    realisasi: pd.DataFrame,
    indikator: pd.DataFrame,
    *,
    tahun_sampai: int | None = None,
    batas_atas: float | None = None,
    bands: Predikat | None = None,
    target: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Capaian, predikat and gap per wilayah × indicator × year (rules in the module docstring).

    Args:
        rencana: Typed ``rencana`` frame.
        realisasi: Typed ``realisasi`` frame (Kemendagri codes).
        indikator: Typed ``indikator`` frame.
        tahun_sampai: Keep years up to and including this one (None: all years).
        batas_atas: Optional capaian cap (100 or 120).
        bands: Predikat band bounds.
        target: ``pilih_target(rencana)`` when already computed (shared with the target
            arithmetic by :func:`workbench.analysis.run_analysis`).

    Returns:
        One row per key present in the targets or the realisations: ``kode_wilayah,
        kode_indikator, tahun, target, realisasi, capaian_persen, predikat, gap,
        gap_relatif_persen, memenuhi, dalam_rentang, target_bawah, target_atas, target_teks,
        sumber_target, arah, satuan, uraian_indikator, status, catatan, n_nilai_realisasi,
        n_target_berbeda``.
    """
    tgt = pilih_target(rencana) if target is None else target
    real = realisasi_tahunan(realisasi)
    if tahun_sampai is not None:
        tgt = tgt[tgt["tahun"] <= tahun_sampai]
        real = real[real["tahun"] <= tahun_sampai]
    df = tgt.merge(real, on=KUNCI, how="outer")
    ind = indikator[["kode_indikator", "arah", "satuan", "uraian"]].drop_duplicates(
        "kode_indikator"
    )
    ind = ind.rename(columns={"uraian": "uraian_indikator"})
    df = df.merge(ind, on="kode_indikator", how="left")
    d = arah_ke_d(df["arah"])
    t = batas_komitmen(df["target_bawah"].to_numpy(float), df["target_atas"].to_numpy(float), d)
    # Unknown direction: the target is still shown (lower bound), nothing is scored.
    t = np.where(np.isnan(d), df["target_bawah"].to_numpy(float), t)
    v = nilai_capaian(
        t,
        df["realisasi"].to_numpy(float),
        d,
        df["target_bawah"].to_numpy(float),
        df["target_atas"].to_numpy(float),
        batas_atas=batas_atas,
    )
    df["target"] = t
    df["capaian_persen"] = v["capaian_persen"]
    df["predikat"] = predikat(df["capaian_persen"], bands)
    # Rounded to 1e-9: removes binary noise (80 − 79.94 = 0.0600000000000023) from outputs.
    df["gap"] = np.round(v["gap"], 9)
    df["gap_relatif_persen"] = np.round(v["gap_relatif_persen"], 9)
    df["memenuhi"] = _bool(v["memenuhi"])
    df["dalam_rentang"] = _bool(v["dalam_rentang"])

    no_t = np.isnan(t)
    no_r = df["realisasi"].isna().to_numpy()
    status = np.select(
        [no_t, no_r, np.isnan(d)],
        [STATUS_TANPA_TARGET, STATUS_BELUM_REALISASI, STATUS_ARAH_TIDAK_DIKETAHUI],
        STATUS_DIHITUNG,
    )
    df["status"] = pd.array(status, dtype="string")
    catatan = np.where(
        v["target_nol"], "target nol: capaian 100 bila terpenuhi, 0 bila tidak", None
    )
    beda = df["n_target_berbeda"].fillna(1).to_numpy() > 1
    catatan = np.where(
        beda & pd.isna(catatan),
        "dokumen memuat beberapa target berbeda; baris pertama dipakai",
        catatan,
    )
    df["catatan"] = pd.array(catatan, dtype="string")
    df["n_nilai_realisasi"] = df["n_nilai_realisasi"].astype("Int64")
    df["n_target_berbeda"] = df["n_target_berbeda"].astype("Int64")
    cols = [
        *KUNCI, "target", "realisasi", "capaian_persen", "predikat", "gap",
        "gap_relatif_persen", "memenuhi", "dalam_rentang", "target_bawah", "target_atas",
        "target_teks", "sumber_target", "arah", "satuan", "uraian_indikator", "status",
        "catatan", "n_nilai_realisasi", "n_target_berbeda",
    ]  # fmt: skip
    return df[cols].sort_values(KUNCI, kind="stable").reset_index(drop=True)


def tren(realisasi: pd.DataFrame, indikator: pd.DataFrame) -> pd.DataFrame:
    """Least-squares change per year of the realisations of each wilayah × indicator.

    ``tren_per_tahun = Σ(t − t̄)(y − ȳ) / Σ(t − t̄)²`` over the available years (unit per
    year); ``tren_arah`` is ``membaik`` when ``d · slope > 0``, ``memburuk`` when ``< 0``,
    ``stabil`` when 0, empty with fewer than 2 years, ``tidak dinilai (arah tetap)`` for
    tetap indicators.

    Args:
        realisasi: Output of :func:`realisasi_tahunan` (one value per key).
        indikator: Typed ``indikator`` frame.

    Returns:
        ``kode_wilayah, kode_indikator, n_tahun_realisasi, tren_per_tahun, tren_arah``.
    """
    g = ["kode_wilayah", "kode_indikator"]
    r = realisasi[[*g, "tahun", "realisasi"]].copy()
    r["tahun"] = r["tahun"].astype(float)
    grp = r.groupby(g, observed=True)
    r["dt"] = r["tahun"] - grp["tahun"].transform("mean")
    r["dy"] = r["realisasi"] - grp["realisasi"].transform("mean")
    r["sxy"] = r["dt"] * r["dy"]
    r["sxx"] = r["dt"] * r["dt"]
    agg = r.groupby(g, observed=True).agg(
        n_tahun_realisasi=("tahun", "size"), sxy=("sxy", "sum"), sxx=("sxx", "sum")
    )
    with np.errstate(invalid="ignore", divide="ignore"):
        slope = np.where(agg["sxx"] > 0, agg["sxy"] / agg["sxx"], np.nan)
    agg = agg.reset_index()
    agg["tren_per_tahun"] = np.round(slope, 9)
    agg = agg.merge(indikator[["kode_indikator", "arah"]].drop_duplicates("kode_indikator"),
                    on="kode_indikator", how="left")  # fmt: skip
    d = arah_ke_d(agg["arah"])
    s = d * np.where(np.isclose(slope, 0.0, atol=1e-12), 0.0, slope)
    arah = np.select(
        [np.isnan(slope), d == 0, s > 0, s < 0, s == 0],
        [None, "tidak dinilai (arah tetap)", "membaik", "memburuk", "stabil"],
        None,
    )
    agg["tren_arah"] = pd.array(arah, dtype="string")
    agg["n_tahun_realisasi"] = agg["n_tahun_realisasi"].astype("Int64")
    return agg[[*g, "n_tahun_realisasi", "tren_per_tahun", "tren_arah"]]


def lintasan(
    rencana: pd.DataFrame,
    realisasi: pd.DataFrame,
    indikator: pd.DataFrame,
    *,
    tahun_sampai: int | None = None,
) -> pd.DataFrame:
    """On-track status toward the RPJMD end-year target (Open SDG progress measure).

    Formula and edge cases in the module docstring.

    Args:
        rencana: Typed ``rencana`` frame.
        realisasi: Typed ``realisasi`` frame.
        indikator: Typed ``indikator`` frame.
        tahun_sampai: Only realisations up to this year count.

    Returns:
        One row per wilayah × indicator with a realisation or an RPJMD target:
        ``kode_wilayah, kode_indikator, arah, tahun_dasar, nilai_dasar, tahun_terakhir,
        nilai_terakhir, tahun_target, target_akhir, metode, laju_aktual, laju_perlu,
        rasio_lintasan, status_lintasan, n_tahun_realisasi, tren_per_tahun, tren_arah``.
    """
    g = ["kode_wilayah", "kode_indikator"]
    real = realisasi_tahunan(realisasi)
    if tahun_sampai is not None:
        real = real[real["tahun"] <= tahun_sampai]
    real = real.sort_values([*g, "tahun"], kind="stable")
    grp = real.groupby(g, observed=True)
    ends = pd.DataFrame(
        {
            "tahun_dasar": grp["tahun"].first(),
            "nilai_dasar": grp["realisasi"].first(),
            "tahun_terakhir": grp["tahun"].last(),
            "nilai_terakhir": grp["realisasi"].last(),
        }
    ).reset_index()

    rp = rencana.loc[
        (rencana["dokumen"] == "RPJMD")
        & rencana["kode_indikator"].notna()
        & (rencana["target_bawah"].notna() | rencana["target_atas"].notna()),
        [*g, "tahun", "target_bawah", "target_atas"],
    ]
    rp = rp.sort_values([*g, "tahun"], kind="stable").drop_duplicates(g, keep="last")
    rp = rp.rename(columns={"tahun": "tahun_target"})

    df = ends.merge(rp, on=g, how="outer")
    ind = indikator[["kode_indikator", "arah"]].drop_duplicates("kode_indikator")
    df = df.merge(ind, on="kode_indikator", how="left")
    d = arah_ke_d(df["arah"])
    yT = batas_komitmen(df["target_bawah"].to_numpy(float), df["target_atas"].to_numpy(float), d)
    df["target_akhir"] = yT
    y0 = df["nilai_dasar"].to_numpy(float)
    yi = df["nilai_terakhir"].to_numpy(float)
    t0 = df["tahun_dasar"].to_numpy(float)
    ti = df["tahun_terakhir"].to_numpy(float)
    tT = df["tahun_target"].to_numpy(float)

    with np.errstate(invalid="ignore", divide="ignore"):
        pakai_cagr = (y0 > 0) & (yi > 0) & (yT > 0)
        aktual = np.where(
            pakai_cagr, (yi / y0) ** (1 / (ti - t0)) - 1, (yi - y0) / (ti - t0)
        )
        perlu = np.where(
            pakai_cagr, (yT / y0) ** (1 / (tT - t0)) - 1, (yT - y0) / (tT - t0)
        )
        perlu_nol = np.isclose(perlu, 0.0, atol=1e-12)
        rasio = np.where(perlu_nol, np.nan, d * aktual / np.abs(perlu))
    near = np.isclose(yi, yT, rtol=1e-9, atol=1e-12)
    tercapai = ((d > 0) & ((yi > yT) | near)) | ((d < 0) & ((yi < yT) | near))

    conditions = [
        np.isnan(yi),
        np.isnan(yT),
        np.isnan(d),
        d == 0,
        tercapai,
        ti <= t0,
        tT <= t0,
        perlu_nol,
        rasio >= 0.95,
        rasio >= 0.6,
        rasio >= 0,
        rasio < 0,
    ]
    choices = [
        STATUS_BELUM_REALISASI,
        "tidak ada target RPJMD",
        STATUS_ARAH_TIDAK_DIKETAHUI,
        "tidak dinilai (arah tetap)",
        LINTASAN_TERCAPAI,
        "data belum cukup (perlu 2 tahun realisasi)",
        "tahun target tidak setelah tahun dasar",
        LINTASAN_MEMBURUK,
        LINTASAN_SESUAI,
        LINTASAN_PERCEPATAN,
        LINTASAN_TERBATAS,
        LINTASAN_MEMBURUK,
    ]
    status = np.select(conditions, choices, "tidak dapat dihitung")
    dihitung = np.isin(status, [LINTASAN_SESUAI, LINTASAN_PERCEPATAN, LINTASAN_TERBATAS,
                                LINTASAN_MEMBURUK]) & ~perlu_nol  # fmt: skip
    df["metode"] = pd.array(
        np.where(dihitung, np.where(pakai_cagr, "CAGR", "linear"), None), dtype="string"
    )
    df["laju_aktual"] = np.where(dihitung, aktual, np.nan)
    df["laju_perlu"] = np.where(dihitung, perlu, np.nan)
    df["rasio_lintasan"] = np.where(dihitung, rasio, np.nan)
    df["status_lintasan"] = pd.array(status, dtype="string")
    for c in ("tahun_dasar", "tahun_terakhir", "tahun_target"):
        df[c] = df[c].astype("Int64")
    df = df.merge(tren(real, indikator), on=g, how="left")
    cols = [
        *g, "arah", "tahun_dasar", "nilai_dasar", "tahun_terakhir", "nilai_terakhir",
        "tahun_target", "target_akhir", "metode", "laju_aktual", "laju_perlu",
        "rasio_lintasan", "status_lintasan", "n_tahun_realisasi", "tren_per_tahun", "tren_arah",
    ]  # fmt: skip
    return df[cols].sort_values(g, kind="stable").reset_index(drop=True)
