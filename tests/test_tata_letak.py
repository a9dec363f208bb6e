"""The charts' own layout (laporan.tata_letak.atur_grid) against what is drawn.

A layout is right when, drawn, nothing of one panel runs into another panel, the figure
title or the figure's edge, and no two tick labels of an axis overlap; and it is not
wasteful when the panels keep at least the room matplotlib's tight_layout gives them.
"""

from __future__ import annotations

import itertools
import textwrap

import matplotlib
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from workbench import laporan
from workbench.laporan.tata_letak import atur_grid

TOL = 1.0  # pixels: Agg rounds extents to whole pixels


def _tumpang(a, b) -> bool:
    """Whether two boxes overlap by more than the tolerance."""
    return (min(a.x1, b.x1) - max(a.x0, b.x0) > TOL) and (min(a.y1, b.y1) - max(a.y0, b.y0) > TOL)


def masalah_tata_letak(fig) -> list[str]:
    """What runs into what in ``fig`` once drawn (empty: a clean layout)."""
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    r = canvas.get_renderer()
    kotak_fig = fig.bbox
    out = []
    panel = [(i, ax) for i, ax in enumerate(fig.axes) if ax.axison]
    kotak = {i: ax.get_tightbbox(r) for i, ax in panel}
    for i, b in kotak.items():
        if b.x0 < kotak_fig.x0 - TOL or b.y0 < kotak_fig.y0 - TOL or \
                b.x1 > kotak_fig.x1 + TOL or b.y1 > kotak_fig.y1 + TOL:  # fmt: skip
            out.append(f"panel {i} runs past the figure: {b.bounds} in {kotak_fig.bounds}")
    for (i, a), (j, b) in itertools.combinations(kotak.items(), 2):
        if _tumpang(a, b):
            out.append(f"panels {i} and {j} overlap: {a.bounds} / {b.bounds}")
    if fig._suptitle is not None and fig._suptitle.get_text():
        s = fig._suptitle.get_window_extent(r)
        out += [f"panel {i} runs into the figure title" for i, b in kotak.items() if _tumpang(s, b)]
    for i, ax in panel:
        for nama, axis in (("x", ax.xaxis), ("y", ax.yaxis)):
            label = [t.get_window_extent(r) for t in axis.get_ticklabels()
                     if t.get_visible() and t.get_text()]  # fmt: skip
            for a, b in itertools.combinations(label, 2):
                if _tumpang(a, b):
                    out.append(f"panel {i}: {nama} tick labels overlap")
                    break
    return out


def _luas_panel(fig) -> list[tuple[float, float]]:
    return [(ax.get_position().width, ax.get_position().height) for ax in fig.axes if ax.axison]


# --- the briefs' charts on the sample ------------------------------------------------------------
@pytest.fixture(scope="module")
def hasil_contoh(tmp_path_factory):
    from workbench.analysis import run_analysis, save_hasil
    from workbench.config import load_parameters
    from workbench.contract import load_package
    from workbench.sample import ensure_sample

    folder = tmp_path_factory.mktemp("hasil")
    save_hasil(run_analysis(load_package(ensure_sample()), 2026, load_parameters()), folder)
    return str(folder)


@pytest.fixture(autouse=True)
def _rc():
    with matplotlib.rc_context():
        laporan.siapkan_tampilan()
        yield


@pytest.mark.parametrize("kode", ["62.01", "62.02", "62.06", "62.10", "62.13", "62.71"])
def test_trend_and_synchronization_charts_of_a_brief_are_clean(hasil_contoh, kode):
    k = laporan.siapkan(kode, 2026, hasil_path=hasil_contoh)
    for grafik in (laporan.grafik_tren(k), laporan.grafik_sinkronisasi(k)):
        assert masalah_tata_letak(grafik.fig) == [], grafik.alt


def test_province_ranking_chart_is_clean(hasil_contoh):
    k = laporan.siapkan("62", 2026, hasil_path=hasil_contoh)
    assert masalah_tata_letak(laporan.grafik_peringkat(k).fig) == []


# --- any grid: long titles, wide tick labels, empty slots ------------------------------------
def _grid(n, ncols, judul, skala, ylabel, suptitle):
    with matplotlib.rc_context(laporan.RC_BRIEF):
        nrows = -(-n // ncols)
        fig = Figure(figsize=(3.6 * ncols, 2.9 * nrows + 0.7))
        axes = np.atleast_1d(fig.subplots(nrows, ncols, squeeze=False)).ravel()
        for i, ax in enumerate(axes[:n]):
            x = np.arange(2021, 2030)
            ax.plot(x, skala[i % len(skala)] * (1 + 0.1 * np.sin(x)))
            ax.set_title(textwrap.fill(judul[i % len(judul)], 38), loc="left", fontsize=9)
            ax.set_xlabel("Tahun")
            ax.set_ylabel(ylabel)
            ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: laporan.angka(v, 1)))
        for ax in axes[n:]:
            ax.set_axis_off()
        if suptitle:
            fig.suptitle(suptitle, x=0.01, ha="left", fontweight="bold")
    return fig, axes


judul_st = st.text(alphabet="abcdefghij klmnop ()–%", min_size=1, max_size=110).filter(str.strip)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    n=st.integers(1, 6),
    ncols=st.integers(1, 3),
    judul=st.lists(judul_st, min_size=1, max_size=6),
    skala=st.lists(st.sampled_from([0.05, 3.0, 87.0, 4_500.0, 2_750_000.0]), min_size=1,
                   max_size=6),  # fmt: skip
    ylabel=st.sampled_from(["", "%", "indeks", "rupiah per kapita"]),
    suptitle=st.sampled_from(["", "Tren indikator Kab. Kotawaringin Timur"]),
)
def test_any_grid_is_laid_out_cleanly_and_not_wastefully(n, ncols, judul, skala, ylabel,
                                                          suptitle):  # fmt: skip
    ncols = min(ncols, n)
    with matplotlib.rc_context(laporan.RC_BRIEF):
        fig, axes = _grid(n, ncols, judul, skala, ylabel, suptitle)
        atur_grid(fig, axes, ncols, rect=(0, 0.08, 1, 0.97))
        assert masalah_tata_letak(fig) == []
        ours = _luas_panel(fig)
        ref, ref_axes = _grid(n, ncols, judul, skala, ylabel, suptitle)
        matplotlib.layout_engine.TightLayoutEngine(rect=(0, 0.08, 1, 0.97)).execute(ref)
        for (w, h), (w_ref, h_ref) in zip(ours, _luas_panel(ref), strict=True):
            assert w >= 0.95 * w_ref and h >= 0.95 * h_ref, (ours, _luas_panel(ref))


def test_columns_that_leave_no_room_are_refused():
    # three panels on 2.4 inches: the y tick labels of billions alone are wider than the figure
    with matplotlib.rc_context(laporan.RC_BRIEF):
        fig = Figure(figsize=(2.4, 2.0))
        axes = fig.subplots(1, 3).ravel()
        for ax in axes:
            ax.plot([0, 1], [1e9, 2e9])
            ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: laporan.angka(v, 2)))
        with pytest.raises(ValueError, match="no room"):
            atur_grid(fig, axes, 3)


@pytest.mark.parametrize("panjang", [34, 46])
def test_a_title_wider_than_its_room_starts_further_left_or_is_wrapped(panjang):
    # one panel whose tick labels of millions leave less room right of it than its title
    # needs: the title starts above the tick labels (34 letters; 32-38 do with matplotlib
    # 3.10's metrics) or, wider than the figure (46 letters), is also wrapped
    with matplotlib.rc_context(laporan.RC_BRIEF):
        fig, axes = _grid(1, 1, ["a" * panjang], [2_750_000.0], "%", "")
        atur_grid(fig, axes, 1, rect=(0, 0.08, 1, 0.97))
        assert masalah_tata_letak(fig) == []
        judul = axes[0]._left_title
        assert judul.get_position()[0] < 0
        assert judul.get_text().replace("\n", "") == "a" * panjang
        assert ("\n" in judul.get_text()) == (panjang == 46)


def test_texts_that_leave_no_room_are_refused():
    with matplotlib.rc_context(laporan.RC_BRIEF):
        fig = Figure(figsize=(1.2, 1.0))
        ax = fig.add_subplot()
        ax.plot([0, 1], [1e9, 2e9])
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: laporan.angka(v, 2)))
        ax.set_title("\n".join(["judul yang panjang sekali"] * 4), loc="left")
        with pytest.raises(ValueError, match="no room"):
            atur_grid(fig, [ax], 1)
