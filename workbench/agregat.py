"""Target arithmetic (*target agregat*): do the district targets add up to the province's?

Frames in, frames out; no I/O (DESIGN.md §4.5). For indicators whose province value is made
from district values (``indikator.agregasi``):

* ``rata_tertimbang_penduduk``: ``implied = Σ pᵢ · xᵢ / Σ pᵢ`` over the kab/kota that have a
  value, with ``pᵢ`` the population (``penduduk``) of the package's ``wilayah`` table;
* ``jumlah``: ``implied = Σ xᵢ``.

``x`` is each kab/kota's target of the year (the same choice as capaian: RKPD of the year,
else RPJMD; the minimum-commitment bound of a range) and, separately, its realisation.

* Targets: ``selisih_target`` in the indicator's unit, positive = the districts' targets fall
  short of the province target: naik ``target_provinsi − target_implisit``; turun
  ``target_implisit − target_provinsi``; tetap ``|target_implisit − target_provinsi|``.
  ``memenuhi`` is True when the shortfall is ≤ 0.
* Realisations (a data-quality check): ``selisih_realisasi = realisasi_implisit −
  realisasi_provinsi``; ``realisasi_konsisten`` is False when ``|selisih| / |realisasi_provinsi|``
  exceeds the tolerance from parameters (``agregat.toleransi_relatif``).
* Only complete sets are judged: when some kab/kota of the province have no value, the
  implied value is still shown (over those that have one) but ``memenuhi`` /
  ``realisasi_konsisten`` stay empty and ``keterangan`` names the gap.

The province of a kab/kota is the part of its Kemendagri code before the dot (``62.06`` →
``62``), which holds for every province in the Kemendagri code list.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from workbench.capaian import arah_ke_d, batas_komitmen, pilih_target, realisasi_tahunan

AGREGASI = ("rata_tertimbang_penduduk", "jumlah")


def _provinsi(kode: pd.Series) -> pd.Series:
    return kode.astype("string").str.split(".", n=1).str[0]


def _kabkota(wilayah: pd.DataFrame) -> pd.DataFrame:
    jenis = wilayah["jenis"].astype("string").str.lower()
    w = wilayah.loc[jenis != "provinsi", ["kode", "penduduk"]].copy()
    w["kode"] = w["kode"].astype("string")
    w["kode_provinsi"] = _provinsi(w["kode"])
    return w.rename(columns={"kode": "kode_wilayah"})


def _implisit(
    nilai: pd.DataFrame, kab: pd.DataFrame, kolom: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Aggregate district values ``kolom`` to the province per indicator × year."""
    k = ["kode_provinsi", "kode_indikator", "tahun"]
    x = nilai.merge(kab, on="kode_wilayah", how="inner")
    x = x[x[kolom].notna()].copy()
    x["_px"] = x["penduduk"] * x[kolom]
    g = x.groupby(k, observed=True)
    a = g.agg(_n=(kolom, "size"), _sum=(kolom, "sum"), _pxsum=("_px", "sum"),
              _psum=("penduduk", "sum"), agregasi=("agregasi", "first"))  # fmt: skip
    with np.errstate(invalid="ignore", divide="ignore"):
        implied = np.where(a["agregasi"] == "jumlah", a["_sum"], a["_pxsum"] / a["_psum"])
    a[f"{kolom}_implisit"] = implied
    x = x.merge(a["_psum"].reset_index(), on=k, how="left")
    x["bobot"] = np.where(x["agregasi"] == "jumlah", np.nan, x["penduduk"] / x["_psum"])
    a = a.rename(columns={"_n": f"n_kabkota_{kolom}"})
    return a[[f"n_kabkota_{kolom}", f"{kolom}_implisit"]].reset_index(), x


def hitung_target_agregat(
    rencana: pd.DataFrame,
    realisasi: pd.DataFrame,
    indikator: pd.DataFrame,
    wilayah: pd.DataFrame,
    *,
    tahun_sampai: int | None = None,
    toleransi_relatif: float = 0.01,
    target: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Province value implied by the districts vs the province's own, for targets and realisations.

    Args:
        rencana: Typed ``rencana`` frame.
        realisasi: Typed ``realisasi`` frame.
        indikator: Typed ``indikator`` frame (``agregasi``, ``arah``).
        wilayah: The package's ``wilayah`` table (``kode, jenis, penduduk``).
        tahun_sampai: Keep years up to and including this one (None: all).
        toleransi_relatif: Relative tolerance for the realisation check.
        target: ``pilih_target(rencana)`` when already computed.

    Returns:
        ``(target_agregat, target_agregat_rincian)``. ``target_agregat``: one row per
        province × indicator × year: ``kode_wilayah`` (the province), ``kode_indikator, tahun,
        agregasi, arah, n_kabkota, n_kabkota_bertarget, target_provinsi, target_implisit,
        selisih_target, memenuhi, n_kabkota_berrealisasi, realisasi_provinsi,
        realisasi_implisit, selisih_realisasi, selisih_realisasi_relatif, realisasi_konsisten,
        keterangan``. ``target_agregat_rincian``: one row per kab/kota × indicator × year:
        ``kode_wilayah, kode_provinsi, kode_indikator, tahun, penduduk, bobot, target,
        target_provinsi, menarik_ke_bawah, realisasi, realisasi_provinsi``.
    """
    cols = ["kode_indikator", "agregasi", "arah"]
    ind = indikator.loc[indikator["agregasi"].isin(AGREGASI), cols]
    ind = ind.drop_duplicates("kode_indikator")
    ind = ind.assign(agregasi=ind["agregasi"].astype(str), arah=ind["arah"].astype("string"))
    kab = _kabkota(wilayah)
    n_kab = kab.groupby("kode_provinsi").size().rename("n_kabkota").reset_index()
    prov_codes = set(kab["kode_provinsi"].unique())

    tgt = (pilih_target(rencana) if target is None else target).merge(ind, on="kode_indikator")
    d = arah_ke_d(tgt["arah"])
    tgt["target"] = batas_komitmen(tgt["target_bawah"].to_numpy(float),
                                   tgt["target_atas"].to_numpy(float), d)  # fmt: skip
    tgt = tgt[["kode_wilayah", "kode_indikator", "tahun", "target", "agregasi", "arah"]]
    real = realisasi_tahunan(realisasi).merge(ind, on="kode_indikator")
    real = real[["kode_wilayah", "kode_indikator", "tahun", "realisasi", "agregasi", "arah"]]
    if tahun_sampai is not None:
        tgt = tgt[tgt["tahun"] <= tahun_sampai]
        real = real[real["tahun"] <= tahun_sampai]
    for f in (tgt, real):
        f["kode_wilayah"] = f["kode_wilayah"].astype("string")

    k = ["kode_provinsi", "kode_indikator", "tahun"]
    t_imp, t_rin = _implisit(tgt, kab, "target")
    r_imp, r_rin = _implisit(real, kab, "realisasi")
    t_prov = tgt[tgt["kode_wilayah"].isin(prov_codes)].rename(
        columns={"kode_wilayah": "kode_provinsi", "target": "target_provinsi"})[
        [*k, "target_provinsi"]]  # fmt: skip
    r_prov = real[real["kode_wilayah"].isin(prov_codes)].rename(
        columns={"kode_wilayah": "kode_provinsi", "realisasi": "realisasi_provinsi"})[
        [*k, "realisasi_provinsi"]]  # fmt: skip

    df = t_imp.merge(t_prov, on=k, how="outer")
    df = df.merge(r_imp, on=k, how="outer").merge(r_prov, on=k, how="outer")
    df = df.merge(ind, on="kode_indikator", how="left").merge(n_kab, on="kode_provinsi", how="left")
    df["n_kabkota"] = df["n_kabkota"].fillna(0).astype("int64")
    df = df.rename(columns={"n_kabkota_target": "n_kabkota_bertarget",
                            "n_kabkota_realisasi": "n_kabkota_berrealisasi"})  # fmt: skip
    for c in ("n_kabkota_bertarget", "n_kabkota_berrealisasi"):
        df[c] = df[c].fillna(0).astype("int64")

    d = arah_ke_d(df["arah"])
    tp = df["target_provinsi"].to_numpy(float)
    ti = df["target_implisit"].to_numpy(float)
    shortfall = np.where(d > 0, tp - ti, np.where(d < 0, ti - tp, np.abs(ti - tp)))
    shortfall = np.where(np.isclose(shortfall, 0.0, atol=1e-9), 0.0, shortfall)
    lengkap_t = df["n_kabkota_bertarget"].to_numpy() == df["n_kabkota"].to_numpy()
    df["selisih_target"] = np.round(shortfall, 9)
    judged = lengkap_t & ~np.isnan(shortfall)
    df["memenuhi"] = pd.array(np.where(judged, shortfall <= 0, None), dtype="boolean")

    rp = df["realisasi_provinsi"].to_numpy(float)
    ri = df["realisasi_implisit"].to_numpy(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        sel = ri - rp
        rel = np.where(rp != 0, np.abs(sel) / np.abs(rp), np.where(sel == 0, 0.0, np.inf))
    lengkap_r = df["n_kabkota_berrealisasi"].to_numpy() == df["n_kabkota"].to_numpy()
    judged_r = lengkap_r & ~np.isnan(sel)
    df["selisih_realisasi"] = np.round(sel, 9)
    df["selisih_realisasi_relatif"] = np.where(np.isfinite(rel), rel, np.nan)
    df["realisasi_konsisten"] = pd.array(
        np.where(judged_r, rel <= toleransi_relatif + 1e-12, None), dtype="boolean"
    )
    df["keterangan"] = _keterangan(df, lengkap_t, lengkap_r)
    df = df.rename(columns={"kode_provinsi": "kode_wilayah"})
    cols = [
        "kode_wilayah", "kode_indikator", "tahun", "agregasi", "arah", "n_kabkota",
        "n_kabkota_bertarget", "target_provinsi", "target_implisit", "selisih_target", "memenuhi",
        "n_kabkota_berrealisasi", "realisasi_provinsi", "realisasi_implisit", "selisih_realisasi",
        "selisih_realisasi_relatif", "realisasi_konsisten", "keterangan",
    ]  # fmt: skip
    df = df[cols].sort_values(["kode_wilayah", "kode_indikator", "tahun"], kind="stable")
    return df.reset_index(drop=True), _rincian(t_rin, r_rin, df)


def _keterangan(
    df: pd.DataFrame, lengkap_t: np.ndarray, lengkap_r: np.ndarray
) -> pd.arrays.StringArray:
    # Each side (targets, realisations) is described only when it has some value that year:
    # a future year without any realisation is not a data gap.
    n = df["n_kabkota"].astype(str)
    ada_t = df["target_provinsi"].notna() | (df["n_kabkota_bertarget"] > 0)
    ada_r = df["realisasi_provinsi"].notna() | (df["n_kabkota_berrealisasi"] > 0)
    parts = [
        np.where(ada_t & df["target_provinsi"].isna(), "tidak ada target provinsi", ""),
        np.where(ada_t & ~lengkap_t, "target kab/kota ada untuk "
                 + df["n_kabkota_bertarget"].astype(str) + " dari " + n + " kab/kota",
                 ""),  # fmt: skip
        np.where(ada_r & df["realisasi_provinsi"].isna(), "tidak ada realisasi provinsi", ""),
        np.where(ada_r & ~lengkap_r, "realisasi kab/kota ada untuk "
                 + df["n_kabkota_berrealisasi"].astype(str) + " dari " + n + " kab/kota",
                 ""),  # fmt: skip
    ]
    joined = np.asarray(parts[0], dtype=object)
    for p in parts[1:]:
        p = np.asarray(p, dtype=object)
        joined = np.where((joined != "") & (p != ""), joined + "; " + p, joined + p)
    return pd.array(np.where(joined == "", None, joined), dtype="string")


def _rincian(t_rin: pd.DataFrame, r_rin: pd.DataFrame, agg: pd.DataFrame) -> pd.DataFrame:
    k = ["kode_wilayah", "kode_provinsi", "kode_indikator", "tahun"]
    t = t_rin[[*k, "penduduk", "bobot", "target", "arah", "agregasi"]]
    r = r_rin[[*k, "penduduk", "realisasi", "arah", "agregasi"]]
    x = t.merge(r, on=k, how="outer", suffixes=("", "_r"))
    for c in ("penduduk", "arah", "agregasi"):
        x[c] = x[c].fillna(x[f"{c}_r"])
    prov = agg[["kode_wilayah", "kode_indikator", "tahun", "target_provinsi",
                "realisasi_provinsi"]]  # fmt: skip
    prov = prov.rename(columns={"kode_wilayah": "kode_provinsi"})
    x = x.merge(prov, on=["kode_provinsi", "kode_indikator", "tahun"], how="left")
    d = arah_ke_d(x["arah"])
    diff = x["target"].to_numpy(float) - x["target_provinsi"].to_numpy(float)
    with np.errstate(invalid="ignore"):
        pulls = (d * diff < 0) & ~np.isclose(diff, 0.0, atol=1e-9)
    # A district's share of a sum is not comparable with the province total: only means.
    known = ~np.isnan(diff) & (d != 0) & ~np.isnan(d) & (x["agregasi"] != "jumlah").to_numpy()
    x["menarik_ke_bawah"] = pd.array(np.where(known, pulls, None), dtype="boolean")
    cols = [*k, "penduduk", "bobot", "target", "target_provinsi", "menarik_ke_bawah",
            "realisasi", "realisasi_provinsi"]  # fmt: skip
    return x[cols].sort_values(k, kind="stable").reset_index(drop=True)


def nilai_dasar(target_agregat_rincian: pd.DataFrame, tahun: int) -> pd.DataFrame:
    """Each kab/kota's starting point for a plan year: its latest realisation before ``tahun``.

    Args:
        target_agregat_rincian: Output of :func:`hitung_target_agregat` (per district, every
            year, with ``realisasi``).
        tahun: The first plan year of the targets being judged.

    Returns:
        ``kode_wilayah, kode_indikator, tahun_dasar, nilai_dasar``, one row per kab/kota ×
        indicator that has a realisation before ``tahun``.
    """
    r = target_agregat_rincian
    r = r[(r["tahun"] < tahun) & r["realisasi"].notna()]
    r = r.sort_values("tahun", kind="stable").drop_duplicates(
        ["kode_wilayah", "kode_indikator"], keep="last")  # fmt: skip
    return r.rename(columns={"tahun": "tahun_dasar", "realisasi": "nilai_dasar"})[
        ["kode_wilayah", "kode_indikator", "tahun_dasar", "nilai_dasar"]].reset_index(drop=True)


def _acuan(x: pd.DataFrame, k: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Each district's reference target ``aᵢ`` and whether it rests on its starting point.

    With starting points ``bᵢ`` for every district of the indicator × year (and their
    aggregate ``B > 0``): ``aᵢ = bᵢ · T / B``, the same relative change the province plans
    (``B = Σ wᵢ bᵢ`` for a mean, ``Σ bᵢ`` for a sum), so ``Σ wᵢ aᵢ = T`` (mean) or
    ``Σ aᵢ = T`` (sum). Otherwise ``aᵢ = T`` (mean) or ``wᵢ · T`` (sum, the population share).
    """
    jumlah = (x["agregasi"] == "jumlah").to_numpy()
    t = x["target_provinsi"].to_numpy(float)
    w = x["bobot"].to_numpy(float)
    b = x["nilai_dasar"].to_numpy(float)
    grup = [x[c] for c in k]
    lengkap = x["nilai_dasar"].notna().groupby(grup, observed=True).transform("all").to_numpy()
    bb = pd.Series(np.where(jumlah, b, w * b), index=x.index).groupby(grup, observed=True)
    total = bb.transform("sum").to_numpy(float)
    pakai = lengkap & (total > 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        sebanding = b * t / total
    biasa = np.where(jumlah, w * t, t)
    return np.where(pakai, sebanding, biasa), pakai


def atribusi_kekurangan(
    target_agregat: pd.DataFrame,
    target_agregat_rincian: pd.DataFrame,
    *,
    dasar: pd.DataFrame | None = None,
    ambang_porsi: float = 0.2,
) -> pd.DataFrame:
    """Decompose a province target shortfall into each kab/kota's contribution.

    With ``T`` the province target, ``xᵢ`` district *i*'s target, ``wᵢ = pᵢ / Σ p`` its
    population weight among the districts with a target, ``d`` = +1 naik, −1 turun, and
    ``aᵢ`` the district's reference target (:func:`_acuan`):

    * ``aᵢ``: with every district's starting point ``bᵢ`` (``dasar``, e.g. the latest
      realisation, :func:`nilai_dasar`), ``aᵢ = bᵢ · T / B``: the same relative change as the
      province plans from the same starting points (``B`` = their weighted mean, or sum), so
      a district starting from a worse value is not blamed for its starting point. Without
      them, ``aᵢ = T`` (a mean) or ``wᵢ · T`` (a sum: its population share).
    * ``rata_tertimbang_penduduk``: ``kontribusi_i = d · wᵢ · (aᵢ − xᵢ)``. Because
      ``Σ wᵢ aᵢ = T``, ``Σ kontribusi_i = d · (T − Σ wᵢ xᵢ)`` = ``selisih_target``.
    * ``jumlah``: ``kontribusi_i = d · (aᵢ − xᵢ)`` with ``Σ aᵢ = T``, so again
      ``Σ kontribusi_i = d · (T − Σ xᵢ)``.
    * ``tetap``: ``d`` is the sign of ``implied − T`` taken the other way, so the parts add
      up to ``|implied − T|``.

    Positive contributions pull the province short; negative ones make up for others. A
    district *drives* a shortfall (``pendorong``) when the province falls short
    (``memenuhi`` False) and its contribution is positive and at least ``ambang_porsi`` of
    the sum of the positive contributions (``porsi_kekurangan``); a smaller share is
    negligible and gets no recommendation.

    Args:
        target_agregat: Output of :func:`hitung_target_agregat` (province rows).
        target_agregat_rincian: Its per-district frame.
        dasar: Starting points ``kode_wilayah, kode_indikator, nilai_dasar`` (+ ``tahun_dasar``),
            e.g. :func:`nilai_dasar`; None: compare with the province target itself.
        ambang_porsi: Share of the positive contributions from which a district drives it.

    Returns:
        One row per kab/kota × indicator × year with a target: ``kode_wilayah,
        kode_provinsi, kode_indikator, tahun, agregasi, arah, bobot, target,
        target_provinsi, nilai_dasar, tahun_dasar, acuan, acuan_sebanding, deviasi,
        kontribusi, selisih_target, memenuhi, porsi_kekurangan, pendorong``. ``acuan`` is
        ``aᵢ``; ``acuan_sebanding`` whether it rests on the starting points; ``deviasi`` is
        ``d · (aᵢ − xᵢ)`` (positive = less ambitious than the reference).
    """
    k = ["kode_provinsi", "kode_indikator", "tahun"]
    prov = target_agregat.rename(columns={"kode_wilayah": "kode_provinsi"})[
        [*k, "agregasi", "arah", "target_implisit", "selisih_target", "memenuhi"]]  # fmt: skip
    r = target_agregat_rincian[target_agregat_rincian["target"].notna()]
    r = r[["kode_wilayah", *k, "penduduk", "target", "target_provinsi"]]
    x = r.merge(prov, on=k, how="inner")
    x = x[x["target_provinsi"].notna()].copy()
    if dasar is None:
        dasar = pd.DataFrame(columns=["kode_wilayah", "kode_indikator", "nilai_dasar"])
    kolom_dasar = [c for c in ("tahun_dasar", "nilai_dasar") if c in dasar.columns]
    x = x.merge(dasar[["kode_wilayah", "kode_indikator", *kolom_dasar]]
                .astype({"kode_wilayah": x["kode_wilayah"].dtype}),
                on=["kode_wilayah", "kode_indikator"], how="left")  # fmt: skip
    if "tahun_dasar" not in x.columns:
        x["tahun_dasar"] = pd.NA
    x["nilai_dasar"] = x["nilai_dasar"].astype(float)
    x["bobot"] = x["penduduk"] / x.groupby(k, observed=True)["penduduk"].transform("sum")
    d = arah_ke_d(x["arah"])
    t = x["target_provinsi"].to_numpy(float)
    xi = x["target"].to_numpy(float)
    w = x["bobot"].to_numpy(float)
    acuan, sebanding = _acuan(x, k)
    x["acuan"], x["acuan_sebanding"] = acuan, sebanding
    # tetap: the sign that turns the parts into |implied − T|
    d = np.where(d == 0, -np.sign(x["target_implisit"].to_numpy(float) - t), d)
    jumlah = (x["agregasi"] == "jumlah").to_numpy()
    x["deviasi"] = d * (acuan - xi)
    x["kontribusi"] = np.where(jumlah, x["deviasi"], w * x["deviasi"])
    pos = x["kontribusi"].clip(lower=0).groupby([x[c] for c in k], observed=True)
    total_pos = pos.transform("sum").to_numpy(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        porsi = np.where(total_pos > 0, x["kontribusi"].to_numpy(float) / total_pos, 0.0)
    x["porsi_kekurangan"] = np.where(x["kontribusi"].to_numpy(float) > 0, porsi, 0.0)
    kurang = (x["memenuhi"] == False).fillna(False).to_numpy(bool)  # noqa: E712 (NA: not judged)
    x["pendorong"] = kurang & (x["porsi_kekurangan"].to_numpy(float) >= ambang_porsi - 1e-12)
    cols = ["kode_wilayah", *k, "agregasi", "arah", "bobot", "target", "target_provinsi",
            "nilai_dasar", "tahun_dasar", "acuan", "acuan_sebanding", "deviasi", "kontribusi",
            "selisih_target", "memenuhi", "porsi_kekurangan", "pendorong"]  # fmt: skip
    return x[cols].sort_values(["kode_indikator", "tahun", "kode_wilayah"],
                               kind="stable").reset_index(drop=True)  # fmt: skip
