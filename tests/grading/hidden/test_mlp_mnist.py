"""Hidden checks for topic `mlp_mnist` (多分类问题实战 / 全连接层 / GPU加速 / MNIST测试实战).

`init_mlp_params` draws random numbers, so it is checked by properties: keys, shapes, dtype,
leaves that require grad, zero biases, the Kaiming standard deviation of each layer, a normal
(not uniform) spread, and determinism for equal generator states. `mlp_forward` and `MLP` are
compared with F.linear/F.relu on given weights (MLP's are loaded with load_state_dict), with
named mistakes, float64, batches of one, non-contiguous inputs, gradients, the meta device and,
with CUDA, CPU/CUDA agreement.

`train_epoch` and `evaluate` get the kit's `ProbeMLP` (grader.training: the same network with
given weights, recording the grad mode and the training flag of every forward), a loader whose
batch size does not divide the number of samples, and an optimizer built in the sandbox; the
judge runs its own reference epoch (same weights, same batches, same optimizer) and compares the
returned number and the weights afterwards. The probe's weights are float64, so that correct
epochs agree to ~1e-15 whatever the machine sums in which order. `fit` is checked for seeding
(epochs=0 gives the untrained network), against the judge's own Adam run on a small subset
(starting from the network fit itself builds, so that only the training is compared; the
student's MLP is float32, so the weights are compared as a trajectory, grader.checks.training),
and by the capstone: 5 epochs on the kit's 4,000 training images must reach at least 0.90
accuracy on the 1,000 test images.
"""

import functools
import math
from types import SimpleNamespace

import pytest
import torch
import torch.nn.functional as F

from grader.checks import (
    args,
    assert_agree_across_devices,
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
    randn,
    random_args,
    requires_cuda,
)
from grader.checks.compare import looks_like, shape_str, tensors_match
from grader.checks.devices import LeftOut
from grader.checks.feedback import shown
from grader.checks.oracle import oracle
from grader.checks.training import assert_trained_like
from grader.data import mnist_loaders, mnist_tensors
from grader.i18n import Msg, before_chinese, label, quote, tr
from grader.lessons import cite
from grader.plots import save_training_curve
from grader.sandbox.client import NotImplementedByStudent, RemoteObject, StudentError
from grader.training import (
    MLP_KEYS,
    MLP_LAYERS,
    ProbeMLP,
    make_optimizer,
    mlp_state,
    tensor_loader,
)

exercise = pytest.mark.exercise
points = pytest.mark.points

# The device checks an exercise leaves out, and why (tests/kit/test_completeness.py).
DEVICE_CHECKS_LEFT_OUT = {
    "init_mlp_params": LeftOut(
        meta="draws from a torch.Generator, and there is no meta generator (the CUDA check covers its devices)",
    ),
    "train_epoch": LeftOut(
        meta="trains on a DataLoader of real images and returns a float: meta tensors have no values (the CUDA check covers its devices)",
    ),
    "evaluate": LeftOut(
        meta="counts correct predictions into a float: meta tensors have no values (the CUDA check covers its devices)",
    ),
    "fit": LeftOut(
        meta="trains to an accuracy: meta tensors have no values (the CUDA check covers its devices)",
    ),
}

FC = cite("linear_layers")
MULTI = cite("multiclass")
TEST = cite("mnist_test")
GPU = cite("gpu")

PARAM_SHAPES = {
    "w1": (200, 784),
    "b1": (200,),
    "w2": (200, 200),
    "b2": (200,),
    "w3": (10, 200),
    "b3": (10,),
}
STATE_SHAPES = [tuple(s) for out, inp in MLP_LAYERS for s in ((out, inp), (out,))]


def _case(*values, function, n, id):
    return pytest.param(*values, marks=[exercise(f"mlp_mnist.{function}"), points(n)], id=id)


def _flat(images):
    """Images [b, 1, 28, 28] as MLP takes them: flattened to [b, 784] by the caller, as the
    course's loop does (lesson 27: data.view(-1, 28*28) before net(data))."""
    return images.reshape(images.shape[0], 784)


@functools.cache
def _mnist(split):
    return mnist_tensors(split)


def _subset(split, n, seed):
    """n images of the kit's MNIST split (normalised, [n, 1, 28, 28]) and their labels, drawn
    without replacement in a fixed random order (the files are sorted by digit)."""
    x, y = _mnist(split)
    order = torch.randperm(len(y), generator=generator(seed))[:n]
    return x[order], y[order]


def _check_number(got, expected, *, what, mistakes=None, rel=1e-5, abs_=1e-9):
    """A Python float close to `expected`; a value that equals what a known mistake gives (and
    not `expected`) is told so."""
    what = label(what)
    if isinstance(got, (int, float)) and not isinstance(got, bool):
        if not math.isclose(got, expected, rel_tol=rel, abs_tol=abs_):
            for name, value in (mistakes or {}).items():
                if value is not None and math.isclose(got, value, rel_tol=rel, abs_tol=abs_):
                    fail(
                        f"{what} is {shown(got)}, expected {shown(expected)}. {looks_like(name)}",
                        f"{before_chinese(what)}是 {shown(got)}，应为 {shown(expected)}。{looks_like(name)}",
                        mistake=name,
                    )
    assert_close_number(got, expected, what=what, rel=rel, abs_=abs_)


# train_epoch and evaluate run the kit's ProbeMLP with float64 weights: two correct epochs then
# agree to ~1e-15 whatever the thread count or BLAS (in float32, Adam can turn the rounding of a
# near-zero gradient into a whole step of lr), so their weights are compared element by element.
STATE_TOLERANCE = {"rtol": 1e-7, "atol": 1e-9}


def _check_state(got, expected, *, what, variants=dict):
    """A state_dict equal to `expected`; `variants()` gives {named mistake: the state it would
    leave}, computed only when the answer is wrong."""
    what = label(what)
    if not isinstance(got, dict):
        fail(f"{what} should be a dict.", f"{before_chinese(what)}应当是 dict。")
    if all(tensors_match(got.get(k), v, **STATE_TOLERANCE) for k, v in expected.items()):
        return
    known = variants()
    for key, value in expected.items():
        assert_tensor(
            got.get(key),
            value,
            what=Msg(f"{what.en}: {key!r}", f"{what.zh}：{key!r}"),
            mistakes={name: state[key] for name, state in known.items()},
            **STATE_TOLERANCE,
        )


# -- init_mlp_params ---------------------------------------------------------------------------------
def _init_params(student, seed, params=None):
    """The dict init_mlp_params returns (for a generator seeded `seed`, unless given), with its
    keys, shapes and dtypes checked."""
    if params is None:
        params = student.mlp_mnist.init_mlp_params(generator(seed))
    if not isinstance(params, dict):
        fail(
            f"init_mlp_params should return a dict of tensors, not {type(params).__name__}.",
            f"init_mlp_params 应当返回张量的 dict，而不是 {type(params).__name__}。",
        )
    assert_equal(
        sorted(params),
        sorted(PARAM_SHAPES),
        what=Msg("the keys of init_mlp_params' dict", "init_mlp_params 返回的 dict 的键"),
    )
    for name, shape in PARAM_SHAPES.items():
        value = params[name]
        hint = {}
        if name.startswith("w"):
            hint[
                Msg(
                    f"{name} laid out [in, out]; a weight is [out, in] like nn.Linear.weight, "
                    f"applied as x @ w.T {FC.en}",
                    f"{name} 按 [in, out] 排列；权重应像 nn.Linear.weight 一样是 [out, in]，"
                    f"以 x @ w.T 的方式作用{FC.zh}",
                )
            ] = torch.empty(shape[::-1], device="meta")
        if isinstance(value, torch.Tensor):
            value = value.detach().to("meta")
        assert_tensor(
            value,
            torch.empty(shape, device="meta"),
            what=Msg(f"the tensor {name}", f"张量 {name}"),
            mistakes=hint,
        )
    return params


@exercise("mlp_mnist.init_mlp_params")
@points(1)
def test_init_mlp_params_keys_shapes_dtype(student):
    params = _init_params(student, seed=101)
    for name, value in params.items():
        if not bool(torch.isfinite(value.detach()).all()):
            fail(f"The tensor {name} holds inf or nan.", f"张量 {name} 含有 inf 或 nan。")


@exercise("mlp_mnist.init_mlp_params")
@points(1)
def test_init_mlp_params_leaves_that_require_grad(student):
    call = student.mlp_mnist.init_mlp_params.call(generator(102))
    params = _init_params(student, 102, call.value)
    facts = dict(zip(params, call.tensor_facts))  # traversal order: the dict's order
    for name in PARAM_SHAPES:
        if not params[name].requires_grad:
            fail(
                f"The tensor {name} does not require grad, so autograd would never compute its gradient: "
                f"create it with requires_grad=True or call .requires_grad_() on it. {FC}",
                f"张量 {name} 不需要梯度，autograd 不会计算它的梯度：创建时写 requires_grad=True，"
                f"或对它调用 .requires_grad_()。{FC}",
            )
        if facts[name]["grad_fn"] is not None:
            fail(
                f"The tensor {name} is not a leaf (it came out of {facts[name]['grad_fn']}): "
                f"requires_grad was set before scaling, so the weights you would update are "
                f"an intermediate result whose .grad stays None. Scale first, then call "
                f".requires_grad_(). {FC}",
                f"张量 {name} 不是叶子张量（它由 {facts[name]['grad_fn']} 产生）：先设了 requires_grad "
                f"再缩放，要更新的权重成了中间结果，.grad 一直是 None。请先缩放，再调用 .requires_grad_()。{FC}",
            )


@exercise("mlp_mnist.init_mlp_params")
@points(1)
def test_init_mlp_params_biases_are_zero(student):
    params = _init_params(student, seed=103)
    for name in ("b1", "b2", "b3"):
        assert_tensor(
            params[name].detach(),
            torch.zeros(PARAM_SHAPES[name]),
            what=Msg(f"the tensor {name}", f"张量 {name}"),
        )


@exercise("mlp_mnist.init_mlp_params")
@points(2)
def test_init_mlp_params_kaiming_std(student):
    params = _init_params(student, seed=104)
    for name, (fan_out, fan_in) in zip(("w1", "w2", "w3"), MLP_LAYERS):
        w = params[name].detach().to(torch.float64)
        std, want = w.std().item(), math.sqrt(2.0 / fan_in)
        if math.isclose(std, want, rel_tol=0.08):
            continue
        known = {
            math.sqrt(1.0 / fan_in): Msg(
                f"std sqrt(1/fan_in) (LeCun/Xavier-like), not Kaiming's "
                f"sqrt(2/fan_in): the 2 makes up for ReLU zeroing half of the values {FC.en}",
                f"标准差用了 sqrt(1/fan_in)（LeCun/Xavier 的做法），而不是 Kaiming 的 "
                f"sqrt(2/fan_in)：其中的 2 是为了补偿 ReLU 把一半的值置零{FC.zh}",
            ),
            math.sqrt(2.0 / fan_out): Msg(
                f"fan_out used instead of fan_in: fan_in is the number of "
                f"inputs, the second size of a [out, in] weight {FC.en}",
                f"用了 fan_out 而不是 fan_in：fan_in 是输入的个数，即 [out, in] 权重第 1 维的大小{FC.zh}",
            ),
            1.0: Msg(
                f"torch.randn without scaling: multiply by sqrt(2 / fan_in) {FC.en}",
                f"torch.randn 没有缩放：要乘以 sqrt(2 / fan_in){FC.zh}",
            ),
            2.0 / fan_in: Msg(
                f"the variance 2/fan_in used as the standard deviation: take its "
                f"square root {FC.en}",
                f"把方差 2/fan_in 当成了标准差：要取它的平方根{FC.zh}",
            ),
        }
        named = [m for value, m in known.items() if math.isclose(std, value, rel_tol=0.08)]
        hint = looks_like(named[0]) if named else ""
        fail(
            f"the standard deviation of {name} {shape_str(w.shape)} is {shown(std, '.4g')}, expected "
            f"sqrt(2 / {fan_in}) = {shown(want, '.4g')}. {hint}".rstrip(),
            f"{name} {shape_str(w.shape)} 的标准差是 {shown(std, '.4g')}，应为 sqrt(2 / {fan_in}) = {shown(want, '.4g')}。{hint}",
            mistake=named[0] if named else None,
        )


@exercise("mlp_mnist.init_mlp_params")
@points(1)
def test_init_mlp_params_normal_with_mean_zero(student):
    w = _init_params(student, seed=105)["w1"].detach().to(torch.float64)
    assert_close_number(
        w.mean().item(),
        0.0,
        abs_=0.002,
        what=Msg(
            "the mean of w1 (156,800 values, mean 0)", "w1 的均值（156,800 个值，均值应为 0）"
        ),
    )
    # the shape of the spread, whatever its scale: 0.683 for a normal, 0.577 for a uniform
    inside = (w.abs() < w.std()).double().mean().item()
    if not math.isclose(inside, 0.6827, abs_tol=0.01):
        fail(
            f"{shown(inside, '.1%')} of w1 lies within one standard deviation of 0; a normal distribution "
            f"puts 68.3% there (a uniform one 57.7%). Kaiming-NORMAL: torch.randn scaled by "
            f"sqrt(2 / fan_in), not torch.rand or kaiming_uniform_. {FC}",
            f"w1 中有 {shown(inside, '.1%')} 的值落在 0 的一个标准差以内；正态分布应为 68.3%（均匀分布为 57.7%）。"
            f"Kaiming 正态初始化：用 torch.randn 乘以 sqrt(2 / fan_in)，不是 torch.rand 或 kaiming_uniform_。{FC}",
        )


@exercise("mlp_mnist.init_mlp_params")
@points(1)
def test_init_mlp_params_uses_the_generator(student):
    fn = student.mlp_mnist.init_mlp_params
    first, again, other = fn(generator(106)), fn(generator(106)), fn(generator(107))
    for name in ("w1", "w2", "w3"):
        assert_tensor(
            again[name].detach(),
            first[name].detach(),
            what=Msg(
                f"{name} drawn twice with generators in the same state",
                f"用状态相同的生成器两次抽取的 {name}",
            ),
        )
        if torch.equal(first[name].detach(), other[name].detach()):
            fail(
                f"generators seeded 106 and 107 gave the same {name}: draw with the generator "
                f"passed in (torch.randn(..., generator=generator)), not torch's global state.",
                f"种子为 106 和 107 的生成器给出了相同的 {name}：请用传入的生成器抽样"
                f"（torch.randn(..., generator=generator)），不要用全局随机状态。",
            )


# -- mlp_forward --------------------------------------------------------------------------------------
def _params(seed, dtype=torch.float32, requires_grad=False):
    """Weights of Kaiming size and biases away from 0, so that each ReLU and bias matters."""
    params = {}
    for i, (fan_out, fan_in) in enumerate(MLP_LAYERS, start=1):
        w = randn(fan_out, fan_in, seed=seed + i, dtype=dtype) * math.sqrt(2.0 / fan_in)
        b = randn(fan_out, seed=seed + 10 + i, dtype=dtype) * 0.5
        params[f"w{i}"], params[f"b{i}"] = w, b
    return {k: v.requires_grad_(requires_grad) for k, v in params.items()}


def _forward(x, p, *, relu1=True, relu2=True, relu3=False, softmax=False, t2=True, bias=True):
    def layer(h, i, transpose=True):
        w = p[f"w{i}"]
        out = h @ (w.T if transpose else w)
        return out + p[f"b{i}"] if bias else out

    h = layer(x, 1)
    h = F.relu(h) if relu1 else h
    h = layer(h, 2, t2)
    h = F.relu(h) if relu2 else h
    out = layer(h, 3)
    out = F.relu(out) if relu3 else out
    return out.softmax(dim=1) if softmax else out


def _forward_mistakes(x, p):
    with torch.no_grad():
        return {
            Msg(
                f"the ReLU after layer 1 is missing {FC.en}", f"第 1 层之后缺少 ReLU{FC.zh}"
            ): _forward(x, p, relu1=False),
            Msg(
                f"the ReLU after layer 2 is missing {FC.en}", f"第 2 层之后缺少 ReLU{FC.zh}"
            ): _forward(x, p, relu2=False),
            Msg(
                f"no ReLU at all: without it the three layers are one linear map {FC.en}",
                f"完全没有 ReLU：没有它，三层合起来只是一个线性映射{FC.zh}",
            ): _forward(x, p, relu1=False, relu2=False),
            Msg(
                f"a ReLU on the logits: logits may be negative, and clipping them at 0 hides from "
                f"cross entropy how unlikely a class is {FC.en}",
                f"对 logits 用了 ReLU：logits 可以是负数，把它们截断为 0，交叉熵就看不出"
                f"一个类别有多不可能{FC.zh}",
            ): _forward(x, p, relu3=True),
            Msg(
                f"softmax on the logits: return the logits, F.cross_entropy applies "
                f"log-softmax itself {MULTI.en}",
                f"对 logits 用了 softmax：请直接返回 logits，F.cross_entropy 自己会做 "
                f"log-softmax{MULTI.zh}",
            ): _forward(x, p, softmax=True),
            Msg(
                f"w2 used without the transpose (x @ w2 runs because w2 is square): "
                f"a weight [out, in] is applied as x @ w.T {FC.en}",
                f"w2 没有转置（x @ w2 能运行只是因为 w2 是方阵）：[out, in] 的权重要以 "
                f"x @ w.T 的方式作用{FC.zh}",
            ): _forward(x, p, t2=False),
            Msg(f"the biases were left out {FC.en}", f"漏掉了偏置{FC.zh}"): _forward(
                x, p, bias=False
            ),
        }


@pytest.mark.parametrize(
    "b",
    [
        _case(6, function="mlp_forward", n=2, id="batch-6"),
        _case(1, function="mlp_forward", n=1, id="batch-1"),
    ],
)
def test_mlp_forward_values(student, b):
    p = _params(seed=110)
    x = _subset("test", b, seed=111)[0].reshape(b, 784)
    assert_tensor(
        student.mlp_mnist.mlp_forward(x, p), _forward(x, p), mistakes=_forward_mistakes(x, p)
    )


@exercise("mlp_mnist.mlp_forward")
@points(1)
def test_mlp_forward_float64(student):
    p = _params(seed=120, dtype=torch.float64)
    x = randn(3, 784, seed=121, dtype=torch.float64)
    assert_tensor(
        student.mlp_mnist.mlp_forward(x, p), _forward(x, p), mistakes=_forward_mistakes(x, p)
    )


@exercise("mlp_mnist.mlp_forward")
@points(1)
def test_mlp_forward_non_contiguous_inputs_left_unchanged(student):
    p = {k: non_contiguous(v) if v.dim() == 2 else v for k, v in _params(seed=130).items()}
    x = non_contiguous(randn(5, 784, seed=131))
    call = student.mlp_mnist.mlp_forward.call(x, p)
    assert_tensor(call.value, _forward(x, p), mistakes=_forward_mistakes(x, p))
    assert_inputs_unchanged(call, x, p, names=["x", "params"])


@exercise("mlp_mnist.mlp_forward")
@points(2)
def test_mlp_forward_gradients_reach_the_weights(student):
    p = _params(seed=140, dtype=torch.float64, requires_grad=True)
    x = randn(4, 784, seed=141, dtype=torch.float64)
    out = _forward(x, p)
    upstream = randn(4, 10, seed=142, dtype=torch.float64)
    grads = torch.autograd.grad(out, list(p.values()), upstream)
    try:
        call = student.mlp_mnist.mlp_forward.backward_call(x, p, grad_outputs=[upstream])
    except NotImplementedByStudent:
        raise
    except StudentError as err:
        if "graph to differentiate)" not in err.message:  # grader/sandbox/worker.py
            raise
        fail(
            "The logits are not connected to the weights in autograd: was something detached "
            "(.detach(), .data, torch.no_grad(), torch.tensor(w))? loss.backward() could not "
            f"train them. {FC}",
            "logits 在 autograd 中与权重没有连接：是否有东西被分离了（.detach()、.data、torch.no_grad()、"
            f"torch.tensor(w)）？这样 loss.backward() 无法训练它们。{FC}",
        )
    assert_tensor(call.value, out.detach(), what=Msg("the logits (float64)", "logits（float64）"))
    for (name, _), got, expected in zip(p.items(), call.input_grads, grads):
        if got is None:
            fail(
                f"The tensor {name} gets no gradient: the logits do not depend on it through autograd "
                f"(was it detached, or not used?). {FC}",
                f"张量 {name} 没有梯度：logits 在 autograd 中不依赖它（是否被分离或没有用到？）。{FC}",
            )
        assert_tensor(got, expected, what=Msg(f"the gradient of {name}", f"{name} 的梯度"))


@exercise("mlp_mnist.mlp_forward")
@points(1)
def test_mlp_forward_meta_device(student):
    p = _params(seed=150)
    x = randn(2, 784, seed=151)
    fn = student.mlp_mnist.mlp_forward
    assert_tensor(fn(x, p), _forward(x, p), mistakes=_forward_mistakes(x, p))
    assert_keeps_meta(fn, x, {k: v.to("meta") for k, v in p.items()})


# -- MLP -------------------------------------------------------------------------------------------------
def _load(net: RemoteObject, state):
    """MLP's state_dict must have exactly MLP_KEYS with their shapes (each problem named); then
    the given weights are loaded into it."""
    got = {k: tuple(v.shape) for k, v in net.state_dict().items()}
    want = {k: tuple(v.shape) for k, v in state.items()}
    problems = []
    for key, shape in want.items():
        if key not in got:
            problems.append(
                Msg(
                    f"MLP has no parameter {key!r} (shape {shape_str(shape)})",
                    f"MLP 没有参数 {key!r}（形状 {shape_str(shape)}）",
                )
            )
        elif got[key] != shape:
            problems.append(
                Msg(
                    f"MLP's {key!r} has shape {shape_str(got[key])}, expected {shape_str(shape)}",
                    f"MLP 的 {key!r} 形状是 {shape_str(got[key])}，应为 {shape_str(shape)}",
                )
            )
    problems += [
        Msg(
            f"MLP has {key!r} {shape_str(got[key])}, which the exercise does not ask for",
            f"MLP 多了题目没有要求的 {key!r} {shape_str(got[key])}",
        )
        for key in got
        if key not in want
    ]
    if problems:
        shown = problems[:4]
        more = (
            tr(f" (and {len(problems) - 4} more)", f"（另有 {len(problems) - 4} 处）")
            if len(problems) > 4
            else ""
        )
        fail(
            "; ".join(m.en for m in shown)
            + more
            + ". The grader loads weights by name: the attribute is `model`, an nn.Sequential of "
            "Linear(784, 200), ReLU, Linear(200, 200), ReLU, Linear(200, 10) in that order "
            f"(a ReLU has no weights but takes its place: model.1, model.3). {FC}",
            "；".join(m.zh for m in shown)
            + more
            + "。评分程序按名字加载权重：属性名是 `model`，依次为 Linear(784, 200)、ReLU、Linear(200, 200)、"
            f"ReLU、Linear(200, 10) 的 nn.Sequential（ReLU 没有权重，但占一个位置：model.1、model.3）。{FC}",
        )
    net.load_state_dict({k: v.clone() for k, v in state.items()})


def _module_mistakes(x, state):
    p = {
        f"{kind}{i + 1}": state[f"model.{2 * i}.{name}"]
        for i in range(3)
        for kind, name in (("w", "weight"), ("b", "bias"))
    }
    flat = x.reshape(x.shape[0], -1)
    mistakes = _forward_mistakes(flat, p)
    with torch.no_grad():
        leaky = F.leaky_relu(_forward(flat, p))
    mistakes[
        Msg(
            f"a LeakyReLU on the logits (as the course's lesson 28 network ends): return the last "
            f"Linear's output as it is; cross entropy wants raw logits {FC.en}",
            f"对 logits 用了 LeakyReLU（第28课的网络就是这样结尾的）：请原样返回最后一个 Linear 的输出；"
            f"交叉熵要的是原始的 logits{FC.zh}",
        )
    ] = leaky
    return mistakes


def _module_forward(x, state):
    with torch.no_grad():
        return ProbeMLP(state)(x)


@exercise("mlp_mnist.MLP")
@points(2)
def test_mlp_state_dict_layout(student):
    _load(student.mlp_mnist.MLP(), mlp_state(seed=200))


@exercise("mlp_mnist.MLP")
@points(1)
def test_mlp_layer_types(student):
    net = student.mlp_mnist.MLP()
    _load(net, mlp_state(seed=201))
    names = ["model", "model.0", "model.1", "model.2", "model.3", "model.4"]
    kinds = [net.get_submodule.keep(name).type_name for name in names]
    assert_equal(
        kinds,
        ["Sequential", "Linear", "ReLU", "Linear", "ReLU", "Linear"],
        what=Msg(
            "the types of model, model[0], ..., model[4]", "model、model[0]、...、model[4] 的类型"
        ),
    )


@pytest.mark.parametrize(
    "batch",
    [
        _case(5, function="MLP", n=2, id="batch"),
        _case(3, function="MLP", n=1, id="small-batch"),
        _case(1, function="MLP", n=1, id="one-sample"),
    ],
)
def test_mlp_forward_with_loaded_weights(student, batch):
    state = mlp_state(seed=210)
    net = student.mlp_mnist.MLP()
    _load(net, state)
    x = _flat(_subset("train", batch, seed=211)[0])
    mistakes = _module_mistakes(x, state)
    expected = _module_forward(x, state)
    squeezed = Msg(
        f"the batch dim was squeezed away for a single image: keep [1, 10] {FC.en}",
        f"只有一张图像时批维度被 squeeze 掉了：应保持 [1, 10]{FC.zh}",
    )
    mistakes[squeezed] = expected.squeeze(0) if batch == 1 else None
    assert_tensor(net(x), expected, mistakes=mistakes)


@exercise("mlp_mnist.MLP")
@points(1)
def test_mlp_non_contiguous_images(student):
    state = mlp_state(seed=220)
    net = student.mlp_mnist.MLP()
    _load(net, state)
    x = non_contiguous(_flat(_subset("train", 3, seed=221)[0]))  # [3, 784], in memory [784, 3]
    try:
        call = net.forward.call(x)
    except NotImplementedByStudent:
        raise
    except StudentError as err:
        if "view" not in err.message:
            raise
        fail(
            f"MLP failed on a non-contiguous batch ({err.exc_type}: {quote(err.message)}). view needs "
            f"memory laid out in order and never copies; flatten with reshape (or "
            f"torch.flatten(x, 1)), which copies when it must. {FC}",
            f"MLP 在不连续的一批输入上失败（{err.exc_type}：{quote(err.message)}）。view 要求内存按顺序排列，"
            f"且从不拷贝；请用 reshape（或 torch.flatten(x, 1)）展平，必要时它会拷贝。{FC}",
        )
    assert_tensor(call.value, _module_forward(x, state), mistakes=_module_mistakes(x, state))
    assert_inputs_unchanged(call, x, names=["x"])


@exercise("mlp_mnist.MLP")
@points(2)
def test_mlp_gradients(student):
    state = mlp_state(seed=230, dtype=torch.float64)
    net = student.mlp_mnist.MLP()
    _load(net, {k: v.float() for k, v in state.items()})
    net.double()
    net.load_state_dict(state)
    ref = ProbeMLP(state)
    x = _flat(_subset("train", 4, seed=231)[0]).double()
    x_ref = x.clone().requires_grad_()
    out = ref(x_ref)
    upstream = randn(4, 10, seed=232, dtype=torch.float64)
    params = dict(ref.named_parameters())
    grads = torch.autograd.grad(out, [x_ref, *params.values()], upstream)
    call = net.backward_call(x.clone().requires_grad_(), grad_outputs=[upstream])
    assert_tensor(call.value, out.detach(), what=Msg("the logits (float64)", "logits（float64）"))
    if not call.input_grads or call.input_grads[0] is None:
        fail(
            "The logits do not depend on the input through autograd: was x detached in "
            f"forward? {FC}",
            f"logits 在 autograd 中不依赖输入：forward 中是否把 x 分离了？{FC}",
        )
    assert_tensor(
        call.input_grads[0],
        grads[0],
        what=Msg("the gradient with respect to the images", "对图像的梯度"),
    )
    for (name, _), expected in zip(params.items(), grads[1:]):
        got = call.param_grads.get(name)
        if got is None:
            fail(
                f"MLP's {name!r} gets no gradient: is it a parameter that forward uses? {FC}",
                f"MLP 的 {name!r} 没有梯度：它是否是 forward 用到的参数？{FC}",
            )
        assert_tensor(got, expected, what=Msg(f"the gradient of {name!r}", f"{name!r} 的梯度"))


@exercise("mlp_mnist.MLP")
@points(1)
def test_mlp_meta_device(student):
    state = mlp_state(seed=240)
    net = student.mlp_mnist.MLP()
    _load(net, state)
    x = _flat(_subset("test", 2, seed=241)[0])
    assert_tensor(net(x), _module_forward(x, state), mistakes=_module_mistakes(x, state))
    net.to("meta")
    try:
        assert_keeps_meta(net.forward, x)
    except NotImplementedByStudent as err:
        if "meta" not in err.message:
            raise
        fail(
            f"Given a module and an input on the meta device, forward failed ({quote(err.message)}): a "
            f"tensor created without device= lands on the CPU. {GPU}",
            f"模块和输入都在 meta 设备上时 forward 失败（{quote(err.message)}）：新建张量未指定 device= "
            f"会落在 CPU 上。{GPU}",
        )


# -- train_epoch -------------------------------------------------------------------------------------------
@oracle
def _reference_epoch(state, x, y, batch_size, optimizer="sgd", lr=0.1, momentum=0.0, **change):
    """The judge's own epoch on ProbeMLP(state); `change` makes a known mistake: zero_grad=False,
    softmax=True (softmax before cross_entropy)."""
    model = ProbeMLP(state)
    opt = make_optimizer(model, optimizer, lr, momentum)
    model.train()
    total, count, batch_losses = 0.0, 0, []
    for xb, yb in tensor_loader(x, y, batch_size):
        logits = model(xb)
        loss = F.cross_entropy(logits.softmax(dim=1) if change.get("softmax") else logits, yb)
        if change.get("zero_grad", True):
            opt.zero_grad()
        loss.backward()
        opt.step()
        total += loss.item() * len(yb)
        count += len(yb)
        batch_losses.append(loss.item())
    return SimpleNamespace(
        loss=total / count,
        batch_mean=sum(batch_losses) / len(batch_losses),
        last=batch_losses[-1],
        state={k: v.detach().clone() for k, v in model.state_dict().items()},
    )


def _epoch_case(student, *, n, batch_size, seed, optimizer, lr, momentum=0.0, start_training=True):
    """Run the submission's train_epoch on a ProbeMLP, a loader and an optimizer built in the
    sandbox; compare the weights afterwards and the returned loss with the judge's epoch.
    Returns the Call (its probe_modes say how the epoch ran the model)."""
    x, y = _subset("train", n, seed=seed)
    state = mlp_state(seed=seed + 1, dtype=torch.float64)
    kit = student.mlp_mnist.kit_function
    model = kit(ProbeMLP).keep(state, start_training)
    loader = kit(tensor_loader).keep(x, y, batch_size)
    opt = kit(make_optimizer).keep(model, optimizer, lr, momentum)
    call = student.mlp_mnist.train_epoch.call(model, loader, opt, "cpu")
    loss = call.value
    ref = _reference_epoch(state, x, y, batch_size, optimizer, lr, momentum)

    def variants():
        def variant(**change):
            return _reference_epoch(state, x, y, batch_size, optimizer, lr, momentum, **change)

        return {
            Msg(
                f"optimizer.zero_grad() is missing: gradients add up over the batches, so every "
                f"step after the first uses the sum of all earlier gradients {MULTI.en}",
                f"缺少 optimizer.zero_grad()：梯度会在各批之间累加，第一步之后的每一步用的"
                f"都是之前所有梯度之和{MULTI.zh}",
            ): variant(zero_grad=False).state,
            Msg(
                f"softmax before F.cross_entropy: it applies log-softmax itself, pass it the "
                f"logits {MULTI.en}",
                f"在 F.cross_entropy 之前用了 softmax：它自己会做 log-softmax，请直接传入 "
                f"logits{MULTI.zh}",
            ): variant(softmax=True).state,
            Msg(
                f"the weights did not move: one optimizer.step() per batch, after loss.backward() "
                f"and before the next zero_grad() {MULTI.en}",
                f"权重没有变化：每批调用一次 optimizer.step()，在 loss.backward() 之后、"
                f"下一次 zero_grad() 之前{MULTI.zh}",
            ): state,
        }

    _check_state(
        model.state_dict(),
        ref.state,
        what=Msg("the weights after the epoch", "这一轮训练后的权重"),
        variants=variants,
    )
    _check_number(
        loss,
        ref.loss,
        what=Msg("the mean loss per sample over the epoch", "这一轮中每个样本的平均损失"),
        mistakes={
            Msg(
                f"the mean of the batch losses: the last batch is smaller, so weight each batch's "
                f"loss by its size (sum loss.item() * b, divide by the number of samples) {MULTI.en}",
                f"对各批的损失直接取了平均：最后一批较小，每批的损失要按批大小加权"
                f"（累加 loss.item() * b，再除以样本数）{MULTI.zh}",
            ): ref.batch_mean,
            Msg(
                f"the loss of the last batch only: add up the loss of every batch {MULTI.en}",
                f"只用了最后一批的损失：要把每一批的损失都加起来{MULTI.zh}",
            ): ref.last,
            Msg(
                f"summed over samples but not divided by their number {MULTI.en}",
                f"对样本求和后没有除以样本数{MULTI.zh}",
            ): ref.loss * n,
        },
    )
    return call


@exercise("mlp_mnist.train_epoch")
@points(3)
def test_train_epoch_sgd_last_batch_smaller(student):
    # 50 samples in batches of 8: six of 8, then one of 2
    _epoch_case(student, n=50, batch_size=8, seed=300, optimizer="sgd", lr=0.1)


@exercise("mlp_mnist.train_epoch")
@points(2)
def test_train_epoch_uses_the_optimizer_given(student):
    # Adam, lr 2e-3: only the optimizer handed in gives these weights
    _epoch_case(student, n=37, batch_size=16, seed=310, optimizer="adam", lr=2e-3)


@exercise("mlp_mnist.train_epoch")
@points(1)
def test_train_epoch_one_batch(student):
    _epoch_case(student, n=12, batch_size=32, seed=320, optimizer="sgd", lr=0.05, momentum=0.9)


@exercise("mlp_mnist.train_epoch")
@points(1)
def test_train_epoch_switches_to_training_mode(student):
    call = _epoch_case(
        student, n=20, batch_size=6, seed=330, optimizer="sgd", lr=0.05, start_training=False
    )
    modes = call.probe_modes
    if not modes or not all(mode["training"] for mode in modes):
        fail(
            "The model was given in evaluation mode and trained in it: call model.train() at "
            "the start of the epoch (after an evaluation the model is still in eval mode, and "
            f"dropout or batch norm would then behave as in testing). {MULTI}",
            "模型以评估模式传入，并在评估模式下训练：请在每轮开始时调用 model.train()"
            f"（评估之后模型仍处于评估模式，Dropout 或批标准化会按测试时的方式工作）。{MULTI}",
        )


# -- evaluate ----------------------------------------------------------------------------------------------
def _labels_for(state, x, right, seed):
    """Labels that the network predicts exactly where `right` is True."""
    with torch.no_grad():
        predicted = ProbeMLP(state)(x).argmax(dim=1)
    shift = torch.randint(1, 10, predicted.shape, generator=generator(seed))
    return torch.where(right, predicted, (predicted + shift) % 10)


def _evaluate_case(student, *, n, batch_size, seed, start_training=True):
    x, _ = _subset("test", n, seed=seed)
    state = mlp_state(seed=seed + 1, dtype=torch.float64)
    right = torch.rand(n, generator=generator(seed + 2)) < 0.6
    right[-1] = ~right[-2]  # a short last batch that is neither all right nor all wrong
    y = _labels_for(state, x, right, seed + 3)
    kit = student.mlp_mnist.kit_function
    model = kit(ProbeMLP).keep(state, start_training)
    call = student.mlp_mnist.evaluate.call(model, kit(tensor_loader).keep(x, y, batch_size), "cpu")
    accuracy = call.value
    correct = int(right.sum())
    per_batch = [chunk.double().mean().item() for chunk in right.split(batch_size)]
    _check_number(
        accuracy,
        correct / n,
        what=Msg("the accuracy", "准确率"),
        mistakes={
            Msg(
                f"the mean of the per-batch accuracies: the last batch is smaller; count the "
                f"correct samples and divide by the number of samples {TEST.en}",
                f"对各批的准确率取了平均：最后一批较小；应统计预测正确的样本数，再除以样本数{TEST.zh}",
            ): sum(per_batch) / len(per_batch),
            Msg(
                f"the number of correct predictions: divide by the number of samples {TEST.en}",
                f"返回的是预测正确的个数：要除以样本数{TEST.zh}",
            ): float(correct),
            Msg(
                f"a percentage: return a fraction in [0, 1] {TEST.en}",
                f"返回的是百分比：应返回 [0, 1] 之间的比例{TEST.zh}",
            ): 100.0 * correct / n,
            Msg(
                f"the fraction wrong, not right {TEST.en}",
                f"返回的是预测错误的比例，而不是正确的比例{TEST.zh}",
            ): 1 - correct / n,
        },
    )
    return model, state, call


@exercise("mlp_mnist.evaluate")
@points(2)
def test_evaluate_last_batch_smaller_weights_unchanged(student):
    # 50 samples in batches of 8: six of 8, then one of 2
    model, state, _ = _evaluate_case(student, n=50, batch_size=8, seed=400)
    got = model.state_dict()
    for key, value in state.items():
        assert_tensor(
            got[key],
            value,
            what=Msg(f"the model's {key!r} after evaluate", f"evaluate 之后模型的 {key!r}"),
            rtol=0,
            atol=0,
        )


@exercise("mlp_mnist.evaluate")
@points(1)
def test_evaluate_batches_of_one(student):
    _evaluate_case(student, n=7, batch_size=1, seed=410)


@exercise("mlp_mnist.evaluate")
@points(1)
def test_evaluate_in_eval_mode(student):
    _, _, call = _evaluate_case(student, n=30, batch_size=16, seed=420, start_training=True)
    modes = call.probe_modes
    if not modes or any(mode["training"] for mode in modes):
        fail(
            "The model was tested in training mode: call model.eval() first (dropout would "
            f"drop values and batch norm would use the batch's statistics). {TEST}",
            f"测试时模型处于训练模式：请先调用 model.eval()（否则 Dropout 会丢弃数值，批标准化会用当前批的统计量）。{TEST}",
        )


@exercise("mlp_mnist.evaluate")
@points(1)
def test_evaluate_builds_no_graph(student):
    _, _, call = _evaluate_case(student, n=30, batch_size=16, seed=430)
    modes = call.probe_modes
    if not modes or any(mode["grad_enabled"] for mode in modes):
        fail(
            "The forward passes ran with autograd recording: testing needs no gradients, and "
            "the graph costs time and memory. Run them inside `with torch.no_grad():` (or "
            f"torch.inference_mode()). {TEST}",
            "前向传播时 autograd 在记录计算图：测试不需要梯度，计算图只会浪费时间和内存。"
            f"请放在 `with torch.no_grad():`（或 torch.inference_mode()）中运行。{TEST}",
        )


# -- fit ------------------------------------------------------------------------------------------------------
def _fit(student, *fit_args, **fit_kwargs):
    """(model handle, history) from the submission's fit, with their types checked."""
    result = student.mlp_mnist.fit.keep(*fit_args, **fit_kwargs)
    assert_sequence(
        result, 2, what=Msg("fit's result (model, history)", "fit 的返回值（model, history）")
    )
    model, history = result
    if not isinstance(model, RemoteObject):
        fail(
            f"the first item of fit's result should be the trained MLP, not {type(model).__name__}.",
            f"fit 返回的第一项应当是训练好的 MLP，而不是 {type(model).__name__}。",
        )
    if not isinstance(history, (list, tuple)):
        fail(
            f"fit's history should be a list of dicts, not {type(history).__name__}.",
            f"fit 的 history 应当是 dict 的 list，而不是 {type(history).__name__}。",
        )
    for i, entry in enumerate(history):
        if not isinstance(entry, dict) or sorted(map(str, entry)) != ["accuracy", "loss"]:
            fail(
                f'history[{i}] should be {{"loss": ..., "accuracy": ...}}, not {entry!r:.80}.',
                f'history[{i}] 应当是 {{"loss": ..., "accuracy": ...}}，而不是 {entry!r:.80}。',
            )
    return model, list(history)


def _weights(model):
    """The network's six tensors in state_dict order, on the CPU (names are MLP's business)."""
    values = [v.detach() for v in model.state_dict().values()]
    shapes = [tuple(v.shape) for v in values]
    if shapes != STATE_SHAPES:
        fail(
            f"the model fit returned holds tensors of shapes {shapes}; the 784-200-200-10 MLP "
            f"holds {STATE_SHAPES}. Build MLP() in fit. {MULTI}",
            f"fit 返回的模型中张量的形状是 {shapes}；784-200-200-10 的 MLP 应为 {STATE_SHAPES}。请在 fit 中构建 MLP()。{MULTI}",
        )
    return [v.cpu() for v in values]


def _small_data(seed):
    train_x, train_y = _subset("train", 300, seed=seed)  # batches of 64: four, then one of 44
    test_x, test_y = _subset("test", 200, seed=seed + 1)  # batches of 128: one, then one of 72
    return train_x, train_y, test_x, test_y


def _small_loaders(student, data):
    train_x, train_y, test_x, test_y = data
    kit = student.mlp_mnist.kit_function
    return kit(tensor_loader).keep(train_x, train_y, 64), kit(tensor_loader).keep(
        test_x, test_y, 128
    )


@oracle
def _reference_fit(weights, data, epochs, lr, optimizer="adam"):
    """The judge's own run from the given initial weights: (history, final weights, train
    accuracies, mean batch losses)."""
    train_x, train_y, test_x, test_y = data
    model = ProbeMLP(dict(zip(MLP_KEYS, weights)))
    opt = make_optimizer(model, optimizer, lr)
    history, train_accuracy, batch_means = [], [], []
    for _ in range(epochs):
        model.train()
        total, losses = 0.0, []
        for xb, yb in tensor_loader(train_x, train_y, 64):
            loss = F.cross_entropy(model(xb), yb)
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item() * len(yb)
            losses.append(loss.item())
        model.eval()
        with torch.no_grad():
            right = sum(
                (model(xb).argmax(1) == yb).sum().item()
                for xb, yb in tensor_loader(test_x, test_y, 128)
            )
            train_right = (model(train_x).argmax(1) == train_y).sum().item()
        history.append({"loss": total / len(train_y), "accuracy": right / len(test_y)})
        train_accuracy.append(train_right / len(train_y))
        batch_means.append(sum(losses) / len(losses))
    final = [v.detach().clone() for v in model.state_dict().values()]
    return SimpleNamespace(
        history=history, weights=final, train_accuracy=train_accuracy, batch_means=batch_means
    )


@exercise("mlp_mnist.fit")
@points(2)
def test_fit_seeds_torch(student):
    data = _small_data(seed=500)
    train, test = _small_loaders(student, data)
    runs = {}
    for seed in (3, 4, 3):
        model, history = _fit(student, train, test, 0, 1e-3, "cpu", seed=seed)
        assert_equal(
            history, [], what=Msg("the history of fit with epochs=0", "epochs=0 时 fit 的 history")
        )
        runs.setdefault(seed, []).append(_weights(model))
    for i, (a, b) in enumerate(zip(*runs[3])):
        assert_tensor(
            b,
            a,
            what=Msg(
                f"state_dict tensor {i} of a second fit with seed 3 (against the first)",
                f"seed 为 3 的第二次 fit 的 state_dict 中第 {i} 个张量（与第一次相比）",
            ),
        )
    if all(torch.equal(a, b) for a, b in zip(runs[3][0], runs[4][0])):
        fail(
            "fit with seed 3 and with seed 4 built the same network: call torch.manual_seed(seed) "
            "at the start of fit, before MLP() draws its weights (the grader resets torch's "
            f"random state before every call, so a fit that does not seed always starts alike). {MULTI}",
            "seed 为 3 和 4 的 fit 构建出了相同的网络：请在 fit 开头、MLP() 抽取权重之前调用 torch.manual_seed(seed)"
            f"（评分程序在每次调用前都会重置随机状态，所以不设种子的 fit 总是从同一个网络开始）。{MULTI}",
        )


@exercise("mlp_mnist.fit")
@points(3)
def test_fit_trains_with_adam_and_reports_each_epoch(student):
    data = _small_data(seed=510)
    train, test = _small_loaders(student, data)
    lr, epochs = 3e-3, 2
    start, _ = _fit(student, train, test, 0, lr, "cpu", seed=7)  # the network fit starts from
    model, history = _fit(student, train, test, epochs, lr, "cpu", seed=7)
    initial = _weights(start)
    ref = _reference_fit(initial, data, epochs, lr)
    assert_equal(
        len(history),
        epochs,
        what=Msg(
            f"the number of entries in the history of {epochs} epochs",
            f"{epochs} 轮的 history 的条目数",
        ),
    )

    def by_position(weights):
        return {
            tr(f"tensor {i} {shape_str(w.shape)}", f"第 {i} 个张量 {shape_str(w.shape)}"): w
            for i, w in enumerate(weights)
        }

    def variants():
        return {
            Msg(
                f"trained with SGD; fit uses torch.optim.Adam(model.parameters(), lr=lr) "
                f"{MULTI.en}",
                f"用了 SGD 训练；fit 应使用 torch.optim.Adam(model.parameters(), lr=lr){MULTI.zh}",
            ): by_position(_reference_fit(initial, data, epochs, lr, "sgd").weights),
            Msg(
                f"the learning rate was not passed on: Adam(model.parameters(), lr=lr) {MULTI.en}",
                f"没有把学习率传给优化器：Adam(model.parameters(), lr=lr){MULTI.zh}",
            ): by_position(_reference_fit(initial, data, epochs, 1e-3).weights),
            Msg(
                f"one epoch short: train for every one of the `epochs` epochs {MULTI.en}",
                f"少训练了一轮：要训练满 `epochs` 轮{MULTI.zh}",
            ): by_position(_reference_fit(initial, data, epochs - 1, lr).weights),
            Msg(
                f"the weights did not move: was the model returned the one trained? {MULTI.en}",
                f"权重没有变化：返回的模型是训练过的那个吗？{MULTI.zh}",
            ): by_position(initial),
        }

    # The student's float32 MLP and the judge's float32 run sum in other orders, and Adam
    # magnifies that for near-zero gradients: compare where training took the weights as a whole.
    assert_trained_like(
        by_position(_weights(model)),
        by_position(ref.weights),
        by_position(initial),
        what=Msg(f"the model's weights after {epochs} epochs", f"训练 {epochs} 轮后模型的权重"),
        variants=variants,
    )
    for epoch, (got, expected) in enumerate(zip(history, ref.history)):
        _check_number(
            got["loss"],
            expected["loss"],
            what=Msg(
                f'the loss of epoch {epoch + 1} in the history (history[{epoch}]["loss"])',
                f'history 中第 {epoch + 1} 轮的损失（history[{epoch}]["loss"]）',
            ),
            rel=1e-4,
            mistakes={
                Msg(
                    f"the mean of the batch losses: weight each batch by its size (the last "
                    f"batch is smaller) {MULTI.en}",
                    f"对各批的损失直接取了平均：每批要按批大小加权（最后一批较小）{MULTI.zh}",
                ): ref.batch_means[epoch]
            },
        )
        _check_number(
            got["accuracy"],
            expected["accuracy"],
            what=Msg(
                f'the accuracy after epoch {epoch + 1} in the history (history[{epoch}]["accuracy"])',
                f'history 中第 {epoch + 1} 轮后的准确率（history[{epoch}]["accuracy"]）',
            ),
            abs_=0.006,  # one test image of 200, should a near tie fall the other way
            mistakes={
                Msg(
                    f"the accuracy on the training set: the history holds the TEST accuracy "
                    f"(evaluate on test_loader) {TEST.en}",
                    f"这是训练集上的准确率：history 记录的是测试集上的准确率"
                    f"（在 test_loader 上评估）{TEST.zh}",
                ): ref.train_accuracy[epoch]
            },
        )


LAST_ACCURACY = Msg(
    "the accuracy after the last epoch in the history (it should be the returned model's "
    "accuracy on the 1,000 test images)",
    "history 中最后一轮后的准确率（应当是返回的模型在 1,000 张测试图片上的准确率）",
)


@exercise("mlp_mnist.fit")
@points(3)
@pytest.mark.call_timeout(180)
def test_fit_capstone_reaches_90_percent(student, report_dir):
    """The issue's capstone: 5 epochs, batches of 64, Adam lr 1e-3 on the 4,000 training
    images; at least 0.90 accuracy on the 1,000 test images."""
    train, test = student.mlp_mnist.kit_function(mnist_loaders).keep(64)
    model, history = _fit(student, train, test, 5, 1e-3, "cpu")
    if report_dir is not None:
        save_training_curve(history, report_dir / "mlp_mnist_fit.png", title="mlp_mnist: fit")
    assert_equal(
        len(history),
        5,
        what=Msg("the number of entries in the history of 5 epochs", "5 轮的 history 的条目数"),
    )
    test_x, test_y = _mnist("test")
    model.eval()
    logits = model(test_x.reshape(1000, 784))
    accuracy = (logits.argmax(dim=1) == test_y).sum().item() / 1000
    final = history[-1]["accuracy"]
    if isinstance(final, float) and abs(final - accuracy) > 0.0015:
        train_x, train_y = _mnist("train")
        on_train = (model(train_x.reshape(4000, 784)).argmax(dim=1) == train_y).sum().item() / 4000
        _check_number(
            final,
            accuracy,
            what=LAST_ACCURACY,
            abs_=0.0015,
            mistakes={
                Msg(
                    f"the accuracy on the training set: the history holds the TEST accuracy "
                    f"{TEST.en}",
                    f"这是训练集上的准确率：history 记录的是测试集上的准确率{TEST.zh}",
                ): on_train
            },
        )
    _check_number(
        final,
        accuracy,
        what=LAST_ACCURACY,
        abs_=0.0015,
    )
    curve = ", ".join(f"{h['accuracy']:.3f}" for h in history if isinstance(h["accuracy"], float))
    if accuracy < 0.90:
        fail(
            f"after 5 epochs the model classifies {accuracy:.1%} of the 1,000 test images "
            f"correctly; at least 90% is expected (test accuracy per epoch: {curve}). Check the "
            f"network (ReLU after the hidden layers, logits out), cross_entropy on the logits, "
            f"zero_grad/backward/step once per batch, Adam with lr. {TEST}",
            f"训练 5 轮后模型在 1,000 张测试图片上的准确率为 {accuracy:.1%}，应至少 90%（每轮的测试准确率：{curve}）。"
            f"请检查网络（隐藏层后的 ReLU、输出 logits）、对 logits 用 cross_entropy、每批一次 "
            f"zero_grad/backward/step、带 lr 的 Adam。{TEST}",
        )
    losses = [h["loss"] for h in history]
    if not losses[-1] < losses[0]:
        fail(
            f"the training loss did not go down over 5 epochs: {losses}. {MULTI}",
            f"5 轮训练中训练损失没有下降：{losses}。{MULTI}",
        )


# -- CPU / CUDA agreement (skipped without CUDA) -------------------------------------------------------
@pytest.mark.parametrize(
    "name, make_args",
    cuda_cases(
        "mlp_mnist",
        {
            "init_mlp_params": lambda: random_args(generator(600)),
            "mlp_forward": lambda: args(randn(5, 784, seed=601), _params(seed=602)),
        },
    ),
)
def test_same_on_cuda(student, name, make_args):
    """Device agreement: the same answer on CPU and on CUDA, returned on CUDA."""
    assert_same_on_cuda(getattr(student.mlp_mnist, name), make_args())


@exercise("mlp_mnist.MLP")
@points(1)
@requires_cuda
def test_mlp_agrees_on_cuda(student):
    state = mlp_state(seed=610)
    net = student.mlp_mnist.MLP()
    _load(net, state)
    x = _flat(_subset("test", 6, seed=611)[0])
    on_cpu = net(x)
    assert_tensor(on_cpu, _module_forward(x, state), mistakes=_module_mistakes(x, state))
    net.to("cuda")
    assert_agree_across_devices(net(x.to("cuda")), on_cpu, what=Msg("MLP's output", "MLP 的输出"))


@exercise("mlp_mnist.train_epoch")
@points(1)
@requires_cuda
def test_train_epoch_on_cuda(student):
    x, y = _subset("train", 40, seed=620)
    state = mlp_state(seed=621, dtype=torch.float64)
    kit = student.mlp_mnist.kit_function
    model = kit(ProbeMLP).keep(state)
    model.to("cuda")
    opt = kit(make_optimizer).keep(model, "sgd", 0.1)
    loss = student.mlp_mnist.train_epoch(model, kit(tensor_loader).keep(x, y, 16), opt, "cuda")
    ref = _reference_epoch(state, x, y, 16, "sgd", 0.1)
    assert_agree_across_devices(
        model.state_dict(), ref.state, what=Msg("the weights after the epoch", "这一轮训练后的权重")
    )
    _check_number(
        loss,
        ref.loss,
        what=Msg("the mean loss per sample on CUDA", "CUDA 上每个样本的平均损失"),
        rel=1e-4,
    )


@exercise("mlp_mnist.evaluate")
@points(1)
@requires_cuda
def test_evaluate_on_cuda(student):
    x, _ = _subset("test", 40, seed=630)
    state = mlp_state(seed=631, dtype=torch.float64)
    right = torch.rand(40, generator=generator(632)) < 0.5
    y = _labels_for(state, x, right, 633)
    kit = student.mlp_mnist.kit_function
    model = kit(ProbeMLP).keep(state)
    model.to("cuda")
    accuracy = student.mlp_mnist.evaluate(model, kit(tensor_loader).keep(x, y, 16), "cuda")
    _check_number(
        accuracy,
        int(right.sum()) / 40,
        what=Msg("the accuracy on CUDA", "CUDA 上的准确率"),
        abs_=0.026,
    )


@exercise("mlp_mnist.fit")
@points(1)
@requires_cuda
def test_fit_on_cuda(student):
    data = _small_data(seed=640)
    train, test = _small_loaders(student, data)
    start, _ = _fit(student, train, test, 0, 2e-3, "cuda", seed=9)
    model, history = _fit(student, train, test, 1, 2e-3, "cuda", seed=9)
    state = model.state_dict()
    off = [k for k, v in state.items() if v.device.type != "cuda"]
    if off:
        fail(
            f"fit was asked for device 'cuda' but the model's {off[0]!r} is on the "
            f"{state[off[0]].device.type}: move the model with model.to(device). {GPU}",
            f"fit 要求 device 为 'cuda'，但模型的 {off[0]!r} 在 {state[off[0]].device.type} 上："
            f"请用 model.to(device) 移动模型。{GPU}",
        )
    ref = _reference_fit(_weights(start), data, 1, 2e-3)
    assert_equal(
        len(history),
        1,
        what=Msg("the number of entries in the history of 1 epoch", "1 轮的 history 的条目数"),
    )
    _check_number(
        history[0]["loss"],
        ref.history[0]["loss"],
        what=Msg("the loss on CUDA", "CUDA 上的损失"),
        rel=1e-3,
    )
    _check_number(
        history[0]["accuracy"],
        ref.history[0]["accuracy"],
        what=Msg("the accuracy on CUDA", "CUDA 上的准确率"),
        abs_=0.011,
    )
