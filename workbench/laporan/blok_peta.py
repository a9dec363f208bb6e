"""Map blocks of the briefs (quiet map drawing, class breaks, district and province maps)."""

from __future__ import annotations

import contextlib
import logging
import textwrap
import warnings
from collections.abc import Iterator
from typing import Any

import pandas as pd
from matplotlib.figure import Figure

from workbench.laporan.angka_utama import (
    gap_terburuk,
)
from workbench.laporan.display import (
    Blok,
    Gambar,
    GambarSekali,
)
from workbench.laporan.konteks import (
    Konteks,
    _kabkota_mask,
    _tahun,
    ringkasan_kabkota,
)


# --- maps ---------------------------------------------------------------------------------------
class _Tangkap(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.pesan: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.pesan.append(record.getMessage())


@contextlib.contextmanager
def _tenang() -> Iterator[_Tangkap]:
    """Keep the maps' schematic-fallback warning out of the brief (the map is titled as such).

    The warning (``warnings`` and the ``workbench.maps`` logger) is meant for a user at a
    console; in a brief the map itself says "Peta skematik", so both are captured here.
    """
    logger = logging.getLogger("workbench.maps")
    h = _Tangkap()
    old = logger.propagate
    logger.addHandler(h)
    logger.propagate = False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            yield h
    finally:
        logger.removeHandler(h)
        logger.propagate = old


def _indeks_frame(k: Konteks) -> pd.DataFrame:
    r = ringkasan_kabkota(k.semua)
    return r[["kode_wilayah", "indeks_sinkronisasi"]]


def peta_fokus_wilayah(k: Konteks) -> Gambar:
    """District-focus map coloured by the overall synchronization index (province legend)."""
    from workbench import maps

    f = _indeks_frame(k)
    with _tenang():
        breaks = _breaks(maps, f["indeks_sinkronisasi"])
        fig = maps.peta_fokus(
            k.kode_wilayah, f, "indeks_sinkronisasi", breaks=breaks, satuan="indeks 0–100",
            judul=f"Indeks sinkronisasi {k.tahun}: {k.nama} dan sekitarnya",
        )  # fmt: skip
    return Gambar(fig, f"Peta {k.nama} dan sekitarnya menurut indeks sinkronisasi {k.tahun}")


def _breaks(maps: Any, values: pd.Series, *, bulat: bool = False) -> Any:
    """Natural breaks over the province's values, shared by every brief of the run.

    At most 5 classes and fewer classes than distinct values: mapclassify's Fisher-Jenks
    returns unsorted bins when k equals the number of distinct values (seen with 14 indices,
    11 of them 100: bins 100, 95, 98,3).
    """
    v = values.dropna()
    if not len(v):
        return None
    n = int(v.nunique())
    k = max(1, min(5, n - 1 if n > 2 else n))
    return maps.klasifikasi(v, "natural_breaks", k=k, bulat=bulat)


def indikator_gap_utama(k: Konteks) -> tuple[str, int] | None:
    """The key gap of a brief: the district's lowest-capaian indicator missing its target."""
    g = gap_terburuk(k, n=1)
    if g.empty:
        return None
    return str(g.iloc[0]["kode_indikator"]), int(g.iloc[0]["tahun"])


def peta_gap_utama(k: Konteks) -> Gambar | Blok:
    """Province map of the capaian of the district's key-gap indicator (predikat classes).

    The map is province-wide, so briefs whose key gap is the same indicator show the same
    figure: it is drawn once per kernel and reused (:class:`GambarSekali`).
    """
    from workbench import maps

    kunci = indikator_gap_utama(k)
    if kunci is None:
        return Blok("<p>Tidak ada indikator yang tertinggal dari targetnya.</p>")
    kode, tahun = kunci
    c = k.semua.capaian
    c = c[(c["kode_indikator"] == kode) & (c["tahun"] == tahun) & _kabkota_mask(c["kode_wilayah"])]
    c = c[["kode_wilayah", "capaian_persen"]]
    judul_peta = textwrap.shorten(f"Capaian {k.indikator(kode)} {tahun}", 80, placeholder="…")

    def buat() -> Figure:
        with _tenang():
            return maps.peta_choropleth(
                c, "capaian_persen", judul=judul_peta,
                breaks=maps.klasifikasi([], "predikat", predikat=k.semua.predikat), satuan="%",
            )  # fmt: skip

    alt = f"Peta capaian {k.indikator(kode)} {tahun} per kabupaten/kota"
    return GambarSekali(buat, alt, ("peta_gap_utama", c, judul_peta, k.semua.predikat))


def peta_indeks_provinsi(k: Konteks) -> Gambar:
    """Province choropleth of the overall synchronization index."""
    from workbench import maps

    f = _indeks_frame(k)
    with _tenang():
        fig = maps.peta_choropleth(
            f, "indeks_sinkronisasi", judul=f"Indeks sinkronisasi kabupaten/kota {k.tahun}",
            breaks=_breaks(maps, f["indeks_sinkronisasi"]), satuan="indeks 0–100",
        )  # fmt: skip
    return Gambar(fig, f"Peta indeks sinkronisasi kabupaten/kota {k.tahun}")


def peta_tanpa_dukungan(k: Konteks) -> Gambar:
    """Province map of the number of province outcomes each kab/kota supports with nothing."""
    from workbench import maps

    r = ringkasan_kabkota(k.semua)[["kode_wilayah", "n_outcome_tanpa_dukungan"]]
    r = r.astype({"n_outcome_tanpa_dukungan": float})
    with _tenang():
        fig = maps.peta_choropleth(
            r, "n_outcome_tanpa_dukungan",
            judul=f"Outcome provinsi tanpa dukungan RKPD {k.tahun}",
            breaks=_breaks(maps, r["n_outcome_tanpa_dukungan"], bulat=True),
            satuan="jumlah outcome",
            cmap="OrRd",
        )  # fmt: skip
    return Gambar(fig, f"Peta jumlah outcome provinsi tanpa dukungan RKPD {k.tahun}")


def peta_bidang(k: Konteks) -> Gambar | Blok:
    """Small multiples: the synchronization index per bidang, one shared legend."""
    from workbench import maps

    s = _tahun(k.semua.sinkronisasi, k.tahun)
    s = s[_kabkota_mask(s["kode_wilayah"])][["kode_wilayah", "kode_bidang", "indeks_sinkronisasi"]]
    if s.empty:
        return Blok("<p>Tidak ada data sinkronisasi per bidang.</p>")
    judul_panel = {b: textwrap.shorten(k.bidang(b), 34, placeholder="…")
                   for b in s["kode_bidang"].unique()}  # fmt: skip
    with _tenang():
        fig = maps.peta_kecil_berganda(
            s, "indeks_sinkronisasi", "kode_bidang",
            judul=f"Indeks sinkronisasi per bidang urusan {k.tahun}",
            breaks=_breaks(maps, s["indeks_sinkronisasi"]), satuan="indeks 0–100",
            judul_panel=judul_panel,
        )  # fmt: skip
    return Gambar(fig, f"Peta kecil berganda indeks sinkronisasi per bidang urusan {k.tahun}")
