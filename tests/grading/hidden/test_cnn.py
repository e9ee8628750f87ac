"""Hidden checks for topic `cnn` (经典卷积网络 / ResNet与DenseNet / nn.Module模块).

The student's modules live in the sandbox. The judge builds reference modules here from torch.nn
built-ins (same attribute names, seeded, batch-norm statistics made non-trivial), checks that the
student's `state_dict()` has the same names and shapes, loads the reference weights into it and
compares: outputs in training mode (batch statistics) and the running statistics that forward
leaves behind, outputs in eval mode, gradients with respect to the input and every parameter
(float64), parameter counts, the meta device and, with CUDA, CPU/CUDA agreement. `ResBlk` is
checked for each of the four cases {equal, unequal channels} x {stride 1, 2}, each with its own
points. count_parameters and the checkpoint functions are given models built from torch.nn in
the sandbox, so that they are graded on their own."""

import copy
import io

import pytest
import torch
import torch.nn.functional as F
from torch import nn

from grader.checks import (
    GradingFailure,
    assert_agree_across_devices,
    assert_close_number,
    assert_equal,
    assert_inputs_unchanged,
    assert_tensor,
    fail,
    non_contiguous,
    randn,
    requires_cuda,
    tensors_match,
)
from grader.checks.behaviour import DEVICE_MIX_ERRORS
from grader.checks.compare import THE_RESULT, looks_like, shape_str
from grader.checks.devices import LeftOut
from grader.checks.feedback import shown
from grader.checks.oracle import oracle
from grader.files import SandboxFiles
from grader.i18n import Msg, quote, tr
from grader.lessons import cite
from grader.sandbox.client import NotImplementedByStudent, RemoteObject, StudentError

exercise = pytest.mark.exercise
points = pytest.mark.points

# The device checks an exercise leaves out, and why (tests/kit/test_completeness.py).
DEVICE_CHECKS_LEFT_OUT = {
    "count_parameters": LeftOut(
        meta="returns an int: no tensor, so no device",
        cuda="returns an int: no tensor, so no device",
    ),
    "save_checkpoint": LeftOut(
        meta="writes a file; where the loaded weights go is load_state_dict's (torch's) business",
        cuda="writes a file; where the loaded weights go is load_state_dict's (torch's) business",
    ),
    "load_checkpoint": LeftOut(
        meta="reads a file into the given model; where the weights go is load_state_dict's (torch's) business",
        cuda="reads a file into the given model; where the weights go is load_state_dict's (torch's) business",
    ),
}


@pytest.fixture
def ckpt(student):
    """Checkpoint files in the sandbox's own folder (it sees none of the judge's): paths there,
    and their bytes fetched or sent (grader.files)."""
    return SandboxFiles(student.cnn)


MODULE = cite("module")
CLASSIC = cite("classic_cnns")
RESNET = cite("resnet")
DIMS = cite("view", "view/reshape")
SQUEEZE = cite("squeeze", "squeeze")


AFTER_TRAINING_FORWARD = Msg("after one forward in training mode", "训练模式下做一次前向传播之后")
NUMBER_OF_PARAMETERS = Msg("the number of parameters", "参数个数")


# -- reference modules, built from torch.nn ---------------------------------------------------------
class RefMyLinear(nn.Module):
    def __init__(self, inp, outp):
        super().__init__()
        self.w = nn.Parameter(torch.randn(outp, inp) / inp**0.5)
        self.b = nn.Parameter(torch.randn(outp))

    def forward(self, x):
        return F.linear(x, self.w, self.b)


class RefLenet5(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv_unit = nn.Sequential(
            nn.Conv2d(3, 16, 5), nn.MaxPool2d(2, 2), nn.Conv2d(16, 32, 5), nn.MaxPool2d(2, 2)
        )
        self.fc_unit = nn.Sequential(nn.Linear(800, 32), nn.ReLU(), nn.Linear(32, 10))

    def forward(self, x):
        return self.fc_unit(torch.flatten(self.conv_unit(x), 1))


class RefResBlk(nn.Module):
    def __init__(self, ch_in, ch_out, stride=1):
        super().__init__()
        self.conv1 = nn.Conv2d(ch_in, ch_out, 3, stride, 1)
        self.bn1 = nn.BatchNorm2d(ch_out)
        self.conv2 = nn.Conv2d(ch_out, ch_out, 3, 1, 1)
        self.bn2 = nn.BatchNorm2d(ch_out)
        self.extra = nn.Sequential()
        if ch_in != ch_out or stride != 1:
            self.extra = nn.Sequential(nn.Conv2d(ch_in, ch_out, 1, stride), nn.BatchNorm2d(ch_out))

    def forward(self, x):
        return F.relu(self.extra(x) + self.bn2(self.conv2(F.relu(self.bn1(self.conv1(x))))))


class RefDenseBlock(nn.Module):
    def __init__(self, ch_in, growth, n_layers):
        super().__init__()
        self.layers = nn.ModuleList(
            nn.Sequential(
                nn.BatchNorm2d(ch_in + i * growth),
                nn.ReLU(),
                nn.Conv2d(ch_in + i * growth, growth, 3, padding=1),
            )
            for i in range(n_layers)
        )

    def forward(self, x):
        features = x
        for layer in self.layers:
            features = torch.cat([features, layer(features)], dim=1)
        return features


@oracle
def reference(cls, *args, seed):
    """A reference module with seeded weights; batch norm gets weights, biases and running
    statistics away from their defaults, so that train and eval mode differ visibly."""
    with torch.random.fork_rng():
        torch.manual_seed(seed)
        ref = cls(*args)
        with torch.no_grad():
            for m in ref.modules():
                if isinstance(m, nn.BatchNorm2d):
                    m.weight.uniform_(0.5, 1.5)
                    m.bias.uniform_(-0.5, 0.5)
                    m.running_mean.uniform_(-0.5, 0.5)
                    m.running_var.uniform_(0.5, 2.0)
                    m.num_batches_tracked.fill_(3)
    return ref


def _listed(entries, limit=8):
    listed = tr(", ", "、").join(entries[:limit])
    more = len(entries) - limit
    return listed + (tr(f" (and {more} more)", f"（另有 {more} 个）") if more > 0 else "")


def load_reference(model: RemoteObject, ref: nn.Module, hints=None):
    """The student's module must have the reference's state_dict names and shapes (each missing,
    unexpected or mis-shaped entry is named; `hints` {prefix: Msg} adds a hint when an entry
    starting with that prefix is missing); then the reference's weights are loaded into it."""
    name = model.type_name
    got = {k: tuple(v.shape) for k, v in model.state_dict().items()}
    want = {k: tuple(v.shape) for k, v in ref.state_dict().items()}
    missing = [f"{k!r} {shape_str(s)}" for k, s in want.items() if k not in got]
    extra = [f"{k!r} {shape_str(s)}" for k, s in got.items() if k not in want]
    wrong = [
        tr(
            f"{k!r} {shape_str(got[k])} (expected {shape_str(s)})",
            f"{k!r} {shape_str(got[k])}（应为 {shape_str(s)}）",
        )
        for k, s in want.items()
        if k in got and got[k] != s
    ]
    if not (missing or extra or wrong):
        model.load_state_dict({k: v.clone() for k, v in ref.state_dict().items()})
        return
    problems = []
    absent = [k for k in want if k not in got]
    hint = next(
        (h for prefix, h in (hints or {}).items() if any(k.startswith(prefix) for k in absent)),
        None,
    )
    if missing:
        problems.append(Msg(f"{name} has no {_listed(missing)}", f"{name} 缺少 {_listed(missing)}"))
    if wrong:
        problems.append(
            Msg(
                f"{name} has the wrong shape in {_listed(wrong)}",
                f"{name} 的形状不对：{_listed(wrong)}",
            )
        )
    if extra:
        problems.append(
            Msg(
                f"{name} has {_listed(extra)}, which the exercise does not ask for",
                f"{name} 多了题目没有要求的 {_listed(extra)}",
            )
        )
    fail(
        "; ".join(p.en for p in problems)
        + ". "
        + (hint.en + " " if hint else "")
        + "The grader loads its "
        "weights by name with load_state_dict: use the attribute names, layer order and sizes of "
        "the docstring. A tensor is a parameter only as nn.Parameter, and a list of layers is "
        "registered only as nn.ModuleList. " + MODULE.en,
        "；".join(p.zh for p in problems)
        + "。"
        + (hint.zh if hint else "")
        + "评分程序用 load_state_dict 按名字加载权重：请使用文档字符串中的"
        "属性名、层的顺序和大小。张量只有包成 nn.Parameter 才是参数，层的列表只有用 nn.ModuleList "
        "才会被注册。" + MODULE.zh,
    )


def _resblk_hint(ch_in, ch_out, stride):
    if ch_in == ch_out and stride != 1:
        return {
            "extra.": Msg(
                f"With equal channels and stride {stride} the main path shrinks h and w, so x must "
                f"go through the shortcut too: build `extra` (1x1 conv with the stride, then batch "
                f"norm) when ch_in != ch_out OR stride != 1.",
                f"通道数相同但 stride={stride} 时主路径会缩小 h 和 w，所以短接（shortcut）上的 x 也要变换："
                f"当 ch_in != ch_out 或 stride != 1 时都要构建 `extra`（带该步长的 1x1 卷积，再接批标准化）。",
            )
        }
    return None


def assert_output(got, expected, mistakes_of=None, what=THE_RESULT):
    """assert_tensor, with the named mistakes (`mistakes_of()`, run on the judge's reference
    modules) computed only when the answer is wrong."""
    right = (
        isinstance(got, torch.Tensor)
        and got.dtype == expected.dtype
        and got.device.type == expected.device.type
        and tensors_match(got, expected)
    )
    mistakes = mistakes_of() if mistakes_of is not None and not right else None
    assert_tensor(got, expected, what=what, mistakes=mistakes)


def check_state_after(model: RemoteObject, ref: nn.Module, when: Msg, before=None):
    """Running statistics (and every other entry) of the student's module equal the reference's;
    `before` (the state loaded) names the mistake of statistics that did not move."""
    got = model.state_dict()
    for key, expected in ref.state_dict().items():
        mistakes = {}
        if before is not None and not torch.equal(before[key], expected):
            mistakes[
                Msg(
                    f"it did not move: in training mode every BatchNorm2d updates its running "
                    f"statistics once per forward (was each one called exactly once?) {RESNET.en}",
                    f"它没有变：训练模式下每个 BatchNorm2d 每做一次前向传播就更新一次滑动统计量"
                    f"（是否每个都恰好调用了一次？）{RESNET.zh}",
                )
            ] = before[key]
        what = Msg(
            f"{model.type_name}'s {key!r} {when.en}", f"{model.type_name} 的 {key!r}（{when.zh}）"
        )
        assert_tensor(got[key], expected, what=what, mistakes=mistakes)


def check_gradients(model: RemoteObject, ref: nn.Module, x: torch.Tensor, seed: int, mistakes=None):
    """In float64: the output, the gradient with respect to the input and to every parameter,
    for a random upstream gradient, equal the reference's autograd. `mistakes(ref, x)` names
    wrong outputs."""
    model.double()
    ref.double()
    x = x.double()
    x_ref = x.clone().requires_grad_()
    out = ref(x_ref)
    upstream = randn(*out.shape, seed=seed, dtype=torch.float64)
    params = dict(ref.named_parameters())
    grads = torch.autograd.grad(out, [x_ref, *params.values()], upstream)
    call = model.backward_call(x.clone().requires_grad_(), grad_outputs=[upstream])
    assert_output(
        call.value,
        out.detach(),
        (lambda: mistakes(ref, x)) if mistakes else None,
        what=Msg("the output (float64, training mode)", "输出（float64，训练模式）"),
    )
    if not call.input_grads or call.input_grads[0] is None:
        fail(
            "The output does not depend on the input through autograd: was x detached "
            "(x.detach(), x.data, torch.tensor(x)) somewhere in forward? " + MODULE,
            "输出在 autograd 中不依赖输入：forward 里是否把 x 分离了（x.detach()、x.data、torch.tensor(x)）？"
            + MODULE,
        )
    try:
        assert_tensor(
            call.input_grads[0],
            grads[0],
            what=Msg("the gradient with respect to the input", "对输入的梯度"),
        )
    except GradingFailure as wrong:  # the judge's own comparison: add what it means here
        fail(
            f"{wrong} The output was right, so a path from x to the output is cut off from "
            f"autograd: x.detach(), x.data or torch.tensor(x) somewhere in forward? {MODULE}",
            f"{wrong} 输出是对的，所以从 x 到输出的某条路径被 autograd 切断了：forward 中是否用了 "
            f"x.detach()、x.data 或 torch.tensor(x)？{MODULE}",
        )
    got = call.param_grads
    for (name, _), expected in zip(params.items(), grads[1:]):
        if name not in got:
            fail(
                f"{model.type_name}'s {name!r} does not require grad: register it as an "
                f"nn.Parameter (requires_grad=True), not a buffer or a plain tensor. {MODULE}",
                f"{model.type_name} 的 {name!r} 不需要梯度：请注册为 nn.Parameter（requires_grad=True），"
                f"不要用缓冲区或普通张量。{MODULE}",
            )
        if got[name] is None:
            fail(
                f"{model.type_name}'s {name!r} got no gradient: forward does not use it. {MODULE}",
                f"{model.type_name} 的 {name!r} 没有梯度：forward 中没有用到它。{MODULE}",
            )
        assert_tensor(
            got[name], expected, what=Msg(f"the gradient of {name!r}", f"{name!r} 的梯度")
        )
    return call


def check_keeps_meta(model: RemoteObject, x: torch.Tensor):
    """Moved to the meta device, the module must return a meta tensor for a meta input. Like
    assert_keeps_meta, a module that cannot run on meta for another reason is not failed."""
    model.to("meta")
    try:
        out = model(x.to("meta"))
    except StudentError as err:
        # A CPU tensor meeting meta ones: a device-mix RuntimeError, or torch's
        # NotImplementedError "Cannot copy out of meta tensor" (which is not the stub's).
        if isinstance(err, NotImplementedByStudent) and "meta" not in err.message:
            raise
        if "meta" in err.message or any(sign in err.message for sign in DEVICE_MIX_ERRORS):
            fail(
                f"Given a module and an input on the meta device, forward failed "
                f"({err.exc_type}: {quote(err.message)}): a tensor created without device= lands on "
                f"the CPU. Create it with device=x.device, or use torch.cat / *_like functions.",
                f"模块和输入都在 meta 设备上时 forward 失败（{err.exc_type}：{quote(err.message)}）："
                f"新建张量未指定 device= 会落在 CPU 上。请用 device=x.device 创建，或用 torch.cat、*_like 函数。",
            )
        return
    if not isinstance(out, torch.Tensor) or out.device.type != "meta":
        where = out.device.type if isinstance(out, torch.Tensor) else type(out).__name__
        fail(
            f"Given a module and an input on the meta device, forward returned a result on "
            f"{where}: a tensor created without device= lands on the CPU. Create it with "
            f"device=x.device, or use *_like functions.",
            f"模块和输入都在 meta 设备上时，forward 的结果在 {where} 上：新建张量未指定 device= 会落在 CPU 上。"
            f"请用 device=x.device 创建，或用 *_like 函数。",
        )


def check_cuda_agreement(model: RemoteObject, x: torch.Tensor):
    """Forward on the CPU, then the same module moved to CUDA on the same input moved there: the
    outputs agree (and the CUDA one is on CUDA)."""
    on_cpu = model(x)
    model.to("cuda")
    on_cuda = model(x.to("cuda"))
    assert_agree_across_devices(
        on_cuda, on_cpu, what=Msg(f"{model.type_name}'s output", f"{model.type_name} 的输出")
    )


# -- Flatten ---------------------------------------------------------------------------------------
def _flatten_mistakes(x):
    b = x.shape[0]
    mistakes = {
        Msg(
            f"flattened the batch dim too: keep dim 0, x.reshape(x.shape[0], -1) {DIMS.en}",
            f"把批维度也展平了：要保留第 0 维，x.reshape(x.shape[0], -1){DIMS.zh}",
        ): x.reshape(-1)
    }
    if b == 1:  # flattening everything and squeezing look alike here
        mistakes = {
            Msg(
                f"the batch dim was lost (flattened or squeezed away): keep dim 0 even when b == 1, "
                f"x.reshape(x.shape[0], -1) {DIMS.en}",
                f"批维度丢了（被展平或被 squeeze 掉）：b == 1 时也要保留第 0 维，"
                f"x.reshape(x.shape[0], -1){DIMS.zh}",
            ): x.reshape(-1),
            Msg(
                f"the batch dim was squeezed away for b == 1 {SQUEEZE.en}",
                f"b == 1 时批维度被 squeeze 掉了{SQUEEZE.zh}",
            ): x.reshape(b, -1).squeeze(),
        }
    if x.dim() >= 3:
        mistakes[
            Msg(f"only the last two dims were joined {DIMS.en}", f"只合并了最后两个维度{DIMS.zh}")
        ] = x.flatten(-2)
    return mistakes


@pytest.mark.parametrize(
    "shape",
    [
        pytest.param((3, 2, 4, 5), marks=[exercise("cnn.Flatten"), points(1)], id="4d"),
        pytest.param((1, 6, 2, 3), marks=[exercise("cnn.Flatten"), points(1)], id="batch-1"),
        pytest.param((4, 7), marks=[exercise("cnn.Flatten"), points(1)], id="2d"),
        pytest.param((2, 3, 1, 4, 2), marks=[exercise("cnn.Flatten"), points(1)], id="5d"),
        pytest.param((1, 1, 1, 1), marks=[exercise("cnn.Flatten"), points(1)], id="all-ones"),
    ],
)
def test_flatten_shapes(student, shape):
    x = randn(*shape, seed=101)
    assert_tensor(student.cnn.Flatten()(x), x.reshape(shape[0], -1), mistakes=_flatten_mistakes(x))


@exercise("cnn.Flatten")
@points(2)
def test_flatten_non_contiguous_input(student):
    x = non_contiguous(randn(3, 4, 5, 6, seed=102))  # after a transpose: view cannot flatten it
    layer = student.cnn.Flatten()
    try:
        call = layer.forward.call(x)
    except NotImplementedByStudent:
        raise
    except StudentError as err:
        if "view" not in err.message:
            raise
        fail(
            f"Flatten failed on a non-contiguous input ({err.exc_type}: {quote(err.message)}). "
            f"view needs memory laid out in order (it never copies); reshape copies when it must. "
            f"Use x.reshape(x.shape[0], -1). {DIMS}",
            f"Flatten 在不连续的输入上失败（{err.exc_type}：{quote(err.message)}）。view 要求内存按顺序排列"
            f"（它从不拷贝），reshape 在必要时会拷贝。请用 x.reshape(x.shape[0], -1)。{DIMS}",
        )
    assert_tensor(call.value, x.reshape(3, -1), mistakes=_flatten_mistakes(x))
    assert_inputs_unchanged(call, x, names=["x"])


@exercise("cnn.Flatten")
@points(1)
def test_flatten_meta_device(student):
    x = randn(2, 3, 4, 2, seed=103)
    layer = student.cnn.Flatten()
    assert_tensor(layer(x), x.reshape(2, -1), mistakes=_flatten_mistakes(x))
    check_keeps_meta(layer, x)


# -- MyLinear --------------------------------------------------------------------------------------
@exercise("cnn.MyLinear")
@points(1)
def test_my_linear_parameters(student):
    layer = student.cnn.MyLinear(5, 3)
    load_reference(layer, reference(RefMyLinear, 5, 3, seed=110))


@pytest.mark.parametrize(
    "inp, outp, x_shape, dtype",
    [
        pytest.param(
            5, 3, (4, 5), torch.float32, marks=[exercise("cnn.MyLinear"), points(2)], id="5-to-3"
        ),
        pytest.param(
            4, 4, (3, 4), torch.float32, marks=[exercise("cnn.MyLinear"), points(2)], id="square"
        ),
        pytest.param(
            6,
            2,
            (2, 3, 6),
            torch.float32,
            marks=[exercise("cnn.MyLinear"), points(1)],
            id="leading-dims",
        ),
        pytest.param(
            3,
            1,
            (1, 3),
            torch.float64,
            marks=[exercise("cnn.MyLinear"), points(1)],
            id="float64-one-row",
        ),
    ],
)
def test_my_linear_values(student, inp, outp, x_shape, dtype):
    ref = reference(RefMyLinear, inp, outp, seed=111).to(dtype)
    layer = student.cnn.MyLinear(inp, outp)
    load_reference(layer, ref)
    if dtype == torch.float64:
        layer.double()
    x = randn(*x_shape, seed=112, dtype=dtype)
    w, b = ref.w.detach(), ref.b.detach()
    mistakes = {Msg(f"the bias is missing {MODULE.en}", f"漏了偏置{MODULE.zh}"): x @ w.T}
    if inp == outp:
        mistakes[
            Msg(
                f"x @ w without the transpose: w is [outp, inp], compute x @ w.T {MODULE.en}",
                f"x @ w 没有转置：w 的形状是 [outp, inp]，要算 x @ w.T{MODULE.zh}",
            )
        ] = x @ w + b
    assert_tensor(layer(x), ref(x).detach(), mistakes=mistakes)


@exercise("cnn.MyLinear")
@points(2)
def test_my_linear_gradients(student):
    ref = reference(RefMyLinear, 4, 3, seed=113)
    layer = student.cnn.MyLinear(4, 3)
    load_reference(layer, ref)
    check_gradients(layer, ref, randn(5, 4, seed=114), seed=115)


@exercise("cnn.MyLinear")
@points(1)
def test_my_linear_meta_device(student):
    ref = reference(RefMyLinear, 3, 2, seed=116)
    layer = student.cnn.MyLinear(3, 2)
    load_reference(layer, ref)
    x = randn(4, 3, seed=117)
    assert_tensor(layer(x), ref(x).detach())
    check_keeps_meta(layer, x)


# -- Lenet5 ----------------------------------------------------------------------------------------
def _lenet5_mistakes(ref, x):
    with torch.no_grad():
        features = ref.conv_unit(x)
        logits = ref.fc_unit(features.flatten(1))
        return {
            Msg(
                f"softmax at the end: return the logits, nn.CrossEntropyLoss applies softmax itself "
                f"{CLASSIC.en}",
                f"最后多做了 softmax：应返回 logits，nn.CrossEntropyLoss 自己会做 softmax{CLASSIC.zh}",
            ): logits.softmax(dim=1),
            Msg(
                f"flattened in [h, w, c] order (a permute before the view); flatten [b, 32, 5, 5] "
                f"as it is {CLASSIC.en}",
                f"按 [h, w, c] 的顺序展平了（view 之前做了 permute）；[b, 32, 5, 5] 应原样展平"
                f"{CLASSIC.zh}",
            ): ref.fc_unit(features.permute(0, 2, 3, 1).reshape(x.shape[0], -1)),
            Msg(
                f"a ReLU after conv_unit: the course's LeNet-5 has no activation in conv_unit "
                f"{CLASSIC.en}",
                f"conv_unit 后面多了 ReLU：课程中的 LeNet-5 在 conv_unit 里没有激活函数{CLASSIC.zh}",
            ): ref.fc_unit(F.relu(features).flatten(1)),
        }


@pytest.mark.parametrize(
    "batch",
    [
        pytest.param(3, marks=[exercise("cnn.Lenet5"), points(2)], id="batch-3"),
        pytest.param(1, marks=[exercise("cnn.Lenet5"), points(1)], id="batch-1"),
    ],
)
def test_lenet5_values(student, batch):
    ref = reference(RefLenet5, seed=120)
    net = student.cnn.Lenet5()
    load_reference(net, ref)
    x = randn(batch, 3, 32, 32, seed=121)
    assert_output(net(x), ref(x).detach(), lambda: _lenet5_mistakes(ref, x))


@exercise("cnn.Lenet5")
@points(2)
def test_lenet5_gradients_and_parameter_count(student):
    ref = reference(RefLenet5, seed=122)
    net = student.cnn.Lenet5()
    load_reference(net, ref)
    call = check_gradients(net, ref, randn(2, 3, 32, 32, seed=123), 124, _lenet5_mistakes)
    trainable = sum(g.numel() for g in call.param_grads.values())
    assert_close_number(
        trainable,
        40010,
        what=Msg("the number of trainable parameter values", "可训练参数的元素个数"),
        kind=int,
    )


@exercise("cnn.Lenet5")
@points(1)
def test_lenet5_meta_device(student):
    ref = reference(RefLenet5, seed=126)
    net = student.cnn.Lenet5()
    load_reference(net, ref)
    x = randn(2, 3, 32, 32, seed=127)
    assert_output(net(x), ref(x).detach(), lambda: _lenet5_mistakes(ref, x))
    check_keeps_meta(net, x)


# -- ResBlk ----------------------------------------------------------------------------------------
# The four cases, each its own test cases and points. The course's own ResBlk builds `extra` only
# when ch_in != ch_out: it must lose the points of "equal-stride2" and only those.
RESBLK_CASES = [
    ("equal-stride1", 8, 8, 1),
    ("unequal-stride1", 6, 10, 1),
    ("equal-stride2", 8, 8, 2),
    ("unequal-stride2", 6, 10, 2),
]


def _resblk_params(n):
    return [
        pytest.param(ch_in, ch_out, stride, marks=[exercise("cnn.ResBlk"), points(n)], id=label)
        for label, ch_in, ch_out, stride in RESBLK_CASES
    ]


def _resblk_mistakes(ref, x):
    """Outputs of realistic wrong blocks with the reference's weights (training mode)."""
    r = copy.deepcopy(ref)
    stride = r.conv1.stride
    with torch.no_grad():
        h = F.relu(r.bn1(r.conv1(x)))
        main, short = r.bn2(r.conv2(h)), r.extra(x)
        mistakes = {
            Msg(
                f"no shortcut: the block must add extra(x) to the main path {RESNET.en}",
                f"没有短接（shortcut）：残差块要把 extra(x) 加到主路径上{RESNET.zh}",
            ): F.relu(main),
            Msg(
                f"ReLU before the addition: relu(extra(x) + F(x)), the ReLU comes last {RESNET.en}",
                f"ReLU 放在了相加之前：应为 relu(extra(x) + F(x))，ReLU 在最后{RESNET.zh}",
            ): F.relu(main) + short,
            Msg(f"no ReLU after the addition {RESNET.en}", f"相加之后没有做 ReLU{RESNET.zh}"): main
            + short,
            Msg(
                f"no ReLU between bn1 and conv2 {RESNET.en}",
                f"bn1 和 conv2 之间没有 ReLU{RESNET.zh}",
            ): F.relu(r.bn2(r.conv2(r.bn1(r.conv1(x)))) + short),
            Msg(
                f"bn2 applied after adding the shortcut: bn2 belongs to the main path {RESNET.en}",
                f"bn2 用在了加上短接之后：bn2 属于主路径{RESNET.zh}",
            ): F.relu(r.bn2(r.conv2(h) + short)),
            Msg(
                f"bn1 used where bn2 belongs {RESNET.en}", f"该用 bn2 的地方用了 bn1{RESNET.zh}"
            ): F.relu(r.bn1(r.conv2(h)) + short),
        }
        if stride != (1, 1):
            h1 = F.relu(r.bn1(F.conv2d(x, r.conv1.weight, r.conv1.bias, 1, 1)))
            mistakes[
                Msg(
                    f"the stride put on conv2 instead of conv1 {RESNET.en}",
                    f"步长放在了 conv2 上，而不是 conv1{RESNET.zh}",
                )
            ] = F.relu(r.bn2(F.conv2d(h1, r.conv2.weight, r.conv2.bias, stride, 1)) + short)
    return mistakes


@pytest.mark.parametrize("ch_in, ch_out, stride", _resblk_params(1))
def test_resblk_parameters(student, ch_in, ch_out, stride):
    block = student.cnn.ResBlk(ch_in, ch_out, stride)
    ref = reference(RefResBlk, ch_in, ch_out, stride, seed=130)
    load_reference(block, ref, _resblk_hint(ch_in, ch_out, stride))


@pytest.mark.parametrize("ch_in, ch_out, stride", _resblk_params(2))
def test_resblk_training_mode(student, ch_in, ch_out, stride):
    ref = reference(RefResBlk, ch_in, ch_out, stride, seed=131)
    block = student.cnn.ResBlk(ch_in, ch_out, stride)
    load_reference(block, ref, _resblk_hint(ch_in, ch_out, stride))
    before = copy.deepcopy(ref.state_dict())
    x = randn(2, ch_in, 9, 7, seed=132)
    expected = ref(x).detach()  # training mode: batch statistics; the running ones move
    assert_output(block(x), expected, lambda: _resblk_mistakes(ref, x))
    check_state_after(block, ref, AFTER_TRAINING_FORWARD, before)


@pytest.mark.parametrize("ch_in, ch_out, stride", _resblk_params(1))
def test_resblk_eval_mode(student, ch_in, ch_out, stride):
    ref = reference(RefResBlk, ch_in, ch_out, stride, seed=133)
    block = student.cnn.ResBlk(ch_in, ch_out, stride)
    load_reference(block, ref, _resblk_hint(ch_in, ch_out, stride))
    block.eval()
    ref.eval()
    x = randn(3, ch_in, 6, 8, seed=134)
    assert_output(
        block(x),
        ref(x).detach(),
        lambda: {
            Msg(
                f"batch statistics in eval mode: after .eval() batch norm must use its running "
                f"statistics {RESNET.en}",
                f"eval 模式下用了批内统计量：调用 .eval() 之后，批标准化必须使用滑动统计量"
                f"{RESNET.zh}",
            ): copy.deepcopy(ref).train()(x).detach()
        },
    )
    check_state_after(
        block,
        ref,
        Msg(
            "after a forward in eval mode (it must not change)",
            "eval 模式下做一次前向传播之后，它不应改变",
        ),
    )


@pytest.mark.parametrize("ch_in, ch_out, stride", _resblk_params(2))
def test_resblk_gradients(student, ch_in, ch_out, stride):
    ref = reference(RefResBlk, ch_in, ch_out, stride, seed=135)
    block = student.cnn.ResBlk(ch_in, ch_out, stride)
    load_reference(block, ref, _resblk_hint(ch_in, ch_out, stride))
    check_gradients(block, ref, randn(2, ch_in, 5, 6, seed=136), 137, _resblk_mistakes)


@exercise("cnn.ResBlk")
@points(1)
def test_resblk_meta_device(student):
    ref = reference(RefResBlk, 6, 10, 2, seed=138)
    block = student.cnn.ResBlk(6, 10, 2)
    load_reference(block, ref)
    x = randn(2, 6, 7, 7, seed=139)
    assert_output(block(x), ref(x).detach(), lambda: _resblk_mistakes(ref, x))
    check_keeps_meta(block, x)


# -- DenseBlock ------------------------------------------------------------------------------------
DENSE_CASES = [("3-4-3", 3, 4, 3, (2, 3, 6, 5)), ("5-2-1-batch1", 5, 2, 1, (1, 5, 4, 3))]


def _dense_params(n):
    return [
        pytest.param(
            ch_in, growth, n_layers, shape, marks=[exercise("cnn.DenseBlock"), points(n)], id=label
        )
        for label, ch_in, growth, n_layers, shape in DENSE_CASES
    ]


def _dense_mistakes(ref, x):
    r = copy.deepcopy(ref)
    with torch.no_grad():
        new_first, features, news = x, x, []
        for layer in r.layers:
            new = layer(features)
            news.append(new)
            features = torch.cat([features, new], dim=1)
            new_first = torch.cat([layer(new_first), new_first], dim=1)
        return {
            Msg(
                f"the new features were put in front; append them after the existing channels, "
                f"torch.cat([features, new], dim=1) {RESNET.en}",
                f"新特征放在了前面；应接在已有通道之后，torch.cat([features, new], dim=1)"
                f"{RESNET.zh}",
            ): new_first,
            Msg(
                f"only the new features were returned; the block's output starts with its input "
                f"{RESNET.en}",
                f"只返回了新特征；这个块的输出要以它的输入开头{RESNET.zh}",
            ): torch.cat(news, dim=1),
            Msg(
                f"only the last layer's output was returned {RESNET.en}",
                f"只返回了最后一层的输出{RESNET.zh}",
            ): news[-1],
        }


@pytest.mark.parametrize("ch_in, growth, n_layers, shape", _dense_params(2))
def test_dense_block_training_mode(student, ch_in, growth, n_layers, shape):
    ref = reference(RefDenseBlock, ch_in, growth, n_layers, seed=140)
    block = student.cnn.DenseBlock(ch_in, growth, n_layers)
    load_reference(block, ref)
    before = copy.deepcopy(ref.state_dict())
    x = randn(*shape, seed=141)
    expected = ref(x).detach()
    assert_output(block(x), expected, lambda: _dense_mistakes(ref, x))
    check_state_after(block, ref, AFTER_TRAINING_FORWARD, before)


@pytest.mark.parametrize("ch_in, growth, n_layers, shape", _dense_params(1))
def test_dense_block_starts_with_its_input(student, ch_in, growth, n_layers, shape):
    block = student.cnn.DenseBlock(ch_in, growth, n_layers)
    x = randn(*shape, seed=142)
    out = block(x)
    b, _, h, w = shape
    assert_tensor(
        out.to("meta"),
        torch.empty(b, ch_in + n_layers * growth, h, w, device="meta"),
        what=Msg("the output of DenseBlock", "DenseBlock 的输出"),
    )
    assert_tensor(
        out[:, :ch_in],
        x,
        what=Msg(
            f"the first {ch_in} channels of the output (the input itself, unchanged)",
            f"输出的前 {ch_in} 个通道（即输入本身，原样不变）",
        ),
    )


@exercise("cnn.DenseBlock")
@points(1)
def test_dense_block_layers_is_a_module_list(student):
    block = student.cnn.DenseBlock(4, 3, 2)
    load_reference(block, reference(RefDenseBlock, 4, 3, 2, seed=143))
    kinds = [block.get_submodule.keep(name).type_name for name in ("layers", "layers.0")]
    assert_equal(
        kinds,
        ["ModuleList", "Sequential"],
        what=Msg(
            "the types of `layers` and `layers[0]` (an nn.ModuleList of nn.Sequential)",
            "`layers` 和 `layers[0]` 的类型（由 nn.Sequential 组成的 nn.ModuleList）",
        ),
    )


@exercise("cnn.DenseBlock")
@points(1)
def test_dense_block_eval_mode(student):
    ref = reference(RefDenseBlock, 3, 3, 2, seed=144)
    block = student.cnn.DenseBlock(3, 3, 2)
    load_reference(block, ref)
    block.eval()
    ref.eval()
    x = randn(2, 3, 5, 7, seed=145)
    assert_output(block(x), ref(x).detach(), lambda: _dense_mistakes(ref, x))


@exercise("cnn.DenseBlock")
@points(2)
def test_dense_block_gradients(student):
    ref = reference(RefDenseBlock, 2, 3, 3, seed=146)
    block = student.cnn.DenseBlock(2, 3, 3)
    load_reference(block, ref)
    check_gradients(block, ref, randn(2, 2, 4, 5, seed=147), 148, _dense_mistakes)


@exercise("cnn.DenseBlock")
@points(1)
def test_dense_block_meta_device(student):
    ref = reference(RefDenseBlock, 3, 2, 2, seed=149)
    block = student.cnn.DenseBlock(3, 2, 2)
    load_reference(block, ref)
    x = randn(2, 3, 4, 4, seed=150)
    assert_output(block(x), ref(x).detach(), lambda: _dense_mistakes(ref, x))
    check_keeps_meta(block, x)


# -- count_parameters ------------------------------------------------------------------------------
def _count_number(got, expected, known):
    """Fail naming the mistake whose count `got` equals ({count: mistake}), else compare."""
    if isinstance(got, int) and not isinstance(got, bool) and got != expected and got in known:
        fail(
            f"the result is {shown(got)}, expected {shown(expected)}. {looks_like(known[got])}",
            f"结果是 {shown(got)}，应为 {shown(expected)}。{looks_like(known[got])}",
            mistake=known[got],
        )
    assert_close_number(got, expected, what=NUMBER_OF_PARAMETERS, kind=int)


def _frozen_net(lib):
    """A small network with batch norm (buffers) and a frozen conv; `lib` is torch.nn here or
    in the sandbox."""
    conv = lib.Conv2d(3, 4, 3)
    net = lib.Sequential(conv, lib.BatchNorm2d(4), lib.ReLU(), lib.Flatten(), lib.Linear(36, 5))
    conv.requires_grad_(False)
    return net


def _count_mistakes(net, trainable_only):
    """{count a known mistake gives: that mistake} for the local copy of the network."""
    params = sum(p.numel() for p in net.parameters())
    trainable = sum(p.numel() for p in net.parameters() if p.requires_grad)
    chosen = [p for p in net.parameters() if p.requires_grad or not trainable_only]
    known = {
        len(chosen): Msg(
            f"the parameter tensors were counted, not their elements: sum p.numel() {MODULE.en}",
            f"数的是参数张量的个数，而不是它们的元素个数：要对 p.numel() 求和{MODULE.zh}",
        ),
        sum(t.numel() for t in net.state_dict().values()): Msg(
            f"buffers were counted (state_dict also holds batch norm's running statistics); "
            f"count model.parameters() {MODULE.en}",
            f"把缓冲区也数进去了（state_dict 里还有批标准化的滑动统计量）；应数 model.parameters()"
            f"{MODULE.zh}",
        ),
    }
    if trainable_only:
        known[params] = Msg(
            f"frozen parameters were counted: with trainable_only=True count only those with "
            f"requires_grad {MODULE.en}",
            f"把冻结的参数也数进去了：trainable_only=True 时只数 requires_grad 为 True 的参数"
            f"{MODULE.zh}",
        )
    else:
        known[trainable] = Msg(
            f"frozen parameters were left out: with trainable_only=False count every parameter "
            f"{MODULE.en}",
            f"漏数了冻结的参数：trainable_only=False 时每个参数都要数{MODULE.zh}",
        )
    return (trainable if trainable_only else params), known


@pytest.mark.parametrize(
    "trainable_only",
    [
        pytest.param(True, marks=[exercise("cnn.count_parameters"), points(2)], id="trainable"),
        pytest.param(False, marks=[exercise("cnn.count_parameters"), points(2)], id="all"),
    ],
)
def test_count_parameters_partly_frozen(student, trainable_only):
    expected, known = _count_mistakes(_frozen_net(nn), trainable_only)
    net = _frozen_net(student.cnn.torch.nn)  # built in the sandbox, through the module's torch
    _count_number(student.cnn.count_parameters(net, trainable_only=trainable_only), expected, known)


@exercise("cnn.count_parameters")
@points(1)
def test_count_parameters_default_is_trainable_only(student):
    expected, known = _count_mistakes(_frozen_net(nn), True)
    _count_number(student.cnn.count_parameters(_frozen_net(student.cnn.torch.nn)), expected, known)


@exercise("cnn.count_parameters")
@points(1)
def test_count_parameters_all_frozen(student):
    lib = student.cnn.torch.nn
    net = lib.Sequential(lib.Linear(7, 4), lib.ReLU(), lib.Linear(4, 2))
    net.requires_grad_(False)
    assert_close_number(
        student.cnn.count_parameters(net),
        0,
        what=Msg(
            "the number of trainable parameters of a frozen model", "冻结模型的可训练参数个数"
        ),
        kind=int,
    )
    assert_close_number(
        student.cnn.count_parameters(net, trainable_only=False),
        7 * 4 + 4 + 4 * 2 + 2,
        what=Msg(
            "the number of parameters of a frozen model, trainable_only=False",
            "trainable_only=False 时冻结模型的参数个数",
        ),
        kind=int,
    )


@exercise("cnn.count_parameters")
@points(1)
def test_count_parameters_shared_layer_counted_once(student):
    lib = student.cnn.torch.nn
    shared = lib.Linear(5, 5)
    net = lib.Sequential(shared, lib.ReLU(), shared)  # one layer used twice: 30 parameters
    got = student.cnn.count_parameters(net)
    if got == 60:
        fail(
            f"the result is 60, expected 30: a layer used twice holds its parameters once; "
            f"model.parameters() yields each once (state_dict lists it under both names). {MODULE}",
            f"结果是 60，应为 30：同一层用了两次，参数只有一份；model.parameters() 每个参数只给一次"
            f"（state_dict 会用两个名字列出它）。{MODULE}",
        )
    assert_close_number(got, 30, what=NUMBER_OF_PARAMETERS, kind=int)


@exercise("cnn.count_parameters")
@points(1)
def test_count_parameters_lenet5_sized(student):
    lib = student.cnn.torch.nn
    net = lib.Sequential(
        lib.Conv2d(3, 16, 5),
        lib.MaxPool2d(2, 2),
        lib.Conv2d(16, 32, 5),
        lib.MaxPool2d(2, 2),
        lib.Flatten(),
        lib.Linear(800, 32),
        lib.ReLU(),
        lib.Linear(32, 10),
    )
    assert_close_number(student.cnn.count_parameters(net, True), 40010, kind=int)


# -- save_checkpoint / load_checkpoint ---------------------------------------------------------------
def _bn_net(lib):
    return lib.Sequential(lib.Conv2d(2, 3, 3), lib.BatchNorm2d(3), lib.ReLU(), lib.Conv2d(3, 2, 1))


@oracle
def _bn_reference(seed):
    with torch.random.fork_rng():
        torch.manual_seed(seed)
        ref = _bn_net(nn)
    with torch.no_grad():
        bn = ref[1]
        bn.running_mean.uniform_(-1, 1)
        bn.running_var.uniform_(0.5, 2)
        bn.num_batches_tracked.fill_(7)
    return ref


def _read_checkpoint(ckpt, path):
    """What the submission saved, read as the docstring promises: torch.load(weights_only=True)."""
    data = ckpt.read(path)
    if data is None:
        fail(
            f"save_checkpoint wrote no file at {path}. {MODULE}",
            f"save_checkpoint 没有在 {path} 写出文件。{MODULE}",
        )
    try:
        saved = torch.load(io.BytesIO(data), weights_only=True)
    except Exception as exc:  # the judge's own read of a file the submission wrote
        fail(
            f"the saved file does not load with torch.load(path, weights_only=True) "
            f"({type(exc).__name__}): save model.state_dict(), not the model object. {MODULE}",
            f"保存的文件无法用 torch.load(path, weights_only=True) 读取（{type(exc).__name__}）："
            f"请保存 model.state_dict()，而不是模型对象。{MODULE}",
        )
    if not isinstance(saved, dict):
        fail(
            f"the saved file holds {type(saved).__name__}, not a state_dict (a dict of tensors): "
            f"save model.state_dict(). {MODULE}",
            f"保存的文件里是 {type(saved).__name__}，不是 state_dict（张量的字典）：请保存 model.state_dict()。{MODULE}",
        )
    return saved


@exercise("cnn.save_checkpoint")
@points(2)
def test_save_checkpoint_holds_parameters_and_buffers(student, ckpt):
    ref = _bn_reference(seed=160)
    model = _bn_net(student.cnn.torch.nn)
    model.load_state_dict(ref.state_dict())
    path = ckpt.path("nested name.mdl")
    student.cnn.save_checkpoint(model, path)
    saved = _read_checkpoint(ckpt, path)
    expected = ref.state_dict()
    missing = [k for k in expected if k not in saved]
    if missing:
        fail(
            f"the saved state is missing {', '.join(map(repr, missing))}: save model.state_dict(), "
            f"which holds the parameters AND the buffers (batch norm's running statistics). {MODULE}",
            f"保存的内容缺少 {', '.join(map(repr, missing))}：请保存 model.state_dict()，它包含参数和缓冲区"
            f"（批标准化的滑动统计量）。{MODULE}",
        )
    assert_equal(
        sorted(saved),
        sorted(expected),
        what=Msg("the names in the saved state_dict", "保存的 state_dict 中的名字"),
    )
    for key, value in expected.items():
        assert_tensor(saved[key], value, what=Msg(f"the saved {key!r}", f"保存的 {key!r}"))


@exercise("cnn.save_checkpoint")
@points(1)
def test_save_checkpoint_round_trip(student, ckpt):
    ref = _bn_reference(seed=162)
    model = _bn_net(student.cnn.torch.nn)
    model.load_state_dict(ref.state_dict())
    path = ckpt.path("ckpt.mdl")
    student.cnn.save_checkpoint(model, path)
    fresh = _bn_net(nn)  # a new network here, filled from the file alone
    try:
        fresh.load_state_dict(_read_checkpoint(ckpt, path))
    except RuntimeError as exc:  # the judge's own load_state_dict: missing or unexpected names
        detail = quote(" ".join(str(exc).split())[:300])
        fail(
            f"a new model cannot load the saved file ({detail}). Save model.state_dict() "
            f"(parameters and buffers). {MODULE}",
            f"新模型无法加载保存的文件（{detail}）。请保存 model.state_dict()（参数和缓冲区）。{MODULE}",
        )
    x = randn(2, 2, 5, 4, seed=163)
    model.eval()
    assert_tensor(
        fresh.eval()(x).detach(),
        model(x),
        what=Msg(
            "the output of a model loaded from the saved file", "从保存的文件加载的模型的输出"
        ),
    )


def _send_checkpoint(ckpt, state) -> str:
    """A file in the sandbox holding torch.save(state); its path there."""
    buffer = io.BytesIO()
    torch.save(state, buffer)
    path = ckpt.path("ckpt.mdl")
    ckpt.write(path, buffer.getvalue())
    return path


@exercise("cnn.load_checkpoint")
@points(2)
def test_load_checkpoint_restores_parameters_and_buffers(student, ckpt):
    ref = _bn_reference(seed=170)
    path = _send_checkpoint(ckpt, ref.state_dict())
    model = _bn_net(student.cnn.torch.nn)
    before = model.state_dict()
    student.cnn.load_checkpoint(model, path)
    loaded = model.state_dict()
    for key, value in ref.state_dict().items():
        assert_tensor(
            loaded[key],
            value,
            what=Msg(f"the model's {key!r} after loading", f"加载后模型的 {key!r}"),
            mistakes={
                Msg(
                    f"the model was not changed: pass the loaded dict to model.load_state_dict "
                    f"{MODULE.en}",
                    f"模型没有被改变：要把读出的字典传给 model.load_state_dict{MODULE.zh}",
                ): before[key]
            },
        )


@exercise("cnn.load_checkpoint")
@points(1)
def test_load_checkpoint_returns_the_model(student, ckpt):
    ref = _bn_reference(seed=171)
    path = _send_checkpoint(ckpt, ref.state_dict())
    model = _bn_net(student.cnn.torch.nn)
    got = student.cnn.load_checkpoint(model, path)
    if not isinstance(got, RemoteObject) or got._ref.handle_id != model._ref.handle_id:
        what = got.type_name if isinstance(got, RemoteObject) else type(got).__name__
        fail(
            f"the result is {what}, not the model that was passed in: end load_checkpoint with "
            f"`return model`. {MODULE}",
            f"返回值是 {what}，而不是传入的模型：load_checkpoint 最后请 `return model`。{MODULE}",
        )
    x = randn(1, 2, 4, 6, seed=172)
    model.eval()
    assert_tensor(
        got(x), ref.eval()(x).detach(), what=Msg("the returned model's output", "返回的模型的输出")
    )


# -- CPU / CUDA agreement (skipped without CUDA) -------------------------------------------------------
def _cuda_case(name, build, make_input):
    return pytest.param(
        build, make_input, id=name, marks=[exercise(f"cnn.{name}"), points(1), requires_cuda]
    )


CUDA_CASES = [
    _cuda_case("Flatten", lambda s: (s.Flatten(), None), lambda: randn(3, 2, 4, 5, seed=180)),
    _cuda_case(
        "MyLinear",
        lambda s: (s.MyLinear(6, 4), reference(RefMyLinear, 6, 4, seed=181)),
        lambda: randn(5, 6, seed=182),
    ),
    _cuda_case(
        "Lenet5",
        lambda s: (s.Lenet5(), reference(RefLenet5, seed=183)),
        lambda: randn(2, 3, 32, 32, seed=184),
    ),
    _cuda_case(
        "ResBlk",
        lambda s: (s.ResBlk(6, 10, 2), reference(RefResBlk, 6, 10, 2, seed=185)),
        lambda: randn(2, 6, 9, 7, seed=186),
    ),
    _cuda_case(
        "DenseBlock",
        lambda s: (s.DenseBlock(3, 4, 3), reference(RefDenseBlock, 3, 4, 3, seed=187)),
        lambda: randn(2, 3, 6, 5, seed=188),
    ),
]


@pytest.mark.parametrize("build, make_input", CUDA_CASES)
def test_module_agrees_on_cuda(student, build, make_input):
    # Built on the CPU with the reference's weights and checked there (training mode: batch
    # statistics), then moved with .to("cuda") and run on the same input moved there.
    model, ref = build(student.cnn)
    x = make_input()
    if ref is None:
        assert_tensor(model(x), x.reshape(x.shape[0], -1), mistakes=_flatten_mistakes(x))
    else:
        load_reference(model, ref)
        assert_tensor(model(x), ref(x).detach())
    check_cuda_agreement(model, x)
