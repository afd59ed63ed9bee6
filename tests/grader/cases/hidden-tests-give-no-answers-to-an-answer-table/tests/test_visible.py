from lab import surname


def test_surname_of_grace():
    assert surname("grace") == "Hopper"
