"""Hidden checks for topic `regularization` (过拟合 / 交叉验证 / Regularization / Early stopping /
Dropout): split sizes that round half to even, empty and full validation sets, k = n and k > n,
parameter lists with 0-dim and non-contiguous tensors, gradients through the penalties, empty
parameter lists, dropout with p = 0 and p = 1, in eval mode, its statistics on a large input, the
generator, the forbidden dropout built-ins, early stopping on given loss sequences (ties at
min_delta, nan losses, patience 1, a reset after a stop), inputs left alone, the meta device."""

import math

import pytest
import torch

from grader.checks import (
    args,
    assert_close_number,
    assert_inputs_unchanged,
    assert_keeps_meta,
    assert_not_using,
    assert_same_on_cuda,
    assert_sequence,
    assert_tensor,
    cuda_cases,
    expect_raises,
    fail,
    generator,
    non_contiguous,
    randn,
    random_args,
)
from grader.checks.behaviour import DEVICE_MIX_ERRORS
from grader.checks.compare import THE_RESULT
from grader.checks.devices import LeftOut
from grader.checks.feedback import shown
from grader.i18n import Msg, before_chinese, quote, tr
from grader.lessons import cite
from grader.sandbox.client import StudentError

exercise = pytest.mark.exercise
points = pytest.mark.points

# The device checks an exercise leaves out, and why (tests/kit/test_completeness.py).
DEVICE_CHECKS_LEFT_OUT = {
    "train_val_split": LeftOut(
        meta="n is an int and the indices are drawn with a CPU generator: index tensors on the CPU, whatever the model's device",
        cuda="n is an int and the indices are drawn with a CPU generator: index tensors on the CPU, whatever the model's device",
    ),
    "kfold_indices": LeftOut(
        meta="ints in, CPU index tensors out: no input device to follow",
        cuda="ints in, CPU index tensors out: no input device to follow",
    ),
    "EarlyStopping": LeftOut(
        meta="steps on Python float losses: no tensor, so no device",
        cuda="steps on Python float losses: no tensor, so no device",
    ),
}

CV = cite("cross_validation")
REG = cite("regularization")
DROP = cite("dropout")
STOP = cite("early_stopping")

# What "by hand" forbids in dropout_by_hand, as the sandbox records it at run time (__name__; a
# torch.ops overload by its name before the dot) and as it appears in source (F.dropout, nn.X).
DROPOUT_CALLS = frozenset(
    {
        "dropout",
        "dropout_",
        "dropout1d",
        "dropout2d",
        "dropout3d",
        "feature_dropout",
        "feature_dropout_",
        "alpha_dropout",
        "alpha_dropout_",
        "feature_alpha_dropout",
        "feature_alpha_dropout_",
        "native_dropout",
        "fused_dropout",
        "_fused_dropout",
        "Dropout",
        "Dropout1d",
        "Dropout2d",
        "Dropout3d",
        "AlphaDropout",
        "FeatureAlphaDropout",
    }
)


def _case(*values, function, n, id):
    return pytest.param(*values, marks=[exercise(f"regularization.{function}"), points(n)], id=id)


def _index_tensor(t, name):
    if not isinstance(t, torch.Tensor):
        fail(
            f"{name} should be a 1-D int64 tensor of indices, but it is {type(t).__name__}: "
            f"build it with torch (torch.randperm, torch.arange) or convert with torch.tensor(...).",
            f"{before_chinese(name)}应当是一维 int64 索引张量，但得到的是 {type(t).__name__}：请用 torch 构造（torch.randperm、torch.arange），或用 torch.tensor(...) 转换。",
        )
    if t.dtype != torch.int64 or t.dim() != 1:
        fail(
            f"{name} should be a 1-D int64 tensor; it has dtype "
            f"{str(t.dtype).removeprefix('torch.')} and {t.dim()} dims.",
            f"{before_chinese(name)}应当是一维 int64 张量；实际 dtype 为 {str(t.dtype).removeprefix('torch.')}，维数为 {t.dim()}。",
        )


# -- train_val_split ------------------------------------------------------------------------------
def check_split(got, n, val_fraction):
    """(train_idx, val_idx): int64, the right sizes, together a permutation of range(n)."""
    assert_sequence(got, 2, what=Msg.code(f"train_val_split({n}, {val_fraction})"))
    train, val = got
    _index_tensor(train, "train_idx")
    _index_tensor(val, "val_idx")
    n_val = round(n * val_fraction)
    if len(val) != n_val or len(train) != n - n_val:
        exact = n * val_fraction
        if len(val) == n - n_val and len(train) == n_val and n_val != n - n_val:
            hint = tr(
                "train and val are swapped: return (train_idx, val_idx), val being the smaller share for val_fraction < 0.5",
                "训练集和验证集弄反了：应返回 (train_idx, val_idx)，val_fraction < 0.5 时验证集是较小的一份",
            )
        elif len(val) == int(exact + 0.5) != n_val:
            hint = tr(
                "int(x + 0.5) rounds halves up; Python's round rounds halves to the even number (round(2.5) == 2)",
                "int(x + 0.5) 把 .5 一律向上取整；Python 的 round 把 .5 舍入到偶数（round(2.5) == 2）",
            )
        elif len(val) == math.ceil(exact) != n_val:
            hint = tr(
                "math.ceil rounds up; use round(n * val_fraction)",
                "math.ceil 是向上取整；请用 round(n * val_fraction)",
            )
        elif len(val) == int(exact) != n_val:
            hint = tr(
                "int() truncates; use round(n * val_fraction)",
                "int() 会直接截断小数；请用 round(n * val_fraction)",
            )
        else:
            hint = tr(
                "val_idx gets round(n * val_fraction) indices, train_idx the rest",
                "val_idx 取 round(n * val_fraction) 个索引，其余归 train_idx",
            )
        fail(
            f"With n = {n} and val_fraction = {val_fraction}, val_idx should hold "
            f"round({exact:g}) = {n_val} indices and train_idx {n - n_val}; they hold {len(val)} "
            f"and {len(train)}: {hint}. {CV}",
            f"n = {n}、val_fraction = {val_fraction} 时，val_idx 应有 round({exact:g}) = {n_val} 个索引，"
            f"train_idx 应有 {n - n_val} 个；实际分别是 {len(val)} 和 {len(train)}：{hint}。{CV}",
        )
    both = torch.cat([train, val]).sort().values
    if not torch.equal(both, torch.arange(n)):
        fail(
            f"train_idx and val_idx together should hold each of 0 … {n - 1} exactly once, but some "
            f"index is repeated, missing or out of range: shuffle with a permutation "
            f"(torch.randperm), not with draws that may repeat (torch.randint). {CV}",
            f"train_idx 与 val_idx 合起来应恰好各含 0 … {n - 1} 一次，但有索引重复、缺失或越界："
            f"请用排列（torch.randperm）打乱，而不是可能重复的抽样（torch.randint）。{CV}",
        )
    return train, val


@pytest.mark.parametrize(
    "n, val_fraction",
    [
        _case(100, 0.2, function="train_val_split", n=2, id="100-0.2"),
        _case(37, 0.3, function="train_val_split", n=2, id="37-0.3-rounds"),
        _case(9, 0.4, function="train_val_split", n=1, id="9-0.4-rounds-up"),
        _case(7, 0.0, function="train_val_split", n=1, id="no-validation"),
        _case(7, 1.0, function="train_val_split", n=1, id="all-validation"),
    ],
)
def test_train_val_split_partition(student, n, val_fraction):
    check_split(
        student.regularization.train_val_split(n, val_fraction, generator=generator(101)),
        n,
        val_fraction,
    )


@pytest.mark.parametrize(
    "n, val_fraction",
    [
        _case(10, 0.25, function="train_val_split", n=1, id="2.5-to-2"),
        _case(6, 0.75, function="train_val_split", n=1, id="4.5-to-4"),
    ],
)
def test_train_val_split_rounds_half_to_even(student, n, val_fraction):
    check_split(
        student.regularization.train_val_split(n, val_fraction, generator=generator(102)),
        n,
        val_fraction,
    )


@exercise("regularization.train_val_split")
@points(2)
def test_train_val_split_is_shuffled(student):
    n, val_fraction = 60, 0.25
    _, val = check_split(
        student.regularization.train_val_split(n, val_fraction, generator=generator(103)),
        n,
        val_fraction,
    )
    chosen = val.sort().values
    for where, block in (("first", torch.arange(15)), ("last", torch.arange(45, 60))):
        if torch.equal(chosen, block):
            fail(
                f"val_idx holds exactly the {where} 15 indices: the samples were not shuffled, so "
                f"the validation set would hold the {where} samples only (often all of one class). "
                f"Shuffle first: torch.randperm(n, generator=generator). {CV}",
                f"val_idx 恰好是{'前' if where == 'first' else '后'} 15 个索引：没有打乱，验证集只会包含"
                f"{'开头' if where == 'first' else '末尾'}的样本（常常全是同一类）。请先打乱：torch.randperm(n, generator=generator)。{CV}",
            )


@exercise("regularization.train_val_split")
@points(2)
def test_train_val_split_follows_the_generator(student):
    fn = student.regularization.train_val_split
    first = check_split(fn(50, 0.4, generator=generator(104)), 50, 0.4)
    again = check_split(fn(50, 0.4, generator=generator(104)), 50, 0.4)
    if not torch.equal(first[1].sort().values, again[1].sort().values):
        fail(
            "Two calls with generators in the same state gave different splits: draw the "
            "permutation from the generator (torch.randperm(n, generator=generator)).",
            "两次调用的生成器状态相同，划分结果却不同：请从 generator 抽取排列（torch.randperm(n, generator=generator)）。",
        )
    other = check_split(fn(50, 0.4, generator=generator(105)), 50, 0.4)
    if torch.equal(first[1].sort().values, other[1].sort().values):
        fail(
            "Generators with different seeds gave the same split: the generator is not used. "
            "Pass it on: torch.randperm(n, generator=generator).",
            "不同种子的生成器给出了相同的划分：generator 没有被使用。请传下去：torch.randperm(n, generator=generator)。",
        )


@exercise("regularization.train_val_split")
@points(1)
def test_train_val_split_without_generator(student):
    check_split(student.regularization.train_val_split(30, 0.1), 30, 0.1)


# -- kfold_indices --------------------------------------------------------------------------------
def _folds(n, k):
    """scikit-learn's KFold(n_splits=k) without shuffling, as plain lists."""
    folds, start = [], 0
    for i in range(k):
        stop = start + n // k + (1 if i < n % k else 0)
        folds.append(([j for j in range(n) if not start <= j < stop], list(range(start, stop))))
        start = stop
    return folds


def check_folds(got, n, k):
    expected = _folds(n, k)
    assert_sequence(got, k, what=Msg.code(f"kfold_indices({n}, {k})"))
    for i, fold in enumerate(got):
        assert_sequence(
            fold, 2, what=Msg(f"fold {i} (train_idx, val_idx)", f"第 {i} 折 (train_idx, val_idx)")
        )
        _index_tensor(fold[0], Msg(f"train_idx of fold {i}", f"第 {i} 折的 train_idx"))
        _index_tensor(fold[1], Msg(f"val_idx of fold {i}", f"第 {i} 折的 val_idx"))
    sizes = [len(fold[1]) for fold in got]
    want = [len(val) for _, val in expected]
    if sizes != want:
        size = -(-n // k)
        chunked = [min(size, n - j * size) for j in range(k)]
        last = [n // k] * (k - 1) + [n // k + n % k]
        if sizes == chunked:
            hint = tr(
                "torch.chunk makes pieces of ceil(n/k) and leaves the remainder for the last; "
                "the first n % k folds take one more each instead (torch.tensor_split)",
                "torch.chunk 按 ceil(n/k) 分块，把余下的留给最后一块；"
                "应当是前 n % k 折各多取一个（torch.tensor_split）",
            )
        elif sizes == last:
            hint = tr(
                "the remainder went to the last fold; the first n % k folds take one more each instead",
                "余下的索引都给了最后一折；应当是前 n % k 折各多取一个",
            )
        elif sizes == [n // k] * k:
            hint = tr(
                "the n % k indices left over were dropped; the first n % k folds take one more each",
                "余下的 n % k 个索引被丢掉了；应当是前 n % k 折各多取一个",
            )
        else:
            hint = tr(
                "the fold sizes must differ by at most one, the larger ones first",
                "各折大小最多相差一，较大的在前",
            )
        fail(
            f"With n = {n} and k = {k} the validation folds should have sizes {want}, but they have "
            f"{sizes}: {hint}. {CV}",
            f"n = {n}、k = {k} 时各验证折的大小应为 {want}，实际为 {sizes}：{hint}。{CV}",
        )
    seen = torch.cat([fold[1] for fold in got]).sort().values
    if not torch.equal(seen, torch.arange(n)):
        fail(
            f"Over the {k} folds, each index 0 … {n - 1} should be validated exactly once. {CV}",
            f"在 {k} 折中，每个索引 0 … {n - 1} 应恰好被验证一次。{CV}",
        )
    for i, (fold, (train, val)) in enumerate(zip(got, expected)):
        assert_tensor(
            fold[1],
            torch.tensor(val, dtype=torch.int64),
            what=Msg(f"val_idx of fold {i}", f"第 {i} 折的 val_idx"),
        )
        train_of_fold = Msg(f"train_idx of fold {i}", f"第 {i} 折的 train_idx")
        expected_train = torch.tensor(train, dtype=torch.int64)
        if fold[0].shape == expected_train.shape and torch.equal(
            fold[0].sort().values, expected_train
        ):
            assert_tensor(
                fold[0],
                expected_train,
                what=train_of_fold,
                mistakes={
                    Msg(
                        f"the right indices in another order: give train_idx in increasing order, "
                        f"as scikit-learn does (the indices before the fold, then those after it) {CV.en}",
                        f"索引对了但顺序不对：train_idx 要按升序给出，与 scikit-learn 一致"
                        f"（先是这一折之前的索引，再是之后的）{CV.zh}",
                    ): fold[0]
                },
            )
        assert_tensor(
            fold[0],
            expected_train,
            what=train_of_fold,
            mistakes={
                Msg(
                    f"train_idx includes the validation fold: train on every OTHER index {CV.en}",
                    f"train_idx 包含了验证折：应当用除它之外的所有索引训练{CV.zh}",
                ): torch.arange(n),
                Msg(
                    f"train_idx is the validation fold itself {CV.en}",
                    f"train_idx 就是验证折本身{CV.zh}",
                ): torch.tensor(val),
            },
        )


@pytest.mark.parametrize(
    "n, k",
    [
        _case(10, 3, function="kfold_indices", n=2, id="10-3"),
        _case(22, 5, function="kfold_indices", n=2, id="22-5"),
        _case(12, 4, function="kfold_indices", n=1, id="even"),
        _case(11, 2, function="kfold_indices", n=1, id="two-folds"),
        _case(7, 6, function="kfold_indices", n=1, id="7-6"),
        _case(6, 6, function="kfold_indices", n=2, id="leave-one-out"),
    ],
)
def test_kfold_indices_like_sklearn(student, n, k):
    check_folds(student.regularization.kfold_indices(n, k), n, k)


@pytest.mark.parametrize(
    "n, k",
    [
        _case(4, 5, function="kfold_indices", n=1, id="k-above-n"),
        _case(10, 1, function="kfold_indices", n=1, id="one-fold"),
        _case(10, 0, function="kfold_indices", n=1, id="zero-folds"),
    ],
)
def test_kfold_indices_bad_k(student, n, k):
    expect_raises(student.regularization.kfold_indices, n, k, exc_type="ValueError")


# -- l1_penalty / l2_penalty ----------------------------------------------------------------------
def _penalty(name, params, dtype=None):
    """The exact penalty, summed in float64, in the parameters' dtype."""
    dtype = dtype or params[0].dtype
    terms = [p.detach().double() for p in params]
    if name == "l1_penalty":
        return sum(t.abs().sum() for t in terms).to(dtype)
    return sum(t.pow(2).sum() for t in terms).to(dtype)


def _penalty_mistakes(name, params):
    ts = [p.detach().double() for p in params]
    dtype = params[0].dtype
    flat = torch.cat([t.reshape(-1) for t in ts])
    if name == "l1_penalty":
        mistakes = {
            Msg(
                f"the abs is missing: Σ p lets positive and negative weights cancel; the L1 penalty is Σ |p| {REG.en}",
                f"漏了绝对值：Σ p 会让正负权重相互抵消；L1 惩罚项是 Σ |p|{REG.zh}",
            ): flat.sum(),
            Msg(
                f"the mean of |p| per tensor instead of the sum {REG.en}",
                f"对每个张量求了 |p| 的均值，而不是求和{REG.zh}",
            ): sum(t.abs().mean() for t in ts),
            Msg(
                f"the mean over all elements instead of the sum {REG.en}",
                f"对所有元素求了均值，而不是求和{REG.zh}",
            ): flat.abs().mean(),
            Msg(
                f"Σ ||p||₂, the L2 norms; the L1 penalty is Σ |p| {REG.en}",
                f"求的是 Σ ||p||₂，即各张量的 L2 范数；L1 惩罚项是 Σ |p|{REG.zh}",
            ): sum(t.norm() for t in ts),
            Msg(
                f"Σ p², the L2 penalty; the L1 penalty is Σ |p| {REG.en}",
                f"求的是 Σ p²，即 L2 惩罚项；L1 惩罚项是 Σ |p|{REG.zh}",
            ): flat.pow(2).sum(),
        }
    else:
        mistakes = {
            Msg(
                f"the norm (a square root) instead of the squared norm: Σ p², no sqrt {REG.en}",
                f"求的是范数（开了平方根）而不是范数的平方：应为 Σ p²，不开平方根{REG.zh}",
            ): sum(t.norm() for t in ts),
            Msg(
                f"the square root of the total: the L2 penalty is Σ p², no sqrt {REG.en}",
                f"对总和开了平方根：L2 惩罚项是 Σ p²，不开平方根{REG.zh}",
            ): flat.pow(2).sum().sqrt(),
            Msg(
                f"½ Σ p²: this exercise asks for Σ p², without the ½ {REG.en}",
                f"½ Σ p²：本题要求的是 Σ p²，不带 ½{REG.zh}",
            ): flat.pow(2).sum() / 2,
            Msg(
                f"the mean of p² per tensor instead of the sum {REG.en}",
                f"对每个张量求了 p² 的均值，而不是求和{REG.zh}",
            ): sum(t.pow(2).mean() for t in ts),
            Msg(
                f"the mean over all elements instead of the sum {REG.en}",
                f"对所有元素求了均值，而不是求和{REG.zh}",
            ): flat.pow(2).mean(),
            Msg(
                f"Σ |p|, the L1 penalty; the L2 penalty is Σ p² {REG.en}",
                f"求的是 Σ |p|，即 L1 惩罚项；L2 惩罚项是 Σ p²{REG.zh}",
            ): flat.abs().sum(),
        }
    return {k: v.to(dtype) for k, v in mistakes.items()}


PENALTY_CASES = {
    "linear-layers": lambda: [randn(6, 4, seed=111), randn(6, seed=112), randn(3, 6, seed=113)],
    "conv-weight": lambda: [randn(5, 3, 3, 2, seed=114), randn(5, seed=115)],
    "0-dim-scalars": lambda: [randn(seed=116), randn(2, 3, seed=117), randn(seed=118)],
    "tuple-float64": lambda: (
        randn(4, 5, seed=119, dtype=torch.float64),
        randn(5, seed=120, dtype=torch.float64),
    ),
    "single-1x1": lambda: [randn(1, 1, seed=121)],
}


def _penalty_params(name):
    return [
        pytest.param(
            name, case, marks=[exercise(f"regularization.{name}"), points(1)], id=f"{name}-{case}"
        )
        for case in PENALTY_CASES
    ]


@pytest.mark.parametrize(
    "name, case", _penalty_params("l1_penalty") + _penalty_params("l2_penalty")
)
def test_penalty_values(student, name, case):
    params = PENALTY_CASES[case]()
    assert_tensor(
        getattr(student.regularization, name)(params),
        _penalty(name, params),
        mistakes=_penalty_mistakes(name, params),
    )


def _both(points_each):
    return [
        pytest.param(name, marks=[exercise(f"regularization.{name}"), points(points_each)], id=name)
        for name in ("l1_penalty", "l2_penalty")
    ]


@pytest.mark.parametrize("name", _both(2))
def test_penalty_gradients(student, name):
    params = [
        randn(4, 3, seed=131).requires_grad_(),
        randn(3, seed=132).requires_grad_(),
        randn(seed=133).requires_grad_(),
    ]
    fn = getattr(student.regularization, name)
    got = fn(params)
    assert_tensor(got, _penalty(name, params), mistakes=_penalty_mistakes(name, params))
    if not got.requires_grad:
        fail(
            "The result does not require grad: it was cut off from the parameters, so training "
            "with it would not change them. Keep it a tensor built from the parameters: no "
            f".item(), float(), torch.tensor(...) or .detach(). {REG}",
            "结果不需要梯度：它与参数断开了，用它训练不会改变参数。请保持它是由参数计算出的张量："
            f"不要用 .item()、float()、torch.tensor(...) 或 .detach()。{REG}",
        )
    call = fn.backward_call(params)
    for i, (p, grad) in enumerate(zip(params, call.input_grads)):
        p = p.detach()
        if name == "l1_penalty":
            expected = p.sign()
            mistakes = {
                Msg(
                    f"the gradient is 1, not sign(p): the abs is missing {REG.en}",
                    f"梯度是 1 而不是 sign(p)：漏了绝对值{REG.zh}",
                ): torch.ones_like(p)
            }
        else:
            expected = 2 * p
            mistakes = {
                Msg(
                    f"the gradient is p, not 2p: the ½ of ½ Σ p² is not asked for {REG.en}",
                    f"梯度是 p 而不是 2p：本题不要 ½ Σ p² 中的 ½{REG.zh}",
                ): p
            }
        if grad is None:
            fail(
                f"No gradient reached params[{i}]: every parameter must take part in the penalty. {REG}",
                f"params[{i}] 没有得到梯度：每个参数都要参与惩罚项的计算。{REG}",
            )
        assert_tensor(
            grad,
            expected,
            what=Msg(f"the gradient for params[{i}]", f"params[{i}] 的梯度"),
            mistakes=mistakes,
        )


@pytest.mark.parametrize("name", _both(1))
def test_penalty_of_no_parameters(student, name):
    assert_tensor(
        getattr(student.regularization, name)([]),
        torch.tensor(0.0),
        what=Msg("the penalty of an empty list", "空列表的惩罚项"),
    )


@pytest.mark.parametrize("name", _both(2))
def test_penalty_non_contiguous_unchanged(student, name):
    params = [
        non_contiguous(randn(5, 7, seed=141)),
        randn(3, 4, 2, seed=142).transpose(0, 2),
        non_contiguous(randn(6, seed=143)),
    ]
    call = getattr(student.regularization, name).call(params)
    assert_tensor(call.value, _penalty(name, params), mistakes=_penalty_mistakes(name, params))
    assert_inputs_unchanged(call, params, names=["params"])


@pytest.mark.parametrize("name", _both(1))
def test_penalty_meta_device(student, name):
    params = [randn(3, 4, seed=151), randn(4, seed=152)]
    fn = getattr(student.regularization, name)
    assert_tensor(fn(params), _penalty(name, params), mistakes=_penalty_mistakes(name, params))
    # assert_keeps_meta moves only top-level tensor arguments: the list is moved here.
    try:
        got = fn([p.to("meta") for p in params])
    except StudentError as err:
        if any(sign in err.message for sign in DEVICE_MIX_ERRORS):
            fail(
                f"Given meta tensors, the function mixed devices ({err.exc_type}: {quote(err.message)}): "
                f"a tensor created without device= lands on the CPU. Start from the parameters "
                f"themselves (sum of p.abs().sum()), or create with device=p.device.",
                f"输入为 meta 张量时，函数混用了设备（{err.exc_type}：{quote(err.message)}）：新建张量未指定 device= 会落在 CPU 上。"
                f"请直接从参数出发求和（对 p.abs().sum() 求和），或新建时写 device=p.device。",
            )
        return  # it reads values, which meta tensors cannot give: not a fault
    assert_tensor(
        got,
        _penalty(name, params).to("meta"),
        what=Msg("the result for meta parameters", "meta 参数的结果"),
    )


# -- dropout_by_hand ------------------------------------------------------------------------------
def check_dropout(y, x, p, what=THE_RESULT):
    """Every element of y is 0 or x / (1 - p), with x's shape and dtype; returns the drop mask."""
    if not isinstance(y, torch.Tensor) or y.shape != x.shape or y.dtype != x.dtype:
        assert_tensor(y, x, what=what)  # names what is wrong: the type, the shape or the dtype
    if y.device.type != x.device.type:
        assert_tensor(y, x, what=what)
    dropped = y == 0
    survived = torch.isclose(y, x / (1 - p))
    if bool((dropped | survived).all()):
        return dropped
    kept = ~dropped
    if bool(torch.isnan(y).any()):
        hint = tr(
            f"the result holds nan: 0 / 0 or 0 · inf, e.g. from 1 / (1 - p) at p = 1 {DROP}",
            f"结果中有 nan：来自 0 / 0 或 0 · inf，例如 p = 1 时的 1 / (1 - p){DROP}",
        )
    elif bool(torch.isclose(y[kept], x[kept]).all()):
        hint = tr(
            f"the survivors were not scaled: multiply them by 1 / (1 - p) so that the expected "
            f"value stays x (inverted dropout) {DROP}",
            f"保留下来的元素没有缩放：要乘以 1 / (1 - p)，使期望值仍为 x（反向缩放的 Dropout，inverted dropout）{DROP}",
        )
    elif p > 0 and bool(torch.isclose(y[kept], x[kept] / p).all()):
        hint = tr(
            f"the survivors were scaled by 1 / p; they are kept with probability 1 - p, so scale by 1 / (1 - p) {DROP}",
            f"保留下来的元素乘了 1 / p；它们被保留的概率是 1 - p，所以应乘以 1 / (1 - p){DROP}",
        )
    elif bool(torch.isclose(y[kept], x[kept] * (1 - p)).all()):
        hint = tr(
            f"the survivors were multiplied by (1 - p); divide by it instead {DROP}",
            f"保留下来的元素乘了 (1 - p)；应当除以它{DROP}",
        )
    else:
        hint = tr(
            f"each element must be either 0 (dropped) or x / (1 - p) (kept) {DROP}",
            f"每个元素要么是 0（被丢弃），要么是 x / (1 - p)（被保留）{DROP}",
        )
    bad = int((~(dropped | survived)).sum())
    fail(
        f"With p = {p}, {bad} of {y.numel()} elements of {what} are neither 0 nor x / (1 - p): {hint}.",
        f"p = {p} 时，{before_chinese(what)}的 {y.numel()} 个元素中有 {bad} 个既不是 0 也不是 x / (1 - p)：{hint}。",
    )


@pytest.mark.parametrize(
    "shape, p",
    [
        _case((3, 4, 5, 6), 0.2, function="dropout_by_hand", n=2, id="images-0.2"),
        _case((7, 9), 0.75, function="dropout_by_hand", n=2, id="features-0.75"),
        _case((1, 1, 1, 13), 0.5, function="dropout_by_hand", n=1, id="size-1-dims"),
    ],
)
def test_dropout_survivors_scaled(student, shape, p):
    x = randn(*shape, seed=201)
    dropped = check_dropout(
        student.regularization.dropout_by_hand(x, p, True, generator=generator(202)), x, p
    )
    if x.numel() >= 20 and (bool(dropped.all()) or not bool(dropped.any())):
        fail(
            f"With p = {p}, {'every' if bool(dropped.all()) else 'no'} element of {x.numel()} was "
            f"dropped. {DROP}",
            f"p = {p} 时，{x.numel()} 个元素{'全部' if bool(dropped.all()) else '没有一个'}被丢弃。{DROP}",
        )


@exercise("regularization.dropout_by_hand")
@points(3)
def test_dropout_statistics(student):
    # 100,000 independent drops with p = 0.3: the count of zeros is Binomial(n, p), standard
    # deviation sqrt(n p (1 - p)) ≈ 145; allow 6 of them. The mean of the output estimates the
    # mean of x (inverted dropout keeps the expectation); allow 6 standard deviations too.
    p, rows, cols = 0.3, 200, 500
    x = randn(rows, cols, seed=211).abs() + 0.5
    y = student.regularization.dropout_by_hand(x, p, True, generator=generator(212))
    dropped = check_dropout(y, x, p)
    if bool((dropped == dropped[:1]).all()):
        fail(
            f"Every row was dropped in the same places: draw one random number per element "
            f"(a mask of x's full shape), not one mask for the last dim. {DROP}",
            f"每一行被丢弃的位置都相同：请为每个元素各抽一个随机数（掩码与 x 同形状），而不是只为最后一维抽一个掩码。{DROP}",
        )
    if bool((dropped == dropped[:, :1]).all()):
        fail(
            f"Whole rows were dropped together: drop each element independently (a mask of x's "
            f"full shape). {DROP}",
            f"整行被一起丢弃：请独立地丢弃每个元素（掩码与 x 同形状）。{DROP}",
        )
    n = x.numel()
    zeros = int(dropped.sum())
    sd = math.sqrt(n * p * (1 - p))
    if abs(zeros - n * p) > 6 * sd:
        hint = (
            tr(
                f"p is the probability of DROPPING an element, not of keeping it: drop where "
                f"torch.rand(...) < p {DROP}",
                f"p 是丢弃一个元素的概率，不是保留的概率：在 torch.rand(...) < p 的位置丢弃{DROP}",
            )
            if abs(zeros - n * (1 - p)) <= 6 * sd
            else tr(
                f"each element is dropped with probability p {DROP}",
                f"每个元素以概率 p 被丢弃{DROP}",
            )
        )
        fail(
            f"With p = {shown(p, 'g')}, about {shown(n * p, '.0f')} of {shown(n, 'g')} elements should be dropped (±{shown(6 * sd, '.0f')}), but "
            f"{zeros} were: {hint}.",
            f"p = {shown(p, 'g')} 时，{shown(n, 'g')} 个元素中应有约 {shown(n * p, '.0f')} 个被丢弃（±{shown(6 * sd, '.0f')}），实际是 {zeros} 个：{hint}。",
        )
    mean_x, mean_y = x.double().mean().item(), y.double().mean().item()
    sd_mean = math.sqrt((x.double() ** 2).sum().item() * p / (1 - p)) / n
    if abs(mean_y - mean_x) > 6 * sd_mean:
        fail(
            f"Inverted dropout keeps the expectation: the mean of the result should be close to "
            f"the mean of x, {shown(mean_x, '.4f')} (±{shown(6 * sd_mean, '.4f')}), but it is {shown(mean_y, '.4f')}. {DROP}",
            f"反向缩放的 Dropout 保持期望不变：结果的均值应接近 x 的均值 {shown(mean_x, '.4f')}（±{shown(6 * sd_mean, '.4f')}），实际是 {shown(mean_y, '.4f')}。{DROP}",
        )


@exercise("regularization.dropout_by_hand")
@points(1)
def test_dropout_p_zero(student):
    x = randn(4, 3, 2, 5, seed=221)
    assert_tensor(
        student.regularization.dropout_by_hand(x, 0.0, True, generator=generator(222)),
        x,
        what=Msg("the result for p = 0", "p = 0 时的结果"),
        mistakes={
            Msg(
                f"divided by p instead of (1 - p): with p = 0 that gives inf {DROP.en}",
                f"除以了 p 而不是 (1 - p)：p = 0 时会得到 inf{DROP.zh}",
            ): x / 0.0,
            Msg(
                f"everything was dropped: p is the probability of DROPPING an element, so p = 0 "
                f"drops nothing {DROP.en}",
                f"所有元素都被丢弃了：p 是丢弃一个元素的概率，p = 0 时什么都不丢{DROP.zh}",
            ): torch.zeros_like(x),
        },
    )


@pytest.mark.parametrize(
    "dtype",
    [
        _case(torch.float32, function="dropout_by_hand", n=2, id="float32"),
        _case(torch.float64, function="dropout_by_hand", n=1, id="float64"),
    ],
)
def test_dropout_p_one(student, dtype):
    x = randn(3, 2, 4, 4, seed=231, dtype=dtype)
    assert_tensor(
        student.regularization.dropout_by_hand(x, 1.0, True, generator=generator(232)),
        torch.zeros_like(x),
        what=Msg("the result for p = 1", "p = 1 时的结果"),
        mistakes={
            Msg(
                f"nan: with p = 1 every element is dropped and 1 / (1 - p) = inf, so 0 · inf = nan; "
                f"return zeros when p == 1 {DROP.en}",
                f"得到了 nan：p = 1 时所有元素都被丢弃，而 1 / (1 - p) = inf，于是 0 · inf = nan；"
                f"p == 1 时应直接返回全零{DROP.zh}",
            ): torch.full_like(x, math.nan)
        },
    )


@pytest.mark.parametrize(
    "p",
    [
        _case(0.5, function="dropout_by_hand", n=2, id="p-0.5"),
        _case(1.0, function="dropout_by_hand", n=1, id="p-1"),
    ],
)
def test_dropout_not_training_is_identity(student, p):
    x = randn(2, 3, 4, 5, seed=241)
    call = student.regularization.dropout_by_hand.call(x, p, False, generator=generator(242))
    y = call.value
    if isinstance(y, torch.Tensor) and y.shape == x.shape and not torch.equal(y, x):
        if bool(((y == 0) | torch.isclose(y, x / (1 - p))).all()):
            fail(
                f"With training=False elements were still dropped: dropout only acts while "
                f"training; in evaluation (model.eval()) return x unchanged. {DROP}",
                f"training=False 时仍有元素被丢弃：Dropout 只在训练时起作用；评估时（model.eval()）应原样返回 x。{DROP}",
            )
    assert_tensor(
        call.value,
        x,
        what=Msg("the result when not training", "非训练模式下的结果"),
        mistakes={
            Msg(
                f"scaled by (1 - p) at evaluation: that is the original paper's convention; with "
                f"inverted dropout (scaled while training) evaluation is the identity {DROP.en}",
                f"评估时乘了 (1 - p)：那是原论文的做法；反向缩放的 Dropout 在训练时已经缩放，"
                f"评估时应原样返回{DROP.zh}",
            ): x * (1 - p),
        },
    )
    assert_inputs_unchanged(call, x, names=["x"])


@pytest.mark.parametrize(
    "p, training",
    [
        _case(-0.1, True, function="dropout_by_hand", n=1, id="negative"),
        _case(1.5, True, function="dropout_by_hand", n=1, id="above-one"),
        _case(2.0, False, function="dropout_by_hand", n=1, id="above-one-eval"),
    ],
)
def test_dropout_bad_p(student, p, training):
    expect_raises(
        student.regularization.dropout_by_hand,
        randn(3, 4, seed=251),
        p,
        training,
        exc_type="ValueError",
    )


@exercise("regularization.dropout_by_hand")
@points(2)
def test_dropout_follows_the_generator(student):
    x = randn(8, 16, seed=261)
    fn = student.regularization.dropout_by_hand
    first = check_dropout(fn(x, 0.5, True, generator=generator(262)), x, 0.5)
    again = check_dropout(fn(x, 0.5, True, generator=generator(262)), x, 0.5)
    if not torch.equal(first, again):
        fail(
            "Two calls with generators in the same state dropped different elements: draw the "
            "mask from the generator (torch.rand(x.shape, generator=generator, device=x.device)).",
            "两次调用的生成器状态相同，丢弃的元素却不同：请从 generator 抽取掩码（torch.rand(x.shape, generator=generator, device=x.device)）。",
        )
    other = check_dropout(fn(x, 0.5, True, generator=generator(263)), x, 0.5)
    if torch.equal(first, other):
        fail(
            "Generators with different seeds dropped the same elements: the generator is not "
            "used. Pass it on: torch.rand(x.shape, generator=generator, device=x.device).",
            "不同种子的生成器丢弃了相同的元素：generator 没有被使用。请传下去：torch.rand(x.shape, generator=generator, device=x.device)。",
        )


@exercise("regularization.dropout_by_hand")
@points(1)
def test_dropout_without_generator(student):
    x = randn(20, 30, seed=271)
    dropped = check_dropout(student.regularization.dropout_by_hand(x, 0.4, True), x, 0.4)
    if not 0.25 < dropped.float().mean().item() < 0.55:
        fail(
            f"With p = 0.4 about 40% of the elements should be dropped, but "
            f"{shown(dropped.float().mean().item(), '.0%')} were. {DROP}",
            f"p = 0.4 时应有约 40% 的元素被丢弃，实际是 {shown(dropped.float().mean().item(), '.0%')}。{DROP}",
        )


@exercise("regularization.dropout_by_hand")
@points(2)
def test_dropout_non_contiguous_unchanged_by_hand(student):
    x = non_contiguous(randn(6, 5, 4, 3, seed=281))
    fn = student.regularization.dropout_by_hand
    call = fn.call(x, 0.25, True, generator=generator(282))
    check_dropout(call.value, x, 0.25)
    assert_inputs_unchanged(call, x, names=["x"])
    assert_not_using(
        fn,
        call,
        DROPOUT_CALLS,
        lesson=Msg(
            f"Draw a mask with torch.rand or torch.bernoulli and multiply. {DROP.en}",
            f"请用 torch.rand 或 torch.bernoulli 抽取掩码再相乘。{DROP.zh}",
        ),
    )


@exercise("regularization.dropout_by_hand")
@points(1)
def test_dropout_float64(student):
    x = randn(5, 8, seed=291, dtype=torch.float64)
    check_dropout(
        student.regularization.dropout_by_hand(x, 0.3, True, generator=generator(292)), x, 0.3
    )


@pytest.mark.parametrize(
    "p",
    [
        _case(0.4, function="dropout_by_hand", n=1, id="p-0.4"),
        _case(1.0, function="dropout_by_hand", n=1, id="p-1"),
    ],
)
def test_dropout_meta_device(student, p):
    x = randn(2, 3, 4, 5, seed=295)
    fn = student.regularization.dropout_by_hand
    check_dropout(fn(x, p, True, generator=generator(296)), x, p)
    assert_keeps_meta(fn, x, p, True)  # the mask (and the zeros for p = 1) on x's device


# -- EarlyStopping --------------------------------------------------------------------------------
def _stopping(patience, min_delta, losses, **mistake):
    """The judge's early stopping: [(step result, best, best_epoch)] after each call. Keyword
    flags give the trace of a known mistake."""
    best, best_epoch, wait, trace = math.inf, None, 0, []
    previous = math.inf
    for i, loss in enumerate(losses):
        reference = previous if mistake.get("vs_last") else best
        delta = 0.0 if mistake.get("no_delta") else min_delta
        if mistake.get("nan_improves"):
            improved = not loss >= reference - delta
        elif mistake.get("le"):
            improved = loss <= reference - delta
        else:
            improved = loss < reference - delta
        if improved:
            best, best_epoch = loss, i + (1 if mistake.get("one_based") else 0)
            if not mistake.get("no_reset"):
                wait = 0
        else:
            wait += 1
            if mistake.get("best_any") and loss < best:
                best, best_epoch = loss, i
        previous = loss
        if mistake.get("gt"):
            stop = wait > patience
        elif mistake.get("eq"):
            stop = wait == patience
        elif mistake.get("latched"):
            stop = bool(trace and trace[-1][0]) or wait >= patience
        else:
            stop = wait >= patience
        trace.append((stop, best, best_epoch))
    return trace


STOPPING_MISTAKES = {
    "le": Msg(
        f"a loss lower by exactly min_delta (or equal, with min_delta = 0) counted as an improvement: use val_loss < best - min_delta, strictly {STOP.en}",
        f"恰好低 min_delta 的损失（min_delta = 0 时即相等的损失）被算作了改善：应当严格地判断 val_loss < best - min_delta{STOP.zh}",
    ),
    "no_delta": Msg(
        f"min_delta was ignored: a decrease counts only when it is MORE than min_delta {STOP.en}",
        f"忽略了 min_delta：下降幅度必须大于 min_delta 才算改善{STOP.zh}",
    ),
    "no_reset": Msg(
        f"the count of calls without improvement was not reset to 0 by an improvement {STOP.en}",
        f"出现改善时，没有把“连续未改善的调用次数”清零{STOP.zh}",
    ),
    "vs_last": Msg(
        f"compared with the previous loss instead of the best one: a loss that is lower than the last but not than the best is no improvement {STOP.en}",
        f"与上一次的损失比较，而不是与最佳损失比较：比上一次低、但不比 best 低的损失不算改善{STOP.zh}",
    ),
    "gt": Msg(
        f"off by one: step returns True as soon as patience calls in a row did not improve (count >= patience) {STOP.en}",
        f"差了一次：连续 patience 次调用没有改善时，step 就应返回 True（count >= patience）{STOP.zh}",
    ),
    "eq": Msg(
        f"True only when the count equals patience: it stays True while the loss keeps not improving (count >= patience) {STOP.en}",
        f"只在次数恰好等于 patience 时返回 True：只要损失一直没有改善，就应一直返回 True（count >= patience）{STOP.zh}",
    ),
    "latched": Msg(
        f"step stayed True after an improvement: an improvement resets the count, so step returns False again until patience more calls fail to improve {STOP.en}",
        f"改善之后 step 仍返回 True：改善会把次数清零，所以在又连续 patience 次未改善之前，step 应重新返回 False{STOP.zh}",
    ),
    "one_based": Msg(
        f"best_epoch is 0-based: the first call is epoch 0 {STOP.en}",
        f"best_epoch 从 0 开始计数：第一次调用是第 0 轮{STOP.zh}",
    ),
    "best_any": Msg(
        f"best was lowered by a decrease that did not count (not more than min_delta); best changes only on an improvement {STOP.en}",
        f"一次不算改善的下降（不大于 min_delta）也降低了 best；只有改善时 best 才会变{STOP.zh}",
    ),
    "nan_improves": Msg(
        f"a nan loss counted as an improvement: every comparison with nan is False, so test `val_loss < best - min_delta` for the improvement {STOP.en}",
        f"nan 损失被算作了改善：与 nan 的任何比较都是 False，所以要用 `val_loss < best - min_delta` 判断是否改善{STOP.zh}",
    ),
}


def _show(x):
    return "nan" if isinstance(x, float) and math.isnan(x) else repr(x)


def check_stopping(student, patience, min_delta, losses, *, as_tensors=False):
    """Feed `losses` one by one; after each call compare the result, best and best_epoch with
    the judge's early stopping. min_delta=None: construct with the default min_delta."""
    if min_delta is None:
        es = student.regularization.EarlyStopping(patience)
        min_delta = 0.0
        settings = Msg(
            f"patience={patience}, min_delta left at its default",
            f"patience={patience}，min_delta 取默认值",
        )
    else:
        es = student.regularization.EarlyStopping(patience, min_delta)
        settings = Msg(
            f"patience={patience}, min_delta={min_delta}",
            f"patience={patience}，min_delta={min_delta}",
        )
    expected = _stopping(patience, min_delta, losses)
    seen = []
    for i, loss in enumerate(losses):
        so_far = shown("[" + ", ".join(_show(v) for v in losses[: i + 1]) + "]", "s")
        where = Msg(
            f"after step() was given {so_far} ({settings.en})",
            f"依次给 step() 传入 {so_far}（{settings.zh}）后",
        )
        arg = torch.tensor(loss, dtype=torch.float64) if as_tensors else loss
        got = es.step(arg)
        if not isinstance(got, bool):
            fail(
                f"step() should return a Python bool (True or False), but {where} it returned "
                f"{shown(got)}. {STOP}",
                f"step() 应当返回 Python bool（True 或 False），但{where.zh}它返回了 {shown(got)}。{STOP}",
            )
        best, best_epoch = es.get("best"), es.get("best_epoch")
        seen.append((got, best, best_epoch))
        stop, want_best, want_epoch = expected[i]
        ok = (
            got == stop
            and isinstance(best, (int, float))
            and not isinstance(best, bool)
            and math.isclose(best, want_best, rel_tol=1e-9)
            and best_epoch == want_epoch
            and type(best_epoch) is type(want_epoch)
        )
        if ok:
            continue
        if isinstance(best, bool) or not isinstance(best, (int, float)):
            # says what best is
            assert_close_number(best, want_best, what=Msg(f"best {where.en}", f"{where.zh}的 best"))
        named = [
            str(text)
            for flag, text in STOPPING_MISTAKES.items()
            if _same_trace(seen, _stopping(patience, min_delta, losses[: i + 1], **{flag: True}))
        ]
        problems = []
        if not math.isclose(best, want_best, rel_tol=1e-9):
            problems.append(
                (
                    f"best is {shown(_show(best), 's')}, expected {shown(want_best)}",
                    f"best 是 {shown(_show(best), 's')}，应为 {shown(want_best)}",
                )
            )
        if best_epoch != want_epoch or type(best_epoch) is not type(want_epoch):
            problems.append(
                (
                    f"best_epoch is {shown(best_epoch)}, expected {shown(want_epoch)}",
                    f"best_epoch 是 {shown(best_epoch)}，应为 {shown(want_epoch)}",
                )
            )
        if got != stop:
            problems.append(
                (f"step() returned {got}, expected {stop}", f"step() 返回了 {got}，应为 {stop}")
            )
        fail(
            f"{where.en[0].upper()}{where.en[1:]}: {'; '.join(en for en, _ in problems)}."
            + (f" This looks like: {'. Or: '.join(named)}." if named else ""),
            f"{where.zh}：{'；'.join(zh for _, zh in problems)}。"
            + (f"很可能是这个错误：{'。或者：'.join(named)}。" if named else ""),
        )


def _same_number(a, b):
    if not isinstance(a, (int, float)) or isinstance(a, bool):
        return False
    return (math.isnan(a) and math.isnan(b)) or math.isclose(a, b, rel_tol=1e-9)


def _same_trace(seen, other):
    """The student's (result, best, best_epoch) after each call match a mistake's trace."""
    for (got, best, epoch), (stop, want_best, want_epoch) in zip(seen, other):
        if got != stop or epoch != want_epoch or not _same_number(best, want_best):
            return False
    return len(seen) == len(other)


@pytest.mark.parametrize(
    "patience, min_delta, losses",
    [
        _case(
            3,
            0.0,
            [1.0, 0.8, 0.8, 0.9, 0.85, 0.7, 0.75, 0.76, 0.77, 0.78],
            function="EarlyStopping",
            n=2,
            id="plateau",
        ),
        _case(
            2,
            0.05,
            [1.0, 0.97, 0.9, 0.88, 0.86, 0.7, 0.69, 0.71],
            function="EarlyStopping",
            n=2,
            id="min-delta",
        ),
        _case(
            1,
            0.0,
            [0.5, 0.4, 0.45, 0.3, 0.3, 0.2, 0.1],
            function="EarlyStopping",
            n=2,
            id="patience-1",
        ),
        _case(
            3,
            0.0,
            [1.0, 2.0, 1.5, 1.2, 1.1, 0.9, 3.0],
            function="EarlyStopping",
            n=2,
            id="compare-with-best",
        ),
        _case(
            2,
            0.01,
            [0.9, 0.95, 0.99, 1.2, 1.3, 0.6, 0.65, 0.7, 0.8],
            function="EarlyStopping",
            n=1,
            id="improves-after-stop",
        ),
    ],
)
def test_early_stopping_sequences(student, patience, min_delta, losses):
    check_stopping(student, patience, min_delta, losses)


@exercise("regularization.EarlyStopping")
@points(2)
def test_early_stopping_exactly_min_delta_is_no_improvement(student):
    # Binary fractions: 1.0 - 0.125 is exactly 0.875, so the tie is exact in floating point.
    check_stopping(student, 2, 0.125, [1.0, 0.875, 0.75, 0.625, 0.5, 0.5, 0.25])


@exercise("regularization.EarlyStopping")
@points(1)
def test_early_stopping_first_call(student):
    check_stopping(student, 1, 0.5, [3.25])


@exercise("regularization.EarlyStopping")
@points(2)
def test_early_stopping_nan_is_no_improvement(student):
    nan = math.nan
    check_stopping(student, 3, 0.0, [1.0, 0.9, nan, 0.95, nan, 0.8, nan, nan, nan, 0.5])


@exercise("regularization.EarlyStopping")
@points(1)
def test_early_stopping_tensor_losses(student):
    check_stopping(student, 2, 0.0, [0.75, 0.5, 0.625, 0.5, 0.25], as_tensors=True)


@exercise("regularization.EarlyStopping")
@points(1)
def test_early_stopping_default_min_delta(student):
    # min_delta = 0: any decrease, however small, improves; an equal loss does not
    check_stopping(student, 1, None, [2.0, 2.0, 1.0, 1.0 - 1e-6, 1.5, 0.5])


# -- device agreement -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "name, make_args",
    cuda_cases(
        "regularization",
        {
            "l1_penalty": lambda: args(
                [randn(4, 3, seed=301), randn(3, seed=302), randn(seed=303)]
            ),
            "l2_penalty": lambda: args([randn(2, 3, 3, 3, seed=304), randn(2, seed=305)]),
            "dropout_by_hand": lambda: random_args(
                randn(6, 10, seed=306), 0.3, True, generator=generator(307)
            ),
        },
    ),
)
def test_same_on_cuda(student, name, make_args):
    """Device agreement: the same answer on CPU and on CUDA, returned on CUDA."""
    assert_same_on_cuda(getattr(student.regularization, name), make_args())
