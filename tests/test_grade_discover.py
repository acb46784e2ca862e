"""Finding submissions: answer files kept and sorted, junk and links listed, never followed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from solver.check.latexsheet import NOT_AN_ANSWER_FILE
from solver.grade import discover
from solver.grade.discover import (
    EDITOR_FILE,
    HIDDEN,
    LOCK_FILE,
    METADATA,
    NOT_REGULAR,
    SYMLINK,
    Skipped,
    find_submissions,
    junk_reason,
    output_inside,
)

SUBMISSIONS = [
    "alice.yaml", "bob.YML", "carol.Json", "dave.TEX", "a-c.yaml", "a/b.yaml",
    "section 2/erin.tex", "section 2/deep/er/frank.json", "Zed.yaml",
]
JUNK = {
    ".DS_Store": METADATA,
    "section 2/Thumbs.db": METADATA,
    "desktop.ini": METADATA,
    "._alice.yaml": METADATA,
    "~$alice.yaml": LOCK_FILE,
    "alice.yaml~": EDITOR_FILE,
    "alice.yaml.bak": EDITOR_FILE,
    "alice.BAK": EDITOR_FILE,
    ".alice.yaml.swp": EDITOR_FILE,
    ".alice.yaml.swo": EDITOR_FILE,
    ".#alice.yaml": EDITOR_FILE,
    "#alice.yaml#": EDITOR_FILE,
    ".secret.yaml": HIDDEN,
    "notes.txt": NOT_AN_ANSWER_FILE,
    "alice.pdf": NOT_AN_ANSWER_FILE,
    "Makefile": NOT_AN_ANSWER_FILE,
    "a/readme.md": NOT_AN_ANSWER_FILE,
}
JUNK_FOLDERS = {
    "__MACOSX/": METADATA,
    "section 2/__MACOSX/": METADATA,
    ".git/": HIDDEN,
}


@pytest.fixture
def tree(tmp_path) -> Path:
    root = tmp_path / "submissions"
    for name in SUBMISSIONS + list(JUNK):
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("answers: {}\n", encoding="utf-8")
    for folder in JUNK_FOLDERS:
        (root / folder).mkdir(parents=True, exist_ok=True)
        (root / folder / "._alice.yaml").write_text("junk", encoding="utf-8")
        (root / folder / "real.yaml").write_text("answers: {}\n", encoding="utf-8")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "mallory.yaml").write_text("answers: {}\n", encoding="utf-8")
    (root / "link-to-file.yaml").symlink_to(outside / "mallory.yaml")
    (root / "link-to-folder").symlink_to(outside, target_is_directory=True)
    (root / "a" / "loop").symlink_to(root, target_is_directory=True)
    (root / "a" / "self").symlink_to(root / "a" / "self")
    (root / "broken.yaml").symlink_to(tmp_path / "missing.yaml")
    os.mkfifo(root / "pipe.yaml")
    return root


def expected_skipped() -> list[Skipped]:
    reasons = {**JUNK, **JUNK_FOLDERS, "link-to-file.yaml": SYMLINK, "link-to-folder": SYMLINK,
               "a/loop": SYMLINK, "a/self": SYMLINK, "broken.yaml": SYMLINK,
               "pipe.yaml": NOT_REGULAR}
    return [Skipped(name, reasons[name]) for name in sorted(reasons)]


def test_submissions_are_found_sorted_by_relative_path(tree):
    found = find_submissions(tree)
    assert [path.relative_to(tree).as_posix() for path in found.files] == sorted(SUBMISSIONS)
    assert all(path.is_absolute() and path.is_file() for path in found.files)


def test_junk_links_and_special_files_are_listed_with_a_reason(tree):
    assert list(find_submissions(tree).skipped) == expected_skipped()


def test_discovery_is_deterministic(tree):
    assert find_submissions(tree) == find_submissions(tree)


def test_a_relative_folder_gives_absolute_paths(tree, monkeypatch):
    monkeypatch.chdir(tree.parent)
    found = find_submissions(Path("submissions"))
    assert found.files[0] == tree / "Zed.yaml"


def test_an_empty_folder_finds_nothing(tmp_path):
    found = find_submissions(tmp_path)
    assert (found.files, found.skipped) == ((), ())


def test_a_missing_folder_is_an_error(tmp_path):
    with pytest.raises(FileNotFoundError):
        find_submissions(tmp_path / "missing")


def test_an_unreadable_subfolder_is_listed(tmp_path, monkeypatch):
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "hidden-from-us.yaml").write_text("answers: {}\n", encoding="utf-8")
    (tmp_path / "alice.yaml").write_text("answers: {}\n", encoding="utf-8")
    scandir = os.scandir

    def refusing_scandir(path):
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path)

    monkeypatch.setattr(discover.os, "scandir", refusing_scandir)
    found = find_submissions(tmp_path)
    assert [path.name for path in found.files] == ["alice.yaml"]
    assert found.skipped == (Skipped("locked/", "folder cannot be read (Permission denied)"),)


@pytest.mark.parametrize(("name", "reason"), [
    *sorted(((Path(name).name, reason) for name, reason in JUNK.items()
             if reason != NOT_AN_ANSWER_FILE)),
    ("THUMBS.DB", METADATA),
    ("#", None),
    ("alice.yaml", None),
    ("alice~bob.yaml", None),
    ("notes.txt", None),
])
def test_junk_names(name, reason):
    assert junk_reason(name) == reason


# --- the output folder ----------------------------------------------------------------

@pytest.mark.parametrize(("output", "inside"), [
    ("submissions", True),
    ("submissions/", True),
    ("submissions/graded", True),
    ("submissions/a/new/graded", True),
    ("submissions/new/../graded", True),
    ("submissions/new/../../graded", False),
    ("submissions/../submissions", True),
    ("graded", False),
    ("submissions-graded", False),
    (".", False),
    ("outside/graded", False),
    ("link-inside/graded", True),
    ("link-inside", True),
    ("submissions/link-outside/graded", False),
])
def test_output_inside(tmp_path, monkeypatch, output, inside):
    (tmp_path / "submissions" / "a").mkdir(parents=True)
    (tmp_path / "outside").mkdir()
    (tmp_path / "link-inside").symlink_to(tmp_path / "submissions" / "a",
                                          target_is_directory=True)
    (tmp_path / "submissions" / "link-outside").symlink_to(tmp_path / "outside",
                                                           target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    assert output_inside(Path("submissions"), Path(output)) is inside
    assert output_inside(tmp_path / "submissions", tmp_path / output) is inside


def test_output_inside_through_a_linked_submissions_folder(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "linked").symlink_to(tmp_path / "real", target_is_directory=True)
    assert output_inside(tmp_path / "linked", tmp_path / "real" / "out")
    assert output_inside(tmp_path / "real", tmp_path / "linked" / "out")
    assert not output_inside(tmp_path / "linked", tmp_path / "out")
