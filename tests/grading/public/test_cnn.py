"""Public checks for topic `cnn` (经典卷积网络 / ResNet与DenseNet / nn.Module模块).

Oracles: torch built-ins (torch.flatten, F.linear, torch.save/torch.load), the parameter names and
shapes the docstrings ask for, and properties of the outputs. Modules live in the sandbox: the
checks construct them there, read their state_dict, load weights and call them."""

import io

import pytest
import torch
import torch.nn.functional as F

from grader.checks import assert_close_number, assert_equal, assert_tensor, fail, randn
from grader.files import SandboxFiles
from grader.i18n import Msg, tr

exercise = pytest.mark.exercise
points = pytest.mark.points


@pytest.fixture
def ckpt(student):
    """Checkpoint files in the sandbox's own folder (it sees none of the judge's): paths there,
    and their bytes fetched or sent (grader.files)."""
    return SandboxFiles(student.cnn)


def _shapes(state):
    """{name: shape as a tuple} of a state_dict."""
    return {name: tuple(t.shape) for name, t in state.items()}


def _check_names(model, expected, *, exact=True):
    """model.state_dict() must hold the names and shapes of `expected` ({name: shape}); with
    `exact`, nothing else. Each problem is named."""
    got = _shapes(model.state_dict())
    problems = [
        tr(f"no {k!r} {list(s)}", f"缺少 {k!r} {list(s)}")
        for k, s in expected.items()
        if k not in got
    ]
    problems += [
        tr(
            f"{k!r} of shape {list(got[k])}, expected {list(s)}",
            f"{k!r} 的形状是 {list(got[k])}，应为 {list(s)}",
        )
        for k, s in expected.items()
        if k in got and got[k] != s
    ]
    if exact:
        problems += [
            tr(f"{k!r} {list(s)} not asked for", f"多出了题目没有要求的 {k!r} {list(s)}")
            for k, s in got.items()
            if k not in expected
        ]
    if problems:
        fail(
            f"{model.type_name}'s state_dict has " + "; ".join(problems) + ". Use the attribute "
            "names and layer order of the docstring; a tensor is a parameter only as nn.Parameter.",
            f"{model.type_name} 的 state_dict："
            + "；".join(problems)
            + "。请使用文档字符串中的属性名和"
            "层的顺序；张量只有包成 nn.Parameter 才是参数。",
        )


@exercise("cnn.Flatten")
@points(1)
def test_flatten(student):
    x = randn(2, 16, 5, 5, seed=1)
    assert_tensor(student.cnn.Flatten()(x), torch.flatten(x, 1))


@exercise("cnn.MyLinear")
@points(1)
def test_my_linear_parameters_and_forward(student):
    layer = student.cnn.MyLinear(4, 3)
    _check_names(layer, {"w": (3, 4), "b": (3,)})
    w, b, x = randn(3, 4, seed=2), randn(3, seed=3), randn(5, 4, seed=4)
    layer.load_state_dict({"w": w, "b": b})
    assert_tensor(layer(x), F.linear(x, w, b))


LENET5_SHAPES = {
    "conv_unit.0.weight": (16, 3, 5, 5),
    "conv_unit.0.bias": (16,),
    "conv_unit.2.weight": (32, 16, 5, 5),
    "conv_unit.2.bias": (32,),
    "fc_unit.0.weight": (32, 800),
    "fc_unit.0.bias": (32,),
    "fc_unit.2.weight": (10, 32),
    "fc_unit.2.bias": (10,),
}


@exercise("cnn.Lenet5")
@points(1)
def test_lenet5_shapes_and_parameter_count(student):
    net = student.cnn.Lenet5()
    _check_names(net, LENET5_SHAPES)
    total = sum(t.numel() for t in net.state_dict().values())
    assert_close_number(total, 40010, what=Msg("the number of parameters", "参数个数"), kind=int)
    assert_tensor(net(randn(2, 3, 32, 32, seed=5)).to("meta"), torch.empty(2, 10, device="meta"))


@exercise("cnn.ResBlk")
@points(1)
def test_resblk_shapes(student):
    block = student.cnn.ResBlk(16, 32, 2)
    expected = {
        "conv1.weight": (32, 16, 3, 3),
        "bn1.weight": (32,),
        "conv2.weight": (32, 32, 3, 3),
        "bn2.running_var": (32,),
        "extra.0.weight": (32, 16, 1, 1),
        "extra.1.running_mean": (32,),
    }
    _check_names(block, expected, exact=False)
    out = block(randn(2, 16, 8, 6, seed=6))
    assert_tensor(out.to("meta"), torch.empty(2, 32, 4, 3, device="meta"))
    if bool((out < 0).any()):
        fail(
            "ResBlk's output has negative values: the block ends with a ReLU (after the addition).",
            "ResBlk 的输出有负值：残差块最后（相加之后）要做 ReLU。",
        )


@exercise("cnn.DenseBlock")
@points(1)
def test_dense_block_keeps_its_input(student):
    block = student.cnn.DenseBlock(3, 4, 2)
    _check_names(
        block, {"layers.0.2.weight": (4, 3, 3, 3), "layers.1.2.weight": (4, 7, 3, 3)}, exact=False
    )
    x = randn(2, 3, 5, 6, seed=7)
    out = block(x)
    assert_tensor(out.to("meta"), torch.empty(2, 11, 5, 6, device="meta"))
    assert_tensor(
        out[:, :3],
        x,
        what=Msg(
            "the first 3 channels of the output (the input itself)",
            "输出的前 3 个通道（即输入本身）",
        ),
    )


@exercise("cnn.count_parameters")
@points(1)
def test_count_parameters(student):
    nn = student.cnn.torch.nn  # torch.nn as the sandbox sees it: these layers live there
    model = nn.Sequential(nn.Linear(784, 200), nn.ReLU(), nn.Linear(200, 10))
    assert_close_number(
        student.cnn.count_parameters(model), 784 * 200 + 200 + 200 * 10 + 10, kind=int
    )


@exercise("cnn.save_checkpoint")
@points(1)
def test_save_checkpoint(student, ckpt):
    model = student.cnn.torch.nn.Linear(3, 2)
    path = ckpt.path("ckpt.mdl")
    student.cnn.save_checkpoint(model, path)
    data = ckpt.read(path)
    if data is None:
        fail(
            f"save_checkpoint wrote no file at {path}.", f"save_checkpoint 没有在 {path} 写出文件。"
        )
    try:  # the judge reads the file the submission wrote, as the docstring says it will be read
        saved = torch.load(io.BytesIO(data), weights_only=True)
    except Exception as exc:
        fail(
            f"the file does not load with torch.load(path, weights_only=True) "
            f"({type(exc).__name__}): save model.state_dict(), not the model.",
            f"文件无法用 torch.load(path, weights_only=True) 读取（{type(exc).__name__}）："
            f"请保存 model.state_dict()，而不是模型。",
        )
    if not isinstance(saved, dict):
        fail(
            f"the file holds {type(saved).__name__}, not a state_dict: save model.state_dict().",
            f"文件里是 {type(saved).__name__}，不是 state_dict：请保存 model.state_dict()。",
        )
    expected = model.state_dict()
    assert_equal(
        sorted(saved),
        sorted(expected),
        what=Msg("the names in the saved file", "保存的文件中的参数名"),
    )
    for name in expected:
        assert_tensor(saved[name], expected[name], what=Msg(f"saved {name!r}", f"保存的 {name!r}"))


@exercise("cnn.load_checkpoint")
@points(1)
def test_load_checkpoint(student, ckpt):
    state = {"weight": randn(2, 3, seed=8), "bias": randn(2, seed=9)}
    buffer = io.BytesIO()
    torch.save(state, buffer)
    path = ckpt.path("ckpt.mdl")
    ckpt.write(path, buffer.getvalue())
    model = student.cnn.torch.nn.Linear(3, 2)
    before = model.state_dict()
    student.cnn.load_checkpoint(model, path)
    loaded = model.state_dict()
    for name in state:
        assert_tensor(
            loaded[name],
            state[name],
            what=Msg(f"the model's {name!r} after loading", f"加载后模型的 {name!r}"),
            mistakes={
                Msg(
                    "the model was not changed: give the loaded dict to model.load_state_dict",
                    "模型没有被改变：要把读出的字典传给 model.load_state_dict",
                ): before[name]
            },
        )
