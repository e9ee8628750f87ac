"""Public checks for topic `regularization` (过拟合 / 交叉验证 / Regularization / Early stopping /
Dropout). Oracles: torch's own reductions, literals, and properties of random results."""

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

exercise = pytest.mark.exercise
points = pytest.mark.points


@exercise("regularization.train_val_split")
@points(1)
def test_train_val_split(student):
    got = student.regularization.train_val_split(20, 0.25, generator=generator(1))
    assert_sequence(got, 2, what=Msg.code("train_val_split(20, 0.25)"))
    train, val = got
    for name, t, size in (("train_idx", train, 15), ("val_idx", val, 5)):
        if not isinstance(t, torch.Tensor) or t.dtype != torch.int64 or tuple(t.shape) != (size,):
            fail(
                f"{name} should be a 1-D int64 tensor of {size} indices; it is {t!r:.80}.",
                f"{name} 应当是含 {size} 个索引的一维 int64 张量；实际是 {t!r:.80}。",
            )
    assert_tensor(
        torch.cat([train, val]).sort().values,
        torch.arange(20),
        what=Msg("train_idx and val_idx together, sorted", "train_idx 与 val_idx 合并后排序的结果"),
    )


@exercise("regularization.kfold_indices")
@points(1)
def test_kfold_indices(student):
    got = student.regularization.kfold_indices(5, 2)
    expected = [([3, 4], [0, 1, 2]), ([0, 1, 2], [3, 4])]
    assert_sequence(got, 2, what=Msg.code("kfold_indices(5, 2)"))
    for i, (fold, (train, val)) in enumerate(zip(got, expected)):
        assert_sequence(fold, 2, what=Msg(f"fold {i}", f"第 {i} 折"))
        assert_tensor(
            fold[1], torch.tensor(val), what=Msg(f"val_idx of fold {i}", f"第 {i} 折的 val_idx")
        )
        assert_tensor(
            fold[0],
            torch.tensor(train),
            what=Msg(f"train_idx of fold {i}", f"第 {i} 折的 train_idx"),
        )


@exercise("regularization.l1_penalty")
@points(1)
def test_l1_penalty(student):
    params = [randn(4, 3, seed=2), randn(4, seed=3)]
    flat = torch.cat([p.flatten() for p in params])
    assert_tensor(
        student.regularization.l1_penalty(params),
        flat.abs().sum(),
        mistakes={
            Msg(
                "the abs is missing: the L1 penalty is Σ |p|",
                "漏了绝对值：L1 惩罚项是 Σ |p|",
            ): flat.sum(),
            Msg("the mean instead of the sum", "求了均值而不是求和"): flat.abs().mean(),
        },
    )


@exercise("regularization.l2_penalty")
@points(1)
def test_l2_penalty(student):
    params = [randn(2, 3, 3, 3, seed=4), randn(2, seed=5)]
    flat = torch.cat([p.flatten() for p in params])
    assert_tensor(
        student.regularization.l2_penalty(params),
        flat.pow(2).sum(),
        mistakes={
            Msg(
                "the norm instead of the squared norm: Σ p², no square root",
                "求的是范数而不是范数的平方：应为 Σ p²，不开平方根",
            ): flat.norm(),
            Msg("½ Σ p²: no ½ here", "½ Σ p²：这里不要 ½"): flat.pow(2).sum() / 2,
            Msg("the mean instead of the sum", "求了均值而不是求和"): flat.pow(2).mean(),
        },
    )


@exercise("regularization.dropout_by_hand")
@points(1)
def test_dropout_by_hand(student):
    x = randn(50, 40, seed=6)
    fn = student.regularization.dropout_by_hand
    y = fn(x, 0.5, True, generator=generator(7))
    if not isinstance(y, torch.Tensor) or y.shape != x.shape or y.dtype != x.dtype:
        assert_tensor(y, x)  # says what is wrong: the type, the shape or the dtype
    dropped = y == 0
    if not bool((dropped | torch.isclose(y, 2 * x)).all()):
        fail(
            "With p = 0.5 every element should be either 0 or x / (1 - 0.5) = 2x.",
            "p = 0.5 时每个元素应当是 0 或 x / (1 - 0.5) = 2x。",
        )
    if not 0.4 < dropped.float().mean().item() < 0.6:
        fail(
            f"With p = 0.5 about half the elements should be 0, but {dropped.float().mean().item():.0%} are.",
            f"p = 0.5 时大约一半的元素应为 0，实际是 {dropped.float().mean().item():.0%}。",
        )
    assert_tensor(
        fn(x, 0.5, False), x, what=Msg("the result when not training", "非训练模式下的结果")
    )


@exercise("regularization.EarlyStopping")
@points(1)
def test_early_stopping(student):
    es = student.regularization.EarlyStopping(2)
    got = [es.step(loss) for loss in [1.0, 0.5, 0.6, 0.7, 0.4]]
    assert_equal(
        got,
        [False, False, False, True, False],
        what=Msg("the list of step() results", "各次 step() 返回值组成的列表"),
    )
    assert_close_number(es.get("best"), 0.4, what="best")
    assert_equal(es.get("best_epoch"), 4, what="best_epoch")
