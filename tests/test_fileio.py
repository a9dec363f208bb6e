"""Atomic writes: a reader sees the old file or the whole new one; a normal file's permissions."""

from __future__ import annotations

import os
import stat

import pytest

from workbench.fileio import atomic_dir, atomic_path, atomic_write_bytes, atomic_write_text


def _mode(p):
    return stat.S_IMODE(p.stat().st_mode)


def test_write_text_and_bytes(tmp_path):
    p = tmp_path / "sub" / "a.html"
    atomic_write_text(p, "halo\n")
    assert p.read_text() == "halo\n"
    atomic_write_bytes(p, b"baru")
    assert p.read_bytes() == b"baru"
    assert [x.name for x in p.parent.iterdir()] == ["a.html"]  # no temporary left


def test_new_file_gets_umask_mode_and_replaced_file_keeps_its_mode(tmp_path):
    old = os.umask(0o022)
    try:
        p = tmp_path / "x.csv"
        atomic_write_text(p, "a")
        assert _mode(p) == 0o644  # not mkstemp's 0600: shared outputs are readable
        p.chmod(0o600)
        atomic_write_text(p, "b")
        assert _mode(p) == 0o600
    finally:
        os.umask(old)


def test_failure_leaves_the_old_file_and_no_temporary(tmp_path):
    p = tmp_path / "x.xlsx"
    p.write_bytes(b"lama")
    with pytest.raises(RuntimeError), atomic_path(p, suffix=".xlsx") as tmp:
        assert not tmp.exists() and tmp.parent == p.parent and tmp.suffix == ".xlsx"
        tmp.write_bytes(b"setengah")
        raise RuntimeError("interrupted")
    assert p.read_bytes() == b"lama"
    assert [x.name for x in tmp_path.iterdir()] == ["x.xlsx"]


def test_atomic_dir_replaces_a_folder_as_a_whole(tmp_path):
    d = tmp_path / "paket"
    d.mkdir()
    (d / "lama.csv").write_text("x")
    with atomic_dir(d) as new:
        (new / "baru.csv").write_text("y")
        assert (d / "lama.csv").exists()  # not touched until the block succeeds
    assert sorted(x.name for x in d.iterdir()) == ["baru.csv"]
    with pytest.raises(ValueError), atomic_dir(d) as new:
        (new / "rusak.csv").write_text("z")
        raise ValueError
    assert sorted(x.name for x in d.iterdir()) == ["baru.csv"]
    assert sorted(x.name for x in tmp_path.iterdir()) == ["paket"]
