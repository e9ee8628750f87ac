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
from grader.checks.feedback import shown
from grader.functions import bowl, himmelblau
from grader.sandbox.client import NotImplementedByStudent, StudentError

exercise = pytest.mark.exercise
points = pytest.mark.points

HIMMELBLAU = "(Lesson 46 优化问题实战)"
MOMENTUM = "(Lesson 动量与学习率衰减)"

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
        f"the constants are swapped: (x² + y − 11)² + (x + y² − 7)² {HIMMELBLAU}": (x**2 + y - 7)
        ** 2
        + (x + y**2 - 11) ** 2,
        f"the second bracket is not squared {HIMMELBLAU}": (x**2 + y - 11) ** 2 + (x + y**2 - 7),
        f"the values of all points were summed; return one value per point {HIMMELBLAU}": himmelblau(
            xy
        ).sum(),
        f"the last dim was kept ([..., 1]); x = xy[..., 0] drops it {HIMMELBLAU}": himmelblau(
            xy
        ).unsqueeze(-1),
    }
    if xy.dim() > 1 and xy.shape[0] >= 2:
        mistakes[
            f"xy[0] and xy[1] are the first two points of the batch; the coordinates are xy[..., 0] and xy[..., 1] {HIMMELBLAU}"
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
        got, torch.zeros(4, dtype=torch.float64), atol=1e-9, what="the values at the minima"
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
            f"(no .item(), .tolist(), numpy or torch.tensor(...) of its values). {HIMMELBLAU}",
            f"输入 xy requires_grad，结果却不需要梯度：autograd 无法对它求导，minimize 也就无法对它调用 "
            f"backward。请直接对 xy 用 torch 运算（不要用 .item()、.tolist()、numpy 或 torch.tensor(...)）。{HIMMELBLAU}",
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


def _minimize_mistakes(f, x0, lr, steps):
    return {
        f"the starting point came back: optimise a copy x, step it, and return it {HIMMELBLAU}": x0,
        f"one Adam step short: run exactly `steps` steps {HIMMELBLAU}": _adam(f, x0, lr, steps - 1),
        f"one Adam step too many: run exactly `steps` steps {HIMMELBLAU}": _adam(
            f, x0, lr, steps + 1
        ),
        f"this is SGD's path, not Adam's: use torch.optim.Adam([x], lr=lr) {HIMMELBLAU}": _adam(
            f, x0, lr, steps, optimizer="sgd"
        ),
        f"optimizer.zero_grad() is missing: gradients accumulate across steps {HIMMELBLAU}": _adam(
            f, x0, lr, steps, zero_grad=False
        ),
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
    # lr 0.05: 400 steps reach each minimum to 1e-6 (the course's lr 1e-3 needs 20,000)
    got = student.optimization.minimize(himmelblau, x0, lr=5e-2, steps=400)
    assert_tensor(
        got,
        torch.tensor(MINIMA[start]),
        atol=1e-3,
        rtol=0,
        what=f"the point reached from {list(start)}",
        mistakes={
            f"the starting point came back: optimise a copy x, step it, and return it {HIMMELBLAU}": x0
        },
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
                f"The default learning rate is {lr!r}; the course's run uses lr=1e-3. {HIMMELBLAU}",
                f"默认学习率是 {lr!r}；课程中的运行使用 lr=1e-3。{HIMMELBLAU}",
            )
        if steps != 20000 or isinstance(steps, bool):
            fail(
                f"The default number of steps is {steps!r}; the course's run takes steps=20000. "
                f"{HIMMELBLAU}",
                f"默认步数是 {steps!r}；课程中的运行是 steps=20000。{HIMMELBLAU}",
            )
        return
    x0 = torch.tensor([-4.0, 0.0])
    got = fn(himmelblau, x0)
    assert_tensor(
        got,
        torch.tensor(MINIMA[(-4.0, 0.0)]),
        atol=1e-3,
        rtol=0,
        what="the point reached from [-4, 0] with the defaults (lr=1e-3, steps=20000)",
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
            f"Optimise a copy, x = x0.detach().clone().requires_grad_(). {HIMMELBLAU}",
            f"x0 传入时 requires_grad={requires_grad}，返回后变成了 {after.requires_grad}：函数改动了调用者的张量。"
            f"请优化一个副本：x = x0.detach().clone().requires_grad_()。{HIMMELBLAU}",
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
                f"{err.message} x0.clone() is then not a leaf, and an optimiser only takes "
                f"leaves: start from x0.detach().clone().requires_grad_(). {HIMMELBLAU}",
                f"x0 需要梯度时，函数抛出了 {err.exc_type}：{err.message} 此时 x0.clone() 不是叶子张量，"
                f"而优化器只接受叶子：请用 x0.detach().clone().requires_grad_()。{HIMMELBLAU}",
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
        f"weight decay was applied after momentum; PyTorch adds weight_decay * p to the gradient first, then updates the velocity {MOMENTUM}": (
            p - lr * (v_plain + wd * p),
            v_plain,
        ),
        f"wrong sign: the step goes against the velocity, p = p − lr · v {MOMENTUM}": (
            p + lr * v_right,
            v_right,
        ),
        f"weight decay was left out: d_p = g + weight_decay · p {MOMENTUM}": (
            p - lr * v_plain,
            v_plain,
        ),
        f"weight decay was subtracted: d_p = g + weight_decay · p {MOMENTUM}": (
            p - lr * (momentum * v + g - wd * p),
            momentum * v + g - wd * p,
        ),
        f"dampening: with dampening=0 the velocity is momentum · v + d_p, not momentum · v + (1 − momentum) · d_p {MOMENTUM}": (
            p - lr * (momentum * v + (1 - momentum) * d_p),
            momentum * v + (1 - momentum) * d_p,
        ),
        f"the learning rate went into the velocity (v = momentum · v + lr · d_p); PyTorch's momentum_buffer holds momentum · v + d_p and the step is lr · v {MOMENTUM}": (
            p - (momentum * v + lr * d_p),
            momentum * v + lr * d_p,
        ),
        f"Nesterov momentum; this exercise is plain momentum (nesterov=False) {MOMENTUM}": (
            p - lr * (d_p + momentum * v_right),
            v_right,
        ),
        f"the params were not changed in place: update each tensor with p.sub_(lr * v) (or p.add_(v, alpha=-lr)) under torch.no_grad() {MOMENTUM}": (
            p,
            v_right,
        ),
        f"the velocities were not changed in place: v = momentum * v + d_p only rebinds the name; use v.mul_(momentum).add_(d_p) {MOMENTUM}": (
            p - lr * v_right,
            v,
        ),
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
            assert_sequence(seq, len(reference), what=f"{name} after step {step}")
        for i, (p, g, v) in enumerate(zip(params, grads, velocities)):
            variants = _one_step_variants(p.detach(), g, v, lr, momentum, wd)
            assert_tensor(
                p_after[i],
                reference[i].detach(),
                what=f"params[{i}] after step {step}",
                mistakes={k: pv[0] for k, pv in variants.items()},
            )
            if momentum:
                assert_tensor(
                    v_after[i],
                    optimizer.state[reference[i]]["momentum_buffer"],
                    what=f"velocities[{i}] (the momentum buffer) after step {step}",
                    mistakes={k: pv[1] for k, pv in variants.items()},
                )
            assert_tensor(
                g_after[i],
                grads[i],
                what=f"grads[{i}] after step {step}",
                mistakes={
                    f"weight decay was added to the gradient in place (g.add_(...)); PyTorch computes d_p = g.add(p, alpha=weight_decay), a new tensor, and leaves the gradient alone {MOMENTUM}": grads[
                        i
                    ]
                    + wd * p.detach()
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
                f"Given tuples, the function failed ({err.exc_type}: {err.message}): it replaces "
                f"the items of the sequences. An optimiser changes the tensors themselves, which "
                f"the model holds: p.sub_(...), v.mul_(...).add_(...). {MOMENTUM}",
                f"传入 tuple 时函数出错（{err.exc_type}: {err.message}）：它替换了序列里的元素。优化器要改的是"
                f"张量本身（模型持有的正是它们）：p.sub_(...)、v.mul_(...).add_(...)。{MOMENTUM}",
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
        if "leaf Variable that requires grad" in err.message:
            fail(
                f"Given parameters that require grad (as a model's do), the function raised "
                f"{err.exc_type}: {err.message} Make the update inside `with torch.no_grad():`, "
                f"as optimizer.step() does. {MOMENTUM}",
                f"参数 requires_grad（模型参数都是如此）时函数抛出了 {err.exc_type}：{err.message} "
                f"请把更新写在 `with torch.no_grad():` 里，就像 optimizer.step() 那样。{MOMENTUM}",
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
        what = f"the learning rate at epoch {epoch} (step_size={step_size}, gamma={gamma})"
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
                        f"{what} is {shown(value)}, expected {shown(lrs[epoch])}. This looks like: {name}.",
                        f"{what} 是 {shown(value)}，应为 {shown(lrs[epoch])}。这看起来像：{name}。",
                    )
        assert_close_number(value, lrs[epoch], what=what, rel=1e-9)


def _step_lr_mistakes(base_lr, epoch, step_size, gamma):
    return {
        f"(epoch + 1) // step_size decays one epoch early: epochs count from 0, so the first decay is at epoch == step_size {MOMENTUM}": base_lr
        * gamma ** ((epoch + 1) // step_size),
        f"ceil(epoch / step_size) decays right after epoch 0; StepLR uses floor: epoch // step_size {MOMENTUM}": base_lr
        * gamma ** math.ceil(epoch / step_size),
        f"epoch / step_size without flooring decays a little every epoch; StepLR decays in steps: epoch // step_size {MOMENTUM}": base_lr
        * gamma ** (epoch / step_size),
        f"gamma ** epoch decays every epoch; StepLR decays once every step_size epochs {MOMENTUM}": base_lr
        * gamma**epoch,
        f"gamma was multiplied, not raised to the power: base_lr · gamma^(epoch // step_size) {MOMENTUM}": base_lr
        * gamma
        * (epoch // step_size),
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
