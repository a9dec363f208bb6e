"""workbench.pdf without a browser: contents page, footer offsets, errors, stale files.

The real printing (Chromium) is tested in tests/test_browser.py on a real batch.
"""

from __future__ import annotations

import pytest

from workbench import laporan, pdf


def test_contents_page_lists_every_part_with_its_page_and_escapes():
    page = pdf.halaman_isi([("Ringkasan Provinsi Kalimantan Tengah", 2),
                            ("Kab. <b>Katingan</b>", 9)], "Provinsi Kalimantan Tengah", 2026,
                           True)  # fmt: skip
    assert "<td>Ringkasan Provinsi Kalimantan Tengah</td><td class=\"wb-num\">2</td>" in page
    assert "Kab. &lt;b&gt;Katingan&lt;/b&gt;" in page
    assert laporan.STATUS_DRAF in page and "Data contoh (sintetis)" in page
    assert "@page" in page  # the same header and footer as the briefs
    assert "sintetis" not in pdf.halaman_isi([("A", 2)], "P", 2026, False).split("<body>")[1]


def test_booklet_footer_offset():
    css = pdf._css_mulai(23, 140)
    assert "@page:first{counter-increment:page 23}" in css
    assert '" dari 140"' in css
    assert pdf.nama_buku(2026) == "buku_brief_2026.pdf"


def test_css_text_of_a_name_keeps_spaces_and_no_markup():
    css = laporan.css_halaman('Kab. "X" & <y>', False, "2 Desember 2026")
    for bad in ('"X"', "&", "<", ">"):
        assert bad not in css.split("content:", 1)[1].split(";", 1)[0]
    # every escape is followed by the one space CSS consumes, then the real space
    assert "Kab\\00002e  " in css and "Dibuat 2 Desember 2026" in css
    assert 'counter(page) " dari " counter(pages)' in css


def test_missing_chromium_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setenv("WORKBENCH_CHROMIUM", str(tmp_path / "tidak-ada"))
    with pytest.raises(pdf.PdfError, match="apt-get install .*chromium"):
        pdf.chromium_path()


def test_no_html_to_print_and_stale_pdf_removed(tmp_path):
    stale = tmp_path / "62.06-katingan.pdf"
    stale.write_bytes(b"%PDF-1.4 lama")
    with pytest.raises(pdf.PdfError, match="no brief HTML"):
        pdf.write_pdfs(tmp_path, [pdf.Dokumen("62.06-katingan", "Kab. Katingan")], 2026)
    assert not stale.exists()  # a failed brief keeps no PDF of an earlier run


def test_cli_briefs_has_pdf_option():
    from typer.testing import CliRunner

    from workbench.cli import app

    res = CliRunner().invoke(app, ["briefs", "--help"])
    assert res.exit_code == 0 and "--pdf" in res.output


@pytest.mark.slow
@pytest.mark.browser
def test_pdfs_are_printed_where_an_event_loop_is_running(tmp_path):
    """A notebook, or a caller already driving Playwright, runs an asyncio loop: still prints."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from pypdf import PdfReader

    (tmp_path / "62.06-katingan.html").write_text(
        "<html><head><title>t</title></head><body><h1>Kab. Katingan</h1>"
        "<table><tr><th>Kolom</th></tr><tr><td>1</td></tr></table></body></html>",
        encoding="utf-8")  # fmt: skip
    async def in_a_running_loop():  # the loop Playwright's sync API refuses to run inside
        return pdf.write_pdfs(tmp_path, [pdf.Dokumen("62.06-katingan", "Kab. Katingan")], 2026)

    # a thread of the test's own, so no loop of another test in this worker is in the way
    with ThreadPoolExecutor(max_workers=1) as ex:
        paths = ex.submit(asyncio.run, in_a_running_loop()).result()
    assert [p.name for p in paths] == ["62.06-katingan.pdf", pdf.nama_buku(2026)]
    assert len(PdfReader(paths[0]).pages) >= 1
