"""Blocks of a district brief.

Title, headline cards, synchronization, capaian and trend charts, aggregate targets,
consistency.
"""

from __future__ import annotations

import html
import math
import textwrap
from typing import Any

import matplotlib
import numpy as np
import pandas as pd
from markupsafe import Markup
from matplotlib.ticker import FuncFormatter, MaxNLocator

from workbench.analysis import Hasil
from workbench.laporan.angka_utama import (
    angka_utama,
)
from workbench.laporan.display import (
    _CSS,
    CATATAN_LINTASAN,
    PREDIKAT_RENDAH,
    RC_BRIEF,
    WARNA_PREDIKAT,
    Blok,
    Gambar,
    Grafik,
    _ada,
    _desimal_data,
    _desimal_nilai,
    _e,
    _selisih_html,
    _sisa,
    _tabel,
    angka,
    catatan_sintetis,
    css_halaman,
    navigasi,
    persen,
    render_page,
    rupiah,
    sel_predikat,
    teks_data,
)
from workbench.laporan.konteks import (
    Konteks,
    _tahun,
    capaian_terakhir,
    capaian_terakhir_hasil,
    per_analisis,
    sinkronisasi_bidang,
)
from workbench.laporan.tata_letak import atur_grid
from workbench.teks import round_half_up


# --- district blocks --------------------------------------------------------------------------
def judul(k: Konteks) -> Blok:
    """Title block: the district's name, the year, the synthetic-data banner and page styles."""
    return Blok(render_page(
        "judul.html.j2", provinsi=k.provinsi, nama=k.nama, tahun=k.tahun, kode=k.kode_wilayah,
        css=Markup(_CSS + css_halaman(k.nama, k.sintetis)), navigasi=Markup(navigasi(k)),
        banner=Markup(catatan_sintetis(k)),
    ))  # fmt: skip


def blok_angka_utama(k: Konteks) -> Blok:
    """Headline cards and a two-sentence summary generated from the figures."""
    a = angka_utama(k)
    rank = f"peringkat {a.peringkat} dari {a.n_kabkota}" if a.peringkat else "belum diperingkat"
    kartu = [
        (angka(a.indeks_sinkronisasi), f"Indeks sinkronisasi (0–100), {rank}"),
        (persen(a.dukungan_persen),
         f"Sub kegiatan disepakati yang ada di RKPD ({a.n_direncanakan} dari {a.n_disepakati})"),
        (teks_data(a.pagu_teks), "Pagu RKPD pada sub kegiatan yang disepakati"),
        (f"{a.n_outcome_tanpa_dukungan} dari {a.n_outcome}",
         "Outcome provinsi yang sama sekali tidak didukung"),
        (persen(a.persen_sesuai_lintasan),
         f"Indikator sesuai lintasan target ({a.n_indikator_dinilai} dinilai)"),
    ]  # fmt: skip
    gap = None
    if len(a.gap_terburuk):
        g = a.gap_terburuk.iloc[0]
        gap = {"uraian": teks_data(g["uraian"]), "capaian": persen(g["capaian_persen"]),
               "predikat": teks_data(g["predikat"]), "tahun": int(g["tahun"])}  # fmt: skip
    return Blok(render_page(
        "angka_utama.html.j2", kartu=kartu, tahun=k.tahun, nama=k.nama,
        n_direncanakan=a.n_direncanakan, n_disepakati=a.n_disepakati,
        dukungan=persen(a.dukungan_persen), pagu=teks_data(a.pagu_teks),
        n_tanpa_dukungan=a.n_outcome_tanpa_dukungan, gap=gap,
        catatan_lintasan=Markup(CATATAN_LINTASAN),
    ))  # fmt: skip


def tabel_sinkronisasi(k: Konteks) -> Blok:
    """Synchronization per bidang against the province median (table)."""
    s = sinkronisasi_bidang(k)
    if s.empty:
        return Blok(
            f"<p>Tidak ada kesepakatan sub kegiatan untuk {_e(k.nama)} pada tahun {k.tahun}.</p>"
        )
    rows = [
        (
            _e(r.bidang),
            str(int(r.n_disepakati)),
            str(int(r.n_direncanakan)),
            persen(r.dukungan_persen),
            persen(r.dukungan_renja_persen),
            _e(rupiah(r.pagu_dukungan)),
            f"<b>{angka(r.indeks_sinkronisasi)}</b>",
            angka(r.median_provinsi),
            _selisih_html(r.selisih),
        )
        for r in s.itertuples()
    ]
    header = ["Bidang urusan", "Disepakati", "Di RKPD", "Dukungan RKPD", "Dukungan Renja",
              "Pagu dukungan", "Indeks", "Median provinsi", "Selisih"]  # fmt: skip
    return Blok(
        _tabel(header, rows, numerik=range(1, 9))
        + '<p class="wb-catatan">Indeks sinkronisasi 0–100: gabungan berbobot dukungan RKPD, '
        "dukungan Renja, cakupan outcome dan pendanaan (bobot di parameters/kalteng.yaml). "
        "Selisih negatif (merah): di bawah median 14 kabupaten/kota.</p>"
    )


def grafik_sinkronisasi(k: Konteks) -> Gambar | Blok:
    """Bar chart: index per bidang, with the province median marked."""
    s = sinkronisasi_bidang(k).sort_values("kode_bidang", ascending=False, kind="stable")
    if s.empty:
        return Blok("")
    with matplotlib.rc_context(RC_BRIEF):
        fig = Grafik(figsize=(8.5, 0.45 * len(s) + 1.4))
        ax = fig.add_subplot()
        y = np.arange(len(s))
        labels = [textwrap.shorten(b, 42, placeholder="…") for b in s["bidang"]]
        val = s["indeks_sinkronisasi"].to_numpy(float)
        warna = np.where(s["selisih"].to_numpy(float) < 0, "#d6604d", "#4393c3")
        ax.barh(y, val, color=warna, height=0.6)
        ax.scatter(s["median_provinsi"], y, marker="|", s=400, color="black", zorder=3)
        for yi, v in zip(y, val, strict=True):
            if np.isfinite(v):
                ax.text(v + 1, yi, angka(v), va="center", fontsize=8.5, zorder=3,
                        bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.6})  # fmt: skip
        ax.set_yticks(y, labels)
        ax.set_xlim(0, 110)
        ax.set_xlabel("Indeks sinkronisasi (0–100); garis hitam: median 14 kabupaten/kota")
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: angka(v, 0)))
        ax.set_title(f"Indeks sinkronisasi per bidang, {k.nama} {k.tahun}", loc="left")
        ax.grid(axis="y", visible=False)
        atur_grid(fig, [ax], 1)  # see grafik_tren
    alt = f"Grafik indeks sinkronisasi per bidang urusan {k.nama} {k.tahun} dan median provinsi"
    return Gambar(fig, alt)


def tabel_tanpa_dukungan(k: Konteks, n: int = 12) -> Blok:
    """Province outcomes the district supports with nothing, with the agreed sub kegiatan."""
    rin = _tahun(k.hasil.sinkronisasi_rincian, k.tahun)
    rin = rin[rin["kode_wilayah"] == k.kode_wilayah]
    tanpa = _tahun(k.hasil.sinkronisasi_tanpa_dukungan, k.tahun)
    tanpa = tanpa[tanpa["kode_wilayah"] == k.kode_wilayah]
    if tanpa.empty:
        if rin.empty:
            return Blok(f"<p>Tidak ada outcome provinsi yang disepakati untuk {_e(k.nama)}.</p>")
        return Blok(
            f"<p>Setiap outcome provinsi yang disepakati didukung sekurang-kurangnya satu sub "
            f"kegiatan dalam RKPD {k.tahun} {_e(k.nama)}.</p>"
        )
    rows = []
    for r in tanpa.head(n).itertuples():
        subs = rin.loc[rin["kode_indikator"] == r.kode_indikator, "kode_sub_kegiatan"].unique()
        daftar = "<br>".join(
            f"{_e(s)} {_e(k.nomenklatur(s))}".strip() for s in list(subs)[:3]
        ) + (f"<br>… dan {len(subs) - 3} lainnya" if len(subs) > 3 else "")
        rows.append(
            (_e(k.indikator(r.kode_indikator)), _e(k.bidang(r.kode_bidang)),
             str(int(r.n_disepakati)), daftar)  # fmt: skip
        )
    header = ["Outcome provinsi", "Bidang", "Sub kegiatan disepakati", "Sub kegiatan (contoh)"]
    intro = (
        f"<p><b>{len(tanpa)} outcome provinsi</b> tidak didukung satu pun sub kegiatan "
        f"yang disepakati dalam RKPD {k.tahun}:</p>"
    )
    return Blok(intro + _tabel(header, rows, numerik=[2]) + _sisa(len(tanpa), n, "outcome"))


def belum_ada_data(capaian: pd.DataFrame, kode_wilayah: str, tahun: int) -> pd.DataFrame:
    """Indicators with a target for ``tahun`` but no realisation for it (data completeness).

    Args:
        capaian: ``Hasil.capaian``.
        kode_wilayah: The government.
        tahun: The evaluation year (the year before the plan year).

    Returns:
        ``kode_indikator, target, satuan, tahun_terakhir, realisasi_terakhir`` (the latest
        earlier realisation, NaN when there is none), one row per indicator, by code.
    """
    c = capaian[capaian["kode_wilayah"] == kode_wilayah]
    th = c[(c["tahun"] == tahun) & c["target"].notna() & c["realisasi"].isna()]
    th = th.drop_duplicates("kode_indikator").sort_values("kode_indikator", kind="stable")
    lalu = c[c["realisasi"].notna() & (c["tahun"] < tahun)].sort_values("tahun", kind="stable")
    lalu = lalu.drop_duplicates("kode_indikator", keep="last").set_index("kode_indikator")
    return pd.DataFrame({
        "kode_indikator": th["kode_indikator"].astype(str).to_numpy(),
        "target": th["target"].to_numpy(float),
        "satuan": th["satuan"].to_numpy(object),
        "tahun_terakhir": th["kode_indikator"].map(lalu["tahun"]).to_numpy(float),
        "realisasi_terakhir": th["kode_indikator"].map(lalu["realisasi"]).to_numpy(float),
    })  # fmt: skip


def kelengkapan_data(capaian: pd.DataFrame, kode_wilayah: str, tahun: int) -> tuple[int, int]:
    """``(with a realisation, with a target)`` among the indicators of ``tahun``."""
    c = capaian[(capaian["kode_wilayah"] == kode_wilayah) & (capaian["tahun"] == tahun)]
    c = c[c["target"].notna()]
    ada = c.loc[c["realisasi"].notna(), "kode_indikator"].nunique()
    return int(ada), int(c["kode_indikator"].nunique())


def tabel_capaian(k: Konteks, n: int = 12) -> Blok:
    """Outcome gaps: latest capaian per indicator with the predikat coloured, worst first.

    Indicators with a target but no realisation for the evaluation year (the year before the
    plan year) are listed first as "belum ada data", and a line counts the data completeness.
    """
    c = capaian_terakhir_hasil(k.hasil)
    c = c[c["kode_wilayah"] == k.kode_wilayah].sort_values(
        ["capaian_persen", "kode_indikator"], kind="stable"
    )
    th_eval = k.tahun - 1
    kosong = belum_ada_data(k.hasil.capaian, k.kode_wilayah, th_eval)
    n_ada, n_target = kelengkapan_data(k.hasil.capaian, k.kode_wilayah, th_eval)
    # shown once, as "belum ada data" with its last value (not again with an older year)
    c = c[~c["kode_indikator"].astype(str).isin(kosong["kode_indikator"])]
    def _lalu(r: Any) -> str:
        d = _desimal_data([r.target, r.realisasi_terakhir])
        return (f"realisasi terakhir {angka(r.realisasi_terakhir, d)} pada "
                f"{int(r.tahun_terakhir)}" if _ada(r.realisasi_terakhir)
                else "belum pernah ada realisasi")  # fmt: skip

    daftar_kosong = "; ".join(f"{_e(k.indikator(r.kode_indikator))} ({_lalu(r)})"
                              for r in kosong.itertuples())  # fmt: skip
    lengkap = (
        f"<p>Kelengkapan data {th_eval}: {n_ada} dari {n_target} indikator bertarget memiliki "
        f"realisasi ({persen(n_ada / n_target * 100)})"
        + (f"; <b>{len(kosong)} belum ada data</b>: {daftar_kosong}." if len(kosong) else ".")
        + "</p>"
        if n_target else f"<p>Tidak ada indikator bertarget untuk {th_eval}.</p>"
    )
    lint = k.hasil.capaian_lintasan
    lint = lint[lint["kode_wilayah"] == k.kode_wilayah].set_index("kode_indikator")
    if c.empty and kosong.empty:
        return Blok(f"<p>Belum ada realisasi indikator untuk {_e(k.nama)} sampai {k.tahun}.</p>")
    rows = []
    for r in kosong.itertuples():
        d = _desimal_data([r.target, r.realisasi_terakhir])
        status = lint["status_lintasan"].get(r.kode_indikator) if len(lint) else None
        rows.append(
            (_e(k.indikator(r.kode_indikator)), str(th_eval),
             _e(r.satuan) if _ada(r.satuan) else "", angka(r.target, d),
             "<b>belum ada data</b>", "–", "–", "–", _e(status))  # fmt: skip
        )
    for r in c.head(n).itertuples():
        d = _desimal_data([r.target, r.realisasi])
        rows.append(
            (
                _e(k.indikator(r.kode_indikator)),
                str(int(r.tahun)),
                _e(r.satuan) if _ada(r.satuan) else "",
                angka(r.target, d),
                angka(r.realisasi, d),
                persen(r.capaian_persen),
                sel_predikat(r.predikat),
                angka(r.gap, d) if _ada(r.gap) and r.gap > 0 else "–",
                _e(getattr(r, "status_lintasan", None)),
            )
        )
    header = ["Indikator", "Tahun", "Satuan", "Target", "Realisasi", "Capaian", "Predikat",
              "Kekurangan", "Lintasan"]  # fmt: skip
    n_rendah = int(c["predikat"].isin(PREDIKAT_RENDAH).sum())
    intro = (
        f"<p>{len(c)} indikator dengan realisasi; {n_rendah} berpredikat Rendah atau Sangat "
        "Rendah. Diurutkan dari capaian terendah (realisasi tahun terakhir yang tersedia)"
        + ("; indikator yang belum ada datanya di baris teratas" if len(kosong) else "")
        + ".</p>"
    )
    legenda = " ".join(sel_predikat(p) for p in WARNA_PREDIKAT)
    return Blok(
        lengkap
        + intro
        + _tabel(header, rows, numerik=[1, 3, 4, 5, 7])
        + _sisa(len(c), n, "indikator")
        + f'<p class="wb-catatan">Predikat (skala evaluasi Permendagri 86/2017): {legenda}. '
        "Sangat Tinggi ≥ 91 %, Tinggi 76–90 %, Sedang 66–75 %, Rendah 51–65 %, Sangat Rendah "
        "≤ 50 %. Kekurangan dalam satuan indikator.</p>"
    )


def _baris_tren(k: Konteks, n: int) -> list[str]:
    """Indicators to chart: those with ≥ 2 realisations, worst latest capaian first."""
    c = k.hasil.capaian
    c = c[(c["kode_wilayah"] == k.kode_wilayah) & c["realisasi"].notna()]
    n_th = c.groupby("kode_indikator", observed=True)["tahun"].nunique()
    ok = n_th[n_th >= 2].index
    last = capaian_terakhir(c)
    last = last[last["kode_indikator"].isin(ok)].sort_values(
        ["capaian_persen", "kode_indikator"], kind="stable"
    )
    return last["kode_indikator"].astype(str).head(n).tolist()


def _agregasi_indikator(k: Konteks) -> dict[str, str]:
    """Indicator code → ``agregasi`` for the indicators the target arithmetic covers."""
    a = k.semua.target_agregat
    if a.empty:
        return {}
    a = a.drop_duplicates("kode_indikator")
    return dict(zip(a["kode_indikator"].astype(str), a["agregasi"].astype(str), strict=True))


def _seri_provinsi(k: Konteks, kode: str, jumlah: bool) -> tuple[pd.DataFrame, str]:
    """The province's realisations for a trend panel, per kab/kota for a sum (same axis)."""
    prov = k.semua.capaian
    p = prov[(prov["kode_wilayah"] == k.kode_provinsi) & (prov["kode_indikator"] == kode)]
    p = p[p["realisasi"].notna()].sort_values("tahun")
    if not jumlah:
        return p[["tahun", "realisasi"]], "Realisasi provinsi"
    n = max(1, int(k.semua.target_agregat.loc[
        k.semua.target_agregat["kode_indikator"] == kode, "n_kabkota"].max()))  # fmt: skip
    return p[["tahun"]].assign(realisasi=p["realisasi"] / n), (
        f"Provinsi ÷ {n} (rata-rata per kab/kota)")


def _panel_tren(ax: Any, k: Konteks, kode: str, jumlah: bool) -> None:
    """One trend panel: realisation, targets (a band for ranges), the RPJMD end target."""
    cap = k.hasil.capaian
    c = cap[(cap["kode_wilayah"] == k.kode_wilayah) & (cap["kode_indikator"] == kode)]
    c = c.sort_values("tahun")
    lt = k.hasil.capaian_lintasan
    lt = lt[(lt["kode_wilayah"] == k.kode_wilayah) & (lt["kode_indikator"] == kode)]
    akhir = lt.iloc[0] if len(lt) else None
    p, label_p = _seri_provinsi(k, kode, jumlah)
    nilai = [*c["realisasi"], *c["target"]]  # the axis speaks the district's precision
    if akhir is not None:
        nilai.append(akhir["target_akhir"])
    d = _desimal_nilai(nilai)
    r = c[c["realisasi"].notna()]
    ax.plot(r["tahun"], r["realisasi"], marker="o", color="#2166ac", lw=2,
            label="Realisasi kab/kota")  # fmt: skip
    t = c[c["target"].notna()]
    ax.plot(t["tahun"], t["target"], ls="--", marker="x", color="#d6604d", lw=1.3,
            label="Target kab/kota")  # fmt: skip
    bawah = c.get("target_bawah", c["target"]).to_numpy(float)
    atas = c.get("target_atas", c["target"]).to_numpy(float)
    rentang = np.isfinite(bawah) & np.isfinite(atas) & (atas > bawah)
    if rentang.any():
        ax.fill_between(c["tahun"].to_numpy()[rentang], bawah[rentang], atas[rentang],
                        color="#d6604d", alpha=0.18, label="Rentang target")  # fmt: skip
    x0 = int(c["tahun"].min()) if len(c) else k.tahun
    x1 = x0
    if akhir is not None and _ada(akhir["target_akhir"]) and _ada(akhir["tahun_target"]):
        tt, ta = int(akhir["tahun_target"]), float(akhir["target_akhir"])
        if len(t):  # from the last yearly target to the RPJMD end target
            ax.plot([t["tahun"].iloc[-1], tt], [t["target"].iloc[-1], ta], ls=":",
                    color="#d6604d", lw=1.1)  # fmt: skip
        ax.scatter([tt], [ta], marker="*", s=110, color="#b2182b", zorder=4,
                   label="Target akhir RPJMD")  # fmt: skip
        ax.annotate(angka(ta, d), (tt, ta), textcoords="offset points", xytext=(0, 7),
                    ha="center", fontsize=8)  # fmt: skip
        x0 = int(min(x0, akhir["tahun_dasar"])) if _ada(akhir["tahun_dasar"]) else x0
        x1 = tt
    p = p[p["tahun"] >= x0]
    if len(p):
        ax.plot(p["tahun"], p["realisasi"], color="#888888", lw=1.2, marker=".", label=label_p)
    ax.set_xlim(x0 - 0.4, max(x1, x0 + 1) + 0.4)
    ax.set_title(textwrap.fill(k.indikator(kode), 38), loc="left", fontsize=9)
    ax.set_xlabel("Tahun")
    ax.set_ylabel(k.satuan_indikator.get(kode, ""))
    # at most 6 year steps: nine yearly labels do not fit a third of the page
    ax.xaxis.set_major_locator(MaxNLocator(nbins=6, integer=True))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{int(v)}"))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _, d=d: angka(v, d)))


def grafik_tren(k: Konteks, n: int = 6) -> Gambar | Blok:
    """Trend charts of the district's indicators, from the base year to the RPJMD end year.

    Per indicator: realisations, yearly targets (a band where the target is a range), a
    dotted line to the RPJMD end target (a star), and the province for reference: its
    realisation for a mean, and for an indicator the province sums (``jumlah``) the province
    value divided by the number of kab/kota, so that one axis compares like with like.
    """
    kodes = _baris_tren(k, n)
    if not kodes:
        return Blok("<p>Belum ada indikator dengan realisasi dua tahun atau lebih.</p>")
    agregasi = _agregasi_indikator(k)
    ncols = min(3, len(kodes))
    nrows = math.ceil(len(kodes) / ncols)
    with matplotlib.rc_context(RC_BRIEF):
        fig = Grafik(figsize=(3.6 * ncols, 2.9 * nrows + 0.7))
        axes = np.atleast_1d(fig.subplots(nrows, ncols, squeeze=False)).ravel()
        for ax, kode in zip(axes, kodes, strict=False):
            _panel_tren(ax, k, kode, agregasi.get(kode) == "jumlah")
        for ax in axes[len(kodes) :]:
            ax.set_axis_off()
        handles, labels = axes[0].get_legend_handles_labels()
        for ax in axes[1 : len(kodes)]:
            for h, lbl in zip(*ax.get_legend_handles_labels(), strict=True):
                if lbl not in labels:
                    handles.append(h)
                    labels.append(lbl)
        fig.legend(handles, labels, loc="lower center", ncols=3, frameon=False, fontsize=8.5)
        fig.suptitle(f"Tren indikator {k.nama}", x=0.01, ha="left", fontweight="bold")
        # margins from the panels' texts (tata_letak), not a tight_layout pass over them all
        atur_grid(fig, axes, ncols, rect=(0, 0.08, 1, 0.97))
    return Gambar(fig, f"Grafik tren realisasi dan target {len(kodes)} indikator {k.nama} "
                       "sampai target akhir RPJMD")  # fmt: skip


def target_menarik(k: Konteks) -> pd.DataFrame:
    """Indicators whose district target pulls the province short (years ≥ the plan year).

    For indicators aggregated as a population-weighted mean (:mod:`workbench.agregat`): the
    district's target is less ambitious than the province's (``menarik_ke_bawah``) and the
    province value implied by all districts' targets falls short of the province target
    (``selisih_target > 0``).

    Returns:
        ``kode_indikator, uraian, tahun, target, target_provinsi, bobot, target_implisit,
        selisih_target, memenuhi, satuan`` (``selisih_target`` > 0: the districts' targets
        together fall short of the province target by that much).
    """
    r = k.hasil.target_agregat_rincian
    r = r[(r["kode_wilayah"] == k.kode_wilayah) & (r["menarik_ke_bawah"] == True)]  # noqa: E712
    r = r[r["tahun"] >= k.tahun]
    agr = k.hasil.target_agregat[["kode_indikator", "tahun", "target_implisit", "selisih_target",
                                  "memenuhi"]]  # fmt: skip
    out = r.merge(agr, on=["kode_indikator", "tahun"], how="left")
    # A district below the province target is normal in a weighted mean (others are above);
    # it matters where the districts' targets together fall short of the province target.
    out = out[out["selisih_target"] > 0]
    out["uraian"] = [k.indikator(x) for x in out["kode_indikator"]]
    out["satuan"] = [k.satuan_indikator.get(str(x), "") for x in out["kode_indikator"]]
    cols = ["kode_indikator", "uraian", "tahun", "target", "target_provinsi", "bobot",
            "target_implisit", "selisih_target", "memenuhi", "satuan"]  # fmt: skip
    return out[cols].sort_values(["kode_indikator", "tahun"], kind="stable").reset_index(drop=True)


def _arah_teks(arah: Any) -> str:
    return {
        "naik": "naik: makin tinggi makin baik",
        "turun": "turun: makin rendah makin baik",
        "tetap": "tetap: harus sama dengan target",
    }.get(str(arah), str(arah))


def _aturan_agregasi(agregasi: Any, n: int) -> str:
    """How the province value is made from the districts' (``agregasi``), for a sentence."""
    if agregasi == "jumlah":
        return f"nilai provinsi = jumlah nilai {n} kabupaten/kota"
    return f"nilai provinsi = rata-rata tertimbang penduduk dari {n} kabupaten/kota"


def banding_target(arah: Any, target: float, pembanding: float, desimal: int) -> tuple[str, str]:
    """Compare a district target with the province's, by the indicator's direction.

    At the precision shown (``desimal``): a naik indicator below the province target, or a
    turun indicator above it, is ``kurang ambisius``; the reverse is ``lebih ambisius``; two
    values that print alike are ``sama dengan`` (no judgement).

    Args:
        arah: ``naik``, ``turun`` or ``tetap``.
        target: The district's target.
        pembanding: The province target (a mean) or the district's share of it (a sum).
        desimal: Decimals of the table the sentence goes with.

    Returns:
        ``(posisi, penilaian)``: ``("lebih tinggi dari", "kurang ambisius")``,
        ``("sama dengan", "")``, and for tetap ``(…, "menyimpang")``.
    """
    a, b = round_half_up(target, desimal), round_half_up(pembanding, desimal)
    if a == b:
        return "sama dengan", ""
    posisi = "lebih tinggi dari" if a > b else "lebih rendah dari"
    d = {"naik": 1, "turun": -1}.get(str(arah))
    if d is None:
        return posisi, "menyimpang"
    return posisi, "lebih ambisius" if (a - b) * d > 0 else "kurang ambisius"


def _sumbangan_html(x: Any, desimal: int) -> str:
    """A contribution: positive (pulls the province short) red with a sign, negative green."""
    if not _ada(x):
        return "–"
    if round_half_up(x, desimal) == 0:
        return angka(0.0, desimal)
    if x > 0:
        return f'<span class="wb-kurang">+{angka(x, desimal)}</span>'
    return f'<span class="wb-lebih">{angka(x, desimal)}</span>'


def _atribusi(semua: Hasil, tahun: int, agr: pd.DataFrame) -> pd.DataFrame:
    """Attribution of the province shortfalls (``agr``) from the plan year on.

    :func:`workbench.agregat.atribusi_kekurangan`, each district judged from its starting
    point (:func:`workbench.agregat.nilai_dasar`: its latest realisation before the plan year).
    """
    from workbench.agregat import atribusi_kekurangan, nilai_dasar

    rin = semua.target_agregat_rincian
    return atribusi_kekurangan(agr, rin[rin["tahun"] >= tahun], dasar=nilai_dasar(rin, tahun))


def _atribusi_provinsi(
    semua: Hasil, kode_provinsi: str, tahun: int
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The province's targets from ``tahun`` on and every district's part in their shortfalls."""
    agr = semua.target_agregat
    agr = agr[(agr["kode_wilayah"] == kode_provinsi) & (agr["tahun"] >= tahun)]
    a = _atribusi(semua, tahun, agr)
    return agr, a[a["selisih_target"] > 0]


def atribusi_wilayah(k: Konteks) -> pd.DataFrame:
    """The district's part in every province target shortfall from the plan year on.

    Reads :func:`workbench.agregat.atribusi_kekurangan` over the province (``k.semua``) and
    keeps the district's rows of the indicator × years where the districts' targets together
    fall short of the province target.

    Returns:
        The attribution rows (``kontribusi``, ``porsi_kekurangan``, ``pendorong`` …) with
        ``target_implisit, n_kabkota, uraian, satuan, pendorong_lain`` (names of the other
        driving districts, ``; ``-joined).
    """
    agr, a = per_analisis(k.semua, ("atribusi_kekurangan", k.kode_provinsi, k.tahun),
                          lambda semua: _atribusi_provinsi(semua, k.kode_provinsi, k.tahun))
    lain = a[a["pendorong"] & (a["kode_wilayah"] != k.kode_wilayah)].groupby(
        ["kode_indikator", "tahun"], observed=True)["kode_wilayah"].agg(
        lambda s: "; ".join(k.nama_kabkota.get(str(x), str(x)) for x in s))  # fmt: skip
    a = a[a["kode_wilayah"] == k.kode_wilayah]
    a = a.merge(agr[["kode_indikator", "tahun", "target_implisit", "n_kabkota"]],
                on=["kode_indikator", "tahun"], how="left")  # fmt: skip
    a["pendorong_lain"] = [lain.get((i, t), "") for i, t in zip(a["kode_indikator"], a["tahun"],
                                                                 strict=True)]  # fmt: skip
    a["uraian"] = [k.indikator(x) for x in a["kode_indikator"]]
    a["satuan"] = [k.satuan_indikator.get(str(x), "") for x in a["kode_indikator"]]
    return a.reset_index(drop=True)


def _implisit_teks(r: Any, d: int) -> str:
    return angka(r.target_implisit, _d_implisit(r.target_implisit, d))


def _d_implisit(x: float, d: int) -> int:
    """Decimals of an implied province value: the targets', at least one if not whole.

    An implied 11,2 against a target of 12 must not print as 11.
    """
    return max(d, 1) if _ada(x) and not float(x).is_integer() else d


def _desimal_atribusi(a: pd.DataFrame) -> tuple[dict[str, int], dict[str, int]]:
    """Per indicator: decimals of the targets and of shortfall/contributions (sentence = table)."""
    dv, dk = {}, {}
    for kode, g in a.groupby("kode_indikator", observed=True):
        pemb = np.where(g["agregasi"] == "jumlah", g["bobot"] * g["target_provinsi"],
                        g["target_provinsi"])  # fmt: skip
        # the precision of the plan documents' targets; derived values are shown at it too
        dv[str(kode)] = _desimal_nilai([*g["target"], *g["target_provinsi"], *pemb])
        # shortfall and contributions are small differences: at least two decimals
        dk[str(kode)] = max(dv[str(kode)], 2)
    return dv, dk


def _perubahan_teks(r: Any) -> str:
    """The province's planned relative change that a district's reference target applies."""
    ubah = (float(r.acuan) / float(r.nilai_dasar) - 1) * 100 if r.nilai_dasar else 0.0
    if round_half_up(ubah, 1) == 0:
        return "tetap"
    return f"{'naik' if ubah > 0 else 'turun'} {persen(abs(ubah))}"


def kalimat_target(k: Konteks, r: Any, d: int, dk: int) -> str:
    """One sentence of the target arithmetic for a row of :func:`atribusi_wilayah` (HTML)."""
    jumlah = r.agregasi == "jumlah"
    pemb = r.bobot * r.target_provinsi if jumlah else r.target_provinsi
    nama_pemb = (
        f"bagiannya dari target provinsi menurut penduduk ({persen(r.bobot * 100)} × "
        f"{angka(r.target_provinsi, d)} = {angka(pemb, d)})"
        if jumlah else f"target provinsi {angka(r.target_provinsi, d)}"
    )
    posisi, nilai = banding_target(r.arah, r.target, pemb, d)
    kal = (
        f"<b>{_e(r.uraian)}</b> ({_e(_arah_teks(r.arah))}; "
        f"{_aturan_agregasi(r.agregasi, int(r.n_kabkota))}), {int(r.tahun)}: target "
        f"{_e(k.nama)} {angka(r.target, d)} {posisi} {nama_pemb}"
    )
    if r.acuan_sebanding:
        # the judgement rests on the district's starting point, not on the province target
        _, nilai = banding_target(r.arah, r.target, r.acuan, d)
        kal += (
            f". Dari titik awalnya (realisasi {int(r.tahun_dasar)}: {angka(r.nilai_dasar, d)}), "
            f"perubahan yang sebanding dengan rencana provinsi ({_perubahan_teks(r)}) memberi "
            f"acuan {angka(r.acuan, d)}"
        )
        kal += f", jadi target ini <b>{nilai}</b>. " if nilai else ", sama dengan targetnya. "
    else:
        kal += f", jadi <b>{nilai}</b>. " if nilai else ". "
    kal += (
        f"Bila semua kabupaten/kota memenuhi targetnya, provinsi mencapai "
        f"{_implisit_teks(r, d)}, kurang {angka(r.selisih_target, dk)} dari target provinsi "
        f"{angka(r.target_provinsi, d)}. "
    )
    if r.pendorong:
        kal += (
            f"Sumbangan {_e(k.nama)} pada kekurangan itu {angka(r.kontribusi, dk)} "
            f"({persen(r.porsi_kekurangan * 100)} dari seluruh sumbangan yang menarik ke "
            "bawah): kabupaten/kota ini <b>ikut menentukan</b> kekurangan provinsi."
        )
    elif r.kontribusi > 0:
        kal += (
            f"Sumbangan {_e(k.nama)} kecil ({angka(r.kontribusi, dk)}; "
            f"{persen(r.porsi_kekurangan * 100)} dari seluruh sumbangan yang menarik ke bawah)"
        )
        kal += (f"; kekurangan terutama berasal dari {_e(r.pendorong_lain)}."
                if r.pendorong_lain else ".")  # fmt: skip
    else:
        kal += (
            f"Target {_e(k.nama)} ikut menutup kekurangan (sumbangan {angka(r.kontribusi, dk)})"
        )
        kal += (f"; kekurangan berasal dari {_e(r.pendorong_lain)}."
                if r.pendorong_lain else ".")  # fmt: skip
    return kal


def tabel_target_agregat(k: Konteks, n: int = 12) -> Blok:
    """Target arithmetic: the province targets the districts' targets miss, and this one's part.

    One sentence per indicator (its first year), worded by the indicator's direction and
    aggregation rule, with the numbers at the table's precision; then the table of every year.
    The contribution is :func:`workbench.agregat.atribusi_kekurangan` (weight × deviation from
    the district's reference target, which applies the province's planned change to its
    starting point).
    """
    a = atribusi_wilayah(k)
    if a.empty:
        return Blok(
            f"<p>Untuk tahun {k.tahun} dan sesudahnya, target kabupaten/kota yang digabungkan "
            "(dirata-rata tertimbang penduduk atau dijumlahkan) memenuhi target provinsi pada "
            f"setiap indikator yang dapat digabungkan; target {_e(k.nama)} tidak menimbulkan "
            "kekurangan.</p>"
        )
    dv, dk = _desimal_atribusi(a)
    kal = [
        kalimat_target(k, r, dv[str(r.kode_indikator)], dk[str(r.kode_indikator)])
        for r in a.drop_duplicates("kode_indikator").itertuples()
    ]
    # direction and aggregation rule are in each indicator's sentence; the column of a
    # district's share of a province sum only when some indicator is a sum
    ada_jumlah = bool((a["agregasi"] == "jumlah").any())
    rows = []
    for r in a.head(n).itertuples():
        d, dkk = dv[str(r.kode_indikator)], dk[str(r.kode_indikator)]
        jumlah = r.agregasi == "jumlah"
        pemb = r.bobot * r.target_provinsi if jumlah else r.target_provinsi
        posisi, nilai = banding_target(r.arah, r.target, r.acuan, d)
        row = [_e(r.uraian), str(int(r.tahun)), angka(r.target, d), angka(r.target_provinsi, d)]
        if ada_jumlah:
            row.append(angka(pemb, d) if jumlah else "–")
        row += [angka(r.acuan, d), _e(nilai or posisi), persen(r.bobot * 100),
                _implisit_teks(r, d),
                f'<span class="wb-kurang">{angka(r.selisih_target, dkk)}</span>',
                _sumbangan_html(r.kontribusi, dkk),
                persen(r.porsi_kekurangan * 100) if r.kontribusi > 0 else "–"]  # fmt: skip
        rows.append(tuple(row))
    header = ["Indikator", "Tahun", "Target kab/kota", "Target provinsi",
              *(["Bagian kab/kota dari target provinsi (jumlah)"] if ada_jumlah else []),
              "Acuan kab/kota", "Perbandingan dengan acuan", "Bobot penduduk",
              "Nilai provinsi dari target kab/kota",
              "Kekurangan provinsi", "Sumbangan kab/kota pada kekurangan",
              "Porsi sumbangan"]  # fmt: skip
    numerik = [i for i, h in enumerate(header)
               if h not in ("Indikator", "Perbandingan dengan acuan")]
    return Blok(
        "".join(f"<p>{x}</p>" for x in kal)
        + _tabel(header, rows, numerik=numerik)
        + _sisa(len(a), n, "baris")
        + '<p class="wb-catatan">Acuan kab/kota = realisasi terakhirnya sebelum tahun rencana '
        "× target provinsi ÷ nilai provinsi dari realisasi terakhir semua kabupaten/kota: "
        "perubahan relatif yang sama dengan rencana provinsi, sehingga kabupaten/kota yang "
        "berangkat dari nilai lebih buruk tidak dinilai dari titik awalnya (bila ada "
        "kabupaten/kota tanpa realisasi: acuan = target provinsi, atau bagiannya menurut "
        "penduduk untuk indikator yang dijumlahkan). Sumbangan = bobot penduduk × selisih "
        "target dari acuan (indikator yang dijumlahkan: selisihnya saja), dihitung searah "
        "indikator; jumlah sumbangan semua kabupaten/kota sama dengan kekurangan provinsi. "
        "Positif (merah): menarik ke bawah; negatif: ikut menutup. Porsi: bagian dari "
        "seluruh sumbangan positif; di bawah 20 % dianggap kecil.</p>"
    )


def tabel_konsistensi(k: Konteks, n: int = 8) -> Blok:
    """Document consistency: linkage % per pair and level, then the offending lines."""
    kons = _tahun(k.hasil.konsistensi, k.tahun)
    kons = kons[kons["kode_wilayah"] == k.kode_wilayah]
    rin = _tahun(k.hasil.konsistensi_rincian, k.tahun)
    rin = rin[rin["kode_wilayah"] == k.kode_wilayah]
    parts = []
    nama_tingkat = {"program": "Program", "kegiatan": "Kegiatan", "sub_kegiatan": "Sub kegiatan"}
    rows = [
        (_e(r.pasangan), _e(nama_tingkat.get(r.tingkat, r.tingkat)), str(int(r.n_baris_atas)),
         str(int(r.n_terhubung)), persen(r.keterkaitan_persen), _e(r.kategori),
         str(int(r.n_tidak_ada_di_bawah)), str(int(r.n_tidak_direncanakan)),
         str(int(r.n_target_kurang_ambisius)))  # fmt: skip
        for r in kons.itertuples()
        if r.n_baris_atas > 0 or r.n_tidak_direncanakan > 0
    ]
    if rows:
        header = ["Dokumen", "Tingkat", "Baris dokumen atas", "Terhubung", "Keterkaitan",
                  "Kategori", "Hilang di dokumen bawah", "Tidak direncanakan di atas",
                  "Target kurang ambisius"]  # fmt: skip
        parts.append(_tabel(header, rows, numerik=[2, 3, 4, 6, 7, 8]))
    else:
        parts.append(f"<p>Tidak ada dokumen RPJMD/RKPD atau Renstra/Renja {k.tahun}.</p>")
    jenis_label = {
        "tidak ada di dokumen bawah": "Tidak ada di dokumen bawah",
        "tidak direncanakan di dokumen atas": "Tidak direncanakan di dokumen atas",
        "target kurang ambisius": "Target kurang ambisius",
    }
    for pasangan in ("RPJMD→RKPD", "RENSTRA→RENJA"):
        r = rin[rin["pasangan"] == pasangan]
        if r.empty:
            continue
        baris = []
        for x in r.head(n).itertuples():
            ind = k.indikator(x.kode_indikator) if _ada(x.kode_indikator) else ""
            uraian = k.nomenklatur(x.kode_nomenklatur)
            target = ""
            if x.jenis_temuan == "target kurang ambisius":
                target = f"{_e(x.target_dokumen_atas)} → {_e(x.target_dokumen_bawah)}"
            baris.append(
                (_e(jenis_label.get(x.jenis_temuan, x.jenis_temuan)),
                 f"{_e(x.kode_nomenklatur)} {_e(uraian)}".strip(), _e(x.perangkat_daerah),
                 _e(ind) if ind else "–", target or "–")  # fmt: skip
            )
        counts = r["jenis_temuan"].value_counts()
        ringkas = "; ".join(f"{int(v)} {html.escape(str(j))}" for j, v in counts.items())
        parts.append(
            f"<h4>Temuan {html.escape(pasangan)} ({len(r)}: {ringkas})</h4>"
            + _tabel(["Temuan", "Kode dan uraian", "Perangkat daerah", "Indikator",
                      "Target atas → bawah"], baris)  # fmt: skip
            + _sisa(len(r), n, "baris temuan")
        )
    parts.append(
        '<p class="wb-catatan">Keterkaitan = baris dokumen atas yang ditemukan di dokumen bawah '
        "÷ baris dokumen atas × 100 (metode MKPP). Kategori: 0–19,9 sangat buruk; 20–39,9 buruk; "
        "40–59,9 sedang; 60–79,9 baik; 80–100 sangat baik.</p>"
    )
    return Blok("".join(parts))
