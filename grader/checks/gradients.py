"""Gradient checks: numerical gradients by central differences in float64, a student's backward
against them and against the judge's own autograd, and autograd where "by hand" forbids it.

Everything here runs in the judge. The student's forward and backward run in the sandbox: a
forward is a plain call, a backward is `RemoteFunction.backward_call`, which differentiates the
result in the sandbox and sends back only the gradients.
"""

from __future__ import annotations

import torch

from grader.checks.compare import fail, shape_str
from grader.checks.feedback import shown
from grader.checks.forbidden import AUTOGRAD_CALLS  # noqa: F401  (re-exported)
from grader.i18n import tr


def numerical_gradient(f, inputs, *, grad_output=None, eps: float = 1e-6) -> list[torch.Tensor]:
    """Central differences in float64 of `<grad_output, f(*inputs)>` with respect to each input
    (`grad_output` None: f's result is summed). `f` may be any callable, a remote one included:
    it is called 2 * (total number of input elements) times."""
    inputs = [x.detach().to(torch.float64).clone() for x in inputs]

    def scalar(values):
        out = f(*values)
        if not isinstance(out, torch.Tensor):
            fail(
                f"The function should return a tensor, got {type(out).__name__}.",
                f"函数应返回张量，得到的是 {type(out).__name__}。",
            )
        out = out.detach().to(torch.float64)
        return float((out * grad_output).sum()) if grad_output is not None else float(out.sum())

    grads = []
    for i, x in enumerate(inputs):
        g = torch.zeros_like(x)
        flat, gflat = x.view(-1), g.view(-1)
        for j in range(flat.numel()):
            saved = float(flat[j])
            flat[j] = saved + eps
            plus = scalar(inputs)
            flat[j] = saved - eps
            minus = scalar(inputs)
            flat[j] = saved
            gflat[j] = (plus - minus) / (2 * eps)
        grads.append(g)
        inputs[i] = x
    return grads


def assert_gradients_match(
    got, expected, names, *, rtol: float = 1e-5, atol: float = 1e-6, against: str = ""
):
    """Gradients (a list or a dict by name) must equal `expected`; a mismatch names the
    parameter and its worst entry."""
    if isinstance(expected, dict):
        if not isinstance(got, dict):
            fail(
                f"The gradients should be a dict with keys {sorted(expected)}, got {type(got).__name__}.",
                f"梯度应当是键为 {sorted(expected)} 的 dict，得到的是 {type(got).__name__}。",
            )
        missing = sorted(set(expected) - set(got))
        if missing:
            fail(
                f"The gradients lack {missing}; expected keys {sorted(expected)}.",
                f"梯度缺少 {missing}；应有 {sorted(expected)}。",
            )
        names = list(expected)
        got, expected = [got[k] for k in names], [expected[k] for k in names]
    for name, g, e in zip(names, got, expected):
        if e is None:
            continue
        if g is None or not isinstance(g, torch.Tensor):
            fail(
                f"There is no gradient for {name} (got {type(g).__name__}).",
                f"{name} 没有梯度（得到的是 {type(g).__name__}）。",
            )
        if tuple(g.shape) != tuple(e.shape):
            hint = (
                tr(" It looks transposed.", " 看起来被转置了。")
                if g.dim() == 2 and tuple(g.shape) == tuple(e.shape)[::-1]
                else ""
            )
            fail(
                f"The gradient for {name} has shape {shape_str(g.shape)}, expected {shape_str(e.shape)}.{hint}",
                f"{name} 的梯度形状为 {shape_str(g.shape)}，应为 {shape_str(e.shape)}。{hint}",
            )
        g64, e64 = g.detach().to(torch.float64), e.detach().to(torch.float64)
        err = (g64 - e64).abs()
        bad = ~(err <= atol + rtol * e64.abs()) & ~(g64.isnan() & e64.isnan())  # NaN is wrong
        err = torch.nan_to_num(err, nan=float("inf"))
        if bool(bad.any()):
            worst = tuple(
                int(i)
                for i in torch.unravel_index(torch.argmax(torch.where(bad, err, 0)), err.shape)
            )
            where = f"[{', '.join(map(str, worst))}]" if worst else ""
            source = tr(f" ({against})", f"（{against}）") if against else ""
            fail(
                f"The gradient for {name} is wrong at {int(bad.sum())} of {bad.numel()} entries; worst at "
                f"{name}{where}: expected {shown(e64[worst].item(), '.6g')}{source}, got "
                f"{shown(g64[worst].item(), '.6g')}.",
                f"{name} 的梯度在 {bad.numel()} 个元素中有 {int(bad.sum())} 个不对；最差处 {name}{where}："
                f"应为 {shown(e64[worst].item(), '.6g')}{source}，实际为 {shown(g64[worst].item(), '.6g')}。",
            )


def autograd_gradients(reference, inputs, *, grad_output=None, second_order=None):
    """The judge's own autograd of `reference` (a plain function of tensors) at `inputs`: the
    gradient of `<grad_output, reference(*inputs)>`, and with `second_order` vectors the
    gradient of `sum_i <grad_i, v_i>` (what `backward_call(second_order=...)` returns)."""
    xs = [x.detach().clone().requires_grad_(True) for x in inputs]
    out = reference(*xs)
    grad_output = torch.ones_like(out) if grad_output is None else grad_output
    grads = torch.autograd.grad(
        out, xs, grad_output, create_graph=second_order is not None, allow_unused=True
    )
    if second_order is None:
        return [g.detach() if g is not None else None for g in grads], None
    used = [(g, v) for g, v in zip(grads, second_order) if g is not None and g.requires_grad]
    seconds = (
        torch.autograd.grad([g for g, _ in used], xs, [v for _, v in used], allow_unused=True)
        if used
        else [None] * len(xs)
    )
    return [g.detach() for g in grads], [s.detach() if s is not None else None for s in seconds]


def assert_backward_consistent(fn, inputs, names, *, eps: float = 1e-6, seed: int = 0):
    """gradcheck, for a student's function in the sandbox: its backward must agree with central
    differences of its own forward, in float64, for a random output weighting."""
    inputs = [x.detach().to(torch.float64) for x in inputs]
    out = fn(*inputs)
    if not isinstance(out, torch.Tensor):
        fail(
            f"The function should return a tensor, got {type(out).__name__}.",
            f"函数应返回张量，得到的是 {type(out).__name__}。",
        )
    v = torch.randn(out.shape, generator=torch.Generator().manual_seed(seed), dtype=torch.float64)
    call = fn.backward_call(*[x.clone().requires_grad_(True) for x in inputs], grad_outputs=[v])
    numeric = numerical_gradient(fn, inputs, grad_output=v, eps=eps)
    assert_gradients_match(
        call.input_grads,
        numeric,
        names,
        rtol=1e-4,
        atol=1e-6,
        against=tr("by central differences of your forward", "按你的 forward 做中心差分"),
    )
    return call
