"""The package's ``KETERANGAN.txt``: what it is, what is real, what was seeded (in Indonesian)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from workbench.sample.spec import PENANDA, SINTETIS

if TYPE_CHECKING:
    from workbench.sample.generate import SampleData


def _keterangan(data: SampleData) -> str:
    """The package's KETERANGAN.txt: what it is, what is real, what was seeded (in Indonesian)."""
    nyata = data.tables["realisasi"]
    nyata = nyata[nyata["sumber"] != SINTETIS]
    baris = [
        f"{PENANDA} — paket data perencanaan untuk workbench sinkronisasi",
        f"skala: {data.scale}; seed: {data.seed}",
        "",
        "Yang nyata (dengan sumber):",
        "- wilayah: kode Kemendagri dan BPS, ibukota, luas (BIG 2024) dan penduduk (Dukcapil 2025)"
        " 15 pemerintah daerah Kalimantan Tengah; pada skala nasional provinsi dan kab/kota lain"
        " SINTETIS (nama 'Sintetis', kode 11–47).",
        "- kode dan nama nomenklatur, serta indikator keluaran dan satuan sub kegiatan kab/kota"
        " (Kepmendagri 900.1.15.5-1317/2023 dan perubahannya; kode provinsi Permendagri 14/2026"
        " Tabel C; versi tiap kode di workbench/reference/nomenklatur.csv, sebagian kode"
        " provinsi belum terverifikasi).",
        "- target makro RKPD Provinsi 2025: pertumbuhan ekonomi 5,60; kemiskinan 4,11–4,66;"
        " Gini 0,311–0,315; IPM 73,95; TPT 3,90.",
        "- realisasi berikut (kolom 'sumber'):",
    ]
    for r in nyata.itertuples(index=False):
        baris.append(f"    {r.kode_bps} {r.kode_indikator} {r.tahun}: {r.realisasi} ({r.sumber})")
    baris += [
        "",
        "Selebihnya SINTETIS: target, pagu, perangkat daerah, kesepakatan, realisasi bertanda"
        " 'sintetis'. Jangan dipakai sebagai data resmi.",
        "",
        "Realisasi memakai kode BPS (kolom kode_bps); pemuat data memetakannya ke kode Kemendagri"
        " melalui tabel padanan (8 dari 14 kab/kota bernomor berbeda).",
        "",
        "Cacat yang sengaja ditanam (untuk menguji analisis):",
        *[f"- {x}" for x in data.cacat.ringkasan()],
    ]
    for t in data.cacat.tanpa_rencana:
        baris.append(f"    tidak direncanakan: {t.kode_wilayah} {t.kode_sub_kegiatan} {t.tahun}")
    for t in data.cacat.renja_tanpa_renstra:
        baris.append(f"    Renja tanpa Renstra: {t.kode_wilayah} {t.kode_nomenklatur} {t.tahun}")
    for t in data.cacat.target_kurang_ambisius:
        baris.append(
            f"    target kurang ambisius: {t.kode_wilayah} {t.pasangan} {t.tahun}"
            f" {t.kode_indikator}"
            f" {t.target_atas} → {t.target_bawah}"
        )
    for t in data.cacat.target_tidak_menjumlah:
        baris.append(
            f"    tidak menjumlah: {t.kode_wilayah} {t.kode_indikator} {t.tahun}: target"
            f" {t.target_kabkota:.2f} (seharusnya {t.target_seharusnya:.2f}); provinsi"
            f" {t.target_provinsi:.2f}, implisit {t.target_implisit:.4f}"
        )
    for t in data.cacat.realisasi_terlambat:
        baris.append(
            f"    realisasi terlambat: {t.kode_wilayah} ({t.kode_bps}) {t.kode_indikator} {t.tahun}"
        )
    return "\n".join(baris) + "\n"
