"""Indonesian formatting out: numbers, percentages, rupiah, region names and file-name slugs.

Numbers use the Indonesian separators (``.`` for thousands, ``,`` for decimals), taken from
Babel's ``id`` locale, and are rounded half up (``1,25`` → ``1,3``), as Indonesian reports print
them. This module holds the one rounding rule for what a reader sees: a caller that must know
how a value will print (is it zero? are two values alike?) asks :func:`round_half_up`, not
Python's ``round()`` (which rounds half to even, ``round(0.125, 2) == 0.12``). A missing
value (None, NaN, pandas NA) renders as an en dash ``–``. What :func:`format_angka` writes,
:func:`workbench.parse.parse_angka` reads back.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pandas as pd
from babel import Locale
from babel.numbers import NumberPattern, parse_pattern

__all__ = [
    "KOSONG", "format_angka", "format_persen", "format_rupiah", "format_rupiah_penuh",
    "format_tanggal", "nama_wilayah", "round_half_up", "slug",
]  # fmt: skip

_LOCALE = Locale.parse("id")

#: How a missing value is printed.
KOSONG = "–"

# (threshold, word), largest first: Indonesian short scale (ribu, juta, miliar, triliun)
_SKALA = ((1e12, "triliun"), (1e9, "miliar"), (1e6, "juta"))


def _missing(x: Any) -> bool:
    if x is None or x is pd.NA:
        return True
    try:
        return bool(pd.isna(x))
    except (TypeError, ValueError):
        return False


def _rounded(x: float, desimal: int) -> Decimal:
    q = Decimal(1).scaleb(-desimal)
    return Decimal(repr(float(x))).quantize(q, rounding=ROUND_HALF_UP)


def round_half_up(x: Any, desimal: int = 1) -> float:
    """The value as :func:`format_angka` prints it: rounded half up on its shortest decimal.

    ``round_half_up(0.125, 2) == 0.13`` and ``round_half_up(-2.5, 0) == -3.0`` (half away from
    zero), where Python's ``round`` gives ``0.12`` and ``-2.0``. Use it to decide what a reader
    sees (a difference that prints as zero, two targets that print alike).

    Args:
        x: A number; None/NaN/NA give NaN, infinities are returned as they are.
        desimal: Digits after the decimal comma.
    """
    if _missing(x):
        return math.nan
    x = float(x)
    if math.isinf(x):
        return x
    return float(_rounded(x, desimal))


@functools.cache
def _pattern(desimal: int, trim: bool = False) -> NumberPattern:
    """Babel's pattern for ``desimal`` fixed (or, with ``trim``, at most) decimals."""
    frac = ("#" if trim else "0") * desimal
    return parse_pattern("#,##0" + (f".{frac}" if desimal else ""))


def _babel(d: Decimal, desimal: int, trim: bool = False) -> str:
    # d is already rounded half up to `desimal` places, so Babel's own (half-even) rounding
    # has nothing left to round: it only places the id separators.
    return _pattern(desimal, trim).apply(d, _LOCALE)


def format_angka(x: Any, desimal: int = 1) -> str:
    """Format a number the Indonesian way: ``1234.5`` → ``1.234,5``.

    Args:
        x: The number (int, float, numpy scalar); None/NaN/NA give ``–``.
        desimal: Digits after the decimal comma (rounded half up); 0 prints an integer.

    Returns:
        The text, e.g. ``1.234,5``, ``-3,2``, ``1.250`` (``desimal=0``); ``∞``/``-∞`` for
        unbounded target sides.
    """
    if _missing(x):
        return KOSONG
    x = float(x)
    if math.isinf(x):
        return "∞" if x > 0 else "-∞"
    d = _rounded(x, desimal)
    if d == 0:
        d = abs(d)  # no "-0,0"
    return _babel(d, desimal)


def format_persen(x: Any, desimal: int = 1) -> str:
    """Format a percentage already in percent: ``75.5`` → ``75,5 %`` (NaN → ``–``).

    Args:
        x: The value in percent (75.5 means 75.5 %).
        desimal: Digits after the decimal comma.
    """
    if _missing(x):
        return KOSONG
    return f"{format_angka(x, desimal)} %"


def format_rupiah(x: Any, desimal: int = 1) -> str:
    """Format an amount of rupiah in words of scale: ``1.2e9`` → ``Rp 1,2 miliar``.

    From one million up the amount is written in juta, miliar or triliun with at most
    ``desimal`` decimals and no trailing ``,0`` (``8.5e8`` → ``Rp 850 juta``,
    ``1.5e12`` → ``Rp 1,5 triliun``); a rounding that reaches 1.000 moves to the next word
    (``999.96e6`` → ``Rp 1 miliar``). Below one million the full amount is printed
    (``Rp 750.000``). Negative amounts get a leading ``-`` (``-Rp 5 juta``).

    Args:
        x: Amount in rupiah; None/NaN/NA give ``–``.
        desimal: Maximum digits after the decimal comma.
    """
    if _missing(x):
        return KOSONG
    x = float(x)
    if math.isinf(x):
        return KOSONG
    sign = "-" if x < 0 and _rounded(abs(x), 0) != 0 else ""
    a = abs(x)
    for i, (batas, kata) in enumerate(_SKALA):
        if a >= batas:
            v = _rounded(a / batas, desimal)
            if v >= 1000 and i > 0:  # 999,96 juta rounds to 1.000 juta: say 1 miliar
                batas, kata = _SKALA[i - 1]
                v = _rounded(a / batas, desimal)
            return f"{sign}Rp {_trimmed(v, desimal)} {kata}"
        if i == len(_SKALA) - 1 and _rounded(a / batas, desimal) >= 1:
            # 999.999,9 rounds to 1 juta
            return f"{sign}Rp {_trimmed(_rounded(a / batas, desimal), desimal)} {kata}"
    return f"{sign}Rp {format_angka(a, 0)}"


def format_rupiah_penuh(x: Any) -> str:
    """The full amount to the sen: ``1250000000.5`` → ``Rp 1.250.000.000,50``.

    No ``,00`` for a whole amount (``Rp 74.812.500``); negative amounts get a leading ``-``.

    Args:
        x: Amount in rupiah; None/NaN/NA give ``–``.
    """
    text = format_angka(x, 2)
    if text in (KOSONG, "∞", "-∞"):
        return KOSONG
    sign, text = ("-", text[1:]) if text.startswith("-") else ("", text)
    return f"{sign}Rp {text.removesuffix(',00')}"


def _trimmed(v: Decimal, desimal: int) -> str:
    """``v`` (rounded to ``desimal`` places) with no trailing zero decimals: ``1,50`` → ``1,5``."""
    return _babel(v, desimal, trim=True)


_BULAN = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
          "September", "Oktober", "November", "Desember")  # fmt: skip


def format_tanggal(tanggal: dt.date | None = None) -> str:
    """A date as Indonesian documents write it: ``2 Desember 2026`` (default: today)."""
    d = dt.date.today() if tanggal is None else tanggal
    return f"{d.day} {_BULAN[d.month - 1]} {d.year}"


def slug(text: Any) -> str:
    """A safe file-name fragment: ASCII, lower case, words joined by hyphens.

    ``Kab. Katingan`` → ``kab-katingan``; ``Palangka Raya`` → ``palangka-raya``. Callers build
    output names from the code and a slug (``62.06-katingan``), never from raw names.

    Args:
        text: Any text; accents are transliterated (``é`` → ``e``), other symbols dropped.

    Returns:
        The slug; an empty string when nothing alphanumeric is left.
    """
    ascii_text = (
        unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode("ascii")
    )
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


_AWALAN = {"Kabupaten": "Kab.", "Kota": "Kota", "Provinsi": "Provinsi"}


def nama_wilayah(kode: Any, wilayah: pd.DataFrame | None = None) -> str:
    """Display name of a government: ``62.06`` → ``Kab. Katingan``.

    Args:
        kode: Kemendagri code (``62``, ``62.06``).
        wilayah: A ``wilayah`` table (``kode, nama, jenis``) to look the code up in, e.g. a
            package's own (national-scale) table; default: the shipped Kalteng reference.

    Returns:
        The name with its prefix (``Kab.``, ``Kota``, ``Provinsi``), never doubled when the
        table's ``nama`` already carries it; the code itself when the table does not know it.
    """
    if wilayah is None:
        from workbench.reference import load_wilayah

        wilayah = load_wilayah()
    kode = str(kode).strip()
    baris = wilayah.loc[wilayah["kode"].astype(str) == kode]
    if baris.empty:
        return kode
    nama = str(baris["nama"].iloc[0]).strip()
    jenis = str(baris["jenis"].iloc[0]).strip() if "jenis" in baris else ""
    awalan = _AWALAN.get(jenis.capitalize(), "")
    for bentuk in ("Kabupaten ", "Kab. ", "Kota ", "Provinsi "):
        if nama.startswith(bentuk):
            nama = nama[len(bentuk) :]
            break
    return f"{awalan} {nama}".strip()
