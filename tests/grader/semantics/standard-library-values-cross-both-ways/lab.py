import collections
import datetime
from decimal import Decimal

Point = collections.namedtuple("Point", "x y")


def add_gigasecond(moment):
    return moment + datetime.timedelta(seconds=10**9)


def next_day(day):
    return day + datetime.timedelta(days=1)


def lunch():
    return datetime.time(12, 30, tzinfo=datetime.UTC)


def in_zone(moment, hours):
    return moment.astimezone(datetime.timezone(datetime.timedelta(hours=hours)))


def total(prices):
    return sum(prices, Decimal("0"))


def halve(value):
    return value / 2


def rotate(number):
    return number * 1j


def evens(span):
    return [n for n in span if n % 2 == 0]


def last_two(values):
    return collections.deque(values, maxlen=2)


def letters(word):
    return collections.Counter(word)


def ordered(pairs):
    return collections.OrderedDict(pairs)


def grouped(words):
    groups = collections.defaultdict(list)
    for word in words:
        groups[word[0]].append(word)
    return groups


def frozen(values):
    return frozenset(values)


def origin():
    return Point(0, 0)


def swap(point):
    return type(point)(point[1], point[0]), point._fields
