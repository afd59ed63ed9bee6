import pytest
from bpe import Tokenizer


def test_untrained_encode_returns_utf8_bytes():
    assert Tokenizer().encode("hé") == [104, 195, 169]


def test_untrained_tokenizer_has_no_merges():
    assert Tokenizer().merges() == []


def test_train_returns_none_and_first_merge_is_most_frequent_pair():
    tok = Tokenizer()
    assert tok.train("abababcab", 257) is None
    assert tok.merges() == [[97, 98, 256]]


def test_train_worked_example_merges_with_tie_break():
    tok = Tokenizer()
    tok.train("abababcab", 259)
    assert tok.merges() == [[97, 98, 256], [256, 256, 257], [99, 256, 258]]


def test_tied_counts_choose_smallest_pair():
    tok = Tokenizer()
    tok.train("bbaa", 257)
    assert tok.merges() == [[97, 97, 256]]


def test_train_stops_early_when_no_pair_is_left():
    tok = Tokenizer()
    tok.train("aaaa", 300)
    assert tok.merges() == [[97, 97, 256], [256, 256, 257]]


def test_train_rejects_vocab_size_below_256():
    tok = Tokenizer()
    with pytest.raises(ValueError):
        tok.train("abc", 255)


def test_encode_applies_merges_in_learned_order():
    tok = Tokenizer()
    tok.train("abababcab", 259)
    assert tok.encode("abababcab") == [257, 256, 258]
    assert tok.encode("cabab") == [99, 257]


def test_encode_empty_text_returns_empty_list():
    tok = Tokenizer()
    tok.train("abababcab", 259)
    assert tok.encode("") == []


def test_decode_of_merged_tokens_gives_their_text():
    tok = Tokenizer()
    tok.train("abababcab", 259)
    assert tok.decode([257, 256, 258]) == "abababcab"
    assert tok.decode([258]) == "cab"


def test_decode_round_trips_unicode_text():
    tok = Tokenizer()
    text = "naïve café, 日本語 and emoji 🙂🙂!"
    tok.train(text, 280)
    assert tok.decode(tok.encode(text)) == text


def test_decode_replaces_invalid_utf8_with_replacement_character():
    assert Tokenizer().decode([104, 255, 105]) == "h\ufffdi"


def test_decode_unknown_id_raises_value_error():
    tok = Tokenizer()
    tok.train("abababcab", 259)
    with pytest.raises(ValueError):
        tok.decode([259])
