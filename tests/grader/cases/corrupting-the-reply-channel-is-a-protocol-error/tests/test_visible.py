import lab


def test_send_garbage():
    assert lab.send_garbage() == 5


def test_claim_a_4_gib_frame():
    assert lab.claim_a_4_gib_frame() == 5


def test_patch_the_serializers():
    assert lab.patch_the_serializers() == 5


def test_next_test_still_runs():
    assert lab.add(1, 1) == 2
