"""One error base for user errors: every one derives from WorkbenchError, and the CLI catches it."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
from typer.testing import CliRunner

import workbench
from workbench.cli import app
from workbench.errors import WorkbenchError


def _exception_classes():
    for info in pkgutil.walk_packages(workbench.__path__, prefix="workbench."):
        if info.name.endswith("__main__"):
            continue
        mod = importlib.import_module(info.name)
        for _, obj in inspect.getmembers(mod, inspect.isclass):
            if issubclass(obj, BaseException) and obj.__module__ == mod.__name__:
                yield obj


def test_every_workbench_exception_derives_from_the_base():
    classes = set(_exception_classes())
    assert len(classes) >= 15  # the package's own errors were found at all
    stray = sorted(c.__qualname__ for c in classes if not issubclass(c, WorkbenchError))
    assert stray == []


def test_the_old_builtin_bases_still_hold():
    """Callers that caught ValueError/RuntimeError keep working."""
    from workbench.briefs import BriefsError
    from workbench.parse import CodeError
    from workbench.sipd import SipdImportError

    assert issubclass(CodeError, ValueError) and issubclass(SipdImportError, ValueError)
    assert issubclass(BriefsError, RuntimeError)


def test_cli_turns_a_workbench_error_into_a_message(tmp_path):
    bad = tmp_path / "paket"
    bad.mkdir()
    (bad / "rencana.csv").write_text("x\n1\n", encoding="utf-8")
    res = CliRunner().invoke(app, ["analyze", str(bad), "--tahun", "2026", "--out",
                                   str(tmp_path / "out")])
    assert res.exit_code == 2
    assert "Traceback" not in res.output
    assert "error:" in res.output


def test_cli_prints_a_validation_report_carried_by_the_error(tmp_path, monkeypatch):
    import workbench.contract as contract

    class Laporan:
        def format(self, limit=None):
            return f"LAPORAN limit={limit}"

    def boom(*a, **k):
        raise contract.PackageError("bad", Laporan())

    monkeypatch.setattr(contract, "load_package", boom)
    res = CliRunner().invoke(app, ["analyze", str(tmp_path), "--tahun", "2026"])
    assert res.exit_code == 2
    assert "LAPORAN limit=30" in res.output


@pytest.mark.parametrize("exc", [KeyError("x"), ZeroDivisionError()])
def test_a_bug_is_not_hidden(tmp_path, monkeypatch, exc):
    import workbench.contract as contract

    def boom(*a, **k):
        raise exc

    monkeypatch.setattr(contract, "load_package", boom)
    res = CliRunner().invoke(app, ["analyze", str(tmp_path), "--tahun", "2026"])
    assert res.exit_code != 0 and res.exit_code != 2
    assert isinstance(res.exception, type(exc))
