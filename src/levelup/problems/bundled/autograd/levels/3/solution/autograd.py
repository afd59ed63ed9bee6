import math
from collections.abc import Callable
from typing import Any

import numpy as np


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

    def _parent_grads(self, grad: float) -> list[float]:
        return [local * grad for local in self._local_grads]

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
        _backpropagate(self, 1.0)

    def zero_grad(self) -> None:
        for node in _topological_order(self):
            node.grad = 0.0


def polynomial(x: Value, coeffs: list[float]) -> Value:
    if not coeffs:
        raise ValueError("coeffs must not be empty")
    acc = Value(coeffs[-1])
    for c in reversed(coeffs[:-1]):
        acc = acc * x + c
    return acc


def _lift(other: "Value | float") -> Value:
    return other if isinstance(other, Value) else Value(other)


GradFn = Callable[[np.ndarray], tuple[np.ndarray, ...]]


class Tensor:
    """A float64 numpy array that remembers how it was computed."""

    def __init__(self, data: Any, parents: tuple["Tensor", ...] = (), grad_fn: GradFn | None = None) -> None:
        self.data = np.array(data, dtype=np.float64)
        self.grad = np.zeros_like(self.data)
        self._parents = parents
        # Maps the gradient of this tensor to the gradients of its parents, in order.
        self._grad_fn = grad_fn

    @property
    def shape(self) -> tuple[int, ...]:
        return self.data.shape

    def _parent_grads(self, grad: np.ndarray) -> tuple[np.ndarray, ...]:
        return self._grad_fn(grad) if self._grad_fn else ()

    def __add__(self, other: "Tensor | float") -> "Tensor":
        other = _as_tensor(other)
        return Tensor(
            self.data + other.data,
            (self, other),
            lambda g: (_unbroadcast(g, self.shape), _unbroadcast(g, other.shape)),
        )

    def __radd__(self, other: float) -> "Tensor":
        return _as_tensor(other) + self

    def __sub__(self, other: "Tensor | float") -> "Tensor":
        other = _as_tensor(other)
        return Tensor(
            self.data - other.data,
            (self, other),
            lambda g: (_unbroadcast(g, self.shape), _unbroadcast(-g, other.shape)),
        )

    def __rsub__(self, other: float) -> "Tensor":
        return _as_tensor(other) - self

    def __mul__(self, other: "Tensor | float") -> "Tensor":
        other = _as_tensor(other)
        return Tensor(
            self.data * other.data,
            (self, other),
            lambda g: (_unbroadcast(g * other.data, self.shape), _unbroadcast(g * self.data, other.shape)),
        )

    def __rmul__(self, other: float) -> "Tensor":
        return _as_tensor(other) * self

    def __truediv__(self, other: "Tensor | float") -> "Tensor":
        other = _as_tensor(other)
        a, b = self.data, other.data
        return Tensor(
            a / b,
            (self, other),
            lambda g: (_unbroadcast(g / b, self.shape), _unbroadcast(-g * a / b**2, other.shape)),
        )

    def __rtruediv__(self, other: float) -> "Tensor":
        return _as_tensor(other) / self

    def __neg__(self) -> "Tensor":
        return Tensor(-self.data, (self,), lambda g: (-g,))

    def __pow__(self, exponent: float) -> "Tensor":
        if not isinstance(exponent, (int, float)):
            raise TypeError("the exponent must be an int or a float")
        x = self.data
        return Tensor(x**exponent, (self,), lambda g: (g * exponent * x ** (exponent - 1),))

    def __matmul__(self, other: "Tensor") -> "Tensor":
        if self.data.ndim != 2 or other.data.ndim != 2:
            raise ValueError("@ needs two 2-D tensors")
        a, b = self.data, other.data
        return Tensor(a @ b, (self, other), lambda g: (g @ b.T, a.T @ g))

    def sum(self, axis: int | None = None, keepdims: bool = False) -> "Tensor":
        def grad_fn(g: np.ndarray) -> tuple[np.ndarray]:
            if axis is not None and not keepdims:
                g = np.expand_dims(g, axis)
            return (np.broadcast_to(g, self.shape).copy(),)

        return Tensor(self.data.sum(axis=axis, keepdims=keepdims), (self,), grad_fn)

    def mean(self, axis: int | None = None, keepdims: bool = False) -> "Tensor":
        count = self.data.size if axis is None else self.shape[axis]
        return self.sum(axis, keepdims) / count

    def reshape(self, shape: tuple[int, ...]) -> "Tensor":
        return Tensor(self.data.reshape(shape), (self,), lambda g: (g.reshape(self.shape),))

    def relu(self) -> "Tensor":
        mask = self.data > 0
        return Tensor(np.where(mask, self.data, 0.0), (self,), lambda g: (g * mask,))

    def tanh(self) -> "Tensor":
        t = np.tanh(self.data)
        return Tensor(t, (self,), lambda g: (g * (1.0 - t * t),))

    def exp(self) -> "Tensor":
        e = np.exp(self.data)
        return Tensor(e, (self,), lambda g: (g * e,))

    def backward(self) -> None:
        if self.data.size != 1:
            raise ValueError(f"backward() needs a tensor with one element, got shape {self.shape}")
        _backpropagate(self, np.ones_like(self.data))

    def zero_grad(self) -> None:
        for node in _topological_order(self):
            node.grad = np.zeros_like(node.data)


def _as_tensor(other: "Tensor | float") -> Tensor:
    return other if isinstance(other, Tensor) else Tensor(other)


def _unbroadcast(grad: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """Sum `grad` over the axes that broadcasting added or stretched, giving it `shape`."""
    while grad.ndim > len(shape):
        grad = grad.sum(axis=0)
    for axis, size in enumerate(shape):
        if size == 1 and grad.shape[axis] != 1:
            grad = grad.sum(axis=axis, keepdims=True)
    return grad


Node = Value | Tensor


def _topological_order(root: Node) -> list[Node]:
    """Every node `root` depends on (and root itself), each one after all of its parents.

    Iterative depth-first search: graphs can be far deeper than Python's recursion limit."""
    order: list[Node] = []
    visited: set[Node] = set()
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, parents_done = stack.pop()
        if parents_done:
            order.append(node)
        elif node not in visited:
            visited.add(node)
            stack.append((node, True))
            stack.extend((parent, False) for parent in node._parents if parent not in visited)
    return order


def _backpropagate(root: Node, seed: Any) -> None:
    # Gradients of this pass are collected separately and then added, so a second pass adds
    # exactly one more copy of every derivative instead of re-propagating old ones.
    pass_grads = {root: seed}
    for node in reversed(_topological_order(root)):
        g = pass_grads.pop(node)
        node.grad = node.grad + g
        for parent, parent_grad in zip(node._parents, node._parent_grads(g), strict=True):
            pass_grads[parent] = pass_grads[parent] + parent_grad if parent in pass_grads else parent_grad
