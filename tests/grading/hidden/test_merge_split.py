"""Hidden checks for topic `merge_split` (合并与分割): unequal and size-1 parts, cat vs stack, the
order of the parts, negative dims, torch.chunk's fewer-than-n pieces, float64, non-contiguous
inputs, inputs left alone, the meta device."""

import pytest
import torch

from grader.checks import (
    args,
    assert_inputs_unchanged,
    assert_keeps_meta,
    assert_same_on_cuda,
    assert_tensor,
    cuda_cases,
    fail,
    non_contiguous,
    randn,
    tensors_match,
)
from grader.checks.compare import looks_like
from grader.i18n import Msg
from grader.lessons import cite

exercise = pytest.mark.exercise
points = pytest.mark.points

LESSON = cite("merge_split")
CUT_ALONG_DIM_0 = Msg(
    f"cut along dim 0 whatever dim is given {LESSON.en}",
    f"不管给的 dim 是多少，都沿第 0 维切分了{LESSON.zh}",
)


def maybe(make):
    """The tensor(s) a mistake would give, or None where that mistake cannot even run."""
    try:
        return make()
    except (RuntimeError, IndexError, ValueError):
        return None


def case(name, *values, function, pts=1):
    return pytest.param(*values, marks=[exercise(f"merge_split.{function}"), points(pts)], id=name)


# -- merging: the oracle and the mistakes each function is checked against ----------------------
def merge_classes_mistakes(a, b):
    return {
        Msg(
            f"b's classes came first: keep the order cat([a, b]) {LESSON.en}",
            f"b 的班级排在了前面：要保持 cat([a, b]) 的顺序{LESSON.zh}",
        ): torch.cat([b, a]),
        Msg(
            f"torch.stack adds a new dim; torch.cat joins along the existing class dim {LESSON.en}",
            f"torch.stack 会新增一个维度；torch.cat 沿已有的班级维拼接{LESSON.zh}",
        ): maybe(lambda: torch.stack([a, b])),
        Msg(
            f"joined along dim 1 (students) instead of dim 0 (classes) {LESSON.en}",
            f"沿第 1 维（学生）拼接了，而应沿第 0 维（班级）{LESSON.zh}",
        ): maybe(lambda: torch.cat([a, b], dim=1)),
        Msg(
            f"joined along the last dim (courses) instead of dim 0 (classes) {LESSON.en}",
            f"沿最后一维（课程）拼接了，而应沿第 0 维（班级）{LESSON.zh}",
        ): maybe(lambda: torch.cat([a, b], dim=-1)),
    }


def add_alpha_mistakes(rgb, alpha):
    return {
        Msg(
            f"alpha came first: it goes after R, G, B, torch.cat([rgb, alpha], dim=1) {LESSON.en}",
            f"alpha 排在了前面：它应在 R、G、B 之后，torch.cat([rgb, alpha], dim=1){LESSON.zh}",
        ): torch.cat([alpha, rgb], dim=1),
        Msg(
            f"joined along the last dim (width) instead of the channel dim 1 {LESSON.en}",
            f"沿最后一维（宽度）拼接了，而应沿通道维（第 1 维）{LESSON.zh}",
        ): maybe(lambda: torch.cat([rgb, alpha], dim=-1)),
    }


def join_halves_mistakes(top, bottom):
    return {
        Msg(
            f"bottom came first: keep the order cat([top, bottom], dim=2) {LESSON.en}",
            f"bottom 排在了前面：要保持 cat([top, bottom], dim=2) 的顺序{LESSON.zh}",
        ): torch.cat([bottom, top], dim=2),
        Msg(
            f"joined along the width (dim 3, side by side) instead of the height (dim 2) "
            f"{LESSON.en}",
            f"沿宽度（第 3 维，左右并排）拼接了，而应沿高度（第 2 维）{LESSON.zh}",
        ): maybe(lambda: torch.cat([top, bottom], dim=3)),
        Msg(
            f"joined along the channels (dim 1) instead of the height (dim 2) {LESSON.en}",
            f"沿通道（第 1 维）拼接了，而应沿高度（第 2 维）{LESSON.zh}",
        ): maybe(lambda: torch.cat([top, bottom], dim=1)),
        Msg(
            f"torch.stack adds a new dim; torch.cat joins along the existing height dim "
            f"{LESSON.en}",
            f"torch.stack 会新增一个维度；torch.cat 沿已有的高度维拼接{LESSON.zh}",
        ): maybe(lambda: torch.stack([top, bottom], dim=2)),
    }


def stack_classes_mistakes(a, b):
    return {
        Msg(
            f"torch.cat joins along an existing dim ([2s, k]); torch.stack creates the new "
            f"class dim {LESSON.en}",
            f"torch.cat 沿已有的维度拼接（得到 [2s, k]）；torch.stack 才会新建班级这一维{LESSON.zh}",
        ): torch.cat([a, b]),
        Msg(
            f"stacked on dim 1: the new class dim goes first, torch.stack([a, b], dim=0) "
            f"{LESSON.en}",
            f"在第 1 维上堆叠了：新的班级维应放在最前面，torch.stack([a, b], dim=0){LESSON.zh}",
        ): torch.stack([a, b], dim=1),
        Msg(
            f"stacked on the last dim: the new class dim goes first {LESSON.en}",
            f"在最后一维上堆叠了：新的班级维应放在最前面{LESSON.zh}",
        ): torch.stack([a, b], dim=-1),
        Msg(
            f"b came first: result[0] is a {LESSON.en}",
            f"b 排在了前面：result[0] 应是 a{LESSON.zh}",
        ): torch.stack([b, a]),
    }


MERGE = {
    "merge_classes": (lambda a, b: torch.cat([a, b], dim=0), merge_classes_mistakes),
    "add_alpha": (lambda rgb, alpha: torch.cat([rgb, alpha], dim=1), add_alpha_mistakes),
    "join_halves": (lambda top, bottom: torch.cat([top, bottom], dim=2), join_halves_mistakes),
    "stack_classes": (lambda a, b: torch.stack([a, b], dim=0), stack_classes_mistakes),
}


def check_merge(name, got, a, b):
    oracle, mistakes = MERGE[name]
    assert_tensor(got, oracle(a, b), mistakes=mistakes(a, b))


# -- cat along an existing dim ------------------------------------------------------------------
@pytest.mark.parametrize(
    "c1, c2",
    [
        case("unequal", 2, 5, function="merge_classes", pts=2),
        case("equal", 3, 3, function="merge_classes"),
        case("one-class-each", 1, 1, function="merge_classes"),
    ],
)
def test_merge_classes_sizes(student, c1, c2):
    a, b = randn(c1, 7, 4, seed=11), randn(c2, 7, 4, seed=12)
    check_merge("merge_classes", student.merge_split.merge_classes(a, b), a, b)


@pytest.mark.parametrize(
    "b, h, w",
    [
        case("batch", 3, 5, 7, function="add_alpha", pts=2),
        case("one-pixel", 1, 1, 1, function="add_alpha"),
        case("square", 4, 2, 2, function="add_alpha"),
    ],
)
def test_add_alpha_shapes(student, b, h, w):
    rgb, alpha = randn(b, 3, h, w, seed=13), randn(b, 1, h, w, seed=14)
    check_merge("add_alpha", student.merge_split.add_alpha(rgb, alpha), rgb, alpha)


@pytest.mark.parametrize(
    "h1, h2",
    [
        case("unequal", 3, 5, function="join_halves", pts=2),
        case("equal", 4, 4, function="join_halves", pts=2),
        case("one_row_on_top", 1, 6, function="join_halves"),
    ],
)
def test_join_halves_heights(student, h1, h2):
    top, bottom = randn(2, 3, h1, 4, seed=15), randn(2, 3, h2, 4, seed=16)
    check_merge("join_halves", student.merge_split.join_halves(top, bottom), top, bottom)


# -- stack along a new dim ----------------------------------------------------------------------
@pytest.mark.parametrize(
    "s, k",
    [
        case("rectangular", 4, 3, function="stack_classes", pts=2),
        case("one_student_one_course", 1, 1, function="stack_classes"),
        case("square", 5, 5, function="stack_classes"),
    ],
)
def test_stack_classes_shapes(student, s, k):
    a, b = randn(s, k, seed=17), randn(s, k, seed=18)
    check_merge("stack_classes", student.merge_split.stack_classes(a, b), a, b)


# -- float64 stays float64 ----------------------------------------------------------------------
FLOAT64_SHAPES = {
    "merge_classes": ((2, 3, 4), (3, 3, 4)),
    "add_alpha": ((2, 3, 3, 5), (2, 1, 3, 5)),
    "join_halves": ((1, 2, 3, 4), (1, 2, 2, 4)),
    "stack_classes": ((3, 4), (3, 4)),
}


@pytest.mark.parametrize("name", [case(name, name, function=name) for name in FLOAT64_SHAPES])
def test_merge_keeps_float64(student, name):
    shape_a, shape_b = FLOAT64_SHAPES[name]
    a = randn(*shape_a, seed=19, dtype=torch.float64)
    b = randn(*shape_b, seed=20, dtype=torch.float64)
    check_merge(name, getattr(student.merge_split, name)(a, b), a, b)


# -- split --------------------------------------------------------------------------------------
def _same_pieces(got, candidate):
    return (
        isinstance(got, (tuple, list))
        and candidate is not None
        and len(got) == len(candidate)
        and all(tensors_match(g, c) for g, c in zip(got, candidate))
    )


def _size_along(t, dim):
    try:
        return int(t.shape[dim])
    except (AttributeError, IndexError):
        return "?"


def check_pieces(got, expected, dim, *, mistakes=None):
    """`got` must be a tuple (or list) of tensors equal to `expected`, piece by piece."""
    if not _same_pieces(got, expected):
        for name, candidate in (mistakes or {}).items():
            if _same_pieces(got, candidate):
                fail(
                    f"The pieces are wrong. {looks_like(name)}",
                    f"切分结果不对。{looks_like(name)}",
                )
    if isinstance(got, torch.Tensor):
        fail(
            "The result should be a tuple of tensors, one per piece, but it is one tensor. "
            f"torch.split and torch.chunk return such a tuple. {LESSON}",
            "结果应当是由张量组成的 tuple（每块一个），但得到的是一个张量。"
            f"torch.split 和 torch.chunk 返回的就是这样的 tuple。{LESSON}",
        )
    if not isinstance(got, (tuple, list)):
        fail(
            f"The result should be a tuple of tensors, but it is {type(got).__name__}.",
            f"结果应当是由张量组成的 tuple，但得到的是 {type(got).__name__}。",
        )
    if len(got) != len(expected):
        want = [_size_along(e, dim) for e in expected]
        sizes = [_size_along(g, dim) for g in got]
        fail(
            f"Expected {len(expected)} pieces of sizes {want} along dim {dim}, got {len(got)} "
            f"pieces of sizes {sizes}.",
            f"应当沿第 {dim} 维得到 {len(expected)} 块，大小为 {want}；实际得到 {len(got)} 块，大小为 {sizes}。",
        )
    for i, (g, e) in enumerate(zip(got, expected)):
        assert_tensor(g, e, what=Msg(f"piece {i}", f"第 {i} 块"))


SPLIT_SIZES = [
    case("rows", (6, 4, 3), [1, 4, 1], 0, function="split_by_sizes", pts=2),
    case("dim-1", (2, 7, 3), [4, 3], 1, function="split_by_sizes", pts=2),
    case("last-dim-negative", (3, 5), [1, 4], -1, function="split_by_sizes", pts=2),
    case("dim-minus-2", (2, 6, 3), [2, 2, 2], -2, function="split_by_sizes"),
    case("one-piece", (4, 3), [3], -1, function="split_by_sizes"),
]


def check_split_by_sizes(got, x, sizes, dim):
    check_pieces(
        got,
        torch.split(x, sizes, dim=dim),
        dim,
        mistakes={
            CUT_ALONG_DIM_0: maybe(lambda: torch.split(x, sizes)),
            Msg(
                f"torch.tensor_split takes the indices to cut at, not the sizes of the pieces "
                f"{LESSON.en}",
                f"torch.tensor_split 接收的是切分位置的索引，而不是每块的大小{LESSON.zh}",
            ): maybe(lambda: torch.tensor_split(x, sizes, dim=dim)),
        },
    )


@pytest.mark.parametrize("shape, sizes, dim", SPLIT_SIZES)
def test_split_by_sizes_pieces(student, shape, sizes, dim):
    x = randn(*shape, seed=21)
    check_split_by_sizes(student.merge_split.split_by_sizes(x, sizes, dim), x, sizes, dim)


SPLIT_INTO = [
    case("even", (6, 3), 3, 0, function="split_into", pts=2),
    case("five_rows_four_chunks", (5, 3), 4, 0, function="split_into", pts=3),
    case("six_into_four_last_dim", (2, 6), 4, -1, function="split_into", pts=2),
    case("seven-into-three", (2, 3, 7), 3, -1, function="split_into", pts=2),
    case("more_chunks_than_rows", (3, 2), 5, 0, function="split_into"),
    case("one-chunk", (4, 5), 1, 1, function="split_into"),
    case("uneven-dim-1", (2, 9, 2), 2, 1, function="split_into"),
]


def check_split_into(got, x, n, dim):
    length = x.shape[dim]
    check_pieces(
        got,
        torch.chunk(x, n, dim=dim),
        dim,
        mistakes={
            Msg(
                f"torch.tensor_split always gives n pieces; torch.chunk gives pieces of "
                f"ceil(L/n), possibly fewer than n {LESSON.en}",
                f"torch.tensor_split 总是给出 n 块；torch.chunk 每块大小为 ceil(L/n)，块数可能"
                f"少于 n{LESSON.zh}",
            ): torch.tensor_split(x, n, dim=dim),
            Msg(
                f"torch.split(x, n) cuts pieces of SIZE n; chunk asks for n PIECES {LESSON.en}",
                f"torch.split(x, n) 切出的每块大小为 n；chunk 要求的是分成 n 块{LESSON.zh}",
            ): torch.split(x, n, dim=dim),
            CUT_ALONG_DIM_0: maybe(lambda: torch.chunk(x, n)),
            Msg(
                f"pieces of L // n (rounded down); torch.chunk uses ceil(L / n) {LESSON.en}",
                f"每块大小取了 L // n（向下取整）；torch.chunk 用的是 ceil(L / n){LESSON.zh}",
            ): maybe(lambda: torch.split(x, max(length // n, 1), dim=dim)),
        },
    )


@pytest.mark.parametrize("shape, n, dim", SPLIT_INTO)
def test_split_into_chunks(student, shape, n, dim):
    x = randn(*shape, seed=22)
    check_split_into(student.merge_split.split_into(x, n, dim), x, n, dim)


# -- every function: non-contiguous inputs left unchanged, and the meta device --------------------
CASES = {
    "merge_classes": lambda: (
        non_contiguous(randn(2, 4, 3, seed=30)),
        non_contiguous(randn(3, 4, 3, seed=31)),
    ),
    "add_alpha": lambda: (
        non_contiguous(randn(2, 3, 4, 5, seed=32)),
        non_contiguous(randn(2, 1, 4, 5, seed=33)),
    ),
    "join_halves": lambda: (
        non_contiguous(randn(2, 2, 3, 5, seed=34)),
        non_contiguous(randn(2, 2, 4, 5, seed=35)),
    ),
    "stack_classes": lambda: (
        non_contiguous(randn(4, 3, seed=36)),
        non_contiguous(randn(4, 3, seed=37)),
    ),
    "split_by_sizes": lambda: (non_contiguous(randn(3, 7, 4, seed=38)), [2, 5], 1),
    "split_into": lambda: (non_contiguous(randn(2, 5, 6, seed=39)), 4, -2),
}
NAMES = {
    "merge_classes": ["a", "b"],
    "add_alpha": ["rgb", "alpha"],
    "join_halves": ["top", "bottom"],
    "stack_classes": ["a", "b"],
    "split_by_sizes": ["x"],
    "split_into": ["x"],
}


def check_result(name, got, args):
    if name == "split_by_sizes":
        check_split_by_sizes(got, *args)
    elif name == "split_into":
        check_split_into(got, *args)
    else:
        check_merge(name, got, *args)


@pytest.mark.parametrize("name", [case(name, name, function=name) for name in CASES])
def test_non_contiguous_inputs_left_unchanged(student, name):
    args = CASES[name]()
    call = getattr(student.merge_split, name).call(*args)
    check_result(name, call.value, args)
    assert_inputs_unchanged(call, *args, names=NAMES[name])


@pytest.mark.parametrize("name", [case(name, name, function=name) for name in CASES])
def test_meta_device_kept(student, name):
    args = tuple(a.contiguous() if isinstance(a, torch.Tensor) else a for a in CASES[name]())
    fn = getattr(student.merge_split, name)
    check_result(name, fn(*args), args)
    assert_keeps_meta(fn, *args)


@pytest.mark.parametrize(
    "name, make_args",
    cuda_cases(
        "merge_split",
        {
            "merge_classes": lambda: args(randn(2, 4, 3, seed=50), randn(3, 4, 3, seed=51)),
            "add_alpha": lambda: args(randn(2, 3, 4, 5, seed=52), randn(2, 1, 4, 5, seed=53)),
            "join_halves": lambda: args(randn(2, 2, 3, 5, seed=54), randn(2, 2, 4, 5, seed=55)),
            "stack_classes": lambda: args(randn(4, 3, seed=56), randn(4, 3, seed=57)),
            "split_by_sizes": lambda: args(randn(3, 7, 4, seed=58), [2, 5], 1),
            "split_into": lambda: args(randn(2, 5, 6, seed=59), 4, -2),
        },
    ),
)
def test_same_on_cuda(student, name, make_args):
    """Device agreement: the same answer on CPU and on CUDA, returned on CUDA."""
    assert_same_on_cuda(getattr(student.merge_split, name), make_args())
