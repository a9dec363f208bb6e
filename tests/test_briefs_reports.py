"""The run's reports (Excel tables, index page) made while the briefs run (briefs.product).

No kernels here: the briefs' results are hand-made, the analysis is test_laporan's.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_laporan import hasil_buatan

from workbench import laporan
from workbench.briefs import JobResult, RunResult
from workbench.briefs.product import _ReportsAhead, _write_reports


@pytest.fixture(autouse=True)
def _schematic_maps(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("WORKBENCH_GEODATA_DIR", str(tmp_path_factory.mktemp("kosong")))


def _result(out: Path) -> RunResult:
    (out / "62.01-kotawaringin-barat.html").write_text("<p>brief</p>", encoding="utf-8")
    jobs = [JobResult("62.01-kotawaringin-barat", "Kotawaringin Barat", "ok", 1.0, "h",
                      berkas={"html": "62.01-kotawaringin-barat.html"})]  # fmt: skip
    return RunResult(out, jobs, out / "manifest.json", 1.0, "lokal")


def _count_calls(monkeypatch, name: str) -> list[int]:
    calls: list[int] = []
    original = getattr(laporan, name)

    def counted(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(laporan, name, counted)
    return calls


def test_reports_made_ahead_give_index_and_each_workbook_once(tmp_path, monkeypatch):
    excel = _count_calls(monkeypatch, "tulis_excel")
    index = _count_calls(monkeypatch, "siapkan_index")
    hasil = hasil_buatan()
    ahead = _ReportsAhead(tmp_path, hasil)
    ahead.start()
    ahead.join(timeout=120)
    page, extra, notes = _write_reports(_result(tmp_path), hasil, ahead)
    assert notes == [] and len(excel) == 1 and len(index) == 1
    assert sorted(p.name for p in extra) == sorted(laporan.berkas_excel(hasil.tahun))
    assert all(p.is_file() for p in extra)
    text = page.read_text(encoding="utf-8")
    # the page links the brief and the three workbooks, and carries the province map
    assert 'href="62.01-kotawaringin-barat.html"' in text
    assert all(f'href="{n}"' in text for n in laporan.berkas_excel(hasil.tahun))
    assert "data:image/png;base64," in text


def test_reports_made_in_this_thread_give_the_same_outputs(tmp_path, monkeypatch):
    excel = _count_calls(monkeypatch, "tulis_excel")
    hasil = hasil_buatan()
    ahead = _ReportsAhead(tmp_path, hasil)
    ahead.run()  # no thread: as when no brief remained to overlap with
    page, extra, notes = _write_reports(_result(tmp_path), hasil, ahead)
    assert notes == [] and len(excel) == 1 and len(extra) == 3 and page.name == "index.html"


def test_a_failure_ahead_is_reported_and_a_plain_index_still_written(tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(laporan, "tulis_excel", broken)
    monkeypatch.setattr(laporan, "siapkan_index", broken)
    hasil = hasil_buatan()
    ahead = _ReportsAhead(tmp_path, hasil)
    ahead.start()
    ahead.join(timeout=120)
    page, extra, notes = _write_reports(_result(tmp_path), hasil, ahead)
    assert extra == []
    assert notes == [
        "Excel tables not written (OSError: disk full)",
        "index with map failed (OSError: disk full); wrote a plain index",
    ]
    text = page.read_text(encoding="utf-8")
    assert 'href="62.01-kotawaringin-barat.html"' in text and "data:image/png" not in text
