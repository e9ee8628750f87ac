"""Public checks for topic `transfer` (自定义数据集 / 迁移学习).

Oracles: the class-folder trees the checks build (in the sandbox's own folder: it sees none of
the judge's, so grader.functions.make_tree makes them there and returns their path), sorted(),
torch.randperm with the same generator, and the grader's own backbone (grader.functions
.tiny_resnet), built in the sandbox from a seed and here from the same seed."""

import os

import pytest
import torch

from grader import functions
from grader.checks import assert_close_number, assert_equal, assert_tensor, fail, generator, randn
from grader.i18n import Msg

exercise = pytest.mark.exercise
points = pytest.mark.points

PARTS = (
    Msg("train (the training set)", "train（训练集）"),
    Msg("val (the validation set)", "val（验证集）"),
    Msg("test (the test set)", "test（测试集）"),
)
CLASSES = ["pikachu", "bulbasaur", "mewtwo"]  # made in this order, which is not sorted
FILES = ["pikachu/b.png", "pikachu/a.jpg", "bulbasaur/c.jpeg", "mewtwo/d.png", "images.csv"]


def _tree(student, name):
    return student.transfer.kit_function(functions.make_tree)(name, CLASSES, FILES)


@exercise("transfer.name_to_label")
@points(1)
def test_name_to_label(student):
    root = _tree(student, "public_names")
    assert_equal(
        student.transfer.name_to_label(root),
        {"bulbasaur": 0, "mewtwo": 1, "pikachu": 2},
        what=Msg("name_to_label(root)", "name_to_label(root) 的结果"),
    )


@exercise("transfer.list_images")
@points(1)
def test_list_images(student):
    root = _tree(student, "public_images")
    expected = (
        [os.path.join(root, *p.split("/")) for p in sorted(FILES[:4])],
        [0, 1, 2, 2],
    )
    assert_equal(
        student.transfer.list_images(root),
        expected,
        what=Msg("list_images(root)", "list_images(root) 的结果"),
    )


@exercise("transfer.split_60_20_20")
@points(1)
def test_split_60_20_20(student):
    perm = torch.randperm(10, generator=generator(1))
    got = student.transfer.split_60_20_20(10, generator=generator(1))
    if not isinstance(got, (tuple, list)) or len(got) != 3:
        fail(
            "split_60_20_20 should return a tuple (train, val, test) of three tensors.",
            "split_60_20_20 应当返回由三个张量组成的 tuple (train, val, test)。",
        )
    for part, expected, what in zip(got, (perm[:6], perm[6:8], perm[8:]), PARTS):
        assert_tensor(part, expected, what=what)


@exercise("transfer.freeze")
@points(1)
def test_freeze(student):
    kit = student.transfer.kit_function
    model = kit(functions.tiny_resnet).keep(8, 4, 1)
    student.transfer.freeze(model)
    flags = kit(functions.requires_grad_flags)(model)
    still = [name for name, flag in flags if flag]
    if still:
        fail(
            f"after freeze(model), {len(still)} parameters still have requires_grad=True, e.g. "
            f"{still[0]}.",
            f"freeze(model) 之后，仍有 {len(still)} 个参数的 requires_grad=True，例如 {still[0]}。",
        )


@exercise("transfer.replace_head")
@points(1)
def test_replace_head(student):
    kit = student.transfer.kit_function
    backbone = kit(functions.tiny_resnet).keep(8, 10, 2)
    model = student.transfer.replace_head.keep(backbone, 3)
    x = randn(2, 3, 8, 8, seed=3)
    got = kit(functions.forward_eval)(model, x)
    facts = kit(functions.model_facts)(model, backbone)
    ref = functions.tiny_resnet(8, 10, 2)
    head = facts.get("head") or {}
    if head.get("weight") is None:
        fail(
            "the last layer of the result should be a new nn.Linear(8, 3).",
            "结果的最后一层应当是新的 nn.Linear(8, 3)。",
        )
    if (head["in_features"], head["out_features"]) != (8, 3):
        fail(
            f"the new head is nn.Linear({head['in_features']}, {head['out_features']}), expected "
            f"nn.Linear(8, 3): 8 is the backbone's last.in_features, 3 the num_classes asked for.",
            f"新的输出层是 nn.Linear({head['in_features']}, {head['out_features']})，应为 "
            f"nn.Linear(8, 3)：8 是主干网络的 last.in_features，3 是要求的 num_classes。",
        )
    with torch.no_grad():
        features = torch.flatten(torch.nn.Sequential(*list(ref.children())[:-1])(x), 1)
        expected = torch.nn.functional.linear(features, head["weight"], head["bias"])
    assert_tensor(got, expected, what=Msg("the output of the new model", "新模型的输出"))


@exercise("transfer.count_trainable")
@points(1)
def test_count_trainable(student):
    kit = student.transfer.kit_function
    model = kit(functions.tiny_resnet).keep(8, 5, 4, frozen=True)
    assert_close_number(
        student.transfer.count_trainable(model),
        0,
        what=Msg("the trainable parameters of a frozen model", "冻结模型的可训练参数个数"),
        kind=int,
    )
    model = kit(functions.tiny_resnet).keep(8, 5, 4)
    expected = sum(p.numel() for p in functions.tiny_resnet(8, 5, 4).parameters())
    assert_close_number(student.transfer.count_trainable(model), expected, kind=int)
