"""run_analysis, Hasil slices, save/load and the csv/xlsx outputs (on hand-built frames)."""

from __future__ import annotations

import pandas as pd
import pytest
from analysis_fixtures import Paket, indikator, kesepakatan, realisasi, rencana, wilayah
from openpyxl import load_workbook

from workbench.analysis import (
    FRAMES,
    AnalysisError,
    Hasil,
    load_hasil,
    run_analysis,
    save_hasil,
    write_outputs,
)
from workbench.config import Parameters

SK = "1.02.02.2.02."


def _paket() -> Paket:
    wil = wilayah([("62", "Provinsi", 400), ("62.01", "Kabupaten", 100),
                   ("62.02", "Kabupaten", 300)])  # fmt: skip
    ind = indikator([("IPM", "naik", "rata_tertimbang_penduduk")])

    def l(w, dok, kode, tahun=2026, **kw):  # noqa: E743
        return {"kode_wilayah": w, "dokumen": dok, "tahun": tahun, "kode": kode, **kw}

    ren = rencana(
        [
            l("62", "RPJMD", "1.02.02", ind="IPM", t=74, tahun=2029),
            l("62", "RPJMD", "1.02.02", ind="IPM", t=73),
            l("62", "RKPD", "1.02.02", ind="IPM", t=73.5),
            l("62.01", "RPJMD", "1.02.02", ind="IPM", t=70, tahun=2025),
            l("62.01", "RKPD", "1.02.02", ind="IPM", t=70, tahun=2025),
            l("62.01", "RPJMD", "1.02.02", ind="IPM", t=71),
            l("62.01", "RKPD", "1.02.02", ind="IPM", t=71),
            l("62.01", "RKPD", SK + "0001", pagu=100.0),
            l("62.02", "RKPD", "1.02.02", ind="IPM", t=74),
        ]
    )
    real = realisasi([("62", "IPM", 2024, 72.0), ("62", "IPM", 2025, 72.4),
                      ("62.01", "IPM", 2025, 69.0), ("62.02", "IPM", 2025, 73.0)])  # fmt: skip
    kes = kesepakatan([(2026, "IPM", SK + "0001", None)])
    return Paket(wilayah=wil, indikator=ind, rencana=ren, realisasi=real, kesepakatan=kes)


@pytest.fixture(scope="module")
def hasil() -> Hasil:
    return run_analysis(_paket(), 2026, Parameters())


def test_every_frame_is_computed(hasil):
    assert hasil.tahun == 2026
    for name in FRAMES:
        assert isinstance(getattr(hasil, name), pd.DataFrame), name
    assert set(hasil.info["durasi_detik"]) >= {"capaian", "konsistensi", "sinkronisasi"}


def test_capaian_carries_trend_and_trajectory(hasil):
    c = hasil.capaian
    r = c[(c["kode_wilayah"] == "62.01") & (c["tahun"] == 2025)].iloc[0]
    # 69 / 70 × 100 = 98.571… → Sangat Tinggi
    assert r["capaian_persen"] == pytest.approx(69 / 70 * 100) and r["predikat"] == "Sangat Tinggi"
    p = c[(c["kode_wilayah"] == "62") & (c["tahun"] == 2025)].iloc[0]
    # province: 72 → 72.4 in one year; CAGR 0.4/72 = 0.005556; required (74/72)^(1/5) − 1 =
    # 0.005495 → R = 1.011 → sesuai lintasan
    assert p["status_lintasan"] == "sesuai lintasan"
    assert p["rasio_lintasan"] == pytest.approx((72.4 / 72 - 1) / ((74 / 72) ** 0.2 - 1))
    # no year after 2026 in capaian
    assert c["tahun"].max() == 2026


def test_sinkronisasi_and_agregat_present(hasil):
    s = hasil.sinkronisasi.set_index("kode_wilayah")
    assert s.loc["62.01", "dukungan_persen"] == 100 and s.loc["62.02", "dukungan_persen"] == 0
    a = hasil.target_agregat
    r = a[(a["kode_indikator"] == "IPM") & (a["tahun"] == 2026)].iloc[0]
    # (100 × 71 + 300 × 74) / 400 = 29 300 / 400 = 73.25 vs 73.5 → short by 0.25
    assert r["target_implisit"] == pytest.approx(73.25)
    assert r["selisih_target"] == pytest.approx(0.25)


def test_slice_of_a_district(hasil):
    s = hasil.untuk_wilayah("62.01")
    assert isinstance(s, Hasil) and s.tahun == 2026
    for name in FRAMES:
        frame = getattr(s, name)
        expected = "62" if name == "target_agregat" else "62.01"
        assert (frame["kode_wilayah"] == expected).all(), name
    assert len(s.capaian) and len(s.sinkronisasi) and len(s.target_agregat)


def test_slice_of_the_province_keeps_its_districts(hasil):
    s = hasil.untuk_wilayah("62")
    assert set(s.sinkronisasi["kode_wilayah"]) == {"62.01", "62.02"}
    assert len(s.capaian) == len(hasil.capaian)


def test_slice_refuses_a_float_code(hasil):
    with pytest.raises(TypeError, match="string"):
        hasil.untuk_wilayah(62.1)  # type: ignore[arg-type]


def test_year_outside_the_package_is_refused():
    with pytest.raises(AnalysisError, match="years present: 2024–2029"):
        run_analysis(_paket(), 2031, Parameters())


def test_save_and_load_roundtrip(hasil, tmp_path):
    save_hasil(hasil, tmp_path / "hasil")
    back = load_hasil(tmp_path / "hasil")
    assert back.tahun == hasil.tahun
    for name in FRAMES:
        pd.testing.assert_frame_equal(getattr(back, name), getattr(hasil, name), check_dtype=False)
    assert len(back.untuk_wilayah("62.01").capaian) == len(hasil.untuk_wilayah("62.01").capaian)
    assert back.capaian["kode_wilayah"].dtype == "string"  # codes stay strings
    with pytest.raises(AnalysisError, match="workbench analyze"):
        load_hasil(tmp_path / "empty")


def test_write_outputs_csv_key_columns_and_xlsx(hasil, tmp_path):
    paths = write_outputs(hasil, tmp_path)
    names = {p.name for p in paths}
    assert {"capaian.csv", "konsistensi.csv", "sinkronisasi.csv", "target_agregat.csv",
            "konsistensi_rincian.csv", "sinkronisasi_tanpa_dukungan.csv",
            "analisis.xlsx"} <= names  # fmt: skip
    cap = pd.read_csv(tmp_path / "capaian.csv", dtype={"kode_wilayah": str})
    assert list(cap.columns[:8]) == ["kode_wilayah", "kode_indikator", "tahun", "target",
                                     "realisasi", "capaian_persen", "predikat", "gap"]  # fmt: skip
    assert "62.10" not in set(cap["kode_wilayah"]) and "62.01" in set(cap["kode_wilayah"])
    sink = pd.read_csv(tmp_path / "sinkronisasi.csv")
    assert list(sink.columns[:8]) == ["kode_wilayah", "kode_bidang", "tahun", "n_disepakati",
                                      "n_direncanakan", "dukungan_persen", "pagu_dukungan",
                                      "indeks_sinkronisasi"]  # fmt: skip
    wb = load_workbook(tmp_path / "analisis.xlsx")
    assert wb.sheetnames[:3] == ["Capaian", "Lintasan Capaian", "Konsistensi Dokumen"]
    assert "Keterangan" in wb.sheetnames
    ws = wb["Capaian"]
    assert ws["F1"].value == "Capaian (%)" and ws["F1"].font.b
    assert ws.column_dimensions["A"].width >= len("Kode Wilayah")
    assert ws.max_row == len(hasil.capaian) + 1
    cells = [c.value for row in ws.iter_rows(min_row=2) for c in row]
    # missing values are empty cells, never the text "nan"/"<NA>" or a zero
    assert None in cells and "nan" not in cells and "<NA>" not in cells
    realisasi = [r[4].value for r in ws.iter_rows(min_row=2)]
    assert realisasi.count(None) == int(hasil.capaian["realisasi"].isna().sum())
    assert not list(tmp_path.glob(".*.tmp"))


# --- the sample package: every seeded imperfection is found, in the amounts seeded ---------
@pytest.fixture(scope="module")
def sampel(tmp_path_factory):
    from workbench.contract import load_package
    from workbench.sample import generate, write_sample

    data = generate(seed=2026, scale="kalteng")
    path = write_sample(tmp_path_factory.mktemp("sampel") / "paket", seed=2026, data=data)
    package = load_package(path)
    hasil = {t: run_analysis(package, t, Parameters()) for t in (2025, 2026, 2027)}
    return data, package, hasil


def _rows(frame, cols):
    return {tuple(r) for r in frame[cols].astype(object).itertuples(index=False, name=None)}


def test_sample_agreed_sub_kegiatan_planned_nowhere(sampel):
    data, _, hasil = sampel
    found = set()
    for t in (2026, 2027):  # agreement years
        r = hasil[t].sinkronisasi_rincian
        planned = r.groupby(["kode_wilayah", "kode_sub_kegiatan", "tahun"])[["di_rkpd", "di_renja"]]
        planned = planned.any()
        missing = planned[~planned["di_rkpd"] & ~planned["di_renja"]].reset_index()
        found |= _rows(missing, ["kode_wilayah", "kode_sub_kegiatan", "tahun"])
    assert found == {tuple(c) for c in data.cacat.tanpa_rencana}


def test_sample_outcomes_supported_with_nothing(sampel):
    data, _, hasil = sampel
    found = set()
    for t in (2026, 2027):
        found |= _rows(hasil[t].sinkronisasi_tanpa_dukungan,
                       ["kode_wilayah", "tahun", "kode_indikator"])  # fmt: skip
    assert found == {tuple(c) for c in data.cacat.tanpa_dukungan}


def test_sample_renja_lines_missing_from_renstra(sampel):
    data, _, hasil = sampel
    found = set()
    for t in (2025, 2026, 2027):
        r = hasil[t].konsistensi_rincian
        r = r[(r["pasangan"] == "RENSTRA→RENJA")
              & (r["jenis_temuan"] == "tidak direncanakan di dokumen atas")]  # fmt: skip
        found |= _rows(r, ["kode_wilayah", "perangkat_daerah", "kode_nomenklatur", "tahun"])
    expected = {(str(c.kode_wilayah), c.perangkat_daerah, str(c.kode_nomenklatur), c.tahun)
                for c in data.cacat.renja_tanpa_renstra}  # fmt: skip
    assert found == expected


def test_sample_less_ambitious_targets_with_amounts(sampel):
    data, _, hasil = sampel
    dev = pd.concat([hasil[t].konsistensi_rincian for t in (2025, 2026, 2027)])
    dev = dev[dev["jenis_temuan"] == "target kurang ambisius"]
    found = {(w, p, t, i, a, b, round(s, 6)) for w, p, t, i, a, b, s in dev[
        ["kode_wilayah", "pasangan", "tahun", "kode_indikator", "target_dokumen_atas",
         "target_dokumen_bawah", "selisih"]].astype(object).itertuples(index=False)}  # fmt: skip
    expected = {(c.kode_wilayah, c.pasangan, c.tahun, c.kode_indikator, c.target_atas,
                 c.target_bawah, round(c.selisih, 6))
                for c in data.cacat.target_kurang_ambisius}  # fmt: skip
    assert found == expected


def test_sample_consistency_has_no_other_findings(sampel):
    # The sample is consistent except for the seeded defects: no upper line is missing below.
    _, _, hasil = sampel
    for t in (2025, 2026, 2027):
        r = hasil[t].konsistensi_rincian
        assert not (r["jenis_temuan"] == "tidak ada di dokumen bawah").any(), t


def test_sample_district_targets_that_do_not_add_up(sampel):
    data, _, hasil = sampel
    agr = hasil[2026].target_agregat
    short = agr[agr["memenuhi"].fillna(True) == False]  # noqa: E712
    assert _rows(short, ["kode_indikator", "tahun"]) == {
        (c.kode_indikator, c.tahun) for c in data.cacat.target_tidak_menjumlah
    }
    for c in data.cacat.target_tidak_menjumlah:
        r = short[(short["kode_indikator"] == c.kode_indikator) & (short["tahun"] == c.tahun)]
        assert r["kode_wilayah"].iloc[0] == "62"
        assert r["target_provinsi"].iloc[0] == pytest.approx(c.target_provinsi)
        assert r["target_implisit"].iloc[0] == pytest.approx(c.target_implisit)
        assert r["selisih_target"].iloc[0] == pytest.approx(c.selisih_provinsi)
        rin = hasil[2026].target_agregat_rincian
        d = rin[(rin["kode_wilayah"] == c.kode_wilayah)
                & (rin["kode_indikator"] == c.kode_indikator)
                & (rin["tahun"] == c.tahun)]  # fmt: skip
        assert d["target"].iloc[0] == pytest.approx(c.target_kabkota)
        assert bool(d["menarik_ke_bawah"].iloc[0])


def test_sample_late_realisation(sampel):
    data, _, hasil = sampel
    cap = hasil[2026].capaian
    late = cap[(cap["status"] == "belum ada realisasi") & (cap["tahun"] <= 2025)]
    assert _rows(late, ["kode_wilayah", "kode_indikator", "tahun"]) == {
        (c.kode_wilayah, c.kode_indikator, c.tahun) for c in data.cacat.realisasi_terlambat
    }
    # its province-level check is not judged (13 of 14 districts), never a false alarm
    agr = hasil[2026].target_agregat
    for c in data.cacat.realisasi_terlambat:
        r = agr[(agr["kode_indikator"] == c.kode_indikator) & (agr["tahun"] == c.tahun)].iloc[0]
        assert r["n_kabkota_berrealisasi"] == 13 and pd.isna(r["realisasi_konsisten"])
    assert not (agr["realisasi_konsisten"].fillna(True) == False).any()  # noqa: E712


def test_sample_bps_coded_statistics_join_through_crosswalk(sampel):
    from workbench.reference import kode_bps_ke_kemendagri

    data, _, hasil = sampel
    raw = data.tables["realisasi"]
    cap = hasil[2026].capaian
    # Katingan is Kemendagri 62.06 but BPS 6209; BPS 6206 is Sukamara (62.08).
    assert kode_bps_ke_kemendagri()["6209"] == "62.06"
    for bps, kode in (("6209", "62.06"), ("6206", "62.08")):
        rows = raw[(raw["kode_bps"] == bps) & (raw["tahun"].astype(str) == "2025")]
        assert len(rows)
        for ind, text in zip(rows["kode_indikator"], rows["realisasi"], strict=True):
            expected = float(str(text).replace(".", "").replace(",", "."))
            got = cap[(cap["kode_wilayah"] == kode) & (cap["kode_indikator"] == ind)
                      & (cap["tahun"] == 2025)]["realisasi"]  # fmt: skip
            assert got.tolist() == [pytest.approx(expected)], (bps, ind)


# --- the analyze command -------------------------------------------------------------------
@pytest.fixture(scope="module")
def paket_csv(tmp_path_factory):
    from workbench.sample import write_sample

    return write_sample(tmp_path_factory.mktemp("cli") / "paket", seed=2026)


def test_cli_analyze_writes_csv_xlsx_and_hasil(paket_csv, tmp_path):
    from typer.testing import CliRunner

    from workbench.cli import app

    out = tmp_path / "hasil-analisis"
    res = CliRunner().invoke(app, ["analyze", str(paket_csv), "--tahun", "2026", "--out", str(out)])
    assert res.exit_code == 0, res.output
    for name in ("capaian.csv", "konsistensi.csv", "sinkronisasi.csv", "target_agregat.csv",
                 "analisis.xlsx", "hasil/hasil.json"):  # fmt: skip
        assert (out / name).is_file(), name
    assert load_hasil(out / "hasil").untuk_wilayah("62.06").tahun == 2026
    assert "tahun 2026" in res.output


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--tahun", "2031"], "years present"), (["--tahun", "2026", "--parameters", "{bad}"],
                                               "capaian.batas_atas")],
)  # fmt: skip
def test_cli_analyze_user_errors_are_messages_not_tracebacks(paket_csv, tmp_path, args, message):
    from typer.testing import CliRunner

    from workbench.cli import app

    bad = tmp_path / "bad.yaml"
    bad.write_text("capaian:\n  batas_atas: 110\n", encoding="utf-8")
    args = [str(bad) if a == "{bad}" else a for a in args]
    res = CliRunner().invoke(app, ["analyze", str(paket_csv), *args, "--out", str(tmp_path / "o")])
    assert res.exit_code == 2
    assert "error:" in res.output and message in res.output
    assert "Traceback" not in res.output


def test_every_output_column_has_an_indonesian_label(hasil):
    from workbench.analysis import LABEL_KOLOM

    columns = {c for frame in hasil.frames().values() for c in frame.columns}
    assert columns <= set(LABEL_KOLOM), columns - set(LABEL_KOLOM)


def test_hasil_carries_the_predikat_bands_it_used(tmp_path):
    """Maps read the bands from the results, so an edited profile reaches the legend."""
    from workbench.analysis import load_hasil, save_hasil
    from workbench.config import Capaian, Predikat

    bands = Predikat(sangat_tinggi=95, tinggi=85, sedang=70, rendah=55)
    hasil = run_analysis(_paket(), 2026, Parameters(capaian=Capaian(predikat=bands)))
    assert hasil.predikat == bands.model_dump()
    save_hasil(hasil, tmp_path / "hasil")
    assert load_hasil(tmp_path / "hasil").predikat == bands.model_dump()
    assert run_analysis(_paket(), 2026, Parameters()).predikat == Predikat().model_dump()
