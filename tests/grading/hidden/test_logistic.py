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

exercise = pytest.mark.exercise
points = pytest.mark.points

LESSON = "(Lessons 47–49 Logistic Regression / 交叉熵)"
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
        f"the minus sign is missing: H(p) = -Σ p·log p is never negative {LESSON}": -nats
        / math.log(base),
        f"p * log(p) gives 0 · (-inf) = nan where p = 0; 0·log 0 counts as 0 (torch.special.xlogy(p, p) or torch.special.entr) {LESSON}": -(
            p * p.log()
        ).sum(-1)
        / math.log(base),
        f"the mean over the last dim instead of the sum {LESSON}": -torch.special.xlogy(p, p).mean(
            -1
        )
        / math.log(base),
        f"keepdim=True: the last dim must be summed away {LESSON}": (
            nats / math.log(base)
        ).unsqueeze(-1),
        f"summed over dim 0 instead of the last dim {LESSON}": -torch.special.xlogy(p, p).sum(0)
        / math.log(base),
    }
    if base != math.e:
        mistakes[f"the base was ignored: divide the natural log by ln(base) {LESSON}"] = nats
        mistakes[f"multiplied by ln(base) instead of dividing by it {LESSON}"] = nats * math.log(
            base
        )
    if base != 2:
        mistakes[f"log2 whatever the base: divide by ln(base) {LESSON}"] = nats / math.log(2)
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
        f"KL(q || p) instead of KL(p || q): the divergence is not symmetric {LESSON}": _kl(q, p),
        f"log(q / p) instead of log(p / q): the sign is flipped {LESSON}": -_kl(p, q),
        f"p * log(p / q) gives 0 · (-inf) = nan where p = 0; those terms count as 0 {LESSON}": (
            p * (p / q).log()
        ).sum(-1),
        f"the cross entropy -Σ p·log q, not the KL divergence (which also adds Σ p·log p) {LESSON}": -torch.special.xlogy(
            p, q
        ).sum(-1),
        f"not summed over the last dim {LESSON}": torch.special.xlogy(p, p)
        - torch.special.xlogy(p, q),
        f"the mean over the last dim instead of the sum {LESSON}": (
            torch.special.xlogy(p, p) - torch.special.xlogy(p, q)
        ).mean(-1),
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
        f"a naive softmax overflows: exp(1000) = inf gives nan; subtract each row's max first or use logsumexp {LESSON}": _naive_ce(
            logits, targets
        ),
        f"the max of the whole batch was subtracted, not each row's: a row far below it underflows to log(0) {LESSON}": global_max,
        f"the sum over the batch instead of the mean {LESSON}": (lse - picked).sum(),
        f"one loss per sample: take their mean over the batch {LESSON}": lse - picked,
        f"the minus sign is missing: the loss is -log softmax(a)[t] = logsumexp(a) - a[t] {LESSON}": (
            picked - lse
        ).mean(),
        f"the largest logit was used instead of the target's {LESSON}": (
            lse - logits.max(-1).values
        ).mean(),
        f"the logit of the target, a[t], was not subtracted {LESSON}": lse.mean(),
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
        lesson=f"Write it with exp, log and max (or logsumexp) and indexing. {LESSON}",
    )


# -- binary_cross_entropy_by_hand -----------------------------------------------------------------
def _bce_mistakes(probs, targets):
    log_p, log_q = probs.log(), (1 - probs).log()
    clamped_p, clamped_q = log_p.clamp(min=-100), log_q.clamp(min=-100)
    mistakes = {
        f"log was not clamped: log(0) = -inf gives inf or 0·(-inf) = nan; clamp each log at -100 as PyTorch does {LESSON}": -(
            targets * log_p + (1 - targets) * log_q
        ).mean(),
        f"the logs were clamped after multiplying by the targets: 0·(-inf) is already nan; clamp each log first {LESSON}": -(
            (targets * log_p).clamp(min=-100) + ((1 - targets) * log_q).clamp(min=-100)
        ).mean(),
        f"the minus sign is missing {LESSON}": (
            targets * clamped_p + (1 - targets) * clamped_q
        ).mean(),
        f"the sum instead of the mean {LESSON}": -(
            targets * clamped_p + (1 - targets) * clamped_q
        ).sum(),
        f"the two terms swapped: t·log(p) goes with the target 1 {LESSON}": -(
            targets * clamped_q + (1 - targets) * clamped_p
        ).mean(),
    }
    for eps in (1e-7, 1e-8, 1e-12):
        c = probs.clamp(eps, 1 - eps)
        mistakes[
            f"the probabilities were clamped to [{eps:g}, 1 - {eps:g}]; PyTorch clamps the LOG at -100 instead {LESSON}"
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
        lesson=f"Write it with log, clamp(min=-100) and mean. {LESSON}",
    )


# -- logistic_predict -----------------------------------------------------------------------------
def _predict_mistakes(x, w, b):
    z = x @ w + b
    return {
        f"`>=` puts the boundary in class 1: a probability of exactly 0.5 (x @ w + b == 0) is class 0; use `>` {LESSON}": (
            z >= 0
        ).long(),
        f"the bias b was not added {LESSON}": (x @ w > 0).long(),
        f"the classes are flipped: 1 where sigmoid(x @ w + b) > 0.5 {LESSON}": (z < 0).long(),
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
        _case(
            7, 1, "float64", True, function="logistic_predict", n=1, id="one-feature-tensor-bias"
        ),
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
