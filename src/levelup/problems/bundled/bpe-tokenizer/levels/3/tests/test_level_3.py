import pytest
from bpe import Tokenizer

SAMPLES = ["the hat<|end|> that", "the cat, the hat.", "naïve 日本語 42!", ""]


def trained() -> Tokenizer:
    tok = Tokenizer()
    tok.train("the cat, the hat.", 259)
    tok.register_special_tokens({"<|end|>": 300})
    return tok


def test_to_dict_of_untrained_tokenizer():
    assert Tokenizer().to_dict() == {"version": 1, "merges": [], "special_tokens": {}}


def test_to_dict_lists_merges_and_special_tokens():
    assert trained().to_dict() == {
        "version": 1,
        "merges": [[97, 116, 256], [104, 101, 257], [116, 257, 258]],
        "special_tokens": {"<|end|>": 300},
    }


def test_from_dict_gives_identical_encodings():
    tok = trained()
    copy = Tokenizer.from_dict(tok.to_dict())
    for text in SAMPLES:
        assert copy.encode(text) == tok.encode(text)
        assert copy.encode(text, allowed_special="all") == tok.encode(text, allowed_special="all")
    assert copy.decode([258, 300]) == "the<|end|>"
    assert copy.to_dict() == tok.to_dict()


def test_from_dict_rejects_unknown_version():
    with pytest.raises(ValueError):
        Tokenizer.from_dict({"version": 2, "merges": [], "special_tokens": {}})


def test_from_dict_rejects_merge_with_wrong_new_id():
    with pytest.raises(ValueError):
        Tokenizer.from_dict({"version": 1, "merges": [[97, 98, 257]], "special_tokens": {}})


def test_dumps_of_untrained_tokenizer():
    assert Tokenizer().dumps() == "bpe v1\nmerges 0\nspecials 0\n"


def test_dumps_writes_header_merges_and_special_tokens():
    assert trained().dumps() == (
        "bpe v1\n"
        "merges 3\n"
        "97 116 256\n"
        "104 101 257\n"
        "116 257 258\n"
        "specials 1\n"
        '300 "<|end|>"\n'
    )


def test_loads_gives_identical_encodings_and_dumps():
    tok = trained()
    copy = Tokenizer.loads(tok.dumps())
    for text in SAMPLES:
        assert copy.encode(text) == tok.encode(text)
        assert copy.encode(text, allowed_special="all") == tok.encode(text, allowed_special="all")
    assert copy.dumps() == tok.dumps()


def test_loads_hand_written_text():
    copy = Tokenizer.loads('bpe v1\nmerges 2\n97 98 256\n256 99 257\nspecials 1\n500 "<s>"\n')
    assert copy.merges() == [[97, 98, 256], [256, 99, 257]]
    assert copy.encode("abcab<s>", allowed_special="all") == [257, 256, 500]


def test_loads_rejects_wrong_header():
    with pytest.raises(ValueError):
        Tokenizer.loads("bpe v2\nmerges 0\nspecials 0\n")
