"""Subplot parameters of a brief's chart grid from its texts, without a tight_layout pass.

matplotlib's ``tight_layout`` finds the margins by asking every artist of every axes for its
extent: it builds every tick, lays out every text, and does so twice; then the draw lays them
out again. In a brief's 2 × 3 trend grid that pass was a third of the chart's cost. The
briefs' charts have a known anatomy (a left-aligned title of one or more lines above, an x
axis with a label below, y tick labels and a y label on the left), so the margins follow
from a handful of strings measured with Agg's text metrics (the hinted ones the PNG gets):

* left of a column: y label (rotated: its height) + ``axes.labelpad`` + the widest y tick
  label of the column + ``ytick.major.pad`` + ``ytick.major.size``;
* below a row: x tick labels + pad + size + x label + ``axes.labelpad``;
* above a row: the title's lines + ``axes.titlepad``;
* right of a column: how far a left-aligned title runs past the axes' right edge;
* ``pad`` (in units of ``font.size``, as tight_layout's 1.08) around and between panels, and
  between the grid and a figure title (``suptitle``) above it.

The tick labels are the ones the axis will draw: the major locator's positions inside the
view limits, formatted by the axis' formatter. A locator whose number of ticks depends on
the axes' size (``MaxNLocator(nbins="auto")``) is asked again after a first layout, as
tight_layout does. What is not measured: annotations and artists outside the axes (a chart
using this keeps them inside, or inside the title's band); figure-level texts live outside
``rect``.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib import rcParams
from matplotlib.font_manager import FontProperties


@functools.cache
def _renderer(dpi: float) -> Any:
    """A text-metrics renderer at ``dpi`` (Agg's hinted metrics, as the PNG will have)."""
    from matplotlib.backends.backend_agg import RendererAgg

    return RendererAgg(1, 1, dpi)


@functools.lru_cache(maxsize=4096)
def _metrik(teks: str, prop: FontProperties, dpi: float) -> tuple[float, float]:
    w, h, _ = _renderer(dpi).get_text_width_height_descent(teks, prop, ismath=False)
    return w, h


def _lebar_tinggi(teks: str, prop: FontProperties, dpi: float) -> tuple[float, float]:
    """Width and layout height of a one-line label in pixels.

    The height is at least that of "lp", as matplotlib's ``Text`` lays a line out.
    """
    w, h = _metrik(teks, prop, dpi)
    return w, max(h, _metrik("lp", prop, dpi)[1])


def _label_tick(axis: Any) -> list[str]:
    """The major tick labels the axis will draw (inside its view limits)."""
    lo, hi = sorted(axis.get_view_interval())
    locs = np.asarray(axis.get_major_locator()(), float)
    eps = (hi - lo) * 1e-10
    locs = locs[(locs >= lo - eps) & (locs <= hi + eps)]
    return [s for s in axis.get_major_formatter().format_ticks(locs) if s]


def _judul(ax: Any) -> tuple[Any, bool]:
    """The axes' title text and whether it is left-aligned (runs right from the left edge)."""
    kiri = ax._left_title  # matplotlib keeps the three titles as attributes of the axes
    if kiri.get_text():
        return kiri, True
    return ax.title, False


def _luas_panel(ax: Any, r: Any) -> tuple[float, float, float, float]:
    """What one axes needs around it, in pixels: ``(kiri, bawah, atas, lebar_judul)``."""
    pt = r.points_to_pixels(1.0)
    kiri = (rcParams["ytick.major.size"] + rcParams["ytick.major.pad"]) * pt
    label_y = _label_tick(ax.yaxis)
    if label_y:
        prop = FontProperties(size=rcParams["ytick.labelsize"])
        kiri += max(_lebar_tinggi(s, prop, r.dpi)[0] for s in label_y)
    if ax.yaxis.label.get_text():  # rotated: its width is the text's height
        kiri += ax.yaxis.label.get_window_extent(r).width + rcParams["axes.labelpad"] * pt
    bawah = (rcParams["xtick.major.size"] + rcParams["xtick.major.pad"]) * pt
    label_x = _label_tick(ax.xaxis)
    if label_x:
        prop = FontProperties(size=rcParams["xtick.labelsize"])
        bawah += max(_lebar_tinggi(s, prop, r.dpi)[1] for s in label_x)
    if ax.xaxis.label.get_text():
        bawah += ax.xaxis.label.get_window_extent(r).height + rcParams["axes.labelpad"] * pt
    atas, lebar_judul = 0.0, 0.0
    judul, rata_kiri = _judul(ax)
    if judul.get_text():
        # the title sits at the axes' top plus axes.titlepad (its offset transform)
        kotak, kotak_ax = judul.get_window_extent(r), ax.get_window_extent(r)
        atas = max(0.0, kotak.y1 - kotak_ax.y1)
        # how far it reaches right of the axes' left edge (less where it starts left of it)
        lebar_judul = kotak.width - max(0.0, kotak_ax.x0 - kotak.x0) if rata_kiri else 0.0
    return kiri, bawah, atas, lebar_judul


def _kolom(left: float, kanan: float, ncols: int, p: float, kiri: np.ndarray,
           judul: np.ndarray) -> tuple[float, float]:
    """The axes' width and the gap between columns, in pixels: the widest that fit.

    Column ``c`` starts at ``left + c * (lebar + gap)``. A left-aligned title runs from its
    axes' left edge and may pass the axes' right edge: the gap after column ``c`` then holds
    the overrun, ``p`` and the next column's left decorations, and the last column's title
    must end inside the figure (``kanan``, ``p`` from its edge). Both hold more easily as the
    axes grow narrower (columns move left), so the widest axes that fit are found by
    bisection. Where titles that long do not fit, the padding around them goes first (a
    title may touch the next column's tick labels, which sit lower, and the figure's edge,
    as tight_layout lets it), then the last title is left to run past the figure, then every
    title (:func:`atur_grid` then moves such a title left or wraps it to its room).
    """

    def gap(lebar: float, judul_ikut: bool, pad: float) -> float:
        if ncols < 2:
            return 0.0
        lewat = np.maximum(judul[:-1] - lebar, 0.0) if judul_ikut else np.zeros(ncols - 1)
        return float(np.max(np.maximum(p, pad + lewat) + kiri[1:]))

    def perlu(lebar: float, judul_gap: bool, judul_akhir: bool, pad: float) -> float:
        akhir = max(lebar, float(judul[-1]) - (p - pad)) if judul_akhir else lebar
        return left + (ncols - 1) * (lebar + gap(lebar, judul_gap, pad)) + akhir

    batas = (kanan - left) / ncols
    for cara in ((True, True, p), (True, True, 0.0), (True, False, 0.0), (False, False, p)):
        if perlu(1e-6, *cara) > kanan:
            continue
        lo, hi = 1e-6, batas
        if perlu(hi, *cara) <= kanan:
            lo = hi
        for _ in range(60):
            if hi - lo < 1e-6:
                break
            mid = (lo + hi) / 2
            lo, hi = (mid, hi) if perlu(mid, *cara) <= kanan else (lo, mid)
        return lo, gap(lo, cara[0], cara[2])
    g = gap(0.0, False, p)  # no room even without titles: a width <= 0, refused by the caller
    return (kanan - left - (ncols - 1) * g) / ncols, g


def _bungkus(teks: str, prop: FontProperties, dpi: float, lebar: float) -> str:
    """``teks`` re-wrapped to lines no wider than ``lebar`` pixels.

    Words stay whole where one fits a line; a longer word is broken, as ``textwrap`` breaks
    long words.
    """

    def px(t: str) -> float:
        return _metrik(t, prop, dpi)[0]

    baris: list[str] = []
    for kata in teks.split():
        while len(kata) > 1 and px(kata) > lebar:
            n = 1
            while n < len(kata) - 1 and px(kata[: n + 1]) <= lebar:
                n += 1
            baris.append(kata[:n])
            kata = kata[n:]
        if baris and px(f"{baris[-1]} {kata}") <= lebar:
            baris[-1] = f"{baris[-1]} {kata}"
        else:
            baris.append(kata)
    return "\n".join(baris)


def _judul_muat(axes: Sequence[Any], ncols: int, left: float, lebar_ax: float, gap_w: float,
                kiri_kolom: np.ndarray, batas: tuple[float, float], r: Any) -> bool:
    """Fit each left-aligned title that runs into the next column or past the figure.

    The room of column ``c``'s title is from its axes' left edge to the next column's left
    decorations, or to the figure's right edge (``batas[1]``) for the last column. A title of
    the first column wider than that starts further left, above its y tick labels, as far as
    the figure's left margin (``batas[0]``); what still does not fit is wrapped to the room.
    Returns whether a title changed (the layout then changes with it).
    """
    berubah = False
    for i, ax in enumerate(axes):
        judul, rata_kiri = _judul(ax)
        if not (ax.axison and rata_kiri and judul.get_text()):
            continue
        c = i % ncols
        x0 = left + c * (lebar_ax + gap_w)
        ujung = x0 + lebar_ax + gap_w - kiri_kolom[c + 1] if c + 1 < ncols else batas[1]
        lebar = judul.get_window_extent(r).width
        geser = min(max(0.0, lebar - (ujung - x0)), x0 - batas[0]) if c == 0 else 0.0
        if abs(judul.get_position()[0] + geser / lebar_ax) > 1e-9:
            judul.set_x(-geser / lebar_ax)
            berubah = True
        if lebar > ujung - x0 + geser + 0.5:
            teks = _bungkus(judul.get_text(), judul.get_fontproperties(), r.dpi,
                            ujung - x0 + geser)  # fmt: skip
            if teks != judul.get_text():
                judul.set_text(teks)
                berubah = True
    return berubah


def atur_grid(
    fig: Any,
    axes: Sequence[Any],
    ncols: int,
    rect: tuple[float, float, float, float] = (0.0, 0.0, 1.0, 1.0),
    pad: float = 1.08,
) -> dict[str, float]:
    """Set ``fig``'s subplot parameters for a grid of ``axes`` (row-major, ``ncols`` wide).

    Axes switched off (``set_axis_off``, the empty slots of a grid) take no room. Two passes:
    the second sees the tick labels of the axes at their laid-out size; a left-aligned title
    wider than the room right of its column starts further left (first column) or is wrapped
    to its room, and the grid is laid out again (at most four passes).

    Args:
        fig: The figure (its size is fixed).
        axes: Every axes of the grid, row by row (as ``fig.subplots(...).ravel()``).
        ncols: Columns of the grid.
        rect: ``(left, bottom, right, top)`` of the figure the grid fills (figure fraction).
        pad: Padding around and between panels, in units of ``font.size``.

    Returns:
        The subplot parameters set (``left, right, bottom, top, wspace, hspace``).
    """
    nrows = -(-len(axes) // ncols)
    w_in, h_in = fig.get_size_inches()
    rend = _renderer(fig.dpi)
    w, h = w_in * fig.dpi, h_in * fig.dpi  # pixels
    p = pad * FontProperties(size=rcParams["font.size"]).get_size_in_points() * fig.dpi / 72
    batas_atas = rect[3] * h
    sup = fig._suptitle  # a figure title (``suptitle``) sits above the grid, as in tight_layout
    if sup is not None and sup.get_text() and sup.get_in_layout():
        batas_atas = min(batas_atas, sup.get_window_extent(rend).y0)
    par: dict[str, float] = {}
    for lintasan in range(4):
        # per panel what it needs on each side, as a (rows, columns) grid; empty slots need 0
        luas = np.zeros((nrows, ncols, 4))  # the 4 sides of _luas_panel
        for i, ax in enumerate(axes):
            if ax.axison:
                luas[i // ncols, i % ncols] = _luas_panel(ax, rend)
        kiri_kolom = luas[:, :, 0].max(axis=0)
        bawah_baris = luas[:, :, 1].max(axis=1)
        atas_baris = luas[:, :, 2].max(axis=1)
        judul_kolom = luas[:, :, 3].max(axis=0)
        left = rect[0] * w + p + kiri_kolom[0]
        right = rect[2] * w - p
        top = batas_atas - p - atas_baris[0]
        bottom = rect[1] * h + p + bawah_baris[-1]
        # between rows: this row's bottom decorations and the next row's title
        gap_h = max([p + bawah_baris[r] + atas_baris[r + 1] for r in range(nrows - 1)],
                    default=0.0)  # fmt: skip
        lebar_ax, gap_w = _kolom(left, right, ncols, p, kiri_kolom, judul_kolom)
        right = left + ncols * lebar_ax + (ncols - 1) * gap_w
        tinggi_ax = (top - bottom - (nrows - 1) * gap_h) / nrows
        if lebar_ax <= 0 or tinggi_ax <= 0:
            raise ValueError(
                f"the chart's texts leave no room for its panels ({w_in:.1f} × {h_in:.1f} in, "
                f"{nrows} × {ncols} panels)"
            )
        par = {
            "left": float(left / w), "right": float(right / w),
            "bottom": float(bottom / h), "top": float(top / h),
            "wspace": float(gap_w / lebar_ax) if ncols > 1 else 0.0,
            "hspace": float(gap_h / tinggi_ax) if nrows > 1 else 0.0,
        }  # fmt: skip
        fig.subplots_adjust(**par)
        # a title no layout can hold (wider than the room right of its column) is wrapped
        # to that room; the next pass lays out its new height
        batas_judul = (rect[0] * w + p, rect[2] * w)
        if not _judul_muat(axes, ncols, left, lebar_ax, gap_w, kiri_kolom, batas_judul, rend) \
                and lintasan >= 1:
            break
    return par
