"""Indonesian formatting (workbench.teks)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbench import teks


@pytest.mark.parametrize(
    ("x", "desimal", "expected"),
    [
        (1234.5, 1, "1.234,5"),
        (1234567.891, 2, "1.234.567,89"),
        (1250, 0, "1.250"),
        (1.25, 1, "1,3"),  # half up, as reports round (Python's round() would give 1,2)
        (-3.2, 1, "-3,2"),
        (-0.04, 1, "0,0"),  # no "-0,0"
        (0, 2, "0,00"),
        (np.float64(75.5), 1, "75,5"),
        (math.inf, 1, "∞"),
        (-math.inf, 1, "-∞"),
    ],
)
def test_format_angka(x, desimal, expected):
    assert teks.format_angka(x, desimal=desimal) == expected


@pytest.mark.parametrize("missing", [None, float("nan"), np.nan, pd.NA])
def test_missing_renders_as_dash(missing):
    assert teks.format_angka(missing) == "–"
    assert teks.format_persen(missing) == "–"
    assert teks.format_rupiah(missing) == "–"


def test_format_persen():
    assert teks.format_persen(75.5) == "75,5 %"
    assert teks.format_persen(93.64, desimal=2) == "93,64 %"


@pytest.mark.parametrize(
    ("x", "expected"),
    [
        (1.2e9, "Rp 1,2 miliar"),
        (1_250_000_000, "Rp 1,3 miliar"),  # 1,25 rounded half up
        (8.5e8, "Rp 850 juta"),
        (1.5e12, "Rp 1,5 triliun"),
        (999_960_000, "Rp 1 miliar"),  # 999,96 juta rounds to 1.000 juta: next word
        (2_000_000, "Rp 2 juta"),
        (750_000, "Rp 750.000"),
        (999_999.96, "Rp 1 juta"),
        (-5e6, "-Rp 5 juta"),
        (0, "Rp 0"),
        (12_345e12, "Rp 12.345 triliun"),
    ],
)
def test_format_rupiah(x, expected):
    assert teks.format_rupiah(x) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Kab. Katingan", "kab-katingan"), ("Palangka Raya", "palangka-raya"),
     ("Kotawaringin  Barat", "kotawaringin-barat"), ("Bélitung / Timur!", "belitung-timur"),
     ("../../etc", "etc"), ("", "")],
)
def test_slug(text, expected):
    assert teks.slug(text) == expected


@given(st.text(max_size=40))
def test_slug_is_always_safe(text):
    s = teks.slug(text)
    assert all(c.isascii() and (c.isalnum() or c == "-") for c in s)
    assert s == s.lower() and not s.startswith("-") and not s.endswith("-")


def test_nama_wilayah_from_reference():
    assert teks.nama_wilayah("62.06") == "Kab. Katingan"
    assert teks.nama_wilayah("62.71") == "Kota Palangka Raya"  # the table's nama carries "Kota"
    assert teks.nama_wilayah("62") == "Provinsi Kalimantan Tengah"
    assert teks.nama_wilayah("99.99") == "99.99"  # unknown: the code itself, not a guess


def test_nama_wilayah_from_a_package_table():
    w = pd.DataFrame({"kode": ["11", "11.01"], "nama": ["Aceh", "Kabupaten Simeulue"],
                      "jenis": ["Provinsi", "Kabupaten"]})
    assert teks.nama_wilayah("11.01", wilayah=w) == "Kab. Simeulue"
    assert teks.nama_wilayah("11", wilayah=w) == "Provinsi Aceh"


@pytest.mark.parametrize(
    ("tanggal", "expected"),
    [((2026, 12, 2), "2 Desember 2026"), ((2027, 1, 31), "31 Januari 2027"),
     ((2026, 8, 17), "17 Agustus 2026")],
)  # fmt: skip
def test_format_tanggal_writes_the_indonesian_date(tanggal, expected):
    import datetime as dt

    assert teks.format_tanggal(dt.date(*tanggal)) == expected


@pytest.mark.parametrize(
    ("x", "desimal", "expected"),
    [
        (0.125, 2, "0,13"),  # half up; Babel's and Python's half-even rounding would give 0,12
        (2.5, 0, "3"),
        (-2.5, 0, "-3"),  # half away from zero
        (1.005, 2, "1,01"),  # the shortest decimal 1.005 is rounded, not the binary 1.00499…
        (2.675, 2, "2,68"),  # round(2.675, 2) == 2.67
        (-1234.55, 1, "-1.234,6"),
        (-0.05, 1, "-0,1"),
        (-0.049, 1, "0,0"),
        (1_234_567_890.5, 0, "1.234.567.891"),
        (12_500_000_000_000_000.0, 0, "12.500.000.000.000.000"),
    ],
)
def test_format_angka_rounds_half_up(x, desimal, expected):
    assert teks.format_angka(x, desimal=desimal) == expected


@pytest.mark.parametrize(
    ("x", "desimal", "expected"),
    [
        (12.345, 2, "12,35 %"),
        (0.05, 1, "0,1 %"),
        (-0.04, 1, "0,0 %"),
        (-12.25, 1, "-12,3 %"),
        (100, 1, "100,0 %"),
        (1234.5, 0, "1.235 %"),
        (math.inf, 1, "∞ %"),
    ],
)
def test_format_persen_rounding_and_sign(x, desimal, expected):
    assert teks.format_persen(x, desimal=desimal) == expected


@pytest.mark.parametrize(
    ("x", "expected"),
    [
        (1_050_000, "Rp 1,1 juta"),  # 1,05 half up (half-even would say "Rp 1 juta")
        (1_234_567_890_123, "Rp 1,2 triliun"),
        (999_950_000_000, "Rp 1 triliun"),  # 999,95 miliar rounds to 1.000 miliar
        (2.5e15, "Rp 2.500 triliun"),
        (123_456_789_012_345_678.0, "Rp 123.456,8 triliun"),
        (-1.25e9, "-Rp 1,3 miliar"),
        (500_000.5, "Rp 500.001"),
        (949_999, "Rp 949.999"),
        (-0.4, "Rp 0"),  # rounds to zero: no sign
        (math.inf, "–"),
        (np.int64(7_000_000), "Rp 7 juta"),
    ],
)
def test_format_rupiah_large_negative_and_half(x, expected):
    assert teks.format_rupiah(x) == expected


def test_format_rupiah_decimals_are_trimmed_not_padded():
    assert teks.format_rupiah(1.5e9, desimal=2) == "Rp 1,5 miliar"
    assert teks.format_rupiah(1.005e9, desimal=2) == "Rp 1,01 miliar"
    assert teks.format_rupiah(1.2345e9, desimal=0) == "Rp 1 miliar"


@pytest.mark.parametrize(
    ("x", "desimal", "expected"),
    [(0.125, 2, 0.13), (-2.5, 0, -3.0), (2.675, 2, 2.68), (1.04, 1, 1.0), (-0.04, 1, -0.0),
     (math.inf, 1, math.inf)],
)  # fmt: skip
def test_round_half_up_is_what_format_angka_prints(x, desimal, expected):
    assert teks.round_half_up(x, desimal) == expected
    if math.isfinite(x) and expected != 0:
        assert teks.format_angka(teks.round_half_up(x, desimal), desimal) == teks.format_angka(
            x, desimal
        )


@pytest.mark.parametrize("missing", [None, float("nan"), pd.NA])
def test_round_half_up_of_missing_is_nan(missing):
    assert math.isnan(teks.round_half_up(missing))


@given(st.floats(min_value=-1e15, max_value=1e15, allow_nan=False), st.integers(0, 3))
def test_format_angka_reads_back_as_the_rounded_value(x, desimal):
    from workbench.parse import parse_angka

    expected = teks.round_half_up(x, desimal)
    assert parse_angka(teks.format_angka(x, desimal)) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize(
    ("x", "want"),
    [
        (1250000000.5, "Rp 1.250.000.000,50"),
        (74812500, "Rp 74.812.500"),
        (63750000.004, "Rp 63.750.000"),
        (0.125, "Rp 0,13"),  # half up, as every figure of teks
        (-1234, "-Rp 1.234"),
        (None, "–"),
        (float("nan"), "–"),
    ],
)
def test_format_rupiah_penuh(x, want):
    assert teks.format_rupiah_penuh(x) == want
