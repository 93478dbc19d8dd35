"""Bad files, encodings and corpus walking: one line of reason each, never an exception."""

from __future__ import annotations

import codecs
import inspect
import os
import sys
from pathlib import Path

import pytest

import index.ingest.corpus as ingest
from index.ingest.corpus import (
    MAX_FILE_BYTES,
    SUPPORTED_EXTENSIONS,
    FileEntry,
    Skip,
    parse_file,
    parse_text,
    read_text,
    walk_corpus,
)
from index.model import ParseResult

ARTICLE = "Port strike ends\n\nDock workers voted to end the strike on Thursday.\n"
AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def parse(path: Path, **kw: int) -> ParseResult:
    return parse_file(path, path.name, **kw)


def test_constants() -> None:
    assert MAX_FILE_BYTES == 20 * 1024 * 1024
    assert SUPPORTED_EXTENSIONS == {
        ".txt", ".md", ".markdown", ".html", ".htm",
        ".json", ".jsonl", ".csv", ".tsv", ".json.gz", ".jsonl.gz", ".csv.gz", ".tsv.gz",
    }  # fmt: skip


# ---------------------------------------------------------------- skipped files


@pytest.mark.parametrize("data", [b"", b"  \n\t\r\n  ", "\ufeff\n".encode()])
def test_empty_file(tmp_path: Path, data: bytes) -> None:
    assert parse(write(tmp_path, "a.txt", data)).skipped == "empty file"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file (looks like PNG image)"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "binary file (looks like JPEG image)"),
        (b"GIF89a\x01\x00", "binary file (looks like GIF image)"),
        (b"%PDF-1.7\n%\xe2\xe3", "binary file (looks like PDF document)"),
        (b"PK\x03\x04\x14\x00", "binary file (looks like ZIP archive)"),
        (b"some text\x00\x00 more", "binary file (contains NUL bytes)"),
        (bytes(range(1, 32)) * 20, "binary file (mostly control characters)"),
    ],
)
def test_binary_file(tmp_path: Path, data: bytes, reason: str) -> None:
    assert parse(write(tmp_path, "photo.txt", data)).skipped == reason


def test_over_the_size_limit(tmp_path: Path) -> None:
    path = write(tmp_path, "big.txt", ARTICLE * 100)
    result = parse(path, max_bytes=1000)
    assert result.skipped is not None and result.skipped.startswith("file is ")
    assert result.skipped.endswith("over the 1000 bytes limit")
    huge = tmp_path / "huge.txt"  # sparse: 50 MB on paper, nothing read
    with huge.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    assert parse(huge).skipped == "file is 50.0 MB, over the 20 MB limit"


def test_unreadable_file_mocked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "secret.txt", ARTICLE)

    def deny(self: Path, *args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", deny)
    assert parse(path).skipped == "permission denied"


@pytest.mark.skipif(AS_ROOT or os.name != "posix", reason="root can read a chmod 000 file")
def test_unreadable_file_chmod(tmp_path: Path) -> None:
    path = write(tmp_path, "secret.txt", ARTICLE)
    path.chmod(0)
    try:
        assert parse(path).skipped == "permission denied"
    finally:
        path.chmod(0o644)


def test_deleted_between_walk_and_parse(tmp_path: Path) -> None:
    write(tmp_path, "gone.txt", ARTICLE)
    entries = [e for e in walk_corpus(tmp_path) if isinstance(e, FileEntry)]
    assert [e.rel for e in entries] == ["gone.txt"]
    entries[0].path.unlink()
    result = parse_file(entries[0].path, entries[0].rel)
    assert result.skipped == "file not found (deleted or moved since the scan)"


def test_unexpected_error_becomes_a_skip(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def boom(text: str) -> object:
        raise RuntimeError("boom")

    monkeypatch.setattr(ingest, "split_txt", boom)
    assert parse(write(tmp_path, "a.txt", ARTICLE)).skipped == "could not parse: boom"
    assert parse_text(ARTICLE, "a.txt", "txt").skipped == "could not parse: boom"


def test_folder_or_unknown_extension_given_to_parse_file(tmp_path: Path) -> None:
    (tmp_path / "dir.txt").mkdir()
    assert parse(tmp_path / "dir.txt").skipped == "not a regular file"
    assert parse(write(tmp_path, "a.pdf", ARTICLE)).skipped == "unsupported file type .pdf"


# ---------------------------------------------------------------- encodings


def test_utf8_with_and_without_bom(tmp_path: Path) -> None:
    plain = parse(write(tmp_path, "a.txt", ARTICLE))
    bom = parse(write(tmp_path, "b.txt", codecs.BOM_UTF8 + ARTICLE.encode()))
    assert plain.warnings == bom.warnings == []
    assert plain.articles[0].title == bom.articles[0].title == "Port strike ends"
    assert plain.articles[0].body == bom.articles[0].body


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_bom(tmp_path: Path, codec: str) -> None:
    text = "Café owners protest\n\nThe café owners said rents had doubled – again.\n"
    data = text.encode(codec)
    if codec == "utf-16-le":
        data = codecs.BOM_UTF16_LE + data
    elif codec == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    result = parse(write(tmp_path, "a.txt", data))
    assert result.skipped is None and result.warnings == []
    assert result.articles[0].title == "Café owners protest"
    assert result.articles[0].body == "The café owners said rents had doubled – again."


def test_invalid_utf8_falls_back_to_cp1252(tmp_path: Path) -> None:
    data = "Transfer fee written off\n\nA £15.8m signing – and a “shock” exit.\n".encode("cp1252")
    result = parse(write(tmp_path, "a.txt", data))
    assert result.warnings == ["not valid UTF-8; read as cp1252"]
    assert result.articles[0].body == "A £15.8m signing – and a “shock” exit."


def test_latin1_when_cp1252_fails(tmp_path: Path) -> None:
    text, warning = read_text(b"Odd bytes \x81 and \xe9t\xe9\n")
    assert warning == "not valid UTF-8; read as latin-1"
    assert text is not None and "été" in text


def test_mostly_utf8_with_a_stray_byte() -> None:
    text, warning = read_text("Zürich – “quoted” café ".encode() + b"\xff end")
    assert text is not None and text.startswith("Zürich – “quoted” café")
    assert warning is not None and "bad bytes replaced" in warning


def test_read_text_contract() -> None:
    assert read_text(b"plain") == ("plain", None)
    assert read_text(codecs.BOM_UTF8 + b"x") == ("x", None)
    assert read_text(b"\x89PNG\r\n\x1a\nxx") == (None, "binary file (looks like PNG image)")


def test_terminal_escapes_removed_from_every_field(tmp_path: Path) -> None:
    text = (
        "\x1b]0;pwned\x07Storm \x1b[31mwarning\x1b[0m issued\n"
        "By: Ann \x1b[1mLee\x1b[0m\n\n"
        "Winds of \x1b[5m90 mph\x1b[0m are expected\x07 tonight.\x08\r\n"
        "Source: Met\x1bc Office\n"
    )
    result = parse(write(tmp_path, "a.txt", text))
    a = result.articles[0]
    assert (a.title, a.author, a.source) == ("Storm warning issued", "Ann Lee", "Met Office")
    assert a.body == "Winds of 90 mph are expected tonight."
    data = '{"title": "T\\u001b[2Jitle", "text": "Body\\u0007 text.", "author": "A\\u009b1mB"}'
    j = parse_text(data, "x.json", "json").articles[0]
    assert (j.title, j.body, j.author) == ("Title", "Body text.", "AB")


def test_crlf_and_cr_line_endings() -> None:
    for nl in ("\r\n", "\r"):
        text = f"Title here{nl}{nl}First paragraph.{nl}{nl}Second paragraph.{nl}"
        a = parse_text(text, "a.txt", "txt").articles[0]
        assert (a.title, a.body) == ("Title here", "First paragraph.\n\nSecond paragraph.")


# ---------------------------------------------------------------- format failures


def test_malformed_front_matter_unclosed() -> None:
    text = "---\ntitle: Lost\nauthor: Nobody\n\nThe council met on Monday.\n"
    result = parse_text(text, "a.md", "md")
    assert result.warnings == [
        "front matter has no closing '---' line; read the whole file as body"
    ]
    assert "The council met on Monday." in result.articles[0].body


def test_malformed_front_matter_bad_yaml() -> None:
    text = "---\ntitle: [unclosed\nauthor: Jo\n---\n# Real title\n\nThe council met on Monday.\n"
    result = parse_text(text, "a.md", "md")
    assert len(result.warnings) == 1
    assert result.warnings[0].startswith("front matter is not valid YAML")
    a = result.articles[0]
    assert (a.title, a.author, a.body) == ("Real title", "", "The council met on Monday.")


def test_front_matter_not_a_mapping() -> None:
    result = parse_text("---\n- a\n- b\n---\nThe council met.\n", "a.md", "md")
    assert result.warnings == ["front matter is not a key: value mapping; ignored"]
    assert result.articles[0].body == "The council met."


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ('{"foo": 1}', "JSON has no article text (expected a field like text/body/content)"),
        ("42", "JSON has no article text (expected a field like text/body/content)"),
        ("[1, 2, 3]", "JSON has no article text (expected a field like text/body/content)"),
        (
            '{"title": "x", "text": "   "}',
            "JSON has no article text (expected a field like text/body/content)",
        ),
        (
            '{"title": "x",',
            "invalid JSON (line 1): Expecting property name enclosed in double quotes",
        ),
    ],
)
def test_json_not_an_article(text: str, reason: str) -> None:
    assert parse_text(text, "a.json", "json").skipped == reason


def test_json_ids_single_and_multi() -> None:
    one = '[{"title": "A", "text": "Alpha text."}]'
    assert [a.id for a in parse_text(one, "a.json", "json").articles] == ["a.json"]
    obj = '{"title": "A", "text": "Alpha text."}'
    assert [a.id for a in parse_text(obj, "a.json", "json").articles] == ["a.json"]
    line = '{"title": "A", "text": "Alpha text."}\n'
    assert [a.id for a in parse_text(line, "a.jsonl", "jsonl").articles] == ["a.jsonl"]
    mixed = '[{"title": "A", "text": "Alpha text."}, {"x": 1}, {"text": "Gamma text."}]'
    result = parse_text(mixed, "m.json", "json")
    assert [a.id for a in result.articles] == ["m.json#1", "m.json#3"]
    assert result.warnings == ["no article text in item 2; skipped"]
    assert result.articles[1].title == "Gamma text."  # no title field: first line stands in


def test_json_wrapper_object_and_nested_fields() -> None:
    text = (
        '{"status": "ok", "articles": [{"title": {"rendered": "Fish &amp; chips"}, '
        '"content": {"rendered": "<p>Prices rose.</p>"}, "author": [{"name": "Al"}, '
        '{"name": "Bo"}], "pubDate": "Tue, 04 Jun 2024 10:00:00 GMT", "source": '
        '{"name": "Wire"}}, {"headline": "B", "article": "Second.", "created_at": 1717495200}]}'
    )
    first, second = parse_text(text, "w.json", "json").articles
    assert (first.title, first.body, first.author, first.date, first.source) == (
        "Fish & chips",
        "Prices rose.",
        "Al, Bo",
        "2024-06-04",
        "Wire",
    )
    assert (second.title, second.date) == ("B", "2024-06-04")


def test_jsonl_all_bad() -> None:
    assert parse_text("{bad\n[also bad\n", "a.jsonl", "jsonl").skipped == "no valid JSON lines"


def test_html_without_text() -> None:
    html = "<html><head><title>x</title></head><body><div></div></body></html>"
    assert parse_text(html, "a.html", "html").skipped == "no article text found"


def test_long_titles_are_shortened() -> None:
    lede = "Officials said on Monday that " + "the new tram line, " * 30 + "would open in May."
    a = parse_text(f"{lede}\nMore text follows here.", "a.txt", "txt").articles[0]
    assert a.body.startswith(lede)  # the lede stays whole in the body
    assert len(a.title) <= 300 and a.title.endswith("…")
    two = "First sentence of a long lede here. " + "x " * 200
    assert parse_text(two, "b.txt", "txt").articles[0].title == (
        "First sentence of a long lede here."
    )


def test_unknown_format() -> None:
    assert parse_text("x", "a.doc", "doc").skipped == "unsupported format doc"


# ---------------------------------------------------------------- walking


def test_walk_sorted_hidden_readme_unsupported(tmp_path: Path) -> None:
    for name in [
        "b.txt",
        "a.md",
        "sub/c.json",
        "sub/deeper/d.HTML",
        "z.jsonl",
        "notes.docx",
        "noext",
        ".hidden.txt",
        ".git/config.txt",
        "README.TXT",
        "sub/License.md",
        "CHANGELOG",
    ]:
        write(tmp_path, name, ARTICLE)
    got = list(walk_corpus(tmp_path))
    files = [e for e in got if isinstance(e, FileEntry)]
    skips = [(s.rel, s.reason) for s in got if isinstance(s, Skip)]
    assert [e.rel for e in files] == ["a.md", "b.txt", "sub/c.json", "sub/deeper/d.HTML", "z.jsonl"]
    assert all(e.path.is_absolute() and e.path.is_file() for e in files)
    assert files[1].size == len(ARTICLE) and files[1].mtime_ns > 0
    assert sorted(skips) == [
        ("CHANGELOG", "not an article (README/LICENSE file)"),
        ("README.TXT", "not an article (README/LICENSE file)"),
        ("noext", "unsupported file type (no extension)"),
        ("notes.docx", "unsupported file type .docx"),
        ("sub/License.md", "not an article (README/LICENSE file)"),
    ]
    assert got == list(walk_corpus(tmp_path))  # deterministic


@pytest.mark.skipif(os.name != "posix", reason="symlinks")
def test_walk_symlinks(tmp_path: Path) -> None:
    corpus, outside = tmp_path / "corpus", tmp_path / "outside"
    write(corpus, "real/a.txt", ARTICLE)
    (corpus / "real" / "loop").symlink_to(corpus / "real", target_is_directory=True)
    (corpus / "real" / "up").symlink_to(corpus, target_is_directory=True)
    (corpus / "again").symlink_to(corpus / "real", target_is_directory=True)
    (corpus / "broken.txt").symlink_to(corpus / "missing.txt")
    (corpus / "self.txt").symlink_to(corpus / "self.txt")
    write(outside, "b.txt", ARTICLE)
    (corpus / "ext1").symlink_to(outside, target_is_directory=True)
    (corpus / "ext2").symlink_to(outside, target_is_directory=True)
    (corpus / "passwd.txt").symlink_to(outside / "b.txt")
    got = list(walk_corpus(corpus))
    files = [e.rel for e in got if isinstance(e, FileEntry)]
    skips = dict((s.rel, s.reason) for s in got if isinstance(s, Skip))
    # a link to something outside the corpus is skipped, with a line saying so
    assert files == ["real/a.txt"]
    assert "outside the corpus" in skips["ext1/"] and "outside the corpus" in skips["passwd.txt"]
    got = list(walk_corpus(corpus, follow_links=True))
    files = [e.rel for e in got if isinstance(e, FileEntry)]
    skips = dict((s.rel, s.reason) for s in got if isinstance(s, Skip))
    # links into the corpus are walked by their real path; a folder outside it is walked once
    assert files == ["ext1/b.txt", "passwd.txt", "real/a.txt"]
    skips = [(rel, why) for rel, why in skips.items()]
    assert sorted(skips) == [
        ("again/", "symlink loop"),
        ("broken.txt", "broken symlink"),
        ("ext2/", "symlink loop"),
        ("real/loop/", "symlink loop"),
        ("real/up/", "symlink loop"),
        ("self.txt", "symlink loop"),
    ]


@pytest.mark.skipif(AS_ROOT or os.name != "posix", reason="root can read a chmod 000 folder")
def test_walk_unreadable_folder(tmp_path: Path) -> None:
    write(tmp_path, "locked/a.txt", ARTICLE)
    write(tmp_path, "open/b.txt", ARTICLE)
    (tmp_path / "locked").chmod(0)
    try:
        got = list(walk_corpus(tmp_path))
    finally:
        (tmp_path / "locked").chmod(0o755)
    assert Skip("locked/", "could not read folder: permission denied") in got
    assert [e.rel for e in got if isinstance(e, FileEntry)] == ["open/b.txt"]


def test_walk_unreadable_folder_mocked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, "locked/a.txt", ARTICLE)
    write(tmp_path, "open/b.txt", ARTICLE)
    real_scandir = os.scandir

    def scandir(path: object) -> object:
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)  # type: ignore[call-overload]

    monkeypatch.setattr(os, "scandir", scandir)
    got = list(walk_corpus(tmp_path))
    assert Skip("locked/", "could not read folder: permission denied") in got
    assert [e.rel for e in got if isinstance(e, FileEntry)] == ["open/b.txt"]


def test_walk_deep_nesting_without_recursion(tmp_path: Path) -> None:
    deep = tmp_path
    for _ in range(200):
        deep = deep / "d"
        deep.mkdir()
    (deep / "a.txt").write_text(ARTICLE, encoding="utf-8")
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(len(inspect.stack()) + 80)  # fewer frames than the folder depth
    try:
        got = list(walk_corpus(tmp_path))
    finally:
        sys.setrecursionlimit(old)
    assert [e.rel for e in got] == ["d/" * 200 + "a.txt"]


def test_walk_missing_root(tmp_path: Path) -> None:
    got = list(walk_corpus(tmp_path / "nope"))
    assert len(got) == 1 and isinstance(got[0], Skip)


def test_utf16_without_bom_is_text_not_binary(tmp_path: Path) -> None:
    for codec in ("utf-16-le", "utf-16-be"):
        path = tmp_path / f"{codec}.txt"
        path.write_bytes("Harbour news\n\nThe ferry left at dawn.".encode(codec))
        result = parse_file(path, path.name)
        assert result.skipped is None and result.articles[0].title == "Harbour news"
        assert any("UTF-16" in w for w in result.warnings)


def test_one_line_of_megabytes_is_cut_into_paragraphs(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text("Title\n\n" + "The harbour ferry left at dawn. " * 60_000, encoding="utf-8")
    body = parse_file(path, "long.txt").articles[0].body
    paragraphs = body.split("\n\n")
    assert len(paragraphs) > 100 and max(map(len, paragraphs)) <= 4000
    assert all(p.endswith(".") for p in paragraphs)
