"""Jars the tests use; the solution never imports this module."""

SMALL_JAR = ["penny", "dime"]
MIXED_JAR = ["nickel", "penny", "dime", "dime"]
