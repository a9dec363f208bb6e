"""Plan lines (``rencana``): every government, document and year, consistent but for the seeds."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from workbench.sample.cacat import (
    _SEED_TANPA_RENCANA,
    RenjaTanpaRenstra,
    TanpaRencana,
    _pelaksanaan_parsial,
    _tambahan_renja,
)
from workbench.sample.formatting import _angka, _ribuan, _teks_int
from workbench.sample.kesepakatan import _sepakat_kabkota
from workbench.sample.nilai import _anak, _Nilai
from workbench.sample.nomenklatur import _Katalog, _katalog, _nomenklatur_urut
from workbench.sample.spec import _PD_KABKOTA, _PD_PROVINSI, _SPEK, BIDANG, TAHUN_RKPD, TAHUN_RPJMD
from workbench.sample.wilayah import _Wilayah
from workbench.vocabulary import DOKUMEN

_GENERIK_PROGRAM = ("Persentase capaian sasaran program", "%", "100")
_GENERIK_KEGIATAN = ("Persentase capaian keluaran kegiatan", "%", "100")
_ORDER_DOKUMEN = {d: i for i, d in enumerate(DOKUMEN)}


@dataclass
class _Baris:
    """Columns of plan lines under construction (parallel arrays)."""

    cols: dict[str, list[np.ndarray]] = field(default_factory=dict)

    def tambah(self, **kolom: np.ndarray) -> None:
        n = max(len(v) for v in kolom.values() if isinstance(v, np.ndarray))
        for name, v in kolom.items():
            arr = v if isinstance(v, np.ndarray) else np.full(n, v, dtype=object)
            self.cols.setdefault(name, []).append(arr)

    def gabung(self) -> dict[str, np.ndarray]:
        return {k: np.concatenate(v) for k, v in self.cols.items()}


def _pd_nama(w: _Wilayah) -> np.ndarray:
    """Perangkat daerah name per government × bidang (G, len(BIDANG))."""
    out = np.empty((len(w.kode), len(BIDANG)), dtype=object)
    varian = np.array([sum(ord(c) for c in k) % 2 for k in w.kode])
    for j, b in enumerate(BIDANG):
        kab = np.array(_PD_KABKOTA[b], dtype=object)[varian]
        out[:, j] = np.where(w.provinsi, _PD_PROVINSI[b], kab)
    return out


def _kunci(*arrs: np.ndarray, radix: Iterable[int]) -> np.ndarray:
    key = np.zeros(len(arrs[0]), dtype=np.int64)
    for a, r in zip(arrs, radix, strict=True):
        key = key * r + np.asarray(a, dtype=np.int64)
    return key


@dataclass(frozen=True)
class _Rencana:
    frame: pd.DataFrame
    tanpa_rencana: tuple[TanpaRencana, ...]
    renja_tanpa_renstra: tuple[RenjaTanpaRenstra, ...]
    rkpd_sub: set[tuple[str, str, int]]  # (kode_wilayah, sub, tahun) in the RKPD, for checks


@dataclass(frozen=True)
class _Konteks:
    """What every plan-line builder needs, computed once."""

    w: _Wilayah
    nilai: _Nilai
    pd_nama: np.ndarray  # (G, len(BIDANG)) perangkat daerah names
    prog_all: np.ndarray  # every programme code of the nomenclature, in code order
    prog_rank: np.ndarray  # rank of each of them in the whole nomenclature
    home: dict[str, int]  # indicator -> its programme (index into prog_all)
    homes: np.ndarray  # (G, P): programme is the home of an indicator the government reports


def _konteks(w: _Wilayah, nilai: _Nilai, ind: pd.DataFrame) -> _Konteks:
    n, rank = _nomenklatur_urut()
    prog_all = n.loc[n["tingkat"] == "program", "kode"].to_numpy(dtype=str)
    pos = {c: i for i, c in enumerate(prog_all)}
    home = {k: pos[_SPEK[k].program] for k in ind["kode_indikator"]}
    homes = np.zeros((len(w.kode), len(prog_all)), dtype=bool)
    for k, p in home.items():
        homes[nilai.lingkup[k], p] = True
    return _Konteks(w, nilai, _pd_nama(w), prog_all, rank.reindex(prog_all).to_numpy(np.int64),
                    home, homes)  # fmt: skip


def _portofolio(ctx: _Konteks, kat: _Katalog, gl: np.ndarray, masuk: np.ndarray, rng):
    """Sub kegiatan lines (government, sub, year) of the Renstra, less the seeded gaps (a)."""
    gg, ss = np.nonzero(masuk)
    gg = gl[gg]
    ny = len(TAHUN_RPJMD)
    g_l, s_l = np.repeat(gg, ny), np.repeat(ss, ny)
    y_l = np.tile(np.array(TAHUN_RPJMD), len(gg))
    buang = np.zeros(len(g_l), dtype=bool)
    tanpa: list[TanpaRencana] = []
    if kat.level == 2:
        gpos = {c: i for i, c in enumerate(ctx.w.kode)}
        spos = {s: i for i, s in enumerate(kat.sub)}
        parsial = _pelaksanaan_parsial(ctx.w, _anak(rng, 0))
        for t in (*_SEED_TANPA_RENCANA, *parsial):
            if t.kode_wilayah in gpos:
                hit = (g_l == gpos[t.kode_wilayah]) & (s_l == spos[t.kode_sub_kegiatan])
                hit &= y_l == t.tahun
                assert hit.sum() == 1, t  # agreed lines are always in the portfolio
                buang |= hit
                tanpa.append(t)
    return g_l[~buang], s_l[~buang], y_l[~buang], tanpa


def _baris_sub(out: _Baris, ctx: _Konteks, kat: _Katalog, dok: str, g, s, y, acak) -> None:
    """Sub kegiatan lines: output indicator, its quantity and pagu (rupiah, whole thousands).

    Quantity = per-100 000 rate × population/100 000 (for population-driven outputs) × a
    district draw × 1.04 a year. Pagu = median × (population/200 000)^0.6 (0.25 for fixed-size
    outputs) × a log-normal draw × 1.04 a year, clipped to Rp 50 juta–15 miliar (province:
    ×1.8, Rp 100 juta–25 miliar); the Renstra's indicative pagu differs by ±8 %.
    """
    noise_q, noise_p, renstra_f = acak
    jj = y - TAHUN_RPJMD[0]
    pop = ctx.w.penduduk[g]
    skala = kat.skala[s]
    q = kat.jumlah[s] * np.where(skala, pop / 1e5 * noise_q[g, s], 1.0) * (1 + 0.04 * jj)
    km = (np.char.lower(kat.satuan.astype(str)) == "km")[s]  # master writes KM, patterns Km
    q_txt = np.where(km, _angka(np.round(q, 2), 2), _ribuan(np.maximum(1, np.round(q))))
    pagu = kat.pagu_juta[s] * 1e6 * np.where(skala, (pop / 2e5) ** 0.6, (pop / 2e5) ** 0.25)
    pagu = pagu * noise_p[g, s] * 1.04**jj
    pagu = np.clip(pagu * 1.8, 1e8, 2.5e10) if kat.level == 1 else np.clip(pagu, 5e7, 1.5e10)
    if dok == "RENSTRA":
        pagu = pagu * renstra_f[g, s]
    pagu = (np.round(pagu / 1000) * 1000).astype(np.int64)
    n = len(g)
    out.tambah(
        g=g, dok=np.full(n, _ORDER_DOKUMEN[dok]), tahun=y, prog=kat.rank_prog[kat.prog[s]],
        keg=kat.rank_keg[kat.keg[s]], sub=kat.rank_sub[s], urut=np.zeros(n, np.int64),
        pd=ctx.pd_nama[g, kat.bidang[s]], kode=kat.sub.astype(object)[s],
        kode_indikator=np.full(n, "", dtype=object), uraian=kat.teks[s],
        target=q_txt, satuan=kat.satuan[s], pagu=_teks_int(pagu),
    )  # fmt: skip


def _generik(out: _Baris, n: int, teks: tuple[str, str, str], **kolom) -> None:
    out.tambah(
        **kolom, sub=np.full(n, -1), urut=np.zeros(n, np.int64),
        kode_indikator=np.full(n, "", dtype=object), uraian=np.full(n, teks[0], dtype=object),
        target=np.full(n, teks[2], dtype=object), satuan=np.full(n, teks[1], dtype=object),
        pagu=np.full(n, "", dtype=object),
    )  # fmt: skip


def _baris_kegiatan(out: _Baris, ctx: _Konteks, kat: _Katalog, dok: str, g, s, y) -> None:
    """One kegiatan line per government × kegiatan × year that has sub kegiatan lines."""
    kk = _kunci(g, kat.keg[s], y - TAHUN_RPJMD[0], radix=(len(ctx.w.kode), len(kat.kode_keg), 8))
    _, first = np.unique(kk, return_index=True)
    gk, sk, yk = g[first], s[first], y[first]
    _generik(
        out, len(gk), _GENERIK_KEGIATAN, g=gk, dok=np.full(len(gk), _ORDER_DOKUMEN[dok]),
        tahun=yk, prog=kat.rank_prog[kat.prog[sk]], keg=kat.rank_keg[kat.keg[sk]],
        pd=ctx.pd_nama[gk, kat.bidang[sk]], kode=kat.kode_keg.astype(object)[kat.keg[sk]],
    )  # fmt: skip


def _baris_program(out: _Baris, ctx: _Konteks, kat: _Katalog, dok: str, g, s, y) -> None:
    """Programme lines of programmes that carry no coded indicator (a generic outcome)."""
    pos = {c: i for i, c in enumerate(ctx.prog_all)}
    prog = np.array([pos[c] for c in kat.kode_prog])[kat.prog[s]]
    pk = _kunci(g, prog, y - TAHUN_RPJMD[0], radix=(len(ctx.w.kode), len(ctx.prog_all), 8))
    _, first = np.unique(pk, return_index=True)
    first = first[~ctx.homes[g[first], prog[first]]]
    gp, pp = g[first], prog[first]
    _generik(
        out, len(gp), _GENERIK_PROGRAM, g=gp, dok=np.full(len(gp), _ORDER_DOKUMEN[dok]),
        tahun=y[first], prog=ctx.prog_rank[pp], keg=np.full(len(gp), -1),
        pd=ctx.pd_nama[gp, kat.bidang[s[first]]], kode=ctx.prog_all.astype(object)[pp],
    )  # fmt: skip


def _baris_indikator(out: _Baris, ctx: _Konteks, ind: pd.DataFrame, ubah_bawah: dict) -> None:
    """Programme lines with a coded outcome indicator, one per indicator, in every document.

    The target text is the same in every document except the seeded overrides (c).
    """
    for urut, row in enumerate(ind.itertuples(index=False)):
        k = row.kode_indikator
        g = np.flatnonzero(ctx.nilai.lingkup[k])
        n = len(g)
        bid = BIDANG.index(_SPEK[k].program[:4])
        for dok in DOKUMEN:
            years = TAHUN_RPJMD if dok in ("RPJMD", "RENSTRA") else TAHUN_RKPD
            for j, th in enumerate(years):
                txt = ctx.nilai.target_txt[k][g, j].copy()
                for (dk, gi, kk, yy), teks in ubah_bawah.items():
                    if (dk, kk, yy) == (dok, k, th):
                        txt[g == gi] = teks
                out.tambah(
                    g=g, dok=np.full(n, _ORDER_DOKUMEN[dok]), tahun=np.full(n, th),
                    prog=np.full(n, ctx.prog_rank[ctx.home[k]]), keg=np.full(n, -1),
                    sub=np.full(n, -1), urut=np.full(n, urut - 1000),
                    pd=ctx.pd_nama[g, bid], kode=np.full(n, _SPEK[k].program, dtype=object),
                    kode_indikator=np.full(n, k, dtype=object),
                    uraian=np.full(n, row.uraian, dtype=object), target=txt,
                    satuan=np.full(n, row.satuan, dtype=object), pagu=np.full(n, "", dtype=object),
                )  # fmt: skip


def _bangun_rencana(
    w: _Wilayah,
    nilai: _Nilai,
    ind: pd.DataFrame,
    rng: np.random.Generator,
    p_masuk: float,
    ubah_bawah: dict[tuple[str, int, str, int], str],
) -> _Rencana:
    """All plan lines of every government, document and year, in document order.

    Portfolio: each government plans a random share ``p_masuk`` of the sub kegiatan of its
    level, plus (kab/kota) every sub kegiatan agreed for it. The Renstra plans the portfolio
    in every year 2025–2029; Renja and RKPD plan the same lines 2025–2027 (plus the seeded
    extra lines (b)); the RPJMD lists the programmes of each year's Renstra. Kegiatan and
    programme lines are derived from the sub kegiatan lines of each document, so the documents
    agree except for the seeded defects.
    """
    ctx = _konteks(w, nilai, ind)
    G = len(w.kode)
    out = _Baris()
    tanpa_rencana: list[TanpaRencana] = []
    tambahan: list[RenjaTanpaRenstra] = []
    rkpd_sub: set[tuple[str, str, int]] = set()
    for level in (1, 2):
        kat = _katalog(level)
        gl = np.flatnonzero(w.provinsi if level == 1 else ~w.provinsi)
        masuk = rng.random((len(gl), len(kat.sub))) < p_masuk
        if level == 2:
            masuk |= _sepakat_kabkota(w, kat)[gl]
        g_l, s_l, y_l, tanpa = _portofolio(ctx, kat, gl, masuk, rng)
        tanpa_rencana += tanpa
        shape = (G, len(kat.sub))
        acak = (np.exp(rng.normal(0, 0.3, shape)), np.exp(rng.normal(0, 0.45, shape)),
                rng.uniform(0.92, 1.08, shape))  # fmt: skip
        extra = np.array(_tambahan_renja(ctx, kat, gl, masuk, g_l, s_l, y_l, rng), np.int64)
        extra = extra.reshape(-1, 3)
        tambahan += [
            RenjaTanpaRenstra(
                str(w.kode[g]), str(ctx.pd_nama[g, kat.bidang[s]]), str(kat.sub[s]), int(y)
            )
            for g, s, y in extra
        ]  # fmt: skip
        rk = y_l <= max(TAHUN_RKPD)
        for dok in ("RENSTRA", "RKPD", "RENJA"):
            if dok == "RENSTRA":
                g, s, y = g_l, s_l, y_l
            else:
                g = np.concatenate([g_l[rk], extra[:, 0]])
                s = np.concatenate([s_l[rk], extra[:, 1]])
                y = np.concatenate([y_l[rk], extra[:, 2]])
            if dok == "RKPD":
                rkpd_sub.update(
                    zip(w.kode[g].tolist(), kat.sub[s].tolist(), y.tolist(), strict=True)
                )
            _baris_sub(out, ctx, kat, dok, g, s, y, acak)
            _baris_kegiatan(out, ctx, kat, dok, g, s, y)
            _baris_program(out, ctx, kat, dok, g, s, y)
            if dok == "RENSTRA":
                _baris_program(out, ctx, kat, "RPJMD", g, s, y)
    _baris_indikator(out, ctx, ind, ubah_bawah)

    c = out.gabung()
    order = np.lexsort((c["urut"], c["sub"], c["keg"], c["prog"], c["tahun"], c["dok"], c["g"]))
    frame = pd.DataFrame(
        {
            "kode_wilayah": w.kode.astype(object)[c["g"][order]],
            "dokumen": np.array(DOKUMEN, dtype=object)[c["dok"][order]],
            "tahun": _teks_int(np.arange(2000, 2100))[c["tahun"][order] - 2000],
            "perangkat_daerah": c["pd"][order],
            "kode_nomenklatur": c["kode"][order],
            "kode_indikator": c["kode_indikator"][order],
            "uraian_indikator": c["uraian"][order],
            "target": c["target"][order],
            "satuan": c["satuan"][order],
            "pagu": c["pagu"][order],
        }
    )
    return _Rencana(frame, tuple(tanpa_rencana), tuple(tambahan), rkpd_sub)
