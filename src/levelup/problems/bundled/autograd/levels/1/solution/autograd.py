import math


class Value:
    """A scalar that remembers how it was computed, so gradients can flow back through it."""

    def __init__(
        self, data: float, parents: tuple["Value", ...] = (), local_grads: tuple[float, ...] = ()
    ) -> None:
        self.data = float(data)
        self.grad = 0.0
        # parents[i] is an input of the operation that made this value; local_grads[i] is
        # d(this value)/d(parents[i]), computed once in the forward pass.
        self._parents = parents
        self._local_grads = local_grads

    def __add__(self, other: "Value | float") -> "Value":
        other = _lift(other)
        return Value(self.data + other.data, (self, other), (1.0, 1.0))

    def __radd__(self, other: float) -> "Value":
        return _lift(other) + self

    def __sub__(self, other: "Value | float") -> "Value":
        other = _lift(other)
        return Value(self.data - other.data, (self, other), (1.0, -1.0))

    def __rsub__(self, other: float) -> "Value":
        return _lift(other) - self

    def __mul__(self, other: "Value | float") -> "Value":
        other = _lift(other)
        return Value(self.data * other.data, (self, other), (other.data, self.data))

    def __rmul__(self, other: float) -> "Value":
        return _lift(other) * self

    def __truediv__(self, other: "Value | float") -> "Value":
        other = _lift(other)
        a, b = self.data, other.data
        return Value(a / b, (self, other), (1.0 / b, -a / b**2))

    def __rtruediv__(self, other: float) -> "Value":
        return _lift(other) / self

    def __neg__(self) -> "Value":
        return Value(-self.data, (self,), (-1.0,))

    def __pow__(self, exponent: float) -> "Value":
        if not isinstance(exponent, (int, float)):
            raise TypeError("the exponent must be an int or a float")
        x = self.data
        return Value(x**exponent, (self,), (exponent * x ** (exponent - 1),))

    def exp(self) -> "Value":
        e = math.exp(self.data)
        return Value(e, (self,), (e,))

    def tanh(self) -> "Value":
        t = math.tanh(self.data)
        return Value(t, (self,), (1.0 - t * t,))

    def relu(self) -> "Value":
        positive = self.data > 0
        return Value(self.data if positive else 0.0, (self,), (1.0 if positive else 0.0,))

    def backward(self) -> None:
        order: list[Value] = []
        seen: set[Value] = set()

        def visit(node: Value) -> None:
            if node not in seen:
                seen.add(node)
                for parent in node._parents:
                    visit(parent)
                order.append(node)

        visit(self)
        self.grad = 1.0
        for node in reversed(order):  # every node comes before the values it was made from
            for parent, local in zip(node._parents, node._local_grads, strict=True):
                parent.grad += local * node.grad


def _lift(other: "Value | float") -> Value:
    return other if isinstance(other, Value) else Value(other)
