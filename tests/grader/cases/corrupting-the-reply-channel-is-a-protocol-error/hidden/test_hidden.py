import lab


def test_hidden_patch_the_serializers():
    assert lab.patch_the_serializers() == 5
