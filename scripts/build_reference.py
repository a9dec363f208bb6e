"""Build ``workbench/reference/nomenklatur.csv`` from the shared sources (once per change).

Usage::

    git show c71aae3:workbench/reference/nomenklatur.csv > /tmp/subset_lama.csv
    .venv/bin/python scripts/build_reference.py ../shared/reference /tmp/subset_lama.csv

Steps (SOURCES.md explains each): the previous hand-made subset, flagged unverified, is
updated with the full kab/kota master of Kepmendagri 900.1.15.5-1317/2023 (which replaces
every kab/kota row); the province sub kegiatan of Permendagri 14/2026 Tabel C replace or add
level-1 rows; the two codes of the 2024 amendment that SOURCE.md names are added; the one
renumbering that can be inferred is written to ``nomenklatur_perubahan.csv``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pandas as pd

from workbench import nomenklatur as nk
from workbench.paths import REFERENCE_DIR

V_1317 = "Kepmendagri 900.1.15.5-1317/2023"
V_3406 = "Kepmendagri 900.1.15.5-3406/2024"
V_TABEL_C = "Permendagri 14/2026 Tabel C"
V_LAMA = "tidak terverifikasi (subset lama)"
# Named in SOURCE.md as added by the 2024 amendment (not in the 2023 list); no kinerja given.
TAMBAHAN_2024 = {
    "1.03.10.2.01.0053": "Pembangunan Jalan",
    "1.02.02.2.02.0048": "Pengelolaan Layanan Imunisasi",
}
PERUBAHAN = [("1.03.10.2.01.0032", "1.03.10.2.01.0053", V_3406,
              "inferred: the 2023 list has Pembangunan Jalan as 0032 under the same kegiatan; "
              "SOURCE.md names 0053 Pembangunan Jalan as added in 2024")]


def tabel_c(path: Path) -> tuple[pd.DataFrame, list[str]]:
    """Province sub kegiatan of Tabel C-2/C-3/C-6 (first spelling), and the rows skipped."""
    data = json.loads(path.read_text(encoding="utf-8"))
    rows: dict[str, dict[str, str]] = {}
    salah: list[str] = []
    for key in ("c2_dukungan_pro_sn", "c3_dukungan_tematik", "c6_outcome_asta_cita"):
        for r in data[key]:
            kode = (r.get("kode") or r.get("kode_subkegiatan") or "").strip()
            nama = nk.rapikan(r.get("sub_kegiatan") or r.get("subkegiatan"))
            if not nk._POLA_SUB.fullmatch(kode) or kode.split(".")[3] != "1" or not nama:
                salah.append(f"{key}: {kode!r} {nama!r}")
                continue
            rows.setdefault(kode, {"kode": kode, "uraian": nama,
                                   "program": nk.rapikan(r["program"])})
    return pd.DataFrame(list(rows.values())), salah


def main(shared: Path, lama_path: Path) -> None:
    """Write nomenklatur.csv and nomenklatur_perubahan.csv (see the module docstring)."""
    lama = pd.read_csv(lama_path, dtype=str, keep_default_na=False).assign(versi=V_LAMA)
    # generic penunjang programme X.XX.01 replaces the concrete programme rows of the subset
    lama = lama[~((lama["tingkat"] == "program") & lama["kode"].str.fullmatch(r"\d\.\d\d\.01"))]
    master = nk.baca_master(shared / "nomenklatur_kabkota_kepmendagri_900.1.15.5-1317.csv")
    ref, _, beda = nk.perbarui(lama, nk.dari_master(master, V_1317), pertahankan_versi=False)
    print(beda.format(limit=0))
    tc, salah = tabel_c(shared / "permendagri_14_2026_tabel_c.json")
    print(f"Tabel C: {len(tc)} province sub kegiatan; skipped {len(salah)}: {salah}")
    ref = ref.set_index("kode")
    for r in tc.itertuples(index=False):
        ref.loc[r.kode, ["tingkat", "uraian", "versi", "kinerja", "indikator", "satuan"]] = [
            "sub_kegiatan", r.uraian, V_TABEL_C, "", "", ""]
        keg = r.kode.rsplit(".", 1)[0]
        if keg not in ref.index:
            ref.loc[keg, ["tingkat", "uraian", "versi", "kinerja", "indikator", "satuan"]] = [
                "kegiatan", "", V_TABEL_C, "", "", ""]
        prog = ".".join(r.kode.split(".")[:3])
        if prog not in ref.index and r.kode.split(".")[2] != "01":
            ref.loc[prog, ["tingkat", "uraian", "versi", "kinerja", "indikator", "satuan"]] = [
                "program", r.program, V_TABEL_C, "", "", ""]
    for kode, nama in TAMBAHAN_2024.items():
        assert kode not in ref.index, kode
        ref.loc[kode, ["tingkat", "uraian", "versi", "kinerja", "indikator", "satuan"]] = [
            "sub_kegiatan", nama, V_3406, "", "", ""]
    ref = nk.lengkapi(ref.rename_axis("kode").reset_index().fillna(""))
    assert ref["kode"].is_unique
    nk._tulis_atomik(ref, REFERENCE_DIR / nk.NAMA_REFERENSI)
    per = pd.DataFrame(PERUBAHAN, columns=list(nk.KOLOM_PERUBAHAN))
    nk._tulis_atomik(per, REFERENCE_DIR / nk.NAMA_PERUBAHAN)
    print(ref.groupby(["versi", "tingkat"]).size().to_string())


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
