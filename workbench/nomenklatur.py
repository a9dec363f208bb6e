"""The nomenclature master: read a SIPD master, turn it into reference rows, diff two versions.

Kemendagri distributes the nomenclature (Permendagri 90/2019 as amended by Kepmendagri
050-5889/2021, 900.1.15.5-1317/2023, 900.1.15.5-3406/2024, ...) as a spreadsheet with one row
per sub kegiatan: the code (either one column with the full code ``1.01.02.2.01.0001`` or one
column per part: urusan | bidang | program | kegiatan | sub kegiatan), the names of the sub
kegiatan and of its kegiatan, programme and bidang, and the sub kegiatan's *kinerja*,
*indikator* and *satuan*. :func:`baca_master` reads such a sheet (``.xlsx`` or ``.csv``; the
header may sit below a title block; labels are matched case- and punctuation-insensitively),
:func:`dari_master` turns it into reference rows (``bidang``, ``program``, ``kegiatan``,
``sub_kegiatan``), and :func:`perbarui` merges them into the previous reference and reports
what was added, removed, renamed and renumbered (:class:`Perbedaan`).

The master is authoritative for the levels of government it contains (a kab/kota master has
level digits 2–7 and the generic penunjang programme ``X.XX.01``): a previous row of those
levels that the master no longer lists is removed, rows of other levels (province codes from
Permendagri 14/2026 Tabel C) are kept. An unchanged row keeps the ``versi`` that first
defined it; added and renamed rows carry the new ``versi``. A removed sub kegiatan and an
added one under the same kegiatan with the same name are a renumbering (``kode lama → kode
baru``), recorded in ``nomenklatur_perubahan.csv`` so that validation can say so.
"""

from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from workbench.errors import WorkbenchError
from workbench.fileio import atomic_write_text
from workbench.paths import REFERENCE_DIR
from workbench.spreadsheet import column_letter

KOLOM_REFERENSI = ("kode", "tingkat", "uraian", "kode_bidang", "level_pemerintahan", "versi",
                   "kinerja", "indikator", "satuan")  # fmt: skip
KOLOM_PERUBAHAN = ("kode_lama", "kode_baru", "versi", "keterangan")
NAMA_REFERENSI = "nomenklatur.csv"
NAMA_PERUBAHAN = "nomenklatur_perubahan.csv"

# Full codes of the master: urusan digit or X, bidang 2 digits or XX, level digit 1-9.
_POLA_SUB = re.compile(r"(\d|X)\.(\d{2}|XX)\.\d{2}\.[1-9]\.\d{2}\.\d{4}")
# Header labels (normalised: lower case, words only) → field. First match wins.
_LABEL: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("kinerja", ("kinerja",)),
    ("indikator", ("indikator", "indikator kinerja", "indikator sub kegiatan")),
    ("satuan", ("satuan", "satuan indikator")),
    ("nama_sub", ("nama sub kegiatan", "nomenklatur sub kegiatan", "sub kegiatan",
                  "uraian sub kegiatan", "nama sub giat", "nomenklatur")),
    ("nama_kegiatan", ("nama kegiatan", "kegiatan", "nama giat")),
    ("nama_program", ("nama program", "program")),
    ("nama_bidang", ("nama bidang urusan", "bidang urusan", "nama bidang")),
    ("kode_sub", ("kode sub kegiatan", "kode sub giat", "kode")),
    ("kode_kegiatan", ("kode kegiatan", "kode giat")),
    ("kode_program", ("kode program",)),
    ("kode_bidang", ("kode bidang urusan", "kode bidang")),
    ("kode_urusan", ("kode urusan",)),
)  # fmt: skip
_WAJIB = ("kode_sub", "nama_sub", "kinerja", "indikator", "satuan")
_BAGIAN = ("kode_urusan", "kode_bidang", "kode_program", "kode_kegiatan", "kode_sub")
_N_BAGIAN = {"kode_urusan": 1, "kode_bidang": 1, "kode_program": 1, "kode_kegiatan": 2,
             "kode_sub": 1}  # fmt: skip
_MAKS_JUDUL = 15  # rows of title block searched for the header


class MasterError(WorkbenchError, ValueError):
    """A master file cannot be read as a nomenclature master (message names where and why)."""


def _label(text: object) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", str(text).lower().replace("_", " ")))


def rapikan(text: object) -> str:
    """A name as the reference stores it: single spaces, no artefacts like ``,,``."""
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return ""
    s = re.sub(r"\s+", " ", str(text)).strip()
    return re.sub(r",\s*,", ",", s)


def kunci_nama(text: object) -> str:
    """Name compared across versions and against plan lines: case and spaces ignored."""
    return rapikan(text).lower()


def _read_cells(path: Path, sheet: str | None) -> tuple[str, list[list[object]]]:
    if path.suffix.lower() == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as f:
            return "", [list(r) for r in csv.reader(f)]
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        raise MasterError(f"{path}: expected an .xlsx (or .csv) master, got {path.suffix!r}")
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (OSError, ValueError, KeyError) as err:
        raise MasterError(f"{path}: cannot open as an Excel workbook ({err})") from err
    try:
        if sheet is None:
            if len(wb.sheetnames) != 1:
                raise MasterError(f"{path}: {len(wb.sheetnames)} sheets "
                                  f"({', '.join(wb.sheetnames)}); the master has one sheet, "
                                  f"or name it with --sheet")
            sheet = wb.sheetnames[0]
        if sheet not in wb.sheetnames:
            raise MasterError(f"{path}: no sheet {sheet!r} (sheets: {', '.join(wb.sheetnames)})")
        rows = [list(r) for r in wb[sheet].iter_rows(values_only=True)]
    finally:
        wb.close()
    return sheet, rows


def _find_header(rows: list[list[object]], where: str) -> tuple[int, dict[str, int]]:
    best: tuple[int, dict[str, int]] = (-1, {})
    for r, row in enumerate(rows[:_MAKS_JUDUL]):
        kol: dict[str, int] = {}
        for c, cell in enumerate(row):
            lab = _label(cell) if cell is not None else ""
            for field, names in _LABEL:
                if lab in names and field not in kol:
                    kol[field] = c
                    break
        if len(kol) > len(best[1]):
            best = (r, kol)
    r, kol = best
    hilang = [f for f in _WAJIB if f not in kol]
    if r < 0 or hilang:
        found = ", ".join(sorted(kol)) or "none"
        raise MasterError(
            f"{where}: no header row with the master's columns in the first {_MAKS_JUDUL} rows"
            f" (row {r + 1 if r >= 0 else '?'} has {found}); missing: "
            + ", ".join(_field_name(f) for f in hilang)
        )
    return r, kol


def _field_name(field: str) -> str:
    return {"kode_sub": "Kode Sub Kegiatan (or Kode Urusan | Bidang | Program | Kegiatan | Sub "
            "Kegiatan)", "nama_sub": "Nama Sub Kegiatan", "kinerja": "Kinerja",
            "indikator": "Indikator", "satuan": "Satuan"}.get(field, field)  # fmt: skip


def _cell_text(v: object) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return re.sub(r"[\s\u00a0]+", "", str(v)).lstrip("'’").rstrip(".")


def _row_code(row: list[object], kol: dict[str, int]) -> str:
    sub = _cell_text(row[kol["kode_sub"]] if kol["kode_sub"] < len(row) else None)
    if sub.count(".") == 5 or not all(b in kol for b in _BAGIAN[:-1]):
        return sub
    parts = []
    for b in _BAGIAN:
        cell = _cell_text(row[kol[b]] if kol[b] < len(row) else None)
        parts += cell.split(".")[-_N_BAGIAN[b]:] if cell else [""]
    return ".".join(parts)


def baca_master(path: str | os.PathLike, *, sheet: str | None = None) -> pd.DataFrame:
    """Read a nomenclature master as SIPD distributes it (one sheet, one row per sub kegiatan).

    Args:
        path: ``.xlsx`` workbook (one sheet, or name it) or ``.csv`` file.
        sheet: Sheet to read when the workbook has several.

    Returns:
        Columns ``kode_sub_kegiatan, nama_sub_kegiatan, kinerja, indikator, satuan,
        kode_kegiatan, nama_kegiatan, kode_program, nama_program, kode_bidang, nama_bidang``
        (names tidied with :func:`rapikan`; parents' names empty when the master has none).

    Raises:
        MasterError: Missing column, malformed code, empty name, or one code with two
            different rows; the message names file, sheet, row, column and value.
    """
    path = Path(path)
    if not path.is_file():
        raise MasterError(f"{path}: no such file")
    sheet_name, rows = _read_cells(path, sheet)
    where = f"{path}" + (f", sheet {sheet_name!r}" if sheet_name else "")
    h, kol = _find_header(rows, where)
    out: dict[str, dict[str, str]] = {}
    baris_ke: dict[str, int] = {}
    for i, row in enumerate(rows[h + 1:], start=h + 2):
        if not any(v not in (None, "") for v in row):
            continue
        kode = _row_code(row, kol)
        ck = "kode_sub" if kode == _cell_text(row[kol["kode_sub"]]) else "kode_urusan"
        at = f"{where}, row {i}, column {column_letter(kol[ck])}"
        if not _POLA_SUB.fullmatch(kode):
            raise MasterError(f"{at}: sub kegiatan code {kode!r} is malformed; expected "
                              f"X.XX.XX.L.XX.XXXX (e.g. 1.01.02.2.01.0001)")
        rec = {f: rapikan(row[c]) if c < len(row) else "" for f, c in kol.items()
               if not f.startswith("kode_")}
        if not rec["nama_sub"]:
            raise MasterError(f"{where}, row {i}, column {column_letter(kol['nama_sub'])}: "
                              f"sub kegiatan {kode} has no name")
        if kode in out and out[kode] != rec:
            raise MasterError(f"{at}: sub kegiatan {kode} appears twice with different "
                              f"content (first on row {baris_ke[kode]})")
        out[kode] = rec
        baris_ke[kode] = i
    if not out:
        raise MasterError(f"{where}: no sub kegiatan rows below the header (row {h + 1})")
    seg = [k.split(".") for k in out]
    return pd.DataFrame({
        "kode_sub_kegiatan": list(out),
        "nama_sub_kegiatan": [r["nama_sub"] for r in out.values()],
        "kinerja": [r["kinerja"] for r in out.values()],
        "indikator": [r["indikator"] for r in out.values()],
        "satuan": [r["satuan"] for r in out.values()],
        "kode_kegiatan": [".".join(s[:5]) for s in seg],
        "nama_kegiatan": [r.get("nama_kegiatan", "") for r in out.values()],
        "kode_program": [".".join(s[:3]) for s in seg],
        "nama_program": [r.get("nama_program", "") for r in out.values()],
        "kode_bidang": [".".join(s[:2]) for s in seg],
        "nama_bidang": [r.get("nama_bidang", "") for r in out.values()],
    })  # fmt: skip


def dari_master(master: pd.DataFrame, versi: str) -> pd.DataFrame:
    """Reference rows (bidang, program, kegiatan, sub kegiatan) of a master (:func:`baca_master`).

    Args:
        master: Frame of :func:`baca_master`.
        versi: The decree that defines the master (``Kepmendagri 900.1.15.5-1317/2023``).

    Returns:
        Columns :data:`KOLOM_REFERENSI`, in code order; a parent's name is the first non-empty
        one the master gives it.
    """
    def induk(kode: str, nama: str, tingkat: str) -> pd.DataFrame:
        g = master[[kode, nama]].rename(columns={kode: "kode", nama: "uraian"})
        g = g.assign(_kosong=g["uraian"] == "").sort_values("_kosong", kind="stable")
        g = g.drop_duplicates("kode")[["kode", "uraian"]]
        return g.assign(tingkat=tingkat)

    sub = master.rename(columns={"kode_sub_kegiatan": "kode", "nama_sub_kegiatan": "uraian"})
    sub = sub[["kode", "uraian", "kinerja", "indikator", "satuan"]].assign(tingkat="sub_kegiatan")
    rows = pd.concat([induk("kode_bidang", "nama_bidang", "bidang"),
                      induk("kode_program", "nama_program", "program"),
                      induk("kode_kegiatan", "nama_kegiatan", "kegiatan"), sub],
                     ignore_index=True)  # fmt: skip
    return lengkapi(rows.assign(versi=versi))


def lengkapi(rows: pd.DataFrame) -> pd.DataFrame:
    """Derived columns (``kode_bidang``, ``level_pemerintahan``), empty texts, code order."""
    rows = rows.copy()
    for c in KOLOM_REFERENSI:
        if c not in rows.columns:
            rows[c] = ""
    seg = rows["kode"].str.split(".")
    n = seg.str.len()
    rows["kode_bidang"] = seg.str[:2].str.join(".").where(n >= 2, "")
    rows["level_pemerintahan"] = seg.str[3].where(n >= 5, "").fillna("")
    rows = rows[list(KOLOM_REFERENSI)].fillna("")
    return rows.iloc[_urutan(rows["kode"])].reset_index(drop=True)


def _urutan(kode: pd.Series) -> list[int]:
    def key(k: str) -> tuple:
        return tuple((0, int(s)) if s.isdigit() else (1, s) for s in k.split("."))

    return sorted(range(len(kode)), key=lambda i: key(kode.iloc[i]))


@dataclass(frozen=True)
class Perbedaan:
    """What an update changed; each frame has ``kode, tingkat, uraian`` (+ old/new columns)."""

    ditambah: pd.DataFrame
    dihapus: pd.DataFrame
    diganti_nama: pd.DataFrame  # kode, tingkat, uraian_lama, uraian
    indikator_berubah: pd.DataFrame  # kode, field, lama, baru
    dinomori_ulang: pd.DataFrame  # kode_lama, kode_baru, uraian

    def format(self, limit: int = 20) -> str:
        """The diff report (English, for the CLI), at most ``limit`` lines per section."""
        parts = []
        for judul, f, fmt in (
            ("added", self.ditambah, lambda r: f"{r.kode} {r.uraian}"),
            ("removed", self.dihapus, lambda r: f"{r.kode} {r.uraian}"),
            ("renamed", self.diganti_nama, lambda r: f"{r.kode}: {r.uraian_lama!r} → {r.uraian!r}"),
            ("kinerja/indikator/satuan changed", self.indikator_berubah,
             lambda r: f"{r.kode} {r.field}: {r.lama!r} → {r.baru!r}"),
            ("renumbered", self.dinomori_ulang,
             lambda r: f"{r.kode_lama} → {r.kode_baru} {r.uraian}"),
        ):  # fmt: skip
            parts.append(f"{judul}: {len(f)}")
            for r in list(f.itertuples(index=False))[:limit]:
                parts.append(f"  {fmt(r)}")
            if len(f) > limit:
                parts.append(f"  … and {len(f) - limit} more")
        return "\n".join(parts)


def _levels_covered(baru: pd.DataFrame) -> set[str]:
    return set(baru.loc[baru["tingkat"] == "sub_kegiatan", "level_pemerintahan"])


def perbarui(
    lama: pd.DataFrame, baru: pd.DataFrame, perubahan: pd.DataFrame | None = None, *,
    pertahankan_versi: bool = True,
) -> tuple[pd.DataFrame, pd.DataFrame, Perbedaan]:
    """Merge the rows of a new master into the previous reference.

    Args:
        lama: The previous reference (:data:`KOLOM_REFERENSI`).
        baru: Rows of the new master (:func:`dari_master`), all of one ``versi``.
        perubahan: Previous renumbering table (:data:`KOLOM_PERUBAHAN`), extended here.
        pertahankan_versi: An unchanged row keeps its previous ``versi`` (False: every row
            the master lists takes the master's ``versi``, for rows of unknown provenance).

    Returns:
        ``(reference, perubahan, Perbedaan)``.
    """
    lama = lengkapi(lama)
    baru = lengkapi(baru)
    versi = baru["versi"].iloc[0] if len(baru) else ""
    level = _levels_covered(baru)
    ada_baru = set(baru["kode"])
    li = lama.set_index("kode")
    bi = baru.set_index("kode")
    sama = [k for k in baru["kode"] if k in li.index]
    # rows of the levels the master covers that it no longer lists
    bawah = lama["tingkat"].isin(["kegiatan", "sub_kegiatan"])
    hapus = bawah & lama["level_pemerintahan"].isin(level) & ~lama["kode"].isin(ada_baru)
    tinggal = lama[~hapus & ~lama["kode"].isin(ada_baru)]
    atas = tinggal["tingkat"].isin(["urusan", "bidang", "program"])
    kode_sisa = set(tinggal.loc[~atas, "kode"]) | ada_baru
    punya_anak = tinggal["kode"].map(lambda k: any(c.startswith(k + ".") for c in kode_sisa))
    buang_atas = atas & ~punya_anak & tinggal["kode_bidang"].isin(set(baru["kode_bidang"]))
    dihapus = pd.concat([lama[hapus], tinggal[buang_atas]])
    tinggal = tinggal[~buang_atas]

    ganti, ubah, hasil = [], [], []
    for k in sama:
        o, n = li.loc[k], bi.loc[k]
        row = n.copy()
        if kunci_nama(o["uraian"]) != kunci_nama(n["uraian"]):
            ganti.append({"kode": k, "tingkat": n["tingkat"], "uraian_lama": o["uraian"],
                          "uraian": n["uraian"]})
        else:
            berubah = [f for f in ("kinerja", "indikator", "satuan")
                       if n["tingkat"] == "sub_kegiatan" and rapikan(o[f]) != rapikan(n[f])]
            ubah += [{"kode": k, "field": f, "lama": o[f], "baru": n[f]} for f in berubah]
            if not berubah and pertahankan_versi:
                row["versi"] = o["versi"]  # unchanged: keeps the decree that first defined it
            if not n["uraian"]:
                row["uraian"] = o["uraian"]
        hasil.append(row.rename(k))
    ditambah = baru[~baru["kode"].isin(li.index)]
    # renumbered: a removed and an added sub kegiatan, same kegiatan, same name
    def kunci(f: pd.DataFrame) -> pd.Series:
        return f["kode"].str.rsplit(".", n=1).str[0] + "|" + f["uraian"].map(kunci_nama)

    hs = dihapus[dihapus["tingkat"] == "sub_kegiatan"]
    ts = ditambah[ditambah["tingkat"] == "sub_kegiatan"]
    pasang = hs.assign(_k=kunci(hs))[["_k", "kode"]].merge(
        ts.assign(_k=kunci(ts))[["_k", "kode", "uraian"]], on="_k", suffixes=("_lama", "_baru"))
    pasang = pasang.drop_duplicates("kode_lama").drop_duplicates("kode_baru")
    nomor = pasang[["kode_lama", "kode_baru", "uraian"]].reset_index(drop=True)
    ref = pd.concat([tinggal, pd.DataFrame(hasil).rename_axis("kode").reset_index(), ditambah],
                    ignore_index=True)  # fmt: skip
    per = pd.DataFrame(columns=list(KOLOM_PERUBAHAN)) if perubahan is None else perubahan
    tambah_per = nomor.assign(versi=versi, keterangan="same kegiatan and name; detected by "
                              "workbench reference update")[list(KOLOM_PERUBAHAN)]
    per = pd.concat([per, tambah_per], ignore_index=True).drop_duplicates(
        ["kode_lama", "kode_baru"], keep="last")
    cols = ["kode", "tingkat", "uraian"]
    beda = Perbedaan(  # a renumbered pair is listed as such, not as added and removed
        ditambah=ditambah.loc[~ditambah["kode"].isin(nomor["kode_baru"]), cols]
        .reset_index(drop=True),
        dihapus=lengkapi(dihapus[~dihapus["kode"].isin(nomor["kode_lama"])])[cols],
        diganti_nama=pd.DataFrame(ganti, columns=["kode", "tingkat", "uraian_lama", "uraian"]),
        indikator_berubah=pd.DataFrame(ubah, columns=["kode", "field", "lama", "baru"]),
        dinomori_ulang=nomor,
    )
    return lengkapi(ref), per.reset_index(drop=True), beda


def _write_csv(frame: pd.DataFrame, path: Path) -> None:
    buf = io.StringIO()
    frame.to_csv(buf, index=False, lineterminator="\n")
    atomic_write_text(path, buf.getvalue())


def perbarui_berkas(
    master_path: str | os.PathLike, versi: str, *, sheet: str | None = None,
    folder: str | os.PathLike | None = None,
) -> Perbedaan:
    """``workbench reference update``: read a master, merge it, write the reference files.

    Args:
        master_path: The newer master (``.xlsx`` or ``.csv``).
        versi: The decree that defines it (written to ``versi`` of added and changed rows).
        sheet: Sheet to read when the workbook has several.
        folder: Folder holding ``nomenklatur.csv`` and ``nomenklatur_perubahan.csv``
            (default: the package's ``workbench/reference``).

    Returns:
        The :class:`Perbedaan`. Nothing is written when reading or merging fails.

    Raises:
        MasterError: The master cannot be read, or ``versi`` is empty.
    """
    if not versi.strip():
        raise MasterError("--versi is empty: name the decree of the master "
                          "(e.g. 'Kepmendagri 900.1-861/2026')")
    folder = Path(folder) if folder is not None else REFERENCE_DIR
    baru = dari_master(baca_master(master_path, sheet=sheet), versi.strip())
    lama = pd.read_csv(folder / NAMA_REFERENSI, dtype=str, keep_default_na=False)
    pp = folder / NAMA_PERUBAHAN
    per = pd.read_csv(pp, dtype=str, keep_default_na=False) if pp.is_file() else None
    ref, per, beda = perbarui(lama, baru, per)
    _write_csv(ref, folder / NAMA_REFERENSI)
    _write_csv(per, pp)
    return beda
