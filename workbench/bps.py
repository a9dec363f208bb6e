"""Import BPS statistics tables, as downloaded, into ``realisasi`` rows of the data contract.

A BPS table (``.xlsx`` or ``.csv`` from a BPS website's *tabel dinamis* or *tabel statis*)
names the governments in rows (``Kotawaringin Barat`` … ``Kota Palangka Raya``, then
``KALIMANTAN TENGAH``), has one column per year, title rows above, notes below (``Sumber:
…``, ``Catatan: …``) and numbers with a decimal comma, as text or as real numbers.
:func:`import_bps` (or :func:`baca_bps` on an :class:`~workbench.spreadsheet.OpenedFile`)
returns the ``realisasi`` rows of one indicator and a :class:`LaporanBps`.

Conventions:

* **Header.** The year row is the first row in the first 40 rows with cells that are only a
  year (``2024``, ``2024*``, ``Maret 2024``); a row under it whose cells under the year
  columns are period names (``Maret | September``, ``Februari | Agustus``) splits a year into
  periods. Several columns for one year need ``periode`` (which period to read), or the
  import is refused with the periods found; a table with several series side by side (each
  year under two labels) needs ``seri``. The report lists every year column and whether it
  was read.
* **Names.** The name column is the column left of the years with the most names that
  :class:`~workbench.wilayah_nama.PencocokWilayah` matches. Names become Kemendagri codes
  through the wilayah table (BPS and Kemendagri number 8 of the 14 districts differently:
  Katingan is BPS 6209 and Kemendagri 62.06); a BPS code column, when present, is checked
  against the name through the crosswalk. Never by position, never by removing a dot.
* **Rows.** Every row under the header is used or skipped with its reason: blank rows, the
  national row (``INDONESIA``), unknown names (reported with the nearest name), a second row
  for the same government, and everything from the first note (``Sumber``, ``Catatan``,
  ``Keterangan``, ``*)`` …) down.
* **Values.** Text is read by :func:`workbench.parse.parse_angka`, except that when the table
  writes decimals with a dot (``72.87``) a dot followed by three digits is a decimal too;
  ``…``, ``...``, ``-``, ``–``, ``NA``, ``n.a.`` and ``x`` are missing (counted, not written);
  marks after a number (``74,28*``, ``5,17 r)``) are removed and reported. An unreadable cell
  fails the import naming file, sheet, row, column and value: nothing is written.
* ``sumber`` is the ``Sumber:`` note and the title, with the file name (or ``sumber``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from workbench import parse
from workbench.errors import WorkbenchError
from workbench.spreadsheet import (
    ImportReport,
    InputFileError,
    OpenedFile,
    Recognition,
    Sheet,
    cell_text,
    column_letter,
    is_blank,
    norm_text,
    open_file,
    report_section,
    write_table,
)
from workbench.wilayah_nama import PencocokWilayah

REALISASI_COLUMNS = ("kode_wilayah", "kode_indikator", "tahun", "realisasi", "sumber")
HEADER_SCAN_ROWS = 40
_BULAN = ("januari", "februari", "maret", "april", "mei", "juni", "juli", "agustus",
          "september", "oktober", "november", "desember", "semester", "triwulan")  # fmt: skip
_TAHUN_SEL = re.compile(
    r"^(?:(?P<periode>[a-z][a-z .]*?)\s+)?(?P<tahun>(?:19|20)\d\d)\s*(?P<tanda>\*{1,3}|\(?[a-z]\)|"
    r"[¹²³⁾]+)?$",
    re.IGNORECASE,
)
_HILANG = frozenset({"…", "...", "..", "-", "–", "—", "na", "n.a", "n.a.", "x", "tt", "nan"})
_TANDA = re.compile(r"^(?P<num>[-−]?[\d.,]+)\s*(?P<tanda>\*{1,3}|[a-z]\)|\([a-z]\)|[¹²³⁾]+)$",
                    re.IGNORECASE)
_CATATAN = re.compile(
    r"^\s*(?:(?:sumber|source|catatan|keterangan|notes?)\b|ket\.|\*|\d\)|[a-z]\)|[¹²³])",
    re.IGNORECASE,
)
_NASIONAL = frozenset({"indonesia", "nasional"})
_NAMA = ("nama", "singkatan")  # a name column holds names (a code column is checked separately)


class BpsImportError(WorkbenchError, ValueError):
    """A BPS table that cannot be imported as asked; the message names file, sheet, row, column."""


@dataclass(frozen=True)
class LaporanBps(ImportReport):
    """What :func:`baca_bps` read, wrote and skipped.

    Attributes:
        berkas: File name.
        sheet: Sheet read.
        judul: Title rows above the header.
        baris_header: 1-based rows of the header (year row, period row).
        kolom_nama: Letter of the name column.
        kolom_tahun: Frame ``kolom, label, tahun, periode, dipakai`` of the year columns.
        baris: Frame ``baris, jenis, nama, kode_wilayah, alasan``, one entry per row under the
            header; ``jenis`` is ``dipakai`` or ``dilewati``.
        sel: Frame ``baris, kolom, nilai, alasan`` of cells read as missing or with marks.
        ditulis: Rows written.
        sumber: The ``sumber`` written.
        catatan: Other notes.
        dilewati: (property) Rows skipped: ``baris, nama, alasan``.
    """

    SKIPPED_COLUMNS = ("baris", "nama", "alasan")

    berkas: str
    sheet: str
    judul: tuple[str, ...]
    baris_header: tuple[int, ...]
    kolom_nama: str
    kolom_tahun: pd.DataFrame
    baris: pd.DataFrame
    sel: pd.DataFrame
    ditulis: int
    sumber: str
    catatan: tuple[str, ...]

    def format(self) -> str:
        """The report as readable English text."""
        out = [f"{self.berkas}, sheet '{self.sheet}'"]
        out += [f"  title: {t}" for t in self.judul]
        out.append(
            "header: row(s) " + ", ".join(map(str, self.baris_header))
            + f"; names in column {self.kolom_nama}"
        )
        for r in self.kolom_tahun.itertuples():
            what = f"{r.tahun}" + (f" ({r.periode})" if r.periode else "")
            out.append(f"  column {r.kolom} '{r.label}': {what}"
                       + ("" if r.dipakai else ", not imported"))
        n_pakai = int((self.baris["jenis"] == "dipakai").sum())
        out.append(
            f"rows read: {len(self.baris)} (used {n_pakai}, skipped {len(self.dilewati)})"
        )
        out.append(f"realisasi rows written: {self.ditulis}; sumber: {self.sumber}")
        for r in self.baris[self.baris["jenis"] == "dipakai"].itertuples():
            out.append(f"  row {r.baris} '{r.nama}' -> {r.kode_wilayah}")
        out += report_section("cells missing or marked", self.sel,
                              lambda r: f"row {r.baris} column {r.kolom} {r.nilai!r}: {r.alasan}")
        out += report_section("rows skipped", self.dilewati,
                              lambda r: f"row {r.baris}" + (f" '{r.nama}'" if r.nama else "")
                              + f": {r.alasan}")
        out += [f"note: {c}" for c in self.catatan]
        return "\n".join(out)


# --- header -------------------------------------------------------------------------------------
def _tahun_sel(v: Any) -> tuple[int, str, str] | None:
    """(year, period, mark) of a header cell that is only a year (``2024``, ``Maret 2024``)."""
    if isinstance(v, bool) or is_blank(v):
        return None
    if isinstance(v, int | float | np.integer | np.floating):
        f = float(v)
        return (int(f), "", "") if f.is_integer() and 1990 <= f <= 2100 else None
    m = _TAHUN_SEL.match(cell_text(v))
    if not m:
        return None
    periode = (m.group("periode") or "").strip()
    if periode and not any(periode.lower().startswith(b) for b in _BULAN):
        return None
    return int(m.group("tahun")), periode, m.group("tanda") or ""


def _periode_sel(v: Any) -> str:
    t = cell_text(v)
    return t if t and any(t.lower().startswith(b) for b in _BULAN) else ""


@dataclass(frozen=True)
class _Kolom:
    c: int
    label: str
    tahun: int
    periode: str
    grup: str = ""  # the label above the year (a series name), merged cells filled


@dataclass(frozen=True)
class _Header:
    baris: int  # 0-based year row
    bawah: int  # 0-based last header row
    kolom: tuple[_Kolom, ...]


def _header(rows: Sequence[Sequence[Any]]) -> _Header | None:
    for i, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        cols = [(c, t) for c, v in enumerate(row) if (t := _tahun_sel(v))]
        if not cols or cols[0][0] == 0:
            continue
        bawah = i
        grup = {c: _grup(rows, i, c) for c, _ in cols}
        kolom = [_Kolom(c, cell_text(row[c]), t[0], t[1], grup[c]) for c, t in cols]
        if i + 1 < len(rows):
            nxt = rows[i + 1]
            per = {c: _periode_sel(nxt[c]) for c, _ in cols}
            if any(per.values()):
                bawah = i + 1
                kolom = [
                    _Kolom(k.c, f"{k.label} / {cell_text(nxt[k.c])}", k.tahun,
                           per[k.c] or k.periode, k.grup)
                    for k in kolom
                ]
        return _Header(i, bawah, tuple(kolom))
    return None


def _grup(rows: Sequence[Sequence[Any]], i: int, c: int) -> str:
    """The nearest label above a year cell (within three rows), or ``""``."""
    for r in range(i - 1, max(i - 4, -1), -1):
        t = cell_text(rows[r][c])
        if t:
            return t
    return ""


def _kolom_nama(rows, h: _Header, pencocok: PencocokWilayah) -> tuple[int, int]:
    """(name column, number of matched names) among the columns left of the first year."""
    best, best_n = -1, -1
    for c in range(min(k.c for k in h.kolom)):
        n = sum(1 for r in rows[h.bawah + 1:] if pencocok.cocokkan(r[c]).cara in _NAMA)
        if n > best_n:
            best, best_n = c, n
    return best, best_n


# --- values -------------------------------------------------------------------------------------
def _desimal_titik(rows, h: _Header, kolom: Sequence[_Kolom]) -> bool:
    """True when the table writes decimals with a dot (``72.87``) and never with a comma."""
    koma = titik = 0
    for r in rows[h.bawah + 1:]:
        for k in kolom:
            v = r[k.c]
            if isinstance(v, str):
                t = v.strip()
                koma += bool(re.fullmatch(r"-?\d+,\d+\D*", t))
                titik += bool(re.fullmatch(r"-?\d+\.(\d{1,2}|\d{4,})\D*", t))
    return titik > 0 and koma == 0


def _nilai(v: Any, titik: bool) -> tuple[float | None, str]:
    """(number or None for missing, note). Raises parse.AngkaError when unreadable."""
    if isinstance(v, bool):
        raise parse.AngkaError(f"not a number: {v!r}")
    if isinstance(v, int | float | np.integer | np.floating):
        f = float(v)
        return (None, "empty") if np.isnan(f) else (f, "")
    t = cell_text(v)
    if t.lower() in _HILANG:
        return None, f"missing ({t})"
    catatan = ""
    m = _TANDA.match(t)
    if m:
        t, catatan = m.group("num"), f"mark {m.group('tanda')!r} removed"
    if titik and re.fullmatch(r"-?\d+\.\d+", t):
        return float(t), catatan
    return parse.parse_angka(t), catatan


def _angka_teks(x: float) -> str:
    """A number as contract text with a decimal comma and no thousands separator."""
    return np.format_float_positional(round(float(x), 10), trim="-").replace(".", ",")


# --- the importer -------------------------------------------------------------------------------
def _indikator_ada(kode: str, indikator: pd.DataFrame, berkas: str) -> str:
    import difflib

    kode = str(kode).strip()
    known = indikator["kode_indikator"].astype(str).tolist()
    if kode in known:
        return kode
    near = difflib.get_close_matches(kode, known, n=1, cutoff=0.0)
    raise BpsImportError(
        f"{berkas}: --indikator {kode!r} is not in the indikator table"
        + (f"; nearest: {near[0]}" if near else "")
    )


def _judul(rows, h: _Header) -> tuple[str, ...]:
    teks = (t for r in rows[: h.baris] for v in r if (t := cell_text(v)) and not _tahun_sel(v))
    return tuple(dict.fromkeys(teks))  # merged cells repeat their text: once each


def _pilih_kolom(h: _Header, periode: str | None, seri: str | None, where: str) -> list[_Kolom]:
    kolom = list(h.kolom)
    if seri:
        q = norm_text(seri)
        kolom = [k for k in kolom if q in norm_text(k.grup)]
        if not kolom:
            found = sorted({k.grup for k in h.kolom if k.grup}) or ["none"]
            raise BpsImportError(
                f"{where}: --seri {seri!r} names no label above the years; labels: "
                + "; ".join(f"'{g}'" for g in found)
            )
    if periode:
        p = periode.strip().lower()
        pilih = [k for k in kolom if k.periode.lower().startswith(p)]
        if not pilih:
            found = sorted({k.periode for k in kolom if k.periode}) or ["none"]
            raise BpsImportError(
                f"{where}: --periode {periode!r} is not in the header; periods: {', '.join(found)}"
            )
        kolom = pilih
    per_tahun: dict[int, list[_Kolom]] = {}
    for k in kolom:
        per_tahun.setdefault(k.tahun, []).append(k)
    lebih = {t: ks for t, ks in per_tahun.items() if len(ks) > 1}
    if lebih:
        t, ks = next(iter(lebih.items()))
        per = [k for k in ks if k.periode]
        saran = ("say which period to read with --periode (e.g. --periode Maret)" if per else
                 "the table holds several series; choose one with --seri (a word of the label "
                 "above its years: " + "; ".join(f"'{k.grup}'" for k in ks) + ")")
        raise BpsImportError(
            f"{where}, row {h.bawah + 1}: year {t} has {len(ks)} columns ("
            + ", ".join(f"{column_letter(k.c)} '{k.label}'" for k in ks)
            + f"); {saran}"
        )
    return kolom


def _pilih_sheet(opened: OpenedFile, sheet: str | None) -> tuple[Sheet, _Header]:
    sheets = [opened.sheet(sheet)] if sheet else list(opened.sheets)
    for s in sheets:
        h = _header(s.rows)
        if h is not None:
            return s, h
    where = f"{opened.name}" + (f", sheet '{sheet}'" if sheet else "")
    raise BpsImportError(
        f"{where}: no header row with year columns (cells such as 2020, 2021 … or 'Maret 2024') "
        f"in the first {HEADER_SCAN_ROWS} rows right of a name column"
    )


def baca_bps(
    opened: OpenedFile,
    *,
    indikator: str,
    indikator_tabel: pd.DataFrame | None = None,
    wilayah: pd.DataFrame | None = None,
    sheet: str | None = None,
    periode: str | None = None,
    seri: str | None = None,
    sumber: str | None = None,
) -> tuple[pd.DataFrame, LaporanBps]:
    """Read one BPS table into ``realisasi`` rows of ``indikator`` (conventions: module doc).

    Args:
        opened: The file (:func:`workbench.spreadsheet.open_file`).
        indikator: Code of the indicator the table measures (in ``indikator_tabel``).
        indikator_tabel: The package's indikator table (default: the reference one).
        wilayah: The package's wilayah table (default: :func:`workbench.reference.load_wilayah`).
        sheet: Sheet to read (default: the first with a year header).
        periode: Which period to read when a year has several columns (``Maret``).
        seri: Which series to read when the table has several (a word of the label above
            the years, e.g. ``Harapan Lama Sekolah``).
        sumber: Text for the ``sumber`` column (default: the table's source note and title).

    Returns:
        (frame with :data:`REALISASI_COLUMNS`: ``tahun`` int, ``realisasi`` float, the others
        text; the report).

    Raises:
        BpsImportError: No year header, no name column, no government matched, unknown
            indicator, several periods without ``periode``, or an unreadable value.
    """
    from workbench.reference import load_indikator_referensi, load_wilayah

    ind = load_indikator_referensi() if indikator_tabel is None else indikator_tabel
    kode_ind = _indikator_ada(indikator, ind, opened.name)
    pencocok = PencocokWilayah(load_wilayah() if wilayah is None else wilayah)
    s, h = _pilih_sheet(opened, sheet)
    where = f"{opened.name}, sheet '{s.name}'"
    kolom = _pilih_kolom(h, periode, seri, where)
    cn, n_cocok = _kolom_nama(s.rows, h, pencocok)
    if n_cocok <= 0:
        raise BpsImportError(
            f"{where}: no column left of the years (row {h.baris + 1}) holds names of the "
            f"wilayah table (e.g. {pencocok.nama[pencocok.kode[-1]]!r})"
        )
    titik = _desimal_titik(s.rows, h, kolom)
    kode_bps_col = _kolom_kode_bps(s.rows, h, cn, pencocok)
    baris, sel, data, catatan_kaki = _baca_baris(
        s.rows, h, cn, kode_bps_col, kolom, pencocok, titik, where
    )
    if not data:
        raise BpsImportError(f"{where}: no row under the header names a government of the table")
    judul = _judul(s.rows, h)
    teks_sumber = sumber or _sumber(catatan_kaki, judul, opened.name)
    frame = pd.DataFrame(data, columns=["kode_wilayah", "tahun", "realisasi"])
    frame.insert(1, "kode_indikator", kode_ind)
    frame["sumber"] = teks_sumber
    urut = {k: i for i, k in enumerate(pencocok.kode)}
    frame = frame.sort_values(["kode_wilayah", "tahun"], key=lambda c: c.map(urut)
                              if c.name == "kode_wilayah" else c, kind="stable")
    frame = frame.reset_index(drop=True).astype({"tahun": int, "realisasi": float})
    dipakai = {k.c for k in kolom}
    laporan = LaporanBps(
        berkas=opened.name,
        sheet=s.name,
        judul=judul,
        baris_header=tuple(range(h.baris + 1, h.bawah + 2)),
        kolom_nama=column_letter(cn),
        kolom_tahun=pd.DataFrame(
            [(column_letter(k.c), k.label, k.tahun, k.periode, k.c in dipakai) for k in h.kolom],
            columns=["kolom", "label", "tahun", "periode", "dipakai"],
        ),
        baris=pd.DataFrame(baris, columns=["baris", "jenis", "nama", "kode_wilayah", "alasan"]),
        sel=pd.DataFrame(sel, columns=["baris", "kolom", "nilai", "alasan"]),
        ditulis=len(frame),
        sumber=teks_sumber,
        catatan=(("decimals written with a dot (72.87): a dot is read as the decimal point",)
                 if titik else ()),
    )
    return frame[list(REALISASI_COLUMNS)], laporan


def _kolom_kode_bps(rows, h: _Header, cn: int, pencocok: PencocokWilayah) -> int | None:
    """A column left of the years that holds BPS codes (``6209``), if any."""
    for c in range(min(k.c for k in h.kolom)):
        if c == cn:
            continue
        vals = [cell_text(r[c]) for r in rows[h.bawah + 1:] if not is_blank(r[c])]
        if vals and sum(v in pencocok.bps for v in vals) >= max(2, len(vals) // 2):
            return c
    return None


def _baca_baris(rows, h, cn, kb, kolom, pencocok, titik, where):  # noqa: C901 - one row rule each
    baris, sel, data = [], [], []
    catatan_kaki: list[str] = []
    seen: dict[str, int] = {}
    di_catatan = False
    for i in range(h.bawah + 1, len(rows)):
        r, nr = rows[i], i + 1
        nama = cell_text(r[cn])
        first = next((cell_text(v) for v in r if not is_blank(v)), "")
        if di_catatan or (first and _CATATAN.match(first) and not pencocok.cocokkan(first).kode):
            di_catatan = True
            catatan_kaki.append(first)
            baris.append((nr, "dilewati", first[:60], "", "note below the table"))
            continue
        if all(is_blank(v) for v in r):
            baris.append((nr, "dilewati", "", "", "blank row"))
            continue
        if not nama:
            baris.append((nr, "dilewati", first[:60], "", "no name in the name column"))
            continue
        if norm_text(nama) in _NASIONAL:
            baris.append((nr, "dilewati", nama, "", "national figure (not a government of the "
                          "wilayah table)"))
            continue
        m = pencocok.cocokkan(nama)
        if m.kode is None:
            near = f"; nearest: '{m.terdekat}' ({m.kemiripan:.2f})" if m.terdekat else ""
            baris.append((nr, "dilewati", nama, "", f"unknown name ({m.cara}){near}"))
            continue
        if kb is not None and not is_blank(r[kb]):
            lewat = pencocok.cocokkan(r[kb]).kode
            if lewat != m.kode:
                raise BpsImportError(
                    f"{where}, row {nr}: name '{nama}' is {m.kode} but the BPS code in column "
                    f"{column_letter(kb)} ({cell_text(r[kb])}) is {lewat or 'not in the crosswalk'}"
                )
        if m.kode in seen:
            baris.append((nr, "dilewati", nama, m.kode,
                          f"second row for {m.kode} (first: row {seen[m.kode]})"))
            continue
        seen[m.kode] = nr
        for k in kolom:
            try:
                v, cat = _nilai(r[k.c], titik)
            except parse.AngkaError as err:
                raise BpsImportError(
                    f"{where}, row {nr}, column {column_letter(k.c)} ({k.label}): value "
                    f"{r[k.c]!r} is not a number ({err}); expected e.g. 74,28 or … for missing"
                ) from None
            if cat:
                sel.append((nr, column_letter(k.c), cell_text(r[k.c]), cat))
            if v is not None:
                data.append((m.kode, k.tahun, v))
        baris.append((nr, "dipakai", nama, m.kode, f"matched by {m.cara}"))
    return baris, sel, data, catatan_kaki


def _sumber(catatan: list[str], judul: tuple[str, ...], berkas: str) -> str:
    src = next((c for c in catatan if re.match(r"^\s*(sumber|source)\b", c, re.IGNORECASE)), "")
    src = re.sub(r"^\s*(sumber|source)\s*:?\s*", "", src, flags=re.IGNORECASE).strip()
    bagian = [src or "BPS"]
    if judul:
        bagian.append(judul[0])
    return ": ".join(bagian) + f" ({berkas})"


def import_bps(path: str | Path, **kwargs: Any) -> tuple[pd.DataFrame, LaporanBps]:
    """Open ``path`` and :func:`baca_bps` it (same keyword arguments).

    Raises:
        BpsImportError: As :func:`baca_bps`, or the file cannot be opened.
    """
    try:
        opened = open_file(path)
    except InputFileError as err:
        raise BpsImportError(str(err)) from err
    return baca_bps(opened, **kwargs)


def looks_like_bps(opened: OpenedFile, wilayah: pd.DataFrame | None = None) -> Recognition:
    """Whether a file looks like a BPS statistics table (names in rows, years in columns).

    A sheet matches when it has a year header and at least three rows under it whose name
    column names a government of the wilayah table.
    """
    from workbench.reference import load_wilayah

    pencocok = PencocokWilayah(load_wilayah() if wilayah is None else wilayah)
    reasons, cocok = [], []
    for s in opened.sheets:
        h = _header(s.rows)
        if h is None:
            reasons.append(f"sheet '{s.name}': no row of year columns in the first "
                           f"{HEADER_SCAN_ROWS} rows")
            continue
        cn, n = _kolom_nama(s.rows, h, pencocok)
        tahun = sorted({k.tahun for k in h.kolom})
        if n >= 3:
            cocok.append(s.name)
            reasons.append(
                f"sheet '{s.name}': year columns {tahun[0]}–{tahun[-1]} in row {h.baris + 1} and "
                f"{n} government names in column {column_letter(cn)}"
            )
        else:
            reasons.append(
                f"sheet '{s.name}': year columns in row {h.baris + 1} but only {max(n, 0)} "
                "government names left of them (3 needed)"
            )
    return Recognition(bool(cocok), tuple(reasons), tuple(cocok))


def realisasi_teks(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows as contract text (``tahun`` digits, ``realisasi`` with a decimal comma)."""
    out = frame.copy()
    out["tahun"] = out["tahun"].astype(int).astype(str)
    out["realisasi"] = [_angka_teks(x) for x in out["realisasi"]]
    return out


def write_realisasi(frame: pd.DataFrame, out: str | Path) -> Path:
    """Write ``realisasi`` rows (.csv or .xlsx) atomically, numbers with a decimal comma."""
    return write_table(realisasi_teks(frame), out, "realisasi")
