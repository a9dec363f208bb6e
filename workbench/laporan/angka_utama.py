"""Headline figures of a district brief (AngkaUtama) and its worst gaps."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from workbench.laporan.display import (
    rupiah,
)
from workbench.laporan.konteks import (
    Konteks,
    capaian_terakhir_hasil,
    ringkasan_kabkota,
)


# --- headline figures ---------------------------------------------------------------------------
@dataclass(frozen=True)
class AngkaUtama:
    """Headline figures of one kab/kota (see the module docstring for the formulas).

    Attributes:
        indeks_sinkronisasi: Overall index (0–100), NaN when nothing was agreed.
        peringkat: Rank among the kab/kota (1 = highest), None when not ranked.
        n_kabkota: Number of kab/kota ranked.
        dukungan_persen: Agreed sub kegiatan in the RKPD, %.
        n_disepakati: Agreed sub kegiatan.
        n_direncanakan: Of which in the RKPD.
        pagu_dukungan: RKPD pagu on the agreed sub kegiatan (Rp).
        n_outcome: Agreed province outcomes.
        n_outcome_tanpa_dukungan: Of which supported with nothing.
        n_indikator_dinilai: Indicators with a trajectory status.
        persen_sesuai_lintasan: Share of them on track, %.
        gap_terburuk: Up to three indicators with the lowest capaian that miss their target:
            ``kode_indikator, uraian, tahun, capaian_persen, predikat, gap, satuan``.
    """

    indeks_sinkronisasi: float
    peringkat: int | None
    n_kabkota: int
    dukungan_persen: float
    n_disepakati: int
    n_direncanakan: int
    pagu_dukungan: float
    n_outcome: int
    n_outcome_tanpa_dukungan: int
    n_indikator_dinilai: int
    persen_sesuai_lintasan: float
    gap_terburuk: pd.DataFrame

    @property
    def pagu_teks(self) -> str:
        """Pagu in Indonesian format (``Rp 1,2 miliar``)."""
        return rupiah(self.pagu_dukungan)


def gap_terburuk(k: Konteks, n: int = 3) -> pd.DataFrame:
    """The ``n`` indicators with the lowest latest capaian that miss their target."""
    c = capaian_terakhir_hasil(k.hasil)
    c = c[(c["kode_wilayah"] == k.kode_wilayah) & (c["memenuhi"] == False)]  # noqa: E712
    c = c.sort_values(["capaian_persen", "kode_indikator"], kind="stable").head(n).copy()
    c["uraian"] = [k.indikator(x) for x in c["kode_indikator"]]
    cols = ["kode_indikator", "uraian", "tahun", "target", "realisasi", "capaian_persen",
            "predikat", "gap", "satuan"]  # fmt: skip
    return c[cols].reset_index(drop=True)


def angka_utama(k: Konteks) -> AngkaUtama:
    """Headline figures of a kab/kota brief.

    Args:
        k: The context of a kab/kota (not the province).

    Returns:
        The :class:`AngkaUtama`.
    """
    semua = ringkasan_kabkota(k.semua)
    row = semua[semua["kode_wilayah"] == k.kode_wilayah]
    if row.empty:  # a kab/kota outside the reference list: compute its own row only
        row = ringkasan_kabkota(k.hasil, [k.kode_wilayah])
    r = row.iloc[0]
    ranked = semua["peringkat"].notna()
    return AngkaUtama(
        indeks_sinkronisasi=float(r["indeks_sinkronisasi"]),
        peringkat=None if pd.isna(r["peringkat"]) else int(r["peringkat"]),
        n_kabkota=int(ranked.sum()),
        dukungan_persen=float(r["dukungan_persen"]),
        n_disepakati=int(r["n_disepakati"]),
        n_direncanakan=int(r["n_direncanakan"]),
        pagu_dukungan=float(r["pagu_dukungan"]),
        n_outcome=int(r["n_outcome"]),
        n_outcome_tanpa_dukungan=int(r["n_outcome_tanpa_dukungan"]),
        n_indikator_dinilai=int(r["n_indikator_dinilai"]),
        persen_sesuai_lintasan=float(r["persen_sesuai_lintasan"]),
        gap_terburuk=gap_terburuk(k),
    )
