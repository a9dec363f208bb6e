"""The briefs in a real browser: headless Chromium (Debian's package) driven by Playwright.

A session fixture runs a real batch (``workbench.briefs.run_briefs`` for Katingan and Kota
Palangka Raya plus the province overview) into a temporary folder; the tests open
``<out>/<tahun>/index.html`` and the two district briefs (``62.06-katingan.html``,
``62.71-kota-palangka-raya.html``) through ``file://`` URLs and check what a reader would see:
no console or page errors, no failed request, every link from the index resolving to an
existing file, map images loaded and visible. Screenshots go to the test's tmp folder.

No browser is downloaded: Playwright launches ``/usr/bin/chromium`` (``apt-get install
chromium``; ``.ci/run`` installs it). Without it the tests skip locally and FAIL under CI.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.xdist_group(name="browser")]

TAHUN = 2026
WILAYAH = ("62.06", "62.71")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
VIEWPORT = {"width": 1280, "height": 900}


def _unavailable(reason: str) -> None:
    """Skip locally; under CI a missing prerequisite is a failure, never a silent skip."""
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"CI needs this browser test to run: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium() -> str:
    path = os.environ.get("WORKBENCH_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).is_file():
        _unavailable(
            f"chromium not found at {path}: install it with `apt-get install -y "
            "--no-install-recommends chromium fonts-dejavu-core` (no Playwright download)"
        )
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as err:
        _unavailable(f"the playwright package is not installed ({err}): pip install -e '.[test]'")
    return path


@pytest.fixture(scope="session")
def browser(chromium) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture(scope="session")
def batch(tmp_path_factory) -> Path:
    """A real batch run (sample data, two districts and the province overview)."""
    try:
        from workbench.briefs import run_briefs
    except ImportError as err:
        _unavailable(f"workbench.briefs.run_briefs is not available: {err}")
    root = tmp_path_factory.mktemp("batch")
    saved = {k: os.environ.get(k) for k in ("WORKBENCH_SAMPLE_DIR", "WORKBENCH_GEODATA_DIR")}
    # private sample and geodata folders; the kernels inherit them from this environment
    os.environ["WORKBENCH_SAMPLE_DIR"] = str(root / "data-contoh")
    os.environ["WORKBENCH_GEODATA_DIR"] = str(root / "geodata")
    try:
        _install_shared_boundaries()
        result = run_briefs(tahun=TAHUN, wilayah=list(WILAYAH), jobs=2, out=root / "out",
                            progress=False, pdf=True)  # fmt: skip
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    failed = [r for r in result.hasil if r.status != "ok"]
    assert not failed, "briefs failed:\n" + result.ringkasan()
    out = root / "out" / str(TAHUN)
    assert result.out_dir == out
    return out


def _install_shared_boundaries() -> None:
    """Real boundaries when the shared copy is present (as in CI); else schematic maps."""
    from conftest import shared_geodata_dir

    src = shared_geodata_dir() / "kalteng_kabkota.geojson"
    if src.is_file():
        from workbench.geo import install_boundaries

        install_boundaries(src)


def _brief(out: Path, kode: str) -> Path:
    found = sorted(out.glob(f"{kode}-*.html"))
    assert len(found) == 1, f"expected one {kode}-<slug>.html in {out}: {found}"
    return found[0]


class Pantau:
    """Console errors, uncaught page errors and failed requests of one page."""

    def __init__(self, page) -> None:
        self.masalah: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda err: self.masalah.append(f"pageerror: {err}"))
        page.on("requestfailed",
                lambda req: self.masalah.append(f"request failed: {req.url[:120]} "
                                                f"({req.failure})"))  # fmt: skip

    def _console(self, msg) -> None:
        if msg.type == "error":
            self.masalah.append(f"console error: {msg.text}")


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=VIEWPORT, locale="id-ID")
    # A static brief must not reach the network: any http(s) request is refused and noted.
    luar: list[str] = []

    def block(route):
        luar.append(route.request.url)
        route.abort()

    context.route("http://**/*", block)
    context.route("https://**/*", block)
    p = context.new_page()
    p.luar = luar
    try:
        yield p
    finally:
        context.close()


def _open(page, path: Path) -> Pantau:
    pantau = Pantau(page)
    response = page.goto(path.as_uri(), wait_until="load")
    assert response is None or response.ok, f"{path}: {response and response.status}"
    page.wait_for_load_state("networkidle")
    return pantau


#: Images in document order with the text of the h1/h2/h3 heading above them.
_IMAGES_JS = """() => {
  const out = []; let heading = "";
  for (const el of document.querySelectorAll("h1, h2, h3, img")) {
    if (el.tagName !== "IMG") { heading = el.textContent.trim(); continue; }
    const r = el.getBoundingClientRect();
    out.push({heading, alt: el.getAttribute("alt") || "", complete: el.complete,
              naturalWidth: el.naturalWidth, naturalHeight: el.naturalHeight,
              width: r.width, height: r.height,
              visible: getComputedStyle(el).visibility !== "hidden" &&
                       getComputedStyle(el).display !== "none"});
  }
  return out;
}"""


def _check_images(page, where: str) -> list[dict]:
    images = page.evaluate(_IMAGES_JS)
    assert images, f"{where}: no image at all"
    for i, img in enumerate(images):
        assert img["complete"] and img["naturalWidth"] > 0 and img["naturalHeight"] > 0, (
            f"{where}: image {i} (under {img['heading']!r}) did not load: {img}"
        )
        assert img["visible"] and img["width"] > 0 and img["height"] > 0, (
            f"{where}: image {i} (under {img['heading']!r}) is not visible: {img}"
        )
    return images


def _links(page) -> list[str]:
    return page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")


def _check_links(page, base: Path, where: str) -> list[Path]:
    """Every link is relative and resolves to an existing file (or an anchor on the page)."""
    targets = []
    for href in _links(page):
        parsed = urlparse(href)
        assert parsed.scheme in ("", "file") or parsed.scheme in ("http", "https", "mailto"), href
        if parsed.scheme in ("http", "https", "mailto"):
            continue  # external references (sources) are not files of the batch
        assert parsed.scheme == "" and not href.startswith("/"), (
            f"{where}: link {href!r} is absolute; shared outputs use relative links"
        )
        if not parsed.path:  # "#anchor" on the same page
            if parsed.fragment:
                assert page.locator(f"[id='{parsed.fragment}']").count() >= 1, (
                    f"{where}: anchor {href!r} has no target"
                )
            continue
        target = (base / unquote(parsed.path)).resolve()
        assert target.is_file(), f"{where}: link {href!r} points to a missing file ({target})"
        targets.append(target)
    return targets


def _screenshot(page, tmp_path: Path, name: str) -> Path:
    path = tmp_path / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000, f"{path}: screenshot looks empty"
    return path


def test_index_page(batch, page, tmp_path):
    index = batch / "index.html"
    assert index.is_file()
    pantau = _open(page, index)
    assert page.title(), "index.html has no <title>"
    assert page.locator("html").get_attribute("lang") == "id"
    targets = _check_links(page, batch, "index.html")
    # both district briefs and the province overview are linked from the index
    for kode in WILAYAH:
        assert _brief(batch, kode).resolve() in targets, f"index does not link the {kode} brief"
    assert _brief(batch, "62").resolve() in targets, "index does not link the province overview"
    images = _check_images(page, "index.html")
    assert any(i["alt"].lower().startswith("peta") for i in images), (
        f"index.html: no map image (alt 'Peta …'): {[i['alt'] for i in images]}"
    )
    shot = _screenshot(page, tmp_path, "index")
    assert pantau.masalah == [], "\n".join(pantau.masalah)
    assert page.luar == [], f"index.html reached for the network: {page.luar}"
    print(f"screenshot: {shot}")


@pytest.mark.parametrize("kode", WILAYAH)
def test_district_brief(batch, page, tmp_path, kode):
    path = _brief(batch, kode)
    pantau = _open(page, path)
    assert page.locator("html").get_attribute("lang") == "id"
    body = page.inner_text("body")
    error = re.search(r"Traceback|\b[A-Z]\w*Error: ", body)
    assert error is None, f"{path.name}: an error is printed in the brief: {error}"
    assert page.locator("script").count() == 0, f"{path.name}: a static brief runs no script"
    images = _check_images(page, path.name)
    # every figure says what it shows (not nbconvert's English placeholder)
    for img in images:
        assert len(img["alt"]) > 15 and "No description" not in img["alt"], img["alt"]
        assert "tanpa keterangan" not in img["alt"], img["alt"]
    # a title of its own, and links back to the index and the province overview
    from workbench import teks

    assert teks.nama_wilayah(kode).split(". ", 1)[-1] in page.title(), page.title()
    assert str(TAHUN) in page.title(), page.title()
    hrefs = _links(page)
    assert "index.html" in hrefs and _brief(batch, "62").name in hrefs, hrefs
    maps_ = [i for i in images if "peta" in i["heading"].lower()]
    assert maps_, (
        f"{path.name}: no image under a 'Peta' heading: {[i['heading'] for i in images]}"
    )
    # a readable map, not a thumbnail
    assert all(m["width"] >= 300 and m["height"] >= 200 for m in maps_), maps_
    _check_links(page, batch, path.name)
    shot = _screenshot(page, tmp_path, path.stem)
    # the map section on its own, scrolled into view, for a quick look
    first_map = page.locator("img").nth(images.index(maps_[0]))
    first_map.scroll_into_view_if_needed()
    first_map.screenshot(path=str(tmp_path / f"{path.stem}-peta.png"))
    assert pantau.masalah == [], "\n".join(pantau.masalah)
    assert page.luar == [], f"{path.name} reached for the network: {page.luar}"
    print(f"screenshot: {shot}")


def test_the_checks_catch_a_broken_page(page, tmp_path):
    """The checks themselves can fail: a missing link target, a broken image, a console error."""
    bad = tmp_path / "index.html"
    bad.write_text(
        '<html lang="id"><body><a href="62.99-tidak-ada.html">x</a><h2>Peta</h2>'
        '<img src="tidak-ada.png" alt="Peta rusak"><script>console.error("gagal")</script>'
        "</body></html>",
        encoding="utf-8",
    )
    pantau = _open(page, bad)
    assert any(m == "console error: gagal" for m in pantau.masalah), pantau.masalah
    assert any(m.startswith("request failed") and "tidak-ada.png" in m for m in pantau.masalah)
    with pytest.raises(AssertionError, match="missing file"):
        _check_links(page, tmp_path, "index.html")
    with pytest.raises(AssertionError, match="did not load"):
        _check_images(page, "index.html")


# --- the exploration notebook's widgets in a real JupyterLab --------------------------------------
@pytest.fixture
def lab_with_sample(tmp_path):
    """A JupyterLab server (as test_lab_server starts it) whose kernels use a private sample."""
    from test_lab_server import _launch, _stop

    from workbench.paths import NOTEBOOKS_DIR

    # JupyterLab saves the notebooks it opens (metadata, outputs): serve a copy, never the
    # project's stripped notebooks.
    root = tmp_path / "notebooks"
    shutil.copytree(NOTEBOOKS_DIR, root, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    saved = os.environ.get("WORKBENCH_SAMPLE_DIR")
    os.environ["WORKBENCH_SAMPLE_DIR"] = str(tmp_path / "data-contoh")
    try:
        server = _launch(tmp_path, os.urandom(16).hex(), root=root)
    finally:
        if saved is None:
            os.environ.pop("WORKBENCH_SAMPLE_DIR", None)
        else:
            os.environ["WORKBENCH_SAMPLE_DIR"] = saved
    try:
        yield server
    finally:
        _stop(server.proc)


NOTEBOOK_01 = "01_eksplorasi_sinkronisasi.ipynb"


def _start_session(lab, path: str, timeout: float = 180) -> str:
    """Start the notebook's session (its own kernel, python3) through the REST API; wait ready.

    The page then finds a running session for its path and connects to it. Left to the page,
    a loaded machine can make JupyterLab open a "Select Kernel" dialog (the kernel specs not
    yet fetched) and attach the widget manager to a kernel that is then replaced: the outputs
    arrive but every widget stays at "Loading widget...", as CI once showed.

    A kernel reports "starting" until a client talks to it: run one import over its channels
    (as test_lab_server does), which also warms the imports the notebook's first cell needs.
    """
    import requests
    import websocket
    from test_lab_server import _execute

    r = requests.post(lab.api("sessions"), headers=lab.auth, timeout=60, json={
        "path": path, "name": path, "type": "notebook", "kernel": {"name": "python3"},
    })  # fmt: skip
    assert r.status_code in (200, 201), f"POST /api/sessions: {r.status_code} {r.text}"
    kernel_id = r.json()["kernel"]["id"]
    ws_url = lab.url.replace("http://", "ws://") + f"/api/kernels/{kernel_id}/channels"
    ws = websocket.create_connection(ws_url, header=[f"Authorization: token {lab.token}"],
                                     timeout=timeout)  # fmt: skip
    try:
        res = _execute(ws, "import ipywidgets, workbench", timeout=timeout)
    finally:
        ws.close()
    assert res["error"] is None and res["reply"] == "ok", f"the notebook's kernel: {res}"
    return kernel_id


def _wait_idle(page) -> None:
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']",
                           timeout=120_000)  # fmt: skip


def _open_notebook(page, lab) -> None:
    page.goto(f"{lab.url}/lab/tree/{NOTEBOOK_01}?token={lab.token}", wait_until="domcontentloaded")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=120_000)
    _wait_idle(page)


def _run_all_cells(page, selects, kernel_id: str, timeout: float = 300) -> None:
    """Run > Run All Cells, until the explorer's three dropdowns exist.

    The session is started before the page opens (``_start_session``), so no kernel is chosen
    in the page. Should a "Select Kernel" dialog still open (a loaded machine), choose the
    running kernel ``kernel_id`` in it.
    Ask again whenever the notebook sits idle without the widgets; when the cells have all run
    and the widgets still say "Loading widget...", the page's widget manager is not the one
    the kernel talks to: reload the page (it reconnects to the same kernel) and run again.
    """
    import time

    dialog = page.locator(".jp-Dialog")
    loading = page.locator(".jp-OutputArea-output", has_text="Loading widget...")
    events: list[str] = []

    def accept_dialogs() -> None:
        while dialog.count():
            events.append("dialog: " + " ".join(dialog.first.inner_text().split()))
            # a kernel dialog offers the running session's kernel by its short id: choose it,
            # never a new kernel the widget manager would then not follow
            options = dialog.first.locator("select option", has_text=f"({kernel_id[:8]})")
            if options.count():
                value = options.first.get_attribute("value")
                dialog.first.locator("select").first.select_option(value=value)
                events.append(f"chose the running kernel {kernel_id[:8]}")
            dialog.first.locator(".jp-mod-accept").first.click()
            page.wait_for_timeout(500)

    def run_all() -> float:
        accept_dialogs()
        page.locator(".jp-MenuBar-item, .lm-MenuBar-item", has_text="Run").first.click()
        page.locator(".lm-Menu-item", has_text="Run All Cells").first.click()
        return time.monotonic()

    running = page.locator(".jp-CodeCell .jp-InputPrompt", has_text="[*]")
    busy = page.locator(".jp-Notebook-ExecutionIndicator[data-status='busy']")
    asked = run_all()
    deadline = asked + timeout
    reloads = 0
    while selects.count() < 3:
        idle = running.count() == 0 and busy.count() == 0
        waited = time.monotonic() - asked
        if idle and loading.count() and waited > 30 and reloads < 2:
            reloads += 1
            events.append(f"reload {reloads}: idle, {loading.count()} widget(s) still loading")
            page.reload(wait_until="domcontentloaded")
            _wait_idle(page)
            asked = run_all()
        elif dialog.count() or (idle and waited > 20):
            asked = run_all()
        if time.monotonic() > deadline:
            raise AssertionError(f"the explorer's widgets did not appear within {timeout} s; "
                                 f"on the way: {events}")  # fmt: skip
        page.wait_for_timeout(1000)
    if events:
        print(f"JupyterLab on the way to the widgets: {events}")


def test_synchronization_widgets_respond_in_jupyterlab(browser, lab_with_sample, tmp_path):
    """Open notebook 01 in JupyterLab, run all cells, change the kab/kota dropdown in the page.

    The explorer's map image must change and its support table must show only the chosen
    kab/kota: the widget round trip (browser → kernel callback → browser) works for real.
    """
    lab = lab_with_sample
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    try:
        kernel_id = _start_session(lab, NOTEBOOK_01)
        _open_notebook(page, lab)
        selects = page.locator(".jp-OutputArea .widget-dropdown select")
        _run_all_cells(page, selects, kernel_id)
        # Cells outside the viewport are not rendered visibly (JupyterLab 4 windowing): the
        # widgets exist; scroll them into view.
        selects.nth(2).scroll_into_view_if_needed()
        image = page.locator(".jp-OutputArea .widget-image").first
        image.wait_for(state="visible", timeout=60_000)
        before = image.get_attribute("src")
        _screenshot(page, tmp_path, "lab-awal")
        kabkota = selects.nth(2)
        label = kabkota.locator("option").nth(2).inner_text()  # the 2nd kab/kota
        kabkota.select_option(label=label)
        page.wait_for_function(
            "([el, old]) => el.getAttribute('src') !== old",
            arg=[image.element_handle(), before], timeout=120_000,
        )
        kode = label.split()[0]
        table = page.locator(".jp-OutputArea .widget-html table").first
        # the table is looked up on every poll: the widget replaces its HTML on a change, so a
        # handle taken before the redraw lands would watch the old, detached table forever
        page.wait_for_function(
            "(kode) => { const t = document.querySelector('.jp-OutputArea .widget-html table');"
            " const rows = t ? [...t.querySelectorAll('tbody tr')] : [];"
            " return rows.length > 0 && rows.every(r => r.cells[0].textContent.trim() === kode); }",
            arg=kode, timeout=60_000,
        )
        assert table.locator("tbody tr").count() >= 1
        _screenshot(page, tmp_path, "lab-setelah-pilih")
    except Exception:
        # what the page showed: a kernel error, a dialog, a traceback in an output
        page.screenshot(path=str(tmp_path / "lab-gagal.png"), full_page=True)
        outputs = page.locator(".jp-OutputArea-output, .jp-Dialog").all_inner_texts()
        print(f"screenshot: {tmp_path / 'lab-gagal.png'}")
        print("outputs and dialogs in the page:\n" + "\n---\n".join(o[:2000] for o in outputs))
        print("server log:\n" + lab.log.read_text(errors="replace")[-4000:])
        raise
    finally:
        context.close()


# --- print and PDF ---------------------------------------------------------------------------
#: Printable width of A4 with the briefs' 12 mm side margins, in CSS pixels (96 per inch).
A4_LEBAR_CETAK = round((210 - 24) / 25.4 * 96)

_LEBIH_LEBAR_JS = """(lebar) => {
  const out = [];
  for (const el of document.querySelectorAll("table, img, h1, h2, p")) {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.right > lebar + 1) out.push(`${el.tagName} ${r.right.toFixed(0)}`);
  }
  return out;
}"""


def _pdftotext(path: Path, *args: str) -> str:
    import subprocess

    exe = shutil.which("pdftotext")
    if exe is None:
        _unavailable("pdftotext not found: apt-get install -y --no-install-recommends "
                     "poppler-utils")  # fmt: skip
    return subprocess.run([exe, *args, str(path), "-"], capture_output=True, text=True,
                          check=True).stdout  # fmt: skip


def _th_texts(path: Path) -> list[str]:
    from html.parser import HTMLParser

    class Th(HTMLParser):
        def __init__(self):
            super().__init__()
            self.depth, self.cur, self.out = 0, [], []

        def handle_starttag(self, tag, attrs):
            if tag == "th":
                self.depth, self.cur = self.depth + 1, []

        def handle_endtag(self, tag):
            if tag == "th" and self.depth:
                self.depth -= 1
                self.out.append(" ".join("".join(self.cur).split()))

        def handle_data(self, data):
            if self.depth:
                self.cur.append(data)

    p = Th()
    p.feed(path.read_text(encoding="utf-8"))
    return [h for h in dict.fromkeys(p.out) if h]


@pytest.mark.parametrize("kode", ("62", *WILAYAH))
def test_printed_page_fits_a4_width(batch, browser, kode):
    """Print layout at the printable A4 width: no table, figure or text runs past the edge."""
    context = browser.new_context(viewport={"width": A4_LEBAR_CETAK, "height": 1100})
    try:
        pg = context.new_page()
        pg.emulate_media(media="print")
        for path in (_brief(batch, kode), batch / "index.html"):
            pg.goto(path.as_uri(), wait_until="load")
            assert pg.evaluate(_LEBIH_LEBAR_JS, A4_LEBAR_CETAK) == [], path.name
            # the navigation links are for the screen only
            nav = pg.locator(".wb-nav")
            assert nav.count() == 0 or not nav.first.is_visible()
    finally:
        context.close()


@pytest.mark.parametrize("kode", ("62", *WILAYAH))
def test_pdf_of_each_brief(batch, kode):
    from pypdf import PdfReader

    from workbench import teks

    html_path = _brief(batch, kode)
    pdf_path = html_path.with_suffix(".pdf")
    reader = PdfReader(pdf_path)  # opens
    n = len(reader.pages)
    assert 3 <= n <= 15, f"{pdf_path.name}: {n} pages"
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points
    text = _pdftotext(pdf_path, "-raw")
    flat = " ".join(text.split())
    missing = [h for h in _th_texts(html_path) if h not in flat]
    assert missing == [], f"{pdf_path.name}: table headers not in the PDF text: {missing}"
    # header and footer on every page: name, status, date, page n of N
    nama = teks.nama_wilayah(kode)
    pages = text.split("\f")[:n]
    for i, page_text in enumerate(pages, start=1):
        one = " ".join(page_text.split())
        assert f"Halaman {i} dari {n}" in one, f"{pdf_path.name} p.{i}"
        assert "Draf bahan Rakortekrenbang" in one and nama in one, f"{pdf_path.name} p.{i}"
        assert f"Dibuat {teks.format_tanggal()}" in one, f"{pdf_path.name} p.{i}"


def test_pdf_booklet_has_contents_and_every_brief(batch):
    from pypdf import PdfReader

    from workbench import pdf

    parts = [_brief(batch, "62"), *(_brief(batch, k) for k in WILAYAH)]
    counts = [len(PdfReader(p.with_suffix(".pdf")).pages) for p in parts]
    booklet = batch / pdf.nama_buku(TAHUN)
    reader = PdfReader(booklet)
    total = len(reader.pages)
    assert total == 1 + sum(counts)  # one contents page, then every part
    assert [o.title for o in reader.outline] == [
        "Daftar isi", "Ringkasan Provinsi Kalimantan Tengah", "Kab. Katingan",
        "Kota Palangka Raya"]  # fmt: skip
    pages = _pdftotext(booklet, "-raw").split("\f")
    toc = " ".join(pages[0].split())
    assert "Daftar isi" in toc
    start = 2
    for part, count in zip(("Ringkasan Provinsi Kalimantan Tengah", "Kab. Katingan",
                            "Kota Palangka Raya"), counts, strict=True):  # fmt: skip
        assert f"{part} {start}" in toc, (part, start, toc)
        # the footers count through the booklet, as the contents say
        assert f"Halaman {start} dari {total}" in " ".join(pages[start - 1].split())
        start += count
    index = (batch / "index.html").read_text(encoding="utf-8")
    assert f'href="{pdf.nama_buku(TAHUN)}"' in index
    assert f'href="{_brief(batch, "62.06").stem}.pdf"' in index
