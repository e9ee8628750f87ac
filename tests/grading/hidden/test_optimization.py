"""Hidden checks for topic `optimization` (优化问题实战 / 动量与学习率衰减): Himmelblau over batches,
grids and single points; `minimize` from the course's three starts to the three minima, with
its defaults, and step for step against torch.optim.Adam; `sgd_momentum_step` against
torch.optim.SGD over several steps with weight decay, in place (tuples, parameters that require
grad, gradients left alone); `step_lr` against StepLR at the step boundaries.

The functions handed to `minimize` are the grader's own (grader.functions), never the
submission's `himmelblau`, so that a wrong `himmelblau` costs points only there.
"""

import math

import pytest
import torch

from grader.checks import (
    args,
    assert_close_number,
    assert_inputs_unchanged,
    assert_keeps_meta,
    assert_same_on_cuda,
    assert_sequence,
    assert_tensor,
    cuda_cases,
    fail,
    non_contiguous,
    randn,
    source_defaults,
)
from grader.checks.compare import looks_like
from grader.checks.devices import LeftOut
from grader.checks.feedback import shown
from grader.checks.oracle import oracle
from grader.functions import bowl, himmelblau
from grader.i18n import Msg, before_chinese, quote
from grader.lessons import cite
from grader.sandbox.client import NotImplementedByStudent, StudentError

exercise = pytest.mark.exercise
points = pytest.mark.points

# The device checks an exercise leaves out, and why (tests/kit/test_completeness.py).
DEVICE_CHECKS_LEFT_OUT = {
    "minimize": LeftOut(
        meta="20,000 Adam steps to a point whose value is the answer: on meta they would take seconds to show nothing (the CUDA check covers its devices)",
    ),
    "sgd_momentum_step": LeftOut(
        meta="updates its arguments in place and returns None: on meta there is nothing to see that the CUDA check (which compares the tensors after the call) does not",
    ),
    "step_lr": LeftOut(
        meta="numbers in, a Python float out: no tensor, so no device",
        cuda="numbers in, a Python float out: no tensor, so no device",
    ),
}

HIMMELBLAU = cite("optimization")
MOMENTUM = cite("momentum")

MINIMA = {
    (-4.0, 0.0): (-3.779310, -3.283186),
    (1.0, 0.0): (3.0, 2.0),
    (4.0, 0.0): (3.584428, -1.848126),
}


def _case(value, n, id, *, function):
    return pytest.param(value, marks=[exercise(f"optimization.{function}"), points(n)], id=id)


# -- himmelblau -----------------------------------------------------------------------------------
def _himmelblau_mistakes(xy):
    x, y = xy[..., 0], xy[..., 1]
    mistakes = {
        Msg(
            f"the constants are swapped: (x² + y − 11)² + (x + y² − 7)² {HIMMELBLAU.en}",
            f"两个常数写反了：应为 (x² + y − 11)² + (x + y² − 7)²{HIMMELBLAU.zh}",
        ): (x**2 + y - 7) ** 2 + (x + y**2 - 11) ** 2,
        Msg(
            f"the second bracket is not squared {HIMMELBLAU.en}",
            f"第二个括号没有平方{HIMMELBLAU.zh}",
        ): (x**2 + y - 11) ** 2 + (x + y**2 - 7),
        Msg(
            f"the values of all points were summed; return one value per point {HIMMELBLAU.en}",
            f"把所有点的值加在了一起；应当每个点返回一个值{HIMMELBLAU.zh}",
        ): himmelblau(xy).sum(),
        Msg(
            f"the last dim was kept ([..., 1]); x = xy[..., 0] drops it {HIMMELBLAU.en}",
            f"保留了最后一维（[..., 1]）；x = xy[..., 0] 会去掉这一维{HIMMELBLAU.zh}",
        ): himmelblau(xy).unsqueeze(-1),
    }
    if xy.dim() > 1 and xy.shape[0] >= 2:
        mistakes[
            Msg(
                f"xy[0] and xy[1] are the first two points of the batch; the coordinates are xy[..., 0] and xy[..., 1] {HIMMELBLAU.en}",
                f"xy[0] 和 xy[1] 是这批点中的前两个点；坐标是 xy[..., 0] 和 xy[..., 1]{HIMMELBLAU.zh}",
            )
        ] = himmelblau(torch.stack([xy[0], xy[1]], dim=-1))
    return mistakes


@pytest.mark.parametrize(
    "shape",
    [
        _case((2,), 2, "one-point", function="himmelblau"),
        _case((7, 2), 2, "batch", function="himmelblau"),
        _case((3, 4, 2), 2, "grid", function="himmelblau"),
        _case((1, 2), 1, "batch-of-one", function="himmelblau"),
    ],
)
def test_himmelblau_shapes(student, shape):
    xy = randn(*shape, seed=201) * 3
    assert_tensor(
        student.optimization.himmelblau(xy), himmelblau(xy), mistakes=_himmelblau_mistakes(xy)
    )


@exercise("optimization.himmelblau")
@points(2)
def test_himmelblau_four_minima_float64(student):
    xy = torch.tensor(
        [[3.0, 2.0], [-2.805118, 3.131312], [-3.779310, -3.283186], [3.584428, -1.848126]],
        dtype=torch.float64,
    )
    got = student.optimization.himmelblau(xy)
    assert_tensor(got, himmelblau(xy), mistakes=_himmelblau_mistakes(xy))
    assert_tensor(
        got,
        torch.zeros(4, dtype=torch.float64),
        atol=1e-9,
        what=Msg("the values at the minima", "极小值点处的函数值"),
    )


@exercise("optimization.himmelblau")
@points(1)
def test_himmelblau_is_differentiable(student):
    xy = randn(3, 2, seed=202).requires_grad_(True)
    got = student.optimization.himmelblau(xy)
    assert_tensor(got, himmelblau(xy.detach()), mistakes=_himmelblau_mistakes(xy.detach()))
    if not got.requires_grad:
        fail(
            f"Given an xy that requires grad, the result does not: autograd cannot differentiate "
            f"it, so minimize could not call backward on it. Compute with torch operations on xy "
            f"(no .item(), .tolist(), numpy or torch.tensor(...) of its values). {HIMMELBLAU.en}",
            f"输入 xy requires_grad，结果却不需要梯度：autograd 无法对它求导，minimize 也就无法对它调用 "
            f"backward。请直接对 xy 用 torch 运算（不要用 .item()、.tolist()、numpy 或 torch.tensor(...)）。{HIMMELBLAU.zh}",
        )


@exercise("optimization.himmelblau")
@points(1)
def test_himmelblau_non_contiguous_input_left_unchanged(student):
    xy = randn(2, 6, seed=203).T  # [6, 2], not contiguous
    call = student.optimization.himmelblau.call(xy)
    assert_tensor(call.value, himmelblau(xy), mistakes=_himmelblau_mistakes(xy))
    assert_inputs_unchanged(call, xy, names=["xy"])


@exercise("optimization.himmelblau")
@points(1)
def test_himmelblau_meta_device_kept(student):
    xy = randn(4, 3, 2, seed=204)
    fn = student.optimization.himmelblau
    assert_tensor(fn(xy), himmelblau(xy), mistakes=_himmelblau_mistakes(xy))
    assert_keeps_meta(fn, xy)


# -- minimize -------------------------------------------------------------------------------------
@oracle
def _adam(f, x0, lr, steps, *, optimizer="adam", zero_grad=True):
    """What the course's loop gives (or, for naming mistakes, a variant of it)."""
    x = x0.detach().clone().requires_grad_(True)
    opt = (torch.optim.Adam if optimizer == "adam" else torch.optim.SGD)([x], lr=lr)
    for _ in range(steps):
        loss = f(x)
        if zero_grad:
            opt.zero_grad()
        loss.backward()
        opt.step()
    return x.detach()


STARTING_POINT = Msg(
    f"the starting point came back: optimise a copy x, step it, and return it {HIMMELBLAU.en}",
    f"返回的是起点：应当优化一个拷贝 x，逐步更新它，并返回它{HIMMELBLAU.zh}",
)


def _minimize_mistakes(f, x0, lr, steps):
    return {
        STARTING_POINT: x0,
        Msg(
            f"one Adam step short: run exactly `steps` steps {HIMMELBLAU.en}",
            f"少了一步 Adam 更新：要正好运行 `steps` 步{HIMMELBLAU.zh}",
        ): _adam(f, x0, lr, steps - 1),
        Msg(
            f"one Adam step too many: run exactly `steps` steps {HIMMELBLAU.en}",
            f"多了一步 Adam 更新：要正好运行 `steps` 步{HIMMELBLAU.zh}",
        ): _adam(f, x0, lr, steps + 1),
        Msg(
            f"this is SGD's path, not Adam's: use torch.optim.Adam([x], lr=lr) {HIMMELBLAU.en}",
            f"这是 SGD 走出的路径，不是 Adam 的：请用 torch.optim.Adam([x], lr=lr){HIMMELBLAU.zh}",
        ): _adam(f, x0, lr, steps, optimizer="sgd"),
        Msg(
            f"optimizer.zero_grad() is missing: gradients accumulate across steps {HIMMELBLAU.en}",
            f"漏了 optimizer.zero_grad()：梯度会在各步之间累加{HIMMELBLAU.zh}",
        ): _adam(f, x0, lr, steps, zero_grad=False),
    }


@pytest.mark.parametrize(
    "start",
    [
        _case((-4.0, 0.0), 2, "from-(-4,0)", function="minimize"),
        _case((1.0, 0.0), 2, "from-(1,0)", function="minimize"),
        _case((4.0, 0.0), 2, "from-(4,0)", function="minimize"),
    ],
)
def test_minimize_course_starts_reach_the_minima(student, start):
    x0 = torch.tensor(start)
    # lr 0.05: 200 steps reach each minimum to 2e-4 (the course's lr 1e-3 needs 20,000), 5x inside
    # the tolerance; 400 reach 1e-6 but cost the sandbox twice as much (0.2 s a start)
    got = student.optimization.minimize(himmelblau, x0, lr=5e-2, steps=200)
    assert_tensor(
        got,
        torch.tensor(MINIMA[start]),
        atol=1e-3,
        rtol=0,
        what=Msg(f"the point reached from {list(start)}", f"从 {list(start)} 出发到达的点"),
        mistakes={STARTING_POINT: x0},
    )


@exercise("optimization.minimize")
@points(3)
@pytest.mark.call_timeout(60)
def test_minimize_course_run_with_defaults(student):
    # The course's run: Adam, lr=1e-3, 20000 steps. The checks above run Adam step for step,
    # so what is left to learn is the defaults: read from the source in the judge, they cost
    # nothing; only defaults the source does not show (e.g. taken from **kwargs) are learnt by
    # running the course's 20,000 steps from [-4, 0] (about 4 s of the submission's time).
    fn = student.optimization.minimize
    fn(bowl, torch.tensor([1.0, -1.0]), lr=0.1, steps=2)  # it runs (a stub has the defaults too)
    defaults = source_defaults(fn) or {}
    if {"lr", "steps"} <= defaults.keys():
        lr, steps = defaults["lr"], defaults["steps"]
        if not (isinstance(lr, (int, float)) and math.isclose(lr, 1e-3, rel_tol=1e-9)):
            fail(
                f"The default learning rate is {lr!r}; the course's run uses lr=1e-3. {HIMMELBLAU.en}",
                f"默认学习率是 {lr!r}；课程中的运行用的是 lr=1e-3。{HIMMELBLAU.zh}",
            )
        if steps != 20000 or isinstance(steps, bool):
            fail(
                f"The default number of steps is {steps!r}; the course's run takes steps=20000. "
                f"{HIMMELBLAU.en}",
                f"默认步数是 {steps!r}；课程中的运行用的是 steps=20000。{HIMMELBLAU.zh}",
            )
        return
    x0 = torch.tensor([-4.0, 0.0])
    got = fn(himmelblau, x0)
    assert_tensor(
        got,
        torch.tensor(MINIMA[(-4.0, 0.0)]),
        atol=1e-3,
        rtol=0,
        what=Msg(
            "the point reached from [-4, 0] with the defaults (lr=1e-3, steps=20000)",
            "用默认参数（lr=1e-3, steps=20000）从 [-4, 0] 出发到达的点",
        ),
    )


@pytest.mark.parametrize(
    "steps",
    [
        _case(1, 1, "one-step", function="minimize"),
        _case(25, 3, "25-steps", function="minimize"),
    ],
)
def test_minimize_matches_adam_step_for_step(student, steps):
    x0 = torch.tensor([3.0, 1.0])
    assert_tensor(
        student.optimization.minimize(bowl, x0, lr=0.1, steps=steps),
        _adam(bowl, x0, 0.1, steps),
        atol=1e-5,
        mistakes=_minimize_mistakes(bowl, x0, 0.1, steps),
    )


@exercise("optimization.minimize")
@points(2)
def test_minimize_float64(student):
    x0 = torch.tensor([-1.5, 0.5], dtype=torch.float64)
    assert_tensor(
        student.optimization.minimize(himmelblau, x0, lr=0.05, steps=30),
        _adam(himmelblau, x0, 0.05, 30),
        mistakes=_minimize_mistakes(himmelblau, x0, 0.05, 30),
    )


def _check_x0_flag(call, requires_grad):
    after = call.inputs_after[0][1]
    if bool(after.requires_grad) != requires_grad:
        fail(
            f"x0 came in with requires_grad={requires_grad} and left with "
            f"requires_grad={after.requires_grad}: the function changed the caller's tensor. "
            f"Optimise a copy, x = x0.detach().clone().requires_grad_(). {HIMMELBLAU.en}",
            f"x0 传入时 requires_grad={requires_grad}，返回后变成了 requires_grad={after.requires_grad}：函数改动了调用者的张量。"
            f"请优化一个拷贝：x = x0.detach().clone().requires_grad_()。{HIMMELBLAU.zh}",
        )


@exercise("optimization.minimize")
@points(2)
def test_minimize_leaves_x0_alone(student):
    x0 = torch.tensor([2.0, -3.0])
    call = student.optimization.minimize.call(bowl, x0, lr=0.1, steps=10)
    assert_tensor(call.value, _adam(bowl, x0, 0.1, 10), atol=1e-5)
    assert_inputs_unchanged(call, bowl, x0, names=["f", "x0"])
    _check_x0_flag(call, False)


@exercise("optimization.minimize")
@points(2)
def test_minimize_x0_that_requires_grad(student):
    x0 = torch.tensor([0.5, 0.5]).requires_grad_(True)
    try:
        call = student.optimization.minimize.call(bowl, x0, lr=0.1, steps=10)
    except NotImplementedByStudent:
        raise
    except StudentError as err:
        if "non-leaf" in err.message:
            fail(
                f"Given an x0 that requires grad, the function raised {err.exc_type}: "
                f"{quote(err.message)} x0.clone() is then not a leaf, and an optimiser only takes "
                f"leaves: start from x0.detach().clone().requires_grad_(). {HIMMELBLAU.en}",
                f"x0 需要梯度时，函数抛出了 {err.exc_type}：{quote(err.message)}此时 x0.clone() 不是叶子张量，"
                f"而优化器只接受叶子张量：请从 x0.detach().clone().requires_grad_() 开始。{HIMMELBLAU.zh}",
            )
        raise
    assert_tensor(call.value, _adam(bowl, x0, 0.1, 10), atol=1e-5)
    assert_inputs_unchanged(call, bowl, x0.detach(), names=["f", "x0"])
    _check_x0_flag(call, True)


# -- sgd_momentum_step ----------------------------------------------------------------------------
def _one_step_variants(p, g, v, lr, momentum, wd):
    """{description: (p_after, v_after)} for realistic wrong updates from the same inputs."""
    d_p = g + wd * p
    v_right = momentum * v + d_p
    v_plain = momentum * v + g
    return {
        Msg(
            f"weight decay was applied after momentum; PyTorch adds weight_decay * p to the gradient first, then updates the velocity {MOMENTUM.en}",
            f"权重衰减放在了动量之后；PyTorch 先把 weight_decay * p 加到梯度上，再更新速度{MOMENTUM.zh}",
        ): (p - lr * (v_plain + wd * p), v_plain),
        Msg(
            f"wrong sign: the step goes against the velocity, p = p − lr · v {MOMENTUM.en}",
            f"符号反了：更新应与速度方向相反，p = p − lr · v{MOMENTUM.zh}",
        ): (p + lr * v_right, v_right),
        Msg(
            f"weight decay was left out: d_p = g + weight_decay · p {MOMENTUM.en}",
            f"漏了权重衰减：d_p = g + weight_decay · p{MOMENTUM.zh}",
        ): (p - lr * v_plain, v_plain),
        Msg(
            f"weight decay was subtracted: d_p = g + weight_decay · p {MOMENTUM.en}",
            f"权重衰减被减去了，应当加上：d_p = g + weight_decay · p{MOMENTUM.zh}",
        ): (p - lr * (momentum * v + g - wd * p), momentum * v + g - wd * p),
        Msg(
            f"dampening: with dampening=0 the velocity is momentum · v + d_p, not momentum · v + (1 − momentum) · d_p {MOMENTUM.en}",
            f"用了 dampening：dampening=0 时速度是 momentum · v + d_p，而不是 momentum · v + (1 − momentum) · d_p{MOMENTUM.zh}",
        ): (
            p - lr * (momentum * v + (1 - momentum) * d_p),
            momentum * v + (1 - momentum) * d_p,
        ),
        Msg(
            f"the learning rate went into the velocity (v = momentum · v + lr · d_p); PyTorch's momentum_buffer holds momentum · v + d_p and the step is lr · v {MOMENTUM.en}",
            f"学习率被乘进了速度（v = momentum · v + lr · d_p）；PyTorch 的 momentum_buffer 存的是 momentum · v + d_p，每步的更新量是 lr · v{MOMENTUM.zh}",
        ): (p - (momentum * v + lr * d_p), momentum * v + lr * d_p),
        Msg(
            f"Nesterov momentum; this exercise is plain momentum (nesterov=False) {MOMENTUM.en}",
            f"用了 Nesterov 动量；本题是普通动量（nesterov=False）{MOMENTUM.zh}",
        ): (p - lr * (d_p + momentum * v_right), v_right),
        Msg(
            f"the params were not changed in place: update each tensor with p.sub_(lr * v) (or p.add_(v, alpha=-lr)) under torch.no_grad() {MOMENTUM.en}",
            f"params 没有被原地修改：请在 torch.no_grad() 下用 p.sub_(lr * v)（或 p.add_(v, alpha=-lr)）更新每个张量{MOMENTUM.zh}",
        ): (p, v_right),
        Msg(
            f"the velocities were not changed in place: v = momentum * v + d_p only rebinds the name; use v.mul_(momentum).add_(d_p) {MOMENTUM.en}",
            f"velocities 没有被原地修改：v = momentum * v + d_p 只是让变量名 v 指向了新张量；请用 v.mul_(momentum).add_(d_p){MOMENTUM.zh}",
        ): (p - lr * v_right, v),
    }


def _run_sgd(student, params, grads_per_step, lr, momentum, wd, *, pass_wd=True, container=list):
    """Run the submission's step and torch.optim.SGD side by side, comparing after each step."""
    reference = [torch.nn.Parameter(p.detach().clone()) for p in params]
    kwargs = {"weight_decay": wd} if pass_wd else {}
    optimizer = torch.optim.SGD(reference, lr=lr, momentum=momentum, foreach=False, **kwargs)
    params = container(params)
    velocities = container(torch.zeros_like(p) for p in params)
    for step, grads in enumerate(grads_per_step, 1):
        for p, g in zip(reference, grads):
            p.grad = g.clone()
        optimizer.step()
        args = (params, container(grads), velocities, lr, momentum) + ((wd,) if pass_wd else ())
        call = student.optimization.sgd_momentum_step.call(*args)
        p_after, g_after, v_after = call.inputs_after[0][:3]
        for name, seq in (("params", p_after), ("grads", g_after), ("velocities", v_after)):
            assert_sequence(
                seq,
                len(reference),
                what=Msg(f"{name} after step {step}", f"第 {step} 步后的 {name}"),
            )
        for i, (p, g, v) in enumerate(zip(params, grads, velocities)):
            variants = _one_step_variants(p.detach(), g, v, lr, momentum, wd)
            assert_tensor(
                p_after[i],
                reference[i].detach(),
                what=Msg(f"params[{i}] after step {step}", f"第 {step} 步后的 params[{i}]"),
                mistakes={k: pv[0] for k, pv in variants.items()},
            )
            if momentum:
                assert_tensor(
                    v_after[i],
                    optimizer.state[reference[i]]["momentum_buffer"],
                    what=Msg(
                        f"velocities[{i}] (the momentum buffer) after step {step}",
                        f"第 {step} 步后的 velocities[{i}]（动量缓冲区）",
                    ),
                    mistakes={k: pv[1] for k, pv in variants.items()},
                )
            assert_tensor(
                g_after[i],
                grads[i],
                what=Msg(f"grads[{i}] after step {step}", f"第 {step} 步后的 grads[{i}]"),
                mistakes={
                    Msg(
                        f"weight decay was added to the gradient in place (g.add_(...)); PyTorch computes d_p = g.add(p, alpha=weight_decay), a new tensor, and leaves the gradient alone {MOMENTUM.en}",
                        f"权重衰减被原地加到了梯度上（g.add_(...)）；PyTorch 算出的 d_p = g.add(p, alpha=weight_decay) 是一个新张量，梯度本身保持不变{MOMENTUM.zh}",
                    ): grads[i] + wd * p.detach()
                },
            )
        params, velocities = p_after, v_after
    return params


def _grads(shapes, steps, seed, dtype=torch.float32):
    return [
        [randn(*s, seed=seed + 10 * k + i, dtype=dtype) for i, s in enumerate(shapes)]
        for k in range(steps)
    ]


SHAPES = [(4, 3), (3,), (2, 1, 2)]


@exercise("optimization.sgd_momentum_step")
@points(3)
def test_sgd_momentum_step_matches_torch_sgd_over_five_steps(student):
    params = [randn(*s, seed=300 + i) for i, s in enumerate(SHAPES)]
    _run_sgd(student, params, _grads(SHAPES, 5, 310), lr=0.05, momentum=0.9, wd=0.1)


@exercise("optimization.sgd_momentum_step")
@points(2)
def test_sgd_momentum_step_default_weight_decay(student):
    params = [randn(*s, seed=320 + i) for i, s in enumerate(SHAPES[:2])]
    _run_sgd(
        student, params, _grads(SHAPES[:2], 3, 330), lr=0.1, momentum=0.5, wd=0.0, pass_wd=False
    )


@exercise("optimization.sgd_momentum_step")
@points(1)
def test_sgd_momentum_step_without_momentum(student):
    params = [randn(*s, seed=340 + i) for i, s in enumerate(SHAPES[:2])]
    _run_sgd(student, params, _grads(SHAPES[:2], 3, 350), lr=0.2, momentum=0.0, wd=0.05)


@exercise("optimization.sgd_momentum_step")
@points(2)
def test_sgd_momentum_step_float64_non_contiguous(student):
    shapes = [(3, 5), (5,)]
    params = [
        non_contiguous(randn(3, 5, seed=360, dtype=torch.float64)),
        randn(5, seed=361, dtype=torch.float64),
    ]
    _run_sgd(student, params, _grads(shapes, 4, 370, torch.float64), lr=0.1, momentum=0.8, wd=0.01)


@exercise("optimization.sgd_momentum_step")
@points(2)
def test_sgd_momentum_step_tuples_in_place(student):
    params = [randn(*s, seed=380 + i) for i, s in enumerate(SHAPES[:2])]
    try:
        _run_sgd(
            student,
            params,
            _grads(SHAPES[:2], 2, 390),
            lr=0.05,
            momentum=0.9,
            wd=0.01,
            container=tuple,
        )
    except NotImplementedByStudent:
        raise
    except StudentError as err:
        if err.exc_type == "TypeError" and "item assignment" in err.message:
            fail(
                f"Given tuples, the function failed ({err.exc_type}: {quote(err.message)}): it replaces "
                f"the items of the sequences. An optimiser changes the tensors themselves, which "
                f"the model holds: p.sub_(...), v.mul_(...).add_(...). {MOMENTUM.en}",
                f"传入 tuple 时函数出错（{err.exc_type}: {quote(err.message)}）：它替换了序列里的元素。优化器要改的是"
                f"张量本身（模型持有的正是它们）：p.sub_(...)、v.mul_(...).add_(...)。{MOMENTUM.zh}",
            )
        raise


@exercise("optimization.sgd_momentum_step")
@points(2)
def test_sgd_momentum_step_parameters_that_require_grad(student):
    params = [randn(*s, seed=400 + i).requires_grad_(True) for i, s in enumerate(SHAPES[:2])]
    try:
        _run_sgd(student, params, _grads(SHAPES[:2], 2, 410), lr=0.05, momentum=0.9, wd=0.01)
    except NotImplementedByStudent:
        raise
    except StudentError as err:
        if "leaf Variable that requires grad" in err.message:  # en only: torch's error text
            fail(
                f"Given parameters that require grad (as a model's do), the function raised "
                f"{err.exc_type}: {quote(err.message)} Make the update inside `with torch.no_grad():`, "
                f"as optimizer.step() does. {MOMENTUM.en}",
                f"参数 requires_grad（模型参数都是如此）时函数抛出了 {err.exc_type}：{quote(err.message)}"
                f"请把更新写在 `with torch.no_grad():` 里，就像 optimizer.step() 那样。{MOMENTUM.zh}",
            )
        raise


# -- step_lr --------------------------------------------------------------------------------------
def _torch_step_lrs(base_lr, step_size, gamma, last_epoch):
    """StepLR's learning rate at epochs 0..last_epoch."""
    optimizer = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=base_lr)
    scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=step_size, gamma=gamma)
    lrs = []
    for _ in range(last_epoch + 1):
        lrs.append(optimizer.param_groups[0]["lr"])
        optimizer.step()
        scheduler.step()
    return lrs


def _check_lrs(student, base_lr, step_size, gamma, epochs):
    """The submission's learning rate at each of `epochs` against StepLR's; a wrong answer that
    a known mistake gives at every one of these epochs is named."""
    lrs = _torch_step_lrs(base_lr, step_size, gamma, max(epochs))
    got = {e: student.optimization.step_lr(base_lr, e, step_size, gamma) for e in epochs}
    for epoch in epochs:
        what = Msg(
            f"the learning rate at epoch {epoch} (step_size={step_size}, gamma={gamma})",
            f"第 {epoch} 轮（step_size={step_size}, gamma={gamma}）的学习率",
        )
        value = got[epoch]
        if (
            isinstance(value, (int, float))
            and not isinstance(value, bool)
            and not math.isclose(value, lrs[epoch], rel_tol=1e-9)
        ):
            for name in _step_lr_mistakes(base_lr, 0, step_size, gamma):
                if all(
                    isinstance(got[e], (int, float))
                    and math.isclose(
                        got[e], _step_lr_mistakes(base_lr, e, step_size, gamma)[name], rel_tol=1e-9
                    )
                    for e in epochs
                ):
                    fail(
                        f"{what} is {shown(value)}, expected {shown(lrs[epoch])}. {looks_like(name)}",
                        f"{before_chinese(what)}是 {shown(value)}，应为 {shown(lrs[epoch])}。{looks_like(name)}",
                        mistake=name,
                    )
        assert_close_number(value, lrs[epoch], what=what, rel=1e-9)


def _step_lr_mistakes(base_lr, epoch, step_size, gamma):
    return {
        Msg(
            f"(epoch + 1) // step_size decays one epoch early: epochs count from 0, so the first decay is at epoch == step_size {MOMENTUM.en}",
            f"(epoch + 1) // step_size 会早一轮衰减：轮次从 0 数起，第一次衰减在 epoch == step_size 时{MOMENTUM.zh}",
        ): base_lr * gamma ** ((epoch + 1) // step_size),
        Msg(
            f"ceil(epoch / step_size) decays right after epoch 0; StepLR uses floor: epoch // step_size {MOMENTUM.en}",
            f"ceil(epoch / step_size) 在第 0 轮之后就开始衰减；StepLR 用的是向下取整：epoch // step_size{MOMENTUM.zh}",
        ): base_lr * gamma ** math.ceil(epoch / step_size),
        Msg(
            f"epoch / step_size without flooring decays a little every epoch; StepLR decays in steps: epoch // step_size {MOMENTUM.en}",
            f"epoch / step_size 没有向下取整，每轮都衰减一点；StepLR 是阶梯式衰减：epoch // step_size{MOMENTUM.zh}",
        ): base_lr * gamma ** (epoch / step_size),
        Msg(
            f"gamma ** epoch decays every epoch; StepLR decays once every step_size epochs {MOMENTUM.en}",
            f"gamma ** epoch 每轮都衰减；StepLR 每 step_size 轮才衰减一次{MOMENTUM.zh}",
        ): base_lr * gamma**epoch,
        Msg(
            f"gamma was multiplied, not raised to the power: base_lr · gamma^(epoch // step_size) {MOMENTUM.en}",
            f"gamma 是乘上去的，而不是取幂：应为 base_lr · gamma^(epoch // step_size){MOMENTUM.zh}",
        ): base_lr * gamma * (epoch // step_size),
    }


@pytest.mark.parametrize(
    "config",
    [
        _case((0.1, 3, 0.5), 3, "step3-gamma0.5", function="step_lr"),
        _case((1e-3, 30, 0.1), 2, "step30-gamma0.1", function="step_lr"),
        _case((0.05, 1, 0.9), 2, "step1-every-epoch", function="step_lr"),
    ],
)
def test_step_lr_at_the_step_boundaries(student, config):
    base_lr, step_size, gamma = config
    # epochs 0 and 1, and k·step_size − 1 (the last epoch before a decay) and k·step_size
    epochs = sorted({0, 1, *(k * step_size + d for k in (1, 2, 3) for d in (-1, 0))})
    _check_lrs(student, base_lr, step_size, gamma, epochs)


@exercise("optimization.step_lr")
@points(1)
def test_step_lr_many_epochs(student):
    _check_lrs(student, 0.2, 4, 0.7, [45])


# -- device agreement (run only where CUDA is present; skipped, and out of the maximum, elsewhere)
# step_lr takes and returns Python numbers only: nothing to compare across devices.
@pytest.mark.parametrize(
    "name, make_args",
    cuda_cases(
        "optimization",
        {
            "himmelblau": lambda: args(randn(4, 3, 2, seed=421) * 3),
            "minimize": lambda: args(bowl, torch.tensor([3.0, 1.0]), lr=0.1, steps=10),
            # in place: params and velocities after the call are compared
            "sgd_momentum_step": lambda: args(
                [randn(*s, seed=430 + i) for i, s in enumerate(SHAPES)],
                [randn(*s, seed=440 + i) for i, s in enumerate(SHAPES)],
                [randn(*s, seed=450 + i) for i, s in enumerate(SHAPES)],
                0.05,
                0.9,
                weight_decay=0.1,
            ),
        },
    ),
)
def test_same_on_cuda(student, name, make_args):
    """Device agreement: the same answer on CPU and on CUDA, returned on CUDA."""
    assert_same_on_cuda(getattr(student.optimization, name), make_args())
