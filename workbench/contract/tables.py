"""The checks of each table (wilayah, indikator, rencana, realisasi, kesepakatan)."""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd

from workbench import parse
from workbench.contract.columns import (
    _alasan_per,
    _angka,
    _awalan,
    _duplikat,
    _isin,
    _kode_indikator,
    _kode_nomenklatur,
    _kode_wilayah,
    _mask,
    _per_unik,
    _pilihan,
    _satuan_master,
    _Tabel,
    _tahun,
    _teks,
)
from workbench.contract.reading import _kosong
from workbench.contract.report import ERROR, PERINGATAN
from workbench.vocabulary import (
    AGREGASI,
    ARAH,
    DOKUMEN,
    JENIS_INDIKATOR,
    JENIS_WILAYAH,
    OPSIONAL,
    TINGKAT_RENCANA,
)

#: A plan year further than this from the median year of its document type is flagged.
TAHUN_JAUH = 5


def _wilayah(t: _Tabel) -> pd.DataFrame:
    kode, gagal = t.seri("kode", parse.normalize_wilayah_series)
    t.lapor_gagal(gagal, "kode")
    kode = kode.reset_index(drop=True)
    failed = _mask(t.n, gagal.index)
    t.lapor_mask(kode.isna().to_numpy() & ~failed, "kode", "kode is empty")
    bps = pd.Series(_per_unik((t, "kode_bps"), _kode_bps_satu), dtype="string")
    pola = bps.str.fullmatch(r"\d{2}|\d{4}").fillna(False).to_numpy(bool)
    bps_salah = bps.notna().to_numpy() & ~pola
    t.lapor_mask(bps.isna().to_numpy(), "kode_bps", "kode_bps is empty")
    t.lapor_mask(bps_salah, "kode_bps", "kode_bps must be 2 (province) or 4 (kab/kota) digits")
    jenis = _pilihan(t, "jenis", JENIS_WILAYAH, lambda v: v.strip().capitalize())
    prov_kode = kode.str.fullmatch(r"\d{2}").fillna(False).to_numpy(bool)
    is_prov = jenis.eq("Provinsi").fillna(False).to_numpy(bool)
    ok_jenis = _isin(jenis, JENIS_WILAYAH)
    t.lapor_mask(ok_jenis & kode.notna().to_numpy() & (prov_kode != is_prov), "jenis",
                 "jenis does not match the code: a 2-digit code (62) is a Provinsi, a 4-digit "
                 "one (62.06) a Kabupaten or Kota")
    luas = _angka(t, "luas_km2")
    penduduk = _angka(t, "penduduk", kosong=ERROR)
    pecahan = penduduk.notna().to_numpy() & (penduduk % 1 != 0).to_numpy()
    t.lapor_mask(pecahan, "penduduk", "penduduk must be a whole number")
    out = pd.DataFrame({
        "kode": kode, "kode_bps": bps, "nama": _teks(t, "nama", ERROR), "jenis": jenis,
        "ibukota": _teks(t, "ibukota"), "luas_km2": luas, "penduduk": penduduk,
    })  # fmt: skip
    for c in OPSIONAL["wilayah"]:
        if c in t.m.frame.columns:
            out[c] = _angka(t, c, negatif=True)
    _duplikat(t, out, ["kode"], "region")
    _duplikat(t, out[bps.notna().to_numpy()], ["kode_bps"], "BPS code")
    return out


def _kode_bps_satu(v: Any) -> Any:
    if _kosong(v):
        return None
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return re.sub(r"[\s\u00a0]+", "", str(v)).lstrip("'’")


def _indikator(t: _Tabel, dikenal: set[str]) -> pd.DataFrame:
    out = pd.DataFrame({
        "kode_indikator": _teks(t, "kode_indikator", ERROR),
        "uraian": _teks(t, "uraian", ERROR),
        "satuan": _teks(t, "satuan"),
        "arah": _pilihan(t, "arah", ARAH, str.lower),
        "jenis": _pilihan(t, "jenis", JENIS_INDIKATOR, str.lower),
        "kode_bidang": _kode_nomenklatur(t, "kode_bidang", ("bidang",), dikenal,
                                         boleh_kosong=True),
        "agregasi": _pilihan(t, "agregasi", AGREGASI, lambda v: v.lower().replace(" ", "_")),
    })  # fmt: skip
    if "sumber" in t.m.frame.columns:
        out["sumber"] = _teks(t, "sumber")
    _duplikat(t, out[out["kode_indikator"].notna().to_numpy()], ["kode_indikator"], "indicator")
    return out


def _rencana(
    t: _Tabel, jenis: dict[str, str], indikator: set[str], nomen: set[str]
) -> pd.DataFrame:
    kw = _kode_wilayah(t, "kode_wilayah", jenis)
    kode = _kode_nomenklatur(t, "kode_nomenklatur", TINGKAT_RENCANA, nomen)
    tk, bidang, program, level = _turunan(kode)
    prov = kw.map(jenis).eq("Provinsi").fillna(False).to_numpy(bool)
    kab = _isin(kw.map(jenis), ("Kabupaten", "Kota"))
    lv = level.fillna(0).to_numpy()
    t.lapor_mask(kab & (lv == 1), "kode_nomenklatur", _alasan_per(kw, lambda c: (
        f"a province-level code (level digit 1) on a plan line of kabupaten/kota {c}; "
        f"kab/kota plans use level-2 kegiatan and sub kegiatan")))
    t.lapor_mask(prov & (lv == 2), "kode_nomenklatur", _alasan_per(kw, lambda c: (
        f"a kabupaten/kota-level code (level digit 2) on a plan line of province {c}; "
        f"province plans use level-1 kegiatan and sub kegiatan")))
    target, gagal = t.seri("target", parse.parse_target_series)
    t.lapor_gagal(_awalan(gagal, "target"), "target")
    target = target.reset_index(drop=True)
    out = pd.DataFrame({
        "kode_wilayah": kw,
        "dokumen": _pilihan(t, "dokumen", DOKUMEN, str.upper),
        "tahun": _tahun(t),
        "perangkat_daerah": _teks(t, "perangkat_daerah", PERINGATAN),
        "kode_nomenklatur": kode,
        "kode_indikator": _kode_indikator(t, "kode_indikator", indikator, boleh_kosong=True),
        "uraian_indikator": _teks(t, "uraian_indikator"),
        "target": _teks(t, "target"),
        "satuan": _teks(t, "satuan"),
        "pagu": _angka(t, "pagu", label="pagu", polos=True),
        "tingkat": tk, "kode_bidang": bidang, "kode_program": program,
        "level_pemerintahan": level,
        "target_bawah": target["bawah"], "target_atas": target["atas"],
    })  # fmt: skip
    _tahun_jauh(t, out)
    _satuan_master(t, out)
    _duplikat(t, out, ["kode_wilayah", "dokumen", "tahun", "perangkat_daerah", "kode_nomenklatur",
                       "kode_indikator", "uraian_indikator"], "plan line")
    return out


def _turunan(kode: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series, pd.Series]:
    """Derived ``tingkat, kode_bidang, kode_program, level_pemerintahan`` (per distinct code)."""
    codes, uniq = pd.factorize(kode, use_na_sentinel=True)
    seg = [str(u).split(".") for u in uniq]
    tk = np.array([parse.TINGKAT.get(len(s)) for s in seg] + [None], dtype=object)
    bid = np.array([".".join(s[:2]) if len(s) >= 2 else None for s in seg] + [None], dtype=object)
    prog = np.array([".".join(s[:3]) if len(s) >= 3 else None for s in seg] + [None], dtype=object)
    lev = np.array([float(s[3]) if len(s) >= 5 else np.nan for s in seg] + [np.nan])
    return (
        pd.Series(tk[codes], dtype="string"),
        pd.Series(bid[codes], dtype="string"),
        pd.Series(prog[codes], dtype="string"),
        pd.Series(lev[codes]).astype("Int64"),
    )


def _tahun_jauh(t: _Tabel, out: pd.DataFrame) -> None:
    """Warn on plan years far from the other lines of the same document type (typos)."""
    ok = out["tahun"].to_numpy() > 0
    if not ok.any():
        return
    median = out[ok].groupby("dokumen", dropna=False)["tahun"].median()
    m = out["dokumen"].map(median).to_numpy(dtype=float)
    jauh = ok & (np.abs(out["tahun"].to_numpy() - m) > TAHUN_JAUH)
    alasan = pd.Series([
        f"year {y} is more than {TAHUN_JAUH} years from the other {d} lines (median "
        f"{int(mm)}): a typo?" if j else None
        for y, d, mm, j in zip(out["tahun"], out["dokumen"], np.nan_to_num(m), jauh, strict=True)
    ]) if jauh.any() else None
    if alasan is not None:
        t.lapor_mask(jauh, "tahun", alasan, tingkat=PERINGATAN)


def _realisasi(t: _Tabel, wilayah: pd.DataFrame, indikator: set[str]) -> pd.DataFrame:
    jenis = dict(zip(wilayah["kode"], wilayah["jenis"], strict=True))
    cols = t.m.frame.columns
    n = t.n
    kw = pd.Series([pd.NA] * n, dtype="string")
    if "kode_wilayah" in cols:
        kw = _kode_wilayah(t, "kode_wilayah", jenis, boleh_kosong="kode_bps" in cols)
    if "kode_bps" in cols:
        bps = pd.Series(_per_unik((t, "kode_bps"), _kode_bps_satu), dtype="string")
        ke = dict(zip(wilayah["kode_bps"].dropna(), wilayah["kode"], strict=False))
        mapped = bps.map(ke).astype("string")
        kemendagri = _isin(bps, jenis) & mapped.isna().to_numpy()
        mapped = mapped.where(~kemendagri, bps)
        t.lapor_mask(kemendagri, "kode_bps", "a Kemendagri code in the kode_bps column; used as "
                     "kode_wilayah", tingkat=PERINGATAN)
        pakai = kw.isna().to_numpy()
        neither = pakai & bps.notna().to_numpy() & mapped.isna().to_numpy()
        t.lapor_mask(neither, "kode_bps", _alasan_per(bps, lambda c: (
            f"{c} is in neither the kode_bps nor the kode list of the package's wilayah table")))
        if "kode_wilayah" in cols:
            beda = ~pakai & mapped.notna().to_numpy() & (kw != mapped).fillna(False).to_numpy(bool)
            t.lapor_mask(beda, "kode_bps", "kode_bps and kode_wilayah name different regions")
        t.lapor_mask(pakai & bps.isna().to_numpy(), "kode_bps",
                     "both kode_wilayah and kode_bps are empty" if "kode_wilayah" in cols
                     else "kode_bps is empty")
        kw = kw.where(~pakai, mapped)
    out = pd.DataFrame({
        "kode_wilayah": kw.astype("string"),
        "kode_indikator": _kode_indikator(t, "kode_indikator", indikator, boleh_kosong=False),
        "tahun": _tahun(t),
        "realisasi": _angka(t, "realisasi", kosong=PERINGATAN, negatif=True),
    })  # fmt: skip
    if "sumber" in cols:
        out["sumber"] = _teks(t, "sumber")
    _duplikat(t, out, ["kode_wilayah", "kode_indikator", "tahun"], "realisation")
    return out


def _kesepakatan(
    t: _Tabel, jenis: dict[str, str], indikator: set[str], nomen: set[str]
) -> pd.DataFrame:
    out = pd.DataFrame({
        "tahun": _tahun(t),
        "kode_indikator": _kode_indikator(t, "kode_indikator", indikator, boleh_kosong=False),
        "kode_sub_kegiatan": _kode_nomenklatur(t, "kode_sub_kegiatan", ("sub_kegiatan",), nomen),
        "kode_wilayah": _kode_wilayah(t, "kode_wilayah", jenis, boleh_kosong=True,
                                      hanya_kabkota=True),
    })  # fmt: skip
    _duplikat(t, out, list(out.columns), "agreement")
    return out

