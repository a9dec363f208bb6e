"""Blocks of the province overview: ranking, maps, gaps, outcomes and aggregate targets."""

from __future__ import annotations

import contextlib
import html
from typing import Any

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.ticker import FuncFormatter

from workbench import reference
from workbench.laporan.blok_kabkota import (
    _atribusi,
    belum_ada_data,
)

# The display helpers in a few lines rather than one a line:
# isort: off
from workbench.laporan.display import PREDIKAT_RENDAH, RC_BRIEF, Blok, Gambar, Grafik
from workbench.laporan.display import _ada, _desimal_data, _desimal_nilai, _e, _sisa, _tabel
from workbench.laporan.display import sel_predikat
from workbench.laporan.display import angka, persen, rupiah
# isort: on
from workbench.laporan.konteks import (
    Konteks,
    _kabkota_mask,
    capaian_terakhir,
    capaian_terakhir_hasil,
    ringkasan_kabkota,
)
from workbench.laporan.tata_letak import atur_grid


# --- province overview ----------------------------------------------------------------------------
def gap_utama_kabkota(k: Konteks) -> dict[str, str]:
    """Kab/kota code → its key gap as HTML: the indicator, then ``capaian %, predikat, year``.

    The same choice as the district brief's headline (:func:`gap_terburuk`): the lowest
    latest capaian among the indicators missing their target.
    """
    c = capaian_terakhir_hasil(k.semua)
    c = c[_kabkota_mask(c["kode_wilayah"]) & (c["memenuhi"] == False)]  # noqa: E712
    c = c.sort_values(["kode_wilayah", "capaian_persen", "kode_indikator"], kind="stable")
    c = c.drop_duplicates("kode_wilayah")
    return {
        str(r.kode_wilayah): f"{_e(k.indikator(r.kode_indikator))}<br>"
        f'<span style="white-space:nowrap">{persen(r.capaian_persen)}, {_e(r.predikat)}, '
        f"{int(r.tahun)}</span>"
        for r in c.itertuples()
    }


def tabel_peringkat(k: Konteks) -> Blok:
    """Ranking of the kab/kota by the synchronization index, with their key gaps."""
    r = ringkasan_kabkota(k.semua).sort_values(
        ["peringkat", "kode_wilayah"], kind="stable", na_position="last"
    )
    gap = gap_utama_kabkota(k)
    rows = [
        (
            "–" if pd.isna(x.peringkat) else str(int(x.peringkat)),
            _e(x.kode_wilayah),
            _e(k.nama_kabkota.get(str(x.kode_wilayah), x.kode_wilayah)),
            f"<b>{angka(x.indeks_sinkronisasi)}</b>",
            persen(x.dukungan_persen),
            _e(rupiah(x.pagu_dukungan)) if x.n_disepakati else "–",
            f"{int(x.n_outcome_tanpa_dukungan)} / {int(x.n_outcome)}" if x.n_outcome else "–",
            persen(x.persen_sesuai_lintasan),
            str(int(x.n_predikat_rendah)),
            persen(x.keterkaitan_rpjmd_rkpd),
            gap.get(str(x.kode_wilayah), "–"),
        )
        for x in r.itertuples()
    ]
    header = ["Peringkat", "Kode", "Kabupaten/kota", "Indeks sinkronisasi", "Dukungan RKPD",
              "Pagu dukungan", "Outcome tanpa dukungan", "Indikator sesuai lintasan",
              "Indikator predikat rendah", "Keterkaitan RPJMD→RKPD",
              "Kesenjangan utama"]  # fmt: skip
    med = r["indeks_sinkronisasi"].median()
    intro = (
        f"<p>Median indeks sinkronisasi {k.tahun}: <b>{angka(med)}</b>. Indikator predikat "
        "rendah: jumlah indikator berpredikat Rendah atau Sangat Rendah pada realisasi "
        "terakhir. Kesenjangan utama: indikator dengan capaian terendah yang belum memenuhi "
        "targetnya (seperti pada brief kabupaten/kota).</p>"
    )
    return Blok(intro + _tabel(header, rows, numerik=[0, 3, 4, 5, 6, 7, 8, 9]))


def grafik_peringkat(k: Konteks) -> Gambar:
    """Bar chart of the overall index of the kab/kota, sorted, with the median."""
    r = ringkasan_kabkota(k.semua).sort_values("indeks_sinkronisasi", kind="stable",
                                               na_position="first")  # fmt: skip
    with matplotlib.rc_context(RC_BRIEF):
        fig = Grafik(figsize=(8.5, 0.36 * len(r) + 1.3))
        ax = fig.add_subplot()
        y = np.arange(len(r))
        v = r["indeks_sinkronisasi"].to_numpy(float)
        ax.barh(y, np.nan_to_num(v), color="#4393c3", height=0.65)
        med = np.nanmedian(v) if np.isfinite(v).any() else np.nan
        if np.isfinite(med):
            ax.axvline(med, color="black", lw=1, ls="--", label=f"Median {angka(med)}")
            ax.legend(loc="lower right", frameon=False, fontsize=8.5)
        for yi, vi in zip(y, v, strict=True):
            # on a white ground, so a label stays readable where the median line crosses it
            ax.text((vi if np.isfinite(vi) else 0) + 1, yi,
                    angka(vi) if np.isfinite(vi) else "tidak ada data", va="center",
                    fontsize=8.5, zorder=3,
                    bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.6})  # fmt: skip
        ax.set_yticks(y, [k.nama_kabkota.get(str(c), str(c)) for c in r["kode_wilayah"]])
        ax.set_xlim(0, 110)
        ax.set_xlabel("Indeks sinkronisasi (0–100)")
        ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: angka(x, 0)))
        ax.grid(axis="y", visible=False)
        ax.set_title(f"Indeks sinkronisasi kabupaten/kota {k.tahun}", loc="left")
        atur_grid(fig, [ax], 1)  # see blok_kabkota.grafik_tren
    return Gambar(fig, f"Grafik batang indeks sinkronisasi 14 kabupaten/kota {k.tahun}")


def gap_provinsi(k: Konteks) -> pd.DataFrame:
    """Key gaps across the province: per indicator, kab/kota missing their target.

    Returns:
        ``kode_indikator, uraian, tahun, n_kabkota, n_tidak_memenuhi, n_predikat_rendah,
        capaian_median, terendah, capaian_terendah`` (name and capaian of the kab/kota with
        the lowest capaian), sorted by ``n_tidak_memenuhi`` descending.
    """
    c = capaian_terakhir_hasil(k.semua)
    c = c[_kabkota_mask(c["kode_wilayah"])]
    if c.empty:
        return pd.DataFrame(columns=["kode_indikator", "uraian", "tahun", "n_kabkota",
                                     "n_tidak_memenuhi", "n_predikat_rendah", "capaian_median",
                                     "terendah", "capaian_terendah"])  # fmt: skip
    c = c.assign(_tm=(c["memenuhi"] == False).astype(int),  # noqa: E712
                 _rd=c["predikat"].isin(PREDIKAT_RENDAH).astype(int))  # fmt: skip
    low = c.sort_values(["capaian_persen", "kode_wilayah"]).drop_duplicates("kode_indikator")
    low_cap = dict(zip(low["kode_indikator"], low["capaian_persen"], strict=True))
    g = c.groupby("kode_indikator", observed=True).agg(
        tahun=("tahun", "max"), n_kabkota=("kode_wilayah", "nunique"),
        n_tidak_memenuhi=("_tm", "sum"), n_predikat_rendah=("_rd", "sum"),
        capaian_median=("capaian_persen", "median"),
    ).reset_index()  # fmt: skip
    g["terendah"] = g["kode_indikator"].map(
        dict(zip(low["kode_indikator"], low["kode_wilayah"], strict=True))
    ).map(lambda x: k.nama_kabkota.get(str(x), str(x)))
    g["capaian_terendah"] = g["kode_indikator"].map(low_cap).astype(float)
    g["uraian"] = [k.indikator(x) for x in g["kode_indikator"]]
    g = g.sort_values(["n_tidak_memenuhi", "capaian_median"], ascending=[False, True])
    cols = ["kode_indikator", "uraian", "tahun", "n_kabkota", "n_tidak_memenuhi",
            "n_predikat_rendah", "capaian_median", "terendah", "capaian_terendah"]  # fmt: skip
    return g[cols].reset_index(drop=True)


def tabel_gap_provinsi(k: Konteks, n: int = 12) -> Blok:
    """Table of the key gaps across the kab/kota."""
    g = gap_provinsi(k)
    if g.empty:
        return Blok("<p>Belum ada realisasi indikator kabupaten/kota.</p>")
    rows = [
        (_e(r.uraian), str(int(r.tahun)), f"{int(r.n_tidak_memenuhi)} / {int(r.n_kabkota)}",
         str(int(r.n_predikat_rendah)), persen(r.capaian_median),
         f'{_e(r.terendah)} <span style="white-space:nowrap">'
         f"({persen(r.capaian_terendah)})</span>")  # fmt: skip
        for r in g.head(n).itertuples()
    ]
    header = ["Indikator", "Tahun terakhir", "Kab/kota belum memenuhi target",
              "Predikat rendah", "Median capaian", "Capaian terendah"]  # fmt: skip
    return Blok(_tabel(header, rows, numerik=[1, 2, 3, 4]) + _sisa(len(g), n, "indikator"))


def _jenis_indikator() -> dict[str, str]:
    """Indicator code → ``jenis`` (dampak/outcome/output) from the reference table."""
    with contextlib.suppress(Exception):  # the reference table may be absent
        r = reference.load_indikator_referensi()
        return dict(zip(r["kode_indikator"].astype(str), r["jenis"].astype(str), strict=True))
    return {}


def outcome_provinsi(k: Konteks) -> pd.DataFrame:
    """The province's own impact indicators against its RKPD/RPJMD targets.

    The indicators of ``jenis`` ``dampak`` (IPM, poverty, unemployment, growth, Gini,
    stunting in the reference table) that the province plans; every province indicator when
    the reference knows none of them. Per indicator the latest year with a realisation (or,
    when the evaluation year lacks one, that year as "belum ada data"), and its trajectory
    to the RPJMD end target.

    Returns:
        ``kode_indikator, uraian, arah, satuan, tahun, target_teks, sumber_target, target,
        realisasi, capaian_persen, predikat, memenuhi, tahun_target, target_akhir,
        status_lintasan, belum_ada_data``, impact indicators in reference order.
    """
    c = k.hasil.capaian
    c = c[c["kode_wilayah"] == k.kode_provinsi]
    jenis = _jenis_indikator()
    kodes = [x for x, j in jenis.items() if j == "dampak" and x in set(c["kode_indikator"])]
    if not kodes:
        kodes = sorted(c["kode_indikator"].astype(str).unique())
    c = c[c["kode_indikator"].isin(kodes)]
    last = capaian_terakhir(c).set_index("kode_indikator")
    kosong = belum_ada_data(c, k.kode_provinsi, k.tahun - 1).set_index("kode_indikator")
    ev = c[c["tahun"] == k.tahun - 1].drop_duplicates("kode_indikator").set_index(
        "kode_indikator")  # fmt: skip
    lt = k.hasil.capaian_lintasan
    lt = lt[lt["kode_wilayah"] == k.kode_provinsi].drop_duplicates("kode_indikator")
    lt = lt.set_index("kode_indikator")
    rows = []
    for kode in kodes:
        miss = kode in kosong.index
        if miss:
            r = ev.loc[kode]
        elif kode in last.index:
            r = last.loc[kode]
        else:
            continue
        rows.append({
            "kode_indikator": kode, "uraian": k.indikator(kode), "arah": r["arah"],
            "satuan": r["satuan"], "tahun": int(r["tahun"]), "target_teks": r["target_teks"],
            "sumber_target": r["sumber_target"], "target": r["target"],
            "realisasi": np.nan if miss else r["realisasi"],
            "capaian_persen": np.nan if miss else r["capaian_persen"],
            "predikat": None if miss else r["predikat"],
            "memenuhi": None if miss else r["memenuhi"],
            "tahun_target": lt["tahun_target"].get(kode, np.nan),
            "target_akhir": lt["target_akhir"].get(kode, np.nan),
            "status_lintasan": lt["status_lintasan"].get(kode, None),
            "belum_ada_data": miss,
        })  # fmt: skip
    return pd.DataFrame(rows)


def _desimal_teks(t: Any) -> int:
    """Decimals of a target as written (``4,11–4,66`` → 2, ``199`` → 0)."""
    if not _ada(t):
        return 0
    first = str(t).replace("–", "-").split("-")[0].strip()
    return len(first.split(",", 1)[1].strip()) if "," in first else 0


def _desimal_outcome(r: Any) -> int:
    d = _desimal_data([r.target, r.realisasi, r.target_akhir])
    return max(d, _desimal_teks(r.target_teks))


def tabel_outcome_provinsi(k: Konteks) -> Blok:
    """The province's own impact indicators against its targets, with a sentence per miss."""
    o = outcome_provinsi(k)
    if o.empty:
        return Blok(f"<p>Belum ada realisasi indikator {_e(k.nama)}.</p>")
    rows = []
    for r in o.itertuples():
        d = _desimal_outcome(r)
        target = (f"{_e(r.target_teks)} ({_e(r.sumber_target)})"
                  if _ada(r.target_teks) else "–")  # fmt: skip
        rows.append(
            (_e(r.uraian), _e(r.arah), str(r.tahun), target,
             "<b>belum ada data</b>" if r.belum_ada_data else angka(r.realisasi, d),
             persen(r.capaian_persen), sel_predikat(r.predikat),
             f"{angka(r.target_akhir, d)} ({int(r.tahun_target)})"
             if _ada(r.target_akhir) and _ada(r.tahun_target) else "–",
             _e(r.status_lintasan))  # fmt: skip
        )
    header = ["Indikator", "Arah", "Tahun", "Target (dokumen)", "Realisasi", "Capaian",
              "Predikat", "Target akhir RPJMD", "Lintasan"]  # fmt: skip
    belum = o[(o["memenuhi"] == False)]  # noqa: E712
    kal = (
        f"<p>{len(o)} indikator dampak {_e(k.nama)}: "
        f"{int((o['memenuhi'] == True).sum())} memenuhi target tahun terakhirnya"  # noqa: E712
        + (", belum: " + "; ".join(
            f"{_e(r.uraian)} ({angka(r.realisasi, _desimal_outcome(r))} "
            f"terhadap target {_e(r.target_teks)})" for r in belum.itertuples())
           if len(belum) else "")
        + (f"; {int(o['belum_ada_data'].sum())} belum ada data" if o["belum_ada_data"].any()
           else "")
        + ".</p>"
    )  # fmt: skip
    return Blok(
        kal + _tabel(header, rows, numerik=[2, 4, 5, 7])
        + '<p class="wb-catatan">Target sebagaimana tertulis di dokumen (RKPD tahun itu, '
        "atau RPJMD bila RKPD tidak memuatnya); target berupa rentang dinilai terhadap batas "
        "komitmen minimumnya.</p>"
    )


def tabel_target_agregat_provinsi(k: Konteks) -> Blok:
    """Indicators whose kab/kota targets, aggregated, fall short of the province target."""
    a = k.semua.target_agregat
    a = a[(a["kode_wilayah"] == k.kode_provinsi) & (a["tahun"] >= k.tahun)]
    a = a[a["selisih_target"] > 0].sort_values(["kode_indikator", "tahun"])
    if a.empty:
        return Blok(
            f"<p>Untuk tahun {k.tahun} dan sesudahnya, target kabupaten/kota yang digabungkan "
            "tidak kurang dari target provinsi pada indikator yang dapat dijumlahkan atau "
            "dirata-rata.</p>"
        )
    atr = _atribusi(k.semua, k.tahun, a)
    atr = atr[atr["pendorong"]].sort_values("porsi_kekurangan", ascending=False)
    rows = []
    for r in a.itertuples():
        d = _desimal_nilai([r.target_provinsi, r.target_implisit])
        dk = max(d, 2)  # as in the district briefs
        x = atr[(atr["kode_indikator"] == r.kode_indikator) & (atr["tahun"] == r.tahun)]
        utama = "; ".join(f"{_e(k.nama_kabkota.get(str(w), str(w)))} "
                          f"({persen(p * 100)})" for w, p in
                          zip(x["kode_wilayah"], x["porsi_kekurangan"], strict=True))  # fmt: skip
        rows.append(
            (_e(k.indikator(r.kode_indikator)), str(int(r.tahun)),
             "jumlah" if r.agregasi == "jumlah" else "rata-rata tertimbang penduduk",
             angka(r.target_provinsi, d), angka(r.target_implisit, d),
             f'<span class="wb-kurang">{angka(r.selisih_target, dk)}</span>', utama or "–",
             _e(r.keterangan))  # fmt: skip
        )
    header = ["Indikator", "Tahun", "Cara agregasi", "Target provinsi",
              "Nilai provinsi dari target kab/kota", "Kekurangan",
              "Kab/kota penyumbang utama (porsi)", "Keterangan"]  # fmt: skip
    return Blok(
        _tabel(header, rows, numerik=[1, 3, 4, 5])
        + '<p class="wb-catatan">Penyumbang utama: kabupaten/kota yang sumbangannya (bobot '
        "penduduk × selisih targetnya dari target provinsi) sekurang-kurangnya 20 % dari "
        "seluruh sumbangan yang menarik ke bawah; brief kabupaten/kota itu memuat "
        "rekomendasinya.</p>"
    )


def blok_ringkasan_provinsi(k: Konteks) -> Blok:
    """Headline sentences of the province overview, generated from the per-kab/kota figures."""
    r = ringkasan_kabkota(k.semua)
    ada = r[r["indeks_sinkronisasi"].notna()].sort_values("indeks_sinkronisasi", kind="stable")
    if ada.empty:
        return Blok(f"<p>Belum ada kesepakatan Rakortekrenbang untuk tahun {k.tahun}.</p>")
    nama = lambda kode: _e(k.nama_kabkota.get(str(kode), str(kode)))  # noqa: E731
    hi, lo = ada.iloc[-1], ada.iloc[0]
    n_tanpa = int((r["n_outcome_tanpa_dukungan"] > 0).sum())
    total_pagu = float(r["pagu_dukungan"].sum())
    kartu = [
        (angka(ada["indeks_sinkronisasi"].median()), "Median indeks sinkronisasi (0–100)"),
        (persen(r["n_direncanakan"].sum() / max(int(r["n_disepakati"].sum()), 1) * 100),
         "Sub kegiatan disepakati yang ada di RKPD kab/kota"),
        (_e(rupiah(total_pagu)), "Pagu RKPD kab/kota pada sub kegiatan yang disepakati"),
        (f"{n_tanpa} dari {len(r)}", "Kab/kota dengan outcome provinsi tanpa dukungan"),
    ]  # fmt: skip
    cards = "".join(
        f'<div class="wb-kartu"><div class="wb-nilai">{v}</div>'
        f'<div class="wb-label">{html.escape(lbl)}</div></div>'
        for v, lbl in kartu
    )
    kal = (
        f"Indeks sinkronisasi tertinggi: <b>{nama(hi['kode_wilayah'])}</b> "
        f"({angka(hi['indeks_sinkronisasi'])}); terendah: <b>{nama(lo['kode_wilayah'])}</b> "
        f"({angka(lo['indeks_sinkronisasi'])}). {len(ada)} dari {len(r)} kabupaten/kota "
        f"memiliki kesepakatan untuk {k.tahun}."
    )
    return Blok(
        f'<div class="wb-brief"><div class="wb-kartu-baris">{cards}</div><p>{kal}</p></div>'
    )
