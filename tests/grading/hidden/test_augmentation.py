"""Hidden checks for topic `augmentation` (数据增强): other shapes and seeds than the public ones,
odd sizes, float64, one image, a batch and more leading dims, non-contiguous inputs, inputs left
alone, every k from -5 to 5, centre crops whose offset is a tie (rounded half to even), crops
larger than the image, the draw order of the random functions and their generator, normalize
with sequences and 1-D tensors in other dtypes, denormalize as its inverse, the forbidden
built-ins of the by-hand exercises, known mistakes named, and the meta device."""

import pytest
import torch

from grader.checks import (
    args,
    assert_inputs_unchanged,
    assert_keeps_meta,
    assert_not_using,
    assert_same_on_cuda,
    assert_tensor,
    cuda_cases,
    expect_raises,
    fail,
    generator,
    meta_cases,
    non_contiguous,
    randn,
    random_args,
)
from grader.i18n import Msg
from grader.lessons import cite

exercise = pytest.mark.exercise
points = pytest.mark.points

LESSON = cite("augmentation")
# what hflip, vflip and rotate90 may not use, as the sandbox records it and as the source names it
BY_HAND_CALLS = frozenset({"flip", "fliplr", "flipud", "rot90"})


def _shape_only(got):
    """`got` on the meta device, so that assert_tensor compares its type, shape and dtype only."""
    return got.to("meta") if isinstance(got, torch.Tensor) else got


def _rand(*shape, seed, dtype=torch.float32):
    return torch.rand(shape, generator=generator(seed), dtype=dtype)


# -- hflip, vflip ---------------------------------------------------------------------------------
def _flip_mistakes(x, dim):
    other = -2 if dim == -1 else -1
    rows_or_columns = ("columns", "列") if dim == -1 else ("rows", "行")
    return {
        Msg(
            f"mirrored dim {other} instead of dim {dim}: the {rows_or_columns[0]} are dim {dim} {LESSON.en}",
            f"翻转了第 {other} 维，而不是第 {dim} 维：{rows_or_columns[1]}是第 {dim} 维{LESSON.zh}",
        ): x.flip(other),
        Msg(
            f"the reversed range stops before index 0, so one of the {rows_or_columns[0]} is lost: "
            f"torch.arange(n - 1, -1, -1) ends at 0 {LESSON.en}",
            f"倒序的范围在索引 0 之前就停了，少了一{rows_or_columns[1]}：torch.arange(n - 1, -1, -1) 才会到 0 为止{LESSON.zh}",
        ): x.flip(dim).narrow(dim, 0, x.shape[dim] - 1),
        Msg(
            f"dim 0 was mirrored (what torch.flipud does), not dim {dim} {LESSON.en}",
            f"翻转的是第 0 维（torch.flipud 做的就是这个），而不是第 {dim} 维{LESSON.zh}",
        ): x.flip(0),
        Msg(
            f"the channels (dim -3) were mirrored, not dim {dim} {LESSON.en}",
            f"翻转的是通道（第 -3 维），而不是第 {dim} 维{LESSON.zh}",
        ): x.flip(-3),
    }


FLIP_SHAPES = [
    pytest.param((3, 5, 7), torch.float32, id="one-image"),
    pytest.param((2, 3, 4, 6), torch.float64, id="batch-float64"),
    pytest.param((2, 2, 3, 5, 4), torch.float32, id="more-leading-dims"),
]


@exercise("augmentation.hflip")
@points(1)
@pytest.mark.parametrize("shape, dtype", FLIP_SHAPES)
def test_hflip_shapes(student, shape, dtype):
    x = randn(*shape, seed=11, dtype=dtype)
    assert_tensor(student.augmentation.hflip(x), x.flip(-1), mistakes=_flip_mistakes(x, -1))


@exercise("augmentation.hflip")
@points(2)
def test_hflip_by_hand(student):
    fn = student.augmentation.hflip
    x = randn(2, 3, 4, 5, seed=12)
    call = fn.call(x)
    assert_tensor(call.value, x.flip(-1))
    assert_not_using(fn, call, BY_HAND_CALLS, lesson=LESSON)


@exercise("augmentation.vflip")
@points(1)
@pytest.mark.parametrize("shape, dtype", FLIP_SHAPES)
def test_vflip_shapes(student, shape, dtype):
    x = randn(*shape, seed=13, dtype=dtype)
    assert_tensor(student.augmentation.vflip(x), x.flip(-2), mistakes=_flip_mistakes(x, -2))


@exercise("augmentation.vflip")
@points(2)
def test_vflip_by_hand(student):
    fn = student.augmentation.vflip
    x = randn(2, 3, 4, 5, seed=14)
    call = fn.call(x)
    assert_tensor(call.value, x.flip(-2))
    assert_not_using(fn, call, BY_HAND_CALLS, lesson=LESSON)


# -- rotate90 -------------------------------------------------------------------------------------
def _rot(x, k):
    return torch.rot90(x, k, dims=(-2, -1))


def _rotate_mistakes(x, k):
    expected = _rot(x, k)
    found = {
        Msg(
            f"turned clockwise: a positive k turns counter-clockwise (torch.rot90's direction) {LESSON.en}",
            f"顺时针转了：k 为正数时应逆时针旋转（与 torch.rot90 的方向相同）{LESSON.zh}",
        ): _rot(x, -k),
        Msg(
            f"a transpose alone mirrors the image across its diagonal: a quarter turn is a "
            f"left-right mirror, then a transpose {LESSON.en}",
            f"只做转置是沿对角线翻转图片：转 90° 是先左右翻转、再转置{LESSON.zh}",
        ): x.transpose(-2, -1),
        Msg(
            f"a half turn mirrors the rows and the columns, not only the columns {LESSON.en}",
            f"转 180° 要同时翻转行和列，而不是只翻转列{LESSON.zh}",
        ): x.flip(-1),
        Msg(
            f"k was not reduced with k % 4: any integer k counts, a negative one turns clockwise "
            f"and four turns are none {LESSON.en}",
            f"没有用 k % 4 化简 k：任何整数 k 都有效，负数表示顺时针，转四次等于没转{LESSON.zh}",
        ): x if not 0 <= k <= 3 else None,
    }
    return {m: t for m, t in found.items() if t is None or not torch.equal(t, expected)}


@exercise("augmentation.rotate90")
@pytest.mark.parametrize(
    "ks",
    [
        pytest.param((1, 2, 3), marks=points(2), id="quarter-turns"),
        pytest.param((0, 4, -4), marks=points(1), id="whole-turns"),
        pytest.param((-1, -2, -3, -5, 5), marks=points(2), id="negative-and-past-a-full-turn"),
    ],
)
def test_rotate90_every_k(student, ks):
    x = randn(2, 3, 4, 6, seed=21)
    for k in ks:
        assert_tensor(
            student.augmentation.rotate90(x, k),
            _rot(x, k),
            what=Msg(f"rotate90(img, {k})", f"rotate90(img, {k}) 的结果"),
            mistakes=_rotate_mistakes(x, k),
        )


@exercise("augmentation.rotate90")
@points(1)
@pytest.mark.parametrize(
    "shape, dtype, k",
    [
        pytest.param((3, 5, 7), torch.float64, None, id="one-image-default-k"),
        pytest.param((2, 2, 3, 4, 5), torch.float32, 3, id="more-leading-dims"),
    ],
)
def test_rotate90_shapes(student, shape, dtype, k):
    x = randn(*shape, seed=22, dtype=dtype)
    fn = student.augmentation.rotate90
    got = fn(x) if k is None else fn(x, k)
    assert_tensor(got, _rot(x, 1 if k is None else k), mistakes=_rotate_mistakes(x, k or 1))


@exercise("augmentation.rotate90")
@points(2)
def test_rotate90_by_hand(student):
    fn = student.augmentation.rotate90
    x = randn(2, 3, 4, 5, seed=23)
    for k in (1, 2, 3):
        call = fn.call(x, k)
        assert_tensor(call.value, _rot(x, k))
        assert_not_using(fn, call, BY_HAND_CALLS, lesson=LESSON)


# -- center_crop ----------------------------------------------------------------------------------
def _crop(x, top, left, th, tw):
    return x[..., top : top + th, left : left + tw]


def _centre_mistakes(x, th, tw):
    h, w = x.shape[-2:]
    found = {
        Msg(
            f"the offsets were rounded down ((h - th) // 2): use int(round((h - th) / 2)), which "
            f"rounds a tie to the even number {LESSON.en}",
            f"偏移量被向下取整了（(h - th) // 2）：应当用 int(round((h - th) / 2))，恰好在中间时取偶数{LESSON.zh}",
        ): _crop(x, (h - th) // 2, (w - tw) // 2, th, tw),
        Msg(
            f"the offsets were rounded up at a tie (ceil, or int(x + 0.5)): Python's round "
            f"rounds a tie to the even number, round(0.5) == 0 {LESSON.en}",
            f"恰好在中间时偏移量被向上取整了（ceil 或 int(x + 0.5)）：Python 的 round 会取偶数，round(0.5) == 0{LESSON.zh}",
        ): _crop(x, (h - th + 1) // 2, (w - tw + 1) // 2, th, tw),
        Msg(
            f"top and left came from the wrong dims: top from h - th (the rows), left from w - tw "
            f"(the columns) {LESSON.en}",
            f"top 和 left 用错了维度：top 应由 h - th（行）算出，left 应由 w - tw（列）算出{LESSON.zh}",
        ): _crop(x, round((w - tw) / 2), round((h - th) / 2), th, tw),
    }
    return found


@exercise("augmentation.center_crop")
@points(2)
@pytest.mark.parametrize(
    "shape, size",
    [
        pytest.param((3, 9, 8), (6, 7), id="ties-1.5-and-0.5"),
        pytest.param((2, 2, 11, 13), (6, 6), id="ties-2.5-and-3.5"),
    ],
)
def test_center_crop_rounds_half_to_even(student, shape, size):
    x = randn(*shape, seed=31)
    h, w = shape[-2:]
    th, tw = size
    expected = _crop(x, round((h - th) / 2), round((w - tw) / 2), th, tw)
    assert_tensor(
        student.augmentation.center_crop(x, size), expected, mistakes=_centre_mistakes(x, th, tw)
    )


@exercise("augmentation.center_crop")
@points(1)
@pytest.mark.parametrize(
    "shape, size, dtype",
    [
        pytest.param((3, 10, 7), 4, torch.float64, id="int-size-float64"),
        pytest.param((2, 1, 2, 8, 12), (4, 6), torch.float32, id="more-leading-dims"),
        pytest.param((2, 3, 5, 6), (5, 6), torch.float32, id="the-whole-image"),
    ],
)
def test_center_crop_sizes(student, shape, size, dtype):
    x = randn(*shape, seed=32, dtype=dtype)
    h, w = shape[-2:]
    th, tw = (size, size) if isinstance(size, int) else size
    expected = _crop(x, round((h - th) / 2), round((w - tw) / 2), th, tw)
    assert_tensor(
        student.augmentation.center_crop(x, size), expected, mistakes=_centre_mistakes(x, th, tw)
    )


@exercise("augmentation.center_crop")
@points(1)
@pytest.mark.parametrize(
    "shape, size, mentions",
    [
        pytest.param((2, 3, 6, 7), (9, 4), ("9", "4", "6", "7"), id="too-tall"),
        pytest.param((3, 5, 8), 7, ("7", "5", "8"), id="too-wide"),
    ],
)
def test_center_crop_larger_than_the_image(student, shape, size, mentions):
    x = randn(*shape, seed=33)
    expect_raises(
        student.augmentation.center_crop, x, size, exc_type="ValueError", mentions=mentions
    )


# -- random_crop ----------------------------------------------------------------------------------
def _crop_draws(h, w, th, tw, g, *, left_first=False, off_by_one=False, swapped=False):
    """(top, left) as random_crop draws them from `g`, or as a known mistake would."""
    top_bound, left_bound = h - th + 1, w - tw + 1
    if swapped:
        top_bound, left_bound = left_bound, top_bound
    if off_by_one:
        top_bound, left_bound = top_bound - 1, left_bound - 1
    if left_first:
        left = int(torch.randint(left_bound, (1,), generator=g))
        top = int(torch.randint(top_bound, (1,), generator=g))
    else:
        top = int(torch.randint(top_bound, (1,), generator=g))
        left = int(torch.randint(left_bound, (1,), generator=g))
    return top, left


def _random_crop(x, th, tw, seed, **mistake):
    """What random_crop should return for generator(seed) (or a known mistake; None where that
    mistake would raise)."""
    h, w = x.shape[-2:]
    try:
        top, left = _crop_draws(h, w, th, tw, generator(seed), **mistake)
    except RuntimeError:
        return None
    return _crop(x, top, left, th, tw)


LEFT_FIRST = Msg(
    f"the left column was drawn before the top row: draw top first, then left {LESSON.en}",
    f"先抽了起始列、后抽了起始行：应先抽 top，再抽 left{LESSON.zh}",
)
OFF_BY_ONE = Msg(
    f"torch.randint(h - th) never gives the last position: its bound is exclusive, so draw from "
    f"h - th + 1 (and w - tw + 1) {LESSON.en}",
    f"torch.randint(h - th) 永远抽不到最后一个位置：上界不包含在内，应从 h - th + 1（以及 w - tw + 1）中抽{LESSON.zh}",
)
SWAPPED = Msg(
    f"top was drawn from the width and left from the height: top goes with h - th + 1, left with "
    f"w - tw + 1 {LESSON.en}",
    f"top 按宽度抽取、left 按高度抽取了：top 对应 h - th + 1，left 对应 w - tw + 1{LESSON.zh}",
)


def _random_crop_mistakes(x, th, tw, seed):
    return {
        LEFT_FIRST: _random_crop(x, th, tw, seed, left_first=True),
        OFF_BY_ONE: _random_crop(x, th, tw, seed, off_by_one=True),
        SWAPPED: _random_crop(x, th, tw, seed, swapped=True),
    }


@exercise("augmentation.random_crop")
@points(2)
@pytest.mark.parametrize(
    ("shape", "size", "seed", "dtype"),
    [
        # many positions (hundreds), so that a wrong draw rarely cuts the expected window by chance
        pytest.param((3, 30, 25), (7, 4), 41, torch.float32, id="one-image"),
        pytest.param((2, 2, 27, 32), 6, 42, torch.float64, id="batch-int-size-float64"),
        pytest.param((2, 1, 3, 24, 21), (4, 5), 43, torch.float32, id="more-leading-dims"),
    ],
)
def test_random_crop_follows_the_draw_order(student, shape, size, seed, dtype):
    x = randn(*shape, seed=seed, dtype=dtype)
    th, tw = (size, size) if isinstance(size, int) else size
    assert_tensor(
        student.augmentation.random_crop(x, size, generator=generator(seed)),
        _random_crop(x, th, tw, seed),
        mistakes=_random_crop_mistakes(x, th, tw, seed),
    )


@exercise("augmentation.random_crop")
@points(2)
def test_random_crop_follows_the_generator(student):
    fn = student.augmentation.random_crop
    x = randn(2, 14, 14, seed=44)
    first = fn(x, 5, generator=generator(45))
    again = fn(x, 5, generator=generator(45))
    if not torch.equal(first, again):
        fail(
            "Two calls with generators in the same state cut different windows: draw top and "
            "left from the generator (torch.randint(..., generator=generator)).",
            "两次调用的生成器状态相同，裁剪出的窗口却不同：请从 generator 抽取 top 和 left"
            "（torch.randint(..., generator=generator)）。",
        )
    others = [fn(x, 5, generator=generator(seed)) for seed in range(46, 52)]
    if all(torch.equal(first, other) for other in others):
        fail(
            "Generators with different seeds all cut the same window: the generator is not used. "
            "Pass it on: torch.randint(..., generator=generator).",
            "不同种子的生成器裁剪出的窗口都相同：generator 没有被使用。请传下去：torch.randint(..., generator=generator)。",
        )


@exercise("augmentation.random_crop")
@points(1)
def test_random_crop_without_generator(student):
    x = _rand(3, 7, 8, seed=46)  # windows as wide as the image: one column position, left = 0
    got = student.augmentation.random_crop(x, (4, 8))
    assert_tensor(_shape_only(got), x[..., :4, :].to("meta"))
    if not any(torch.equal(got, _crop(x, top, 0, 4, 8)) for top in range(4)):
        fail(
            "Without a generator the result is not a 4 × 8 window of the image: return "
            "img[..., top:top + th, left:left + tw].",
            "不给 generator 时，结果不是图片中的一个 4 × 8 窗口：应返回 img[..., top:top + th, left:left + tw]。",
        )


@exercise("augmentation.random_crop")
@points(1)
def test_random_crop_of_the_whole_image(student):
    x = randn(2, 3, 5, 6, seed=47)
    got = student.augmentation.random_crop(x, (5, 6), generator=generator(48))
    assert_tensor(got, x)


# -- normalize, denormalize -----------------------------------------------------------------------
MEAN, STD = [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]


def _as_kind(values, kind, dtype=torch.float32):
    return {"list": list, "tuple": tuple}.get(kind, lambda v: torch.tensor(v, dtype=dtype))(values)


def _per_channel(values, x):
    return torch.as_tensor(values, dtype=x.dtype).reshape(-1, 1, 1)


def _normalize(x, mean, std):
    return (x - _per_channel(mean, x)) / _per_channel(std, x)


def _denormalize(x, mean, std):
    return x * _per_channel(std, x) + _per_channel(mean, x)


def _normalize_mistakes(x, mean, std):
    m, s = _per_channel(mean, x), _per_channel(std, x)
    m_last, s_last = m.reshape(-1), s.reshape(-1)
    found = {
        Msg(
            f"mean and std were matched with the last dim (the columns): make them [c, 1, 1] so "
            f"that each channel gets its own value {LESSON.en}",
            f"mean 和 std 与最后一维（列）对齐了：把它们变成 [c, 1, 1]，每个通道才会用自己的值{LESSON.zh}",
        ): (x - m_last) / s_last if x.shape[-1] == m_last.numel() else None,
        Msg(
            f"img - mean / std divides only the mean: write (img - mean) / std {LESSON.en}",
            f"img - mean / std 只除了均值：应写成 (img - mean) / std{LESSON.zh}",
        ): x - m / s,
        Msg(
            f"mean and std swapped: subtract the mean, then divide by the standard deviation {LESSON.en}",
            f"mean 和 std 用反了：先减去均值，再除以标准差{LESSON.zh}",
        ): (x - s) / m,
        Msg(
            f"mean and std reshaped to [1, c, 1, 1] add a batch dim to a [c, h, w] image: "
            f"[c, 1, 1] works for both [c, h, w] and [b, c, h, w] {LESSON.en}",
            f"mean 和 std 变形为 [1, c, 1, 1] 会给 [c, h, w] 的图片多加一个批维度：[c, 1, 1] 对 [c, h, w] 和 [b, c, h, w] 都适用{LESSON.zh}",
        ): (x - m[None]) / s[None] if x.dim() == 3 else None,
    }
    return found


def _denormalize_mistakes(x, mean, std):
    m, s = _per_channel(mean, x), _per_channel(std, x)
    return {
        Msg(
            f"normalized again: the inverse of (img - mean) / std is img * std + mean {LESSON.en}",
            f"又做了一次标准化：(img - mean) / std 的逆运算是 img * std + mean{LESSON.zh}",
        ): (x - m) / s,
        Msg(
            f"the mean was added before multiplying: (img + mean) * std; undo the steps in the "
            f"reverse order, img * std + mean {LESSON.en}",
            f"先加了均值再乘：(img + mean) * std；要按相反的顺序撤销，img * std + mean{LESSON.zh}",
        ): (x + m) * s,
        Msg(
            f"mean and std swapped: multiply by the standard deviation, then add the mean {LESSON.en}",
            f"mean 和 std 用反了：先乘以标准差，再加上均值{LESSON.zh}",
        ): x * m + s,
        Msg(
            f"mean and std were matched with the last dim (the columns): make them [c, 1, 1] {LESSON.en}",
            f"mean 和 std 与最后一维（列）对齐了：应把它们变成 [c, 1, 1]{LESSON.zh}",
        ): x * s.reshape(-1) + m.reshape(-1) if x.shape[-1] == m.numel() else None,
    }


NORMALIZE_CASES = [
    pytest.param((3, 5, 3), "list", id="one-image-list"),
    pytest.param((2, 3, 4, 3), "tuple", id="batch-tuple"),
    pytest.param((2, 3, 4, 5), "tensor", id="batch-tensor"),
]


@exercise("augmentation.normalize")
@points(1)
@pytest.mark.parametrize("shape, kind", NORMALIZE_CASES)
def test_normalize_per_channel(student, shape, kind):
    x = _rand(*shape, seed=51)
    mean, std = _as_kind(MEAN, kind), _as_kind(STD, kind)
    assert_tensor(
        student.augmentation.normalize(x, mean, std),
        _normalize(x, MEAN, STD),
        mistakes=_normalize_mistakes(x, MEAN, STD),
    )


@exercise("augmentation.normalize")
@points(1)
@pytest.mark.parametrize(
    "dtype, kind, stats_dtype",
    [
        pytest.param(torch.float64, "list", None, id="float64-image"),
        pytest.param(torch.float32, "tensor", torch.float64, id="float64-statistics"),
    ],
)
def test_normalize_in_the_image_dtype(student, dtype, kind, stats_dtype):
    x = _rand(2, 3, 6, 5, seed=52, dtype=dtype)
    mean, std = _as_kind(MEAN, kind, stats_dtype), _as_kind(STD, kind, stats_dtype)
    assert_tensor(
        student.augmentation.normalize(x, mean, std),
        _normalize(x, MEAN, STD),
        mistakes=_normalize_mistakes(x, MEAN, STD),
    )


@exercise("augmentation.normalize")
@points(1)
def test_normalize_mnist(student):
    x = _rand(4, 1, 28, 28, seed=53)
    assert_tensor(
        student.augmentation.normalize(x, (0.1307,), (0.3081,)),
        (x - 0.1307) / 0.3081,
        mistakes=_normalize_mistakes(x, [0.1307], [0.3081]),
    )


@exercise("augmentation.normalize")
@points(2)
def test_normalize_leaves_its_inputs_unchanged(student):
    x = _rand(2, 3, 4, 5, seed=54)
    mean, std = torch.tensor(MEAN), torch.tensor(STD)
    call = student.augmentation.normalize.call(x, mean, std)
    assert_tensor(call.value, _normalize(x, MEAN, STD))
    assert_inputs_unchanged(call, x, mean, std, names=["img", "mean", "std"])


@exercise("augmentation.denormalize")
@points(2)
@pytest.mark.parametrize("shape, kind", NORMALIZE_CASES)
def test_denormalize_inverts_normalize(student, shape, kind):
    x = _rand(*shape, seed=55)
    normalized = _normalize(x, MEAN, STD)
    mean, std = _as_kind(MEAN, kind), _as_kind(STD, kind)
    assert_tensor(
        student.augmentation.denormalize(normalized, mean, std),
        x,
        mistakes=_denormalize_mistakes(normalized, MEAN, STD),
    )


@exercise("augmentation.denormalize")
@points(1)
@pytest.mark.parametrize(
    "dtype, kind, stats_dtype",
    [
        pytest.param(torch.float64, "tuple", None, id="float64-image"),
        pytest.param(torch.float32, "tensor", torch.float64, id="float64-statistics"),
    ],
)
def test_denormalize_in_the_image_dtype(student, dtype, kind, stats_dtype):
    x = randn(3, 4, 5, seed=56, dtype=dtype)
    mean, std = _as_kind(MEAN, kind, stats_dtype), _as_kind(STD, kind, stats_dtype)
    assert_tensor(
        student.augmentation.denormalize(x, mean, std),
        _denormalize(x, MEAN, STD),
        mistakes=_denormalize_mistakes(x, MEAN, STD),
    )


@exercise("augmentation.denormalize")
@points(1)
def test_denormalize_leaves_its_inputs_unchanged(student):
    x = randn(2, 3, 4, 5, seed=57)
    mean, std = torch.tensor(MEAN), torch.tensor(STD)
    call = student.augmentation.denormalize.call(x, mean, std)
    assert_tensor(call.value, _denormalize(x, MEAN, STD))
    assert_inputs_unchanged(call, x, mean, std, names=["img", "mean", "std"])


# -- augment_batch --------------------------------------------------------------------------------
def _augment(
    x,
    seed,
    *,
    flip_if_at_least=False,
    vertical=False,
    crop_first=False,
    flips_first=False,
    left_first=False,
):
    """What augment_batch should return for generator(seed), or what a known mistake gives."""
    g = generator(seed)
    h, w = x.shape[-2:]
    flips = torch.rand(len(x), generator=g) if flips_first else None
    out = []
    for i, img in enumerate(x):
        if crop_first:
            top, left = _crop_draws(h, w, 28, 28, g, left_first=left_first)
            img = _crop(img, top, left, 28, 28)
        r = float(flips[i] if flips_first else torch.rand(1, generator=g))
        if (r >= 0.5) if flip_if_at_least else (r < 0.5):
            img = img.flip(-2 if vertical else -1)
        if not crop_first:
            top, left = _crop_draws(h, w, 28, 28, g, left_first=left_first)
            img = _crop(img, top, left, 28, 28)
        out.append(img)
    return torch.stack(out)


def _augment_mistakes(x, seed):
    return {
        Msg(
            f"flipped when the draw is >= 0.5: flip when torch.rand(1) < 0.5 {LESSON.en}",
            f"在抽到的数 >= 0.5 时翻转了：应在 torch.rand(1) < 0.5 时翻转{LESSON.zh}",
        ): _augment(x, seed, flip_if_at_least=True),
        Msg(
            f"flipped up-down instead of left-right: the columns are the last dim {LESSON.en}",
            f"做成了上下翻转，而应左右翻转：列是最后一维{LESSON.zh}",
        ): _augment(x, seed, vertical=True),
        Msg(
            f"the crop was drawn before the flip: for each image draw the flip first, then top "
            f"and left {LESSON.en}",
            f"先抽了裁剪位置、后抽翻转：每张图片应先抽翻转，再抽 top 和 left{LESSON.zh}",
        ): _augment(x, seed, crop_first=True),
        Msg(
            f"all the flips were drawn at once, before the crops: each image draws its flip, then "
            f"its crop, one image after another {LESSON.en}",
            f"一次性抽取了所有翻转、再抽裁剪：应逐张图片依次抽取，每张先抽翻转、再抽裁剪{LESSON.zh}",
        ): _augment(x, seed, flips_first=True),
        LEFT_FIRST: _augment(x, seed, left_first=True),
    }


@exercise("augmentation.augment_batch")
@points(2)
@pytest.mark.parametrize(
    "shape, seed, dtype",
    [
        pytest.param((6, 1, 32, 30), 61, torch.float32, id="mnist-like"),
        pytest.param((4, 3, 31, 33), 62, torch.float64, id="rgb-float64"),
    ],
)
def test_augment_batch_follows_the_draw_order(student, shape, seed, dtype):
    x = randn(*shape, seed=seed, dtype=dtype)
    assert_tensor(
        student.augmentation.augment_batch(x, generator=generator(seed)),
        _augment(x, seed),
        mistakes=_augment_mistakes(x, seed),
    )


@exercise("augmentation.augment_batch")
@points(1)
def test_augment_batch_of_28_by_28_images(student):
    x = randn(6, 2, 28, 28, seed=63)
    assert_tensor(
        student.augmentation.augment_batch(x, generator=generator(64)),
        _augment(x, 64),
        mistakes=_augment_mistakes(x, 64),
    )


@exercise("augmentation.augment_batch")
@points(1)
def test_augment_batch_follows_the_generator(student):
    fn = student.augmentation.augment_batch
    x = randn(3, 1, 30, 30, seed=65)
    first, again = fn(x, generator=generator(66)), fn(x, generator=generator(66))
    if not torch.equal(first, again):
        fail(
            "Two calls with generators in the same state gave different batches: draw every "
            "flip and crop from the generator.",
            "两次调用的生成器状态相同，得到的批却不同：每次翻转和裁剪的抽取都要用 generator。",
        )
    others = [fn(x, generator=generator(seed)) for seed in range(67, 71)]
    if all(torch.equal(first, other) for other in others):
        fail(
            "Generators with different seeds all gave the same batch: the generator is not used.",
            "不同种子的生成器得到的批都相同：generator 没有被使用。",
        )


@exercise("augmentation.augment_batch")
@points(1)
def test_augment_batch_without_generator(student):
    x = _rand(3, 1, 30, 29, seed=68)
    got = student.augmentation.augment_batch(x)
    assert_tensor(_shape_only(got), x[..., :28, :28].to("meta"))
    for i, img in enumerate(x):
        windows = [
            _crop(image, top, left, 28, 28)
            for image in (img, img.flip(-1))
            for top in range(3)
            for left in range(2)
        ]
        if not any(torch.equal(got[i], window) for window in windows):
            fail(
                f"Without a generator, image {i} of the result is not a 28 × 28 window of image "
                f"{i} or of its left-right mirror.",
                f"不给 generator 时，结果中的第 {i} 张图片不是第 {i} 张图片或其左右翻转中的一个 28 × 28 窗口。",
            )


# -- every function: non-contiguous input, inputs unchanged -------------------------------------
# {function: (the input's shape, x -> (positional, keywords, expected, the inputs' names))}
UNCHANGED_CASES = {
    "hflip": ((2, 3, 4, 5), lambda x: ((x,), {}, x.flip(-1), ["img"])),
    "vflip": ((2, 3, 4, 5), lambda x: ((x,), {}, x.flip(-2), ["img"])),
    "rotate90": ((2, 3, 4, 5), lambda x: ((x, -1), {}, _rot(x, -1), ["img"])),
    "center_crop": ((2, 3, 7, 8), lambda x: ((x, (4, 5)), {}, _crop(x, 2, 2, 4, 5), ["img"])),
    "random_crop": (
        (2, 3, 7, 8),
        lambda x: ((x, (4, 5)), {"generator": generator(76)}, _random_crop(x, 4, 5, 76), ["img"]),
    ),
    "normalize": (
        (2, 3, 4, 5),
        lambda x: (
            (x, MEAN, torch.tensor(STD)),
            {},
            _normalize(x, MEAN, STD),
            ["img", "mean", "std"],
        ),
    ),
    "denormalize": (
        (2, 3, 4, 5),
        lambda x: (
            (x, torch.tensor(MEAN), STD),
            {},
            _denormalize(x, MEAN, STD),
            ["img", "mean", "std"],
        ),
    ),
    "augment_batch": (
        (3, 2, 29, 31),
        lambda x: ((x,), {"generator": generator(80)}, _augment(x, 80), ["x"]),
    ),
}


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(name, marks=[exercise(f"augmentation.{name}"), points(1)], id=name)
        for name in UNCHANGED_CASES
    ],
)
def test_non_contiguous_input_left_unchanged(student, name):
    shape, make = UNCHANGED_CASES[name]
    positional, keywords, expected, names = make(non_contiguous(randn(*shape, seed=71)))
    call = getattr(student.augmentation, name).call(*positional, **keywords)
    assert_tensor(call.value, expected)
    assert_inputs_unchanged(call, *positional, names=names)


# -- devices: the meta device everywhere, CUDA agreement where CUDA is present ----------------------
# The random functions are called without a generator here: the draws are the contract's
# torch.randint/torch.rand on the CPU, and to_device would hand them a CUDA generator, which a
# CPU draw refuses. On CUDA only devices, shapes and dtypes are compared (random_args).
DEVICE_CASES = {
    "hflip": lambda: args(randn(2, 3, 5, 7, seed=81)),
    "vflip": lambda: args(randn(2, 3, 5, 7, seed=82)),
    "rotate90": lambda: args(randn(2, 3, 5, 7, seed=83), 3),
    "center_crop": lambda: args(randn(2, 3, 9, 8, seed=84), (4, 5)),
    "random_crop": lambda: random_args(randn(2, 3, 9, 8, seed=85), (4, 5)),
    "normalize": lambda: args(randn(2, 3, 5, 4, seed=86), MEAN, torch.tensor(STD)),
    "denormalize": lambda: args(randn(2, 3, 5, 4, seed=87), torch.tensor(MEAN), STD),
    "augment_batch": lambda: random_args(randn(3, 1, 32, 30, seed=88)),
}


@pytest.mark.parametrize("name, make_args", meta_cases("augmentation", DEVICE_CASES))
def test_meta_device_kept(student, name, make_args):
    call = make_args()
    assert_keeps_meta(getattr(student.augmentation, name), *call.args, **call.kwargs)


@pytest.mark.parametrize("name, make_args", cuda_cases("augmentation", DEVICE_CASES))
def test_same_on_cuda(student, name, make_args):
    """Device agreement: the same answer on CPU and on CUDA, returned on CUDA."""
    assert_same_on_cuda(getattr(student.augmentation, name), make_args())
