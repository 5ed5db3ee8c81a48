"""A non-editable install (``pip install .``) carries every package and every data file the code loads."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SETUPTOOLS = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]

#: Data the code reads at run time, by package: (pattern in package-data, a file it must match).
DATA = {
    "queries": ("*.cypher", "stats.cypher"),
    "render": ("templates/*", "templates/network.html"),
    "extract": ("data/*", "data/lexicon.json"),
    "samples": ("sample_case/*", "sample_case/calls.csv"),
    "bench": ("cypher/*.cypher", "cypher/wipe.cypher"),
}


def test_every_top_level_package_is_installed():
    packages = sorted(p.parent.name for p in ROOT.glob("*/__init__.py") if p.parent.name != "tests")
    assert sorted(p for p in packages if f"{p}*" in SETUPTOOLS["packages"]["find"]["include"]) == packages


def test_the_cypher_queries_templates_and_sample_case_are_package_data():
    for package, (pattern, example) in DATA.items():
        assert pattern in SETUPTOOLS["package-data"][package], package
        assert (ROOT / package / example).is_file() and (ROOT / package / "__init__.py").is_file()


def test_the_neo4j_store_finds_its_queries_beside_the_queries_package():
    import queries
    from graph.neo4j_store import QUERY_DIR

    assert QUERY_DIR == Path(queries.__file__).resolve().parent
