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
from grader.checks.compare import looks_like
from grader.checks.devices import LeftOut
from grader.checks.feedback import shown
from grader.i18n import Msg
from grader.lessons import cite

exercise = pytest.mark.exercise
points = pytest.mark.points

# The device checks an exercise leaves out, and why (tests/kit/test_completeness.py).
DEVICE_CHECKS_LEFT_OUT = {
    "conv_output_size": LeftOut(
        meta="ints in, an int out: no tensor, so no device",
        cuda="ints in, an int out: no tensor, so no device",
    ),
}

CONV = cite("conv")
POOL = cite("pooling")
BN = cite("batch_norm")
RUNNING_MEAN_AFTER = Msg("running_mean after the call", "调用之后的 running_mean")
RUNNING_VAR_AFTER = Msg("running_var after the call", "调用之后的 running_var")

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
        Msg(
            f"padding counted once; it is added on both sides: + 2*padding {CONV.en}",
            f"填充只算了一次；两侧都要填充：+ 2*padding{CONV.zh}",
        ): (size + padding - d_span) // stride + 1,
        Msg(
            f"the + 1 is missing: the first window sits at position 0 {CONV.en}",
            f"漏了 + 1：第一个窗口位于位置 0{CONV.zh}",
        ): (size + 2 * padding - d_span) // stride,
        Msg(
            f"dilation ignored: a dilated kernel spans dilation*(k - 1) + 1 pixels {CONV.en}",
            f"忽略了 dilation：带 dilation 的卷积核覆盖 dilation*(k - 1) + 1 个像素{CONV.zh}",
        ): (size + 2 * padding - kernel_size) // stride + 1,
        Msg(f"stride ignored {CONV.en}", f"忽略了步长{CONV.zh}"): size + 2 * padding - d_span + 1,
    }
    if isinstance(got, int) and not isinstance(got, bool) and got != expected:
        for name, value in mistakes.items():
            if got == value:
                fail(
                    f"the result is {shown(got)}, expected {shown(expected)}. {looks_like(name)}",
                    f"结果是 {shown(got)}，应为 {shown(expected)}。{looks_like(name)}",
                    mistake=name,
                )
    assert_close_number(got, expected, kind=int)


# -- conv2d_by_hand --------------------------------------------------------------------------------
def _conv_mistakes(x, weight, bias, stride, padding):
    ph, pw = _pair(padding)
    sh, sw = _pair(stride)
    mistakes = {
        Msg(
            f"the kernel was flipped (a true convolution): F.conv2d is a cross-correlation, "
            f"out[i, j] uses weight[p, q] with x[i + p, j + q] {CONV.en}",
            f"卷积核被翻转了（数学上真正的卷积）：F.conv2d 做的是互相关，out[i, j] 用 weight[p, q] "
            f"乘 x[i + p, j + q]{CONV.zh}",
        ): F.conv2d(x, weight.flip(-2, -1), bias, stride, padding),
        Msg(
            f"padding added on one side only; pad p zeros on the left AND the right (top AND "
            f"bottom) {CONV.en}",
            f"只在一侧做了填充；左右两侧（以及上下两侧）都要各补 p 个 0{CONV.zh}",
        ): F.conv2d(F.pad(x, (pw, 0, ph, 0)), weight, bias, stride),
        Msg(f"padding added at the end only {CONV.en}", f"只在末尾一侧做了填充{CONV.zh}"): F.conv2d(
            F.pad(x, (0, pw, 0, ph)), weight, bias, stride
        ),
        Msg(
            f"stride ignored: step the window by the stride {CONV.en}",
            f"忽略了步长：窗口每次要按步长移动{CONV.zh}",
        ): F.conv2d(x, weight, bias, 1, padding),
        Msg(f"padding ignored {CONV.en}", f"忽略了填充（padding）{CONV.zh}"): F.conv2d(
            x, weight, bias, stride, 0
        ),
    }
    if bias is not None:
        mistakes[
            Msg(
                f"the bias is missing: add bias[o] to output channel o {CONV.en}",
                f"漏了偏置：要把 bias[o] 加到第 o 个输出通道上{CONV.zh}",
            )
        ] = F.conv2d(x, weight, None, stride, padding)
        if x.shape[1] == weight.shape[0]:
            mistakes[
                Msg(
                    f"bias added to the input channels, not the output channels {CONV.en}",
                    f"偏置加到了输入通道上，而不是输出通道上{CONV.zh}",
                )
            ] = F.conv2d(x + bias.reshape(1, -1, 1, 1), weight, None, stride, padding)
    if sh != sw or ph != pw:
        mistakes[
            Msg(
                f"the pair was read the wrong way round: (for h, for w) {CONV.en}",
                f"成对的参数读反了：顺序是（h 方向，w 方向）{CONV.zh}",
            )
        ] = F.conv2d(x, weight, bias, (sw, sh), (pw, ph))
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
            id="no-bias-untiled",
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
        lesson=Msg(
            f"Slide over the kh*kw kernel positions with slicing and einsum/matmul, or use unfold. "
            f"{CONV.en}",
            f"用切片和 einsum/matmul 遍历卷积核的 kh*kw 个位置，或者用 unfold。{CONV.zh}",
        ),
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
        Msg(
            f"stride=None must mean stride = kernel_size, not 1 {POOL.en}",
            f"stride=None 应表示 stride = kernel_size，而不是 1{POOL.zh}",
        ): pool(x, kernel_size, 1),
        Msg(
            f"a window that runs past the edge must be dropped (floor mode), not kept {POOL.en}",
            f"超出边缘的窗口要丢掉（floor 模式），不能保留{POOL.zh}",
        ): pool(x, kernel_size, stride, ceil_mode=True),
        Msg(
            f"rows and columns swapped in the kernel or stride {POOL.en}",
            f"kernel_size 或 stride 的行和列弄反了{POOL.zh}",
        ): pool(x, (kw, kh), s if isinstance(s, int) else (s[1], s[0]))
        if (kh != kw or not isinstance(s, int))
        else None,
    }
    if kh != kw:
        mistakes[
            Msg(
                f"kh and kw swapped in the kernel {POOL.en}",
                f"kernel_size 中的 kh 和 kw 弄反了{POOL.zh}",
            )
        ] = pool(x, (kw, kh), s)
    if reduce == "max":
        mistakes[
            Msg(
                f"the maximum started at 0: windows of negative values give 0; start from the "
                f"first value or use amax {POOL.en}",
                f"最大值从 0 开始取：全是负数的窗口会得到 0；应从窗口的第一个值开始，或者用 amax"
                f"{POOL.zh}",
            )
        ] = pool(x, kernel_size, stride).clamp_min(0)
    else:
        sums = pool(x, kernel_size, stride) * (kh * kw)
        mistakes[
            Msg(
                f"the sum, not the mean: divide by kh*kw {POOL.en}",
                f"求的是和而不是均值：要除以 kh*kw{POOL.zh}",
            )
        ] = sums
        mistakes[
            Msg(
                f"divided by kernel_size, not kh*kw {POOL.en}",
                f"除以的是 kernel_size，而不是 kh*kw{POOL.zh}",
            )
        ] = sums / kh
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
        lesson=Msg(
            f"Cut the windows with x.unfold (or slicing) and reduce them with amax/mean. {POOL.en}",
            f"用 x.unfold（或切片）切出各个窗口，再用 amax/mean 归约。{POOL.zh}",
        ),
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
        Msg(
            f"tile instead of repeating each pixel: x.repeat(1, 1, s, s) copies the whole image; "
            f"repeat_interleave (or expand + reshape) copies each pixel {POOL.en}",
            f"把整张图平铺了，而不是重复每个像素：x.repeat(1, 1, s, s) 复制的是整张图；"
            f"repeat_interleave（或 expand + reshape）复制的是每个像素{POOL.zh}",
        ): x.repeat(1, 1, s, s),
        Msg(f"only the rows were repeated {POOL.en}", f"只重复了行{POOL.zh}"): (
            x.repeat_interleave(s, dim=2)
        ),
        Msg(f"only the columns were repeated {POOL.en}", f"只重复了列{POOL.zh}"): (
            x.repeat_interleave(s, dim=3)
        ),
        Msg(
            f"the rows were tiled, not repeated {POOL.en}",
            f"行被整体平铺了，而不是每行重复{POOL.zh}",
        ): x.repeat(1, 1, s, 1).repeat_interleave(s, dim=3),
        Msg(
            f"the columns were tiled, not repeated {POOL.en}",
            f"列被整体平铺了，而不是每列重复{POOL.zh}",
        ): x.repeat(1, 1, 1, s).repeat_interleave(s, dim=2),
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
        lesson=Msg(
            f"Copy each pixel with repeat_interleave, or index with i // s. {POOL.en}",
            f"用 repeat_interleave 复制每个像素，或者用 i // s 做索引。{POOL.zh}",
        ),
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
            Msg(
                f"normalised with the unbiased variance; use the biased one (divide by n) {BN.en}",
                f"用无偏方差做了标准化；应该用有偏方差（除以 n）{BN.zh}",
            )
        ] = norm(mu, x.var(dims, unbiased=True, keepdim=True))
        if x.dim() == 4:
            mistakes[
                Msg(
                    f"statistics over dim 0 only; for [b, c, h, w] average over b, h and w "
                    f"(dims 0, 2, 3) {BN.en}",
                    f"只在第 0 维上求了统计量；对 [b, c, h, w] 要在 b、h、w 上求平均（第 0、2、3 维）"
                    f"{BN.zh}",
                )
            ] = norm(x.mean(0, keepdim=True), x.var(0, unbiased=False, keepdim=True))
        mistakes[
            Msg(
                f"eps added to the standard deviation, not to the variance {BN.en}",
                f"eps 加在了标准差上，而不是方差上{BN.zh}",
            )
        ] = (x - mu) / (x.var(dims, unbiased=False, keepdim=True).sqrt() + eps) * w + b
        mistakes[
            Msg(
                f"in training, normalise with the batch statistics, not the running ones {BN.en}",
                f"训练时要用批内统计量做标准化，而不是滑动统计量{BN.zh}",
            )
        ] = norm(mean.reshape(shape), var.reshape(shape))
    else:
        mistakes[
            Msg(
                f"in eval mode, normalise with the running statistics, not the batch ones {BN.en}",
                f"eval 模式下要用滑动统计量做标准化，而不是批内统计量{BN.zh}",
            )
        ] = norm(x.mean(dims, keepdim=True), x.var(dims, unbiased=False, keepdim=True))
        _, m_upd, v_upd = _bn_expected(x, mean, var, weight, bias, True, 0.1)
        mistakes[
            Msg(
                f"the running statistics were updated in eval mode; update them only in training "
                f"{BN.en}",
                f"eval 模式下更新了滑动统计量；只有训练时才更新它们{BN.zh}",
            )
        ] = norm(m_upd.reshape(shape), v_upd.reshape(shape))
    return mistakes


def _bn_running_mistakes(x, mean, var, momentum):
    dims = [d for d in range(x.dim()) if d != 1]
    batch_mean = x.mean(dims)
    biased, unbiased = x.var(dims, unbiased=False), x.var(dims, unbiased=True)
    momentum_reversed = Msg(
        f"momentum the wrong way round: new = (1 - momentum) * running + momentum * batch {BN.en}",
        f"momentum 用反了：新值 = (1 - momentum) * running + momentum * batch{BN.zh}",
    )
    return {
        "mean": {
            Msg(
                f"running_mean was not updated in place (assign into it: "
                f"running_mean.mul_(1 - m).add_(m * mean)) {BN.en}",
                f"running_mean 没有原地更新（要写进它本身："
                f"running_mean.mul_(1 - m).add_(m * mean)）{BN.zh}",
            ): mean,
            momentum_reversed: momentum * mean + (1 - momentum) * batch_mean,
        },
        "var": {
            Msg(
                f"running_var was not updated in place {BN.en}",
                f"running_var 没有原地更新{BN.zh}",
            ): var,
            Msg(
                f"running_var updated with the biased variance; PyTorch uses the unbiased one "
                f"(n - 1) {BN.en}",
                f"running_var 是用有偏方差更新的；PyTorch 用的是无偏方差（n - 1）{BN.zh}",
            ): (1 - momentum) * var + momentum * biased,
            momentum_reversed: momentum * var + (1 - momentum) * unbiased,
        },
    }


def _check_bn(call, x, mean, var, weight, bias, training, momentum):
    y, m_after, v_after = _bn_expected(x, mean, var, weight, bias, training, momentum)
    assert_tensor(call.value, y, mistakes=_bn_output_mistakes(x, mean, var, weight, bias, training))
    after = call.inputs_after[0]
    running = _bn_running_mistakes(x, mean, var, momentum)
    if not training:
        running = {
            "mean": {
                Msg(
                    f"running_mean must not change in eval mode {BN.en}",
                    f"eval 模式下 running_mean 不应改变{BN.zh}",
                ): None
            },
            "var": {
                Msg(
                    f"running_var must not change in eval mode {BN.en}",
                    f"eval 模式下 running_var 不应改变{BN.zh}",
                ): None
            },
        }
    assert_tensor(after[1], m_after, what=RUNNING_MEAN_AFTER, mistakes=running["mean"])
    assert_tensor(after[2], v_after, what=RUNNING_VAR_AFTER, mistakes=running["var"])


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
    assert_tensor(after[1], m_after, what=RUNNING_MEAN_AFTER)
    assert_tensor(after[2], v_after, what=RUNNING_VAR_AFTER)


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
        lesson=Msg(
            f"Compute the mean and variance per channel with mean/var over the other dims. {BN.en}",
            f"对每个通道，用 mean/var 在其余维度上求均值和方差。{BN.zh}",
        ),
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
