import pytest
from file_system import FileSystem


def test_writing_exactly_up_to_the_quota_is_allowed():
    fs = FileSystem()
    fs.add_user("alice", 10)
    fs.add_user("zero", 0)
    fs.mkdir("/d")
    assert fs.write_file("/d/a", "12345", user_id="alice") is True
    assert fs.write_file("/d/b", "67890", user_id="alice") is True
    assert fs.usage("alice") == 10
    with pytest.raises(ValueError):
        fs.write_file("/d/c", "x", user_id="alice")
    assert fs.write_file("/d/c", "", user_id="alice") is True
    assert fs.write_file("/d/z", "", user_id="zero") is True
    with pytest.raises(ValueError):
        fs.add_user("neg", -1)


def test_overwrite_by_granted_user_is_checked_against_owner_quota():
    fs = FileSystem()
    fs.add_user("alice", 6)
    fs.add_user("bob", 1000)
    fs.write_file("/a", "abc", user_id="alice")
    fs.grant("/a", "bob", "write", user_id="alice")
    with pytest.raises(ValueError):
        fs.write_file("/a", "abcdefg", user_id="bob")
    assert fs.usage("alice") == 3
    fs.write_file("/a", "abcdef", user_id="bob")
    assert fs.usage("alice") == 6
    assert fs.usage("bob") == 0
    assert fs.read_file("/a", user_id="alice") == "abcdef"


def test_move_needs_write_permission_on_every_file_below():
    fs = FileSystem()
    fs.add_user("alice", 100)
    fs.add_user("bob", 100)
    fs.mkdir("/proj/sub")
    fs.mkdir("/empty/inner")
    fs.write_file("/proj/mine.txt", "b", user_id="bob")
    fs.write_file("/proj/sub/hers.txt", "a", user_id="alice")
    with pytest.raises(PermissionError):
        fs.move("/proj", "/moved", user_id="bob")
    assert fs.ls("/") == ["empty/", "proj/"]
    assert fs.ls("/proj") == ["mine.txt", "sub/"]
    fs.move("/empty", "/was_empty", user_id="bob")
    fs.grant("/proj/sub/hers.txt", "bob", "write", user_id="alice")
    fs.move("/proj", "/moved", user_id="bob")
    assert fs.owner("/moved/sub/hers.txt") == "alice"
    assert fs.usage("alice") == 1
    assert fs.usage("bob") == 1
    # grants move with the file
    assert fs.write_file("/moved/sub/hers.txt", "bb", user_id="bob") is False
    assert fs.ls("/") == ["moved/", "was_empty/"]


def test_copy_needs_read_on_every_file_and_copies_carry_no_grants():
    fs = FileSystem()
    fs.add_user("alice", 100)
    fs.add_user("bob", 100)
    fs.add_user("carol", 100)
    fs.mkdir("/src")
    fs.write_file("/src/a", "aaa", user_id="alice")
    fs.write_file("/src/b", "bb", user_id="alice")
    fs.grant("/src/a", "bob", "read", user_id="alice")
    fs.grant("/src/a", "carol", "read", user_id="alice")
    with pytest.raises(PermissionError):
        fs.copy("/src", "/dst", user_id="bob")
    assert fs.ls("/") == ["src/"]
    assert fs.usage("bob") == 0
    fs.grant("/src/b", "bob", "read")
    fs.copy("/src", "/dst", user_id="bob")
    assert fs.owner("/dst/a") == "bob"
    assert fs.owner("/dst/b") == "bob"
    assert fs.usage("bob") == 5
    with pytest.raises(PermissionError):
        fs.read_file("/dst/a", user_id="carol")


def test_copy_over_quota_copies_nothing():
    fs = FileSystem()
    fs.add_user("bob", 8)
    fs.mkdir("/src/deep")
    fs.write_file("/src/one", "123", user_id="bob")
    fs.write_file("/src/deep/two", "456")
    fs.grant("/src/deep/two", "bob", "read")
    with pytest.raises(ValueError):
        fs.copy("/src", "/dst", user_id="bob")
    assert fs.ls("/") == ["src/"]
    assert fs.usage("bob") == 3
    fs.copy("/src/deep", "/dst", user_id="bob")
    assert fs.usage("bob") == 6
    assert fs.owner("/dst/two") == "bob"


def test_directories_are_shared_and_grant_rejects_bad_input():
    fs = FileSystem()
    fs.add_user("alice", 100)
    fs.add_user("bob", 100)
    assert fs.mkdir("/a/b", user_id="bob") is True
    fs.write_file("/a/b/f.txt", "secret", user_id="alice")
    assert fs.ls("/a/b", user_id="bob") == ["f.txt"]
    assert fs.size("/a", user_id="bob") == 6
    assert fs.find("/", extension=".txt", user_id="bob") == ["/a/b/f.txt"]
    assert fs.owner("/a/b/f.txt", user_id="bob") == "alice"
    with pytest.raises(ValueError):
        fs.grant("/a/b/f.txt", "bob", "execute", user_id="alice")
    with pytest.raises(IsADirectoryError):
        fs.grant("/a/b", "bob", "read")
    with pytest.raises(IsADirectoryError):
        fs.owner("/a")
    with pytest.raises(FileNotFoundError):
        fs.grant("/a/b/missing", "bob", "read")
    with pytest.raises(PermissionError):
        fs.read_file("/a/b/f.txt", user_id="bob")
