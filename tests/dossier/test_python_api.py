"""The Python API: the README's notebook example runs as written, and ``import dossier`` stays light."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pyarrow as pa
import pytest

import dossier
from tests.helpers.paths import REPO
from tests.helpers.sample_warehouse import sample_warehouse

README = REPO / "README.md"


def readme_example() -> str:
    """The first ```python block of the README's "From Python" section."""
    section = README.read_text("utf-8").split("## From Python", 1)[1]
    return re.search(r"^```python\n(.*?)^```", section, re.S | re.M).group(1)


@pytest.mark.flow
def test_the_readme_example_runs_as_a_script(tmp_path):
    """As a user runs it: saved to a file, run by Python; the process pool's workers import it again."""
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "samples").symlink_to(REPO / "raw" / "samples")
    (tmp_path / "example.py").write_text(readme_example(), "utf-8")
    env = {**os.environ, "DOSSIER_ARCHIVE": str(tmp_path / "archive"), "DOSSIER_PROGRESS": "off"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    done = subprocess.run(
        [sys.executable, "example.py"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr[-3000:]
    out = [line for line in done.stdout.splitlines() if not line.startswith("progress: ")]
    assert out[0].startswith("6 sources loaded, 7 documents, 1 failed")
    assert "Rustam Nazarov" in out[1]
    assert re.match(r"[1-5] hits; best: …", out[2]) and "water" in out[2]
    assert re.fullmatch(r"[1-9]\d* events about flood forecasting", out[-1])


def test_search_returns_a_table_of_ranked_hits(tmp_path_factory, nlp):
    path = sample_warehouse(tmp_path_factory, nlp)
    hits = dossier.search("water", db=path, since="2024", limit=3)
    table = hits if isinstance(hits, pa.Table) else pa.Table.from_pandas(hits)
    assert table.num_rows == 3
    assert table.column_names[:3] == ["score", "hit_kind", "hit_id"]
    scores = table.column("score").to_pylist()
    assert scores == sorted(scores, reverse=True)
    empty = dossier.search("zzzunfindable", db=path)
    assert len(empty) == 0


def test_connect_is_read_only_with_the_views_and_search(tmp_path_factory, nlp):
    path = sample_warehouse(tmp_path_factory, nlp)
    with dossier.connect(path) as con:
        assert con.sql("SELECT count(*) FROM search_quotes('water')").fetchone()[0] > 0
        assert con.sql("SELECT count(*) FROM timeline").fetchone()[0] > 0
        with pytest.raises(Exception, match="read-only"):
            con.execute("DELETE FROM quotes")


def test_importing_dossier_loads_nothing_heavy():
    code = "import sys, dossier; print(sorted(m for m in ('duckdb', 'prefect', 'spacy', 'pyarrow') if m in sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
