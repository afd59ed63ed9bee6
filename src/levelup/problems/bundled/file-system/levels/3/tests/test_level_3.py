import pytest
from file_system import FileSystem


def make_shared():
    fs = FileSystem()
    fs.add_user("alice", 10)
    fs.add_user("bob", 100)
    fs.mkdir("/shared")
    return fs


def test_add_user_returns_false_for_existing_user_and_admin():
    fs = FileSystem()
    assert fs.add_user("alice", 10) is True
    assert fs.add_user("alice", 50) is False
    assert fs.add_user("admin", 5) is False
    assert fs.usage("alice") == 0


def test_new_file_is_owned_by_its_writer_and_counts_toward_usage():
    fs = make_shared()
    assert fs.write_file("/shared/a.txt", "hello", user_id="alice") is True
    assert fs.owner("/shared/a.txt") == "alice"
    assert fs.usage("alice") == 5
    assert fs.usage("bob") == 0


def test_calls_without_user_act_as_admin():
    fs = make_shared()
    fs.write_file("/shared/a.txt", "abc")
    assert fs.owner("/shared/a.txt") == "admin"
    assert fs.usage("admin") == 3
    fs.write_file("/shared/b.txt", "secret", user_id="alice")
    assert fs.read_file("/shared/b.txt") == "secret"
    assert fs.write_file("/shared/b.txt", "open") is False
    assert fs.read_file("/shared/b.txt", user_id="alice") == "open"


def test_other_user_cannot_read_without_grant():
    fs = make_shared()
    fs.write_file("/shared/a.txt", "hello", user_id="alice")
    with pytest.raises(PermissionError):
        fs.read_file("/shared/a.txt", user_id="bob")


def test_grant_read_allows_reading_but_not_writing():
    fs = make_shared()
    fs.write_file("/shared/a.txt", "hello", user_id="alice")
    fs.grant("/shared/a.txt", "bob", "read", user_id="alice")
    assert fs.read_file("/shared/a.txt", user_id="bob") == "hello"
    with pytest.raises(PermissionError):
        fs.write_file("/shared/a.txt", "bye", user_id="bob")
    assert fs.read_file("/shared/a.txt", user_id="alice") == "hello"


def test_grant_write_allows_overwrite_and_keeps_owner():
    fs = make_shared()
    fs.write_file("/shared/a.txt", "hello", user_id="alice")
    fs.grant("/shared/a.txt", "bob", "write", user_id="alice")
    assert fs.write_file("/shared/a.txt", "hey", user_id="bob") is False
    assert fs.owner("/shared/a.txt") == "alice"
    assert fs.usage("alice") == 3
    assert fs.usage("bob") == 0
    # write does not imply read
    with pytest.raises(PermissionError):
        fs.read_file("/shared/a.txt", user_id="bob")


def test_write_over_quota_raises_value_error_and_changes_nothing():
    fs = make_shared()
    fs.write_file("/shared/a.txt", "hello", user_id="alice")
    with pytest.raises(ValueError):
        fs.write_file("/shared/b.txt", "123456", user_id="alice")
    assert fs.ls("/shared") == ["a.txt"]
    with pytest.raises(ValueError):
        fs.write_file("/shared/a.txt", "hello world", user_id="alice")
    assert fs.read_file("/shared/a.txt") == "hello"
    assert fs.usage("alice") == 5


def test_overwrite_updates_usage_by_the_size_difference():
    fs = make_shared()
    fs.write_file("/shared/a.txt", "12345678", user_id="alice")
    fs.write_file("/shared/a.txt", "12", user_id="alice")
    assert fs.usage("alice") == 2
    fs.write_file("/shared/b.txt", "12345678", user_id="alice")
    assert fs.usage("alice") == 10


def test_unknown_user_raises_key_error():
    fs = make_shared()
    with pytest.raises(KeyError):
        fs.write_file("/shared/a.txt", "x", user_id="carol")
    with pytest.raises(KeyError):
        fs.ls("/shared", user_id="carol")
    with pytest.raises(KeyError):
        fs.usage("carol")
    fs.write_file("/shared/a.txt", "x", user_id="alice")
    with pytest.raises(KeyError):
        fs.grant("/shared/a.txt", "carol", "read", user_id="alice")
    assert fs.ls("/shared") == ["a.txt"]


def test_only_owner_or_admin_can_grant():
    fs = make_shared()
    fs.add_user("carol", 10)
    fs.write_file("/shared/a.txt", "hello", user_id="alice")
    with pytest.raises(PermissionError):
        fs.grant("/shared/a.txt", "bob", "read", user_id="carol")
    fs.grant("/shared/a.txt", "carol", "read")
    with pytest.raises(PermissionError):
        fs.grant("/shared/a.txt", "bob", "read", user_id="carol")
    assert fs.read_file("/shared/a.txt", user_id="carol") == "hello"
    with pytest.raises(PermissionError):
        fs.read_file("/shared/a.txt", user_id="bob")


def test_copy_is_owned_by_copier_and_charged_to_their_quota():
    fs = make_shared()
    fs.write_file("/shared/a.txt", "hello", user_id="alice")
    fs.grant("/shared/a.txt", "bob", "read", user_id="alice")
    fs.copy("/shared/a.txt", "/shared/b.txt", user_id="bob")
    assert fs.owner("/shared/b.txt") == "bob"
    assert fs.usage("bob") == 5
    assert fs.usage("alice") == 5
    assert fs.write_file("/shared/b.txt", "mine", user_id="bob") is False
