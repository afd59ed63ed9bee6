import pytest
from file_system import FileSystem


def test_path_through_a_file_raises_not_a_directory():
    fs = FileSystem()
    fs.write_file("/f", "data")
    with pytest.raises(NotADirectoryError):
        fs.read_file("/f/x")
    with pytest.raises(NotADirectoryError):
        fs.write_file("/f/x", "1")
    with pytest.raises(NotADirectoryError):
        fs.mkdir("/f/x/y")
    with pytest.raises(NotADirectoryError):
        fs.ls("/f/x")
    assert fs.read_file("/f") == "data"


def test_trailing_slash_and_empty_names_raise_value_error():
    fs = FileSystem()
    fs.mkdir("/a")
    with pytest.raises(ValueError):
        fs.ls("/a/")
    with pytest.raises(ValueError):
        fs.mkdir("/a//b")
    with pytest.raises(ValueError):
        fs.write_file("//x", "1")
    with pytest.raises(ValueError):
        fs.read_file("/a/")
    assert fs.ls("/a") == []


def test_mkdir_on_existing_file_raises_file_exists():
    fs = FileSystem()
    fs.mkdir("/docs")
    fs.write_file("/docs/a.txt", "keep")
    with pytest.raises(FileExistsError):
        fs.mkdir("/docs/a.txt")
    assert fs.read_file("/docs/a.txt") == "keep"


def test_ls_order_is_plain_string_order_including_the_slash():
    fs = FileSystem()
    fs.mkdir("/a")
    fs.write_file("/a-b", "1")
    fs.write_file("/a.txt", "2")
    fs.write_file("/B", "3")
    assert fs.ls("/") == ["B", "a-b", "a.txt", "a/"]


def test_empty_file_and_empty_root():
    fs = FileSystem()
    assert fs.ls("/") == []
    assert fs.write_file("/empty", "") is True
    assert fs.read_file("/empty") == ""
    assert fs.ls("/empty") == ["empty"]
    with pytest.raises(FileNotFoundError):
        fs.ls("/missing")
