"""Reference data shipped with the package: wilayah (BPS crosswalk), nomenklatur, indikator.

Kemendagri and BPS number 8 of the 14 kabupaten/kota of Kalimantan Tengah differently
(62.06 Katingan is BPS 6209, 62.08 Sukamara is BPS 6206, ...). Every join between plan data
(Kemendagri codes) and statistics (BPS codes) goes through :func:`kode_bps_ke_kemendagri`;
never derive one code from the other by removing the dot.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from workbench.paths import REFERENCE_DIR


@lru_cache(maxsize=1)
def _wilayah() -> pd.DataFrame:
    frame = pd.read_csv(
        REFERENCE_DIR / "wilayah.csv",
        dtype={"kode": str, "kode_bps": str, "nama": str, "jenis": str, "ibukota": str},
        encoding="utf-8",
    )
    return frame


def load_wilayah() -> pd.DataFrame:
    """The 15 governments of Kalimantan Tengah: province ``62`` first, then the 14 kab/kota.

    Returns:
        Columns ``kode, kode_bps, nama, jenis, ibukota, lat, lon, luas_km2, penduduk``; codes are
        strings. A fresh copy, so callers may modify it.
    """
    return _wilayah().copy()


def kode_bps_ke_kemendagri() -> dict[str, str]:
    """Crosswalk BPS code → Kemendagri code (``"6209" → "62.06"``)."""
    w = _wilayah()
    return dict(zip(w["kode_bps"], w["kode"], strict=True))


def kemendagri_ke_kode_bps() -> dict[str, str]:
    """Crosswalk Kemendagri code → BPS code (``"62.06" → "6209"``)."""
    w = _wilayah()
    return dict(zip(w["kode"], w["kode_bps"], strict=True))


def kode_kabkota() -> list[str]:
    """Kemendagri codes of the 14 kabupaten/kota, in code order."""
    w = _wilayah()
    return w.loc[w["jenis"] != "Provinsi", "kode"].tolist()


@lru_cache(maxsize=1)
def _nomenklatur() -> pd.DataFrame:
    return pd.read_csv(
        REFERENCE_DIR / "nomenklatur.csv",
        dtype=str,
        keep_default_na=False,
        encoding="utf-8",
    )


def load_nomenklatur() -> pd.DataFrame:
    """The Kemendagri nomenclature (Permendagri 90/2019 as amended), with the level digit.

    The full kab/kota master of Kepmendagri 900.1.15.5-1317/2023 (with its kinerja, indikator
    and satuan per sub kegiatan), the province sub kegiatan of Permendagri 14/2026 Tabel C,
    codes added by later amendments and the older rows the sample needs, each with the decree
    or source that defines it in ``versi`` (``workbench/reference/SOURCES.md``). The generic
    penunjang programme is stored once as ``X.XX.01…`` (see :func:`kode_generik`).

    Returns:
        Columns ``kode, tingkat, uraian, kode_bidang, level_pemerintahan, versi, kinerja,
        indikator, satuan`` (all text; ``kinerja, indikator, satuan`` empty where the source
        has none, and above sub kegiatan).
    """
    return _nomenklatur().copy()


@lru_cache(maxsize=1)
def _perubahan() -> pd.DataFrame:
    return pd.read_csv(REFERENCE_DIR / "nomenklatur_perubahan.csv", dtype=str,
                       keep_default_na=False, encoding="utf-8")


def load_perubahan_kode() -> pd.DataFrame:
    """Codes renumbered between versions: ``kode_lama, kode_baru, versi, keterangan``."""
    return _perubahan().copy()


def kode_generik(kode: str) -> str | None:
    """The generic form of a penunjang code (``1.02.01.2.01.0001`` → ``X.XX.01.2.01.0001``).

    The programme ``X.XX.01`` (Program Penunjang Urusan Pemerintahan Daerah) and its kegiatan
    and sub kegiatan apply to every bidang; the master lists them once with urusan ``X`` and
    bidang ``XX``. Returns None for a code that is not a penunjang code.
    """
    seg = kode.split(".")
    if len(seg) >= 3 and seg[2] == "01" and seg[0] != "X":
        return ".".join(["X", "XX", *seg[2:]])
    return None


@lru_cache(maxsize=1)
def _nomenklatur_index() -> pd.DataFrame:
    return _nomenklatur().set_index("kode")


def cari_nomenklatur(kode: pd.Series | list[str]) -> pd.DataFrame:
    """Reference rows of concrete codes, penunjang codes matched through their generic form.

    Vectorised over distinct codes (a million plan lines hold a few thousand codes).

    Args:
        kode: Normalised codes (NA allowed).

    Returns:
        One row per input (same index): ``uraian, versi, kinerja, indikator, satuan`` (NA
        when the code is unknown) and ``kode_referensi`` (the reference code matched, e.g.
        ``X.XX.01.2.01.0001``).
    """
    s = pd.Series(kode, dtype="string") if not isinstance(kode, pd.Series) else kode
    codes, uniq = pd.factorize(s.astype("string"), use_na_sentinel=True)
    idx = _nomenklatur_index()
    ref = [u if u in idx.index else (kode_generik(u) or u) for u in uniq]
    cols = ["uraian", "versi", "kinerja", "indikator", "satuan"]
    found = idx.reindex(ref)[cols].assign(kode_referensi=[r if r in idx.index else pd.NA
                                                          for r in ref])
    found = pd.concat([found.reset_index(drop=True),
                       pd.DataFrame([[pd.NA] * len(found.columns)], columns=found.columns)],
                      ignore_index=True)  # fmt: skip
    out = found.iloc[codes].astype("string")
    out.index = s.index
    return out


_KECIL = frozenset({"dan", "atau", "serta", "di", "ke", "dari", "untuk", "yang", "pada", "dalam",
                    "bagi", "terhadap", "melalui", "dengan", "dan/atau"})
_AKRONIM = frozenset({"SDM", "UMKM", "KSP/USP", "DPRD", "B3", "SPAM", "UPT", "BLUD", "ASN"})


def _judul(nama: str) -> str:
    """A name the master writes in capitals, in title case; conjunctions lower, acronyms kept.

    ``PROGRAM PENGELOLAAN SUMBER DAYA AIR (SDA)`` → ``Program Pengelolaan Sumber Daya Air (SDA)``.
    """
    if nama != nama.upper():
        return nama
    out, kurung = [], False
    for i, w in enumerate(nama.split(" ")):
        kurung = kurung or w.startswith("(")
        if kurung or w in _AKRONIM:
            out.append(w)
        elif i and w.lower() in _KECIL:
            out.append(w.lower())
        else:
            out.append("/".join(x.capitalize() for x in w.lower().split("/")))
        kurung = kurung and not w.endswith(")")
    return " ".join(out)


@lru_cache(maxsize=1)
def _nama_nomenklatur() -> dict[str, str]:
    n = _nomenklatur()
    nama = dict(zip(n["kode"], n["uraian"].map(_judul), strict=True))
    generik = {k: v for k, v in nama.items() if k.startswith("X.XX.")}
    for b in n.loc[(n["tingkat"] == "bidang") & (n["kode"] != "X.XX"), "kode"]:
        for k, v in generik.items():
            nama.setdefault(b + k[4:], v)
    return nama


def nama_nomenklatur() -> dict[str, str]:
    """Display names of nomenclature codes (briefs, widgets): code → name.

    The names of the reference, with programme and bidang names that the master writes in
    capitals in title case, and the penunjang programme ``X.XX.01…`` spelt out for every
    bidang (``1.02.01`` → Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota).
    """
    return dict(_nama_nomenklatur())


@lru_cache(maxsize=1)
def _indikator() -> pd.DataFrame:
    return pd.read_csv(REFERENCE_DIR / "indikator.csv", dtype=str, keep_default_na=False)


def load_indikator_referensi() -> pd.DataFrame:
    """Indicator reference table (macro outcomes and outcome indicators per bidang)."""
    return _indikator().copy()
