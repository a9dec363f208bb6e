"""The import report (:class:`LaporanImpor`), the nomenclature checks and building the report."""

from __future__ import annotations

import difflib
import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from workbench import parse
from workbench.sipd.cells import _TOLERANSI_RP
from workbench.sipd.header import _IMPORTED, _dasar, _Sheet
from workbench.sipd.rows import _Walk
from workbench.spreadsheet import ImportReport, report_section
from workbench.teks import format_rupiah_penuh as _rp
from workbench.vocabulary import TINGKAT


# --- report ---------------------------------------------------------------------------------
def _subtotal(r) -> str:
    return (
        f"row {r.baris} {r.tingkat} {r.kode}: sheet {_rp(r.pagu_lembar)}, sub kegiatan "
        f"{_rp(r.jumlah_sub_kegiatan)} (difference {_rp(r.selisih)})"
    )


def _pasangan(r) -> str:
    return (
        f"row {r.baris} {r.kode}: {r.jumlah_indikator} indicator(s) but "
        f"{r.jumlah_nilai} {r.kolom} value(s): {r.isi!r}"
    )


def _kode_asing(r) -> str:
    near = (
        f"nearest {r.kode_terdekat} '{r.uraian_terdekat}'"
        if r.kode_terdekat
        else "no known code of that tingkat"
    )
    nama = "" if pd.isna(r.kemiripan_nama) else f", name similarity {r.kemiripan_nama:.2f}"
    return f"row {r.baris} {r.tingkat} {r.kode} '{r.uraian}': {near}{nama}"


def _baris_jenis(r) -> str:
    return f"row {r.baris} {r.jenis} {r.kode}"


def _baris_alasan(r) -> str:
    return f"row {r.baris} {r.kode}: {r.alasan}"


def _alasan(r) -> str:
    return f"row {r.baris}: {r.alasan}"


# The report's sections on one frame each: (heading, attribute, one row's text, lines when the
# frame is empty).
_SEKSI: tuple[tuple[str, str, Callable[[Any], str], list[str]], ...] = (
    (
        "subtotals that differ from the sum of their sub kegiatan",
        "subtotal",
        _subtotal,
        ["subtotals: every programme/kegiatan pagu equals the sum of its sub kegiatan"],
    ),
    ("cells that do not pair with the indicators (left empty)", "tidak_cocok", _pasangan, []),
    (
        "targets that are not numbers (kept as written; `workbench validate` rejects them)",
        "target_bukan_angka",
        lambda r: f"row {r.baris} {r.kode}: {r.target!r}",
        [],
    ),
    (
        "unreadable pagu (left empty)",
        "pagu_tidak_terbaca",
        lambda r: f"row {r.baris} {r.kode}: {r.nilai!r} ({r.alasan})",
        [],
    ),
    (
        "codes not in the nomenclature",
        "kode_tidak_dikenal",
        _kode_asing,
        ["codes: all in the nomenclature"],
    ),
    (
        "codes of the wrong level of government",
        "level_tidak_sesuai",
        lambda r: f"row {r.baris} {r.kode}: level {r.level}, expected {r.level_diharapkan}",
        [],
    ),
    (
        "duplicate lines (same perangkat daerah, code, indicator)",
        "duplikat",
        lambda r: f"row {r.baris} {r.kode} {r.uraian_indikator!r}: as row {r.sama_dengan_baris}",
        [],
    ),
)
# reasons of rows whose values sit in another tingkat's indicator columns
_TINGKAT_LAIN = r"hold\(s\) a value on a|line\(s\) of|repeats the"


@dataclass(frozen=True)
class LaporanImpor(ImportReport):
    """What the importer read, wrote and skipped.

    Attributes:
        berkas: The workbook's file name.
        sheet: The sheet imported.
        sheet_lain: Other sheets of the workbook and why they were not imported.
        baris_header: First and last row (1-based) of the header block.
        baris_nomor_kolom: Row of column numbers under the header, or None.
        kolom: Frame ``peran, kolom, label`` of the mapped columns (``peran`` ``-`` = unmapped).
        baris_dibaca: Rows read after the header (to the last non-empty row of the table).
        baris: Frame ``baris, jenis, kode, alasan`` with one entry per row read; ``jenis`` is
            ``urusan``, ``bidang``, ``program``, ``kegiatan``, ``sub_kegiatan``,
            ``lanjutan`` (indicators continuing the line above), ``perangkat_daerah``
            (a heading carried down) or ``dilewati`` (skipped, with ``alasan``).
        ditulis: Output lines per tingkat (``program``, ``kegiatan``, ``sub_kegiatan``).
        pagu_sub_kegiatan: Sum of the sub kegiatan pagu imported (Rp).
        total_lembar: Frame ``baris, label, total_lembar, pagu_dibaca, selisih`` for each
            JUMLAH/TOTAL row (``selisih`` = sheet − read, 0 when they agree).
        subtotal: Frame ``baris, kode, tingkat, pagu_lembar, jumlah_sub_kegiatan, selisih`` of
            the programme/kegiatan/bidang/urusan subtotals that differ from their children.
        tidak_cocok: Frame ``baris, kode, kolom, jumlah_indikator, jumlah_nilai, isi`` of cells
            whose line-break-separated values do not pair with the indicators.
        target_bukan_angka: Frame ``baris, kode, target`` of targets that do not read as numbers.
        pagu_tidak_terbaca: Frame ``baris, kode, nilai, alasan`` of unreadable pagu cells.
        kode_tidak_dikenal: Frame ``baris, kode, tingkat, uraian, kode_terdekat,
            uraian_terdekat, kemiripan_kode, kemiripan_nama`` of codes not in the nomenclature.
        level_tidak_sesuai: Frame ``baris, kode, level, level_diharapkan`` (level digit of a
            kegiatan/sub kegiatan code vs the government: 1 province, 2 kab/kota).
        duplikat: Frame ``baris, kode, uraian_indikator, sama_dengan_baris`` of lines with the
            same perangkat daerah, code and indicator as an earlier line (the contract's
            duplicate key); they are written, and ``workbench validate`` rejects them.
        tabel_lain: Notes about further tables on the sheet (position, and what was done).
        catatan: Other notes (year in the header differs, lines without perangkat daerah …).
        deteksi: Where dokumen, wilayah, tahun (and perangkat daerah) came from: given as an
            option, or detected from the title block (with the row and text).
        peringatan: Warnings: a given option that the title block contradicts.
        dilewati: (property) Rows skipped: ``baris, alasan``.
    """

    berkas: str
    sheet: str
    sheet_lain: tuple[str, ...]
    baris_header: tuple[int, int]
    baris_nomor_kolom: int | None
    kolom: pd.DataFrame
    baris_dibaca: int
    baris: pd.DataFrame
    ditulis: dict[str, int]
    pagu_sub_kegiatan: float
    total_lembar: pd.DataFrame
    subtotal: pd.DataFrame
    tidak_cocok: pd.DataFrame
    target_bukan_angka: pd.DataFrame
    pagu_tidak_terbaca: pd.DataFrame
    kode_tidak_dikenal: pd.DataFrame
    level_tidak_sesuai: pd.DataFrame
    duplikat: pd.DataFrame
    tabel_lain: tuple[str, ...]
    catatan: tuple[str, ...]
    deteksi: tuple[str, ...] = ()
    peringatan: tuple[str, ...] = ()

    @property
    def dibaca_per_tingkat(self) -> dict[str, int]:
        """Rows read per tingkat (urusan … sub_kegiatan)."""
        counts = self.baris["jenis"].value_counts()
        return {t: int(counts.get(t, 0)) for t in TINGKAT}

    def format(self) -> str:
        """The report as readable English text."""
        out = [f"{self.berkas}, sheet '{self.sheet}'"]
        out += [f"  {s}" for s in self.sheet_lain]
        out += [f"  {s}" for s in self.deteksi]
        out += [f"WARNING: {s}" for s in self.peringatan]
        h0, h1 = self.baris_header
        nomor = (
            f"; column numbers in row {self.baris_nomor_kolom}" if self.baris_nomor_kolom else ""
        )
        out.append(f"header: rows {h0}–{h1}{nomor}")
        mapped = self.kolom[self.kolom["peran"] != "-"]
        out.append("columns:")
        out += [
            f"  {r.kolom}: {r.peran} ({r.label})"
            + (
                ""
                if _dasar(r.peran) in _IMPORTED and not r.peran.endswith(":masukan")
                else ", recognised, not imported"
            )
            for r in mapped.itertuples()
        ]
        unmapped = self.kolom[self.kolom["peran"] == "-"]
        if len(unmapped):
            out.append(
                "columns not imported: "
                + "; ".join(f"{r.kolom} ({r.label})" for r in unmapped.itertuples())
            )
        per = self.dibaca_per_tingkat
        n_pd = int((self.baris["jenis"] == "perangkat_daerah").sum())
        out.append(
            f"rows read: {self.baris_dibaca} ("
            + ", ".join(f"{t} {n}" for t, n in per.items())
            + f", continuation {int((self.baris['jenis'] == 'lanjutan').sum())}"
            + f", perangkat daerah headings {n_pd}"
            + f", skipped {len(self.dilewati)})"
        )
        out.append(
            f"lines written: {sum(self.ditulis.values())} ("
            + ", ".join(f"{t} {n}" for t, n in self.ditulis.items())
            + ")"
        )
        out.append(f"pagu of sub kegiatan read: {_rp(self.pagu_sub_kegiatan)}")
        if not len(self.total_lembar):
            has_row = self.dilewati["alasan"].str.startswith("total row").any()
            out.append(
                "  the JUMLAH/TOTAL row holds no value to check it against"
                if has_row
                else "  the sheet has no JUMLAH/TOTAL row to check it against"
            )
        for r in self.total_lembar.itertuples():
            if abs(r.selisih) <= _TOLERANSI_RP:
                out.append(f"  row {r.baris} '{r.label}' {_rp(r.total_lembar)}: agrees")
            else:
                arah = "higher" if r.selisih > 0 else "lower"
                out.append(
                    f"  row {r.baris} '{r.label}' {_rp(r.total_lembar)}: DIFFERS from "
                    f"{_rp(r.pagu_dibaca)} read, the sheet is {_rp(abs(r.selisih))} {arah}"
                )
        for heading, attr, line, none in _SEKSI:
            out += report_section(heading, getattr(self, attr), line) or none
        dibaca = self.baris[self.baris["jenis"] != "dilewati"]
        tanpa = dibaca[dibaca["alasan"].str.startswith("indicators on a")]
        lain = dibaca[dibaca["alasan"].str.contains(_TINGKAT_LAIN)]
        out += report_section(
            "urusan/bidang rows whose indicators were not imported", tanpa, _baris_jenis
        )
        out += report_section(
            "rows with values in another tingkat's indicator columns", lain, _baris_alasan
        )
        out += report_section("rows skipped", self.dilewati, _alasan)
        out += [f"note: {t}" for t in self.tabel_lain + self.catatan]
        return "\n".join(out)


@dataclass(frozen=True)
class ImportResult:
    """The imported ``rencana`` lines (contract columns) and the report.

    Attributes:
        rencana: Exactly the contract columns, one row per plan line.
        laporan: The report.
        asal: Where each line came from, aligned with ``rencana``: ``baris`` (sheet row of the
            line's indicator) and ``tingkat`` (``program``, ``kegiatan``, ``sub_kegiatan``).
    """

    rencana: pd.DataFrame
    laporan: LaporanImpor
    asal: pd.DataFrame


# --- nomenclature checks ---------------------------------------------------------------------
def kode_terdekat(
    kode: str, tingkat: str, uraian: str, nomenklatur: pd.DataFrame
) -> tuple[str, str, float, float]:
    """Nearest known code of the same tingkat to an unknown code.

    Candidates are the 10 closest codes by :class:`difflib.SequenceMatcher` ratio over the code
    text plus, when a name is present, the codes of the 5 closest names (ratio ≥ 0.6, compared
    case-insensitively); each candidate scores code ratio + name ratio and the best is returned.

    Returns:
        (code, its uraian, code ratio, name ratio); ``("", "", 0, nan)`` when the nomenclature has
        no code of that tingkat. The name ratio is NaN when ``uraian`` is empty.
    """
    sama = nomenklatur[nomenklatur["tingkat"] == tingkat]
    if sama.empty:
        return "", "", 0.0, float("nan")
    nama = dict(zip(sama["kode"], sama["uraian"], strict=True))
    cand = difflib.get_close_matches(kode, list(nama), n=10, cutoff=0.0)
    if uraian:
        by_name: dict[str, list[str]] = {}
        for k, u in nama.items():
            by_name.setdefault(u.lower(), []).append(k)
        for u in difflib.get_close_matches(uraian.lower(), list(by_name), n=5, cutoff=0.6):
            cand += [k for k in by_name[u] if k not in cand]
    best, best_score, best_k, best_n = "", -1.0, 0.0, float("nan")
    for c in cand:
        k = difflib.SequenceMatcher(None, kode, c).ratio()
        nm = (
            difflib.SequenceMatcher(None, uraian.lower(), nama[c].lower()).ratio()
            if uraian
            else float("nan")
        )
        score = k + (0.0 if math.isnan(nm) else nm)
        if score > best_score:
            best, best_score, best_k, best_n = c, score, k, nm
    return best, nama[best], best_k, best_n


def _cek_kode(coded: list[dict], wilayah: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    from workbench.reference import kode_generik, load_nomenklatur

    nomen = load_nomenklatur()
    known = set(nomen["kode"])
    known |= {c["kode"] for c in coded if kode_generik(c["kode"]) in known}  # penunjang X.XX.01
    unknown, level = [], []
    harap = 1 if "." not in wilayah else 2
    seen: set[str] = set()
    for c in coded:
        if c["kode"] not in known and c["kode"] not in seen:
            seen.add(c["kode"])
            k, u, rk, rn = kode_terdekat(c["kode"], c["tingkat"], c["uraian"], nomen)
            unknown.append(
                {
                    "baris": c["baris"],
                    "kode": c["kode"],
                    "tingkat": c["tingkat"],
                    "uraian": c["uraian"],
                    "kode_terdekat": k,
                    "uraian_terdekat": u,
                    "kemiripan_kode": round(rk, 3),
                    "kemiripan_nama": rn if math.isnan(rn) else round(rn, 3),
                }
            )
        if c["tingkat"] in ("kegiatan", "sub_kegiatan"):
            lv = parse.code_level(c["kode"])
            if lv is not None and int(lv) != harap:
                level.append(
                    {
                        "baris": c["baris"],
                        "kode": c["kode"],
                        "level": int(lv),
                        "level_diharapkan": harap,
                    }
                )
    return (
        pd.DataFrame(
            unknown,
            columns=[
                "baris",
                "kode",
                "tingkat",
                "uraian",
                "kode_terdekat",
                "uraian_terdekat",
                "kemiripan_kode",
                "kemiripan_nama",
            ],
        ),
        pd.DataFrame(level, columns=["baris", "kode", "level", "level_diharapkan"]),
    )


def _laporan(path: Path, s: _Sheet, w: _Walk, sheet_notes: list[str], n_rows: int) -> LaporanImpor:
    h = w.h
    from openpyxl.utils import get_column_letter

    role_of = {c: p for p, cs in h.peran.items() for c in cs}
    kolom = pd.DataFrame(
        [
            {"peran": role_of.get(c, "-"), "kolom": get_column_letter(c + 1), "label": lab}
            for c, lab in sorted(h.label.items())
        ],
        columns=["peran", "kolom", "label"],
    )
    tingkat = pd.Series([ln["_tingkat"] for ln in w.lines])
    ditulis = {t: int((tingkat == t).sum()) for t in ("program", "kegiatan", "sub_kegiatan")}
    unknown, level = _cek_kode(w.coded, w.wilayah)
    catatan = list(h.catatan)
    tanpa_pd = sum(1 for ln in w.lines if not ln["perangkat_daerah"])
    if tanpa_pd:
        catatan.append(f"{tanpa_pd} line(s) have no perangkat daerah (no column, heading or title)")
    if "pagu" not in h.peran:
        catatan.append("no pagu column: pagu left empty")
    baris = pd.DataFrame(w.rows, columns=["baris", "jenis", "kode", "alasan"])
    baris = baris.sort_values("baris", kind="stable").reset_index(drop=True)
    return LaporanImpor(
        berkas=path.name,
        sheet=s.name,
        sheet_lain=tuple(sheet_notes),
        baris_header=(h.top + 1, h.bottom + 1),
        baris_nomor_kolom=None if h.nomor is None else h.nomor + 1,
        kolom=kolom,
        baris_dibaca=max(n_rows - (h.end + 1), 0),
        baris=baris,
        ditulis=ditulis,
        pagu_sub_kegiatan=float(np.nansum([ln["pagu"] for ln in w.lines])),
        total_lembar=pd.DataFrame(
            w.totals, columns=["baris", "label", "total_lembar", "pagu_dibaca", "selisih"]
        ),
        subtotal=pd.DataFrame(
            w.subtotal,
            columns=["baris", "kode", "tingkat", "pagu_lembar", "jumlah_sub_kegiatan", "selisih"],
        ),
        tidak_cocok=pd.DataFrame(
            w.tidak_cocok,
            columns=["baris", "kode", "kolom", "jumlah_indikator", "jumlah_nilai", "isi"],
        ),
        target_bukan_angka=pd.DataFrame(w.bukan_angka, columns=["baris", "kode", "target"]),
        pagu_tidak_terbaca=pd.DataFrame(w.pagu_salah, columns=["baris", "kode", "nilai", "alasan"]),
        kode_tidak_dikenal=unknown,
        level_tidak_sesuai=level,
        duplikat=_duplikat(w.lines),
        tabel_lain=tuple(w.tabel_lain),
        catatan=tuple(catatan),
    )


def _duplikat(lines: list[dict]) -> pd.DataFrame:
    """Lines repeating an earlier line's perangkat daerah, code and indicator."""
    first: dict[tuple, int] = {}
    out = []
    for ln in lines:
        key = (ln["perangkat_daerah"], ln["kode_nomenklatur"], ln["uraian_indikator"])
        if key in first:
            out.append(
                {
                    "baris": ln["_baris"],
                    "kode": key[1],
                    "uraian_indikator": key[2],
                    "sama_dengan_baris": first[key],
                }
            )
        else:
            first[key] = ln["_baris"]
    return pd.DataFrame(out, columns=["baris", "kode", "uraian_indikator", "sama_dengan_baris"])
