"""The common explorer: selectors, one redraw per change, the widget, a static copy, export."""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import ipywidgets as w
import pandas as pd

from workbench.analysis import Hasil
from workbench.fileio import atomic_path
from workbench.vocabulary import label_kolom
from workbench.widgets.common import (
    SEMUA,
    Keadaan,
    PenjelajahError,
    _aman,
    _nama_wilayah,
    _png,
    _sebagai_daftar,
    _tulis_excel,
    tabel_html,
)


class _Penjelajah:
    """Selectors → filtered frames → figures and tables; subclasses define the filtering."""

    nama_berkas = "eksplorasi"
    judul_penjelajah = "Penjelajah"
    urutan: tuple[str, ...] = ()  # selector names, in the order they depend on each other

    def __init__(self, hasil: Hasil | Iterable[Hasil]) -> None:
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
        self._daftar = _sebagai_daftar(hasil)  # the results, one per year, in year order
        self._nama = _nama_wilayah()

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

    def _dropdown_tahun(self, tahun_hasil: pd.Series, tahun: int | None) -> None:
        """The year selector over the years the results hold (default: the latest)."""
        years = sorted(int(t) for t in tahun_hasil.unique())
        self._dropdown("tahun", "Tahun", [(str(t), t) for t in years],
                       tahun if tahun is not None else years[-1])  # fmt: skip

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
        never from names. Files are written atomically (:mod:`workbench.fileio`).

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
        keterangan += [(label_kolom(n), "semua" if v == SEMUA else str(v))
                       for n, v in k.pilihan.items()]
        if k.catatan:
            keterangan.append(("Catatan", k.catatan))
        _tulis_excel(out["xlsx"], k, keterangan)
        for nama, fig in k.gambar.items():
            path = folder / f"{dasar}-{nama}.png"
            with atomic_path(path, suffix=".png") as tmp:
                fig.savefig(tmp, format="png", dpi=150, facecolor="white")
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

