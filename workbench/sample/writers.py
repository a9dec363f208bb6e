"""Writing a package: a folder of CSV files or one workbook, and the built-in sample."""

from __future__ import annotations

import hashlib
import io
import os
import re
import zipfile
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd

from workbench.fileio import atomic_dir, atomic_write_bytes
from workbench.paths import REFERENCE_DIR, sample_dir
from workbench.sample.generate import SampleData, generate
from workbench.sample.spec import FORMAT, KETERANGAN, PENANDA, SampleError
from workbench.vocabulary import TABLES

# Fixed document properties and zip timestamps: same seed, same bytes.
_WAKTU_TETAP = datetime(2026, 1, 1, 0, 0, 0)
_ZIP_WAKTU = (2026, 1, 1, 0, 0, 0)


def _kutip(v: str) -> str:
    """A CSV field as the csv module's QUOTE_MINIMAL writes it."""
    if any(c in v for c in ',"\n\r'):
        return '"' + v.replace('"', '""') + '"'
    return v


def _csv_potongan(df: pd.DataFrame, baris: int = 250_000):
    """UTF-8 CSV of a text table in chunks (minimal quoting, newline line ends).

    Byte-identical to ``DataFrame.to_csv(index=False, lineterminator=<newline>)`` but about
    twice as fast on the national package: each column's distinct values are quoted once
    (plan tables repeat a few hundred texts over a million lines) and rows are joined in
    chunks, so the whole file never sits in memory as one string.
    """
    cols = []
    for c in df.columns:
        codes, uniq = pd.factorize(df[c], sort=False)
        quoted = np.array([_kutip(str(u)) for u in uniq] + [""], dtype=object)
        cols.append(quoted[codes])  # code −1 (missing) picks the trailing ""
    yield (",".join(_kutip(str(c)) for c in df.columns) + "\n").encode("utf-8")
    for i in range(0, len(df), baris):
        part = [c[i : i + baris] for c in cols]
        yield ("\n".join(map(",".join, zip(*part, strict=True))) + "\n").encode("utf-8")


def _csv_bytes(df: pd.DataFrame) -> bytes:
    """The whole CSV of a table as bytes (see :func:`_csv_potongan`)."""
    return b"".join(_csv_potongan(df))


def _tulis_csv(data: SampleData, folder: Path) -> None:
    """The package's CSV files and KETERANGAN into ``folder`` (an empty, temporary folder)."""
    for name in TABLES:
        with (folder / f"{name}.csv").open("wb") as f:
            for potongan in _csv_potongan(data.tables[name]):
                f.write(potongan)
    (folder / KETERANGAN).write_text(data.keterangan, encoding="utf-8")


def _xlsx_bytes(data: SampleData) -> bytes:
    """One workbook, a sheet per table plus ``KETERANGAN``; cells hold the text of the CSV."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    wb.properties.creator = "workbench (data contoh sintetis)"
    wb.properties.created = _WAKTU_TETAP
    wb.properties.modified = _WAKTU_TETAP
    wb.properties.lastModifiedBy = "workbench"
    for name in TABLES:
        ws = wb.create_sheet(title=name)
        df = data.tables[name]
        ws.append(list(df.columns))
        for row in df.itertuples(index=False, name=None):
            ws.append([v if v != "" else None for v in row])
    ws = wb.create_sheet(title="KETERANGAN")
    for line in data.keterangan.splitlines():
        ws.append([line])
    raw = io.BytesIO()
    wb.save(raw)
    return _zip_tetap(raw.getvalue())


def _zip_tetap(blob: bytes) -> bytes:
    """Re-pack a zip with fixed timestamps and order, so equal content gives equal bytes."""
    src = zipfile.ZipFile(io.BytesIO(blob))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=_ZIP_WAKTU)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            isi = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                # openpyxl stamps the save time into <dcterms:modified>; fix it.
                isi = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    rb"\g<1>" + _WAKTU_TETAP.strftime("%Y-%m-%dT%H:%M:%SZ").encode() + rb"\g<2>",
                    isi,
                )
            dst.writestr(zi, isi)
    return out.getvalue()


_BARIS_MAKS_XLSX = 1_048_576  # rows of an Excel worksheet, header included


def _boleh_ditimpa(out: Path) -> bool:
    """A path may be replaced when it is absent or a sample package written earlier."""
    if not out.exists():
        return True
    if out.is_dir():
        return (out / KETERANGAN).is_file() or not any(out.iterdir())
    return out.suffix.lower() == ".xlsx" and out.is_file()


def write_sample(
    out: str | os.PathLike,
    seed: int = 2026,
    fmt: str = "csv",
    scale: str = "kalteng",
    *,
    data: SampleData | None = None,
) -> Path:
    """Write a sample package: a folder of ``<table>.csv`` (fmt ``csv``) or one ``.xlsx``.

    The package is written to a temporary name beside ``out`` and renamed into place, so a
    reader never sees half a package. ``out`` may be replaced only when it is a package
    written earlier (a folder holding ``KETERANGAN.txt``, an empty folder, or an ``.xlsx``).
    Same seed and scale, same bytes (the workbook's document properties and zip timestamps
    are fixed).

    Args:
        out: Target folder (csv) or workbook path (xlsx; ``.xlsx`` is appended if missing).
        seed: Random seed.
        fmt: ``csv`` or ``xlsx``.
        scale: ``kalteng`` or ``national``.
        data: An already generated package (skips generation; ``seed``/``scale`` are ignored).

    Returns:
        The path written.

    Raises:
        SampleError: Unknown format or scale, ``out`` holds something else, or (xlsx) a table
            has more rows than an Excel sheet holds (the national package: use csv).
    """
    if fmt not in FORMAT:
        raise SampleError(f"unknown format {fmt!r}: expected one of {', '.join(FORMAT)}")
    out = Path(out)
    if fmt == "xlsx" and out.suffix.lower() != ".xlsx":
        out = out.with_name(out.name + ".xlsx")
    if not _boleh_ditimpa(out):
        raise SampleError(
            f"{out} exists and is not a sample package written earlier; choose another path"
        )
    data = data if data is not None else generate(seed=seed, scale=scale)
    if fmt == "xlsx":
        terbesar = max(data.tables, key=lambda n: len(data.tables[n]))
        if len(data.tables[terbesar]) + 1 > _BARIS_MAKS_XLSX:
            raise SampleError(
                f"the {terbesar} table has {len(data.tables[terbesar]):,} rows, more than an "
                f"Excel sheet holds ({_BARIS_MAKS_XLSX:,}); write this package as csv"
            )
    if fmt == "csv":
        with atomic_dir(out) as paket:
            _tulis_csv(data, paket)
    else:
        atomic_write_bytes(out, _xlsx_bytes(data))
    return out


_PENANDA_SEED = ".seed"


def is_sample(path: str | os.PathLike) -> bool:
    """True when ``path`` is a package written by this module (folder or workbook).

    A folder holds ``KETERANGAN.txt`` opening with "DATA CONTOH (SINTETIS)"; a workbook has a
    ``KETERANGAN`` sheet whose first cell opens with it. Anything else (or unreadable) is False.
    """
    path = Path(path)
    try:
        if path.is_dir():
            ket = path / KETERANGAN
            return ket.is_file() and ket.read_text(encoding="utf-8").startswith(PENANDA)
        if path.is_file() and path.suffix.lower() == ".xlsx":
            from openpyxl import load_workbook

            wb = load_workbook(path, read_only=True)
            try:
                if "KETERANGAN" not in wb.sheetnames:
                    return False
                first = next(wb["KETERANGAN"].iter_rows(max_row=1, values_only=True), (None,))
                return str(first[0] or "").startswith(PENANDA)
            finally:
                wb.close()
    except (OSError, ValueError, KeyError, zipfile.BadZipFile):
        return False
    return False


_SUFFIX_SUMBER = (".py", ".csv", ".yaml")  # the package's code and data files


def _sumber_sampel() -> list[Path]:
    """The files a generated sample depends on: this package's code and data, the reference data."""
    paket = Path(__file__).parent
    kode = sorted(f for f in paket.rglob("*") if f.is_file() and f.suffix in _SUFFIX_SUMBER)
    return kode + sorted(f for f in REFERENCE_DIR.iterdir() if f.is_file())


def _penanda_sampel(seed: int) -> str:
    """What a generated sample depends on: the seed and a fingerprint of :func:`_sumber_sampel`.

    A folder generated by an older version of this package (code or ``data/``) or of
    ``workbench/reference/`` (an upgraded checkout) is therefore regenerated rather than served
    stale.
    """
    h = hashlib.sha256()
    for f in _sumber_sampel():
        h.update(f.name.encode())
        h.update(f.read_bytes())
    return f"{seed} {h.hexdigest()[:16]}"


def _siap(tujuan: Path, harap: str) -> bool:
    """True when ``tujuan`` holds a complete package whose marker is ``harap``."""
    penanda = tujuan / _PENANDA_SEED
    return penanda.is_file() and penanda.read_text().strip() == harap


def ensure_sample(seed: int = 2026) -> Path:
    """The built-in Kalteng sample package (CSV folder) in :func:`workbench.paths.sample_dir`.

    Generated once; later calls return the folder. Safe when two processes race: each builds
    into its own temporary folder (:func:`workbench.fileio.atomic_dir`) and renames it into
    place; one that finds the same package already there discards its copy, and a rename that
    loses a race is retried unless the winner's package is in place. A folder built with
    another seed, or by another version of the generator or its reference data
    (:func:`_penanda_sampel`), is replaced.

    Args:
        seed: Random seed of the package.

    Returns:
        The package folder.
    """
    tujuan = sample_dir()
    harap = _penanda_sampel(seed)
    if _siap(tujuan, harap):
        return tujuan
    data = generate(seed=seed)
    for coba in range(3):
        try:
            with atomic_dir(tujuan) as paket:
                _tulis_csv(data, paket)
                (paket / _PENANDA_SEED).write_text(f"{harap}\n")
                if _siap(tujuan, harap):
                    # another process finished first: leave atomic_dir without replacing theirs
                    raise FileExistsError(tujuan)
        except OSError:
            # Lost a race: another process finished first, moved the folder aside or renamed
            # its own into place.
            if _siap(tujuan, harap):
                break
            if coba == 2:
                raise
        else:
            break
    return tujuan
