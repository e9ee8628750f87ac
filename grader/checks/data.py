"""Deterministic inputs for grading tests."""

from __future__ import annotations

import torch

from grader.sandbox import wire


def generator(seed: int) -> torch.Generator:
    return torch.Generator().manual_seed(seed)


def randn(*shape, seed: int = 0, dtype=torch.float32) -> torch.Tensor:
    """Standard normal values of `shape` (no sizes: a 0-dim tensor)."""
    return torch.randn(shape, generator=generator(seed), dtype=dtype)


def randint(low: int, high: int, shape, *, seed: int = 0) -> torch.Tensor:
    return torch.randint(low, high, tuple(shape), generator=generator(seed))


def non_contiguous(t: torch.Tensor) -> torch.Tensor:
    """The same values, laid out so that `is_contiguous()` is False (for numel > 1): the last two
    dims transposed in memory where possible (so `view(-1)` fails on it), else with gaps."""
    if t.dim() >= 2 and t.shape[-1] > 1 and t.shape[-2] > 1:
        return t.mT.contiguous().mT
    return wire.non_contiguous(t)
