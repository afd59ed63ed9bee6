import lab


def test_sys_stdout_buffer_accepts_bytes():
    assert lab.write_bytes(b"raw bytes\n") == 10


def test_strings_with_lone_surrogates_cross_both_ways():
    text = "a\udc80b"
    assert lab.echo(text) == text
    assert lab.reverse(text) == "b\udc80a"


def test_unicode_text_crosses():
    assert lab.reverse("héllo wörld ✓") == "✓ dlröw olléh"
