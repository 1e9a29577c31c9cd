"""Benchmark corpora written on the fly from the public pages in ``../shared/data``.

Nothing here is copied into the repository: the pages are read from the shared
benchmark folders at run time and written as plain ``.html`` files into a
temporary folder, which is what ``dossier ingest FOLDER`` reads.

* ``html-benchmark``: 181 English article pages (see its README);
* ``html-metadata-eval``: the pages whose ``<html lang>`` is English.

``copies > 1`` writes every page again with a one-line comment that changes its
content hash (so each copy is a new source) but not its text, so the corpus
grows without changing what a document costs to parse.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"


def benchmark_pages() -> list[tuple[str, bytes]]:
    """(name, raw HTML bytes) for every English benchmark page, in a stable order."""
    pages: list[tuple[str, bytes]] = []
    articles = SHARED_DATA / "html-benchmark"
    if articles.is_dir():
        for path in sorted((articles / "html").glob("*.html.gz")):
            pages.append((f"ab-{path.name[:16]}", gzip.decompress(path.read_bytes())))
    metadata = SHARED_DATA / "html-metadata-eval"
    if metadata.is_dir():
        gold = json.loads((metadata / "gold.json").read_text("utf8"))
        for item in sorted(gold.values(), key=lambda g: g["file"]):
            if item.get("html_lang") == "en":
                path = metadata / "html" / f"{item['file']}.gz"
                if path.is_file():
                    pages.append((f"me-{Path(item['file']).stem[:16]}", gzip.decompress(path.read_bytes())))
    if not pages:
        raise SystemExit(f"no benchmark pages found under {SHARED_DATA} (the shared data folder is needed)")
    return pages


def write_corpus(folder: Path, pages: list[tuple[str, bytes]], copies: int = 1) -> list[Path]:
    """Write ``copies`` distinct-by-hash copies of every page as ``.html`` files; return the paths.

    Files are named ``<copy>-<page>.html`` so that, read in name order, the
    corpus is every page once, then every page again (the order of the
    spaCy-alone baseline's ``texts * copies``), not each page's copies side by side.
    """
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for copy in range(copies):
        for name, data in pages:
            path = folder / f"{copy}-{name}.html"
            marker = f"\n<!-- benchmark copy {copy} -->\n".encode() if copy else b""
            path.write_bytes(data + marker)
            written.append(path)
    return written
