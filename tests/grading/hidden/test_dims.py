"""Hidden checks for topic `dims` (维度变换): other shapes and seeds than the public ones, odd and
non-square sizes (where a view that scrambles the order shows), size-1 dims and b == 1,
non-contiguous inputs, storage shared (expand) or owned (repeat), inputs left alone, float64,
the meta device."""

import pytest
import torch

from grader.checks import (
    args,
    assert_inputs_unchanged,
    assert_keeps_meta,
    assert_same_on_cuda,
    assert_shares_storage,
    assert_tensor,
    cuda_cases,
    expect_raises,
    fail,
    non_contiguous,
    randn,
)
from grader.checks.compare import THE_RESULT
from grader.i18n import Msg, before_chinese, quote
from grader.lessons import cite
from grader.sandbox.client import ImportFailure, NotImplementedByStudent, StudentError

exercise = pytest.mark.exercise
points = pytest.mark.points

VIEW = cite("view", "view/reshape")
SQUEEZE = cite("squeeze", "squeeze/unsqueeze")
EXPAND = cite("expand", "expand/repeat")
PERMUTE = cite("permute", "transpose/permute")


def call_on(fn, *args):
    """`fn.call(*args)`; a `view` that fails on a non-contiguous input is reported as the lesson
    it misses (the input's layout is one the docstring says must be accepted)."""
    try:
        return fn.call(*args)
    except (NotImplementedByStudent, ImportFailure):
        raise
    except StudentError as err:
        if err.exc_type == "RuntimeError" and "view" in err.message:
            raised = quote(err.message.splitlines()[0][:200])
            fail(
                "On a non-contiguous input (e.g. a transposed view) the function raised: "
                f"{raised} — view only relabels memory and needs a "
                "compatible layout; reshape (or flatten) works on any layout and copies when it "
                f"must. {VIEW}",
                f"输入不连续（例如转置后的视图）时函数报错：{raised}"
                f"——view 只是重新解释内存，需要兼容的内存布局；reshape（或 flatten）适用于任何布局，"
                f"必要时会拷贝。{VIEW}",
            )
        raise


def assert_owns_memory(call, what=THE_RESULT):
    """The result must be a copy: tile is `repeat`, not `expand`."""
    facts = call.tensor_facts
    if facts and facts[0]["shares_input_storage"]:
        fail(
            f"{what} shares memory with x: expand (or a view) does not copy, so writing to one "
            f"element of the result would change x and every repeat of it. tile must copy, as "
            f"repeat does. {EXPAND}",
            f"{before_chinese(what)}与 x 共享内存：expand（或 view）不拷贝数据，改动结果的一个元素会同时"
            f"改动 x 和它的每个副本。tile 必须拷贝，就像 repeat 那样。{EXPAND}",
        )


# -- what known mistakes look like (each names its lesson) --------------------------------------

FLATTENED_BATCH = Msg(
    f"the batch dim was flattened too: keep dim 0, x.view(x.size(0), -1) {VIEW.en}",
    f"批维度也被展平了：要保留第 0 维，x.view(x.size(0), -1){VIEW.zh}",
)
LOST_BATCH_OF_ONE = Msg(
    f"the batch dim of size 1 is gone: squeeze() drops every size-1 dim, the batch included, "
    f"and view(-1) flattens it away; keep dim 0 {SQUEEZE.en}",
    f"大小为 1 的批维度没了：squeeze() 会去掉所有大小为 1 的维度，批维度也不例外，"
    f"view(-1) 也会把它展平掉；要保留第 0 维{SQUEEZE.zh}",
)
SWAPPED_VIEW_ARGS = Msg(
    f"the arguments of view are swapped: [c*h*w, b] instead of [b, c*h*w] {VIEW.en}",
    f"view 的参数顺序反了：写成了 [c*h*w, b]，应为 [b, c*h*w]{VIEW.zh}",
)
CHANNELS_LAST_ORDER = Msg(
    f"the pixels were put in channels-last order; flatten x as it is {PERMUTE.en}",
    f"像素被排成了通道在后（channels-last）的顺序；应按 x 原样展平{PERMUTE.zh}",
)
MEMORY_ORDER = Msg(
    f"the memory order was read instead of the tensor's own row-major order {VIEW.en}",
    f"读的是元素在内存中的存放顺序，而不是张量自身的行优先顺序{VIEW.zh}",
)

ROWS_OF_H = Msg(
    f"rows of length h instead of w: the last dim of [b, c, h, w] is the width {VIEW.en}",
    f"每行的长度成了 h 而不是 w：[b, c, h, w] 的最后一维是宽度{VIEW.zh}",
)
COLUMNS = Msg(
    f"the columns instead of the rows: that would need a transpose first {PERMUTE.en}",
    f"取成了列而不是行：那样需要先转置{PERMUTE.zh}",
)
ROW_PER_CHANNEL = Msg(
    f"one row per channel [b*c, h*w] instead of one per pixel row {VIEW.en}",
    f"每个通道一行 [b*c, h*w]，而应是每一行像素一行{VIEW.zh}",
)

UNSQUEEZE_1 = Msg(
    f"unsqueeze(1) inserts after the batch dim; the new dim goes in front {SQUEEZE.en}",
    f"unsqueeze(1) 把新维度插在批维度之后；新维度应放在最前面{SQUEEZE.zh}",
)
UNSQUEEZE_LAST = Msg(
    f"unsqueeze(-1) appends the new dim at the end; it goes in front {SQUEEZE.en}",
    f"unsqueeze(-1) 把新维度加在了最后；它应放在最前面{SQUEEZE.zh}",
)

BIAS_ON_W = Msg(
    f"[1, 1, 1, c] lines the bias up with the width w, not the channels {SQUEEZE.en}",
    f"[1, 1, 1, c] 让偏置对齐的是宽度 w，而不是通道{SQUEEZE.zh}",
)
BIAS_2D = Msg(
    f"[1, c] lines the bias up with the width w, not the channels {SQUEEZE.en}",
    f"[1, c] 让偏置对齐的是宽度 w，而不是通道{SQUEEZE.zh}",
)
BIAS_NO_BATCH = Msg(
    f"[c, 1, 1] misses the leading batch dim: add unsqueeze(0) {SQUEEZE.en}",
    f"[c, 1, 1] 缺了最前面的批维度：再加一个 unsqueeze(0){SQUEEZE.zh}",
)
BIAS_ON_H = Msg(
    f"[1, c, 1] lines the bias up with the rows h, not the channels {SQUEEZE.en}",
    f"[1, c, 1] 让偏置对齐的是行 h，而不是通道{SQUEEZE.zh}",
)

SQUEEZE_0 = Msg(
    f"squeeze(0) drops only dim 0; every size-1 dim must go: squeeze() {SQUEEZE.en}",
    f"squeeze(0) 只去掉第 0 维；所有大小为 1 的维度都要去掉：squeeze(){SQUEEZE.zh}",
)
SQUEEZE_1 = Msg(
    f"squeeze(1) drops only dim 1; every size-1 dim must go: squeeze() {SQUEEZE.en}",
    f"squeeze(1) 只去掉第 1 维；所有大小为 1 的维度都要去掉：squeeze(){SQUEEZE.zh}",
)
SQUEEZE_LAST = Msg(
    f"squeeze(-1) drops only the last dim; every size-1 dim must go {SQUEEZE.en}",
    f"squeeze(-1) 只去掉最后一维；所有大小为 1 的维度都要去掉{SQUEEZE.zh}",
)
SQUEEZE_LOOP = Msg(
    f"squeezing dims one by one from the left shifts the later dims, so one was skipped; go "
    f"from the right, or use squeeze() {SQUEEZE.en}",
    f"从左往右逐个 squeeze 时，后面的维度会往前移，于是漏掉了一个；请从右往左做，"
    f"或直接用 squeeze(){SQUEEZE.zh}",
)
SQUEEZE_FLAT = Msg(
    f"reshape(-1)/flatten removes every dim, not only the size-1 ones {SQUEEZE.en}",
    f"reshape(-1)/flatten 去掉了所有维度，而不只是大小为 1 的那些{SQUEEZE.zh}",
)

EXPAND_H_W = Msg(
    f"h and w swapped: the shape is (b, c, h, w) {EXPAND.en}",
    f"h 和 w 颠倒了：形状是 [b, c, h, w]{EXPAND.zh}",
)

TILE_INTERLEAVED = Msg(
    f"every element was repeated in place (repeat_interleave); repeat tiles the whole tensor "
    f"{EXPAND.en}",
    f"每个元素在自己的位置上重复了（repeat_interleave）；repeat 平铺的是整个张量{EXPAND.zh}",
)
TILE_REPS_FROM_LEFT = Msg(
    f"reps were matched to x's dims from the left; extra entries of reps add new leading dims "
    f"{EXPAND.en}",
    f"reps 是从左边开始和 x 的各维对应的；reps 多出的项对应的是新加在最前面的维度{EXPAND.zh}",
)
TILE_EXTRA_IGNORED = Msg(
    f"the extra leading entries of reps were ignored {EXPAND.en}",
    f"reps 最前面多出的那几项被忽略了{EXPAND.zh}",
)

CL_VIEW = Msg(
    f"view/reshape to [b, h, w, c] scrambles the pixels; move the dim with permute(0, 2, 3, 1) "
    f"{PERMUTE.en}",
    f"view/reshape 成 [b, h, w, c] 会打乱像素；要移动维度请用 permute(0, 2, 3, 1){PERMUTE.zh}",
)
CL_TRANSPOSE = Msg(
    f"transpose(1, 3) gives [b, w, h, c]: it swaps c and w only; use permute(0, 2, 3, 1) "
    f"{PERMUTE.en}",
    f"transpose(1, 3) 得到的是 [b, w, h, c]：它只交换了 c 和 w；请用 permute(0, 2, 3, 1)"
    f"{PERMUTE.zh}",
)
CL_INVERSE = Msg(
    f"permute(0, 3, 1, 2) is the inverse permutation (channels-last to first); use "
    f"permute(0, 2, 3, 1) {PERMUTE.en}",
    f"permute(0, 3, 1, 2) 是逆排列（从通道在后变回通道在前）；请用 permute(0, 2, 3, 1){PERMUTE.zh}",
)
CL_MEMORY_FORMAT = Msg(
    f"contiguous(memory_format=torch.channels_last) changes only the memory layout; the shape "
    f"stays [b, c, h, w] {PERMUTE.en}",
    f"contiguous(memory_format=torch.channels_last) 只改变内存布局；形状仍是 [b, c, h, w]"
    f"{PERMUTE.zh}",
)
CF_VIEW = Msg(
    f"view/reshape to [b, c, h, w] scrambles the pixels; move the dim with permute(0, 3, 1, 2) "
    f"{PERMUTE.en}",
    f"view/reshape 成 [b, c, h, w] 会打乱像素；要移动维度请用 permute(0, 3, 1, 2){PERMUTE.zh}",
)
CF_TRANSPOSE = Msg(
    f"transpose(1, 3) gives [b, c, w, h]: h and w end up swapped; use permute(0, 3, 1, 2) "
    f"{PERMUTE.en}",
    f"transpose(1, 3) 得到的是 [b, c, w, h]：h 和 w 被颠倒了；请用 permute(0, 3, 1, 2){PERMUTE.zh}",
)
CF_SAME_AGAIN = Msg(
    f"permute(0, 2, 3, 1) is the channels-first to channels-last permutation; its inverse is "
    f"permute(0, 3, 1, 2) {PERMUTE.en}",
    f"permute(0, 2, 3, 1) 是从通道在前到通道在后的排列；它的逆排列是 permute(0, 3, 1, 2)"
    f"{PERMUTE.zh}",
)

FLAT_CF_ORDER = Msg(
    f"flattened in channels-first order: permute to [b, h, w, c] before flattening {PERMUTE.en}",
    f"按通道在前的顺序展平了：展平之前先 permute 成 [b, h, w, c]{PERMUTE.zh}",
)
FLAT_TRANSPOSE = Msg(
    f"transpose(1, 3) gives [b, w, h, c], so the pixels run column by column; use "
    f"permute(0, 2, 3, 1) {PERMUTE.en}",
    f"transpose(1, 3) 得到的是 [b, w, h, c]，像素于是按列排列；请用 permute(0, 2, 3, 1)"
    f"{PERMUTE.zh}",
)
FLAT_VIEW = Msg(
    f"view to [b, h, w, c] scrambles the pixels before flattening; use permute {PERMUTE.en}",
    f"展平之前 view 成 [b, h, w, c] 会打乱像素；请用 permute{PERMUTE.zh}",
)

UNFLAT_VIEW = Msg(
    f"a plain view/reshape to [b, c, h, w] does not undo the channels-last order: reshape to "
    f"[b, h, w, c], then permute(0, 3, 1, 2) {PERMUTE.en}",
    f"直接 view/reshape 成 [b, c, h, w] 还原不了通道在后的顺序：先 reshape 成 [b, h, w, c]，"
    f"再 permute(0, 3, 1, 2){PERMUTE.zh}",
)
UNFLAT_TRANSPOSE = Msg(
    f"transpose(1, 3) after reshaping to [b, h, w, c] gives [b, c, w, h]; use "
    f"permute(0, 3, 1, 2) {PERMUTE.en}",
    f"reshape 成 [b, h, w, c] 之后再 transpose(1, 3)，得到的是 [b, c, w, h]；请用 "
    f"permute(0, 3, 1, 2){PERMUTE.zh}",
)
UNFLAT_W_H = Msg(
    f"the rows were cut as [b, w, h, c]: the flat order is h, then w, then c {VIEW.en}",
    f"按 [b, w, h, c] 切分了：展平时的顺序是先 h、再 w、最后 c{VIEW.zh}",
)

SWAP_VIEW = Msg(
    f"view/reshape to [b, c, w, h] keeps the row-major order, so the pixels are scrambled; swap "
    f"the dims with transpose(2, 3) {PERMUTE.en}",
    f"view/reshape 成 [b, c, w, h] 保持的是行优先顺序，像素因此被打乱；请用 transpose(2, 3) "
    f"交换这两个维度{PERMUTE.zh}",
)
SWAP_WRONG_DIMS = Msg(
    f"transpose(1, 2) swaps channels and height; h and w are dims 2 and 3 {PERMUTE.en}",
    f"transpose(1, 2) 交换的是通道和高度；h 和 w 是第 2 维和第 3 维{PERMUTE.zh}",
)
UNCHANGED = Msg(
    f"the input was returned unchanged {PERMUTE.en}",
    f"原样返回了输入{PERMUTE.zh}",
)


def shape_id(shape):
    return "x".join(map(str, shape))


# -- view / reshape ------------------------------------------------------------------------------


@exercise("dims.flatten_images")
@points(2)
@pytest.mark.parametrize("shape", [(3, 2, 5, 7), (1, 3, 4, 2), (2, 1, 1, 1)], ids=shape_id)
def test_flatten_images_shapes(student, shape):
    x = randn(*shape, seed=11)
    b = shape[0]
    # with b == 1, squeeze() and view(-1) both lose the batch dim: name that first
    mistakes = {LOST_BATCH_OF_ONE: x.reshape(-1)} if b == 1 else {}
    mistakes |= {
        FLATTENED_BATCH: x.reshape(-1),
        SWAPPED_VIEW_ARGS: x.reshape(-1, b),
        CHANNELS_LAST_ORDER: x.permute(0, 2, 3, 1).reshape(b, -1),
    }
    assert_tensor(student.dims.flatten_images(x), x.reshape(b, -1), mistakes=mistakes)


@exercise("dims.flatten_images")
@points(2)
def test_flatten_images_non_contiguous(student):
    x = non_contiguous(randn(4, 3, 6, 5, seed=12))
    call = call_on(student.dims.flatten_images, x)
    assert_tensor(call.value, x.reshape(4, -1), mistakes={MEMORY_ORDER: x.mT.reshape(4, -1)})


@exercise("dims.rows_of_pixels")
@points(2)
@pytest.mark.parametrize("shape", [(2, 3, 4, 7), (1, 2, 7, 3), (3, 1, 1, 6)], ids=shape_id)
def test_rows_of_pixels_shapes(student, shape):
    x = randn(*shape, seed=13)
    b, c, h, w = shape
    mistakes = {
        ROWS_OF_H: x.reshape(-1, h),
        COLUMNS: x.transpose(2, 3).reshape(-1, h),
        ROW_PER_CHANNEL: x.reshape(b * c, h * w),
    }
    assert_tensor(student.dims.rows_of_pixels(x), x.reshape(b * c * h, w), mistakes=mistakes)


@exercise("dims.rows_of_pixels")
@points(2)
def test_rows_of_pixels_non_contiguous(student):
    x = non_contiguous(randn(2, 3, 5, 4, seed=14))
    call = call_on(student.dims.rows_of_pixels, x)
    assert_tensor(call.value, x.reshape(-1, 4), mistakes={MEMORY_ORDER: x.mT.reshape(-1, 4)})


# -- squeeze / unsqueeze -------------------------------------------------------------------------


@exercise("dims.add_group_dim")
@points(2)
@pytest.mark.parametrize("shape", [(3, 2, 4, 5), (2, 1, 3, 3), (5, 4, 1, 2)], ids=shape_id)
def test_add_group_dim_shapes(student, shape):
    x = randn(*shape, seed=15)
    mistakes = {UNSQUEEZE_1: x.unsqueeze(1), UNSQUEEZE_LAST: x.unsqueeze(-1)}
    assert_tensor(student.dims.add_group_dim(x), x.unsqueeze(0), mistakes=mistakes)


@exercise("dims.as_channel_bias")
@points(2)
@pytest.mark.parametrize("c", [5, 2])
def test_as_channel_bias_broadcasts_per_channel(student, c):
    bias = randn(c, seed=16)
    mistakes = {
        BIAS_ON_W: bias.reshape(1, 1, 1, c),
        BIAS_2D: bias.reshape(1, c),
        BIAS_NO_BATCH: bias.reshape(c, 1, 1),
        BIAS_ON_H: bias.reshape(1, c, 1),
    }
    got = student.dims.as_channel_bias(bias)
    assert_tensor(got, bias.reshape(1, c, 1, 1), mistakes=mistakes)


@exercise("dims.as_channel_bias")
@points(1)
def test_as_channel_bias_single_channel(student):
    bias = torch.tensor([2.5])
    assert_tensor(student.dims.as_channel_bias(bias), torch.tensor([[[[2.5]]]]))


def _squeeze_left_to_right(x):
    """The classic loop bug: squeezing dim d shifts the later dims, so one is skipped."""
    for d in range(x.dim()):
        if d < x.dim() and x.shape[d] == 1:
            x = x.squeeze(d)
    return x


@exercise("dims.squeeze_singletons")
@points(1)
@pytest.mark.parametrize(
    "shape",
    [(1, 3, 1, 5), (2, 1, 1, 4, 1), (1, 1, 1, 1), (3, 4), (1,), (4, 1, 3, 1, 1, 2)],
    ids=shape_id,
)
def test_squeeze_singletons_shapes(student, shape):
    x = randn(*shape, seed=17)
    mistakes = {
        SQUEEZE_0: x.squeeze(0),
        SQUEEZE_1: x.squeeze(1) if x.dim() > 1 else None,
        SQUEEZE_LAST: x.squeeze(-1),
        SQUEEZE_LOOP: _squeeze_left_to_right(x),
        SQUEEZE_FLAT: x.reshape(-1),
    }
    assert_tensor(student.dims.squeeze_singletons(x), x.squeeze(), mistakes=mistakes)


# -- expand / repeat -----------------------------------------------------------------------------


@exercise("dims.expand_bias")
@points(1)
@pytest.mark.parametrize(
    "c, shape",
    [
        (3, (4, 3, 5, 6)),
        (1, (2, 1, 3, 7)),
        (4, (1, 4, 1, 1)),
        (2, (3, -1, 2, 5)),
        (3, (2, 4, 3, 5, 5)),
    ],
    ids=["bchw", "one-channel", "same-shape", "minus-one", "new-leading-dim"],
)
def test_expand_bias_shares_storage(student, c, shape):
    bias = randn(1, c, 1, 1, seed=18)
    call = student.dims.expand_bias.call(bias, shape)
    mistakes = {}
    if len(shape) == 4:
        b, _, h, w = shape
        mistakes[EXPAND_H_W] = bias.expand(b, -1, w, h)
    assert_tensor(call.value, bias.expand(*shape), mistakes=mistakes)
    assert_shares_storage(call)
    assert_inputs_unchanged(call, bias, shape, names=["bias", "shape"])


@exercise("dims.expand_bias")
@points(2)
def test_expand_bias_non_contiguous(student):
    bias = non_contiguous(randn(1, 5, 1, 1, seed=19, dtype=torch.float64))
    call = student.dims.expand_bias.call(bias, (2, 5, 3, 4))
    assert_tensor(
        call.value, bias.expand(2, 5, 3, 4), mistakes={EXPAND_H_W: bias.expand(2, 5, 4, 3)}
    )
    assert_shares_storage(call)


@exercise("dims.expand_bias")
@points(1)
def test_expand_bias_incompatible_shape_raises(student):
    bias = randn(1, 3, 1, 1, seed=20)
    expect_raises(student.dims.expand_bias, bias, (2, 4, 5, 5), exc_type="RuntimeError")


def _tile_interleaved(x, reps):
    """repeat_interleave on every dim: each element repeated in place, not the whole tensor."""
    x = x.reshape((1,) * (len(reps) - x.dim()) + tuple(x.shape))
    for d, r in enumerate(reps):
        x = x.repeat_interleave(r, dim=d)
    return x


@exercise("dims.tile")
@points(1)
@pytest.mark.parametrize(
    "shape, reps",
    [
        ((2, 3), (3, 2)),
        ((2, 1, 3), (2, 4, 3)),
        ((3, 2), (2, 1, 3)),
        ((4,), (2, 3, 2)),
        ((2, 3, 2, 2), (1, 2, 1, 3)),
    ],
    ids=["2d", "3d", "extra-rep", "two-extra-reps", "4d"],
)
def test_tile_matches_repeat(student, shape, reps):
    x = randn(*shape, seed=21)
    call = student.dims.tile.call(x, reps)
    mistakes = {TILE_INTERLEAVED: _tile_interleaved(x, reps)}
    if len(reps) > x.dim():
        mistakes[TILE_REPS_FROM_LEFT] = x.repeat(*reps[: x.dim()])
        mistakes[TILE_EXTRA_IGNORED] = x.repeat(*reps[len(reps) - x.dim() :])
    assert_tensor(call.value, x.repeat(*reps), mistakes=mistakes)
    assert_owns_memory(call)


@exercise("dims.tile")
@points(2)
@pytest.mark.parametrize(
    "shape, reps",
    [((1, 3, 1, 1), (2, 1, 4, 5)), ((2, 3), (1, 1))],
    ids=["singleton-dims", "all-ones"],
)
def test_tile_copies(student, shape, reps):
    x = randn(*shape, seed=22)
    call = student.dims.tile.call(x, reps)
    assert_tensor(call.value, x.repeat(*reps))
    assert_owns_memory(call)
    assert_inputs_unchanged(call, x, reps, names=["x", "reps"])


# -- transpose / permute -------------------------------------------------------------------------

# c, h, w all different (wrong permutations show in the shape), h == w (transpose(1, 3) keeps the
# shape), c == h == w (every wrong answer has the right shape), and size-1 dims.
IMAGE_SHAPES = [(2, 3, 4, 5), (2, 3, 5, 5), (1, 4, 4, 4), (3, 1, 2, 6)]


@exercise("dims.to_channels_last")
@points(2)
@pytest.mark.parametrize("shape", IMAGE_SHAPES, ids=shape_id)
def test_to_channels_last_shapes(student, shape):
    x = randn(*shape, seed=31)
    b, c, h, w = shape
    mistakes = {
        CL_VIEW: x.reshape(b, h, w, c),
        CL_TRANSPOSE: x.transpose(1, 3),
        CL_INVERSE: x.permute(0, 3, 1, 2),
        CL_MEMORY_FORMAT: x,
    }
    assert_tensor(student.dims.to_channels_last(x), x.permute(0, 2, 3, 1), mistakes=mistakes)


@exercise("dims.to_channels_first")
@points(2)
@pytest.mark.parametrize("shape", IMAGE_SHAPES, ids=shape_id)
def test_to_channels_first_shapes(student, shape):
    b, c, h, w = shape
    x = randn(b, h, w, c, seed=32)
    mistakes = {
        CF_VIEW: x.reshape(b, c, h, w),
        CF_TRANSPOSE: x.transpose(1, 3),
        CF_SAME_AGAIN: x.permute(0, 2, 3, 1),
    }
    assert_tensor(student.dims.to_channels_first(x), x.permute(0, 3, 1, 2), mistakes=mistakes)


@exercise("dims.to_channels_first")
@points(1)
def test_channels_round_trip(student):
    x = randn(2, 3, 5, 4, seed=33)  # [b, c, h, w] -> [b, h, w, c] by the judge, and back
    y = x.permute(0, 2, 3, 1)
    mistakes = {CF_TRANSPOSE: y.transpose(1, 3), CF_SAME_AGAIN: y.permute(0, 2, 3, 1)}
    assert_tensor(student.dims.to_channels_first(y), x, rtol=0, atol=0, mistakes=mistakes)


def _flatten_cl_mistakes(x):
    b, c, h, w = x.shape
    return {
        FLAT_CF_ORDER: x.reshape(b, -1),
        FLAT_TRANSPOSE: x.transpose(1, 3).reshape(b, -1),
        FLAT_VIEW: x.reshape(b, h, w, c).reshape(b, -1),
    }


@exercise("dims.flatten_channels_last")
@points(2)
@pytest.mark.parametrize(
    "shape", [(2, 3, 4, 5), (1, 2, 3, 3), (3, 5, 1, 2), (2, 3, 7, 1)], ids=shape_id
)
def test_flatten_channels_last_shapes(student, shape):
    x = randn(*shape, seed=34)
    assert_tensor(
        student.dims.flatten_channels_last(x),
        x.permute(0, 2, 3, 1).reshape(shape[0], -1),
        mistakes=_flatten_cl_mistakes(x),
    )


@exercise("dims.flatten_channels_last")
@points(1)
def test_flatten_channels_last_pixel_order(student):
    # image 0: channel k, row r, column s holds 100k + 10r + s
    kk, rr, ss = torch.meshgrid(torch.arange(3), torch.arange(2), torch.arange(4), indexing="ij")
    x = (100 * kk + 10 * rr + ss).to(torch.float32).unsqueeze(0)
    expected = torch.tensor(
        [[100.0 * k + 10 * r + s for r in range(2) for s in range(4) for k in range(3)]]
    )
    got = student.dims.flatten_channels_last(x)
    assert_tensor(got, expected, mistakes=_flatten_cl_mistakes(x))


def _unflatten_cl_mistakes(y, c, h, w):
    b = y.shape[0]
    return {
        UNFLAT_VIEW: y.reshape(b, c, h, w),
        UNFLAT_TRANSPOSE: y.reshape(b, h, w, c).transpose(1, 3),
        UNFLAT_W_H: y.reshape(b, w, h, c).permute(0, 3, 2, 1),
    }


@exercise("dims.unflatten_channels_last")
@points(2)
@pytest.mark.parametrize(
    "shape", [(2, 3, 5, 7), (1, 2, 3, 1), (3, 5, 1, 4), (2, 3, 3, 3)], ids=shape_id
)
def test_unflatten_channels_last_round_trip(student, shape):
    b, c, h, w = shape
    x = randn(*shape, seed=35)
    y = x.permute(0, 2, 3, 1).reshape(b, -1)  # what flatten_channels_last gives
    got = student.dims.unflatten_channels_last(y, c, h, w)
    assert_tensor(got, x, rtol=0, atol=0, mistakes=_unflatten_cl_mistakes(y, c, h, w))


@exercise("dims.unflatten_channels_last")
@points(2)
def test_unflatten_channels_last_non_contiguous(student):
    b, c, h, w = 3, 2, 5, 3
    y = non_contiguous(randn(b, h * w * c, seed=36))
    call = call_on(student.dims.unflatten_channels_last, y, c, h, w)
    expected = y.reshape(b, h, w, c).permute(0, 3, 1, 2)
    assert_tensor(call.value, expected, rtol=0, atol=0, mistakes=_unflatten_cl_mistakes(y, c, h, w))


@exercise("dims.swap_height_width")
@points(2)
@pytest.mark.parametrize(
    "shape", [(2, 3, 4, 6), (1, 1, 3, 5), (2, 2, 7, 2), (2, 3, 4, 4)], ids=shape_id
)
def test_swap_height_width_shapes(student, shape):
    x = randn(*shape, seed=37)
    b, c, h, w = shape
    mistakes = {SWAP_VIEW: x.reshape(b, c, w, h), SWAP_WRONG_DIMS: x.transpose(1, 2), UNCHANGED: x}
    assert_tensor(student.dims.swap_height_width(x), x.transpose(2, 3), mistakes=mistakes)


# Every function: non-contiguous float64 input (values, dtype, input unchanged), and the meta
# device. Each entry: the input's name and shape, and (input) -> (arguments, expected result).
CASES = {
    "flatten_images": ("x", (3, 4, 5, 6), lambda x: ((x,), x.reshape(3, -1))),
    "rows_of_pixels": ("x", (3, 4, 5, 6), lambda x: ((x,), x.reshape(-1, 6))),
    "add_group_dim": ("x", (3, 4, 5, 6), lambda x: ((x,), x.unsqueeze(0))),
    "as_channel_bias": ("bias", (5,), lambda bias: ((bias,), bias.reshape(1, 5, 1, 1))),
    "squeeze_singletons": ("x", (1, 3, 1, 4, 6), lambda x: ((x,), x.squeeze())),
    "expand_bias": (
        "bias",
        (1, 4, 1, 1),
        lambda bias: ((bias, (3, 4, 5, 6)), bias.expand(3, 4, 5, 6)),
    ),
    "tile": ("x", (2, 3, 4), lambda x: ((x, (2, 1, 3, 2)), x.repeat(2, 1, 3, 2))),
    "to_channels_last": ("x", (3, 4, 5, 6), lambda x: ((x,), x.permute(0, 2, 3, 1))),
    "to_channels_first": ("x", (3, 5, 6, 4), lambda x: ((x,), x.permute(0, 3, 1, 2))),
    "flatten_channels_last": (
        "x",
        (3, 4, 5, 6),
        lambda x: ((x,), x.permute(0, 2, 3, 1).reshape(3, -1)),
    ),
    "unflatten_channels_last": (
        "y",
        (3, 120),
        lambda y: ((y, 4, 5, 6), y.reshape(3, 5, 6, 4).permute(0, 3, 1, 2)),
    ),
    "swap_height_width": ("x", (3, 4, 5, 6), lambda x: ((x,), x.transpose(2, 3))),
}


def _cases():
    return [
        pytest.param(name, marks=[exercise(f"dims.{name}"), points(1)], id=name) for name in CASES
    ]


@pytest.mark.parametrize("name", _cases())
def test_non_contiguous_float64_input_left_unchanged(student, name):
    input_name, shape, case = CASES[name]
    x = non_contiguous(randn(*shape, seed=41, dtype=torch.float64))
    args, expected = case(x)
    call = call_on(getattr(student.dims, name), *args)
    assert_tensor(call.value, expected)
    assert_inputs_unchanged(call, *args, names=[input_name])


@pytest.mark.parametrize("name", _cases())
def test_meta_device_kept(student, name):
    _, shape, case = CASES[name]
    args, expected = case(randn(*shape, seed=42))
    fn = getattr(student.dims, name)
    assert_tensor(fn(*args), expected)
    assert_keeps_meta(fn, *args)


@pytest.mark.parametrize(
    "name, make_args",
    cuda_cases(
        "dims",
        {
            "flatten_images": lambda: args(randn(3, 2, 4, 5, seed=60)),
            "rows_of_pixels": lambda: args(randn(2, 3, 4, 5, seed=61)),
            "add_group_dim": lambda: args(randn(2, 3, 4, 5, seed=62)),
            "as_channel_bias": lambda: args(randn(5, seed=63)),
            "squeeze_singletons": lambda: args(randn(1, 3, 1, 4, 1, seed=64)),
            "expand_bias": lambda: args(randn(1, 4, 1, 1, seed=65), (3, 4, 5, 6)),
            "tile": lambda: args(randn(3, 2, seed=66), (2, 1, 3)),
            "to_channels_last": lambda: args(randn(2, 3, 4, 5, seed=67)),
            "to_channels_first": lambda: args(randn(2, 4, 5, 3, seed=68)),
            "flatten_channels_last": lambda: args(randn(2, 3, 4, 5, seed=69)),
            "unflatten_channels_last": lambda: args(
                randn(2, 60, seed=70, dtype=torch.float64), 3, 4, 5
            ),
            "swap_height_width": lambda: args(randn(2, 3, 4, 5, seed=71)),
        },
    ),
)
def test_same_on_cuda(student, name, make_args):
    """Device agreement: the same answer on CPU and on CUDA, returned on CUDA."""
    assert_same_on_cuda(getattr(student.dims, name), make_args())
