import pytest
from file_system import FileSystem


def make_project():
    fs = FileSystem()
    fs.mkdir("/proj/src")
    fs.write_file("/proj/src/main.py", "print(1)")
    fs.write_file("/proj/src/util.py", "x = 2")
    fs.write_file("/proj/notes.txt", "todo")
    return fs


def test_move_file_to_new_path():
    fs = make_project()
    fs.move("/proj/notes.txt", "/proj/src/todo.txt")
    assert fs.ls("/proj") == ["src/"]
    assert fs.read_file("/proj/src/todo.txt") == "todo"


def test_move_directory_moves_everything_below():
    fs = make_project()
    fs.mkdir("/archive")
    fs.move("/proj/src", "/archive/old_src")
    assert fs.ls("/proj") == ["notes.txt"]
    assert fs.ls("/archive/old_src") == ["main.py", "util.py"]
    assert fs.read_file("/archive/old_src/main.py") == "print(1)"


def test_copy_file_leaves_original():
    fs = make_project()
    fs.copy("/proj/notes.txt", "/notes_copy.txt")
    assert fs.read_file("/notes_copy.txt") == "todo"
    assert fs.read_file("/proj/notes.txt") == "todo"


def test_copy_directory_is_independent_of_original():
    fs = make_project()
    fs.copy("/proj/src", "/backup")
    fs.write_file("/backup/main.py", "")
    fs.write_file("/backup/new.py", "new")
    fs.write_file("/proj/src/util.py", "changed")
    assert fs.read_file("/proj/src/main.py") == "print(1)"
    assert fs.ls("/proj/src") == ["main.py", "util.py"]
    assert fs.read_file("/backup/util.py") == "x = 2"


def test_move_to_existing_destination_raises_file_exists():
    fs = make_project()
    fs.mkdir("/backup")
    with pytest.raises(FileExistsError):
        fs.move("/backup", "/proj/src")
    with pytest.raises(FileExistsError):
        fs.copy("/proj/notes.txt", "/proj/src/main.py")
    assert fs.read_file("/proj/src/main.py") == "print(1)"
    assert fs.ls("/") == ["backup/", "proj/"]


def test_move_missing_source_raises_file_not_found():
    fs = make_project()
    with pytest.raises(FileNotFoundError):
        fs.move("/proj/missing.txt", "/x")
    with pytest.raises(FileNotFoundError):
        fs.copy("/missing", "/x")


def test_copy_into_missing_parent_raises_file_not_found():
    fs = make_project()
    with pytest.raises(FileNotFoundError):
        fs.copy("/proj/notes.txt", "/tmp/notes.txt")
    assert fs.ls("/") == ["proj/"]


def test_move_directory_inside_itself_raises_value_error():
    fs = make_project()
    with pytest.raises(ValueError):
        fs.move("/proj", "/proj/src/old")
    with pytest.raises(ValueError):
        fs.copy("/proj", "/proj/copy")
    assert fs.ls("/proj/src") == ["main.py", "util.py"]


def test_size_of_file_and_directory():
    fs = make_project()
    assert fs.size("/proj/src/main.py") == 8
    assert fs.size("/proj/src") == 13
    assert fs.size("/proj") == 17
    assert fs.size("/") == 17


def test_find_by_extension_returns_sorted_paths():
    fs = make_project()
    fs.write_file("/a.py", "")
    assert fs.find("/", extension=".py") == ["/a.py", "/proj/src/main.py", "/proj/src/util.py"]
    assert fs.find("/proj", extension=".txt") == ["/proj/notes.txt"]
    assert fs.find("/proj", extension=".md") == []


def test_find_by_name_prefix_matches_file_names_only():
    fs = make_project()
    fs.mkdir("/proj/src/mocks")
    fs.write_file("/proj/src/mocks/fake.py", "")
    # "/proj/src/..." paths start with "/p" but no file name starts with "p"
    assert fs.find("/", name_prefix="p") == []
    # the directory "mocks" is not returned, only files
    assert fs.find("/proj", name_prefix="m") == ["/proj/src/main.py"]
