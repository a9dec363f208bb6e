"""Indicator values: the realisations and the targets of every government × indicator × year."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from workbench.sample.cacat import _SEED_TERLAMBAT, RealisasiTerlambat
from workbench.sample.formatting import (
    _angka,
    _bulat_ambisius,
    _bulat_longgar,
    _komitmen_teks,
    _teks_target,
)
from workbench.sample.spec import (
    _MAKRO,
    _REALISASI_NYATA,
    _SPEK,
    _TARGET_RKPD_2025,
    RANGE_DASH,
    SINTETIS,
    TAHUN_RPJMD,
    _Spek,
)
from workbench.sample.wilayah import _Wilayah


@dataclass
class _Nilai:
    """Realisation rows and the target of every government × indicator × RPJMD year."""

    real_g: list[np.ndarray] = field(default_factory=list)
    real_k: list[np.ndarray] = field(default_factory=list)
    real_y: list[np.ndarray] = field(default_factory=list)
    real_v: list[np.ndarray] = field(default_factory=list)
    real_s: list[np.ndarray] = field(default_factory=list)
    target_num: dict[str, np.ndarray] = field(default_factory=dict)  # (G, 5) commitment bound
    target_txt: dict[str, np.ndarray] = field(default_factory=dict)  # (G, 5) text
    lingkup: dict[str, np.ndarray] = field(default_factory=dict)  # (G,) bool

    def tambah_realisasi(self, g, k, y, v, s) -> None:
        g = np.asarray(g)
        self.real_g.append(g)
        self.real_k.append(np.full(len(g), k, dtype=object))
        self.real_y.append(np.full(len(g), y, dtype=np.int64))
        self.real_v.append(np.asarray(v, dtype=float))
        self.real_s.append(np.broadcast_to(np.asarray(s, dtype=object), len(g)).copy())


def _rata_per_prov(w: _Wilayah, x: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Population-weighted mean of ``x`` over the kab/kota of each province (per government row)."""
    kab = mask & ~w.provinsi
    num = np.bincount(w.prov_idx[kab], weights=(w.penduduk * x)[kab], minlength=len(w.kode))
    den = np.bincount(w.prov_idx[kab], weights=w.penduduk[kab], minlength=len(w.kode))
    with np.errstate(invalid="ignore", divide="ignore"):
        return num / den


def _jumlah_per_prov(w: _Wilayah, x: np.ndarray) -> np.ndarray:
    kab = ~w.provinsi
    return np.bincount(w.prov_idx[kab], weights=x[kab], minlength=len(w.kode))


def _geser_ke(
    w: _Wilayah,
    x: np.ndarray,
    tujuan: np.ndarray,
    tetap: np.ndarray,
    lo: float | np.ndarray = -np.inf,
    hi: float | np.ndarray = np.inf,
) -> np.ndarray:
    """Shift the free kab/kota values of each province so the weighted mean equals ``tujuan``.

    ``tujuan`` is indexed by government row (the province rows hold the goal); ``tetap`` marks
    values that must not move (real figures). Values pushed past ``lo``/``hi`` are clipped and
    held, and the rest shifted again, so the mean is met inside the plausible range.
    """
    kab = ~w.provinsi
    tot_p = np.bincount(w.prov_idx[kab], weights=w.penduduk[kab], minlength=len(w.kode))
    tetap = tetap.copy()
    for _ in range(8):
        bebas = kab & ~tetap
        tot_px = np.bincount(w.prov_idx[kab], weights=(w.penduduk * x)[kab], minlength=len(w.kode))
        bebas_p = np.bincount(w.prov_idx[bebas], weights=w.penduduk[bebas], minlength=len(w.kode))
        with np.errstate(invalid="ignore", divide="ignore"):
            c = (tujuan * tot_p - tot_px) / bebas_p
        x = np.where(bebas, x + np.nan_to_num(c)[w.prov_idx], x)
        lewat = bebas & ((x < lo) | (x > hi))
        if not lewat.any():
            break
        x = np.clip(x, lo, hi)
        tetap |= lewat
    return x


def _nilai_nyata(w: _Wilayah, k: str, tahun: int) -> tuple[np.ndarray, np.ndarray]:
    """Real value of ``k`` in ``tahun`` per government (NaN where none) and its source."""
    v = np.full(len(w.kode), np.nan)
    s = np.full(len(w.kode), SINTETIS, dtype=object)
    pos = {c: i for i, c in enumerate(w.kode)}
    for (kode, kk, yy), (val, src) in _REALISASI_NYATA.items():
        if kk == k and yy == tahun and kode in pos:
            v[pos[kode]] = val
            s[pos[kode]] = src
    return v, s


def _realisasi_2024(w: _Wilayah, k: str, s: _Spek, agr: str, rng: np.random.Generator):
    """2024 (baseline) value of ``k`` per government, the real ones where DOMAIN.md §6 has them.

    ``jumlah``: district value = per-100 000 rate × population × log-normal spread; province =
    district sum. Otherwise: province value (real, else ``dasar`` with a small province effect),
    districts scattered around it and, for ``rata_tertimbang_penduduk``, shifted (real values
    held) so their population-weighted mean is the province value.
    """
    G = len(w.kode)
    lo, hi = s.batas
    nyata, sumber = _nilai_nyata(w, k, 2024)
    if agr == "jumlah":
        kab = np.round(s.dasar * w.penduduk / 1e5 * np.exp(rng.normal(0, s.sebaran, G)), s.desimal)
        r = np.where(w.provinsi, _jumlah_per_prov(w, np.where(w.provinsi, 0, kab)), kab)
        return np.round(r, s.desimal), nyata, sumber
    efek = rng.normal(0, max(s.sebaran, 0.02 * s.dasar) * 0.5, G)
    prov = np.where(np.isnan(nyata), s.dasar + np.where(w.kode == "62", 0.0, efek), nyata)
    r = np.where(np.isnan(nyata), prov[w.prov_idx] + rng.normal(0, s.sebaran, G), nyata)
    hi_g = np.full(G, float(hi))
    if k == "IKU.IPM":  # every unit is "tinggi" (< 80) except the city (DOMAIN.md §6)
        hi_g = np.where(np.isnan(nyata) & ~w.provinsi, 79.0, hi_g)
    if k == "IKU.KEMISKINAN":  # the three real district figures stay the highest (DOMAIN.md §6)
        hi_g = np.where(np.isnan(nyata) & ~w.provinsi, 6.4, hi_g)
    r = np.clip(r, lo, hi_g)
    if agr == "rata_tertimbang_penduduk":
        tujuan = np.where(w.provinsi, prov, np.nan)
        r = _geser_ke(w, r, tujuan, ~np.isnan(nyata), lo, hi_g)
    return np.round(np.where(w.provinsi, prov, r), s.desimal), nyata, sumber


def _realisasi_2025_makro(w, k, s, d, agr, r24, lingkup, rng) -> np.ndarray:
    """2025 value of a slowly moving statistic: 2024 + d·laju·v, v ~ U(−0.6, 1.6)."""
    G = len(w.kode)
    v = rng.uniform(-0.6, 1.6, G)
    r = np.clip(r24 + d * s.laju * v, *s.batas)
    if k == "IKU.IPM":
        r = np.where(~w.provinsi & (w.kode != "62.71"), np.minimum(r, 79.4), r)
    nyata, _ = _nilai_nyata(w, k, 2025)
    if agr == "rata_tertimbang_penduduk" and not np.isnan(nyata[w.provinsi]).all():
        # a real province figure: the districts' weighted mean meets it (real districts held)
        tujuan = np.where(w.provinsi, nyata, np.nan)
        r = _geser_ke(w, r, tujuan, ~np.isnan(nyata) & ~w.provinsi, *s.batas)
    r = np.round(r, s.desimal)
    if agr == "rata_tertimbang_penduduk":
        prov = np.round(_rata_per_prov(w, r, lingkup), s.desimal)[w.prov_idx]
        r = np.where(w.provinsi, prov, r)
    return np.where(np.isnan(nyata), r, nyata)


def _target(w: _Wilayah, k: str, s: _Spek, d: float, agr: str, r24: np.ndarray, rng) -> np.ndarray:
    """Targets 2025–2029, shape (G, 5): the minimum-commitment bound as written in every document.

    District targets improve on the 2024 value by ``laju`` a year (× a district factor in
    0.7–1.3). Province targets: the real RKPD 2025 target where there is one, else the 2024
    value plus ``laju`` a year; ``jumlah`` provinces take the district sum less one unit of the
    last written decimal (so the districts exceed it). ``rata_tertimbang_penduduk`` districts
    are shifted to aim 0.004 beyond the province target and rounded toward the ambitious side,
    so their weighted mean never falls short (exact decimal text, float-safe comparison).
    """
    G = len(w.kode)
    lo, hi = s.batas
    u = rng.uniform(0.7, 1.3, G)[:, None]
    lang = (np.array(TAHUN_RPJMD) - 2024)[None, :]
    if agr == "jumlah":
        x = _bulat_ambisius(r24[:, None] * (1 + d * s.laju * u) ** lang, d, s.desimal)
        sumx = np.stack(
            [_jumlah_per_prov(w, np.where(w.provinsi, 0, x[:, j])) for j in range(5)], 1
        )
        prov_t = _bulat_longgar(sumx - d * 10.0**-s.desimal, d, s.desimal)
        return np.where(w.provinsi[:, None], prov_t, x)
    x = np.clip(r24[:, None] + d * s.laju * lang * u, lo, hi)
    prov_t = np.round(np.clip(r24[:, None] + d * s.laju * lang, lo, hi), s.desimal)
    if k in _TARGET_RKPD_2025:
        t25 = _komitmen_teks(_TARGET_RKPD_2025[k], d)
        nyata = np.round(np.clip(t25 + d * s.laju * (lang - 1), lo, hi), s.desimal)
        prov_t = np.where((w.kode == "62")[:, None], nyata, prov_t)
    if agr == "rata_tertimbang_penduduk":
        for j in range(5):
            tujuan = np.where(w.provinsi, prov_t[:, j] + d * 0.004, np.nan)
            x[:, j] = _geser_ke(w, x[:, j], tujuan, np.zeros(G, bool), lo, hi)
        x = np.clip(x, lo, hi)
    x = _bulat_ambisius(x, d, s.desimal)
    return np.where(w.provinsi[:, None], prov_t, x)


def _bangun_nilai(w: _Wilayah, ind: pd.DataFrame, rng: np.random.Generator) -> _Nilai:
    """Realisations (2024, 2025 and the real earlier ones) and targets of every indicator."""
    nilai = _Nilai()
    G = len(w.kode)
    for i, row in enumerate(ind.itertuples(index=False)):
        k, s, agr = row.kode_indikator, _SPEK[row.kode_indikator], row.agregasi
        d = 1.0 if row.arah == "naik" else -1.0
        lingkup = w.provinsi.copy() if s.provinsi_saja else np.ones(G, dtype=bool)
        nilai.lingkup[k] = lingkup
        r24, nyata24, sumber24 = _realisasi_2024(w, k, s, agr, rng)
        x = np.where(lingkup[:, None], _target(w, k, s, d, agr, r24, rng), np.nan)
        nilai.target_num[k] = x
        txt = np.stack([_teks_target(np.nan_to_num(x[:, j]), s.desimal) for j in range(5)], 1)
        if k in _TARGET_RKPD_2025:
            txt[w.kode == "62", 0] = _TARGET_RKPD_2025[k]
        nilai.target_txt[k] = txt
        if k in _MAKRO:
            r25 = _realisasi_2025_makro(w, k, s, d, agr, r24, lingkup, rng)
        else:  # programme outcomes: most land near their 2025 target, some well short
            r25 = _realisasi_kinerja(w, x[:, 0], d, s, agr, lingkup, rng)
            r24 = _dasar_sejalan(w, s, d, agr, r24, r25, nyata24, lingkup, _anak(rng, 1000 + i))
        sumber25 = _nilai_nyata(w, k, 2025)[1]
        g = np.flatnonzero(lingkup)
        nilai.tambah_realisasi(g, k, 2024, r24[g], sumber24[g])
        nilai.tambah_realisasi(g, k, 2025, r25[g], sumber25[g])
        for yy in sorted({y for (_, kk, y) in _REALISASI_NYATA if kk == k and y < 2024}):
            v_h, s_h = _nilai_nyata(w, k, yy)
            g = np.flatnonzero(~np.isnan(v_h))
            nilai.tambah_realisasi(g, k, yy, v_h[g], s_h[g])
    return nilai


def _realisasi_kinerja(
    w: _Wilayah,
    t25: np.ndarray,
    d: float,
    s: _Spek,
    agr: str,
    lingkup: np.ndarray,
    rng: np.random.Generator,
) -> np.ndarray:
    """2025 realisation of a programme outcome: target × (1 − d·e).

    ``e`` is a mixture: "on target" (65 %, N(0, 2 %)), "short" (25 %, 4–15 %) and "well
    short" (10 %, 15–40 %); ``jumlah`` provinces take the district sum and
    ``rata_tertimbang_penduduk`` provinces the population-weighted mean.
    """
    G = len(w.kode)
    pilih = rng.random(G)
    kurang = np.where(pilih < 0.90, rng.uniform(0.04, 0.15, G), rng.uniform(0.15, 0.40, G))
    e = np.where(pilih < 0.65, rng.normal(0, 0.02, G), kurang)
    r = np.clip(t25 * (1 - d * e), *s.batas)
    r = np.round(r, s.desimal)
    if agr == "jumlah":
        return np.where(w.provinsi, _jumlah_per_prov(w, np.where(w.provinsi, 0, r)), r)
    if agr == "rata_tertimbang_penduduk":
        prov = np.round(_rata_per_prov(w, r, lingkup), s.desimal)[w.prov_idx]
        return np.where(w.provinsi, prov, r)
    return r


def _dasar_sejalan(
    w: _Wilayah,
    s: _Spek,
    d: float,
    agr: str,
    r24: np.ndarray,
    r25: np.ndarray,
    nyata24: np.ndarray,
    lingkup: np.ndarray,
    rng: np.random.Generator,
) -> np.ndarray:
    """2024 values of a programme outcome that a 2025 value well short of target can follow.

    A district whose 2025 realisation falls well short of its target was already low in 2024
    (its target was ambitious); a condition indicator does not lose 20 points in a year. Where
    the synthetic 2024 → 2025 change exceeds both three yearly steps (``laju``; for
    ``jumlah``, ``laju`` × the 2024 value) and 8 % of the 2024 value, the kab/kota 2024 value
    is redrawn as the 2025 value less −0.5 to 1.2 yearly steps (mostly some progress,
    sometimes a small decline). Targets are unchanged, so capaian is unchanged. Real values
    are kept; the province value of ``rata_tertimbang_penduduk`` / ``jumlah`` indicators is
    recomputed from its districts, so it stays their weighted mean (or sum).
    """
    langkah = s.laju * (np.abs(r24) if agr == "jumlah" else 1.0)
    loncat = np.abs(r25 - r24) > np.maximum(3 * langkah, 0.08 * np.abs(r24))
    ubah = loncat & ~w.provinsi & lingkup & np.isnan(nyata24) & np.isfinite(r25)
    if not ubah.any():
        return r24
    baru = r25 - d * langkah * rng.uniform(-0.5, 1.2, len(r24))
    baru = np.round(np.clip(baru, *s.batas), s.desimal)
    out = np.where(ubah, baru, r24)
    if agr == "rata_tertimbang_penduduk":
        prov = np.round(_rata_per_prov(w, out, lingkup), s.desimal)[w.prov_idx]
        out = np.where(w.provinsi & np.isnan(nyata24), prov, out)
    elif agr == "jumlah":
        tot = np.round(_jumlah_per_prov(w, np.where(w.provinsi, 0, out)), s.desimal)[w.prov_idx]
        out = np.where(w.provinsi & np.isnan(nyata24), tot, out)
    return out


def _variasi_teks(
    w: _Wilayah, nilai: _Nilai, ind: pd.DataFrame, jangan: set[tuple[str, str]]
) -> None:
    """Write some district targets the way documents do: ranges, ``≥ x``, ``x%``.

    The minimum-commitment bound of each text equals the generated target, so the arithmetic
    is unchanged. ``jangan`` lists (kode_wilayah, kode_indikator) left as plain numbers
    (the seeded lines, whose text the imperfection list quotes).
    """
    idx = np.arange(len(w.kode))
    kab = ~w.provinsi
    aturan = (
        ("IKU.KEMISKINAN", idx % 5 == 1, "rentang", 0.40),
        ("1.02.PERSALINAN_FASKES", idx % 6 == 2, "paling_sedikit", 0.0),
        ("1.04.RLH", idx % 7 == 3, "persen", 0.0),
    )
    for k, pilih, jenis, lebar in aturan:
        des = _SPEK[k].desimal
        x = nilai.target_num[k]
        pilih = pilih & kab & nilai.lingkup[k]
        pilih &= np.array([(c, k) not in jangan for c in w.kode])
        for j in range(5):
            t = _angka(np.nan_to_num(x[pilih, j]), des)
            if jenis == "rentang":
                t = np.char.add(
                    np.char.add(_angka(np.nan_to_num(x[pilih, j]) - lebar, des), RANGE_DASH), t
                )
            elif jenis == "paling_sedikit":
                t = np.char.add("≥ ", t)
            else:
                t = np.char.add(t, "%")
            nilai.target_txt[k][pilih, j] = t.astype(object)


def _anak(rng: np.random.Generator, tag: int) -> np.random.Generator:
    """A generator of its own for one concern, fixed by the package seed and ``tag``.

    Independent of the main stream and of every other tag, so a concern added later changes
    neither the rest of the package nor the other concerns' draws.
    """
    ss = rng.bit_generator.seed_seq
    return np.random.default_rng(np.random.SeedSequence(ss.entropy, spawn_key=(tag,)))


def _bangun_realisasi(
    w: _Wilayah, nilai: _Nilai, ind: pd.DataFrame
) -> tuple[pd.DataFrame, tuple[RealisasiTerlambat, ...]]:
    g = np.concatenate(nilai.real_g)
    k = np.concatenate(nilai.real_k)
    y = np.concatenate(nilai.real_y)
    v = np.concatenate(nilai.real_v)
    s = np.concatenate(nilai.real_s)
    kode, ki, th = _SEED_TERLAMBAT
    gpos = {c: i for i, c in enumerate(w.kode)}
    terlambat: tuple[RealisasiTerlambat, ...] = ()
    if kode in gpos:
        hit = (g == gpos[kode]) & (k == ki) & (y == th)
        assert hit.sum() == 1
        g, k, y, v, s = g[~hit], k[~hit], y[~hit], v[~hit], s[~hit]
        terlambat = (RealisasiTerlambat(kode, str(w.kode_bps[gpos[kode]]), ki, th),)
    kode_ind = pd.Series(k)
    kn = kode_ind.map({kk: i for i, kk in enumerate(ind["kode_indikator"])}).to_numpy()
    order = np.lexsort((y, kn, g))
    des = kode_ind.map({kk: sp.desimal for kk, sp in _SPEK.items()}).to_numpy()
    teks = np.empty(len(v), dtype=object)
    for dd in np.unique(des):
        m = des == dd
        teks[m] = _angka(v[m], int(dd))
    df = pd.DataFrame(
        {
            "kode_bps": w.kode_bps[g[order]],
            "kode_indikator": k[order],
            "tahun": y[order].astype(str),
            "realisasi": teks[order],
            "sumber": s[order],
        }
    )
    return df, terlambat
