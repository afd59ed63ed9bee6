import pytest
from file_system import FileSystem


def test_mkdir_creates_missing_parents_and_returns_true():
    fs = FileSystem()
    assert fs.mkdir("/a/b/c") is True
    assert fs.ls("/") == ["a/"]
    assert fs.ls("/a") == ["b/"]
    assert fs.ls("/a/b") == ["c/"]
    assert fs.ls("/a/b/c") == []


def test_mkdir_on_existing_directory_returns_false():
    fs = FileSystem()
    fs.mkdir("/a/b")
    assert fs.mkdir("/a") is False
    assert fs.mkdir("/a/b") is False
    assert fs.mkdir("/") is False
    assert fs.ls("/a") == ["b/"]


def test_write_then_read_returns_content():
    fs = FileSystem()
    fs.mkdir("/docs")
    assert fs.write_file("/docs/a.txt", "hello world") is True
    assert fs.read_file("/docs/a.txt") == "hello world"


def test_write_file_returns_false_when_overwriting():
    fs = FileSystem()
    assert fs.write_file("/a.txt", "first") is True
    assert fs.write_file("/a.txt", "second") is False
    assert fs.read_file("/a.txt") == "second"
    assert fs.ls("/") == ["a.txt"]


def test_write_file_does_not_create_parents():
    fs = FileSystem()
    with pytest.raises(FileNotFoundError):
        fs.write_file("/tmp/x.txt", "1")
    assert fs.ls("/") == []


def test_read_missing_file_raises_file_not_found():
    fs = FileSystem()
    fs.mkdir("/docs")
    with pytest.raises(FileNotFoundError):
        fs.read_file("/docs/missing.txt")
    with pytest.raises(FileNotFoundError):
        fs.read_file("/nowhere/missing.txt")


def test_read_directory_raises_is_a_directory():
    fs = FileSystem()
    fs.mkdir("/docs")
    with pytest.raises(IsADirectoryError):
        fs.read_file("/docs")
    with pytest.raises(IsADirectoryError):
        fs.read_file("/")


def test_write_over_directory_raises_is_a_directory():
    fs = FileSystem()
    fs.mkdir("/docs")
    with pytest.raises(IsADirectoryError):
        fs.write_file("/docs", "text")
    assert fs.ls("/") == ["docs/"]


def test_ls_sorts_names_and_marks_directories_with_slash():
    fs = FileSystem()
    fs.mkdir("/proj/src")
    fs.mkdir("/proj/docs")
    fs.write_file("/proj/setup.py", "")
    fs.write_file("/proj/README", "read me")
    assert fs.ls("/proj") == ["README", "docs/", "setup.py", "src/"]


def test_ls_on_file_returns_its_name():
    fs = FileSystem()
    fs.mkdir("/docs")
    fs.write_file("/docs/a.txt", "hi")
    assert fs.ls("/docs/a.txt") == ["a.txt"]


def test_relative_path_raises_value_error():
    fs = FileSystem()
    with pytest.raises(ValueError):
        fs.mkdir("docs")
    with pytest.raises(ValueError):
        fs.write_file("a.txt", "x")
    with pytest.raises(ValueError):
        fs.read_file("a.txt")
    with pytest.raises(ValueError):
        fs.ls("")
