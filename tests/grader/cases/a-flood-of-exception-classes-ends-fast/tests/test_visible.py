import lab


def test_200_000_exception_classes():
    for number in range(200_000):
        try:
            lab.fail(number)
        except ValueError:
            pass


def test_200_000_exception_classes_caught_broadly():
    for number in range(200_000):
        try:
            lab.fail(number)
        except Exception:
            pass
