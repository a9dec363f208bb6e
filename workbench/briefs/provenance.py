"""Manifest and provenance: hashes, versions, git commit, scrubbing of shared outputs.

File hashes, the resume hash, package versions, the git commit, and the scrubbing of
absolute paths and user names out of shared outputs.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from workbench.briefs.jobs import Job
from workbench.paths import PROJ_ROOT


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


def _base64(mimetype: Any) -> bool:
    """Whether a notebook output stores ``mimetype`` base64-encoded.

    In nbformat every type but text, JSON and SVG is.
    """
    if not isinstance(mimetype, str) or "/" not in mimetype:
        return False
    jenis, sub = mimetype.split("/", 1)
    return jenis != "text" and mimetype != "image/svg+xml" and not (
        jenis == "application" and (sub == "json" or sub.endswith("+json")
                                    or sub in ("javascript", "xml")))


def _scrub(obj: Any, prefixes: Sequence[tuple[str, str]]) -> Any:
    """Recursively scrub every string of a JSON-like structure (in place for dicts/lists).

    A base64 payload (an output's ``image/png`` …) is left as it is: its alphabet has ``/``
    and letters, so a prefix such as ``/tmp`` or ``/root`` can occur in it by chance, and a
    replacement would break the image.
    """
    if isinstance(obj, str):
        return scrub_text(obj, prefixes)
    if isinstance(obj, list):
        for i, v in enumerate(obj):
            obj[i] = _scrub(v, prefixes)
        return obj
    if isinstance(obj, dict):
        for k in list(obj):
            if _base64(k) and isinstance(obj[k], str | list):
                continue
            obj[k] = _scrub(obj[k], prefixes)
        return obj
    return obj


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
    pkg = Path(__file__).resolve().parents[1]  # the workbench package, not this sub-package
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
