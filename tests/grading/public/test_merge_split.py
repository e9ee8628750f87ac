"""Public checks for topic `merge_split` (合并与分割). Oracles: torch.cat, torch.stack, torch.split
and torch.chunk."""

import pytest
import torch

from grader.checks import assert_tensor, fail, randn
from grader.i18n import Msg
from grader.lessons import cite

exercise = pytest.mark.exercise
points = pytest.mark.points

LESSON = cite("merge_split")


def _size_along(t, dim):
    try:
        return int(t.shape[dim])
    except (AttributeError, IndexError):
        return "?"


def check_pieces(got, expected, dim):
    """`got` must be a tuple (or list) of tensors equal to `expected`, piece by piece."""
    if not isinstance(got, (tuple, list)):
        fail(
            f"The result should be a tuple of tensors, one per piece, but it is "
            f"{type(got).__name__}. torch.split and torch.chunk return such a tuple. {LESSON}",
            f"结果应当是由张量组成的 tuple（每块一个），但得到的是 {type(got).__name__}。"
            f"torch.split 和 torch.chunk 返回的就是这样的 tuple。{LESSON}",
        )
    if len(got) != len(expected):
        want = [_size_along(e, dim) for e in expected]
        sizes = [_size_along(g, dim) for g in got]
        fail(
            f"Expected {len(expected)} pieces of sizes {want} along dim {dim}, got {len(got)} "
            f"pieces of sizes {sizes}.",
            f"应当沿第 {dim} 维得到 {len(expected)} 块，大小为 {want}；实际得到 {len(got)} 块，大小为 {sizes}。",
        )
    for i, (g, e) in enumerate(zip(got, expected)):
        assert_tensor(g, e, what=Msg(f"piece {i}", f"第 {i} 块"))


@exercise("merge_split.merge_classes")
@points(1)
def test_merge_classes(student):
    a, b = randn(4, 6, 3, seed=1), randn(5, 6, 3, seed=2)
    assert_tensor(
        student.merge_split.merge_classes(a, b),
        torch.cat([a, b], dim=0),
        mistakes={
            Msg(
                f"b's classes came first: keep the order cat([a, b]) {LESSON.en}",
                f"b 的班级排在了前面：要保持 cat([a, b]) 的顺序{LESSON.zh}",
            ): torch.cat([b, a])
        },
    )


@exercise("merge_split.add_alpha")
@points(1)
def test_add_alpha(student):
    rgb, alpha = randn(2, 3, 4, 4, seed=3), randn(2, 1, 4, 4, seed=4)
    assert_tensor(
        student.merge_split.add_alpha(rgb, alpha),
        torch.cat([rgb, alpha], dim=1),
        mistakes={
            Msg(
                f"alpha came first: it goes after R, G, B {LESSON.en}",
                f"alpha 排在了前面：它应在 R、G、B 之后{LESSON.zh}",
            ): torch.cat([alpha, rgb], 1)
        },
    )


@exercise("merge_split.join_halves")
@points(1)
def test_join_halves(student):
    top, bottom = randn(2, 3, 4, 6, seed=5), randn(2, 3, 2, 6, seed=6)
    assert_tensor(
        student.merge_split.join_halves(top, bottom),
        torch.cat([top, bottom], dim=2),
        mistakes={
            Msg(f"bottom came first {LESSON.en}", f"bottom 排在了前面{LESSON.zh}"): torch.cat(
                [bottom, top], dim=2
            )
        },
    )


@exercise("merge_split.stack_classes")
@points(1)
def test_stack_classes(student):
    a, b = randn(5, 3, seed=7), randn(5, 3, seed=8)
    assert_tensor(
        student.merge_split.stack_classes(a, b),
        torch.stack([a, b]),
        mistakes={
            Msg(
                f"torch.cat joins along an existing dim; torch.stack creates a new one {LESSON.en}",
                f"torch.cat 沿已有的维度拼接；torch.stack 会新建一个维度{LESSON.zh}",
            ): torch.cat([a, b]),
            Msg(
                f"stacked on dim 1; the new class dim goes first {LESSON.en}",
                f"在第 1 维上堆叠了；新的班级维应放在最前面{LESSON.zh}",
            ): torch.stack([a, b], dim=1),
        },
    )


@exercise("merge_split.split_by_sizes")
@points(1)
def test_split_by_sizes(student):
    x = randn(6, 4, 3, seed=9)
    got = student.merge_split.split_by_sizes(x, [2, 3, 1], 0)
    check_pieces(got, torch.split(x, [2, 3, 1], dim=0), 0)


@exercise("merge_split.split_into")
@points(1)
def test_split_into(student):
    x = randn(3, 8, 2, seed=10)
    got = student.merge_split.split_into(x, 4, 1)
    check_pieces(got, torch.chunk(x, 4, dim=1), 1)
