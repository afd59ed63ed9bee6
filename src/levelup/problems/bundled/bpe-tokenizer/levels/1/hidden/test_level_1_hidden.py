import random

import pytest
from bpe import Tokenizer


def test_pair_counts_include_overlapping_occurrences():
    # (97, 97) occurs twice in "aaa" and ties with (98, 99); the smaller pair wins.
    tok = Tokenizer()
    tok.train("aaabcbc", 257)
    assert tok.merges() == [[97, 97, 256]]


def test_merge_rule_scans_left_to_right_without_overlap():
    tok = Tokenizer()
    tok.train("aaa", 257)
    assert tok.encode("aaaaa") == [256, 256, 97]


def test_train_again_discards_earlier_merges():
    tok = Tokenizer()
    tok.train("aaaa", 258)
    tok.train("bbbb", 257)
    assert tok.merges() == [[98, 98, 256]]
    with pytest.raises(ValueError):
        tok.decode([257])


def test_multibyte_characters_merge_as_bytes():
    tok = Tokenizer()
    tok.train("ééé", 258)
    assert tok.merges() == [[195, 169, 256], [256, 256, 257]]
    assert tok.encode("ééé") == [257, 256]
    assert tok.decode([256, 195]) == "é\ufffd"


def test_vocab_size_256_and_empty_text_learn_nothing():
    tok = Tokenizer()
    tok.train("abababab", 256)
    assert tok.merges() == []
    tok.train("", 300)
    assert tok.merges() == []
    with pytest.raises(ValueError):
        tok.decode([-1])


def test_round_trip_and_compression_on_seeded_text():
    rng = random.Random(11)
    words = ["".join(rng.choice("abcdeé日") for _ in range(rng.randint(1, 6))) for _ in range(30)]
    text = " ".join(rng.choice(words) for _ in range(400))
    tok = Tokenizer()
    tok.train(text, 320)
    ids = tok.encode(text)
    assert len(tok.merges()) == 64
    assert tok.decode(ids) == text
    assert len(ids) < len(text.encode("utf-8")) // 2
