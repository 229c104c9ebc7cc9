"""Turning what the user names into files to read: folders, symlinks, globs, zip archives and
manifests, and the inputs that cannot be used as failures with a reason."""

from __future__ import annotations

import os
import re
import tempfile
import zipfile
from pathlib import Path

import pytest

from lkj import db
from lkj.errors import LkjError
from lkj.inputs import InputFailure, ZipLimits, expand_paths, open_inputs, record_failures


def touch(path: Path, text: str = "LAPORAN KINERJA\n") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def rel(paths: list[Path], root: Path) -> list[str]:
    return [p.relative_to(root).as_posix() for p in paths]


def reasons(failures: list[InputFailure], root: Path) -> dict[str, str]:
    return {Path(os.path.relpath(f.path, root)).as_posix(): f.reason for f in failures}


def make_zip(path: Path, members: dict[str, bytes | str], **kw: object) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", **kw) as z:  # type: ignore[arg-type]
        for name, data in members.items():
            z.writestr(name, data)
    return path


# --------------------------------------------------------------------------- folders


def test_folder_scan_order_and_filters(tmp_path: Path) -> None:
    for name in ["b.txt", "a.md", "sub/c.markdown", "sub/d.PDF", "sub/c.truth.json", "notes.docx"]:
        touch(tmp_path / "r" / name)
    touch(tmp_path / "r/.hidden/e.txt")
    touch(tmp_path / "r/.f.txt")
    touch(tmp_path / "r/README.md")
    with open_inputs([tmp_path / "r", tmp_path / "r/b.txt"]) as inputs:
        assert rel(inputs.paths(), tmp_path / "r") == [
            "a.md",
            "b.txt",
            "sub/c.markdown",
            "sub/d.PDF",
        ]
        assert inputs.failures == [] and inputs.tmpdir is None  # nothing extracted, no folder
        assert inputs.files[0].origin == str(tmp_path / "r/a.md")


def test_named_files_are_tried_and_missing_paths_raise(tmp_path: Path) -> None:
    docx = touch(tmp_path / "notes.docx")
    truth = touch(tmp_path / "x.truth.json", "{}")
    assert expand_paths([docx, truth]) == [docx]
    with pytest.raises(LkjError, match="no such file or folder"):
        expand_paths([tmp_path / "missing.txt"])


def test_symlinked_folder_is_followed_once_and_loops_are_failures(tmp_path: Path) -> None:
    root = tmp_path / "r"
    touch(root / "a/one.txt")
    touch(tmp_path / "elsewhere/two.txt")
    os.symlink(tmp_path / "elsewhere", root / "linked")  # a link out of the tree: followed
    os.symlink(tmp_path / "elsewhere", root / "linked_again")  # the same folder: searched once
    os.symlink("..", root / "a/up")  # back to r: a loop
    os.symlink("self", root / "self")  # a link to itself
    os.symlink("missing.txt", root / "dangling.txt")
    with open_inputs([root]) as inputs:
        assert rel(inputs.paths(), root) == ["a/one.txt", "linked/two.txt"]
        got = reasons(inputs.failures, root)
    assert got == {
        "a/up": f"symlink loop: up -> .. leads back to {root}; not followed",
        "self": "symlink loop: self -> self (the links never end)",
        "dangling.txt": "broken link: dangling.txt -> missing.txt (target missing)",
    }


def test_a_named_symlink_loop_is_a_failure(tmp_path: Path) -> None:
    os.symlink("loop.txt", tmp_path / "loop.txt")
    with open_inputs([tmp_path / "loop.txt"]) as inputs:
        assert inputs.files == []
        assert reasons(inputs.failures, tmp_path) == {
            "loop.txt": "symlink loop: loop.txt -> loop.txt (the links never end)"
        }


# --------------------------------------------------------------------------- globs


def test_globs_expand_in_order_and_recurse(tmp_path: Path) -> None:
    for name in ["2019/a.txt", "2019/b.pdf", "2024/deep/c.txt", "top.txt"]:
        touch(tmp_path / name)
    assert rel(expand_paths([f"{tmp_path}/**/*.txt"]), tmp_path) == [
        "2019/a.txt",
        "2024/deep/c.txt",
        "top.txt",
    ]
    assert rel(expand_paths([f"{tmp_path}/20*"]), tmp_path) == [
        "2019/a.txt",
        "2019/b.pdf",
        "2024/deep/c.txt",
    ]
    with pytest.raises(LkjError, match=r"no file or folder matches"):
        expand_paths([f"{tmp_path}/*.docx"])


def test_a_file_whose_name_looks_like_a_glob_is_a_file(tmp_path: Path) -> None:
    odd = touch(tmp_path / "laporan [final].txt")
    assert expand_paths([odd]) == [odd]


# --------------------------------------------------------------------------- zip archives


def test_zip_members_are_extracted_and_the_folder_removed(tmp_path: Path) -> None:
    archive = make_zip(
        tmp_path / "in/arsip.zip",
        {
            "2024/b.txt": "LAPORAN B\n",
            "2024/a.pdf": b"%PDF-1.4 not really",
            "2024/notes.docx": "skipped: not a report",
            "__MACOSX/2024/._b.txt": "resource fork",
            ".hidden.txt": "hidden",
            "inner.zip": "PK\x05\x06" + "\x00" * 18,
        },
    )
    with open_inputs([tmp_path / "in"]) as inputs:
        assert inputs.tmpdir is not None
        tmpdir = inputs.tmpdir
        assert [f.origin for f in inputs.files] == [
            f"{archive}:2024/b.txt",
            f"{archive}:2024/a.pdf",
        ]
        assert inputs.files[0].path.read_text() == "LAPORAN B\n"
        assert all(f.path.is_relative_to(tmpdir) for f in inputs.files)
        assert reasons(inputs.failures, tmp_path) == {
            "in/arsip.zip/inner.zip": "archive inside arsip.zip: extract it first"
        }
    assert not tmpdir.exists()


def test_the_extraction_folder_goes_when_expansion_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_zip(tmp_path / "a.zip", {"a.txt": "A\n"})
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    with open_inputs([tmp_path / "a.zip"]):
        assert len(list((tmp_path / "tmp").iterdir())) == 1  # extracted here
    with pytest.raises(LkjError):
        open_inputs([tmp_path / "a.zip", tmp_path / "missing.txt"])
    assert list((tmp_path / "tmp").iterdir()) == []


def test_an_unclosed_inputs_is_cleaned_when_collected(tmp_path: Path) -> None:
    make_zip(tmp_path / "a.zip", {"a.txt": "A\n"})
    inputs = open_inputs([tmp_path / "a.zip"])
    tmpdir = inputs.tmpdir
    assert tmpdir is not None and tmpdir.exists()
    del inputs
    assert not tmpdir.exists()


def _symlink_member(path: Path) -> Path:
    info = zipfile.ZipInfo("link.txt")
    info.external_attr = (0o120777 << 16) | 0
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(info, "/etc/passwd")
    return path


@pytest.mark.parametrize(
    ("members", "reason"),
    [
        ({"ok.txt": "A", "../evil.txt": "B"}, r"member '\.\./evil\.txt' would be written outside"),
        ({"a/../../evil.txt": "B"}, r"member 'a/\.\./\.\./evil\.txt' would be written outside"),
        ({"/etc/evil.txt": "B"}, r"member '/etc/evil\.txt' has an absolute path"),
        ({"C:\\evil.txt": "B"}, r"has an absolute path"),
        ({"..\\evil.txt": "B"}, r"would be written outside"),
        ({f"r{i}.txt": "x" for i in range(4)}, r"4 members \(> limit 3\)"),
        ({"big.txt": "y" * 5000}, r"unpacks to 5,000 bytes \(> limit 4,096\)"),
        ({"bomb.txt": b"\x00" * (2 << 20)}, r"member 'bomb\.txt' is compressed [\d,]+ to 1 \(> limit 100\): a zip bomb"),
    ],
)  # fmt: skip
def test_unsafe_archives_are_refused_whole(
    tmp_path: Path, members: dict[str, str | bytes], reason: str
) -> None:
    archive = make_zip(tmp_path / "x.zip", members, compression=zipfile.ZIP_DEFLATED)
    limits = ZipLimits(members=3, total_bytes=4096)
    with open_inputs([archive], limits=limits) as inputs:
        assert inputs.files == []
        assert [f.path for f in inputs.failures] == [archive]
        assert inputs.failures[0].reason.startswith("unsafe zip: ")
        assert inputs.failures[0].reason.endswith("; nothing extracted")
        assert re.search(reason, inputs.failures[0].reason)
        assert inputs.tmpdir is None or not any(inputs.tmpdir.rglob("*"))
    assert not (tmp_path.parent / "evil.txt").exists()


def test_symlink_members_are_refused(tmp_path: Path) -> None:
    with open_inputs([_symlink_member(tmp_path / "l.zip")]) as inputs:
        assert inputs.files == []
        assert "member 'link.txt' is a symbolic link" in inputs.failures[0].reason


def test_default_limits_pass_an_ordinary_archive_and_stop_a_bomb(tmp_path: Path) -> None:
    text = "NO\tINDIKATOR\tTARGET\n1\tPersentase\t100%\n" * 20_000  # repetitive, ~0.7 MB
    ordinary = make_zip(tmp_path / "ok.zip", {"r.txt": text}, compression=zipfile.ZIP_DEFLATED)
    bomb = make_zip(
        tmp_path / "bomb.zip", {"r.txt": b"\x00" * (8 << 20)}, compression=zipfile.ZIP_DEFLATED
    )
    with open_inputs([ordinary, bomb]) as inputs:
        assert [f.origin for f in inputs.files] == [f"{ordinary}:r.txt"]
        assert [f.path for f in inputs.failures] == [bomb]


def test_damaged_and_encrypted_archives(tmp_path: Path) -> None:
    fake = tmp_path / "fake.zip"
    fake.write_bytes(b"<html>not a zip</html>")
    enc = make_zip(tmp_path / "enc.zip", {"secret.txt": "LAPORAN\n", "open.txt": "LAPORAN\n"})
    data = bytearray(enc.read_bytes())  # mark the first member encrypted (flag bit 0), in the
    data[6] |= 0x1  # local header and in the central directory: zipfile asks for a password
    data[data.index(b"PK\x01\x02") + 8] |= 0x1
    enc.write_bytes(bytes(data))
    with open_inputs([fake, enc]) as inputs:
        assert [f.origin for f in inputs.files] == [f"{enc}:open.txt"]
        got = reasons(inputs.failures, tmp_path)
    assert got["fake.zip"].startswith("not a zip archive or damaged")
    assert got["enc.zip/secret.txt"].startswith("cannot extract from enc.zip:")
    assert "password required" in got["enc.zip/secret.txt"]


def test_expand_paths_leaves_archives_alone(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "r/a.zip", {"a.txt": "A\n"})
    touch(tmp_path / "r/b.txt")
    assert rel(expand_paths([tmp_path / "r"]), tmp_path) == ["r/b.txt"]
    assert expand_paths([archive]) == [archive]  # named: tried, and fails as a file type


# --------------------------------------------------------------------------- manifests


def test_manifest_lists_inputs_with_hints(tmp_path: Path) -> None:
    touch(tmp_path / "r/a.txt")
    touch(tmp_path / "r/sub/b.pdf")
    touch(tmp_path / "c.md")
    manifest = tmp_path / "lists/m.csv"
    manifest.parent.mkdir()
    manifest.write_text(
        "\ufeffPath;Satker;Year\n"  # Excel's BOM, Indonesian ";" separator, any case
        "../r;KPU Kabupaten Ogan Ilir;2024\n"
        f"{tmp_path / 'c.md'};;\n"
        ";ignored;2020\n"
        "../missing.pdf;;2019\n"
        "../r/a.txt;KPU Kota Kupang;\n",
        encoding="utf-8",
    )
    with open_inputs([manifest]) as inputs:
        got = [
            (p, f.satker, f.year)
            for p, f in zip(rel(inputs.paths(), tmp_path), inputs.files, strict=True)
        ]
        failures = reasons(inputs.failures, tmp_path)
    assert got == [
        ("r/a.txt", "KPU Kabupaten Ogan Ilir", 2024),  # first hints win
        ("r/sub/b.pdf", "KPU Kabupaten Ogan Ilir", 2024),
        ("c.md", None, None),
    ]
    assert failures == {"missing.pdf": "listed in m.csv line 5 but not found"}


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("file,year\na.txt,2024\n", r"a manifest needs a 'path' column \(found: file, year\)"),
        (
            "path,year\na.txt,2024\nb.txt,dua ribu\n",
            r"m\.csv line 3: year 'dua ribu' is not a year",
        ),
        ("path,year\na.txt,1850\n", r"line 2: year '1850' is not a year"),
    ],
)
def test_a_malformed_manifest_is_a_usage_error(tmp_path: Path, text: str, error: str) -> None:
    touch(tmp_path / "a.txt")
    touch(tmp_path / "b.txt")
    (tmp_path / "m.csv").write_text(text, encoding="utf-8")
    with pytest.raises(LkjError, match=error):
        open_inputs([tmp_path / "m.csv"])


def test_a_manifest_does_not_follow_manifests(tmp_path: Path) -> None:
    (tmp_path / "inner.csv").write_text("path\na.txt\n")
    (tmp_path / "m.csv").write_text("path\ninner.csv\n")
    with open_inputs([tmp_path / "m.csv"]) as inputs:
        assert inputs.files == []
        assert reasons(inputs.failures, tmp_path) == {
            "inner.csv": "a manifest listed in m.csv line 2: not followed"
        }


# --------------------------------------------------------------------------- recording


def test_failures_become_documents_rows(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "r/evil.zip", {"../x.txt": "x"})
    os.symlink("self", tmp_path / "r/self")  # cannot even be resolved
    con = db.open_db(tmp_path / "lkj.duckdb")
    try:
        with open_inputs([tmp_path / "r"]) as inputs:
            ids = record_failures(con, inputs.failures)
        rows = con.execute(
            "SELECT doc_id, source, status, error FROM documents ORDER BY source"
        ).fetchall()
    finally:
        con.close()
    assert len(ids) == 2 and {r[0] for r in rows} == set(ids)
    assert [(r[1], r[2]) for r in rows] == [("evil.zip", "failed"), ("self", "failed")]
    assert rows[0][0] == db.sha256_file(archive)  # the archive's bytes name it
    assert rows[1][0] == f"path:{tmp_path.resolve() / 'r/self'}"
    assert rows[0][3].startswith("unsafe zip: member '../x.txt'")
    assert rows[1][3] == "symlink loop: self -> self (the links never end)"
