"""The seeded-defect API: :class:`Cacat`, the exact list of imperfections in a package."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

import numpy as np
import pandas as pd
import yaml

from workbench.sample.formatting import _angka, _teks_target
from workbench.sample.kesepakatan import _disepakati, _sepakat_kabkota
from workbench.sample.spec import (
    _SPEK,
    KOLOM,
    TAHUN_KESEPAKATAN,
    TAHUN_RKPD,
    TAHUN_RPJMD,
    data_teks,
)
from workbench.sample.wilayah import _Wilayah

if TYPE_CHECKING:
    from workbench.sample.nilai import _Nilai


class TanpaRencana(NamedTuple):
    """(a) An agreed sub kegiatan the district plans nowhere that year (Renstra, Renja, RKPD)."""

    kode_wilayah: str
    kode_sub_kegiatan: str
    tahun: int


class TanpaDukungan(NamedTuple):
    """Consequence of (a): a province outcome a district supports with none of its agreed lines."""

    kode_wilayah: str
    tahun: int
    kode_indikator: str


class RenjaTanpaRenstra(NamedTuple):
    """(b) A Renja (and RKPD) sub kegiatan line that the Renstra does not plan that year."""

    kode_wilayah: str
    perangkat_daerah: str
    kode_nomenklatur: str
    tahun: int


class TargetKurangAmbisius(NamedTuple):
    """(c) A lower-document target less ambitious than the upper document's (same year).

    ``selisih = bawah − atas`` in the indicator's unit (negative for *naik*, positive for
    *turun*), as :func:`workbench.konsistensi.deviasi_target` reports it.
    """

    kode_wilayah: str
    pasangan: str
    tahun: int
    kode_indikator: str
    target_atas: str
    target_bawah: str
    selisih: float


class TargetTidakMenjumlah(NamedTuple):
    """(d) One district's target that makes the district targets miss the province target.

    ``target_kabkota`` is written in every plan document; ``target_seharusnya`` is the value
    that would have added up. ``target_implisit`` is the population-weighted mean of the
    written district targets (Dukcapil weights of ``wilayah``) and ``selisih_provinsi`` the
    shortfall against ``target_provinsi`` (positive = falls short), as
    :func:`workbench.agregat` computes them.
    """

    kode_wilayah: str
    kode_indikator: str
    tahun: int
    target_kabkota: float
    target_seharusnya: float
    target_provinsi: float
    target_implisit: float
    selisih_provinsi: float


class RealisasiTerlambat(NamedTuple):
    """(e) A realisation that has not arrived: no row for this district, indicator and year."""

    kode_wilayah: str
    kode_bps: str
    kode_indikator: str
    tahun: int


@dataclass(frozen=True)
class Cacat:
    """Every imperfection seeded into a sample package, exactly (see the NamedTuples above)."""

    tanpa_rencana: tuple[TanpaRencana, ...]
    tanpa_dukungan: tuple[TanpaDukungan, ...]
    renja_tanpa_renstra: tuple[RenjaTanpaRenstra, ...]
    target_kurang_ambisius: tuple[TargetKurangAmbisius, ...]
    target_tidak_menjumlah: tuple[TargetTidakMenjumlah, ...]
    realisasi_terlambat: tuple[RealisasiTerlambat, ...]

    def ringkasan(self) -> list[str]:
        """One line per kind of imperfection, in Bahasa Indonesia (for the CLI and KETERANGAN)."""
        d = self.target_tidak_menjumlah
        return [
            f"sub kegiatan yang disepakati tetapi tidak direncanakan: {len(self.tanpa_rencana)}"
            f" (outcome tanpa dukungan: {len(self.tanpa_dukungan)})",
            f"baris Renja yang tidak ada di Renstra: {len(self.renja_tanpa_renstra)}",
            f"target kurang ambisius dari dokumen di atasnya: {len(self.target_kurang_ambisius)}",
            "target kab/kota yang tidak menjumlah ke target provinsi: "
            + (f"{d[0].kode_indikator} di {d[0].kode_wilayah}, {len(d)} tahun" if d else "0"),
            f"realisasi terlambat: {len(self.realisasi_terlambat)}",
        ]


# The seeds named in data/cacat.yaml (Kalteng codes, which exist at both scales, so the national
# package carries them too).
_BENIH = yaml.safe_load(data_teks("cacat.yaml"))
_SEED_TANPA_RENCANA = tuple(TanpaRencana(**r) for r in _BENIH["tanpa_rencana"])
# (kode_wilayah, pasangan, tahun, kode_indikator, change of the lower document in its unit)
_SEED_TARGET = tuple(
    (r["kode_wilayah"], r["pasangan"], r["tahun"], r["kode_indikator"], float(r["beda"]))
    for r in _BENIH["target_kurang_ambisius"]
)
# (district, indicator, added: less ambitious)
_SEED_MENJUMLAH = tuple(_BENIH["target_tidak_menjumlah"][k]
                        for k in ("kode_wilayah", "kode_indikator", "tambah"))  # fmt: skip
_SEED_TERLAMBAT = tuple(_BENIH["realisasi_terlambat"][k]
                        for k in ("kode_wilayah", "kode_indikator", "tahun"))  # fmt: skip
_N_RENJA_TANPA_RENSTRA = int(_BENIH["n_renja_tanpa_renstra"])


def _seed_menjumlah(w: _Wilayah, nilai: _Nilai) -> tuple[TargetTidakMenjumlah, ...]:
    kode, k, tambah = _SEED_MENJUMLAH
    g = int(np.flatnonzero(w.kode == kode)[0])
    s = _SPEK[k]
    x = nilai.target_num[k]
    seharusnya = x[g].copy()
    x[g] = np.round(x[g] + tambah, s.desimal)
    nilai.target_txt[k][g] = _teks_target(x[g], s.desimal)
    p = w.prov_idx[g]
    kab = (w.prov_idx == p) & ~w.provinsi & nilai.lingkup[k]
    out = []
    for j, th in enumerate(TAHUN_RPJMD):
        implisit = float(np.sum(w.penduduk[kab] * x[kab, j]) / np.sum(w.penduduk[kab]))
        t_prov = float(x[p, j])
        out.append(
            TargetTidakMenjumlah(
                kode_wilayah=kode, kode_indikator=k, tahun=th,
                target_kabkota=float(x[g, j]), target_seharusnya=float(seharusnya[j]),
                target_provinsi=t_prov, target_implisit=implisit,
                selisih_provinsi=implisit - t_prov,  # turun: above the province target falls short
            )
        )  # fmt: skip
    return tuple(out)


def _seed_target(w: _Wilayah, nilai: _Nilai):
    """(c): lower-document targets made less ambitious; returns the overrides and the list."""
    gpos = {c: i for i, c in enumerate(w.kode)}
    ubah: dict[tuple[str, int, str, int], str] = {}
    daftar = []
    for kode, pasangan, th, k, beda in _SEED_TARGET:
        if kode not in gpos:
            continue
        g = gpos[kode]
        des = _SPEK[k].desimal
        j = TAHUN_RPJMD.index(th)
        atas = nilai.target_txt[k][g, j]
        baru = float(np.round(nilai.target_num[k][g, j] + beda, des))
        bawah = str(_angka(np.array([baru]), des)[0])
        dok = pasangan.split("→")[1]
        ubah[(dok, g, k, th)] = bawah
        daftar.append(TargetKurangAmbisius(kode, pasangan, th, k, atas, bawah, round(beda, des)))
    return ubah, tuple(daftar)


def _tanpa_dukungan(
    w: _Wilayah, kesepakatan: pd.DataFrame, rkpd_sub: set
) -> tuple[TanpaDukungan, ...]:
    """Province outcomes a kab/kota supports with none of its agreed sub kegiatan (RKPD)."""
    umum: dict[tuple[int, str], list[str]] = {}
    khusus: dict[tuple[int, str, str], list[str]] = {}
    for th, k, sub, kode in kesepakatan[KOLOM["kesepakatan"]].itertuples(index=False, name=None):
        if kode == "":
            umum.setdefault((int(th), k), []).append(sub)
        else:
            khusus.setdefault((int(th), k, kode), []).append(sub)
            umum.setdefault((int(th), k), [])
    out = []
    for c in w.kode[~w.provinsi].tolist():
        for (th, k), subs in umum.items():
            semua = subs + khusus.get((th, k, c), [])
            if semua and not any((c, s, th) in rkpd_sub for s in semua):
                out.append(TanpaDukungan(c, th, k))
    return tuple(sorted(out))


def _pelaksanaan_parsial(w: _Wilayah, rng: np.random.Generator) -> list[TanpaRencana]:
    """(a) continued: the agreements a Kalteng kab/kota leaves out of a plan year.

    A real year is not all or nothing: each kab/kota follows the Rakortekrenbang agreements to
    its own degree. Each kab/kota draws a rate of leaving an agreed sub kegiatan out
    (Beta(1.2, 5), mean about 19 %), and each agreed sub kegiatan of each agreement year is
    left out with that probability, except that every province outcome keeps at least one of
    its agreed sub kegiatan (outcomes left with no support at all are only the named seeds
    of ``_SEED_TANPA_RENCANA``). The draws come from their own generator (:func:`_anak`), so
    they do not shift the random stream of the rest of the generation.
    """
    named = set(_SEED_TANPA_RENCANA)
    out: list[TanpaRencana] = []
    for kode in w.kode[~w.provinsi].tolist():
        if not kode.startswith("62."):
            continue
        laju = float(rng.beta(1.2, 5.0))
        for tahun in TAHUN_KESEPAKATAN:
            for _, subs in sorted(_disepakati(kode, tahun).items()):
                sisa = [s for s in subs if TanpaRencana(kode, s, tahun) not in named]
                buang = [s for s in sisa if rng.random() < laju]
                if buang and len(buang) == len(sisa):  # keep one: the outcome stays supported
                    buang.pop(int(rng.integers(len(buang))))
                out += [TanpaRencana(kode, s, tahun) for s in dict.fromkeys(buang)]
    return out


def _tambahan_renja(ctx, kat, gl, masuk, g_l, s_l, y_l, rng) -> list[tuple[int, int, int]]:
    """(b): for some Kalteng kab/kota, one Renja/RKPD sub kegiatan the Renstra lacks.

    The sub kegiatan is outside the district's portfolio, agreed nowhere, and its kegiatan is
    run by the district that year, so the only inconsistency is the sub kegiatan line itself.
    """
    if kat.level != 2:
        return []
    w = ctx.w
    sepakat = _sepakat_kabkota(w, kat)
    rk = y_l <= max(TAHUN_RKPD)
    keg_ada = set(zip(g_l[rk].tolist(), kat.keg[s_l[rk]].tolist(), y_l[rk].tolist(), strict=True))
    baris_gl = {int(g): i for i, g in enumerate(gl)}
    cand = [
        (g, int(s), y)
        for g in (i for i, c in enumerate(w.kode) if c.startswith("62."))
        for s in np.flatnonzero(~masuk[baris_gl[g]] & ~sepakat[g])
        for y in TAHUN_RKPD
        if (g, int(kat.keg[s]), y) in keg_ada
    ]
    pilih, dipakai = [], set()
    for i in rng.permutation(len(cand)):
        if cand[i][0] not in dipakai and len(pilih) < _N_RENJA_TANPA_RENSTRA:
            dipakai.add(cand[i][0])
            pilih.append(cand[i])
    return pilih
