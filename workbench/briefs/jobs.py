"""Jobs, results and errors of the batch engine, and the template check.

A :class:`Job` names a template notebook, plain scalar parameters and an output stem;
:class:`JobResult` and :class:`RunResult` record what happened. Template-agnostic:
nothing here knows the product (laporan, analysis, contract).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbench.errors import WorkbenchError

#: Status values of a job (Bahasa Indonesia: they appear in the manifest and the index page).
STATUS_OK, STATUS_GAGAL, STATUS_DILEWATI = "ok", "gagal", "dilewati"

#: Modules imported once in every warm kernel unless the caller passes its own list.
DEFAULT_PRELOAD = ("pandas", "numpy", "matplotlib.pyplot")


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
