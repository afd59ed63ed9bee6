import random

import pytest
from bpe import Tokenizer


def test_dumps_writes_special_tokens_as_json_strings_in_id_order():
    tok = Tokenizer()
    tok.register_special_tokens({"<|end|>": 300, 'é\n"x"': 299})
    assert tok.dumps() == 'bpe v1\nmerges 0\nspecials 2\n299 "\\u00e9\\n\\"x\\""\n300 "<|end|>"\n'
    copy = Tokenizer.loads(tok.dumps())
    assert copy.to_dict()["special_tokens"] == {"<|end|>": 300, 'é\n"x"': 299}
    assert copy.encode('aé\n"x"', allowed_special="all") == [97, 299]


def test_from_dict_rejects_merge_that_uses_a_later_or_negative_id():
    with pytest.raises(ValueError):
        Tokenizer.from_dict({"version": 1, "merges": [[97, 256, 256]], "special_tokens": {}})
    with pytest.raises(ValueError):
        Tokenizer.from_dict({"version": 1, "merges": [[-1, 97, 256]], "special_tokens": {}})


def test_from_dict_rejects_invalid_special_tokens():
    merges = [[97, 98, 256]]
    with pytest.raises(ValueError):
        Tokenizer.from_dict({"version": 1, "merges": merges, "special_tokens": {"<s>": 256}})
    with pytest.raises(ValueError):
        Tokenizer.from_dict(
            {"version": 1, "merges": merges, "special_tokens": {"<s>": 300, "</s>": 300}}
        )


def test_loads_rejects_counts_that_do_not_match_the_lines():
    with pytest.raises(ValueError):
        Tokenizer.loads("bpe v1\nmerges 2\n97 98 256\nspecials 0\n")
    with pytest.raises(ValueError):
        Tokenizer.loads("bpe v1\nmerges 0\nspecials 0\n97 98 256\n")
    with pytest.raises(ValueError):
        Tokenizer.loads("bpe v1\nmerges 1\n97 98\nspecials 0\n")


def test_loaded_tokenizer_matches_on_seeded_text():
    rng = random.Random(5)
    words = ["".join(rng.choice("abcdeéz") for _ in range(rng.randint(1, 7))) for _ in range(40)]
    text = " ".join(rng.choice(words) for _ in range(500)) + " 123, 456!"
    tok = Tokenizer()
    tok.train(text, 360)
    tok.register_special_tokens({"<|end|>": 1000})
    from_text = Tokenizer.loads(tok.dumps())
    from_dict = Tokenizer.from_dict(tok.to_dict())
    sample = text[:300] + "<|end|>" + text[300:600]
    expected = tok.encode(sample, allowed_special="all")
    assert from_text.encode(sample, allowed_special="all") == expected
    assert from_dict.encode(sample, allowed_special="all") == expected
    assert from_text.decode(expected) == sample
