import lab


def test_module_code_ran_once():
    assert lab.import_count() == 1
