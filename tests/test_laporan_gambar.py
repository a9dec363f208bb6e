"""Figures drawn once per process: the province-wide map shared by briefs (laporan.GambarSekali).

The cache must give a brief exactly the bytes it would have drawn itself, and nothing a
different brief could not have drawn: its key covers the data, the title, the predikat
bands, the boundary layer and matplotlib's rcParams.
"""

from __future__ import annotations

import matplotlib
import pandas as pd
import pytest
from test_laporan import konteks

from workbench import laporan, maps


@pytest.fixture(autouse=True)
def kosong(tmp_path, monkeypatch):
    monkeypatch.setenv("WORKBENCH_GEODATA_DIR", str(tmp_path / "kosong"))
    monkeypatch.setattr(laporan.display, "_PNG_SEKALI", {})


def _hitung_gambar(monkeypatch) -> list[str]:
    calls: list[str] = []
    asli = maps.peta_choropleth

    def peta(*args, **kwargs):
        calls.append(kwargs["judul"])
        return asli(*args, **kwargs)

    monkeypatch.setattr(maps, "peta_choropleth", peta)
    return calls


def test_province_wide_map_is_drawn_once_for_the_same_inputs(monkeypatch):
    calls = _hitung_gambar(monkeypatch)
    k = konteks()
    first = laporan.peta_gap_utama(k)._repr_png_()
    again = laporan.peta_gap_utama(konteks())._repr_png_()  # another brief, same inputs
    assert again == first and len(calls) == 1
    assert first[0][:8] == b"\x89PNG\r\n\x1a\n" and first[1]["alt"].startswith("Peta capaian")
    # the cached bytes are exactly what a fresh drawing gives
    laporan.display._PNG_SEKALI.clear()
    assert laporan.peta_gap_utama(k)._repr_png_() == first and len(calls) == 2


def test_the_figure_is_still_there_for_who_asks():
    g = laporan.peta_gap_utama(konteks())
    assert isinstance(g.fig, maps.Peta) and g.fig.axes


def test_key_follows_data_title_rcparams_and_boundaries(tmp_path, monkeypatch):
    f = pd.DataFrame({"kode_wilayah": ["62.01", "62.02"], "capaian_persen": [80.0, 55.5]})
    base = laporan.kunci_gambar(["peta", f, "Judul"])
    assert laporan.kunci_gambar(["peta", f.copy(), "Judul"]) == base
    other = f.assign(capaian_persen=[80.0, 55.6])
    assert laporan.kunci_gambar(["peta", other, "Judul"]) != base
    assert laporan.kunci_gambar(["peta", f, "Judul lain"]) != base
    assert laporan.kunci_gambar(["peta", f.rename(columns={"capaian_persen": "x"}), "Judul"]) \
        != base
    with matplotlib.rc_context({"font.size": 20}):
        assert laporan.kunci_gambar(["peta", f, "Judul"]) != base
    monkeypatch.setenv("WORKBENCH_GEODATA_DIR", str(tmp_path / "lain"))
    assert laporan.kunci_gambar(["peta", f, "Judul"]) != base


def test_a_different_key_gap_draws_its_own_map(monkeypatch):
    calls = _hitung_gambar(monkeypatch)
    k = konteks()
    a = laporan.peta_gap_utama(k)._repr_png_()
    k2 = konteks()
    cap = k2.semua.capaian
    cap.loc[cap["kode_wilayah"] == "62.01", "capaian_persen"] += 7.0  # another district's value
    b = laporan.peta_gap_utama(k2)._repr_png_()
    assert len(calls) == 2 and a[0] != b[0]
