"""Hidden checks for topic `conv` (卷积 / 池化层与采样 / Batch Norm): non-square images and
kernels, strides and paddings as ints and pairs, windows that do not tile, negative values and
ties, float64, non-contiguous inputs left unchanged, the built-ins that "by hand" forbids, the
meta device, a large input that a per-pixel Python loop cannot finish in time, and the in-place
update of the running statistics of batch norm."""

import pytest
import torch
import torch.nn.functional as F

from grader.checks import (
    args,
    assert_close_number,
    assert_inputs_unchanged,
    assert_keeps_meta,
    assert_not_using,
    assert_same_on_cuda,
    assert_tensor,
    cuda_cases,
    fail,
    non_contiguous,
    randint,
    randn,
)
from grader.checks.feedback import shown

exercise = pytest.mark.exercise
points = pytest.mark.points

CONV = "(Lesson 卷积 / Convolution)"
POOL = "(Lesson 池化层与采样 / Pooling and sampling)"
BN = "(Lesson Batch Norm)"

# What "by hand" forbids, as the sandbox records it at run time (__name__, a torch.ops overload
# by its name before the dot) and as it appears in source (F.conv2d, nn.Conv2d, ...).
CONV_CALLS = frozenset(
    {
        "conv1d",
        "conv2d",
        "conv3d",
        "conv_transpose1d",
        "conv_transpose2d",
        "conv_transpose3d",
        "conv_tbc",
        "convolution",
        "_convolution",
        "_conv_depthwise2d",
        "mkldnn_convolution",
        "cudnn_convolution",
        "thnn_conv2d",
        "_slow_conv2d_forward",
        "Conv1d",
        "Conv2d",
        "Conv3d",
        "ConvTranspose1d",
        "ConvTranspose2d",
        "ConvTranspose3d",
    }
)
POOL_CALLS = frozenset(
    {
        "max_pool1d",
        "max_pool2d",
        "max_pool3d",
        "max_pool1d_with_indices",
        "max_pool2d_with_indices",
        "max_pool3d_with_indices",
        "mkldnn_max_pool2d",
        "quantized_max_pool2d",
        "avg_pool1d",
        "avg_pool2d",
        "avg_pool3d",
        "adaptive_max_pool1d",
        "adaptive_max_pool2d",
        "adaptive_max_pool3d",
        "adaptive_avg_pool1d",
        "adaptive_avg_pool2d",
        "adaptive_avg_pool3d",
        "_adaptive_avg_pool2d",
        "fractional_max_pool2d",
        "lp_pool2d",
        "MaxPool2d",
        "AvgPool2d",
        "AdaptiveMaxPool2d",
        "AdaptiveAvgPool2d",
        "LPPool2d",
        "FractionalMaxPool2d",
    }
)
UPSAMPLE_CALLS = frozenset(
    {
        "interpolate",
        "upsample",
        "upsample_nearest",
        "upsample_bilinear",
        "upsample_nearest1d",
        "upsample_nearest2d",
        "upsample_nearest3d",
        "_upsample_nearest_exact1d",
        "_upsample_nearest_exact2d",
        "_upsample_nearest_exact3d",
        "upsample_bilinear2d",
        "_upsample_bilinear2d_aa",
        "upsample_bicubic2d",
        "upsample_linear1d",
        "upsample_trilinear3d",
        "Upsample",
        "UpsamplingNearest2d",
        "UpsamplingBilinear2d",
    }
)
BATCH_NORM_CALLS = frozenset(
    {
        "batch_norm",
        "native_batch_norm",
        "_native_batch_norm_legit",
        "_native_batch_norm_legit_no_training",
        "_native_batch_norm_legit_functional",
        "_batch_norm_impl_index",
        "_batch_norm_with_update",
        "_batch_norm_no_update",
        "cudnn_batch_norm",
        "miopen_batch_norm",
        "batch_norm_stats",
        "batch_norm_elemt",
        "batch_norm_update_stats",
        "batch_norm_gather_stats",
        "BatchNorm1d",
        "BatchNorm2d",
        "BatchNorm3d",
    }
)


def _pair(v):
    return (v, v) if isinstance(v, int) else tuple(v)


# -- conv_output_size ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "size, kernel_size, stride, padding, dilation",
    [
        pytest.param(
            32, 3, 1, 1, 1, marks=[exercise("conv.conv_output_size"), points(1)], id="same"
        ),
        pytest.param(
            28, 5, 2, 0, 1, marks=[exercise("conv.conv_output_size"), points(1)], id="floor"
        ),
        pytest.param(
            7, 3, 3, 1, 1, marks=[exercise("conv.conv_output_size"), points(1)], id="stride-3"
        ),
        pytest.param(
            15, 3, 2, 2, 3, marks=[exercise("conv.conv_output_size"), points(2)], id="dilation"
        ),
    ],
)
def test_conv_output_size_cases(student, size, kernel_size, stride, padding, dilation):
    expected = F.conv2d(
        torch.zeros(1, 1, 1, size),
        torch.zeros(1, 1, 1, kernel_size),
        stride=stride,
        padding=(0, padding),
        dilation=dilation,
    ).shape[-1]
    got = student.conv.conv_output_size(
        size, kernel_size, stride=stride, padding=padding, dilation=dilation
    )
    d_span = dilation * (kernel_size - 1) + 1
    mistakes = {
        f"padding counted once; it is added on both sides: + 2*padding {CONV}": (
            size + padding - d_span
        )
        // stride
        + 1,
        f"the + 1 is missing: the first window sits at position 0 {CONV}": (
            size + 2 * padding - d_span
        )
        // stride,
        f"dilation ignored: a dilated kernel spans dilation*(k - 1) + 1 pixels {CONV}": (
            size + 2 * padding - kernel_size
        )
        // stride
        + 1,
        f"stride ignored {CONV}": size + 2 * padding - d_span + 1,
    }
    if isinstance(got, int) and not isinstance(got, bool) and got != expected:
        for name, value in mistakes.items():
            if got == value:
                fail(
                    f"the result is {shown(got)}, expected {shown(expected)}. This looks like: {name}.",
                    f"结果是 {shown(got)}，应为 {shown(expected)}。这看起来像：{name}。",
                )
    assert_close_number(got, expected, kind=int)


# -- conv2d_by_hand --------------------------------------------------------------------------------
def _conv_mistakes(x, weight, bias, stride, padding):
    ph, pw = _pair(padding)
    sh, sw = _pair(stride)
    mistakes = {
        f"the kernel was flipped (a true convolution): F.conv2d is a cross-correlation, "
        f"out[i, j] uses weight[p, q] with x[i + p, j + q] {CONV}": F.conv2d(
            x, weight.flip(-2, -1), bias, stride, padding
        ),
        f"padding added on one side only; pad p zeros on the left AND the right (top AND bottom) {CONV}": F.conv2d(
            F.pad(x, (pw, 0, ph, 0)), weight, bias, stride
        ),
        f"padding added at the end only {CONV}": F.conv2d(
            F.pad(x, (0, pw, 0, ph)), weight, bias, stride
        ),
        f"stride ignored: step the window by the stride {CONV}": F.conv2d(
            x, weight, bias, 1, padding
        ),
        f"padding ignored {CONV}": F.conv2d(x, weight, bias, stride, 0),
    }
    if bias is not None:
        mistakes[f"the bias is missing: add bias[o] to output channel o {CONV}"] = F.conv2d(
            x, weight, None, stride, padding
        )
        if x.shape[1] == weight.shape[0]:
            mistakes[f"bias added to the input channels, not the output channels {CONV}"] = (
                F.conv2d(x + bias.reshape(1, -1, 1, 1), weight, None, stride, padding)
            )
    if sh != sw or ph != pw:
        mistakes[f"the pair was read the wrong way round: (for h, for w) {CONV}"] = F.conv2d(
            x, weight, bias, (sw, sh), (pw, ph)
        )
    return mistakes


@pytest.mark.parametrize(
    "x_shape, w_shape, stride, padding, with_bias",
    [
        pytest.param(
            (2, 3, 9, 7),
            (5, 3, 3, 2),
            2,
            (1, 0),
            True,
            marks=[exercise("conv.conv2d_by_hand"), points(2)],
            id="non-square-stride2",
        ),
        pytest.param(
            (3, 2, 8, 11),
            (4, 2, 4, 3),
            (2, 3),
            (2, 1),
            True,
            marks=[exercise("conv.conv2d_by_hand"), points(2)],
            id="pairs",
        ),
        pytest.param(
            (2, 4, 6, 6),
            (3, 4, 3, 3),
            3,
            2,
            False,
            marks=[exercise("conv.conv2d_by_hand"), points(2)],
            id="no-bias-not-tiling",
        ),
        pytest.param(
            (2, 3, 5, 5),
            (3, 3, 3, 3),
            1,
            1,
            True,
            marks=[exercise("conv.conv2d_by_hand"), points(2)],
            id="same-channels",
        ),
        pytest.param(
            (1, 1, 5, 4),
            (1, 1, 1, 1),
            1,
            0,
            True,
            marks=[exercise("conv.conv2d_by_hand"), points(1)],
            id="1x1",
        ),
    ],
)
def test_conv2d_by_hand_cases(student, x_shape, w_shape, stride, padding, with_bias):
    x, weight = randn(*x_shape, seed=31), randn(*w_shape, seed=32)
    bias = randn(w_shape[0], seed=33) if with_bias else None
    expected = F.conv2d(x, weight, bias, stride, padding)
    got = student.conv.conv2d_by_hand(x, weight, bias, stride, padding)
    assert_tensor(got, expected, mistakes=_conv_mistakes(x, weight, bias, stride, padding))


@exercise("conv.conv2d_by_hand")
@points(1)
def test_conv2d_by_hand_float64(student):
    x = randn(2, 2, 6, 5, seed=34, dtype=torch.float64)
    weight = randn(3, 2, 2, 3, seed=35, dtype=torch.float64)
    bias = randn(3, seed=36, dtype=torch.float64)
    got = student.conv.conv2d_by_hand(x, weight, bias, (1, 2), (1, 1))
    assert_tensor(got, F.conv2d(x, weight, bias, (1, 2), (1, 1)))


@exercise("conv.conv2d_by_hand")
@points(2)
def test_conv2d_by_hand_non_contiguous_by_hand(student):
    x = non_contiguous(randn(2, 3, 7, 6, seed=37))
    weight = non_contiguous(randn(4, 3, 3, 3, seed=38))
    bias = randn(4, seed=39)
    fn = student.conv.conv2d_by_hand
    call = fn.call(x, weight, bias, 2, 1)
    assert_tensor(call.value, F.conv2d(x, weight, bias, 2, 1))
    assert_inputs_unchanged(call, x, weight, bias, names=["x", "weight", "bias"])
    assert_not_using(
        fn,
        call,
        CONV_CALLS,
        lesson=f"Slide over the kh*kw kernel positions with slicing and einsum/matmul, or use unfold. {CONV}",
    )


@exercise("conv.conv2d_by_hand")
@points(1)
def test_conv2d_by_hand_meta_device(student):
    x, weight, bias = randn(2, 3, 5, 6, seed=40), randn(2, 3, 3, 3, seed=41), randn(2, seed=42)
    fn = student.conv.conv2d_by_hand
    assert_tensor(fn(x, weight, bias, 1, 2), F.conv2d(x, weight, bias, 1, 2))
    assert_keeps_meta(fn, x, weight, bias, 1, 2)  # the padding zeros go on x's device


@exercise("conv.conv2d_by_hand")
@points(2)
@pytest.mark.call_timeout(2)
def test_conv2d_by_hand_large_input(student):
    # A loop over the 9 kernel positions takes milliseconds here; a Python loop over each of the
    # 8 * 32 * 64 * 64 outputs takes many seconds and is stopped (outcome "timeout", with a hint).
    x, weight, bias = (
        randn(8, 16, 64, 64, seed=43),
        randn(32, 16, 3, 3, seed=44),
        randn(32, seed=45),
    )
    got = student.conv.conv2d_by_hand(x, weight, bias, 1, 1)
    assert_tensor(got, F.conv2d(x, weight, bias, 1, 1), rtol=1e-5, atol=1e-4)


# -- max_pool2d_by_hand / avg_pool2d_by_hand -------------------------------------------------------
def _pool_mistakes(x, kernel_size, stride, reduce):
    pool = F.max_pool2d if reduce == "max" else F.avg_pool2d
    kh, kw = _pair(kernel_size)
    s = kernel_size if stride is None else stride
    mistakes = {
        f"stride=None must mean stride = kernel_size, not 1 {POOL}": pool(x, kernel_size, 1),
        f"a window that runs past the edge must be dropped (floor mode), not kept {POOL}": pool(
            x, kernel_size, stride, ceil_mode=True
        ),
        f"rows and columns swapped in the kernel or stride {POOL}": pool(
            x, (kw, kh), s if isinstance(s, int) else (s[1], s[0])
        )
        if (kh != kw or not isinstance(s, int))
        else None,
    }
    if kh != kw:
        mistakes[f"kh and kw swapped in the kernel {POOL}"] = pool(x, (kw, kh), s)
    if reduce == "max":
        mistakes[
            f"the maximum started at 0: windows of negative values give 0; start from the first value or use amax {POOL}"
        ] = pool(x, kernel_size, stride).clamp_min(0)
    else:
        sums = pool(x, kernel_size, stride) * (kh * kw)
        mistakes[f"the sum, not the mean: divide by kh*kw {POOL}"] = sums
        mistakes[f"divided by kernel_size, not kh*kw {POOL}"] = sums / kh
    return mistakes


POOL_CASES = [
    ((2, 3, 7, 9), 2, None, "floor"),
    ((1, 2, 5, 5), 3, 1, "overlapping"),
    ((2, 1, 6, 8), (2, 3), None, "pair-kernel"),
    ((2, 2, 9, 7), 3, (2, 1), "pair-stride"),
]


def _pool_params(name):
    return [
        pytest.param(
            shape,
            k,
            s,
            marks=[exercise(f"conv.{name}"), points(2)],
            id=f"{name}-{label}",
        )
        for shape, k, s, label in POOL_CASES
    ]


@pytest.mark.parametrize("shape, kernel_size, stride", _pool_params("max_pool2d_by_hand"))
def test_max_pool2d_by_hand_cases(student, shape, kernel_size, stride):
    x = randn(*shape, seed=51)
    assert_tensor(
        student.conv.max_pool2d_by_hand(x, kernel_size, stride),
        F.max_pool2d(x, kernel_size, stride),
        mistakes=_pool_mistakes(x, kernel_size, stride, "max"),
    )


@pytest.mark.parametrize("shape, kernel_size, stride", _pool_params("avg_pool2d_by_hand"))
def test_avg_pool2d_by_hand_cases(student, shape, kernel_size, stride):
    x = randn(*shape, seed=52)
    assert_tensor(
        student.conv.avg_pool2d_by_hand(x, kernel_size, stride),
        F.avg_pool2d(x, kernel_size, stride),
        mistakes=_pool_mistakes(x, kernel_size, stride, "avg"),
    )


@exercise("conv.max_pool2d_by_hand")
@points(2)
def test_max_pool2d_by_hand_negative_ties(student):
    x = randint(-4, 0, (2, 2, 6, 7), seed=53).float()  # every value negative, many equal
    assert_tensor(
        student.conv.max_pool2d_by_hand(x, 2),
        F.max_pool2d(x, 2),
        mistakes=_pool_mistakes(x, 2, None, "max"),
    )


@exercise("conv.avg_pool2d_by_hand")
@points(1)
def test_avg_pool2d_by_hand_float64(student):
    x = randn(2, 3, 5, 7, seed=54, dtype=torch.float64)
    assert_tensor(
        student.conv.avg_pool2d_by_hand(x, (3, 2)),
        F.avg_pool2d(x, (3, 2)),
        mistakes=_pool_mistakes(x, (3, 2), None, "avg"),
    )


@pytest.mark.parametrize(
    "name, oracle",
    [
        pytest.param(
            "max_pool2d_by_hand",
            F.max_pool2d,
            marks=[exercise("conv.max_pool2d_by_hand"), points(2)],
            id="max",
        ),
        pytest.param(
            "avg_pool2d_by_hand",
            F.avg_pool2d,
            marks=[exercise("conv.avg_pool2d_by_hand"), points(2)],
            id="avg",
        ),
    ],
)
def test_pool_non_contiguous_by_hand(student, name, oracle):
    x = non_contiguous(randn(2, 3, 8, 6, seed=55))
    fn = getattr(student.conv, name)
    call = fn.call(x, 2, 2)
    reduce = "max" if oracle is F.max_pool2d else "avg"
    assert_tensor(call.value, oracle(x, 2, 2), mistakes=_pool_mistakes(x, 2, 2, reduce))
    assert_inputs_unchanged(call, x, names=["x"])
    assert_not_using(
        fn,
        call,
        POOL_CALLS,
        lesson=f"Cut the windows with x.unfold (or slicing) and reduce them with amax/mean. {POOL}",
    )


@pytest.mark.parametrize(
    "name, oracle",
    [
        pytest.param(
            "max_pool2d_by_hand",
            F.max_pool2d,
            marks=[exercise("conv.max_pool2d_by_hand"), points(1)],
            id="max",
        ),
        pytest.param(
            "avg_pool2d_by_hand",
            F.avg_pool2d,
            marks=[exercise("conv.avg_pool2d_by_hand"), points(1)],
            id="avg",
        ),
    ],
)
def test_pool_meta_device(student, name, oracle):
    x = randn(2, 2, 6, 6, seed=56)
    fn = getattr(student.conv, name)
    reduce = "max" if oracle is F.max_pool2d else "avg"
    assert_tensor(fn(x, 3, 3), oracle(x, 3, 3), mistakes=_pool_mistakes(x, 3, 3, reduce))
    assert_keeps_meta(fn, x, 3, 3)


# -- upsample_nearest ------------------------------------------------------------------------------
def _upsample_mistakes(x, s):
    return {
        f"tile instead of repeating each pixel: x.repeat(1, 1, s, s) copies the whole image; "
        f"repeat_interleave (or expand + reshape) copies each pixel {POOL}": x.repeat(1, 1, s, s),
        f"only the rows were repeated {POOL}": x.repeat_interleave(s, dim=2),
        f"only the columns were repeated {POOL}": x.repeat_interleave(s, dim=3),
        f"the rows were tiled, not repeated {POOL}": x.repeat(1, 1, s, 1).repeat_interleave(
            s, dim=3
        ),
        f"the columns were tiled, not repeated {POOL}": x.repeat(1, 1, 1, s).repeat_interleave(
            s, dim=2
        ),
    }


@pytest.mark.parametrize(
    "shape, scale, dtype",
    [
        pytest.param(
            (2, 3, 4, 5),
            3,
            torch.float32,
            marks=[exercise("conv.upsample_nearest"), points(2)],
            id="non-square",
        ),
        pytest.param(
            (2, 2, 3, 1),
            2,
            torch.float64,
            marks=[exercise("conv.upsample_nearest"), points(2)],
            id="width-1-float64",
        ),
        pytest.param(
            (1, 1, 1, 1),
            4,
            torch.float32,
            marks=[exercise("conv.upsample_nearest"), points(1)],
            id="one-pixel",
        ),
    ],
)
def test_upsample_nearest_cases(student, shape, scale, dtype):
    x = randn(*shape, seed=61, dtype=dtype)
    assert_tensor(
        student.conv.upsample_nearest(x, scale),
        F.interpolate(x, scale_factor=scale, mode="nearest"),
        mistakes=_upsample_mistakes(x, scale),
    )


@exercise("conv.upsample_nearest")
@points(2)
def test_upsample_nearest_non_contiguous_by_hand(student):
    x = non_contiguous(randn(2, 3, 4, 3, seed=62))
    fn = student.conv.upsample_nearest
    call = fn.call(x, 2)
    assert_tensor(
        call.value,
        F.interpolate(x, scale_factor=2, mode="nearest"),
        mistakes=_upsample_mistakes(x, 2),
    )
    assert_inputs_unchanged(call, x, names=["x"])
    assert_not_using(
        fn,
        call,
        UPSAMPLE_CALLS,
        lesson=f"Copy each pixel with repeat_interleave, or index with i // s. {POOL}",
    )


@exercise("conv.upsample_nearest")
@points(1)
def test_upsample_nearest_meta_device(student):
    x = randn(2, 2, 3, 4, seed=63)
    fn = student.conv.upsample_nearest
    assert_tensor(
        fn(x, 2),
        F.interpolate(x, scale_factor=2, mode="nearest"),
        mistakes=_upsample_mistakes(x, 2),
    )
    assert_keeps_meta(fn, x, 2)


# -- batch_norm_by_hand ----------------------------------------------------------------------------
def _bn_setup(shape, seed, dtype=torch.float32, affine=True):
    c = shape[1]
    x = randn(*shape, seed=seed, dtype=dtype) * 1.5 + 0.5
    mean = randn(c, seed=seed + 1, dtype=dtype) * 0.2
    var = randn(c, seed=seed + 2, dtype=dtype).abs() + 0.5
    weight = randn(c, seed=seed + 3, dtype=dtype) if affine else None
    bias = randn(c, seed=seed + 4, dtype=dtype) if affine else None
    return x, mean, var, weight, bias


def _bn_expected(x, mean, var, weight, bias, training, momentum, eps=1e-5):
    """F.batch_norm's output and running statistics afterwards (on copies)."""
    m, v = mean.clone(), var.clone()
    y = F.batch_norm(x, m, v, weight, bias, training, momentum, eps)
    return y, m, v


def _bn_output_mistakes(x, mean, var, weight, bias, training, eps=1e-5):
    dims = [d for d in range(x.dim()) if d != 1]
    shape = [1, x.shape[1]] + [1] * (x.dim() - 2)
    w = weight.reshape(shape) if weight is not None else 1
    b = bias.reshape(shape) if bias is not None else 0

    def norm(mu, sigma2):
        return (x - mu) / torch.sqrt(sigma2 + eps) * w + b

    mistakes = {}
    if training:
        mu = x.mean(dims, keepdim=True)
        mistakes[
            f"normalised with the unbiased variance; use the biased one (divide by n) {BN}"
        ] = norm(mu, x.var(dims, unbiased=True, keepdim=True))
        if x.dim() == 4:
            mistakes[
                f"statistics over dim 0 only; for [b, c, h, w] average over b, h and w (dims 0, 2, 3) {BN}"
            ] = norm(x.mean(0, keepdim=True), x.var(0, unbiased=False, keepdim=True))
        mistakes[f"eps added to the standard deviation, not to the variance {BN}"] = (x - mu) / (
            x.var(dims, unbiased=False, keepdim=True).sqrt() + eps
        ) * w + b
        mistakes[f"in training, normalise with the batch statistics, not the running ones {BN}"] = (
            norm(mean.reshape(shape), var.reshape(shape))
        )
    else:
        mistakes[
            f"in eval mode, normalise with the running statistics, not the batch ones {BN}"
        ] = norm(x.mean(dims, keepdim=True), x.var(dims, unbiased=False, keepdim=True))
        _, m_upd, v_upd = _bn_expected(x, mean, var, weight, bias, True, 0.1)
        mistakes[
            f"the running statistics were updated in eval mode; update them only in training {BN}"
        ] = norm(m_upd.reshape(shape), v_upd.reshape(shape))
    return mistakes


def _bn_running_mistakes(x, mean, var, momentum):
    dims = [d for d in range(x.dim()) if d != 1]
    batch_mean = x.mean(dims)
    biased, unbiased = x.var(dims, unbiased=False), x.var(dims, unbiased=True)
    return {
        "mean": {
            f"running_mean was not updated in place (assign into it: running_mean.mul_(1 - m).add_(m * mean)) {BN}": mean,
            f"momentum the wrong way round: new = (1 - momentum) * running + momentum * batch {BN}": (
                momentum * mean + (1 - momentum) * batch_mean
            ),
        },
        "var": {
            f"running_var was not updated in place {BN}": var,
            f"running_var updated with the biased variance; PyTorch uses the unbiased one (n - 1) {BN}": (
                1 - momentum
            )
            * var
            + momentum * biased,
            f"momentum the wrong way round: new = (1 - momentum) * running + momentum * batch {BN}": momentum
            * var
            + (1 - momentum) * unbiased,
        },
    }


def _check_bn(call, x, mean, var, weight, bias, training, momentum):
    y, m_after, v_after = _bn_expected(x, mean, var, weight, bias, training, momentum)
    assert_tensor(call.value, y, mistakes=_bn_output_mistakes(x, mean, var, weight, bias, training))
    after = call.inputs_after[0]
    running = _bn_running_mistakes(x, mean, var, momentum)
    if not training:
        running = {
            "mean": {f"running_mean must not change in eval mode {BN}": None},
            "var": {f"running_var must not change in eval mode {BN}": None},
        }
    assert_tensor(after[1], m_after, what="running_mean after the call", mistakes=running["mean"])
    assert_tensor(after[2], v_after, what="running_var after the call", mistakes=running["var"])


@exercise("conv.batch_norm_by_hand")
@points(3)
def test_batch_norm_by_hand_training_4d(student):
    x, mean, var, weight, bias = _bn_setup((4, 3, 5, 6), seed=71)
    call = student.conv.batch_norm_by_hand.call(x, mean, var, weight, bias, True, 0.1)
    _check_bn(call, x, mean, var, weight, bias, True, 0.1)


@exercise("conv.batch_norm_by_hand")
@points(2)
def test_batch_norm_by_hand_training_2d(student):
    x, mean, var, weight, bias = _bn_setup((6, 4), seed=72)
    call = student.conv.batch_norm_by_hand.call(x, mean, var, weight, bias, True, 0.25)
    _check_bn(call, x, mean, var, weight, bias, True, 0.25)


@exercise("conv.batch_norm_by_hand")
@points(2)
@pytest.mark.parametrize("shape", [(5, 3, 4, 2), (7, 2)], ids=["4d", "2d"])
def test_batch_norm_by_hand_eval(student, shape):
    x, mean, var, weight, bias = _bn_setup(shape, seed=73)
    call = student.conv.batch_norm_by_hand.call(x, mean, var, weight, bias, False, 0.1)
    _check_bn(call, x, mean, var, weight, bias, False, 0.1)


@exercise("conv.batch_norm_by_hand")
@points(1)
def test_batch_norm_by_hand_no_affine(student):
    x, mean, var, _, _ = _bn_setup((3, 2, 3, 3), seed=74, affine=False)
    call = student.conv.batch_norm_by_hand.call(x, mean, var, None, None, True, 0.1)
    _check_bn(call, x, mean, var, None, None, True, 0.1)


@exercise("conv.batch_norm_by_hand")
@points(1)
def test_batch_norm_by_hand_float64_eps(student):
    x, mean, var, weight, bias = _bn_setup((4, 2, 3, 5), seed=75, dtype=torch.float64)
    call = student.conv.batch_norm_by_hand.call(
        x, mean, var, weight, bias, True, momentum=0.5, eps=0.1
    )
    y, m_after, v_after = _bn_expected(x, mean, var, weight, bias, True, 0.5, eps=0.1)
    assert_tensor(
        call.value, y, mistakes=_bn_output_mistakes(x, mean, var, weight, bias, True, 0.1)
    )
    after = call.inputs_after[0]
    assert_tensor(after[1], m_after, what="running_mean after the call")
    assert_tensor(after[2], v_after, what="running_var after the call")


@exercise("conv.batch_norm_by_hand")
@points(2)
def test_batch_norm_by_hand_non_contiguous_by_hand(student):
    x, mean, var, weight, bias = _bn_setup((3, 4, 5, 3), seed=76)
    x = non_contiguous(x)
    fn = student.conv.batch_norm_by_hand
    call = fn.call(x, mean, var, weight, bias, True, 0.1)
    _check_bn(call, x, mean, var, weight, bias, True, 0.1)
    assert_inputs_unchanged(call, x, names=["x"])
    assert_not_using(
        fn,
        call,
        BATCH_NORM_CALLS,
        lesson=f"Compute the mean and variance per channel with mean/var over the other dims. {BN}",
    )


@exercise("conv.batch_norm_by_hand")
@points(1)
def test_batch_norm_by_hand_meta_device(student):
    x, mean, var, _, _ = _bn_setup((2, 3, 4, 4), seed=77, affine=False)
    fn = student.conv.batch_norm_by_hand
    call = fn.call(x, mean, var, None, None, True, 0.1)
    _check_bn(call, x, mean, var, None, None, True, 0.1)
    assert_keeps_meta(fn, x, mean, var, None, None, True, 0.1)


# -- device agreement (run only where CUDA is present; skipped, and out of the maximum, elsewhere)
# conv_output_size takes and returns Python ints only: nothing to compare across devices.
@pytest.mark.parametrize(
    "name, make_args",
    cuda_cases(
        "conv",
        {
            # pairs for stride and padding: the padding zeros must be made on x's device
            "conv2d_by_hand": lambda: args(
                randn(2, 3, 7, 9, seed=81),
                randn(4, 3, 3, 2, seed=82),
                randn(4, seed=83),
                (2, 1),
                (1, 2),
            ),
            "max_pool2d_by_hand": lambda: args(randn(2, 3, 7, 8, seed=84), 3, 2),
            "avg_pool2d_by_hand": lambda: args(randn(2, 3, 9, 7, seed=85), (3, 2), (2, 1)),
            "upsample_nearest": lambda: args(randn(2, 3, 4, 5, seed=86), 3),
            # training: the running statistics are updated in place and compared afterwards
            "batch_norm_by_hand": lambda: args(*_bn_setup((3, 4, 5, 3), seed=87), True, 0.1),
        },
    ),
)
def test_same_on_cuda(student, name, make_args):
    """Device agreement: the same answer on CPU and on CUDA, returned on CUDA."""
    assert_same_on_cuda(getattr(student.conv, name), make_args())
