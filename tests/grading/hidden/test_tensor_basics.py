"""Hidden checks for topic `tensor_basics` (张量数据类型 / 创建Tensor): every tensor type, 0-dim
and empty tensors, random results checked by their properties only (range, moments, pairing,
determinism for equal generator states), inputs left alone, the meta device."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from grader.checks import (
    args,
    assert_close_number,
    assert_equal,
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
    random_args,
)
from grader.checks.devices import LeftOut
from grader.checks.feedback import shown
from grader.i18n import Msg, tr
from grader.lessons import cite

exercise = pytest.mark.exercise
points = pytest.mark.points

# The device checks an exercise leaves out, and why (tests/kit/test_completeness.py).
DEVICE_CHECKS_LEFT_OUT = {
    "describe": LeftOut(
        meta="returns Python values (type name, dim, shape, numel), no tensor; the device shows in type(), which the value checks compare",
        cuda="returns Python values (type name, dim, shape, numel), no tensor; the device shows in type(), which the value checks compare",
    ),
    "uniform": LeftOut(
        meta="makes a tensor from numbers alone: there is no input whose device it should follow",
        cuda="makes a tensor from numbers alone: there is no input whose device it should follow",
    ),
    "from_numpy_float32": LeftOut(
        meta="a numpy array in: the tensor is on the CPU by definition",
        cuda="a numpy array in: the tensor is on the CPU by definition",
    ),
}

LESSON = cite("dtypes")


# -- describe -----------------------------------------------------------------------------------
def check_describe(got, t):
    if not isinstance(got, dict):
        fail(
            f"describe(t) should return a dict, but it returned {type(got).__name__}.",
            f"describe(t) 应当返回 dict，但返回了 {type(got).__name__}。",
        )
    keys = ["type", "dim", "shape", "numel"]
    if sorted(map(str, got)) != sorted(keys) or len(got) != 4:
        fail(
            f"describe(t) should have exactly the keys {keys}; it has {list(got)}.",
            f"describe(t) 应当恰好有键 {keys}；实际是 {list(got)}。",
        )
    kind = got["type"]
    if not isinstance(kind, str) or kind != t.type():
        hint = ""
        if isinstance(kind, torch.dtype) or (isinstance(kind, str) and kind == str(t.dtype)):
            hint = tr(
                f" That is t.dtype; the type string comes from t.type() {LESSON}.",
                f"这是 t.dtype；类型字符串要用 t.type() 得到{LESSON}。",
            )
        elif isinstance(kind, str) and kind in (type(t).__name__, str(type(t))):
            hint = tr(
                f" That is Python's type(t); use t.type() {LESSON}.",
                f"这是 Python 的 type(t)；请用 t.type(){LESSON}。",
            )
        fail(
            f'describe(t)["type"] is {shown(kind)}, expected {t.type()!r}.{hint}',
            f'describe(t)["type"] 是 {shown(kind)}，应为 {t.type()!r}。{hint}',
        )
    assert_close_number(got["dim"], t.dim(), what='describe(t)["dim"]', kind=int, rel=0, abs_=0)
    shape = got["shape"]
    if not isinstance(shape, (tuple, list)) or not all(
        isinstance(n, int) and not isinstance(n, bool) for n in shape
    ):
        fail(
            f'describe(t)["shape"] should be a tuple of ints (tuple(t.shape)); it is {shape!r:.60}.',
            f'describe(t)["shape"] 应当是由 int 组成的 tuple（tuple(t.shape)）；实际是 {shape!r:.60}。',
        )
    assert_equal(shape, tuple(t.shape), what='describe(t)["shape"]')
    assert_close_number(
        got["numel"], t.numel(), what='describe(t)["numel"]', kind=int, rel=0, abs_=0
    )


DESCRIBE_CASES = {
    "float64": lambda: randn(3, 1, 4, seed=30, dtype=torch.float64),
    "int64": lambda: randint(0, 9, (5,), seed=31),
    "uint8": lambda: randint(0, 255, (2, 2, 3), seed=32).to(torch.uint8),
    "bool": lambda: randn(4, 3, seed=33) > 0,
    "int32": lambda: randint(-5, 5, (2, 6), seed=34).to(torch.int32),
    "float16": lambda: randn(3, 2, seed=35).half(),
    "non-contiguous float32": lambda: non_contiguous(randn(3, 4, 2, seed=36)),
    "images [b, c, h, w]": lambda: randn(2, 3, 5, 7, seed=37),
}


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(name, marks=[exercise("tensor_basics.describe"), points(1)], id=name)
        for name in DESCRIBE_CASES
    ],
)
def test_describe_types_and_shapes(student, case):
    t = DESCRIBE_CASES[case]()
    check_describe(student.tensor_basics.describe(t), t)


@exercise("tensor_basics.describe")
@points(2)
def test_describe_zero_dim(student):
    t = torch.tensor(3.5)  # a scalar: dim 0, shape (), one element
    got = student.tensor_basics.describe(t)
    check_describe(got, t)
    assert_equal(got, {"type": "torch.FloatTensor", "dim": 0, "shape": (), "numel": 1})


@exercise("tensor_basics.describe")
@points(1)
def test_describe_empty(student):
    t = torch.zeros(4, 0, 2, dtype=torch.float64)
    got = student.tensor_basics.describe(t)
    check_describe(got, t)
    assert_equal(got, {"type": "torch.DoubleTensor", "dim": 3, "shape": (4, 0, 2), "numel": 0})


# -- uniform ------------------------------------------------------------------------------------
def check_uniform(got, low, high, shape):
    if not isinstance(got, torch.Tensor):
        fail(
            f"uniform should return a tensor, but it returned {type(got).__name__}.",
            f"uniform 应当返回张量，但返回了 {type(got).__name__}。",
        )
    if tuple(got.shape) != tuple(shape):
        fail(
            f"The result has shape {list(got.shape)}, expected {list(shape)}.",
            f"结果的形状是 {list(got.shape)}，应为 {list(shape)}。",
        )
    if got.dtype != torch.float32:
        hint = {
            torch.int64: tr(
                " torch.randint draws integers; torch.rand draws floats in [0, 1).",
                "torch.randint 抽取的是整数；torch.rand 抽取的是 [0, 1) 内的浮点数。",
            ),
            torch.float64: tr(
                " Draw float32 (torch.rand's default dtype), not float64.",
                "请抽取 float32（torch.rand 的默认 dtype），而不是 float64。",
            ),
        }.get(got.dtype, "")
        fail(
            f"The result has dtype {str(got.dtype).removeprefix('torch.')}, expected float32.{hint}",
            f"结果的 dtype 是 {str(got.dtype).removeprefix('torch.')}，应为 float32。{hint}",
        )
    if got.numel() == 0:
        return
    lo, hi = got.min().item(), got.max().item()
    if lo < low or hi >= high:
        fail(
            f"Values should lie in [{shown(low, 'g')}, {shown(high, 'g')}), but they range from {shown(lo, '.6g')} to {shown(hi, '.6g')}. "
            f"torch.rand gives [0, 1): multiply by (high - low), then add low. {LESSON}",
            f"数值应在 [{shown(low, 'g')}, {shown(high, 'g')}) 内，实际范围是 {shown(lo, '.6g')} 到 {shown(hi, '.6g')}。torch.rand 给出 [0, 1)："
            f"先乘以 (high - low)，再加 low。{LESSON}",
        )


@exercise("tensor_basics.uniform")
@points(3)
def test_uniform_range_and_moments(student):
    low, high, shape = -1.5, 2.5, (250, 400)
    got = student.tensor_basics.uniform(low, high, shape, generator=generator(40))
    check_uniform(got, low, high, shape)
    x = got.double()
    width = high - low
    lo, hi = x.min().item(), x.max().item()
    if lo > low + 0.01 * width or hi < high - 0.01 * width:
        fail(
            f"100000 draws from [{shown(low, 'g')}, {shown(high, 'g')}) should come close to both ends, but they only cover "
            f"[{shown(lo, '.4g')}, {shown(hi, '.4g')}]: scale torch.rand by (high - low), not by high. {LESSON}",
            f"从 [{shown(low, 'g')}, {shown(high, 'g')}) 抽取的 100000 个数应接近两端，但只覆盖了 "
            f"[{shown(lo, '.4g')}, {shown(hi, '.4g')}]：torch.rand 要乘以 (high - low)，而不是 high。{LESSON}",
        )
    mean, var = x.mean().item(), x.var().item()
    if abs(mean - (low + high) / 2) > 0.02 or abs(var - width**2 / 12) > 0.03:
        fail(
            f"For a uniform [{shown(low, 'g')}, {shown(high, 'g')}) the mean is {shown((low + high) / 2, 'g')} and the variance "
            f"{shown(width**2 / 12, '.4g')}; 100000 draws gave mean {shown(mean, '.4g')} and variance {shown(var, '.4g')}: "
            f"not uniform (torch.randn is a normal distribution). {LESSON}",
            f"均匀分布 [{shown(low, 'g')}, {shown(high, 'g')}) 的均值是 {shown((low + high) / 2, 'g')}，方差是 {shown(width**2 / 12, '.4g')}；"
            f"100000 次抽样得到均值 {shown(mean, '.4g')}、方差 {shown(var, '.4g')}：不是均匀分布"
            f"（torch.randn 是正态分布）。{LESSON}",
        )


@pytest.mark.parametrize(
    "low, high, shape",
    [
        pytest.param(
            0, 10, (3, 4), marks=[exercise("tensor_basics.uniform"), points(1)], id="int-bounds"
        ),
        pytest.param(
            -5.0, -3.0, (7,), marks=[exercise("tensor_basics.uniform"), points(1)], id="negative"
        ),
        pytest.param(
            0.25, 0.5, (2, 1, 3), marks=[exercise("tensor_basics.uniform"), points(1)], id="narrow"
        ),
        pytest.param(
            -2.0, 6.0, (1, 3, 2, 2), marks=[exercise("tensor_basics.uniform"), points(1)], id="4d"
        ),
    ],
)
def test_uniform_shapes_and_bounds(student, low, high, shape):
    got = student.tensor_basics.uniform(low, high, shape, generator=generator(41))
    check_uniform(got, low, high, shape)


@exercise("tensor_basics.uniform")
@points(2)
def test_uniform_follows_the_generator(student):
    shape = (6, 7)
    first = student.tensor_basics.uniform(1.0, 3.0, shape, generator=generator(42))
    check_uniform(first, 1.0, 3.0, shape)
    again = student.tensor_basics.uniform(1.0, 3.0, shape, generator=generator(42))
    if not torch.equal(first, again):
        fail(
            "Two calls with generators in the same state gave different numbers: draw every "
            "number from the generator (torch.rand(..., generator=generator)).",
            "两次调用时生成器的状态相同，结果却不同：每个数都要从 generator 抽取"
            "（torch.rand(..., generator=generator)）。",
        )
    other = student.tensor_basics.uniform(1.0, 3.0, shape, generator=generator(43))
    if torch.equal(first, other):
        fail(
            "Generators with different seeds gave the same numbers: the generator is not used. "
            "Pass it on: torch.rand(..., generator=generator).",
            "种子不同的生成器给出了相同的数：generator 没有被用上。请把它传下去："
            "torch.rand(..., generator=generator)。",
        )


@exercise("tensor_basics.uniform")
@points(1)
def test_uniform_without_generator(student):
    got = student.tensor_basics.uniform(-3.0, -1.0, (50, 20))
    check_uniform(got, -3.0, -1.0, (50, 20))
    if got.min().item() > -2.9 or got.max().item() < -1.1:
        fail(
            f"1000 draws from [low, high) should come close to both ends, but they only cover "
            f"[{shown(got.min().item(), '.4g')}, {shown(got.max().item(), '.4g')}]. {LESSON}",
            f"从 [low, high) 抽取的 1000 个数应接近两端，但只覆盖了 "
            f"[{shown(got.min().item(), '.4g')}, {shown(got.max().item(), '.4g')}]。{LESSON}",
        )


# -- one_hot ------------------------------------------------------------------------------------
def check_one_hot(got, labels, depth):
    expected = F.one_hot(labels, depth).to(torch.float32)
    if isinstance(got, torch.Tensor) and got.dtype != torch.float32 and got.shape == expected.shape:
        fail(
            f"The result has dtype {str(got.dtype).removeprefix('torch.')}, expected float32 "
            f"(torch.nn.functional.one_hot gives int64: convert with .float()). {LESSON}",
            f"结果的 dtype 是 {str(got.dtype).removeprefix('torch.')}，应为 float32"
            f"（torch.nn.functional.one_hot 返回 int64：用 .float() 转换）。{LESSON}",
        )
    assert_tensor(
        got,
        expected,
        mistakes={
            Msg(
                f"[depth, N] instead of [N, depth]: one row per label {LESSON.en}",
                f"形状是 [depth, N] 而不是 [N, depth]：每个标签占一行{LESSON.zh}",
            ): expected.T,
            Msg(
                f"the width was taken from the largest label (F.one_hot without num_classes), "
                f"not from depth {LESSON.en}",
                f"宽度取自最大的标签（F.one_hot 没有传 num_classes），而不是 depth{LESSON.zh}",
            ): F.one_hot(labels).float(),
        },
    )


@exercise("tensor_basics.one_hot")
@points(2)
def test_one_hot_depth_beyond_labels(student):
    labels = torch.tensor([0, 2, 1, 2, 0])
    check_one_hot(student.tensor_basics.one_hot(labels, 6), labels, 6)


@exercise("tensor_basics.one_hot")
@points(2)
def test_one_hot_random_labels(student):
    labels = randint(0, 10, (37,), seed=50)
    check_one_hot(student.tensor_basics.one_hot(labels, 10), labels, 10)


@pytest.mark.parametrize(
    "labels, depth",
    [
        pytest.param(
            [0], 1, marks=[exercise("tensor_basics.one_hot"), points(1)], id="one-label-one-class"
        ),
        pytest.param(
            [4, 4, 4], 5, marks=[exercise("tensor_basics.one_hot"), points(1)], id="last-class"
        ),
        pytest.param(
            [3, 1, 0, 2], 4, marks=[exercise("tensor_basics.one_hot"), points(1)], id="square"
        ),
    ],
)
def test_one_hot_edges(student, labels, depth):
    labels = torch.tensor(labels)
    check_one_hot(student.tensor_basics.one_hot(labels, depth), labels, depth)


@exercise("tensor_basics.one_hot")
@points(1)
def test_one_hot_non_contiguous_labels_unchanged(student):
    labels = non_contiguous(randint(0, 7, (9,), seed=51))
    call = student.tensor_basics.one_hot.call(labels, 7)
    check_one_hot(call.value, labels, 7)
    assert_inputs_unchanged(call, labels, 7, names=["labels"])


@exercise("tensor_basics.one_hot")
@points(2)
def test_one_hot_keeps_meta(student):
    labels = randint(0, 5, (8,), seed=52)
    fn = student.tensor_basics.one_hot
    check_one_hot(fn(labels, 5), labels, 5)
    assert_keeps_meta(fn, labels, 5)


# -- shuffle_together ---------------------------------------------------------------------------
def row_permutation(a2, a, name="a2"):
    """The permutation p with a2 == a[p] (the rows of `a` are all different), or a failure."""
    n = a.shape[0]
    eq = (a2.reshape(n, 1, -1) == a.reshape(1, n, -1)).all(-1)
    found = eq.any(1)
    if not bool(found.all()):
        i = int((~found).nonzero()[0])
        fail(
            f"Row {i} of {name} is not a row of the input: shuffle whole rows (index dim 0 with a "
            f"permutation), don't change or mix the values inside them. {LESSON}",
            f"{name} 的第 {i} 行不是输入的某一行：要打乱整行（用排列索引第 0 维），"
            f"不要改动或混合行内的值。{LESSON}",
        )
    p = eq.to(torch.int64).argmax(1)
    if p.unique().numel() != n:
        fail(
            f"Some rows appear twice in {name} and others are missing: use a permutation "
            f"(torch.randperm), not draws with replacement (torch.randint). {LESSON}",
            f"{name} 中有的行出现了两次，有的行不见了：请用排列（torch.randperm），"
            f"而不是有放回抽样（torch.randint）。{LESSON}",
        )
    return p


def check_shuffled(got, a, b, *, must_move=True):
    """(a2, b2) is a row permutation of (a, b), the same one for both."""
    assert_sequence(got, 2, what=Msg("shuffle_together(a, b)", "shuffle_together(a, b) 的返回值"))
    a2, b2 = got
    for name, got_t, given in (("a2", a2, a), ("b2", b2, b)):
        if not isinstance(got_t, torch.Tensor):
            fail(
                f"{name} should be a tensor, but it is {type(got_t).__name__}.",
                f"{name} 应当是张量，但得到的是 {type(got_t).__name__}。",
            )
        if tuple(got_t.shape) != tuple(given.shape) or got_t.dtype != given.dtype:
            fail(
                f"{name} should have the input's shape {list(given.shape)} and dtype "
                f"{str(given.dtype).removeprefix('torch.')}; it has {list(got_t.shape)}, "
                f"{str(got_t.dtype).removeprefix('torch.')}.",
                f"{name} 应与输入同形状 {list(given.shape)}、同 dtype；实际是 {list(got_t.shape)}、"
                f"{str(got_t.dtype).removeprefix('torch.')}。",
            )
    p = row_permutation(a2, a)
    if must_move and torch.equal(p, torch.arange(a.shape[0])):
        fail(
            "Nothing was shuffled: a2 has a's rows in their original order.",
            "没有打乱：a2 的行仍是 a 原来的顺序。",
        )
    if not torch.equal(b2, b[p]):
        hint = (
            tr("b2 is b unshuffled", " b2 没有打乱")
            if torch.equal(b2, b)
            else tr("b was shuffled with another permutation than a", " b 和 a 用了不同的排列")
        )
        fail(
            f"b2[i] must belong with a2[i], but {hint}: draw ONE permutation and index both "
            f"tensors with it. {LESSON}",
            f"b2[i] 必须与 a2[i] 对应，但{hint}：只生成一个排列，用它同时索引两个张量。{LESSON}",
        )
    return p


SHUFFLE_CASES = {
    # b is built so that the pairing can be checked: b[i] belongs with row i of a.
    "rows-and-labels": lambda: (randn(40, 3, seed=60), torch.arange(40) % 7),
    "images-float64": lambda: (
        randn(25, 2, 3, 3, seed=61, dtype=torch.float64),
        randn(25, 4, seed=62),
    ),
    "two-rows": lambda: (randn(2, 5, seed=63), torch.tensor([1, 0])),
}


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(
            name,
            marks=[exercise("tensor_basics.shuffle_together"), points(2)],
            id=name,
        )
        for name in SHUFFLE_CASES
    ],
)
def test_shuffle_together_keeps_pairs(student, case):
    a, b = SHUFFLE_CASES[case]()
    got = student.tensor_basics.shuffle_together(a, b, generator(64))
    # with 2 rows, keeping the order is a valid shuffle (probability 1/2)
    check_shuffled(got, a, b, must_move=a.shape[0] > 2)


@exercise("tensor_basics.shuffle_together")
@points(1)
def test_shuffle_together_single_row(student):
    a, b = randn(1, 6, seed=66), torch.tensor([3])
    check_shuffled(
        student.tensor_basics.shuffle_together(a, b, generator(67)), a, b, must_move=False
    )


@exercise("tensor_basics.shuffle_together")
@points(2)
def test_shuffle_together_follows_the_generator(student):
    a, b = randn(30, 2, seed=68), torch.arange(30)
    fn = student.tensor_basics.shuffle_together
    first = fn(a, b, generator(69))
    check_shuffled(first, a, b)
    again = fn(a, b, generator(69))
    check_shuffled(again, a, b)
    if not (torch.equal(first[0], again[0]) and torch.equal(first[1], again[1])):
        fail(
            "Two calls with generators in the same state shuffled differently: draw the "
            "permutation from the generator (torch.randperm(n, generator=generator)).",
            "两次调用时生成器的状态相同，打乱的结果却不同：请从 generator 抽取排列"
            "（torch.randperm(n, generator=generator)）。",
        )
    other = fn(a, b, generator(70))
    check_shuffled(other, a, b)
    if torch.equal(first[0], other[0]):
        fail(
            "Generators with different seeds gave the same order: the generator is not used. "
            "Pass it on: torch.randperm(n, generator=generator).",
            "种子不同的生成器给出了相同的顺序：generator 没有被用上。请把它传下去："
            "torch.randperm(n, generator=generator)。",
        )


@exercise("tensor_basics.shuffle_together")
@points(1)
def test_shuffle_together_without_generator(student):
    a, b = randn(20, 3, seed=71), torch.arange(20)
    check_shuffled(student.tensor_basics.shuffle_together(a, b), a, b)


@exercise("tensor_basics.shuffle_together")
@points(2)
def test_shuffle_together_non_contiguous_inputs_unchanged(student):
    a = non_contiguous(randn(15, 4, 3, seed=72))
    b = randn(15, 2, seed=73).T.contiguous().T  # non-contiguous too
    call = student.tensor_basics.shuffle_together.call(a, b, generator(74))
    check_shuffled(call.value, a, b)
    assert_inputs_unchanged(call, a, b, names=["a", "b"])


@exercise("tensor_basics.shuffle_together")
@points(1)
def test_shuffle_together_keeps_meta(student):
    a, b = randn(10, 3, seed=75), torch.arange(10)
    fn = student.tensor_basics.shuffle_together
    check_shuffled(fn(a, b, generator(76)), a, b)
    assert_keeps_meta(fn, a, b, generator(76))


# -- from_numpy_float32 -------------------------------------------------------------------------
def check_from_numpy(got, array):
    if isinstance(got, np.ndarray):
        fail(
            "The result is a numpy array; it should be a torch tensor (torch.from_numpy). "
            f"{LESSON}",
            f"结果是 numpy 数组，应当是 torch 张量（torch.from_numpy）。{LESSON}",
        )
    expected = torch.from_numpy(array).to(torch.float32)
    if isinstance(got, torch.Tensor) and got.dtype != torch.float32:
        fail(
            f"The result has dtype {str(got.dtype).removeprefix('torch.')}, expected float32: "
            f"torch.from_numpy and torch.tensor keep numpy's dtype (here {array.dtype}); convert with "
            ".float(). "
            f"{LESSON}",
            f"结果的 dtype 是 {str(got.dtype).removeprefix('torch.')}，应为 float32：torch.from_numpy 和 "
            f"torch.tensor 保留 numpy 的 dtype（这里是 {array.dtype}）；请用 .float() 转换。{LESSON}",
        )
    assert_tensor(
        got,
        expected,
        mistakes={
            Msg(
                f"the values went through float16 and lost precision {LESSON.en}",
                f"数值中途转成了 float16，损失了精度{LESSON.zh}",
            ): expected.half().float(),
        },
    )


NUMPY_CASES = {
    "float64": (lambda: np.random.default_rng(80).normal(size=(4, 5)), 2),
    "float16": (lambda: np.random.default_rng(81).normal(size=(3, 2, 2)).astype(np.float16), 1),
    "float32": (lambda: np.random.default_rng(82).normal(size=(6,)).astype(np.float32), 1),
    "0-dim": (lambda: np.array(2.75), 1),
    "empty": (lambda: np.zeros((0, 3)), 1),
    "large-values": (lambda: np.array([[1e6 + 0.1, -3.3e-5], [123456.789, 7.0]]), 1),
}


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(
            name,
            marks=[exercise("tensor_basics.from_numpy_float32"), points(pts)],
            id=name,
        )
        for name, (_, pts) in NUMPY_CASES.items()
    ],
)
def test_from_numpy_float32_dtypes_and_shapes(student, case):
    array = NUMPY_CASES[case][0]()
    check_from_numpy(student.tensor_basics.from_numpy_float32(array), array)


# Left out: describe (its "type" names the device: torch.cuda.FloatTensor on CUDA), uniform (no
# tensor argument: its result is on the default device) and from_numpy_float32 (numpy in, CPU out).
@pytest.mark.parametrize(
    "name, make_args",
    cuda_cases(
        "tensor_basics",
        {
            "one_hot": lambda: args(randint(0, 10, (37,), seed=80), 12),
            # random: only devices, shapes and dtypes are compared (a CUDA generator draws
            # another permutation than a CPU one with the same seed). The generator is on CUDA
            # too, so the permutation is drawn there: torch.randperm(n, device=a.device, ...)
            "shuffle_together": lambda: random_args(
                randn(25, 2, 3, 3, seed=81, dtype=torch.float64),
                torch.arange(25) % 7,
                generator(82),
            ),
        },
    ),
)
def test_same_on_cuda(student, name, make_args):
    """Device agreement: the same answer on CPU and on CUDA, returned on CUDA."""
    assert_same_on_cuda(getattr(student.tensor_basics, name), make_args())
