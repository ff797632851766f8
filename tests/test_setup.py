"""The set-up files agree with each other."""

from __future__ import annotations

import re
from pathlib import Path
import tomllib

import pytest
import yaml

from workbench import config


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[ ;]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_environment_yml_lists_the_same_runtime_packages_as_pyproject():
    project = tomllib.loads((config.PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    runtime = {_name(r) for r in project["dependencies"]}
    test = {_name(r) for r in project["optional-dependencies"]["test"]}
    env = yaml.safe_load((config.PROJECT_ROOT / "environment.yml").read_text(encoding="utf-8"))
    conda, pip = set(), set()
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            pip |= {_name(x) for x in dep["pip"]}
        else:
            conda.add(_name(dep))
    listed = (conda | pip) - {"python", "pip"}
    assert runtime <= listed, f"in pyproject.toml but not environment.yml: {sorted(runtime - listed)}"
    assert listed <= runtime | test, f"in environment.yml but not pyproject.toml: {sorted(listed - runtime - test)}"


def test_ci_runs_the_readme_test_command():
    ci = (config.PROJECT_ROOT / ".ci" / "run").read_text(encoding="utf-8")
    readme = (config.PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    assert "make test" in ci and "make test" in readme and "make report" in readme


@pytest.mark.parametrize(
    ("package", "expected"),
    [
        ("corpus", {"__init__.py", "build.py", "pool.py", "chunks.py", "store.py", "key.py", "slices.py"}),
        ("topics", {"__init__.py", "schemas.py", "items.py", "fits.py", "clustering.py", "result.py"}),
    ],
)
def test_package_modules_are_small_and_say_what_they_own(package, expected):
    """Issue 16: the corpus and topics packages are split by family; each module opens with a docstring
    and stays near 400 lines."""
    import ast

    folder = Path(__file__).resolve().parent.parent / "workbench" / package
    modules = sorted(folder.glob("*.py"))
    assert {p.name for p in modules} >= expected
    for path in modules:
        text = path.read_text(encoding="utf-8")
        assert ast.get_docstring(ast.parse(text)), f"{path.name} has no module docstring"
        assert text.count("\n") <= 420, f"{path.name} has {text.count(chr(10))} lines; split it by family"


def test_topics_names_stay_importable_from_the_package():
    """Every name of the old single topics module is importable from the package."""
    import workbench.topics as tp

    names = [*tp.__all__, "Method", "DENSE_MAX_CELLS", "_tfidf", "_fit", "_cosine_distances", "_silhouettes", "_stability"]
    assert all(hasattr(tp, n) for n in names)


def test_the_cache_key_hashes_every_module_the_build_imports():
    """A change to any module a build runs must rebuild the cache (corpus.key._CODE_FILES)."""
    import subprocess
    import sys

    from workbench.corpus import key

    root = Path(__file__).resolve().parent.parent / "workbench"
    hashed = {p.relative_to(root).as_posix() for pattern in key._CODE_FILES for p in root.glob(pattern)}
    assert {p.relative_to(root).as_posix() for p in (root / "corpus").glob("*.py")} <= hashed
    # the workbench modules a fresh interpreter imports to build the seeds
    code = (
        "import sys, workbench as wb; wb.load_corpus(cache=False);"
        "print('\\n'.join(sorted(m.__file__ for n, m in sys.modules.items() if n.startswith('workbench') and getattr(m, '__file__', None))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    used = {Path(f).resolve().relative_to(root).as_posix() for f in out}
    # modules of the build's path; the rest are imported by ``import workbench`` for the user, not run by a build
    build = {u for u in used if u.startswith(("corpus/", "metadata/")) or u in {
        "readers.py", "cleaning.py", "manifest.py", "segment.py", "segmenter.py", "schemas.py", "integrity.py"}}
    assert build <= hashed, sorted(build - hashed)
    assert key._code_hash()  # every pattern matches a file
