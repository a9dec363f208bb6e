"""Import SIPD-style RKPD/Renja Excel exports into ``rencana`` lines of the data contract.

Analysts have Excel files exported or copied from SIPD, not tidy CSVs. Such a sheet has a
title block, a header of one to three rows with merged cells (sometimes followed by a row of
column numbers 1, 2, 3 …), hierarchical rows (urusan, bidang, programme, kegiatan, sub
kegiatan; the code tells the level), Indonesian numbers as text or real numbers, a
``JUMLAH``/``TOTAL`` row and a signature block. :func:`import_sipd` reads one such sheet and
returns the ``rencana`` lines with a :class:`LaporanImpor` saying what it did.

Public API (also for a folder importer that classifies files before importing them):

* :func:`kenali` ``(path or open Workbook) -> list[Kenal]``: per sheet, whether it is a plan
  table the importer reads (``rencana``), and the ``dokumen``, ``wilayah``, ``tahun`` and
  ``perangkat_daerah`` its title block names, each with where it was read (``asal``) or why
  it was not (``masalah``: not named, or named ambiguously); ``Kenal.lengkap`` says whether an
  import needs no option. Nothing is imported.
* :func:`import_sipd` ``(path, *, wilayah=None, dokumen=None, tahun=None, sheet=None) ->
  ImportResult``: options left out are detected as :func:`kenali` does; the report's
  ``deteksi`` says where each came from and ``peringatan`` lists given options that the title
  contradicts (the option wins). An option neither given nor detected raises
  :class:`SipdImportError` with the reason for each.
* :func:`write_rencana` writes the lines atomically; :func:`check_out_path` checks ``--out``
  first.

Conventions (how the sheet becomes lines):

* **Header.** The header is the first row in the first 40 rows holding a ``Kode`` cell and an
  indicator or programme/kegiatan cell, plus up to three rows below it that carry column
  labels (merged cells are read as if every cell held the merged label). The header is a tree
  of labels, group → sub-label (:func:`peran_label`): the lowest label that names a role wins
  (normalised words: case, spacing, line breaks ignored; synonyms in :data:`SINONIM`), a
  sub-label naming none takes its group's (``TARGET`` / ``Nilai`` | ``Satuan``; ``Kinerja`` /
  ``K`` and ``Anggaran`` / ``Rp``; ``Target Kinerja`` / ``2026``), and every column under a
  ``Kode`` group is part of the code. A label under a *Prakiraan*/*Perkiraan Maju*, *Pagu
  Maju (n + 1)* or *n+1* group, or naming a later year than ``tahun``, is the year-n+1
  column and is not imported (so of two ``Pagu Indikatif (Rp)`` columns the one under
  *Rencana Tahun n* is the pagu). Column order is free. Several adjacent ``Kode`` columns
  (SIPD splits codes into urusan | bidang | program | kegiatan | sub kegiatan, each cell
  holding its segment ``1 | 01 | 02 | 2.01 | 0047`` or the code so far) are joined with dots.
  *Indikator Kinerja* split into *Capaian Program*, *Hasil Kegiatan* and *Keluaran Sub
  Kegiatan*, each with *Tolok Ukur* / *Target*, gives indicator/target columns per tingkat:
  a programme row reads the Capaian Program pair, a kegiatan row the Hasil Kegiatan pair, a
  sub kegiatan row the Keluaran pair (a *Masukan* pair is recognised, not imported). A
  higher tingkat's pair filled on a lower row (a flat export repeating the programme's and
  kegiatan's indicators on each sub kegiatan) gives lines of the parent code, once per
  parent and indicator cell; a lower tingkat's pair on a higher row is reported. The row of
  column numbers under the header may carry formulas as text (``12 = 8+9+10+11``) and a
  number merged over several cells. Without a ``Kode`` column, a header with programme,
  indicator and target columns is accepted and each code is read from the start of the
  programme/kegiatan text (``1.01.02 - PROGRAM PENGELOLAAN PENDIDIKAN``). When a table has one
  target/pagu column per year (Renstra, RPJMD), the column naming ``tahun`` is used.
  The workbook's first sheet with such a header is imported unless ``sheet`` names one.
* **Lines.** Programme, kegiatan and sub kegiatan rows become one line per indicator. A cell
  with several indicators separated by line breaks is paired in order with the target (and
  satuan) cell split the same way; when the counts differ nothing is guessed: the indicators
  are written with an empty target and the row is reported. A row without a code whose only
  content is indicators/targets continues the line above. Urusan and bidang rows are read
  (they drive the subtotal checks) but are not ``rencana`` lines.
* **Pagu.** Only sub kegiatan pagu is imported, on the *first* line of each sub kegiatan
  (its other indicator lines have an empty pagu), so that ``rencana.pagu.sum()`` is the
  sheet's total without double counting. Programme and kegiatan pagu are subtotals: their
  lines carry an empty pagu, and the subtotal is compared with the sum of the sub kegiatan
  below it (mismatches are reported).
* **Targets** stay text as written (``75,5``, ``4,11–4,66``, ``≥ 95``); a unit typed into the
  target (``12 Unit``, ``100 %``) is moved into ``satuan`` (a Satuan column, when present and
  paired, wins); a real number in the cell is written as Indonesian text (``97.5`` → ``97,5``).
  A target that is not a number (``WTP``) is kept and reported: the contract rejects it.
* **Codes** are normalised by :func:`workbench.parse.normalize_code` (spaces, apostrophes,
  2-digit sub kegiatan suffixes); codes missing from the shipped nomenclature are reported
  with the nearest known code, and kegiatan/sub kegiatan whose level digit does not fit the
  government (1 for the province ``62``, 2 for a kab/kota) are reported. Nothing is dropped
  for either reason.
* **Perangkat daerah** comes from its column, else from the nearest row above in the hierarchy
  that has one, else from a heading row (``DINAS KESEHATAN``), else from the title block (a
  ``Perangkat Daerah: …`` line, or a line naming ``Dinas …``/``Badan …``/``Sekretariat …``
  …, cut before *Provinsi*/*Kabupaten*/*Kota*/*Tahun*; capitals are title-cased).
* **Title block** (the rows above the header; for what it lacks, the text of the sheets
  before the plan sheet, e.g. a cover sheet). ``dokumen``: *Rencana Kerja Pemerintah Daerah*
  or ``RKPD`` → RKPD, *Rencana Kerja Perangkat Daerah* or ``Renja`` → RENJA, *Rencana
  Strategis*/``Renstra`` → RENSTRA, *Rencana Pembangunan Jangka Menengah Daerah*/``RPJMD`` →
  RPJMD; two different documents are ambiguous. ``wilayah``: names of the reference
  ``wilayah`` table (:func:`workbench.reference.load_wilayah`) as whole words, spacing free
  (``Palangkaraya``, ``Kota Waringin Timur``) and common abbreviations (``Kotim``,
  ``Barsel`` …); a kab/kota named wins over the province named with it (``KABUPATEN
  KATINGAN PROVINSI KALIMANTAN TENGAH`` → 62.06); ``Palangka Raya`` without ``Kota`` is the
  province's seat and counts only when nothing else is named; two kab/kota, or a stem alone
  (``Kotawaringin``, ``Barito``), are ambiguous; an unknown ``Kabupaten X`` is named in the
  reason. ``tahun``: the one year named, not counting dates, regulation years (``Nomor 86
  Tahun 2017``) and the year of *Prakiraan Maju*; several years are ambiguous; a period
  (``2025–2029``) is no plan year; without a year in the title, the year of the header's
  year-n target/pagu columns (``Rencana Tahun 2026``) when they name one.
* **End of table and second tables.** ``JUMLAH``/``TOTAL`` rows are compared with the sub
  kegiatan pagu read since the previous total row (or since the start). Signature blocks
  (``Mengetahui``, ``Kepala …``, ``NIP``, a place-and-date line …) are skipped. A second
  header further down with the *same* column layout (a header repeated after a page break,
  or a second block of the same table) is skipped and the rows under it are imported; a
  second header with a *different* layout ends the import: its position is reported and its
  rows are listed as skipped.
* Every row after the header is accounted for: used, or skipped with its reason.

A sheet without a recognisable header raises :class:`SipdImportError` naming the file, the
sheet and what was looked for (a header lacking a column names its row and the columns it
recognised, by letter); a bad cell is reported with its row and column (an unreadable code
skips its row, and the rows continuing it are not glued to the line before); nothing is
written before the whole sheet has been read.
"""

from __future__ import annotations

import difflib
import math
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from workbench import parse
from workbench.errors import WorkbenchError
from workbench.spreadsheet import fill_merged, skipped_rows, write_table
from workbench.vocabulary import DOKUMEN, KOLOM, TINGKAT

RENCANA_COLUMNS = KOLOM["rencana"]
_URUTAN = {t: i for i, t in enumerate(TINGKAT)}
HEADER_SCAN_ROWS = 40
_MAX_EXTRA_HEADER_ROWS = 3
_TOLERANSI_RP = 0.5  # rupiah: sheets print two decimals, sums are compared to the half rupiah

# Label words per column role, checked in this order (first match wins); the words are
# matched against the lowest label of a column, lower-cased with spacing normalised.
SINONIM: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("sumber", (r"\bsumber\s*dana\b",)),
    (
        "pagu",
        (
            r"\bpagu\b",
            r"\banggaran\b",
            r"\balokasi\b",
            r"\(rp\)",
            r"^rp\.?$",
            r"\bdana\s+indikatif\b",
            r"\bkebutuhan\s+dana\b",
        ),
    ),
    ("satuan", (r"^satuan\b",)),
    ("target", (r"\btarget\b", r"\bvolume\b", r"^nilai$", r"^k$")),
    ("lokasi", (r"\blokasi\b",)),
    ("catatan", (r"\bcatatan\b", r"\bketerangan\b")),
    (
        "pd",
        (
            r"\bperangkat\s+daerah\b",
            r"\bskpd\b",
            r"\bopd\b",
            r"\bunit\s+kerja\b",
            r"\bpenanggung\s*jawab\b",
        ),
    ),
    ("indikator", (r"\bindikator\b", r"\btolok\s+ukur\b", r"^kinerja\b")),
    ("kode", (r"^kode\b", r"\bkode\s*$")),
    ("uraian", (r"\burusan\b", r"\bprogram\b", r"\bkegiatan\b", r"\buraian\b", r"\bnomenklatur\b")),
    ("nomor", (r"^no\.?$", r"^nomor$")),
)
_MAJU = re.compile(r"prakiraan|perkiraan|\bmaju\b|\bn\s*\+\s*1\b")
# A group label that says which tingkat its indicator/target columns belong to (SIPD's Renja
# "Indikator Kinerja" block: Capaian Program | Hasil Kegiatan | Keluaran Sub Kegiatan, each
# split into Tolok Ukur / Target); checked in this order. ``masukan`` (input) pairs are
# recognised and not imported.
_TINGKAT_LABEL: tuple[tuple[str, re.Pattern], ...] = (
    ("sub_kegiatan", re.compile(r"\b(keluaran|hasil|output)\s+sub\s*-?\s*kegiatan\b")),
    ("kegiatan", re.compile(r"\b(hasil|keluaran|output|outcome)\s+kegiatan\b")),
    ("program", re.compile(r"\bcapaian\s+(kinerja\s+)?program\b|\b(hasil|outcome)\s+program\b")),
    ("masukan", re.compile(r"^masukan\b")),
)
_PER_TINGKAT = ("indikator", "target", "satuan")
_YEAR_LEAF = re.compile(r"^(tahun\s*)?(20\d\d|ke-?\s*\d|n(\s*\+\s*\d)?)$")
_TAHUN = re.compile(r"\b(20\d\d)\b")
_REQUIRED = ("kode", "indikator", "target")
# roles that feed the rencana lines or the checks; the others (lokasi, sumber dana, catatan,
# Prakiraan Maju) are recognised so they are never mistaken for these, and left out
_IMPORTED = ("kode", "uraian", "indikator", "target", "satuan", "pagu", "pd")
_LOOKED_FOR = (
    "a header row in the first 40 rows with a 'Kode' column and an 'Indikator Kinerja' or "
    "'Urusan/Bidang/Program/Kegiatan/Sub Kegiatan' column, plus a 'Target' column (or, when "
    "the codes are printed inside the programme text, those three columns without 'Kode')"
)

_TOTAL = re.compile(r"^\s*(jumlah|total|grand\s+total|sub\s*total)\b", re.IGNORECASE)
_TOTAL_ONLY = re.compile(
    r"^\s*(jumlah|total|grand\s+total)(\s+(pagu|anggaran|keseluruhan|seluruhnya))?\s*:?\s*$",
    re.IGNORECASE,
)
_SIGNATURE = re.compile(
    r"^\s*(mengetahui|menyetujui|disetujui|disahkan|ditetapkan|kepala\b|sekretaris\b|bupati\b|"
    r"gubernur\b|wali\s*kota\b|walikota\b|plt\.?\b|plh\.?\b|an\.?\s|a\.n\.|ttd\b|nip\b|nip\.|"
    r"pembina\b|penata\b|pengatur\b|\(\s*tanda\s+tangan)",
    re.IGNORECASE,
)
_DATE_LINE = re.compile(
    r"^[A-Z][\w .'-]*,\s*\d{1,2}\s+(januari|februari|maret|april|mei|juni|juli|agustus|"
    r"september|oktober|november|desember)\s+\d{4}\s*$",
    re.IGNORECASE,
)
_PD_HEADING = re.compile(
    r"^\s*(dinas|badan|sekretariat|inspektorat|kantor|satuan\s+polisi|rumah\s+sakit|rsud|"
    r"kecamatan|bagian)\b",
    re.IGNORECASE,
)
_PD_TITLE = re.compile(
    r"^\s*(perangkat\s+daerah|skpd|opd|unit\s+organisasi)\s*:\s*(?P<pd>.+?)\s*$", re.IGNORECASE
)
_CODE_IN_TEXT = re.compile(
    r"^\s*'?\s*(?P<kode>\d+(?:\s*\.\s*\d+)*)\.?\s*(?:[-–:]\s*)?(?P<nama>[^\d\s].*)?$", re.S
)
_CODE_AND_NAME = re.compile(r"^\s*'?\s*(?P<kode>\d[\d.\s]*\d|\d)\s+(?P<nama>[^\d\s.].*)$", re.S)
# A target's number part (comparators and range separators as workbench.parse reads them),
# then an optional unit typed after it.
_TARGET = re.compile(
    r"^(?P<t>(?:(?:≥|>=|=>|>|≤|<=|=<|<|=|min(?:imal|imum)?\.?|maks(?:imal|imum)?\.?|"
    r"max(?:imal|imum)?\.?)\s*)?[-−+]?\d[\d.,]*"
    r"(?:\s*(?:–|—|−|-|s\s*\.\s*d\s*\.?|s\s*/\s*d\.?|sd\.?|sampai(?:\s+dengan)?|hingga)"
    r"\s*[-−+]?\d[\d.,]*)?)"
    r"\s*(?P<u>[^\d\s].*)?$",
    re.IGNORECASE | re.S,
)


class SipdImportError(WorkbenchError, ValueError):
    """The workbook cannot be imported as asked (no plan header, unknown sheet, bad option)."""


# --- report ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class LaporanImpor:
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
    def dilewati(self) -> pd.DataFrame:
        """Rows skipped: ``baris, alasan``."""
        return skipped_rows(self.baris, ["baris", "alasan"])

    @property
    def dibaca_per_tingkat(self) -> dict[str, int]:
        """Rows read per tingkat (urusan … sub_kegiatan)."""
        counts = self.baris["jenis"].value_counts()
        return {t: int(counts.get(t, 0)) for t in TINGKAT}

    def format(self) -> str:  # noqa: C901 - a flat list of report sections
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
        if len(self.subtotal):
            out.append(
                f"subtotals that differ from the sum of their sub kegiatan: {len(self.subtotal)}"
            )
            out += [
                f"  row {r.baris} {r.tingkat} {r.kode}: sheet {_rp(r.pagu_lembar)}, sub kegiatan "
                f"{_rp(r.jumlah_sub_kegiatan)} (difference {_rp(r.selisih)})"
                for r in self.subtotal.itertuples()
            ]
        else:
            out.append(
                "subtotals: every programme/kegiatan pagu equals the sum of its sub kegiatan"
            )
        if len(self.tidak_cocok):
            out.append(
                f"cells that do not pair with the indicators (left empty): {len(self.tidak_cocok)}"
            )
            out += [
                f"  row {r.baris} {r.kode}: {r.jumlah_indikator} indicator(s) but "
                f"{r.jumlah_nilai} {r.kolom} value(s): {r.isi!r}"
                for r in self.tidak_cocok.itertuples()
            ]
        if len(self.target_bukan_angka):
            out.append(
                f"targets that are not numbers (kept as written; `workbench validate` rejects "
                f"them): {len(self.target_bukan_angka)}"
            )
            out += [
                f"  row {r.baris} {r.kode}: {r.target!r}"
                for r in self.target_bukan_angka.itertuples()
            ]
        if len(self.pagu_tidak_terbaca):
            out.append(f"unreadable pagu (left empty): {len(self.pagu_tidak_terbaca)}")
            out += [
                f"  row {r.baris} {r.kode}: {r.nilai!r} ({r.alasan})"
                for r in self.pagu_tidak_terbaca.itertuples()
            ]
        if len(self.kode_tidak_dikenal):
            out.append(f"codes not in the nomenclature: {len(self.kode_tidak_dikenal)}")
            for r in self.kode_tidak_dikenal.itertuples():
                near = (
                    f"nearest {r.kode_terdekat} '{r.uraian_terdekat}'"
                    if r.kode_terdekat
                    else "no known code of that tingkat"
                )
                nama = (
                    "" if pd.isna(r.kemiripan_nama) else f", name similarity {r.kemiripan_nama:.2f}"
                )
                out.append(f"  row {r.baris} {r.tingkat} {r.kode} '{r.uraian}': {near}{nama}")
        else:
            out.append("codes: all in the nomenclature")
        if len(self.level_tidak_sesuai):
            out.append(f"codes of the wrong level of government: {len(self.level_tidak_sesuai)}")
            out += [
                f"  row {r.baris} {r.kode}: level {r.level}, expected {r.level_diharapkan}"
                for r in self.level_tidak_sesuai.itertuples()
            ]
        if len(self.duplikat):
            out.append(
                f"duplicate lines (same perangkat daerah, code, indicator): {len(self.duplikat)}"
            )
            out += [
                f"  row {r.baris} {r.kode} {r.uraian_indikator!r}: as row {r.sama_dengan_baris}"
                for r in self.duplikat.itertuples()
            ]
        tanpa = self.baris[
            (self.baris["jenis"] != "dilewati")
            & self.baris["alasan"].str.startswith("indicators on a")
        ]
        if len(tanpa):
            out.append(f"urusan/bidang rows whose indicators were not imported: {len(tanpa)}")
            out += [f"  row {r.baris} {r.jenis} {r.kode}" for r in tanpa.itertuples()]
        lain = self.baris[
            (self.baris["jenis"] != "dilewati")
            & self.baris["alasan"].str.contains(r"hold\(s\) a value on a|line\(s\) of|repeats the")
        ]
        if len(lain):
            out.append(f"rows with values in another tingkat's indicator columns: {len(lain)}")
            out += [f"  row {r.baris} {r.kode}: {r.alasan}" for r in lain.itertuples()]
        d = self.baris[self.baris["jenis"] == "dilewati"]
        if len(d):
            out.append(f"rows skipped: {len(d)}")
            out += [f"  row {r.baris}: {r.alasan}" for r in d.itertuples()]
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


# --- cell readers (used by the importer; property-tested) -----------------------------------
def _kosong(v: Any) -> bool:
    return (
        v is None
        or (isinstance(v, float) and math.isnan(v))
        or (isinstance(v, str) and not v.strip())
    )


def angka_teks(x: float) -> str:
    """A real number as Indonesian text without thousands separators: ``97.5`` → ``97,5``.

    The shortest decimal that round-trips to ``x`` (Python's repr) is used, so no digit is
    invented or lost; integers have no decimals (``4250.0`` → ``4250``).
    """
    if not math.isfinite(x):
        raise ValueError(f"not a finite number: {x!r}")
    s = np.format_float_positional(float(x), trim="-")
    return s.replace(".", ",")


def baca_angka(v: Any) -> float | None:
    """Read a money/number cell: a real number, or Indonesian text (``Rp 1.250.000.000,00``).

    Args:
        v: The cell value (int, float, str or None).

    Returns:
        The number, or None for an empty cell or a lone dash (``-``).

    Raises:
        parse.AngkaError: Text that is not a number.
    """
    if _kosong(v):
        return None
    if isinstance(v, bool):
        raise parse.AngkaError(f"not a number: {v!r}")
    if isinstance(v, int | float):
        return float(v)
    s = str(v).strip()
    s = re.sub(r"^rp\.?\s*", "", s, flags=re.IGNORECASE)
    if s in {"-", "–", "—"}:
        return None
    return float(parse.parse_angka(s))


def baca_target(v: Any) -> tuple[str, str]:
    """Split one target value into (target text as written, unit typed into it).

    ``12 Unit`` → (``12``, ``Unit``); ``100%`` → (``100``, ``%``); ``4,11–4,66 %`` →
    (``4,11–4,66``, ``%``); ``≥ 95`` → (``≥ 95``, ````); a real number 97.5 → (``97,5``, ````);
    text without a number (``WTP``) → (``WTP``, ````).
    """
    if _kosong(v):
        return "", ""
    if isinstance(v, int | float) and not isinstance(v, bool):
        return angka_teks(float(v)), ""
    s = re.sub(r"\s+", " ", str(v)).strip()
    m = _TARGET.match(s)
    if not m:
        return s, ""
    return m.group("t").strip(), (m.group("u") or "").strip()


def _split_lines(v: Any) -> list[Any]:
    """Values of a cell separated by line breaks (a real number is one value)."""
    if _kosong(v):
        return []
    if not isinstance(v, str):
        return [v]
    parts = [re.sub(r"^\s*(?:[-•*·]\s+)", "", p).strip() for p in re.split(r"\r?\n|\r", v)]
    return [p for p in parts if p]


_NUMBERED = re.compile(r"^\s*(\d{1,2})[.)]\s+(?=\S)")


def _unnumber(parts: list[Any]) -> list[Any]:
    """Drop list numbering (``1. …``, ``2) …``) when every value of a cell carries 1, 2, 3 …."""
    if len(parts) < 2 or not all(isinstance(p, str) for p in parts):
        return parts
    nums = [_NUMBERED.match(p) for p in parts]
    if not all(nums) or [int(m.group(1)) for m in nums] != list(range(1, len(parts) + 1)):
        return parts
    return [p[m.end() :] for p, m in zip(parts, nums, strict=True)]


def _huruf(c: int) -> str:
    """Excel column letter of a 0-based column index."""
    from openpyxl.utils import get_column_letter

    return get_column_letter(c + 1)


def _norm_label(v: Any) -> str:
    return re.sub(r"\s+", " ", str(v).replace("\n", " ")).strip().lower()


def _rp(x: float) -> str:
    whole, frac = f"{x:,.2f}".split(".")
    return "Rp " + whole.replace(",", ".") + ("" if frac == "00" else "," + frac)


# --- header detection ------------------------------------------------------------------------
def peran_kolom(label: str) -> str | None:
    """Role of a column from one of its labels (see :data:`SINONIM`), or None."""
    t = _norm_label(label)
    if not t:
        return None
    for peran, pola in SINONIM:
        if any(re.search(p, t) for p in pola):
            return peran
    return None


def peran_label(path: Sequence[str]) -> str | None:
    """Role of a column from its header labels, top (group) to bottom (sub-label).

    The header is read as a tree: the lowest label that names a role wins (``Target`` /
    ``Satuan`` under a ``TARGET`` group are target and satuan), and a sub-label that names
    none takes its group's role (``Nilai`` or ``2026`` under ``Target``; ``Uraian`` under
    ``Program/Kegiatan``). Every column under a ``Kode`` group is part of the code
    (``Kode / Urusan | Bidang | Program | Kegiatan | Sub Kegiatan``). An indicator, target or
    satuan column under a group naming a tingkat (``Capaian Program``, ``Hasil Kegiatan``,
    ``Keluaran Sub Kegiatan``, ``Masukan``) gets that tingkat: ``target:program`` …

    Args:
        path: The labels of one column, group first (merged repeats already removed).

    Returns:
        The role (``kode``, ``uraian``, ``indikator``, ``target``, ``satuan``, ``pagu``, ``pd``,
        ``lokasi``, ``sumber``, ``catatan``, ``nomor``, optionally ``:tingkat``), or None.
    """
    roles = [peran_kolom(x) for x in path]
    if "kode" in roles[:-1]:
        return "kode"
    p = next((r for r in reversed(roles) if r is not None), None)
    if p in _PER_TINGKAT:
        for x in path[:-1] if len(path) > 1 else ():
            t = _norm_label(x)
            tingkat = next((tk for tk, pola in _TINGKAT_LABEL if pola.search(t)), None)
            if tingkat:
                return f"{p}:{tingkat}"
    return p


def _dasar(peran: str) -> str:
    """A role without its tingkat (``target:program`` → ``target``)."""
    return peran.split(":", 1)[0]


@dataclass(frozen=True)
class _Header:
    top: int  # 0-based row index of the first header row
    bottom: int  # 0-based row index of the last header row
    nomor: int | None  # 0-based row index of the column-number row
    peran: dict[str, list[int]]  # role -> 0-based columns (kode may be several)
    label: dict[int, str]  # column -> label path "group / leaf"
    catatan: tuple[str, ...] = field(default=())

    @property
    def layout(self) -> tuple:
        return tuple(sorted((k, tuple(v)) for k, v in self.peran.items()))

    @property
    def end(self) -> int:
        return self.nomor if self.nomor is not None else self.bottom


def _row_roles(row: Sequence[Any]) -> set[str]:
    return {p for v in row if isinstance(v, str) and (p := peran_kolom(v))}


def _mentions_kode(row: Sequence[Any]) -> bool:
    """Cheap pre-check before :func:`_is_anchor` on data rows."""
    return any(isinstance(v, str) and ("kode" in (t := v.lower()) or "indikator" in t) for v in row)


def _is_anchor(row: Sequence[Any]) -> bool:
    """A header's first row: Kode with an indicator or programme column.

    Exports that print the code inside the programme text have no Kode column: for them the
    programme, indicator and target columns together make the anchor.
    """
    roles = _row_roles(row)
    with_kode = "kode" in roles and bool(roles & {"indikator", "uraian"})
    return with_kode or {"uraian", "indikator", "target"} <= roles


# a column number, possibly with the formula SIPD prints as text: "12 = 8+9+10+11", "(6)=(4)x(5)"
_NOMOR_KOLOM = re.compile(r"\(?\s*(\d{1,3})\s*\)?(?:\s*=\s*[\d\s()+\-−x×*/:]+)?")


def _is_column_numbers(row: Sequence[Any]) -> bool:
    """A row of column numbers 1, 2, 3 … (increasing; a number merged over cells repeats)."""
    nums: list[int] = []
    for v in row:
        if _kosong(v):
            continue
        if isinstance(v, bool):
            return False
        if isinstance(v, int | float) and float(v).is_integer():
            n = int(v)
        elif m := _NOMOR_KOLOM.fullmatch(str(v).strip()):
            n = int(m.group(1))
        else:
            return False
        if not nums or n != nums[-1]:
            nums.append(n)
    return len(nums) >= 3 and all(b > a for a, b in zip(nums, nums[1:], strict=False))


def _looks_like_code(v: Any) -> bool:
    if _kosong(v):
        return False
    if isinstance(v, int | float):
        return True
    return bool(re.fullmatch(r"\s*'?\s*\d[\d.\s]*", str(v)))


def _header_bottom(grid: list[list[Any]], top: int) -> int:
    """Last row of the header block that starts at ``top`` (up to 3 rows below it).

    A row below belongs to the header when the ``Kode`` cell is merged down into it, or when it
    adds labels that name a column role or a year; a code, a row of column numbers or a row
    without new labels ends the header.
    """
    kode_cols = [
        c for c, v in enumerate(grid[top]) if isinstance(v, str) and peran_kolom(v) == "kode"
    ]
    bottom = top
    for r in range(top + 1, min(top + 1 + _MAX_EXTRA_HEADER_ROWS, len(grid))):
        row, above = grid[r], grid[r - 1]
        if _is_column_numbers(row) or any(
            _looks_like_code(row[c]) for c in kode_cols if c < len(row)
        ):
            break
        # a header row adds labels: cells that differ from the row above and name a role
        new = [
            v
            for c, v in enumerate(row)
            if isinstance(v, str) and v.strip() and (c >= len(above) or v != above[c])
        ]
        merged_kode = all(c < len(row) and row[c] == grid[top][c] for c in kode_cols)
        if not merged_kode and not any(
            peran_kolom(v) or _YEAR_LEAF.match(_norm_label(v)) for v in new
        ):
            break
        bottom = r
    return bottom


def _label_path(grid: list[list[Any]], top: int, bottom: int, c: int) -> list[str]:
    """Labels of column ``c`` from the top header row down, repeats (merged cells) once."""
    path: list[str] = []
    for r in range(top, bottom + 1):
        v = grid[r][c] if c < len(grid[r]) else None
        if isinstance(v, str | int | float) and not _kosong(v):
            t = re.sub(r"\s+", " ", str(v)).strip()
            if not path or path[-1] != t:
                path.append(t)
    return path


def _header_at(grid: list[list[Any]], top: int, tahun: int | None) -> _Header:
    """Read the header block whose first row is ``top`` (an anchor row).

    A column whose labels mention *Prakiraan Maju*, *n+1* or a year after ``tahun`` is a
    year-n+1 column (``maju_target``/``maju_pagu``), never the plan year's target or pagu.
    """
    bottom = _header_bottom(grid, top)
    nomor = bottom + 1 if bottom + 1 < len(grid) and _is_column_numbers(grid[bottom + 1]) else None
    width = max(len(grid[r]) for r in range(top, bottom + 1))
    cand: dict[str, list[tuple[int, list[int]]]] = {}
    label: dict[int, str] = {}
    for c in range(width):
        path = _label_path(grid, top, bottom, c)
        if not path:
            continue
        label[c] = " / ".join(path)
        p = peran_label(path)
        if p is None:
            continue
        full = _norm_label(" ".join(path))
        years = [int(y) for y in _TAHUN.findall(full)]
        if _MAJU.search(full) or (tahun is not None and any(y > tahun for y in years)):
            p = f"maju_{p}" if _dasar(p) in {"target", "pagu"} else None
        if p is not None:
            cand.setdefault(p, []).append((c, years))
    peran, catatan = _pick_year_n(cand, label, tahun)
    return _Header(top, bottom, nomor, peran, label, tuple(catatan))


def _pick_year_n(
    cand: dict[str, list[tuple[int, list[int]]]], label: dict[int, str], tahun: int | None
) -> tuple[dict[str, list[int]], list[str]]:
    """Columns per role, preferring those naming ``tahun``, then those naming no year.

    A Renstra/RPJMD table has a target column per year: the one of ``tahun`` is the plan year's.
    """
    peran: dict[str, list[int]] = {}
    catatan: list[str] = []
    for p, cs in cand.items():
        if p.startswith("maju_") or tahun is None:
            peran[p] = [c for c, _ in cs]
            continue
        this = [c for c, ys in cs if tahun in ys]
        plain = [c for c, ys in cs if not ys]
        peran[p] = this or plain or [c for c, _ in cs]
        if not (this or plain):
            c0, ys = cs[0]
            catatan.append(f"column '{label[c0]}' names year {ys[0]}, not {tahun}")
    return peran, catatan


def _find_header(
    grid: list[list[Any]], tahun: int | None, start: int = 0, stop: int | None = None
) -> _Header | None:
    stop = min(len(grid), HEADER_SCAN_ROWS if stop is None else stop)
    for r in range(start, stop):
        if _is_anchor(grid[r]):
            return _header_at(grid, r, tahun)
    return None


def _missing_roles(h: _Header) -> list[str]:
    # without a Kode column the code is read from the start of the programme/kegiatan text;
    # indicator and target columns may be per tingkat (Capaian Program, Hasil Kegiatan …)
    have = {p if _dasar(p) == p or p.endswith(":masukan") else _dasar(p) for p in h.peran}
    return [p for p in _REQUIRED if p not in have and not (p == "kode" and "uraian" in have)]


def _missing_text(h: _Header, tahun: int, suffix: str = "") -> str:
    """The missing roles, with a hint when a target column was set aside for naming a later year."""
    missing = _missing_roles(h)
    hint = ""
    later = [c for c in h.peran.get("maju_target", []) if not _MAJU.search(_norm_label(h.label[c]))]
    if "target" in missing and later:
        hint = (
            f" ('{h.label[later[0]]}' names a year after {tahun} and was read as year n+1: "
            "is --tahun right?)"
        )
    return " / ".join(missing) + suffix + hint


# --- reading a workbook ------------------------------------------------------------------------
@dataclass
class _Sheet:
    name: str
    rows: list[tuple]  # raw values
    grid: list[list[Any]]  # merged cells filled
    header: _Header | None


def _open(path: Path):
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    if not path.exists():
        raise SipdImportError(f"{path}: file not found")
    if path.suffix.lower() == ".xls":
        raise SipdImportError(
            f"{path.name}: the old .xls format cannot be read; open it in Excel or LibreOffice "
            "and save it as .xlsx"
        )
    try:
        return load_workbook(path, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as err:
        raise SipdImportError(f"{path.name}: not a readable .xlsx workbook ({err})") from err


def _read_sheet(ws, tahun: int | None) -> _Sheet:
    rows = [tuple(r) for r in ws.iter_rows(values_only=True)]
    grid = fill_merged(rows, ws.merged_cells.ranges)
    return _Sheet(ws.title, rows, grid, _find_header(grid, tahun))


def _choose_sheet(wb, path: Path, sheet: str | None, tahun: int | None) -> tuple[_Sheet, list[str]]:
    names = wb.sheetnames
    if sheet is not None:
        if sheet not in names:
            raise SipdImportError(
                f"{path.name}: no sheet named '{sheet}'; the sheets are: "
                + ", ".join(f"'{n}'" for n in names)
            )
        s = _read_sheet(wb[sheet], tahun)
        _require_header(s, path, tahun)
        return s, [f"sheet chosen with --sheet; the workbook has {len(names)} sheet(s)"]
    notes: list[str] = []
    tried: list[str] = []
    for name in names:
        s = _read_sheet(wb[name], tahun)
        if s.header is not None and not _missing_roles(s.header):
            if len(names) > 1:
                notes.append(f"first plan-like sheet of {len(names)} (use --sheet to pick another)")
            notes += [f"sheet '{t}' not imported: {why}" for t, why in tried]
            rest = [n for n in names if n != name and n not in {t for t, _ in tried}]
            notes += [f"sheet '{n}' not looked at (after the chosen one)" for n in rest]
            return s, notes
        why = (
            "no plan header"
            if s.header is None
            else f"header at row {s.header.top + 1} lacks {_missing_text(s.header, tahun)}"
        )
        tried.append((name, why))
    raise SipdImportError(
        f"{path.name}: no sheet looks like an RKPD/Renja table; looked for {_LOOKED_FOR}. "
        "Sheets: " + "; ".join(f"'{n}' ({why})" for n, why in tried)
    )


def _require_header(s: _Sheet, path: Path, tahun: int | None) -> None:
    if s.header is None:
        raise SipdImportError(
            f"{path.name}, sheet '{s.name}': not an RKPD/Renja table; looked for {_LOOKED_FOR}"
        )
    missing = _missing_roles(s.header)
    if missing:
        found = "; ".join(
            f"{_huruf(c)} '{s.header.label[c]}' → {p}"
            for p, cs in s.header.peran.items()
            for c in cs
        )
        raise SipdImportError(
            f"{path.name}, sheet '{s.name}': the header at row {s.header.top + 1} has no "
            f"{_missing_text(s.header, tahun, ' column')} (columns recognised: {found}); "
            f"looked for {_LOOKED_FOR}"
        )


# --- the title block: what the sheet says it is ----------------------------------------------
# Document names, longest first so that "Rencana Kerja Pemerintah Daerah" is never read as a
# Renja ("Rencana Kerja Perangkat Daerah") or the reverse.
_DOKUMEN_POLA: tuple[tuple[str, re.Pattern], ...] = (
    ("RPJMD", re.compile(r"\brencana\s+pembangunan\s+jangka\s+menengah\s+daerah\b|\brpjmd\b")),
    ("RENSTRA", re.compile(r"\brencana\s+strategis\b|\brenstra\b")),
    (
        "RKPD",
        re.compile(r"\brencana\s+kerja\s+pemerintah(?:an)?\s+daerah\b|\brkpd\b"),
    ),
    (
        "RENJA",
        re.compile(
            r"\brencana\s+kerja\s+(?:\(\s*renja\s*\)\s+)?(?:perangkat\s+daerah|skpd|opd)\b"
            r"|\brencana\s+program\s+dan\s+kegiatan\s+perangkat\s+daerah\b|\brenja\b"
        ),
    ),
)
_BULAN = "januari|februari|maret|april|mei|juni|juli|agustus|september|oktober|november|desember"
# years that are not the plan year: dates, regulation numbers, the n+1 of "Prakiraan Maju"
_BUKAN_TAHUN_RENCANA = re.compile(
    rf"\b\d{{1,2}}\s+(?:{_BULAN})\s+20\d\d\b"
    r"|\b(?:nomor|no\.?)\s*[\w./-]+\s+tahun\s+20\d\d\b"
    r"|\d\s*/\s*20\d\d\b"
    r"|\b(?:prakiraan|perkiraan)\s+maju(?:\s+rencana)?(?:\s+tahun)?\s+20\d\d\b"
)
_PERIODE = re.compile(
    r"\b(20\d\d)\s*(?:-|–|—|s\.?\s*/?\s*d\.?|sampai(?:\s+dengan)?|hingga)\s*(20\d\d)\b"
)
_TAHUN_TEKS = re.compile(r"\b(20\d\d)\b")
_PD_JUDUL = re.compile(
    r"\b(?:dinas|badan|sekretariat|inspektorat|satuan\s+polisi|rumah\s+sakit|rsud|kecamatan|"
    r"kantor)\b.*",
    re.IGNORECASE,
)
# where a perangkat daerah name in a title line stops ("DINAS KESEHATAN PROVINSI …")
_PD_AKHIR = re.compile(
    r"\s*[;(]|\s+(?:provinsi|prov\.|kabupaten|kab\.|kota|pemerintah|tahun|ta\.)(?:\s|$)",
    re.IGNORECASE,
)
_NAMA_PEMDA = re.compile(
    r"\b(provinsi|kabupaten|kab\.|kota)\s+(?!tahun\b)[a-z]+(\s+(?!tahun\b)[a-z]+)?", re.I
)
_KECIL = {"dan", "serta", "atau", "pada", "untuk", "dari", "di", "ke"}
_SINGKATAN = {
    "RSUD", "UPT", "UPTD", "DPRD", "SKPD", "OPD", "PPKB", "KB", "PUPR", "PUPRPKP", "PMD", "DP3A",
    "P3A", "PPPA", "DPMPTSP", "BPKAD", "BPBD", "BKPSDM", "ESDM", "SDM", "UMKM", "KUKM", "BAPPEDA",
    "BAPPERIDA", "PERKIM", "PKP", "PTSP",
}  # fmt: skip


@dataclass(frozen=True)
class Kenal:
    """What one sheet of a workbook is: a plan table or not, and the metadata it names.

    Attributes:
        berkas: The workbook's file name.
        sheet: The sheet's name.
        rencana: True when the sheet holds a plan table the importer can read (a header with
            code, indicator and target columns).
        baris_header: First header row (1-based), or None.
        dokumen: RKPD, RENJA, RENSTRA or RPJMD named in the title block, else None.
        wilayah: Kemendagri code of the government named (``62``, ``62.06``), else None.
        tahun: The plan year named (or, without one in the title, the year of the header's
            year-n columns), else None.
        perangkat_daerah: The perangkat daerah named in the title block, else None.
        asal: Per field found, where it was read (``title row 1: '…'``).
        masalah: Per field not found, why (not named, or named ambiguously).
        alasan: Why the sheet is, or is not, a plan table.
    """

    berkas: str
    sheet: str
    rencana: bool
    baris_header: int | None
    dokumen: str | None
    wilayah: str | None
    tahun: int | None
    perangkat_daerah: str | None
    asal: dict[str, str]
    masalah: dict[str, str]
    alasan: str

    @property
    def lengkap(self) -> bool:
        """Dokumen, wilayah and tahun were all detected (an import needs no option)."""
        return None not in (self.dokumen, self.wilayah, self.tahun)

    def format(self) -> str:
        """One paragraph: the sheet, what it is, each field with its source or problem."""
        kind = f"{self.dokumen or 'plan'} table" if self.rencana else "not a plan table"
        out = [f"{self.berkas}, sheet '{self.sheet}': {kind} ({self.alasan})"]
        for f in ("dokumen", "wilayah", "tahun", "perangkat_daerah"):
            v = getattr(self, f)
            if v is not None:
                out.append(f"  {f} {_nilai_teks(f, v)}: {self.asal[f]}")
            elif f in self.masalah:
                out.append(f"  {f}: {self.masalah[f]}")
        return "\n".join(out)


def _nilai_teks(f: str, v: Any) -> str:
    if f == "wilayah":
        return f"{v} ({_nama_wilayah(v)})"
    return str(v)


def _nama_wilayah(kode: str) -> str:
    from workbench.reference import load_wilayah

    w = load_wilayah()
    nama = dict(zip(w["kode"], w["nama"], strict=True))
    return nama.get(kode, kode)


def _baris_judul(grid: list[list[Any]], stop: int, asal: str) -> list[tuple[str, str]]:
    """Text lines of rows ``0..stop-1``: (where, text); a merged title counts once."""
    out = []
    for r in range(min(stop, len(grid))):
        seen: list[str] = []
        for v in grid[r]:
            if isinstance(v, str) and v.strip():
                t = re.sub(r"\s+", " ", v).strip()
                if t not in seen:
                    seen.append(t)
        if seen:
            out.append((f"{asal} row {r + 1}", " ".join(seen)))
    return out


def _kutip(where: str, text: str) -> str:
    return f"{where}: {text[:90]!r}"


def _deteksi_dokumen(lines: list[tuple[str, str]]) -> tuple[str | None, str]:
    """(document, where) or (None, why)."""
    found: dict[str, str] = {}
    for where, text in lines:
        t = text.lower()
        for dok, pola in _DOKUMEN_POLA:
            if pola.search(t):
                found.setdefault(dok, _kutip(where, text))
                t = pola.sub(" ", t)
    if len(found) == 1:
        ((dok, where),) = found.items()
        return dok, where
    if found:
        return None, "the title block names several documents: " + "; ".join(
            f"{d} ({w})" for d, w in found.items()
        )
    return None, (
        "the title block names no document (looked for RKPD, Renja, Renstra, RPJMD and their "
        "full names such as 'Rencana Kerja Perangkat Daerah')"
    )


def _pola_wilayah() -> list[tuple[str, re.Pattern]]:
    """Ambiguous name stems (``Kotawaringin`` without Barat or Timur) of the reference."""
    from workbench.reference import load_wilayah

    w = load_wilayah()
    by_stem: dict[str, list[tuple[str, str]]] = {}
    for nama, jenis in zip(w["nama"], w["jenis"], strict=True):
        words = re.sub(r"^(provinsi|kabupaten|kota)\s+", "", nama.lower()).split()
        if jenis == "Kabupaten" and len(words) > 1:
            by_stem.setdefault(words[0], []).append((words[1], nama))
    return [
        (
            f"'{stem.title()}' without " + " or ".join(s.title() for s, _ in rest),
            re.compile(rf"\b{stem}\b(?!\s*(?:{'|'.join(s for s, _ in rest)})\b)"),
        )
        for stem, rest in by_stem.items()
        if len(rest) > 1
    ]


@lru_cache(maxsize=1)
def _pencocok_wilayah():
    from workbench.reference import load_wilayah
    from workbench.wilayah_nama import PencocokWilayah

    return PencocokWilayah(load_wilayah())


def _sebutan(text: str) -> list[tuple[str, str]]:
    """(code, how) of the governments a title line names; how: province, kab/kota or weak.

    Names and abbreviations are matched by :class:`~workbench.wilayah_nama.PencocokWilayah`
    (the importers' matcher); a Kota named without ``Kota`` is weak (Palangka Raya is also
    the province's capital, named in addresses).
    """
    p = _pencocok_wilayah()
    out = []
    for kode, cara in p.disebut(text):
        jenis = p.jenis[kode]
        if jenis == "Provinsi":
            out.append((kode, "province"))
        elif jenis == "Kota" and cara == "nama":
            out.append((kode, "weak"))
        else:
            out.append((kode, "kab/kota"))
    return out


def _deteksi_wilayah(lines: list[tuple[str, str]]) -> tuple[str | None, str]:
    """(Kemendagri code, where) or (None, why); a kab/kota named wins over the province."""
    stems = _pola_wilayah()
    found: dict[str, dict[str, str]] = {"province": {}, "kab/kota": {}, "weak": {}}
    samar: list[str] = []
    for where, text in lines:
        t = re.sub(r"\bkota\s+waringin", "kotawaringin", re.sub(r"\s+", " ", text.lower()))
        for kode, how in _sebutan(t):
            found[how].setdefault(kode, _kutip(where, text))
        samar += [f"{what} ({_kutip(where, text)})" for what, p in stems if p.search(t)]
    kab = found["kab/kota"]
    if len(kab) > 1:
        return None, "the title block names several governments: " + "; ".join(
            f"{k} {_nama_wilayah(k)} ({w})" for k, w in kab.items()
        )
    if kab:
        ((kode, where),) = kab.items()
        return kode, where
    if samar:
        return None, "the title block names a government ambiguously: " + "; ".join(samar)
    if found["province"]:
        ((kode, where),) = found["province"].items()
        return kode, where
    if found["weak"]:
        ((kode, where),) = found["weak"].items()
        return kode, where
    other = next(
        ((where, m.group(0)) for where, text in lines if (m := _NAMA_PEMDA.search(text))),
        None,
    )
    if other:
        return None, (
            f"the title block names '{other[1]}' ({other[0]}), not a government of the wilayah "
            "reference (Provinsi Kalimantan Tengah and its 14 kabupaten/kota)"
        )
    return None, (
        "the title block names no government (looked for Provinsi Kalimantan Tengah and the "
        "names of its 14 kabupaten/kota)"
    )


def _deteksi_tahun(lines: list[tuple[str, str]]) -> tuple[int | None, str, bool]:
    """(year, where, ambiguous); a period (``2025–2029``) alone is no plan year."""
    years: dict[int, str] = {}
    periods: dict[tuple[int, int], str] = {}
    for where, text in lines:
        t = _BUKAN_TAHUN_RENCANA.sub(" ", text.lower())
        for m in _PERIODE.finditer(t):
            periods.setdefault((int(m.group(1)), int(m.group(2))), _kutip(where, text))
        t = _PERIODE.sub(" ", t)
        for y in _TAHUN_TEKS.findall(t):
            years.setdefault(int(y), _kutip(where, text))
    if len(years) == 1:
        ((y, where),) = years.items()
        return y, where, False
    if years:
        return (
            None,
            "the title block names several years: "
            + "; ".join(f"{y} ({w})" for y, w in sorted(years.items())),
            True,
        )
    if periods:
        return (
            None,
            "the title block names the period "
            + "; ".join(f"{a}–{b} ({w})" for (a, b), w in periods.items())
            + ", not one plan year",
            False,
        )
    return None, "the title block names no year", False


def _rapikan_pd(text: str) -> str:
    """A perangkat daerah name as written, or title-cased when written in capitals."""
    text = re.sub(r"\s+", " ", text).strip(" .,:;-")
    if not text.isupper():
        return text
    words = []
    for i, wd in enumerate(text.split(" ")):
        if wd in _SINGKATAN or not re.search(r"[AIUEO]", wd):
            words.append(wd)
        elif i and wd.lower() in _KECIL:
            words.append(wd.lower())
        else:
            words.append(wd.capitalize())
    return " ".join(words)


def _deteksi_pd(lines: list[tuple[str, str]]) -> tuple[str | None, str]:
    """(perangkat daerah, where) or (None, why): ``Perangkat Daerah: …`` or a ``Dinas …`` line."""
    for where, text in lines:
        if m := _PD_TITLE.match(text):
            return _rapikan_pd(m.group("pd")), _kutip(where, text)
    found: dict[str, str] = {}
    for where, text in lines:
        if m := _PD_JUDUL.search(text):
            name = _PD_AKHIR.split(m.group(0), maxsplit=1)[0]
            if len(name.split()) >= 2:
                found.setdefault(_rapikan_pd(name), _kutip(where, text))
    if len(found) == 1:
        ((pd_, where),) = found.items()
        return pd_, where
    if found:
        return None, "the title block names several perangkat daerah: " + "; ".join(
            f"{p!r} ({w})" for p, w in found.items()
        )
    return None, "the title block names no perangkat daerah"


def _tahun_header(h: _Header) -> tuple[int | None, str]:
    """The year of the header's year-n target/pagu columns (``Rencana Tahun 2026``), if one."""
    years: dict[int, str] = {}
    for p, cs in h.peran.items():
        if _dasar(p) in ("target", "pagu"):
            for c in cs:
                for y in _TAHUN_TEKS.findall(h.label[c]):
                    years.setdefault(int(y), h.label[c])
    if len(years) == 1:
        ((y, lab),) = years.items()
        return y, f"header row {h.top + 1}: column '{lab}'"
    if years:
        return None, "the header has target/pagu columns of several years (" + ", ".join(
            map(str, sorted(years))
        ) + ")"
    return None, "the header names no year"


_DETEKTOR = (
    ("dokumen", _deteksi_dokumen),
    ("wilayah", _deteksi_wilayah),
    ("perangkat_daerah", _deteksi_pd),
)


def _samar(why: str) -> bool:
    """A detector's reason says the title named a value ambiguously (not merely not at all)."""
    return why.startswith("the title block names several") or "ambiguously" in why


def _deteksi(
    title: list[tuple[str, str]], cover: list[tuple[str, str]], h: _Header | None
) -> tuple[dict[str, Any], dict[str, str], dict[str, str]]:
    """Values, their sources and the problems: title block first, then cover, then header.

    A value named ambiguously in the title block is not looked for elsewhere.
    """
    nilai: dict[str, Any] = {}
    asal: dict[str, str] = {}
    masalah: dict[str, str] = {}
    for f, fn in _DETEKTOR:
        v, why = fn(title)
        if v is None and not _samar(why) and cover:
            v2, why2 = fn(cover)
            if v2 is not None:
                v, why = v2, why2
        if v is not None:
            nilai[f], asal[f] = v, why
        else:
            masalah[f] = why
    y, why, ambiguous = _deteksi_tahun(title)
    if y is None and not ambiguous and cover:
        y2, why2, _ = _deteksi_tahun(cover)
        y, why = (y2, why2) if y2 is not None else (y, why)
    if y is None and not ambiguous and h is not None:
        y3, why3 = _tahun_header(h)
        y, why = (y3, why3) if y3 is not None else (y, f"{why}; {why3}")
    if y is not None:
        nilai["tahun"], asal["tahun"] = y, why
    else:
        masalah["tahun"] = why
    return nilai, asal, masalah


def _kenali_grid(
    berkas: str,
    name: str,
    grid: list[list[Any]],
    h: _Header | None,
    cover: list[tuple[str, str]],
) -> Kenal:
    """Detect a sheet's metadata from its title block, then from the cover sheets before it."""
    top = h.top if h is not None else min(len(grid), HEADER_SCAN_ROWS)
    title = _baris_judul(grid, top, "title" if h is not None else f"sheet '{name}'")
    nilai, asal, masalah = _deteksi(title, cover, h)
    if h is None:
        ok, alasan = False, "no plan header in the first 40 rows"
    elif miss := _missing_roles(h):
        ok, alasan = False, f"header at row {h.top + 1} lacks {' / '.join(miss)}"
    else:
        ok, alasan = True, f"plan header at row {h.top + 1}"
    return Kenal(
        berkas=berkas,
        sheet=name,
        rencana=ok,
        baris_header=None if h is None else h.top + 1,
        dokumen=nilai.get("dokumen"),
        wilayah=nilai.get("wilayah"),
        tahun=nilai.get("tahun"),
        perangkat_daerah=nilai.get("perangkat_daerah"),
        asal=asal,
        masalah=masalah,
        alasan=alasan,
    )


def kenali(source: str | Path | Any, *, berkas: str | None = None) -> list[Kenal]:
    """Say for every sheet of a workbook whether it is a plan table and what it names.

    A sheet is a plan table (RKPD, Renja, Renstra, RPJMD) when it has a header the importer
    reads (code, indicator and target columns). Dokumen, wilayah, tahun and perangkat daerah
    are read from the title block above the header (conventions: module doc), and for what the
    title lacks, from the sheets before it that are not plan tables (a cover sheet).

    Args:
        source: Path of an .xlsx workbook, or an open openpyxl Workbook (loaded with
            ``data_only=True`` and not ``read_only``, so merged cells are known).
        berkas: File name to report for an open workbook (default: ``"workbook"``).

    Returns:
        One :class:`Kenal` per sheet, in workbook order.

    Raises:
        SipdImportError: The file is missing or not a readable .xlsx workbook.
    """
    if isinstance(source, str | Path):
        path = Path(source)
        wb, berkas = _open(path), path.name
    else:
        wb, berkas = source, berkas or "workbook"
    out: list[Kenal] = []
    cover: list[tuple[str, str]] = []
    for name in wb.sheetnames:
        s = _read_sheet(wb[name], None)
        k = _kenali_grid(berkas, name, s.grid, s.header, cover)
        out.append(k)
        if not k.rencana:
            cover += _baris_judul(s.grid, HEADER_SCAN_ROWS, f"sheet '{name}'")
    return out


# --- the walk -----------------------------------------------------------------------------------
@dataclass
class _Node:
    baris: int
    kode: str
    tingkat: str
    pagu: float | None
    pd: str
    jumlah: float = 0.0
    anak: int = 0


@dataclass
class _Walk:
    """Mutable state of one pass over the table rows."""

    h: _Header
    wilayah: str
    dokumen: str
    tahun: int
    pd_default: str
    grid: list[list[Any]] = field(default_factory=list)  # merged cells filled
    lines: list[dict] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)
    stack: list[_Node] = field(default_factory=list)
    subtotal: list[dict] = field(default_factory=list)
    totals: list[dict] = field(default_factory=list)
    tidak_cocok: list[dict] = field(default_factory=list)
    bukan_angka: list[dict] = field(default_factory=list)
    pagu_salah: list[dict] = field(default_factory=list)
    coded: list[dict] = field(default_factory=list)
    tabel_lain: list[str] = field(default_factory=list)
    pd_heading: str = ""
    induk: dict[tuple, int] = field(default_factory=dict)  # per-tingkat lines seen → row
    kode_dibaca: set[str] = field(default_factory=set)  # codes of the rows read
    last: dict | None = None  # the last programme/kegiatan/sub kegiatan row written
    ended: bool = False
    pagu_segmen: float = 0.0
    pagu_total: float = 0.0

    def cell(self, row: Sequence[Any], peran: str, tingkat: str | None = None) -> Any:
        """The cell of ``peran`` (the column of ``tingkat`` when the header has one per tingkat)."""
        cols = self.h.peran.get(f"{peran}:{tingkat}") if tingkat else None
        cols = cols or self.h.peran.get(peran)
        if not cols:
            return None
        c = cols[0]
        return row[c] if c < len(row) else None

    def huruf(self, peran: str) -> str:
        """Column letter(s) of ``peran`` (``A–E`` for a code over five cells)."""
        cs = self.h.peran.get(peran) or [
            c for p, v in self.h.peran.items() if _dasar(p) == peran for c in v
        ]
        if not cs:
            return "?"
        return _huruf(cs[0]) if len(cs) == 1 else f"{_huruf(cs[0])}–{_huruf(cs[-1])}"

    def cells(self, row: Sequence[Any], peran: str) -> list[Any]:
        """Every non-empty cell of ``peran`` in any tingkat (``masukan`` excluded)."""
        cols = [
            c
            for p, cs in self.h.peran.items()
            if _dasar(p) == peran and not p.endswith(":masukan")
            for c in cs[:1]
        ]
        return [row[c] for c in cols if c < len(row) and not _kosong(row[c])]

    def skip(self, r: int, alasan: str, kode: str = "") -> None:
        self.rows.append({"baris": r + 1, "jenis": "dilewati", "kode": kode, "alasan": alasan})

    def close(self, level: int) -> None:
        """Close the open hierarchy nodes at ``level`` or deeper; compare their subtotals."""
        while self.stack and _URUTAN[self.stack[-1].tingkat] >= level:
            n = self.stack.pop()
            if n.tingkat == "sub_kegiatan" or n.pagu is None:
                continue
            if abs(n.pagu - n.jumlah) > _TOLERANSI_RP:
                self.subtotal.append(
                    {
                        "baris": n.baris,
                        "kode": n.kode,
                        "tingkat": n.tingkat,
                        "pagu_lembar": n.pagu,
                        "jumlah_sub_kegiatan": n.jumlah,
                        "selisih": n.pagu - n.jumlah,
                    }
                )

    def pd_for(self, own: str) -> str:
        if own:
            return own
        for n in reversed(self.stack):
            if n.pd:
                return n.pd
        return self.pd_heading or self.pd_default


def _kode_teks(v: Any) -> str:
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() else repr(v)
    return str(v).strip()


def _raw_code(w: _Walk, row: Sequence[Any]) -> str:
    """The code of a row; a code spread over several Kode cells is joined with dots.

    Each cell holds its segment (``1 | 01 | 02 | 2.01 | 0047``) or the code so far
    (``1 | 1.01 | 1.01.02 | …``): a cell that repeats the code so far replaces it.
    """
    cols = w.h.peran.get("kode", [])
    parts = [_kode_teks(row[c]) for c in cols if c < len(row) and not _kosong(row[c])]
    parts = [p.strip().strip("'").strip() for p in parts]
    if len(parts) <= 1:
        return parts[0] if parts else ""
    kode = ""
    for p in (p.strip(".") for p in parts):
        if not p:
            continue
        if kode and (p == kode or p.startswith(kode + ".")):
            kode = p
        else:
            kode = f"{kode}.{p}" if kode else p
    return kode


def _row_text(row: Sequence[Any]) -> str:
    return " ".join(re.sub(r"\s+", " ", str(v)).strip() for v in row if not _kosong(v))


def _walk_rows(w: _Walk, sheet: _Sheet, start: int, stop: int) -> None:  # noqa: C901
    grid, rows = sheet.grid, sheet.rows
    r = start
    while r < stop:
        row = rows[r]
        if all(_kosong(v) for v in row):
            w.skip(r, "blank row")
            r += 1
            continue
        if _mentions_kode(grid[r]) and _is_anchor(grid[r]):
            h2 = _header_at(grid, r, w.tahun)
            if h2.layout == w.h.layout:
                for rr in range(r, h2.end + 1):
                    w.skip(rr, f"repeated header (same columns as row {w.h.top + 1})")
                w.tabel_lain.append(
                    f"a second header with the same columns at row {r + 1}: its rows are imported "
                    "as part of the same table"
                )
                w.ended = False
                r = h2.end + 1
                continue
            w.close(0)
            w.tabel_lain.append(
                f"a second table with different columns starts at row {r + 1} "
                f"(rows {r + 1}–{stop}): not imported; split it into its own sheet to import it"
            )
            for rr in range(r, stop):
                if not all(_kosong(v) for v in rows[rr]):
                    w.skip(rr, f"second table (header at row {r + 1}), not imported")
                else:
                    w.skip(rr, "blank row")
            return
        _one_row(w, r, row)
        r += 1


def _one_row(w: _Walk, r: int, row: Sequence[Any]) -> None:  # noqa: C901
    raw = _raw_code(w, row)
    uraian = w.cell(row, "uraian")
    uraian = re.sub(r"\s+", " ", str(uraian)).strip() if not _kosong(uraian) else ""
    if "kode" not in w.h.peran and (m := _CODE_IN_TEXT.match(uraian)):
        raw, uraian = m.group("kode"), (m.group("nama") or "").strip()
    if raw and not re.match(r"\s*'?\s*\d", raw):
        # text in the code column (a label such as "JUMLAH" or a table title typed there)
        uraian, raw = (uraian or raw), ""
    if raw:
        kode = None
        try:
            kode = parse.normalize_code(raw)
        except parse.CodeError as err:
            m = _CODE_AND_NAME.match(raw)
            if m:
                try:
                    kode = parse.normalize_code(m.group("kode"))
                    uraian = uraian or m.group("nama").strip()
                except parse.CodeError:
                    kode = None
            if kode is None:
                w.last = None  # the rows continuing it must not be glued to the line before
                w.skip(r, f"unreadable code {raw!r} in column {w.huruf('kode')}: {err}", raw)
                return
        _coded_row(w, r, row, kode, uraian)
        return
    text = _row_text(row)
    label = uraian or _label(w, row)
    ind = " ".join(str(v).strip() for v in w.cells(row, "indikator"))
    if (label and _TOTAL.match(label)) or _TOTAL_ONLY.match(ind):
        _total_row(w, r, row, label or ind)
        return
    if (
        w.ended
        or (label and (_SIGNATURE.match(label) or _DATE_LINE.match(label)))
        or (
            not label
            and ind
            and not w.cells(row, "target")
            and _kosong(w.cell(row, "pagu"))
            and (_SIGNATURE.match(ind) or _DATE_LINE.match(ind))
        )
    ):
        w.ended = True
        w.last = None
        w.skip(r, f"signature block or text after the table: {text[:60]!r}")
        return
    if _has_ind(w, row) and not uraian:
        _continuation(w, r, row)
        return
    if label and _PD_HEADING.match(label) and not _has_ind(w, row):
        w.pd_heading = label
        w.rows.append(
            {
                "baris": r + 1,
                "jenis": "perangkat_daerah",
                "kode": "",
                "alasan": f"perangkat daerah heading carried down: {label!r}",
            }
        )
        return
    w.skip(r, f"no code and not an indicator continuation: {text[:60]!r}")


_NOT_LABEL = ("indikator", "target", "satuan", "pagu", "maju_target", "maju_pagu")


def _label(w: _Walk, row: Sequence[Any]) -> str:
    """First text of a row outside the indicator/target/pagu columns (a row's label)."""
    skip = {c for p, cs in w.h.peran.items() if _dasar(p) in _NOT_LABEL for c in cs}
    for c, v in enumerate(row):
        if c not in skip and isinstance(v, str) and v.strip():
            return re.sub(r"\s+", " ", v).strip()
    return ""


def _has_ind(w: _Walk, row: Sequence[Any]) -> bool:
    return bool(w.cells(row, "indikator") or w.cells(row, "target"))


def _total_row(w: _Walk, r: int, row: Sequence[Any], label: str) -> None:
    w.close(0)
    w.ended = True
    w.last = None
    try:
        nilai = baca_angka(w.cell(row, "pagu"))
    except parse.AngkaError as err:
        w.skip(r, f"total row with an unreadable pagu {w.cell(row, 'pagu')!r}: {err}")
        return
    if nilai is None:
        w.skip(r, f"total row {label[:40]!r} without a pagu value (a formula never calculated?)")
        return
    w.skip(r, f"total row {label[:40]!r}")
    seg, cum = w.pagu_segmen, w.pagu_total
    dibaca = (
        cum if (abs(nilai - cum) <= _TOLERANSI_RP and abs(nilai - seg) > _TOLERANSI_RP) else seg
    )
    w.totals.append(
        {
            "baris": r + 1,
            "label": label[:40],
            "total_lembar": nilai,
            "pagu_dibaca": dibaca,
            "selisih": nilai - dibaca,
        }
    )
    w.pagu_segmen = 0.0


def _coded_row(w: _Walk, r: int, row: Sequence[Any], kode: str, uraian: str) -> None:
    tingkat = parse.code_tingkat(kode)
    w.ended = False
    w.close(_URUTAN[tingkat])
    # a perangkat daerah cell merged down over several rows belongs to each of them
    pd_own = w.cell(w.grid[r] if r < len(w.grid) else row, "pd")
    pd_own = re.sub(r"\s+", " ", str(pd_own)).strip() if not _kosong(pd_own) else ""
    try:
        pagu = baca_angka(w.cell(row, "pagu"))
    except parse.AngkaError as err:
        w.pagu_salah.append(
            {
                "baris": r + 1,
                "kode": kode,
                "nilai": w.cell(row, "pagu"),
                "alasan": f"column {w.huruf('pagu')}: {err}",
            }
        )
        pagu = None
    pd_line = w.pd_for(pd_own)
    node = _Node(r + 1, kode, tingkat, pagu, pd_own)
    w.rows.append({"baris": r + 1, "jenis": tingkat, "kode": kode, "alasan": ""})
    w.coded.append({"baris": r + 1, "kode": kode, "tingkat": tingkat, "uraian": uraian})
    w.kode_dibaca.add(kode)
    if tingkat == "sub_kegiatan" and pagu is not None:
        for n in w.stack:
            n.jumlah += pagu
            n.anak += 1
        w.pagu_segmen += pagu
        w.pagu_total += pagu
    w.stack.append(node)
    if tingkat in ("urusan", "bidang"):
        w.last = None
        if _has_ind(w, row):
            w.rows[-1]["alasan"] = f"indicators on a {tingkat} row are not plan lines: not imported"
        return
    ctx = {"baris": r + 1, "kode": kode, "tingkat": tingkat, "pd": pd_line}
    w.last = ctx
    _lain_tingkat(w, r, row, ctx)
    _emit(w, r, row, ctx, pagu if tingkat == "sub_kegiatan" else None, first=True)


_INDUK = {"program": 3, "kegiatan": 5}  # segments of a parent code of that tingkat


def _kunci(w: _Walk, row: Sequence[Any], tk: str, kode: str) -> tuple:
    """A line's identity in a per-tingkat layout: code and its tingkat's indicator cells."""
    return (kode, *(str(w.cell(row, role, tk)) for role in _PER_TINGKAT))


def _lain_tingkat(w: _Walk, r: int, row: Sequence[Any], ctx: dict) -> None:
    """Indicators in another tingkat's columns (Capaian Program | Hasil Kegiatan | Keluaran).

    A flat export repeats the programme's Capaian Program and the kegiatan's Hasil Kegiatan on
    each sub kegiatan row: a higher tingkat's columns become lines of the parent code (the
    code's first 3 or 5 segments), once per parent and indicator cell (later repeats, and
    repeats of the parent's own row, are noted, not written again). A lower tingkat's columns
    (Keluaran Sub Kegiatan on a programme row) are reported and not imported.
    """
    own = ctx["tingkat"]
    if any(p.endswith(f":{own}") for p in w.h.peran):
        w.induk.setdefault(_kunci(w, row, own, ctx["kode"]), r + 1)
    notes = []
    for tk in ("program", "kegiatan", "sub_kegiatan"):
        cols = [
            c
            for p, cs in w.h.peran.items()
            if p.endswith(f":{tk}") and _dasar(p) in _PER_TINGKAT
            for c in cs[:1]
        ]
        filled = [c for c in cols if c < len(row) and not _kosong(row[c])]
        if tk == own or not filled:
            continue
        where = ", ".join(f"{w.h.label[c]!r} (column {_huruf(c)})" for c in filled)
        if _URUTAN[tk] > _URUTAN[own]:
            notes.append(f"{where} hold(s) a value on a {own} row: not imported")
            continue
        induk = ".".join(ctx["kode"].split(".")[: _INDUK[tk]])
        key = _kunci(w, row, tk, induk)
        if key in w.induk:
            notes.append(f"repeats the {tk} {induk} indicators of row {w.induk[key]}")
            continue
        w.induk[key] = r + 1
        n0 = len(w.lines)
        _emit(
            w, r, row, {"baris": r + 1, "kode": induk, "tingkat": tk, "pd": ctx["pd"]}, None, True
        )
        if induk not in w.kode_dibaca:
            w.coded.append({"baris": r + 1, "kode": induk, "tingkat": tk, "uraian": ""})
            w.kode_dibaca.add(induk)
        notes.append(f"{where}: {len(w.lines) - n0} line(s) of {tk} {induk} written")
    if notes:
        w.rows[-1]["alasan"] = "; ".join(notes)


def _continuation(w: _Walk, r: int, row: Sequence[Any]) -> None:
    if w.last is None:
        w.skip(r, "indicator without a programme/kegiatan/sub kegiatan line above it")
        return
    extra = w.cell(row, "pagu")
    w.rows.append(
        {
            "baris": r + 1,
            "jenis": "lanjutan",
            "kode": w.last["kode"],
            "alasan": f"indicators continuing row {w.last['baris']}",
        }
    )
    if not _kosong(extra):
        w.pagu_salah.append(
            {
                "baris": r + 1,
                "kode": w.last["kode"],
                "nilai": extra,
                "alasan": "pagu on a continuation row without a code; not imported",
            }
        )
    _emit(w, r, row, w.last, None, first=False)


def _emit(w: _Walk, r: int, row: Sequence[Any], ctx: dict, pagu: float | None, first: bool) -> None:
    """Write one line per indicator of ``row`` for the plan line ``ctx``."""
    tk = ctx["tingkat"]
    ind = [
        re.sub(r"\s+", " ", str(v)).strip()
        for v in _unnumber(_split_lines(w.cell(row, "indikator", tk)))
    ]
    tgt_cell = w.cell(row, "target", tk)
    tgt = _unnumber(_split_lines(tgt_cell))
    sat_cell = w.cell(row, "satuan", tk)
    sat = [re.sub(r"\s+", " ", str(v)).strip() for v in _unnumber(_split_lines(sat_cell))]
    n = max(len(ind), 1)
    targets: list[tuple[str, str]] = [("", "")] * n
    if len(tgt) == len(ind) or (not ind and len(tgt) == 1):
        targets = [baca_target(t) for t in tgt] or targets
    elif tgt:
        w.tidak_cocok.append(
            {
                "baris": r + 1,
                "kode": ctx["kode"],
                "kolom": "target",
                "jumlah_indikator": len(ind),
                "jumlah_nilai": len(tgt),
                "isi": str(tgt_cell),
            }
        )
    satuan = [u for _, u in targets]
    if sat:
        if len(sat) == n:
            satuan = sat
        else:
            w.tidak_cocok.append(
                {
                    "baris": r + 1,
                    "kode": ctx["kode"],
                    "kolom": "satuan",
                    "jumlah_indikator": len(ind),
                    "jumlah_nilai": len(sat),
                    "isi": str(sat_cell),
                }
            )
    for i in range(n):
        t = targets[i][0]
        if t:
            try:
                parse.parse_target(t)
            except ValueError:
                w.bukan_angka.append({"baris": r + 1, "kode": ctx["kode"], "target": t})
        w.lines.append(
            {
                "kode_wilayah": w.wilayah,
                "dokumen": w.dokumen,
                "tahun": w.tahun,
                "perangkat_daerah": ctx["pd"],
                "kode_nomenklatur": ctx["kode"],
                "kode_indikator": "",
                "uraian_indikator": ind[i] if ind else "",
                "target": t,
                "satuan": satuan[i],
                "pagu": pagu if (first and i == 0 and pagu is not None) else np.nan,
                "_tingkat": ctx["tingkat"],
                "_baris": r + 1,
            }
        )


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


# --- public API ---------------------------------------------------------------------------------
def _check_options(
    wilayah: str | None, dokumen: str | None, tahun: int | None
) -> tuple[str | None, str | None, int | None]:
    """The given options, checked and normalised (None stays None: detect it)."""
    w = d = None
    if wilayah is not None:
        w = str(wilayah).strip()
        if not re.fullmatch(r"\d{2}(\.\d{2})?", w):
            raise SipdImportError(
                f"--wilayah {wilayah!r}: expected a Kemendagri code such as 62 (province) or "
                "62.03 (kab/kota), written with the dot"
            )
    if dokumen is not None:
        d = str(dokumen).strip().upper()
        if d not in DOKUMEN:
            raise SipdImportError(f"--dokumen {dokumen!r}: expected one of {', '.join(DOKUMEN)}")
    if tahun is not None and not (2000 <= int(tahun) <= 2100):
        raise SipdImportError(f"--tahun {tahun}: expected a plan year such as 2026")
    return w, d, None if tahun is None else int(tahun)


def _cover_lines(wb, upto: str) -> list[tuple[str, str]]:
    """Text of the sheets before ``upto`` (a cover sheet), first 40 rows of each."""
    out: list[tuple[str, str]] = []
    for name in wb.sheetnames:
        if name == upto:
            break
        rows = [list(r) for r in wb[name].iter_rows(max_row=HEADER_SCAN_ROWS, values_only=True)]
        out += _baris_judul(rows, HEADER_SCAN_ROWS, f"sheet '{name}'")
    return out


def _resolve(
    path: Path, s: _Sheet, k: Kenal, given: dict[str, Any]
) -> tuple[dict[str, Any], list[str], list[str]]:
    """Options given win over detection; a conflict is a warning; a gap is an error.

    Returns:
        (values of dokumen/wilayah/tahun, lines saying what was detected, warnings).

    Raises:
        SipdImportError: An option not given and not detected (with the reason for each).
    """
    nilai: dict[str, Any] = {}
    deteksi: list[str] = []
    peringatan: list[str] = []
    gaps: list[str] = []
    for f in ("dokumen", "wilayah", "tahun"):
        g, d = given[f], getattr(k, f)
        if g is not None:
            nilai[f] = g
            deteksi.append(f"{f} {_nilai_teks(f, g)}: given (--{f})")
            if d is not None and d != g:
                peringatan.append(
                    f"--{f} {g} given, but {_penyebut(k.asal[f])} {_nilai_teks(f, d)} "
                    f"({k.asal[f]}); using {g}"
                )
        elif d is not None:
            nilai[f] = d
            deteksi.append(f"{f} {_nilai_teks(f, d)}: detected from {k.asal[f]}")
        else:
            gaps.append(f"--{f} not given and {k.masalah.get(f, 'not detected')}")
    if gaps:
        raise SipdImportError(
            f"{path.name}, sheet '{s.name}': "
            + "; ".join(gaps)
            + ". Give "
            + ", ".join(f"--{f}" for f in ("dokumen", "wilayah", "tahun") if f not in nilai)
            + " to import it"
        )
    if k.perangkat_daerah is not None:
        dipakai = (
            "used for lines without a perangkat daerah column or heading"
            if _pd_berlaku(k, nilai["dokumen"], s)
            else f"not used: an {nilai['dokumen']} is the whole government's plan"
        )
        deteksi.append(
            f"perangkat daerah {k.perangkat_daerah!r}: detected from "
            f"{k.asal['perangkat_daerah']} ({dipakai})"
        )
    return nilai, deteksi, peringatan


def _penyebut(asal: str) -> str:
    """Who says it: ``the title names``, ``the header names``, ``sheet 'Sampul' names``."""
    if asal.startswith("title"):
        return "the title names"
    if asal.startswith("header"):
        return "the header names"
    return asal.split(" row ")[0] + " names"


def _pd_berlaku(k: Kenal, dokumen: str, s: _Sheet) -> bool:
    """Whether the title's perangkat daerah names the lines without one.

    A Renja/Renstra is one apparatus's plan: its title's PD applies. An RKPD/RPJMD is the
    government's: a PD on its title or cover is the publisher (Bappeda), unless the title
    block writes it as ``Perangkat Daerah: …``.
    """
    if k.perangkat_daerah is None:
        return False
    if dokumen in ("RENJA", "RENSTRA"):
        return True
    top = s.header.top if s.header is not None else 0
    return any(_PD_TITLE.match(t) for _, t in _baris_judul(s.grid, top, "title"))


def import_sipd(
    path: str | Path,
    *,
    wilayah: str | None = None,
    dokumen: str | None = None,
    tahun: int | None = None,
    sheet: str | None = None,
) -> ImportResult:
    """Import one SIPD-style plan sheet into ``rencana`` lines (conventions: module doc).

    Options not given are read from the sheet's title block (see :func:`kenali`); a given
    option wins, and its conflict with the title is a warning of the report.

    Args:
        path: The .xlsx workbook (read only).
        wilayah: Kemendagri code of the government (``62`` or ``62.03``); None: detect.
        dokumen: RKPD, RENJA, RPJMD or RENSTRA (any case); None: detect.
        tahun: The plan year (year n; columns of later years are Prakiraan Maju); None: detect.
        sheet: Sheet name; default the first sheet with a plan header.

    Returns:
        :class:`ImportResult` with ``rencana`` (exactly the contract columns; ``tahun`` int,
        ``pagu`` float with NaN when empty, other columns text) and the report.

    Raises:
        SipdImportError: Bad option, unreadable file, unknown sheet, no plan header, an option
            neither given nor detected (or detected ambiguously), or a header with no plan
            lines under it.
    """
    path = Path(path)
    g_wilayah, g_dokumen, g_tahun = _check_options(wilayah, dokumen, tahun)
    wb = _open(path)
    s, sheet_notes = _choose_sheet(wb, path, sheet, g_tahun)
    assert s.header is not None  # _choose_sheet guarantees it
    k = _kenali_grid(path.name, s.name, s.grid, s.header, _cover_lines(wb, s.name))
    given = {"wilayah": g_wilayah, "dokumen": g_dokumen, "tahun": g_tahun}
    nilai, deteksi, peringatan = _resolve(path, s, k, given)
    wilayah, dokumen, tahun = nilai["wilayah"], nilai["dokumen"], nilai["tahun"]
    if g_tahun is None:  # the year-n columns depend on tahun: read the header again with it
        s = _Sheet(s.name, s.rows, s.grid, _find_header(s.grid, tahun))
        _require_header(s, path, tahun)
    h = s.header
    assert h is not None
    last = max((i for i, row in enumerate(s.rows) if not all(_kosong(v) for v in row)), default=-1)
    pd_default = k.perangkat_daerah if _pd_berlaku(k, dokumen, s) else ""
    w = _Walk(h, wilayah, dokumen, int(tahun), pd_default or "", grid=s.grid)
    _walk_rows(w, s, h.end + 1, last + 1)
    w.close(0)
    if not w.lines:
        raise SipdImportError(
            f"{path.name}, sheet '{s.name}': a plan header was found at row {h.top + 1} but no "
            "programme, kegiatan or sub kegiatan row with a readable code below it"
        )
    rencana, asal = _rencana_frame(w.lines)
    lap = _laporan(path, s, w, sheet_notes, last + 1)
    lap = replace(lap, deteksi=tuple(deteksi), peringatan=tuple(peringatan))
    return ImportResult(rencana, lap, asal)


def _rencana_frame(lines: list[dict]) -> tuple[pd.DataFrame, pd.DataFrame]:
    df = pd.DataFrame(lines)
    out = df[list(RENCANA_COLUMNS)].copy()
    out["tahun"] = out["tahun"].astype(int)
    out["pagu"] = out["pagu"].astype(float)
    for c in RENCANA_COLUMNS:
        if c not in ("tahun", "pagu"):
            out[c] = out[c].astype(object)
    asal = df[["_baris", "_tingkat"]].rename(columns={"_baris": "baris", "_tingkat": "tingkat"})
    return out, asal


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


def _pagu_teks(x: float) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return ""
    return angka_teks(x)


def check_out_path(out: str | Path) -> Path:
    """Check an output path before importing (so a bad ``--out`` fails before any work).

    Raises:
        SipdImportError: The folder does not exist or the suffix is neither .csv nor .xlsx.
    """
    out = Path(out)
    if out.suffix.lower() not in (".csv", ".xlsx"):
        raise SipdImportError(f"--out {out}: write a .csv or .xlsx file")
    if not out.parent.exists():
        raise SipdImportError(f"--out {out}: folder {out.parent} does not exist")
    if out.is_dir():
        raise SipdImportError(f"--out {out}: is a folder; give a file name")
    return out


def write_rencana(result: ImportResult, out: str | Path) -> Path:
    """Write the ``rencana`` lines atomically (temporary file in the same folder, then rename).

    ``.csv`` (UTF-8, contract columns, pagu as Indonesian-safe number text without thousands
    separators: ``1250000000``, ``87500,5``) or ``.xlsx`` (one sheet named ``rencana``).

    Args:
        result: What :func:`import_sipd` returned.
        out: Output path.

    Returns:
        The path written.

    Raises:
        SipdImportError: The folder does not exist or the suffix is neither .csv nor .xlsx.
    """
    out = check_out_path(out)
    df = result.rencana.copy()
    df["pagu"] = [_pagu_teks(x) for x in df["pagu"]]
    df["tahun"] = df["tahun"].astype(str)
    return write_table(df, out, "rencana")
