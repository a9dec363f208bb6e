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

Modules (each imports only those above it): :mod:`~workbench.sipd.cells` (constants, the error,
cell readers), :mod:`~workbench.sipd.header` (column roles, header detection, reading sheets),
:mod:`~workbench.sipd.title` (title block, :func:`kenali`), :mod:`~workbench.sipd.rows` (the
walk over the rows), :mod:`~workbench.sipd.report` (:class:`LaporanImpor`, nomenclature
checks), :mod:`~workbench.sipd.importer` (:func:`import_sipd`), :mod:`~workbench.sipd.write`.

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

from workbench.sipd.cells import (
    HEADER_SCAN_ROWS,
    RENCANA_COLUMNS,
    SipdImportError,
    angka_teks,
    baca_angka,
    baca_target,
)
from workbench.sipd.header import SINONIM, peran_kolom, peran_label
from workbench.sipd.importer import import_sipd
from workbench.sipd.report import ImportResult, LaporanImpor, kode_terdekat
from workbench.sipd.title import Kenal, _deteksi_wilayah, kenali
from workbench.sipd.write import check_out_path, write_rencana

__all__ = [
    "HEADER_SCAN_ROWS",
    "RENCANA_COLUMNS",
    "SINONIM",
    "ImportResult",
    "Kenal",
    "LaporanImpor",
    "SipdImportError",
    "_deteksi_wilayah",
    "angka_teks",
    "baca_angka",
    "baca_target",
    "check_out_path",
    "import_sipd",
    "kenali",
    "kode_terdekat",
    "peran_kolom",
    "peran_label",
    "write_rencana",
]
