"""levelup: practise and administer progressive coding interviews."""

__version__ = "0.1.0"
