from math import gcd


class Clock:
    def __init__(self, hour, minute):
        self.hour, self.minute = divmod((hour * 60 + minute) % 1440, 60)

    def __add__(self, minutes):
        return Clock(self.hour, self.minute + minutes)

    def __sub__(self, minutes):
        return Clock(self.hour, self.minute - minutes)

    def __eq__(self, other):
        return isinstance(other, Clock) and (self.hour, self.minute) == (other.hour, other.minute)

    def __hash__(self):
        return hash((self.hour, self.minute))

    def __str__(self):
        return f"{self.hour:02d}:{self.minute:02d}"


class Rational:
    def __init__(self, numerator, denominator):
        divisor = gcd(numerator, denominator) or 1
        sign = -1 if denominator < 0 else 1
        self.numerator = sign * numerator // divisor
        self.denominator = sign * denominator // divisor

    def __pow__(self, power):
        return Rational(self.numerator**power, self.denominator**power)

    def __eq__(self, other):
        if not isinstance(other, Rational):
            return NotImplemented
        return (self.numerator, self.denominator) == (other.numerator, other.denominator)

    def __repr__(self):
        return f"{self.numerator}/{self.denominator}"


class ComplexNumber:
    def __init__(self, real, imaginary):
        self.real, self.imaginary = real, imaginary

    def __add__(self, other):
        if not isinstance(other, ComplexNumber):
            other = ComplexNumber(other, 0)
        return ComplexNumber(self.real + other.real, self.imaginary + other.imaginary)

    __radd__ = __add__

    def __eq__(self, other):
        if not isinstance(other, ComplexNumber):
            return NotImplemented
        return (self.real, self.imaginary) == (other.real, other.imaginary)
