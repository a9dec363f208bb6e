"""Reading the rows and levels under the header into ``rencana`` lines (the walk)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from workbench import parse
from workbench.sipd.cells import (
    _BULAN,
    _PD_AWAL,
    _TOLERANSI_RP,
    _URUTAN,
    _diawali,
    _kosong,
    _split_lines,
    _unnumber,
    baca_angka,
    baca_target,
)
from workbench.sipd.header import (
    _PER_TINGKAT,
    _dasar,
    _Header,
    _header_at,
    _is_anchor,
    _mentions_kode,
    _Sheet,
)
from workbench.spreadsheet import column_letter

# Rows that end a table or are no plan line, by their first words.
_TOTAL = _diawali(("jumlah", "total", r"grand\s+total", r"sub\s*total"), r"\b")
_TOTAL_ONLY = _diawali(
    ("jumlah", "total", r"grand\s+total"),
    r"(\s+(pagu|anggaran|keseluruhan|seluruhnya))?\s*:?\s*$",
)
_SIGNATURE = _diawali(
    (
        *("mengetahui", "menyetujui", "disetujui", "disahkan", "ditetapkan"),
        *(r"kepala\b", r"sekretaris\b", r"bupati\b", r"gubernur\b", r"wali\s*kota\b"),
        *(r"walikota\b", r"plt\.?\b", r"plh\.?\b", r"an\.?\s", r"a\.n\.", r"ttd\b"),
        *(r"nip\b", r"nip\.", r"pembina\b", r"penata\b", r"pengatur\b"),
        r"\(\s*tanda\s+tangan",
    )
)
_DATE_LINE = re.compile(rf"^[A-Z][\w .'-]*,\s*\d{{1,2}}\s+({_BULAN})\s+\d{{4}}\s*$", re.IGNORECASE)
_PD_HEADING = _diawali((*_PD_AWAL, "bagian"), r"\b")
_CODE_IN_TEXT = re.compile(
    r"^\s*'?\s*(?P<kode>\d+(?:\s*\.\s*\d+)*)\.?\s*(?:[-–:]\s*)?(?P<nama>[^\d\s].*)?$", re.S
)
_CODE_AND_NAME = re.compile(r"^\s*'?\s*(?P<kode>\d[\d.\s]*\d|\d)\s+(?P<nama>[^\d\s.].*)$", re.S)


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
        first, last = column_letter(cs[0]), column_letter(cs[-1])
        return first if len(cs) == 1 else f"{first}–{last}"

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
        where = ", ".join(f"{w.h.label[c]!r} (column {column_letter(c)})" for c in filled)
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
