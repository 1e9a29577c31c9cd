import hashlib
from pathlib import Path

import pytest

from acquire import sources


def test_folders_expand_to_source_files_only(tmp_path):
    (tmp_path / "a.html").write_text("<p>x</p>")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "README.md").write_text("notes")
    (tmp_path / ".hidden.txt").write_text("secret")
    found = sources.discover([str(tmp_path)])
    assert [p.rsplit("/", 1)[-1] for p in found] == ["a.html", "b.pdf"]


def test_urls_and_missing_paths_are_kept_for_the_read_stage():
    assert sources.discover(["https://example.org/a", "no/such/file.pdf"]) == [
        "https://example.org/a",
        "no/such/file.pdf",
    ]


def test_reading_a_missing_file_is_a_clear_error():
    with pytest.raises(sources.SourceError, match="no such file"):
        sources.read("no/such/file.pdf", max_bytes=100)


def test_oversized_files_are_refused(tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 101)
    with pytest.raises(sources.SourceError, match="over the 100-byte limit"):
        sources.read(str(big), max_bytes=100)


def test_archive_keeps_bytes_once_and_logs_every_read(tmp_path):
    path = tmp_path / "doc.txt"
    path.write_bytes(b"hello")
    for _ in range(2):
        raw = sources.read(str(path), max_bytes=100)
        stored = sources.archive(raw, tmp_path / "archive")
    sha = hashlib.sha256(b"hello").hexdigest()
    assert stored.endswith(sha)
    assert open(stored, "rb").read() == b"hello"
    assert len((tmp_path / "archive" / sha[:2] / f"{sha}.jsonl").read_text().splitlines()) == 2


def test_looping_and_dangling_links_in_a_folder_are_reported_not_skipped(tmp_path):
    (tmp_path / "real.txt").write_text("Title\n\nBody.")
    (tmp_path / "a.txt").symlink_to(tmp_path / "b.txt")
    (tmp_path / "b.txt").symlink_to(tmp_path / "a.txt")
    (tmp_path / "gone.html").symlink_to(tmp_path / "deleted.html")
    found = sources.discover([str(tmp_path)])
    assert sorted(Path(f).name for f in found) == ["a.txt", "b.txt", "gone.html", "real.txt"]
    for uri in found:
        if not uri.endswith("real.txt"):
            with pytest.raises(sources.SourceError, match="broken or looping link"):
                sources.read(uri, max_bytes=1000)
