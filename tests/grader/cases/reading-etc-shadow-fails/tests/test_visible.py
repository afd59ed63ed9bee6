import lab


def test_read_etc_shadow():
    assert lab.read("/etc/shadow").startswith("root:")
