"""Import kesepakatan tables as written at a Rakortek into the contract's ``kesepakatan`` table.

At the Rakortekrenbang the province and each kabupaten/kota agree which kab/kota sub kegiatan
support a province outcome. The agreement is written as a table (the province-level shape is
Permendagri 14/2026, annex Tabel C): outcome → indikator outcome → satuan → bidang urusan →
programme → sub kegiatan code and name, per kab/kota, with the outcome, indicator and
programme written once and the cells below left blank or merged. :func:`import_kesepakatan`
(or :func:`baca_kesepakatan` on an :class:`~workbench.spreadsheet.OpenedFile`) turns every
such sheet of a workbook into rows ``tahun, kode_indikator, kode_sub_kegiatan, kode_wilayah``
and a :class:`LaporanKesepakatan`.

Conventions:

* **Header.** The first row in the first 40 rows with an indicator column (``Indikator
  Outcome``, ``Indikator``, ``Kode Indikator``) and a sub kegiatan column (``Kode``, ``Kode Sub
  Kegiatan``, ``Sub Kegiatan``), plus up to two label rows under it (a group label over
  ``Program | Kode | Sub Kegiatan``); a row of column numbers (``1 2 3`` or ``(1) (2)``) under
  it is skipped. Columns are recognised by their words (:data:`PERAN`), in any order.
* **Carried down** (in a table with an outcome column or a kesepakatan/Rakortek title; a plain
  table with the contract's columns means what it says). Outcome, indicator, satuan, bidang,
  programme, kab/kota and year cells left blank take the value above them (merged cells hold
  it already); a new outcome or indicator clears what belonged to the old one; a row with an
  outcome or indicator but no sub kegiatan is a heading for the rows below.
* **Indicator.** Matched to the indikator table by code (a ``Kode Indikator`` column), else
  by normalised name (case, punctuation and spacing ignored; with or without a trailing
  abbreviation in brackets; the abbreviation alone), else through the wording of Permendagri
  14/2026 Tabel C listed in ``workbench/reference/indikator_alias.csv``. An unmatched
  indicator's rows are skipped and the report names the nearest indicator.
* **Sub kegiatan.** The code from the code column, else from the start of the name
  (``1.02.02.2.02.0015 Pengelolaan …``), normalised by :func:`workbench.parse.normalize_code`;
  a row with a name and no code takes the code of the one level-2 sub kegiatan of the
  nomenclature with that name (reported). A programme or kegiatan code is a heading. A level-1
  (province) code is skipped: a kab/kota agreement lists kab/kota sub kegiatan. A code missing
  from the nomenclature is written and reported with the nearest known code.
* **Kab/kota.** From a kab/kota column (name or Kemendagri code; ``Semua``/``Seluruh
  Kabupaten/Kota`` = every kab/kota, written empty), else the one kab/kota named in the title
  block or the sheet name, else every kab/kota (empty, said in the report). Names are matched
  by :class:`~workbench.wilayah_nama.PencocokWilayah`; an unknown name's rows are skipped and
  reported with the nearest name.
* **Year.** ``tahun`` (the RKPD year the agreement is for), else a ``Tahun`` column, else the
  year after ``RKPD`` in the title (``… RKPD TAHUN 2027``); otherwise the import is refused.
* Every row under the header is used (an agreement line or a heading) or skipped with its
  reason (blank, signature block, repeated header, duplicate, unmatched indicator …).
  Nothing is written when the import fails.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from workbench import parse
from workbench import spreadsheet as ss
from workbench.errors import WorkbenchError
from workbench.paths import REFERENCE_DIR
from workbench.spreadsheet import Sheet, cell_text, column_letter, is_blank, norm_text
from workbench.wilayah_nama import PencocokWilayah

KESEPAKATAN_COLUMNS = ("tahun", "kode_indikator", "kode_sub_kegiatan", "kode_wilayah")
HEADER_SCAN_ROWS = 40
#: Column roles by label words (normalised label, first match wins).
PERAN: tuple[tuple[str, str], ...] = (
    ("no", r"^(no|nomor|no urut)$"),
    ("satuan", r"^satuan\b"),
    ("target", r"\btarget\b"),
    ("pagu", r"\bpagu\b|\banggaran\b|\brp\b"),
    ("kode_indikator", r"\bkode indikator\b"),
    ("kode_program", r"^kode (program|kegiatan)\b"),
    ("wilayah", r"^kode (wilayah|daerah|kab(upaten)? ?kota)$"),
    ("indikator", r"\bindikator\b|\biku\b"),
    ("kode", r"^kode\b"),
    ("sub_kegiatan", r"\bsub ?kegiatan\b|\bnomenklatur\b"),
    ("program", r"^program\b"),
    ("kegiatan", r"^kegiatan\b"),
    ("wilayah", r"\bkab(upaten)? ?kota\b|^(wilayah|daerah|pemda|kabupaten|kota)$"),
    ("pd", r"\bperangkat daerah\b|\bopd\b|\bskpd\b"),
    ("bidang", r"\bbidang\b|\burusan\b"),
    ("outcome", r"\boutcome\b|\bsasaran\b|\bprioritas\b|\btujuan\b|\bpro sn\b|\btematik\b"),
    ("tahun", r"^tahun$"),
    ("lokasi", r"\blokasi\b"),
    ("keterangan", r"\bketerangan\b|\bcatatan\b"),
)
_TURUN = ("outcome", "indikator", "kode_indikator", "satuan", "bidang", "program", "wilayah",
          "tahun")  # fmt: skip
_ANAK = {
    "outcome": ("indikator", "kode_indikator", "satuan"),
    "indikator": ("kode_indikator", "satuan"),
    "kode_indikator": ("indikator", "satuan"),
}
_TANDA_TANGAN = re.compile(
    r"^\s*(mengetahui|menyetujui|disepakati|pihak (pertama|kedua)|kepala\b|sekretaris\b|"
    r"bupati\b|gubernur\b|wali ?kota\b|plt\.?\b|plh\.?\b|a\.?n\.?\s|ttd\b|nip\b|pembina\b|"
    r"penata\b|\(\s*tanda tangan)",
    re.IGNORECASE,
)
_TANGGAL = re.compile(
    r"^[A-Z][\w .'-]*,\s*\d{1,2}\s+(januari|februari|maret|april|mei|juni|juli|agustus|"
    r"september|oktober|november|desember)\s+\d{4}\s*$",
    re.IGNORECASE,
)
_TOTAL = re.compile(r"^\s*(jumlah|total)\b", re.IGNORECASE)
_KODE_DI_NAMA = re.compile(r"^\s*'?(?P<kode>\d+(?:\s*\.\s*\d+){2,5})\.?\s*[-–:]?\s*(?P<nama>.*)$",
                           re.S)
_SEMUA = re.compile(r"^(semua|seluruh)\b", re.IGNORECASE)
_RKPD_TAHUN = re.compile(r"\brkpd\b\D{0,30}?\b(20\d\d)\b", re.IGNORECASE)


class KesepakatanImportError(WorkbenchError, ValueError):
    """A kesepakatan workbook that cannot be imported as asked (message: file, sheet, row …)."""


@dataclass(frozen=True)
class LaporanKesepakatan(ss.ImportReport):
    """What :func:`baca_kesepakatan` read, wrote and skipped.

    Attributes:
        berkas: File name.
        sheets: Sheets imported, with their header row, columns and kab/kota source.
        sheet_lain: Sheets not imported and why.
        baris: Frame ``sheet, baris, jenis, kode, alasan``, one entry per row under a header;
            ``jenis`` is ``kesepakatan`` (a line written), ``judul`` (a heading carried down)
            or ``dilewati`` (skipped, with ``alasan``).
        indikator: Frame ``uraian, kode_indikator, cara, baris`` of the indicators as written
            and what they matched (``cara`` = ``kode``, ``nama``, ``singkatan``, ``alias``).
        indikator_tidak_cocok: Frame ``uraian, terdekat, kode_terdekat, kemiripan, baris``
            (rows skipped because of it).
        kode_tidak_dikenal: Frame ``sheet, baris, kode, uraian, kode_terdekat, uraian_terdekat``
            of sub kegiatan codes missing from the nomenclature (written).
        tahun: Year(s) written and where they came from.
        ditulis: Rows written.
        catatan: Other notes.
        dilewati: (property) Rows skipped: ``sheet, baris, alasan``.
    """

    SKIPPED_COLUMNS = ("sheet", "baris", "alasan")

    berkas: str
    sheets: tuple[str, ...]
    sheet_lain: tuple[str, ...]
    baris: pd.DataFrame
    indikator: pd.DataFrame
    indikator_tidak_cocok: pd.DataFrame
    kode_tidak_dikenal: pd.DataFrame
    tahun: str
    ditulis: int
    catatan: tuple[str, ...]

    def format(self) -> str:
        """The report as readable English text."""
        out = [f"{self.berkas}"]
        out += [f"  {s}" for s in self.sheets]
        out += [f"  {s}" for s in self.sheet_lain]
        jenis = self.baris["jenis"].value_counts()
        out.append(
            f"rows read: {len(self.baris)} (agreement lines {int(jenis.get('kesepakatan', 0))}, "
            f"headings {int(jenis.get('judul', 0))}, skipped {int(jenis.get('dilewati', 0))})"
        )
        out.append(f"kesepakatan rows written: {self.ditulis}; year: {self.tahun}")
        out.append("indicators matched:")
        out += [f"  {r.uraian!r} -> {r.kode_indikator} (by {r.cara})"
                for r in self.indikator.itertuples()]
        out += ss.report_section(
            "indicators NOT in the indikator table (their rows skipped)",
            self.indikator_tidak_cocok,
            lambda r: f"{r.uraian!r} (rows {r.baris}): nearest {r.kode_terdekat} {r.terdekat!r} "
            f"({r.kemiripan:.2f})",
        )
        out += ss.report_section(
            "sub kegiatan codes not in the nomenclature (written; check them)",
            self.kode_tidak_dikenal,
            lambda r: f"sheet '{r.sheet}' row {r.baris} {r.kode} {r.uraian!r}: nearest "
            f"{r.kode_terdekat} {r.uraian_terdekat!r}",
        )
        out += ss.report_section(
            "rows skipped", self.dilewati, lambda r: f"sheet '{r.sheet}' row {r.baris}: {r.alasan}"
        )
        out += [f"note: {c}" for c in self.catatan]
        return "\n".join(out)


# --- indicator matching -----------------------------------------------------------------------
_KURUNG = re.compile(r"\(([^()]*)\)")


def _kunci_nama(teks: str) -> tuple[str, str, str]:
    """(normalised name, name without bracketed parts, abbreviation in brackets or '')."""
    t = cell_text(teks)
    singkatan = ""
    for isi in _KURUNG.findall(t):
        if re.fullmatch(r"[A-Z][A-Za-z0-9]{1,7}", isi.strip()):
            singkatan = isi.strip().lower()
    return norm_text(t), norm_text(_KURUNG.sub(" ", t)), singkatan


@lru_cache(maxsize=1)
def _alias() -> tuple[tuple[str, str], ...]:
    path = REFERENCE_DIR / "indikator_alias.csv"
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    return tuple(zip(df["uraian"].map(norm_text), df["kode_indikator"], strict=True))


class PencocokIndikator:
    """Matches indicators as written (code or name) to one indikator table."""

    def __init__(self, indikator: pd.DataFrame) -> None:
        """Index codes, names, bracket-less names, abbreviations and the Tabel C wording."""
        self.kode = indikator["kode_indikator"].astype(str).tolist()
        self.uraian = dict(zip(self.kode, indikator["uraian"].astype(str), strict=True))
        self._kode_lower = {k.lower(): k for k in self.kode}
        self._nama: dict[str, set[str]] = {}
        self._singkatan: dict[str, set[str]] = {}
        for k in self.kode:
            penuh, tanpa, sk = _kunci_nama(self.uraian[k])
            for key in {penuh, tanpa}:
                self._nama.setdefault(key, set()).add(k)
            if sk:
                self._singkatan.setdefault(sk, set()).add(k)
        self._alias = {a: k for a, k in _alias() if k in self.uraian}

    def cocokkan(self, kode: str, uraian: str) -> tuple[str | None, str]:
        """(code, how) for an indicator given by code and/or name; (None, '') when unmatched."""
        if kode and kode.strip().lower() in self._kode_lower:
            return self._kode_lower[kode.strip().lower()], "kode"
        if not uraian:
            return None, ""
        penuh, tanpa, sk = _kunci_nama(uraian)
        for key in (penuh, tanpa):
            hit = self._nama.get(key, set())
            if len(hit) == 1:
                return next(iter(hit)), "nama"
        for key in (sk, penuh):
            hit = self._singkatan.get(key, set())
            if key and len(hit) == 1:
                return next(iter(hit)), "singkatan"
        for key in (penuh, tanpa):
            if key in self._alias:
                return self._alias[key], "alias (Permendagri 14/2026 Tabel C wording)"
        return None, ""

    def terdekat(self, uraian: str) -> tuple[str, str, float]:
        """(code, name, ratio) of the indicator whose normalised name is nearest."""
        names = {norm_text(u): k for k, u in self.uraian.items()}
        near = difflib.get_close_matches(norm_text(uraian), list(names), n=1, cutoff=0.0)
        if not near:
            return "", "", 0.0
        k = names[near[0]]
        return k, self.uraian[k], round(difflib.SequenceMatcher(None, norm_text(uraian),
                                                                 near[0]).ratio(), 3)


# --- header -------------------------------------------------------------------------------------
def peran_label(label: str) -> str | None:
    """Role of a column from one label (see :data:`PERAN`), or None."""
    t = norm_text(label)
    if not t:
        return None
    for peran, pola in PERAN:
        if re.search(pola, t):
            return peran
    return None


@dataclass(frozen=True)
class _Header:
    atas: int  # 0-based first header row
    bawah: int  # 0-based last header row (column numbers included)
    peran: dict[str, int]
    label: dict[int, str]


def _nomor_kolom(row: Sequence[Any]) -> bool:
    vals = [cell_text(v) for v in row if not is_blank(v)]
    return len(vals) >= 3 and all(re.fullmatch(r"\(?\d{1,2}\)?", v) for v in vals)


def _baris_label(row: Sequence[Any]) -> bool:
    vals = [v for v in row if not is_blank(v)]
    return bool(vals) and all(isinstance(v, str) and not re.match(r"^\s*'?\d", v) for v in vals)


def _header_di(rows: Sequence[Sequence[Any]], i: int) -> _Header | None:
    roles = {peran_label(v) for v in rows[i] if isinstance(v, str)}
    if not ({"indikator", "kode_indikator"} & roles and {"kode", "sub_kegiatan"} & roles):
        return None
    bawah = i
    while bawah + 1 < len(rows) and bawah - i < 2 and _baris_label(rows[bawah + 1]) and any(
        peran_label(v) for v in rows[bawah + 1] if isinstance(v, str)
    ):
        bawah += 1
    label, peran = {}, {}
    for c in range(len(rows[i])):
        path = list(dict.fromkeys(cell_text(rows[r][c]) for r in range(i, bawah + 1)
                                  if cell_text(rows[r][c])))
        if not path:
            continue
        label[c] = " / ".join(path)
        role = next((p for lab in reversed(path) if (p := peran_label(lab))), None)
        if role and role not in peran:
            peran[role] = c
    if bawah + 1 < len(rows) and _nomor_kolom(rows[bawah + 1]):
        bawah += 1
    return _Header(i, bawah, peran, label)


def _find_header(rows: Sequence[Sequence[Any]]) -> _Header | None:
    for i in range(min(HEADER_SCAN_ROWS, len(rows))):
        h = _header_di(rows, i)
        if h is not None:
            return h
    return None


# --- rows ---------------------------------------------------------------------------------------
@dataclass
class _Konteks:
    nilai: dict[str, str]
    judul: int = 0


def _kode_sub(row: Sequence[Any], h: _Header) -> tuple[str, str]:
    """(raw code, name) of the row's sub kegiatan (code from the name when no code cell)."""
    kode = cell_text(row[h.peran["kode"]]) if "kode" in h.peran else ""
    nama = cell_text(row[h.peran["sub_kegiatan"]]) if "sub_kegiatan" in h.peran else ""
    if h.peran.get("kode") == h.peran.get("sub_kegiatan"):
        kode = ""
    if not kode and nama:
        m = _KODE_DI_NAMA.match(nama)
        if m:
            kode, nama = m.group("kode"), m.group("nama").strip()
    return kode, nama


@lru_cache(maxsize=1)
def _nama_ke_kode() -> dict[str, tuple[str, ...]]:
    from workbench.reference import load_nomenklatur

    nom = load_nomenklatur()
    nom = nom[(nom["tingkat"] == "sub_kegiatan") & (nom["level_pemerintahan"].astype(str) == "2")]
    out: dict[str, list[str]] = {}
    for k, u in zip(nom["kode"], nom["uraian"], strict=True):
        out.setdefault(norm_text(u), []).append(k)
    return {n: tuple(ks) for n, ks in out.items()}


@dataclass
class _Baca:
    """Rows collected over the sheets of one workbook."""

    pencocok_w: PencocokWilayah
    pencocok_i: PencocokIndikator
    tahun: int | None
    dikenal: frozenset[str]
    baris: list[tuple] = field(default_factory=list)
    data: list[dict] = field(default_factory=list)
    indikator: dict[tuple[str, str], tuple] = field(default_factory=dict)
    kode_baru: list[dict] = field(default_factory=list)
    tahun_dari: set[str] = field(default_factory=set)
    dari_nama: int = 0
    level: dict[int, int] = field(default_factory=dict)

    def lewat(self, sheet: str, nr: int, kode: str, alasan: str) -> None:
        self.baris.append((sheet, nr, "dilewati", kode, alasan))


def _kelas_baris(row: Sequence[Any], h: _Header, rows, i: int) -> str | None:
    """A reason to skip the row before reading it, or None."""
    if all(is_blank(v) for v in row):
        return "blank row"
    first = next((cell_text(v) for v in row if not is_blank(v)), "")
    if _TANDA_TANGAN.match(first) or _TANGGAL.match(first):
        return "signature block"
    if _TOTAL.match(first):
        return "total row"
    if _nomor_kolom(row):
        return "row of column numbers"
    if [cell_text(v) for v in row] == [cell_text(v) for v in rows[h.atas]]:
        return "repeated header row"
    return None


def _baca_sheet(b: _Baca, s: Sheet, h: _Header, wilayah_sheet: str | None) -> None:  # noqa: C901
    ctx = _Konteks({})
    # a Rakortek table writes a value once for the rows below it; a plain table (the contract's
    # own columns) means what it says: an empty kode_wilayah is every kab/kota
    turun = _gaya_rakortek(s, h)
    seen: dict[tuple, int] = {}
    for i in range(h.bawah + 1, len(s.rows)):
        row, nr = s.rows[i], i + 1
        alasan = _kelas_baris(row, h, s.rows, i)
        if alasan:
            b.lewat(s.name, nr, "", alasan)
            continue
        baru = {p: cell_text(row[h.peran[p]]) for p in _TURUN if p in h.peran}
        if turun:
            _bawa_turun(ctx, baru)
        else:
            ctx.nilai = baru
        raw, nama = _kode_sub(row, h)
        if not raw and not nama:
            if any(cell_text(row[h.peran[p]]) for p in _TURUN if p in h.peran):
                b.baris.append((s.name, nr, "judul", "", "heading carried down"))
            else:
                b.lewat(s.name, nr, "", "no sub kegiatan code or name")
            continue
        kode = _row_code(b, s.name, nr, raw, nama, ctx)
        if kode is None:
            continue
        hasil = _baris_kesepakatan(b, s.name, nr, kode, nama, ctx, wilayah_sheet)
        if hasil is None:
            continue
        key = tuple(hasil[c] for c in KESEPAKATAN_COLUMNS)
        if key in seen:
            b.lewat(s.name, nr, kode, f"duplicate of row {seen[key]} (same year, indicator, "
                    "sub kegiatan and kab/kota)")
            continue
        seen[key] = nr
        b.data.append(hasil)
        b.baris.append((s.name, nr, "kesepakatan", kode, ""))


def _gaya_rakortek(s: Sheet, h: _Header) -> tuple[str, ...]:
    """Why the sheet is written the Rakortek way (outcome column, title words); () if not."""
    why = ("an outcome column",) if "outcome" in h.peran else ()
    kata = re.search(r"\b(kesepakatan|rakortek\w*|berita acara)\b", norm_text(_teks_atas(s, h)))
    return why + ((f"the title says '{kata.group(1)}'",) if kata else ())


def _bawa_turun(ctx: _Konteks, baru: dict[str, str]) -> None:
    """Carry cells down: a new outcome (or indicator) clears what belonged to the old one.

    "New" means a value different from the one carried (a merged cell repeats its value on
    every row and is not new); the kab/kota, bidang and programme never clear anything, so a
    block per outcome may list several kab/kota.
    """
    for p, anak in _ANAK.items():
        if baru.get(p) and baru[p] != ctx.nilai.get(p):
            for q in anak:
                if not baru.get(q):
                    ctx.nilai.pop(q, None)
    ctx.nilai.update({p: v for p, v in baru.items() if v})


def _row_code(b: _Baca, sheet: str, nr: int, raw: str, nama: str, ctx: _Konteks) -> str | None:
    if not raw:
        calon = _nama_ke_kode().get(norm_text(nama), ())
        if len(calon) != 1:
            why = "no level-2 sub kegiatan of that name" if not calon else (
                "several sub kegiatan of that name: " + ", ".join(calon))
            b.lewat(sheet, nr, "", f"sub kegiatan {nama!r} has no code ({why})")
            return None
        b.dari_nama += 1
        return calon[0]
    try:
        kode = parse.normalize_code(raw)
    except parse.CodeError as err:
        b.lewat(sheet, nr, raw, f"unreadable code: {err}")
        return None
    tingkat = parse.code_tingkat(kode)
    if tingkat in ("program", "kegiatan", "bidang", "urusan"):
        if tingkat == "program":
            ctx.nilai["program"] = kode
        b.baris.append((sheet, nr, "judul", kode, f"{tingkat} heading"))
        return None
    b.level[parse.code_level(kode)] = b.level.get(parse.code_level(kode), 0) + 1
    if parse.code_level(kode) == 1:
        b.lewat(sheet, nr, kode, "level-1 (province) sub kegiatan: a kab/kota agreement lists "
                "the kab/kota (level 2) sub kegiatan that support the outcome")
        return None
    return kode


def _baris_kesepakatan(b: _Baca, sheet: str, nr: int, kode: str, nama: str, ctx: _Konteks,
                       wilayah_sheet: str | None) -> dict | None:
    uraian = ctx.nilai.get("indikator", "")
    kode_ind_raw = ctx.nilai.get("kode_indikator", "")
    if not uraian and not kode_ind_raw:
        b.lewat(sheet, nr, kode, "no indikator outcome on this row or above it")
        return None
    key = (kode_ind_raw, uraian)
    if key not in b.indikator:
        b.indikator[key] = (*b.pencocok_i.cocokkan(kode_ind_raw, uraian), [])
    kode_ind, _, rows = b.indikator[key]
    rows.append(nr)
    if kode_ind is None:
        b.lewat(sheet, nr, kode, f"indikator {uraian or kode_ind_raw!r} is not in the indikator "
                "table")
        return None
    tahun = _tahun_baris(b, sheet, nr, ctx)
    if tahun is None:
        return None
    kw = _wilayah_baris(b, sheet, nr, kode, ctx, wilayah_sheet)
    if kw is None:
        return None
    if kode not in b.dikenal:
        b.kode_baru.append({"sheet": sheet, "baris": nr, "kode": kode, "uraian": nama})
    return {"tahun": tahun, "kode_indikator": kode_ind, "kode_sub_kegiatan": kode,
            "kode_wilayah": kw}


def _tahun_baris(b: _Baca, sheet: str, nr: int, ctx: _Konteks) -> int | None:
    if b.tahun is not None:
        return b.tahun
    v = ctx.nilai.get("tahun", "")
    if re.fullmatch(r"20\d\d", v):
        b.tahun_dari.add("the Tahun column")
        return int(v)
    b.lewat(sheet, nr, "", f"no year: the Tahun cell is {v!r}" if v else "no year")
    return None


def _wilayah_baris(b: _Baca, sheet: str, nr: int, kode: str, ctx: _Konteks,
                   wilayah_sheet: str | None) -> str | None:
    v = ctx.nilai.get("wilayah", "")
    if not v:
        return wilayah_sheet or ""
    if _SEMUA.match(v):
        return ""
    m = b.pencocok_w.cocokkan(v)
    if m.kode is None:
        near = f"; nearest: '{m.terdekat}' ({m.kemiripan:.2f})" if m.terdekat else ""
        b.lewat(sheet, nr, kode, f"kab/kota {v!r} not in the wilayah table ({m.cara}){near}")
        return None
    if b.pencocok_w.jenis[m.kode] == "Provinsi":
        b.lewat(sheet, nr, kode, f"{v!r} is the province; a kesepakatan names the supporting "
                "kab/kota (write 'Semua' for every kab/kota)")
        return None
    return m.kode


# --- the importer -------------------------------------------------------------------------------
def _teks_atas(s: Sheet, h: _Header) -> str:
    return " ".join(dict.fromkeys(cell_text(v) for r in s.rows[: h.atas] for v in r
                                  if cell_text(v)))


def _tahun_judul(opened: ss.OpenedFile, found: list[tuple[Sheet, _Header]]) -> tuple[int, str]:
    years = set()
    for s, h in found:
        years |= {int(y) for y in _RKPD_TAHUN.findall(_teks_atas(s, h))}
    if len(years) == 1:
        y = years.pop()
        return y, f"{y} (the title names RKPD {y})"
    if len(years) > 1:
        raise KesepakatanImportError(
            f"{opened.name}: the titles name RKPD years {', '.join(map(str, sorted(years)))}; "
            "give --tahun"
        )
    raise KesepakatanImportError(
        f"{opened.name}: no year: no --tahun, no Tahun column and no 'RKPD … TAHUN 20xx' in the "
        "title; give --tahun (the RKPD year the agreement is for, e.g. 2027 for the Rakortekbang "
        "held in 2026)"
    )


def _wilayah_sheet(b: _Baca, s: Sheet, h: _Header, catatan: list[str]) -> str | None:
    if "wilayah" in h.peran:
        return None
    kode = b.pencocok_w.di_teks(_teks_atas(s, h))
    if len(kode) == 1:
        catatan.append(f"sheet '{s.name}': kab/kota {kode[0]} from the title")
        return kode[0]
    m = b.pencocok_w.cocokkan(re.sub(r"^\s*\d{2}\.\d{2}\s+", "", s.name))
    if m.kode and b.pencocok_w.jenis[m.kode] != "Provinsi":
        catatan.append(f"sheet '{s.name}': kab/kota {m.kode} from the sheet name")
        return m.kode
    if len(kode) > 1:
        raise KesepakatanImportError(
            f"sheet '{s.name}': the title names several kab/kota ({', '.join(kode)}) and the table "
            "has no Kabupaten/Kota column"
        )
    catatan.append(f"sheet '{s.name}': no kab/kota column, title or sheet name: the agreements "
                   "apply to every kab/kota (kode_wilayah empty)")
    return None


def baca_kesepakatan(
    opened: ss.OpenedFile,
    *,
    tahun: int | None = None,
    indikator: pd.DataFrame | None = None,
    wilayah: pd.DataFrame | None = None,
    sheet: str | None = None,
) -> tuple[pd.DataFrame, LaporanKesepakatan]:
    """Read every kesepakatan sheet of a file into contract rows (conventions: module doc).

    Args:
        opened: The file (:func:`workbench.spreadsheet.open_file`).
        tahun: The RKPD year the agreement is for (default: Tahun column or title).
        indikator: The package's indikator table (default: the reference one).
        wilayah: The package's wilayah table (default: :func:`workbench.reference.load_wilayah`).
        sheet: Import only this sheet.

    Returns:
        (frame with :data:`KESEPAKATAN_COLUMNS`: ``tahun`` int, ``kode_wilayah`` ``""`` for
        every kab/kota; the report).

    Raises:
        KesepakatanImportError: No kesepakatan header, no year, or no agreement line.
    """
    from workbench.reference import load_indikator_referensi, load_nomenklatur, load_wilayah

    b = _Baca(
        PencocokWilayah(load_wilayah() if wilayah is None else wilayah),
        PencocokIndikator(load_indikator_referensi() if indikator is None else indikator),
        tahun,
        frozenset(load_nomenklatur()["kode"]),
    )
    sheets = [opened.sheet(sheet)] if sheet else list(opened.sheets)
    found, lain = [], []
    for s in sheets:
        h = _find_header(s.rows)
        if h is None:
            lain.append(f"sheet '{s.name}' not imported: no header with an indicator column and "
                        f"a sub kegiatan column in the first {HEADER_SCAN_ROWS} rows")
        else:
            found.append((s, h))
    if not found:
        raise KesepakatanImportError(
            f"{opened.name}: no kesepakatan table: looked for a header row with 'Indikator "
            "(Outcome)' and 'Kode'/'Sub Kegiatan' columns in the first "
            f"{HEADER_SCAN_ROWS} rows of " + ", ".join(f"'{s.name}'" for s in sheets)
        )
    asal_tahun = f"{tahun} (--tahun)" if tahun is not None else ""
    if tahun is None and not any("tahun" in h.peran for _, h in found):
        b.tahun, asal_tahun = _tahun_judul(opened, found)
    catatan: list[str] = []
    info = []
    for s, h in found:
        ws = _wilayah_sheet(b, s, h, catatan)
        cols = ", ".join(f"{p} {column_letter(c)}" for p, c in sorted(h.peran.items(),
                                                                        key=lambda x: x[1]))
        info.append(f"sheet '{s.name}': header rows {h.atas + 1}–{h.bawah + 1}; columns: {cols}")
        _baca_sheet(b, s, h, ws)
    if b.level.get(1) and not b.level.get(2):
        # the province's own table (Tabel C): its uncoded rows must not take kab/kota codes by name
        raise KesepakatanImportError(
            f"{opened.name}: every coded sub kegiatan ({b.level[1]}) is a level-1 (province) sub "
            "kegiatan: this is a province table such as Permendagri 14/2026 Tabel C, not a "
            "kab/kota agreement (which lists level-2 sub kegiatan); nothing imported"
        )
    if not b.data:
        raise KesepakatanImportError(
            f"{opened.name}: a kesepakatan header was found but no row could be used:\n"
            + "\n".join(f"  sheet '{r[0]}' row {r[1]}: {r[4]}" for r in b.baris
                        if r[2] == "dilewati")[:4000]
        )
    if b.dari_nama:
        catatan.append(f"{b.dari_nama} sub kegiatan without a code took the code of the one "
                       "level-2 sub kegiatan of that name in the nomenclature")
    frame = pd.DataFrame(b.data, columns=list(KESEPAKATAN_COLUMNS)).astype({"tahun": int})
    return frame, _laporan(opened, b, info, lain, asal_tahun or ", ".join(sorted(b.tahun_dari)),
                           catatan, len(frame))


def _laporan(opened, b: _Baca, info, lain, asal_tahun, catatan, n) -> LaporanKesepakatan:
    from workbench.reference import load_nomenklatur
    from workbench.sipd import kode_terdekat

    cocok, tidak = [], []
    for (kode_raw, uraian), (kode, cara, rows) in b.indikator.items():
        tampil = uraian or kode_raw
        if kode is None:
            k, u, r = b.pencocok_i.terdekat(uraian or kode_raw)
            tidak.append((tampil, u, k, r, _rentang(rows)))
        else:
            cocok.append((tampil, kode, cara, _rentang(rows)))
    nomen = load_nomenklatur()
    baru = []
    for x in b.kode_baru:
        k, u, _, _ = kode_terdekat(x["kode"], "sub_kegiatan", x["uraian"], nomen)
        baru.append({**x, "kode_terdekat": k, "uraian_terdekat": u})
    return LaporanKesepakatan(
        berkas=opened.name,
        sheets=tuple(info),
        sheet_lain=tuple(lain),
        baris=pd.DataFrame(b.baris, columns=["sheet", "baris", "jenis", "kode", "alasan"]),
        indikator=pd.DataFrame(cocok, columns=["uraian", "kode_indikator", "cara", "baris"]),
        indikator_tidak_cocok=pd.DataFrame(
            tidak, columns=["uraian", "terdekat", "kode_terdekat", "kemiripan", "baris"]
        ),
        kode_tidak_dikenal=pd.DataFrame(
            baru, columns=["sheet", "baris", "kode", "uraian", "kode_terdekat", "uraian_terdekat"]
        ),
        tahun=asal_tahun,
        ditulis=n,
        catatan=tuple(catatan),
    )


def _rentang(rows: list[int]) -> str:
    return ", ".join(map(str, rows[:8])) + (f" … ({len(rows)} rows)" if len(rows) > 8 else "")


def import_kesepakatan(path: str | Path, **kwargs: Any) -> tuple[pd.DataFrame, LaporanKesepakatan]:
    """Open ``path`` and :func:`baca_kesepakatan` it (same keyword arguments).

    Raises:
        KesepakatanImportError: As :func:`baca_kesepakatan`, or the file cannot be opened.
    """
    try:
        opened = ss.open_file(path)
        return baca_kesepakatan(opened, **kwargs)
    except ss.InputFileError as err:
        raise KesepakatanImportError(str(err)) from err


def looks_like_kesepakatan(opened: ss.OpenedFile) -> ss.Recognition:
    """Whether a file looks like a kesepakatan table (with reasons).

    A sheet matches when it has a header with an indicator column and a sub kegiatan column
    and either an outcome column or a title naming a kesepakatan/Rakortek; an RKPD/Renja
    export (indicator, code, target and pagu but no outcome column) does not.
    """
    reasons, cocok = [], []
    for s in opened.sheets:
        h = _find_header(s.rows)
        if h is None:
            reasons.append(f"sheet '{s.name}': no header with an indicator column and a sub "
                           "kegiatan column")
            continue
        why = _gaya_rakortek(s, h)
        if why:
            cocok.append(s.name)
            reasons.append(f"sheet '{s.name}': indicator and sub kegiatan columns (header row "
                           f"{h.atas + 1}) and " + " and ".join(why))
        else:
            reasons.append(f"sheet '{s.name}': indicator and sub kegiatan columns but no outcome "
                           "column and no kesepakatan/Rakortek title (an RKPD/Renja table?)")
    return ss.Recognition(bool(cocok), tuple(reasons), tuple(cocok))


def kesepakatan_teks(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows as contract text (``tahun`` digits; ``kode_wilayah`` empty = every kab/kota)."""
    out = frame.copy()
    out["tahun"] = out["tahun"].astype(int).astype(str)
    return out


def write_kesepakatan(frame: pd.DataFrame, out: str | Path) -> Path:
    """Write ``kesepakatan`` rows (.csv or .xlsx) atomically."""
    return ss.write_table(kesepakatan_teks(frame), out, "kesepakatan")
