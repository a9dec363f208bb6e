"""The typed output of :func:`workbench.contract.load_package` as pandera schemas."""

from __future__ import annotations

from typing import Any

from workbench.contract.columns import TAHUN_MAKS, TAHUN_MIN
from workbench.vocabulary import (
    AGREGASI,
    ARAH,
    DOKUMEN,
    JENIS_INDIKATOR,
    JENIS_WILAYAH,
    TINGKAT_RENCANA,
)


def skema(tabel: str) -> Any:
    """The pandera schema of a typed table as :func:`load_package` returns it.

    For other modules' tests and for callers that build frames by hand (``strict``: no other
    columns; dtypes as docs/ARCHITECTURE.md says; the controlled vocabularies). pandera is
    imported here, not at module import (it costs about a second).

    Args:
        tabel: One of :data:`TABLES`.

    Returns:
        A ``pandera.pandas.DataFrameSchema``.
    """
    import pandera.pandas as pa

    teks = pa.Column("string", nullable=True)
    wajib = pa.Column("string", nullable=False)
    tahun = pa.Column("int64", pa.Check.in_range(TAHUN_MIN, TAHUN_MAKS))
    kolom: dict[str, dict[str, Any]] = {
        "wilayah": {
            "kode": wajib, "kode_bps": wajib, "nama": wajib,
            "jenis": pa.Column("string", pa.Check.isin(JENIS_WILAYAH)),
            "ibukota": teks, "luas_km2": pa.Column(float, nullable=True),
            "penduduk": pa.Column("int64", pa.Check.ge(0)),
            "lat": pa.Column(float, nullable=True, required=False),
            "lon": pa.Column(float, nullable=True, required=False),
        },
        "indikator": {
            "kode_indikator": pa.Column("string", unique=True), "uraian": wajib, "satuan": teks,
            "arah": pa.Column("string", pa.Check.isin(ARAH)),
            "jenis": pa.Column("string", pa.Check.isin(JENIS_INDIKATOR)),
            "kode_bidang": teks, "agregasi": pa.Column("string", pa.Check.isin(AGREGASI)),
            "sumber": pa.Column("string", nullable=True, required=False),
        },
        "rencana": {
            "kode_wilayah": wajib, "dokumen": pa.Column("string", pa.Check.isin(DOKUMEN)),
            "tahun": tahun, "perangkat_daerah": teks, "kode_nomenklatur": wajib,
            "kode_indikator": teks, "uraian_indikator": teks, "target": teks, "satuan": teks,
            "pagu": pa.Column(float, pa.Check.ge(0), nullable=True),
            "tingkat": pa.Column("string", pa.Check.isin(TINGKAT_RENCANA)),
            "kode_bidang": wajib, "kode_program": wajib,
            "level_pemerintahan": pa.Column("Int64", pa.Check.isin((1, 2)), nullable=True),
            "target_bawah": pa.Column(float, nullable=True),
            "target_atas": pa.Column(float, nullable=True),
        },
        "realisasi": {
            "kode_wilayah": wajib, "kode_indikator": wajib, "tahun": tahun,
            "realisasi": pa.Column(float, nullable=True),
            "sumber": pa.Column("string", nullable=True, required=False),
        },
        "kesepakatan": {
            "tahun": tahun, "kode_indikator": wajib, "kode_sub_kegiatan": wajib,
            "kode_wilayah": teks,
        },
    }  # fmt: skip
    return pa.DataFrameSchema(kolom[tabel], strict=True, ordered=False, name=tabel)

