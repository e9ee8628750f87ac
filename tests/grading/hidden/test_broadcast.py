"""Hidden checks for topic `broadcast` (Broadcast 自动扩展): shapes of different lengths, zeros
and ones, incompatible shapes, views that share memory, the forbidden built-ins, channels that
must not line up with the width, no Python loops, inputs left alone, the meta device."""

import re

import pytest
import torch

from grader.checks import (
    args,
    assert_inputs_unchanged,
    assert_keeps_meta,
    assert_not_using,
    assert_same_on_cuda,
    assert_shares_storage,
    assert_tensor,
    cuda_cases,
    expect_raises,
    fail,
    non_contiguous,
    python_loops,
    randint,
    randn,
)
from grader.checks.compare import looks_like
from grader.checks.devices import LeftOut
from grader.checks.feedback import shown
from grader.i18n import Msg, quote
from grader.lessons import cite

exercise = pytest.mark.exercise
points = pytest.mark.points

# The device checks an exercise leaves out, and why (tests/kit/test_completeness.py).
DEVICE_CHECKS_LEFT_OUT = {
    "broadcast_shape": LeftOut(
        meta="shapes in, a tuple out: no tensor, so no device",
        cuda="shapes in, a tuple out: no tensor, so no device",
    ),
}

LESSON = cite("broadcast")
SHAPES_BUILTINS = {"broadcast_shapes", "_broadcast_shapes", "_infer_size"}
VIEW_BUILTINS = {"broadcast_to", "broadcast_tensors", "expand_as"}
# pairwise distances may be computed as |a|² + |b|² − 2ab, which loses a little to cancellation
DIST_TOL = {"rtol": 1e-5, "atol": 1e-4}


def _param(function, n, *values, id):
    return pytest.param(
        *values, marks=[exercise(f"broadcast.{function}"), points(n)], id=f"{function}-{id}"
    )


# ---------------------------------------------------------------------------------------------
# broadcast_shape


def _pad(shape, ndim, *, left=True):
    ones = (1,) * (ndim - len(shape))
    return ones + tuple(shape) if left else tuple(shape) + ones


def _rule(pairs, size):
    out = []
    for x, y in pairs:
        if x != y and x != 1 and y != 1:
            return None
        out.append(size(x, y))
    return tuple(out)


def _shape_mistakes(a, b):
    """What known wrong versions of broadcast_shape return for (a, b)."""
    n = max(len(a), len(b))
    keep = lambda x, y: y if x == 1 else x  # noqa: E731
    zipped = _rule(zip(reversed(a), reversed(b)), keep)
    return {
        Msg(
            f"zip() stopped at the shorter shape, dropping its leading dims: pad the shorter shape "
            f"with 1s in front first {LESSON.en}",
            f"zip() 在较短的形状处就停了，丢掉了较长形状前面的维度：要先在较短的形状前面补 1{LESSON.zh}",
        ): zipped and zipped[::-1],
        Msg(
            f"max(size_a, size_b) is not the rule: a 0 that meets a 1 stays 0 {LESSON.en}",
            f"规则不是 max(size_a, size_b)：0 遇到 1 仍然是 0{LESSON.zh}",
        ): _rule(zip(_pad(a, n), _pad(b, n)), max),
        Msg(
            f"the shapes were aligned on the left; broadcasting aligns them on the right, the last "
            f"dims first {LESSON.en}",
            f"形状按左侧对齐了；广播是按右侧对齐的，从最后一维开始{LESSON.zh}",
        ): _rule(zip(_pad(a, n, left=False), _pad(b, n, left=False)), keep),
    }


def _assert_shape(got, a, b):
    expected = tuple(torch.broadcast_shapes(a, b))
    what = f"broadcast_shape({shown(tuple(a))}, {shown(tuple(b))})"
    if isinstance(got, list):
        fail(
            f"{what} returned the list {shown(got)}: return a tuple (tuple(result)).",
            f"{what} 返回了列表 {shown(got)}：请返回 tuple（tuple(result)）。",
        )
    if not isinstance(got, tuple):
        fail(
            f"{what} should return a tuple of ints, but it returned {shown(got)}.",
            f"{what} 应当返回由 int 组成的 tuple，但返回了 {shown(got)}。",
        )
    if not all(isinstance(n, int) and not isinstance(n, bool) for n in got):
        fail(
            f"{what} returned {shown(got)}: every size should be a Python int.",
            f"{what} 返回了 {shown(got)}：每个维度大小都应是 Python int。",
        )
    if got == expected:
        return
    mistake = next(
        (name for name, wrong in _shape_mistakes(a, b).items() if wrong == got != expected), None
    )
    hint = looks_like(mistake) if mistake else ""
    fail(
        f"{what} returned {shown(got)}, expected {shown(expected)}. {hint}".strip(),
        f"{what} 返回了 {shown(got)}，应为 {shown(expected)}。{hint}",
        mistake=mistake,
    )


@pytest.mark.parametrize(
    "a, b",
    [
        _param("broadcast_shape", 1, (5, 1, 3), (4, 1), id="fewer_dims"),
        _param("broadcast_shape", 1, (8, 1, 6, 1), (7, 1, 5), id="four_dims"),
        _param("broadcast_shape", 1, (), (2, 3), id="scalar_first"),
        _param("broadcast_shape", 1, (3,), (), id="scalar_second"),
        _param("broadcast_shape", 1, (1,), (1, 1, 1), id="all_ones"),
        _param("broadcast_shape", 1, (0,), (1,), id="zero_meets_one"),
        _param("broadcast_shape", 1, (2, 1, 0), (7, 1), id="zero_last"),
        _param("broadcast_shape", 1, [6, 1], [1, 5], id="lists"),
    ],
)
def test_broadcast_shape_cases(student, a, b):
    _assert_shape(student.broadcast.broadcast_shape(a, b), a, b)


@pytest.mark.parametrize(
    "a, b",
    [
        _param("broadcast_shape", 1, (2, 3), (4, 3), id="same_length"),
        _param("broadcast_shape", 1, (0,), (3,), id="zero_meets_three"),
        _param("broadcast_shape", 1, (5, 2, 4), (3, 1), id="fewer_dims"),
    ],
)
def test_broadcast_shape_incompatible_raises(student, a, b):
    expect_raises(student.broadcast.broadcast_shape, a, b, exc_type="ValueError")


def _names_shape(message, shape):
    """Whether the message shows the sizes of `shape` in order, written as a tuple, a list, a
    torch.Size or with x between the sizes."""
    sizes = r"\s*[,x×]\s*".join(str(n) for n in shape)
    return re.search(rf"(?<!\d){sizes}(?!\d)", message) is not None


@exercise("broadcast.broadcast_shape")
@points(1)
def test_broadcast_shape_error_names_both_shapes(student):
    a, b = (6, 5, 1), (2, 3)
    err = expect_raises(student.broadcast.broadcast_shape, a, b, exc_type="ValueError")
    missing = [shape for shape in (a, b) if not _names_shape(err.message, shape)]
    if missing:
        fail(
            f"The ValueError should name both shapes, {a} and {b}, so that the caller sees what "
            f"did not fit; it does not show {', '.join(map(str, missing))}: {quote(err.message)}",
            f"ValueError 的信息应写出两个形状 {a} 和 {b}，调用者才知道哪里不匹配；"
            f"它没有写出 {', '.join(map(str, missing))}：{quote(err.message)}",
        )


@exercise("broadcast.broadcast_shape")
@points(2)
def test_broadcast_shape_by_hand(student):
    fn = student.broadcast.broadcast_shape
    a, b = (4, 1, 3), (2, 1)
    call = fn.call(a, b)
    assert_not_using(fn, call, SHAPES_BUILTINS, lesson=LESSON)
    _assert_shape(call.value, a, b)


# ---------------------------------------------------------------------------------------------
# broadcast_by_hand


def _view_mistakes(x, shape):
    k = len(shape) - x.dim()
    try:
        at_end = x.reshape(tuple(x.shape) + (1,) * k).expand(shape)
    except RuntimeError:
        at_end = None
    return {
        Msg(
            f"the new size-1 dims were added at the end; they go in front {LESSON.en}",
            f"新增的大小为 1 的维度加在了末尾；应当加在前面{LESSON.zh}",
        ): at_end
    }


@pytest.mark.parametrize(
    "x_shape, shape, dtype",
    [
        _param("broadcast_by_hand", 1, (3,), (2, 3), torch.float32, id="row"),
        _param("broadcast_by_hand", 1, (3,), (3, 3), torch.float32, id="square"),
        _param("broadcast_by_hand", 1, (4, 1), (2, 4, 5), torch.float32, id="column"),
        _param("broadcast_by_hand", 1, (5, 1, 3), (5, 4, 3), torch.float32, id="middle"),
        _param("broadcast_by_hand", 1, (), (2, 3), torch.float32, id="scalar"),
        _param("broadcast_by_hand", 1, (1,), (2, 0), torch.float32, id="to_empty"),
        _param("broadcast_by_hand", 1, (2, 3), (2, 3), torch.float64, id="same_shape_f64"),
        _param("broadcast_by_hand", 1, (1, 1), (3, 1, 6), torch.int64, id="ones_int64"),
    ],
)
def test_broadcast_by_hand_cases(student, x_shape, shape, dtype):
    if dtype == torch.int64:
        x = randint(-9, 10, x_shape, seed=31)
    else:
        # grader.checks.randn needs at least one size: draw one number for a 0-dim x
        x = randn(*x_shape or (1,), seed=31, dtype=dtype).reshape(x_shape)
    call = student.broadcast.broadcast_by_hand.call(x, shape)
    assert_tensor(call.value, torch.broadcast_to(x, shape), mistakes=_view_mistakes(x, shape))
    assert_shares_storage(call)


@exercise("broadcast.broadcast_by_hand")
@points(2)
def test_broadcast_by_hand_non_contiguous(student):
    x = non_contiguous(randn(2, 1, 3, 4, seed=32))
    shape = (5, 2, 6, 3, 4)
    call = student.broadcast.broadcast_by_hand.call(x, shape)
    assert_tensor(call.value, torch.broadcast_to(x, shape), mistakes=_view_mistakes(x, shape))
    assert_shares_storage(call)
    assert_inputs_unchanged(call, x, shape, names=["x", "shape"])


@exercise("broadcast.broadcast_by_hand")
@points(2)
def test_broadcast_by_hand_without_builtins(student):
    fn = student.broadcast.broadcast_by_hand
    x = randn(3, 1, seed=33)
    call = fn.call(x, (4, 3, 2))
    assert_not_using(fn, call, VIEW_BUILTINS, lesson=LESSON)
    assert_tensor(call.value, torch.broadcast_to(x, (4, 3, 2)))


# ---------------------------------------------------------------------------------------------
# add_bonus


@pytest.mark.parametrize(
    "shape, dtype",
    [
        _param("add_bonus", 1, (4, 32, 8), torch.float32, id="course"),
        _param("add_bonus", 2, (3, 3, 3), torch.float32, id="cube"),
        _param("add_bonus", 1, (5, 2, 2), torch.float32, id="students_equal_courses"),
        _param("add_bonus", 1, (3, 2, 6), torch.float64, id="float64"),
    ],
)
def test_add_bonus_per_course(student, shape, dtype):
    scores = randn(*shape, seed=41, dtype=dtype)
    bonus = randn(shape[-1], seed=42, dtype=dtype)
    mistakes = {}
    if shape[0] == shape[-1]:
        mistakes[
            Msg(
                f"the bonus was added per class (dim 0), not per course (the last dim) {LESSON.en}",
                f"加分是按班级（第 0 维）加的，而不是按课程（最后一维）{LESSON.zh}",
            )
        ] = scores + bonus[:, None, None]
    if shape[1] == shape[-1]:
        mistakes[
            Msg(
                f"the bonus was added per student (dim 1), not per course {LESSON.en}",
                f"加分是按学生（第 1 维）加的，而不是按课程{LESSON.zh}",
            )
        ] = scores + bonus[None, :, None]
    assert_tensor(student.broadcast.add_bonus(scores, bonus), scores + bonus, mistakes=mistakes)


@pytest.mark.parametrize(
    "bonus, dtype",
    [
        _param("add_bonus", 1, 5.0, torch.float32, id="python_float"),
        _param("add_bonus", 1, torch.tensor(-2.5), torch.float32, id="zero_dim_tensor"),
        _param("add_bonus", 1, 3, torch.int64, id="int_scores"),
    ],
)
def test_add_bonus_scalar(student, bonus, dtype):
    if dtype == torch.int64:
        scores = randint(0, 101, (2, 7, 4), seed=43)
    else:
        scores = randn(2, 7, 4, seed=43, dtype=dtype)
    assert_tensor(student.broadcast.add_bonus(scores, bonus), scores + bonus)


@exercise("broadcast.add_bonus")
@points(2)
def test_add_bonus_leaves_scores_unchanged(student):
    scores = randn(4, 6, 5, seed=44)
    bonus = randn(5, seed=45)
    call = student.broadcast.add_bonus.call(scores, bonus)
    assert_inputs_unchanged(call, scores, bonus, names=["scores", "bonus"])
    assert_tensor(call.value, scores + bonus)


# ---------------------------------------------------------------------------------------------
# normalize_channels


def _normalize_mistakes(x, mean, std):
    c, h, w = x.shape[1:]
    m, s = mean[:, None, None], std[:, None, None]
    mistakes = {
        Msg(
            f"x - mean / std: the division comes first; write (x - mean) / std {LESSON.en}",
            f"x - mean / std 会先算除法：请写 (x - mean) / std{LESSON.zh}",
        ): x - m / s,
        Msg(
            f"multiplied by std instead of dividing {LESSON.en}",
            f"乘了 std，而不是除以 std{LESSON.zh}",
        ): (x - m) * s,
    }
    if w == c:
        mistakes[
            Msg(
                f"mean [c] was lined up with the width: broadcasting aligns on the right, so reshape "
                f"mean and std to [c, 1, 1] {LESSON.en}",
                f"形状为 [c] 的 mean 与宽度对齐了：广播按右侧对齐，所以要把 mean 和 std 变形为 [c, 1, 1]{LESSON.zh}",
            )
        ] = (x - mean) / std
    if h == c:
        mistakes[
            Msg(
                f"mean [c, 1] was lined up with the height: reshape mean and std to [c, 1, 1] {LESSON.en}",
                f"形状为 [c, 1] 的 mean 与高度对齐了：要把 mean 和 std 变形为 [c, 1, 1]{LESSON.zh}",
            )
        ] = (x - mean[:, None]) / std[:, None]
    return mistakes


@pytest.mark.parametrize(
    "shape, dtype",
    [
        _param("normalize_channels", 2, (2, 3, 5, 7), torch.float32, id="w_not_c"),
        _param("normalize_channels", 2, (2, 4, 6, 4), torch.float32, id="w_equals_c"),
        _param("normalize_channels", 2, (3, 5, 5, 2), torch.float32, id="h_equals_c"),
        _param("normalize_channels", 1, (1, 1, 2, 3), torch.float32, id="one_channel"),
        _param("normalize_channels", 1, (2, 3, 4, 4), torch.float64, id="float64"),
    ],
)
def test_normalize_channels_shapes(student, shape, dtype):
    c = shape[1]
    x = randn(*shape, seed=51, dtype=dtype)
    mean = randn(c, seed=52, dtype=dtype)
    std = randn(c, seed=53, dtype=dtype).abs() + 0.5
    expected = (x - mean.view(1, c, 1, 1)) / std.view(1, c, 1, 1)
    assert_tensor(
        student.broadcast.normalize_channels(x, mean, std),
        expected,
        mistakes=_normalize_mistakes(x, mean, std),
    )


@exercise("broadcast.normalize_channels")
@points(2)
def test_normalize_channels_channels_last(student):
    x = randn(2, 3, 4, 5, seed=54).contiguous(memory_format=torch.channels_last)
    mean = torch.tensor([0.485, 0.456, 0.406])
    std = torch.tensor([0.229, 0.224, 0.225])
    call = student.broadcast.normalize_channels.call(x, mean, std)
    expected = (x - mean.view(1, 3, 1, 1)) / std.view(1, 3, 1, 1)
    assert_tensor(call.value, expected, mistakes=_normalize_mistakes(x, mean, std))
    assert_inputs_unchanged(call, x, mean, std, names=["x", "mean", "std"])


# ---------------------------------------------------------------------------------------------
# pairwise_sq_dist


def _sq_dist(a, b):
    diff = a.double()[:, None, :] - b.double()[None, :, :]
    return (diff * diff).sum(-1).to(a.dtype)


def _dist_mistakes(a, b):
    diff = a.double()[:, None, :] - b.double()[None, :, :]
    return {
        Msg(
            f"the square root was taken: that is the distance, not the squared distance {LESSON.en}",
            f"开了平方根：那是距离，而不是距离的平方{LESSON.zh}",
        ): _sq_dist(a, b).sqrt(),
        Msg(
            f"the differences were not squared before the sum {LESSON.en}",
            f"求和之前没有把差值平方{LESSON.zh}",
        ): diff.sum(-1).to(a.dtype),
        Msg(
            f"|a - b| summed (L1 distance) instead of squared differences {LESSON.en}",
            f"求和的是 |a - b|（L1 距离），而不是差值的平方{LESSON.zh}",
        ): diff.abs().sum(-1).to(a.dtype),
        Msg(
            f"the result is transposed: row i is a's row i, column j is b's row j, so it is [n, m] "
            f"{LESSON.en}",
            f"结果被转置了：第 i 行对应 a 的第 i 行，第 j 列对应 b 的第 j 行，所以形状是 [n, m]{LESSON.zh}",
        ): _sq_dist(b, a),
    }


@pytest.mark.parametrize(
    ("n", "m", "d", "dtype"),
    [
        _param("pairwise_sq_dist", 2, 7, 5, 3, torch.float32, id="rect"),
        _param("pairwise_sq_dist", 2, 4, 4, 2, torch.float32, id="square"),
        _param("pairwise_sq_dist", 1, 1, 6, 4, torch.float32, id="one_row"),
        _param("pairwise_sq_dist", 1, 5, 1, 1, torch.float32, id="one_feature"),
        _param("pairwise_sq_dist", 1, 6, 3, 5, torch.float64, id="float64"),
    ],
)
def test_pairwise_sq_dist_shapes(student, n, m, d, dtype):
    a = randn(n, d, seed=61, dtype=dtype)
    b = randn(m, d, seed=62, dtype=dtype)
    tol = DIST_TOL if dtype == torch.float32 else {}
    assert_tensor(
        student.broadcast.pairwise_sq_dist(a, b),
        _sq_dist(a, b),
        mistakes=_dist_mistakes(a, b),
        **tol,
    )


@exercise("broadcast.pairwise_sq_dist")
@points(2)
def test_pairwise_sq_dist_zero_distances(student):
    a = randn(5, 3, seed=63)
    b = torch.cat([a[[3, 0]], randn(2, 3, seed=64)])  # b's first two rows are rows of a
    assert_tensor(
        student.broadcast.pairwise_sq_dist(a, b),
        _sq_dist(a, b),
        mistakes=_dist_mistakes(a, b),
        **DIST_TOL,
    )


@exercise("broadcast.pairwise_sq_dist")
@points(2)
def test_pairwise_sq_dist_no_python_loops(student):
    fn = student.broadcast.pairwise_sq_dist
    a, b = randn(6, 4, seed=65), randn(3, 4, seed=66)
    assert_tensor(fn(a, b), _sq_dist(a, b), **DIST_TOL)
    loops = python_loops(fn)
    if loops:
        fail(
            f"pairwise_sq_dist should have no Python loops, but it uses {', '.join(loops)}. Let "
            f"broadcasting pair the rows: a[:, None, :] - b[None, :, :] is [n, m, d]. {LESSON.en}",
            f"pairwise_sq_dist 不应使用 Python 循环，但用了 {', '.join(loops)}。"
            f"让广播来配对各行：a[:, None, :] - b[None, :, :] 的形状是 [n, m, d]。{LESSON.zh}",
        )


# ---------------------------------------------------------------------------------------------
# Every tensor function: non-contiguous input, inputs unchanged, and the meta device.


def _normalize_case():
    x = randn(2, 3, 4, 5, seed=71)
    mean, std = randn(3, seed=72), randn(3, seed=73).abs() + 0.5
    return (x, mean, std), (x - mean.view(1, 3, 1, 1)) / std.view(1, 3, 1, 1)


CASES = {
    "broadcast_by_hand": lambda: (
        (randn(3, 1, 4, seed=74), (2, 3, 5, 4)),
        torch.broadcast_to(randn(3, 1, 4, seed=74), (2, 3, 5, 4)),
    ),
    "add_bonus": lambda: (
        (randn(3, 4, 5, seed=75), randn(5, seed=76)),
        randn(3, 4, 5, seed=75) + randn(5, seed=76),
    ),
    "normalize_channels": _normalize_case,
    "pairwise_sq_dist": lambda: (
        (randn(4, 3, seed=77), randn(5, 3, seed=78)),
        _sq_dist(randn(4, 3, seed=77), randn(5, 3, seed=78)),
    ),
}
TOLERANCES = {"pairwise_sq_dist": DIST_TOL}
NAMES = {
    "broadcast_by_hand": ["x", "shape"],
    "add_bonus": ["scores", "bonus"],
    "normalize_channels": ["x", "mean", "std"],
    "pairwise_sq_dist": ["a", "b"],
}


def _cases():
    return [
        pytest.param(name, marks=[exercise(f"broadcast.{name}"), points(1)], id=name)
        for name in CASES
    ]


@pytest.mark.parametrize("name", _cases())
def test_non_contiguous_input_left_unchanged(student, name):
    args, expected = CASES[name]()
    args = tuple(non_contiguous(a) if isinstance(a, torch.Tensor) else a for a in args)
    call = getattr(student.broadcast, name).call(*args)
    assert_tensor(call.value, expected, **TOLERANCES.get(name, {}))
    assert_inputs_unchanged(call, *args, names=NAMES[name])


@pytest.mark.parametrize("name", _cases())
def test_meta_device_kept(student, name):
    args, expected = CASES[name]()
    fn = getattr(student.broadcast, name)
    assert_tensor(fn(*args), expected, **TOLERANCES.get(name, {}))
    assert_keeps_meta(fn, *args)


# broadcast_shape works on shapes (tuples of ints), not tensors: no device to agree on.
@pytest.mark.parametrize(
    "name, make_args",
    cuda_cases(
        "broadcast",
        {
            "broadcast_by_hand": lambda: args(randn(3, 1, 4, seed=80), (2, 3, 5, 4)),
            "add_bonus": lambda: args(randn(4, 32, 8, seed=81), randn(8, seed=82)),
            "normalize_channels": lambda: args(
                randn(2, 3, 4, 5, seed=83), randn(3, seed=84), randn(3, seed=85).abs() + 0.5
            ),
            "pairwise_sq_dist": lambda: args(randn(6, 3, seed=86), randn(5, 3, seed=87)),
        },
    ),
)
def test_same_on_cuda(student, name, make_args):
    """Device agreement: the same answer on CPU and on CUDA, returned on CUDA."""
    assert_same_on_cuda(getattr(student.broadcast, name), make_args())
