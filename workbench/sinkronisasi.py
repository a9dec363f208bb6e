"""Multi-level synchronization (*sinkronisasi*) per kab/kota × bidang urusan × year.

Frames in, frames out; no I/O. The agreement (``kesepakatan``, the Rakortekrenbang *berita
acara*) lists, per province outcome indicator, the kab/kota sub kegiatan that support it
(DOMAIN.md §1, §3; DESIGN.md §4.4):

* **Agreed set**: the ``kesepakatan`` rows of the year; an empty ``kode_wilayah`` means every
  kab/kota (of the package's ``wilayah`` table). Only level-2 codes count (the 4th code
  segment is the level of government; a province outcome is supported by kab/kota sub
  kegiatan of level ``2``); level-1 rows are counted in ``n_kesepakatan_bukan_level2``
  and otherwise ignored. A sub kegiatan agreed for several outcomes counts once per
  kab/kota × bidang.
* ``n_disepakati``: distinct agreed sub kegiatan; ``n_direncanakan``: those present as
  sub kegiatan lines of the district's RKPD of that year; ``n_direncanakan_renja`` the same
  in its Renja. ``dukungan_persen = n_direncanakan / n_disepakati × 100`` (and
  ``dukungan_renja_persen``).
* ``pagu_dukungan``: RKPD pagu on the agreed sub kegiatan; ``pagu_bidang``: RKPD pagu of
  all sub kegiatan lines of the bidang (sub kegiatan level only, so programme and kegiatan
  subtotals are not counted twice); ``porsi_pagu_persen = pagu_dukungan / pagu_bidang × 100``
  (empty when the bidang has no pagu).
* ``sinkronisasi_tanpa_dukungan``: province outcomes (``kode_indikator``) for which the
  district's RKPD holds none of its agreed sub kegiatan (whatever their bidang; ``kode_bidang``
  lists the bidang of the agreed lines). In the per-bidang rows, ``n_outcome`` counts the
  outcomes agreed in the bidang and ``n_outcome_tanpa_dukungan`` those of them on that list
  (supported by nothing in any bidang).
* ``indeks_sinkronisasi`` (0–100) = Σ wᵢ · componentᵢ with weights from parameters
  (:class:`workbench.config.BobotSinkronisasi`, default 0.4/0.2/0.3/0.1, validated to sum
  to 1). Components, each 0–100: ``dukungan_rkpd`` = dukungan_persen;
  ``dukungan_renja`` = dukungan_renja_persen; ``cakupan_outcome`` = share of the outcomes
  agreed in the bidang with at least one of their agreed sub kegiatan *of this bidang* in the
  RKPD (``n_outcome_didukung / n_outcome``; the index of a bidang reflects that bidang's lines);
  ``pendanaan`` = share of agreed sub kegiatan with pagu > 0 in the RKPD.

A district with no plan lines at all gets rows with zero planned, zero pagu and index 0 for
every bidang it agreed to support: it is never left out.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from workbench.capaian import kunci_int
from workbench.config import BobotSinkronisasi

KOMPONEN = ("dukungan_rkpd", "dukungan_renja", "cakupan_outcome", "pendanaan")


def _bidang(kode: pd.Series) -> pd.Series:
    return kode.str.split(".", n=2).str[:2].str.join(".")


def _level(kode: pd.Series) -> pd.Series:
    return kode.str.split(".").str[3]


def kabkota_dari_wilayah(wilayah: pd.DataFrame) -> list[str]:
    """Kemendagri codes of the kab/kota in a ``wilayah`` table (everything but provinces)."""
    jenis = wilayah["jenis"].astype("string").str.lower()
    return wilayah.loc[jenis != "provinsi", "kode"].astype(str).tolist()


def kesepakatan_per_kabkota(
    kesepakatan: pd.DataFrame, kabkota: list[str], tahun: list[int] | None = None
) -> tuple[pd.DataFrame, int]:
    """Expand the agreement to one row per kab/kota × outcome × sub kegiatan (level 2 only).

    An empty ``kode_wilayah`` applies to every kab/kota in ``kabkota``.

    Args:
        kesepakatan: Typed ``kesepakatan`` frame.
        kabkota: Kab/kota codes an empty ``kode_wilayah`` stands for.
        tahun: Years to keep (None: all).

    Returns:
        ``(frame, n_bukan_level2)``: ``tahun, kode_wilayah, kode_indikator, kode_sub_kegiatan,
        kode_bidang`` deduplicated, and the number of rows dropped because their code is not a
        level-2 sub kegiatan.
    """
    k = kesepakatan
    if tahun is not None:
        k = k[k["tahun"].isin(tahun)]
    kode = k["kode_sub_kegiatan"].astype("string")
    ok = (_level(kode) == "2").fillna(False).to_numpy(dtype=bool)
    n_bukan = int((~ok).sum())
    k = k.loc[ok, ["tahun", "kode_wilayah", "kode_indikator", "kode_sub_kegiatan"]]
    k = k.assign(
        kode_wilayah=k["kode_wilayah"].astype("string"),
        kode_sub_kegiatan=k["kode_sub_kegiatan"].astype("string"),
    )
    # The bidang is derived before the expansion: a few hundred rows, not 514 × as many.
    k["kode_bidang"] = _bidang(k["kode_sub_kegiatan"])
    semua = k["kode_wilayah"].isna()
    spesifik = k.loc[~semua]
    umum = k.loc[semua].drop(columns="kode_wilayah")
    kk = pd.DataFrame({"kode_wilayah": pd.array(kabkota, dtype="string")})
    umum = umum.merge(kk, how="cross")
    out = pd.concat([spesifik, umum[spesifik.columns]], ignore_index=True)
    out = out.drop_duplicates(["tahun", "kode_wilayah", "kode_indikator", "kode_sub_kegiatan"])
    return out.reset_index(drop=True), n_bukan


#: Plan-line text kept for the draft agreement form (from the first line of a sub kegiatan).
_KETERANGAN_RENCANA = ("perangkat_daerah", "target", "satuan")


def _sub_kegiatan_rencana(rencana: pd.DataFrame, dokumen: str, tahun: list[int] | None):
    mask = (rencana["dokumen"] == dokumen) & (rencana["tingkat"] == "sub_kegiatan")
    if tahun is not None:
        mask &= rencana["tahun"].isin(tahun)
    cols = ["kode_wilayah", "tahun", "kode_nomenklatur", "kode_bidang", "pagu",
            *(c for c in _KETERANGAN_RENCANA if c in rencana.columns)]  # fmt: skip
    r = rencana.loc[mask, cols]
    key = kunci_int(r["kode_wilayah"], r["tahun"], r["kode_nomenklatur"])
    _, first, inv = np.unique(key, return_index=True, return_inverse=True)
    pagu = r["pagu"].to_numpy(float)
    total = np.bincount(inv, weights=np.nan_to_num(pagu), minlength=len(first))
    n_pagu = np.bincount(inv, weights=~np.isnan(pagu), minlength=len(first))
    out = r.iloc[first].drop(columns="pagu").reset_index(drop=True)
    # Duplicate lines add up; an empty pagu stays empty (not a planned zero).
    out["pagu"] = np.where(n_pagu > 0, total, np.nan)
    return out.rename(columns={"kode_nomenklatur": "kode_sub_kegiatan"})


def _ambil(frame: pd.DataFrame, col: str, pos: np.ndarray) -> pd.Series:
    """``frame[col]`` at row positions ``pos`` (−1 → NA), as a string Series."""
    if col not in frame.columns or not len(frame):
        return pd.Series(pd.NA, index=range(len(pos)), dtype="string")
    values = frame[col].astype("string").to_numpy(dtype=object)
    out = np.where(pos >= 0, values[np.maximum(pos, 0)], None)
    return pd.Series(out, dtype="string")


def _keterangan(
    rkpd: pd.DataFrame, pos_rkpd: np.ndarray, renja: pd.DataFrame, pos_renja: np.ndarray
) -> dict[str, pd.api.extensions.ExtensionArray]:
    """Perangkat daerah (RKPD line, else Renja line), RKPD target and unit per agreed row."""
    pd_rkpd = _ambil(rkpd, "perangkat_daerah", pos_rkpd)
    pd_renja = _ambil(renja, "perangkat_daerah", pos_renja)
    return {
        "perangkat_daerah": pd_rkpd.fillna(pd_renja).array,
        "target_rkpd": _ambil(rkpd, "target", pos_rkpd).array,
        "satuan_rkpd": _ambil(rkpd, "satuan", pos_rkpd).array,
    }


def _posisi(cari: pd.DataFrame, dalam: pd.DataFrame, kolom: list[str]) -> np.ndarray:
    """Row position in ``dalam`` (unique on ``kolom``) of each row of ``cari``; −1 when absent.

    Both frames are encoded with shared factorised codes into one int64 key, so the lookup is
    an integer hash lookup instead of a merge on text columns.
    """
    n = len(cari)
    key = np.zeros(n + len(dalam), dtype=np.int64)
    for c in kolom:
        both = pd.concat([cari[c], dalam[c]], ignore_index=True)
        codes, uniques = pd.factorize(both, use_na_sentinel=False)
        key = key * (len(uniques) + 1) + codes
    return pd.Index(key[n:]).get_indexer(key[:n])


def hitung_sinkronisasi(
    rencana: pd.DataFrame,
    kesepakatan: pd.DataFrame,
    kabkota: list[str],
    *,
    tahun: int | list[int] | None = None,
    bobot: BobotSinkronisasi | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Support %, pagu, unsupported outcomes and the synchronization index.

    Args:
        rencana: Typed ``rencana`` frame.
        kesepakatan: Typed ``kesepakatan`` frame.
        kabkota: Kemendagri codes of the kab/kota (an empty agreement code means all of them).
        tahun: Year(s) (None: every agreement year).
        bobot: Index weights (default :class:`~workbench.config.BobotSinkronisasi`).

    Returns:
        ``(sinkronisasi, sinkronisasi_rincian, sinkronisasi_tanpa_dukungan)``.
        ``sinkronisasi``: ``kode_wilayah, kode_bidang, tahun, n_disepakati, n_direncanakan,
        dukungan_persen, pagu_dukungan, indeks_sinkronisasi, n_direncanakan_renja,
        dukungan_renja_persen, pagu_bidang, porsi_pagu_persen, n_outcome,
        n_outcome_didukung, n_outcome_tanpa_dukungan, cakupan_outcome_persen, n_berpagu,
        pendanaan_persen``.
        ``sinkronisasi_rincian``: one row per kab/kota × agreed sub kegiatan × outcome with
        ``di_rkpd, di_renja, pagu_rkpd``, and from the first plan line of the sub kegiatan
        ``perangkat_daerah`` (RKPD, else Renja; for one the district does not plan, the PD of
        its programme or bidang, see :func:`perangkat_daerah_pelaksana`), ``target_rkpd`` and
        ``satuan_rkpd`` (text as written; NA when not in the RKPD).
        ``sinkronisasi_tanpa_dukungan``: ``kode_wilayah,
        tahun, kode_indikator, kode_bidang, n_disepakati``.
    """
    bobot = bobot or BobotSinkronisasi()
    years = None if tahun is None else ([tahun] if isinstance(tahun, int) else list(tahun))
    ks, _ = kesepakatan_per_kabkota(kesepakatan, kabkota, years)
    rkpd = _sub_kegiatan_rencana(rencana, "RKPD", years)
    renja = _sub_kegiatan_rencana(rencana, "RENJA", years)
    key = ["kode_wilayah", "tahun", "kode_sub_kegiatan"]
    for f in (rkpd, renja):
        f["kode_wilayah"] = f["kode_wilayah"].astype("string")
        f["kode_sub_kegiatan"] = f["kode_sub_kegiatan"].astype("string")

    pos_rkpd = _posisi(ks, rkpd, key)
    pos_renja = _posisi(ks, renja, key)
    rin = ks.assign(
        di_rkpd=pos_rkpd >= 0,
        di_renja=pos_renja >= 0,
        pagu_rkpd=np.where(pos_rkpd >= 0, rkpd["pagu"].to_numpy(float)[pos_rkpd], np.nan),
        **_keterangan(rkpd, pos_rkpd, renja, pos_renja),
    )

    g = ["kode_wilayah", "kode_bidang", "tahun"]
    # Per sub kegiatan (an agreed sub kegiatan supporting two outcomes counts once).
    sk = rin.drop_duplicates([*g, "kode_sub_kegiatan"])
    sk = sk.assign(
        _berpagu=(sk["di_rkpd"] & (sk["pagu_rkpd"].fillna(0) > 0)),
        _pagu=sk["pagu_rkpd"].where(sk["di_rkpd"], 0.0).fillna(0.0),
    )
    s = sk.groupby(g, observed=True).agg(
        n_disepakati=("kode_sub_kegiatan", "size"),
        n_direncanakan=("di_rkpd", "sum"),
        n_direncanakan_renja=("di_renja", "sum"),
        pagu_dukungan=("_pagu", "sum"),
        n_berpagu=("_berpagu", "sum"),
    )
    # Per outcome (across bidang): supported when at least one of its agreed sub kegiatan is
    # in the district's RKPD. Per bidang: the outcomes agreed there and how many are supported.
    ko = ["kode_wilayah", "tahun", "kode_indikator"]
    per_outcome = rin.groupby(ko, observed=True).agg(
        n_disepakati=("kode_sub_kegiatan", "nunique"), _ada=("di_rkpd", "any")
    )
    tanpa = per_outcome.loc[~per_outcome["_ada"], ["n_disepakati"]].reset_index()
    ob = rin.groupby([*g, "kode_indikator"], observed=True)["di_rkpd"].any()
    ob = ob.rename("_ada_bidang").reset_index()
    ob = ob.merge(per_outcome["_ada"].reset_index(), on=ko, how="left")
    if len(tanpa):
        bid = ob.merge(tanpa[ko], on=ko).sort_values("kode_bidang")
        bid = bid.groupby(ko, observed=True)["kode_bidang"].agg(", ".join).rename("kode_bidang")
        tanpa = tanpa.merge(bid.reset_index(), on=ko, how="left")
    else:
        tanpa["kode_bidang"] = pd.Series(dtype="string")
    ob["_tanpa"] = ~ob["_ada"]
    oc = ob.groupby(g, observed=True).agg(
        n_outcome=("_ada", "size"),
        n_outcome_didukung=("_ada_bidang", "sum"),
        n_outcome_tanpa_dukungan=("_tanpa", "sum"),
    )
    s = s.join(oc).reset_index()
    pagu_b = (
        rkpd.groupby(["kode_wilayah", "kode_bidang", "tahun"], observed=True)["pagu"]
        .sum(min_count=1)
        .rename("pagu_bidang")
        .reset_index()
    )
    pagu_b["kode_wilayah"] = pagu_b["kode_wilayah"].astype("string")
    s = s.merge(pagu_b, on=g, how="left")

    with np.errstate(invalid="ignore", divide="ignore"):
        s["dukungan_persen"] = s["n_direncanakan"] / s["n_disepakati"] * 100
        s["dukungan_renja_persen"] = s["n_direncanakan_renja"] / s["n_disepakati"] * 100
        s["cakupan_outcome_persen"] = s["n_outcome_didukung"] / s["n_outcome"] * 100
        s["pendanaan_persen"] = s["n_berpagu"] / s["n_disepakati"] * 100
        pb = s["pagu_bidang"].to_numpy(float)
        s["porsi_pagu_persen"] = np.where(pb > 0, s["pagu_dukungan"] / pb * 100, np.nan)
    w = bobot.as_dict()
    s["indeks_sinkronisasi"] = (
        w["dukungan_rkpd"] * s["dukungan_persen"]
        + w["dukungan_renja"] * s["dukungan_renja_persen"]
        + w["cakupan_outcome"] * s["cakupan_outcome_persen"]
        + w["pendanaan"] * s["pendanaan_persen"]
    )
    for c in ("n_disepakati", "n_direncanakan", "n_direncanakan_renja", "n_berpagu",
              "n_outcome", "n_outcome_didukung", "n_outcome_tanpa_dukungan"):  # fmt: skip
        s[c] = s[c].astype("int64")
    cols = [
        *g, "n_disepakati", "n_direncanakan", "dukungan_persen", "pagu_dukungan",
        "indeks_sinkronisasi", "n_direncanakan_renja", "dukungan_renja_persen", "pagu_bidang",
        "porsi_pagu_persen", "n_outcome", "n_outcome_didukung", "n_outcome_tanpa_dukungan",
        "cakupan_outcome_persen",
        "n_berpagu", "pendanaan_persen",
    ]  # fmt: skip
    s = s[cols].sort_values(g, kind="stable").reset_index(drop=True)
    tanpa_pd = rin["perangkat_daerah"].isna()
    rin.loc[tanpa_pd, "perangkat_daerah"] = perangkat_daerah_pelaksana(rin[tanpa_pd], rencana)
    rin = rin[["kode_wilayah", "kode_bidang", "tahun", "kode_indikator", "kode_sub_kegiatan",
               "di_rkpd", "di_renja", "pagu_rkpd", "perangkat_daerah", "target_rkpd",
               "satuan_rkpd"]]  # fmt: skip
    rin = rin.sort_values(["kode_wilayah", "tahun", "kode_indikator", "kode_sub_kegiatan"],
                          kind="stable").reset_index(drop=True)  # fmt: skip
    tanpa = tanpa[["kode_wilayah", "tahun", "kode_indikator", "kode_bidang", "n_disepakati"]]
    tanpa = tanpa.sort_values(["kode_wilayah", "tahun", "kode_indikator"], kind="stable")
    return s, rin, tanpa.reset_index(drop=True)


def _per_nilai(s: pd.Series, func: Callable[[str], str]) -> pd.Series:
    """``func`` of each distinct value of a text column (NA stays NA), as a string Series.

    The same as the ``.str`` chain it replaces, computed once per distinct code (a national
    package has ~400 codes over a million plan lines).
    """
    codes, uniq = pd.factorize(s.astype("string"), use_na_sentinel=True)
    hasil = np.array([func(str(u)) for u in uniq] + [None], dtype=object)
    return pd.Series(pd.array(hasil[codes], dtype="string"), index=s.index)


def perangkat_daerah_pelaksana(rin: pd.DataFrame, rencana: pd.DataFrame) -> pd.Series:
    """The perangkat daerah that should plan an agreed sub kegiatan the district does not plan.

    The PD holding most of the district's RKPD/Renja lines of the same programme that year,
    else of the same bidang (ties: alphabetical), so that a recommendation can say who should
    plan it. NA when the district plans nothing there. (A planned sub kegiatan takes the PD of
    its own line in :func:`hitung_sinkronisasi`.)

    Args:
        rin: Rows ``kode_wilayah, tahun, kode_sub_kegiatan`` (the agreed sub kegiatan).
        rencana: Typed ``rencana`` frame.

    Returns:
        A string Series aligned with ``rin``.
    """
    r = rencana[rencana["dokumen"].isin(["RKPD", "RENJA"]) & rencana["perangkat_daerah"].notna()]
    r = r[["kode_wilayah", "tahun", "dokumen", "kode_nomenklatur", "perangkat_daerah"]].copy()
    r["kode_wilayah"] = r["kode_wilayah"].astype("string")
    r["perangkat_daerah"] = _per_nilai(r["perangkat_daerah"], str.strip)
    r = r[r["perangkat_daerah"] != ""]
    kw = ["kode_wilayah", "tahun"]
    x = rin[[*kw, "kode_sub_kegiatan"]].astype({"kode_wilayah": "string",
                                                 "kode_sub_kegiatan": "string"})  # fmt: skip
    out = pd.Series(pd.NA, index=range(len(x)), dtype="string")
    for n_seg in (3, 2):  # programme X.XX.XX, then bidang X.XX
        awalan = lambda kode, n=n_seg: ".".join(kode.split(".")[:n])  # noqa: E731
        r["_k"] = _per_nilai(r["kode_nomenklatur"], awalan)
        mode = r.groupby([*kw, "_k", "perangkat_daerah"], observed=True).size().rename("_n")
        mode = mode.reset_index().sort_values([*kw, "_k", "_n", "perangkat_daerah"],
                                              ascending=[True, True, True, False, True])
        mode = mode.drop_duplicates([*kw, "_k"])
        key = _per_nilai(x["kode_sub_kegiatan"], awalan)
        m = x.assign(_k=key.to_numpy()).reset_index(drop=True).merge(
            mode[[*kw, "_k", "perangkat_daerah"]], on=[*kw, "_k"], how="left")  # fmt: skip
        out = out.fillna(m["perangkat_daerah"])
    out.index = rin.index
    return out
