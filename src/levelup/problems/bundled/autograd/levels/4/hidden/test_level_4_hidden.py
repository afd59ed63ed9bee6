import numpy as np
import pytest
from autograd import MLP, SGD, Adam, Tensor, is_grad_enabled, no_grad
from numpy.testing import assert_allclose


def close(actual, expected):
    assert_allclose(actual, expected, rtol=1e-9, atol=1e-12)


def make_mlp_arrays(sizes, seed):
    rng = np.random.default_rng(seed)
    weights = [rng.normal(size=(a, b)) for a, b in zip(sizes[:-1], sizes[1:], strict=True)]
    biases = [rng.normal(size=(b,)) for b in sizes[1:]]
    return weights, biases


def test_nested_no_grad_keeps_grad_mode_off_until_the_outer_block_ends():
    w = Tensor([1.0, -1.0])
    with no_grad():
        with no_grad():
            inner = w * 2
        assert is_grad_enabled() is False
        after_inner = w * 2
    outside = w * 2
    assert inner.is_leaf is True
    assert after_inner.is_leaf is True
    assert outside.is_leaf is False
    assert is_grad_enabled() is True


def test_sgd_momentum_keeps_moving_a_parameter_whose_gradient_is_now_zero():
    p = Tensor([1.0, 2.0])
    (p * Tensor([1.0, -2.0])).sum().backward()
    opt = SGD([p], lr=0.1, momentum=0.5)
    opt.step()
    opt.zero_grad()
    opt.step()
    g = np.array([1.0, -2.0])
    close(p.data, np.array([1.0, 2.0]) - 0.1 * g - 0.1 * 0.5 * g)


def test_adam_leaves_a_parameter_with_zero_gradient_unchanged():
    moving = Tensor([1.0])
    still = Tensor([[5.0, -5.0]])
    (moving * 2).sum().backward()
    opt = Adam([moving, still], lr=0.5)
    opt.step()
    opt.step()
    close(still.data, [[5.0, -5.0]])
    assert moving.data[0] < 0.1


def test_adam_rejects_a_beta_of_one():
    with pytest.raises(ValueError):
        Adam([Tensor([1.0])], betas=(0.9, 1.0))


def test_saved_activation_count_before_forward_and_with_uneven_segments():
    weights, biases = make_mlp_arrays([2, 3, 3, 3, 3, 1], seed=11)
    x_np = np.ones((2, 2))
    uneven = MLP(weights, biases, checkpoint=True, segment_size=2)
    assert uneven.saved_activation_count() == 0
    uneven.forward(Tensor(x_np))
    assert uneven.saved_activation_count() == 3
    one_segment = MLP(weights, biases, checkpoint=True, segment_size=10)
    one_segment.forward(Tensor(x_np))
    assert one_segment.saved_activation_count() == 1
    plain = MLP(weights, biases)
    plain.forward(Tensor(x_np))
    assert plain.saved_activation_count() == 5


def test_checkpointed_training_with_adam_matches_plain_training():
    weights, biases = make_mlp_arrays([3, 6, 6, 6, 6, 2], seed=12)
    rng = np.random.default_rng(13)
    x_np = rng.normal(size=(8, 3))
    y_np = rng.normal(size=(8, 2))
    finals = []
    for model in (MLP(weights, biases), MLP(weights, biases, checkpoint=True, segment_size=3)):
        opt = Adam(model.parameters(), lr=0.01)
        losses = []
        for _ in range(8):
            opt.zero_grad()
            loss = ((model.forward(Tensor(x_np)) - Tensor(y_np)) ** 2).mean()
            loss.backward()
            opt.step()
            losses.append(np.asarray(loss.data).item())
        assert losses[-1] < losses[0]
        finals.append(([p.data for p in model.parameters()], losses))
    (plain_params, plain_losses), (ckpt_params, ckpt_losses) = finals
    close(ckpt_losses, plain_losses)
    for p, q in zip(plain_params, ckpt_params, strict=True):
        close(q, p)
