"""Public checks for topic `mlp_mnist` (多分类问题实战 / 全连接层 / GPU加速 / MNIST测试实战).

Oracles: torch built-ins (F.linear, F.relu, F.cross_entropy, argmax), the shapes and properties
the docstrings ask for. Loaders, optimizers and models are not plain data: the checks build them
in the sandbox with the kit's `grader.training` and hand them to the functions under test."""

import math

import pytest
import torch
import torch.nn.functional as F

from grader.checks import (
    assert_close_number,
    assert_equal,
    assert_sequence,
    assert_tensor,
    fail,
    generator,
    randint,
    randn,
)
from grader.data import mnist_tensors
from grader.i18n import Msg
from grader.sandbox.client import RemoteObject
from grader.training import MLP_KEYS, ProbeMLP, make_optimizer, mlp_state, tensor_loader

exercise = pytest.mark.exercise
points = pytest.mark.points

PARAM_SHAPES = {
    "w1": (200, 784),
    "b1": (200,),
    "w2": (200, 200),
    "b2": (200,),
    "w3": (10, 200),
    "b3": (10,),
}


def _logits(x, w1, b1, w2, b2, w3, b3):
    h = F.relu(F.linear(x, w1, b1))
    return F.linear(F.relu(F.linear(h, w2, b2)), w3, b3)


@exercise("mlp_mnist.init_mlp_params")
@points(1)
def test_init_mlp_params(student):
    params = student.mlp_mnist.init_mlp_params(generator(1))
    if not isinstance(params, dict):
        fail(
            f"init_mlp_params should return a dict, not {type(params).__name__}.",
            f"init_mlp_params 应当返回 dict，而不是 {type(params).__name__}。",
        )
    assert_equal(
        sorted(params), sorted(PARAM_SHAPES), what=Msg("the keys of the dict", "dict 的键")
    )
    for name, shape in PARAM_SHAPES.items():
        what = Msg(f"the tensor {name}", f"张量 {name}")
        assert_tensor(params[name].to("meta"), torch.empty(shape, device="meta"), what=what)
        if not params[name].requires_grad:
            fail(
                f"The tensor {name} should have requires_grad=True.",
                f"张量 {name} 应当 requires_grad=True。",
            )
    for name in ("b1", "b2", "b3"):
        assert_tensor(
            params[name].detach(),
            torch.zeros(PARAM_SHAPES[name]),
            what=Msg(f"the bias {name}", f"偏置 {name}"),
        )
    assert_close_number(
        params["w1"].detach().std().item(),
        math.sqrt(2 / 784),
        rel=0.05,
        what=Msg("the standard deviation of w1", "w1 的标准差"),
    )


@exercise("mlp_mnist.mlp_forward")
@points(1)
def test_mlp_forward(student):
    params = {
        name: randn(*shape, seed=10 + i) * (0.05 if name.startswith("w") else 0.1)
        for i, (name, shape) in enumerate(PARAM_SHAPES.items())
    }
    x = randn(4, 784, seed=20)
    assert_tensor(student.mlp_mnist.mlp_forward(x, params), _logits(x, **params))


@exercise("mlp_mnist.MLP")
@points(1)
def test_mlp_module(student):
    net = student.mlp_mnist.MLP()
    shapes = {name: tuple(t.shape) for name, t in net.state_dict().items()}
    state = mlp_state(seed=1)
    assert_equal(
        shapes,
        {name: tuple(t.shape) for name, t in state.items()},
        what=Msg("MLP's parameter names and shapes", "MLP 的参数名及其形状"),
    )
    net.load_state_dict(state)
    x = randn(3, 784, seed=2)  # flattened images: the caller flattens, as the course's loop does
    expected = _logits(x, *(state[k] for k in MLP_KEYS))
    assert_tensor(net(x), expected)


@exercise("mlp_mnist.train_epoch")
@points(1)
def test_train_epoch_loss_per_sample(student):
    # With lr = 0 the weights never move: the mean loss per sample over the epoch is then the
    # cross entropy of the whole data set. 20 samples in batches of 6: 6, 6, 6, 2.
    x, y = randn(20, 1, 28, 28, seed=30), randint(0, 10, (20,), seed=31)
    state = mlp_state(seed=32)
    kit = student.mlp_mnist.kit_function
    model = kit(ProbeMLP).keep(state, False)  # starts in eval mode
    loader = kit(tensor_loader).keep(x, y, 6)
    optimizer = kit(make_optimizer).keep(model, "sgd", 0.0)
    call = student.mlp_mnist.train_epoch.call(model, loader, optimizer, "cpu")
    expected = F.cross_entropy(ProbeMLP(state)(x), y).item()
    assert_close_number(
        call.value, expected, rel=1e-5, what=Msg("the mean loss per sample", "每个样本的平均损失")
    )
    modes = call.probe_modes
    if not modes or not all(mode["training"] for mode in modes):
        fail(
            "The model was in evaluation mode during training: call model.train() first.",
            "训练时模型处于评估模式：请先调用 model.train()。",
        )


@exercise("mlp_mnist.evaluate")
@points(1)
def test_evaluate(student):
    state = mlp_state(seed=40, dtype=torch.float64)  # no near tie flips with the summation order
    x = randn(30, 1, 28, 28, seed=41)
    with torch.no_grad():
        predicted = ProbeMLP(state)(x).argmax(dim=1)
    y = torch.where(torch.arange(30) % 3 == 0, (predicted + 1) % 10, predicted)  # 20 of 30 right
    kit = student.mlp_mnist.kit_function
    model = kit(ProbeMLP).keep(state)  # starts in training mode
    call = student.mlp_mnist.evaluate.call(model, kit(tensor_loader).keep(x, y, 8), "cpu")
    assert_close_number(call.value, 20 / 30, what=Msg("the accuracy", "准确率"))
    modes = call.probe_modes
    if not modes or any(mode["training"] for mode in modes):
        fail(
            "The model was in training mode: call model.eval() first.",
            "模型处于训练模式：请先调用 model.eval()。",
        )
    if any(mode["grad_enabled"] for mode in modes):
        fail(
            "The forward passes built an autograd graph: run them inside torch.no_grad().",
            "前向传播构建了 autograd 计算图：请放在 torch.no_grad() 中运行。",
        )


@exercise("mlp_mnist.fit")
@points(1)
def test_fit_one_epoch(student):
    train_x, train_y = mnist_tensors("train")
    test_x, test_y = mnist_tensors("test")
    order = torch.randperm(4000, generator=generator(50))[:400]
    train_x, train_y, test_x, test_y = train_x[order], train_y[order], test_x[::5], test_y[::5]
    kit = student.mlp_mnist.kit_function
    train = kit(tensor_loader).keep(train_x, train_y, 64)
    test = kit(tensor_loader).keep(test_x, test_y, 100)
    result = student.mlp_mnist.fit.keep(train, test, 1, 1e-3, "cpu", seed=0)
    assert_sequence(
        result, 2, what=Msg("fit's result (model, history)", "fit 的返回值（model, history）")
    )
    model, history = result
    if not isinstance(model, RemoteObject):
        fail(
            f"the first item of fit's result should be the model, not {type(model).__name__}.",
            f"fit 返回的第一项应当是模型，而不是 {type(model).__name__}。",
        )
    assert_sequence(history, 1, what=Msg("the history of 1 epoch", "1 轮的 history"))
    if not isinstance(history[0], dict) or sorted(history[0]) != ["accuracy", "loss"]:
        fail(
            f'each entry of the history should be {{"loss": ..., "accuracy": ...}}, not {history[0]!r:.80}.',
            f'history 的每一项应当是 {{"loss": ..., "accuracy": ...}}，而不是 {history[0]!r:.80}。',
        )
    model.eval()
    right = (model(test_x.reshape(200, 784)).argmax(dim=1) == test_y).sum().item()
    assert_close_number(
        history[0]["accuracy"],
        right / 200,
        abs_=0.006,  # one image of 200, should a near tie fall the other way
        what=Msg(
            "the history's test accuracy after epoch 1 (that of the model returned)",
            "history 中第 1 轮后的测试准确率（即返回的模型的准确率）",
        ),
    )
    loss = history[0]["loss"]
    if isinstance(loss, bool) or not isinstance(loss, float) or not 0 < loss < math.log(10):
        fail(
            f"the history's loss of epoch 1 should be a float above 0 and, after an epoch of "
            f"training, below ln 10 = 2.303 (the loss of uniform guesses); it is {loss!r:.80}.",
            f"history 中第 1 轮的 loss 应当是大于 0 的 float，训练一轮后应低于 ln 10 = 2.303"
            f"（均匀猜测的损失）；实际是 {loss!r:.80}。",
        )
