import pytest
from bpe import Tokenizer


def trained_on_cat_and_hat() -> Tokenizer:
    tok = Tokenizer()
    tok.train("the cat, the hat.", 262)
    return tok


def test_train_counts_pairs_only_inside_chunks():
    assert trained_on_cat_and_hat().merges() == [
        [97, 116, 256],
        [104, 101, 257],
        [116, 257, 258],
        [32, 99, 259],
        [32, 104, 260],
        [32, 258, 261],
    ]


def test_train_stops_when_no_chunk_has_a_pair_left():
    tok = Tokenizer()
    tok.train("ab,ab,ab,ab", 300)
    assert tok.merges() == [[97, 98, 256]]


def test_leading_space_belongs_to_the_following_word():
    tok = Tokenizer()
    tok.train("a b c d", 300)
    assert tok.merges() == [[32, 98, 256], [32, 99, 257], [32, 100, 258]]


def test_encode_encodes_each_chunk_on_its_own():
    tok = trained_on_cat_and_hat()
    assert tok.encode("the hat") == [258, 260, 256]
    assert tok.encode("that") == [116, 104, 256]


def test_encode_never_merges_across_chunk_boundaries():
    tok = Tokenizer()
    tok.train("ab   ", 257)  # chunks "ab" and "   "
    assert tok.merges() == [[32, 32, 256]]
    assert tok.encode("a  b") == [97, 32, 32, 98]  # chunks "a", " ", " b"
    assert tok.encode("ab   ") == [97, 98, 256, 32]


def test_encode_all_turns_special_token_into_its_id():
    tok = trained_on_cat_and_hat()
    assert tok.register_special_tokens({"<|end|>": 300}) is None
    assert tok.encode("the hat<|end|> that", allowed_special="all") == [
        258, 260, 256, 300, 32, 116, 104, 256,
    ]


def test_encode_default_treats_special_token_text_as_ordinary():
    tok = trained_on_cat_and_hat()
    tok.register_special_tokens({"<|end|>": 300})
    expected = [60, 124, 101, 110, 100, 124, 62]
    assert tok.encode("<|end|>") == expected
    assert tok.encode("<|end|>", allowed_special="none") == expected


def test_decode_special_token_id_gives_its_text():
    tok = trained_on_cat_and_hat()
    tok.register_special_tokens({"<|end|>": 300})
    assert tok.decode([258, 300]) == "the<|end|>"


def test_longest_special_token_wins_at_the_same_position():
    tok = Tokenizer()
    tok.register_special_tokens({"ab": 300, "abc": 301})
    assert tok.encode("abcab", allowed_special="all") == [301, 300]


def test_register_special_token_id_inside_vocabulary_raises_value_error():
    tok = trained_on_cat_and_hat()
    with pytest.raises(ValueError):
        tok.register_special_tokens({"<|x|>": 261})


def test_encode_unknown_allowed_special_raises_value_error():
    tok = trained_on_cat_and_hat()
    with pytest.raises(ValueError):
        tok.encode("hat", allowed_special="some")
