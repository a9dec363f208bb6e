"""Numbers as the sample writes them: Indonesian text, vectorised with numpy.

Targets, realisations and quantities are written as a user's file holds them (``1.234,56``:
decimal comma, '.' thousands; ranges with an en dash), pagu as plain digits (whole rupiah).
Each distinct value is formatted once, so a million plan lines cost a few thousand strings.
"""

from __future__ import annotations

import numpy as np

from workbench.sample.spec import RANGE_DASH


def _ribuan_u(n: np.ndarray) -> np.ndarray:
    """Non-negative integers with '.' thousands separators, as a numpy str array."""
    s = n.astype(str)
    big = n >= 1000
    if big.any():
        q, r = np.divmod(n, 1000)
        rest = np.char.zfill(r.astype(str), 3)
        s = np.where(big, np.char.add(np.char.add(_ribuan_u(q), "."), rest), s)
    return s


def _angka_u(m: np.ndarray, desimal: int) -> np.ndarray:
    """Text of ``m / 10**desimal`` for non-negative integers ``m`` (numpy str array)."""
    bulat, pecahan = np.divmod(m, 10**desimal)
    s = _ribuan_u(bulat)
    if desimal:
        s = np.char.add(np.char.add(s, ","), np.char.zfill(pecahan.astype(str), desimal))
    return s


def _ribuan(n: np.ndarray) -> np.ndarray:
    """Non-negative integers with '.' thousands separators (``1250000`` → ``1.250.000``).

    Returns an object array. Each distinct value is formatted once and shared (plan columns
    repeat few distinct numbers over a million lines).
    """
    uniq, inv = np.unique(np.asarray(n, dtype=np.int64), return_inverse=True)
    return _ribuan_u(uniq).astype(object)[inv.reshape(-1)]


def _angka(x: np.ndarray, desimal: int) -> np.ndarray:
    """Numbers as Indonesian text: ``1.234,56`` (decimal comma, '.' thousands); object array."""
    x = np.asarray(x, dtype=float)
    m = np.round(np.abs(x) * 10**desimal).astype(np.int64)
    kunci = m * 2 + (x < 0)  # distinct (magnitude, sign) pairs formatted once
    uniq, inv = np.unique(kunci, return_inverse=True)
    teks = _angka_u(uniq // 2, desimal)
    teks = np.where(uniq % 2 == 1, np.char.add("-", teks), teks)
    return teks.astype(object)[inv.reshape(-1)]


def _teks_int(n: np.ndarray) -> np.ndarray:
    """Integers as plain digits (pagu in rupiah), object array, without an intermediate copy."""
    return np.fromiter(map(str, np.asarray(n, dtype=np.int64).tolist()), dtype=object, count=len(n))


def _bulat_ambisius(x: np.ndarray, d: np.ndarray | float, desimal: int) -> np.ndarray:
    """Round to ``desimal`` places toward the ambitious side (up for naik, down for turun)."""
    skala = 10.0**desimal
    naik = np.asarray(d) > 0
    return np.where(naik, np.ceil(x * skala - 1e-9), np.floor(x * skala + 1e-9)) / skala


def _bulat_longgar(x: np.ndarray, d: np.ndarray | float, desimal: int) -> np.ndarray:
    """Round toward the less ambitious side (a province target its districts must beat)."""
    return _bulat_ambisius(x, -np.asarray(d), desimal)


def _teks_target(x: np.ndarray, desimal: int) -> np.ndarray:
    return _angka(x, desimal).astype(object)


def _komitmen_teks(teks: str, d: float) -> float:
    """Minimum-commitment bound of a target text written by this module."""
    bagian = teks.replace("≥", "").replace("%", "").strip().split(RANGE_DASH)
    angka = [float(b.strip().replace(".", "").replace(",", ".")) for b in bagian]
    return min(angka) if d > 0 else max(angka)
