import lab


def test_a_large_argument_arrives_whole():
    assert lab.echo_length(list(range(300_000))) == 300_000


def test_a_large_result_arrives_whole():
    assert lab.big_text(2_000_000) == "levelup " * 250_000


def test_small_and_large_messages_interleave():
    for size in (10, 200_000, 10, 50_000, 400_000, 1):
        assert lab.big_list(size) == list(range(size))
