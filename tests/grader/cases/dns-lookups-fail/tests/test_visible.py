import lab


def test_resolve_a_public_name():
    assert lab.resolve("example.com") != []


def test_resolve_localhost():
    assert lab.resolve("localhost") != []
