"""Recommendations: how the recommendations of a brief are chosen.

What is missing, named (missing sub kegiatan, pagu), the rules ``rek_*``, and
:func:`rekomendasi`, which orders, deduplicates and caps them; plus the annex of missing
sub kegiatan.
"""

from __future__ import annotations

import contextlib
import dataclasses
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from workbench import reference
from workbench.laporan.angka_utama import (
    gap_terburuk,
)
from workbench.laporan.blok_kabkota import (
    _desimal_atribusi,
    _implisit_teks,
    atribusi_wilayah,
)
from workbench.laporan.display import (
    PREDIKAT_RENDAH,
    Blok,
    _ada,
    _desimal_data,
    _desimal_nilai,
    _e,
    _tabel,
    angka,
    catatan_sintetis,
    persen,
    rupiah,
)
from workbench.laporan.konteks import (
    Konteks,
    _tahun,
    capaian_terakhir,
    per_analisis,
    sinkronisasi_bidang,
)


# --- what is missing, named (recommendations and the annex) -------------------------------------
def pagu_indikatif(rincian: pd.DataFrame) -> pd.DataFrame:
    """Indicative pagu of each agreed sub kegiatan: the median over the kab/kota that plan it.

    The agreement (``kesepakatan``) carries no amount, so the indicative pagu of a sub
    kegiatan a district has not planned is the median RKPD pagu (> 0) of that sub kegiatan in
    the province's other kab/kota that year.

    Args:
        rincian: ``Hasil.sinkronisasi_rincian`` of the province (one year).

    Returns:
        Indexed by ``kode_sub_kegiatan``: ``pagu_median``, ``n_acuan`` (kab/kota it rests on).
    """
    r = rincian[rincian["di_rkpd"].astype(bool) & (rincian["pagu_rkpd"].fillna(0) > 0)]
    r = r.drop_duplicates(["kode_wilayah", "kode_sub_kegiatan"])
    g = r.groupby("kode_sub_kegiatan", observed=True)["pagu_rkpd"]
    return pd.DataFrame({"pagu_median": g.median(), "n_acuan": g.size()})


def _pagu_acuan(k: Konteks) -> pd.DataFrame:
    """:func:`pagu_indikatif` of the province in the plan year, once per analysis."""
    return per_analisis(k.semua, ("pagu_indikatif", k.tahun),
                        lambda h: pagu_indikatif(_tahun(h.sinkronisasi_rincian, k.tahun)))


def sub_kegiatan_hilang(k: Konteks) -> pd.DataFrame:
    """Every agreed sub kegiatan the district's RKPD lacks, with who and how much.

    Returns:
        One row per sub kegiatan: ``kode_sub_kegiatan, uraian, kode_bidang, kode_indikator``
        (the first outcome), ``outcome`` (every supported outcome, ``; ``-joined),
        ``n_outcome``, ``perangkat_daerah`` (see
        :func:`workbench.sinkronisasi.perangkat_daerah_pelaksana`), ``di_renja``,
        ``pagu_median``, ``n_acuan``; sorted by bidang and code.
    """
    t = k.tahun
    rin = _tahun(k.hasil.sinkronisasi_rincian, t)
    rin = rin[(rin["kode_wilayah"] == k.kode_wilayah) & ~rin["di_rkpd"].astype(bool)]
    cols = ["kode_sub_kegiatan", "uraian", "kode_bidang", "kode_indikator", "outcome",
            "n_outcome", "perangkat_daerah", "di_renja", "pagu_median", "n_acuan"]  # fmt: skip
    if rin.empty:
        return pd.DataFrame(columns=cols)
    if "perangkat_daerah" not in rin:  # an analysis saved before the column existed
        rin = rin.assign(perangkat_daerah=pd.NA)
    rin = rin.sort_values(["kode_bidang", "kode_sub_kegiatan", "kode_indikator"], kind="stable")
    g = rin.groupby("kode_sub_kegiatan", observed=True, sort=False)
    out = g.agg(kode_bidang=("kode_bidang", "first"), kode_indikator=("kode_indikator", "first"),
                n_outcome=("kode_indikator", "nunique"),
                perangkat_daerah=("perangkat_daerah", "first"),
                di_renja=("di_renja", "any"))  # fmt: skip
    out["outcome"] = g["kode_indikator"].agg(
        lambda s: "; ".join(dict.fromkeys(k.indikator(x) for x in s)))  # fmt: skip
    out = out.join(_pagu_acuan(k), how="left").reset_index()
    out["uraian"] = [k.nomenklatur(x) for x in out["kode_sub_kegiatan"]]
    out["n_acuan"] = out["n_acuan"].fillna(0).astype("int64")
    return out[cols]


def _pd_teks(x: Any, bidang: str = "") -> str:
    if _ada(x) and str(x).strip():
        return str(x)
    return f"Perangkat daerah pengampu bidang {bidang}".strip()


def sebut_sub_kegiatan(r: Any, *, outcome: bool = True, pelaksana: bool = False) -> str:
    """``1.02.02.2.02.0015 Pengelolaan … (untuk “Prevalensi stunting”; pagu indikatif …)``.

    ``r`` is a row of :func:`sub_kegiatan_hilang`; plain text (escaped where rendered).
    """
    nama = f"{r.kode_sub_kegiatan} {r.uraian}".strip()
    parts = [_pd_teks(r.perangkat_daerah, str(r.kode_bidang))] if pelaksana else []
    if outcome:
        parts.append(f"untuk outcome “{r.outcome}”")
    if _ada(r.pagu_median):
        parts.append(f"pagu indikatif {rupiah(r.pagu_median)}, median {int(r.n_acuan)} "
                     "kab/kota yang merencanakannya")  # fmt: skip
    else:
        parts.append("belum ada kab/kota lain yang merencanakannya sebagai acuan pagu")
    return f"{nama} ({'; '.join(parts)})"


def rek_sub_kegiatan_hilang(
    hilang: pd.DataFrame, kode_indikator: Iterable[str] | None = None,
    *, bidang: str | None = None, kecuali: Iterable[str] = (), maks: int = 2,
) -> tuple[str, str, list[str]]:
    """Who does what for the missing agreed sub kegiatan of some outcomes or of a bidang.

    Args:
        hilang: Output of :func:`sub_kegiatan_hilang`.
        kode_indikator: Keep the sub kegiatan supporting these outcomes (None: all).
        bidang: Keep the sub kegiatan of this bidang code (None: all).
        kecuali: Sub kegiatan codes another recommendation already names.
        maks: Sub kegiatan named (the highest indicative pagu first); the rest are counted.

    Returns:
        ``(pelaksana, daftar, kode_sub_kegiatan named)``: the perangkat daerah, the named sub
        kegiatan (plain text) and their codes; ``("", "", [])`` when none is missing.
    """
    h = hilang
    if kode_indikator is not None:
        h = h[h["kode_indikator"].isin(list(kode_indikator))]
    if bidang is not None:
        h = h[h["kode_bidang"].astype(str) == bidang]
    h = h[~h["kode_sub_kegiatan"].astype(str).isin(list(kecuali))]
    if h.empty:
        return "", "", []
    h = h.sort_values(["pagu_median", "kode_sub_kegiatan"], ascending=[False, True],
                      na_position="last", kind="stable")  # fmt: skip
    top = h.head(maks)
    pds = list(dict.fromkeys(_pd_teks(x, str(b)) for x, b in
                             zip(top["perangkat_daerah"], top["kode_bidang"], strict=True)))
    # one PD is the subject; several are named per sub kegiatan
    pelaksana = pds[0] if len(pds) == 1 else "Perangkat daerah"
    daftar = "; ".join(sebut_sub_kegiatan(r, outcome=kode_indikator is None,
                                          pelaksana=len(pds) > 1)
                       for r in top.itertuples())  # fmt: skip
    sisa = f"; dan {len(h) - maks} lainnya (lampiran)" if len(h) > maks else ""
    return pelaksana, daftar + sisa, top["kode_sub_kegiatan"].astype(str).tolist()


def lampiran_sub_kegiatan(k: Konteks) -> Blok:
    """Annex: every agreed sub kegiatan missing from the district's RKPD, with PD and pagu."""
    h = sub_kegiatan_hilang(k)
    if h.empty:
        return Blok(
            f"<p>Semua sub kegiatan yang disepakati sudah ada di RKPD {k.tahun} "
            f"{_e(k.nama)}.</p>"
        )
    rows = [
        (_e(r.kode_sub_kegiatan), _e(r.uraian) if r.uraian else "–", _e(k.bidang(r.kode_bidang)),
         _e(r.outcome), _e(_pd_teks(r.perangkat_daerah, str(r.kode_bidang))),
         "Ya" if r.di_renja else "Tidak", _e(rupiah(r.pagu_median)),
         str(int(r.n_acuan)) if r.n_acuan else "–")  # fmt: skip
        for r in h.itertuples()
    ]
    header = ["Kode sub kegiatan", "Sub kegiatan", "Bidang", "Outcome provinsi yang didukung",
              "Perangkat daerah", "Ada di Renja", "Pagu indikatif", "Kab/kota acuan pagu"]
    total = h["pagu_median"].sum(min_count=1)
    return Blok(
        f"<p>{len(h)} sub kegiatan yang disepakati pada Rakortekrenbang belum ada di RKPD "
        f"{k.tahun} {_e(k.nama)}; pagu indikatif seluruhnya {_e(rupiah(total))}.</p>"
        + _tabel(header, rows, numerik=[6, 7])
        + '<p class="wb-catatan">Pagu indikatif: median pagu RKPD sub kegiatan itu di '
        "kabupaten/kota lain yang merencanakannya (kesepakatan tidak memuat pagu). Perangkat "
        "daerah: pelaksana baris RKPD/Renja lain dari program (atau bidang) yang sama.</p>"
    )


# --- recommendations --------------------------------------------------------------------------
@dataclass(frozen=True)
class Rekomendasi:
    """One generated recommendation.

    Attributes:
        prioritas: Lower is more urgent (the order of the list).
        teks: The advice (Bahasa Indonesia, plain text from data, escaped when rendered).
        dasar: The figure it rests on.
        aturan: The rule that produced it (for tests and traceability).
    """

    prioritas: int
    teks: str
    dasar: str
    aturan: str


def rek_tanpa_dukungan(
    tanpa: pd.DataFrame, nama_indikator: Mapping[str, str], tahun: int, maks: int = 2,
    *, hilang: pd.DataFrame | None = None, nama_wilayah: str = "",
) -> list[Rekomendasi]:
    """Rule 1: an agreed province outcome supported by no sub kegiatan in the RKPD.

    Args:
        tanpa: Output of :func:`outcome_tanpa_dukungan` for one kab/kota.
        nama_indikator: Indicator code → description.
        tahun: Plan year.
        maks: Outcomes named individually; the rest are counted in one more item.
        hilang: :func:`sub_kegiatan_hilang` of the district: name the sub kegiatan, their
            perangkat daerah and indicative pagu (None: the outcome only).
        nama_wilayah: The district's display name.

    Returns:
        Recommendations with priority 1.
    """
    out = []
    t = tanpa.sort_values(["n_disepakati", "kode_indikator"], ascending=[False, True])
    for r in t.head(maks).itertuples():
        nama = nama_indikator.get(str(r.kode_indikator), str(r.kode_indikator))
        pelaksana, daftar, _ = (rek_sub_kegiatan_hilang(hilang, [str(r.kode_indikator)])
                                if hilang is not None else ("", "", []))  # fmt: skip
        teks = (
            f"{pelaksana} {nama_wilayah}: masukkan ke RKPD {tahun} sekurang-kurangnya satu sub "
            f"kegiatan yang disepakati untuk outcome provinsi “{nama}”: {daftar}."
            if daftar else
            f"Masukkan sekurang-kurangnya satu sub kegiatan yang disepakati untuk outcome "
            f"provinsi “{nama}” ke dalam RKPD {tahun}."
        )  # fmt: skip
        out.append(Rekomendasi(
            1,
            teks,
            f"0 dari {int(r.n_disepakati)} sub kegiatan yang disepakati ada di RKPD {tahun}.",
            "tanpa_dukungan",
        ))  # fmt: skip
    if len(t) > maks:
        out.append(Rekomendasi(
            1,
            f"Tinjau {len(t) - maks} outcome provinsi lain yang juga belum didukung (daftar di "
            "bagian “Outcome provinsi tanpa dukungan” dan lampiran sub kegiatan).",
            f"{len(t)} outcome provinsi tanpa dukungan.",
            "tanpa_dukungan",
        ))  # fmt: skip
    return out


def rek_bidang_di_bawah_median(
    bidang: pd.DataFrame, ambang: float = 10.0, maks: int = 2,
    *, hilang: pd.DataFrame | None = None, nama_wilayah: str = "", tahun: int | None = None,
    kecuali: Iterable[str] = (),
) -> list[Rekomendasi]:
    """Rule 2: a bidang whose index is at least ``ambang`` points below the province median.

    Args:
        bidang: Output of :func:`sinkronisasi_bidang`.
        ambang: Points below the median that trigger the rule.
        maks: At most this many bidang (the furthest below first).
        hilang: :func:`sub_kegiatan_hilang` of the district (None: no sub kegiatan named).
        nama_wilayah: The district's display name.
        tahun: Plan year.
        kecuali: Sub kegiatan already named by another recommendation.

    Returns:
        Recommendations with priority 2.
    """
    b = bidang[bidang["selisih"] <= -ambang].sort_values("selisih", kind="stable")

    def teks(r: Any) -> str | None:
        pelaksana, daftar, _ = (
            rek_sub_kegiatan_hilang(hilang, bidang=str(r.kode_bidang), kecuali=kecuali)
            if hilang is not None and "kode_bidang" in b else ("", "", []))  # fmt: skip
        if daftar:
            return (f"Tingkatkan sinkronisasi bidang {r.bidang}. {pelaksana} {nama_wilayah}: "
                    f"masukkan ke RKPD {tahun} sub kegiatan yang disepakati: {daftar}.")
        if hilang is not None and "kode_bidang" in b and (
                hilang["kode_bidang"].astype(str) == str(r.kode_bidang)).any():
            return None  # every missing one of the bidang is named by another recommendation
        return (f"Tingkatkan sinkronisasi bidang {r.bidang}: rencanakan sub kegiatan yang "
                "disepakati yang belum masuk RKPD dan Renja.")

    b = b.assign(teks_rek=[teks(r) for r in b.itertuples()])
    b = b[b["teks_rek"].notna()]
    return [
        Rekomendasi(
            2,
            r.teks_rek,
            f"Indeks {angka(r.indeks_sinkronisasi)} terhadap median provinsi "
            f"{angka(r.median_provinsi)} ({angka(r.selisih)} poin); {int(r.n_direncanakan)} "
            f"dari {int(r.n_disepakati)} sub kegiatan disepakati ada di RKPD.",
            "bidang_di_bawah_median",
        )
        for r in b.head(maks).itertuples()
    ]


def _sebut_baris(rin: pd.DataFrame, k: Konteks | None, acuan: pd.DataFrame | None,
                 maks: int) -> str:
    """Name sub kegiatan rows of ``sinkronisasi_rincian``: code, name, PD (and pagu)."""
    rin = rin.drop_duplicates("kode_sub_kegiatan")
    parts = []
    for r in rin.head(maks).itertuples():
        nama = f"{r.kode_sub_kegiatan} {k.nomenklatur(r.kode_sub_kegiatan) if k else ''}".strip()
        info = [_pd_teks(getattr(r, "perangkat_daerah", None), str(r.kode_bidang))]
        if _ada(r.pagu_rkpd) and r.pagu_rkpd > 0:
            info.append(f"pagu RKPD {rupiah(r.pagu_rkpd)}")
        elif acuan is not None and r.kode_sub_kegiatan in acuan.index:
            a = acuan.loc[r.kode_sub_kegiatan]
            info.append(f"pagu indikatif {rupiah(a['pagu_median'])}, median "
                        f"{int(a['n_acuan'])} kab/kota")  # fmt: skip
        parts.append(f"{nama} ({'; '.join(info)})")
    sisa = f"; dan {len(rin) - maks} lainnya" if len(rin) > maks else ""
    return "; ".join(parts) + sisa


def rek_tanpa_pagu(
    sinkronisasi: pd.DataFrame, nama_bidang: Mapping[str, str], *,
    rincian: pd.DataFrame | None = None, k: Konteks | None = None,
    acuan: pd.DataFrame | None = None,
) -> list[Rekomendasi]:
    """Rule 3: agreed sub kegiatan in the RKPD that carry no pagu.

    Args:
        sinkronisasi: ``Hasil.sinkronisasi`` rows of one kab/kota and year.
        nama_bidang: Bidang code → label.
        rincian: The district's ``sinkronisasi_rincian`` rows (None: the count only).
        k: The brief's context (nomenclature names).
        acuan: :func:`pagu_indikatif` of the province.

    Returns:
        One recommendation (priority 3) when any such sub kegiatan exists.
    """
    s = sinkronisasi.assign(_tanpa=sinkronisasi["n_direncanakan"] - sinkronisasi["n_berpagu"])
    s = s[s["_tanpa"] > 0].sort_values(["_tanpa", "kode_bidang"], ascending=[False, True])
    if s.empty:
        return []
    n = int(s["_tanpa"].sum())
    bidang = ", ".join(nama_bidang.get(str(b), str(b)) for b in s["kode_bidang"].head(3))
    teks = (f"Alokasikan pagu pada {n} sub kegiatan yang disepakati dan sudah masuk RKPD tetapi "
            f"belum berpagu (terutama {bidang}).")  # fmt: skip
    if rincian is not None:
        r = rincian[rincian["di_rkpd"].astype(bool) & ~(rincian["pagu_rkpd"].fillna(0) > 0)]
        if len(r):
            teks = (f"Alokasikan pagu pada {n} sub kegiatan yang disepakati dan sudah masuk "
                    f"RKPD tetapi belum berpagu: {_sebut_baris(r, k, acuan, 3)}.")  # fmt: skip
    return [Rekomendasi(
        3,
        teks,
        f"{n} sub kegiatan di RKPD dengan pagu kosong atau nol.",
        "tanpa_pagu",
    )]  # fmt: skip


def rek_renja(
    sinkronisasi: pd.DataFrame, *, rincian: pd.DataFrame | None = None,
    k: Konteks | None = None,
) -> list[Rekomendasi]:
    """Rule 4: agreed sub kegiatan in the RKPD but missing from the Renja PD.

    Args:
        sinkronisasi: ``Hasil.sinkronisasi`` rows of one kab/kota and year.
        rincian: The district's ``sinkronisasi_rincian`` rows (None: the count only).
        k: The brief's context (nomenclature names).

    Returns:
        One recommendation (priority 4) when the Renja holds fewer than the RKPD.
    """
    n = int((sinkronisasi["n_direncanakan"] - sinkronisasi["n_direncanakan_renja"]).clip(lower=0)
            .sum())  # fmt: skip
    if n <= 0:
        return []
    teks = ("Selaraskan Renja perangkat daerah dengan RKPD: masukkan sub kegiatan yang disepakati "
            "yang sudah ada di RKPD ke Renja PD pelaksananya.")  # fmt: skip
    if rincian is not None:
        r = rincian[rincian["di_rkpd"].astype(bool) & ~rincian["di_renja"].astype(bool)]
        if len(r):
            daftar = _sebut_baris(r, k, None, 3)
            teks = ("Selaraskan Renja dengan RKPD: masukkan ke Renja PD pelaksananya sub "
                    f"kegiatan yang disepakati dan sudah ada di RKPD: {daftar}.")
    return [Rekomendasi(
        4,
        teks,
        f"Renja memuat {int(sinkronisasi['n_direncanakan_renja'].sum())} sub kegiatan "
        f"disepakati, RKPD {int(sinkronisasi['n_direncanakan'].sum())}.",
        "renja",
    )]  # fmt: skip


def pendukung_teks(rincian: pd.DataFrame | None, kode_indikator: str) -> tuple[str, str]:
    """Who supports an indicator: its agreed sub kegiatan in the RKPD.

    Returns ``(perangkat daerah, "di RKPD: code, code; pagu Rp …")`` (or the agreed ones
    missing from the RKPD); ``("", "")`` when nothing is agreed for the indicator.
    """
    if rincian is None or rincian.empty:
        return "", ""
    semua = rincian[rincian["kode_indikator"] == kode_indikator]
    r = semua[semua["di_rkpd"].astype(bool)]
    if semua.empty:
        return "", ""
    pd_ = semua["perangkat_daerah"].dropna() if "perangkat_daerah" in semua else pd.Series([])
    siapa = str(pd_.iloc[0]) if len(pd_) else ""
    if r.empty:  # agreed, none planned: the annex names them with their indicative pagu
        n = semua["kode_sub_kegiatan"].nunique()
        return siapa, (f"belum ada di RKPD ({n} sub kegiatan disepakati; kode, perangkat "
                       "daerah dan pagu indikatif di lampiran)")  # fmt: skip
    subs = ", ".join(dict.fromkeys(r["kode_sub_kegiatan"].astype(str).head(3)))
    return siapa, f"di RKPD: {subs}; pagu {rupiah(r['pagu_rkpd'].sum())}"


def _saran_indikator(
    kode: str, nama_indikator: Mapping[str, str], rincian: pd.DataFrame | None,
    nama_wilayah: str, dengan: str, tanpa: str,
) -> str:
    """The advice sentence about one indicator, naming who supports it when the plan says.

    Args:
        kode: Indicator code.
        nama_indikator: Indicator code → description.
        rincian: The district's ``sinkronisasi_rincian`` rows (:func:`pendukung_teks`).
        nama_wilayah: The district's display name.
        dengan: The sentence when supporting perangkat daerah are known (``str.format``
            fields ``siapa``, ``wilayah``, ``nama``, ``subs``).
        tanpa: The sentence otherwise (field ``nama``).

    Returns:
        The sentence.
    """
    nama = nama_indikator.get(kode, kode)
    siapa, subs = pendukung_teks(rincian, kode)
    if siapa:
        return dengan.format(siapa=siapa, wilayah=nama_wilayah, nama=nama, subs=subs)
    return tanpa.format(nama=nama)


def _rek_indikator(
    baris: pd.DataFrame, prioritas: int, jenis: str, saran: tuple[str, str],
    dasar: Callable[[Any], str], nama_indikator: Mapping[str, str],
    rincian: pd.DataFrame | None, nama_wilayah: str,
) -> list[Rekomendasi]:
    """One recommendation per indicator row: the advice of :func:`_saran_indikator`, the basis.

    Args:
        baris: The chosen indicator rows (column ``kode_indikator``).
        prioritas: Priority of the recommendations.
        jenis: Their kind (the rule).
        saran: The sentences with and without named supporters (:func:`_saran_indikator`).
        dasar: A row → the basis sentence (the figures).
        nama_indikator: Indicator code → description.
        rincian: The district's ``sinkronisasi_rincian`` rows.
        nama_wilayah: The district's display name.

    Returns:
        The recommendations, in the rows' order.
    """
    return [
        Rekomendasi(prioritas, _saran_indikator(str(r.kode_indikator), nama_indikator, rincian,
                                                nama_wilayah, *saran), dasar(r), jenis)
        for r in baris.itertuples()
    ]  # fmt: skip


#: Rule 5's advice, with and without the supporting perangkat daerah named.
_SARAN_CAPAIAN_RENDAH = (
    "{siapa} {wilayah}: percepat capaian “{nama}”; sub kegiatan pendukung {subs}: "
    "pastikan berpagu cukup dan tepat sasaran.",
    "Percepat capaian “{nama}”: periksa apakah sub kegiatan pendukungnya berpagu "
    "cukup dan tepat sasaran.",
)
def _dasar_capaian_rendah(r: Any) -> str:
    """Rule 5's basis: the latest capaian and predikat, realisasi against target."""
    d = _desimal_data([r.target, r.realisasi])
    return (f"Capaian {persen(r.capaian_persen)} ({r.predikat}) pada {int(r.tahun)}: realisasi "
            f"{angka(r.realisasi, d)} terhadap target {angka(r.target, d)}.")  # fmt: skip


#: Rule 6's advice, with and without the supporting perangkat daerah named.
_SARAN_MEMBURUK = (
    "{siapa} {wilayah}: tinjau strategi untuk “{nama}”, yang arahnya menjauh dari "
    "target akhir RPJMD; sub kegiatan pendukung {subs}.",
    "Tinjau strategi untuk “{nama}”: arahnya menjauh dari target akhir RPJMD.",
)



def _dasar_memburuk(r: Any) -> str:
    """Rule 6's basis: from the base year to the latest year, and the RPJMD end target.

    The decimals are those of the base and latest values (:func:`_desimal_data`).
    """
    d = _desimal_data([r.nilai_dasar, r.nilai_terakhir])
    return (f"{angka(r.nilai_dasar, d)} ({int(r.tahun_dasar)}) → "
            f"{angka(r.nilai_terakhir, d)} ({int(r.tahun_terakhir)}); "
            f"target {int(r.tahun_target)}: {angka(r.target_akhir, d)}.")  # fmt: skip


def rek_capaian_rendah(
    capaian: pd.DataFrame, nama_indikator: Mapping[str, str], maks: int = 2,
    *, rincian: pd.DataFrame | None = None, nama_wilayah: str = "",
) -> list[Rekomendasi]:
    """Rule 5: indicators with predikat Rendah or Sangat Rendah in their latest year.

    Args:
        capaian: ``Hasil.capaian`` rows of one kab/kota.
        nama_indikator: Indicator code → description.
        maks: At most this many (lowest capaian first).
        rincian: The district's ``sinkronisasi_rincian`` rows: name the supporting sub
            kegiatan and their perangkat daerah.
        nama_wilayah: The district's display name.

    Returns:
        Recommendations with priority 2 (an outcome far from its target is as urgent as a
        bidang far below the median).
    """
    c = capaian_terakhir(capaian)
    c = c[c["predikat"].isin(PREDIKAT_RENDAH)].sort_values(
        ["capaian_persen", "kode_indikator"], kind="stable"
    )
    return _rek_indikator(c.head(maks), 2, "capaian_rendah", _SARAN_CAPAIAN_RENDAH,
                          _dasar_capaian_rendah,
                          nama_indikator, rincian, nama_wilayah)  # fmt: skip


def rek_memburuk(
    lintasan: pd.DataFrame, nama_indikator: Mapping[str, str], kecuali: Iterable[str] = (),
    maks: int = 1, *, rincian: pd.DataFrame | None = None, nama_wilayah: str = "",
) -> list[Rekomendasi]:
    """Rule 6: indicators moving away from their RPJMD end target (trajectory ``memburuk``).

    Args:
        lintasan: ``Hasil.capaian_lintasan`` rows of one kab/kota.
        nama_indikator: Indicator code → description.
        kecuali: Indicator codes already named by another rule.
        maks: At most this many.
        rincian: The district's ``sinkronisasi_rincian`` rows (who supports the indicator).
        nama_wilayah: The district's display name.

    Returns:
        Recommendations with priority 3.
    """
    lt = lintasan[(lintasan["status_lintasan"] == "memburuk")
                  & ~lintasan["kode_indikator"].isin(list(kecuali))]  # fmt: skip
    lt = lt.sort_values(["rasio_lintasan", "kode_indikator"], kind="stable", na_position="last")
    return _rek_indikator(lt.head(maks), 3, "memburuk", _SARAN_MEMBURUK, _dasar_memburuk,
                          nama_indikator, rincian, nama_wilayah)  # fmt: skip


def rek_target_menarik(target: pd.DataFrame, maks: int = 1) -> list[Rekomendasi]:
    """Rule 7: a district target that pulls the province target short.

    Args:
        target: Output of :func:`target_menarik`.
        maks: At most this many indicators (first year of each).

    Returns:
        Recommendations with priority 3.
    """
    t = target.drop_duplicates("kode_indikator")
    out = []
    for r in t.head(maks).itertuples():
        d = _desimal_nilai([r.target, r.target_provinsi, r.selisih_target])
        kurang = (
            f"; target provinsi tersirat kurang {angka(r.selisih_target, d)}"
            if _ada(r.selisih_target) and r.selisih_target > 0
            else ""
        )
        out.append(Rekomendasi(
            3,
            f"Sesuaikan target “{r.uraian}” dalam kesepakatan Rakortek agar tidak menarik target "
            "provinsi ke bawah.",
            f"Target {int(r.tahun)}: kabupaten/kota {angka(r.target, d)}, provinsi "
            f"{angka(r.target_provinsi, d)}{kurang}.",
            "target_menarik",
        ))  # fmt: skip
    return out


def target_pengganti(r: Any) -> float:
    """The district target that alone closes the province shortfall ``S``.

    ``r`` is a row of :func:`atribusi_wilayah`. Mean: ``x' = x + d · S / w`` (the province
    value moves by ``w · Δx``); sum: ``x' = x + d · S``; ``d`` = +1 naik, −1 turun.
    """
    d = {"naik": 1.0, "turun": -1.0}.get(str(r.arah), np.nan)
    if r.agregasi == "jumlah":
        return float(r.target + d * r.selisih_target)
    return float(r.target + d * r.selisih_target / r.bobot)


def rek_target_pendorong(atribusi: pd.DataFrame, nama: str, maks: int = 1) -> list[Rekomendasi]:
    """Rule 7: the district drives a province target shortfall (its share ≥ the threshold).

    Only districts whose contribution (:func:`workbench.agregat.atribusi_kekurangan`) is a
    real part of the shortfall get it; a negligible contributor does not.

    Args:
        atribusi: Output of :func:`atribusi_wilayah`.
        nama: The district's display name.
        maks: At most this many indicators (first year of each).

    Returns:
        Recommendations with priority 3 (rule name ``target_menarik``).
    """
    t = atribusi[atribusi["pendorong"]].drop_duplicates("kode_indikator")
    out = []
    dv, dk = _desimal_atribusi(atribusi) if len(t) else ({}, {})
    for r in t.head(maks).itertuples():
        d, dkk = dv[str(r.kode_indikator)], dk[str(r.kode_indikator)]
        # rounded towards ambition, so the printed target still closes the shortfall
        faktor = 10.0**d
        baru = target_pengganti(r)
        baru = math.floor(baru * faktor) / faktor if r.arah == "turun" else (
            math.ceil(baru * faktor) / faktor if r.arah == "naik" else baru)  # fmt: skip
        kata = {"naik": ("Naikkan", "sekurang-kurangnya"), "turun": ("Turunkan", "paling tinggi")}
        kerja, batas = kata.get(str(r.arah), ("Sesuaikan", ""))
        out.append(Rekomendasi(
            3,
            f"Bappeda {nama} bersama perangkat daerah pengampu: {kerja.lower()} target "
            f"“{r.uraian}” {int(r.tahun)} dari {angka(r.target, d)} menjadi {batas} "
            f"{angka(baru, d)} dalam kesepakatan Rakortekrenbang; dengan target itu kekurangan "
            "provinsi tertutup.",
            f"Bila semua kabupaten/kota memenuhi targetnya, provinsi mencapai "
            f"{_implisit_teks(r, d)} terhadap target {angka(r.target_provinsi, d)} "
            f"(kurang {angka(r.selisih_target, dkk)}); {nama} menyumbang +"
            f"{angka(r.kontribusi, dkk)}, {persen(r.porsi_kekurangan * 100)} dari semua "
            "sumbangan yang menarik ke bawah (kabupaten/kota yang lebih ambisius menutup "
            "sebagian).",
            "target_menarik",
        ))  # fmt: skip
    return out


def rek_konsistensi(
    konsistensi: pd.DataFrame, ambang: float = 60.0, *, rincian: pd.DataFrame | None = None,
    k: Konteks | None = None, maks: int = 3,
) -> list[Rekomendasi]:
    """Rule 8: document linkage below ``ambang`` % (MKPP "sedang" or worse) at some level.

    Args:
        konsistensi: ``Hasil.konsistensi`` rows of one government and year.
        ambang: Linkage % below which the rule fires (60 = below "baik").
        rincian: ``Hasil.konsistensi_rincian`` rows of the government and year: name the
            upper document's lines missing below (None: the count only).
        k: The brief's context (nomenclature names).
        maks: Lines named.

    Returns:
        At most one recommendation per document pair (its weakest level), priority 4.
    """
    kk = konsistensi[konsistensi["keterkaitan_persen"] < ambang]
    kk = kk.sort_values(["keterkaitan_persen", "pasangan"], kind="stable")
    out = []
    nama_tingkat = {"program": "program", "kegiatan": "kegiatan", "sub_kegiatan": "sub kegiatan"}
    for r in kk.drop_duplicates("pasangan").itertuples():
        atas, bawah = str(r.pasangan).split("→")
        baris = ""
        if rincian is not None:
            x = rincian[(rincian["pasangan"] == r.pasangan) & (rincian["tingkat"] == r.tingkat)
                        & (rincian["jenis_temuan"] == "tidak ada di dokumen bawah")]  # fmt: skip
            baris = "; ".join(
                f"{x_.kode_nomenklatur} {k.nomenklatur(x_.kode_nomenklatur) if k else ''}"
                .strip() + f" ({_pd_teks(x_.perangkat_daerah)})"
                for x_ in x.head(maks).itertuples()
            ) + (f"; dan {len(x) - maks} lainnya" if len(x) > maks else "")
        out.append(Rekomendasi(
            4,
            f"Perbaiki keterkaitan {atas.title() if atas == 'RENSTRA' else atas}→"
            f"{bawah.title() if bawah == 'RENJA' else bawah} tingkat "
            f"{nama_tingkat.get(r.tingkat, r.tingkat)}: masukkan baris dokumen atas yang hilang "
            + (f"({baris}) " if baris else "") + "atau catat alasannya.",
            f"Keterkaitan {persen(r.keterkaitan_persen)} ({r.kategori}); "
            f"{int(r.n_tidak_ada_di_bawah)} baris tidak ada di dokumen bawah.",
            "konsistensi",
        ))  # fmt: skip
    return out


def rek_temuan_konsistensi(rincian: pd.DataFrame, k: Konteks, maks: int = 3) -> list[Rekomendasi]:
    """Rule 9: consistency findings, with the offending lines named.

    Per finding kind: targets cut between the upper and the lower document (``target kurang
    ambisius``: restore the upper document's target) and Renja lines that the Renstra does
    not plan (``tidak direncanakan di dokumen atas``: put them in the Renstra or drop them).

    Args:
        rincian: ``Hasil.konsistensi_rincian`` rows of one government and year.
        k: The brief's context (names of indicators and nomenclature).
        maks: Lines named per recommendation.

    Returns:
        At most one recommendation per kind (priority 3 for targets, 4 for Renja lines).
    """
    out = []
    tgt = rincian[rincian["jenis_temuan"] == "target kurang ambisius"]
    if len(tgt):
        baris = "; ".join(
            f"“{k.indikator(r.kode_indikator)}” ({r.kode_nomenklatur}, "
            f"{_pd_teks(r.perangkat_daerah)}): {r.target_dokumen_atas} di "
            f"{str(r.pasangan).split('→')[0].replace('RENSTRA', 'Renstra')} menjadi "
            f"{r.target_dokumen_bawah} di "
            f"{str(r.pasangan).split('→')[1].replace('RENJA', 'Renja')}"
            for r in tgt.head(maks).itertuples()
        )
        out.append(Rekomendasi(
            3,
            f"Kembalikan target yang turun dari dokumen atasnya, atau catat alasannya dalam "
            f"berita acara: {baris}.",
            f"{len(tgt)} target lebih rendah ambisinya daripada dokumen di atasnya (arah "
            "indikator diperhitungkan).",
            "target_dipotong",
        ))  # fmt: skip
    tanpa = rincian[(rincian["jenis_temuan"] == "tidak direncanakan di dokumen atas")
                    & (rincian["pasangan"] == "RENSTRA→RENJA")]  # fmt: skip
    if len(tanpa):
        baris = "; ".join(
            f"{r.kode_nomenklatur} {k.nomenklatur(r.kode_nomenklatur)} "
            f"({_pd_teks(r.perangkat_daerah)})".replace("  ", " ")
            for r in tanpa.head(maks).itertuples()
        )
        sisa = f"; dan {len(tanpa) - maks} lainnya" if len(tanpa) > maks else ""
        out.append(Rekomendasi(
            4,
            f"Masukkan ke Renstra PD, atau keluarkan dari Renja, baris Renja yang tidak "
            f"direncanakan di Renstra: {baris}{sisa}.",
            f"{len(tanpa)} baris Renja tanpa padanan di Renstra PD.",
            "renja_tanpa_renstra",
        ))  # fmt: skip
    return out


def rek_kesenjangan_utama(
    gap: pd.DataFrame, hilang: pd.DataFrame, rincian: pd.DataFrame, nama: str, tahun: int,
    kecuali: Iterable[str] = (), disebut: Iterable[str] = (),
) -> list[Rekomendasi]:
    """Rule 10: the headline's biggest gap, whatever its predikat, with what supports it.

    Args:
        gap: :func:`gap_terburuk` of the district (its first row is the headline's).
        hilang: :func:`sub_kegiatan_hilang` of the district.
        rincian: The district's ``sinkronisasi_rincian`` rows of the year.
        nama: The district's display name.
        tahun: Plan year.
        kecuali: Indicator codes another rule already names.
        disebut: Sub kegiatan codes another rule already names.

    Returns:
        One recommendation (priority 2) or none.
    """
    if gap.empty or str(gap.iloc[0]["kode_indikator"]) in set(kecuali):
        return []
    g = gap.iloc[0]
    kode = str(g["kode_indikator"])
    d = _desimal_data([g["target"], g["realisasi"]])
    dasar = (
        f"Kesenjangan terbesar: capaian {persen(g['capaian_persen'])} ({g['predikat']}) pada "
        f"{int(g['tahun'])}, realisasi {angka(g['realisasi'], d)} terhadap target "
        f"{angka(g['target'], d)} {g['satuan'] if _ada(g['satuan']) else ''}".rstrip() + "."
    )
    pelaksana, daftar, _ = rek_sub_kegiatan_hilang(hilang, [kode], kecuali=disebut)
    if daftar:
        return [Rekomendasi(2, f"{pelaksana} {nama}: percepat “{g['uraian']}” dengan "
                               f"memasukkan ke RKPD {tahun} sub kegiatan pendukung yang "
                               f"disepakati: {daftar}.", dasar,
                            "kesenjangan_utama")]  # fmt: skip
    ada = rincian[(rincian["kode_indikator"] == kode) & rincian["di_rkpd"].astype(bool)]
    if ada.empty:
        siapa = pd_bidang_indikator(rincian, kode)
        return [Rekomendasi(2, f"{siapa} {nama}: percepat “{g['uraian']}”; belum ada sub "
                               "kegiatan yang disepakati untuk indikator ini: usulkan sub "
                               "kegiatan pendukung beserta pagunya pada Rakortekrenbang.",
                            dasar, "kesenjangan_utama")]  # fmt: skip
    pd_ = ada["perangkat_daerah"].dropna() if "perangkat_daerah" in ada else pd.Series([])
    siapa = _pd_teks(pd_.iloc[0] if len(pd_) else None)
    subs = ", ".join(dict.fromkeys(ada["kode_sub_kegiatan"].astype(str).head(3)))
    return [Rekomendasi(
        2,
        f"{siapa} {nama}: percepat “{g['uraian']}”; sub kegiatan pendukungnya sudah di RKPD "
        f"({subs}; pagu {rupiah(ada['pagu_rkpd'].sum())}): periksa volume dan sasarannya.",
        dasar,
        "kesenjangan_utama",
    )]  # fmt: skip


def pd_bidang_indikator(rincian: pd.DataFrame, kode_indikator: str) -> str:
    """The district's perangkat daerah of an indicator's bidang (reference ``kode_bidang``).

    For an indicator nothing is agreed for: the PD most of the district's agreed sub
    kegiatan of that bidang name; else "perangkat daerah pengampu bidang X.XX".
    """
    bidang = ""
    with contextlib.suppress(Exception):  # the reference table may be absent
        r = reference.load_indikator_referensi()
        b = r.loc[r["kode_indikator"].astype(str) == kode_indikator, "kode_bidang"]
        bidang = str(b.iloc[0]) if len(b) and _ada(b.iloc[0]) else ""
    if bidang and "perangkat_daerah" in rincian:
        pd_ = rincian.loc[rincian["kode_bidang"].astype(str) == bidang, "perangkat_daerah"]
        pd_ = pd_.dropna()
        if len(pd_):
            return str(pd_.value_counts().index[0])
    return _pd_teks(None, bidang)


def rek_sisa_hilang(
    hilang: pd.DataFrame, nama: str, tahun: int, disebut: Iterable[str], maks: int = 2,
) -> list[Rekomendasi]:
    """Rule 11: agreed sub kegiatan missing from the RKPD that no other rule named.

    Args:
        hilang: :func:`sub_kegiatan_hilang` of the district.
        nama: The district's display name.
        tahun: Plan year.
        disebut: Codes already named.
        maks: Sub kegiatan named (highest indicative pagu first); the rest are counted.

    Returns:
        One recommendation (priority 3) or none.
    """
    sisa = hilang[~hilang["kode_sub_kegiatan"].astype(str).isin(list(disebut))]
    pelaksana, daftar, _ = rek_sub_kegiatan_hilang(sisa, maks=maks)
    if not daftar:
        return []
    total = sisa["pagu_median"].sum(min_count=1)
    return [Rekomendasi(
        3,
        f"{pelaksana} {nama}: masukkan ke RKPD {tahun} sub kegiatan yang disepakati dan belum "
        f"direncanakan: {daftar}.",
        f"{len(sisa)} sub kegiatan disepakati lain belum ada di RKPD (di luar bidang dan "
        f"outcome rekomendasi di atas); pagu indikatif seluruhnya {rupiah(total)}.",
        "sub_kegiatan_hilang",
    )]  # fmt: skip


def _tanpa_duplikat(rek: Sequence[Rekomendasi]) -> list[Rekomendasi]:
    """Drop a recommendation whose text repeats an earlier one's."""
    seen: set[str] = set()
    out = []
    for r in rek:
        key = " ".join(r.teks.lower().split())
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out


def rekomendasi(k: Konteks, maks: int = 8) -> list[Rekomendasi]:
    """The generated recommendations of a kab/kota brief, most urgent first.

    Rules (each cites its figure, and names the sub kegiatan, perangkat daerah and indicative
    pagu where it is about sub kegiatan): outcomes with no support (1); bidang ≥ 10 points
    below the province median, indicators with predikat Rendah/Sangat Rendah, the headline's
    biggest gap whatever its predikat (2); agreed sub kegiatan without pagu, worsening
    trajectory, a district target that drives a province shortfall, targets cut from the
    upper document, the other missing agreed sub kegiatan (3); Renja missing RKPD sub
    kegiatan, Renja lines without Renstra, document linkage below 60 % (4). A sub kegiatan or
    an indicator named by one rule is not named again, and no two recommendations say the
    same thing.

    Args:
        k: The context of a kab/kota.
        maks: Length of the list.

    Returns:
        At most ``maks`` :class:`Rekomendasi`, ordered by priority then rule order.
    """
    t = k.tahun
    sink = _tahun(k.hasil.sinkronisasi, t)
    sink = sink[sink["kode_wilayah"] == k.kode_wilayah]
    tanpa = _tahun(k.hasil.sinkronisasi_tanpa_dukungan, t)
    tanpa = tanpa[tanpa["kode_wilayah"] == k.kode_wilayah]
    cap = k.hasil.capaian[k.hasil.capaian["kode_wilayah"] == k.kode_wilayah]
    lint = k.hasil.capaian_lintasan[k.hasil.capaian_lintasan["kode_wilayah"] == k.kode_wilayah]
    kons = _tahun(k.hasil.konsistensi, t)
    kons = kons[kons["kode_wilayah"] == k.kode_wilayah]
    kons_r = _tahun(k.hasil.konsistensi_rincian, t)
    kons_r = kons_r[kons_r["kode_wilayah"] == k.kode_wilayah]
    rin = _tahun(k.hasil.sinkronisasi_rincian, t)
    rin = rin[rin["kode_wilayah"] == k.kode_wilayah]
    hilang = sub_kegiatan_hilang(k)
    acuan = _pagu_acuan(k)
    nama_bidang = {str(b): k.bidang(b) for b in sink["kode_bidang"]}
    pertama = rek_tanpa_dukungan(tanpa, k.nama_indikator, t, hilang=hilang, nama_wilayah=k.nama)
    # sub kegiatan named by rule 1 are not named again by rule 2
    disebut = _disebut(pertama, hilang)
    kedua = rek_bidang_di_bawah_median(sinkronisasi_bidang(k), hilang=hilang,
                                       nama_wilayah=k.nama, tahun=t, kecuali=disebut)
    disebut += _disebut(kedua, hilang)
    rendah = rek_capaian_rendah(cap, k.nama_indikator, rincian=rin, nama_wilayah=k.nama)
    sudah = capaian_terakhir(cap)
    sudah = sudah.loc[sudah["predikat"].isin(PREDIKAT_RENDAH), "kode_indikator"].head(2)
    sudah = sudah.astype(str).tolist()
    semua = [
        *pertama,
        *kedua,
        *rendah,
        *(utama := rek_kesenjangan_utama(gap_terburuk(k, n=1), hilang, rin, k.nama, t,
                                         kecuali=sudah, disebut=disebut)),
        *rek_sisa_hilang(_belum_dirujuk(hilang, kedua, tanpa, k), k.nama, t,
                         [*disebut, *_disebut(utama, hilang)]),
        *rek_tanpa_pagu(sink, nama_bidang, rincian=rin, k=k, acuan=acuan),
        *rek_memburuk(lint, k.nama_indikator,
                      kecuali=[*sudah, *_kode_gap_utama(k), *tanpa["kode_indikator"].astype(str)],
                      rincian=rin, nama_wilayah=k.nama),
        *rek_target_pendorong(atribusi_wilayah(k), k.nama),
        *rek_renja(sink, rincian=rin, k=k),
        *rek_konsistensi(kons, rincian=kons_r, k=k),
        *rek_temuan_konsistensi(kons_r, k),
    ]
    semua = [dataclasses.replace(r, teks=r.teks[:1].upper() + r.teks[1:]) for r in semua]
    urut = sorted(enumerate(_tanpa_duplikat(semua)), key=lambda x: (x[1].prioritas, x[0]))
    return [r for _, r in urut][:maks]


def _belum_dirujuk(
    hilang: pd.DataFrame, bidang_rek: Sequence[Rekomendasi], tanpa: pd.DataFrame, k: Konteks
) -> pd.DataFrame:
    """Missing sub kegiatan that no bidang or unsupported-outcome recommendation covers."""
    bidang = {str(b) for b in hilang["kode_bidang"].unique()
              if any(f"bidang {k.bidang(b)}" in r.teks for r in bidang_rek)}  # fmt: skip
    out = hilang[~hilang["kode_bidang"].astype(str).isin(bidang)]
    return out[~out["kode_indikator"].astype(str).isin(tanpa["kode_indikator"].astype(str))]


def _disebut(rek: Sequence[Rekomendasi], hilang: pd.DataFrame) -> list[str]:
    """Codes of the missing sub kegiatan that recommendations already name."""
    return [c for r in rek for c in hilang["kode_sub_kegiatan"].astype(str) if c in r.teks]


def _kode_gap_utama(k: Konteks) -> list[str]:
    g = gap_terburuk(k, n=1)
    return g["kode_indikator"].astype(str).tolist()


def blok_rekomendasi(k: Konteks) -> Blok:
    """The recommendations as a numbered list, each with the figure it rests on."""
    rek = rekomendasi(k)
    if not rek:
        return Blok(
            "<p>Tidak ada temuan yang memerlukan tindak lanjut khusus menurut aturan "
            "rekomendasi workbench.</p>"
        )
    items = "".join(
        f"<li>{_e(r.teks)}<br><span class=\"wb-dasar\">Dasar: {_e(r.dasar)}</span></li>"
        for r in rek
    )
    return Blok(
        f'<ol class="wb-rek">{items}</ol><p class="wb-catatan">Rekomendasi disusun otomatis '
        "dari temuan di atas; bahan diskusi Rakortekrenbang, bukan keputusan.</p>"
    )


def blok_sumber(k: Konteks) -> Blok:
    """The data source line, with the synthetic-data note when it applies."""
    return Blok(f'{catatan_sintetis(k)}<p class="wb-catatan">{_e(k.sumber)}</p>')
