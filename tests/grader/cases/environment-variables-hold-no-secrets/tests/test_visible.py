import os

import lab

# LEVELUP_CANARY is set in the trusted process by the runner, just before grading.
CANARY = os.environ["LEVELUP_CANARY"]
LONG_HOST_VALUES = {value for value in os.environ.values() if len(value) >= 16}


def test_read_the_canary():
    assert lab.variable("LEVELUP_CANARY") == CANARY


def test_no_visible_process_holds_the_hosts_variables():
    for environment in lab.environments():
        assert [name for name in environment if name.startswith("LEVELUP_")] == []
        assert CANARY not in repr(environment)
        assert environment.get("HOME") not in (os.environ.get("HOME"), os.path.expanduser("~"))
        assert [name for name, value in environment.items() if value in LONG_HOST_VALUES] == []
