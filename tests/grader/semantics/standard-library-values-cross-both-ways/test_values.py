import collections
import datetime
from decimal import Decimal
from fractions import Fraction

import lab


def test_datetimes_dates_and_times():
    moment = datetime.datetime(2011, 4, 25, 0, 0)
    assert lab.add_gigasecond(moment) == datetime.datetime(2043, 1, 1, 1, 46, 40)
    assert lab.next_day(datetime.date(2024, 2, 28)) == datetime.date(2024, 2, 29)
    assert lab.lunch() == datetime.time(12, 30, tzinfo=datetime.UTC)


def test_time_zones_with_fixed_offsets():
    moment = datetime.datetime(2024, 1, 1, 12, 0, tzinfo=datetime.UTC)
    shifted = lab.in_zone(moment, 2)
    assert shifted.hour == 14
    assert shifted == moment
    assert shifted.utcoffset() == datetime.timedelta(hours=2)


def test_numbers_decimal_fraction_complex():
    assert lab.total([Decimal("0.10"), Decimal("0.20")]) == Decimal("0.30")
    assert lab.halve(Fraction(1, 3)) == Fraction(1, 6)
    assert lab.rotate(1 + 2j) == -2 + 1j


def test_ranges_and_frozensets():
    assert lab.evens(range(0, 10, 3)) == [0, 6]
    assert lab.frozen([1, 2, 2]) == frozenset({1, 2})


def test_collections():
    assert lab.last_two([1, 2, 3]) == collections.deque([2, 3], maxlen=2)
    assert lab.letters("aab") == collections.Counter({"a": 2, "b": 1})
    assert list(lab.ordered([("b", 1), ("a", 2)]).items()) == [("b", 1), ("a", 2)]
    groups = lab.grouped(["apple", "avocado", "banana"])
    assert groups == {"a": ["apple", "avocado"], "b": ["banana"]}
    assert groups["c"] == []


def test_named_tuples_both_ways():
    assert lab.origin() == (0, 0)
    assert lab.origin().x == 0
    Pair = collections.namedtuple("Pair", "left right")
    swapped, fields = lab.swap(Pair(1, 2))
    assert swapped == (2, 1)
    assert swapped.left == 2
    assert fields == ("left", "right")


def test_named_time_zones():
    from zoneinfo import ZoneInfo

    moment = datetime.datetime(2024, 7, 1, 12, 0, tzinfo=ZoneInfo("Europe/Paris"))
    assert lab.in_zone(moment, 0).hour == 10
    assert lab.next_day(moment).tzinfo == ZoneInfo("Europe/Paris")
