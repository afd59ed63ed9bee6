import lab
import pytest

from levelup.settings import Settings
from levelup.store.database import Database


@pytest.fixture(scope="module")
def store():
    """levelup's real store, created where levelup keeps it (LEVELUP_HOME, set by the runner)."""
    settings = Settings.from_environment()
    Database(settings.database_url).engine.dispose()
    return settings.home / "levelup.db"


def test_read_the_store(store):
    assert lab.read_header(str(store)) == b"SQLite format 3\x00"


def test_overwrite_the_store(store):
    before = store.read_bytes()
    try:
        lab.overwrite(str(store))
    finally:
        assert store.read_bytes() == before, "the candidate's code changed levelup's store"


@pytest.mark.timeout(20)
def test_a_search_of_the_whole_filesystem_finds_no_database(store):
    assert lab.databases_found() == []
