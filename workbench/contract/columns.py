"""Column checks: one table's validation state and the checks of its cells, by value."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np
import pandas as pd

from workbench import parse
from workbench.contract.reading import _cocokkan, _kosong, _Mentah
from workbench.contract.report import ERROR, PERINGATAN, _Kumpul

TAHUN_MIN, TAHUN_MAKS = 2000, 2100


class _Tabel:
    """Validation state of one table: its raw rows, the rows with errors, its problems."""

    def __init__(self, mentah: _Mentah, kumpul: _Kumpul) -> None:
        self.m = mentah
        self.k = kumpul
        self.n = len(mentah.frame)
        self.buruk = np.zeros(self.n, dtype=bool)

    def col(self, kolom: str) -> pd.Series:
        return self.m.frame[kolom]

    def faktor(self, kolom: str) -> tuple[np.ndarray, np.ndarray]:
        """(codes, distinct values) of a raw column, NA included as a value; computed once."""
        cache = self.__dict__.setdefault("_faktor", dict(self.m.faktor))
        if kolom not in cache:
            codes, uniq = pd.factorize(self.col(kolom), use_na_sentinel=False)
            cache[kolom] = (codes, np.asarray(uniq, dtype=object))
        return cache[kolom]

    def seri(self, kolom: str, func: Callable[[pd.Series], tuple[Any, pd.DataFrame]]
             ) -> tuple[Any, pd.DataFrame]:
        """A ``workbench.parse`` ``*_series`` function run on the distinct values only.

        Returns:
            (its result taken back to the rows, failures frame indexed by row position).
        """
        codes, uniq = self.faktor(kolom)
        hasil, gagal = func(pd.Series(uniq, dtype=object))
        if isinstance(hasil, pd.DataFrame):
            hasil = pd.DataFrame({c: hasil[c].to_numpy()[codes] for c in hasil.columns})
        elif str(hasil.dtype) == "string":
            hasil = pd.Series(hasil.to_numpy(dtype=object)[codes], dtype="string")
        else:
            hasil = pd.Series(hasil.to_numpy()[codes])
        if len(gagal):
            pos = np.flatnonzero(np.isin(codes, gagal.index.to_numpy()))
            alasan = pd.Series(gagal["alasan"].to_numpy(), index=gagal.index)
            gagal = pd.DataFrame(
                {"nilai": self.col(kolom).to_numpy(dtype=object)[pos],
                 "alasan": alasan.reindex(codes[pos]).to_numpy()},
                index=pd.Index(pos),
            )
        return hasil, gagal

    def lapor(self, pos: np.ndarray, kolom: str, nilai: Iterable[Any], alasan: Any,
              tingkat: str = ERROR) -> None:
        """Record a problem for the rows at positions ``pos`` (errors mark the rows bad)."""
        pos = np.asarray(pos, dtype=np.int64)
        if pos.size == 0:
            return
        if tingkat == ERROR:
            self.buruk[pos] = True
        nilai = [None if _kosong(v) else str(v) for v in nilai]
        self.k.parts.append(pd.DataFrame({
            "berkas": self.m.berkas, "sheet": self.m.sheet, "baris": self.m.baris[pos],
            "kolom": kolom, "nilai": nilai, "alasan": alasan, "tingkat": tingkat,
        }))  # fmt: skip

    def lapor_mask(self, mask: np.ndarray | pd.Series, kolom: str, alasan: Any,
                   tingkat: str = ERROR, nilai: pd.Series | None = None) -> None:
        """Record a problem for the rows where ``mask`` is true; ``alasan`` may be a Series."""
        mask = np.asarray(mask, dtype=bool)
        pos = np.flatnonzero(mask)
        if pos.size == 0:
            return
        raw = (nilai if nilai is not None else self.col(kolom)).to_numpy(dtype=object)[pos]
        if callable(alasan):
            alasan = alasan(pos)
        elif isinstance(alasan, pd.Series):
            alasan = alasan.to_numpy(dtype=object)[pos]
        self.lapor(pos, kolom, raw, alasan, tingkat)

    def lapor_gagal(self, gagal: pd.DataFrame, kolom: str, tingkat: str = ERROR) -> None:
        """Record the failures frame of a :mod:`workbench.parse` ``*_series`` function."""
        if len(gagal):
            self.lapor(gagal.index.to_numpy(), kolom, gagal["nilai"], gagal["alasan"].to_numpy(),
                       tingkat)


def _per_unik(s: pd.Series | tuple, func: Callable[[Any], Any], dtype: Any = object
              ) -> np.ndarray:
    """Apply ``func`` to each distinct value (NA included once) and map back.

    ``s`` may be ``(table, column)`` to use the table's cached factorisation of a raw column.
    """
    if isinstance(s, tuple):
        codes, uniq = s[0].faktor(s[1])
    else:
        codes, uniq = pd.factorize(s, use_na_sentinel=False)
    res = np.array([func(u) for u in uniq], dtype=dtype)
    return res[codes] if len(res) else np.array([], dtype=dtype)


def _teks_bersih(v: Any) -> Any:
    if _kosong(v):
        return None
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return re.sub(r"\s+", " ", str(v)).strip()


def _teks(t: _Tabel, kolom: str, wajib: str | None = None) -> pd.Series:
    """Clean text (spaces collapsed), NA when empty; ``wajib`` = level reported when empty."""
    s = pd.Series(_per_unik((t, kolom), _teks_bersih), dtype="string")
    if wajib:
        t.lapor_mask(s.isna(), kolom, f"{kolom} is empty", tingkat=wajib)
    return s


def _pilihan(
    t: _Tabel, kolom: str, allowed: tuple[str, ...], norm: Callable[[str], str]
) -> pd.Series:
    s = _teks(t, kolom)
    s = pd.Series(_per_unik(s, lambda v: None if v is pd.NA or v is None else norm(v)),
                  dtype="string")
    bad = ~_isin(s, allowed)
    t.lapor_mask(bad, kolom, f"{kolom} must be one of {', '.join(allowed)}")
    return s


def _tahun_satu(v: Any) -> Any:
    if _kosong(v):
        return "year is empty"
    if isinstance(v, bool):
        return f"year {v!r} is not a whole number"
    if isinstance(v, int | np.integer):
        y = int(v)
    elif isinstance(v, float):
        if not v.is_integer():
            return f"year {v!r} is not a whole number"
        y = int(v)
    else:
        text = str(v).strip()
        if not re.fullmatch(r"\d{1,6}(\.0+)?", text):
            return f"year {v!r} is not a whole number"
        y = int(float(text))
    if not TAHUN_MIN <= y <= TAHUN_MAKS:
        return f"year {y} is out of range ({TAHUN_MIN}–{TAHUN_MAKS})"
    return y


def _tahun(t: _Tabel, kolom: str = "tahun") -> pd.Series:
    res = _per_unik((t, kolom), _tahun_satu)
    salah = np.array([isinstance(r, str) for r in res], dtype=bool)
    t.lapor_mask(salah, kolom, pd.Series(res))
    out = np.where(salah, -1, res).astype(np.int64) if len(res) else np.array([], np.int64)
    return pd.Series(out, dtype="int64")


def _angka(t: _Tabel, kolom: str, *, kosong: str | None = None, negatif: bool = False,
           label: str | None = None, polos: bool = False) -> pd.Series:
    """Numbers; ``kosong`` = level reported for empty cells (None: allowed, NaN).

    ``polos``: a plain amount, no unit or scale word after it (pagu: ``1,2 M`` is refused).
    """
    vals, gagal = t.seri(kolom, parse.parse_angka_series)
    t.lapor_gagal(_awalan(gagal, label or kolom), kolom)
    if polos:
        satuan = _ada_satuan(t, kolom) & ~_mask(t.n, gagal.index)
        t.lapor_mask(satuan, kolom, f"{label or kolom}: a unit or scale word after the number; "
                     f"write the amount in rupiah (1.200.000.000)")
        vals = vals.where(~satuan)
    if kosong:
        empty = vals.isna().to_numpy() & ~_mask(t.n, gagal.index)
        t.lapor_mask(empty, kolom, f"{label or kolom} is empty", tingkat=kosong)
    if not negatif:
        t.lapor_mask((vals < 0).to_numpy(), kolom, f"{label or kolom} is negative")
    return vals.reset_index(drop=True)


def _ada_satuan(t: _Tabel, kolom: str) -> np.ndarray:
    """True for text with letters or ``%`` after the number (``Rp`` in front is fine)."""
    codes, uniq = t.faktor(kolom)
    arr = np.asarray(uniq, dtype=object).astype(str)
    ada = np.zeros(len(arr), dtype=bool)
    cek = ~np.char.isdigit(arr)  # plain digits carry no unit: skip the regexes for them
    teks = pd.Series(arr[cek], dtype=object)
    teks = teks.str.replace(r"^\s*[-−+]?\s*[Rr][Pp]\.?", "", regex=True)
    ada[cek] = teks.str.contains(r"\d\s*[^\d\s.,]", regex=True).to_numpy(dtype=bool)
    return ada[codes] if len(ada) else np.zeros(len(codes), dtype=bool)


def _mask(n: int, index: pd.Index) -> np.ndarray:
    m = np.zeros(n, dtype=bool)
    m[index.to_numpy(dtype=np.int64)] = True
    return m


def _isin(s: pd.Series, values: Iterable[Any]) -> np.ndarray:
    """``s.isin(values)`` with NA → False, testing each distinct value once."""
    values = set(values)
    codes, uniq = pd.factorize(s, use_na_sentinel=True)
    hit = np.array([u in values for u in uniq], dtype=bool)
    return np.where(codes >= 0, hit[np.maximum(codes, 0)] if len(hit) else False, False)


def _awalan(gagal: pd.DataFrame, label: str) -> pd.DataFrame:
    if len(gagal):
        gagal = gagal.assign(alasan=f"{label}: " + gagal["alasan"].astype(str))
    return gagal


def _kode_wilayah(t: _Tabel, kolom: str, jenis: dict[str, str], *, boleh_kosong: bool = False,
                  hanya_kabkota: bool = False) -> pd.Series:
    kode, gagal = t.seri(kolom, parse.normalize_wilayah_series)
    t.lapor_gagal(gagal, kolom)
    kode = kode.reset_index(drop=True)
    failed = _mask(t.n, gagal.index)
    empty = kode.isna().to_numpy() & ~failed
    if not boleh_kosong:
        t.lapor_mask(empty, kolom, f"{kolom} is empty")
    unknown = kode.notna().to_numpy() & ~_isin(kode, jenis)
    t.lapor_mask(unknown, kolom, _alasan_per(kode, lambda c: (
        f"region {c} is not in the package's wilayah table ({len(jenis)} codes)")))
    if hanya_kabkota:
        prov = kode.map(jenis).eq("Provinsi").fillna(False).to_numpy(bool)
        t.lapor_mask(prov, kolom, _alasan_per(kode, lambda c: (
            f"{c} is a province; name the supporting kabupaten/kota (empty = every kab/kota)")))
    return kode


def _alasan_per(s: pd.Series, func: Callable[[Any], str]) -> Callable[[np.ndarray], np.ndarray]:
    """Reasons built from each flagged row's value; computed only for the flagged rows."""
    def alasan(pos: np.ndarray) -> np.ndarray:
        sub = s.iloc[pos]
        return _per_unik(sub, lambda v: None if v is pd.NA else func(v))

    return alasan


def _nomenklatur_kode() -> set[str]:
    from workbench.reference import load_nomenklatur

    return set(load_nomenklatur()["kode"].astype(str))


def _nomenklatur_perubahan() -> dict[str, tuple[str, str]]:
    """Renumbered codes: old code → (new code, versi of the change)."""
    from workbench.reference import load_perubahan_kode

    p = load_perubahan_kode()
    return {a: (b, v) for a, b, v in zip(p["kode_lama"], p["kode_baru"], p["versi"], strict=True)}


def _status_kode(kode: pd.Series, dikenal: set[str], perubahan: dict) -> np.ndarray:
    """Per row: 0 known, 1 renumbered, 2 unknown, -1 NA (one pass over the distinct codes).

    Known: in the reference, or a penunjang code whose generic ``X.XX.01…`` form is; renumbered:
    an old code of :func:`_nomenklatur_perubahan`.
    """
    from workbench.reference import kode_generik

    def status(c: Any) -> int:
        if c is pd.NA:
            return -1
        if c in perubahan:
            return 1
        return 0 if c in dikenal or kode_generik(c) in dikenal else 2

    return _per_unik(kode, status, dtype=np.int8)


def _kode_nomenklatur(t: _Tabel, kolom: str, tingkat: tuple[str, ...], dikenal: set[str], *,
                      boleh_kosong: bool = False) -> pd.Series:
    kode, gagal = t.seri(kolom, parse.normalize_code_series)
    t.lapor_gagal(gagal, kolom)
    kode = kode.reset_index(drop=True)
    failed = _mask(t.n, gagal.index)
    if not boleh_kosong:
        t.lapor_mask(kode.isna().to_numpy() & ~failed, kolom, f"{kolom} is empty")
    tk = pd.Series(_per_unik(kode, lambda c: None if c is pd.NA else parse.TINGKAT[
        c.count(".") + 1]), dtype="string")
    salah = kode.notna().to_numpy() & ~_isin(tk, tingkat)
    t.lapor_mask(salah, kolom, _alasan_per(tk, lambda x: (
        f"a {x} code; expected a {' or '.join(w.replace('_', ' ') for w in tingkat)} code")))
    perubahan = _nomenklatur_perubahan()
    status = _status_kode(kode, dikenal, perubahan)
    lama = ~salah & (status == 1)
    t.lapor_mask(lama, kolom, _alasan_per(kode, lambda c: (
        f"kode lama {c} → kode baru {perubahan[c][0]} ({perubahan[c][1]}): the code was "
        f"renumbered; use the new code")), tingkat=PERINGATAN)
    baru = ~salah & (status == 2)
    t.lapor_mask(baru, kolom, _alasan_per(kode, lambda c: (
        f"code {c} is well formed but not in the shipped nomenclature "
        f"(workbench/reference/nomenklatur.csv); check it against the current Kepmendagri "
        f"list")), tingkat=PERINGATAN)
    return kode


def _satuan_referensi(kode: pd.Series) -> pd.Series:
    """The master's satuan of each (distinct) sub kegiatan code; empty where it has none."""
    from workbench.reference import cari_nomenklatur

    return cari_nomenklatur(kode)["satuan"].fillna("")


def _satuan_master(t: _Tabel, out: pd.DataFrame) -> None:
    """Warn where a sub kegiatan line's satuan differs from the master's (case, spaces ignored).

    Compared once per distinct (code, satuan) pair; codes the master gives no satuan for
    (province codes of Tabel C, later additions) are not checked.
    """
    kc, ku = pd.factorize(out["kode_nomenklatur"])  # distinct codes: a few thousand
    ku = pd.Series(np.asarray(ku, dtype=object))
    is_sub = ku.str.count(r"\.").eq(5).to_numpy(bool)
    master = pd.Series("", index=ku.index, dtype=object)
    if is_sub.any():
        master[is_sub] = _satuan_referensi(ku[is_sub]).to_numpy(object)
    m_norm = master.str.lower().str.replace(r"\s+", " ", regex=True).str.strip()
    punya = (m_norm != "").to_numpy(bool)
    if not punya.any():
        return
    sc, su = pd.factorize(out["satuan"])  # NA → -1: an empty satuan is not compared
    su = pd.Index(su).str.lower().str.replace(r"\s+", " ", regex=True).str.strip()
    rows = np.flatnonzero(punya[np.maximum(kc, 0)] & (kc >= 0) & (sc >= 0))
    if not len(rows):
        return
    pair, inv = np.unique(kc[rows].astype(np.int64) * len(su) + sc[rows], return_inverse=True)
    k_pos, s_pos = pair // len(su), pair % len(su)
    beda = m_norm.to_numpy(object)[k_pos] != np.asarray(su, dtype=object)[s_pos]
    if not beda.any():
        return
    flag = np.zeros(t.n, dtype=bool)
    flag[rows[beda[inv.reshape(-1)]]] = True
    k_pair = ku.to_numpy(object)[k_pos]
    master = pd.Series(master.to_numpy(object)[k_pos])
    teks = dict(zip(k_pair[beda], master[beda], strict=True))
    t.lapor_mask(flag, "satuan", _alasan_per(out["kode_nomenklatur"], lambda c: (
        f"satuan differs from the nomenclature master's {teks[c]!r} for sub kegiatan {c}")),
        tingkat=PERINGATAN)


def _kode_indikator(t: _Tabel, kolom: str, dikenal: set[str], *, boleh_kosong: bool) -> pd.Series:
    s = _teks(t, kolom, None if boleh_kosong else ERROR)
    unknown = s.notna().to_numpy() & ~_isin(s, dikenal)
    t.lapor_mask(unknown, kolom, _alasan_per(s, lambda c: (
        f"indicator {c} is not in the package's indikator table"
        f"{_cocokkan(c, dikenal)}")))
    return s


def _duplikat(t: _Tabel, frame: pd.DataFrame, keys: list[str], label: str) -> None:
    """Error on every later row with the same key values as an earlier row."""
    if not len(frame):
        return
    sub = frame[keys]
    dup = sub.duplicated(keep="first").to_numpy()
    if not dup.any():
        return
    first = ~sub.duplicated(keep="first").to_numpy()
    grp = sub.groupby(keys, dropna=False, sort=False).ngroup().to_numpy()
    first_baris = pd.Series(t.m.baris[first], index=grp[first])
    ref = first_baris.reindex(grp[dup]).to_numpy()
    where = "row" if t.m.sheet else "line"
    alasan = [f"duplicate {label}: same {', '.join(keys)} as {where} {r}" for r in ref]
    pos = np.flatnonzero(dup)
    nilai = sub.iloc[pos].astype(str).agg(" | ".join, axis=1).to_numpy()
    t.lapor(pos, keys[0], nilai, alasan)

