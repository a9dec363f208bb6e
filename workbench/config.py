"""Run parameters (``parameters/*.yaml``) as strict, immutable pydantic models.

The model follows PUDL's settings: every model is frozen and refuses unknown keys
(``extra="forbid"``), and validators refuse values that would silently give wrong analyses
(an unknown district code, predikat bands out of order, sync-index weights that do not sum
to 1). :func:`load_parameters` turns every problem into a :class:`ParameterError` whose
message names the file, the key, the value and what is allowed.

Example (``parameters/kalteng.yaml``)::

    provinsi: "62"
    kabkota: ["62.01", ..., "62.71"]
    tahun: {default: 2026, tersedia: [2025, 2026, 2027]}
    capaian: {batas_atas: null, predikat: {sangat_tinggi: 91, tinggi: 76, sedang: 66, rendah: 51}}
    sinkronisasi: {bobot: {dukungan_rkpd: 0.4, dukungan_renja: 0.2, cakupan_outcome: 0.3,
                           pendanaan: 0.1}}
    agregat: {toleransi_relatif: 0.01}
    briefs: {jobs: 2, timeout_detik: 600, retries: 1, folder_keluaran: output}
"""

from __future__ import annotations

import csv
import difflib
import functools
import math
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from workbench.errors import WorkbenchError
from workbench.paths import PARAMETERS_DIR, REFERENCE_DIR

DEFAULT_PARAMETERS = PARAMETERS_DIR / "kalteng.yaml"


class ParameterError(WorkbenchError, ValueError):
    """A parameters file is missing, unreadable or holds a value that is not allowed."""


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _known_wilayah() -> list[str]:
    """Kemendagri codes of the reference ``wilayah`` table, province first.

    Read with :mod:`csv`, not pandas: a batch validates its parameters before it starts its
    kernels, and importing pandas first would hold them back (tested against
    :func:`workbench.reference.load_wilayah`).
    """
    return list(_kode_wilayah())


@functools.cache
def _kode_wilayah() -> tuple[str, ...]:
    with open(REFERENCE_DIR / "wilayah.csv", encoding="utf-8", newline="") as f:
        return tuple(row["kode"] for row in csv.DictReader(f))


def _refuse_unknown(kode: str, known: list[str], what: str) -> None:
    if kode in known:
        return
    close = difflib.get_close_matches(kode, known, n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    raise ValueError(f"unknown {what} code {kode!r}{hint} (known: {', '.join(known)})")


class Tahun(_Frozen):
    """Years: the default analysis year and the years a run may choose."""

    default: int = Field(2026, ge=2000, le=2100, description="Year analysed when none is given.")
    tersedia: tuple[int, ...] = Field(
        (2025, 2026, 2027), description="Years a run may analyse (RKPD years of the package)."
    )

    @model_validator(mode="after")
    def _default_is_available(self) -> Tahun:
        if self.tersedia and self.default not in self.tersedia:
            raise ValueError(
                f"default year {self.default} is not in tersedia {list(self.tersedia)}"
            )
        return self


class Predikat(_Frozen):
    """Inclusive lower bounds (capaian %) of the predikat bands; below ``rendah``: Sangat Rendah.

    Defaults follow the evaluation scale used with Permendagri 86/2017: Sangat Tinggi ≥ 91,
    Tinggi [76, 91), Sedang [66, 76), Rendah [51, 66), Sangat Rendah < 51 (half-open bands so
    that 90.5 is Tinggi and 50.5 is Sangat Rendah: no value falls between bands).
    """

    sangat_tinggi: float = 91.0
    tinggi: float = 76.0
    sedang: float = 66.0
    rendah: float = 51.0

    @model_validator(mode="after")
    def _decreasing(self) -> Predikat:
        bounds = [self.sangat_tinggi, self.tinggi, self.sedang, self.rendah]
        if any(a <= b for a, b in zip(bounds, bounds[1:], strict=False)):
            raise ValueError(
                "predikat bounds must strictly decrease sangat_tinggi > tinggi > sedang > rendah,"
                f" got {bounds}"
            )
        return self

    def batas(self) -> list[float]:
        """Bin edges for :func:`pandas.cut` with ``right=False``, lowest first."""
        return [-math.inf, self.rendah, self.sedang, self.tinggi, self.sangat_tinggi, math.inf]


class Capaian(_Frozen):
    """Achievement settings."""

    batas_atas: Literal[100, 120] | None = Field(
        None, description="Cap on capaian %: null (no cap), 100 or 120."
    )
    predikat: Predikat = Predikat()


class BobotSinkronisasi(_Frozen):
    """Weights of the synchronization-index components (must sum to 1).

    Components (each 0–100, see :mod:`workbench.sinkronisasi`): ``dukungan_rkpd`` share of
    the agreed sub kegiatan in the district's RKPD; ``dukungan_renja`` the same in its Renja;
    ``cakupan_outcome`` share of the province outcomes with at least one agreed sub kegiatan in
    the RKPD; ``pendanaan`` share of the agreed sub kegiatan that carry pagu > 0 in the RKPD.
    Defaults 0.4 / 0.2 / 0.3 / 0.1: the RKPD is the binding annual plan, the Renja follows it,
    an outcome left without any support is the gravest gap, and pagu without content says
    little on its own.
    """

    dukungan_rkpd: float = Field(0.4, ge=0, le=1)
    dukungan_renja: float = Field(0.2, ge=0, le=1)
    cakupan_outcome: float = Field(0.3, ge=0, le=1)
    pendanaan: float = Field(0.1, ge=0, le=1)

    @model_validator(mode="after")
    def _sum_to_one(self) -> BobotSinkronisasi:
        total = sum(self.as_dict().values())
        if not math.isclose(total, 1.0, abs_tol=1e-9):
            raise ValueError(f"weights must sum to 1, they sum to {total:g}: {self.as_dict()}")
        return self

    def as_dict(self) -> dict[str, float]:
        """Component name → weight."""
        return {
            "dukungan_rkpd": self.dukungan_rkpd,
            "dukungan_renja": self.dukungan_renja,
            "cakupan_outcome": self.cakupan_outcome,
            "pendanaan": self.pendanaan,
        }


class Sinkronisasi(_Frozen):
    """Synchronization settings."""

    bobot: BobotSinkronisasi = BobotSinkronisasi()


class Agregat(_Frozen):
    """Target-arithmetic settings."""

    toleransi_relatif: float = Field(
        0.01,
        ge=0,
        le=1,
        description=(
            "Relative tolerance |implied − reported| / |reported| above which the province "
            "realisation is flagged as inconsistent with the district realisations."
        ),
    )


class Briefs(_Frozen):
    """Settings the briefs runner reads (owned by ``workbench.briefs``)."""

    jobs: int = Field(2, ge=1, le=64, description="Parallel kernels/processes.")
    timeout_detik: int = Field(600, ge=10, description="Wall-clock timeout per district brief.")
    retries: int = Field(1, ge=0, le=5, description="Retries when a kernel fails to start.")
    folder_keluaran: str = Field("output", min_length=1, description="Output root folder name.")


class Parameters(_Frozen):
    """One run profile: province, districts, years and thresholds."""

    provinsi: str = Field("62", description="Kemendagri code of the province.")
    kabkota: tuple[str, ...] = Field(
        (), description="Kemendagri codes of the kab/kota to brief (empty: all in the reference)."
    )
    tahun: Tahun = Tahun()
    capaian: Capaian = Capaian()
    sinkronisasi: Sinkronisasi = Sinkronisasi()
    agregat: Agregat = Agregat()
    briefs: Briefs = Briefs()

    @field_validator("provinsi", mode="before")
    @classmethod
    def _provinsi_known(cls, v: Any) -> str:
        kode = str(v).strip()
        _refuse_unknown(kode, _known_wilayah()[:1], "province")
        return kode

    @field_validator("kabkota", mode="before")
    @classmethod
    def _kabkota_known(cls, v: Any) -> tuple[str, ...]:
        if v is None:
            return ()
        if not isinstance(v, list | tuple):
            raise ValueError("must be a list of Kemendagri codes such as ['62.01', '62.06']")
        known = _known_wilayah()[1:]
        codes = []
        for item in v:
            if isinstance(item, float):
                # YAML reads 62.10 as the float 62.1: refuse instead of guessing.
                raise ValueError(f"code {item!r} was read as a number: quote it, e.g. '62.10'")
            kode = str(item).strip()
            _refuse_unknown(kode, known, "kab/kota")
            codes.append(kode)
        if len(set(codes)) != len(codes):
            dup = sorted({c for c in codes if codes.count(c) > 1})
            raise ValueError(f"duplicate codes {dup}")
        return tuple(codes)

    def daftar_kabkota(self) -> list[str]:
        """The kab/kota codes to brief: ``kabkota`` or, when empty, every kab/kota."""
        return list(self.kabkota) if self.kabkota else _known_wilayah()[1:]


def _format_validation(err: ValidationError, path: Path) -> str:
    lines = [f"{path}: {err.error_count()} invalid parameter(s)"]
    for e in err.errors():
        key = ".".join(str(p) for p in e["loc"]) or "(top level)"
        value = e.get("input")
        msg = e["msg"]
        if e["type"] == "extra_forbidden":
            msg = "unknown key (not allowed)"
        lines.append(f"  {key} = {value!r}: {msg}")
    return "\n".join(lines)


def load_parameters(path: Path | str | None = None) -> Parameters:
    """Read a parameters YAML into a validated, frozen :class:`Parameters`.

    Args:
        path: The YAML file; ``None`` reads ``parameters/kalteng.yaml``.

    Returns:
        The parameters.

    Raises:
        ParameterError: the file is missing or is not YAML, or a key is unknown or holds a
            value that is not allowed (the message names key, value and what is allowed).
    """
    p = Path(path) if path is not None else DEFAULT_PARAMETERS
    if not p.is_file():
        raise ParameterError(f"{p}: parameters file not found")
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        raise ParameterError(f"{p}: not valid YAML: {err}") from err
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ParameterError(
            f"{p}: expected a mapping of keys at top level, got {type(data).__name__}"
        )
    try:
        return Parameters.model_validate(data)
    except ValidationError as err:
        raise ParameterError(_format_validation(err, p)) from err
