"""The document-consistency explorer (government, document pair, finding type)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from workbench.analysis import Hasil
from workbench.vocabulary import NAMA_TINGKAT
from workbench.widgets.common import (
    SEMUA,
    Keadaan,
    PenjelajahError,
    _gabung,
    _opsi_wilayah,
    _teks,
    _uraian_nomenklatur,
)
from workbench.widgets.explorer import _Penjelajah

#: MKPP linkage categories (DOMAIN.md §4) and their bar colours (red → blue).
WARNA_KATEGORI = {
    "sangat buruk": "#d73027",
    "buruk": "#fc8d59",
    "sedang": "#fee090",
    "baik": "#91bfdb",
    "sangat baik": "#4575b4",
}



class PenjelajahKonsistensi(_Penjelajah):
    """Consistency explorer: government, document pair, finding type → linkage and lines.

    The figure shows the chosen government's linkage % per level (programme, kegiatan, sub
    kegiatan) coloured by MKPP category, next to every government's programme-level linkage
    for the same pair; the tables list the linkage figures and the offending lines (upper
    lines missing below, lower lines the upper document does not plan, less ambitious
    targets).

    Args:
        hasil: one :class:`Hasil` or several (one per year).
        tahun, kode_wilayah, pasangan, jenis_temuan: the initial selection (default: the
            latest year, RPJMD→RKPD, the government with the most offending lines for that
            pair (ties: the province first), every finding).
    """

    nama_berkas = "konsistensi"
    judul_penjelajah = "Penjelajah konsistensi dokumen perencanaan"
    urutan = ("tahun", "kode_wilayah", "pasangan", "jenis_temuan")

    def __init__(self, hasil: Hasil | Iterable[Hasil], *, tahun: int | None = None,
                 kode_wilayah: str | None = None, pasangan: str | None = None,
                 jenis_temuan: str | None = None) -> None:
        super().__init__(hasil)
        daftar = self._daftar
        self._uraian = _uraian_nomenklatur()
        k = _gabung(daftar, "konsistensi")
        self._k = k.assign(kode_wilayah=k["kode_wilayah"].astype(str),
                           pasangan=k["pasangan"].astype(str), tingkat=k["tingkat"].astype(str))
        r = _gabung(daftar, "konsistensi_rincian")
        self._r = r.assign(kode_wilayah=r["kode_wilayah"].astype(str),
                           pasangan=r["pasangan"].astype(str),
                           jenis_temuan=r["jenis_temuan"].astype(str))  # fmt: skip
        if self._k.empty:
            raise PenjelajahError("the results hold no consistency rows: nothing to explore")
        self._dropdown_tahun(self._k["tahun"], tahun)
        self._dropdown("pasangan", "Pasangan dokumen",
                       [(p.replace("→", " → "), p) for p in sorted(self._k["pasangan"].unique(),
                                                                  key=_urut_pasangan)],
                       pasangan)  # fmt: skip
        opsi_wilayah = _opsi_wilayah(self._k["kode_wilayah"], self._nama, None)
        if kode_wilayah is None:
            kode_wilayah = self._wilayah_temuan_terbanyak(
                [v for _, v in opsi_wilayah], self.kontrol["tahun"].value,
                self.kontrol["pasangan"].value)  # fmt: skip
        self._dropdown("kode_wilayah", "Pemerintah daerah", opsi_wilayah, kode_wilayah)
        jenis = sorted(self._r["jenis_temuan"].unique())
        self._dropdown("jenis_temuan", "Temuan",
                       [("Semua temuan", SEMUA)] + [(j.capitalize(), j) for j in jenis],
                       jenis_temuan or SEMUA)  # fmt: skip
        self._mulai()

    def _wilayah_temuan_terbanyak(self, urut: Sequence[str], tahun: int, pasangan: str) -> str:
        """The government with the most offending lines for the pair (ties: province first)."""
        r = self._r[(self._r["tahun"] == tahun) & (self._r["pasangan"] == pasangan)]
        n = r.groupby("kode_wilayah").size().reindex(list(urut), fill_value=0)
        return str(n.idxmax()) if len(n) else urut[0]

    def _hitung(self, pilihan: Mapping[str, Any]) -> Keadaan:
        tahun, kode = pilihan["tahun"], pilihan["kode_wilayah"]
        pas, jenis = pilihan["pasangan"], pilihan["jenis_temuan"]
        nama = self._nama.get(kode, kode)
        k = self._k[(self._k["tahun"] == tahun) & (self._k["pasangan"] == pas)]
        sendiri = k[k["kode_wilayah"] == kode]
        sendiri = sendiri.assign(_u=sendiri["tingkat"].map(
            {t: i for i, t in enumerate(NAMA_TINGKAT)})).sort_values("_u").drop(columns="_u")
        m = ((self._r["tahun"] == tahun) & (self._r["pasangan"] == pas)
             & (self._r["kode_wilayah"] == kode))  # fmt: skip
        if jenis:
            m &= self._r["jenis_temuan"] == jenis
        temuan = self._r[m.to_numpy(dtype=bool)]
        temuan = temuan.assign(
            uraian_nomenklatur=temuan["kode_nomenklatur"].astype(str).map(self._uraian)
        )[["jenis_temuan", "tingkat", "kode_nomenklatur", "uraian_nomenklatur",
           "perangkat_daerah", "kode_indikator", "target_dokumen_atas", "target_dokumen_bawah",
           "selisih"]]  # fmt: skip
        judul = f"Keterkaitan {pas.replace('→', ' → ')} {tahun}: {nama}"
        fig = self._gambar(sendiri, k, kode, judul)
        tabel = sendiri[["tingkat", "n_baris_atas", "n_baris_bawah", "n_terhubung",
                         "n_tidak_ada_di_bawah", "n_tidak_direncanakan",
                         "n_target_kurang_ambisius", "keterkaitan_persen", "kategori",
                         "keterangan"]]  # fmt: skip
        tabel = tabel.assign(tingkat=tabel["tingkat"].map(NAMA_TINGKAT).fillna(tabel["tingkat"]))
        jt = f"Temuan: {jenis}" if jenis else "Semua temuan"
        return Keadaan(
            pilihan=dict(pilihan),
            judul=judul,
            gambar={"keterkaitan": fig},
            tabel={"keterkaitan": tabel.reset_index(drop=True),
                   "temuan": temuan.reset_index(drop=True)},  # fmt: skip
            judul_tabel={"keterkaitan": f"Angka keterkaitan {nama}",
                         "temuan": f"Baris bermasalah ({jt.lower()})"},  # fmt: skip
            catatan="" if len(sendiri) else f"{nama} tidak punya baris {pas} tahun {tahun}.",
        )

    def _gambar(self, sendiri: pd.DataFrame, semua: pd.DataFrame, kode: str, judul: str) -> Figure:
        """Bars per level for the government; programme-level linkage of every government."""
        teks = _teks()
        fig = Figure(figsize=(10.0, 4.6))
        ax1 = fig.add_axes((0.07, 0.12, 0.33, 0.62))
        ax2 = fig.add_axes((0.62, 0.12, 0.35, 0.62))
        fig.suptitle(judul, x=0.02, ha="left", fontsize=12, fontweight="bold")
        label = [NAMA_TINGKAT.get(t, t) for t in sendiri["tingkat"]]
        nilai = sendiri["keterkaitan_persen"].to_numpy(dtype=float)
        warna = [WARNA_KATEGORI.get(str(c), "#cccccc") for c in sendiri["kategori"]]
        ax1.bar(label, np.nan_to_num(nilai), color=warna, edgecolor="#333333")
        for i, (v, rec) in enumerate(zip(nilai, sendiri.itertuples(index=False), strict=True)):
            txt = ("tidak ada baris" if np.isnan(v) else
                   f"{teks.format_persen(v)}\n{rec.n_terhubung}/{rec.n_baris_atas}")  # fmt: skip
            ax1.text(i, (0 if np.isnan(v) else v) + 2, txt, ha="center", va="bottom", fontsize=9)
        ax1.set_ylim(0, 119)
        ax1.set_ylabel("Keterkaitan (%)")
        ax1.set_title("Per tingkat", loc="left", fontsize=10)
        ax1.spines[["top", "right"]].set_visible(False)
        prog = semua[semua["tingkat"] == "program"].dropna(subset=["keterkaitan_persen"])
        prog = prog.sort_values("keterkaitan_persen")
        nama = [self._nama.get(k, k).replace("Kabupaten ", "Kab. ") for k in prog["kode_wilayah"]]
        warna2 = [WARNA_KATEGORI.get(str(c), "#cccccc") for c in prog["kategori"]]
        dipilih = (prog["kode_wilayah"] == kode).to_numpy()
        ax2.barh(nama, prog["keterkaitan_persen"], color=warna2,
                 edgecolor=["#000000" if x else "none" for x in dipilih],
                 linewidth=[2.0 if x else 0.0 for x in dipilih])  # fmt: skip
        if len(prog):
            for tick, x in zip(ax2.get_yticklabels(), dipilih, strict=True):
                if x:
                    tick.set_fontweight("bold")
        else:
            ax2.set_yticks([])
            ax2.text(50, 0.5, "tidak ada baris rencana", ha="center", va="center",
                     transform=ax2.get_xaxis_transform(), color="#666666")  # fmt: skip
        ax2.set_xlim(0, 100)
        ax2.tick_params(axis="y", labelsize=8)
        ax2.set_xlabel("Keterkaitan program (%)")
        ax2.set_title("Semua pemerintah daerah (tingkat program)", loc="left", fontsize=10)
        for x in (20, 40, 60, 80):  # MKPP category edges
            ax2.axvline(x, color="#bbbbbb", lw=0.6, zorder=0)
        ax2.spines[["top", "right"]].set_visible(False)
        from matplotlib.patches import Patch

        fig.legend(handles=[Patch(color=c, label=n) for n, c in WARNA_KATEGORI.items()],
                   loc="lower left", ncol=5, fontsize=8, frameon=False,
                   title="Kategori keterkaitan (MKPP)", title_fontsize=8,
                   bbox_to_anchor=(0.02, 0.79), alignment="left")  # fmt: skip
        return fig


def _urut_pasangan(p: str) -> tuple[int, str]:
    return (0 if p.startswith("RPJMD") else 1, p)

