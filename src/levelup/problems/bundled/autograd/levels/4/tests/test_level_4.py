import numpy as np
import pytest
from autograd import MLP, SGD, Adam, Tensor, Value, is_grad_enabled, no_grad
from numpy.testing import assert_allclose


def close(actual, expected):
    assert_allclose(actual, expected, rtol=1e-9, atol=1e-12)


def numeric_grad(f, x, h=1e-6):
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        up, down = x.copy(), x.copy()
        up[idx] += h
        down[idx] -= h
        grad[idx] = (f(up) - f(down)) / (2 * h)
    return grad


def mlp_np(x, weights, biases):
    h = x
    for i, (w, b) in enumerate(zip(weights, biases, strict=True)):
        h = h @ w + b
        if i < len(weights) - 1:
            h = np.tanh(h)
    return h


def make_mlp_arrays(sizes, seed):
    rng = np.random.default_rng(seed)
    weights = [rng.normal(size=(a, b)) for a, b in zip(sizes[:-1], sizes[1:], strict=True)]
    biases = [rng.normal(size=(b,)) for b in sizes[1:]]
    return weights, biases


def quadratic_backward(p, target):
    """Fill p.grad with the gradient of sum((p - target) ** 2), i.e. 2 * (p - target)."""
    ((p - Tensor(target)) ** 2).sum().backward()


def test_sgd_without_momentum_is_plain_gradient_descent():
    p = Tensor([1.0, -2.0, 3.0])
    (p * Tensor([0.5, 1.0, -2.0])).sum().backward()
    opt = SGD([p], lr=0.1)
    opt.step()
    close(p.data, [1.0 - 0.05, -2.0 - 0.1, 3.0 + 0.2])


def test_sgd_momentum_matches_reference_over_three_steps():
    start = np.array([[1.0, -1.0], [0.5, 2.0]])
    target = np.array([[0.0, 1.0], [1.0, -1.0]])
    p = Tensor(start)
    opt = SGD([p], lr=0.05, momentum=0.9)
    ref, vel = start.copy(), np.zeros_like(start)
    for _ in range(3):
        opt.zero_grad()
        quadratic_backward(p, target)
        opt.step()
        vel = 0.9 * vel + 2 * (ref - target)
        ref = ref - 0.05 * vel
    close(p.data, ref)


def test_step_keeps_grad_and_zero_grad_clears_it():
    p = Tensor([1.0, 2.0])
    (p * 3).sum().backward()
    opt = SGD([p], lr=0.5)
    opt.step()
    close(p.grad, [3.0, 3.0])
    opt.zero_grad()
    close(p.grad, [0.0, 0.0])
    assert p.data.dtype == np.float64


def test_sgd_rejects_non_positive_learning_rate():
    with pytest.raises(ValueError):
        SGD([Tensor([1.0])], lr=0.0)


def test_adam_first_step_moves_each_element_by_about_lr():
    p = Tensor([1.0, 1.0, 1.0])
    (p * Tensor([100.0, -0.01, 3.0])).sum().backward()
    opt = Adam([p], lr=0.1)
    opt.step()
    g = np.array([100.0, -0.01, 3.0])
    close(p.data, 1.0 - 0.1 * g / (np.abs(g) + 1e-8))


def test_adam_matches_reference_over_five_steps_with_custom_betas():
    rng = np.random.default_rng(4)
    start = rng.normal(size=(3, 2))
    target = rng.normal(size=(3, 2))
    p = Tensor(start)
    opt = Adam([p], lr=0.05, betas=(0.8, 0.99), eps=1e-6)
    ref, m, v = start.copy(), np.zeros_like(start), np.zeros_like(start)
    for t in range(1, 6):
        opt.zero_grad()
        quadratic_backward(p, target)
        opt.step()
        g = 2 * (ref - target)
        m = 0.8 * m + 0.2 * g
        v = 0.99 * v + 0.01 * g**2
        ref = ref - 0.05 * (m / (1 - 0.8**t)) / (np.sqrt(v / (1 - 0.99**t)) + 1e-6)
    close(p.data, ref)


def test_no_grad_spec_example():
    w = Tensor([1.0, 2.0])
    assert is_grad_enabled() is True
    with no_grad():
        assert is_grad_enabled() is False
        y = (w * 3).sum()
    assert is_grad_enabled() is True
    assert y.is_leaf is True
    close(y.data, 9.0)
    y.backward()
    close(y.grad, 1.0)
    close(w.grad, [0.0, 0.0])


def test_no_grad_also_stops_value_operations_from_recording():
    a = Value(2.0)
    with no_grad():
        b = a * 3.0
    c = b * a  # recorded again: reaches a directly, but not through b
    c.backward()
    assert b.data == pytest.approx(6.0)
    assert a.grad == pytest.approx(6.0)  # d(c)/d(a) with b held constant


def test_is_leaf_for_created_tensors_and_recorded_results():
    w = Tensor([1.0, 2.0])
    assert w.is_leaf is True
    assert (w * 3).sum().is_leaf is False


def test_mlp_forward_matches_numpy():
    weights, biases = make_mlp_arrays([3, 5, 4, 2], seed=1)
    x_np = np.random.default_rng(2).normal(size=(6, 3))
    out = MLP(weights, biases).forward(Tensor(x_np))
    assert out.shape == (6, 2)
    close(out.data, mlp_np(x_np, weights, biases))


def test_mlp_gradients_match_finite_differences():
    weights, biases = make_mlp_arrays([3, 4, 2], seed=3)
    x_np = np.random.default_rng(5).normal(size=(4, 3))
    mlp = MLP(weights, biases)
    (mlp.forward(Tensor(x_np)) ** 2).mean().backward()
    w0, b0, w1, b1 = mlp.parameters()

    def loss_w0(w):
        return float((mlp_np(x_np, [w, weights[1]], biases) ** 2).mean())

    def loss_b1(b):
        return float((mlp_np(x_np, weights, [biases[0], b]) ** 2).mean())

    assert_allclose(w0.grad, numeric_grad(loss_w0, weights[0]), rtol=1e-5, atol=1e-7)
    assert_allclose(b1.grad, numeric_grad(loss_b1, biases[1]), rtol=1e-5, atol=1e-7)


def test_optimizer_on_parameters_trains_the_model():
    weights, biases = make_mlp_arrays([2, 3, 1], seed=6)
    x_np = np.random.default_rng(8).normal(size=(5, 2))
    mlp = MLP(weights, biases)
    opt = SGD(mlp.parameters(), lr=0.1)
    (mlp.forward(Tensor(x_np)) ** 2).mean().backward()
    grads = [p.grad for p in mlp.parameters()]
    opt.step()
    new_weights = [weights[0] - 0.1 * grads[0], weights[1] - 0.1 * grads[2]]
    new_biases = [biases[0] - 0.1 * grads[1], biases[1] - 0.1 * grads[3]]
    close(mlp.forward(Tensor(x_np)).data, mlp_np(x_np, new_weights, new_biases))


def test_checkpointed_mlp_matches_plain_gradients_and_keeps_fewer_activations():
    weights, biases = make_mlp_arrays([3, 4, 4, 4, 4, 4, 2], seed=0)
    x_np = np.random.default_rng(9).normal(size=(5, 3))
    plain = MLP(weights, biases)
    ckpt = MLP(weights, biases, checkpoint=True, segment_size=2)
    x_plain, x_ckpt = Tensor(x_np), Tensor(x_np)
    out_plain = plain.forward(x_plain)
    out_ckpt = ckpt.forward(x_ckpt)
    close(out_ckpt.data, out_plain.data)
    (out_plain**2).mean().backward()
    (out_ckpt**2).mean().backward()
    assert plain.saved_activation_count() == 6
    assert ckpt.saved_activation_count() == 3
    for p, q in zip(plain.parameters(), ckpt.parameters(), strict=True):
        close(q.grad, p.grad)
    close(x_ckpt.grad, x_plain.grad)


def test_mlp_rejects_shapes_that_do_not_fit():
    weights, biases = make_mlp_arrays([3, 4, 2], seed=0)
    with pytest.raises(ValueError):
        MLP([weights[0], weights[0]], biases)
    with pytest.raises(ValueError):
        MLP(weights, biases[:1])
