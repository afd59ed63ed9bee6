from unittest import mock

import lab


def test_mock_patch_replaces_a_constant_and_restores_it():
    with mock.patch("lab.GREETING", "hi"):
        assert lab.greet("Ada") == "hi, Ada"
    assert lab.greet("Ada") == "hello, Ada"


def test_mock_patch_replaces_a_function_the_candidate_calls():
    with mock.patch("lab.label_for", return_value="patched") as fake:
        assert lab.today_label() == "patched"
    fake.assert_called_once_with(3)
    assert lab.today_label() == "day 3"


def test_monkeypatch_setattr_reaches_the_candidate(monkeypatch):
    monkeypatch.setattr(lab, "GREETING", "hey")
    assert lab.greet("Grace") == "hey, Grace"


def test_monkeypatch_is_undone_after_the_test():
    assert lab.greet("Grace") == "hello, Grace"
