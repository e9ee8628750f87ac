"""Hidden checks for topic `logistic` (Logistic Regression / 交叉熵): probabilities of exactly 0
and 1, logits of ±1000, a decision boundary of exactly 0.5, float32 and float64, single samples
and batches, other bases, the forbidden softmax/cross-entropy built-ins, non-contiguous inputs left
alone, the meta device."""

import math

import pytest
import torch
import torch.nn.functional as F

from grader.checks import (
    args,
    assert_inputs_unchanged,
    assert_keeps_meta,
    assert_not_using,
    assert_same_on_cuda,
    assert_tensor,
    cuda_cases,
    generator,
    non_contiguous,
    randint,
    randn,
)
from grader.checks.forbidden import BINARY_CROSS_ENTROPY_CALLS, CROSS_ENTROPY_CALLS
from grader.i18n import Msg
from grader.lessons import cite

exercise = pytest.mark.exercise
points = pytest.mark.points

LESSON = cite("logistic")


DTYPES = {"float32": torch.float32, "float64": torch.float64}


def _case(*values, function, n, id):
    return pytest.param(*values, marks=[exercise(f"logistic.{function}"), points(n)], id=id)


def _probabilities(*shape, seed, dtype=torch.float32):
    """Rows that sum to 1, all entries > 0."""
    return (randn(*shape, seed=seed, dtype=dtype) * 1.5).softmax(dim=-1)


# -- entropy --------------------------------------------------------------------------------------
def _entropy(p, base=math.e):
    return -torch.special.xlogy(p, p).sum(-1) / math.log(base) + 0.0  # + 0.0: no -0 shown


def _entropy_mistakes(p, base=math.e):
    nats = -torch.special.xlogy(p, p).sum(-1)
    mistakes = {
        Msg(
            f"the minus sign is missing: H(p) = -Σ p·log p is never negative {LESSON.en}",
            f"漏了负号：H(p) = -Σ p·log p 永远不会是负数{LESSON.zh}",
        ): -nats / math.log(base),
        Msg(
            "p * log(p) gives 0 · (-inf) = nan where p = 0; 0·log 0 counts as 0 "
            "(torch.special.xlogy(p, p) or torch.special.entr)"
            f" {LESSON.en}",
            "在 p = 0 处 p * log(p) 得到 0 · (-inf) = nan；0·log 0 应当算作 0"
            "（用 torch.special.xlogy(p, p) 或 torch.special.entr）"
            f"{LESSON.zh}",
        ): -(p * p.log()).sum(-1) / math.log(base),
        Msg(
            f"the mean over the last dim instead of the sum {LESSON.en}",
            f"在最后一维上求了均值，而不是求和{LESSON.zh}",
        ): -torch.special.xlogy(p, p).mean(-1) / math.log(base),
        Msg(
            f"keepdim=True: the last dim must be summed away {LESSON.en}",
            f"用了 keepdim=True：最后一维求和之后应当消失{LESSON.zh}",
        ): (nats / math.log(base)).unsqueeze(-1),
        Msg(
            f"summed over dim 0 instead of the last dim {LESSON.en}",
            f"在第 0 维上求和，而不是在最后一维上{LESSON.zh}",
        ): -torch.special.xlogy(p, p).sum(0) / math.log(base),
    }
    if base != math.e:
        mistakes[
            Msg(
                f"the base was ignored: divide the natural log by ln(base) {LESSON.en}",
                f"忽略了 base：要把自然对数除以 ln(base){LESSON.zh}",
            )
        ] = nats
        mistakes[
            Msg(
                f"multiplied by ln(base) instead of dividing by it {LESSON.en}",
                f"乘以了 ln(base)，而不是除以它{LESSON.zh}",
            )
        ] = nats * math.log(base)
    if base != 2:
        mistakes[
            Msg(
                f"log2 whatever the base: divide by ln(base) {LESSON.en}",
                f"不管 base 是多少都用了 log2：要除以 ln(base){LESSON.zh}",
            )
        ] = nats / math.log(2)
    return mistakes


@pytest.mark.parametrize(
    "shape, dtype",
    [
        _case((6, 5), "float32", function="entropy", n=2, id="batch"),
        _case((7,), "float64", function="entropy", n=2, id="single-distribution-float64"),
        _case((2, 3, 4), "float32", function="entropy", n=2, id="two-batch-dims"),
        _case((3, 1), "float64", function="entropy", n=1, id="one-outcome"),
    ],
)
def test_entropy_matches_categorical(student, shape, dtype):
    p = _probabilities(*shape, seed=201, dtype=DTYPES[dtype])
    expected = torch.distributions.Categorical(probs=p).entropy()
    assert_tensor(student.logistic.entropy(p), expected, mistakes=_entropy_mistakes(p))


@pytest.mark.parametrize(
    "dtype",
    [
        _case("float32", function="entropy", n=2, id="float32"),
        _case("float64", function="entropy", n=1, id="float64"),
    ],
)
def test_entropy_probabilities_zero_and_one(student, dtype):
    p = torch.tensor(
        [
            [1.0, 0.0, 0.0, 0.0],
            [0.5, 0.5, 0.0, 0.0],
            [0.0, 0.0, 0.0, 1.0],
            [0.25, 0.25, 0.25, 0.25],
            [0.7, 0.0, 0.3, 0.0],
        ],
        dtype=DTYPES[dtype],
    )
    call = student.logistic.entropy.call(p)
    assert_tensor(call.value, _entropy(p), mistakes=_entropy_mistakes(p))
    assert_inputs_unchanged(call, p, names=["p"])


@pytest.mark.parametrize(
    "base",
    [
        _case(2, function="entropy", n=2, id="bits"),
        _case(10.0, function="entropy", n=1, id="base-10"),
    ],
)
def test_entropy_bases(student, base):
    p = _probabilities(4, 8, seed=202)
    p[0] = torch.tensor([0.5, 0.5, 0, 0, 0, 0, 0, 0])  # exactly 1 bit
    assert_tensor(
        student.logistic.entropy(p, base=base),
        _entropy(p, base),
        mistakes=_entropy_mistakes(p, base),
    )


# -- kl_divergence --------------------------------------------------------------------------------
def _kl(p, q):
    return (torch.special.xlogy(p, p) - torch.special.xlogy(p, q)).sum(-1)


def _kl_mistakes(p, q):
    return {
        Msg(
            f"KL(q || p) instead of KL(p || q): the divergence is not symmetric {LESSON.en}",
            f"算成了 KL(q || p)，而不是 KL(p || q)：KL 散度不是对称的{LESSON.zh}",
        ): _kl(q, p),
        Msg(
            f"log(q / p) instead of log(p / q): the sign is flipped {LESSON.en}",
            f"用了 log(q / p)，而不是 log(p / q)：符号反了{LESSON.zh}",
        ): -_kl(p, q),
        Msg(
            "p * log(p / q) gives 0 · (-inf) = nan where p = 0; those terms count as 0"
            f" {LESSON.en}",
            f"在 p = 0 处 p * log(p / q) 得到 0 · (-inf) = nan；这些项应当算作 0{LESSON.zh}",
        ): (p * (p / q).log()).sum(-1),
        Msg(
            "the cross entropy -Σ p·log q, not the KL divergence (which also adds Σ p·log p)"
            f" {LESSON.en}",
            f"算成了交叉熵 -Σ p·log q，而不是 KL 散度（KL 散度还要加上 Σ p·log p）{LESSON.zh}",
        ): -torch.special.xlogy(p, q).sum(-1),
        Msg(
            f"not summed over the last dim {LESSON.en}", f"没有在最后一维上求和{LESSON.zh}"
        ): torch.special.xlogy(p, p) - torch.special.xlogy(p, q),
        Msg(
            f"the mean over the last dim instead of the sum {LESSON.en}",
            f"在最后一维上求了均值，而不是求和{LESSON.zh}",
        ): (torch.special.xlogy(p, p) - torch.special.xlogy(p, q)).mean(-1),
    }


@pytest.mark.parametrize(
    "shape, dtype",
    [
        _case((5, 6), "float32", function="kl_divergence", n=2, id="batch"),
        _case((9,), "float64", function="kl_divergence", n=1, id="single-float64"),
        _case((2, 3, 4), "float32", function="kl_divergence", n=1, id="two-batch-dims"),
    ],
)
def test_kl_divergence_matches_kl_div(student, shape, dtype):
    p = _probabilities(*shape, seed=211, dtype=DTYPES[dtype])
    q = _probabilities(*shape, seed=212, dtype=DTYPES[dtype])
    expected = F.kl_div(q.log(), p, reduction="none").sum(-1)
    assert_tensor(student.logistic.kl_divergence(p, q), expected, mistakes=_kl_mistakes(p, q))


@pytest.mark.parametrize(
    "dtype",
    [
        _case("float32", function="kl_divergence", n=2, id="float32"),
        _case("float64", function="kl_divergence", n=1, id="float64"),
    ],
)
def test_kl_divergence_zeros_in_p(student, dtype):
    # where p = 0 the term is 0, whatever q is there, even 0
    p = torch.tensor(
        [[0.5, 0.5, 0.0, 0.0], [1.0, 0.0, 0.0, 0.0], [0.2, 0.0, 0.8, 0.0]], dtype=DTYPES[dtype]
    )
    q = torch.tensor(
        [[0.25, 0.25, 0.5, 0.0], [0.4, 0.6, 0.0, 0.0], [0.1, 0.3, 0.4, 0.2]], dtype=DTYPES[dtype]
    )
    call = student.logistic.kl_divergence.call(p, q)
    assert_tensor(call.value, _kl(p, q), mistakes=_kl_mistakes(p, q))
    assert_inputs_unchanged(call, p, q, names=["p", "q"])


@exercise("logistic.kl_divergence")
@points(1)
def test_kl_divergence_of_a_distribution_with_itself(student):
    p = torch.tensor([[0.0, 0.3, 0.7], [1.0, 0.0, 0.0], [1 / 3, 1 / 3, 1 / 3]])
    assert_tensor(
        student.logistic.kl_divergence(p, p.clone()), torch.zeros(3), mistakes=_kl_mistakes(p, p)
    )


@exercise("logistic.kl_divergence")
@points(1)
def test_kl_divergence_infinite_where_q_is_zero(student):
    p = torch.tensor([[0.5, 0.5, 0.0], [0.0, 0.5, 0.5]], dtype=torch.float64)
    q = torch.tensor([[1.0, 0.0, 0.0], [0.0, 0.5, 0.5]], dtype=torch.float64)
    expected = torch.tensor([math.inf, 0.0], dtype=torch.float64)
    assert_tensor(student.logistic.kl_divergence(p, q), expected, mistakes=_kl_mistakes(p, q))


# -- cross_entropy_by_hand ------------------------------------------------------------------------
def _naive_ce(logits, targets):
    e = logits.exp()
    p = e / e.sum(-1, keepdim=True)
    return -p.gather(-1, targets[:, None]).squeeze(-1).log().mean()


def _ce_mistakes(logits, targets):
    lse = logits.logsumexp(-1)
    picked = logits.gather(-1, targets[:, None]).squeeze(-1)
    shifted = logits - logits.max()
    global_max = (
        -(shifted.gather(-1, targets[:, None]).squeeze(-1) - shifted.exp().sum(-1).log())
    ).mean()
    return {
        Msg(
            "a naive softmax overflows: exp(1000) = inf gives nan; subtract each row's max first "
            "or use logsumexp"
            f" {LESSON.en}",
            "直接计算 softmax 会溢出：exp(1000) = inf 会得到 nan；先减去每一行的最大值，或用 logsumexp"
            f"{LESSON.zh}",
        ): _naive_ce(logits, targets),
        Msg(
            "the max of the whole batch was subtracted, not each row's: a row far below it "
            "underflows to log(0)"
            f" {LESSON.en}",
            f"减去的是整批的最大值，而不是每一行的：远小于它的那一行会下溢成 log(0){LESSON.zh}",
        ): global_max,
        Msg(
            f"the sum over the batch instead of the mean {LESSON.en}",
            f"对整批求了和，而不是求均值{LESSON.zh}",
        ): (lse - picked).sum(),
        Msg(
            f"one loss per sample: take their mean over the batch {LESSON.en}",
            f"返回了每个样本各自的损失：要对整批取均值{LESSON.zh}",
        ): lse - picked,
        Msg(
            "the minus sign is missing: the loss is -log softmax(a)[t] = logsumexp(a) - a[t]"
            f" {LESSON.en}",
            f"漏了负号：损失是 -log softmax(a)[t] = logsumexp(a) - a[t]{LESSON.zh}",
        ): (picked - lse).mean(),
        Msg(
            f"the largest logit was used instead of the target's {LESSON.en}",
            f"用了最大的 logit，而不是目标类别的 logit{LESSON.zh}",
        ): (lse - logits.max(-1).values).mean(),
        Msg(
            f"the logit of the target, a[t], was not subtracted {LESSON.en}",
            f"没有减去目标类别的 logit a[t]{LESSON.zh}",
        ): lse.mean(),
    }


@pytest.mark.parametrize(
    "n, c, dtype",
    [
        _case(8, 5, "float32", function="cross_entropy_by_hand", n=2, id="batch"),
        _case(1, 4, "float32", function="cross_entropy_by_hand", n=1, id="single-sample"),
        _case(6, 1, "float32", function="cross_entropy_by_hand", n=1, id="one-class"),
        _case(16, 10, "float64", function="cross_entropy_by_hand", n=2, id="float64"),
    ],
)
def test_cross_entropy_matches_F(student, n, c, dtype):
    logits = randn(n, c, seed=221, dtype=DTYPES[dtype]) * 4
    targets = randint(0, c, (n,), seed=222)
    assert_tensor(
        student.logistic.cross_entropy_by_hand(logits, targets),
        F.cross_entropy(logits, targets),
        mistakes=_ce_mistakes(logits, targets),
    )


@pytest.mark.parametrize(
    "dtype",
    [
        _case("float32", function="cross_entropy_by_hand", n=3, id="float32"),
        _case("float64", function="cross_entropy_by_hand", n=2, id="float64"),
    ],
)
def test_cross_entropy_logits_of_1000(student, dtype):
    logits = torch.tensor(
        [
            [1000.0, -1000.0, 0.0],
            [-1000.0, 1000.0, 999.0],
            [-1000.0, -1000.0, -999.0],
            [1000.0, 1000.0, 1000.0],
            [0.5, -1000.0, 1000.0],
        ],
        dtype=DTYPES[dtype],
    )
    targets = torch.tensor([0, 2, 1, 1, 0])
    assert_tensor(
        student.logistic.cross_entropy_by_hand(logits, targets),
        F.cross_entropy(logits, targets),
        mistakes=_ce_mistakes(logits, targets),
    )


@exercise("logistic.cross_entropy_by_hand")
@points(2)
def test_cross_entropy_by_hand_without_the_built_ins(student):
    logits, targets = randn(7, 6, seed=223) * 2, randint(0, 6, (7,), seed=224)
    fn = student.logistic.cross_entropy_by_hand
    call = fn.call(logits, targets)
    assert_tensor(
        call.value, F.cross_entropy(logits, targets), mistakes=_ce_mistakes(logits, targets)
    )
    assert_not_using(
        fn,
        call,
        CROSS_ENTROPY_CALLS,
        lesson=Msg(
            f"Write it with exp, log and max (or logsumexp) and indexing. {LESSON.en}",
            f"可以用 exp、log 和 max（或 logsumexp）加上索引来写。{LESSON.zh}",
        ),
    )


# -- binary_cross_entropy_by_hand -----------------------------------------------------------------
def _bce_mistakes(probs, targets):
    log_p, log_q = probs.log(), (1 - probs).log()
    clamped_p, clamped_q = log_p.clamp(min=-100), log_q.clamp(min=-100)
    mistakes = {
        Msg(
            "log was not clamped: log(0) = -inf gives inf or 0·(-inf) = nan; clamp each log at "
            "-100 as PyTorch does"
            f" {LESSON.en}",
            "log 没有截断：log(0) = -inf 会得到 inf 或 0·(-inf) = nan；要像 PyTorch 那样把每个 "
            "log 截断在 -100"
            f"{LESSON.zh}",
        ): -(targets * log_p + (1 - targets) * log_q).mean(),
        Msg(
            "the logs were clamped after multiplying by the targets: 0·(-inf) is already nan; "
            "clamp each log first"
            f" {LESSON.en}",
            f"乘以目标值之后才截断 log：0·(-inf) 已经是 nan 了；要先截断每个 log{LESSON.zh}",
        ): -((targets * log_p).clamp(min=-100) + ((1 - targets) * log_q).clamp(min=-100)).mean(),
        Msg(f"the minus sign is missing {LESSON.en}", f"漏了负号{LESSON.zh}"): (
            targets * clamped_p + (1 - targets) * clamped_q
        ).mean(),
        Msg(f"the sum instead of the mean {LESSON.en}", f"求了和，而不是求均值{LESSON.zh}"): -(
            targets * clamped_p + (1 - targets) * clamped_q
        ).sum(),
        Msg(
            f"the two terms swapped: t·log(p) goes with the target 1 {LESSON.en}",
            f"两项写反了：t·log(p) 是目标值为 1 的那一项{LESSON.zh}",
        ): -(targets * clamped_q + (1 - targets) * clamped_p).mean(),
    }
    for eps in (1e-7, 1e-8, 1e-12):
        c = probs.clamp(eps, 1 - eps)
        mistakes[
            Msg(
                f"the probabilities were clamped to [{eps:g}, 1 - {eps:g}]; PyTorch clamps the "
                f"LOG at -100 instead"
                f" {LESSON.en}",
                f"把概率截断到了 [{eps:g}, 1 - {eps:g}]；PyTorch 截断的是 log（截断在 -100）"
                f"{LESSON.zh}",
            )
        ] = -(targets * c.log() + (1 - targets) * (1 - c).log()).mean()
    return mistakes


@pytest.mark.parametrize(
    "shape, dtype, soft",
    [
        _case((8,), "float32", False, function="binary_cross_entropy_by_hand", n=2, id="vector"),
        _case((4, 3), "float64", False, function="binary_cross_entropy_by_hand", n=1, id="float64"),
        _case(
            (2, 3, 5),
            "float32",
            True,
            function="binary_cross_entropy_by_hand",
            n=2,
            id="soft-targets",
        ),
        _case(
            (), "float32", False, function="binary_cross_entropy_by_hand", n=1, id="single-value"
        ),
    ],
)
def test_binary_cross_entropy_matches_F(student, shape, dtype, soft):
    dt = DTYPES[dtype]
    probs = torch.rand(shape, generator=generator(231), dtype=dt) * 0.98 + 0.01
    targets = torch.rand(shape, generator=generator(232), dtype=dt)
    targets = targets if soft else (targets > 0.5).to(dt)
    assert_tensor(
        student.logistic.binary_cross_entropy_by_hand(probs, targets),
        F.binary_cross_entropy(probs, targets),
        mistakes=_bce_mistakes(probs, targets),
    )


@pytest.mark.parametrize(
    "dtype",
    [
        _case("float32", function="binary_cross_entropy_by_hand", n=3, id="float32"),
        _case("float64", function="binary_cross_entropy_by_hand", n=2, id="float64"),
    ],
)
def test_binary_cross_entropy_probabilities_zero_and_one(student, dtype):
    dt = DTYPES[dtype]
    probs = torch.tensor([0.0, 1.0, 0.0, 1.0, 0.5, 1e-30, 0.999], dtype=dt)
    targets = torch.tensor([0.0, 1.0, 1.0, 0.0, 1.0, 1.0, 0.0], dtype=dt)
    call = student.logistic.binary_cross_entropy_by_hand.call(probs, targets)
    assert_tensor(
        call.value, F.binary_cross_entropy(probs, targets), mistakes=_bce_mistakes(probs, targets)
    )
    assert_inputs_unchanged(call, probs, targets, names=["probs", "targets"])


@exercise("logistic.binary_cross_entropy_by_hand")
@points(1)
def test_binary_cross_entropy_all_certain_and_right(student):
    probs = torch.tensor([[0.0, 1.0], [1.0, 0.0]])
    targets = torch.tensor([[0.0, 1.0], [1.0, 0.0]])
    assert_tensor(
        student.logistic.binary_cross_entropy_by_hand(probs, targets),
        torch.tensor(0.0),
        mistakes=_bce_mistakes(probs, targets),
    )


@exercise("logistic.binary_cross_entropy_by_hand")
@points(2)
def test_binary_cross_entropy_by_hand_without_the_built_ins(student):
    probs = torch.rand(6, 2, generator=generator(233)) * 0.9 + 0.05
    targets = (torch.rand(6, 2, generator=generator(234)) > 0.5).float()
    fn = student.logistic.binary_cross_entropy_by_hand
    call = fn.call(probs, targets)
    assert_tensor(
        call.value, F.binary_cross_entropy(probs, targets), mistakes=_bce_mistakes(probs, targets)
    )
    assert_not_using(
        fn,
        call,
        BINARY_CROSS_ENTROPY_CALLS,
        lesson=Msg(
            f"Write it with log, clamp(min=-100) and mean. {LESSON.en}",
            f"可以用 log、clamp(min=-100) 和 mean 来写。{LESSON.zh}",
        ),
    )


# -- logistic_predict -----------------------------------------------------------------------------
def _predict_mistakes(x, w, b):
    z = x @ w + b
    return {
        Msg(
            "`>=` puts the boundary in class 1: a probability of exactly 0.5 (x @ w + b == 0) "
            "is class 0; use `>`"
            f" {LESSON.en}",
            "`>=` 把边界上的点归入了类别 1：概率恰好为 0.5（x @ w + b == 0）时是类别 0；请用 `>`"
            f"{LESSON.zh}",
        ): (z >= 0).long(),
        Msg(f"the bias b was not added {LESSON.en}", f"没有加上偏置 b{LESSON.zh}"): (
            x @ w > 0
        ).long(),
        Msg(
            f"the classes are flipped: 1 where sigmoid(x @ w + b) > 0.5 {LESSON.en}",
            f"类别反了：sigmoid(x @ w + b) > 0.5 处应为 1{LESSON.zh}",
        ): (z < 0).long(),
    }


@pytest.mark.parametrize(
    "dtype",
    [
        _case("float32", function="logistic_predict", n=3, id="float32"),
        _case("float64", function="logistic_predict", n=2, id="float64"),
    ],
)
def test_logistic_predict_boundary_exactly_half(student, dtype):
    dt = DTYPES[dtype]
    # small integers, so x @ w + b is exact: three rows lie exactly on the boundary
    x = torch.tensor(
        [
            [3.0, 1.0, 0.0],
            [1.0, 1.0, 1.0],
            [0.0, -2.0, 4.0],
            [3.0, 0.0, 5.0],
            [1.0, 0.0, 7.0],
            [1.0, 1.0, -2.0],
            [4.0, 2.0, -1.0],
        ],
        dtype=dt,
    )
    w = torch.tensor([1.0, 2.0, 0.0], dtype=dt)
    b = -3.0  # x @ w + b = [2, 0, -7, 0, -2, 0, 5]
    z = x @ w + b
    assert_tensor(
        student.logistic.logistic_predict(x, w, b),
        (torch.sigmoid(z) > 0.5).long(),
        mistakes=_predict_mistakes(x, w, b),
    )


@pytest.mark.parametrize(
    "n, d, dtype, tensor_bias",
    [
        _case(9, 4, "float32", False, function="logistic_predict", n=1, id="batch"),
        _case(1, 5, "float32", False, function="logistic_predict", n=1, id="single-sample"),
        _case(7, 1, "float64", True, function="logistic_predict", n=1, id="1-feature-tensor-bias"),
        _case(12, 3, "float64", True, function="logistic_predict", n=1, id="float64-tensor-bias"),
    ],
)
def test_logistic_predict_shapes(student, n, d, dtype, tensor_bias):
    dt = DTYPES[dtype]
    x, w = randn(n, d, seed=241, dtype=dt), randn(d, seed=242, dtype=dt)
    b = torch.tensor(0.3, dtype=dt) if tensor_bias else 0.3
    expected = (torch.sigmoid(x @ w + b) > 0.5).long()
    assert_tensor(
        student.logistic.logistic_predict(x, w, b), expected, mistakes=_predict_mistakes(x, w, b)
    )


# -- every function: non-contiguous inputs left unchanged, and the meta device ---------------------
def _probability_pair():
    p = non_contiguous(_probabilities(5, 4, seed=251))
    q = non_contiguous(_probabilities(5, 4, seed=252))
    return p, q


def _case_entropy():
    p, _ = _probability_pair()
    return (p,), ["p"], _entropy(p)


def _case_kl():
    p, q = _probability_pair()
    return (p, q), ["p", "q"], _kl(p, q)


def _case_ce():
    logits = non_contiguous(randn(5, 6, seed=253) * 3)
    targets = randint(0, 6, (5,), seed=254)
    return (logits, targets), ["logits", "targets"], F.cross_entropy(logits, targets)


def _case_bce():
    probs = non_contiguous(torch.rand(4, 3, generator=generator(255)) * 0.9 + 0.05)
    targets = non_contiguous((torch.rand(4, 3, generator=generator(256)) > 0.5).float())
    return (probs, targets), ["probs", "targets"], F.binary_cross_entropy(probs, targets)


def _case_predict():
    x = non_contiguous(randn(6, 3, seed=257))
    w = randn(3, seed=258)
    return (x, w, -0.2), ["x", "w", "b"], (torch.sigmoid(x @ w - 0.2) > 0.5).long()


CASES = {
    "entropy": _case_entropy,
    "kl_divergence": _case_kl,
    "cross_entropy_by_hand": _case_ce,
    "binary_cross_entropy_by_hand": _case_bce,
    "logistic_predict": _case_predict,
}


def _cases():
    return [
        pytest.param(name, marks=[exercise(f"logistic.{name}"), points(1)], id=name)
        for name in CASES
    ]


@pytest.mark.parametrize("name", _cases())
def test_non_contiguous_inputs_left_unchanged(student, name):
    args, names, expected = CASES[name]()
    call = getattr(student.logistic, name).call(*args)
    assert_tensor(call.value, expected)
    assert_inputs_unchanged(call, *args, names=names)


@pytest.mark.parametrize("name", _cases())
def test_meta_device_kept(student, name):
    args, _, expected = CASES[name]()
    fn = getattr(student.logistic, name)
    assert_tensor(fn(*args), expected)
    assert_keeps_meta(fn, *args)


# -- device agreement (run only where CUDA is present; skipped, and out of the maximum, elsewhere)
def _probabilities_with_zeros(*shape, seed):
    """Rows that sum to 1, some entries exactly 0 (every row keeps at least two non-zero)."""
    p = _probabilities(*shape, seed=seed) * (randn(*shape, seed=seed + 1) > -0.5)
    return p / p.sum(dim=-1, keepdim=True)


def _probs_with_edges():
    probs = torch.rand(4, 3, generator=generator(465)) * 0.9 + 0.05
    probs[0, 0], probs[1, 1], probs[2, 2] = 0.0, 1.0, 0.0  # log 0 clamped to -100
    targets = torch.tensor([[0.0, 1.0, 1.0], [1.0, 1.0, 0.0], [0.0, 1.0, 1.0], [1.0, 0.0, 0.0]])
    return probs, targets


@pytest.mark.parametrize(
    "name, make_args",
    cuda_cases(
        "logistic",
        {
            "entropy": lambda: args(_probabilities_with_zeros(5, 4, seed=461), 2.0),
            "kl_divergence": lambda: args(
                _probabilities_with_zeros(5, 4, seed=461), _probabilities(5, 4, seed=463)
            ),
            # logits of a hundred or so: only a stable form stays finite
            "cross_entropy_by_hand": lambda: args(
                randn(5, 6, seed=464) * 100, randint(0, 6, (5,), seed=466)
            ),
            "binary_cross_entropy_by_hand": lambda: args(*_probs_with_edges()),
            "logistic_predict": lambda: args(
                randn(7, 4, seed=467), randn(4, seed=468), torch.tensor(-0.2)
            ),
        },
    ),
)
def test_same_on_cuda(student, name, make_args):
    """Device agreement: the same answer on CPU and on CUDA, returned on CUDA."""
    assert_same_on_cuda(getattr(student.logistic, name), make_args())
