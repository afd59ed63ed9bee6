class Value:
    """A scalar that remembers how it was computed, so gradients can flow back through it."""

    def __init__(self, data: float) -> None:
        """Create a value holding `data` (stored as a float) with grad 0.0."""

    def __add__(self, other: "Value | float") -> "Value":
        """Return self + other."""
        raise NotImplementedError

    def __radd__(self, other: float) -> "Value":
        """Return other + self (other is a plain number)."""
        raise NotImplementedError

    def __sub__(self, other: "Value | float") -> "Value":
        """Return self - other."""
        raise NotImplementedError

    def __rsub__(self, other: float) -> "Value":
        """Return other - self (other is a plain number)."""
        raise NotImplementedError

    def __mul__(self, other: "Value | float") -> "Value":
        """Return self * other."""
        raise NotImplementedError

    def __rmul__(self, other: float) -> "Value":
        """Return other * self (other is a plain number)."""
        raise NotImplementedError

    def __truediv__(self, other: "Value | float") -> "Value":
        """Return self / other."""
        raise NotImplementedError

    def __rtruediv__(self, other: float) -> "Value":
        """Return other / self (other is a plain number)."""
        raise NotImplementedError

    def __neg__(self) -> "Value":
        """Return -self."""
        raise NotImplementedError

    def __pow__(self, exponent: float) -> "Value":
        """Return self ** exponent for a constant int or float exponent."""
        raise NotImplementedError

    def exp(self) -> "Value":
        """Return e ** self."""
        raise NotImplementedError

    def tanh(self) -> "Value":
        """Return tanh(self)."""
        raise NotImplementedError

    def relu(self) -> "Value":
        """Return max(self, 0)."""
        raise NotImplementedError

    def backward(self) -> None:
        """Fill in .grad of self and of every value self was computed from."""
        raise NotImplementedError
