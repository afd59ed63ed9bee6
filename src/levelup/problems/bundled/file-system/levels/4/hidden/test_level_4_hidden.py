import pytest
from file_system import FileSystem


def test_snapshot_survives_changes_made_after_restoring_it():
    fs = FileSystem()
    fs.mkdir("/d")
    fs.write_file("/d/f", "original")
    s1 = fs.snapshot()
    fs.restore(s1)
    fs.write_file("/d/f", "edited after restore")
    fs.write_file("/d/g", "extra")
    fs.mkdir("/d/sub")
    fs.restore(s1)
    assert fs.read_file("/d/f") == "original"
    assert fs.ls("/d") == ["f"]
    assert fs.diff(s1) == {"added": [], "removed": [], "changed": []}


def test_restore_keeps_later_snapshots_and_the_id_counter():
    fs = FileSystem()
    fs.write_file("/f", "1")
    s1 = fs.snapshot()
    fs.write_file("/f", "2")
    s2 = fs.snapshot()
    fs.restore(s1)
    assert fs.snapshot() == 3
    fs.restore(s2)
    assert fs.read_file("/f") == "2"
    fs.restore(3)
    assert fs.read_file("/f") == "1"


def test_restore_restores_grants():
    fs = FileSystem()
    fs.add_user("alice", 100)
    fs.add_user("bob", 100)
    fs.write_file("/f", "secret", user_id="alice")
    s1 = fs.snapshot()
    fs.grant("/f", "bob", "read", user_id="alice")
    assert fs.read_file("/f", user_id="bob") == "secret"
    fs.restore(s1)
    with pytest.raises(PermissionError):
        fs.read_file("/f", user_id="bob")
    fs.grant("/f", "bob", "write", user_id="alice")
    s2 = fs.snapshot()
    fs.restore(s1)
    fs.restore(s2)
    assert fs.write_file("/f", "bob was here", user_id="bob") is False
    assert fs.owner("/f") == "alice"


def test_diff_ignores_directories_and_owners():
    fs = FileSystem()
    fs.add_user("alice", 100)
    fs.write_file("/x", "file", user_id="alice")
    fs.mkdir("/empty")
    s1 = fs.snapshot()
    fs.move("/x", "/empty/x")
    fs.mkdir("/x/inner")
    fs.write_file("/x/inner/y", "file")
    fs.mkdir("/other")
    fs.copy("/empty/x", "/z")
    assert fs.diff(s1) == {
        "added": ["/empty/x", "/x/inner/y", "/z"],
        "removed": ["/x"],
        "changed": [],
    }


def test_quota_is_enforced_against_restored_usage():
    fs = FileSystem()
    fs.add_user("alice", 10)
    fs.write_file("/a", "12345678", user_id="alice")
    s1 = fs.snapshot()
    fs.write_file("/a", "1", user_id="alice")
    fs.write_file("/b", "123456789", user_id="alice")
    assert fs.usage("alice") == 10
    fs.restore(s1)
    assert fs.usage("alice") == 8
    with pytest.raises(ValueError):
        fs.write_file("/b", "123", user_id="alice")
    assert fs.write_file("/b", "12", user_id="alice") is True
    assert fs.usage("alice") == 10


def test_many_snapshots_each_keep_their_own_state():
    fs = FileSystem()
    fs.mkdir("/log")
    ids = []
    for i in range(60):
        fs.write_file(f"/log/{i:03d}", str(i))
        fs.write_file("/counter", str(i))
        ids.append(fs.snapshot())
    assert ids == list(range(1, 61))
    for i in [59, 0, 30, 7]:
        fs.restore(ids[i])
        assert fs.read_file("/counter") == str(i)
        assert len(fs.ls("/log")) == i + 1
        assert fs.size("/") == fs.size("/log") + len(str(i))
