"""Deterministic inputs for grading tests."""

from __future__ import annotations

import torch

from grader.sandbox.wire import non_contiguous  # noqa: F401  (re-exported)


def generator(seed: int) -> torch.Generator:
    return torch.Generator().manual_seed(seed)


def randn(*shape, seed: int = 0, dtype=torch.float32) -> torch.Tensor:
    return torch.randn(*shape, generator=generator(seed), dtype=dtype)


def randint(low: int, high: int, shape, *, seed: int = 0) -> torch.Tensor:
    return torch.randint(low, high, tuple(shape), generator=generator(seed))
