"""Display helpers of the briefs.

Display objects (Blok, Grafik, Gambar), page CSS, HTML table helpers, NA-safe Indonesian
formatting (wrappers around :mod:`workbench.teks`), and figures encoded once per process
(GambarSekali).
"""

from __future__ import annotations

import functools
import html
import warnings
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import jinja2
import matplotlib
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from workbench import reference, teks
from workbench.teks import round_half_up

if TYPE_CHECKING:
    from workbench.laporan.konteks import (
        Konteks,
    )


#: The note every page built from synthetic data carries, verbatim (tests look for it).
CATATAN_SINTETIS = "data contoh (sintetis)"
#: Status printed on every draft (briefs, PDF, the agreement form).
STATUS_DRAF = "Draf bahan Rakortekrenbang"

LINTASAN_BAIK = ("target tercapai", "sesuai lintasan")

#: The one-sentence explanation of "lintasan", where the word first appears in a brief.
CATATAN_LINTASAN = (
    '<p class="wb-catatan"><b>Lintasan</b>: jalur dari nilai tahun dasar ke target akhir '
    "RPJMD; indikator \u201csesuai lintasan\u201d bila laju perubahannya sejak tahun dasar cukup "
    "untuk mencapai target akhir itu tepat waktu (metode kemajuan Open SDG).</p>"
)
PREDIKAT_RENDAH = ("Rendah", "Sangat Rendah")

#: Background colours of the predikat cells (ColorBrewer RdYlBu, as the maps' predikat scale).
WARNA_PREDIKAT = {
    "Sangat Tinggi": "#4575b4",
    "Tinggi": "#abd9e9",
    "Sedang": "#ffffbf",
    "Rendah": "#fdae61",
    "Sangat Rendah": "#d73027",
}
_TEKS_PUTIH = {"Sangat Tinggi", "Sangat Rendah"}

#: rcParams every brief sets in its first cell (a reused kernel keeps whatever came before).
RC_BRIEF = {
    "figure.dpi": 100,
    "savefig.dpi": 110,
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "axes.titlesize": 10.5,
    "axes.labelsize": 9.5,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.formatter.use_locale": False,
    # titles at the axes' top (plus axes.titlepad), not placed "automatically": the automatic
    # placement lays out every y axis' ticks once more per title, only to find nothing on top
    # (the briefs' axes have no top ticks, labels or offset texts)
    "axes.titley": 1.0,
    "figure.max_open_warning": 0,
}

_CSS = """
.wb-brief{font-family:"DejaVu Sans",Arial,sans-serif;max-width:1100px}
.wb-sintetis{background-color:#fff3cd;color:#7a4b00;font-weight:bold;padding:6px 10px;
 border:2px solid #e0a800;margin:6px 0 10px 0}
.wb-sub{color:#555555;margin-top:0}
.wb-kartu-baris{display:flex;flex-wrap:wrap;gap:10px;margin:8px 0}
.wb-kartu{border:1px solid #cccccc;border-radius:6px;padding:8px 12px;flex:1 1 150px;
 max-width:240px;background-color:#f7f9fc}
.wb-kartu .wb-nilai{font-size:1.5em;font-weight:bold;color:#1f3b63}
.wb-kartu .wb-label{font-size:0.85em;color:#444444}
.wb-tabel{border-collapse:collapse;margin:6px 0 4px 0;font-size:0.9em}
.wb-tabel th{background-color:#e8edf3;text-align:left;padding:4px 8px;border:1px solid #c9d1db}
.wb-tabel td{padding:3px 8px;border:1px solid #d9dee5;vertical-align:top}
.wb-tabel td.wb-num{text-align:right;white-space:nowrap}
.wb-kurang{color:#b2182b;font-weight:bold}
.wb-lebih{color:#1b7837}
.wb-catatan{color:#555555;font-size:0.85em}
.wb-rek li{margin-bottom:6px}
.wb-dasar{color:#555555;font-size:0.85em}
.wb-nav{font-size:0.85em;margin:0 0 6px 0}
@page{size:A4;margin:20mm 12mm 18mm 12mm}
@media print{
 body{font-size:9.5pt;margin:0 !important}
 .wb-brief{max-width:none}
 .wb-nav{display:none}
 h1,h2,h3,h4,.jp-MarkdownCell{break-after:avoid;page-break-after:avoid}
 .wb-tabel{width:100%;font-size:7.5pt;table-layout:auto}
 .wb-tabel th,.wb-tabel td{overflow-wrap:break-word;word-break:normal;white-space:normal;
  padding:2px 4px}
 .wb-tabel td.wb-num{white-space:nowrap}
 .wb-tabel.wb-lebar{font-size:6.5pt}
 .wb-tabel.wb-lebar th,.wb-tabel.wb-lebar td{padding:1px 2px}
 .wb-tabel thead{display:table-header-group}
 .wb-tabel tr,.wb-kartu,.wb-rek li,img{break-inside:avoid;page-break-inside:avoid}
 img{max-width:100% !important;height:auto !important}
 .jp-OutputArea-output,.jp-RenderedHTMLCommon,.jp-Cell,.jp-OutputArea,.jp-Notebook,main{
  overflow:visible !important;max-width:100% !important}
 .jp-RenderedHTMLCommon table{table-layout:auto;width:100%;font-size:7.5pt}
 .jp-RenderedHTMLCommon td,.jp-RenderedHTMLCommon th{white-space:normal;overflow-wrap:break-word}
 .jp-Cell,.jp-Notebook{padding:0 !important;margin:0 !important}
 a{color:inherit;text-decoration:none}
}
"""


def _css_teks(text: str) -> str:
    """``text`` as a CSS string, every character but letters, digits and spaces hex-escaped.

    No quote, backslash, ``&`` or ``<`` reaches the style sheet (the sanitiser escapes ``&`` and
    ``>`` inside ``<style>``, which would break the rule). Each escape ends with the one space
    that CSS consumes after it, so the spaces of the text survive.
    """
    return '"' + "".join(
        c if c.isalnum() or c == " " else f"\\{ord(c):06x} " for c in str(text)
    ) + '"'


def css_halaman(nama: str, sintetis: bool, tanggal: str | None = None) -> str:
    """Print header and footer of a page (CSS ``@page`` margin boxes, used by browsers and PDF).

    Header: the government's name (left), the status ``Draf bahan Rakortekrenbang`` and, for
    the sample, ``data contoh (sintetis)`` (right). Footer: the date (``2 Desember 2026``,
    left) and ``Halaman n dari N`` (right).
    """
    status = STATUS_DRAF + (f" · {CATATAN_SINTETIS}" if sintetis else "")
    tanggal = tanggal or teks.format_tanggal()
    kotak = 'font-family:"DejaVu Sans",Arial,sans-serif;font-size:7.5pt;color:#555555'
    return (
        f"@page{{@top-left{{content:{_css_teks(nama)};{kotak}}}"
        f"@top-right{{content:{_css_teks(status)};{kotak}}}"
        f"@bottom-left{{content:{_css_teks('Dibuat ' + tanggal)};{kotak}}}"
        f'@bottom-right{{content:"Halaman " counter(page) " dari " counter(pages);{kotak}}}}}'
    )


def stem_ringkasan(kode_provinsi: str) -> str:
    """File stem of the province overview (``62-provinsi-kalimantan-tengah``), as the batch."""
    wl = reference.load_wilayah()
    nama = wl.loc[wl["kode"].astype(str) == kode_provinsi, "nama"]
    return f"{kode_provinsi}-{teks.slug(nama.iloc[0] if len(nama) else kode_provinsi)}"


def navigasi(k: Konteks) -> str:
    """Links back to the index page and the province overview (hidden when printed)."""
    links = ['<a href="index.html">&#8592; Daftar brief</a>']
    if not k.provinsi:
        links.append(
            f'<a href="{_e(stem_ringkasan(k.kode_provinsi))}.html">Ringkasan provinsi</a>'
        )
    return f'<p class="wb-nav">{" · ".join(links)}</p>'


# --- display objects ---------------------------------------------------------------------------
class Blok(str):
    """An HTML fragment that displays itself in a notebook (``_repr_html_``).

    A ``str`` subclass so that tests and the index page can search and join it.
    """

    def _repr_html_(self) -> str:
        return str(self)

    def __repr__(self) -> str:  # the text/plain alternative stays short
        return f"<Blok HTML, {len(self)} karakter>"


class Grafik(Figure):
    """A chart built outside pyplot (no registry leak in a reused kernel) that shows as PNG."""

    def _repr_png_(self) -> bytes:
        return png_bytes(self)


class Gambar:
    """A figure with alternative text, displayed as PNG (``alt`` in the output metadata).

    A reused kernel with the inline backend formats ``Figure`` objects itself and drops any
    metadata, so briefs display this wrapper instead of the figure. nbconvert's classic HTML
    template writes the ``alt`` attribute from it; the lab template (the batch's) does not.

    Attributes:
        fig: The matplotlib figure.
        alt: Alternative text (Bahasa Indonesia).
    """

    def __init__(self, fig: Figure, alt: str) -> None:
        self.fig = fig
        self.alt = alt

    def _repr_png_(self) -> tuple[bytes, dict[str, str]]:
        # A figure that renders itself (the maps' Peta, with their rcParams) does so.
        own = getattr(self.fig, "_repr_png_", None)
        return (own() if callable(own) else png_bytes(self.fig)), {"alt": self.alt}

    def __repr__(self) -> str:
        return f"<Gambar: {self.alt}>"


def png_bytes(fig: Figure, dpi: int = 100) -> bytes:
    """The figure as PNG bytes (white background; :func:`workbench.maps.saving.png_bytes`).

    No ``bbox_inches="tight"``: the charts lay themselves out (:mod:`.tata_letak`) and a tight
    bounding box would draw every figure twice.
    """
    from workbench.maps.saving import png_bytes as _png

    return _png(fig, dpi=dpi)


@functools.cache
def _jinja() -> jinja2.Environment:
    """The environment of the page templates (package data ``workbench/laporan/templates``)."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("workbench.laporan", "templates"),
        autoescape=jinja2.select_autoescape(["html.j2"]),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )


def render_page(template: str, /, **isi: Any) -> str:
    """Render the page template ``templates/<template>`` with autoescaping on.

    Every value is escaped as text unless it is :class:`markupsafe.Markup` (HTML already built
    by the escaping helpers of this package, e.g. :func:`_tabel`).

    Args:
        template: Template file name, e.g. ``index.html.j2``.
        **isi: The template's variables.

    Returns:
        The page's HTML.
    """
    return _jinja().get_template(template).render(**isi)


def teks_data(value: Any) -> str:
    """The text of a value from data, NA as an en dash (for a template to escape)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "–"
    return str(value)


def _e(value: Any) -> str:
    """Escaped text of a value from data; NA as an en dash."""
    return html.escape(teks_data(value), quote=True)


# --- formatting (Indonesian, NA-safe wrappers around workbench.teks) ---------------------------
def _ada(x: Any) -> bool:
    return x is not None and not (isinstance(x, float | np.floating) and not np.isfinite(x)) and (
        not pd.isna(x)
    )


def angka(x: Any, desimal: int = 1) -> str:
    """``1.234,5``; ``–`` for a missing value."""
    return teks.format_angka(float(x), desimal=desimal) if _ada(x) else "–"


def persen(x: Any) -> str:
    """``75,5 %``; ``–`` for a missing value."""
    return teks.format_persen(float(x)) if _ada(x) else "–"


def rupiah(x: Any) -> str:
    """``Rp 1,2 miliar``; ``–`` for a missing value."""
    return teks.format_rupiah(float(x)) if _ada(x) else "–"


def _desimal_nilai(values: Iterable[Any]) -> int:
    """Decimals that show indicator values faithfully: 0 for counts, up to 3 for ratios."""
    v = [abs(float(x)) for x in values if _ada(x)]
    if not v:
        return 1
    if all(float(x).is_integer() for x in v) and max(v) >= 10:
        return 0
    top = max(v)
    d = 3 if top < 1 else 2 if top < 10 else 1
    # Distinct values must not print alike (a target 98,14 against 98,15 is not "98,1 = 98,1").
    while d < 3 and len({round_half_up(x, d) for x in v}) < len(set(v)):
        d += 1
    return d


def _desimal_data(values: Iterable[Any]) -> int:
    """Decimals for values as the data gives them (target, realisasi).

    At least those of :func:`_desimal_nilai`, and every decimal a value carries, up to 3: a
    target of 40,34 Ha is shown as 40,34, not 40,3, so a reader who recomputes a capaian from
    the table's target and realisasi gets the capaian it shows. Not for derived values (a
    weighted mean carries any number of decimals) nor for axes.
    """
    v = [float(x) for x in values if _ada(x)]
    return max([_desimal_nilai(v), *(_desimal_dibawa(x) for x in v)])


def _desimal_dibawa(x: float) -> int:
    """Decimals ``x`` carries, 3 when more.

    ``40.34`` → 2, and float noise such as ``5.040000000000006`` → 2.
    """
    for d in range(3):
        if abs(x - round(x, d)) <= 1e-9 * max(1.0, abs(x)):
            return d
    return 3


# --- HTML helpers -----------------------------------------------------------------------------
KOLOM_LEBAR = 10


def _tabel(
    header: Sequence[str], rows: Iterable[Sequence[str]], numerik: Iterable[int] = ()
) -> str:
    """An HTML table; ``header`` is escaped here, cells must already be escaped HTML."""
    num = set(numerik)
    # Inline alignment: the notebook HTML template right-aligns every table cell by default.
    kiri, kanan = ' style="text-align:left"', ' style="text-align:right"'
    th = "".join(
        f"<th{kanan if i in num else kiri}>{html.escape(h)}</th>" for i, h in enumerate(header)
    )
    body = []
    for row in rows:
        tds = "".join(
            f'<td class="wb-num"{kanan}>{c}</td>' if i in num else f"<td{kiri}>{c}</td>"
            for i, c in enumerate(row)
        )
        body.append(f"<tr>{tds}</tr>")
    # ten columns and more only fit the printed A4 width in a smaller type (print CSS)
    kelas = "wb-tabel wb-lebar" if len(header) >= KOLOM_LEBAR else "wb-tabel"
    return (
        f'<table class="{kelas}"><thead><tr>{th}</tr></thead><tbody>'
        + "".join(body)
        + "</tbody></table>"
    )


def sel_predikat(predikat: Any) -> str:
    """A coloured badge of a predikat (escaped)."""
    if not _ada(predikat):
        return "–"
    p = str(predikat)
    bg = WARNA_PREDIKAT.get(p, "#eeeeee")
    fg = "#ffffff" if p in _TEKS_PUTIH else "#222222"
    return (
        f'<span style="background-color:{bg};color:{fg};font-weight:bold;'
        f'white-space:nowrap">&nbsp;{html.escape(p)}&nbsp;</span>'
    )


def _selisih_html(x: Any, desimal: int = 1) -> str:
    if not _ada(x):
        return "–"
    if round_half_up(x, desimal) == 0:
        return angka(0.0, desimal)
    cls = "wb-kurang" if x < 0 else "wb-lebih"
    tanda = "+" if x > 0 else ""
    return f'<span class="{cls}">{tanda}{angka(x, desimal)}</span>'


def _sisa(n_total: int, n_tampil: int, kata: str) -> str:
    if n_total <= n_tampil:
        return ""
    return f'<p class="wb-catatan">… dan {n_total - n_tampil} {html.escape(kata)} lainnya.</p>'


def catatan_sintetis(k: Konteks) -> str:
    """The banner shown on every page built from synthetic data ("" otherwise)."""
    if not k.sintetis:
        return ""
    return (
        f'<div class="wb-sintetis">Perhatian: {CATATAN_SINTETIS}. Angka dalam dokumen ini '
        "dibangkitkan untuk contoh dan uji coba, bukan data resmi pemerintah daerah.</div>"
    )


#: PNG bytes of figures drawn once per process, by the hash of everything they depend on.
_PNG_SEKALI: dict[str, bytes] = {}
_PNG_SEKALI_MAKS = 64


def kunci_gambar(bagian: Sequence[Any]) -> str:
    """SHA-256 over what a figure depends on: the given inputs, the boundary layer, rcParams.

    Frames are hashed by their values (``pandas.util.hash_pandas_object``, with the column
    names and the index), other parts by their ``repr``; the installed boundary file enters
    by path, modification time and size, and matplotlib's rcParams in full (a reused kernel
    restores them before each brief, but a hand-run notebook may change them).
    """
    import hashlib

    from workbench import maps

    h = hashlib.sha256()
    for part in bagian:
        if isinstance(part, pd.DataFrame):
            h.update(repr(list(part.columns)).encode())
            h.update(pd.util.hash_pandas_object(part, index=True).to_numpy().tobytes())
        else:
            h.update(repr(part).encode())
        h.update(b"\0")
    h.update(repr(maps._kunci_dasar()).encode())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        h.update(repr(sorted((k, repr(v)) for k, v in matplotlib.rcParams.items())).encode())
    return h.hexdigest()


class GambarSekali(Gambar):
    """A :class:`Gambar` whose PNG is drawn once per process for the same inputs.

    For figures that are the same in several briefs (province-wide maps with the shared
    legend). The cache holds only PNG bytes, lives in the process (a warm kernel keeps it
    across briefs; a kernel replaced after a failure starts empty) and is keyed by
    :func:`kunci_gambar` of everything the figure depends on, so a brief gets exactly the
    bytes it would have drawn itself. The figure is built only when needed (``fig``).

    Args:
        buat: Builds the figure.
        alt: Alternative text.
        bagian: What the figure depends on besides the boundaries and rcParams.
    """

    def __init__(self, buat: Any, alt: str, bagian: Sequence[Any]) -> None:
        self._buat = buat
        self._fig: Figure | None = None
        self.alt = alt
        self.kunci = kunci_gambar(bagian)

    @property
    def fig(self) -> Figure:  # type: ignore[override]
        """The figure, built on first use."""
        if self._fig is None:
            self._fig = self._buat()
        return self._fig

    def _repr_png_(self) -> tuple[bytes, dict[str, str]]:
        png = _PNG_SEKALI.get(self.kunci)
        if png is None:
            png = super()._repr_png_()[0]
            if len(_PNG_SEKALI) >= _PNG_SEKALI_MAKS:
                _PNG_SEKALI.pop(next(iter(_PNG_SEKALI)))
            _PNG_SEKALI[self.kunci] = png
        return png, {"alt": self.alt}
