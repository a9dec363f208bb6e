"""Parsers of Indonesian numbers, targets and codes (workbench.parse)."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from workbench import parse
from workbench.parse import AngkaError, CodeError, Target
from workbench.teks import format_angka


# --- codes ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1.01.02.1.01.53", "1.01.02.1.01.0053"),  # 2-digit sub kegiatan suffix padded
        (" '1.01.02.2.01.0047. ", "1.01.02.2.01.0047"),  # spaces, apostrophe, trailing dot
        ("1.01.02.\u00a02.01", "1.01.02.2.01"),  # NBSP inside
        ("’1.02.02", "1.02.02"),
        ("1.02.", "1.02"),
        (1, "1"),
        (1.0, "1"),
        (1.02, "1.02"),  # Excel number that kept its digits
        (np.float64(2.07), "2.07"),
        ("1.03.10.1.01", "1.03.10.1.01"),
    ],
)
def test_normalize_code(raw, expected):
    assert parse.normalize_code(raw) == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (1.1, "ambiguous"),  # 1.10 with the trailing zero dropped by Excel
        (1.1, "1.10?"),
        ("1.1", "bidang segment '1' must have 2 digit(s)"),
        ("1.01.02.3.01", "level digit '3'"),
        ("1.01.02.2.01.123", "sub kegiatan segment '123' must have 4 digit(s)"),
        ("1.01.02.2", "4 segments"),
        ("1.0a.02", "bidang segment '0a' is not a number"),
        ("", "empty code"),
        (None, "empty code"),
        (float("nan"), "empty code"),
        (True, "not a code"),
        ("JUMLAH", "is not a number"),
    ],
)
def test_normalize_code_refuses(raw, message):
    with pytest.raises(CodeError, match=None) as err:
        parse.normalize_code(raw)
    assert message in str(err.value)
    assert isinstance(err.value, ValueError)


def test_code_parts():
    c = "1.02.02.2.02.0001"
    assert parse.code_tingkat(c) == "sub_kegiatan"
    assert parse.code_bidang(c) == "1.02"
    assert parse.code_program(c) == "1.02.02"
    assert parse.code_level(c) == 2
    assert parse.code_level("1.01.02.1.01") == 1
    assert parse.code_tingkat("1.01.02.1.01") == "kegiatan"
    assert parse.code_tingkat("1.01.02") == "program"
    assert parse.code_level("1.01.02") is None
    assert parse.code_tingkat("1.01") == "bidang"
    assert parse.code_program("1.01") is None
    assert parse.code_tingkat("1") == "urusan"
    assert parse.code_bidang("1") is None
    with pytest.raises(CodeError):
        parse.code_tingkat("1.1")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("62", "62"), (62, "62"), ("62.06", "62.06"), (62.06, "62.06"), (" '62.71 ", "62.71"),
     (62.0, "62")],
)
def test_normalize_wilayah_code(raw, expected):
    assert parse.normalize_wilayah_code(raw) == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [(62.1, "ambiguous"), ("6209", "BPS code"), ("62.6", "expected XX"), ("", "empty"),
     ("62.06.01", "expected XX")],
)
def test_normalize_wilayah_code_refuses(raw, message):
    with pytest.raises(CodeError) as err:
        parse.normalize_wilayah_code(raw)
    assert message in str(err.value)


# --- numbers -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.250.000.000,00", 1_250_000_000.0),
        ("75,5", 75.5),
        ("80%", 80.0),
        ("100 %", 100.0),
        ("12 Unit", 12.0),
        ("12 m2", 12.0),
        ("-3,2", -3.2),
        ("−3,2", -3.2),  # Unicode minus sign
        ("1.250", 1250.0),  # Indonesian thousands dot (documented rule)
        ("1,250", 1.25),  # a single comma is the decimal comma
        ("1250000.5", 1_250_000.5),  # unambiguous English decimal point
        ("0.316", 0.316),  # leading zero: cannot be a thousands group
        ("75.5", 75.5),
        ("1,250,000.50", 1_250_000.5),
        ("1.250.000", 1_250_000.0),
        ("Rp 850.000.000", 850_000_000.0),
        ("Rp. 1.500.000,50", 1_500_000.5),
        (" 42\u00a0", 42.0),
        (7, 7.0),
        (2.5, 2.5),
        (np.int64(3), 3.0),
    ],
)
def test_parse_angka(text, expected):
    assert parse.parse_angka(text) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        (None, "empty"),
        (float("nan"), "empty"),
        ("abc", "not a number"),
        ("1.25.0", "groups must have three digits"),
        ("1..2", "separators out of place"),
        ("1.250,5.0", "mixed separators"),
        ("4,11–4,66", "not a number"),  # a range is a target, not a number
        ("12 unit - 15 unit", "not a number"),
        ("75,", "ends with a separator"),
        (True, "not a number"),
    ],
)
def test_parse_angka_refuses(text, message):
    with pytest.raises(AngkaError) as err:
        parse.parse_angka(text)
    assert message in str(err.value)


# --- targets -------------------------------------------------------------------------------
INF = math.inf


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("75,5", (75.5, 75.5)),
        ("4,11–4,66", (4.11, 4.66)),
        ("4,11 – 4,66 %", (4.11, 4.66)),
        ("0,311—0,315", (0.311, 0.315)),
        ("10-12", (10.0, 12.0)),
        ("4,11 s.d. 4,66", (4.11, 4.66)),
        ("4,11 s/d 4,66", (4.11, 4.66)),
        ("75 sampai 80", (75.0, 80.0)),
        ("75 sampai dengan 80", (75.0, 80.0)),
        ("10 unit - 12 unit", (10.0, 12.0)),
        ("4,66–4,11", (4.11, 4.66)),  # reversed range put in order
        ("-3 - -1", (-3.0, -1.0)),
        ("-3,2", (-3.2, -3.2)),
        ("≥ 80", (80.0, INF)),
        (">= 80", (80.0, INF)),
        ("min. 80", (80.0, INF)),
        ("minimal 80%", (80.0, INF)),
        ("≤ 5", (-INF, 5.0)),
        ("<= 5", (-INF, 5.0)),
        ("maks 5", (-INF, 5.0)),
        ("maks. 5,5 %", (-INF, 5.5)),
        ("80%", (80.0, 80.0)),
        ("1.250.000,00", (1_250_000.0, 1_250_000.0)),
        (95, (95.0, 95.0)),
    ],
)
def test_parse_target(text, expected):
    t = parse.parse_target(text)
    assert isinstance(t, Target)
    assert (t.bawah, t.atas) == pytest.approx(expected)


@pytest.mark.parametrize(("text", "message"), [("", "empty"), ("tinggi", "not a target"),
                                               ("≥ banyak", "not a target: '≥ banyak'")])
def test_parse_target_refuses(text, message):
    with pytest.raises(AngkaError) as err:
        parse.parse_target(text)
    assert message in str(err.value)


# --- vectorised forms ----------------------------------------------------------------------
def test_series_forms_parse_unique_values_and_report_failures_by_index():
    s = pd.Series(["75,5", None, "x", "4,11–4,66", "", 3.0, "x"], index=range(10, 17))
    t, gagal = parse.parse_target_series(s)
    assert list(t.index) == list(s.index)
    assert t.loc[10].tolist() == [75.5, 75.5]
    assert t.loc[13].tolist() == pytest.approx([4.11, 4.66])
    assert t.loc[15].tolist() == [3.0, 3.0]
    assert t.loc[[11, 12, 14, 16]].isna().all().all()  # empty is NaN, not a failure
    assert list(gagal.index) == [12, 16]
    assert gagal["nilai"].tolist() == ["x", "x"]
    assert gagal["alasan"].str.contains("not a target: 'x'").all()

    a, gagal = parse.parse_angka_series(pd.Series(["1.250", "4,11–4,66", None]))
    assert a.iloc[0] == 1250.0 and np.isnan(a.iloc[2])
    assert list(gagal.index) == [1]

    raw = pd.Series(["1.01", 1.1, None, " 1.01.", "1.01.02.1.01.53"])
    k, gagal = parse.normalize_code_series(raw)
    assert str(k.dtype) == "string"
    assert k.tolist() == ["1.01", pd.NA, pd.NA, "1.01", "1.01.02.1.01.0053"]
    assert list(gagal.index) == [1] and "ambiguous" in gagal.loc[1, "alasan"]

    w, gagal = parse.normalize_wilayah_series(pd.Series(["62.06", 62.1, "6209"]))
    assert w.tolist() == ["62.06", pd.NA, pd.NA]
    assert list(gagal.index) == [1, 2]


def test_series_numeric_dtype_passes_through():
    a, gagal = parse.parse_angka_series(pd.Series([1, 2, 3]))
    assert a.tolist() == [1.0, 2.0, 3.0] and gagal.empty


def test_series_parse_each_distinct_value_once(monkeypatch):
    calls = []
    real = parse.parse_target

    def spy(v):
        calls.append(v)
        return real(v)

    monkeypatch.setattr(parse, "parse_target", spy)
    s = pd.Series(["4,11–4,66", "≥ 80", "4,11–4,66", "75,5"] * 1000)
    t, _ = parse.parse_target_series(s)
    # 4000 cells, 3 distinct values; the plain number 75,5 takes the vectorised path
    assert sorted(calls) == ["4,11–4,66", "≥ 80"]
    assert t["bawah"].sum() == pytest.approx(1000 * (4.11 + 80 + 4.11 + 75.5))
    assert t["atas"].iloc[:4].tolist() == [4.66, math.inf, 4.66, 75.5]


number_like = st.from_regex(r"-?[0-9]{0,7}([.,][0-9]{0,4}){0,3}( ?%| Unit)?", fullmatch=True)


@given(st.lists(st.one_of(number_like, st.text(max_size=8)), max_size=30))
@example(["", "", "\x00"])  # pandas' hash table cut strings at a NUL: "" and "\x00" were one value
@example(["1", "1\x00x"])
def test_series_forms_agree_with_the_scalar_parsers(values):
    # the vectorised fast path must read every plain form exactly as parse_angka does
    s = pd.Series(values, dtype=object)
    got, gagal = parse.parse_angka_series(s)
    t, gagal_t = parse.parse_target_series(s)
    for i, v in enumerate(values):
        if not v.replace("\u200b", "").replace("\ufeff", "").strip():  # parse: blank, as BOMs
            assert math.isnan(got[i]) and i not in gagal.index
            continue
        try:
            want = parse.parse_angka(v)
        except AngkaError:
            assert i in gagal.index and math.isnan(got[i])
        else:
            assert got[i] == want and i not in gagal.index
        try:
            tw = parse.parse_target(v)
        except AngkaError:
            assert i in gagal_t.index
        else:
            assert (t.loc[i, "bawah"], t.loc[i, "atas"]) == tuple(tw)


# --- properties ----------------------------------------------------------------------------
finite = st.floats(min_value=-1e12, max_value=1e12, allow_nan=False, allow_infinity=False)


@given(x=finite, desimal=st.integers(min_value=0, max_value=4))
def test_format_then_parse_round_trips(x, desimal):
    text = format_angka(x, desimal=desimal)
    # the printed value, rounded half up to `desimal` digits, is what must come back
    expected = Decimal(repr(x)).quantize(Decimal(1).scaleb(-desimal), rounding=ROUND_HALF_UP)
    assert parse.parse_angka(text) == pytest.approx(float(expected), rel=1e-12, abs=1e-12)


@given(x=finite, desimal=st.integers(min_value=0, max_value=3))
def test_format_then_parse_target_round_trips(x, desimal):
    text = format_angka(x, desimal=desimal)
    t = parse.parse_target(text)
    assert t.bawah == t.atas == parse.parse_angka(text)


SEPARATORS = ["–", " – ", " s.d. ", " s/d ", " sampai ", "—"]


@given(a=finite, b=finite, sep=st.sampled_from(SEPARATORS))
def test_range_round_trips(a, b, sep):
    ta, tb = format_angka(a, 2), format_angka(b, 2)
    t = parse.parse_target(f"{ta}{sep}{tb}")
    lo, hi = sorted([parse.parse_angka(ta), parse.parse_angka(tb)])
    assert (t.bawah, t.atas) == (lo, hi)


@given(st.text(max_size=30))
@settings(max_examples=400)
def test_parsers_raise_only_their_documented_errors(text):
    for func, err in ((parse.parse_angka, AngkaError), (parse.parse_target, AngkaError),
                      (parse.normalize_code, CodeError), (parse.normalize_wilayah_code, CodeError)):
        try:
            out = func(text)
        except err:
            continue
        if func is parse.parse_angka:
            assert isinstance(out, float)
        elif func is parse.parse_target:
            assert out.bawah <= out.atas
        else:
            assert isinstance(out, str)


@given(st.from_regex(r"[0-9 .,%'\-–≥≤sd/]{0,14}", fullmatch=True))
@settings(max_examples=400)
def test_parsers_on_number_like_text(text):
    for func in (parse.parse_angka, parse.parse_target):
        try:
            func(text)
        except AngkaError:
            pass
    try:
        parse.normalize_code(text)
    except CodeError:
        pass


segment = st.integers(min_value=0, max_value=99).map(lambda i: f"{i:02d}")
codes = st.one_of(
    st.integers(1, 8).map(str),
    st.tuples(st.integers(1, 8), segment).map(lambda t: f"{t[0]}.{t[1]}"),
    st.tuples(st.integers(1, 8), segment, segment).map(lambda t: ".".join(map(str, t))),
    st.tuples(st.integers(1, 8), segment, segment, st.sampled_from("12"), segment).map(
        lambda t: ".".join(map(str, t))
    ),
    st.tuples(st.integers(1, 8), segment, segment, st.sampled_from("12"), segment,
              st.integers(0, 9999)).map(lambda t: ".".join(map(str, t[:5])) + f".{t[5]:04d}"),
)


@given(code=codes, pre=st.sampled_from(["", " ", "'", " '", "\u00a0"]),
       post=st.sampled_from(["", ".", " ", ". ", "\u00a0"]))
def test_normalize_code_cleans_and_is_idempotent(code, pre, post):
    out = parse.normalize_code(pre + code + post)
    assert out == code
    assert parse.normalize_code(out) == out


@given(st.text(max_size=25))
def test_normalize_code_idempotent_on_anything_it_accepts(text):
    try:
        out = parse.normalize_code(text)
    except CodeError:
        return
    assert parse.normalize_code(out) == out


@given(code=codes)
def test_excel_float_is_read_or_refused_never_changed(code):
    # a code stored by Excel as a number: either read back exactly, or refused as ambiguous
    assume(code.count(".") <= 1)
    # an integral float (2.0) reads as the urusan code "2"; "X.00" is no bidang of the
    # nomenclature (bidang numbering starts at 01), so that reading loses nothing real
    assume(not code.endswith(".00"))
    try:
        out = parse.normalize_code(float(code))
    except CodeError as err:
        assert "ambiguous" in str(err) or "must have" in str(err)
        return
    assert out == code
