"""Parameters YAML: strict frozen models, precise errors."""

from __future__ import annotations

import pydantic
import pytest

from workbench.config import (
    BobotSinkronisasi,
    ParameterError,
    Parameters,
    Predikat,
    load_parameters,
)
from workbench.reference import kode_kabkota


def _write(tmp_path, text):
    p = tmp_path / "p.yaml"
    p.write_text(text, encoding="utf-8")
    return p


def test_default_file_loads_and_matches_documented_defaults():
    p = load_parameters()
    assert p.provinsi == "62"
    assert list(p.kabkota) == kode_kabkota()
    assert p.capaian.batas_atas is None
    assert p.capaian.predikat == Predikat()
    assert p.sinkronisasi.bobot == BobotSinkronisasi()
    assert p.agregat.toleransi_relatif == 0.01
    assert (p.briefs.jobs, p.briefs.timeout_detik, p.briefs.retries) == (2, 600, 1)
    assert p.tahun.default == 2026


def test_models_are_frozen():
    p = Parameters()
    with pytest.raises(pydantic.ValidationError):
        p.provinsi = "63"  # type: ignore[misc]


def test_empty_file_gives_defaults(tmp_path):
    p = load_parameters(_write(tmp_path, ""))
    assert p == Parameters()
    assert p.daftar_kabkota() == kode_kabkota()


def test_unknown_key_is_refused_with_its_name(tmp_path):
    with pytest.raises(ParameterError) as e:
        load_parameters(_write(tmp_path, "capaian:\n  batas: 100\n"))
    assert "capaian.batas" in str(e.value) and "unknown key" in str(e.value)


def test_unknown_district_refused_with_suggestion(tmp_path):
    with pytest.raises(ParameterError) as e:
        load_parameters(_write(tmp_path, 'kabkota: ["62.01", "62.17"]\n'))
    msg = str(e.value)
    # 62.17 is a transposition of 62.71 (Palangka Raya)
    assert "kabkota" in msg and "'62.17'" in msg and "did you mean '62.71'" in msg


def test_district_code_read_as_float_is_refused(tmp_path):
    with pytest.raises(ParameterError, match="quote it"):
        load_parameters(_write(tmp_path, "kabkota: [62.10]\n"))


def test_cap_allowed_values_are_named(tmp_path):
    with pytest.raises(ParameterError) as e:
        load_parameters(_write(tmp_path, "capaian:\n  batas_atas: 110\n"))
    assert "capaian.batas_atas = 110" in str(e.value) and "100" in str(e.value)
    ok = load_parameters(_write(tmp_path, "capaian:\n  batas_atas: 120\n"))
    assert ok.capaian.batas_atas == 120


def test_weights_must_sum_to_one(tmp_path):
    text = ("sinkronisasi:\n  bobot:\n    dukungan_rkpd: 0.5\n    dukungan_renja: 0.2\n"
            "    cakupan_outcome: 0.3\n    pendanaan: 0.1\n")  # fmt: skip
    with pytest.raises(ParameterError, match="sum to 1.1"):
        load_parameters(_write(tmp_path, text))


def test_predikat_bands_must_decrease():
    with pytest.raises(pydantic.ValidationError, match="strictly decrease"):
        Predikat(sangat_tinggi=91, tinggi=92)


def test_default_year_must_be_available():
    with pytest.raises(pydantic.ValidationError, match="not in tersedia"):
        Parameters(tahun={"default": 2030, "tersedia": [2025, 2026]})


def test_briefs_section_bounds(tmp_path):
    with pytest.raises(ParameterError, match="briefs.jobs"):
        load_parameters(_write(tmp_path, "briefs:\n  jobs: 0\n"))


def test_missing_and_malformed_files(tmp_path):
    with pytest.raises(ParameterError, match="not found"):
        load_parameters(tmp_path / "nope.yaml")
    with pytest.raises(ParameterError, match="not valid YAML"):
        load_parameters(_write(tmp_path, "a: [1,\n"))
    with pytest.raises(ParameterError, match="mapping"):
        load_parameters(_write(tmp_path, "- 1\n- 2\n"))


def test_duplicate_district_codes(tmp_path):
    with pytest.raises(ParameterError, match="duplicate"):
        load_parameters(_write(tmp_path, 'kabkota: ["62.01", "62.01"]\n'))


def test_unknown_province(tmp_path):
    with pytest.raises(ParameterError, match="unknown province"):
        load_parameters(_write(tmp_path, 'provinsi: "63"\n'))


def test_codes_are_the_reference_tables_and_a_batch_starts_its_kernels_before_pandas():
    # the parameters are checked against the wilayah table read without pandas, so that
    # run_briefs launches its kernels before the parent spends half a second importing it
    import subprocess
    import sys

    from workbench.config import _known_wilayah
    from workbench.reference import load_wilayah

    assert _known_wilayah() == load_wilayah()["kode"].tolist()
    code = """
import sys
from workbench.briefs import batch, product

class Mulai(Exception):
    pass

def start(self):
    raise Mulai('pandas' in sys.modules)

batch.BatchRunner.start = start
try:
    product.run_briefs(progress=False)
except Mulai as m:
    print('pandas before the kernels:', m.args[0])
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "pandas before the kernels: False", out.stderr
