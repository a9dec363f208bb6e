"""Synthetic planning data package (*data contoh, sintetis*) for Kalimantan Tengah or the country.

:func:`generate` builds the five tables of the data contract (DESIGN.md §3) as a user's files
hold them (targets as Indonesian text: ``75,5``, ``4,11–4,66``, ``≥ 95``; pagu in whole
rupiah) together with :class:`Cacat`, the exact list of imperfections seeded into them, so
the analyses can be tested against known answers. :func:`write_sample` writes a package as
a folder of CSV files or one workbook (same seed, same bytes); :func:`ensure_sample` builds
the default package once into :func:`workbench.paths.sample_dir`.

What is real and what is not (details in the package's ``KETERANGAN.txt``):

* ``wilayah``: the 15 governments with Kemendagri and BPS codes, capitals, BIG areas and
  Dukcapil population (reference data, DOMAIN.md §5). At ``scale="national"`` the other 37
  provinces and 500 kab/kota are synthetic ("Provinsi Sintetis 11", codes 11–47); Kalteng
  stays real inside it.
* Codes of ``rencana`` and ``kesepakatan`` are a selection (:func:`kode_sampel`) of the
  shipped nomenclature, with its names and, where the master has them, its output indicator
  wording and satuan; province plans use level-1 codes, kab/kota plans level-2 codes.
* ``realisasi``: the figures DOMAIN.md §6 lists (province IPM, poverty, unemployment, growth,
  Gini, stunting; district IPM, poverty, unemployment, stunting), the BPS IPM series 2020–2024
  of the 14 kab/kota and the cited SSGI 2024 stunting and March 2025 poverty figures shipped
  in ``workbench/reference/`` (SOURCES.md), with their publisher (and URL) in ``sumber``;
  every other value is synthetic and says ``sintetis``. All rows are keyed by BPS
  code (``kode_bps``), as statistics arrive; the loader maps them through the crosswalk.
* Province RKPD 2025 macro targets are the real ones (growth 5,60; poverty 4,11–4,66; Gini
  0,311–0,315; IPM 73,95; TPT 3,90); all other targets, pagu and agreements are synthetic.

Construction rules that make the package *consistent except for the seeded defects*:

* one indicator target per government × indicator × year, identical in RPJMD, Renstra, RKPD
  and Renja; the same sub kegiatan in Renstra, Renja and RKPD of a year; RPJMD programmes of
  a year = the programmes of that year's Renstra;
* district targets of ``rata_tertimbang_penduduk`` indicators are shifted so their
  population-weighted mean (Dukcapil weights of ``wilayah``) meets the province target, then
  rounded toward the ambitious side; ``jumlah`` province targets are the district sum; the
  province realisation of such indicators equals the weighted mean (or sum) of the districts;
* every kab/kota plans every sub kegiatan agreed for it, except the seeded defects (a): the
  seven named cases and, in Kalteng, each kab/kota's own share of agreements left out of a
  plan year (:func:`_pelaksanaan_parsial`; every outcome keeps at least one agreed line),
  so the synchronization index varies between districts as in a real year.

Generation is vectorised with numpy over all governments × sub kegiatan × years (no Python
loop per plan line), so the national package (≈1.26 million ``rencana`` lines) is built in
seconds.

The package, one concept a module (imports run down this list, never up):

* :mod:`~workbench.sample.spec`: constants, :class:`SampleError` and the curated tables of
  ``data/`` (perangkat daerah, indicator specs, real figures, agreements, output indicators,
  the planned sub kegiatan);
* :mod:`~workbench.sample.formatting`: numbers as Indonesian text, vectorised;
* :mod:`~workbench.sample.wilayah`: the governments (Kalteng, or the synthetic country);
* :mod:`~workbench.sample.nomenklatur`: the catalogue of sub kegiatan and output indicators;
* :mod:`~workbench.sample.kesepakatan`: the agreements;
* :mod:`~workbench.sample.cacat`: the seeded-defect API (:class:`Cacat`, the seeds of
  ``data/cacat.yaml`` and the functions that plant them);
* :mod:`~workbench.sample.nilai`: realisations and targets;
* :mod:`~workbench.sample.rencana`: plan lines;
* :mod:`~workbench.sample.keterangan` and :mod:`~workbench.sample.generate`: the package;
* :mod:`~workbench.sample.writers`: CSV folder, workbook, :func:`write_sample`,
  :func:`ensure_sample`, :func:`is_sample`.
"""

from __future__ import annotations

from workbench.paths import REFERENCE_DIR
from workbench.sample.cacat import (
    Cacat,
    RealisasiTerlambat,
    RenjaTanpaRenstra,
    TanpaDukungan,
    TanpaRencana,
    TargetKurangAmbisius,
    TargetTidakMenjumlah,
)
from workbench.sample.generate import SampleData, generate
from workbench.sample.nomenklatur import kode_sampel, parse_tingkat
from workbench.sample.spec import (
    BIDANG,
    FORMAT,
    KETERANGAN,
    KOLOM,
    PENANDA,
    RANGE_DASH,
    SINTETIS,
    SKALA,
    TAHUN_KESEPAKATAN,
    TAHUN_REALISASI,
    TAHUN_RKPD,
    TAHUN_RPJMD,
    SampleError,
)
from workbench.sample.writers import ensure_sample, is_sample, write_sample
from workbench.vocabulary import DOKUMEN, TABLES

__all__ = [
    "BIDANG",
    "DOKUMEN",
    "FORMAT",
    "KETERANGAN",
    "KOLOM",
    "PENANDA",
    "RANGE_DASH",
    "REFERENCE_DIR",
    "SINTETIS",
    "SKALA",
    "TABLES",
    "TAHUN_KESEPAKATAN",
    "TAHUN_REALISASI",
    "TAHUN_RKPD",
    "TAHUN_RPJMD",
    "Cacat",
    "RealisasiTerlambat",
    "RenjaTanpaRenstra",
    "SampleData",
    "SampleError",
    "TanpaDukungan",
    "TanpaRencana",
    "TargetKurangAmbisius",
    "TargetTidakMenjumlah",
    "ensure_sample",
    "generate",
    "is_sample",
    "kode_sampel",
    "parse_tingkat",
    "write_sample",
]
