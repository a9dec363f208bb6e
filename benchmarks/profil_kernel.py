"""Wall-clock attribution inside a warm brief kernel (sent as source by ``bench_briefs.py``).

Executed once in the kernel (``exec`` of this file's text): it wraps the entry points of a
brief's work so that every second of a cell is attributed to exactly one category (exclusive
time: a nested category's time is subtracted from its parent), and keeps a ``cProfile``
profile for call counts. Module state lives in ``sys.modules["_workbench_profil"]``, so it
survives the kernel reset between briefs. Nothing here is imported by the package.

Categories:

* ``analisis``: :func:`workbench.laporan.siapkan` (read the saved analysis, slice the brief's
  wilayah);
* ``peta``: the ``laporan.peta_*`` cells and the :mod:`workbench.maps` builders (geometry to
  patches, labels, legends, class breaks);
* ``peta_raster``: rasterising a map figure (Agg draw inside ``Peta._repr_png_``);
* ``grafik``: the ``laporan.grafik_*`` charts (building, the layout of :mod:`workbench.laporan.
  tata_letak`) and their PNG when displayed (``laporan.display.png_bytes``);
* ``grafik_raster``: rasterising a chart (Agg draw inside ``laporan.png_bytes``);
* ``png``: PNG encoding (``matplotlib.image.imsave`` through Pillow);
* everything else in a cell (tables, HTML blocks, IPython display) is the rest of the cell.
"""

import cProfile
import functools
import json
import sys
import time
import types

_m = types.ModuleType("_workbench_profil")
sys.modules["_workbench_profil"] = _m
_m.waktu = {}
_m.jumlah = {}
_m.tumpukan = []
_m.profil = None


def _bungkus(fn, kategori):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        label = kategori
        if kategori == "raster":
            # rasterising a map or a chart: the enclosing category says which
            parent = _m.tumpukan[-1][0] if _m.tumpukan else "lain"
            label = f"{parent.split('_')[0]}_raster"
        _m.tumpukan.append([label, 0.0])
        t0 = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            dt = time.perf_counter() - t0
            _, anak = _m.tumpukan.pop()
            _m.waktu[label] = _m.waktu.get(label, 0.0) + dt - anak
            _m.jumlah[label] = _m.jumlah.get(label, 0) + 1
            if _m.tumpukan:
                _m.tumpukan[-1][1] += dt

    wrapper.__wb_profil__ = True
    return wrapper


def _pasang():
    import matplotlib.image
    from matplotlib.backends import backend_agg

    from workbench import laporan, maps

    def patch(owner, name, kategori):
        fn = getattr(owner, name, None)
        if fn is not None and not getattr(fn, "__wb_profil__", False):
            setattr(owner, name, _bungkus(fn, kategori))

    patch(laporan, "siapkan", "analisis")
    for name in dir(laporan):
        if name.startswith("peta_"):
            patch(laporan, name, "peta")
        elif name.startswith("grafik_"):
            patch(laporan, name, "grafik")
    for name in ("peta_choropleth", "peta_fokus", "peta_kecil_berganda"):
        patch(maps, name, "peta")
    patch(maps.Peta, "_repr_png_", "peta")
    # a chart is rasterised when IPython displays its Gambar, after the grafik_* call
    # returned: through display.png_bytes (laporan.png_bytes is its re-export)
    patch(laporan.display, "png_bytes", "grafik")
    patch(laporan, "png_bytes", "grafik")
    patch(backend_agg.FigureCanvasAgg, "draw", "raster")
    patch(matplotlib.image, "imsave", "png")


def mulai(dengan_cprofile=False):
    """Clear the timers; start a cProfile profile too when asked (it inflates wall times)."""
    _m.waktu.clear()
    _m.jumlah.clear()
    _m.tumpukan.clear()
    _m.cpu0 = time.process_time()
    # worst case: the province-wide figures of this brief are drawn, not taken from the cache
    sys.modules["workbench.laporan"]._PNG_SEKALI.clear()
    _m.profil = cProfile.Profile() if dengan_cprofile else None
    if _m.profil is not None:
        _m.profil.enable()


def selesai(path_json, path_pstats=None):
    """Write the timers (JSON) and, when one ran, the cProfile stats."""
    if _m.profil is not None:
        _m.profil.disable()
        _m.profil.dump_stats(path_pstats)
        _m.profil = None
    with open(path_json, "w", encoding="utf-8") as f:
        json.dump({"waktu": _m.waktu, "jumlah": _m.jumlah,
                   "cpu": time.process_time() - _m.cpu0}, f)


_m.mulai = mulai
_m.selesai = selesai
_pasang()
