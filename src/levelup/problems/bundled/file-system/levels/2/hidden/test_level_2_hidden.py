import pytest
from file_system import FileSystem


def test_move_to_sibling_sharing_a_name_prefix_is_allowed():
    fs = FileSystem()
    fs.mkdir("/a/inner")
    fs.write_file("/a/inner/f", "xyz")
    fs.move("/a", "/ab")
    assert fs.ls("/") == ["ab/"]
    fs.copy("/ab", "/abc")
    assert fs.read_file("/abc/inner/f") == "xyz"


def test_move_or_copy_of_root_or_onto_itself_raises_value_error():
    fs = FileSystem()
    fs.mkdir("/a")
    fs.write_file("/a/f", "1")
    with pytest.raises(ValueError):
        fs.move("/", "/b")
    with pytest.raises(ValueError):
        fs.copy("/", "/b")
    with pytest.raises(ValueError):
        fs.move("/a", "/a")
    with pytest.raises(ValueError):
        fs.copy("/a/f", "/a/f")
    assert fs.ls("/") == ["a/"]
    assert fs.ls("/a") == ["f"]


def test_destination_root_exists_and_destination_parent_must_be_a_directory():
    fs = FileSystem()
    fs.write_file("/f", "1")
    with pytest.raises(FileExistsError):
        fs.move("/f", "/")
    with pytest.raises(FileNotFoundError):
        fs.copy("/f", "/f2/x")
    fs.write_file("/f2", "2")
    with pytest.raises(NotADirectoryError):
        fs.copy("/f", "/f2/x")
    assert fs.ls("/") == ["f", "f2"]


def test_find_combines_prefix_and_extension_below_a_subdirectory():
    fs = FileSystem()
    fs.mkdir("/data/2024/jan")
    fs.mkdir("/data/2023")
    fs.mkdir("/other")
    for path in [
        "/data/2024/jan/report.csv",
        "/data/2024/report.csv.bak",
        "/data/2024/summary.csv",
        "/data/2023/report.csv",
        "/data/report.tar.gz",
        "/other/report.csv",
    ]:
        fs.write_file(path, "r")
    assert fs.find("/data", name_prefix="report", extension=".csv") == [
        "/data/2023/report.csv",
        "/data/2024/jan/report.csv",
    ]
    assert fs.find("/data", extension=".tar.gz") == ["/data/report.tar.gz"]
    assert fs.find("/data/2024") == [
        "/data/2024/jan/report.csv",
        "/data/2024/report.csv.bak",
        "/data/2024/summary.csv",
    ]


def test_find_on_a_file_raises_not_a_directory():
    fs = FileSystem()
    fs.write_file("/f.txt", "1")
    with pytest.raises(NotADirectoryError):
        fs.find("/f.txt")
    with pytest.raises(FileNotFoundError):
        fs.find("/missing")


def test_size_of_empty_directories_and_empty_files_is_zero():
    fs = FileSystem()
    assert fs.size("/") == 0
    fs.mkdir("/a/b/c")
    fs.write_file("/a/b/empty", "")
    assert fs.size("/a") == 0
    assert fs.size("/a/b/empty") == 0
    fs.write_file("/a/b/c/d", "12345")
    assert fs.size("/") == 5
    with pytest.raises(FileNotFoundError):
        fs.size("/a/missing")
