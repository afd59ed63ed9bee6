import pytest
from file_system import FileSystem


def make_data():
    fs = FileSystem()
    fs.add_user("alice", 20)
    fs.mkdir("/data")
    fs.write_file("/data/a.txt", "v1", user_id="alice")
    return fs


def test_snapshot_ids_start_at_one_and_increase():
    fs = make_data()
    assert fs.snapshot() == 1
    assert fs.snapshot() == 2
    assert fs.snapshot(user_id="admin") == 3


def test_restore_brings_back_old_contents():
    fs = make_data()
    s1 = fs.snapshot()
    fs.write_file("/data/a.txt", "version 2", user_id="alice")
    fs.restore(s1)
    assert fs.read_file("/data/a.txt") == "v1"


def test_restore_removes_files_and_directories_created_later():
    fs = make_data()
    s1 = fs.snapshot()
    fs.write_file("/data/b.txt", "new")
    fs.mkdir("/tmp/x")
    fs.restore(s1)
    assert fs.ls("/") == ["data/"]
    assert fs.ls("/data") == ["a.txt"]


def test_restore_restores_owners_and_usage():
    fs = make_data()
    fs.add_user("bob", 20)
    s1 = fs.snapshot()
    fs.copy("/data/a.txt", "/data/copy.txt", user_id="alice")
    fs.write_file("/data/bob.txt", "bobby", user_id="bob")
    assert fs.usage("alice") == 4
    assert fs.usage("bob") == 5
    fs.restore(s1)
    assert fs.usage("alice") == 2
    assert fs.usage("bob") == 0
    assert fs.owner("/data/a.txt") == "alice"


def test_restore_brings_back_a_moved_directory():
    fs = make_data()
    fs.mkdir("/data/sub")
    fs.write_file("/data/sub/deep.txt", "deep")
    s1 = fs.snapshot()
    fs.move("/data", "/archive")
    fs.restore(s1)
    assert fs.ls("/") == ["data/"]
    assert fs.read_file("/data/sub/deep.txt") == "deep"


def test_snapshot_is_unaffected_by_later_changes():
    fs = make_data()
    s1 = fs.snapshot()
    fs.write_file("/data/a.txt", "v2", user_id="alice")
    s2 = fs.snapshot()
    fs.write_file("/data/a.txt", "v3", user_id="alice")
    fs.restore(s1)
    assert fs.read_file("/data/a.txt") == "v1"
    fs.restore(s2)
    assert fs.read_file("/data/a.txt") == "v2"


def test_restore_unknown_snapshot_raises_key_error():
    fs = make_data()
    fs.snapshot()
    fs.write_file("/data/b.txt", "keep")
    with pytest.raises(KeyError):
        fs.restore(2)
    with pytest.raises(KeyError):
        fs.diff(0)
    assert fs.ls("/data") == ["a.txt", "b.txt"]


def test_only_admin_can_snapshot_restore_and_diff():
    fs = make_data()
    s1 = fs.snapshot()
    fs.write_file("/data/a.txt", "v2", user_id="alice")
    with pytest.raises(PermissionError):
        fs.snapshot(user_id="alice")
    with pytest.raises(PermissionError):
        fs.restore(s1, user_id="alice")
    with pytest.raises(PermissionError):
        fs.diff(s1, user_id="alice")
    with pytest.raises(KeyError):
        fs.snapshot(user_id="nobody")
    assert fs.read_file("/data/a.txt") == "v2"
    assert fs.snapshot() == 2


def test_diff_reports_added_removed_and_changed_files():
    fs = make_data()
    fs.write_file("/data/old.txt", "old")
    fs.write_file("/data/same.txt", "same")
    s1 = fs.snapshot()
    fs.write_file("/data/a.txt", "version 2", user_id="alice")
    fs.move("/data/old.txt", "/data/renamed.txt")
    fs.write_file("/data/b.txt", "new")
    fs.mkdir("/tmp")
    assert fs.diff(s1) == {
        "added": ["/data/b.txt", "/data/renamed.txt"],
        "removed": ["/data/old.txt"],
        "changed": ["/data/a.txt"],
    }


def test_user_added_after_snapshot_survives_restore_with_no_files():
    fs = make_data()
    s1 = fs.snapshot()
    assert fs.add_user("carol", 10) is True
    fs.write_file("/data/c.txt", "carol", user_id="carol")
    fs.restore(s1)
    assert fs.usage("carol") == 0
    assert fs.add_user("carol", 10) is False
    assert fs.write_file("/data/c.txt", "0123456789", user_id="carol") is True
