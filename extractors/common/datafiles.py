"""The word lists and tables in ``extractors/data/``, read the one way they are all written.

Each is UTF-8 text, one entry a line; blank lines and lines starting with ``#``
are for the people editing the file and carry no data.
"""

from __future__ import annotations

from importlib import resources


def data_lines(name: str) -> list[str]:
    """The lines of ``extractors/data/<name>`` that carry data."""
    text = resources.files("extractors").joinpath(f"data/{name}").read_text("utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


def data_files(prefix: str, suffix: str) -> list[str]:
    """Names of the data files that start with ``prefix`` and end with ``suffix``, sorted."""
    folder = resources.files("extractors").joinpath("data")
    return sorted(f.name for f in folder.iterdir() if f.name.startswith(prefix) and f.name.endswith(suffix))
