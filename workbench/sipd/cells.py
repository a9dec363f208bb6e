"""Shared constants, the importer's error and the cell readers (numbers, targets, lists)."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any

import numpy as np

from workbench import parse
from workbench.errors import WorkbenchError
from workbench.vocabulary import KOLOM, TINGKAT

RENCANA_COLUMNS = KOLOM["rencana"]
_URUTAN = {t: i for i, t in enumerate(TINGKAT)}
HEADER_SCAN_ROWS = 40
_MAX_EXTRA_HEADER_ROWS = 3
_TOLERANSI_RP = 0.5  # rupiah: sheets print two decimals, sums are compared to the half rupiah

# Words shared by the title block and the rows: month names (dates are no plan year, a
# place-and-date line belongs to the signature block) and the first word of a perangkat
# daerah's name (a heading row, a title line).
_BULAN = "januari|februari|maret|april|mei|juni|juli|agustus|september|oktober|november|desember"
_PD_AWAL = (
    "dinas",
    "badan",
    "sekretariat",
    "inspektorat",
    "kantor",
    r"satuan\s+polisi",
    r"rumah\s+sakit",
    "rsud",
    "kecamatan",
)


def _diawali(kata: Sequence[str], akhir: str = "") -> re.Pattern:
    """A line starting with one of ``kata`` (regex alternatives, any case), then ``akhir``."""
    return re.compile(r"^\s*(" + "|".join(kata) + ")" + akhir, re.IGNORECASE)


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


def _norm_label(v: Any) -> str:
    return re.sub(r"\s+", " ", str(v).replace("\n", " ")).strip().lower()
