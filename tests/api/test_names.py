"""File names from servers cannot leave the download folder (unit tests of the sanitiser)."""

from __future__ import annotations

import os

import pytest

from constellr.plugin.api import DownloadError, filename_from_content_disposition, safe_filename
from constellr.plugin.api.download import MAX_NAME_BYTES, _inside


@pytest.mark.parametrize(
    ("unsafe", "expected"),
    [
        (
            "LSTPRECISION_SBA02_U155VHMQ_20260708T235815Z_LST.tiff",
            "LSTPRECISION_SBA02_U155VHMQ_20260708T235815Z_LST.tiff",
        ),
        ("../../etc/passwd", "passwd"),
        ("..", "download"),
        ("...", "download"),
        ("/etc/cron.d/evil", "evil"),
        ("C:\\Windows\\System32\\evil.dll", "evil.dll"),
        ("..\\..\\evil.bat", "evil.bat"),
        ("sub/dir\\name.tif", "name.tif"),
        ("a\x00b\x1fc\x7f.tif", "abc.tif"),
        ("invoice\u202eFDP.exe", "invoiceFDP.exe"),
        ("CON", "_CON"),
        ("con.txt", "_con.txt"),
        ("NUL.tar.gz", "_NUL.tar.gz"),
        ("COM1", "_COM1"),
        ("lpt9.log", "_lpt9.log"),
        ("COM10.txt", "COM10.txt"),
        ("CONSOLE.txt", "CONSOLE.txt"),
        ("name. . ", "name"),
        ("  .hidden", "hidden"),
        ('what?<is>:"this"|*.tif', "what__is___this___.tif"),
        ("", "download"),
        ("/", "download"),
    ],
)
def test_safe_filename(unsafe: str, expected: str) -> None:
    assert safe_filename(unsafe) == expected


def test_long_names_are_cut_keeping_the_extension() -> None:
    name = safe_filename("é" * 300 + ".tiff")
    assert name.endswith(".tiff")
    assert len(name.encode()) <= MAX_NAME_BYTES
    name.encode().decode()  # still valid UTF-8


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ('attachment; filename="lst.tiff"', "lst.tiff"),
        ("attachment; filename=lst.tiff", "lst.tiff"),
        ('attachment; filename="a \\"quoted\\" name.tif"', 'a "quoted" name.tif'),
        ("attachment; filename*=UTF-8''na%C3%AFve%20file.tif", "naïve file.tif"),
        ("attachment; filename=\"fallback.tif\"; filename*=UTF-8''pr%C3%A9f%C3%A9r%C3%A9.tif", "préféré.tif"),
        ("attachment; filename*=iso-8859-1'en'%E9t%E9.tif", "été.tif"),
        ("attachment", None),
        ("", None),
        (None, None),
    ],
)
def test_content_disposition(header: str | None, expected: str | None) -> None:
    assert filename_from_content_disposition(header) == expected


@pytest.mark.parametrize(
    "header",
    [
        'attachment; filename="../../outside.txt"',
        "attachment; filename*=UTF-8''..%2F..%2Foutside.txt",
        'attachment; filename="/tmp/outside.txt"',
        'attachment; filename="..\\\\..\\\\outside.txt"',
        'attachment; filename="NUL"',
        'attachment; filename=".."',
    ],
)
def test_hostile_content_disposition_stays_inside(tmp_path, header: str) -> None:
    name = safe_filename(filename_from_content_disposition(header) or "")
    path = _inside(tmp_path, name)
    assert os.path.dirname(os.path.realpath(path)) == os.path.realpath(tmp_path)


def test_symlink_planted_in_the_folder_is_refused(tmp_path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    folder = tmp_path / "downloads"
    folder.mkdir()
    (folder / "lst.tiff").symlink_to(outside / "lst.tiff")
    with pytest.raises(DownloadError, match="outside the download folder"):
        _inside(folder, "lst.tiff")
