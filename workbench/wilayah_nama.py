"""Governments named the way tables name them, matched to the ``wilayah`` table.

Statistics and agreements name a government rather than code it: ``Kotawaringin Barat``,
``KAB. KOTAWARINGIN BARAT``, ``Kota Palangka Raya``, ``Palangkaraya``, ``KALIMANTAN TENGAH``.
:func:`cocokkan_wilayah` matches such a name (or a Kemendagri code ``62.06``, or a BPS code
``6209`` through the crosswalk, never by inserting a dot) to a row of the wilayah table.

Rule: case, punctuation and the spaces inside a name are ignored (``Palangka Raya`` =
``Palangkaraya``); a leading ``Kabupaten``/``Kab.``, ``Kota`` or ``Provinsi``/``Prov.`` names
the kind of government and must agree with ``jenis``; without it, the bare name matches when
exactly one government has it. A few abbreviations in common use in Kalimantan Tengah
(``Kobar``, ``Kotim``, ``Barsel``, ``Barut``, ``Bartim``, ``Mura``, ``Gumas``, ``Pulpis``,
``Kalteng``) are read when the table holds their code. Nothing else is guessed: an unknown
name gives no code and the nearest name (difflib ratio) for the report.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any

import pandas as pd

from workbench.spreadsheet import cell_text, norm_text

_JENIS_AWALAN = (
    (re.compile(r"^(kabupaten|kab)\s+"), "Kabupaten"),
    (re.compile(r"^(kota|kotamadya|kodya)\s+"), "Kota"),
    (re.compile(r"^(provinsi|propinsi|prov)\s+"), "Provinsi"),
)
SINGKATAN = {
    "kobar": "62.01", "kotim": "62.02", "barsel": "62.04", "barut": "62.05", "mura": "62.12",
    "gumas": "62.10", "pulpis": "62.11", "bartim": "62.13", "kalteng": "62",
}  # fmt: skip
_SINGKATAN = SINGKATAN  # abbreviation → Kemendagri code; also read by the SIPD title detection


@dataclass(frozen=True)
class CocokWilayah:
    """The result of matching one name or code.

    Attributes:
        kode: Kemendagri code, or None when nothing matched.
        cara: How it matched (``nama``, ``kode``, ``kode_bps``, ``singkatan``) or why not.
        terdekat: The nearest name of the table when nothing matched (else ``""``).
        kemiripan: difflib ratio of that nearest name (0–1).
    """

    kode: str | None
    cara: str
    terdekat: str = ""
    kemiripan: float = 0.0


def _pisah(teks: str) -> tuple[str | None, str]:
    """(jenis named by a prefix or None, the bare name without spaces)."""
    t = norm_text(teks)
    for pola, jenis in _JENIS_AWALAN:
        if pola.match(t):
            return jenis, pola.sub("", t).replace(" ", "")
    return None, t.replace(" ", "")


class PencocokWilayah:
    """Matches names and codes against one wilayah table (built once, used for many rows)."""

    def __init__(self, wilayah: pd.DataFrame) -> None:
        """Index the table's codes, BPS codes and names.

        Args:
            wilayah: Columns ``kode, kode_bps, nama, jenis`` (as :func:`load_wilayah`).
        """
        self.wilayah = wilayah.reset_index(drop=True)
        self.kode = [str(k) for k in self.wilayah["kode"]]
        self.nama = dict(zip(self.kode, self.wilayah["nama"].astype(str), strict=True))
        self.jenis = dict(zip(self.kode, self.wilayah["jenis"].astype(str), strict=True))
        self.bps = {
            str(b): k for b, k in zip(self.wilayah["kode_bps"], self.kode, strict=True)
            if isinstance(b, str) and b
        }
        self._per_nama: dict[tuple[str | None, str], list[str]] = {}
        for k in self.kode:
            jenis_awalan, dasar = _pisah(self.nama[k])
            jenis = jenis_awalan or self.jenis[k]
            self._per_nama.setdefault((jenis, dasar), []).append(k)
            self._per_nama.setdefault((None, dasar), []).append(k)
        self._tampil = {norm_text(self.nama[k]): self.nama[k] for k in self.kode}

    def cocokkan(self, nilai: Any) -> CocokWilayah:
        """Match one cell (a name, a Kemendagri code or a BPS code)."""
        teks = cell_text(nilai)
        if not teks:
            return CocokWilayah(None, "kosong")
        ringkas = teks.replace(" ", "").lstrip("'")
        if ringkas in self.nama:
            return CocokWilayah(ringkas, "kode")
        if ringkas in self.bps:
            return CocokWilayah(self.bps[ringkas], "kode_bps")
        jenis, dasar = _pisah(teks)
        calon = self._per_nama.get((jenis, dasar), [])
        if len(calon) == 1:
            return CocokWilayah(calon[0], "nama")
        if jenis is None and dasar in _SINGKATAN and _SINGKATAN[dasar] in self.nama:
            return CocokWilayah(_SINGKATAN[dasar], "singkatan")
        if len(calon) > 1:
            return CocokWilayah(
                None, "ambigu: " + ", ".join(f"{k} {self.nama[k]}" for k in calon)
            )
        near = difflib.get_close_matches(norm_text(teks), list(self._tampil), n=1, cutoff=0.0)
        if not near:
            return CocokWilayah(None, "tidak dikenal")
        ratio = difflib.SequenceMatcher(None, norm_text(teks), near[0]).ratio()
        return CocokWilayah(None, "tidak dikenal", self._tampil[near[0]], round(ratio, 3))

    def di_teks(self, teks: str, *, kabkota_saja: bool = True) -> list[str]:
        """Codes of the governments whose name occurs in a free text (a title line).

        A name counts when its words occur as whole words (spaces inside a name optional).
        """
        t = norm_text(teks)
        out = []
        for k in self.kode:
            if kabkota_saja and self.jenis[k] == "Provinsi":
                continue
            if _utuh(t, _pisah(self.nama[k])[1]):
                out.append(k)
        return out


    def disebut(self, teks: str) -> list[tuple[str, str]]:
        """Every government a free text (a title line) names, with how: (code, cara).

        ``cara`` is ``awalan`` when the name follows its kind (``Kota Palangka Raya``,
        ``Kabupaten Kapuas``), ``nama`` for the bare name, ``singkatan`` for an abbreviation
        (``Kotim``, ``Kalteng``). Names as whole words, spaces inside a name optional.
        """
        t = norm_text(teks)
        out = []
        for k in self.kode:
            dasar = _pisah(self.nama[k])[1]
            if not _utuh(t, dasar):
                continue
            awalan = {"Kabupaten": ("kabupaten", "kab"), "Kota": ("kota", "kotamadya"),
                      "Provinsi": ("provinsi", "propinsi", "prov")}.get(self.jenis[k], ())
            out.append((k, "awalan" if any(_utuh(t, a + dasar) for a in awalan) else "nama"))
        kata = set(t.split())
        out += [(k, "singkatan") for a, k in SINGKATAN.items() if a in kata and k in self.nama]
        return out


def _utuh(t: str, dasar: str) -> bool:
    """``dasar`` (no spaces) occurs in ``t`` starting and ending at word boundaries."""
    kata = t.split()
    for i in range(len(kata)):
        gabung = ""
        for j in range(i, min(i + 4, len(kata))):
            gabung += kata[j]
            if gabung == dasar:
                return True
            if len(gabung) >= len(dasar):
                break
    return False
