"""The CSV reader's two paths: pyarrow for the regular file, the decoding pandas path for the rest.

:func:`workbench.contract.reading._baca_cepat` (pyarrow) must give exactly what the pandas
path gives (rows, their line numbers, blank rows counted, problems reported), or refuse the
file (None) so that the pandas path reads it: a package's rows, line numbers and error
messages never depend on which one ran.
"""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path
from unittest import mock

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench import contract
from workbench.contract import reading
from workbench.contract.report import _Kumpul

# cells made of what breaks CSV: separators, quotes, spaces, line breaks, non-ASCII text
_SEL = st.text(alphabet=st.sampled_from(list('ab1 ,;"\n\r\té.-')), max_size=6)


def _tulis(rows: list[list[str]], sep: str, quoting: int) -> bytes:
    buf = io.StringIO()
    csv.writer(buf, delimiter=sep, quoting=quoting, lineterminator="\n").writerows(rows)
    return buf.getvalue().encode("utf-8")


def _baca(raw: bytes, cepat: bool) -> tuple[reading._Mentah | None, pd.DataFrame]:
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "rencana.csv"
        path.write_bytes(raw)
        k = _Kumpul()
        if cepat:
            m = reading._baca_csv(path, "rencana", k)
        else:
            with mock.patch.object(reading, "_baca_cepat", lambda *a: None):
                m = reading._baca_csv(path, "rencana", k)
    return m, k.frame()


def _sama(raw: bytes) -> bool:
    """Both paths agree on ``raw``; returns whether pyarrow read it."""
    a, masalah_a = _baca(raw, cepat=True)
    b, masalah_b = _baca(raw, cepat=False)
    pd.testing.assert_frame_equal(masalah_a, masalah_b)
    assert (a is None) == (b is None)
    if a is not None:
        assert list(a.frame.columns) == list(b.frame.columns)
        assert all(d == np.dtype(object) for d in [*a.frame.dtypes, *b.frame.dtypes])
        np.testing.assert_array_equal(a.frame.to_numpy(dtype=object),
                                      b.frame.to_numpy(dtype=object))
        np.testing.assert_array_equal(a.baris, b.baris)
        assert a.n_kosong == b.n_kosong
        for c, (codes, uniq) in a.faktor.items():  # a reused factorisation is the column's
            np.testing.assert_array_equal(uniq[codes], a.frame[c].to_numpy(dtype=object))
    hasil = []
    asli = reading._baca_cepat
    with mock.patch.object(reading, "_baca_cepat",
                           lambda *a: hasil.append(asli(*a)) or hasil[-1]):  # fmt: skip
        _baca(raw, cepat=True)
    return hasil[0] is not None


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(
    n_kolom=st.integers(1, 4),
    data=st.data(),
    sep=st.sampled_from([",", ";"]),
    quoting=st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]),
)
def test_a_written_csv_reads_the_same_on_both_paths(n_kolom, data, sep, quoting):
    header = [f"k{i}" for i in range(n_kolom)]
    rows = data.draw(st.lists(st.lists(_SEL, min_size=n_kolom, max_size=n_kolom), max_size=6))
    _sama(_tulis([header, *rows], sep, quoting))


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(
    n_kolom=st.integers(1, 4),
    lines=st.lists(st.text(alphabet=st.sampled_from(list('ab1 ,;"\r\t\xa0')), max_size=10),
                   max_size=6),
    sep=st.sampled_from([",", ";"]),
    akhir=st.sampled_from(["", "\n", "\n\n", "\r\n"]),
)
def test_hand_made_lines_read_the_same_on_both_paths(n_kolom, lines, sep, akhir):
    """Ragged, blank, badly quoted lines: typed by hand, not by a CSV writer."""
    header = sep.join(f"k{i}" for i in range(n_kolom))
    _sama(("\n".join([header, *lines]) + akhir).encode("utf-8"))


@pytest.mark.parametrize("raw", [
    b"a,b\n1,2,3\n",  # too many fields: pandas says where
    b"a,b\n1\n",  # too few
    b'a,b\n"1,2\n',  # a quote never closed: pandas reports it
    b'a,b\n1"2,3\n',  # a bare quote inside a field
    b'a,b\n1",",\n",",2\n',  # bare quotes, an even number of them
    b'a,b\n"x""y",2\n',  # a doubled quote in a quoted field: pandas reads those
    b"a,b\n1,\xe9\n",  # not UTF-8: the pandas path reports the byte and the line
    b"\n\n",  # empty
])
def test_irregular_files_take_the_pandas_path(raw):
    assert not _sama(raw)


@pytest.mark.parametrize("raw", [
    b"a,b\n1,2\n\n3,4\n",  # a blank line: a row of empty cells, dropped and counted
    b'a,b\n"1\n2",3\n4,5\n',  # a line break inside a quoted field: line numbers 2 and 4
    b'a;b\n"x;y";2\r\n',  # a quoted separator, CRLF
    "a,b\nKab. Katingan,é\n".encode(),
    b"a,b,a\n1,2,3\n",  # a header naming two columns alike (reported by the column check)
])
def test_regular_files_take_the_pyarrow_path(raw):
    assert _sama(raw)


def test_line_numbers_after_a_multi_line_field():
    m, _ = _baca(b'a,b\n"1\n2",3\n4,5\n', cepat=True)
    assert m.baris.tolist() == [2, 4]


def test_a_package_reports_the_same_lines_whichever_path_read_it(tmp_path):
    from tests.contract_fixtures import tables, tulis_csv

    t = tables()
    t["rencana"].loc[3, "tahun"] = "20x6"  # a bad value on a known line
    folder = tulis_csv(t, tmp_path / "pkg")
    with_arrow = contract.validate_path(folder)
    with mock.patch.object(reading, "_baca_cepat", lambda *a: None):
        with_pandas = contract.validate_path(folder)
    pd.testing.assert_frame_equal(with_arrow.masalah, with_pandas.masalah)
    pd.testing.assert_frame_equal(with_arrow.baris, with_pandas.baris)
    assert (with_arrow.masalah["baris"] == 5).any()


@pytest.mark.parametrize("pandas_path", [False, True])
def test_a_column_named_twice_is_reported_not_a_crash(tmp_path, pandas_path):
    from tests.contract_fixtures import tables, tulis_csv

    folder = tulis_csv(tables(), tmp_path / "pkg")
    path = folder / "rencana.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    # the first column once more, header and values (the blank-row scan meets it first)
    lines = [f"{line.split(',', 1)[0]},{line}" for line in lines]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with mock.patch.object(reading, "_baca_cepat",
                           (lambda *a: None) if pandas_path else reading._baca_cepat):
        report = contract.validate_path(folder)
    pesan = report.masalah[report.masalah["berkas"] == "rencana.csv"]["alasan"]
    assert pesan.str.contains("appears twice in the header").any(), report.masalah
