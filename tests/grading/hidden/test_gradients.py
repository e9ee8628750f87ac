"""Hidden checks for topic `gradients` (梯度 / 激活函数与Loss的梯度): other shapes and seeds than
the public ones, 0-dim and size-1 inputs, ReLU at exactly 0, logits of ±1000, float32 and float64,
no autograd where the exercise says by hand, `grad_of` leaving `x.requires_grad` as it was,
non-contiguous inputs, inputs left alone, the meta device.

"By hand" is checked in two ways (see `assert_by_hand`):
- at run time, the sandbox records the torch functions a call used (grader.checks.gradients.
  AUTOGRAD_CALLS): `.backward()` and `torch.autograd.backward` are recorded as "backward",
  `torch.autograd.grad` as "grad", and `torch.autograd.functional.*` and `torch.func.*` reach
  `grad` too;
- in the source of the function, only the names `backward` and `autograd`. Not `grad` nor
  `jacobian`: a local variable named `grad` (or `jacobian` in softmax_jacobian) is the natural
  name for the answer in this topic and must not be flagged, and reading `x.grad` only means
  something after `backward`, which is flagged.
"""

import pytest
import torch
import torch.nn.functional as F

from grader.checks import (
    args,
    assert_inputs_unchanged,
    assert_keeps_meta,
    assert_not_using,
    assert_same_on_cuda,
    assert_sequence,
    assert_tensor,
    cuda_cases,
    fail,
    non_contiguous,
    randn,
)
from grader.checks.forbidden import AUTOGRAD_CALLS
from grader.checks.forbidden import SOFTMAX_CALLS as SOFTMAX_BUILTINS
from grader.functions import cubic_sum, himmelblau, wavy, weighted_square
from grader.i18n import Msg
from grader.lessons import cite

exercise = pytest.mark.exercise
points = pytest.mark.points

ACT = cite("activation_gradients")
LOSS = cite("loss_gradients")
GRAD = cite("gradients")

AUTOGRAD_IN_SOURCE = {"backward", "autograd"}


def assert_by_hand(fn, call, forbidden=(), *, lesson=ACT):
    """No autograd in the call (run time) or the source, and none of `forbidden` either."""
    used = sorted(call.calls & AUTOGRAD_CALLS)
    if used:
        fail(
            f"This exercise is to be done by hand, but the function used autograd "
            f"({', '.join(used)}: .backward(), torch.autograd or torch.func). Write the "
            f"derivative's formula with ordinary tensor operations. {lesson}",
            f"本题要求手写求导，但函数用了自动求导（{', '.join(used)}：.backward()、torch.autograd 或 "
            f"torch.func）。请用普通的张量运算写出导数公式。{lesson}",
        )
    assert_not_using(fn, call, AUTOGRAD_IN_SOURCE | set(forbidden), lesson=lesson)


def autograd_of(f, x):
    """The gradient of f(x).sum() at x, by autograd in the grader's own process."""
    leaf = x.detach().requires_grad_(True)
    (grad,) = torch.autograd.grad(f(leaf).sum(), leaf)
    return grad


def jacobian(a):
    return torch.autograd.functional.jacobian(lambda t: torch.softmax(t, 0), a)


def _case(value, n, id, *, function):
    return pytest.param(
        value,
        marks=[exercise(f"gradients.{function}"), points(n)],
        id=id,
    )


EXTREMES = [-1000.0, -100.0, -30.0, -5.0, -0.5, 0.0, 0.5, 5.0, 30.0, 100.0, 1000.0]


# -- sigmoid_grad ---------------------------------------------------------------------------------
def _sigmoid_mistakes(x):
    s = torch.sigmoid(x)
    return {
        Msg(
            f"the formula was applied to x instead of σ(x): x·(1−x); compute "
            f"s = torch.sigmoid(x) first, then s·(1−s) {ACT.en}",
            f"公式用在了 x 上，而不是 σ(x) 上：x·(1−x)；应先算 s = torch.sigmoid(x)，"
            f"再算 s·(1−s){ACT.zh}",
        ): x * (1 - x),
        Msg(
            f"that is σ(x) itself, not its derivative σ(x)·(1−σ(x)) {ACT.en}",
            f"这是 σ(x) 本身，而不是它的导数 σ(x)·(1−σ(x)){ACT.zh}",
        ): s,
        Msg(
            f"σ(x)·(1+σ(x)): the sign inside the bracket is a minus {ACT.en}",
            f"σ(x)·(1+σ(x))：括号里应是减号{ACT.zh}",
        ): s * (1 + s),
        Msg(
            f"1−σ(x)² is the pattern of tanh's derivative, not sigmoid's {ACT.en}",
            f"1−σ(x)² 是 tanh 导数的形式，不是 sigmoid 的{ACT.zh}",
        ): 1 - s * s,
    }


@pytest.mark.parametrize(
    "shape",
    [
        _case((5, 4), 2, "2d", function="sigmoid_grad"),
        _case((2, 3, 4), 2, "3d", function="sigmoid_grad"),
        _case((1,), 1, "one-element", function="sigmoid_grad"),
        _case((), 1, "0-dim", function="sigmoid_grad"),
    ],
)
def test_sigmoid_grad_shapes(student, shape):
    x = randn(*shape, seed=101) * 3
    assert_tensor(
        student.gradients.sigmoid_grad(x),
        autograd_of(torch.sigmoid, x),
        mistakes=_sigmoid_mistakes(x),
    )


@pytest.mark.parametrize(
    "dtype",
    [
        _case(torch.float32, 2, "float32", function="sigmoid_grad"),
        _case(torch.float64, 2, "float64", function="sigmoid_grad"),
    ],
)
def test_sigmoid_grad_large_inputs(student, dtype):
    x = torch.tensor(EXTREMES, dtype=dtype)
    naive = torch.exp(-x) / (1 + torch.exp(-x)) ** 2
    assert_tensor(
        student.gradients.sigmoid_grad(x),
        autograd_of(torch.sigmoid, x),
        mistakes={
            Msg(
                f"e^−x / (1 + e^−x)² overflows (inf / inf = nan) for very negative x: use "
                f"torch.sigmoid, which is stable {ACT.en}",
                f"x 很负时 e^−x / (1 + e^−x)² 会溢出（inf / inf = nan）：请用数值稳定的 "
                f"torch.sigmoid{ACT.zh}",
            ): naive,
            **_sigmoid_mistakes(x),
        },
    )


@exercise("gradients.sigmoid_grad")
@points(2)
def test_sigmoid_grad_by_hand(student):
    x = randn(4, 3, seed=102, dtype=torch.float64)
    fn = student.gradients.sigmoid_grad
    call = fn.call(x)
    assert_tensor(call.value, autograd_of(torch.sigmoid, x), mistakes=_sigmoid_mistakes(x))
    assert_by_hand(fn, call)


# -- tanh_grad ------------------------------------------------------------------------------------
def _tanh_mistakes(x):
    t = torch.tanh(x)
    return {
        Msg(
            f"the formula was applied to x instead of tanh(x): 1−x²; compute "
            f"t = torch.tanh(x) first, then 1−t² {ACT.en}",
            f"公式用在了 x 上，而不是 tanh(x) 上：1−x²；应先算 t = torch.tanh(x)，再算 1−t²{ACT.zh}",
        ): 1 - x * x,
        Msg(
            f"1−tanh(x): the square is missing {ACT.en}",
            f"1−tanh(x)：漏了平方{ACT.zh}",
        ): 1 - t,
        Msg(
            f"tanh(x)·(1−tanh(x)) is the pattern of sigmoid's derivative; tanh's is 1−tanh(x)² "
            f"{ACT.en}",
            f"tanh(x)·(1−tanh(x)) 是 sigmoid 导数的形式；tanh 的导数是 1−tanh(x)²{ACT.zh}",
        ): t * (1 - t),
        Msg(
            f"that is tanh(x) itself, not its derivative {ACT.en}",
            f"这是 tanh(x) 本身，而不是它的导数{ACT.zh}",
        ): t,
    }


@pytest.mark.parametrize(
    "shape",
    [
        _case((3, 5), 2, "2d", function="tanh_grad"),
        _case((2, 1, 4), 2, "3d-size-1", function="tanh_grad"),
        _case((), 1, "0-dim", function="tanh_grad"),
    ],
)
def test_tanh_grad_shapes(student, shape):
    x = randn(*shape, seed=111) * 2
    assert_tensor(
        student.gradients.tanh_grad(x), autograd_of(torch.tanh, x), mistakes=_tanh_mistakes(x)
    )


@pytest.mark.parametrize(
    "dtype",
    [
        _case(torch.float32, 1, "float32", function="tanh_grad"),
        _case(torch.float64, 2, "float64", function="tanh_grad"),
    ],
)
def test_tanh_grad_large_inputs(student, dtype):
    x = torch.tensor(EXTREMES, dtype=dtype)
    assert_tensor(
        student.gradients.tanh_grad(x), autograd_of(torch.tanh, x), mistakes=_tanh_mistakes(x)
    )


@exercise("gradients.tanh_grad")
@points(2)
def test_tanh_grad_by_hand(student):
    x = randn(3, 4, seed=112)
    fn = student.gradients.tanh_grad
    call = fn.call(x)
    assert_tensor(call.value, autograd_of(torch.tanh, x), mistakes=_tanh_mistakes(x))
    assert_by_hand(fn, call)


# -- relu_grad ------------------------------------------------------------------------------------
def _relu_mistakes(x):
    return {
        Msg(
            f"1 at exactly 0: ReLU has no derivative there and PyTorch uses 0, so the test is "
            f"x > 0, not x >= 0 {ACT.en}",
            f"在 x 恰好为 0 处给了 1：ReLU 在那里不可导，PyTorch 取 0，所以条件应是 x > 0，"
            f"而不是 x >= 0{ACT.zh}",
        ): (x >= 0).to(x.dtype),
        Msg(
            f"that is relu(x) itself, not its derivative {ACT.en}",
            f"这是 relu(x) 本身，而不是它的导数{ACT.zh}",
        ): torch.relu(x),
        Msg(
            f"sign(x) gives −1 for negative x; ReLU's derivative there is 0 {ACT.en}",
            f"sign(x) 在 x 为负时给出 −1；ReLU 在那里的导数是 0{ACT.zh}",
        ): torch.sign(x),
    }


@pytest.mark.parametrize(
    "dtype",
    [
        _case(torch.float32, 3, "float32", function="relu_grad"),
        _case(torch.float64, 2, "float64", function="relu_grad"),
    ],
)
def test_relu_grad_at_exactly_zero(student, dtype):
    x = torch.tensor([[-3.0, -1e-30, -0.0, 0.0], [1e-30, 0.0, 2.5, -7.0]], dtype=dtype)
    assert_tensor(
        student.gradients.relu_grad(x), autograd_of(torch.relu, x), mistakes=_relu_mistakes(x)
    )


@pytest.mark.parametrize(
    "shape",
    [
        _case((4, 6), 1, "2d", function="relu_grad"),
        _case((2, 3, 1, 5), 2, "4d-size-1", function="relu_grad"),
        _case((), 1, "0-dim", function="relu_grad"),
    ],
)
def test_relu_grad_shapes(student, shape):
    x = randn(*shape, seed=121)
    assert_tensor(
        student.gradients.relu_grad(x), autograd_of(torch.relu, x), mistakes=_relu_mistakes(x)
    )


@exercise("gradients.relu_grad")
@points(2)
def test_relu_grad_by_hand(student):
    x = randn(5, 2, seed=122)
    fn = student.gradients.relu_grad
    call = fn.call(x)
    assert_tensor(call.value, autograd_of(torch.relu, x), mistakes=_relu_mistakes(x))
    assert_by_hand(fn, call)


# -- mse_loss_and_grad ----------------------------------------------------------------------------
def _check_mse(got, pred, target):
    assert_sequence(got, 2)
    diff = pred - target
    n = diff.numel()
    assert_tensor(
        got[0],
        F.mse_loss(pred, target),
        what=Msg("the loss", "损失"),
        mistakes={
            Msg(
                f"the sum of the squares; F.mse_loss takes their mean {LOSS.en}",
                f"求的是平方和；F.mse_loss 取的是平方的均值{LOSS.zh}",
            ): (diff**2).sum(),
            Msg(
                f"divided by the batch size pred.shape[0]; the mean is over all pred.numel() "
                f"elements {LOSS.en}",
                f"除以的是批大小 pred.shape[0]；均值要对全部 pred.numel() 个元素取{LOSS.zh}",
            ): (diff**2).sum() / diff.shape[0] if diff.dim() else None,
            Msg(
                f"the square root of the mean (RMSE), not the mean squared error {LOSS.en}",
                f"这是均值的平方根（RMSE），而不是均方误差{LOSS.zh}",
            ): (diff**2).mean().sqrt(),
        },
    )
    assert_tensor(
        got[1],
        autograd_of(lambda p: F.mse_loss(p, target), pred),
        what=Msg("the gradient", "梯度"),
        mistakes={
            Msg(
                f"the 1/N of the mean is missing: ∂loss/∂pred = 2 (pred − target) / N {LOSS.en}",
                f"漏了均值里的 1/N：∂loss/∂pred = 2 (pred − target) / N{LOSS.zh}",
            ): 2 * diff,
            Msg(
                f"the factor 2 from the square is missing: ∂loss/∂pred = 2 (pred − target) / N "
                f"{LOSS.en}",
                f"漏了平方带来的系数 2：∂loss/∂pred = 2 (pred − target) / N{LOSS.zh}",
            ): diff / n,
            Msg(
                f"wrong sign: the derivative of (pred − target)² with respect to pred is "
                f"+2 (pred − target) {LOSS.en}",
                f"符号错了：(pred − target)² 对 pred 的导数是 +2 (pred − target){LOSS.zh}",
            ): -2 * diff / n,
            Msg(
                f"divided by the batch size pred.shape[0]; N is pred.numel(), the number of "
                f"terms in the mean {LOSS.en}",
                f"除以的是批大小 pred.shape[0]；N 是 pred.numel()，即均值中的项数{LOSS.zh}",
            ): 2 * diff / diff.shape[0] if diff.dim() else None,
        },
    )


@pytest.mark.parametrize(
    "shape",
    [
        _case((8,), 2, "1d", function="mse_loss_and_grad"),
        _case((5, 3), 3, "2d", function="mse_loss_and_grad"),
        _case((2, 3, 4), 2, "3d", function="mse_loss_and_grad"),
        _case((1,), 1, "single-sample", function="mse_loss_and_grad"),
    ],
)
def test_mse_loss_and_grad_shapes(student, shape):
    pred, target = randn(*shape, seed=131), randn(*shape, seed=132)
    _check_mse(student.gradients.mse_loss_and_grad(pred, target), pred, target)


@exercise("gradients.mse_loss_and_grad")
@points(2)
def test_mse_loss_and_grad_float64(student):
    pred = randn(6, 2, seed=133, dtype=torch.float64)
    target = randn(6, 2, seed=134, dtype=torch.float64)
    _check_mse(student.gradients.mse_loss_and_grad(pred, target), pred, target)


@exercise("gradients.mse_loss_and_grad")
@points(2)
def test_mse_loss_and_grad_by_hand(student):
    pred, target = randn(4, 5, seed=135), randn(4, 5, seed=136)
    fn = student.gradients.mse_loss_and_grad
    call = fn.call(pred, target)
    _check_mse(call.value, pred, target)
    assert_by_hand(fn, call, lesson=LOSS)


# -- softmax_by_hand ------------------------------------------------------------------------------
def _softmax_mistakes(a, dim):
    e = a.exp()
    shifted = (a - a.max()).exp()
    centred = (a - a.mean(dim, keepdim=True)).exp()
    return {
        Msg(
            f"e^a overflows for large logits (e^1000 = inf, inf/inf = nan): subtract "
            f"a.max(dim, keepdim=True).values first {LOSS.en}",
            f"logits 很大时 e^a 会溢出（e^1000 = inf，inf/inf = nan）：先减去 "
            f"a.max(dim, keepdim=True).values{LOSS.zh}",
        ): e / e.sum(dim, keepdim=True),
        Msg(
            f"the maximum of the whole tensor was subtracted; take it along dim (keepdim=True), "
            f"or rows far below it underflow to 0/0 {LOSS.en}",
            f"减去的是整个张量的最大值；应沿 dim 取最大值（keepdim=True），否则远低于它的行会"
            f"下溢成 0/0{LOSS.zh}",
        ): shifted / shifted.sum(dim, keepdim=True),
        Msg(
            f"the mean was subtracted; subtract the maximum, so that every exponent is ≤ 0 "
            f"{LOSS.en}",
            f"减去的是均值；应减去最大值，使每个指数都 ≤ 0{LOSS.zh}",
        ): centred / centred.sum(dim, keepdim=True),
        Msg(
            f"normalised over the whole tensor instead of along dim {LOSS.en}",
            f"在整个张量上做了归一化，而不是沿 dim 做{LOSS.zh}",
        ): torch.softmax(a.reshape(-1), 0).reshape(a.shape),
        **{
            Msg(
                f"normalised along dim {d} instead of dim {dim} {LOSS.en}",
                f"沿第 {d} 维做了归一化，而不是沿第 {dim} 维{LOSS.zh}",
            ): torch.softmax(a, d)
            for d in range(a.dim())
            if d != dim % a.dim()
        },
    }


@pytest.mark.parametrize(
    "dim",
    [
        _case(0, 2, "dim0", function="softmax_by_hand"),
        _case(1, 2, "dim1", function="softmax_by_hand"),
        _case(-1, 1, "dim-1", function="softmax_by_hand"),
        _case(-2, 2, "dim-2", function="softmax_by_hand"),
    ],
)
def test_softmax_by_hand_dims(student, dim):
    a = randn(3, 4, 5, seed=141) * 2
    assert_tensor(
        student.gradients.softmax_by_hand(a, dim),
        torch.softmax(a, dim),
        mistakes=_softmax_mistakes(a, dim),
    )


@exercise("gradients.softmax_by_hand")
@points(1)
def test_softmax_by_hand_default_dim(student):
    a = randn(2, 3, 6, seed=142)
    assert_tensor(
        student.gradients.softmax_by_hand(a),
        torch.softmax(a, -1),
        mistakes=_softmax_mistakes(a, -1),
    )


@pytest.mark.parametrize(
    "dtype",
    [
        _case(torch.float32, 3, "float32", function="softmax_by_hand"),
        _case(torch.float64, 2, "float64", function="softmax_by_hand"),
    ],
)
def test_softmax_by_hand_logits_of_1000(student, dtype):
    a = torch.tensor(
        [
            [1000.0, -1000.0, 0.0],
            [-1000.0, -1000.0, -1000.0],
            [1000.0, 1000.0, 999.0],
            [-1000.0, 0.0, 1000.0],
        ],
        dtype=dtype,
    )
    assert_tensor(
        student.gradients.softmax_by_hand(a, 1),
        torch.softmax(a, 1),
        mistakes=_softmax_mistakes(a, 1),
    )


@exercise("gradients.softmax_by_hand")
@points(1)
def test_softmax_by_hand_masked_logits(student):
    a = torch.tensor([[0.0, -float("inf"), 1.0], [2.0, 2.0, -float("inf")]])
    assert_tensor(
        student.gradients.softmax_by_hand(a),
        torch.softmax(a, -1),
        mistakes=_softmax_mistakes(a, -1),
    )


@exercise("gradients.softmax_by_hand")
@points(1)
def test_softmax_by_hand_size_one_dim(student):
    a = randn(4, 1, seed=143)
    assert_tensor(
        student.gradients.softmax_by_hand(a, -1),
        torch.softmax(a, -1),
        mistakes=_softmax_mistakes(a, -1),
    )


@exercise("gradients.softmax_by_hand")
@points(3)
def test_softmax_by_hand_no_builtin(student):
    a = randn(5, 4, seed=144, dtype=torch.float64)
    fn = student.gradients.softmax_by_hand
    call = fn.call(a, -1)
    assert_tensor(call.value, torch.softmax(a, -1), mistakes=_softmax_mistakes(a, -1))
    assert_by_hand(fn, call, SOFTMAX_BUILTINS, lesson=LOSS)


# -- softmax_jacobian -----------------------------------------------------------------------------
def _jacobian_mistakes(a):
    p = torch.softmax(a, 0)
    eye = torch.eye(a.numel(), dtype=a.dtype)
    e = a.exp()
    naive = e / e.sum()
    return {
        Msg(
            f"the diagonal term is missing: J = diag(p) − p pᵀ, not −p pᵀ {LOSS.en}",
            f"漏了对角项：J = diag(p) − p pᵀ，而不是 −p pᵀ{LOSS.zh}",
        ): -torch.outer(p, p),
        Msg(
            f"a_i was used instead of p_i: J[i, j] = p_i (δ_ij − p_j), with the probabilities, "
            f"not the logits {LOSS.en}",
            f"用了 a_i 而不是 p_i：J[i, j] = p_i (δ_ij − p_j)，用的是概率，而不是 logits{LOSS.zh}",
        ): a[:, None] * (eye - p[None, :]),
        Msg(
            f"only the diagonal p_i (1 − p_i); the off-diagonal entries are −p_i p_j {LOSS.en}",
            f"只有对角线 p_i (1 − p_i)；非对角元素应是 −p_i p_j{LOSS.zh}",
        ): torch.diag(p * (1 - p)),
        Msg(
            f"the sign of the outer product: J = diag(p) − p pᵀ {LOSS.en}",
            f"外积的符号错了：J = diag(p) − p pᵀ{LOSS.zh}",
        ): torch.diag(p) + torch.outer(p, p),
        Msg(
            f"δ_ij − p_i p_j: the diagonal term is p_i δ_ij, so it is p_i − p_i², not "
            f"1 − p_i² {LOSS.en}",
            f"δ_ij − p_i p_j：对角项是 p_i δ_ij，所以是 p_i − p_i²，而不是 1 − p_i²{LOSS.zh}",
        ): eye - torch.outer(p, p),
        Msg(
            f"a naive softmax overflows for large logits (e^1000 = inf): subtract the maximum "
            f"first {LOSS.en}",
            f"logits 很大时，直接算的 softmax 会溢出（e^1000 = inf）：先减去最大值{LOSS.zh}",
        ): torch.diag(naive) - torch.outer(naive, naive),
    }


@pytest.mark.parametrize(
    "n",
    [
        _case(3, 2, "n3", function="softmax_jacobian"),
        _case(6, 2, "n6", function="softmax_jacobian"),
        _case(1, 1, "n1", function="softmax_jacobian"),
    ],
)
def test_softmax_jacobian_sizes(student, n):
    a = randn(n, seed=151) * 2
    assert_tensor(
        student.gradients.softmax_jacobian(a), jacobian(a), mistakes=_jacobian_mistakes(a)
    )


@exercise("gradients.softmax_jacobian")
@points(2)
def test_softmax_jacobian_float64(student):
    a = randn(5, seed=152, dtype=torch.float64)
    assert_tensor(
        student.gradients.softmax_jacobian(a), jacobian(a), mistakes=_jacobian_mistakes(a)
    )


@pytest.mark.parametrize(
    "dtype",
    [
        _case(torch.float32, 2, "float32", function="softmax_jacobian"),
        _case(torch.float64, 1, "float64", function="softmax_jacobian"),
    ],
)
def test_softmax_jacobian_logits_of_1000(student, dtype):
    a = torch.tensor([1000.0, 999.0, -1000.0, 0.0], dtype=dtype)
    assert_tensor(
        student.gradients.softmax_jacobian(a), jacobian(a), mistakes=_jacobian_mistakes(a)
    )


@exercise("gradients.softmax_jacobian")
@points(2)
def test_softmax_jacobian_by_hand(student):
    a = randn(4, seed=153)
    fn = student.gradients.softmax_jacobian
    call = fn.call(a)
    assert_tensor(call.value, jacobian(a), mistakes=_jacobian_mistakes(a))
    assert_by_hand(fn, call, lesson=LOSS)


# -- grad_of --------------------------------------------------------------------------------------
FUNCTIONS = {
    "cubic_sum": (cubic_sum, (3, 4)),
    "wavy": (wavy, (6,)),
    "weighted_square": (weighted_square, (2, 3, 2)),
    "himmelblau": (himmelblau, (2,)),
}


def _grad_of_mistakes(f, x):
    return {
        Msg(
            f"that is f(x), not its gradient: return the gradient of f at x {GRAD.en}",
            f"这是 f(x)，而不是它的梯度：应返回 f 在 x 处的梯度{GRAD.zh}",
        ): f(x),
    }


@pytest.mark.parametrize(
    "name",
    [
        _case("cubic_sum", 1, "cubic_sum", function="grad_of"),
        _case("wavy", 2, "wavy", function="grad_of"),
        _case("weighted_square", 2, "weighted_square", function="grad_of"),
        _case("himmelblau", 2, "himmelblau", function="grad_of"),
    ],
)
def test_grad_of_functions(student, name):
    f, shape = FUNCTIONS[name]
    x = randn(*shape, seed=161) * 2
    assert_tensor(
        student.gradients.grad_of(f, x), autograd_of(f, x), mistakes=_grad_of_mistakes(f, x)
    )


@exercise("gradients.grad_of")
@points(2)
def test_grad_of_float64(student):
    x = randn(3, 5, seed=162, dtype=torch.float64)
    assert_tensor(
        student.gradients.grad_of(wavy, x),
        autograd_of(wavy, x),
        mistakes=_grad_of_mistakes(wavy, x),
    )


def _check_requires_grad_kept(call, requires_grad):
    after = call.inputs_after[0][1]
    if bool(after.requires_grad) != requires_grad:
        if requires_grad:
            fail(
                f"The input x came in with requires_grad=True and left with requires_grad=False: the "
                f"function changed the caller's tensor. Work on a new leaf, "
                f"x.detach().requires_grad_(), and leave x alone. {GRAD}",
                f"输入 x 传入时 requires_grad=True，返回后变成了 False：函数改动了调用者的张量。"
                f"请在新的叶子张量 x.detach().requires_grad_() 上求导，不要动 x。{GRAD}",
            )
        fail(
            f"The input x came in with requires_grad=False and left with requires_grad=True: "
            f"x.requires_grad_() changes the caller's tensor. Work on a new leaf, "
            f"x.detach().requires_grad_(), and leave x alone. {GRAD}",
            f"输入 x 传入时 requires_grad=False，返回后变成了 True：x.requires_grad_() 改动了调用者的张量。"
            f"请在新的叶子张量 x.detach().requires_grad_() 上求导，不要动 x。{GRAD}",
        )


@exercise("gradients.grad_of")
@points(3)
def test_grad_of_keeps_requires_grad_false(student):
    x = randn(4, 3, seed=163)
    call = student.gradients.grad_of.call(weighted_square, x)
    assert_tensor(call.value, autograd_of(weighted_square, x))
    assert_inputs_unchanged(call, weighted_square, x, names=["f", "x"])
    _check_requires_grad_kept(call, False)


@exercise("gradients.grad_of")
@points(3)
def test_grad_of_keeps_requires_grad_true(student):
    x = randn(5, seed=164).requires_grad_(True)
    x.grad = torch.full((5,), 0.5)  # what the caller had accumulated: grad_of must leave it
    call = student.gradients.grad_of.call(cubic_sum, x)
    if call.value is None:
        fail(
            f"grad_of returned None. When x already requires grad, x.clone() is not a leaf of "
            f"the graph, and .backward() fills .grad only for leaves: differentiate with respect "
            f"to a new leaf, x.detach().requires_grad_(), or use torch.autograd.grad. {GRAD}",
            f"grad_of 返回了 None。x 已经 requires_grad 时，x.clone() 不是计算图的叶子，而 .backward() "
            f"只为叶子填 .grad：请对新的叶子 x.detach().requires_grad_() 求导，或用 torch.autograd.grad。{GRAD}",
        )
    assert_tensor(
        call.value,
        autograd_of(cubic_sum, x),
        mistakes=_grad_of_mistakes(cubic_sum, x.detach()),
    )
    assert_inputs_unchanged(call, cubic_sum, x.detach(), names=["f", "x"])
    _check_requires_grad_kept(call, True)
    grad_after = call.inputs_after[0][1].grad
    if grad_after is None or not torch.equal(grad_after, x.grad):
        fail(
            f"grad_of changed x.grad (the caller's accumulated gradient): backward on x itself "
            f"writes into x.grad. Differentiate a new leaf, x.detach().requires_grad_(), or use "
            f"torch.autograd.grad, which returns the gradient without storing it. {GRAD}",
            f"grad_of 改动了 x.grad（调用者累积的梯度）：对 x 本身调用 backward 会写入 x.grad。"
            f"请对新的叶子 x.detach().requires_grad_() 求导，或用 torch.autograd.grad（它返回梯度而不存入 .grad）。{GRAD}",
        )


# -- every function: non-contiguous input, input unchanged, the meta device ----------------------
def _mse_case(x):
    target = (x.flip(0) - 1) / 2
    loss = F.mse_loss(x, target)
    return (x, target), (loss, autograd_of(lambda p: F.mse_loss(p, target), x))


# name -> a function of a [3, 4, 5] input that gives (args, expected)
CASES = {
    "sigmoid_grad": lambda x: ((x,), autograd_of(torch.sigmoid, x)),
    "tanh_grad": lambda x: ((x,), autograd_of(torch.tanh, x)),
    "relu_grad": lambda x: ((x,), autograd_of(torch.relu, x)),
    "mse_loss_and_grad": _mse_case,
    "softmax_by_hand": lambda x: ((x, 1), torch.softmax(x, 1)),
    "softmax_jacobian": lambda x: ((x[1, :, 2],), jacobian(x[1, :, 2])),
    "grad_of": lambda x: ((wavy, x), autograd_of(wavy, x)),
}

ARG_NAMES = {
    "mse_loss_and_grad": ["pred", "target"],
    "softmax_by_hand": ["a", "dim"],
    "softmax_jacobian": ["a"],
    "grad_of": ["f", "x"],
}


def _cases():
    return [
        pytest.param(name, marks=[exercise(f"gradients.{name}"), points(1)], id=name)
        for name in CASES
    ]


def _check_value(got, expected):
    if isinstance(expected, tuple):
        assert_sequence(got, len(expected))
        for i, (g, e) in enumerate(zip(got, expected)):
            assert_tensor(g, e, what=f"result[{i}]")
    else:
        assert_tensor(got, expected)


@pytest.mark.parametrize("name", _cases())
def test_non_contiguous_input_left_unchanged(student, name):
    x = non_contiguous(randn(3, 4, 5, seed=171))
    args, expected = CASES[name](x)
    call = getattr(student.gradients, name).call(*args)
    _check_value(call.value, expected)
    assert_inputs_unchanged(call, *args, names=ARG_NAMES.get(name, ["x"]))


@pytest.mark.parametrize("name", _cases())
def test_meta_device_kept(student, name):
    x = randn(3, 4, 5, seed=172)
    args, expected = CASES[name](x)
    fn = getattr(student.gradients, name)
    _check_value(fn(*args), expected)
    assert_keeps_meta(fn, *args)


# -- device agreement (run only where CUDA is present; skipped, and out of the maximum, elsewhere)
@pytest.mark.parametrize(
    "name, make_args",
    cuda_cases(
        "gradients",
        {
            "sigmoid_grad": lambda: args(randn(3, 4, 5, seed=181) * 4),
            "tanh_grad": lambda: args(randn(3, 4, 5, seed=182) * 2),
            "relu_grad": lambda: args(
                torch.cat([randn(3, 4, seed=183), torch.tensor([[0.0, -0.0, 1e-30, -1e-30]])])
            ),
            "mse_loss_and_grad": lambda: args(randn(4, 3, seed=184), randn(4, 3, seed=185)),
            # logits of a few hundred: only the shifted form stays finite
            "softmax_by_hand": lambda: args(randn(3, 4, 5, seed=186) * 300, 1),
            "softmax_jacobian": lambda: args(randn(6, seed=187) * 2),
            "grad_of": lambda: args(wavy, randn(3, 4, seed=188)),
        },
    ),
)
def test_same_on_cuda(student, name, make_args):
    """Device agreement: the same answer on CPU and on CUDA, returned on CUDA."""
    assert_same_on_cuda(getattr(student.gradients, name), make_args())
