"""Command-line interface: ``workbench sample|validate|import-sipd|import|analyze|geodata|briefs``.

Each command is a thin wrapper: it parses options, calls one function of the package and
turns the package's user-facing exceptions into a clear message and an exit code (no
traceback for errors a user can cause). Heavy modules are imported inside the commands so
``workbench --help`` stays fast.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Optional

import typer

from workbench.errors import WorkbenchError

app = typer.Typer(
    help="Workbench for plan synchronization (sinkronisasi) in Kalimantan Tengah.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
geodata_app = typer.Typer(help="Boundary layers of the 14 kabupaten/kota.", no_args_is_help=True)
app.add_typer(geodata_app, name="geodata")
reference_app = typer.Typer(help="The shipped nomenclature reference.", no_args_is_help=True)
app.add_typer(reference_app, name="reference")


def _fail(message: str, code: int = 2) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


@contextlib.contextmanager
def _user_errors(io_what: str) -> Iterator[None]:
    """Turn an error the user can cause into a message and exit code 2 (no traceback).

    Every such error derives from :class:`~workbench.errors.WorkbenchError`; one that carries a
    validation report (``PackageError``) prints its first 30 problems. An ``OSError`` is a file
    that cannot be read or written: ``io_what`` says which.
    """
    try:
        yield
    except WorkbenchError as err:
        laporan = getattr(err, "laporan", None)
        _fail(laporan.format(limit=30) if laporan is not None else str(err))
    except OSError as err:
        _fail(f"{io_what}: {err}")


# --- sample ------------------------------------------------------------------------------
@app.command()
def sample(
    out_dir: Path = typer.Argument(..., help="Folder (csv) or .xlsx file to write."),
    seed: int = typer.Option(2026, help="Random seed: same seed, same bytes."),
    format: str = typer.Option("csv", "--format", help="csv (one file per table) or xlsx."),
    scale: str = typer.Option(
        "kalteng", help="kalteng (15 governments) or national (514 kab/kota)."
    ),
) -> None:
    """Write a synthetic planning data package (data contoh, sintetis)."""
    from workbench import teks
    from workbench.sample import SampleError, generate, write_sample

    with _user_errors(f"cannot write to {out_dir}"):
        if format not in ("csv", "xlsx") or scale not in ("kalteng", "national"):
            raise SampleError(
                f"--format must be csv or xlsx and --scale kalteng or national "
                f"(got {format!r}, {scale!r})"
            )
        data = generate(seed=seed, scale=scale)
        path = write_sample(out_dir, fmt=format, data=data)
    typer.echo(f"data contoh (sintetis): {scale}, seed {seed}, format {format} -> {path}")
    for name, frame in data.tables.items():
        typer.echo(f"  {name:<12} {teks.format_angka(len(frame), 0):>9} baris")
    typer.echo("cacat yang ditanam (untuk menguji analisis):")
    for line in data.cacat.ringkasan():
        typer.echo(f"  - {line}")


# --- validate ----------------------------------------------------------------------------
@app.command()
def validate(
    path: Path = typer.Argument(..., help="Package folder of CSV files or one .xlsx workbook."),
    lenient: bool = typer.Option(False, help="Drop bad rows (each one listed) instead of failing."),
) -> None:
    """Check a planning data package; exit 0 when clean, 1 when anything is wrong.

    Prints the report: rows read and kept per table, then every problem (file, sheet, row,
    column, value, reason), errors first, then warnings. Warnings alone exit 0.
    """
    from workbench.contract import validate_path

    with _user_errors(f"cannot read {path}"):
        report = validate_path(path, lenient=lenient)
    typer.echo(report.format())
    if not report.ok:
        n = len(report.errors)
        if lenient and not report.fatal:
            _fail(
                f"{n} error(s); `--lenient` loading drops the {report.n_dropped} row(s) "
                "listed above and keeps the rest",
                1,
            )
        _fail(f"{n} error(s) in {path}", 1)


#: --data of the importers that match names against a package's indikator (and wilayah) table
_INDIKATOR_PACKAGE = typer.Option(
    None, help="Package whose indikator (and wilayah) table to match against."
)


# --- import-sipd -------------------------------------------------------------------------
@app.command("import-sipd")
def import_sipd(
    file: Path = typer.Argument(..., help="SIPD-style RKPD/Renja Excel export (.xlsx)."),
    wilayah: Optional[str] = typer.Option(
        None, help="Kemendagri code of the government, e.g. 62.03 (default: from the title)."
    ),
    dokumen: Optional[str] = typer.Option(None, help="RKPD, RENJA, RPJMD or RENSTRA (from title)."),
    tahun: Optional[int] = typer.Option(None, help="Plan year (default: from the title)."),
    sheet: Optional[str] = typer.Option(None, help="Sheet (default: the first plan-like sheet)."),
    out: Path = typer.Option(Path("rencana.csv"), help="Where to write the rencana lines."),
) -> None:
    """Import a SIPD-style Excel export into `rencana` lines of the data contract.

    Options not given are read from the sheet's title block ("RKPD KABUPATEN KATINGAN TAHUN
    2027"); the report says what was detected, warns when a given option contradicts the
    title, and the import is refused when the title is silent or ambiguous. Prints the import
    report (rows read, lines written per level, pagu vs the sheet's total, skipped rows,
    unknown codes) and writes OUT (.csv or .xlsx) atomically; nothing is written when the
    sheet cannot be imported.
    """
    from workbench.sipd import check_out_path, write_rencana
    from workbench.sipd import import_sipd as _import_sipd

    with _user_errors(f"cannot write {out}"):
        check_out_path(out)
        result = _import_sipd(file, wilayah=wilayah, dokumen=dokumen, tahun=tahun, sheet=sheet)
        typer.echo(result.laporan.format())
        written = write_rencana(result, out)
    typer.echo(f"wrote {len(result.rencana)} rencana lines to {written}")


# --- import-kesepakatan / import-bps -----------------------------------------------------
def _indikator_wilayah(data: Optional[Path]):
    """The indikator and wilayah tables of a package (None, None: the reference ones)."""
    if data is None:
        return None, None
    from workbench.paket_tabel import baca_tabel

    return baca_tabel(data, "indikator"), baca_tabel(data, "wilayah", wajib=False)


def _import_table(out: Path, data: Optional[Path], impor, tulis, nama: str) -> None:
    """Run an importer, print its report, write its table to OUT or exit with the error.

    Args:
        out: The file to write (checked before anything is read).
        data: Package whose indikator and wilayah tables ``impor`` gets (None: the reference).
        impor: ``impor(indikator, wilayah) -> (frame, laporan)``.
        tulis: ``tulis(frame, out) -> Path`` (atomic).
        nama: The table's name in the last line (``wrote N <nama> rows to …``).
    """
    from workbench.spreadsheet import check_out_path

    with _user_errors(f"cannot write {out}"):
        check_out_path(out)
        ind, wil = _indikator_wilayah(data)
        frame, laporan = impor(ind, wil)
        typer.echo(laporan.format())
        written = tulis(frame, out)
    typer.echo(f"wrote {len(frame)} {nama} rows to {written}")


@app.command("import-kesepakatan")
def import_kesepakatan(
    file: Path = typer.Argument(..., help="Kesepakatan table (.xlsx/.csv) from a Rakortek."),
    tahun: Optional[int] = typer.Option(
        None, help="RKPD year the agreement is for (default: Tahun column or the title)."
    ),
    sheet: Optional[str] = typer.Option(None, help="Import only this sheet."),
    data: Optional[Path] = _INDIKATOR_PACKAGE,
    out: Path = typer.Option(Path("kesepakatan.csv"), help="Where to write the rows (.csv/.xlsx)."),
) -> None:
    """Import a Rakortek kesepakatan table into `kesepakatan` rows of the data contract.

    Prints the report (rows used, headings, skipped rows with reasons, indicators matched and
    not matched with the nearest one) and writes OUT atomically; nothing is written when the
    import fails.
    """
    from workbench.kesepakatan_impor import import_kesepakatan as _import
    from workbench.kesepakatan_impor import write_kesepakatan

    _import_table(
        out, data,
        lambda ind, wil: _import(file, tahun=tahun, sheet=sheet, indikator=ind, wilayah=wil),
        write_kesepakatan, "kesepakatan",
    )


@app.command("import-bps")
def import_bps(
    file: Path = typer.Argument(..., help="BPS statistics table as downloaded (.xlsx or .csv)."),
    indikator: str = typer.Option(..., help="Indicator code the table measures, e.g. IKU.IPM."),
    periode: Optional[str] = typer.Option(
        None, help="Period to read when a year has several columns (e.g. Maret)."
    ),
    seri: Optional[str] = typer.Option(
        None, help="Series to read when the table has several (a word of its label)."
    ),
    sheet: Optional[str] = typer.Option(None, help="Sheet (default: the first with year columns)."),
    sumber: Optional[str] = typer.Option(
        None, help="Text of the sumber column (default: the table's source note and title)."
    ),
    data: Optional[Path] = _INDIKATOR_PACKAGE,
    out: Path = typer.Option(Path("realisasi.csv"), help="Where to write the rows (.csv/.xlsx)."),
) -> None:
    """Import a BPS table (names in rows, years in columns) into `realisasi` rows.

    Names become Kemendagri codes through the wilayah crosswalk (Katingan: BPS 6209 = 62.06);
    unknown names are reported with the nearest one. Writes OUT atomically; nothing is written
    when the import fails.
    """
    from workbench.bps import import_bps as _import
    from workbench.bps import write_realisasi

    _import_table(
        out, data,
        lambda ind, wil: _import(
            file, indikator=indikator, indikator_tabel=ind, wilayah=wil, sheet=sheet,
            periode=periode, seri=seri, sumber=sumber,
        ),
        write_realisasi, "realisasi",
    )


# --- import (a folder) -------------------------------------------------------------------
@app.command("import")
def import_folder(
    folder: Path = typer.Argument(..., help="Folder of SIPD exports, kesepakatan, BPS tables "
                                  "and contract CSVs."),
    out: Path = typer.Option(..., help="Package folder to write (must be new or empty)."),
    tahun: Optional[int] = typer.Option(
        None, help="Plan year for a sheet or kesepakatan whose title names none."
    ),
    indikator: Optional[list[str]] = typer.Option(
        None, help="FILE=CODE: the indicator of a BPS table (repeatable; or indikator_bps.csv)."
    ),
    force: bool = typer.Option(False, help="Replace a non-empty --out folder."),
    detail: bool = typer.Option(False, help="Append each importer's full report."),
) -> None:
    """Import every file of FOLDER into one data package, validate it and write it to OUT.

    Prints one report: per file what it was taken for, rows written, rows skipped with reasons,
    pagu checked against the sheet's total; files not classified are listed. Nothing is written
    (exit 1) when a file fails or the merged package does not validate.
    """
    from workbench.impor_folder import impor_folder

    peta: dict[str, str] = {}
    for item in indikator or []:
        berkas, sep, kode = item.partition("=")
        if not sep or not berkas.strip() or not kode.strip():
            _fail(f"--indikator {item!r}: expected FILE=CODE, e.g. ipm.xlsx=IKU.IPM")
        peta[berkas.strip()] = kode.strip()
    with _user_errors(f"cannot read {folder} or write {out}"):
        laporan = impor_folder(folder, out, tahun=tahun, indikator=peta, force=force)
    typer.echo(laporan.format(rinci=detail))
    if not laporan.ditulis:
        raise typer.Exit(1)


# --- analyze -----------------------------------------------------------------------------
@app.command()
def analyze(
    data: Path = typer.Argument(..., help="Package folder or .xlsx workbook."),
    tahun: int = typer.Option(..., help="Plan year to analyse."),
    out: Path = typer.Option(
        Path("output/analisis"), help="Folder for csv files and analisis.xlsx."
    ),
    parameters: Optional[Path] = typer.Option(
        None, help="Parameters YAML (default: parameters/kalteng.yaml)."
    ),
    lenient: bool = typer.Option(False, help="Drop bad rows (each one listed) instead of failing."),
) -> None:
    """Run every analysis for one year and write csv files and analisis.xlsx.

    Also stores the results under OUT/hasil (parquet) so briefs can load their slice.
    """
    from workbench.analysis import run_analysis, save_hasil, write_outputs
    from workbench.config import load_parameters
    from workbench.contract import load_package

    with _user_errors(f"cannot write to {out}"):
        params = load_parameters(parameters)
        package = load_package(data, lenient=lenient)
        hasil = run_analysis(package, tahun, params)
        paths = write_outputs(hasil, out)
        save_hasil(hasil, out / "hasil")
    laporan = package.laporan
    if len(laporan.masalah):
        # Every dropped row is reported (lenient mode), warnings too.
        typer.echo(laporan.format(limit=30), err=True)
    cap, sink = hasil.capaian, hasil.sinkronisasi
    dinilai = cap[cap["capaian_persen"].notna()]
    tahun_capaian = int(dinilai["tahun"].max()) if len(dinilai) else tahun
    cap_t = cap[cap["tahun"] == tahun_capaian]
    predikat = cap_t["predikat"].value_counts()
    typer.echo(
        f"capaian {tahun_capaian} (tahun terakhir berealisasi): "
        f"{int(cap_t['capaian_persen'].notna().sum())} dinilai, "
        f"{int((cap_t['status'] == 'belum ada realisasi').sum())} belum ada realisasi; "
        + ", ".join(f"{k} {v}" for k, v in predikat.items())
    )
    typer.echo(
        f"tahun {tahun}: sinkronisasi {len(sink)} kab/kota × bidang, "
        f"{len(hasil.sinkronisasi_tanpa_dukungan)} outcome tanpa dukungan; "
        f"konsistensi {len(hasil.konsistensi_rincian)} temuan; "
        f"target agregat {int((hasil.target_agregat['memenuhi'] == False).sum())} tidak memenuhi"  # noqa: E712
    )
    typer.echo(f"wrote {len(paths)} files to {out} (analisis.xlsx, csv) and {out / 'hasil'}")


# --- geodata -----------------------------------------------------------------------------
@geodata_app.command("install")
def geodata_install(
    source: Optional[str] = typer.Option(
        None, "--from", help="Local file (GeoJSON, GPKG, SHP) or URL; default: the pinned URL."
    ),
    sha256: Optional[str] = typer.Option(
        None, "--sha256", help="Expected SHA-256 of the file (pinned for the default URL)."
    ),
    simplify: Optional[float] = typer.Option(
        None, "--simplify", help="Coverage-simplify tolerance in degrees (default URL: 0.0002)."
    ),
) -> None:
    """Install the kab/kota boundary layer into the git-ignored geodata folder."""
    from workbench import geo

    with _user_errors("cannot install the boundaries"):
        path = geo.install_boundaries(source, sha256=sha256, simplify=simplify)
    info = geo.load_provenance() or {}
    nama = {r.kode: r.nama for r in geo.load_boundaries().itertuples()}
    typer.echo(f"installed {len(nama)} kab/kota boundaries to {path}")
    typer.echo(f"source: {info.get('sumber')}")
    checked = "checked" if info.get("sha256_diperiksa") else "not checked: no expected value given"
    typer.echo(f"sha256: {info.get('sha256')} ({checked})")
    for kode, cara in info.get("cocok", {}).items():
        typer.echo(f"  {kode}  {nama.get(kode, '?'):<20}  matched by {cara}")
    for note in info.get("catatan", []):
        typer.echo(f"note: {note}")


# --- reference ---------------------------------------------------------------------------
@reference_app.command("update")
def reference_update(
    master: Path = typer.Argument(..., help="Newer nomenclature master (.xlsx as SIPD "
                                  "distributes it, one sheet; or .csv)."),
    versi: str = typer.Option(..., "--versi", help="Decree of the master, written to the rows "
                              "it adds or changes (e.g. 'Kepmendagri 900.1-861/2026')."),
    sheet: Optional[str] = typer.Option(None, "--sheet", help="Sheet, when there are several."),
    folder: Optional[Path] = typer.Option(
        None, "--folder", help="Reference folder to update (default: workbench/reference)."
    ),
) -> None:
    """Merge a newer master into the reference and print the diff (nothing written on error)."""
    from workbench.nomenklatur import perbarui_berkas

    with _user_errors("cannot update the reference"):
        beda = perbarui_berkas(master, versi, sheet=sheet, folder=folder)
    typer.echo(f"reference updated from {master} ({versi})")
    typer.echo(beda.format())


# --- briefs ------------------------------------------------------------------------------
@app.command()
def briefs(
    data: Optional[Path] = typer.Option(
        None, help="Package folder or .xlsx (default: the built-in sample)."
    ),
    tahun: int = typer.Option(2026, help="Plan year."),
    wilayah: Optional[list[str]] = typer.Option(
        None, help="Kemendagri codes (repeatable); default: all 14."
    ),
    jobs: Optional[int] = typer.Option(
        None, help="Parallel kernels (default: briefs.jobs of the parameters, 2)."
    ),
    out: Optional[Path] = typer.Option(None, help="Output root (default: output/)."),
    scheduler: Optional[str] = typer.Option(None, help="Dask scheduler address tcp://HOST:PORT."),
    parameters: Optional[Path] = typer.Option(
        None, help="Parameters YAML (default: parameters/kalteng.yaml)."
    ),
    resume: bool = typer.Option(
        False, help="Skip districts whose inputs and parameters are unchanged."
    ),
    pdf: bool = typer.Option(
        False, help="Also write a PDF per brief and the booklet buku_brief_<tahun>.pdf "
        "(headless Chromium)."
    ),
) -> None:
    """Execute the brief notebooks of every kab/kota and the province; HTML, index, Excel, manifest.

    A failing brief does not stop the others; the exit code is 1 when any brief failed.
    """
    from workbench.briefs import run_briefs

    with _user_errors("cannot read or write a file"):
        result = run_briefs(
            data=data, tahun=tahun, wilayah=wilayah or None, jobs=jobs, out=out,
            scheduler=scheduler, parameters=parameters, resume=resume, pdf=pdf,
        )
    typer.echo(result.ringkasan())
    _hint_boundaries()
    if result.exit_code:
        raise typer.Exit(result.exit_code)


def _hint_boundaries() -> None:
    """Say so when the maps were drawn schematic for lack of an installed boundary layer."""
    from workbench.geo import GeodataError, load_boundaries

    try:
        installed = load_boundaries() is not None
    except GeodataError:
        installed = False
    if not installed:
        typer.echo(
            "maps: peta skematik (no boundary layer installed); for real boundaries run "
            "`workbench geodata install` (see geodata/README.md) and rerun."
        )


def main() -> None:  # pragma: no cover - console entry
    """Entry point for ``python -m workbench``."""
    app()
