"""Device agreement: the same exercise on CPU and on CUDA gives the same answer, on CUDA.

Each hidden suite lists its applicable functions with `cuda_cases`; without a CUDA device those
tests are skipped ("no CUDA device") and so left out of the maximum. Keeping the device on
machines without CUDA is checked on the meta device instead (`assert_keeps_meta`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pytest
import torch

from grader.checks.compare import (
    THE_RESULT,
    assert_close_number,
    assert_equal,
    assert_tensor,
    fail,
)
from grader.i18n import Msg, before_chinese, label
from grader.sandbox.client import RemoteFunction

# Sums in another order: CUDA kernels reduce in parallel. TF32 is off in the sandbox.
AGREEMENT_TOLERANCES = {
    torch.float16: (1e-2, 1e-3),
    torch.bfloat16: (5e-2, 1e-2),
    torch.float32: (1e-4, 1e-5),
    torch.float64: (1e-7, 1e-9),
}

NO_CUDA = "no CUDA device"
requires_cuda = pytest.mark.skipif(not torch.cuda.is_available(), reason=NO_CUDA)


def needs_cuda(item) -> bool:
    """Whether a collected test carries `requires_cuda`."""
    return any(m.kwargs.get("reason") == NO_CUDA for m in item.iter_markers("skipif"))


@dataclass
class Args:
    """The arguments of one call; `values=False` compares only devices, shapes and dtypes (for
    functions that draw random numbers, which differ between a CPU and a CUDA generator)."""

    args: tuple
    kwargs: dict = field(default_factory=dict)
    values: bool = True


def args(*positional, **keywords) -> Args:
    return Args(positional, keywords)


def random_args(*positional, **keywords) -> Args:
    return Args(positional, keywords, values=False)


@dataclass(frozen=True)
class LeftOut:
    """Why an exercise has no meta-device check or no CUDA check (None: it has that one). A
    hidden suite lists these in `DEVICE_CHECKS_LEFT_OUT = {function: LeftOut(...)}`, which
    tests/kit/test_completeness.py reads. For the kit's developers: English only."""

    meta: str | None = None
    cuda: str | None = None


def meta_cases(topic: str, cases: dict) -> list:
    """`{function: make_args}` → parameters for a test `(name, make_args)`, each marked with its
    exercise and 1 point: the meta-device check of the table `cuda_cases` takes too."""
    return [
        pytest.param(
            name,
            make,
            id=name,
            marks=[pytest.mark.exercise(f"{topic}.{name}"), pytest.mark.points(1)],
        )
        for name, make in cases.items()
    ]


def cuda_cases(topic: str, cases: dict) -> list:
    """`{function: make_args}` → parameters for a test `(name, make_args)`, each marked with its
    exercise, 1 point and the CUDA requirement."""
    return [
        pytest.param(
            name,
            make,
            id=name,
            marks=[
                pytest.mark.exercise(f"{topic}.{name}"),
                pytest.mark.points(1),
                requires_cuda,
            ],
        )
        for name, make in cases.items()
    ]


def to_device(value, device):
    """Tensors, generators and devices in nested lists, tuples and dicts, moved to `device`."""
    if isinstance(value, torch.Tensor):
        moved = value.detach().to(device)
        return moved.requires_grad_(value.requires_grad) if value.is_leaf else moved
    if isinstance(value, torch.Generator):
        if torch.device(device).type == "meta":
            return value  # there is no meta generator; a function on meta never draws with it
        return torch.Generator(device=device).manual_seed(value.initial_seed())
    if isinstance(value, torch.device):
        return torch.device(device)
    if isinstance(value, (list, tuple)):
        return type(value)(to_device(v, device) for v in value)
    if isinstance(value, dict):
        return {k: to_device(v, device) for k, v in value.items()}
    return value


def assert_same_on_cuda(fn: RemoteFunction, call: Args):
    """Run `fn` on CPU inputs and on the same inputs on CUDA. Every tensor it returns for CUDA
    inputs must be on CUDA, and results and inputs afterwards (in-place updates) must agree with
    the CPU run within the tolerances of their dtype."""
    on_cpu = fn.call(*call.args, **call.kwargs)
    cuda_args, cuda_kwargs = to_device(call.args, "cuda"), to_device(call.kwargs, "cuda")
    on_cuda = fn.call(*cuda_args, **cuda_kwargs)
    _agree(on_cuda.value, on_cpu.value, THE_RESULT, call.values)
    for i, (after_cuda, after_cpu) in enumerate(zip(on_cuda.inputs_after, on_cpu.inputs_after)):
        after = Msg(f"argument {i} after the call", f"调用后的第 {i} 个参数")
        _agree(after_cuda, after_cpu, after, call.values)


def assert_agree_across_devices(on_cuda, on_cpu, what: str | Msg = THE_RESULT, values=True):
    """The CUDA run's value (on CUDA) against the CPU run's, for tests that drive objects."""
    _agree(on_cuda, on_cpu, label(what), values)


ON_CUDA = Msg("on CUDA", "CUDA 上的")


def _on_cuda(what: Msg, where: Msg = ON_CUDA) -> Msg:
    return Msg(f"{what.en} {where.en}", f"{where.zh}{what.zh}")


def _agree(got, expected, what, values):
    if isinstance(expected, torch.Tensor):
        if not isinstance(got, torch.Tensor) or got.device.type != "cuda":
            where = got.device.type if isinstance(got, torch.Tensor) else type(got).__name__
            fail(
                f"Given CUDA tensors, {what} came back on {where}: a tensor created without "
                f"device= lands on the CPU. Write torch.zeros(..., device=x.device) or use "
                f"torch.zeros_like(x), and keep every step on the input's device.",
                f"输入为 CUDA 张量时，{before_chinese(what)}却在 {where} 上：新建张量未指定 device= 会落在 CPU 上。"
                f"请写 torch.zeros(..., device=x.device) 或用 torch.zeros_like(x)，每一步都留在输入的设备上。",
            )
        if not values:
            assert_tensor(got.to("meta"), expected.to("meta"), what=_on_cuda(what))
            return
        rtol, atol = AGREEMENT_TOLERANCES.get(expected.dtype, (None, None))
        if atol is not None:
            atol *= max(
                1.0, float(expected.detach().abs().nan_to_num(0).max()) if expected.numel() else 1.0
            )
        assert_tensor(
            got.cpu(),
            expected,
            what=_on_cuda(
                what, Msg("on CUDA (against the CPU run)", "CUDA 上（与 CPU 上的结果相比）的")
            ),
            rtol=rtol,
            atol=atol,
        )
    elif isinstance(expected, (list, tuple)) and isinstance(got, (list, tuple)):
        assert_equal(
            len(got),
            len(expected),
            what=Msg(f"the length of {what.en} on CUDA", f"CUDA 上{what.zh}的长度"),
        )
        for i, (g, e) in enumerate(zip(got, expected)):
            _agree(g, e, Msg(f"{what.en}[{i}]", f"{what.zh}[{i}]"), values)
    elif isinstance(expected, dict) and isinstance(got, dict):
        assert_equal(
            sorted(map(str, got)),
            sorted(map(str, expected)),
            what=Msg(f"the keys of {what.en}", f"{what.zh}的键"),
        )
        for key in expected:
            _agree(
                got[key], expected[key], Msg(f"{what.en}[{key!r}]", f"{what.zh}[{key!r}]"), values
            )
    elif isinstance(expected, float) and not math.isnan(expected) and values:
        assert_close_number(got, expected, what=_on_cuda(what), rel=1e-4, abs_=1e-6)
    elif values:
        assert_equal(got, expected, what=_on_cuda(what))
