"""PDF of the briefs: one per brief and one booklet, printed from the same HTML by Chromium.

Engine: headless Chromium's print-to-PDF (Debian's ``chromium``, driven by Playwright's
``page.pdf``; no browser download). The briefs are printed exactly as a reader's browser
prints them: the page CSS of :mod:`workbench.laporan` (A4, tables wrapped to the page
width, headings kept with what follows) and its ``@page`` margin boxes (name, status
*Draf bahan Rakortekrenbang*, date, ``Halaman n dari N``) apply unchanged, so the HTML and
the PDF cannot drift apart. WeasyPrint was the alternative; it would be a second layout engine
(with its own CSS support) next to the browser the briefs are made for and tested in.

The booklet (``buku_brief_<tahun>.pdf``) is a table of contents page followed by the province
overview and every district brief. Each part is printed again with its first page number
offset (``@page:first { counter-increment: page N }``) so that the footers count through the
booklet and match the table of contents; the parts are joined with pypdf, with one PDF
bookmark per part.
"""

from __future__ import annotations

import html
import io
import os
import shutil
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workbench.errors import WorkbenchError
from workbench.fileio import atomic_write_bytes

#: Chromium flags for a headless print run (as the browser tests use).
CHROMIUM_ARGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
)  # fmt: skip


class PdfError(WorkbenchError, RuntimeError):
    """The PDF cannot be made (no Chromium, no Playwright, no brief to print)."""


@dataclass(frozen=True)
class Dokumen:
    """One page to print: ``<stem>.html`` in the output folder, titled ``judul``."""

    stem: str
    judul: str


def nama_buku(tahun: int) -> str:
    """File name of the booklet of a year."""
    return f"buku_brief_{int(tahun)}.pdf"


def chromium_path() -> str:
    """The Chromium executable: ``$WORKBENCH_CHROMIUM``, ``chromium`` on the PATH, or Debian's.

    Raises:
        PdfError: none is installed.
    """
    path = os.environ.get("WORKBENCH_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).is_file():
        raise PdfError(
            f"chromium not found at {path}: install Debian's package (`apt-get install -y "
            "--no-install-recommends chromium fonts-dejavu-core`) or set WORKBENCH_CHROMIUM"
        )
    return path


def jumlah_halaman(data: bytes) -> int:
    """Number of pages of a PDF."""
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data)).pages)


def _cetak(page: Any, url: str | None = None, *, isi: str | None = None, css: str = "") -> bytes:
    """Print one page (a file URL or HTML text) to PDF bytes, A4 from the page's own CSS."""
    if url is not None:
        page.goto(url, wait_until="load")
    else:
        page.set_content(isi or "", wait_until="load")
    if css:  # last in the document, so it wins over the page's own @page rules
        page.evaluate(
            "css => { const s = document.createElement('style'); s.textContent = css;"
            " document.body.appendChild(s); }",
            css,
        )
    return page.pdf(format="A4", prefer_css_page_size=True, print_background=True)


def _css_mulai(mulai: int, total: int) -> str:
    """Footer numbering of a booklet part: its first page is ``mulai`` of ``total``."""
    return (
        f"@page:first{{counter-increment:page {int(mulai)}}}"
        f'@page{{@bottom-right{{content:"Halaman " counter(page) " dari {int(total)}"}}}}'
    )


def halaman_isi(
    bagian: Sequence[tuple[str, int]], judul: str, tahun: int, sintetis: bool
) -> str:
    """The table of contents page of the booklet (HTML, with the briefs' print CSS).

    Args:
        bagian: ``(title, first page in the booklet)`` per part, in order.
        judul: The province's name (``Provinsi Kalimantan Tengah``).
        tahun: Plan year.
        sintetis: The data is the synthetic sample.

    Returns:
        The HTML document.
    """
    from workbench import laporan, teks

    e = html.escape
    rows = "".join(
        f'<tr><td class="wb-num">{i}</td><td>{e(t)}</td><td class="wb-num">{n}</td></tr>'
        for i, (t, n) in enumerate(bagian, start=1)
    )
    catatan = (
        f'<p class="wb-sintetis">{e(laporan.CATATAN_SINTETIS.capitalize())}: bukan data resmi.</p>'
        if sintetis
        else ""
    )
    return f"""<!DOCTYPE html>
<html lang="id"><head><meta charset="utf-8">
<title>Buku brief sinkronisasi perencanaan {tahun}: {e(judul)}</title>
<style>{laporan._CSS}{laporan.css_halaman(judul, sintetis)}
body{{font-family:"DejaVu Sans",Arial,sans-serif;color:#222222}}
.wb-isi{{width:100%;border-collapse:collapse;font-size:11pt;margin-top:8px}}
.wb-isi th{{text-align:left;border-bottom:2px solid #1f3b63;padding:4px 6px}}
.wb-isi td{{border-bottom:1px solid #d9dee5;padding:5px 6px}}
.wb-isi td.wb-num{{text-align:right}}</style></head>
<body><div class="wb-brief">
<h1>Buku Brief Sinkronisasi Perencanaan {tahun}</h1>
<p class="wb-sub">{e(judul)}: ringkasan provinsi dan brief setiap kabupaten/kota.
{e(laporan.STATUS_DRAF)}, {e(teks.format_tanggal())}.</p>
{catatan}
<h2>Daftar isi</h2>
<table class="wb-isi"><thead><tr><th style="width:3em">No</th><th>Dokumen</th>
<th style="width:6em;text-align:right">Halaman</th></tr></thead><tbody>{rows}</tbody></table>
</div></body></html>
"""


def write_pdfs(
    out_dir: Path | str,
    dokumen: Sequence[Dokumen],
    tahun: int,
    *,
    judul_buku: str = "Provinsi Kalimantan Tengah",
    sintetis: bool = False,
) -> list[Path]:
    """Write ``<stem>.pdf`` beside every ``<stem>.html`` and the booklet of all of them.

    A document whose HTML is missing (its brief failed) gets no PDF and a stale one is
    removed; it is left out of the booklet. Files are written under a temporary name and
    renamed.

    Args:
        out_dir: The run's folder (``<out>/<tahun>``).
        dokumen: The pages in booklet order (the province overview first).
        tahun: Plan year (names the booklet).
        judul_buku: The province's name, on the booklet's contents page.
        sintetis: The data is the synthetic sample (said on the contents page).

    Returns:
        The PDF paths: one per brief, then the booklet.

    Raises:
        PdfError: no Chromium or Playwright, or no HTML to print.
    """
    out = Path(out_dir)
    ada = []
    for d in dokumen:
        if (out / f"{d.stem}.html").is_file():
            ada.append(d)
        else:
            (out / f"{d.stem}.pdf").unlink(missing_ok=True)
    if not ada:
        raise PdfError(f"{out}: no brief HTML to print")
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError as err:
        raise PdfError(f"the playwright package is not installed ({err})") from err
    exe = chromium_path()

    def cetak() -> list[Path]:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=exe, headless=True,
                                         args=list(CHROMIUM_ARGS))  # fmt: skip
            try:
                page = browser.new_page()
                return _cetak_semua(page, out, ada, tahun, judul_buku, sintetis)
            finally:
                browser.close()

    # Playwright's sync API refuses to run where an asyncio loop is running (a notebook, or a
    # caller already driving Playwright): a thread of its own has none
    with ThreadPoolExecutor(max_workers=1) as pool:
        try:
            return pool.submit(cetak).result()
        except PlaywrightError as err:
            raise PdfError(f"Chromium could not print the briefs: {err}") from err


def _cetak_semua(
    page: Any, out: Path, ada: Sequence[Dokumen], tahun: int, judul: str, sintetis: bool
) -> list[Path]:
    from pypdf import PdfReader, PdfWriter

    paths, n_halaman = [], []
    for d in ada:
        data = _cetak(page, (out / f"{d.stem}.html").resolve().as_uri())
        path = out / f"{d.stem}.pdf"
        atomic_write_bytes(path, data)
        paths.append(path)
        n_halaman.append(jumlah_halaman(data))
    # contents first: its own length decides where the parts start
    n_isi = 1
    for _ in range(3):
        mulai = [n_isi + 1 + sum(n_halaman[:i]) for i in range(len(ada))]
        isi_html = halaman_isi([(d.judul, m) for d, m in zip(ada, mulai, strict=True)],
                               judul, tahun, sintetis)  # fmt: skip
        total = n_isi + sum(n_halaman)
        isi = _cetak(page, isi=isi_html, css=_css_mulai(1, total))
        if jumlah_halaman(isi) == n_isi:
            break
        n_isi = jumlah_halaman(isi)
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(isi)), outline_item="Daftar isi")
    for d, m in zip(ada, mulai, strict=True):
        url = (out / f"{d.stem}.html").resolve().as_uri()
        bagian = _cetak(page, url, css=_css_mulai(m, total))
        writer.append(PdfReader(io.BytesIO(bagian)), outline_item=d.judul)
    writer.add_metadata({"/Title": f"Buku brief sinkronisasi perencanaan {tahun}: {judul}",
                         "/Creator": "workbench"})  # fmt: skip
    buf = io.BytesIO()
    writer.write(buf)
    buku = out / nama_buku(tahun)
    atomic_write_bytes(buku, buf.getvalue())
    return [*paths, buku]
