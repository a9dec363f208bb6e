"""The index page of a batch run (``index.html``)."""

from __future__ import annotations

import base64
import dataclasses
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd
from markupsafe import Markup

from workbench import teks
from workbench.analysis import Hasil
from workbench.fileio import atomic_write_bytes
from workbench.laporan.blok_peta import (
    peta_indeks_provinsi,
)
from workbench.laporan.display import (
    _CSS,
    CATATAN_SINTETIS,
    _e,
    _tabel,
    angka,
    catatan_sintetis,
    css_halaman,
    persen,
    png_bytes,
    render_page,
    rupiah,
)
from workbench.laporan.excel import (
    berkas_excel,
    tulis_excel,
)
from workbench.laporan.konteks import (
    _konteks_provinsi,
    _sintetis_keluaran,
    ringkasan_kabkota,
)
from workbench.pdf import nama_buku

log = logging.getLogger(__name__)


# --- outputs of a batch run: index page and Excel tables ----------------------------------------
def _job_dict(job: Any) -> dict[str, Any]:
    """A job result as a plain dict (``workbench.briefs.JobResult`` or a dict)."""
    d = dataclasses.asdict(job) if dataclasses.is_dataclass(job) else dict(job)
    stem = str(d.get("stem", ""))
    d.setdefault("kode_wilayah", stem.split("-", 1)[0])
    if "durasi" not in d:
        d["durasi"] = d.get("durasi_detik")
    return d


@dataclasses.dataclass(frozen=True)
class IndexSiap:
    """What the index page shows that does not depend on the briefs: made before they end.

    Attributes:
        sintetis: Whether the data is the synthetic sample.
        konteks: The province context of the run.
        ringkas: :func:`ringkasan_kabkota`, indexed by ``kode_wilayah``.
        peta_png: The province map as base64 PNG (``""`` when it could not be drawn).
    """

    sintetis: bool
    konteks: Any
    ringkas: pd.DataFrame
    peta_png: str


def siapkan_index(out_dir: Path | str, hasil: Hasil, *, sintetis: bool | None = None) -> IndexSiap:
    """The index page's province figures and map, from the analysis alone.

    The batch calls this while the briefs run (:func:`tulis_index` with ``siap``), so the
    map is drawn on a core the kernels leave idle instead of after the last brief.

    Args:
        out_dir: The run's output folder (``<out>/<tahun>``).
        hasil: The province-wide analysis of the run.
        sintetis: Whether the data is the synthetic sample; None: detect as :func:`tulis_index`.
    """
    out = Path(out_dir)
    if sintetis is None:
        sintetis = _sintetis_keluaran(out)
    k = _konteks_provinsi(hasil, sintetis, "")
    ringkas = ringkasan_kabkota(k.semua).set_index("kode_wilayah")
    peta_png = ""
    try:
        fig = peta_indeks_provinsi(k).fig
        peta_png = base64.b64encode(png_bytes(fig, dpi=90)).decode("ascii")
    except (ValueError, OSError) as err:  # a map problem must not cost the index page
        log.warning("index map not drawn: %s", err)
    return IndexSiap(sintetis, k, ringkas, peta_png)


def tulis_index(
    out_dir: Path | str,
    hasil: Hasil,
    hasil_jobs: Sequence[Any],
    *,
    sintetis: bool | None = None,
    excel: bool = True,
    siap: IndexSiap | None = None,
) -> Path:
    """Write ``index.html``: the province map and a table linking every brief with its figures.

    Self-contained (the map is an embedded PNG), relative links only, every text escaped.
    A brief or a table is linked only when its file exists in ``out_dir`` (a missing brief is
    marked *belum tersedia*). The page is for leadership: the operations columns (status,
    duration, the failing cell) are left to ``manifest.json``.

    Args:
        out_dir: The run's output folder (``<out>/<tahun>``) holding the briefs.
        hasil: The province-wide analysis of the run.
        hasil_jobs: One entry per job: a :class:`workbench.briefs.JobResult` or a dict with
            ``kode_wilayah`` (optional; else the code part of ``stem``), ``stem``, ``status``,
            ``durasi`` or ``durasi_detik``, optional ``judul`` and ``kegagalan``.
        sintetis: Whether the data is the synthetic sample; None: detect from the package
            copy the batch keeps in ``<out>/_cache/<tahun>/data``.
        excel: When the Excel tables of the year are missing, write them first
            (:func:`tulis_excel`) so that the page can link them.
        siap: The province part made beforehand by :func:`siapkan_index` (None: made here).

    Returns:
        The path of ``index.html``.
    """
    out = Path(out_dir)
    if siap is None:
        siap = siapkan_index(out, hasil, sintetis=sintetis)
    sintetis, k, ringkas, peta_png = siap.sintetis, siap.konteks, siap.ringkas, siap.peta_png
    if excel and not all((out / n).is_file() for n in berkas_excel(hasil.tahun)):
        tulis_excel(out, hasil, sintetis=sintetis)
    jobs = [_job_dict(j) for j in hasil_jobs]
    # The province overview first, then the kab/kota in the order of the run.
    jobs.sort(key=lambda j: "." in str(j["kode_wilayah"]))
    rows = []
    for j in jobs:
        kode = str(j["kode_wilayah"])
        stem = str(j.get("stem", kode))
        nama = k.nama_kabkota.get(kode, j.get("judul") or stem)
        if "." not in kode:
            nama = f"Ringkasan {nama}"
        page = out / f"{stem}.html"
        link = (
            f'<a href="{_e(page.name)}">{_e(nama)}</a>' if page.is_file() else _e(nama)
        )
        link = f'<span style="white-space:nowrap">{link}</span>'
        if not page.is_file():
            link += ' <span class="wb-catatan">(belum tersedia)</span>'
        elif (out / f"{stem}.pdf").is_file():
            link += f' <a class="wb-catatan" href="{_e(stem)}.pdf">PDF</a>'
        if kode in ringkas.index:
            r = ringkas.loc[kode]
            fig_cells = (
                f"<b>{angka(r['indeks_sinkronisasi'])}</b>",
                "–" if pd.isna(r["peringkat"]) else str(int(r["peringkat"])),
                persen(r["dukungan_persen"]),
                _e(rupiah(r["pagu_dukungan"])),
                f"{int(r['n_outcome_tanpa_dukungan'])} / {int(r['n_outcome'])}",
                persen(r["persen_sesuai_lintasan"]),
            )
        else:
            fig_cells = ("–",) * 6
        # Operations (status, duration, the failing cell) stay in manifest.json.
        rows.append((_e(kode), link, *fig_cells))
    header = ["Kode", "Brief", "Indeks sinkronisasi", "Peringkat", "Dukungan RKPD",
              "Pagu dukungan", "Outcome tanpa dukungan", "Indikator sesuai lintasan"]  # fmt: skip
    lampiran = [
        *zip(berkas_excel(k.tahun), (
            "Tabel sinkronisasi per kabupaten/kota × bidang",
            "Tabel capaian dan kesenjangan indikator",
            "Rancangan tabel kesepakatan per kabupaten/kota (untuk Rakortekrenbang)",
        ), strict=True),
        (nama_buku(k.tahun), "Buku brief (PDF): ringkasan provinsi dan semua brief, dengan "
                             "daftar isi"),
        ("manifest.json", "Rincian eksekusi (manifest)"),
    ]  # fmt: skip
    lamp = [(n, t) for n, t in lampiran if (out / n).is_file()]
    n_tersedia = sum((out / f"{j.get('stem', j['kode_wilayah'])}.html").is_file() for j in jobs)
    kurang = len(jobs) - n_tersedia
    tersedia = f"{n_tersedia} dokumen" + (
        f" ({kurang} belum tersedia: rinciannya di manifest.json)" if kurang else ""
    )
    page_html = render_page(
        "index.html.j2",
        tahun=k.tahun,
        nama=k.nama,
        css=Markup(_CSS + css_halaman(k.nama, sintetis)),
        banner=Markup(catatan_sintetis(k)),
        tersedia=tersedia,
        peta_png=peta_png,
        tabel=Markup(_tabel(header, rows, numerik=[2, 3, 4, 5, 6, 7])),
        lampiran=lamp,
        tanggal=teks.format_tanggal(),
        sintetis=sintetis,
        catatan_sintetis=CATATAN_SINTETIS.capitalize(),
    )
    path = out / "index.html"
    atomic_write_bytes(path, page_html.encode("utf-8"))
    return path
