"""ipywidgets explorers for the exploration notebooks (synchronization, outcome gaps, consistency).

Each explorer takes results computed once (:class:`workbench.analysis.Hasil`) and only
*filters* them when a selector changes: a callback never reruns the analysis. Class breaks
for the maps are computed once, in the constructor, across every kab/kota (and every year
and bidang the explorer holds), so the legend stays the same while the user moves around.

Every explorer has the same surface, so that tests and scripts drive it without a browser:

* ``pilih(**nilai)``: set one or more selectors (``tahun``, ``kode_bidang``, ``kode_wilayah``,
  ``kode_indikator``, ``ukuran``, ``pasangan``, ``jenis_temuan``) and redraw once;
* ``keadaan``: the current output (:class:`Keadaan`: selection, title, figures, the tables
  as frames with machine column names);
* ``ekspor(folder)``: the current selection as an Excel workbook (Indonesian sheet and
  column names) and a PNG per figure, for a slide;
* ``widget``: the ipywidgets box; ``tampilkan()`` displays it followed by a static copy of
  the current view (image and HTML tables), which stays readable in an HTML export or a
  notebook opened without a live kernel.

:func:`penjelajah_sinkronisasi`, :func:`penjelajah_capaian` and :func:`penjelajah_konsistensi`
load a data package (the built-in sample when ``data`` is empty), run the analysis and build
the explorer: the notebooks call only these.
"""

from __future__ import annotations

import html
import io
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ipywidgets as w
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from workbench import maps, reference
from workbench.analysis import AnalysisError, Hasil
from workbench.errors import WorkbenchError
from workbench.vocabulary import NAMA_TINGKAT, label_kolom

SEMUA = ""  # the "every kab/kota / every finding" choice of a dropdown
MAKS_BARIS_HTML = 200  # rows shown in a widget table; the Excel export holds every row


#: Measures the outcome-gap explorer can map: column → (label, legend unit).
UKURAN = {
    "capaian_persen": "Capaian (%)",
    "gap": "Kesenjangan terhadap target (satuan indikator; + = kurang)",
    "realisasi": "Realisasi",
}

#: MKPP linkage categories (DOMAIN.md §4) and their bar colours (red → blue).
WARNA_KATEGORI = {
    "sangat buruk": "#d73027",
    "buruk": "#fc8d59",
    "sedang": "#fee090",
    "baik": "#91bfdb",
    "sangat baik": "#4575b4",
}

#: Excel sheet name per table of an explorer.
SHEET = {
    "dukungan": "Dukungan Kab-Kota",
    "rincian": "Rincian Sub Kegiatan",
    "tanpa_dukungan": "Outcome Tanpa Dukungan",
    "peringkat": "Peringkat",
    "tren": "Tren",
    "keterkaitan": "Keterkaitan",
    "temuan": "Baris Bermasalah",
}



class PenjelajahError(WorkbenchError, ValueError):
    """A selection the explorer cannot show (unknown value for a selector, no data)."""


# --- small helpers ---------------------------------------------------------------------------
def _teks():
    from workbench import teks

    return teks


def _nama_wilayah() -> dict[str, str]:
    teks = _teks()
    return {k: teks.nama_wilayah(k) for k in reference.load_wilayah()["kode"]}


def _uraian_nomenklatur() -> dict[str, str]:
    return reference.nama_nomenklatur()


def _uraian_bidang() -> dict[str, str]:
    nom = reference.load_nomenklatur()
    bid = nom[nom["tingkat"] == "bidang"]
    nama = bid["kode"].map(reference.nama_nomenklatur()).astype(str)
    pendek = nama.str.replace(r"^Urusan Pemerintahan Bidang\s+", "", regex=True)
    return dict(zip(bid["kode"].astype(str), pendek, strict=True))


def _uraian_indikator(hasil: Sequence[Hasil], indikator: pd.DataFrame | None) -> dict[str, str]:
    """Indicator code → description: the package's indikator table, else what capaian carries."""
    out: dict[str, str] = {}
    for h in hasil:
        cap = h.capaian.dropna(subset=["kode_indikator", "uraian_indikator"])
        out.update(zip(cap["kode_indikator"].astype(str), cap["uraian_indikator"].astype(str),
                       strict=True))  # fmt: skip
    if indikator is not None and len(indikator):
        out.update(zip(indikator["kode_indikator"].astype(str), indikator["uraian"].astype(str),
                       strict=True))  # fmt: skip
    return out


def _aman(text: object) -> str:
    """A file-name-safe piece (codes and slugs only: no raw names in file names)."""
    return re.sub(r"[^0-9A-Za-z._-]+", "-", str(text)).strip("-") or "semua"


def _png(fig: Figure, dpi: int = 100) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, facecolor="white")
    return buf.getvalue()


def _judul_gambar(fig: Figure) -> str:
    """Every title drawn on the figure (suptitle, then each axes' titles), joined by `` | ``."""
    out = []
    sup = getattr(fig, "_suptitle", None)
    if sup is not None and sup.get_text():
        out.append(sup.get_text())
    for ax in fig.axes:
        out += [t for t in (ax.get_title(loc) for loc in ("left", "center", "right")) if t]
    return " | ".join(out)


def _format_sel(kolom: str, nilai: Any) -> str:
    """One cell for an HTML table, in Indonesian number format; ``–`` for missing."""
    teks = _teks()
    if nilai is None or (not isinstance(nilai, str) and pd.isna(nilai)):
        return "–"
    if isinstance(nilai, bool | np.bool_):
        return "ya" if nilai else "tidak"
    if isinstance(nilai, int | np.integer) and not isinstance(nilai, bool):
        return teks.format_angka(float(nilai), desimal=0) if kolom != "tahun" else str(nilai)
    if isinstance(nilai, float | np.floating):
        if not math.isfinite(nilai):
            return "∞" if nilai > 0 else "−∞"
        if kolom.startswith("pagu"):
            return teks.format_rupiah(float(nilai))
        if kolom.endswith("_persen"):
            return teks.format_persen(float(nilai))
        return teks.format_angka(float(nilai), desimal=2)
    return str(nilai)


def label(kolom: str) -> str:
    """Indonesian label of a column (:func:`workbench.vocabulary.label_kolom`)."""
    return label_kolom(kolom)


def tabel_html(
    frame: pd.DataFrame,
    *,
    judul: str,
    kosong: str = "Tidak ada baris untuk pilihan ini.",
    sorot: pd.Series | None = None,
    maks_baris: int = MAKS_BARIS_HTML,
) -> str:
    """A frame as an escaped HTML table with Indonesian labels and number format.

    Args:
        frame: rows to show (machine column names).
        judul: caption above the table.
        kosong: text shown instead of an empty table.
        sorot: boolean mask (same index) of rows to emphasise.
        maks_baris: rows shown; a note says how many more the Excel export holds.

    Returns:
        HTML text; every value from the data is escaped.
    """
    e = html.escape
    parts = [f'<div class="wb-tabel"><h4 style="margin:0.6em 0 0.3em">{e(judul)}</h4>']
    if frame.empty:
        parts.append(f"<p><em>{e(kosong)}</em></p></div>")
        return "".join(parts)
    shown = frame.head(maks_baris)
    head = "".join(f'<th style="text-align:left;padding:2px 6px">{e(label(c))}</th>'
                   for c in shown.columns)  # fmt: skip
    rows = []
    mask = sorot.reindex(shown.index).fillna(False) if sorot is not None else None
    for i, rec in enumerate(shown.itertuples(index=False)):
        style = ' style="font-weight:bold;background:#fff3cd"' if mask is not None and bool(
            mask.iloc[i]) else ""  # fmt: skip
        cells = "".join(f'<td style="padding:2px 6px">{e(_format_sel(c, v))}</td>'
                        for c, v in zip(shown.columns, rec, strict=True))  # fmt: skip
        rows.append(f"<tr{style}>{cells}</tr>")
    parts.append(
        '<table style="border-collapse:collapse;font-size:90%"><thead><tr>'
        f"{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )
    if len(frame) > maks_baris:
        lagi = _teks().format_angka(len(frame) - maks_baris, desimal=0)
        parts.append(f"<p><em>… {e(lagi)} baris lagi (lihat ekspor Excel).</em></p>")
    parts.append("</div>")
    return "".join(parts)


@dataclass
class Keadaan:
    """What an explorer currently shows.

    Attributes:
        pilihan: selector name → selected value (``""`` = every kab/kota / every finding).
        judul: the title of the main figure.
        gambar: figure name → matplotlib figure (``peta``, ``tren``, ``keterkaitan``).
        tabel: table name → frame (machine column names, filtered to the selection).
        catatan: a note shown under the selectors (e.g. why a table is empty).
    """

    pilihan: dict[str, Any]
    judul: str
    gambar: dict[str, Figure]
    tabel: dict[str, pd.DataFrame]
    catatan: str = ""
    judul_tabel: dict[str, str] = field(default_factory=dict)


def _tulis_excel(path: Path, keadaan: Keadaan, keterangan: Sequence[tuple[str, str]]) -> None:
    """Write the selection and its tables (temporary name, then rename)."""
    from openpyxl import Workbook

    from workbench.tabel_keluaran import write_sheet

    wb = Workbook()
    wb.remove(wb.active)
    info = pd.DataFrame(keterangan, columns=["Keterangan", "Nilai"])
    write_sheet(wb.create_sheet("Pilihan"), info, autofilter=False)
    for nama, frame in keadaan.tabel.items():
        sheet = SHEET.get(nama, nama)[:31]
        write_sheet(wb.create_sheet(sheet), frame, [label(c) for c in frame.columns])
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        wb.save(tmp)
        tmp.replace(path)
    finally:
        if tmp.exists():
            tmp.unlink()


# --- the common explorer ---------------------------------------------------------------------
class _Penjelajah:
    """Selectors → filtered frames → figures and tables; subclasses define the filtering."""

    nama_berkas = "eksplorasi"
    judul_penjelajah = "Penjelajah"
    urutan: tuple[str, ...] = ()  # selector names, in the order they depend on each other

    def __init__(self) -> None:
        self._tahan = 1  # held while the subclass builds its selectors; see _mulai
        self.jumlah_pembaruan = 0  # redraws so far (tests check one per pilih)
        self.kontrol: dict[str, w.Dropdown] = {}
        self.keadaan: Keadaan | None = None
        self._gambar_w: dict[str, w.Image] = {}
        self._tabel_w: dict[str, w.HTML] = {}
        self._catatan_w = w.HTML()
        self._folder_w = w.Text(description="Folder:", layout=w.Layout(width="45%"))
        self._tombol_w = w.Button(description="Ekspor Excel + PNG", icon="download",
                                  tooltip="Simpan pilihan ini sebagai Excel dan PNG")  # fmt: skip
        self._status_ekspor_w = w.HTML()
        self._tombol_w.on_click(self._klik_ekspor)
        self._widget: w.VBox | None = None

    def _mulai(self) -> None:
        """End of construction: callbacks live from now on; draw the initial view."""
        self._tahan = 0
        self._perbarui()

    # selectors ------------------------------------------------------------------------------
    def _dropdown(self, nama: str, deskripsi: str, opsi: list[tuple[str, Any]], nilai: Any) -> None:
        if not opsi:
            raise PenjelajahError(f"no value to choose for {deskripsi!r}: the results are empty")
        values = [v for _, v in opsi]
        dd = w.Dropdown(options=opsi, value=nilai if nilai in values else values[0],
                        description=deskripsi, style={"description_width": "initial"},
                        layout=w.Layout(width="auto"))  # fmt: skip
        dd.observe(self._berubah, names="value")
        self.kontrol[nama] = dd

    @property
    def pilihan(self) -> dict[str, Any]:
        """Selector name → current value."""
        return {n: self.kontrol[n].value for n in self.urutan}

    def opsi(self, nama: str) -> list[Any]:
        """The values a selector currently offers."""
        return [v for _, v in self.kontrol[nama].options]

    @contextmanager
    def _ditahan(self):
        self._tahan += 1
        try:
            yield
        finally:
            self._tahan -= 1

    def _berubah(self, change: Mapping[str, Any]) -> None:
        if self._tahan:
            return
        with self._ditahan():
            for nama, dd in self.kontrol.items():
                if dd is change["owner"]:
                    self._sesuaikan_opsi(nama)
        self._perbarui()

    def _sesuaikan_opsi(self, nama: str) -> None:
        """Refresh the options of selectors that depend on ``nama`` (default: none)."""

    def _set(self, nama: str, nilai: Any) -> None:
        dd = self.kontrol[nama]
        if nilai is None:
            nilai = SEMUA
        values = [v for _, v in dd.options]
        if nilai not in values:
            shown = ", ".join(repr(v) for v in values[:20])
            raise PenjelajahError(
                f"{nama}={nilai!r} is not available here; choose one of: {shown}"
                + (" …" if len(values) > 20 else "")
            )
        dd.value = nilai

    def pilih(self, **nilai: Any) -> Keadaan:
        """Set selectors (by name) and redraw once.

        Args:
            **nilai: selector name → value, e.g. ``tahun=2026, kode_wilayah="62.06"``;
                ``None`` or ``""`` selects "semua" where the selector offers it.

        Returns:
            The new :class:`Keadaan`.

        Raises:
            PenjelajahError: an unknown selector name or a value it does not offer.
        """
        unknown = sorted(set(nilai) - set(self.urutan))
        if unknown:
            raise PenjelajahError(f"unknown selector(s) {unknown}; this explorer has {self.urutan}")
        with self._ditahan():
            for nama in self.urutan:  # dependency order: e.g. the indicator before its years
                if nama in nilai:
                    self._set(nama, nilai[nama])
                    self._sesuaikan_opsi(nama)
        return self._perbarui()

    # output ---------------------------------------------------------------------------------
    def _hitung(self, pilihan: Mapping[str, Any]) -> Keadaan:  # pragma: no cover - abstract
        raise NotImplementedError

    def _perbarui(self) -> Keadaan:
        old = self.keadaan
        self.keadaan = self._hitung(self.pilihan)
        self.jumlah_pembaruan += 1
        if old is not None:
            _tutup(old)
        if self._widget is not None:
            self._render()
        return self.keadaan

    def _render(self) -> None:
        k = self.keadaan
        for nama, fig in k.gambar.items():
            if nama not in self._gambar_w:
                self._gambar_w[nama] = w.Image(format="png", layout=w.Layout(max_width="100%"))
            self._gambar_w[nama].value = _png(fig)
        for nama, frame in k.tabel.items():
            if nama not in self._tabel_w:
                self._tabel_w[nama] = w.HTML()
            self._tabel_w[nama].value = tabel_html(frame, judul=k.judul_tabel.get(nama, nama),
                                                   sorot=self._sorot(nama, frame))  # fmt: skip
        self._catatan_w.value = f"<p><em>{html.escape(k.catatan)}</em></p>" if k.catatan else ""

    def _sorot(self, nama: str, frame: pd.DataFrame) -> pd.Series | None:
        """Rows to emphasise in a table (default: none)."""
        return None

    @property
    def widget(self) -> w.VBox:
        """The explorer as one ipywidgets box (built on first use)."""
        if self._widget is None:
            self._render_awal()
        return self._widget

    def _render_awal(self) -> None:
        self._widget = w.VBox()  # set first: _render checks it
        self._render()
        if not self._folder_w.value:
            from workbench.paths import output_dir

            self._folder_w.value = str(output_dir() / "eksplorasi")
        self._widget.children = [
            w.HTML(f"<h3>{html.escape(self.judul_penjelajah)}</h3>"),
            w.HBox([self.kontrol[n] for n in self.urutan],
                   layout=w.Layout(flex_flow="row wrap")),  # fmt: skip
            self._catatan_w,
            *self._gambar_w.values(),
            *self._tabel_w.values(),
            w.HBox([self._folder_w, self._tombol_w, self._status_ekspor_w]),
        ]

    def _repr_mimebundle_(self, **kwargs):
        """The widget view, with a readable plain-text fallback instead of the widget's repr."""
        data = dict(self.widget._repr_mimebundle_(**kwargs))
        data["text/plain"] = (
            f"{self.judul_penjelajah}: penjelajah interaktif, perlu kernel Jupyter yang berjalan "
            f"({self._uraian_pilihan()})"
        )
        return data

    def tampilkan(self) -> None:
        """Display the widget box, then a static copy of the current view.

        The static copy (images and HTML tables) is what a reader sees where no kernel runs
        (an HTML export, a notebook opened later): the widget box needs a live kernel.
        """
        from IPython.display import HTML, Image, display

        display(self._repr_mimebundle_(), raw=True)
        k = self.keadaan
        display(HTML(
            f"<p><strong>Tampilan awal (statis):</strong> {html.escape(self._uraian_pilihan())}."
            " Bagian ini tetap terbaca tanpa kernel; ubah pilihan pada penjelajah di atas.</p>"
        ))  # fmt: skip
        for fig in k.gambar.values():
            display(Image(data=_png(fig), format="png"))
        for nama, frame in k.tabel.items():
            display(HTML(tabel_html(frame, judul=k.judul_tabel.get(nama, nama),
                                    sorot=self._sorot(nama, frame))))  # fmt: skip

    def _uraian_pilihan(self) -> str:
        """The selection as the user sees it: ``Tahun: 2026; Bidang urusan: 1.02 Kesehatan``."""
        return "; ".join(f"{self.kontrol[n].description}: {self.kontrol[n].label}"
                         for n in self.urutan)  # fmt: skip

    # export ---------------------------------------------------------------------------------
    def _dasar_nama(self) -> str:
        return "-".join([self.nama_berkas, *(_aman(v) for v in self.pilihan.values())])

    def ekspor(self, folder: Path | str) -> dict[str, Path]:
        """Write the current selection as ``<name>.xlsx`` and one PNG per figure.

        File names are built from the selection's codes (``sinkronisasi-2026-1.02-62.06``),
        never from names. Files are written under a temporary name and renamed.

        Args:
            folder: target folder (created).

        Returns:
            ``{"xlsx": path, "<figure>": png path, ...}``.
        """
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        dasar = self._dasar_nama()
        k = self.keadaan
        out = {"xlsx": folder / f"{dasar}.xlsx"}
        keterangan = [("Penjelajah", self.judul_penjelajah), ("Judul", k.judul)]
        keterangan += [(label(n), "semua" if v == SEMUA else str(v)) for n, v in k.pilihan.items()]
        if k.catatan:
            keterangan.append(("Catatan", k.catatan))
        _tulis_excel(out["xlsx"], k, keterangan)
        for nama, fig in k.gambar.items():
            path = folder / f"{dasar}-{nama}.png"
            tmp = path.with_name(f".{path.name}.tmp")
            try:
                fig.savefig(tmp, format="png", dpi=150, facecolor="white")
                tmp.replace(path)
            finally:
                if tmp.exists():
                    tmp.unlink()
            out[nama] = path
        return out

    def _klik_ekspor(self, _button: Any = None) -> None:
        folder = self._folder_w.value.strip()
        if not folder:
            self._status_ekspor_w.value = "<em>Isi folder tujuan terlebih dahulu.</em>"
            return
        try:
            paths = self.ekspor(folder)
        except OSError as err:
            self._status_ekspor_w.value = f"<em>Gagal menyimpan: {html.escape(str(err))}</em>"
            return
        names = ", ".join(html.escape(p.name) for p in paths.values())
        self._status_ekspor_w.value = f"Tersimpan di {html.escape(folder)}: {names}"


def _tutup(keadaan: Keadaan) -> None:
    """Release the figures of a replaced state (pyplot may hold maps' figures)."""
    import sys

    plt = sys.modules.get("matplotlib.pyplot")
    if plt is not None:
        for fig in keadaan.gambar.values():
            plt.close(fig)


def _sebagai_daftar(hasil: Hasil | Iterable[Hasil]) -> list[Hasil]:
    daftar = [hasil] if isinstance(hasil, Hasil) else list(hasil)
    if not daftar:
        raise PenjelajahError("no analysis results given (an empty list of Hasil)")
    tahun = [h.tahun for h in daftar]
    if len(set(tahun)) != len(tahun):
        raise PenjelajahError(f"more than one Hasil for the same year: {sorted(tahun)}")
    return sorted(daftar, key=lambda h: h.tahun)


def _gabung(daftar: Sequence[Hasil], nama: str) -> pd.DataFrame:
    frames = [getattr(h, nama) for h in daftar]
    return pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0].copy()


def _opsi_wilayah(kode: Iterable[str], nama: Mapping[str, str], semua: str | None) -> list:
    urut = {k: i for i, k in enumerate(reference.load_wilayah()["kode"])}
    ada = sorted({str(k) for k in kode}, key=lambda k: (urut.get(k, len(urut)), k))
    opsi = [(f"{k} {nama.get(k, k)}", k) for k in ada]
    return ([(semua, SEMUA)] if semua else []) + opsi


# --- synchronization ------------------------------------------------------------------------
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

    def __init__(
        self,
        hasil: Hasil | Iterable[Hasil],
        *,
        indikator: pd.DataFrame | None = None,
        tahun: int | None = None,
        kode_bidang: str | None = None,
        kode_wilayah: str | None = None,
    ) -> None:
        super().__init__()
        daftar = _sebagai_daftar(hasil)
        self._nama = _nama_wilayah()
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
        years = sorted(int(t) for t in self._s["tahun"].unique())
        bidang = sorted(self._s["kode_bidang"].unique())
        self._dropdown("tahun", "Tahun", [(str(t), t) for t in years],
                       tahun if tahun is not None else years[-1])  # fmt: skip
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


# --- outcome gaps -----------------------------------------------------------------------------
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

    def __init__(
        self,
        hasil: Hasil | Iterable[Hasil],
        *,
        indikator: pd.DataFrame | None = None,
        kode_indikator: str | None = None,
        tahun: int | None = None,
        ukuran: str = "capaian_persen",
        kode_wilayah: str | None = None,
    ) -> None:
        super().__init__()
        daftar = _sebagai_daftar(hasil)
        self._nama = _nama_wilayah()
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


# --- document consistency --------------------------------------------------------------------
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

    def __init__(
        self,
        hasil: Hasil | Iterable[Hasil],
        *,
        tahun: int | None = None,
        kode_wilayah: str | None = None,
        pasangan: str | None = None,
        jenis_temuan: str | None = None,
    ) -> None:
        super().__init__()
        daftar = _sebagai_daftar(hasil)
        self._nama = _nama_wilayah()
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
        years = sorted(int(t) for t in self._k["tahun"].unique())
        self._dropdown("tahun", "Tahun", [(str(t), t) for t in years],
                       tahun if tahun is not None else years[-1])  # fmt: skip
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


# --- builders for the notebooks (I/O at the edge) --------------------------------------------
def muat_paket(data: str | Path = "") -> Any:
    """Load a data package; an empty ``data`` means the built-in synthetic sample.

    Args:
        data: package folder or ``.xlsx``; ``""`` builds (once) and loads the sample.

    Returns:
        The :class:`workbench.contract.Package`.

    Raises:
        workbench.contract.PackageError: the package does not follow the data contract.
    """
    from workbench.contract import load_package

    if not str(data).strip():
        from workbench.sample import ensure_sample

        data = ensure_sample()
    return load_package(Path(data))


def muat_hasil(paket: Any, tahun: int | Sequence[int]) -> list[Hasil]:
    """Run the analysis once per year (the explorers then only filter these results).

    Args:
        paket: a loaded package.
        tahun: one year or several.

    Returns:
        One :class:`Hasil` per year, in year order.

    Raises:
        workbench.analysis.AnalysisError: a year the package does not cover.
    """
    from workbench.analysis import run_analysis

    years = [int(tahun)] if isinstance(tahun, int | np.integer) else sorted({int(t) for t in tahun})
    return [run_analysis(paket, t) for t in years]


def _tahun_tersedia(paket: Any, tahun: int) -> list[int]:
    """Years of agreements in the package, plus ``tahun`` (the synchronization year choices)."""
    years = {int(t) for t in pd.unique(paket.kesepakatan["tahun"].dropna())}
    return sorted(years | {int(tahun)})


def penjelajah_sinkronisasi(data: str | Path = "", tahun: int = 2026) -> PenjelajahSinkronisasi:
    """Load, analyse every agreement year once, and build the synchronization explorer.

    Args:
        data: package folder or ``.xlsx`` (``""``: the built-in sample).
        tahun: the year selected at the start.

    Returns:
        The explorer (display it, or call ``tampilkan()``).
    """
    paket = muat_paket(data)
    return PenjelajahSinkronisasi(_hasil_tahun(paket, _tahun_tersedia(paket, tahun)),
                                  indikator=paket.indikator, tahun=int(tahun))  # fmt: skip


def penjelajah_capaian(data: str | Path = "", tahun: int = 2026) -> PenjelajahCapaian:
    """Load, analyse ``tahun`` once (capaian holds every earlier year) and build the explorer."""
    paket = muat_paket(data)
    return PenjelajahCapaian(muat_hasil(paket, tahun), indikator=paket.indikator)


def penjelajah_konsistensi(data: str | Path = "", tahun: int = 2026) -> PenjelajahKonsistensi:
    """Load, analyse ``tahun`` once and build the document-consistency explorer."""
    paket = muat_paket(data)
    return PenjelajahKonsistensi(muat_hasil(paket, tahun), tahun=int(tahun))


def _hasil_tahun(paket: Any, years: Sequence[int]) -> list[Hasil]:
    """One Hasil per year; a year the package cannot analyse is refused loudly, not skipped."""
    out = []
    for t in years:
        try:
            out.extend(muat_hasil(paket, t))
        except AnalysisError as err:
            raise PenjelajahError(f"tahun {t}: {err}") from err
    return out


__all__ = [
    "Keadaan",
    "PenjelajahCapaian",
    "PenjelajahError",
    "PenjelajahKonsistensi",
    "PenjelajahSinkronisasi",
    "label",
    "muat_hasil",
    "muat_paket",
    "penjelajah_capaian",
    "penjelajah_konsistensi",
    "penjelajah_sinkronisasi",
    "tabel_html",
]
