"""The batch runner (workbench.briefs) on tiny fixture notebooks (tests/fixtures/notebooks).

Kernel-running tests share a few batches (module-scoped fixtures) so the module stays well
under two minutes on two cores: batch A runs every failure mode side by side on two warm
kernels; batch B runs on one kernel so the order of briefs on it is known.
"""

from __future__ import annotations

import getpass
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest

from workbench import briefs
from workbench.briefs import (
    BriefsError,
    Job,
    JobResult,
    TemplateError,
    check_template,
    run_jobs,
    sanitize_html,
    scrub_text,
    write_plain_index,
)
from workbench.briefs.provenance import _scrub
from workbench.paths import PROJ_ROOT

# one xdist worker runs the whole module, so the shared batches run once (make test: loadgroup)
pytestmark = pytest.mark.xdist_group(name="briefs_runner")

FIX = Path(__file__).parent / "fixtures" / "notebooks"
LIGHT = ("pandas", "matplotlib.pyplot")  # preload: what the fixtures import


def _by_stem(result):
    return {r.stem: r for r in result.hasil}


def _manifest(out: Path) -> dict:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


# --- fast tests: no kernel -------------------------------------------------------------------
def test_job_refuses_unsafe_stem_and_non_scalar_parameters():
    with pytest.raises(BriefsError, match="safe file name"):
        Job(FIX / "ok.ipynb", {}, "../62.06 Katingan")
    with pytest.raises(BriefsError, match="plain scalars"):
        Job(FIX / "ok.ipynb", {"kode_wilayah": ["62.06"]}, "62.06-katingan")
    job = Job(FIX / "ok.ipynb", {"kode_wilayah": "62.10", "tahun": 2026}, "62.10-gunung-mas")
    assert job.parameters == {"kode_wilayah": "62.10", "tahun": 2026}


def test_check_template_refuses_missing_parameters_cell_and_unknown_names():
    with pytest.raises(TemplateError, match="0 cells are tagged 'parameters'"):
        check_template(FIX / "no_parameters.ipynb", ["kode_wilayah"])
    with pytest.raises(TemplateError, match="does not declare hasil_path"):
        check_template(FIX / "ok.ipynb", ["kode_wilayah", "hasil_path"])
    with pytest.raises(TemplateError, match="not found"):
        check_template(FIX / "tidak_ada.ipynb")
    check_template(FIX / "ok.ipynb", ["kode_wilayah", "tahun"])  # declared: accepted


def test_run_jobs_refuses_bad_template_before_starting_kernels(tmp_path):
    jobs = [Job(FIX / "no_parameters.ipynb", {"kode_wilayah": "62.06"}, "62.06-katingan")]
    with pytest.raises(TemplateError):
        run_jobs(jobs, tmp_path, jobs=1, progress=False)
    assert not (tmp_path / "manifest.json").exists()
    with pytest.raises(BriefsError, match="duplicate output stems"):
        run_jobs([jobs[0], jobs[0]], tmp_path, jobs=1, progress=False)


def test_output_areas_get_focus_and_images_alt_text_as_nbconvert_gives_them():
    from workbench.briefs.export import _focus_and_alt

    page = ('<div class="jp-Cell"><div class="jp-RenderedHTMLCommon jp-OutputArea-output" '
            'data-mime-type="text/html"><div class="x-jp-OutputArea-output">'
            '<img src="a.png"><img src="b.png" alt="Peta"/><IMG SRC="c.png"/></div></div>'
            "<div class='jp-Cell-inputWrapper'></div><div>t</div>"
            '<div class="jp-OutputArea-output" tabindex="-1"></div></div>')
    assert _focus_and_alt(page) == (
        '<div class="jp-Cell"><div class="jp-RenderedHTMLCommon jp-OutputArea-output" '
        'data-mime-type="text/html" tabindex="0"><div class="x-jp-OutputArea-output">'
        '<img src="a.png" alt="Gambar tanpa keterangan"><img src="b.png" alt="Peta"/>'
        '<IMG SRC="c.png" alt="Gambar tanpa keterangan"/></div></div>'
        "<div class='jp-Cell-inputWrapper' tabindex=\"0\"></div><div>t</div>"
        '<div class="jp-OutputArea-output" tabindex="-1"></div></div>')


def test_sanitize_html_keeps_tables_and_neutralises_scripts():
    frag = (
        '<style>.x{color:red}</style><table><thead><tr><th>PD</th></tr></thead>'
        '<tbody><tr><td style="background-color: #f00">Dinas &amp; "X"</td></tr></tbody></table>'
        '<script>alert(1)</script><p onclick="alert(2)">teks</p><a href="javascript:alert(3)">a</a>'
        '<img src="data:image/png;base64,AAAA" onerror="alert(4)">'
    )
    out = sanitize_html(frag)
    assert "<th>PD</th>" in out and "<thead>" in out and "<style>" in out
    assert "background-color" in out
    assert "<script>" not in out and "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "onclick" not in out and "onerror" not in out and "javascript:" not in out
    assert 'src="data:image/png;base64,AAAA"' in out


def test_sanitize_html_escapes_unknown_tags_and_filters_style_attributes():
    frag = (
        '<img src="x.png" onerror="alert(1)"><script src="https://e.org/x.js"></script>'
        '<iframe src="https://e.org"></iframe><svg onload="alert(2)"></svg>'
        '<table><tr><td style="color: red; position: fixed; background-color: url(javascript:x)">'
        'c</td></tr></table>'
        '<!-- komentar --><a href="62.06.html" rel="next" onmouseover="alert(3)">b</a>'
    )
    out = sanitize_html(frag)

    class Tags(HTMLParser):
        found: list = []

        def handle_starttag(self, tag, attrs):
            self.found.append((tag, dict(attrs)))

    Tags().feed(out)
    # the rest is visible text
    assert [tag for tag, _ in Tags.found] == ["img", "table", "tbody", "tr", "td", "a"]
    assert not [a for _, attrs in Tags.found for a in attrs if a.startswith("on")]
    assert "onerror" not in out and "onmouseover" not in out
    assert "<script" not in out and "&lt;script src=" in out
    assert "<iframe" not in out and "&lt;iframe" in out and "&lt;svg" in out
    assert "position" not in out and "url(" not in out and "color: red;" in out
    assert "komentar" not in out
    assert '<a href="62.06.html" rel="next">b</a>' in out
    assert '<img src="x.png">' in out


def test_kernel_reset_restores_the_state_a_brief_changes(tmp_path, monkeypatch):
    """The kernel-side program, in process: init snapshots, reset restores (a fake shell)."""
    import gc
    import os
    import sys
    import warnings

    import matplotlib
    import pandas as pd

    from workbench.briefs import kernel_reset

    class Shell:
        calls: list = []

        def reset(self, new_session):
            self.calls.append(new_session)

    monkeypatch.chdir(tmp_path)
    saved = (list(sys.path), list(warnings.filters), dict(os.environ))
    try:
        failures = kernel_reset.init(["json", "tidak_ada_modul_ini"])
        assert failures == ["tidak_ada_modul_ini: ModuleNotFoundError: "
                            "No module named 'tidak_ada_modul_ini'"]
        assert sys.modules[kernel_reset.ALIAS] is kernel_reset
        # what a brief might leave behind
        sys.path.append("/tidak/ada")
        warnings.simplefilter("error")
        os.environ["WB_DARI_BRIEF"] = "1"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            matplotlib.rcParams["lines.linewidth"] = 9.5
        pd.set_option("display.max_rows", 3)
        (tmp_path / "brief").mkdir()
        kernel_reset.reset(str(tmp_path / "brief"), shell=Shell())
        assert Shell.calls == [True]
        assert "/tidak/ada" not in sys.path and sys.path == saved[0]
        assert warnings.filters == saved[1]
        assert "WB_DARI_BRIEF" not in os.environ
        assert matplotlib.rcParams["lines.linewidth"] != 9.5
        assert pd.get_option("display.max_rows") == 60
        assert Path.cwd() == tmp_path / "brief"
    finally:
        gc.unfreeze()
        sys.path[:], warnings.filters[:] = saved[0], saved[1]
        warnings._filters_mutated()
        os.environ.pop("WB_DARI_BRIEF", None)
        sys.modules.pop(kernel_reset.ALIAS, None)


#: The generic engine: executes any template; knows nothing of the product.
ENGINE = ("jobs", "provenance", "export", "kernel", "kernel_reset", "runner", "pools", "batch")
PRODUCT = ("workbench.laporan", "workbench.analysis", "workbench.contract", "workbench.sample",
           "workbench.pdf")


def test_engine_modules_import_nothing_of_the_product():
    import subprocess
    import sys

    code = (
        "import sys\n"
        + "".join(f"import workbench.briefs.{m}\n" for m in ENGINE)
        + f"print(sorted(m for m in sys.modules if m.startswith({PRODUCT!r})))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=PROJ_ROOT, timeout=120)
    assert out.stdout.strip() == "[]"
    # and not later either: no import of the product side anywhere in the engine's code
    import ast

    for m in ENGINE:
        path = PROJ_ROOT / "workbench" / "briefs" / f"{m}.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            bad = [n for n in names if n.startswith(PRODUCT)]
            assert not bad, f"{path.name}:{node.lineno} imports {bad}"


def test_scrub_text_removes_absolute_prefixes_and_user_names(tmp_path):
    prefixes = briefs._prefixes(tmp_path)
    text = (
        f"{tmp_path}/_cache/hasil {PROJ_ROOT}/workbench/analysis.py "
        f"{Path.home()}/x /home/budi/data.csv"
    )
    out = scrub_text(text, prefixes)
    assert out == "./_cache/hasil <proyek>/workbench/analysis.py ~/x /home/<pengguna>/data.csv"


def _base64_with(prefix: str) -> str:
    """A base64 payload (of a PNG signature and filler) in which ``prefix`` occurs by chance."""
    import base64

    if not re.fullmatch(r"[A-Za-z0-9+/]+", prefix):
        pytest.skip(f"{prefix!r} cannot occur in base64")
    body = "AAAA" + prefix + "A" * (-(len(prefix)) % 4)
    data = base64.b64encode(b"\x89PNG\r\n\x1a\n\x00").decode() + body  # 9 bytes: no "="
    base64.b64decode(data, validate=True)  # a valid payload
    return data


def test_scrub_leaves_base64_outputs_intact(tmp_path):
    # base64's alphabet has "/" and letters: "/tmp", "/root" or the project path can occur
    # in a PNG by chance; replacing it broke the image (seen in a brief of the main job)
    import tempfile

    prefixes = briefs._prefixes(tmp_path)
    tmp = tempfile.gettempdir()
    png = _base64_with(tmp)
    pdf = _base64_with(tmp)
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("x")
    cell.outputs = [nbformat.v4.new_output(
        "display_data",
        data={"image/png": png, "application/pdf": pdf, "text/plain": f"{tmp}/a.png",
              "text/html": f"<p>{tmp}/a.png</p>", "image/svg+xml": f"<svg>{tmp}</svg>",
              "application/json": {"path": f"{tmp}/a"}},
        metadata={"image/png": {"alt": f"peta {tmp}/x"}},
    )]
    nb.cells.append(cell)
    _scrub(nb, prefixes)
    data = nb.cells[0].outputs[0]["data"]
    assert data["image/png"] == png and data["application/pdf"] == pdf
    assert data["text/plain"] == "<tmp>/a.png" and data["text/html"] == "<p><tmp>/a.png</p>"
    assert data["image/svg+xml"] == "<svg><tmp></svg>"
    assert data["application/json"] == {"path": "<tmp>/a"}
    assert nb.cells[0].outputs[0]["metadata"]["image/png"] == {"alt": "peta <tmp>/x"}


@pytest.mark.slow
def test_a_brief_png_containing_a_scrubbed_prefix_reaches_the_page_whole(tmp_path):
    import base64
    import tempfile

    png = _base64_with(tempfile.gettempdir())
    nb = nbformat.v4.new_notebook(metadata={
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python"}})
    params = nbformat.v4.new_code_cell('kode_wilayah = "62.06"')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, nbformat.v4.new_code_cell(
        "from IPython.display import Image\n"
        f"Image(data=__import__('base64').b64decode({png!r}), format='png')")]
    template = tmp_path / "gambar.ipynb"
    nbformat.write(nb, template)
    runner = briefs.Runner({"preload": [], "retries": 0})
    try:
        res = runner.run({**_payload(tmp_path), "template": str(template)})
        assert res["status"] == "ok", res["kegagalan"]
        out = nbformat.reads(res["ipynb"], as_version=4)
        assert out.cells[-1].outputs[0]["data"]["image/png"].strip() == png
        assert f"data:image/png;base64,{png}" in res["html"]
        base64.b64decode(png, validate=True)
    finally:
        runner.kernel.shutdown()


def test_template_cell_index_skips_injected_and_marker_cells():
    nb = nbformat.v4.new_notebook()
    marker = nbformat.v4.new_markdown_cell("error")
    marker.metadata["tags"] = ["papermill-error-cell-tag"]
    injected = nbformat.v4.new_code_cell("x = 1")
    injected.metadata["tags"] = ["injected-parameters"]
    failing = nbformat.v4.new_code_cell("raise ValueError")
    failing.metadata["papermill"] = {"exception": True, "start_time": "t"}
    # executed layout: marker, md, params, injected, code, marker, failing, code
    nb.cells = [marker, nbformat.v4.new_markdown_cell("# t"), nbformat.v4.new_code_cell("x = 0"),
                injected, nbformat.v4.new_code_cell("1"), copy_cell(marker), failing,
                nbformat.v4.new_code_cell("2")]
    # template layout: md(0), params(1), code(2), failing(3), code(4)
    assert briefs._template_cell_index(nb) == 3


def copy_cell(cell):
    return nbformat.from_dict(json.loads(json.dumps(cell)))


def test_write_index_escapes_names_and_messages(tmp_path):
    results = [
        JobResult("62.06-katingan", 'Katingan & "Co" <b>', "ok", 1.0, "h",
                  berkas={"html": "62.06-katingan.html", "ipynb": "62.06-katingan.ipynb"}),
        JobResult("62.07-seruyan", "Seruyan", "gagal", 1.0, "h",
                  kegagalan={"jenis": "sel", "sel": 3, "galat": "ValueError",
                             "pesan": "<script>alert(1)</script>"}),
    ]
    page = write_plain_index(tmp_path, results).read_text(encoding="utf-8")
    assert "Katingan &amp; &#34;Co&#34; &lt;b&gt;" in page  # Jinja2 autoescape: &#34; for "
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>" not in page
    assert 'href="62.06-katingan.html"' in page and "62.07-seruyan.html" not in page
    assert '<td class="gagal">gagal</td><td>sel 3: ValueError: &lt;script&gt;' in page
    assert '<a href="manifest.json">manifest.json</a>' in page


def test_unknown_wilayah_code_is_refused_with_a_suggestion():
    daftar = ["62.01", "62.06", "62.10", "62.71"]
    with pytest.raises(BriefsError, match="did you mean 62.10"):
        briefs._pilih_wilayah(["62.100"], daftar)
    with pytest.raises(BriefsError, match="read as a number"):
        briefs._pilih_wilayah([62.1], daftar)
    assert briefs._pilih_wilayah(["62.06", "62.06", "62.01"], daftar) == ["62.06", "62.01"]


def test_job_hash_changes_with_inputs_parameters_and_template():
    job = Job(FIX / "ok.ipynb", {"kode_wilayah": "62.06"}, "62.06-katingan")
    base = briefs.job_hash(job, "t1", {"data/a.csv": "s1"})
    assert base == briefs.job_hash(job, "t1", {"data/a.csv": "s1"})
    other = Job(FIX / "ok.ipynb", {"kode_wilayah": "62.07"}, "62.06-katingan")
    assert base != briefs.job_hash(other, "t1", {"data/a.csv": "s1"})
    assert base != briefs.job_hash(job, "t2", {"data/a.csv": "s1"})
    assert base != briefs.job_hash(job, "t1", {"data/a.csv": "s2"})
    assert base != briefs.job_hash(job, "t1", {"data/b.csv": "s1"})


# --- batch A: every failure mode next to good briefs, two warm kernels -----------------------
@pytest.fixture(scope="module")
def batch_a(tmp_path_factory):
    out = tmp_path_factory.mktemp("batch_a") / "2026"
    out.mkdir()
    (out / "62.02-rusak.html").write_text("<p>brief lama</p>")  # stale output of an older run
    jobs = [
        Job(FIX / "ok.ipynb", {"kode_wilayah": "62.01", "tahun": 2026}, "62.01-baik", "Baik"),
        Job(FIX / "broken.ipynb", {"kode_wilayah": "62.02"}, "62.02-rusak", "Rusak"),
        Job(FIX / "kill_kernel.ipynb", {"kode_wilayah": "62.03"}, "62.03-mati", "Mati"),
        Job(FIX / "sleep.ipynb", {"kode_wilayah": "62.04", "detik": 120}, "62.04-lambat"),
        Job(FIX / "ok.ipynb", {"kode_wilayah": "62.05"}, "62.05-baik", "Baik juga"),
        Job(FIX / "escape.ipynb", {"kode_wilayah": "62.06"}, "62.06-teks", "Teks"),
        Job(FIX / "ok.ipynb", {"kode_wilayah": "62.07"}, "62.07-baik", "Baik lagi"),
        Job(FIX / "kill_worker.ipynb", {"kode_wilayah": "62.08"}, "62.08-pekerja-mati"),
        Job(FIX / "ok.ipynb", {"kode_wilayah": "62.09"}, "62.09-baik", "Baik sesudahnya"),
    ]
    result = run_jobs(jobs, out, jobs=2, timeout=8, preload=LIGHT, progress=False)
    return out, result


@pytest.mark.slow
def test_failures_do_not_stop_the_others_and_are_recorded(batch_a):
    out, result = batch_a
    by = _by_stem(result)
    assert {s: r.status for s, r in by.items()} == {
        "62.01-baik": "ok", "62.02-rusak": "gagal", "62.03-mati": "gagal",
        "62.04-lambat": "gagal", "62.05-baik": "ok", "62.06-teks": "ok", "62.07-baik": "ok",
        "62.08-pekerja-mati": "gagal", "62.09-baik": "ok",
    }
    assert result.exit_code == 1
    assert result.hitung() == {"ok": 5, "gagal": 4, "dilewati": 0}
    # broken.ipynb raises in its cell 3 (0-based: markdown, parameters, print, raise)
    k = by["62.02-rusak"].kegagalan
    assert (k["jenis"], k["sel"], k["galat"]) == ("sel", 3, "ValueError")
    assert k["pesan"] == "rusak sengaja untuk 62.02"
    # kill_kernel.ipynb kills its kernel in cell 3
    k = by["62.03-mati"].kegagalan
    assert (k["jenis"], k["sel"], k["galat"]) == ("kernel_mati", 3, "DeadKernelError")
    k = by["62.04-lambat"].kegagalan
    assert (k["jenis"], k["sel"]) == ("batas_waktu", 2)
    assert by["62.04-lambat"].durasi_detik < 30  # stopped near the 8 s deadline, not 120 s
    # kill_worker.ipynb kills the worker process itself: the pool notices, replaces it
    k = by["62.08-pekerja-mati"].kegagalan
    assert (k["jenis"], k["galat"]) == ("pekerja", "WorkerError")
    manifest = _manifest(out)
    entry = {b["stem"]: b for b in manifest["briefs"]}["62.02-rusak"]
    assert entry["kegagalan"]["sel"] == 3 and entry["kegagalan"]["galat"] == "ValueError"
    assert manifest["ringkasan"]["gagal"] == 4 and manifest["ringkasan"]["ok"] == 5
    summary = result.ringkasan()
    assert "5 ok, 4 gagal, 0 dilewati" in summary and "62.02-rusak: cell 3: ValueError" in summary


@pytest.mark.slow
def test_failed_brief_keeps_its_notebook_but_no_html_and_no_temp_files(batch_a):
    out, _ = batch_a
    names = sorted(p.name for p in out.iterdir())
    assert [n for n in names if n.startswith(".") or n.endswith(".tmp")] == []
    assert "62.08-pekerja-mati.html" not in names and "62.08-pekerja-mati.ipynb" not in names
    for stem in ("62.02-rusak", "62.03-mati", "62.04-lambat"):
        assert f"{stem}.ipynb" in names and f"{stem}.html" not in names  # stale html removed
        nb = nbformat.read(out / f"{stem}.ipynb", as_version=4)
        assert nb.metadata["workbench"]["status"] == "gagal"
    nb = nbformat.read(out / "62.02-rusak.ipynb", as_version=4)
    tags = [t for c in nb.cells for t in c.metadata.get("tags", [])]
    assert "papermill-error-cell-tag" in tags and "injected-parameters" in tags
    for stem in ("62.01-baik", "62.05-baik", "62.06-teks", "62.07-baik"):
        assert f"{stem}.html" in names and f"{stem}.ipynb" in names
        html_text = (out / f"{stem}.html").read_text(encoding="utf-8")
        assert html_text.rstrip().endswith("</html>")


@pytest.mark.slow
def test_html_is_code_free_without_stderr_and_with_embedded_figure(batch_a):
    out, _ = batch_a
    page = (out / "62.01-baik.html").read_text(encoding="utf-8")
    assert "Wilayah 62.01 tahun 2026" in page
    assert "import matplotlib" not in page and "rng.normal" not in page  # no code
    assert "pesan ke stderr" not in page and "peringatan uji" not in page  # no stderr/warnings
    assert "data:image/png;base64," in page
    nb = nbformat.read(out / "62.01-baik.ipynb", as_version=4)
    streams = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
               if o.output_type == "stream"]
    assert any(o.name == "stderr" for o in streams)  # the executed notebook keeps them
    assert nb.metadata.papermill.parameters == {"kode_wilayah": "62.01", "tahun": 2026}


class _Scan(HTMLParser):
    def __init__(self):
        super().__init__()
        self.scripts: list[str] = []
        self.handlers: list[tuple[str, str]] = []
        self.text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self._in_script = tag == "script"
        if tag == "script":
            self.scripts.append("")
        for name, value in attrs:
            if name.startswith("on") or (value or "").strip().lower().startswith("javascript:"):
                self.handlers.append((name, value or ""))

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data
        else:
            self.text.append(data)


@pytest.mark.slow
def test_text_from_data_is_escaped_in_html(batch_a):
    out, _ = batch_a
    scan = _Scan()
    scan.feed((out / "62.06-teks.html").read_text(encoding="utf-8"))
    assert scan.scripts == [], "a brief is a static page: no script element at all"
    assert scan.handlers == []
    text = "".join(scan.text)
    # Markdown display, DataFrame and raw HTML display: each shows the text, inert
    assert text.count("<script>alert(1)</script>") == 3
    assert text.count("Dinas PU & \"Perkim\" 'Kalteng'") == 3


@pytest.mark.slow
def test_shared_outputs_carry_no_absolute_paths_or_user_names(batch_a):
    out, _ = batch_a
    needles = {str(out), str(out.resolve()), str(PROJ_ROOT), str(Path.home())}
    user = getpass.getuser()
    for path in out.iterdir():
        text = path.read_text(encoding="utf-8")
        for needle in needles:
            assert needle not in text, f"{path.name} contains {needle}"
        assert not re.search(rf"/(home|Users)/{re.escape(user)}\b", text), path.name
        if user != "root":
            assert f"/{user}/" not in text
    manifest = _manifest(out)
    nb = nbformat.read(out / "62.01-baik.ipynb", as_version=4)
    assert nb.metadata.papermill.input_path == "tests/fixtures/notebooks/ok.ipynb"
    assert nb.metadata.papermill.output_path == "62.01-baik.ipynb"
    assert {t["berkas"] for t in manifest["templat"]} >= {"tests/fixtures/notebooks/ok.ipynb"}


@pytest.mark.slow
def test_manifest_records_versions_executor_and_durations(batch_a):
    out, result = batch_a
    m = _manifest(out)
    for pkg in ("python", "workbench", "pandas", "papermill", "nbclient", "geopandas"):
        assert m["versi_paket"][pkg]
    assert m["eksekutor"].startswith("lokal (2 proses")
    assert m["durasi_total_detik"] > 0
    assert all(b["durasi_detik"] > 0 for b in m["briefs"])
    assert "git_commit" in m


# --- batch B: one warm kernel, known order -----------------------------------------------------
@pytest.fixture(scope="module")
def batch_b(tmp_path_factory):
    out = tmp_path_factory.mktemp("batch_b")
    jobs = [
        Job(FIX / "ok.ipynb", {"kode_wilayah": "62.01"}, "62.01-dingin", "Sama"),
        Job(FIX / "leak.ipynb", {"kode_wilayah": "62.02"}, "62.02-bocor-1"),
        Job(FIX / "leak.ipynb", {"kode_wilayah": "62.03"}, "62.03-bocor-2"),
        Job(FIX / "ok.ipynb", {"kode_wilayah": "62.01"}, "62.01-hangat", "Sama"),
        Job(FIX / "kill_kernel.ipynb", {"kode_wilayah": "62.04"}, "62.04-mati"),
        Job(FIX / "ok.ipynb", {"kode_wilayah": "62.05"}, "62.05-setelah-mati"),
    ]
    return out, run_jobs(jobs, out, jobs=1, timeout=60, preload=LIGHT, progress=False)


def _stdout(nb) -> str:
    return "".join(o.text for c in nb.cells if c.cell_type == "code" for o in c.outputs
                   if o.output_type == "stream" and o.name == "stdout")


@pytest.mark.slow
def test_warm_kernel_is_reused_and_isolates_briefs(batch_b):
    out, result = batch_b
    by = _by_stem(result)
    assert [r.kernel["brief_ke"] for r in result.hasil[:5]] == [1, 2, 3, 4, 5]  # one warm kernel
    assert len({r.kernel["pid"] for r in result.hasil[:5]}) == 1
    second = _stdout(nbformat.read(out / "62.03-bocor-2.ipynb", as_version=4))
    # the first leak brief set all of these; the second must not see any of them
    assert "rahasia terlihat: False" in second
    assert "linewidth: 1.5" in second
    assert "env: None" in second
    assert "path: False" in second
    assert "pandas max_rows: 60" in second
    assert "figures: 0" in second
    assert f"cwd ok: {out.name}" in second
    assert by["62.03-bocor-2"].status == "ok"


def _content(nb) -> list:
    """Cells as a reader sees them: source, execution count, outputs without stderr."""
    cells = []
    for c in nb.cells:
        outs = [o for o in c.get("outputs", [])
                if not (o.output_type == "stream" and o.name == "stderr")]
        cells.append((c.cell_type, c.source, c.get("execution_count"), json.dumps(outs)))
    return cells


@pytest.mark.slow
def test_warm_and_cold_runs_give_the_same_content(batch_b):
    out, result = batch_b
    by = _by_stem(result)
    assert by["62.01-dingin"].kernel["brief_ke"] == 1 and by["62.01-hangat"].kernel["brief_ke"] == 4
    cold = nbformat.read(out / "62.01-dingin.ipynb", as_version=4)
    warm = nbformat.read(out / "62.01-hangat.ipynb", as_version=4)
    assert _content(cold) == _content(warm)  # includes execution counts and the PNG bytes
    assert (out / "62.01-dingin.html").read_text() == (out / "62.01-hangat.html").read_text()


@pytest.mark.slow
def test_killed_kernel_is_replaced_before_the_next_job(batch_b):
    _, result = batch_b
    by = _by_stem(result)
    assert by["62.04-mati"].status == "gagal"
    assert by["62.04-mati"].kegagalan["jenis"] == "kernel_mati"
    after = by["62.05-setelah-mati"]
    assert after.status == "ok"
    assert after.kernel["brief_ke"] == 1 and after.kernel["baru"] is True
    assert after.kernel["pid"] != by["62.04-mati"].kernel["pid"]


# --- resume ------------------------------------------------------------------------------------
@pytest.mark.slow
def test_resume_skips_unchanged_and_redoes_changed_or_failed(tmp_path):
    data = tmp_path / "paket" / "rencana.csv"
    data.parent.mkdir()
    data.write_text("kode_wilayah,pagu\n62.06,1\n")
    out = tmp_path / "2026"
    masukan = {"paket/rencana.csv": data}

    def jobs(kode_b="62.02"):
        return [Job(FIX / "ok.ipynb", {"kode_wilayah": "62.01"}, "62.01-a"),
                Job(FIX / "ok.ipynb", {"kode_wilayah": kode_b}, "62.02-b"),
                Job(FIX / "broken.ipynb", {"kode_wilayah": "62.03"}, "62.03-c")]

    kw = {"jobs": 1, "preload": LIGHT, "progress": False, "masukan": masukan}
    first = run_jobs(jobs(), out, **kw)
    assert [r.status for r in first.hasil] == ["ok", "ok", "gagal"]
    mtime = (out / "62.01-a.html").stat().st_mtime_ns

    second = run_jobs(jobs(kode_b="62.09"), out, resume=True, **kw)
    assert [r.status for r in second.hasil] == ["dilewati", "ok", "gagal"]
    assert (out / "62.01-a.html").stat().st_mtime_ns == mtime  # untouched
    assert "Wilayah 62.09" in (out / "62.02-b.html").read_text()

    data.write_text("kode_wilayah,pagu\n62.06,2\n")  # an input file changed: redo all
    third = run_jobs(jobs(kode_b="62.09"), out, resume=True, **kw)
    assert [r.status for r in third.hasil] == ["ok", "ok", "gagal"]
    m = _manifest(out)
    assert m["masukan"] == [{"berkas": "paket/rencana.csv",
                             "sha256": briefs.sha256_file(data)}]
    assert third.exit_code == 1


# --- Dask --------------------------------------------------------------------------------------
@pytest.mark.slow
def test_dask_local_cluster_gives_the_same_outputs(tmp_path, batch_b):
    import distributed
    out_b, _ = batch_b
    out = tmp_path / "dask"
    jobs = [
        Job(FIX / "ok.ipynb", {"kode_wilayah": "62.01"}, "62.01-dingin", "Sama"),
        Job(FIX / "ok.ipynb", {"kode_wilayah": "62.05"}, "62.05-setelah-mati"),
        Job(FIX / "broken.ipynb", {"kode_wilayah": "62.02"}, "62.02-rusak"),
        Job(FIX / "ok.ipynb", {"kode_wilayah": "62.01"}, "62.01-lagi", "Sama"),
    ]
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        result = run_jobs(jobs, out, scheduler=cluster.scheduler_address, preload=LIGHT,
                          progress=False)
    by = _by_stem(result)
    assert [r.status for r in result.hasil] == ["ok", "ok", "gagal", "ok"]
    assert by["62.02-rusak"].kegagalan["sel"] == 3
    assert result.exit_code == 1
    assert _manifest(out)["eksekutor"].startswith("dask (2 pekerja")
    for stem in ("62.01-dingin", "62.05-setelah-mati"):
        local = nbformat.read(out_b / f"{stem}.ipynb", as_version=4)
        remote = nbformat.read(out / f"{stem}.ipynb", as_version=4)
        assert _content(local) == _content(remote)
        assert (out_b / f"{stem}.html").read_text() == (out / f"{stem}.html").read_text()
    # each Dask worker kept its kernel warm: at most two kernels served four briefs
    assert len({r.kernel["pid"] for r in result.hasil}) <= 3  # +1: the failure's replacement
    assert max(r.kernel["brief_ke"] for r in result.hasil) >= 2


def test_dask_warm_up_task_starts_the_thread_kernel(tmp_path):
    settings = {"preload": list(LIGHT), "retries": 0}
    try:
        worker = briefs.warm_up_payload(settings)
        runner = briefs._runner_for(settings)
        assert runner.kernel.alive() and runner.worker == worker
        pid = runner.kernel.pid
        briefs.warm_up_payload(settings)  # already warm: the same kernel
        assert runner.kernel.pid == pid
        assert runner.run(_payload(tmp_path))["kernel"]["pid"] == pid
    finally:
        briefs._runner_for(settings).kernel.shutdown()


# --- the real templates: a warm kernel (with its figure caches) gives a cold kernel's bytes ------
@pytest.mark.slow
def test_real_brief_on_a_warm_kernel_equals_the_cold_one(tmp_path, monkeypatch, shared_geodata):
    from workbench import geo

    monkeypatch.setenv("WORKBENCH_GEODATA_DIR", str(tmp_path / "geodata"))
    geo.install_boundaries(shared_geodata / "kalteng_kabkota.geojson")
    first = briefs.run_briefs(tahun=2026, wilayah=["62.06"], jobs=1, out=tmp_path / "out",
                              progress=False)
    assert first.exit_code == 0
    out = first.out_dir
    entry = next(b for b in _manifest(out)["briefs"] if b["stem"] == "62.06-katingan")
    job = {"template": PROJ_ROOT / entry["templat"], "parameters": entry["parameter"],
           "judul": entry["judul"]}  # the page title: the same for the three
    jobs = [Job(**job, stem="62.06-dingin"), Job(**job, stem="62.06-hangat"),
            Job(**job, stem="62.06-hangat-lagi")]
    result = run_jobs(jobs, out, jobs=1, preload=briefs.BRIEF_PRELOAD, progress=False)
    by = _by_stem(result)
    assert [by[j.stem].kernel["brief_ke"] for j in jobs] == [1, 2, 3]
    cold = nbformat.read(out / "62.06-dingin.ipynb", as_version=4)
    for stem in ("62.06-hangat", "62.06-hangat-lagi"):
        warm = nbformat.read(out / f"{stem}.ipynb", as_version=4)
        assert _content(cold) == _content(warm)  # the maps' PNG bytes included
        assert (out / "62.06-dingin.html").read_text() == (out / f"{stem}.html").read_text()
    # and the batch's own brief (another kernel, after the province overview) is the same too
    batch = nbformat.read(out / "62.06-katingan.ipynb", as_version=4)
    assert _content(batch) == _content(cold)


# --- run_briefs orchestration on fixture templates ----------------------------------------------
@pytest.mark.slow
def test_run_briefs_builds_one_job_per_kabkota_plus_province(tmp_path):
    from workbench.sample import write_sample

    data = write_sample(tmp_path / "data-contoh", 2026, "csv", "kalteng")
    tdir = tmp_path / "templates"
    tdir.mkdir()
    shutil.copy(FIX / "ok.ipynb", tdir / briefs.TEMPLATE_KABKOTA)
    shutil.copy(FIX / "ok.ipynb", tdir / briefs.TEMPLATE_PROVINSI)

    def builder(kode, konteks):
        assert not Path(konteks["hasil_path"]).is_absolute()
        assert not Path(konteks["data"]).is_absolute()
        return {"kode_wilayah": kode, "tahun": konteks["tahun"]}

    result = briefs.run_briefs(
        data=data, tahun=2026, wilayah=["62.06", "62.10"], jobs=2, out=tmp_path / "out",
        templates_dir=tdir, parameter_builder=builder, preload=LIGHT, progress=False,
    )
    out = tmp_path / "out" / "2026"
    assert [r.stem for r in result.hasil] == [
        "62.06-katingan", "62.10-gunung-mas", "62-provinsi-kalimantan-tengah"]
    assert result.exit_code == 0
    assert (tmp_path / "out" / "_cache" / "2026" / "hasil" / "hasil.json").is_file()
    assert not (out / "_cache").exists()  # no raw data copy in the shared folder
    assert result.index is not None and result.index.is_file()
    assert "Wilayah 62.10 tahun 2026" in (out / "62.10-gunung-mas.html").read_text()


# --- kernel start retries and the CLI ----------------------------------------------------------
def _payload(tmp_path, template="ok.ipynb"):
    return {"template": str(FIX / template), "template_rel": template,
            "parameters": {"kode_wilayah": "62.06"}, "stem": "62.06-katingan", "judul": "",
            "cwd": str(tmp_path), "timeout": 60, "timeout_sel": None}


def test_kernel_start_failure_is_retried_then_recorded(tmp_path, monkeypatch):
    attempts = []

    def fail(self):
        attempts.append(1)
        raise RuntimeError("port sudah dipakai")

    monkeypatch.setattr(briefs.WarmKernel, "_start_once", fail)
    runner = briefs.Runner({"preload": [], "retries": 2})
    res = runner.run(_payload(tmp_path))
    assert len(attempts) == 3  # 1 + 2 retries
    assert res["status"] == "gagal" and res["ipynb"] is None and res["html"] is None
    assert res["kegagalan"]["jenis"] == "kernel_gagal_mulai"
    assert "after 3 attempt(s): port sudah dipakai" in res["kegagalan"]["pesan"]


@pytest.mark.slow
def test_kernel_start_succeeds_on_retry(tmp_path, monkeypatch):
    real = briefs.WarmKernel._start_once
    attempts = []

    def flaky(self):
        attempts.append(1)
        if len(attempts) == 1:
            raise RuntimeError("gagal sekali")
        real(self)

    monkeypatch.setattr(briefs.WarmKernel, "_start_once", flaky)
    runner = briefs.Runner({"preload": [], "retries": 1})
    try:
        res = runner.run(_payload(tmp_path))
    finally:
        runner.kernel.shutdown()
    assert len(attempts) == 2
    assert res["status"] == "ok" and res["kernel"]["brief_ke"] == 1


def test_cli_refuses_unknown_code_without_traceback(tmp_path):
    from typer.testing import CliRunner

    from workbench.cli import app

    res = CliRunner().invoke(app, ["briefs", "--wilayah", "62.100", "--out", str(tmp_path)])
    assert res.exit_code == 2
    assert "error: unknown kab/kota code '62.100'; did you mean 62.10?" in res.output
    assert "Traceback" not in res.output


def test_cli_says_how_to_install_boundaries_when_maps_are_schematic(
    tmp_path, monkeypatch, capsys, shared_geodata
):
    from workbench import cli

    monkeypatch.setenv("WORKBENCH_GEODATA_DIR", str(tmp_path / "kosong"))
    cli._hint_boundaries()
    assert "workbench geodata install" in capsys.readouterr().out
    # with a layer installed the hint is not printed
    from workbench.geo import install_boundaries

    install_boundaries(shared_geodata / "kalteng_kabkota.geojson")
    cli._hint_boundaries()
    assert "geodata install" not in capsys.readouterr().out


@pytest.mark.slow
def test_released_workers_finish_and_take_no_new_run(tmp_path):
    """release(): the workers stop after the last job (their kernels shut down), close() waits."""
    job = Job(FIX / "ok.ipynb", {"kode_wilayah": "62.01", "tahun": 2026}, "62.01-baik", "Baik")
    seen: list[tuple[int, int]] = []
    with briefs.BatchRunner(tmp_path, jobs=1, preload=LIGHT, progress=False) as runner:
        result = runner.run([job], on_progress=lambda done, total: seen.append((done, total)))
        assert result.hitung()["ok"] == 1 and seen == [(0, 1), (1, 1)]
        procs = list(runner._pool.procs.values())
        runner.release()
        for p in procs:
            p.join(60)
        assert all(p.exitcode == 0 for p in procs)  # left through the sentinel, not killed
        manifest = (tmp_path / "manifest.json").read_text(encoding="utf-8")
        with pytest.raises(BriefsError, match="released"):
            runner.run([job])
        assert (tmp_path / "manifest.json").read_text(encoding="utf-8") == manifest  # untouched
    assert runner._pool is None


def test_papermill_skips_its_final_write_only_without_an_output_path(tmp_path, monkeypatch):
    import nbformat
    import papermill.execute as pm_execute

    from workbench.briefs.kernel import _no_write_without_path

    _no_write_without_path()
    _no_write_without_path()  # idempotent: wraps once
    written = []
    monkeypatch.setattr(nbformat, "writes", lambda nb, *a, **k: written.append(nb) or "{}")
    nb = nbformat.v4.new_notebook()
    pm_execute.write_ipynb(nb, None)
    assert written == []  # nothing serialised for papermill's NoIOHandler
    pm_execute.write_ipynb(nb, str(tmp_path / "out.ipynb"))
    assert written == [nb] and (tmp_path / "out.ipynb").read_text() == "{}"
