"""Hidden checks for topic `where_gather` (高阶操作 where / gather): ±inf and ints for ReLU,
gather along every dim (negative too) with an index smaller than the input, the forbidden
built-ins, the course's topk example, [b, b] instead of [b], batches of one, inputs left alone,
the meta device."""

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
    non_contiguous,
    randint,
    randn,
)
from grader.i18n import Msg
from grader.lessons import cite

exercise = pytest.mark.exercise
points = pytest.mark.points

LESSON = cite("where_gather")
GATHER_BUILTINS = {"gather", "take_along_dim"}


def _param(function, n, *values, id):
    return pytest.param(
        *values, marks=[exercise(f"where_gather.{function}"), points(n)], id=f"{function}-{id}"
    )


# ---------------------------------------------------------------------------------------------
# relu_where


def _relu_mistakes(x):
    zero = torch.zeros_like(x)
    return {
        Msg(
            f"the two branches of torch.where were swapped: where(cond, x, 0) keeps x where cond "
            f"is True {LESSON.en}",
            f"torch.where 的两个分支写反了：where(cond, x, 0) 在 cond 为 True 的位置保留 x"
            f"{LESSON.zh}",
        ): torch.where(x > 0, zero, x),
        Msg(
            f"the condition is the wrong way round: ReLU keeps x where x > 0 {LESSON.en}",
            f"条件写反了：ReLU 在 x > 0 的位置保留 x{LESSON.zh}",
        ): torch.where(x < 0, x, zero),
        Msg(
            f"x * (x > 0) turns -inf into nan (0 · -inf); torch.where picks values without "
            f"multiplying {LESSON.en}",
            f"x * (x > 0) 会把 -inf 变成 nan（0 · -inf）；torch.where 直接挑选数值，不做乘法"
            f"{LESSON.zh}",
        ): x * (x > 0),
    }


@exercise("where_gather.relu_where")
@points(2)
def test_relu_where_special_values(student):
    inf = float("inf")
    x = torch.tensor([[-inf, -3.5, -1e-30, -0.0], [0.0, 1e-30, 2.0, inf]])
    assert_tensor(student.where_gather.relu_where(x), torch.relu(x), mistakes=_relu_mistakes(x))


@pytest.mark.parametrize(
    "dtype",
    [
        _param("relu_where", 1, torch.float32, id="float32"),
        _param("relu_where", 1, torch.float64, id="float64"),
        _param("relu_where", 1, torch.int64, id="int64"),
    ],
)
def test_relu_where_dtypes(student, dtype):
    if dtype == torch.int64:
        x = randint(-5, 6, (4, 6), seed=11)
    else:
        x = randn(3, 4, 5, seed=12, dtype=dtype)
    assert_tensor(student.where_gather.relu_where(x), torch.relu(x), mistakes=_relu_mistakes(x))


# ---------------------------------------------------------------------------------------------
# gather_by_hand


def _gather_index(input_shape, dim, index_shape, seed):
    high = input_shape[dim]
    return randint(0, high, index_shape, seed=seed)


def _gather_mistakes(input, dim, index):
    n = input.dim()
    mistakes = {}
    if all(i <= s for i, s in zip(index.shape, input.shape)):
        ignored = Msg(
            f"index was used along no dim: every dim got an arange, so input was only sliced to "
            f"index's shape. Was a negative dim compared with 0, 1, ...? Normalise it first: "
            f"dim % input.dim() {LESSON.en}",
            f"index 没有用在任何一维上：每一维用的都是 arange，于是 input 只是被切成了 index 的"
            f"形状。是不是拿负数的 dim 去和 0、1、… 比较了？请先把它化成非负数：dim % input.dim()"
            f"{LESSON.zh}",
        )
        mistakes[ignored] = input[tuple(slice(0, size) for size in index.shape)]
    other = (dim % n + 1) % n
    if other != dim % n:
        try:
            wrong_dim = Msg(
                f"looked up along dim {other} instead of dim {dim % n} {LESSON.en}",
                f"沿第 {other} 维查找了，而应沿第 {dim % n} 维{LESSON.zh}",
            )
            mistakes[wrong_dim] = torch.gather(input, other, index)
        except RuntimeError:  # the index does not fit that dim: no such mistake to name
            pass
    return mistakes


@pytest.mark.parametrize(
    "dim",
    [
        _param("gather_by_hand", 1, 0, id="dim0"),
        _param("gather_by_hand", 1, 1, id="dim1"),
        _param("gather_by_hand", 1, 2, id="dim2"),
        _param("gather_by_hand", 1, -1, id="dim-1"),
        _param("gather_by_hand", 1, -2, id="dim-2"),
        _param("gather_by_hand", 1, -3, id="dim-3"),
    ],
)
def test_gather_by_hand_every_dim(student, dim):
    input = randn(4, 5, 6, seed=21)
    index_shape = [3, 4, 5]  # smaller than input in the dims other than `dim`
    # along `dim`: longer than input (values repeat) for dims counted from the front, shorter for
    # negative dims (so that ignoring a negative dim gives values to compare, not an error)
    index_shape[dim] = 7 if dim >= 0 else 2
    index = _gather_index(input.shape, dim, index_shape, seed=22 + dim)
    assert_tensor(
        student.where_gather.gather_by_hand(input, dim, index),
        torch.gather(input, dim, index),
        mistakes=_gather_mistakes(input, dim, index),
    )


@pytest.mark.parametrize(
    "input_shape, dim, index_shape, dtype",
    [
        _param("gather_by_hand", 1, (6,), 0, (9,), torch.float32, id="1d"),
        _param("gather_by_hand", 1, (2, 3, 4, 5), 2, (2, 2, 6, 3), torch.float32, id="4d"),
        _param("gather_by_hand", 1, (3, 4), 1, (3, 4), torch.float64, id="float64"),
        _param("gather_by_hand", 1, (5, 2), 0, (3, 1), torch.int64, id="int64"),
        _param("gather_by_hand", 1, (3, 4), -1, (3, 0), torch.float32, id="empty_index"),
    ],
)
def test_gather_by_hand_shapes_and_dtypes(student, input_shape, dim, index_shape, dtype):
    if dtype == torch.int64:
        input = randint(-100, 100, input_shape, seed=31)
    else:
        input = randn(*input_shape, seed=31, dtype=dtype)
    index = _gather_index(input_shape, dim, index_shape, seed=32)
    assert_tensor(
        student.where_gather.gather_by_hand(input, dim, index),
        torch.gather(input, dim, index),
        mistakes=_gather_mistakes(input, dim, index),
    )


@exercise("where_gather.gather_by_hand")
@points(2)
def test_gather_by_hand_without_builtins(student):
    fn = student.where_gather.gather_by_hand
    input = randn(3, 5, seed=33)
    index = randint(0, 3, (2, 4), seed=34)
    call = fn.call(input, 0, index)
    assert_not_using(fn, call, GATHER_BUILTINS, lesson=LESSON)
    assert_tensor(call.value, torch.gather(input, 0, index))


# ---------------------------------------------------------------------------------------------
# map_indices_to_labels


def _label_mistakes(indices, labels):
    b, n = indices.shape[0], labels.shape[0]
    wide = labels.expand(b, n)
    mistakes = {
        Msg(
            f"these are the indices themselves; look their labels up {LESSON.en}",
            f"这是索引本身；要查出它们对应的标签{LESSON.zh}",
        ): indices,
        Msg(
            f"only the first column (top-1) was looked up {LESSON.en}",
            f"只查了第一列（top-1）{LESSON.zh}",
        ): labels[indices[:, 0]],
        Msg(
            f"the indices were flattened; keep their [b, k] shape {LESSON.en}",
            f"索引被展平了；要保持它们 [b, k] 的形状{LESSON.zh}",
        ): labels[indices.reshape(-1)],
    }
    if indices.max() < b:
        along_0 = Msg(
            f"gathered along dim 0 of the expanded labels; the classes lie along dim 1 {LESSON.en}",
            f"沿扩展后的标签的第 0 维做了 gather；类别在第 1 维上{LESSON.zh}",
        )
        mistakes[along_0] = torch.gather(wide, 0, indices)
    return mistakes


@exercise("where_gather.map_indices_to_labels")
@points(2)
def test_map_indices_to_labels_course_example(student):
    prob = randn(4, 10, seed=41)
    indices = prob.topk(dim=1, k=3)[1]
    labels = torch.arange(10) + 100
    assert_tensor(
        student.where_gather.map_indices_to_labels(indices, labels),
        torch.gather(labels.expand(4, 10), 1, indices),
        mistakes=_label_mistakes(indices, labels),
    )


@pytest.mark.parametrize(
    ("b", "k", "n", "dtype"),
    [
        _param("map_indices_to_labels", 1, 1, 1, 5, torch.int64, id="one_by_one"),
        _param("map_indices_to_labels", 1, 6, 4, 7, torch.float64, id="float_labels"),
        _param("map_indices_to_labels", 1, 3, 5, 5, torch.int64, id="k_equals_n"),
    ],
)
def test_map_indices_to_labels_shapes(student, b, k, n, dtype):
    indices = randint(0, n, (b, k), seed=42 + k)
    if dtype == torch.int64:
        labels = randint(0, 1000, (n,), seed=43)
    else:
        labels = randn(n, seed=43, dtype=dtype)
    assert_tensor(
        student.where_gather.map_indices_to_labels(indices, labels),
        labels[indices],
        mistakes=_label_mistakes(indices, labels),
    )


# ---------------------------------------------------------------------------------------------
# pick_target_scores


def _maybe(make):
    """The tensor a mistake gives, or None where that mistake cannot even run on these inputs."""
    try:
        return make()
    except (IndexError, RuntimeError):
        return None


def _pick_mistakes(scores, targets):
    rows = torch.arange(scores.shape[0])
    picked = scores[rows, targets]
    return {
        Msg(
            f"scores[:, targets] takes every target column for every row, [b, b]; pair each row "
            f"with its own target: scores[torch.arange(b), targets] {LESSON.en}",
            f"scores[:, targets] 给每一行都取了所有的目标列，得到 [b, b]；要让每一行配上它自己的"
            f"目标：scores[torch.arange(b), targets]{LESSON.zh}",
        ): scores[:, targets],
        Msg(
            f"scores[targets] picks whole rows; the targets index the columns (dim 1) {LESSON.en}",
            f"scores[targets] 取的是整行；targets 索引的是列（第 1 维）{LESSON.zh}",
        ): _maybe(lambda: scores[targets]),
        Msg(
            f"row and column swapped: scores[targets[i], i] {LESSON.en}",
            f"行和列颠倒了：scores[targets[i], i]{LESSON.zh}",
        ): _maybe(lambda: scores[targets, rows]),
        Msg(
            f"the gathered [b, 1] column still has its dim of size 1: squeeze(1) it {LESSON.en}",
            f"gather 得到的 [b, 1] 列还带着大小为 1 的那一维：要对它 squeeze(1){LESSON.zh}",
        ): picked[:, None],
        Msg(
            f"squeeze() with no dim also dropped the batch dim of size 1: use squeeze(1) "
            f"{LESSON.en}",
            f"不带 dim 的 squeeze() 把大小为 1 的批维度也去掉了：请用 squeeze(1){LESSON.zh}",
        ): picked.squeeze(),
        Msg(
            f"the row's largest score, not the target's {LESSON.en}",
            f"取的是这一行最大的分数，而不是目标类别的分数{LESSON.zh}",
        ): scores.max(dim=1).values,
    }


@pytest.mark.parametrize(
    "b, n, dtype",
    [
        _param("pick_target_scores", 2, 5, 7, torch.float32, id="more_classes"),
        _param("pick_target_scores", 2, 6, 3, torch.float32, id="more_rows"),
        _param("pick_target_scores", 2, 4, 4, torch.float32, id="square"),
        _param("pick_target_scores", 2, 1, 5, torch.float32, id="one_row"),
        _param("pick_target_scores", 1, 3, 6, torch.float64, id="float64"),
    ],
)
def test_pick_target_scores_shapes(student, b, n, dtype):
    scores = randn(b, n, seed=51 + b, dtype=dtype)
    targets = randint(0, n, (b,), seed=52 + n)
    expected = scores[torch.arange(b), targets]
    assert_tensor(
        student.where_gather.pick_target_scores(scores, targets),
        expected,
        mistakes=_pick_mistakes(scores, targets),
    )


# ---------------------------------------------------------------------------------------------
# Every function: non-contiguous inputs, inputs unchanged, and the meta device.


def _relu_case():
    x = randn(3, 4, 5, seed=61)
    return (x,), torch.relu(x)


def _gather_case():
    input = randn(4, 5, 3, seed=62)
    index = randint(0, 5, (3, 6, 2), seed=63)
    return (input, 1, index), torch.gather(input, 1, index)


def _labels_case():
    indices = randint(0, 8, (5, 3), seed=64)
    labels = randint(0, 100, (8,), seed=65)
    return (indices, labels), labels[indices]


def _pick_case():
    scores = randn(5, 4, seed=66)
    targets = randint(0, 4, (5,), seed=67)
    return (scores, targets), scores[torch.arange(5), targets]


CASES = {
    "relu_where": _relu_case,
    "gather_by_hand": _gather_case,
    "map_indices_to_labels": _labels_case,
    "pick_target_scores": _pick_case,
}
NAMES = {
    "relu_where": ["x"],
    "gather_by_hand": ["input", "dim", "index"],
    "map_indices_to_labels": ["indices", "labels"],
    "pick_target_scores": ["scores", "targets"],
}


def _cases():
    return [
        pytest.param(name, marks=[exercise(f"where_gather.{name}"), points(1)], id=name)
        for name in CASES
    ]


@pytest.mark.parametrize("name", _cases())
def test_non_contiguous_input_left_unchanged(student, name):
    args, expected = CASES[name]()
    args = tuple(non_contiguous(a) if isinstance(a, torch.Tensor) else a for a in args)
    call = getattr(student.where_gather, name).call(*args)
    assert_tensor(call.value, expected)
    assert_inputs_unchanged(call, *args, names=NAMES[name])


@pytest.mark.parametrize("name", _cases())
def test_meta_device_kept(student, name):
    args, expected = CASES[name]()
    fn = getattr(student.where_gather, name)
    assert_tensor(fn(*args), expected)
    assert_keeps_meta(fn, *args)


# ---------------------------------------------------------------------------------------------
# Device agreement (run only where CUDA is present; skipped, and out of the maximum, elsewhere).


@pytest.mark.parametrize(
    "name, make_args",
    cuda_cases(
        "where_gather",
        {
            "relu_where": lambda: args(randn(3, 4, 5, seed=81)),
            # a negative dim and an index smaller than the input in the other dims
            "gather_by_hand": lambda: args(
                randn(4, 5, 3, seed=82), -2, randint(0, 5, (3, 6, 2), seed=83)
            ),
            "map_indices_to_labels": lambda: args(
                randint(0, 8, (5, 3), seed=84), randint(0, 100, (8,), seed=85)
            ),
            "pick_target_scores": lambda: args(randn(5, 4, seed=86), randint(0, 4, (5,), seed=87)),
        },
    ),
)
def test_same_on_cuda(student, name, make_args):
    """Device agreement: the same answer on CPU and on CUDA, returned on CUDA."""
    assert_same_on_cuda(getattr(student.where_gather, name), make_args())
