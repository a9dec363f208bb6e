"""Writing a map figure to PNG."""

from __future__ import annotations

import io
import sys
import threading
from pathlib import Path
from typing import Any

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.figure import Figure

from workbench.fileio import atomic_path
from workbench.maps.common import _RC

#: Pillow's PNG options for the figures of a page: zlib level 3 instead of 6 encodes a brief's
#: figures about 30 % faster (5–7 ms each) for files 2–4 % larger; the pixels are the same.
PNG_PIL = {"compress_level": 3}


#: Per thread: the Agg renderers of the last figure sizes drawn (see :class:`_KanvasBersama`).
_PENGGAMBAR = threading.local()


class _KanvasBersama(FigureCanvasAgg):
    """An Agg canvas that draws with this thread's renderer for the figure's size and dpi.

    A new canvas would allocate a new renderer, and Matplotlib's cache of text extents is
    keyed by the renderer: the briefs of a kernel draw figures of the same few sizes with
    the same tick labels, titles and legends, so one renderer per size lets those texts be
    measured once per kernel. The renderer is cleared before each draw (same pixels).
    """

    def get_renderer(self) -> RendererAgg:  # noqa: D102
        # the size exactly as FigureCanvasAgg.get_renderer takes it (matplotlib 3.10: the
        # unrounded bbox; the renderer's float height places every y, so a rounded one
        # shifts the drawing of a figure whose height is not a whole number of pixels)
        w, h = self.figure.bbox.size
        key = (w, h, self.figure.dpi)
        cache: dict[tuple[float, float, float], RendererAgg] = _PENGGAMBAR.__dict__.setdefault(
            "cache", {})
        renderer = cache.get(key)
        if renderer is None:
            if len(cache) >= 8:  # a handful of sizes per brief: bound the buffers kept
                cache.clear()
            renderer = cache[key] = RendererAgg(w, h, self.figure.dpi)
        self.renderer, self._lastKey = renderer, key
        return renderer


def png_bytes(fig: Figure, dpi: int = 100, **kwargs: Any) -> bytes:
    """The figure as PNG bytes on a white background, drawn by this thread's shared renderer.

    The figure keeps its own canvas afterwards. ``kwargs`` go to ``savefig``.
    """
    buf = io.BytesIO()
    own = fig.canvas
    _KanvasBersama(fig)
    try:
        fig.savefig(buf, format="png", dpi=dpi, facecolor="white", pil_kwargs=PNG_PIL, **kwargs)
    finally:
        fig.set_canvas(own)
    return buf.getvalue()


def simpan_png(fig: Figure, path: str | Path, dpi: int = 150) -> Path:
    """Write ``fig`` as PNG (atomically, :func:`workbench.fileio.atomic_path`) and close it.

    Args:
        fig: a figure from this module (or any matplotlib figure).
        path: target ``.png`` path; its folder is created.
        dpi: resolution.

    Returns:
        The written path.
    """
    path = Path(path)
    with atomic_path(path) as tmp, matplotlib.rc_context(_RC):
        fig.savefig(tmp, format="png", dpi=dpi, facecolor="white")
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close(fig)
    return path
