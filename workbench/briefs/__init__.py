"""Batch runner: brief notebooks executed by papermill on warm kernels; ipynb, HTML, manifest.

The engine is template-agnostic: a :class:`Job` names a template notebook, a dict of plain
scalar parameters (codes as strings, the year as an int) and an output stem such as
``62.06-katingan``. :class:`BatchRunner` executes jobs and writes, per job, the executed
``<stem>.ipynb`` and a code-free ``<stem>.html``, then ``manifest.json``. :func:`run_briefs`
is the main job of the product (``workbench briefs``): it computes the province-wide analysis
once, builds one job per kab/kota plus the province overview, runs them, and writes the index
page and the Excel tables.

How a job runs (fast, isolated)
-------------------------------
The floor of a naive batch (a ``papermill`` then ``jupyter nbconvert`` call per district) is
interpreter start, kernel start and imports, paid twice per district. Here each worker process
keeps one **warm kernel** (``jupyter_client.AsyncKernelManager``) alive and runs successive
briefs on it; the heavy modules (pandas, geopandas, matplotlib, ``workbench.analysis``...) are
imported once per kernel (``preload``). Parameters are injected by papermill
(:func:`papermill.execute_notebook` with the custom engine ``workbench-hangat`` registered in
papermill's engine registry, which hands papermill's ``PapermillNotebookClient`` the running
kernel instead of starting one), so every brief is "executed by papermill" and carries the
``injected-parameters`` cell and papermill metadata. Before each brief the kernel is reset:
``get_ipython().reset(new_session=True)`` (user namespace and execution counter; imported
modules stay), figures closed, matplotlib ``rcParams``, ``warnings`` filters, ``sys.path``,
``os.environ`` and pandas options restored to the snapshot taken after kernel start, the
``random``/``numpy.random`` state reseeded from entropy, and the working directory set to the
output folder. A brief that failed, a kernel that died and a kernel that timed out are all
replaced by a fresh kernel before the next job; a kernel that fails to start is retried
``retries`` times. The HTML is exported in the worker (nbconvert ``HTMLExporter``, no code, no
prompts, no stderr streams, images embedded, HTML and Markdown outputs sanitised with bleach),
so export runs in parallel too. Worker processes never import ``rfc3987_syntax`` (a 1.6-2.2 s
import pulled in by ``jsonschema`` through ``nbformat``; its only use is the ``iri`` format,
which the notebook schema does not use).

What a brief would otherwise repeat is done once: the templates' modules (``BRIEF_PRELOAD``)
are imported at kernel start (and ``scipy.stats`` is not imported at all: the maps' natural
breaks no longer go through mapclassify's import), and the
imported objects are moved out of the garbage collector's way (``gc.freeze``), so the reset's
full collection only walks what the briefs created; a worker builds its HTML exporter while
its kernel starts; the maps' base layer (boundaries simplified once for the page's scale,
their paths, label points and neighbours) is built once per kernel and boundary file
(:mod:`workbench.maps`); and figures that are the same in several briefs (the province-wide
key-gap map) are drawn once per kernel and reused, keyed by everything they depend on
(:class:`workbench.laporan.GambarSekali`). These caches live in the kernel process, hold
derived data only, survive the reset by design and die with the kernel (a failed brief gets
a fresh one); a warm brief's notebook and HTML are byte-identical to a cold one's (tests).

Reliability
-----------
A failing job (exception in a cell, kernel death, timeout, export error) does not stop the
others: it is recorded with its status ``gagal``, the failing cell index (0-based, in the
template), the error name and message, and the executed notebook up to the failure is still
written (with papermill's error markers and ``metadata.workbench.status = "gagal"``); no HTML
is written for it and a stale HTML from an earlier run is removed. Every file is written under
a temporary name in the same folder and renamed with :func:`os.replace`. ``resume=True`` skips
a job whose hash (template SHA-256, parameters, input files' SHA-256, workbench version)
equals the one stored in ``manifest.json`` for its last successful run and whose outputs still
exist (a code change without a version bump is not detected: rerun without ``--resume``; the
manifest records the source hash and git commit of every run). Shared outputs carry no
absolute paths or user names: papermill's ``input_path``/``output_path`` are made relative,
and absolute prefixes (output folder, project, Python prefix, home, temp) in any text of the
notebook are replaced by placeholders.

Scaling out: a national run on a Dask cluster
---------------------------------------------
``--scheduler tcp://HOST:PORT`` sends the jobs to a Dask distributed cluster with
``Client.map`` instead of the local worker processes; outputs and manifest are the same (the
workers return the notebook and HTML text, the client writes them). Each Dask worker thread
keeps its own warm kernel (a thread-local cached runner), started by a warm-up task per
worker thread as soon as the client connects (while the analysis runs), so start workers with
``--nthreads 1`` and as many worker processes per machine as cores. The analysis travels as
a path: each kernel reads it from the shared ``_cache`` folder, nothing is pickled per task.
For a national run (38 provinces, 514 kab/kota):

1. Put the data package and the output folder on a filesystem every worker mounts at the same
   path (NFS, a cluster scratch). The client writes ``<out>/_cache/<tahun>/`` (the analysis
   computed once and the data copy) before submitting; kernels read their slice from there.
2. Start a scheduler and workers with the same environment (``pip install -e .`` of the same
   commit)::

       dask scheduler --port 8786
       dask worker tcp://SCHEDULER:8786 --nworkers 8 --nthreads 1   # on every machine

3. ``workbench briefs --data /shared/paket --tahun 2026 --scheduler tcp://SCHEDULER:8786
   --out /shared/output``. With warm kernels a brief costs its own execution instead of
   kernel start and imports; the briefs are independent, so the time after the analysis is
   about (number of briefs × seconds per brief) / worker processes. ``--resume`` reruns only
   the briefs whose inputs changed or that failed.

The runner only sees a list of :class:`Job`; what is Kalteng-specific is the job list that
:func:`run_briefs` builds (the kab/kota of ``parameters/*.yaml`` and the reference
``wilayah`` table, which the templates also check). A national run needs a parameters
profile and reference table covering every province (or its own job list passed to
:class:`BatchRunner`), one job per kab/kota plus one overview per province.
"""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import datetime as dt
import difflib
import hashlib
import html
import json
import math
import multiprocessing as mp
import os
import platform
import queue
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbench.errors import WorkbenchError
from workbench.fileio import atomic_write_text
from workbench.paths import PROJ_ROOT, TEMPLATES_DIR

#: Status values of a job (Bahasa Indonesia: they appear in the manifest and the index page).
STATUS_OK, STATUS_GAGAL, STATUS_DILEWATI = "ok", "gagal", "dilewati"

#: Modules imported once in every warm kernel unless the caller passes its own list.
DEFAULT_PRELOAD = ("pandas", "numpy", "matplotlib.pyplot")

#: What the brief templates use, imported while the kernels warm up (not in the first brief).
BRIEF_PRELOAD = DEFAULT_PRELOAD + (
    "geopandas", "workbench.analysis", "workbench.maps", "workbench.laporan",
)

#: Name of the papermill engine that runs a notebook on an already-running kernel.
ENGINE_NAME = "workbench-hangat"

MANIFEST = "manifest.json"
KERNEL_NAME = "python3"
_STEM_RE = re.compile(r"^[0-9a-z][0-9a-z.\-]{0,80}$")
_SCALARS = (str, int, float, bool, type(None))


class BriefsError(WorkbenchError, RuntimeError):
    """A batch cannot start (bad template, bad job list, unknown code, missing input)."""


class TemplateError(BriefsError):
    """A template notebook cannot be used as a papermill target."""


# --- jobs and results ------------------------------------------------------------------------
@dataclass(frozen=True)
class Job:
    """One notebook execution.

    Attributes:
        template: The template notebook (one cell tagged ``parameters``).
        parameters: Plain scalars injected by papermill (codes as strings, year as int).
        stem: Output name without suffix, from a code and a slug (``62.06-katingan``).
        judul: Human title for the index page and the summary (``Katingan``).
    """

    template: Path
    parameters: Mapping[str, Any]
    stem: str
    judul: str = ""

    def __post_init__(self) -> None:
        if not _STEM_RE.match(self.stem):
            raise BriefsError(
                f"output stem {self.stem!r} is not a safe file name: use a code and a slug of "
                "lower-case letters, digits, dots and hyphens (e.g. '62.06-katingan')"
            )
        for key, value in self.parameters.items():
            if not isinstance(value, _SCALARS):
                raise BriefsError(
                    f"job {self.stem}: parameter {key}={value!r} is a {type(value).__name__}; "
                    "pass plain scalars (codes as strings, year as int, paths as strings)"
                )
        object.__setattr__(self, "template", Path(self.template))
        object.__setattr__(self, "parameters", dict(self.parameters))


@dataclass(frozen=True)
class JobResult:
    """What happened to one job.

    Attributes:
        stem: Output stem of the job.
        judul: Its title.
        status: ``ok``, ``gagal`` (failed) or ``dilewati`` (skipped by resume).
        durasi_detik: Wall-clock seconds in the worker (0 when skipped).
        hash: Input hash used by resume.
        kegagalan: For a failure: ``jenis`` (``sel``, ``kernel_mati``, ``batas_waktu``,
            ``kernel_gagal_mulai``, ``ekspor_html``, ``pekerja``), ``sel`` (0-based index of
            the failing cell in the template, or None), ``galat`` (error name), ``pesan``.
        kernel: ``pid``, ``brief_ke`` (nth brief on that kernel, 1 = fresh) and ``pekerja``.
        berkas: Relative names of the written files (``ipynb``, ``html``).
        selesai: UTC time the job's files were written (ISO 8601).
    """

    stem: str
    judul: str
    status: str
    durasi_detik: float
    hash: str
    kegagalan: dict[str, Any] | None = None
    kernel: dict[str, Any] = field(default_factory=dict)
    berkas: dict[str, str] = field(default_factory=dict)
    selesai: str | None = None


@dataclass(frozen=True)
class RunResult:
    """Outcome of a batch.

    Attributes:
        out_dir: The folder written (``<out>/<tahun>``).
        hasil: One :class:`JobResult` per job, in job order.
        manifest: Path of ``manifest.json``.
        durasi_detik: Wall-clock seconds of the batch (``run_briefs``: including analysis).
        eksekutor: Description of the executor used.
        index: Path of ``index.html`` when one was written.
        extra: Other files written (Excel tables).
        catatan: Problems outside the briefs (index or Excel not written as planned).
    """

    out_dir: Path
    hasil: list[JobResult]
    manifest: Path
    durasi_detik: float
    eksekutor: str
    index: Path | None = None
    extra: list[Path] = field(default_factory=list)
    catatan: list[str] = field(default_factory=list)

    def hitung(self) -> dict[str, int]:
        """Counts per status: ``{"ok": n, "gagal": n, "dilewati": n}``."""
        out = {STATUS_OK: 0, STATUS_GAGAL: 0, STATUS_DILEWATI: 0}
        for r in self.hasil:
            out[r.status] += 1
        return out

    @property
    def exit_code(self) -> int:
        """1 when any job failed, else 0 (cal-itp's ``--continue-on-error`` pattern)."""
        return 1 if self.hitung()[STATUS_GAGAL] else 0

    def ringkasan(self) -> str:
        """The end-of-run summary printed by the CLI."""
        c = self.hitung()
        lines = [
            f"{len(self.hasil)} briefs: {c['ok']} ok, {c['gagal']} gagal, {c['dilewati']} "
            f"dilewati in {self.durasi_detik:.1f} s ({self.eksekutor})"
        ]
        for r in self.hasil:
            if r.status == STATUS_GAGAL and r.kegagalan:
                k = r.kegagalan
                sel = f"cell {k['sel']}" if k.get("sel") is not None else k.get("jenis")
                lines.append(f"  gagal {r.stem}: {sel}: {k.get('galat')}: {k.get('pesan')}")
        lines.extend(f"note: {c}" for c in self.catatan)
        for p in self.extra:
            lines.append(f"{'pdf' if p.suffix == '.pdf' else 'excel'}: {p}")
        if self.index is not None:
            lines.append(f"index: {self.index}")
        lines.append(f"manifest: {self.manifest}")
        return "\n".join(lines)


# --- small helpers ---------------------------------------------------------------------------
def _tanpa_rfc3987() -> None:
    """Keep ``rfc3987_syntax`` out of batch processes (a 1.6-2.2 s import, unused here).

    ``jsonschema._format`` imports it inside ``contextlib.suppress(ImportError)`` to offer the
    ``iri`` format; a ``None`` entry in ``sys.modules`` makes that import fail fast.
    """
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]


def sha256_file(path: Path) -> str:
    """SHA-256 hex digest of a file, read in 1 MiB blocks."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _relatif(path: Path, *roots: Path) -> str:
    """``path`` relative to the first root containing it, else ``<parent>/<name>``.

    Never returns an absolute path (shared outputs must not carry one).
    """
    p = Path(path).resolve()
    for root in roots:
        with contextlib.suppress(ValueError):
            return p.relative_to(Path(root).resolve()).as_posix()
    return f"{p.parent.name}/{p.name}" if p.parent.name else p.name


def _prefixes(out_dir: Path | None) -> list[tuple[str, str]]:
    """Absolute prefixes to scrub from shared text, longest first, with their placeholders."""
    pairs: list[tuple[str, str]] = []
    if out_dir is not None:
        pairs.append((str(Path(out_dir).resolve()), "."))
        pairs.append((str(Path(out_dir)), "."))
    pairs.append((str(PROJ_ROOT), "<proyek>"))
    for attr in ("prefix", "base_prefix", "exec_prefix"):
        pairs.append((str(getattr(sys, attr)), "<python>"))
    home = str(Path.home())
    if home not in ("~", "/"):
        pairs.append((home, "~"))
    tmp = tempfile.gettempdir()
    pairs.append((os.path.realpath(tmp), "<tmp>"))
    pairs.append((tmp, "<tmp>"))
    seen: dict[str, str] = {}
    for prefix, label in pairs:
        if prefix and prefix != "/" and prefix not in seen:
            seen[prefix] = label
    return sorted(seen.items(), key=lambda kv: -len(kv[0]))


def scrub_text(text: str, prefixes: Sequence[tuple[str, str]]) -> str:
    """Replace absolute path prefixes (and the user name in ``/home/<user>``) in ``text``."""
    for prefix, label in prefixes:
        if prefix in text:
            text = text.replace(prefix, label)
    return re.sub(r"/(home|Users)/[^/\s'\"]+", r"/\1/<pengguna>", text)


def _scrub(obj: Any, prefixes: Sequence[tuple[str, str]]) -> Any:
    """Recursively scrub every string of a JSON-like structure (in place for dicts/lists)."""
    if isinstance(obj, str):
        return scrub_text(obj, prefixes)
    if isinstance(obj, list):
        for i, v in enumerate(obj):
            obj[i] = _scrub(v, prefixes)
        return obj
    if isinstance(obj, dict):
        for k in list(obj):
            obj[k] = _scrub(obj[k], prefixes)
        return obj
    return obj


# --- templates -------------------------------------------------------------------------------
def check_template(template: Path, parameters: Iterable[str] = ()) -> None:
    """Refuse a template that papermill would run wrongly.

    A template needs exactly one cell tagged ``parameters`` (without it papermill injects the
    values at the top, and the template's own defaults then silently override them) and must
    declare every parameter a job passes (an unknown name would be ignored by the notebook).

    Args:
        template: The notebook.
        parameters: Names the jobs will pass.

    Raises:
        TemplateError: the file is missing or unreadable, has no or several ``parameters``
            cells, or does not declare a passed parameter.
    """
    template = Path(template)
    if not template.is_file():
        raise TemplateError(f"{template}: template notebook not found")
    try:
        nb = json.loads(template.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise TemplateError(f"{template}: not a readable notebook: {err}") from err
    tagged = [
        i
        for i, c in enumerate(nb.get("cells", []))
        if "parameters" in c.get("metadata", {}).get("tags", [])
    ]
    if len(tagged) != 1:
        raise TemplateError(
            f"{template}: {len(tagged)} cells are tagged 'parameters', expected exactly 1 "
            "(tag the cell that assigns the default parameters in JupyterLab: "
            "Property Inspector > Cell Tags)"
        )
    source = nb["cells"][tagged[0]].get("source", "")
    source = "".join(source) if isinstance(source, list) else source
    declared = set(re.findall(r"^([A-Za-z_]\w*)\s*(?::[^=\n]*)?=", source, flags=re.MULTILINE))
    unknown = sorted(set(parameters) - declared)
    if unknown:
        raise TemplateError(
            f"{template}: the parameters cell (cell {tagged[0]}) does not declare "
            f"{', '.join(unknown)}; it declares {', '.join(sorted(declared)) or 'nothing'}"
        )


# --- HTML ------------------------------------------------------------------------------------
_ALLOWED_TAGS = frozenset(
    "a abbr b blockquote br caption code col colgroup dd del div dl dt em figcaption figure "
    "h1 h2 h3 h4 h5 h6 hr i img ins kbd li mark ol p pre q s small span strong style sub sup "
    "table tbody td tfoot th thead tr u ul".split()
)
_ALLOWED_ATTRS = {
    "*": ["class", "id", "style", "title", "align", "lang"],
    "a": ["href", "name", "target", "rel"],
    "img": ["src", "alt", "width", "height"],
    "td": ["colspan", "rowspan"],
    "th": ["colspan", "rowspan", "scope"],
    "table": ["border"],
    "col": ["span", "width"],
    "style": ["type", "media"],
}


def sanitize_html(fragment: str) -> str:
    """Remove active content from an HTML fragment, keeping tables, styles, headings, images.

    Scripts, event-handler attributes, ``javascript:`` URLs, iframes and forms are escaped
    into visible text (bleach with an allow-list wider than nbconvert's ``clean_html``, which
    would escape table headers and headings). Images only from ``data:`` and http(s) URLs.

    Args:
        fragment: HTML from a notebook output (a DataFrame, a Markdown rendering, a Styler).

    Returns:
        Safe HTML.
    """
    import bleach
    from bleach.css_sanitizer import ALLOWED_CSS_PROPERTIES, CSSSanitizer

    css = CSSSanitizer(
        allowed_css_properties=set(ALLOWED_CSS_PROPERTIES)
        | {"text-align", "vertical-align", "white-space", "border-collapse", "font-variant"}
    )
    return bleach.clean(
        fragment,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRS,
        protocols={"http", "https", "data", "mailto"},
        css_sanitizer=css,
        strip=False,
        strip_comments=True,
    )


def _prepare_for_html(nb: Any) -> Any:
    """Copy of ``nb`` without stderr streams, scripts or widgets, with HTML outputs sanitised."""
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = [o for o in map(_safe_output, cell.get("outputs", [])) if o is not None]
    return nb


def _safe_output(out: Any) -> Any:
    """One output made safe for a shared page, or None when nothing shareable is left."""
    if out.get("output_type") == "stream" and out.get("name") == "stderr":
        return None
    data = out.get("data")
    if data is None:
        return out
    for mime in list(data):
        text = _joined(data[mime]) if isinstance(data[mime], str | list) else ""
        if mime in ("application/javascript", "text/javascript") or "widget" in mime:
            del data[mime]
        elif mime == "text/html":
            data[mime] = sanitize_html(text)
        elif mime == "image/svg+xml" and re.search(r"<script|\son\w+\s*=|javascript:", text, re.I):
            del data[mime]
    if "text/markdown" in data:
        data["text/html"] = sanitize_html(_markdown(_joined(data.pop("text/markdown"))))
    return out if data else None


def _joined(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def _markdown(text: str) -> str:
    from nbconvert.filters.markdown import markdown2html

    return markdown2html(text)


_EXPORTER: Any = None

#: nbconvert's lab template without its script tags (require.js, MathJax, Mermaid and widget
#: loaders from CDNs): a brief is a static page that opens offline and runs no script.
_HTML_TEMPLATE = """{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{% block data_png scoped %}
{%- set alt = output.metadata.get('image/png', {}).get('alt') or 'Gambar tanpa keterangan' -%}
<div class="jp-RenderedImage jp-OutputArea-output {{ extra_class }}">
<img src="data:image/png;base64,{{ output.data['image/png'] | escape_html }}"
alt="{{ alt | escape_html }}" style="max-width:100%;height:auto">
</div>
{%- endblock data_png %}
"""


def export_html(nb: Any, title: str) -> str:
    """Code-free HTML of an executed notebook (no inputs, no prompts, no stderr, safe outputs).

    The page is static: no code, no prompts, no stderr streams, sanitised HTML/Markdown
    outputs, images embedded as data URIs with the ``alt`` text their output carries, and no
    ``<script>`` element at all. The ``<title>`` is the template's ``metadata.title`` (a
    generic "Brief ...") followed by ``title``, so every brief has its own.

    Args:
        nb: The executed ``nbformat`` notebook.
        title: The brief's own part of the HTML ``<title>`` (``Katingan``).

    Returns:
        The HTML document.
    """
    global _EXPORTER
    if _EXPORTER is None:
        from jinja2 import DictLoader
        from nbconvert import HTMLExporter

        _EXPORTER = HTMLExporter(
            exclude_input=True,
            exclude_input_prompt=True,
            exclude_output_prompt=True,
            embed_images=True,
            language_code="id",
            extra_loaders=[DictLoader({"workbench_brief.html.j2": _HTML_TEMPLATE})],
            template_file="workbench_brief.html.j2",
        )
    nb = _prepare_for_html(nb)
    umum = str(nb.metadata.get("title") or "").strip()
    tahun = nb.metadata.get("papermill", {}).get("parameters", {}).get("tahun")
    own = f"{title} {tahun}" if tahun is not None and str(tahun) not in title else title
    nb.metadata["title"] = f"{umum}: {own}" if umum and own and own not in umum else umum or own
    body, _ = _EXPORTER.from_notebook_node(nb, resources={"metadata": {"name": title}})
    return body


def _warm_exporter() -> None:
    """Export a one-cell notebook once, so the exporter is built before the first brief."""
    import nbformat

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("siap")])
    with contextlib.suppress(Exception):  # a real export failure is reported by the first job
        export_html(nb, "siap")


# --- the warm kernel (worker side) -----------------------------------------------------------
_INIT_CODE = r'''
def __wb_init(preload):
    import importlib, os, sys, types, warnings
    m = types.ModuleType("_workbench_hangat")
    sys.modules["_workbench_hangat"] = m
    m.gagal_impor = []
    for name in preload:
        try:
            importlib.import_module(name)
        except Exception as err:  # a missing optional module must not kill the kernel
            m.gagal_impor.append(f"{name}: {type(err).__name__}: {err}")
    m.path0 = list(sys.path)
    m.filters0 = list(warnings.filters)
    m.environ0 = dict(os.environ)
    m.rc0 = None
    if "matplotlib" in sys.modules:
        import matplotlib
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            m.rc0 = matplotlib.rcParams.copy()
    m.pd_options0 = None
    # the imported modules live as long as the kernel: move them out of the collector's way,
    # so the full collection of every reset (IPython's displayhook.flush) and the automatic
    # ones during a brief only walk what the briefs created (gc.freeze, Python >= 3.7)
    import gc
    gc.collect()
    gc.freeze()

    def reset(cwd):
        import random
        ip = get_ipython()
        if "matplotlib.pyplot" in sys.modules:
            sys.modules["matplotlib.pyplot"].close("all")
        ip.reset(new_session=True)
        sys.path[:] = m.path0
        warnings.filters[:] = m.filters0
        warnings._filters_mutated()
        for key in set(os.environ) - set(m.environ0):
            del os.environ[key]
        os.environ.update(m.environ0)
        if m.rc0 is not None:
            import matplotlib
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                matplotlib.rcParams.update(m.rc0)
        if "pandas" in sys.modules:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                sys.modules["pandas"].reset_option("all")
        random.seed()
        if "numpy" in sys.modules:
            sys.modules["numpy"].random.seed()
        os.chdir(cwd)

    m.reset = reset
    return m.gagal_impor
__wb_gagal = __wb_init(%r)
del __wb_init
'''


def _run_sync(coro_fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    from jupyter_core.utils import run_sync

    return run_sync(coro_fn)(*args, **kwargs)


class WarmKernel:
    """One IPython kernel kept alive across briefs, with a reset between them.

    Args:
        preload: Modules imported once after start (kept across resets).
        startup_timeout: Seconds to wait for the kernel to answer.
        retries: Extra attempts when the kernel fails to start.
    """

    def __init__(
        self,
        preload: Sequence[str] = DEFAULT_PRELOAD,
        startup_timeout: float = 60,
        retries: int = 1,
    ) -> None:
        self.preload = tuple(preload)
        self.startup_timeout = startup_timeout
        self.retries = retries
        self.km: Any = None
        self.kc: Any = None
        self.briefs_run = 0
        self.preload_failures: list[str] = []
        self._while_waiting: Callable[[], None] | None = None

    @property
    def pid(self) -> int | None:
        """Process id of the kernel, when running."""
        prov = getattr(self.km, "provisioner", None)
        proc = getattr(prov, "process", None)
        return getattr(proc, "pid", None)

    def alive(self) -> bool:
        """Whether a started kernel is still running."""
        return self.km is not None and bool(_run_sync(self.km.is_alive))

    def start(self, while_waiting: Callable[[], None] | None = None) -> None:
        """Start the kernel (retrying ``retries`` times) and import the preload modules.

        Args:
            while_waiting: Called once in this process while the kernel imports the preload
                modules (work that would otherwise wait for them).

        Raises:
            RuntimeError: the kernel did not start after all attempts.
        """
        last: BaseException | None = None
        self._while_waiting = while_waiting
        for _ in range(self.retries + 1):
            try:
                self._start_once()
                return
            except Exception as err:  # noqa: BLE001 - any start failure is retried then reported
                last = err
                self.shutdown()
        raise RuntimeError(f"kernel failed to start after {self.retries + 1} attempt(s): {last}")

    def _start_once(self) -> None:
        from jupyter_client.manager import AsyncKernelManager

        self.km = AsyncKernelManager(kernel_name=KERNEL_NAME)
        env = dict(os.environ, PYDEVD_DISABLE_FILE_VALIDATION="1")
        _run_sync(
            self.km.start_kernel,
            extra_arguments=[
                "--HistoryManager.hist_file=:memory:",  # no sqlite history shared by kernels
                "--IPKernelApp.log_level=ERROR",
            ],
            env=env,
        )
        self.kc = self.km.client()
        self.kc.start_channels()
        _run_sync(self.kc.wait_for_ready, timeout=self.startup_timeout)
        init = _INIT_CODE % (self.preload,)
        while_waiting, self._while_waiting = self._while_waiting, None  # once, not per retry
        reply = self._execute_silent(init, timeout=self.startup_timeout + 120,
                                     while_waiting=while_waiting)
        if reply["content"]["status"] != "ok":
            raise RuntimeError(f"kernel init failed: {reply['content'].get('evalue')}")
        self.briefs_run = 0

    def _execute_silent(
        self, code: str, timeout: float, while_waiting: Callable[[], None] | None = None
    ) -> dict[str, Any]:
        msg_id = self.kc.execute(code, silent=True, store_history=False)
        if while_waiting is not None:
            while_waiting()
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError("kernel did not answer in time")
            try:
                msg = _run_sync(self.kc.get_shell_msg, timeout=min(remaining, 1.0))
            except queue.Empty:
                if not self.alive():
                    raise RuntimeError("kernel died") from None
                continue
            if msg["parent_header"].get("msg_id") == msg_id:
                return msg

    def reset(self, cwd: str) -> None:
        """Clear the user namespace and restore module state; chdir to ``cwd``.

        Raises:
            RuntimeError: the reset failed (the caller replaces the kernel).
        """
        code = f"__import__('_workbench_hangat').reset({cwd!r})"
        reply = self._execute_silent(code, timeout=60)
        if reply["content"]["status"] != "ok":
            raise RuntimeError(f"kernel reset failed: {reply['content'].get('evalue')}")

    def shutdown(self) -> None:
        """Stop the kernel now (no-op when none)."""
        if self.kc is not None:
            with contextlib.suppress(Exception):
                self.kc.stop_channels()
        if self.km is not None:
            with contextlib.suppress(Exception):
                _run_sync(self.km.shutdown_kernel, now=True)
        self.km = None
        self.kc = None
        self.briefs_run = 0


def _register_engine() -> None:
    """Register the ``workbench-hangat`` engine in papermill's engine registry (idempotent)."""
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines

    if ENGINE_NAME in papermill_engines._engines:
        return

    class WarmEngine(NBClientEngine):
        """Papermill engine that executes on a kernel the caller already started."""

        @classmethod
        def execute_managed_notebook(  # noqa: D102
            cls, nb_man, kernel_name, km=None, kc=None, holder=None, timeout_func=None, **kwargs
        ):
            if holder is not None:
                holder["nb"] = nb_man.nb
            client = PapermillNotebookClient(
                nb_man,
                km=km,
                kernel_name=kernel_name,
                timeout_func=timeout_func,
                interrupt_on_timeout=False,
                log_output=False,
            )
            client.kc = kc  # reuse the running kernel's channels: no start, no shutdown
            return client.execute(cleanup_kc=False)

    papermill_engines.register(ENGINE_NAME, WarmEngine)


class Runner:
    """Worker-side executor of jobs on one :class:`WarmKernel` (one per process or thread)."""

    def __init__(self, settings: Mapping[str, Any]) -> None:
        _tanpa_rfc3987()
        _register_engine()
        self.settings = dict(settings)
        self.kernel = WarmKernel(
            preload=self.settings.get("preload", DEFAULT_PRELOAD),
            retries=int(self.settings.get("retries", 1)),
        )
        self.worker = f"{platform.node()}:{os.getpid()}:{threading.current_thread().name}"

    def warm_up(self) -> None:
        """Start the kernel ahead of the first job (errors are left to the first job).

        While the kernel imports the preload modules, this process builds the HTML exporter
        (nbconvert's templates and filters: about a second that would otherwise land in its
        first brief).
        """
        with contextlib.suppress(Exception):
            self.kernel.start(while_waiting=_warm_exporter)

    def _ready_kernel(self, cwd: str) -> bool:
        """Make sure a clean kernel is running in ``cwd``; return whether it is fresh."""
        fresh = False
        if not self.kernel.alive():
            self.kernel.shutdown()
            self.kernel.start()
            fresh = True
        try:
            self.kernel.reset(cwd)
        except (RuntimeError, TimeoutError):
            self.kernel.shutdown()
            self.kernel.start()
            self.kernel.reset(cwd)
            fresh = True
        return fresh or self.kernel.briefs_run == 0

    def run(self, payload: Mapping[str, Any]) -> dict[str, Any]:
        """Execute one job payload; never raises for a job failure.

        Args:
            payload: ``template`` (str), ``parameters``, ``stem``, ``judul``, ``cwd`` (output
                folder, the kernel's working directory), ``template_rel`` (relative name
                recorded in the notebook), ``timeout`` (s per job), ``timeout_sel`` (s per cell).

        Returns:
            A dict with ``status``, ``durasi_detik``, ``kegagalan``, ``kernel``, ``ipynb``
            (text) and ``html`` (text or None).
        """
        t0 = time.monotonic()
        out: dict[str, Any] = {"status": STATUS_OK, "kegagalan": None, "ipynb": None, "html": None}
        try:
            fresh = self._ready_kernel(payload["cwd"])
        except (RuntimeError, TimeoutError) as err:
            self.kernel.shutdown()
            out.update(
                status=STATUS_GAGAL,
                kegagalan={"jenis": "kernel_gagal_mulai", "sel": None,
                            "galat": type(err).__name__, "pesan": str(err)},
                kernel={"pid": None, "brief_ke": 0, "pekerja": self.worker},
                durasi_detik=round(time.monotonic() - t0, 3),
            )
            return out
        self.kernel.briefs_run += 1
        out["kernel"] = {
            "pid": self.kernel.pid,
            "brief_ke": self.kernel.briefs_run,
            "baru": fresh,
            "pekerja": self.worker,
        }
        nb, failure = self._execute(payload, t0)
        if failure is not None:
            out.update(status=STATUS_GAGAL, kegagalan=failure)
            self.kernel.shutdown()  # a failed brief never leaves its state to the next one
        if nb is not None:
            out["ipynb"], out["html"] = self._finish(nb, payload, out)
        out["durasi_detik"] = round(time.monotonic() - t0, 3)
        return out

    def _execute(self, payload: Mapping[str, Any], t0: float) -> tuple[Any, dict | None]:
        import papermill as pm
        from nbclient.exceptions import CellTimeoutError, DeadKernelError
        from papermill.exceptions import PapermillExecutionError

        deadline = t0 + float(payload["timeout"])
        per_cell = payload.get("timeout_sel") or payload["timeout"]

        def timeout_func(cell: Any) -> int:
            # nbclient treats 0 as "no timeout": never return less than 1 s
            return max(1, math.ceil(min(float(per_cell), deadline - time.monotonic())))

        holder: dict[str, Any] = {}
        failure: dict[str, Any] | None = None
        try:
            pm.execute_notebook(
                payload["template"],
                None,
                parameters=dict(payload["parameters"]),
                engine_name=ENGINE_NAME,
                kernel_name=KERNEL_NAME,
                progress_bar=False,
                km=self.kernel.km,
                kc=self.kernel.kc,
                holder=holder,
                timeout_func=timeout_func,
            )
        except PapermillExecutionError as err:
            failure = {"jenis": "sel", "sel": err.cell_index, "galat": err.ename,
                       "pesan": str(err.evalue)[:1000]}
        except CellTimeoutError as err:
            first = str(err).strip().splitlines()[0] if str(err).strip() else ""
            failure = {"jenis": "batas_waktu", "sel": None, "galat": "TimeoutError",
                       "pesan": f"batas waktu terlampaui (job {payload['timeout']:g} s): {first}"}
        except DeadKernelError as err:
            failure = {"jenis": "kernel_mati", "sel": None, "galat": "DeadKernelError",
                       "pesan": f"kernel berhenti saat eksekusi: {err}"[:1000]}
        except Exception as err:  # noqa: BLE001 - any other failure is recorded, not raised
            failure = {"jenis": "runner", "sel": None, "galat": type(err).__name__,
                       "pesan": "".join(traceback.format_exception_only(err)).strip()[:1000]}
        nb = holder.get("nb")
        if failure is not None and nb is not None:
            failure["sel"] = _template_cell_index(nb)
        return nb, failure

    def _finish(self, nb: Any, payload: Mapping[str, Any], out: dict) -> tuple[str, str | None]:
        import nbformat

        prefixes = _prefixes(Path(payload["cwd"]))
        nb.metadata.papermill["input_path"] = payload["template_rel"]
        nb.metadata.papermill["output_path"] = f"{payload['stem']}.ipynb"
        # papermill's injected and marker cells get random ids: make them stable so two runs
        # of the same brief give the same notebook and HTML
        n_marker = 0
        for cell in nb.cells:
            tags = cell.get("metadata", {}).get("tags", [])
            if "injected-parameters" in tags:
                cell["id"] = "injected-parameters"
            elif "papermill-error-cell-tag" in tags:
                n_marker += 1
                cell["id"] = f"papermill-error-{n_marker}"
        nb.metadata["workbench"] = {
            "status": out["status"],
            "stem": payload["stem"],
            "kegagalan": out["kegagalan"],
        }
        _scrub(nb, prefixes)
        html_text = None
        if out["status"] == STATUS_OK:
            try:
                html_text = export_html(nb, payload.get("judul") or payload["stem"])
            except Exception as err:  # noqa: BLE001 - an export failure fails this job only
                out["status"] = STATUS_GAGAL
                out["kegagalan"] = {"jenis": "ekspor_html", "sel": None,
                                    "galat": type(err).__name__, "pesan": str(err)[:1000]}
                nb.metadata["workbench"].update(status=STATUS_GAGAL, kegagalan=out["kegagalan"])
        if out["kegagalan"]:
            out["kegagalan"]["pesan"] = scrub_text(str(out["kegagalan"]["pesan"]), prefixes)
        return nbformat.writes(nb), html_text


def _template_cell_index(nb: Any) -> int | None:
    """Index, in the template, of the cell where execution failed or stopped.

    The failing cell is the one papermill marked with an exception (or holding an error
    output); failing that (kernel death, timeout) the last cell that started. The index
    skips papermill's ``injected-parameters`` and error-marker cells, so it matches what the
    template's author sees in JupyterLab (0-based).
    """
    index = None
    for i, c in enumerate(nb.cells):
        pm_meta = c.get("metadata", {}).get("papermill", {})
        errors = [o for o in c.get("outputs", []) if o.get("output_type") == "error"]
        if pm_meta.get("exception") is True or errors:
            index = i
            break
        if pm_meta.get("start_time"):
            index = i
    if index is None:
        return None
    skip = ("injected-parameters", "papermill-error-cell-tag")
    template_index = -1
    for i, c in enumerate(nb.cells):
        if any(t in c.get("metadata", {}).get("tags", []) for t in skip):
            if i == index:
                return None
            continue
        template_index += 1
        if i == index:
            return template_index
    return None


def _gagal(jenis: str, galat: str, pesan: str, durasi: float = 0.0) -> dict[str, Any]:
    """A worker-level failure result (no notebook was produced)."""
    return {"status": STATUS_GAGAL, "ipynb": None, "html": None, "kernel": {},
            "durasi_detik": round(durasi, 3),
            "kegagalan": {"jenis": jenis, "sel": None, "galat": galat, "pesan": pesan[:1000]}}


_LOCAL = threading.local()


def _runner_for(settings: Mapping[str, Any]) -> Runner:
    """The cached :class:`Runner` of this thread (Dask worker threads keep a warm kernel each)."""
    key = json.dumps(settings, sort_keys=True)
    runner = getattr(_LOCAL, "runner", None)
    if runner is None or getattr(_LOCAL, "key", None) != key:
        if runner is not None:
            runner.kernel.shutdown()
        runner = Runner(settings)
        _LOCAL.runner, _LOCAL.key = runner, key
        import atexit

        atexit.register(runner.kernel.shutdown)
    return runner


def run_payload(payload: Mapping[str, Any], settings: Mapping[str, Any]) -> dict[str, Any]:
    """Execute one job payload on this thread's warm kernel (the Dask task function)."""
    return _runner_for(settings).run(payload)


def warm_up_payload(settings: Mapping[str, Any]) -> str:
    """Start this thread's warm kernel ahead of the briefs (the Dask warm-up task)."""
    runner = _runner_for(settings)
    if not runner.kernel.alive():
        runner.warm_up()
    return runner.worker


# --- local executor: N worker processes, one warm kernel each ---------------------------------
def _pool_worker(wid: int, settings: dict, tasks: Any, results: Any) -> None:
    """Worker process main loop: warm the kernel, then run payloads until a ``None``."""
    import signal

    # terminate() from the parent: leave through ``finally`` so the kernel is shut down
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    runner = _runner_for(settings)
    runner.warm_up()
    try:
        while True:
            item = tasks.get()
            if item is None:
                break
            job_id, payload = item
            results.put(("mulai", wid, job_id, None))
            try:
                res = runner.run(payload)
            except Exception as err:  # noqa: BLE001 - a runner bug must not lose the job
                res = _gagal("pekerja", type(err).__name__, str(err))
            results.put(("selesai", wid, job_id, res))
    finally:
        runner.kernel.shutdown()


class _LocalPool:
    """N spawned worker processes fed from one task queue (FIFO), each with a warm kernel.

    The parent watches every worker: a worker that dies or overruns its job's deadline by
    more than ``grace`` seconds is terminated, its job recorded as failed, and a new worker
    (with a new kernel) takes its place.
    """

    def __init__(self, n: int, settings: dict, grace: float = 30.0) -> None:
        # fork: no re-import of the caller's __main__ (scripts without a main guard, notebooks)
        # and the workers inherit the parent's imports; spawn where fork does not exist.
        methods = mp.get_all_start_methods()
        self.ctx = mp.get_context("fork" if "fork" in methods else "spawn")
        self.n = n
        self.settings = settings
        self.grace = grace
        self.tasks = self.ctx.Queue()
        self.results = self.ctx.Queue()
        self.procs: dict[int, Any] = {}
        self.running: dict[int, tuple[int, float]] = {}  # wid -> (job_id, started)
        self._next = 0
        self._deaths_idle = 0

    def start(self) -> None:
        for _ in range(self.n):
            self._spawn()

    def _spawn(self) -> None:
        wid = self._next
        self._next += 1
        p = self.ctx.Process(
            target=_pool_worker, args=(wid, self.settings, self.tasks, self.results), daemon=True
        )
        p.start()
        self.procs[wid] = p

    def run(self, payloads: dict[int, dict], timeout: float) -> Iterable[tuple[int, dict]]:
        for job_id, payload in payloads.items():
            self.tasks.put((job_id, payload))
        pending = set(payloads)
        last_event = time.monotonic()
        while pending:
            yield from self._check_workers(pending, timeout)  # cheap: waitpid per worker
            if not pending:
                break
            try:
                kind, wid, job_id, res = self.results.get(timeout=0.5)
            except queue.Empty:
                if not self.running and time.monotonic() - last_event > timeout + self.grace:
                    yield from self._lost(pending)  # a task vanished with a dying worker
                continue
            last_event = time.monotonic()
            if kind == "mulai":
                self.running[wid] = (job_id, time.monotonic())
            elif job_id in pending:
                self.running.pop(wid, None)
                pending.discard(job_id)
                yield job_id, res

    def _check_workers(self, pending: set[int], timeout: float) -> Iterable[tuple[int, dict]]:
        now = time.monotonic()
        for wid, p in list(self.procs.items()):
            job = self.running.get(wid)
            overdue = job is not None and now - job[1] > timeout + self.grace
            if p.is_alive() and not overdue:
                continue
            if p.is_alive():
                p.terminate()
                p.join(5)
                if p.is_alive():
                    p.kill()
                    p.join(5)
            if job is None:
                self._deaths_idle += 1
                if self._deaths_idle > 2 * self.n:
                    raise BriefsError(
                        f"worker processes keep dying before taking a job (exit code "
                        f"{p.exitcode}); run with --jobs 1 to see the error"
                    )
            del self.procs[wid]
            self.running.pop(wid, None)
            self._spawn()
            if job is not None and job[0] in pending:
                pending.discard(job[0])
                jenis = "batas_waktu" if overdue else "pekerja"
                pesan = (f"batas waktu {timeout} s terlampaui; proses pekerja dihentikan"
                         if overdue else f"proses pekerja berhenti (kode {p.exitcode})")
                yield job[0], _gagal(jenis, "WorkerError", pesan, now - job[1])

    def _lost(self, pending: set[int]) -> Iterable[tuple[int, dict]]:
        for job_id in sorted(pending):
            yield job_id, _gagal("pekerja", "WorkerError",
                                 "job hilang: tidak ada pekerja yang menjalankannya")
        pending.clear()

    def close(self) -> None:
        for _ in self.procs:
            self.tasks.put(None)
        for p in self.procs.values():
            p.join(15)
            if p.is_alive():
                p.terminate()
                p.join(5)
        self.procs.clear()
        self.tasks.close()
        self.results.close()


class _DaskPool:
    """Jobs sent to a Dask distributed cluster with ``Client.map``."""

    def __init__(self, scheduler: Any, settings: dict) -> None:
        self.scheduler = scheduler
        self.settings = settings
        self.client: Any = None
        self.owns_client = False
        self.warm: list[Any] = []

    def start(self) -> None:
        from distributed import Client

        if isinstance(self.scheduler, str):
            self.client = Client(self.scheduler, timeout="30s")
            self.owns_client = True
        else:
            self.client = self.scheduler
        self._warm_up()

    def _warm_up(self) -> None:
        """One warm-up task per worker thread: kernels start while the analysis runs.

        Without it every worker thread starts its kernel (and imports the preload modules)
        inside its first brief. The tasks are not waited for; the briefs queue behind them.
        """
        token = hashlib.sha256(os.urandom(8)).hexdigest()[:8]
        self.warm = []
        for addr, info in self.client.scheduler_info().get("workers", {}).items():
            for i in range(int(info.get("nthreads", 1) or 1)):
                self.warm.append(self.client.submit(
                    warm_up_payload, self.settings, workers=[addr], allow_other_workers=False,
                    pure=False, key=f"brief-pemanasan-{i}-{addr}-{token}",
                ))  # fmt: skip

    def describe(self) -> str:
        n = len(self.client.scheduler_info().get("workers", {}))
        return f"dask ({n} pekerja, kernel hangat per thread pekerja)"

    def run(self, payloads: dict[int, dict], timeout: float) -> Iterable[tuple[int, dict]]:
        from distributed import as_completed

        ids = list(payloads)
        token = hashlib.sha256(os.urandom(8)).hexdigest()[:8]
        futures = self.client.map(
            run_payload,
            [payloads[i] for i in ids],
            settings=self.settings,
            key=[f"brief-{payloads[i]['stem']}-{token}" for i in ids],
            pure=False,
            retries=0,
        )
        by_key = {f.key: i for f, i in zip(futures, ids, strict=True)}
        for fut in as_completed(futures):
            job_id = by_key[fut.key]
            try:
                res = fut.result()
            except Exception as err:  # noqa: BLE001 - a lost worker fails that job only
                res = _gagal("pekerja", type(err).__name__, str(err))
            yield job_id, res

    def close(self) -> None:
        for fut in self.warm:
            fut.release()
        self.warm = []
        if self.owns_client and self.client is not None:
            self.client.close()


# --- provenance ------------------------------------------------------------------------------
def package_versions(extra: Sequence[str] = ()) -> dict[str, str | None]:
    """Versions of Python and the packages that shape a brief."""
    from importlib.metadata import PackageNotFoundError, version

    out: dict[str, str | None] = {"python": platform.python_version()}
    for name in ("workbench", "pandas", "numpy", "geopandas", "matplotlib", "papermill",
                 "nbclient", "nbconvert", "ipykernel", *extra):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = None
    return out


def git_commit() -> str | None:
    """``git rev-parse HEAD`` of the project (``+dirty`` when tracked files changed), or None."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=PROJ_ROOT, capture_output=True, text=True,
            check=True, timeout=10,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"], cwd=PROJ_ROOT,
            capture_output=True, text=True, check=True, timeout=30,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return f"{head}+dirty" if dirty else head or None


def source_hash() -> str:
    """SHA-256 over the workbench package's ``.py`` files: a code change invalidates resume."""
    h = hashlib.sha256()
    pkg = Path(__file__).resolve().parent
    for p in sorted(pkg.rglob("*.py")):
        h.update(p.relative_to(pkg).as_posix().encode())
        h.update(p.read_bytes())
    return h.hexdigest()


def job_hash(job: Job, template_sha: str, masukan_sha: Mapping[str, str]) -> str:
    """Hash deciding whether ``resume`` may skip a job.

    SHA-256 of the canonical JSON of: template SHA-256, parameters, input files' SHA-256
    (by relative name) and the workbench version.
    """
    from importlib.metadata import PackageNotFoundError, version

    try:
        v = version("workbench")
    except PackageNotFoundError:
        v = None
    blob = json.dumps(
        {"templat": template_sha, "parameter": job.parameters, "masukan": dict(masukan_sha),
         "workbench": v},
        sort_keys=True, ensure_ascii=True, default=str,
    )
    return _sha256_text(blob)


def _read_manifest(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


# --- the batch runner ------------------------------------------------------------------------
class BatchRunner:
    """Execute jobs on warm kernels (local processes or Dask) and write outputs + manifest.

    Use as a context manager so the kernels stop at the end; call :meth:`start` early to let
    them warm up while the caller prepares the inputs (otherwise :meth:`run` starts them)::

        with BatchRunner(out_dir, jobs=2, preload=["workbench.analysis"]) as runner:
            runner.start()
            ...  # prepare inputs while kernels warm up
            result = runner.run(jobs, masukan={"data/rencana.csv": path})

    Args:
        out_dir: Folder receiving ``<stem>.ipynb``, ``<stem>.html`` and ``manifest.json``;
            also the kernels' working directory (templates get paths relative to it).
        jobs: Parallel warm kernels (local worker processes).
        scheduler: ``tcp://HOST:PORT`` of a Dask scheduler (or a ``distributed.Client``);
            None runs locally.
        timeout: Wall-clock seconds per job (overall deadline).
        timeout_sel: Seconds per cell (default: ``timeout``).
        retries: Extra attempts when a kernel fails to start.
        preload: Modules imported once per kernel.
        progress: Show a tqdm progress bar over jobs.
    """

    def __init__(
        self,
        out_dir: Path | str,
        *,
        jobs: int = 2,
        scheduler: Any = None,
        timeout: float = 600,
        timeout_sel: float | None = None,
        retries: int = 1,
        preload: Sequence[str] = DEFAULT_PRELOAD,
        progress: bool = True,
    ) -> None:
        if jobs < 1:
            raise BriefsError(f"jobs must be at least 1, got {jobs}")
        self.out_dir = Path(out_dir)
        self.jobs = jobs
        self.scheduler = scheduler
        self.timeout = float(timeout)
        self.timeout_sel = timeout_sel
        self.settings = {"preload": list(preload), "retries": int(retries)}
        self.progress = progress
        self._pool: _LocalPool | _DaskPool | None = None

    def __enter__(self) -> BatchRunner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self) -> None:
        """Start the worker processes (their kernels warm up in the background)."""
        if self._pool is not None:
            return
        _tanpa_rfc3987()
        self.out_dir.mkdir(parents=True, exist_ok=True)
        if self.scheduler is not None:
            self._pool = _DaskPool(self.scheduler, self.settings)
        else:
            self._pool = _LocalPool(self.jobs, self.settings)
        self._pool.start()

    def close(self) -> None:
        """Stop the workers and their kernels."""
        if self._pool is not None:
            self._pool.close()
            self._pool = None

    def describe(self) -> str:
        """The executor, as recorded in the manifest."""
        if isinstance(self._pool, _DaskPool):
            return self._pool.describe()
        return f"lokal ({self.jobs} proses, kernel hangat)"

    def run(
        self,
        jobs: Sequence[Job],
        *,
        masukan: Mapping[str, Path] | None = None,
        parameter_run: Mapping[str, Any] | None = None,
        resume: bool = False,
    ) -> RunResult:
        """Execute ``jobs``; write notebooks, HTML and ``manifest.json``.

        Args:
            jobs: The jobs (stems must be unique).
            masukan: Input files shared by the jobs, by relative name (hashed into the
                manifest and into each job's resume hash).
            parameter_run: Run-level parameters recorded in the manifest.
            resume: Skip jobs whose hash matches the last successful run.

        Returns:
            The :class:`RunResult`.

        Raises:
            BriefsError: duplicate stems; TemplateError: a template cannot be used.
        """
        t0 = time.monotonic()
        stems = [j.stem for j in jobs]
        dup = sorted({s for s in stems if stems.count(s) > 1})
        if dup:
            raise BriefsError(f"duplicate output stems: {', '.join(dup)}")
        template_sha = self._check_templates(jobs)
        masukan_sha = {name: sha256_file(Path(p)) for name, p in sorted((masukan or {}).items())}
        manifest_path = self.out_dir / MANIFEST
        previous = {b.get("stem"): b for b in _read_manifest(manifest_path).get("briefs", [])}

        results: dict[int, JobResult] = {}
        payloads: dict[int, dict[str, Any]] = {}
        hashes = {}
        for i, job in enumerate(jobs):
            hashes[i] = job_hash(job, template_sha[job.template], masukan_sha)
            if resume and self._unchanged(job, hashes[i], previous.get(job.stem)):
                old = previous[job.stem]
                results[i] = JobResult(job.stem, job.judul, STATUS_DILEWATI, 0.0, hashes[i],
                                       berkas=old.get("berkas", {}))
            else:
                payloads[i] = self._payload(job)

        stream: Iterable[tuple[int, dict]] = ()
        if payloads:  # all skipped by resume: no worker, no kernel
            self.start()
            assert self._pool is not None
            stream = self._pool.run(payloads, self.timeout)
        from tqdm.auto import tqdm

        bar = tqdm(total=len(jobs), unit="brief", desc="briefs", disable=not self.progress,
                   initial=len(results))
        try:
            for job_id, res in stream:
                results[job_id] = self._write(jobs[job_id], hashes[job_id], res)
                bar.update(1)
                gagal = sum(r.status == STATUS_GAGAL for r in results.values())
                if gagal:
                    bar.set_postfix(gagal=gagal)
        finally:
            bar.close()
            ordered = [results[i] for i in sorted(results)]
            manifest = self._manifest(jobs, ordered, previous, masukan_sha, template_sha,
                                      parameter_run or {}, time.monotonic() - t0)
            atomic_write_text(manifest_path, json.dumps(manifest, indent=2, ensure_ascii=False))
        return RunResult(self.out_dir, ordered, manifest_path, round(time.monotonic() - t0, 3),
                         self.describe())

    def _check_templates(self, jobs: Sequence[Job]) -> dict[Path, str]:
        names: dict[Path, set[str]] = {}
        for job in jobs:
            names.setdefault(job.template, set()).update(job.parameters)
        out = {}
        for template, params in names.items():
            check_template(template, params)
            out[template] = sha256_file(template)
        return out

    def _unchanged(self, job: Job, h: str, old: Mapping[str, Any] | None) -> bool:
        if not old or old.get("status") != STATUS_OK or old.get("hash") != h:
            return False
        files = old.get("berkas", {})
        return all((self.out_dir / files.get(k, "\0")).is_file() for k in ("ipynb", "html"))

    def _payload(self, job: Job) -> dict[str, Any]:
        return {
            "template": str(job.template.resolve()),
            "template_rel": _relatif(job.template, PROJ_ROOT),
            "parameters": job.parameters,
            "stem": job.stem,
            "judul": job.judul,
            "cwd": str(self.out_dir.resolve()),
            "timeout": self.timeout,
            "timeout_sel": self.timeout_sel,
        }

    def _write(self, job: Job, h: str, res: Mapping[str, Any]) -> JobResult:
        ipynb = self.out_dir / f"{job.stem}.ipynb"
        page = self.out_dir / f"{job.stem}.html"
        berkas: dict[str, str] = {}
        if res.get("ipynb") is not None:
            atomic_write_text(ipynb, res["ipynb"])
            berkas["ipynb"] = ipynb.name
        if res["status"] == STATUS_OK and res.get("html") is not None:
            atomic_write_text(page, res["html"])
            berkas["html"] = page.name
        else:
            # a failed brief must not leave an earlier run's HTML looking current
            with contextlib.suppress(FileNotFoundError):
                page.unlink()
        return JobResult(
            stem=job.stem,
            judul=job.judul,
            status=res["status"],
            durasi_detik=float(res.get("durasi_detik", 0.0)),
            hash=h,
            kegagalan=res.get("kegagalan"),
            kernel=dict(res.get("kernel") or {}),
            berkas=berkas,
            selesai=dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        )

    def _manifest(
        self,
        jobs: Sequence[Job],
        ordered: Sequence[JobResult],
        previous: Mapping[str, Any],
        masukan_sha: Mapping[str, str],
        template_sha: Mapping[Path, str],
        parameter_run: Mapping[str, Any],
        durasi: float,
    ) -> dict[str, Any]:
        by_stem = {j.stem: j for j in jobs}
        now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        entries = []
        done = set()
        for r in ordered:
            job = by_stem[r.stem]
            entry = dataclasses.asdict(r)
            if r.status == STATUS_DILEWATI and r.stem in previous:
                # keep the facts of the run that produced the files being kept
                entry = {**previous[r.stem], "status": STATUS_DILEWATI,
                         "status_sebelumnya": previous[r.stem].get("status"), "hash": r.hash}
            entry.update(templat=_relatif(job.template, PROJ_ROOT), parameter=job.parameters)
            entries.append(entry)
            done.add(r.stem)
        for stem, old in previous.items():
            if stem not in done and stem not in by_stem:
                entries.append({**old, "dari_run_sebelumnya": True})
        counts = {s: sum(r.status == s for r in ordered)
                  for s in (STATUS_OK, STATUS_GAGAL, STATUS_DILEWATI)}
        extra = ("dask", "distributed") if isinstance(self._pool, _DaskPool) else ()
        manifest = {
            "dibuat": now,
            "eksekutor": self.describe(),
            "durasi_total_detik": round(durasi, 3),
            "ringkasan": {**counts, "jumlah": len(ordered),
                          "belum_selesai": len(jobs) - len(ordered)},
            "parameter": dict(parameter_run),
            "masukan": [{"berkas": k, "sha256": v} for k, v in masukan_sha.items()],
            "templat": [{"berkas": _relatif(p, PROJ_ROOT), "sha256": v}
                        for p, v in template_sha.items()],
            "versi_paket": package_versions(extra),
            "kode_sha256": source_hash(),
            "git_commit": git_commit(),
            "pengaturan": {"jobs": self.jobs, "timeout_detik": self.timeout,
                           "timeout_sel_detik": self.timeout_sel, **self.settings},
            "briefs": entries,
        }
        return _scrub(manifest, _prefixes(self.out_dir))


def run_jobs(job_list: Sequence[Job], out_dir: Path | str, *, resume: bool = False,
             masukan: Mapping[str, Path] | None = None,
             parameter_run: Mapping[str, Any] | None = None, **runner_kwargs: Any) -> RunResult:
    """Run ``job_list`` with a :class:`BatchRunner`.

    Keyword arguments other than those listed go to the :class:`BatchRunner` constructor
    (``jobs=2`` parallel kernels, ``scheduler``, ``timeout``, ``preload``, ``progress``).

    Returns:
        The :class:`RunResult` (``exit_code`` 1 when any job failed).
    """
    with BatchRunner(out_dir, **runner_kwargs) as runner:
        return runner.run(job_list, masukan=masukan, parameter_run=parameter_run, resume=resume)


# --- the main job: district briefs and the province overview ---------------------------------
TEMPLATE_KABKOTA = "brief_kabkota.ipynb"
TEMPLATE_PROVINSI = "ringkasan_provinsi.ipynb"

#: Builds a job's parameters from (kode_wilayah, context). Context keys: ``tahun``, ``data``,
#: ``hasil_path`` and ``parameters_path`` (paths relative to the output folder, the kernels'
#: working directory; ``parameters_path`` is ``""`` for the default YAML), ``provinsi`` (bool).
ParameterBuilder = Callable[[str, Mapping[str, Any]], dict[str, Any]]


def default_parameters(kode: str, konteks: Mapping[str, Any]) -> dict[str, Any]:
    """Parameters of the brief templates (see ``notebooks/templates/README.md``).

    ``kode_wilayah`` (string), ``tahun`` (int), ``data`` (the run's copy of the package),
    ``hasil_path`` (the analysis computed once), ``parameters_path``.
    """
    return {
        "kode_wilayah": str(kode),
        "tahun": int(konteks["tahun"]),
        "data": str(konteks["data"]),
        "hasil_path": str(konteks["hasil_path"]),
        "parameters_path": str(konteks["parameters_path"]),
    }


def slug(text: str) -> str:
    """File-name slug of a name (:func:`workbench.teks.slug`): ``Gunung Mas`` → ``gunung-mas``."""
    from workbench.teks import slug as teks_slug

    return teks_slug(text)


def _pilih_wilayah(wilayah: Sequence[str] | None, daftar: Sequence[str]) -> list[str]:
    if not wilayah:
        return list(daftar)
    out = []
    for kode in wilayah:
        if isinstance(kode, float):
            raise BriefsError(f"code {kode!r} was read as a number: pass it as a string, '62.10'")
        kode = str(kode).strip()
        if kode not in daftar:
            close = difflib.get_close_matches(kode, daftar, n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]}?" if close else ""
            raise BriefsError(f"unknown kab/kota code {kode!r}{hint} (known: {', '.join(daftar)})")
        if kode not in out:
            out.append(kode)
    return out


def _copy_package(data: Path, dest_root: Path) -> tuple[Path, dict[str, Path]]:
    """Copy the input package into the run's cache (briefs read it by a relative path).

    Returns:
        The copy's path and ``{relative name: original file}`` of every input file.
    """
    data = Path(data)
    if data.is_dir():
        files = sorted(p for p in data.rglob("*") if p.is_file() and not p.name.startswith("."))
        dest = dest_root / data.name
    else:
        files = [data]
        dest = dest_root / data.name
    if data.is_dir() and dest.is_dir():
        # a file removed from the package since the last run must not linger in the copy
        wanted = {dest / f.relative_to(data) for f in files}
        for old in [p for p in dest.rglob("*") if p.is_file() and p not in wanted]:
            old.unlink()
    masukan = {}
    for f in files:
        rel = f.relative_to(data) if data.is_dir() else Path(f.name)
        target = dest / rel if data.is_dir() else dest
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.is_file() or sha256_file(target) != sha256_file(f):
            tmp = target.with_name(f".{target.name}.tmp")
            shutil.copyfile(f, tmp)
            tmp.replace(target)
        masukan[f"{data.name}/{rel.as_posix()}" if data.is_dir() else data.name] = f
    return dest, masukan


def run_briefs(
    data: Path | str | None = None,
    tahun: int = 2026,
    wilayah: Sequence[str] | None = None,
    jobs: int | None = 2,
    out: Path | str | None = None,
    scheduler: Any = None,
    parameters: Path | str | None = None,
    resume: bool = False,
    *,
    templates_dir: Path | str | None = None,
    parameter_builder: ParameterBuilder | None = None,
    preload: Sequence[str] | None = None,
    progress: bool = True,
    pdf: bool = False,
) -> RunResult:
    """Execute the district briefs and the province overview; write index, Excel, manifest.

    Steps: resolve the data (None: the built-in sample), start the warm kernels, load the
    package and compute the province-wide analysis once (``<out>/_cache/<tahun>/hasil``,
    beside the shared ``<out>/<tahun>/`` so that no raw data copy sits among the briefs),
    build one job per kab/kota (``brief_kabkota.ipynb``) plus the province overview
    (``ringkasan_provinsi.ipynb``), run them, then write ``index.html`` and the Excel tables.

    Args:
        data: Package folder or ``.xlsx``; None generates/reuses the built-in sample.
        tahun: Plan year.
        wilayah: Kemendagri codes of the kab/kota to brief (default: the parameters' list).
        jobs: Parallel kernels (None: ``briefs.jobs`` of the parameters).
        out: Output root (default: ``WORKBENCH_OUTPUT_DIR`` or ``briefs.folder_keluaran``).
        scheduler: Dask scheduler address ``tcp://HOST:PORT`` (or a ``Client``).
        parameters: Parameters YAML (default ``parameters/kalteng.yaml``).
        resume: Skip briefs whose inputs and parameters are unchanged.
        templates_dir: Folder holding the two templates (tests point it at fixtures).
        parameter_builder: Builds each job's parameters (default :func:`default_parameters`).
        preload: Modules imported once per kernel.
        progress: Show the progress bar.
        pdf: Also print a PDF per brief and the booklet (:func:`workbench.pdf.write_pdfs`).

    Returns:
        The :class:`RunResult`.

    Raises:
        BriefsError: unknown code, missing template or data.
        workbench.pdf.PdfError: ``pdf`` and no Chromium to print with (the briefs are written).
        workbench.config.ParameterError, workbench.contract.PackageError,
        workbench.analysis.AnalysisError: bad parameters, data or year.
    """
    t0 = time.monotonic()
    from workbench.config import DEFAULT_PARAMETERS, load_parameters
    from workbench.reference import load_wilayah

    params = load_parameters(parameters)
    root = Path(out) if out is not None else _default_out(params.briefs.folder_keluaran)
    out_dir = root / str(int(tahun))
    # The analysis and the data copy live beside, not inside, the shared folder of the year.
    cache = root / "_cache" / str(int(tahun))
    if (out_dir / "_cache").is_dir():  # left by a run of an earlier version
        shutil.rmtree(out_dir / "_cache")
    tdir = Path(templates_dir) if templates_dir is not None else TEMPLATES_DIR
    wl = load_wilayah()
    nama = dict(zip(wl["kode"], wl["nama"], strict=True))
    kodes = _pilih_wilayah(wilayah, params.daftar_kabkota())
    builder = parameter_builder or default_parameters
    for name in (TEMPLATE_KABKOTA, TEMPLATE_PROVINSI):
        if not (tdir / name).is_file():
            raise TemplateError(f"{tdir / name}: template notebook not found")

    runner = BatchRunner(
        out_dir,
        jobs=jobs or params.briefs.jobs,
        scheduler=scheduler,
        timeout=params.briefs.timeout_detik,
        retries=params.briefs.retries,
        preload=BRIEF_PRELOAD if preload is None else preload,
        progress=progress,
    )
    with runner:
        runner.start()  # kernels warm up while the analysis runs
        data_path = Path(data) if data is not None else _ensure_sample()
        if not data_path.exists():
            raise BriefsError(f"{data_path}: data package not found (a folder of CSV or .xlsx)")
        hasil = _analyse(data_path, int(tahun), params, cache / "hasil")
        data_copy, masukan = _copy_package(data_path, cache / "data")
        # the parameters YAML shapes the analysis: hashed, copied and passed like the data
        params_file = Path(parameters) if parameters is not None else DEFAULT_PARAMETERS
        params_copy, params_in = _copy_package(params_file, cache / "parameters")
        masukan.update({f"parameters/{k}": v for k, v in params_in.items()})
        rel = lambda p: Path(os.path.relpath(p, out_dir)).as_posix()  # noqa: E731
        konteks = {
            "tahun": int(tahun),
            "data": rel(data_copy),
            "hasil_path": rel(cache / "hasil"),
            "parameters_path": rel(params_copy),
        }
        prov = params.provinsi
        job_list = [
            Job(tdir / TEMPLATE_KABKOTA, builder(k, {**konteks, "provinsi": False}),
                f"{k}-{slug(nama[k])}", nama[k])
            for k in kodes
        ]
        job_list.append(Job(tdir / TEMPLATE_PROVINSI, builder(prov, {**konteks, "provinsi": True}),
                            f"{prov}-{slug(nama[prov])}", nama[prov]))
        parameter_run = {"tahun": int(tahun), "wilayah": kodes, "resume": resume,
                         "parameters": params_file.name,
                         "data": next(iter(masukan)).split("/")[0]}
        # import what the index map needs while the kernels finish starting, not after the run
        _prepare_reports()
        result = runner.run(job_list, masukan=masukan, parameter_run=parameter_run, resume=resume)
    pdfs = _write_pdfs(result, int(tahun), nama[prov]) if pdf else []
    index, extra, notes = _write_reports(result, hasil)
    return dataclasses.replace(result, index=index, extra=[*extra, *pdfs], catatan=notes,
                               durasi_detik=round(time.monotonic() - t0, 3))


def _default_out(folder: str) -> Path:
    if os.environ.get("WORKBENCH_OUTPUT_DIR"):
        from workbench.paths import output_dir

        return output_dir()
    return PROJ_ROOT / folder


def _ensure_sample() -> Path:
    try:
        from workbench.sample import ensure_sample
    except ImportError as err:
        raise BriefsError(
            "no --data given and the built-in sample generator (workbench.sample) is not "
            f"available: {err}"
        ) from err
    return Path(ensure_sample())


def _analyse(data: Path, tahun: int, params: Any, folder: Path) -> Any:
    from workbench.analysis import run_analysis, save_hasil
    from workbench.contract import load_package

    hasil = run_analysis(load_package(data), tahun, params)
    save_hasil(hasil, folder)
    return hasil


def _write_pdfs(result: RunResult, tahun: int, nama_provinsi: str) -> list[Path]:
    """PDF per brief and the booklet (overview first), before the index that links them."""
    from workbench import laporan, pdf, teks

    order = sorted(result.hasil, key=lambda r: "." in r.stem.split("-", 1)[0])
    dokumen = []
    for r in order:
        kode = r.stem.split("-", 1)[0]
        judul = f"Ringkasan {nama_provinsi}" if "." not in kode else teks.nama_wilayah(kode)
        dokumen.append(pdf.Dokumen(r.stem, judul))
    return pdf.write_pdfs(result.out_dir, dokumen, tahun, judul_buku=nama_provinsi,
                          sintetis=laporan._sintetis_keluaran(result.out_dir))  # fmt: skip


def _prepare_reports() -> None:
    """Import what :func:`_write_reports` draws with (errors surface there, not here)."""
    import importlib

    for name in ("workbench.maps", "workbench.laporan"):
        with contextlib.suppress(Exception):
            importlib.import_module(name)


def _write_reports(result: RunResult, hasil: Any) -> tuple[Path, list[Path], list[str]]:
    """Index page and Excel tables (:mod:`workbench.laporan`), after the briefs.

    The briefs are already written when this runs: if the rich index (map and headline
    figures) cannot be drawn, a plain index listing every brief takes its place and the
    problem is reported, so a run never ends without an index page.

    Returns:
        The index path, the Excel paths and notes for the summary.
    """
    from workbench import laporan

    notes: list[str] = []
    try:
        index = Path(laporan.tulis_index(result.out_dir, hasil, result.hasil))
    except Exception as err:  # noqa: BLE001 - any failure here must still leave an index
        notes.append(f"index with map failed ({type(err).__name__}: {err}); wrote a plain index")
        index = write_index(result.out_dir, result.hasil)
    extra: list[Path] = []
    try:
        extra = [Path(p) for p in laporan.tulis_excel(result.out_dir, hasil) or []]
    except Exception as err:  # noqa: BLE001 - reported; the briefs stand on their own
        notes.append(f"Excel tables not written ({type(err).__name__}: {err})")
    return index, extra, notes


def write_index(out_dir: Path, results: Sequence[JobResult]) -> Path:
    """A plain ``index.html`` listing every brief with its status and link (HTML-escaped).

    Used when ``workbench.laporan.tulis_index`` (map and headline figures) is not available.

    Returns:
        The path written.
    """
    e = html.escape
    rows = []
    for r in results:
        link = r.berkas.get("html")
        name = f'<a href="{e(link)}">{e(r.judul or r.stem)}</a>' if link else e(r.judul or r.stem)
        ket = ""
        if r.kegagalan:
            k = r.kegagalan
            sel = f"sel {k['sel']}: " if k.get("sel") is not None else ""
            ket = f"{sel}{k.get('galat')}: {k.get('pesan')}"
        rows.append(
            f"<tr><td>{e(r.stem.split('-', 1)[0])}</td><td>{name}</td>"
            f'<td class="{e(r.status)}">{e(r.status)}</td><td>{e(ket)}</td></tr>'
        )
    page = f"""<!DOCTYPE html>
<html lang="id"><head><meta charset="utf-8"><title>Ringkasan sinkronisasi perencanaan</title>
<style>body{{font-family:sans-serif;margin:2em}}table{{border-collapse:collapse}}
td,th{{border:1px solid #ccc;padding:4px 8px}}.gagal{{color:#b00}}.ok{{color:#070}}</style>
</head><body><h1>Brief kabupaten/kota</h1>
<table><thead><tr><th>Kode</th><th>Wilayah</th><th>Status</th><th>Keterangan</th></tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody></table>
<p>Rincian eksekusi: <a href="{MANIFEST}">{MANIFEST}</a></p>
</body></html>
"""
    path = Path(out_dir) / "index.html"
    atomic_write_text(path, page)
    return path
