"""Public checks for topic `logistic` (Logistic Regression / 交叉熵). Oracles: torch.distributions,
torch.nn.functional's losses, literals."""

import pytest
import torch
import torch.nn.functional as F

from grader.checks import assert_tensor, fail, generator, randint, randn
from grader.i18n import Msg

exercise = pytest.mark.exercise
points = pytest.mark.points

SOFTMAX_FAMILY = {
    "cross_entropy",
    "cross_entropy_loss",
    "log_softmax",
    "_log_softmax",
    "special_log_softmax",
    "softmax",
    "_softmax",
    "special_softmax",
    "nll_loss",
    "nll_loss_nd",
    "nll_loss2d",
}


def _probabilities(*shape, seed):
    return torch.rand(shape, generator=generator(seed)).softmax(dim=-1)


@exercise("logistic.entropy")
@points(1)
def test_entropy(student):
    p = _probabilities(4, 5, seed=1)
    expected = torch.distributions.Categorical(probs=p).entropy()
    assert_tensor(student.logistic.entropy(p), expected)


@exercise("logistic.kl_divergence")
@points(1)
def test_kl_divergence(student):
    p, q = _probabilities(3, 6, seed=2), _probabilities(3, 6, seed=3)
    expected = F.kl_div(q.log(), p, reduction="none").sum(dim=-1)
    assert_tensor(student.logistic.kl_divergence(p, q), expected)


@exercise("logistic.cross_entropy_by_hand")
@points(1)
def test_cross_entropy_by_hand(student):
    logits, targets = randn(6, 4, seed=4) * 3, randint(0, 4, (6,), seed=5)
    fn = student.logistic.cross_entropy_by_hand
    call = fn.call(logits, targets)
    assert_tensor(call.value, F.cross_entropy(logits, targets))
    used = {name.split(".")[0] for name in call.calls} & SOFTMAX_FAMILY
    if used:
        fail(
            f"This exercise is to be done by hand, but the function uses {', '.join(sorted(used))}: "
            f"write it with exp/log/max or logsumexp.",
            f"本题要求手写实现，但函数用了 {', '.join(sorted(used))}：请用 exp/log/max 或 logsumexp 实现。",
        )


@exercise("logistic.binary_cross_entropy_by_hand")
@points(1)
def test_binary_cross_entropy_by_hand(student):
    probs = torch.rand(5, 3, generator=generator(6)) * 0.98 + 0.01
    targets = (torch.rand(5, 3, generator=generator(7)) > 0.5).float()
    assert_tensor(
        student.logistic.binary_cross_entropy_by_hand(probs, targets),
        F.binary_cross_entropy(probs, targets),
    )


@exercise("logistic.logistic_predict")
@points(1)
def test_logistic_predict(student):
    x = torch.tensor([[3.0, 0.0], [0.0, -1.0], [1.0, 1.0], [-2.0, 4.0]])
    w = torch.tensor([0.5, -1.0])
    # x @ w + b = [1.0, 0.5, -1.0, -5.5] with b = -0.5: sigmoid > 0.5 where it is > 0
    assert_tensor(
        student.logistic.logistic_predict(x, w, -0.5),
        torch.tensor([1, 1, 0, 0]),
        mistakes={
            Msg(
                "the classes are flipped: 1 where sigmoid(x @ w + b) > 0.5",
                "类别反了：sigmoid(x @ w + b) > 0.5 处应为 1",
            ): torch.tensor([0, 0, 1, 1]),
            Msg("the bias b was not added", "没有加上偏置 b"): torch.tensor([1, 1, 0, 0]) * 0
            + (x @ w > 0).long(),
        },
    )
