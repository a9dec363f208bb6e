"""The synchronization explorer (year, bidang urusan, kab/kota)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from workbench import maps
from workbench.analysis import Hasil
from workbench.widgets.common import (
    SEMUA,
    Keadaan,
    PenjelajahError,
    _gabung,
    _opsi_wilayah,
    _uraian_bidang,
    _uraian_indikator,
    _uraian_nomenklatur,
)
from workbench.widgets.explorer import _Penjelajah


class PenjelajahSinkronisasi(_Penjelajah):
    """Synchronization explorer: year, bidang urusan and kab/kota → map, support, gaps.

    The map shows the synchronization index (0–100) of every kab/kota for the chosen year
    and bidang (the chosen kab/kota zoomed and outlined); the support table the index and its
    components per kab/kota; the detail table every agreed sub kegiatan and whether the
    district RKPD/Renja plans it; the last table the province outcomes a district supports
    with nothing.

    Args:
        hasil: one :class:`Hasil` or several (one per year: the year selector offers them).
        indikator: the package's ``indikator`` table, for indicator descriptions.
        tahun, kode_bidang, kode_wilayah: the initial selection (default: the latest year,
            the bidang with the lowest mean index that year, every kab/kota), so the opening
            (and static) view shows where synchronization is weakest.
    """

    nama_berkas = "sinkronisasi"
    judul_penjelajah = "Penjelajah sinkronisasi provinsi – kabupaten/kota"
    urutan = ("tahun", "kode_bidang", "kode_wilayah")

    def __init__(self, hasil: Hasil | Iterable[Hasil], *, indikator: pd.DataFrame | None = None,
                 tahun: int | None = None, kode_bidang: str | None = None,
                 kode_wilayah: str | None = None) -> None:
        super().__init__(hasil)
        daftar = self._daftar
        self._bidang = _uraian_bidang()
        self._uraian_sk = _uraian_nomenklatur()
        self._uraian_ind = _uraian_indikator(daftar, indikator)
        s = _gabung(daftar, "sinkronisasi")
        self._s = s.assign(kode_bidang=s["kode_bidang"].astype(str),
                           kode_wilayah=s["kode_wilayah"].astype(str))  # fmt: skip
        self._r = _gabung(daftar, "sinkronisasi_rincian")
        self._r["kode_bidang"] = self._r["kode_bidang"].astype(str)
        self._r["kode_wilayah"] = self._r["kode_wilayah"].astype(str)
        # An outcome supported by nothing lists every bidang of its agreed lines ("1.01, 1.02"):
        # one row per bidang, split once here, so each bidang's view shows it.
        t = _gabung(daftar, "sinkronisasi_tanpa_dukungan")
        t = t.assign(kode_wilayah=t["kode_wilayah"].astype(str),
                     bidang_semua=t["kode_bidang"].astype("string").fillna(""),
                     kode_bidang=t["kode_bidang"].astype("string").fillna("").str.split(r",\s*"))
        self._t = t.explode("kode_bidang", ignore_index=True)  # fmt: skip
        if self._s.empty:
            raise PenjelajahError(
                "the results hold no synchronization rows (no kesepakatan for the year(s) "
                f"{[h.tahun for h in daftar]}): nothing to explore"
            )
        nilai = self._s["indeks_sinkronisasi"]
        # One legend for every year, bidang and kab/kota (computed once, here).
        self.klasifikasi = maps.klasifikasi(nilai) if nilai.notna().any() else None
        bidang = sorted(self._s["kode_bidang"].unique())
        self._dropdown_tahun(self._s["tahun"], tahun)
        if kode_bidang is None:
            kode_bidang = self._bidang_terlemah(self.kontrol["tahun"].value)
        self._dropdown("kode_bidang", "Bidang urusan",
                       [(f"{b} {self._bidang.get(b, '')}".strip(), b) for b in bidang],
                       kode_bidang)  # fmt: skip
        self._dropdown("kode_wilayah", "Kab/kota",
                       _opsi_wilayah(self._s["kode_wilayah"], self._nama, "Semua kab/kota"),
                       kode_wilayah or SEMUA)  # fmt: skip
        self._mulai()

    def _bidang_terlemah(self, tahun: int) -> str | None:
        """The bidang with the lowest mean index in ``tahun`` (the opening view's story)."""
        rata = self._s[self._s["tahun"] == tahun].groupby("kode_bidang")["indeks_sinkronisasi"]
        rata = rata.mean().dropna()
        if rata.empty:
            return None
        return str(rata.sort_index().idxmin())  # ties: the first code

    def _hitung(self, pilihan: Mapping[str, Any]) -> Keadaan:
        tahun, bidang, kode = pilihan["tahun"], pilihan["kode_bidang"], pilihan["kode_wilayah"]
        label_bidang = f"{bidang} {self._bidang.get(bidang, '')}".strip()
        s = self._s[(self._s["tahun"] == tahun) & (self._s["kode_bidang"] == bidang)]
        judul = f"Indeks sinkronisasi {tahun}: {label_bidang}"
        peta_frame = s[["kode_wilayah", "indeks_sinkronisasi"]]
        if kode:
            judul = f"{judul} – {self._nama.get(kode, kode)}"
            fig = maps.peta_fokus(kode, peta_frame, "indeks_sinkronisasi", judul=judul,
                                  breaks=self.klasifikasi, satuan="indeks 0–100")  # fmt: skip
        else:
            fig = maps.peta_choropleth(peta_frame, "indeks_sinkronisasi", judul=judul,
                                       breaks=self.klasifikasi, satuan="indeks 0–100")  # fmt: skip

        def pilih(frame: pd.DataFrame) -> pd.DataFrame:
            m = (frame["tahun"] == tahun) & (frame["kode_bidang"] == bidang)
            if kode:
                m &= frame["kode_wilayah"] == kode
            return frame[m.to_numpy(dtype=bool)]

        dukungan = pilih(self._s).sort_values(["indeks_sinkronisasi", "kode_wilayah"],
                                              ascending=[False, True], na_position="last")
        dukungan = dukungan.assign(nama_wilayah=dukungan["kode_wilayah"].map(self._nama))
        dukungan = dukungan[["kode_wilayah", "nama_wilayah", "indeks_sinkronisasi",
                             "n_disepakati", "n_direncanakan", "dukungan_persen",
                             "n_direncanakan_renja", "dukungan_renja_persen", "n_outcome",
                             "n_outcome_tanpa_dukungan", "pagu_dukungan", "porsi_pagu_persen"]]
        rinci = pilih(self._r).sort_values(["kode_wilayah", "di_rkpd", "kode_sub_kegiatan"])
        rinci = rinci.assign(
            nama_wilayah=rinci["kode_wilayah"].map(self._nama),
            uraian_sub_kegiatan=rinci["kode_sub_kegiatan"].astype(str).map(self._uraian_sk),
            uraian_indikator=rinci["kode_indikator"].astype(str).map(self._uraian_ind),
        )[["kode_wilayah", "nama_wilayah", "kode_indikator", "uraian_indikator",
           "kode_sub_kegiatan", "uraian_sub_kegiatan", "di_rkpd", "di_renja", "pagu_rkpd"]]
        tanpa = pilih(self._t).sort_values(["kode_wilayah", "kode_indikator"])
        tanpa = tanpa.assign(
            nama_wilayah=tanpa["kode_wilayah"].map(self._nama),
            uraian_indikator=tanpa["kode_indikator"].astype(str).map(self._uraian_ind),
        )[["kode_wilayah", "nama_wilayah", "kode_indikator", "uraian_indikator", "n_disepakati",
           "bidang_semua"]]  # fmt: skip
        siapa = self._nama.get(kode, kode) if kode else "semua kab/kota"
        catatan = ""
        if s.empty:
            catatan = f"Tidak ada kesepakatan bidang {label_bidang} untuk tahun {tahun}."
        return Keadaan(
            pilihan=dict(pilihan),
            judul=judul,
            gambar={"peta": fig},
            tabel={"dukungan": dukungan.reset_index(drop=True),
                   "rincian": rinci.reset_index(drop=True),
                   "tanpa_dukungan": tanpa.reset_index(drop=True)},  # fmt: skip
            judul_tabel={
                "dukungan": f"Dukungan kab/kota terhadap outcome provinsi ({siapa})",
                "rincian": "Rincian sub kegiatan yang disepakati",
                "tanpa_dukungan": "Outcome provinsi tanpa satu pun sub kegiatan disepakati di RKPD",
            },
            catatan=catatan,
        )

    def _sorot(self, nama: str, frame: pd.DataFrame) -> pd.Series | None:
        if nama == "rincian" and "di_rkpd" in frame:
            return ~frame["di_rkpd"].astype(bool)
        return None

