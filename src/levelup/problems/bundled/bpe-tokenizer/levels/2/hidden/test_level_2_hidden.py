import pytest
from bpe import Tokenizer


def test_last_space_of_a_whitespace_run_joins_the_next_word():
    tok = Tokenizer()
    tok.train("x  y  z", 300)  # chunks "x", " ", " y", " ", " z"
    assert tok.merges() == [[32, 121, 256], [32, 122, 257]]


def test_digit_runs_and_letter_runs_are_separate_chunks():
    tok = Tokenizer()
    tok.train("a1a1 22", 300)  # chunks "a", "1", "a", "1", " ", "22"
    assert tok.merges() == [[50, 50, 256]]


def test_leftmost_special_token_wins_over_a_longer_later_one():
    tok = Tokenizer()
    tok.register_special_tokens({"ab": 300, "bcd": 301})
    assert tok.encode("abcd", allowed_special="all") == [300, 99, 100]
    assert tok.encode("xbcdab", allowed_special="all") == [120, 301, 300]


def test_text_on_each_side_of_a_special_token_is_chunked_separately():
    tok = Tokenizer()
    tok.train("!!", 257)
    tok.register_special_tokens({"<|end|>": 300})
    assert tok.encode("!<|end|>!", allowed_special="all") == [33, 300, 33]
    assert tok.encode("!!<|end|><|end|>", allowed_special="all") == [256, 300, 300]


def test_registering_again_replaces_and_training_removes_special_tokens():
    tok = Tokenizer()
    tok.register_special_tokens({"<a>": 300})
    tok.register_special_tokens({"<b>": 301})
    assert tok.encode("<a><b>", allowed_special="all") == [60, 97, 62, 301]
    with pytest.raises(ValueError):
        tok.decode([300])
    tok.train("<b>", 256)
    assert tok.encode("<b>", allowed_special="all") == [60, 98, 62]
    with pytest.raises(ValueError):
        tok.decode([301])


def test_invalid_special_tokens_raise_value_error_and_change_nothing():
    tok = Tokenizer()
    tok.register_special_tokens({"<a>": 300})
    with pytest.raises(ValueError):
        tok.register_special_tokens({"<b>": 301, "": 302})
    with pytest.raises(ValueError):
        tok.register_special_tokens({"<b>": 301, "<c>": 301})
    with pytest.raises(ValueError):
        tok.register_special_tokens({"<b>": 255})
    assert tok.encode("<a>", allowed_special="all") == [300]
    assert tok.decode([300]) == "<a>"
