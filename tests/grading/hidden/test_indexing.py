"""Hidden checks for topic `indexing` (索引与切片): other shapes and seeds than the public ones,
odd sizes, negative indices, ties, non-contiguous inputs, inputs left alone, the meta device."""

import pytest
import torch

from grader.checks import (
    args,
    assert_inputs_unchanged,
    assert_keeps_meta,
    assert_same_on_cuda,
    assert_tensor,
    cuda_cases,
    non_contiguous,
    randint,
    randn,
)
from grader.i18n import Msg
from grader.lessons import cite

exercise = pytest.mark.exercise
points = pytest.mark.points

LESSON = cite("indexing")


@exercise("indexing.first_image")
@points(2)
@pytest.mark.parametrize("shape", [(3, 2, 5, 7), (1, 1, 1, 1)])
def test_first_image_shapes(student, shape):
    x = randn(*shape, seed=11)
    assert_tensor(
        student.indexing.first_image(x),
        x[0],
        mistakes={
            Msg(
                f"x[:1] keeps the batch dim; x[0] removes it {LESSON.en}",
                f"x[:1] 保留了批维度；x[0] 会去掉它{LESSON.zh}",
            ): x[:1],
            Msg(
                f"the last image instead of the first {LESSON.en}",
                f"取了最后一张图片，而不是第一张{LESSON.zh}",
            ): x[-1] if shape[0] > 1 else None,
        },
    )


@exercise("indexing.pixel")
@points(2)
@pytest.mark.parametrize("where", [(2, 1, 4, 0), (-1, -2, -3, -1), (0, 0, 0, 5)])
def test_pixel_positions(student, where):
    x = randn(3, 2, 5, 6, seed=12)
    b, c, i, j = where
    mistakes = {}
    if i < x.shape[3] and j < x.shape[2]:
        mistakes[
            Msg(
                f"row and column swapped: x[b, c, j, i] {LESSON.en}",
                f"行和列颠倒了：x[b, c, j, i]{LESSON.zh}",
            )
        ] = x[b, c, j, i]
    assert_tensor(student.indexing.pixel(x, *where), x[b, c, i, j], mistakes=mistakes)


@exercise("indexing.first_n_images")
@points(2)
@pytest.mark.parametrize("n", [1, 4, 9])
def test_first_n_images_counts(student, n):
    x = randn(7, 2, 3, 5, seed=13)
    assert_tensor(
        student.indexing.first_n_images(x, n),
        x[:n],
        mistakes={
            Msg(
                f"one image too many: x[:n] already stops before n {LESSON.en}",
                f"多取了一张图片：x[:n] 本来就停在 n 之前{LESSON.zh}",
            ): x[: n + 1],
            Msg(f"one image too few {LESSON.en}", f"少取了一张图片{LESSON.zh}"): x[: n - 1],
        },
    )


@exercise("indexing.last_channels")
@points(2)
@pytest.mark.parametrize("k", [1, 2, 5])
def test_last_channels_counts(student, k):
    x = randn(2, 5, 3, 4, seed=14)
    assert_tensor(
        student.indexing.last_channels(x, k),
        x[:, -k:],
        mistakes={
            Msg(
                f"the first k channels: x[:, :k] {LESSON.en}",
                f"取成了前 k 个通道：x[:, :k]{LESSON.zh}",
            ): x[:, :k],
            Msg(
                f"channels from index k on: x[:, k:] is not the last k {LESSON.en}",
                f"取成了从索引 k 开始的通道：x[:, k:] 不是最后 k 个{LESSON.zh}",
            ): x[:, k:],
            Msg(
                f"one channel too many: x[:, -k-1:] {LESSON.en}",
                f"多取了一个通道：x[:, -k-1:]{LESSON.zh}",
            ): x[:, -k - 1 :],
            Msg(
                f"the last k images instead of channels: dim 1 is the channel dim {LESSON.en}",
                f"取成了最后 k 张图片，而不是最后 k 个通道：第 1 维才是通道维{LESSON.zh}",
            ): x[-k:],
        },
    )


@exercise("indexing.every_other_pixel")
@points(3)
@pytest.mark.parametrize("shape", [(2, 3, 7, 5), (1, 2, 1, 6), (3, 1, 9, 9)])
def test_every_other_pixel_odd_sizes(student, shape):
    x = randn(*shape, seed=15)
    assert_tensor(
        student.indexing.every_other_pixel(x),
        x[:, :, ::2, ::2],
        mistakes={
            Msg(
                f"started at 1 instead of 0: x[..., 1::2, 1::2] {LESSON.en}",
                f"从 1 开始取了，而应从 0 开始：x[..., 1::2, 1::2]{LESSON.zh}",
            ): x[:, :, 1::2, 1::2],
            Msg(f"only the rows were stepped {LESSON.en}", f"只对行隔一取一，列没有{LESSON.zh}"): x[
                :, :, ::2
            ],
            Msg(
                f"only the columns were stepped {LESSON.en}", f"只对列隔一取一，行没有{LESSON.zh}"
            ): x[..., ::2],
        },
    )


@exercise("indexing.select_images")
@points(2)
def test_select_images_order_and_repeats(student):
    x = randn(6, 2, 3, 4, seed=16)
    indices = [5, 1, 1, 0]
    assert_tensor(
        student.indexing.select_images(x, indices),
        x[torch.tensor(indices)],
        mistakes={
            Msg(
                f"the indices were sorted; keep the order given {LESSON.en}",
                f"索引被排序了；要保持给定的顺序{LESSON.zh}",
            ): x[torch.tensor(sorted(indices))],
            Msg(f"repeated indices were dropped {LESSON.en}", f"重复的索引被去掉了{LESSON.zh}"): x[
                torch.tensor([5, 1, 0])
            ],
        },
    )


@exercise("indexing.select_channels")
@points(2)
def test_select_channels_order(student):
    x = randn(6, 5, 3, 2, seed=17)
    indices = [4, 0, 3]
    idx = torch.tensor(indices)
    assert_tensor(
        student.indexing.select_channels(x, indices),
        x[:, idx],
        mistakes={
            Msg(
                f"selected along dim 0 (images) instead of dim 1 (channels) {LESSON.en}",
                f"沿第 0 维（图片）选取了，而应沿第 1 维（通道）{LESSON.zh}",
            ): x[idx]
        },
    )


@exercise("indexing.last_column")
@points(2)
@pytest.mark.parametrize("shape", [(2, 3, 4, 6), (1, 2, 5, 5)])
def test_last_column_shapes(student, shape):
    x = randn(*shape, seed=18)
    assert_tensor(
        student.indexing.last_column(x),
        x[..., -1],
        mistakes={
            Msg(
                f"the last row instead of the last column: x[:, :, -1] {LESSON.en}",
                f"取成了最后一行，而不是最后一列：x[:, :, -1]{LESSON.zh}",
            ): x[:, :, -1],
            Msg(
                f"the first column: x[..., 0] {LESSON.en}", f"取成了第一列：x[..., 0]{LESSON.zh}"
            ): x[..., 0],
            Msg(
                f"x[..., -1:] keeps the last dim; x[..., -1] removes it {LESSON.en}",
                f"x[..., -1:] 保留了最后一维；x[..., -1] 会去掉它{LESSON.zh}",
            ): x[..., -1:],
        },
    )


@exercise("indexing.values_at_least")
@points(3)
def test_values_at_least_ties_and_order(student):
    x = torch.tensor([[[[3.0, 1.0, 2.0], [2.0, 0.0, 5.0]]], [[[2.0, 9.0, -4.0], [1.0, 2.0, 2.0]]]])
    expected = x[x >= 2.0]
    assert_tensor(
        student.indexing.values_at_least(x, 2.0),
        expected,
        mistakes={
            Msg(
                f"values equal to the threshold must be kept: use >=, not > {LESSON.en}",
                f"等于阈值的数值也要保留：用 >=，而不是 >{LESSON.zh}",
            ): x[x > 2.0],
            Msg(
                f"the values were sorted; keep row-major order {LESSON.en}",
                f"数值被排序了；要保持行优先顺序{LESSON.zh}",
            ): expected.sort().values,
        },
    )


@exercise("indexing.values_at_least")
@points(1)
def test_values_at_least_none_pass(student):
    x = randn(2, 2, 3, 3, seed=19)
    assert_tensor(student.indexing.values_at_least(x, 100.0), x[x >= 100.0])


@exercise("indexing.take_flat")
@points(2)
def test_take_flat_negative_and_2d_indices(student):
    x = randn(3, 2, 4, 5, seed=20)
    idx = torch.tensor([[0, -1, 7], [-120, 55, 119]])
    assert_tensor(
        student.indexing.take_flat(x, idx),
        torch.take(x, idx),
        mistakes={
            Msg(
                f"the result should have the shape of the indices {LESSON.en}",
                f"结果的形状应与索引的形状相同{LESSON.zh}",
            ): torch.take(x, idx).reshape(-1)
        },
    )


@exercise("indexing.take_flat")
@points(2)
def test_take_flat_non_contiguous(student):
    x = randn(2, 3, 5, 4, seed=21).transpose(2, 3)  # a view whose memory is not row-major
    idx = randint(0, x.numel(), (9,), seed=22)
    assert_tensor(
        student.indexing.take_flat(x, idx),
        torch.take(x, idx),
        mistakes={
            Msg(
                f"indexed the memory order, not the row-major order of the tensor as it is {LESSON.en}",
                f"按元素在内存中的存放顺序取了值，而不是按张量本身的行优先顺序{LESSON.zh}",
            ): x.contiguous().transpose(2, 3).contiguous().reshape(-1)[idx],
        },
    )


# Every function: non-contiguous input, input unchanged, and the meta device.
CASES = {
    "first_image": lambda x: ((x,), x[0]),
    "pixel": lambda x: ((x, 1, 2, 3, 1), x[1, 2, 3, 1]),
    "first_n_images": lambda x: ((x, 2), x[:2]),
    "last_channels": lambda x: ((x, 2), x[:, -2:]),
    "every_other_pixel": lambda x: ((x,), x[:, :, ::2, ::2]),
    "select_images": lambda x: ((x, [2, 0]), x[torch.tensor([2, 0])]),
    "select_channels": lambda x: ((x, [1, 0, 2]), x[:, torch.tensor([1, 0, 2])]),
    "last_column": lambda x: ((x,), x[..., -1]),
    "values_at_least": lambda x: ((x, 0.5), x[x >= 0.5]),
    "take_flat": lambda x: ((x, torch.tensor([3, 0, -2])), torch.take(x, torch.tensor([3, 0, -2]))),
}


def _cases():
    return [
        pytest.param(name, marks=[exercise(f"indexing.{name}"), points(1)], id=name)
        for name in CASES
    ]


@pytest.mark.parametrize("name", _cases())
def test_non_contiguous_input_left_unchanged(student, name):
    x = non_contiguous(randn(3, 4, 5, 6, seed=23))
    args, expected = CASES[name](x)
    call = getattr(student.indexing, name).call(*args)
    assert_tensor(call.value, expected)
    assert_inputs_unchanged(call, *args, names=["x"])


@pytest.mark.parametrize("name", _cases())
def test_meta_device_kept(student, name):
    x = randn(3, 4, 5, 6, seed=24)
    args, expected = CASES[name](x)
    fn = getattr(student.indexing, name)
    assert_tensor(fn(*args), expected)
    assert_keeps_meta(fn, *args)


@pytest.mark.parametrize(
    "name, make_args",
    cuda_cases(
        "indexing",
        {
            "first_image": lambda: args(randn(4, 3, 8, 8, seed=70)),
            "pixel": lambda: args(randn(3, 2, 5, 6, seed=71), -1, 1, 4, -2),
            "first_n_images": lambda: args(randn(7, 2, 3, 5, seed=72), 4),
            "last_channels": lambda: args(randn(2, 5, 3, 4, seed=73), 2),
            "every_other_pixel": lambda: args(randn(2, 3, 7, 5, seed=74)),
            "select_images": lambda: args(randn(6, 2, 3, 4, seed=75), [5, 1, 1, 0]),
            "select_channels": lambda: args(randn(6, 5, 3, 2, seed=76), [4, 0, 3]),
            "last_column": lambda: args(randn(2, 3, 4, 6, seed=77)),
            "values_at_least": lambda: args(randn(2, 3, 5, 4, seed=78), 0.5),
            "take_flat": lambda: args(
                randn(3, 2, 4, 5, seed=79), torch.tensor([[0, -1, 7], [-120, 55, 119]])
            ),
        },
    ),
)
def test_same_on_cuda(student, name, make_args):
    """Device agreement: the same answer on CPU and on CUDA, returned on CUDA."""
    assert_same_on_cuda(getattr(student.indexing, name), make_args())
