"""Public checks for topic `tensor_basics` (张量数据类型 / 创建Tensor). Oracles: torch's own
functions, literals, and properties of random results (range, dtype, pairing, determinism)."""

import numpy as np
import pytest
import torch

from grader.checks import (
    assert_close_number,
    assert_equal,
    assert_sequence,
    assert_tensor,
    fail,
    generator,
    randn,
)
from grader.i18n import Msg
from grader.lessons import cite

exercise = pytest.mark.exercise
points = pytest.mark.points

LESSON = cite("dtypes")


def check_describe(got, t):
    if not isinstance(got, dict):
        fail(
            f"describe(t) should return a dict, but it returned {type(got).__name__}.",
            f"describe(t) 应当返回 dict，但返回了 {type(got).__name__}。",
        )
    keys = ["type", "dim", "shape", "numel"]
    if sorted(map(str, got)) != sorted(keys) or len(got) != 4:
        fail(
            f"describe(t) should have exactly the keys {keys}; it has {list(got)}.",
            f"describe(t) 应当恰好有键 {keys}；实际是 {list(got)}。",
        )
    if not isinstance(got["type"], str) or got["type"] != t.type():
        fail(
            f'describe(t)["type"] is {got["type"]!r:.60}, expected {t.type()!r}: use t.type() '
            f"(t.dtype is {t.dtype}). {LESSON}",
            f'describe(t)["type"] 是 {got["type"]!r:.60}，应为 {t.type()!r}：请用 t.type()'
            f"（t.dtype 是 {t.dtype}）。{LESSON}",
        )
    assert_close_number(got["dim"], t.dim(), what='describe(t)["dim"]', kind=int, rel=0, abs_=0)
    assert_equal(got["shape"], tuple(t.shape), what='describe(t)["shape"]')
    assert_close_number(
        got["numel"], t.numel(), what='describe(t)["numel"]', kind=int, rel=0, abs_=0
    )


@exercise("tensor_basics.describe")
@points(1)
def test_describe(student):
    t = randn(2, 3, seed=1)
    got = student.tensor_basics.describe(t)
    check_describe(got, t)
    assert_equal(got, {"type": "torch.FloatTensor", "dim": 2, "shape": (2, 3), "numel": 6})


@exercise("tensor_basics.uniform")
@points(1)
def test_uniform(student):
    got = student.tensor_basics.uniform(-1.0, 1.0, (40, 50), generator=generator(1))
    if not isinstance(got, torch.Tensor):
        fail("uniform should return a tensor.", "uniform 应当返回张量。")
    assert_equal(tuple(got.shape), (40, 50), what=Msg("the shape", "结果的形状"))
    assert_equal(str(got.dtype), "torch.float32", what=Msg("the dtype", "结果的 dtype"))
    lo, hi = got.min().item(), got.max().item()
    if lo < -1.0 or hi >= 1.0:
        fail(
            f"Values should lie in [-1, 1), but they range from {lo:.4g} to {hi:.4g}. "
            f"torch.rand gives [0, 1): scale by (high - low), then add low. {LESSON}",
            f"数值应在 [-1, 1) 内，实际范围是 {lo:.4g} 到 {hi:.4g}。torch.rand 给出 [0, 1)："
            f"先乘以 (high - low)，再加 low。{LESSON}",
        )
    again = student.tensor_basics.uniform(-1.0, 1.0, (40, 50), generator=generator(1))
    if not torch.equal(got, again):
        fail(
            "Two calls with generators in the same state gave different numbers: draw them from "
            "the generator (torch.rand(..., generator=generator)).",
            "两次调用时生成器的状态相同，结果却不同：请从 generator 抽取"
            "（torch.rand(..., generator=generator)）。",
        )


@exercise("tensor_basics.one_hot")
@points(1)
def test_one_hot(student):
    labels = torch.tensor([2, 0, 1, 2])
    expected = torch.tensor(
        [[0.0, 0.0, 1.0, 0.0], [1.0, 0.0, 0.0, 0.0], [0.0, 1.0, 0.0, 0.0], [0.0, 0.0, 1.0, 0.0]]
    )
    assert_tensor(student.tensor_basics.one_hot(labels, 4), expected)


@exercise("tensor_basics.shuffle_together")
@points(1)
def test_shuffle_together(student):
    a = randn(12, 3, seed=2)
    b = torch.arange(12)  # b[i] is the label of row i
    got = student.tensor_basics.shuffle_together(a, b, generator(3))
    assert_sequence(got, 2, what=Msg("shuffle_together(a, b)", "shuffle_together(a, b) 的返回值"))
    a2, b2 = got
    for name, got_t, given in (("a2", a2, a), ("b2", b2, b)):
        if not isinstance(got_t, torch.Tensor):
            fail(f"{name} should be a tensor.", f"{name} 应当是张量。")
        assert_equal(
            tuple(got_t.shape), tuple(given.shape), what=Msg(f"{name}'s shape", f"{name} 的形状")
        )
        assert_equal(
            str(got_t.dtype), str(given.dtype), what=Msg(f"{name}'s dtype", f"{name} 的 dtype")
        )
    if not torch.equal(b2.sort().values, b):
        fail(
            "b2 should hold b's elements in a new order (a permutation: torch.randperm).",
            "b2 应当是 b 的元素换了顺序（一个排列：torch.randperm）。",
        )
    if torch.equal(b2, b):
        fail("Nothing was shuffled: b2 is b in its original order.", "没有打乱：b2 与 b 顺序相同。")
    if not torch.equal(a2, a[b2]):
        fail(
            "a2[i] must be the row of a that belongs with b2[i]: draw ONE permutation "
            f"(torch.randperm) and index both a and b with it. {LESSON}",
            "a2[i] 必须是与 b2[i] 对应的那一行：只生成一个排列（torch.randperm），"
            f"用它同时索引 a 和 b。{LESSON}",
        )


@exercise("tensor_basics.from_numpy_float32")
@points(1)
def test_from_numpy_float32(student):
    array = np.array([[1.5, -2.25, 3.0], [0.1, 0.2, 0.3]])  # float64, numpy's default
    got = student.tensor_basics.from_numpy_float32(array)
    assert_tensor(got, torch.tensor(array, dtype=torch.float32))
