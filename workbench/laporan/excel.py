"""The Excel workbooks of a batch run, one function per workbook."""

from __future__ import annotations

import copy
import io
import re
import textwrap
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from workbench import reference, teks
from workbench.analysis import Hasil
from workbench.fileio import atomic_write_bytes
from workbench.laporan.display import (
    CATATAN_SINTETIS,
    STATUS_DRAF,
    _ada,
)
from workbench.laporan.konteks import (
    Konteks,
    _kabkota_mask,
    _konteks_provinsi,
    _sintetis_keluaran,
    _tahun,
    nama_tampilan,
    ringkasan_kabkota,
)
from workbench.tabel_keluaran import safe_cell, write_sheet
from workbench.vocabulary import label_kolom


# --- Excel ----------------------------------------------------------------------------------------
def _lebar(values: Sequence[Any], label: str) -> float:
    panjang = [len(str(v)) for v in values[:300] if v is not None]
    return float(min(max([len(label), *panjang]) + 2, 60))


def _isi_sheet(
    ws: Any, frame: pd.DataFrame, labels: Sequence[str], formats: Mapping[str, str]
) -> None:
    """Header row (bold, frozen), values (NA → empty, text never a formula), widths, formats."""
    write_sheet(ws, frame, labels, formats=formats)


_FMT_RP = '"Rp" #,##0'
_FMT_1 = "0.0"


def _simpan_wb(wb: Any, path: Path) -> Path:
    buf = io.BytesIO()
    wb.save(buf)
    atomic_write_bytes(path, buf.getvalue())
    return path


def _sheet_keterangan(wb: Any, hasil: Hasil, sintetis: bool, isi: str) -> None:
    from openpyxl.styles import Font

    ws = wb.create_sheet("Keterangan")
    ws.append(["Keterangan", "Nilai"])
    for c in ws[1]:
        c.font = Font(bold=True)
    ws.append(["Isi", isi])
    ws.append(["Tahun analisis", hasil.tahun])
    ws.append(["Data", CATATAN_SINTETIS + ": bukan data resmi" if sintetis else "paket data"])
    ws.append(["Dibuat", teks.format_tanggal()])
    ws.column_dimensions["A"].width = 20
    ws.column_dimensions["B"].width = 90
    ws.freeze_panes = "A2"


def berkas_excel(tahun: int) -> tuple[str, str, str]:
    """File names of the Excel tables of a year, as :func:`tulis_excel` writes them."""
    return (
        f"sinkronisasi_{tahun}.xlsx",
        f"gap_capaian_{tahun}.xlsx",
        f"rancangan_kesepakatan_{tahun}.xlsx",
    )


def tulis_excel(
    out_dir: Path | str,
    hasil: Hasil,
    *,
    sintetis: bool | None = None,
    nomenklatur: pd.DataFrame | None = None,
) -> list[Path]:
    """Write the Excel tables of a run (Bahasa Indonesia), each atomically.

    * ``sinkronisasi_<tahun>.xlsx``: sheet ``Ringkasan`` (one row per kab/kota, the headline
      figures and rank) and ``Per Bidang`` (kab/kota × bidang);
    * ``gap_capaian_<tahun>.xlsx``: capaian, predikat and gap per wilayah × indicator × year;
    * ``rancangan_kesepakatan_<tahun>.xlsx``: per kab/kota a form to sign at the
      Rakortekrenbang (:func:`tulis_kesepakatan`).

    Args:
        out_dir: Output folder.
        hasil: The province-wide analysis.
        sintetis: Whether the data is the synthetic sample (None: detect as :func:`tulis_index`).
        nomenklatur: Nomenclature reference for the output indicators of the agreement form
            (default :func:`workbench.reference.load_nomenklatur`).

    Returns:
        The three paths.
    """
    out = Path(out_dir)
    if sintetis is None:
        sintetis = _sintetis_keluaran(out)
    k = _konteks_provinsi(hasil, sintetis, "")
    nama_berkas = berkas_excel(hasil.tahun)
    return [
        tulis_excel_sinkronisasi(out / nama_berkas[0], hasil, k, sintetis),
        tulis_excel_capaian(out / nama_berkas[1], hasil, k, sintetis),
        # draft agreement per district: a form to sign at the Rakortekrenbang
        tulis_kesepakatan(out / nama_berkas[2], hasil, k, sintetis, nomenklatur),
    ]


#: Labels of the name columns the workbooks insert beside the codes.
_LABEL_NAMA = {"nama_wilayah": "Kabupaten/Kota", "nama_bidang": "Bidang Urusan"}


def _buku_kosong() -> Any:
    """A new openpyxl workbook without its default sheet."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    return wb


def tulis_excel_sinkronisasi(path: Path, hasil: Hasil, k: Konteks, sintetis: bool) -> Path:
    """Write ``sinkronisasi_<tahun>.xlsx`` (sheets ``Ringkasan``, ``Per Bidang``); ``path`` back.

    ``k`` is the province context (:func:`_konteks_provinsi`); see :func:`tulis_excel`.
    """
    t = hasil.tahun
    nama_kk = k.nama_kabkota
    wb = _buku_kosong()
    r = ringkasan_kabkota(k.semua)
    r.insert(1, "nama_wilayah", [nama_kk.get(str(x), str(x)) for x in r["kode_wilayah"]])
    lab = {"nama_wilayah": "Kabupaten/Kota", "peringkat": "Peringkat",
           "indeks_sinkronisasi": "Indeks Sinkronisasi (0–100)",
           "dukungan_persen": "Dukungan RKPD (%)", "n_disepakati": "Sub Kegiatan Disepakati",
           "n_direncanakan": "Direncanakan di RKPD", "pagu_dukungan": "Pagu Dukungan (Rp)",
           "n_outcome": "Outcome Disepakati", "n_outcome_tanpa_dukungan": "Outcome Tanpa Dukungan",
           "n_indikator_dinilai": "Indikator Dinilai Lintasannya",
           "n_sesuai_lintasan": "Indikator Sesuai Lintasan",
           "persen_sesuai_lintasan": "Sesuai Lintasan (%)",
           "n_predikat_rendah": "Indikator Predikat Rendah/Sangat Rendah",
           "keterkaitan_rpjmd_rkpd": "Keterkaitan RPJMD→RKPD (%)",
           "keterkaitan_renstra_renja": "Keterkaitan Renstra→Renja (%)"}  # fmt: skip
    fmts = {"indeks_sinkronisasi": _FMT_1, "dukungan_persen": _FMT_1, "pagu_dukungan": _FMT_RP,
            "persen_sesuai_lintasan": _FMT_1, "keterkaitan_rpjmd_rkpd": _FMT_1,
            "keterkaitan_renstra_renja": _FMT_1}  # fmt: skip
    _isi_sheet(wb.create_sheet("Ringkasan"), r,
               [lab.get(c, label_kolom(c)) for c in r.columns], fmts)  # fmt: skip
    s = _tahun(k.semua.sinkronisasi, t)
    s = s[_kabkota_mask(s["kode_wilayah"])].copy()
    s.insert(1, "nama_wilayah", [nama_kk.get(str(x), str(x)) for x in s["kode_wilayah"]])
    s.insert(3, "nama_bidang", [k.bidang(b) for b in s["kode_bidang"]])
    lab_s = _LABEL_NAMA
    fmts_s = {c: _FMT_1 for c in s.columns if c.endswith("_persen") or c.startswith("indeks")}
    fmts_s.update(pagu_dukungan=_FMT_RP, pagu_bidang=_FMT_RP)
    _isi_sheet(wb.create_sheet("Per Bidang"), s,
               [lab_s.get(c, label_kolom(c)) for c in s.columns], fmts_s)  # fmt: skip
    _sheet_keterangan(wb, hasil, sintetis, "Sinkronisasi kab/kota dengan kesepakatan provinsi")
    return _simpan_wb(wb, path)



def tulis_excel_capaian(path: Path, hasil: Hasil, k: Konteks, sintetis: bool) -> Path:
    """Write ``gap_capaian_<tahun>.xlsx`` (one sheet: capaian, predikat, gap); ``path`` back.

    One row per wilayah × indicator × year; the arguments as :func:`tulis_excel_sinkronisasi`.
    """
    nama_kk = k.nama_kabkota
    lab_s = _LABEL_NAMA
    wb = _buku_kosong()
    c = k.semua.capaian.copy()
    c.insert(1, "nama_wilayah", [nama_kk.get(str(x), str(x)) for x in c["kode_wilayah"]])
    cols = ["kode_wilayah", "nama_wilayah", "kode_indikator", "uraian_indikator", "satuan",
            "arah", "tahun", "target_teks", "target", "realisasi", "capaian_persen", "predikat",
            "gap", "gap_relatif_persen", "memenuhi", "status", "status_lintasan", "tren_arah",
            "sumber_target", "catatan"]  # fmt: skip
    c = c[[x for x in cols if x in c.columns]]
    c = c.sort_values(["kode_wilayah", "kode_indikator", "tahun"], kind="stable")
    if "memenuhi" in c:
        c["memenuhi"] = c["memenuhi"].map({True: "Ya", False: "Tidak"})
    _isi_sheet(wb.create_sheet("Capaian dan Kesenjangan"), c,
               [lab_s.get(x, label_kolom(x)) for x in c.columns],
               {"capaian_persen": _FMT_1, "gap_relatif_persen": _FMT_1})  # fmt: skip
    _sheet_keterangan(wb, hasil, sintetis,
                      "Capaian indikator, predikat dan kesenjangan (+ = kurang dari target)")
    return _simpan_wb(wb, path)


_KOLOM_KESEPAKATAN = {
    "no": ("No", 5), "kode_indikator": ("Kode Indikator", 15),
    "outcome": ("Outcome Provinsi", 28), "kode_sub_kegiatan": ("Kode Sub Kegiatan", 19),
    "sub_kegiatan": ("Sub Kegiatan", 32), "perangkat_daerah": ("Perangkat Daerah", 24),
    "indikator_keluaran": ("Indikator Keluaran Sub Kegiatan (nomenklatur)", 30),
    "satuan": ("Satuan", 10), "di_rkpd": ("Direncanakan di RKPD", 13),
    "di_renja": ("Ada di Renja", 9), "target_rkpd": ("Target RKPD", 11),
    "pagu_rkpd": ("Pagu RKPD (Rp)", 19),
    "target_disepakati": ("Target Disepakati (diisi saat Rakortek)", 18),
    "catatan": ("Catatan", 22),
}  # fmt: skip
_TIDAK_FILL = "F8D7DA"


def keluaran_nomenklatur(nomenklatur: pd.DataFrame | None = None) -> dict[str, tuple[str, str]]:
    """Sub kegiatan code → (output indicator, unit) from the nomenclature reference.

    The reference carries ``indikator`` and ``satuan`` per sub kegiatan when it is the full
    Kepmendagri list; a reference without them (or an empty cell) gives ``—``.

    Args:
        nomenklatur: The reference frame (default :func:`workbench.reference.load_nomenklatur`).

    Returns:
        Code → ``(indikator, satuan)``, only for codes with at least one of the two.
    """
    nom = reference.load_nomenklatur() if nomenklatur is None else nomenklatur
    if "indikator" not in nom.columns and "satuan" not in nom.columns:
        return {}
    kode_col = "kode" if "kode" in nom.columns else "kode_sub_kegiatan"
    out = {}
    for rec in nom.to_dict("records"):
        ind = str(rec.get("indikator") or "").strip() if _ada(rec.get("indikator")) else ""
        sat = str(rec.get("satuan") or "").strip() if _ada(rec.get("satuan")) else ""
        if ind or sat:
            out[str(rec[kode_col]).strip()] = (ind or TANPA_ISI, sat or TANPA_ISI)
    return out


#: What a form cell shows when the reference or the plan has nothing.
TANPA_ISI = "—"


def nama_sheet(kode: str, nama: str) -> str:
    """Readable sheet name ``62.02 Kotawaringin Timur`` (≤ 31 characters Excel accepts)."""
    bersih = re.sub(r"[\\\[\]:*?/]", " ", nama.split(". ", 1)[-1]).strip()
    return f"{kode} {bersih}"[:31].rstrip()


def _isi_teks(x: Any) -> str:
    return str(x).strip() if _ada(x) and str(x).strip() else TANPA_ISI


def _baris_kesepakatan(
    x: pd.DataFrame, k: Konteks, keluaran: Mapping[str, tuple[str, str]]
) -> pd.DataFrame:
    """The form's rows for one district (its slice of ``sinkronisasi_rincian``)."""
    x = x.sort_values(["kode_indikator", "kode_sub_kegiatan"], kind="stable")
    sub = x["kode_sub_kegiatan"].astype(str).tolist()
    kol = lambda c: x[c].tolist() if c in x.columns else [None] * len(x)  # noqa: E731
    di_rkpd = x["di_rkpd"].to_numpy(bool)
    return pd.DataFrame({
        "no": range(1, len(x) + 1),
        "kode_indikator": x["kode_indikator"].astype(str).to_numpy(),
        "outcome": [k.indikator(i) for i in x["kode_indikator"]],
        "kode_sub_kegiatan": sub,
        "sub_kegiatan": [k.nomenklatur(c) or TANPA_ISI for c in sub],
        "perangkat_daerah": [_isi_teks(v) for v in kol("perangkat_daerah")],
        "indikator_keluaran": [keluaran.get(c, (TANPA_ISI, TANPA_ISI))[0] for c in sub],
        "satuan": [keluaran[c][1] if c in keluaran else _isi_teks(v)
                   for c, v in zip(sub, kol("satuan_rkpd"), strict=True)],
        "di_rkpd": np.where(di_rkpd, "Ya", "Tidak"),
        "di_renja": np.where(x["di_renja"].to_numpy(bool), "Ya", "Tidak"),
        "target_rkpd": [_isi_teks(v) if d else TANPA_ISI
                        for v, d in zip(kol("target_rkpd"), di_rkpd, strict=True)],
        "pagu_rkpd": x["pagu_rkpd"].to_numpy(float),
        "target_disepakati": [None] * len(x),
        "catatan": [None] * len(x),
    })  # fmt: skip


def _judul_kesepakatan(ws: Any, kode: str, k: Konteks, sintetis: bool, lebar: int) -> None:
    from openpyxl.styles import Alignment, Font

    nama = k.nama_kabkota.get(kode, kode)
    baris = [
        ("RANCANGAN KESEPAKATAN RAKORTEKRENBANG", Font(bold=True, size=14)),
        (f"{nama} ({kode}) – {nama_tampilan(k.kode_provinsi)}", Font(bold=True, size=12)),
        (f"Tahun rencana {k.tahun}: dukungan sub kegiatan kabupaten/kota terhadap outcome "
         "provinsi", Font(size=11)),
        (f"{STATUS_DRAF}. " + (f"{CATATAN_SINTETIS.capitalize()}: bukan data resmi. "
                               if sintetis else "")
         + "Baris merah: sub kegiatan yang disepakati belum ada di RKPD.",
         Font(italic=True, size=9, color="555555")),
    ]  # fmt: skip
    for i, (text, font) in enumerate(baris, start=1):
        ws.append([safe_cell(ws, text)])
        ws.merge_cells(start_row=i, start_column=1, end_row=i, end_column=lebar)
        ws.cell(i, 1).font = font
        ws.cell(i, 1).alignment = Alignment(vertical="center")
    ws.append([])


def _jumlah_kesepakatan(ws: Any, d: pd.DataFrame, kolom: list[str]) -> int:
    """The totals row (per sub kegiatan once: one supporting two outcomes counts once)."""
    from openpyxl.styles import Border, Font, Side

    unik = d.drop_duplicates("kode_sub_kegiatan")
    n_ya = int((unik["di_rkpd"] == "Ya").sum())
    row = [None] * len(kolom)
    row[kolom.index("outcome")] = (
        f"Jumlah: {len(unik)} sub kegiatan disepakati, {n_ya} direncanakan di RKPD"
    )
    row[kolom.index("di_rkpd")] = n_ya
    row[kolom.index("pagu_rkpd")] = float(unik["pagu_rkpd"].fillna(0).sum())
    ws.append([safe_cell(ws, v) for v in row])
    r = ws.max_row
    garis = Side(style="thin", color="333333")
    for c in ws[r]:
        c.font = Font(bold=True)
        c.border = Border(top=garis, bottom=garis)
    ws.cell(r, kolom.index("pagu_rkpd") + 1).number_format = _FMT_RP
    return r


def _tanda_tangan(ws: Any, kode: str, k: Konteks, lebar: int) -> None:
    """Signature block: the province (BAPPERIDA) left, the kab/kota (Bappeda) right."""
    from openpyxl.styles import Alignment, Font

    kiri, kanan = 2, max(lebar - 4, 4)
    titik = "." * 36
    tanggal = ws.max_row + 2
    mulai = tanggal + 1
    isi = [
        ("Pemerintah " + nama_tampilan(k.kode_provinsi),
         "Pemerintah " + k.nama_kabkota.get(kode, kode)),
        ("Kepala BAPPERIDA", "Kepala Bappeda"),
        ("", ""), ("", ""), ("", ""),
        (f"Nama: {titik}", f"Nama: {titik}"),
        (f"NIP: {titik}", f"NIP: {titik}"),
    ]  # fmt: skip
    for i, (a, b) in enumerate(isi):
        r = mulai + i
        for col, text in ((kiri, a), (kanan, b)):
            cell = ws.cell(r, col)
            cell.value = text or None
            cell.alignment = Alignment(horizontal="left")
            if i < 2:
                cell.font = Font(bold=True)
    ws.cell(tanggal, kanan).value = "……………………, …………………… " + str(k.tahun - 1)


def _cetak_kesepakatan(ws: Any, header_row: int, lebar: int, nama: str) -> None:
    """A4 landscape, fit to one page wide, header row repeated, header/footer text."""
    from openpyxl.utils import get_column_letter

    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.print_area = f"A1:{get_column_letter(lebar)}{ws.max_row}"
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.8
    ws.page_margins.header = ws.page_margins.footer = 0.3
    ws.oddHeader.left.text = "Rancangan Kesepakatan Rakortekrenbang"
    ws.oddHeader.right.text = nama
    ws.oddFooter.left.text = STATUS_DRAF
    ws.oddFooter.right.text = "Halaman &P dari &N"


def _tinggi_baris(ws: Any, r: int, lebar: Sequence[float], ukuran: float) -> None:
    """Row height for wrapped text: spreadsheet programs do not grow rows written by openpyxl.

    Lines per cell ≈ characters / (column width × 1,1 at 10 pt), broken at words; the row
    takes its tallest cell (1,3 × the font size per line, in points).
    """
    per_karakter = 11.0 / ukuran
    baris = 1
    for c, w in zip(ws[r], lebar, strict=False):
        if c.value is None:
            continue
        muat = max(int(w * 1.1 * per_karakter) - 1, 1)
        n = len(textwrap.wrap(str(c.value), muat, break_long_words=True)) or 1
        baris = max(baris, n)
    ws.row_dimensions[r].height = round(baris * ukuran * 1.3 + 2, 1)


def _sheet_kesepakatan(
    ws: Any, kode: str, d: pd.DataFrame, k: Konteks, sintetis: bool
) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    kolom = list(_KOLOM_KESEPAKATAN)
    lebar = len(kolom)
    _judul_kesepakatan(ws, kode, k, sintetis, lebar)
    header_row = write_sheet(
        ws, d[kolom], [_KOLOM_KESEPAKATAN[c][0] for c in kolom],
        formats={"pagu_rkpd": _FMT_RP},
        widths={c: _KOLOM_KESEPAKATAN[c][1] for c in kolom}, autofilter=False,
    )  # fmt: skip
    wrap = Alignment(wrap_text=True, vertical="top")
    merah = PatternFill("solid", fgColor=_TIDAK_FILL)
    kecil = Font(size=10)
    i_rkpd = kolom.index("di_rkpd")
    lebar_kolom = [_KOLOM_KESEPAKATAN[c][1] for c in kolom]
    _tinggi_baris(ws, header_row, lebar_kolom, 11)
    # A cell's style is a row of indices into the workbook's style tables (openpyxl's
    # StyleArray): setting font, alignment and fill looks each object up by its hash, some
    # 20,000 lookups for 14 forms. The result depends only on the style the cell had and on
    # whether the row is marked, so it is computed once per pair and copied after.
    jadi: dict[tuple[tuple[int, ...], bool], Any] = {}
    for row in ws.iter_rows(min_row=header_row + 1, max_row=header_row + len(d)):
        tidak = row[i_rkpd].value == "Tidak"
        for c in row:
            kunci = (tuple(c._style or ()), tidak)
            if kunci in jadi:
                c._style = copy.copy(jadi[kunci])
                continue
            c.alignment = wrap
            c.font = kecil
            if tidak:
                c.fill = merah
            jadi[kunci] = copy.copy(c._style)
        _tinggi_baris(ws, row[0].row, lebar_kolom, 10)
    _jumlah_kesepakatan(ws, d, kolom)
    _tanda_tangan(ws, kode, k, lebar)
    _cetak_kesepakatan(ws, header_row, lebar, k.nama_kabkota.get(kode, kode))


def tulis_kesepakatan(
    path: Path, hasil: Hasil, k: Konteks, sintetis: bool,
    nomenklatur: pd.DataFrame | None = None,
) -> Path:
    """Write ``rancangan_kesepakatan_<tahun>.xlsx``: per kab/kota a form to sign.

    Each district sheet (``62.02 Kotawaringin Timur``) has a title block (Rancangan
    Kesepakatan Rakortekrenbang, district, year, draft status), one row per agreed sub
    kegiatan × province outcome with the responsible perangkat daerah (from its RKPD line, else
    its Renja line), the output indicator and unit of the sub kegiatan from the nomenclature
    (``—`` when the reference has none), whether the RKPD/Renja plans it, the RKPD target and
    pagu, an empty column for the target agreed at the Rakortek; rows not in the RKPD are
    highlighted; a totals row counts each sub kegiatan once; a signature block for the
    province and the kab/kota (name, NIP). Printing: A4 landscape, one page wide, the header
    row repeated on every page.

    Returns:
        ``path``.
    """
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    rin = _tahun(k.semua.sinkronisasi_rincian, hasil.tahun)
    keluaran = keluaran_nomenklatur(nomenklatur)
    kabkota = [x for x in k.nama_kabkota if "." in x and x.split(".")[0] == k.kode_provinsi]
    for kode in kabkota:
        x = rin[rin["kode_wilayah"] == kode]
        if x.empty:
            continue
        ws = wb.create_sheet(nama_sheet(kode, k.nama_kabkota.get(kode, kode)))
        _sheet_kesepakatan(ws, kode, _baris_kesepakatan(x, k, keluaran), k, sintetis)
    if not wb.sheetnames:
        ws = wb.create_sheet("Kosong")
        ws.append([f"Tidak ada kesepakatan untuk tahun {hasil.tahun}."])
    _sheet_keterangan(wb, hasil, sintetis,
                      "Rancangan kesepakatan per kabupaten/kota: isi kolom Target Disepakati "
                      "pada Rakortekrenbang, lalu tandatangani")  # fmt: skip
    return _simpan_wb(wb, path)
