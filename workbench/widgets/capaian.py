"""The outcome-gap explorer (indicator, year, measure, kab/kota)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from workbench import maps, reference
from workbench.analysis import Hasil
from workbench.widgets.common import (
    Keadaan,
    PenjelajahError,
    _opsi_wilayah,
    _teks,
    _uraian_indikator,
)
from workbench.widgets.explorer import _Penjelajah

#: Measures the outcome-gap explorer can map: column → (label, legend unit).
UKURAN = {
    "capaian_persen": "Capaian (%)",
    "gap": "Kesenjangan terhadap target (satuan indikator; + = kurang)",
    "realisasi": "Realisasi",
}



class PenjelajahCapaian(_Penjelajah):
    """Outcome-gap explorer: indicator, year, measure and kab/kota → map, ranking, trend.

    The choropleth shows the chosen measure for every kab/kota with a legend fixed per
    indicator and measure (predikat bands for capaian; natural breaks over every kab/kota and
    year otherwise); the ranking orders the kab/kota (best first); the trend chart shows the
    chosen kab/kota's realisations and targets over the years, with the province's.

    Args:
        hasil: a :class:`Hasil` (its ``capaian`` holds every year up to its ``tahun``); with
            several, the latest is used.
        indikator: the package's ``indikator`` table, for descriptions.
        kode_indikator, tahun, ukuran, kode_wilayah: the initial selection (default: the
            indicator whose kab/kota have the lowest median capaian in its latest assessed
            year, that year, capaian, and the last kab/kota of that ranking).
    """

    nama_berkas = "capaian"
    judul_penjelajah = "Penjelajah capaian dan kesenjangan outcome"
    urutan = ("kode_indikator", "tahun", "ukuran", "kode_wilayah")

    def __init__(self, hasil: Hasil | Iterable[Hasil], *, indikator: pd.DataFrame | None = None,
                 kode_indikator: str | None = None, tahun: int | None = None,
                 ukuran: str = "capaian_persen", kode_wilayah: str | None = None) -> None:
        super().__init__(hasil)
        daftar = self._daftar
        self._uraian_ind = _uraian_indikator(daftar, indikator)
        cap = daftar[-1].capaian
        cap = cap.assign(kode_wilayah=cap["kode_wilayah"].astype(str),
                         kode_indikator=cap["kode_indikator"].astype(str))  # fmt: skip
        kabkota = set(reference.kode_kabkota())
        self._prov = cap[cap["kode_wilayah"] == "62"]
        cap = cap[cap["kode_wilayah"].isin(kabkota).to_numpy()]
        # an indicator is explorable when some kab/kota has a realisation or a target for it
        ada = cap["realisasi"].notna() | cap["target"].notna()
        self._c = cap[ada.to_numpy(dtype=bool)]
        if self._c.empty:
            raise PenjelajahError("the results hold no kab/kota realisation or target to explore")
        self._satuan = self._c.groupby("kode_indikator")["satuan"].first().astype(str).to_dict()
        self._arah = self._c.groupby("kode_indikator")["arah"].first().astype(str).to_dict()
        # One legend per indicator and measure across every kab/kota and year (computed once).
        self.klasifikasi: dict[tuple[str, str], maps.Klasifikasi | None] = {}
        bands = maps.klasifikasi([], skema="predikat", predikat=daftar[-1].predikat)
        for kode, grup in self._c.groupby("kode_indikator"):
            self.klasifikasi[(kode, "capaian_persen")] = bands
            for kol in ("gap", "realisasi"):
                v = grup[kol].dropna()
                self.klasifikasi[(kode, kol)] = maps.klasifikasi(v) if len(v) else None
        kodes = sorted(self._c["kode_indikator"].unique())
        if kode_indikator is None:
            kode_indikator = self._indikator_terlemah()
        self._dropdown("kode_indikator", "Indikator",
                       [(f"{self._uraian_ind.get(k, k)} ({k})", k) for k in kodes],
                       kode_indikator)  # fmt: skip
        self._dropdown("tahun", "Tahun", self._opsi_tahun(self.kontrol["kode_indikator"].value),
                       tahun)  # fmt: skip
        if tahun is None:
            self.kontrol["tahun"].value = self._tahun_awal(self.kontrol["kode_indikator"].value)
        self._dropdown("ukuran", "Ukuran", [(v, k) for k, v in UKURAN.items()], ukuran)
        if kode_wilayah is None:
            kode_wilayah = self._wilayah_terbawah()
        self._dropdown("kode_wilayah", "Tren kab/kota",
                       _opsi_wilayah(self._c["kode_wilayah"], self._nama, None),
                       kode_wilayah)  # fmt: skip
        self._mulai()

    def _indikator_terlemah(self) -> str | None:
        """The indicator whose kab/kota have the lowest median capaian in its latest year."""
        c = self._c.dropna(subset=["capaian_persen"])
        if c.empty:
            return None
        akhir = c.groupby("kode_indikator")["tahun"].transform("max")
        med = c[c["tahun"] == akhir].groupby("kode_indikator")["capaian_persen"].median()
        return str(med.sort_index().idxmin())

    def _wilayah_terbawah(self) -> str | None:
        """The last kab/kota of the opening ranking (the trend worth a look first)."""
        kode, tahun = self.kontrol["kode_indikator"].value, self.kontrol["tahun"].value
        ukuran = self.kontrol["ukuran"].value
        c = self._c[(self._c["kode_indikator"] == kode) & (self._c["tahun"] == tahun)]
        rank = self._peringkat(c, ukuran, self._arah.get(kode, "naik"))
        rank = rank.dropna(subset=["peringkat"])
        return str(rank["kode_wilayah"].iloc[-1]) if len(rank) else None

    def _opsi_tahun(self, kode: str) -> list[tuple[str, int]]:
        years = sorted(int(t) for t in self._c.loc[self._c["kode_indikator"] == kode, "tahun"]
                       .unique())  # fmt: skip
        return [(str(t), t) for t in years]

    def _tahun_awal(self, kode: str) -> int:
        """The latest year with a capaian for the indicator (else its latest year)."""
        c = self._c[(self._c["kode_indikator"] == kode) & self._c["capaian_persen"].notna()]
        if len(c):
            return int(c["tahun"].max())
        return self._opsi_tahun(kode)[-1][1]

    def _sesuaikan_opsi(self, nama: str) -> None:
        if nama != "kode_indikator":
            return
        kode = self.kontrol["kode_indikator"].value
        dd = self.kontrol["tahun"]
        lama = dd.value
        opsi = self._opsi_tahun(kode)
        dd.options = opsi
        dd.value = lama if lama in [v for _, v in opsi] else self._tahun_awal(kode)

    def _peringkat(self, frame: pd.DataFrame, ukuran: str, arah: str) -> pd.DataFrame:
        """Best first: capaian high, gap (shortfall) low, realisation by direction."""
        naik = ukuran == "capaian_persen" or (ukuran == "realisasi" and arah != "turun")
        out = frame.sort_values([ukuran, "kode_wilayah"], ascending=[not naik, True],
                                na_position="last")  # fmt: skip
        rank = pd.Series(pd.NA, index=out.index, dtype="Int64")
        ok = out[ukuran].notna().to_numpy()
        rank[ok] = np.arange(1, int(ok.sum()) + 1)
        return out.assign(peringkat=rank)

    def _hitung(self, pilihan: Mapping[str, Any]) -> Keadaan:
        kode, tahun = pilihan["kode_indikator"], pilihan["tahun"]
        ukuran, wil = pilihan["ukuran"], pilihan["kode_wilayah"]
        uraian = self._uraian_ind.get(kode, kode)
        satuan = self._satuan.get(kode, "")
        c = self._c[(self._c["kode_indikator"] == kode) & (self._c["tahun"] == tahun)]
        label_ukuran = UKURAN[ukuran].split(" (")[0]
        judul = f"{label_ukuran} {uraian} {tahun}"
        legenda = "%" if ukuran == "capaian_persen" else satuan
        fig = maps.peta_choropleth(c[["kode_wilayah", ukuran]], ukuran, judul=judul,
                                   breaks=self.klasifikasi[(kode, ukuran)], satuan=legenda)
        rank = self._peringkat(c, ukuran, self._arah.get(kode, "naik"))
        rank = rank.assign(nama_wilayah=rank["kode_wilayah"].map(self._nama))[
            ["peringkat", "kode_wilayah", "nama_wilayah", "realisasi", "target_teks",
             "capaian_persen", "predikat", "gap", "status", "status_lintasan"]]  # fmt: skip
        tren = self._c[(self._c["kode_indikator"] == kode) & (self._c["kode_wilayah"] == wil)]
        prov = self._prov[self._prov["kode_indikator"] == kode]
        tren_tabel = tren.sort_values("tahun")[
            ["tahun", "realisasi", "target_teks", "capaian_persen", "predikat", "gap",
             "status"]]  # fmt: skip
        catatan = ""
        if c[ukuran].notna().sum() == 0:
            catatan = (
                f"Belum ada nilai {label_ukuran.lower()} untuk {uraian} tahun {tahun} "
                "(mis. realisasi belum tersedia); peta diarsir 'tidak ada data'."
            )
        return Keadaan(
            pilihan=dict(pilihan),
            judul=judul,
            gambar={"peta": fig, "tren": self._gambar_tren(tren, prov, uraian, satuan, wil)},
            tabel={"peringkat": rank.reset_index(drop=True),
                   "tren": tren_tabel.reset_index(drop=True)},  # fmt: skip
            judul_tabel={
                "peringkat": f"Peringkat kab/kota: {label_ukuran.lower()} {uraian} {tahun}",
                "tren": f"Tren {uraian}: {self._nama.get(wil, wil)}",
            },
            catatan=catatan,
        )

    def _sorot(self, nama: str, frame: pd.DataFrame) -> pd.Series | None:
        if nama == "peringkat":
            return frame["kode_wilayah"] == self.kontrol["kode_wilayah"].value
        return None

    def _gambar_tren(self, tren: pd.DataFrame, prov: pd.DataFrame, uraian: str, satuan: str,
                     wil: str) -> Figure:  # fmt: skip
        """Realisation (line) and target (markers, range as a bar) of one kab/kota by year."""
        teks = _teks()
        fig = Figure(figsize=(8.2, 4.2))
        ax = fig.add_axes((0.1, 0.25, 0.86, 0.62))
        t = tren.sort_values("tahun")
        nama = self._nama.get(wil, wil)
        r = t.dropna(subset=["realisasi"])
        ax.plot(r["tahun"], r["realisasi"], "o-", color="#1f78b4", lw=2, label=f"Realisasi {nama}")
        p = prov.sort_values("tahun").dropna(subset=["realisasi"])
        if len(p):
            ax.plot(p["tahun"], p["realisasi"], "s--", color="#888888", lw=1.2,
                    label="Realisasi provinsi")  # fmt: skip
        tg = t.dropna(subset=["target_bawah", "target_atas"], how="all")
        nilai = [*r["realisasi"], *p["realisasi"]]
        if len(tg):
            lo = tg["target_bawah"].where(np.isfinite(tg["target_bawah"]), tg["target_atas"])
            hi = tg["target_atas"].where(np.isfinite(tg["target_atas"]), tg["target_bawah"])
            ax.vlines(tg["tahun"], lo, hi, color="#e66101", lw=6, alpha=0.45)
            ax.plot(tg["tahun"], (lo + hi) / 2, "D", color="#e66101", ms=6,
                    label="Target (rentang: batang)")  # fmt: skip
            nilai += [*lo, *hi]
        years = sorted(set(t["tahun"]).union(p["tahun"]))
        if years:
            ax.set_xticks(years, [str(y) for y in years])
            ax.set_xlim(min(years) - 0.5, max(years) + 0.5)
        v = [x for x in nilai if np.isfinite(x)]
        span = (max(v) - min(v)) if v else 0
        d = 0 if span >= 100 else 1 if span >= 5 else 2
        ax.yaxis.set_major_formatter(lambda x, _pos: teks.format_angka(x, desimal=d))
        ax.set_ylabel(satuan)
        ax.grid(alpha=0.3)
        ax.spines[["top", "right"]].set_visible(False)
        if not len(r) and not len(tg):
            ax.text(0.5, 0.5, "tidak ada data", transform=ax.transAxes, ha="center",
                    color="#666666")  # fmt: skip
        ax.set_title(f"Tren {uraian}: {nama}", loc="left", fontsize=11, fontweight="bold")
        handles, _labels = ax.get_legend_handles_labels()
        if handles:
            ax.legend(loc="upper left", bbox_to_anchor=(0.0, -0.1), ncol=3, frameon=False,
                      fontsize=9)  # fmt: skip
        return fig

