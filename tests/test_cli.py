"""The command line, run as a user runs it."""

from __future__ import annotations

import shutil
import subprocess
import sys

from workbench import config


def _run(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "workbench.cli", *args], capture_output=True, text=True, cwd=cwd or config.PROJECT_ROOT
    )


def test_help_explains_each_command():
    out = _run("--help")
    assert out.returncode == 0
    assert "build" in out.stdout and "report" in out.stdout
    build = _run("build", "--help")
    assert "--source" in build.stdout and "--strict" in build.stdout


def test_build_prints_a_summary():
    out = _run("build")
    assert out.returncode == 0, out.stderr
    assert "documents: 5" in out.stdout
    assert "level-1 parts: achievements 5, duties 4, other 1, plans 5, shortcomings 4" in out.stdout
    assert "printed twice" in out.stdout


def test_build_strict_fails_with_a_message(tmp_path):
    shutil.copy(config.RAW_DIR / "002_7456ba8b65555133.txt", tmp_path)
    (tmp_path / "empty.txt").write_bytes(b"")
    out = _run("build", "--source", str(tmp_path), "--strict", "--no-cache")
    assert out.returncode == 1
    assert "empty.txt: the file is empty" in out.stderr
    assert "Traceback" not in out.stderr
