"""The title block and cover sheets: what a sheet says it is (:func:`kenali`)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from workbench.sipd.cells import _BULAN, _PD_AWAL, HEADER_SCAN_ROWS
from workbench.sipd.header import _TAHUN, _dasar, _Header, _missing_roles, _open, _read_sheet

_PD_TITLE = re.compile(
    r"^\s*(perangkat\s+daerah|skpd|opd|unit\s+organisasi)\s*:\s*(?P<pd>.+?)\s*$", re.IGNORECASE
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
_PD_JUDUL = re.compile(r"\b(?:" + "|".join(_PD_AWAL) + r")\b.*", re.IGNORECASE)
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


def _satu(
    found: dict[Any, str], jamak: str, teks: Callable[[Any], str] = str
) -> tuple[Any, str] | None:
    """The value ``found`` holds with where it was read, or None and why (``names several``).

    Args:
        found: Values detected, each with where it was first read.
        jamak: What the values are, plural (``documents``), for the reason.
        teks: A value as the reason shows it.

    Returns:
        ``(value, where)`` for one value, ``(None, why)`` for several, None for none.
    """
    if len(found) == 1:
        ((v, where),) = found.items()
        return v, where
    if found:
        return None, f"the title block names several {jamak}: " + "; ".join(
            f"{teks(v)} ({w})" for v, w in found.items()
        )
    return None


def _deteksi_dokumen(lines: list[tuple[str, str]]) -> tuple[str | None, str]:
    """(document, where) or (None, why)."""
    found: dict[str, str] = {}
    for where, text in lines:
        t = text.lower()
        for dok, pola in _DOKUMEN_POLA:
            if pola.search(t):
                found.setdefault(dok, _kutip(where, text))
                t = pola.sub(" ", t)
    if (hasil := _satu(found, "documents")) is not None:
        return hasil
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
    kab = _satu(found["kab/kota"], "governments", lambda k: f"{k} {_nama_wilayah(k)}")
    if kab is not None:
        return kab
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
        for y in _TAHUN.findall(t):
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
    if (hasil := _satu(found, "perangkat daerah", repr)) is not None:
        return hasil
    return None, "the title block names no perangkat daerah"


def _tahun_header(h: _Header) -> tuple[int | None, str]:
    """The year of the header's year-n target/pagu columns (``Rencana Tahun 2026``), if one."""
    years: dict[int, str] = {}
    for p, cs in h.peran.items():
        if _dasar(p) in ("target", "pagu"):
            for c in cs:
                for y in _TAHUN.findall(h.label[c]):
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
