"""Public checks for topic `optimization` (优化问题实战 / 动量与学习率衰减). Oracles: literals
(Himmelblau's values and minima), torch.optim.SGD and torch.optim.lr_scheduler.StepLR."""

import pytest
import torch

from grader.checks import assert_close_number, assert_sequence, assert_tensor, randn
from grader.functions import himmelblau
from grader.i18n import Msg

exercise = pytest.mark.exercise
points = pytest.mark.points


@exercise("optimization.himmelblau")
@points(1)
def test_himmelblau(student):
    xy = torch.tensor([[3.0, 2.0], [0.0, 0.0], [1.0, 1.0], [-1.0, 2.0]])
    # (1+1-11)² + (1+1-7)² = 81 + 25;  (1+2-11)² + (-1+4-7)² = 64 + 16
    assert_tensor(student.optimization.himmelblau(xy), torch.tensor([0.0, 170.0, 106.0, 80.0]))


@exercise("optimization.minimize")
@points(1)
def test_minimize(student):
    got = student.optimization.minimize(himmelblau, torch.tensor([4.0, 0.0]), lr=5e-2, steps=200)
    assert_tensor(got, torch.tensor([3.584428, -1.848126]), atol=1e-3, rtol=0)


@exercise("optimization.sgd_momentum_step")
@points(1)
def test_sgd_momentum_step(student):
    params = [randn(3, 2, seed=1), randn(2, seed=2)]
    steps = [[randn(3, 2, seed=3), randn(2, seed=4)], [randn(3, 2, seed=5), randn(2, seed=6)]]
    reference = [torch.nn.Parameter(p.clone()) for p in params]
    optimizer = torch.optim.SGD(reference, lr=0.1, momentum=0.9, weight_decay=0.01)
    velocities = [torch.zeros_like(p) for p in params]
    for grads in steps:
        for p, g in zip(reference, grads):
            p.grad = g.clone()
        optimizer.step()
        call = student.optimization.sgd_momentum_step.call(
            params, grads, velocities, 0.1, 0.9, 0.01
        )
        params, _, velocities = call.inputs_after[0][:3]
        assert_sequence(params, 2, what=Msg("params after the call", "调用后的 params"))
        for i, (got, want) in enumerate(zip(params, reference)):
            assert_tensor(
                got, want.detach(), what=Msg(f"params[{i}] after the call", f"调用后的 params[{i}]")
            )


@exercise("optimization.step_lr")
@points(1)
def test_step_lr(student):
    optimizer = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.1)
    scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=3, gamma=0.5)
    for epoch in range(8):
        got = student.optimization.step_lr(0.1, epoch, 3, 0.5)
        want = optimizer.param_groups[0]["lr"]
        assert_close_number(
            got,
            want,
            what=Msg(f"the learning rate at epoch {epoch}", f"第 {epoch} 轮的学习率"),
            rel=1e-9,
        )
        optimizer.step()
        scheduler.step()
