from collections.abc import Callable
from typing import Any

import numpy as np

GradFn = Callable[[np.ndarray], tuple[np.ndarray, ...]]


class Tensor:
    """A float64 numpy array that remembers how it was computed."""

    def __init__(self, data: Any, parents: tuple["Tensor", ...] = (), grad_fn: GradFn | None = None) -> None:
        self.data = self._store(data)
        self.grad = self._store(np.zeros(np.shape(self.data)))
        self._parents = parents
        # Maps the gradient of this tensor to the gradients of its parents, in order.
        self._grad_fn = grad_fn

    @staticmethod
    def _store(x: Any) -> Any:
        return np.array(x, dtype=np.float64)

    @property
    def shape(self) -> tuple[int, ...]:
        return np.shape(self.data)

    def _make(self, data: Any, parents: tuple["Tensor", ...], grad_fn: GradFn) -> Any:
        """A result of the same kind as self (a Value's operations give Values)."""
        return type(self)(data, parents, grad_fn)

    def _lift(self, other: Any) -> Any:
        return other if isinstance(other, Tensor) else type(self)(other)

    def _parent_grads(self, grad: np.ndarray) -> tuple[np.ndarray, ...]:
        return self._grad_fn(grad) if self._grad_fn else ()

    def __add__(self, other: "Tensor | float") -> "Tensor":
        other = self._lift(other)
        return self._make(
            self.data + other.data,
            (self, other),
            lambda g: (_unbroadcast(g, self.shape), _unbroadcast(g, other.shape)),
        )

    def __radd__(self, other: float) -> "Tensor":
        return self._lift(other) + self

    def __sub__(self, other: "Tensor | float") -> "Tensor":
        other = self._lift(other)
        return self._make(
            self.data - other.data,
            (self, other),
            lambda g: (_unbroadcast(g, self.shape), _unbroadcast(-g, other.shape)),
        )

    def __rsub__(self, other: float) -> "Tensor":
        return self._lift(other) - self

    def __mul__(self, other: "Tensor | float") -> "Tensor":
        other = self._lift(other)
        return self._make(
            self.data * other.data,
            (self, other),
            lambda g: (_unbroadcast(g * other.data, self.shape), _unbroadcast(g * self.data, other.shape)),
        )

    def __rmul__(self, other: float) -> "Tensor":
        return self._lift(other) * self

    def __truediv__(self, other: "Tensor | float") -> "Tensor":
        other = self._lift(other)
        a, b = self.data, other.data
        return self._make(
            a / b,
            (self, other),
            lambda g: (_unbroadcast(g / b, self.shape), _unbroadcast(-g * a / b**2, other.shape)),
        )

    def __rtruediv__(self, other: float) -> "Tensor":
        return self._lift(other) / self

    def __neg__(self) -> "Tensor":
        return self._make(-self.data, (self,), lambda g: (-g,))

    def __pow__(self, exponent: float) -> "Tensor":
        if not isinstance(exponent, (int, float)):
            raise TypeError("the exponent must be an int or a float")
        x = self.data
        return self._make(x**exponent, (self,), lambda g: (g * exponent * x ** (exponent - 1),))

    def __matmul__(self, other: "Tensor") -> "Tensor":
        if self.data.ndim != 2 or other.data.ndim != 2:
            raise ValueError("@ needs two 2-D tensors")
        a, b = self.data, other.data
        return self._make(a @ b, (self, other), lambda g: (g @ b.T, a.T @ g))

    def sum(self, axis: int | None = None, keepdims: bool = False) -> "Tensor":
        def grad_fn(g: np.ndarray) -> tuple[np.ndarray]:
            if axis is not None and not keepdims:
                g = np.expand_dims(g, axis)
            return (np.broadcast_to(g, self.shape).copy(),)

        return self._make(self.data.sum(axis=axis, keepdims=keepdims), (self,), grad_fn)

    def mean(self, axis: int | None = None, keepdims: bool = False) -> "Tensor":
        count = np.size(self.data) if axis is None else self.shape[axis]
        return self.sum(axis, keepdims) / count

    def reshape(self, shape: tuple[int, ...]) -> "Tensor":
        return self._make(self.data.reshape(shape), (self,), lambda g: (g.reshape(self.shape),))

    def relu(self) -> "Tensor":
        mask = self.data > 0
        return self._make(np.where(mask, self.data, 0.0), (self,), lambda g: (g * mask,))

    def tanh(self) -> "Tensor":
        t = np.tanh(self.data)
        return self._make(t, (self,), lambda g: (g * (1.0 - t * t),))

    def exp(self) -> "Tensor":
        e = np.exp(self.data)
        return self._make(e, (self,), lambda g: (g * e,))

    def backward(self) -> None:
        if np.size(self.data) != 1:
            raise ValueError(f"backward() needs a tensor with one element, got shape {self.shape}")
        _backpropagate(self, np.ones(self.shape))

    def zero_grad(self) -> None:
        for node in _topological_order(self):
            node.grad = node._store(np.zeros(node.shape))


class Value(Tensor):
    """One number: a tensor of shape () whose data and grad are plain Python floats."""

    @staticmethod
    def _store(x: Any) -> Any:
        return float(x)


def polynomial(x: Value, coeffs: list[float]) -> Value:
    if not coeffs:
        raise ValueError("coeffs must not be empty")
    acc = Value(coeffs[-1])
    for c in reversed(coeffs[:-1]):
        acc = acc * x + c
    return acc


def _unbroadcast(grad: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """Sum `grad` over the axes that broadcasting added or stretched, giving it `shape`."""
    while grad.ndim > len(shape):
        grad = grad.sum(axis=0)
    for axis, size in enumerate(shape):
        if size == 1 and grad.shape[axis] != 1:
            grad = grad.sum(axis=axis, keepdims=True)
    return grad


def _topological_order(root: Tensor) -> list[Tensor]:
    """Every node `root` depends on (and root itself), each one after all of its parents.

    Iterative depth-first search: graphs can be far deeper than Python's recursion limit."""
    order: list[Tensor] = []
    visited: set[Tensor] = set()
    stack: list[tuple[Tensor, bool]] = [(root, False)]
    while stack:
        node, parents_done = stack.pop()
        if parents_done:
            order.append(node)
        elif node not in visited:
            visited.add(node)
            stack.append((node, True))
            stack.extend((parent, False) for parent in node._parents if parent not in visited)
    return order


def _backpropagate(root: Tensor, seed: Any) -> None:
    # Gradients of this pass are collected separately and then added, so a second pass adds
    # exactly one more copy of every derivative instead of re-propagating old ones.
    pass_grads = {root: seed}
    for node in reversed(_topological_order(root)):
        g = pass_grads.pop(node)
        node.grad = node._store(node.grad + g)
        for parent, parent_grad in zip(node._parents, node._parent_grads(g), strict=True):
            pass_grads[parent] = pass_grads[parent] + parent_grad if parent in pass_grads else parent_grad
