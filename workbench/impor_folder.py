"""One command from a folder of files to a data package (``workbench import FOLDER``).

Every file of the folder (sub-folders included, hidden files listed as skipped) is opened
once and classified, in this order:

1. ``wilayah/indikator/rencana/realisasi/kesepakatan.csv``: a contract table, taken as is;
2. a workbook with a SIPD plan sheet (:func:`workbench.sipd.kenali`): every plan sheet is
   imported with :func:`workbench.sipd.import_sipd`, dokumen/wilayah/tahun from its title
   block (``--tahun`` only for a title that names no year);
3. a kesepakatan table (:func:`workbench.kesepakatan_impor.looks_like_kesepakatan`);
4. a BPS table (:func:`workbench.bps.looks_like_bps`), whose indicator is taken from the
   mapping file ``indikator_bps.csv`` of the folder (columns ``berkas, kode_indikator``), or
   from its title when the title names exactly one indicator of the ``indikator`` table
   (its name, its name without the bracketed part, or its abbreviation such as ``(IPM)``).
   Otherwise the file is listed as "needs an indicator", never guessed;
5. anything else is listed as not classified, with each predicate's reasons.

The tables are merged: rencana lines of all plans concatenated (a line equal in every column
to a line of an earlier file is dropped and reported; lines that share the contract's key
but differ are kept, so validation reports them), realisasi and kesepakatan likewise.
``wilayah`` and ``indikator`` come from the reference when the folder holds none. The
package is written to a temporary folder next to ``--out``, validated with
:func:`workbench.contract.validate_path` (the checks of ``workbench validate``) and renamed
to ``--out`` only when every file was imported and validation found no error. Nothing is
written otherwise.
"""

from __future__ import annotations

import math
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from workbench.contract import ValidationReport, validate_path
from workbench.errors import WorkbenchError
from workbench.fileio import atomic_dir
from workbench.spreadsheet import InputFileError, OpenedFile, norm_text, open_file
from workbench.vocabulary import KOLOM, OPSIONAL, TABLES

__all__ = ["BerkasImpor", "ImporFolderError", "LaporanFolder", "PEMETAAN_BPS", "impor_folder"]

PEMETAAN_BPS = "indikator_bps.csv"
_DIBACA = (".xlsx", ".xlsm", ".csv", ".txt", ".xls")

#: status of a file: imported, not classified, needs an indicator, failed, or not a data file
OK, TIDAK_DIKENAL, PERLU_INDIKATOR, GAGAL, DILEWATI = (
    "diimpor", "tidak dikenal", "perlu --indikator", "gagal", "dilewati"
)


class ImporFolderError(WorkbenchError, ValueError):
    """The folder cannot be imported as asked (missing folder, non-empty ``--out`` …)."""


@dataclass
class BerkasImpor:
    """What one file was taken for and what came of it.

    Attributes:
        berkas: Path relative to the folder.
        status: ``diimpor``, ``tidak dikenal``, ``perlu --indikator``, ``gagal`` or
            ``dilewati`` (hidden files, the mapping file).
        jenis: What it was taken for (``rencana RKPD``, ``kesepakatan``, ``realisasi BPS``,
            ``tabel kontrak rencana`` …), empty when not classified.
        keterangan: Detected metadata, or why it was not classified / failed.
        ditulis: Rows written per table.
        dilewati: Skipped rows: (where, reason).
        pagu: Lines checking the pagu read against the sheet's total rows.
        laporan: The importer's full report.
    """

    berkas: str
    status: str
    jenis: str = ""
    keterangan: list[str] = field(default_factory=list)
    ditulis: dict[str, int] = field(default_factory=dict)
    dilewati: list[tuple[str, str]] = field(default_factory=list)
    pagu: list[str] = field(default_factory=list)
    laporan: str = ""

    def format(self) -> str:
        """A short paragraph for the folder report."""
        head = f"{self.berkas}: {self.status}" + (f" as {self.jenis}" if self.jenis else "")
        out = [head]
        out += [f"    {k}" for k in self.keterangan]
        if self.ditulis:
            out.append("    rows written: "
                       + ", ".join(f"{t} {n}" for t, n in self.ditulis.items()))
        out += [f"    {p}" for p in self.pagu]
        if self.dilewati:
            out.append(f"    rows skipped: {len(self.dilewati)}")
            per_alasan: dict[str, list[str]] = {}
            for where, alasan in self.dilewati:
                per_alasan.setdefault(alasan, []).append(where)
            for alasan, where in per_alasan.items():
                out.append(f"      {_rentang(where)}: {alasan}")
        return "\n".join(out)


def _rentang(where: list[str]) -> str:
    """``sheet 'A' row 3``, ``sheet 'A' row 5`` → ``sheet 'A' rows 3, 5``."""
    if len(where) == 1:
        return where[0]
    heads = {w.rsplit(" row ", 1)[0] for w in where}
    if len(heads) == 1 and all(" row " in w for w in where):
        return f"{heads.pop()} rows " + ", ".join(w.rsplit(" row ", 1)[1] for w in where)
    return "; ".join(where)


@dataclass
class LaporanFolder:
    """The report of a folder import.

    Attributes:
        folder: The folder read.
        out: The package folder (written only when :attr:`ditulis`).
        berkas: One entry per file, in path order.
        duplikat: Frame ``tabel, berkas, baris, sama_dengan`` of rows dropped because an
            earlier file held the same row.
        dari_referensi: Tables filled from the workbench reference.
        tabel: Rows per table of the package.
        validasi: The contract validation of the merged package (None when not reached).
        ditulis: True when the package was written to ``out``.
        alasan: Why nothing was written (empty when written).
    """

    folder: Path
    out: Path
    berkas: list[BerkasImpor]
    duplikat: pd.DataFrame
    dari_referensi: list[str]
    tabel: dict[str, int]
    validasi: ValidationReport | None
    ditulis: bool
    alasan: str = ""
    sementara: Path | None = None

    def hitung(self, status: str) -> int:
        """Number of files of a status."""
        return sum(1 for b in self.berkas if b.status == status)

    def format(self, *, rinci: bool = False) -> str:
        """The whole report: files, duplicates, tables, validation, outcome.

        Args:
            rinci: Append each importer's full report.
        """
        out = [f"Folder {self.folder}: {len(self.berkas)} file(s)"]
        out.append(
            "  " + ", ".join(f"{s} {self.hitung(s)}"
                             for s in (OK, TIDAK_DIKENAL, PERLU_INDIKATOR, GAGAL, DILEWATI))
        )
        out += [b.format() for b in self.berkas]
        if len(self.duplikat):
            out.append(f"Rows dropped as duplicates of an earlier file: {len(self.duplikat)}")
            out += [f"  {r.tabel}: {r.berkas} {r.baris} = {r.sama_dengan}"
                    for r in self.duplikat.itertuples()]
        if self.dari_referensi:
            out.append("From the workbench reference (the folder has none): "
                       + ", ".join(self.dari_referensi))
        if self.tabel:
            out.append("Package rows: " + ", ".join(f"{t} {n}" for t, n in self.tabel.items()))
        if self.validasi is not None:
            out.append("Validation (the checks of `workbench validate`):")
            text = self.validasi.format(limit=50)
            if self.sementara is not None:  # name the package, not its temporary folder
                text = text.replace(str(self.sementara), str(self.out))
            out += ["  " + line for line in text.splitlines()]
        if self.ditulis:
            out.append(f"Package written to {self.out}")
        else:
            out.append(f"NOTHING written to {self.out}: {self.alasan}")
        if rinci:
            for b in self.berkas:
                if b.laporan:
                    out += ["", f"--- {b.berkas} ---", b.laporan]
        return "\n".join(out)


# --- the import ---------------------------------------------------------------------------------
@dataclass
class _Hasil:
    """Tables gathered from the files: per table, (file, frame of text, row labels)."""

    bagian: dict[str, list[tuple[str, pd.DataFrame, list[str]]]] = field(
        default_factory=lambda: {t: [] for t in TABLES}
    )

    def tambah(self, tabel: str, berkas: str, frame: pd.DataFrame, label: list[str]) -> None:
        assert len(frame) == len(label)
        self.bagian[tabel].append((berkas, frame, label))


def _check_out(folder: Path, out: Path, force: bool) -> None:
    if not folder.is_dir():
        raise ImporFolderError(f"{folder}: not a folder")
    out_r, folder_r = out.resolve(), folder.resolve()
    if out_r == folder_r or folder_r in out_r.parents:
        raise ImporFolderError(f"--out {out}: is inside the folder being imported; choose "
                               "a folder elsewhere")
    if out.exists() and not out.is_dir():
        raise ImporFolderError(f"--out {out}: exists and is not a folder")
    if out.is_dir() and any(out.iterdir()) and not force:
        raise ImporFolderError(f"--out {out}: folder exists and is not empty; give --force to "
                               "replace it")
    if not out.parent.exists():
        raise ImporFolderError(f"--out {out}: folder {out.parent} does not exist")


def _berkas_folder(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def _pemetaan(folder: Path, indikator: dict[str, str] | None) -> dict[str, str]:
    """File name → indicator code: the folder's mapping file, then the given mapping."""
    out: dict[str, str] = {}
    path = folder / PEMETAAN_BPS
    if path.is_file():
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        df.columns = [c.strip().lower() for c in df.columns]
        if not {"berkas", "kode_indikator"} <= set(df.columns):
            raise ImporFolderError(f"{PEMETAAN_BPS}: expected columns berkas, kode_indikator "
                                   f"(found {', '.join(df.columns)})")
        out.update({r.berkas.strip(): r.kode_indikator.strip() for r in df.itertuples()})
    out.update(indikator or {})
    return out


def impor_folder(
    folder: str | os.PathLike,
    out: str | os.PathLike,
    *,
    tahun: int | None = None,
    indikator: dict[str, str] | None = None,
    force: bool = False,
) -> LaporanFolder:
    """Import every file of ``folder`` into one package at ``out`` (conventions: module doc).

    Args:
        folder: The folder of input files.
        out: The package folder to write (must not exist, or be empty, unless ``force``).
        tahun: Plan year for a SIPD sheet or kesepakatan table whose title names none.
        indikator: File name → indicator code for BPS tables (added to ``indikator_bps.csv``).
        force: Replace a non-empty ``out``.

    Returns:
        The :class:`LaporanFolder`; ``ditulis`` says whether the package was written.

    Raises:
        ImporFolderError: Missing folder, bad ``out``, unreadable mapping file.
    """
    folder, out = Path(folder), Path(out)
    _check_out(folder, out, force)
    pemetaan = _pemetaan(folder, indikator)
    hasil = _Hasil()
    indikator_tabel = _tabel_kontrak_indikator(folder)
    laporan = [_satu_berkas(p, folder, hasil, tahun, pemetaan, indikator_tabel)
               for p in _berkas_folder(folder)]
    tables, duplikat, dari_ref = _gabung(hasil)
    lap = LaporanFolder(folder, out, laporan, duplikat, dari_ref,
                        {t: len(f) for t, f in tables.items()}, None, False)
    gagal = [b.berkas for b in laporan if b.status in (GAGAL, PERLU_INDIKATOR)]
    if gagal:
        lap.alasan = (f"{len(gagal)} file(s) could not be imported ({', '.join(gagal)}); fix "
                      "them (or move them out of the folder) and run again")
        return lap
    if not any(b.status == OK for b in laporan):
        lap.alasan = "no file of the folder could be imported"
        return lap
    _tulis(lap, tables, out)
    return lap


class _TidakSah(WorkbenchError):
    """The merged package did not validate: leave ``atomic_dir`` without putting it in place."""


def _tulis(lap: LaporanFolder, tables: dict[str, pd.DataFrame], out: Path) -> None:
    """Write to a temporary folder, validate, then put it in place as ``out`` when valid."""
    try:
        with atomic_dir(out) as tmp:
            lap.sementara = tmp
            for t, frame in tables.items():
                frame.to_csv(tmp / f"{t}.csv", index=False, encoding="utf-8")
            lap.validasi = validate_path(tmp)
            if not lap.validasi.ok:
                lap.alasan = (f"the merged package has {len(lap.validasi.errors)} validation "
                              "error(s) (listed above)")
                raise _TidakSah(lap.alasan)
        lap.ditulis = True
    except _TidakSah:
        pass


def _tabel_kontrak_indikator(folder: Path) -> pd.DataFrame | None:
    """The folder's own ``indikator.csv`` (indicators are matched against it), if any."""
    from workbench.paket_tabel import PaketTabelError, baca_tabel

    if not (folder / "indikator.csv").is_file():
        return None
    try:
        return baca_tabel(folder, "indikator")
    except PaketTabelError:
        return None  # reported when the file itself is taken as a contract table


def _satu_berkas(path: Path, folder: Path, hasil: _Hasil, tahun: int | None,
                 pemetaan: dict[str, str], indikator: pd.DataFrame | None) -> BerkasImpor:
    """Classify and import one file; a user error becomes a ``gagal`` entry naming the file."""
    from workbench.bps import BpsImportError
    from workbench.kesepakatan_impor import KesepakatanImportError
    from workbench.paket_tabel import PaketTabelError
    from workbench.sipd import SipdImportError

    rel = path.relative_to(folder).as_posix()
    if any(part.startswith((".", "~$")) for part in path.relative_to(folder).parts):
        return BerkasImpor(rel, DILEWATI, keterangan=["hidden or lock file"])
    if rel == PEMETAAN_BPS:
        return BerkasImpor(rel, DILEWATI, "pemetaan indikator BPS",
                           [f"{len(pemetaan)} file(s) mapped to an indicator"])
    if path.suffix.lower() not in _DIBACA:
        return BerkasImpor(rel, TIDAK_DIKENAL, keterangan=[
            f"not a spreadsheet ({path.suffix or 'no suffix'}); expected .xlsx or .csv"])
    b = BerkasImpor(rel, GAGAL)
    try:
        _klasifikasi(path, rel, b, hasil, tahun, pemetaan, indikator)
    except (InputFileError, SipdImportError, KesepakatanImportError, BpsImportError,
            PaketTabelError) as err:
        b.status = GAGAL
        msg = str(err)
        b.keterangan.append(msg if path.name in msg else f"{rel}: {msg}")
    return b


def _klasifikasi(path: Path, rel: str, b: BerkasImpor, hasil: _Hasil, tahun: int | None,
                 pemetaan: dict[str, str], indikator: pd.DataFrame | None) -> None:
    from workbench.bps import looks_like_bps
    from workbench.kesepakatan_impor import looks_like_kesepakatan

    if path.suffix.lower() == ".csv" and path.stem.lower() in TABLES:
        _kontrak(path, rel, b, hasil)
        return
    opened = open_file(path)
    alasan: list[str] = []
    if opened.kind == "xlsx":
        from workbench.sipd import kenali

        kenal = kenali(path)
        plan = [k for k in kenal if k.rencana]
        if plan:
            _sipd(path, rel, b, hasil, plan, tahun)
            return
        alasan += [f"SIPD: sheet '{k.sheet}': {k.alasan}" for k in kenal]
    r = looks_like_kesepakatan(opened)
    if r:
        _kesepakatan(opened, rel, b, hasil, tahun, indikator)
        return
    alasan += [f"kesepakatan: {x}" for x in r.reasons]
    r = looks_like_bps(opened)
    if r:
        _bps(opened, rel, b, hasil, r.sheets[0], pemetaan, indikator)
        return
    alasan += [f"BPS: {x}" for x in r.reasons]
    b.status = TIDAK_DIKENAL
    b.keterangan += ["not a SIPD plan, kesepakatan or BPS table nor a contract table "
                     "(wilayah/indikator/rencana/realisasi/kesepakatan.csv):"]
    b.keterangan += [f"  {a}" for a in alasan]


def _kontrak(path: Path, rel: str, b: BerkasImpor, hasil: _Hasil) -> None:
    """A contract table: read as text, rows labelled by their line in the file."""
    from workbench.paket_tabel import baca_tabel

    tabel = path.stem.lower()
    tmp_dir = Path(tempfile.mkdtemp(prefix=".kontrak."))
    try:  # baca_tabel reads <tabel>.csv from a folder: give it one holding only this file
        shutil.copyfile(path, tmp_dir / f"{tabel}.csv")
        df = baca_tabel(tmp_dir, tabel)
    finally:
        shutil.rmtree(tmp_dir)
    assert df is not None
    keep = [c for c in df.columns if c in KOLOM[tabel] + OPSIONAL.get(tabel, ())]
    b.status, b.jenis = OK, f"tabel kontrak {tabel}"
    b.ditulis = {tabel: len(df)}
    hasil.tambah(tabel, rel, df[keep], [f"line {i + 2}" for i in range(len(df))])


def _sipd(path: Path, rel: str, b: BerkasImpor, hasil: _Hasil, plan: list, tahun: int | None
          ) -> None:
    """Every plan sheet of a SIPD workbook."""
    from workbench.sipd import angka_teks, import_sipd

    for k in plan:
        res = import_sipd(path, sheet=k.sheet, tahun=tahun if k.tahun is None else None)
        lap = res.laporan
        frame = res.rencana.copy()
        dok, wil, thn = (frame[c].iloc[0] for c in ("dokumen", "kode_wilayah", "tahun"))
        b.jenis = f"rencana {dok}"
        b.keterangan.append(f"sheet '{k.sheet}': {dok} {wil} ({_nama(wil)}) {thn}")
        b.keterangan += [f"  {d}" for d in lap.deteksi]
        b.keterangan += [f"  warning: {w}" for w in lap.peringatan]
        if len(lap.duplikat):
            b.keterangan.append(f"  {len(lap.duplikat)} line(s) repeat an earlier line of the "
                                "sheet (written; validation rejects them)")
        b.ditulis["rencana"] = b.ditulis.get("rencana", 0) + len(frame)
        d = lap.baris[lap.baris["jenis"] == "dilewati"]
        b.dilewati += [(f"sheet '{k.sheet}' row {r.baris}", r.alasan) for r in d.itertuples()]
        b.pagu += _cek_pagu(k.sheet, lap)
        b.laporan += ("\n\n" if b.laporan else "") + lap.format()
        frame["pagu"] = ["" if (x is None or math.isnan(x)) else angka_teks(x)
                         for x in frame["pagu"]]
        frame["tahun"] = frame["tahun"].astype(str)
        label = [f"sheet '{k.sheet}' row {r}" for r in res.asal["baris"]]
        hasil.tambah("rencana", rel, frame.fillna(""), label)
    b.status = OK


def _cek_pagu(sheet: str, lap: Any) -> list[str]:
    from workbench.teks import format_angka

    def rp(x: float) -> str:
        return "Rp " + format_angka(x, 0)

    out = [f"sheet '{sheet}': pagu of the sub kegiatan read {rp(lap.pagu_sub_kegiatan)}"]
    if not len(lap.total_lembar):
        out.append(f"sheet '{sheet}': no JUMLAH/TOTAL row to check the pagu against")
    for r in lap.total_lembar.itertuples():
        if abs(r.selisih) < 0.5:
            out.append(f"sheet '{sheet}' row {r.baris} '{r.label}': total {rp(r.total_lembar)} "
                       "agrees with the lines")
        else:
            out.append(
                f"sheet '{sheet}' row {r.baris} '{r.label}': total {rp(r.total_lembar)} but the "
                f"lines sum to {rp(r.pagu_dibaca)} (difference {rp(r.selisih)})"
            )
    if len(lap.subtotal):
        out.append(f"sheet '{sheet}': {len(lap.subtotal)} subtotal(s) differ from their lines "
                   "(see the importer report)")
    return out


def _kesepakatan(opened: OpenedFile, rel: str, b: BerkasImpor, hasil: _Hasil,
                 tahun: int | None, indikator: pd.DataFrame | None) -> None:
    from workbench.kesepakatan_impor import (
        KesepakatanImportError,
        baca_kesepakatan,
        kesepakatan_teks,
    )

    try:
        frame, lap = baca_kesepakatan(opened, indikator=indikator)
    except KesepakatanImportError:
        if tahun is None:
            raise
        frame, lap = baca_kesepakatan(opened, tahun=tahun, indikator=indikator)
    b.status, b.jenis = OK, "kesepakatan"
    b.keterangan.append(f"year: {lap.tahun}")
    if len(lap.indikator_tidak_cocok):
        b.keterangan.append(f"{len(lap.indikator_tidak_cocok)} indicator(s) not in the "
                            "indikator table (their rows skipped; see the importer report)")
    b.ditulis = {"kesepakatan": len(frame)}
    d = lap.dilewati
    b.dilewati += [(f"sheet '{r.sheet}' row {r.baris}", r.alasan) for r in d.itertuples()]
    b.laporan = lap.format()
    hasil.tambah("kesepakatan", rel, kesepakatan_teks(frame),
                 [f"row {i + 1} written" for i in range(len(frame))])


def _bps(opened: OpenedFile, rel: str, b: BerkasImpor, hasil: _Hasil, sheet: str,
         pemetaan: dict[str, str], indikator: pd.DataFrame | None) -> None:
    from workbench.bps import baca_bps, realisasi_teks

    kode = pemetaan.get(rel) or pemetaan.get(opened.path.name)
    asal = f"{PEMETAAN_BPS} / --indikator"
    if not kode:
        kode, asal = _indikator_judul(opened, sheet, indikator)
    if not kode:
        b.status, b.jenis = PERLU_INDIKATOR, "tabel BPS"
        b.keterangan += [asal, f"name its indicator in {PEMETAAN_BPS} (berkas,kode_indikator) or "
                         f"with --indikator '{opened.path.name}=CODE'"]
        return
    frame, lap = baca_bps(opened, indikator=kode, indikator_tabel=indikator, sheet=sheet)
    b.status, b.jenis = OK, "realisasi BPS"
    b.keterangan.append(f"indicator {kode}: {asal}")
    b.ditulis = {"realisasi": len(frame)}
    d = lap.dilewati
    b.dilewati += [(f"sheet '{lap.sheet}' row {r.baris}" + (f" '{r.nama}'" if r.nama else ""),
                    r.alasan) for r in d.itertuples()]
    b.laporan = lap.format()
    hasil.tambah("realisasi", rel, realisasi_teks(frame),
                 [f"row {i + 1} written" for i in range(len(frame))])


_TAHUN_SEL = re.compile(r"^\s*(19|20)\d\d\b")


def _indikator_judul(opened: OpenedFile, sheet: str, indikator: pd.DataFrame | None
                     ) -> tuple[str | None, str]:
    """(code, where) when the title above the year row names exactly one indicator."""
    from workbench.kesepakatan_impor import _kunci_nama
    from workbench.reference import load_indikator_referensi

    ind = load_indikator_referensi() if indikator is None else indikator
    rows = opened.sheet(sheet).rows
    judul: list[str] = []
    for row in rows:
        if any(isinstance(v, int | float) or (isinstance(v, str) and _TAHUN_SEL.match(v))
               for v in row if v is not None):
            break
        judul += [str(v) for v in dict.fromkeys(row) if isinstance(v, str) and v.strip()]
    teks = f" {norm_text(' '.join(judul))} "
    hit: dict[str, str] = {}
    for kode, uraian in zip(ind["kode_indikator"], ind["uraian"], strict=True):
        penuh, tanpa, singkatan = _kunci_nama(str(uraian))
        for key in (penuh, tanpa, singkatan):
            if key and len(key) >= 3 and f" {key} " in teks:
                hit.setdefault(str(kode), key)
    kutip = " / ".join(judul)[:120]
    if len(hit) == 1:
        ((kode, key),) = hit.items()
        return kode, f"the title {kutip!r} names it ('{key}')"
    if hit:
        return None, (f"the title {kutip!r} names several indicators ("
                      + ", ".join(sorted(hit)) + "); not guessed")
    return None, f"the title {kutip!r} names no indicator of the indikator table; not guessed"


def _nama(kode: str) -> str:
    from workbench.teks import nama_wilayah

    return nama_wilayah(kode)


# --- merging ------------------------------------------------------------------------------------
def _gabung(hasil: _Hasil) -> tuple[dict[str, pd.DataFrame], pd.DataFrame, list[str]]:
    """One frame per table; rows equal to an earlier file's row dropped (and listed)."""
    from workbench.reference import load_indikator_referensi, load_wilayah

    tables: dict[str, pd.DataFrame] = {}
    dup: list[dict[str, str]] = []
    dari_ref: list[str] = []
    for t in TABLES:
        parts = hasil.bagian[t]
        if not parts:
            if t == "wilayah":
                ref = load_wilayah()
                tables[t] = ref[[c for c in ref.columns if c in KOLOM[t] + OPSIONAL[t]]]
                dari_ref.append(t)
            elif t == "indikator":
                tables[t] = load_indikator_referensi()
                dari_ref.append(t)
            else:  # an empty table keeps its header (realisasi is keyed by kode_wilayah)
                extra = ["kode_wilayah"] if t == "realisasi" else []
                tables[t] = pd.DataFrame(columns=extra + list(KOLOM[t]))
            continue
        urut = [c for c in KOLOM[t] + OPSIONAL[t] if any(c in f.columns for _, f, _ in parts)]
        rows: list[pd.DataFrame] = []
        first: dict[tuple, str] = {}
        for berkas, frame, label in parts:
            frame = frame.reindex(columns=urut).fillna("").astype(str).reset_index(drop=True)
            keep = []
            seen_here: set[tuple] = set()
            for i, key in enumerate(frame.itertuples(index=False, name=None)):
                if key in first and key not in seen_here:
                    dup.append({"tabel": t, "berkas": berkas, "baris": label[i],
                                "sama_dengan": first[key]})
                    keep.append(False)
                    continue
                first.setdefault(key, f"{berkas} {label[i]}")
                seen_here.add(key)
                keep.append(True)
            rows.append(frame[keep])
        tables[t] = pd.concat(rows, ignore_index=True) if rows else pd.DataFrame()
    return tables, pd.DataFrame(dup, columns=["tabel", "berkas", "baris", "sama_dengan"]), dari_ref
