"""Builders of SIPD-style RKPD/Renja workbooks for the importer's tests (made with openpyxl).

Nothing here is committed as a binary: every test builds the workbook it reads in tmp_path.

The base plan is a small Kabupaten Kapuas (62.03) RKPD 2026 with codes of the shipped
nomenclature subset (level-2 kegiatan, as a kab/kota plans). Its hand-computed facts:

* sub kegiatan pagu: 1.250.000.000 + 650.500.000 + 325.750.000 + 210.000.000 = 2.436.250.000
* kegiatan 1.01.02.2.01 = 1.250.000.000 + 650.500.000 = 1.900.500.000
* kegiatan 1.02.02.2.02 = 325.750.000 + 210.000.000 = 535.750.000
* programme, bidang subtotals equal their single kegiatan; urusan 1 = 2.436.250.000
* output lines: programme 3 (2 + 1 indicators), kegiatan 2, sub kegiatan 6 (1 + 3 + 1 + 1)

The layouts of the wild (issue 10 §2) are built from the column names of a widely used SIPD
companion's data model (``../shared/reference/sipd_tabel_kolom.txt``, from
``agusnurwanto/wp-sipd`` ``tabel.sql``): :data:`KOLOM_SIPD` says under which report header
each field of ``data_sub_keg_bl``, ``data_capaian_prog_sub_keg``, ``data_keg_indikator_hasil``
and ``data_output_giat_sub_keg`` is printed, and :func:`layout_sipd` makes a layout from a list
of fields.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

PD_DIKBUD = "Dinas Pendidikan dan Kebudayaan"
PD_DINKES = "Dinas Kesehatan"


@dataclass
class Target:
    """One indicator's target: its number, how a person types it, and its unit."""

    angka: float
    teks: str
    satuan: str


@dataclass
class Baris:
    """One row of the plan table (a hierarchy line, or a code-less continuation line)."""

    kode: str
    uraian: str
    indikator: list[str] = field(default_factory=list)
    target: list[Target] = field(default_factory=list)
    pagu: float | None = None
    pd: str = ""
    lokasi: str = ""
    sumber: str = ""
    catatan: str = ""
    maju_target: str = ""
    maju_pagu: float | None = None


def base_rows() -> list[Baris]:
    """The base Kapuas RKPD 2026 plan (see the module docstring for its sums)."""
    return [
        Baris(
            "1",
            "URUSAN PEMERINTAHAN WAJIB YANG BERKAITAN DENGAN PELAYANAN DASAR",
            pagu=2_436_250_000,
        ),
        Baris("1.01", "URUSAN PEMERINTAHAN BIDANG PENDIDIKAN", pagu=1_900_500_000),
        Baris(
            "1.01.02",
            "PROGRAM PENGELOLAAN PENDIDIKAN",
            [
                "Angka Partisipasi Murni (APM) SD/MI/sederajat",
                "Angka Partisipasi Murni (APM) SMP/MTs/sederajat",
            ],
            [Target(97.5, "97,5", "%"), Target(82.25, "82,25", "%")],
            pagu=1_900_500_000,
            pd=PD_DIKBUD,
            maju_target="98 %\n83 %",
            maju_pagu=2_000_000_000,
        ),
        Baris(
            "1.01.02.2.01",
            "Pengelolaan Pendidikan Sekolah Dasar",
            ["Jumlah Satuan Pendidikan SD yang Dikelola"],
            [Target(215, "215", "Unit")],
            pagu=1_900_500_000,
            pd=PD_DIKBUD,
        ),
        Baris(
            "1.01.02.2.01.0047",
            "Pembangunan Ruang Kelas Baru",
            ["Jumlah Ruang Kelas Baru yang Dibangun"],
            [Target(12, "12", "Unit")],
            pagu=1_250_000_000,
            pd=PD_DIKBUD,
            lokasi="Kec. Selat",
            sumber="DAK Fisik",
            maju_target="10 Unit",
            maju_pagu=1_100_000_000,
        ),
        Baris(
            "1.01.02.2.01.0029",
            "Pengelolaan Dana BOS Sekolah Dasar",
            ["Jumlah Sekolah Penerima Dana BOS", "Jumlah Laporan Pengelolaan Dana BOS"],
            [Target(215, "215", "Unit"), Target(4, "4", "Laporan")],
            pagu=650_500_000,
            pd=PD_DIKBUD,
            sumber="DAK Non Fisik",
        ),
        # code-less continuation of the BOS line: a third indicator
        Baris(
            "",
            "",
            ["Persentase Sekolah yang Melaporkan Dana BOS Tepat Waktu"],
            [Target(100, "100", "%")],
        ),
        Baris("1.02", "URUSAN PEMERINTAHAN BIDANG KESEHATAN", pagu=535_750_000),
        Baris(
            "1.02.02",
            "PROGRAM PEMENUHAN UPAYA KESEHATAN PERORANGAN DAN UPAYA KESEHATAN MASYARAKAT",
            ["Persentase persalinan di fasilitas pelayanan kesehatan"],
            [Target(95, "≥ 95", "%")],
            pagu=535_750_000,
            pd=PD_DINKES,
        ),
        Baris(
            "1.02.02.2.02",
            "Penyediaan Layanan Kesehatan untuk UKM dan UKP Rujukan Tingkat Daerah Kabupaten/Kota",
            ["Persentase Ibu Hamil yang Mendapat Pelayanan Kesehatan Sesuai Standar"],
            [Target(100, "100", "%")],
            pagu=535_750_000,
        ),
        Baris(
            "1.02.02.2.02.0001",
            "Pengelolaan Pelayanan Kesehatan Ibu Hamil",
            ["Jumlah Ibu Hamil yang Mendapatkan Pelayanan Kesehatan Sesuai Standar"],
            [Target(4250, "4.250", "Orang")],
            pagu=325_750_000,
            sumber="DAU",
        ),
        Baris(
            "1.02.02.2.02.0004",
            "Pengelolaan Pelayanan Kesehatan Balita",
            ["Jumlah Balita yang Mendapatkan Pelayanan Kesehatan Sesuai Standar"],
            [Target(14100, "14.100", "Orang")],
            pagu=210_000_000,
            sumber="DAU",
        ),
    ]


BASE_TOTAL = 2_436_250_000  # 1.250.000.000 + 650.500.000 + 325.750.000 + 210.000.000

# Header layouts: per column, the role it holds and its header labels from top to bottom.
# A label path shorter than the header is merged down to the last header row; adjacent
# columns that share a label (and everything above it) are merged across.
LAYOUT_SIPD_2ROW: list[tuple[str, tuple[str, ...]]] = [
    ("kode", ("Kode",)),
    ("uraian", ("Urusan/Bidang Urusan Pemerintahan Daerah dan\nProgram/Kegiatan/Sub Kegiatan",)),
    ("indikator", ("Indikator Kinerja Program (Outcome)/\nKegiatan (Output)",)),
    ("lokasi", ("Rencana Tahun 2026", "Lokasi")),
    ("target", ("Rencana Tahun 2026", "Target Capaian\nKinerja")),
    ("pagu", ("Rencana Tahun 2026", "Pagu Indikatif\n(Rp)")),
    ("sumber", ("Rencana Tahun 2026", "Sumber Dana")),
    ("catatan", ("Catatan Penting",)),
    ("maju_target", ("Prakiraan Maju Rencana Tahun 2027", "Target")),
    ("maju_pagu", ("Prakiraan Maju Rencana Tahun 2027", "Pagu Indikatif (Rp)")),
    ("pd", ("Perangkat Daerah",)),
]

LAYOUT_3ROW: list[tuple[str, tuple[str, ...]]] = [
    ("kode", ("KODE",)),
    ("uraian", ("URUSAN / BIDANG URUSAN / PROGRAM / KEGIATAN / SUB KEGIATAN",)),
    ("indikator", ("INDIKATOR  KINERJA",)),
    ("lokasi", ("RENCANA TAHUN 2026", "KINERJA", "LOKASI")),
    ("target", ("RENCANA TAHUN 2026", "KINERJA", "TARGET")),
    ("satuan", ("RENCANA TAHUN 2026", "KINERJA", "SATUAN")),
    ("pagu", ("RENCANA TAHUN 2026", "ANGGARAN", "PAGU INDIKATIF (Rp)")),
    ("sumber", ("RENCANA TAHUN 2026", "ANGGARAN", "SUMBER DANA")),
    ("maju_target", ("PRAKIRAAN MAJU N+1", "TARGET")),
    ("maju_pagu", ("PRAKIRAAN MAJU N+1", "PAGU")),
    ("pd", ("SKPD",)),
    ("catatan", ("KETERANGAN",)),
]

# Another order, one header row, synonyms, and the year-n+1 columns before year n.
LAYOUT_SHUFFLED: list[tuple[str, tuple[str, ...]]] = [
    ("pd", ("OPD Penanggung Jawab",)),
    ("maju_pagu", ("Pagu n+1",)),
    ("maju_target", ("Target n+1",)),
    ("pagu", ("Pagu (Rp)",)),
    ("satuan", ("Satuan",)),
    ("target", ("Target",)),
    ("indikator", ("Indikator",)),
    ("uraian", ("Program / Kegiatan / Sub Kegiatan",)),
    ("kode", ("  kode ",)),
]

TITLE = [
    "RENCANA KERJA PEMERINTAH DAERAH KABUPATEN KAPUAS TAHUN 2026",
    "Tabel 5.1 Rencana Program, Kegiatan dan Sub Kegiatan Prioritas Daerah",
    "",
]

SIGNATURE = [
    "",
    "Kuala Kapuas, 15 Mei 2025",
    "Mengetahui,",
    "KEPALA BAPPERIDA KABUPATEN KAPUAS",
    "",
    "Ir. H. Contoh Nama, M.T.",
    "Pembina Utama Muda",
    "NIP. 19700101 199503 1 001",
]


# Report header (role, labels top to bottom) of the SIPD data-model fields (sipd_tabel_kolom.txt).
_RENCANA_N = "Rencana Tahun 2026"
_MAJU_N1 = "Prakiraan Maju Rencana Tahun 2027"
_IK = "Indikator Kinerja"
KOLOM_SIPD: dict[str, tuple[str, tuple[str, ...]]] = {
    # data_sub_keg_bl: the code in five cells, the name, location, pagu, source, n+1, PD
    "kode_urusan": ("k1", ("Kode", "Urusan")),
    "kode_bidang_urusan": ("k2", ("Kode", "Bidang")),
    "kode_program": ("k3", ("Kode", "Program")),
    "kode_giat": ("k4", ("Kode", "Kegiatan")),
    "kode_sub_giat": ("k5", ("Kode", "Sub Kegiatan")),
    "nama_sub_giat": ("uraian", ("Urusan/Bidang Urusan/Program/Kegiatan/Sub Kegiatan",)),
    # data_capaian_prog_sub_keg, data_keg_indikator_hasil, data_output_giat_sub_keg
    "capaianteks": ("indikator:program", (_IK, "Capaian Program", "Tolok Ukur")),
    "targetcapaianteks": ("target:program", (_IK, "Capaian Program", "Target")),
    "hasilteks": ("indikator:kegiatan", (_IK, "Hasil Kegiatan", "Tolok Ukur")),
    "targethasilteks": ("target:kegiatan", (_IK, "Hasil Kegiatan", "Target")),
    "outputteks": ("indikator:sub_kegiatan", (_IK, "Keluaran Sub Kegiatan", "Tolok Ukur")),
    "targetoutputteks": ("target:sub_kegiatan", (_IK, "Keluaran Sub Kegiatan", "Target")),
    "indikator": ("indikator", ("Indikator Kinerja",)),
    "target_1": ("target", (_RENCANA_N, "TARGET", "Nilai")),
    "satuan": ("satuan", (_RENCANA_N, "TARGET", "Satuan")),
    "nama_lokasi": ("lokasi", (_RENCANA_N, "Lokasi")),
    "pagu": ("pagu", (_RENCANA_N, "Pagu Indikatif (Rp)")),
    "nama_dana": ("sumber", (_RENCANA_N, "Sumber Dana")),
    "target_2": ("maju_target", (_MAJU_N1, "Target")),
    "pagu_n_depan": ("maju_pagu", (_MAJU_N1, "Pagu Indikatif (Rp)")),
    "nama_skpd": ("pd", ("Perangkat Daerah",)),
}


def layout_sipd(fields: list[str]) -> list[tuple[str, tuple[str, ...]]]:
    """A layout with a column per SIPD data-model field (see :data:`KOLOM_SIPD`), in order."""
    return [KOLOM_SIPD[f] for f in fields]


# a Renja of the SIPD era: code in 5 cells, Tolok Ukur/Target pairs per tingkat (3 header rows)
LAYOUT_RENJA_TOLOK_UKUR = layout_sipd(
    [
        "kode_urusan",
        "kode_bidang_urusan",
        "kode_program",
        "kode_giat",
        "kode_sub_giat",
        "nama_sub_giat",
        "capaianteks",
        "targetcapaianteks",
        "hasilteks",
        "targethasilteks",
        "outputteks",
        "targetoutputteks",
        "nama_lokasi",
        "pagu",
        "nama_dana",
        "target_2",
        "pagu_n_depan",
        "nama_skpd",
    ]
)
# TARGET split into Nilai / Satuan, shuffled, n+1 before n
LAYOUT_NILAI_SATUAN = [
    ("pd", ("Perangkat Daerah",)),
    ("uraian", ("Program/Kegiatan/Sub Kegiatan",)),
    ("kode", ("Kode",)),
    ("maju_pagu", ("Perkiraan Maju Rencana Tahun 2027", "Pagu Indikatif (Rp)")),
    ("maju_target", ("Perkiraan Maju Rencana Tahun 2027", "Target")),
    ("indikator", ("Indikator Kinerja",)),
    ("satuan", ("TARGET", "Satuan")),
    ("target", ("TARGET", "Nilai")),
    ("pagu", ("Pagu Indikatif (Rp)",)),
]
# K / Rp under Kinerja / Anggaran groups of year n and n+1 (three header rows)
LAYOUT_K_RP = [
    ("kode", ("Kode",)),
    ("uraian", ("Urusan/Bidang Urusan Pemerintahan Daerah dan Program/Kegiatan/Sub Kegiatan",)),
    ("indikator", ("Indikator Kinerja Program (Outcome)/ Kegiatan (Output)",)),
    ("target", ("Rencana Tahun 2026", "Kinerja", "K")),
    ("satuan", ("Rencana Tahun 2026", "Kinerja", "Satuan")),
    ("pagu", ("Rencana Tahun 2026", "Anggaran", "Rp")),
    ("sumber", ("Rencana Tahun 2026", "Anggaran", "Sumber Dana")),
    ("maju_target", ("Pagu Maju (n + 1)", "Kinerja", "K")),
    ("maju_pagu", ("Pagu Maju (n + 1)", "Anggaran", "Rp")),
    ("pd", ("SKPD",)),
]

TITLE_RENJA_DINKES_PROV = [
    "RENCANA KERJA PERANGKAT DAERAH (RENJA)",
    "DINAS KESEHATAN PROVINSI KALIMANTAN TENGAH",
    "TAHUN 2026",
    "",
]


def rupiah_teks(x: float) -> str:
    """Indonesian money text as SIPD prints it: 1250000000 → ``1.250.000.000,00``."""
    whole, frac = f"{x:,.2f}".split(".")
    return whole.replace(",", ".") + "," + frac


_TINGKAT = {3: "program", 5: "kegiatan", 6: "sub_kegiatan"}


def kode_cells(kode: str) -> list[str]:
    """A code in SIPD's five cells: ``1.01.02.2.01.0047`` → 1 | 01 | 02 | 2.01 | 0047."""
    seg = kode.split(".") if kode else []
    cells = seg[:3] + ([".".join(seg[3:5])] if len(seg) >= 5 else []) + seg[5:6]
    return cells + [""] * (5 - len(cells))


def _per_tingkat(v: dict[str, Any], tingkat: str | None) -> None:
    """Copy the indicator/target/satuan values to the columns of the row's tingkat."""
    for t in _TINGKAT.values():
        for role in ("indikator", "target", "satuan"):
            v[f"{role}:{t}"] = v.get(role, "") if t == tingkat else ""


def _cells(b: Baris, numbers: str, has_satuan: bool) -> dict[str, Any]:
    """Values of one row per role, rendered as text (``numbers="text"``) or real numbers."""
    v: dict[str, Any] = {
        "kode": b.kode,
        "uraian": b.uraian,
        "indikator": "\n".join(b.indikator),
        "pd": b.pd,
        "lokasi": b.lokasi,
        "sumber": b.sumber,
        "catatan": b.catatan,
        "maju_target": b.maju_target,
    }
    if numbers == "text":
        if has_satuan:
            v["target"] = "\n".join(t.teks for t in b.target)
            v["satuan"] = "\n".join(t.satuan for t in b.target)
        else:
            v["target"] = "\n".join(f"{t.teks} {t.satuan}" for t in b.target)
        v["pagu"] = rupiah_teks(b.pagu) if b.pagu is not None else ""
        v["maju_pagu"] = rupiah_teks(b.maju_pagu) if b.maju_pagu is not None else ""
    else:
        if len(b.target) == 1 and b.target[0].teks[0].isdigit():
            v["target"] = b.target[0].angka
        else:
            v["target"] = "\n".join(t.teks for t in b.target)
        v["satuan"] = "\n".join(t.satuan for t in b.target)
        if not has_satuan:  # no satuan column: the unit can only live in a text target
            v["target"] = "\n".join(f"{t.teks} {t.satuan}" for t in b.target)
        v["pagu"] = b.pagu
        v["maju_pagu"] = b.maju_pagu
    for i, part in enumerate(kode_cells(b.kode), start=1):
        v[f"k{i}"] = part
    return v


def write_header(ws, top: int, layout, n_rows: int, first_col: int = 1) -> None:
    """Write a merged header block of ``n_rows`` rows starting at row ``top``."""
    for j, (_, labels) in enumerate(layout):
        col = first_col + j
        for i in range(n_rows):
            if i < len(labels):
                ws.cell(top + i, col, labels[i])
        if len(labels) < n_rows:  # merge the last label down
            ws.merge_cells(
                start_row=top + len(labels) - 1,
                start_column=col,
                end_row=top + n_rows - 1,
                end_column=col,
            )
    for i in range(n_rows):  # merge equal labels across adjacent columns
        j = 0
        while j < len(layout):
            labels = layout[j][1]
            if i >= len(labels) - 1 or i >= n_rows - 1:
                j += 1
                continue
            k = j
            while (
                k + 1 < len(layout)
                and len(layout[k + 1][1]) > i
                and layout[k + 1][1][: i + 1] == labels[: i + 1]
            ):
                k += 1
            if k > j:
                ws.merge_cells(
                    start_row=top + i,
                    start_column=first_col + j,
                    end_row=top + i,
                    end_column=first_col + k,
                )
            j = k + 1


def write_table(
    ws,
    top: int,
    rows: list[Baris],
    *,
    layout=LAYOUT_SIPD_2ROW,
    header_rows: int = 2,
    column_numbers: bool | str = True,
    numbers: str = "text",
    total: float | None = BASE_TOTAL,
    total_label: str = "JUMLAH",
    first_col: int = 1,
    code_style: dict[str, str] | None = None,
) -> int:
    """Write one plan table (header, optional column numbers, rows, total row) at ``top``.

    Args:
        ws: Worksheet.
        top: First header row.
        rows: Plan rows.
        layout: Column layout (role, header labels).
        header_rows: Rows of the header block (≥ the longest label path).
        column_numbers: Add the row of column numbers 1, 2, 3 … under the header;
            ``"formula"``: as SIPD prints them, the five Kode cells under one merged number and
            the pagu column's number with its formula as text (``12 = 8+9+10+11``).
        numbers: ``"text"`` (Indonesian text) or ``"real"`` (numeric cells).
        total: Value of the total row's pagu cell (None: no total row).
        total_label: Text of the total row.
        first_col: Column of the table's first column.
        code_style: Raw code cell text per canonical code (dirty codes).

    Returns:
        The next free row after the table.
    """
    write_header(ws, top, layout, header_rows, first_col)
    r = top + header_rows
    roles = [role for role, _ in layout]
    if column_numbers:
        _column_numbers(ws, r, roles, first_col, formula=column_numbers == "formula")
        r += 1
    has_satuan = "satuan" in roles
    tingkat = None
    for b in rows:
        v = _cells(b, numbers, has_satuan)
        if b.kode:
            tingkat = _TINGKAT.get(b.kode.count(".") + 1)
        _per_tingkat(v, tingkat)
        if code_style and b.kode in code_style:
            v["kode"] = code_style[b.kode]
        for j, role in enumerate(roles):
            val = v.get(role, "")
            if val not in ("", None):
                ws.cell(r, first_col + j, val)
        r += 1
    if total is not None:
        label_col = first_col + roles.index("uraian")
        ws.cell(r, label_col, total_label)
        ws.cell(
            r, first_col + roles.index("pagu"), rupiah_teks(total) if numbers == "text" else total
        )
        r += 1
    return r


def _column_numbers(ws, r: int, roles: list[str], first_col: int, formula: bool) -> None:
    n = 0
    kode = [j for j, role in enumerate(roles) if role in ("k1", "k2", "k3", "k4", "k5")]
    for j, role in enumerate(roles):
        if formula and kode and j in kode[1:]:
            continue  # merged under the first Kode cell's number
        n += 1
        text: Any = n
        if formula and role == "pagu":
            text = f"{n} = {max(n - 4, 1)}+{max(n - 3, 1)}+{max(n - 2, 1)}+{max(n - 1, 1)}"
        ws.cell(r, first_col + j, text)
    if formula and len(kode) > 1:
        ws.merge_cells(
            start_row=r,
            start_column=first_col + kode[0],
            end_row=r,
            end_column=first_col + kode[-1],
        )


def build_workbook(
    path: Path,
    *,
    rows: list[Baris] | None = None,
    sheet_title: str = "RKPD 2026",
    title: list[str] | None = None,
    signature: bool = True,
    before_sheets: list[tuple[str, list[list[Any]]]] = (),
    **table_kw: Any,
) -> Path:
    """Write a workbook holding one plan sheet (title block, table, signature block).

    Args:
        path: Where to save.
        rows: Plan rows (default: :func:`base_rows`).
        sheet_title: Name of the plan sheet.
        title: Title lines above the table (default: :data:`TITLE`).
        signature: Add the signature block after the table.
        before_sheets: Sheets (name, rows of cell values) placed before the plan sheet.
        **table_kw: Passed to :func:`write_table`.

    Returns:
        ``path``.
    """
    wb = Workbook()
    first = wb.active
    sheets = []
    for name, content in before_sheets:
        ws = wb.create_sheet(name)
        for row in content:
            ws.append(row)
        sheets.append(ws)
    ws = wb.create_sheet(sheet_title)
    wb.remove(first)
    r = 1
    for line in TITLE if title is None else title:
        if line:
            ws.cell(r, 1, line)
        r += 1
    r = write_table(ws, r, base_rows() if rows is None else rows, **table_kw)
    if signature:
        for line in SIGNATURE:
            if line:
                ws.cell(r, 8, line)
            r += 1
    wb.save(path)
    return path


def col(layout, role: str) -> str:
    """Column letter of ``role`` in ``layout`` (table starting in column A)."""
    return get_column_letter([r for r, _ in layout].index(role) + 1)
