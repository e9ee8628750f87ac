"""Hidden checks for topic `math_stats` (数学运算 / 属性统计): other shapes and seeds than the
public ones, square shapes where a missing transpose still runs, broadcasting of batch dims,
values exactly at the clipping bounds, gradients below the clipping norm, negative dims, float64,
non-contiguous inputs, inputs left alone (clip_grad_norm: changed in place), the meta device."""

import math

import pytest
import torch
import torch.nn.functional as F

from grader.checks import (
    args,
    assert_close_number,
    assert_inputs_unchanged,
    assert_keeps_meta,
    assert_same_on_cuda,
    assert_sequence,
    assert_tensor,
    cuda_cases,
    fail,
    generator,
    non_contiguous,
    randint,
    randn,
)
from grader.checks.compare import THE_RESULT, looks_like
from grader.checks.devices import LeftOut
from grader.checks.feedback import shown
from grader.i18n import Msg, before_chinese, label
from grader.lessons import cite

exercise = pytest.mark.exercise
points = pytest.mark.points

# The device checks an exercise leaves out, and why (tests/kit/test_completeness.py).
DEVICE_CHECKS_LEFT_OUT = {
    "clip_grad_norm": LeftOut(
        meta="returns the total norm as a Python float, which the meta device cannot give (the CUDA check covers its devices)",
    ),
    "accuracy": LeftOut(
        meta="returns a Python float, which the meta device cannot give (the CUDA check covers its devices)",
    ),
    "topk_accuracy": LeftOut(
        meta="returns a Python float, which the meta device cannot give (the CUDA check covers its devices)",
    ),
}

MATH = cite("math")
STATS = cite("stats")


def _case(value, n, id, *, function):
    return pytest.param(
        *value if isinstance(value, tuple) else (value,),
        marks=[exercise(f"math_stats.{function}"), points(n)],
        id=id,
    )


def _check_number(got, expected, *, what=THE_RESULT, mistakes=None, rel=1e-6):
    """A Python number close to `expected`; a wrong one that equals a known mistake's number is
    told so."""
    what = label(what)
    if isinstance(got, (int, float)) and not isinstance(got, bool):
        for name, value in (mistakes or {}).items():
            if value is None or math.isclose(expected, value, rel_tol=rel, abs_tol=1e-9):
                continue
            if math.isclose(got, value, rel_tol=rel, abs_tol=1e-9):
                fail(
                    f"{what} is {shown(got)}, expected {shown(expected)}. {looks_like(name)}",
                    f"{before_chinese(what)}是 {shown(got)}，应为 {shown(expected)}。{looks_like(name)}",
                    mistake=name,
                )
    assert_close_number(got, expected, what=what, rel=rel)


def _distinct(*shape, seed, dtype=torch.float32):
    """Values without ties (a shuffled 0, 0.25, 0.5, ... shifted around 0)."""
    n = math.prod(shape)
    perm = torch.randperm(n, generator=generator(seed)).to(dtype)
    return ((perm - n / 2) / 4).reshape(shape)


# -- linear ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "n, d_in, d_out",
    [
        _case((5, 3, 3), 3, "square-weight", function="linear"),
        _case((1, 4, 2), 2, "one-row", function="linear"),
        _case((6, 1, 3), 2, "one-input-feature", function="linear"),
        _case((3, 5, 2), 2, "more-inputs", function="linear"),
    ],
)
def test_linear_shapes(student, n, d_in, d_out):
    x, w, b = randn(n, d_in, seed=31), randn(d_out, d_in, seed=32), randn(d_out, seed=33)
    assert_tensor(
        student.math_stats.linear(x, w, b),
        F.linear(x, w, b),
        mistakes={
            Msg(
                f"x @ w without transposing w: w is [out, in], so use x @ w.T {MATH.en}",
                f"x @ w 没有转置 w：w 的形状是 [out, in]，应写 x @ w.T{MATH.zh}",
            ): (x @ w + b) if d_in == d_out else None,
            Msg(f"the bias b was not added {MATH.en}", f"没有加上偏置 b{MATH.zh}"): x @ w.T,
            Msg(
                f"w.view/reshape(in, out) is not the transpose: it keeps row-major order; use w.T {MATH.en}",
                f"w.view/reshape(in, out) 不是转置：它保持行优先顺序；请用 w.T{MATH.zh}",
            ): x @ w.reshape(d_in, d_out) + b,
            Msg(f"the bias was subtracted {MATH.en}", f"偏置被减去了，应当加上{MATH.zh}"): x @ w.T
            - b,
        },
    )


@exercise("math_stats.linear")
@points(1)
def test_linear_float64(student):
    x = randn(4, 3, seed=34, dtype=torch.float64)
    w = randn(2, 3, seed=35, dtype=torch.float64)
    b = randn(2, seed=36, dtype=torch.float64)
    assert_tensor(student.math_stats.linear(x, w, b), F.linear(x, w, b))


# -- batched_matmul -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "shape_a, shape_b",
    [
        _case(((3, 4, 5), (3, 5, 2)), 1, "3d-same-batch", function="batched_matmul"),
        _case(((2, 1, 3, 4), (3, 4, 5)), 2, "4d-broadcast-batch", function="batched_matmul"),
        _case(((4, 2, 3), (3, 6)), 2, "2d-right-operand", function="batched_matmul"),
        _case(((2, 3), (5, 3, 4)), 2, "2d-left-operand", function="batched_matmul"),
        _case(((2, 1, 2, 3, 4), (1, 3, 1, 4, 2)), 2, "5d", function="batched_matmul"),
        _case(((1, 3, 3), (4, 3, 3)), 2, "size-1-batch-square", function="batched_matmul"),
    ],
)
def test_batched_matmul_broadcasting(student, shape_a, shape_b):
    a, b = randn(*shape_a, seed=41), randn(*shape_b, seed=42)
    expected = torch.matmul(a, b)
    mistakes = {}
    if shape_a[-1] == shape_a[-2] == shape_b[-1]:
        mistakes[
            Msg(
                f"a * b multiplies elementwise; a matrix product is a @ b {MATH.en}",
                f"a * b 是逐元素相乘；矩阵乘法要写 a @ b{MATH.zh}",
            )
        ] = a * b
        mistakes[
            Msg(f"b was transposed: a @ b.mT {MATH.en}", f"b 被转置了：算成了 a @ b.mT{MATH.zh}")
        ] = a @ b.mT
    mistakes[
        Msg(
            f"the product was summed over the wrong dim {MATH.en}",
            f"乘积在错误的维度上求和了{MATH.zh}",
        )
    ] = (a.unsqueeze(-1) * b.unsqueeze(-3)).sum(-1)
    assert_tensor(student.math_stats.batched_matmul(a, b), expected, mistakes=mistakes)


@exercise("math_stats.batched_matmul")
@points(1)
def test_batched_matmul_float64(student):
    a = randn(2, 3, 4, seed=43, dtype=torch.float64)
    b = randn(4, 2, seed=44, dtype=torch.float64)
    assert_tensor(student.math_stats.batched_matmul(a, b), torch.matmul(a, b))


# -- clamp_gradients ------------------------------------------------------------------------------
def _clamp_mistakes(grad, m):
    return {
        Msg(
            f"clamp(0, max_value) also sets negative gradients to 0; the range is [-max_value, max_value] {MATH.en}",
            f"clamp(0, max_value) 把负梯度也变成了 0；范围应是 [-max_value, max_value]{MATH.zh}",
        ): grad.clamp(0, m),
        Msg(
            f"only the upper bound: negative gradients must be clipped at -max_value too {MATH.en}",
            f"只限制了上界：负梯度也要在 -max_value 处裁剪{MATH.zh}",
        ): grad.clamp(max=m),
        Msg(
            f"only the lower bound: clamp(-max_value) leaves large positive gradients {MATH.en}",
            f"只限制了下界：clamp(-max_value) 留下了过大的正梯度{MATH.zh}",
        ): grad.clamp(min=-m),
        Msg(
            f"the sign was lost: clipping |grad| instead of grad {MATH.en}",
            f"丢了符号：裁剪的是 |grad| 而不是 grad{MATH.zh}",
        ): grad.abs().clamp(max=m),
    }


@exercise("math_stats.clamp_gradients")
@points(3)
def test_clamp_gradients_at_the_bounds(student):
    grad = torch.tensor([[-5.0, -2.0, -1.5, 0.0], [1.0, 2.0, 3.0, -2.5], [7.0, -0.25, 2.0, -2.0]])
    assert_tensor(
        student.math_stats.clamp_gradients(grad, 2.0),
        grad.clamp(-2.0, 2.0),
        mistakes=_clamp_mistakes(grad, 2.0),
    )


@pytest.mark.parametrize(
    "shape, max_value, scale",
    [
        _case(((4, 5), 0.5, 3.0), 2, "small-bound", function="clamp_gradients"),
        _case(((2, 3, 4), 10.0, 1.0), 1, "nothing-to-clip", function="clamp_gradients"),
        _case(((1, 7), 0.0, 1.0), 1, "zero-bound", function="clamp_gradients"),
    ],
)
def test_clamp_gradients_shapes(student, shape, max_value, scale):
    grad = randn(*shape, seed=51) * scale
    assert_tensor(
        student.math_stats.clamp_gradients(grad, max_value),
        grad.clamp(-max_value, max_value),
        mistakes=_clamp_mistakes(grad, max_value),
    )


@exercise("math_stats.clamp_gradients")
@points(1)
def test_clamp_gradients_float64(student):
    grad = randn(3, 4, seed=52, dtype=torch.float64) * 2
    assert_tensor(student.math_stats.clamp_gradients(grad, 1.0), grad.clamp(-1.0, 1.0))


# -- clip_grad_norm -------------------------------------------------------------------------------
def _torch_clip(grads, max_norm):
    """What torch.nn.utils.clip_grad_norm_ does to parameters whose .grad are copies of grads."""
    params = [torch.nn.Parameter(torch.zeros_like(g)) for g in grads]
    for p, g in zip(params, grads):
        p.grad = g.clone()
    total = torch.nn.utils.clip_grad_norm_(params, max_norm)
    return [p.grad for p in params], total.item()


def _clip_mistakes(grads, max_norm):
    """{description: the list of tensors that mistake leaves in grads}."""
    total = math.sqrt(sum(float((g.double() ** 2).sum()) for g in grads))
    coef = min(max_norm / (total + 1e-6), 1.0)
    return {
        Msg(
            f"grads were not changed: clip_grad_norm_ works in place, scale each tensor with g.mul_(coef) {MATH.en}",
            f"grads 没有被修改：clip_grad_norm_ 是原地操作，请用 g.mul_(coef) 缩放每个张量{MATH.zh}",
        ): list(grads),
        Msg(
            f"each tensor was clipped by its own norm; the coefficient comes from the total norm of all of them {MATH.en}",
            f"每个张量按各自的范数裁剪了；系数应由所有张量合在一起的总范数算出{MATH.zh}",
        ): [g * min(max_norm / (float(torch.linalg.vector_norm(g)) + 1e-6), 1.0) for g in grads],
        Msg(
            f"the gradients were scaled even though their total norm is below max_norm: the coefficient is clamped to at most 1 {MATH.en}",
            f"总范数已小于 max_norm，梯度却仍被缩放了：系数最大为 1{MATH.zh}",
        ): [g * (max_norm / (total + 1e-6)) for g in grads],
        Msg(
            f"the 1e-6 is missing: PyTorch scales by max_norm / (total_norm + 1e-6) {MATH.en}",
            f"漏了 1e-6：PyTorch 按 max_norm / (total_norm + 1e-6) 缩放{MATH.zh}",
        ): [g * min(max_norm / total, 1.0) for g in grads] if total > 0 else None,
        Msg(
            f"clipped twice (coefficient applied squared) {MATH.en}",
            f"裁剪了两次（系数乘了两遍）{MATH.zh}",
        ): [g * coef * coef for g in grads],
    }


def _check_clipped(call, grads, max_norm, *, atol=None):
    expected, _ = _torch_clip(grads, max_norm)
    after = call.inputs_after[0][0]
    assert_sequence(after, len(grads), what=Msg("grads after the call", "调用后的 grads"))
    mistakes = _clip_mistakes(grads, max_norm)
    for i, (got, want) in enumerate(zip(after, expected)):
        assert_tensor(
            got,
            want,
            what=Msg(f"grads[{i}] after the call", f"调用后的 grads[{i}]"),
            mistakes={k: v[i] for k, v in mistakes.items() if v is not None},
            atol=atol,
        )


def _check_total(call, grads, max_norm, *, rel=1e-5):
    expected, total = _torch_clip(grads, max_norm)
    after_norm = math.sqrt(sum(float((g.double() ** 2).sum()) for g in expected))
    _check_number(
        call.value,
        total,
        what=Msg("the returned total norm", "返回的总范数"),
        rel=rel,
        mistakes={
            Msg(
                f"the norm AFTER clipping: return the norm computed before scaling {MATH.en}",
                f"返回了裁剪之后的范数：应返回缩放之前算出的范数{MATH.zh}",
            ): after_norm,
            Msg(
                f"the squared norm: take the square root of the sum of squares {MATH.en}",
                f"返回了范数的平方：要对平方和开平方根{MATH.zh}",
            ): total**2,
            Msg(
                f"the sum of the tensors' norms; the total norm is sqrt of the sum of their squared norms {MATH.en}",
                f"返回了各张量范数之和；总范数是各张量范数平方之和的平方根{MATH.zh}",
            ): sum(float(torch.linalg.vector_norm(g.double())) for g in grads),
        },
    )


def _grads(seed, shapes, scale=1.0, dtype=torch.float32):
    # randn(*()) would give no size at all: a 0-dim gradient is drawn as [1] and reshaped
    return [
        randn(*(s or (1,)), seed=seed + i, dtype=dtype).reshape(s) * scale
        for i, s in enumerate(shapes)
    ]


@exercise("math_stats.clip_grad_norm")
@points(3)
def test_clip_grad_norm_scales_in_place(student):
    grads = _grads(61, [(4, 3), (3,), (2, 2, 2), ()])
    grads[0] = grads[0] * 5  # one big gradient: clipping it alone is not the same
    call = student.math_stats.clip_grad_norm.call(grads, 2.0)
    _check_clipped(call, grads, 2.0)


@exercise("math_stats.clip_grad_norm")
@points(2)
def test_clip_grad_norm_returns_total_norm_before_clipping(student):
    grads = _grads(65, [(5, 4), (4,)], scale=3.0)
    call = student.math_stats.clip_grad_norm.call(grads, 1.0)
    _check_total(call, grads, 1.0)


@exercise("math_stats.clip_grad_norm")
@points(2)
def test_clip_grad_norm_below_max_norm(student):
    grads = _grads(67, [(3, 3), (3,)])
    call = student.math_stats.clip_grad_norm.call(grads, 50.0)
    _check_clipped(call, grads, 50.0)
    _check_total(call, grads, 50.0)


@exercise("math_stats.clip_grad_norm")
@points(1)
def test_clip_grad_norm_tiny_gradients(student):
    grads = _grads(69, [(6,), (2, 3)], scale=1e-4)
    call = student.math_stats.clip_grad_norm.call(grads, 1e-5)
    _check_clipped(call, grads, 1e-5, atol=1e-12)  # values near 1e-6: compare relatively


@exercise("math_stats.clip_grad_norm")
@points(1)
def test_clip_grad_norm_float64(student):
    grads = _grads(71, [(3, 2), (5,)], scale=2.0, dtype=torch.float64)
    call = student.math_stats.clip_grad_norm.call(grads, 0.5)
    _check_clipped(call, grads, 0.5)
    _check_total(call, grads, 0.5, rel=1e-9)


@exercise("math_stats.clip_grad_norm")
@points(2)
def test_clip_grad_norm_keeps_the_same_tensors(student):
    # Tensors with gaps in memory: g.mul_(coef) keeps that layout, a new tensor would not.
    grads = [(randn(4, 6, seed=73) * 2)[:, ::2], (randn(5, 2, seed=74) * 2)[:, 0]]
    call = student.math_stats.clip_grad_norm.call(grads, 1.0)
    for i, got in enumerate(call.inputs_after[0][0]):
        if isinstance(got, torch.Tensor) and got.is_contiguous():
            fail(
                f"grads[{i}] was replaced by a new tensor instead of being changed in place "
                f"(grads[i] = g * coef builds a new tensor that the parameter's .grad never sees): "
                f"scale it in place with g.mul_(coef) {MATH.en}",
                f"grads[{i}] 被换成了新张量，而不是原地修改（grads[i] = g * coef 生成的新张量，参数的 .grad 看不到）："
                f"请用 g.mul_(coef) 原地缩放{MATH.zh}",
            )
    _check_clipped(call, grads, 1.0)


# -- row_norms ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "shape, p",
    [
        _case(((5, 5), 1), 2, "square-p1", function="row_norms"),
        _case(((5, 5), 2), 2, "square-p2", function="row_norms"),
        _case(((3, 8), 1), 2, "wide-p1", function="row_norms"),
        _case(((3, 8), 2), 2, "wide-p2", function="row_norms"),
        _case(((1, 4), 2), 1, "one-row", function="row_norms"),
        _case(((6, 1), 1), 1, "one-column", function="row_norms"),
    ],
)
def test_row_norms(student, shape, p):
    x = randn(*shape, seed=81)
    if shape[0] > 1:
        x[0] = 0.0  # a zero row has norm 0
    expected = torch.linalg.vector_norm(x, p, dim=1)
    other = 2 if p == 1 else 1
    assert_tensor(
        student.math_stats.row_norms(x, p),
        expected,
        mistakes={
            Msg(
                f"the norm of every column (dim 0); one value per row means dim=1 {STATS.en}",
                f"算成了每一列的范数（第 0 维）；每行一个值要用 dim=1{STATS.zh}",
            ): torch.linalg.vector_norm(x, p, dim=0),
            Msg(
                f"the 1-norm sums absolute values: x.abs().sum(dim=1), not x.sum(dim=1) {STATS.en}",
                f"1-范数是绝对值之和：x.abs().sum(dim=1)，而不是 x.sum(dim=1){STATS.zh}",
            ): x.sum(dim=1),
            Msg(
                f"the 2-norm is the square root of the sum of squares {STATS.en}",
                f"2-范数是平方和的平方根{STATS.zh}",
            ): (x**2).sum(dim=1),
            Msg(
                f"keepdim=True gives [n, 1]; the result is [n] {STATS.en}",
                f"keepdim=True 得到 [n, 1]；结果应为 [n]{STATS.zh}",
            ): expected.unsqueeze(1),
            Msg(
                f"the {other}-norm instead of the {p}-norm: use p {STATS.en}",
                f"算成了 {other}-范数而不是 {p}-范数：请用参数 p{STATS.zh}",
            ): torch.linalg.vector_norm(x, other, dim=1),
        },
    )


@exercise("math_stats.row_norms")
@points(1)
def test_row_norms_float64(student):
    x = randn(4, 3, seed=82, dtype=torch.float64)
    for p in (1, 2):
        assert_tensor(student.math_stats.row_norms(x, p), torch.linalg.vector_norm(x, p, dim=1))


# -- accuracy -------------------------------------------------------------------------------------
def _logits_with_wrong_rows(n, c, wrong, seed):
    logits = randn(n, c, seed=seed)
    labels = logits.argmax(dim=1)
    idx = torch.tensor(wrong, dtype=torch.long)
    labels[idx] = (labels[idx] + 1) % c
    return logits, labels


def _accuracy_mistakes(logits, labels):
    n = labels.shape[0]
    right = int((logits.argmax(dim=1) == labels).sum())
    out = {
        Msg(
            f"the number of right rows, not the fraction: divide by the number of rows {STATS.en}",
            f"返回了预测正确的行数而不是比例：要除以行数{STATS.zh}",
        ): right,
        Msg(f"argmin instead of argmax {STATS.en}", f"用了 argmin 而不是 argmax{STATS.zh}"): float(
            (logits.argmin(dim=1) == labels).sum()
        )
        / n,
        Msg(f"the error rate (1 - accuracy) {STATS.en}", f"算成了错误率（1 - 准确率）{STATS.zh}"): (
            n - right
        )
        / n,
    }
    if logits.shape[0] == logits.shape[1]:
        out[
            Msg(
                f"argmax over dim 0 (per class); the prediction of a row is argmax(dim=1) {STATS.en}",
                f"在第 0 维上取了 argmax（按类别）；每行的预测是 argmax(dim=1){STATS.zh}",
            )
        ] = float((logits.argmax(dim=0) == labels).sum()) / n
    return out


@pytest.mark.parametrize(
    "n, c, wrong",
    [
        _case((10, 4, [0, 3, 4]), 2, "7-of-10", function="accuracy"),
        _case((6, 6, [1]), 2, "square", function="accuracy"),
        _case((5, 3, []), 1, "all-right", function="accuracy"),
        _case((4, 3, [0, 1, 2, 3]), 1, "none-right", function="accuracy"),
        _case((1, 2, []), 1, "one-row", function="accuracy"),
    ],
)
def test_accuracy_fraction(student, n, c, wrong):
    logits, labels = _logits_with_wrong_rows(n, c, wrong, seed=91)
    _check_number(
        student.math_stats.accuracy(logits, labels),
        (n - len(wrong)) / n,
        mistakes=_accuracy_mistakes(logits, labels),
    )


@exercise("math_stats.accuracy")
@points(1)
def test_accuracy_non_contiguous_input_left_unchanged(student):
    logits, labels = _logits_with_wrong_rows(7, 5, [2, 5], seed=92)
    logits, labels = non_contiguous(logits), non_contiguous(labels)
    call = student.math_stats.accuracy.call(logits, labels)
    _check_number(call.value, 5 / 7, mistakes=_accuracy_mistakes(logits, labels))
    assert_inputs_unchanged(call, logits, labels, names=["logits", "labels"])


# -- topk_accuracy --------------------------------------------------------------------------------
def _topk_fraction(logits, labels, k, *, largest=True, dim=1):
    if k < 1:
        return 0.0
    top = logits.topk(k, dim=dim, largest=largest).indices
    if dim == 1:
        hit = (top == labels[:, None]).any(dim=1)
    else:
        hit = (top == labels[None, :]).any(dim=0)
    return float(hit.sum()) / labels.shape[0]


def _topk_mistakes(logits, labels, k):
    n, c = logits.shape
    out = {
        Msg(
            f"the k smallest logits (largest=False); top-k means the largest {STATS.en}",
            f"取了最小的 k 个 logits（largest=False）；top-k 指最大的 k 个{STATS.zh}",
        ): _topk_fraction(logits, labels, k, largest=False),
        Msg(
            f"the number of hits, not the fraction: divide by the number of rows {STATS.en}",
            f"返回了命中的行数而不是比例：要除以行数{STATS.zh}",
        ): _topk_fraction(logits, labels, k) * n,
        Msg(
            f"only the best class was compared (top-1); count a hit when the label is any of the k best {STATS.en}",
            f"只比较了得分最高的一个类别（top-1）；标签是得分最高的 k 个类别之一就算命中{STATS.zh}",
        ): _topk_fraction(logits, labels, 1),
        Msg(f"k - 1 instead of k {STATS.en}", f"用了 k - 1 而不是 k{STATS.zh}"): _topk_fraction(
            logits, labels, k - 1
        ),
    }
    if k < c:
        out[Msg(f"k + 1 instead of k {STATS.en}", f"用了 k + 1 而不是 k{STATS.zh}")] = (
            _topk_fraction(logits, labels, k + 1)
        )
    if n == c:
        out[
            Msg(
                f"topk over dim 0; the k best classes of a row are topk(k, dim=1) {STATS.en}",
                f"在第 0 维上做了 topk；每行得分最高的 k 个类别是 topk(k, dim=1){STATS.zh}",
            )
        ] = _topk_fraction(logits, labels, k, dim=0)
    return out


@pytest.mark.parametrize(
    "n, c, k",
    [
        _case((12, 5, 2), 2, "k2", function="topk_accuracy"),
        _case((12, 5, 4), 2, "k4", function="topk_accuracy"),
        _case((9, 9, 3), 2, "square-k3", function="topk_accuracy"),
        _case((12, 5, 1), 1, "k1-is-accuracy", function="topk_accuracy"),
        _case((7, 5, 5), 1, "k-all-classes", function="topk_accuracy"),
    ],
)
def test_topk_accuracy(student, n, c, k):
    logits = randn(n, c, seed=101)
    labels = randint(0, c, (n,), seed=102)
    _check_number(
        student.math_stats.topk_accuracy(logits, labels, k),
        _topk_fraction(logits, labels, k),
        mistakes=_topk_mistakes(logits, labels, k),
    )


@exercise("math_stats.topk_accuracy")
@points(1)
def test_topk_accuracy_non_contiguous_input_left_unchanged(student):
    logits = non_contiguous(randn(8, 6, seed=103))
    labels = non_contiguous(randint(0, 6, (8,), seed=104))
    call = student.math_stats.topk_accuracy.call(logits, labels, 3)
    _check_number(
        call.value, _topk_fraction(logits, labels, 3), mistakes=_topk_mistakes(logits, labels, 3)
    )
    assert_inputs_unchanged(call, logits, labels, 3, names=["logits", "labels", "k"])


# -- kth_smallest ---------------------------------------------------------------------------------
def _check_kth(got, x, k, dim):
    assert_sequence(got, 2, what=Msg("the result (values, indices)", "结果（values, indices）"))
    expected = torch.kthvalue(x, k, dim)
    size = x.shape[dim]
    candidates = {
        Msg(
            f"the k-th LARGEST (topk / descending sort); kthvalue counts from the smallest {STATS.en}",
            f"取了第 k 大的值（topk / 降序排序）；kthvalue 从最小的值数起{STATS.zh}",
        ): torch.kthvalue(x, size - k + 1, dim) if size - k + 1 != k else None,
        Msg(
            f"the (k+1)-th smallest: k counts from 1, so the k-th smallest is at sorted index k - 1 {STATS.en}",
            f"取了第 k+1 小的值：k 从 1 数起，第 k 小的值在排序后的索引 k - 1 处{STATS.zh}",
        ): torch.kthvalue(x, k + 1, dim) if k < size else None,
        Msg(
            f"the (k-1)-th smallest: off by one {STATS.en}",
            f"取了第 k-1 小的值：差了一位{STATS.zh}",
        ): torch.kthvalue(x, k - 1, dim) if k > 1 else None,
        Msg(
            f"along the last dim instead of dim={dim} {STATS.en}",
            f"沿最后一维取值，而不是沿 dim={dim}{STATS.zh}",
        ): torch.kthvalue(x, k, -1)
        if x.dim() > 1 and dim not in (-1, x.dim() - 1) and k <= x.shape[-1]
        else None,
        Msg(
            f"keepdim=True keeps dim {dim} with size 1; it must be removed {STATS.en}",
            f"keepdim=True 保留了大小为 1 的第 {dim} 维；这一维应当去掉{STATS.zh}",
        ): torch.kthvalue(x, k, dim, keepdim=True),
    }
    for i, what in enumerate(("values", "indices")):
        assert_tensor(
            got[i],
            expected[i],
            what=what,
            mistakes={name: c[i] for name, c in candidates.items() if c is not None},
        )


@pytest.mark.parametrize(
    "shape, k, dim",
    [
        _case(((4, 5, 6), 1, 0), 2, "min-dim0", function="kth_smallest"),
        _case(((4, 5, 6), 3, 1), 2, "k3-dim1", function="kth_smallest"),
        _case(((4, 5, 6), 6, -1), 2, "max-last-dim", function="kth_smallest"),
        _case(((4, 5, 6), 2, -2), 2, "negative-dim", function="kth_smallest"),
        _case(((4, 5, 6), 4, -3), 2, "negative-dim0", function="kth_smallest"),
        _case(((9,), 9, 0), 1, "1d-max", function="kth_smallest"),
        _case(((3, 1, 2), 1, 1), 1, "size-1-dim", function="kth_smallest"),
    ],
)
def test_kth_smallest(student, shape, k, dim):
    x = _distinct(*shape, seed=111)
    _check_kth(student.math_stats.kth_smallest(x, k, dim), x, k, dim)


@exercise("math_stats.kth_smallest")
@points(1)
def test_kth_smallest_float64(student):
    x = _distinct(5, 4, seed=112, dtype=torch.float64)
    _check_kth(student.math_stats.kth_smallest(x, 2, 0), x, 2, 0)


# -- every tensor function: non-contiguous inputs left unchanged, and the meta device --------------
CASES = {
    "linear": (
        lambda: (randn(5, 4, seed=121), randn(3, 4, seed=122), randn(3, seed=123)),
        F.linear,
        ["x", "w", "b"],
    ),
    "batched_matmul": (
        lambda: (randn(2, 3, 4, seed=124), randn(2, 4, 5, seed=125)),
        torch.matmul,
        ["a", "b"],
    ),
    "clamp_gradients": (
        lambda: (randn(4, 5, seed=126) * 2, 1.0),
        lambda g, m: g.clamp(-m, m),
        ["grad", "max_value"],
    ),
    "row_norms": (
        lambda: (randn(4, 6, seed=127), 1),
        lambda x, p: torch.linalg.vector_norm(x, p, dim=1),
        ["x", "p"],
    ),
    "kth_smallest": (
        lambda: (_distinct(3, 4, 5, seed=128), 2, 1),
        lambda x, k, dim: tuple(torch.kthvalue(x, k, dim)),
        ["x", "k", "dim"],
    ),
}


def _cases():
    return [
        pytest.param(name, marks=[exercise(f"math_stats.{name}"), points(1)], id=name)
        for name in CASES
    ]


def _assert_result(got, expected):
    if isinstance(expected, tuple):
        assert_sequence(got, len(expected))
        for g, e, what in zip(got, expected, ("values", "indices")):
            assert_tensor(g, e, what=what)
    else:
        assert_tensor(got, expected)


@pytest.mark.parametrize("name", _cases())
def test_non_contiguous_input_left_unchanged(student, name):
    make, oracle, names = CASES[name]
    args = tuple(non_contiguous(a) if isinstance(a, torch.Tensor) else a for a in make())
    call = getattr(student.math_stats, name).call(*args)
    _assert_result(call.value, oracle(*args))
    assert_inputs_unchanged(call, *args, names=names)


@pytest.mark.parametrize("name", _cases())
def test_meta_device_kept(student, name):
    make, oracle, _ = CASES[name]
    args = make()
    fn = getattr(student.math_stats, name)
    _assert_result(fn(*args), oracle(*args))
    assert_keeps_meta(fn, *args)


@pytest.mark.parametrize(
    "name, make_args",
    cuda_cases(
        "math_stats",
        {
            "linear": lambda: args(
                randn(5, 4, seed=131), randn(3, 4, seed=132), randn(3, seed=133)
            ),
            "batched_matmul": lambda: args(randn(2, 1, 3, 4, seed=134), randn(3, 4, 5, seed=135)),
            "clamp_gradients": lambda: args(randn(4, 5, seed=136) * 3, 0.5),
            # in place: the scaled gradients (inputs after the call) are compared too
            "clip_grad_norm": lambda: args(
                _grads(137, [(4, 3), (3,), (2, 2, 2), ()], scale=2.0), 1.0
            ),
            "row_norms": lambda: args(randn(5, 6, seed=141), 1),
            "accuracy": lambda: args(*_logits_with_wrong_rows(10, 4, [0, 3, 4], seed=142)),
            "topk_accuracy": lambda: args(
                randn(12, 5, seed=143), randint(0, 5, (12,), seed=144), 2
            ),
            "kth_smallest": lambda: args(_distinct(4, 5, 6, seed=145), 3, -2),
        },
    ),
)
def test_same_on_cuda(student, name, make_args):
    """Device agreement: the same answer on CPU and on CUDA, returned on CUDA."""
    assert_same_on_cuda(getattr(student.math_stats, name), make_args())
