"""Weights after training, compared as a trajectory rather than element by element.

Two correct training runs in float32 agree only approximately: another thread count or BLAS sums
in another order, and Adam divides each gradient by its own running size, so the rounding of a
gradient that is nearly zero can become a whole step of ``lr`` for that one weight. What a
correct answer must get right is where training took the weights as a whole, so the check
measures the distance to the judge's run against how far that run moved them:

    relative distance = ||got - expected|| / ||expected - initial||   (over every tensor)

Correct runs land within ~1e-5 of each other; the mistakes it must tell apart (another optimizer,
another learning rate, an epoch too few, weights that never moved) are 0.3 or more away. Where the
check can train in float64 instead (the kit's ``ProbeMLP`` with float64 weights), do that and
compare element by element: rounding then stays at ~1e-15.
"""

from __future__ import annotations

import math

import torch

from grader.checks.compare import assert_tensor, fail, looks_like, shape_str
from grader.i18n import MonolingualMessage, Msg, before_chinese, label

# A correct run is within ~1e-5 of the judge's; the nearest mistake listed so far is 0.3 away.
TRAINED_LIKE_TOLERANCE = 0.05


def _distance(got: dict, expected: dict, initial: dict) -> tuple[float, str]:
    """(relative distance over all tensors, the name of the tensor farthest off relatively)."""
    off = moved = 0.0
    worst, worst_ratio = next(iter(expected)), -1.0
    for name, want in expected.items():
        want = want.detach().double().cpu()
        d = (got[name].detach().double().cpu() - want).norm().item() ** 2
        m = (want - initial[name].detach().double().cpu()).norm().item() ** 2
        off, moved = off + d, moved + m
        ratio = d / m if m else (math.inf if d else 0.0)
        if ratio > worst_ratio:
            worst, worst_ratio = name, ratio
    if moved == 0.0:
        return (0.0 if off == 0.0 else math.inf), worst
    return math.sqrt(off / moved), worst


TRAINED_WEIGHTS = Msg("the weights after training", "训练后的权重")


def assert_trained_like(
    got: dict,
    expected: dict,
    initial: dict,
    *,
    what: str | Msg = TRAINED_WEIGHTS,
    variants=dict,
    tolerance: float = TRAINED_LIKE_TOLERANCE,
):
    """`got` ({name: tensor}) must be where the judge's training took `initial`: each tensor of
    `expected`'s shape, and all together within `tolerance` of `expected`, relative to how far
    `expected` moved from `initial`. `variants()` gives {named mistake: the weights it would
    leave}; it is computed only for a wrong answer, and the nearest variant within `tolerance`
    is named in the message."""
    what = label(what)
    if not isinstance(got, dict):
        fail(f"{what} should be a dict of tensors.", f"{before_chinese(what)}应当是张量的 dict。")
    for name, want in expected.items():
        value = got.get(name)
        if isinstance(value, torch.Tensor):
            value = value.detach().to("meta")
        assert_tensor(
            value, want.detach().to("meta"), what=Msg(f"{what.en}: {name}", f"{what.zh}：{name}")
        )
    distance, worst = _distance(got, expected, initial)
    if distance <= tolerance:
        return
    near = sorted(
        (d, name)
        for name, weights in variants().items()
        for d, _ in [_distance(got, weights, initial)]
        if d <= tolerance
    )
    for _, name in near:
        if not isinstance(name, Msg):
            # en only: a fault in the kit, for its developers
            raise MonolingualMessage(
                f"the named mistake {name!r} must be a grader.i18n.Msg(en, zh)"
            )
    hint = f" {looks_like(near[0][1])}" if near else ""
    fail(
        f"{what} are not where correct training takes them: they are {distance:.1%} of the "
        f"training's own movement away from the grader's run (a correct run is within "
        f"{tolerance:.0%}); farthest off relative to its movement is {worst} "
        f"{shape_str(expected[worst].shape)}.{hint}",
        f"{what.zh}与正确训练得到的结果不一致：与评分程序的训练结果相差训练本身移动量的 {distance:.1%}"
        f"（正确的训练在 {tolerance:.0%} 以内）；相对偏差最大的是 {worst} "
        f"{shape_str(expected[worst].shape)}。{hint.strip()}",
        mistake=near[0][1] if near else None,
    )
