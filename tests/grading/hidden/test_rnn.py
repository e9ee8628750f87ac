"""Hidden checks for topic `rnn` (RNN原理 / RNN Layer使用 / 时间序列预测 / RNN训练难题).

`rnn_cell` and `rnn_forward` are compared with nn.RNNCell and nn.RNN given the same weights (one
layer and three, batch_first both ways, float64, a batch of one, non-contiguous inputs), with
their forbidden built-ins (nn.RNN, nn.RNNCell, torch.rnn_tanh*, also through torch._VF), named
mistakes, gradients against the judge's autograd and against central differences, the meta
device and, with CUDA, CPU/CUDA agreement. `sine_sequence` is compared with the course's recipe
for several starts and lengths. `SineNet` is checked for its state_dict, its N(0, 0.001²)
initialisation and its forward and gradients with the judge's weights loaded.

`sine_train_step` and `predict_sine` get the kit's ProbeSineNet (grader.functions: the course's
Net with given weights, recording the grad mode of every forward) and an optimizer, both built in
the sandbox; the judge runs its own step or loop from the same weights and compares the weights
afterwards, the loss, the hidden state (which must come back detached) and the predictions. The
training probes are float64, so that correct steps agree to ~1e-15; clipping is checked where it
bites (max_norm below the gradients' norm) with SGD, which, unlike Adam, feels the gradients'
scale."""

import math
from types import SimpleNamespace

import pytest
import torch
import torch.nn.functional as F
from torch import nn

from grader.checks import (
    args,
    assert_agree_across_devices,
    assert_close_number,
    assert_inputs_unchanged,
    assert_keeps_meta,
    assert_not_using,
    assert_same_on_cuda,
    assert_sequence,
    assert_tensor,
    cuda_cases,
    fail,
    meta_cases,
    non_contiguous,
    randn,
    requires_cuda,
)
from grader.checks.behaviour import DEVICE_MIX_ERRORS
from grader.checks.compare import looks_like, shape_str
from grader.checks.devices import LeftOut
from grader.checks.feedback import shown
from grader.checks.gradients import assert_gradients_match, numerical_gradient
from grader.checks.oracle import oracle
from grader.functions import ProbeSineNet, sine_state
from grader.i18n import Msg, quote
from grader.lessons import cite
from grader.sandbox.client import NotImplementedByStudent, StudentError
from grader.training import make_optimizer

exercise = pytest.mark.exercise
points = pytest.mark.points

# The device checks an exercise leaves out, and why (tests/kit/test_completeness.py).
DEVICE_CHECKS_LEFT_OUT = {
    "sine_sequence": LeftOut(
        meta="takes Python numbers and makes new CPU tensors: there is no input device to keep",
        cuda="takes Python numbers and makes new CPU tensors: there is no input device to keep",
    ),
    "sine_train_step": LeftOut(
        meta="returns loss.item(), a Python float that meta tensors cannot give (the CUDA check covers its devices)",
    ),
}

CELL = cite("rnn")
LAYER = cite("rnn_layer")
SERIES = cite("time_series")
TRAINING = cite("rnn_training")
# what rnn_cell and rnn_forward may not use, as the sandbox records it and as the source names it
BY_HAND_CALLS = frozenset(
    {"RNN", "RNNCell", "RNNBase", "rnn_tanh", "rnn_tanh_cell", "rnn_relu", "rnn_relu_cell"}
)
KEYS = ("w_ih", "w_hh", "b_ih", "b_hh")


def _case(*values, function, n, id):
    return pytest.param(*values, marks=[exercise(f"rnn.{function}"), points(n)], id=id)


def _maybe(compute):
    """What a mistake gives, or None where it cannot even run on these shapes."""
    try:
        with torch.no_grad():
            return compute()
    except (RuntimeError, IndexError):
        return None


# -- rnn_cell ----------------------------------------------------------------------------------------
def _cell_weights(input_size, hidden, seed, dtype=torch.float32):
    with torch.random.fork_rng():
        torch.manual_seed(seed)
        cell = nn.RNNCell(input_size, hidden).to(dtype)
    with torch.no_grad():  # biases well away from 0, so that a missing one shows
        cell.bias_ih.add_(0.5)
        cell.bias_hh.sub_(0.3)
    return cell, [
        cell.weight_ih.detach(),
        cell.weight_hh.detach(),
        cell.bias_ih.detach(),
        cell.bias_hh.detach(),
    ]


def _cell(x, h, w_ih, w_hh, b_ih, b_hh, act=torch.tanh):
    return act(x @ w_ih.T + b_ih + h @ w_hh.T + b_hh)


def _cell_mistakes(x, h, w_ih, w_hh, b_ih, b_hh):
    def m(msg):
        return Msg(f"{msg.en} {CELL.en}", f"{msg.zh}{CELL.zh}")

    return {
        m(
            Msg(
                "sigmoid instead of tanh: an RNN's hidden state is tanh of the sum, in (-1, 1)",
                "用了 sigmoid 而不是 tanh：RNN 的隐藏状态是和的 tanh，取值在 (-1, 1) 之间",
            ),
        ): _maybe(lambda: _cell(x, h, w_ih, w_hh, b_ih, b_hh, torch.sigmoid)),
        m(
            Msg(
                "tanh is missing: the sum must be squashed with torch.tanh",
                "缺少 tanh：要用 torch.tanh 压缩这个和",
            ),
        ): _maybe(lambda: _cell(x, h, w_ih, w_hh, b_ih, b_hh, lambda s: s)),
        m(
            Msg(
                "ReLU instead of tanh: nn.RNN's default nonlinearity is tanh",
                "用了 ReLU 而不是 tanh：nn.RNN 默认的激活函数是 tanh",
            ),
        ): _maybe(lambda: _cell(x, h, w_ih, w_hh, b_ih, b_hh, torch.relu)),
        m(Msg("the bias b_ih is missing", "漏掉了偏置 b_ih")): _maybe(
            lambda: _cell(x, h, w_ih, w_hh, 0 * b_ih, b_hh)
        ),
        m(Msg("the bias b_hh is missing", "漏掉了偏置 b_hh")): _maybe(
            lambda: _cell(x, h, w_ih, w_hh, b_ih, 0 * b_hh)
        ),
        m(Msg("both biases are missing", "两个偏置都漏掉了")): _maybe(
            lambda: _cell(x, h, w_ih, w_hh, 0 * b_ih, 0 * b_hh)
        ),
        m(
            Msg(
                "w_hh was applied to x and w_ih to h: x goes through w_ih, the hidden state through w_hh",
                "把 w_hh 用在了 x 上、w_ih 用在了 h 上：x 经过 w_ih，隐藏状态经过 w_hh",
            ),
        ): _maybe(lambda: _cell(h, x, w_ih, w_hh, b_ih, b_hh)),
        m(
            Msg(
                "the weights were not transposed: a weight [hidden, input] is applied as x @ w.T",
                "权重没有转置：[hidden, input] 的权重要以 x @ w.T 的方式作用",
            ),
        ): _maybe(lambda: _cell(x, h, w_ih.T, w_hh.T, b_ih, b_hh)),
        m(
            Msg(
                "the previous hidden state h was left out: h @ w_hh.T is what makes the network recurrent",
                "漏掉了上一个隐藏状态 h：正是 h @ w_hh.T 让网络成为循环网络",
            ),
        ): _maybe(lambda: _cell(x, 0 * h, w_ih, w_hh, b_ih, b_hh)),
    }


CELL_SHAPES = [
    _case(3, 5, 4, torch.float32, function="rnn_cell", n=2, id="b3-input5-hidden4"),
    _case(2, 4, 4, torch.float32, function="rnn_cell", n=2, id="input-equals-hidden"),
    _case(1, 2, 6, torch.float64, function="rnn_cell", n=1, id="batch-1-float64"),
]


@pytest.mark.parametrize("b, input_size, hidden, dtype", CELL_SHAPES)
def test_rnn_cell_against_nn_rnn_cell(student, b, input_size, hidden, dtype):
    cell, w = _cell_weights(input_size, hidden, seed=20 + hidden, dtype=dtype)
    x = randn(b, input_size, seed=21, dtype=dtype)
    h = randn(b, hidden, seed=22, dtype=dtype)
    assert_tensor(
        student.rnn.rnn_cell(x, h, *w),
        cell(x, h).detach(),
        mistakes=_cell_mistakes(x, h, *w),
    )


@exercise("rnn.rnn_cell")
@points(2)
def test_rnn_cell_by_hand(student):
    fn = student.rnn.rnn_cell
    _, w = _cell_weights(3, 4, seed=23)
    x, h = randn(2, 3, seed=24), randn(2, 4, seed=25)
    call = fn.call(x, h, *w)
    assert_tensor(call.value, _cell(x, h, *w), mistakes=_cell_mistakes(x, h, *w))
    assert_not_using(fn, call, BY_HAND_CALLS, lesson=CELL)


@exercise("rnn.rnn_cell")
@points(1)
def test_rnn_cell_non_contiguous_inputs_left_unchanged(student):
    _, w = _cell_weights(4, 3, seed=26)
    w = [non_contiguous(t) if t.dim() == 2 else t for t in w]
    x, h = non_contiguous(randn(5, 4, seed=27)), non_contiguous(randn(5, 3, seed=28))
    call = student.rnn.rnn_cell.call(x, h, *w)
    assert_tensor(call.value, _cell(x, h, *w), mistakes=_cell_mistakes(x, h, *w))
    assert_inputs_unchanged(call, x, h, *w, names=["x", "h", *KEYS])


CELL_NAMES = ["x", "h", *KEYS]


@exercise("rnn.rnn_cell")
@points(2)
def test_rnn_cell_gradients(student):
    """The gradient with respect to every argument: against the judge's autograd of the formula,
    and against central differences of the submission's own forward (float64)."""
    fn = student.rnn.rnn_cell
    _, w = _cell_weights(3, 2, seed=29, dtype=torch.float64)
    inputs = [randn(2, 3, seed=30, dtype=torch.float64), randn(2, 2, seed=31, dtype=torch.float64)]
    inputs += [t.clone() for t in w]
    upstream = randn(2, 2, seed=32, dtype=torch.float64)
    xs = [t.clone().requires_grad_() for t in inputs]
    expected = torch.autograd.grad(_cell(*xs), xs, upstream)
    call = fn.backward_call(*[t.clone().requires_grad_() for t in inputs], grad_outputs=[upstream])
    assert_tensor(
        call.value,
        _cell(*inputs),
        what=Msg("the new hidden state (float64)", "新的隐藏状态（float64）"),
        mistakes=_cell_mistakes(*inputs),
    )
    grads = call.input_grads
    for name, g in zip(CELL_NAMES, grads or [None] * 6):
        if g is None:
            fail(
                f"The result does not depend on {name} through autograd: was it detached "
                f"(.detach(), .data, torch.tensor(...)) or left out? {CELL}",
                f"结果在 autograd 中不依赖 {name}：它是否被分离了（.detach()、.data、torch.tensor(...)）"
                f"或者没有用到？{CELL}",
            )
    assert_gradients_match(grads, list(expected), CELL_NAMES)
    numeric = numerical_gradient(fn, inputs, grad_output=upstream)
    assert_gradients_match(grads, numeric, CELL_NAMES, rtol=1e-4, atol=1e-6)


# -- rnn_forward -------------------------------------------------------------------------------------
def _rnn(input_size, hidden, num_layers, batch_first, seed, dtype=torch.float32):
    """nn.RNN with seeded weights (biases moved away from 0) and its weights as `layers`."""
    with torch.random.fork_rng():
        torch.manual_seed(seed)
        rnn = nn.RNN(input_size, hidden, num_layers=num_layers, batch_first=batch_first)
    rnn = rnn.to(dtype)
    layers = []
    with torch.no_grad():
        for i in range(num_layers):
            getattr(rnn, f"bias_ih_l{i}").add_(0.4)
            layers.append(
                {
                    key: getattr(rnn, f"{name}_l{i}").detach()
                    for key, name in zip(KEYS, ("weight_ih", "weight_hh", "bias_ih", "bias_hh"))
                }
            )
    return rnn, layers


def _forward(x, h0, layers, batch_first=False, **change):
    """The judge's own multi-layer RNN; `change` makes a known mistake."""
    act = change.get("act", torch.tanh)
    inputs = x.transpose(0, 1) if batch_first and not change.get("ignore_batch_first") else x
    outs, last, first = [], [], []
    for i, p in enumerate(layers):
        h = torch.zeros_like(h0[0]) if change.get("zero_h0") else h0[0 if change.get("h0_0") else i]
        read = x if change.get("all_read_x") else inputs
        steps = []
        for t in range(read.shape[0]):
            h = act(read[t] @ p["w_ih"].T + p["b_ih"] + h @ p["w_hh"].T + p["b_hh"])
            steps.append(h)
        inputs = torch.stack(steps)
        outs.append(inputs)
        last.append(h)
        first.append(steps[0])
    out = outs[0] if change.get("out_first_layer") else inputs
    if batch_first and not change.get("ignore_batch_first"):
        out = out.transpose(0, 1)
    h_n = torch.stack(first if change.get("h_n_first") else last)
    if change.get("h_n_last_layer_only"):
        h_n = h_n[-1:]
    if change.get("h_n_batch_first"):
        h_n = h_n.transpose(0, 1)
    return out, h_n


def _forward_mistakes(x, h0, layers, batch_first, part):
    """{named mistake: what it gives for `part` (0: out, 1: h_n)}."""

    def m(msg, **change):
        return Msg(f"{msg.en} {LAYER.en}", f"{msg.zh}{LAYER.zh}"), _maybe(
            lambda: _forward(x, h0, layers, batch_first, **change)[part]
        )

    found = [
        m(
            Msg(
                "every layer read x: layer l reads the outputs of layer l - 1 (its hidden state at every step)",
                "每一层读入的都是 x：第 l 层读入的应是第 l - 1 层的输出（它每一步的隐藏状态）",
            ),
            all_read_x=True,
        ),
        m(
            Msg(
                "h_n was taken after the FIRST step: h_n is each layer's hidden state after the last step",
                "h_n 取的是第一步之后的隐藏状态：h_n 应是每一层在最后一步之后的隐藏状态",
            ),
            h_n_first=True,
        ),
        m(
            Msg(
                "h_n holds the last layer only: it is [num_layers, b, hidden], one per layer",
                "h_n 只有最后一层：它应是 [num_layers, b, hidden]，每层一个",
            ),
            h_n_last_layer_only=True,
        ),
        m(
            Msg(
                "out came from the first layer: out is the LAST layer's hidden state at every step",
                "out 取自第一层：out 应是最后一层在每一步的隐藏状态",
            ),
            out_first_layer=True,
        ),
        m(
            Msg(
                "every layer started from h0[0]: layer l starts from h0[l]",
                "每一层都从 h0[0] 出发：第 l 层应从 h0[l] 出发",
            ),
            h0_0=True,
        ),
        m(
            Msg(
                "h0 was ignored (the hidden state started from zeros): start layer l from h0[l]",
                "忽略了 h0（隐藏状态从全零开始）：第 l 层应从 h0[l] 出发",
            ),
            zero_h0=True,
        ),
        m(
            Msg(
                "sigmoid instead of tanh",
                "用了 sigmoid 而不是 tanh",
            ),
            act=torch.sigmoid,
        ),
        m(
            Msg(
                "tanh is missing",
                "缺少 tanh",
            ),
            act=lambda s: s,
        ),
    ]
    if batch_first:
        found += [
            m(
                Msg(
                    "batch_first was ignored: with batch_first=True x is [b, seq, input], so step t "
                    "is x[:, t] (transpose dims 0 and 1 first, and back for out)",
                    "忽略了 batch_first：batch_first=True 时 x 是 [b, seq, input]，第 t 步是 x[:, t]"
                    "（先交换第 0、1 维，out 再换回来）",
                ),
                ignore_batch_first=True,
            ),
            m(
                Msg(
                    "h_n was made batch-first too: as in nn.RNN, h0 and h_n stay [num_layers, b, hidden]",
                    "h_n 也被改成了批维度在前：与 nn.RNN 一样，h0 和 h_n 始终是 [num_layers, b, hidden]",
                ),
                h_n_batch_first=True,
            ),
        ]
    return dict(found)


def _check_forward(got, x, h0, layers, batch_first, expected):
    assert_sequence(
        got, 2, what=Msg("rnn_forward's result (out, h_n)", "rnn_forward 的返回值 (out, h_n)")
    )
    out, h_n = expected
    assert_tensor(
        got[0],
        out.detach(),
        what=Msg.code("out"),
        mistakes=_forward_mistakes(x, h0, layers, batch_first, 0),
    )
    assert_tensor(
        got[1],
        h_n.detach(),
        what=Msg.code("h_n"),
        mistakes=_forward_mistakes(x, h0, layers, batch_first, 1),
    )


FORWARD_CASES = [
    _case(1, False, (7, 3), 4, 5, torch.float32, function="rnn_forward", n=2, id="one-layer"),
    _case(3, False, (6, 2), 5, 5, torch.float32, function="rnn_forward", n=2, id="three-layers"),
    _case(2, False, (5, 3), 3, 4, torch.float32, function="rnn_forward", n=2, id="two-layers"),
    _case(
        2, True, (4, 4), 3, 3, torch.float32, function="rnn_forward", n=2, id="batch-first-square"
    ),
    _case(
        3, True, (2, 6), 4, 3, torch.float64, function="rnn_forward", n=2, id="batch-first-float64"
    ),
    _case(2, False, (4, 1), 2, 3, torch.float64, function="rnn_forward", n=1, id="batch-1-float64"),
]


@pytest.mark.parametrize("num_layers, batch_first, seq_b, input_size, hidden, dtype", FORWARD_CASES)
def test_rnn_forward_against_nn_rnn(
    student, num_layers, batch_first, seq_b, input_size, hidden, dtype
):
    seq, b = seq_b
    rnn, layers = _rnn(
        input_size, hidden, num_layers, batch_first, seed=40 + num_layers, dtype=dtype
    )
    shape = (b, seq, input_size) if batch_first else (seq, b, input_size)
    x = randn(*shape, seed=41, dtype=dtype)
    h0 = randn(num_layers, b, hidden, seed=42, dtype=dtype)
    got = student.rnn.rnn_forward(x, h0, layers, batch_first=batch_first)
    _check_forward(got, x, h0, layers, batch_first, rnn(x, h0))


@exercise("rnn.rnn_forward")
@points(1)
def test_rnn_forward_batch_first_defaults_to_false(student):
    rnn, layers = _rnn(3, 4, 2, False, seed=43)
    x, h0 = randn(5, 5, 3, seed=44), randn(2, 5, 4, seed=45)  # seq == b: both readings run
    got = student.rnn.rnn_forward(x, h0, layers)
    _check_forward(got, x, h0, layers, False, rnn(x, h0))


@exercise("rnn.rnn_forward")
@points(2)
def test_rnn_forward_by_hand(student):
    fn = student.rnn.rnn_forward
    rnn, layers = _rnn(3, 4, 2, True, seed=46)
    x, h0 = randn(2, 5, 3, seed=47), randn(2, 2, 4, seed=48)
    call = fn.call(x, h0, layers, True)
    _check_forward(call.value, x, h0, layers, True, rnn(x, h0))
    assert_not_using(fn, call, BY_HAND_CALLS, lesson=LAYER)


@exercise("rnn.rnn_forward")
@points(1)
def test_rnn_forward_non_contiguous_inputs_left_unchanged(student):
    rnn, layers = _rnn(3, 4, 2, False, seed=49)
    layers = [{k: non_contiguous(v) if v.dim() == 2 else v for k, v in p.items()} for p in layers]
    x, h0 = non_contiguous(randn(5, 2, 3, seed=50)), non_contiguous(randn(2, 2, 4, seed=51))
    call = student.rnn.rnn_forward.call(x, h0, layers)
    _check_forward(call.value, x, h0, layers, False, rnn(x, h0))
    assert_inputs_unchanged(call, x, h0, layers, names=["x", "h0", "layers"])


def _flat_layers(layers):
    return [p[k] for p in layers for k in KEYS]


def _layers_from(flat, n):
    return [dict(zip(KEYS, flat[4 * i : 4 * i + 4])) for i in range(n)]


@exercise("rnn.rnn_forward")
@points(2)
def test_rnn_forward_gradients(student):
    """Gradients of a weighted sum of out and h_n with respect to x, h0 and every weight (float64),
    against the judge's autograd through nn.RNN."""
    rnn, layers = _rnn(2, 3, 2, True, seed=52, dtype=torch.float64)
    x, h0 = (
        randn(2, 4, 2, seed=53, dtype=torch.float64),
        randn(2, 2, 3, seed=54, dtype=torch.float64),
    )
    inputs = [x, h0, *_flat_layers(layers)]
    names = ["x", "h0", *(f"layers[{i}][{k!r}]" for i in range(2) for k in KEYS)]
    up_out, up_h = (
        randn(2, 4, 3, seed=55, dtype=torch.float64),
        randn(2, 2, 3, seed=56, dtype=torch.float64),
    )
    xs = [t.clone().requires_grad_() for t in inputs]
    out, h_n = _forward(xs[0], xs[1], _layers_from(xs[2:], 2), True)
    expected = torch.autograd.grad([out, h_n], xs, [up_out, up_h])
    sent = [t.clone().requires_grad_() for t in inputs]
    call = student.rnn.rnn_forward.backward_call(
        sent[0], sent[1], _layers_from(sent[2:], 2), True, grad_outputs=[up_out, up_h]
    )
    _check_forward(call.value, x, h0, layers, True, rnn(x, h0))
    grads = call.input_grads
    for name, g in zip(names, grads or [None] * len(names)):
        if g is None:
            fail(
                f"out and h_n do not depend on {name} through autograd: was it detached, or "
                f"copied into a tensor made with torch.zeros (out[t] = h writes values, "
                f"torch.stack keeps the graph)? {LAYER}",
                f"out 和 h_n 在 autograd 中不依赖 {name}：它是否被分离了，或者被拷贝进了用 torch.zeros "
                f"建的张量（out[t] = h 只写入数值，torch.stack 会保留计算图）？{LAYER}",
            )
    assert_gradients_match(grads, list(expected), names)


@exercise("rnn.rnn_forward")
@points(1)
def test_rnn_forward_numerical_gradient(student):
    """A tiny case: the submission's own backward against central differences of its forward."""
    fn = student.rnn.rnn_forward
    _, layers = _rnn(1, 2, 2, False, seed=57, dtype=torch.float64)
    x, h0 = (
        randn(3, 1, 1, seed=58, dtype=torch.float64),
        randn(2, 1, 2, seed=59, dtype=torch.float64),
    )
    inputs = [x, h0, *_flat_layers(layers)]
    names = ["x", "h0", *(f"layers[{i}][{k!r}]" for i in range(2) for k in KEYS)]
    up = randn(3, 1, 2, seed=60, dtype=torch.float64)

    def out_only(x, h0, *flat):
        got = fn(x, h0, _layers_from(list(flat), 2))
        assert_sequence(
            got, 2, what=Msg("rnn_forward's result (out, h_n)", "rnn_forward 的返回值 (out, h_n)")
        )
        return got[0]

    sent = [t.clone().requires_grad_() for t in inputs]
    call = fn.backward_call(
        sent[0], sent[1], _layers_from(sent[2:], 2), grad_outputs=[up, torch.zeros_like(h0)]
    )
    numeric = numerical_gradient(out_only, inputs, grad_output=up)
    assert_gradients_match(
        [g if g is not None else torch.zeros_like(n) for g, n in zip(call.input_grads, numeric)],
        numeric,
        names,
        rtol=1e-4,
        atol=1e-6,
    )


# -- sine_sequence -----------------------------------------------------------------------------------
def _sine(
    start, n, *, end=None, shift=True, swap=False, dtype=torch.float32, shape=None, step=None
):
    if step is not None:
        t = torch.arange(n, dtype=torch.float64) * step + start
    else:
        t = torch.linspace(start, start + 10 if end is None else end, n, dtype=torch.float64)
    data = torch.sin(t).to(dtype)
    x, y = data[:-1], (data[1:] if shift else data[:-1])
    if swap:
        x, y = y, x
    shape = shape or (1, n - 1, 1)
    return x.reshape(shape), y.reshape(shape)


def _sine_mistakes(start, n, part):
    def m(msg, **change):
        return Msg(f"{msg.en} {SERIES.en}", f"{msg.zh}{SERIES.zh}"), _maybe(
            lambda: _sine(start, n, **change)[part]
        )

    return dict(
        [
            m(
                Msg(
                    "x and y are swapped: x = data[:-1] (every point but the last), y = data[1:]",
                    "x 和 y 弄反了：x = data[:-1]（除最后一个点以外的所有点），y = data[1:]",
                ),
                swap=True,
            ),
            m(
                Msg(
                    "y is not shifted: y[t] is the point AFTER x[t], so y = data[1:]",
                    "y 没有错开：y[t] 是 x[t] 之后的那个点，所以 y = data[1:]",
                ),
                shift=False,
            ),
            m(
                Msg(
                    "the times end at 10, not at start + 10: linspace(start, start + 10, num_time_steps)",
                    "时刻的终点是 10，而不是 start + 10：linspace(start, start + 10, num_time_steps)",
                ),
                end=10,
            ),
            m(
                Msg(
                    "the times are spaced by 1 (arange): linspace puts num_time_steps points from start to start + 10",
                    "时刻的间隔是 1（arange）：linspace 在 start 到 start + 10 之间取 num_time_steps 个点",
                ),
                step=1.0,
            ),
            m(
                Msg(
                    "float64 (numpy's dtype): the course converts with .float(), float32",
                    "用了 float64（numpy 的 dtype）：课程用 .float() 转成 float32",
                ),
                dtype=torch.float64,
            ),
            m(
                Msg(
                    "the batch and feature dims are missing: the shape is [1, num_time_steps - 1, 1]",
                    "缺少批维度和特征维度：形状应为 [1, num_time_steps - 1, 1]",
                ),
                shape=(n - 1,),
            ),
            m(
                Msg(
                    "the batch dim is missing: the shape is [1, num_time_steps - 1, 1] (batch first)",
                    "缺少批维度：形状应为 [1, num_time_steps - 1, 1]（批维度在前）",
                ),
                shape=(n - 1, 1),
            ),
        ]
    )


def _check_sine(got, start, n):
    assert_sequence(
        got, 2, what=Msg("sine_sequence's result (x, y)", "sine_sequence 的返回值 (x, y)")
    )
    x, y = _sine(start, n)
    assert_tensor(got[0], x, what=Msg.code("x"), mistakes=_sine_mistakes(start, n, 0))
    assert_tensor(got[1], y, what=Msg.code("y"), mistakes=_sine_mistakes(start, n, 1))


@pytest.mark.parametrize(
    "start",
    [
        _case(0, function="sine_sequence", n=1, id="start-0"),
        _case(2, function="sine_sequence", n=1, id="start-2"),
    ],
)
def test_sine_sequence_course_data(student, start):
    _check_sine(student.rnn.sine_sequence(start), start, 50)


@pytest.mark.parametrize(
    "start, n",
    [
        _case(1, 12, function="sine_sequence", n=1, id="12-points"),
        _case(0.5, 2, function="sine_sequence", n=1, id="float-start-2-points"),
        _case(-3.25, 101, function="sine_sequence", n=1, id="negative-start-101-points"),
    ],
)
def test_sine_sequence_other_lengths(student, start, n):
    _check_sine(student.rnn.sine_sequence(start, n), start, n)


@exercise("rnn.sine_sequence")
@points(1)
def test_sine_sequence_keyword(student):
    _check_sine(student.rnn.sine_sequence(start=1.5, num_time_steps=30), 1.5, 30)


# -- SineNet -----------------------------------------------------------------------------------------
SINE_SHAPES = {k: tuple(v.shape) for k, v in sine_state(seed=0).items()}
RNN_PARAMS = [k for k in SINE_SHAPES if k.startswith("rnn.")]


def _load(net, state):
    """SineNet's state_dict must have exactly the course's names and shapes; then `state` is
    loaded into it."""
    got = {k: tuple(v.shape) for k, v in net.state_dict().items()}
    problems = [
        Msg(f"no {k!r} {shape_str(s)}", f"缺少 {k!r} {shape_str(s)}")
        for k, s in SINE_SHAPES.items()
        if k not in got
    ]
    problems += [
        Msg(
            f"{k!r} of shape {shape_str(got[k])}, expected {shape_str(s)}",
            f"{k!r} 的形状是 {shape_str(got[k])}，应为 {shape_str(s)}",
        )
        for k, s in SINE_SHAPES.items()
        if k in got and got[k] != s
    ]
    problems += [
        Msg(
            f"{k!r} {shape_str(s)}, which is not asked for",
            f"多出了题目没有要求的 {k!r} {shape_str(s)}",
        )
        for k, s in got.items()
        if k not in SINE_SHAPES
    ]
    if problems:
        no_linear = any(k.startswith("linear.") for k in SINE_SHAPES if k not in got)
        extra = (
            Msg(
                " The linear layer is missing: `linear = nn.Linear(16, 1)` reads each hidden state out as one number.",
                "缺少全连接层：`linear = nn.Linear(16, 1)` 把每个隐藏状态读成一个数。",
            )
            if no_linear
            else Msg("", "")
        )
        fail(
            "SineNet's state_dict has "
            + "; ".join(p.en for p in problems)
            + f".{extra.en} The attributes are `rnn = nn.RNN(input_size=1, hidden_size=16, "
            f"num_layers=1, batch_first=True)` and `linear = nn.Linear(16, 1)`. {SERIES.en}",
            "SineNet 的 state_dict："
            + "；".join(p.zh for p in problems)
            + f"。{extra.zh}属性应为 `rnn = nn.RNN(input_size=1, hidden_size=16, "
            f"num_layers=1, batch_first=True)` 和 `linear = nn.Linear(16, 1)`。{SERIES.zh}",
        )
    net.load_state_dict({k: v.clone() for k, v in state.items()})


def _net_forward(net, x, h):
    """net(x, h) as a checked pair; an nn.RNN without batch_first is named."""
    try:
        got = net(x, h)
    except NotImplementedByStudent:
        raise
    except StudentError as err:
        if "Expected hidden size" not in err.message and "hidden" not in err.message:
            raise
        fail(
            f"SineNet failed on x [1, seq, 1] and hidden_prev [1, 1, 16] ({err.exc_type}: "
            f"{quote(err.message)}): without batch_first=True nn.RNN reads x as [seq, b, input], "
            f"a batch of seq sequences. {SERIES}",
            f"SineNet 在 x [1, seq, 1] 和 hidden_prev [1, 1, 16] 上失败（{err.exc_type}：{quote(err.message)}）："
            f"没有 batch_first=True 时 nn.RNN 把 x 当作 [seq, b, input]，即 seq 个序列组成的一批。{SERIES}",
        )
    assert_sequence(
        got, 2, what=Msg("SineNet's output (out, hidden_prev)", "SineNet 的输出 (out, hidden_prev)")
    )
    return got


def _net_mistakes(ref, x, h):
    with torch.no_grad():
        rnn_out, hidden = ref.rnn(x.to(ref.linear.weight.dtype), h.to(ref.linear.weight.dtype))
    return {
        Msg(
            f"the linear layer was not applied: out is linear(rnn's output) {SERIES.en}",
            f"没有应用全连接层：out 应为 linear(RNN 的输出){SERIES.zh}",
        ): rnn_out,
        Msg(
            f"only the last step was read out: the linear layer reads the hidden state of EVERY step {SERIES.en}",
            f"只读出了最后一步：全连接层要读出每一步的隐藏状态{SERIES.zh}",
        ): _maybe(lambda: ref.linear(rnn_out[:, -1:])),
    }


@exercise("rnn.SineNet")
@points(1)
def test_sine_net_state_dict_layout(student):
    _load(student.rnn.SineNet(), sine_state(seed=70))


@exercise("rnn.SineNet")
@points(1)
def test_sine_net_layer_types(student):
    net = student.rnn.SineNet()
    _load(net, sine_state(seed=71))
    rnn = net.get_submodule.keep("rnn")
    kinds = [rnn.type_name, net.get_submodule.keep("linear").type_name]
    settings = [rnn.get("batch_first"), rnn.get("num_layers"), rnn.get("nonlinearity")]
    if kinds != ["RNN", "Linear"] or settings != [True, 1, "tanh"]:
        fail(
            f"SineNet's rnn and linear are {kinds[0]} and {kinds[1]} with batch_first, num_layers, "
            f"nonlinearity = {settings}; expected nn.RNN (batch_first=True, num_layers=1, tanh) and "
            f"nn.Linear. {SERIES}",
            f"SineNet 的 rnn 和 linear 是 {kinds[0]} 和 {kinds[1]}，batch_first、num_layers、nonlinearity 为 "
            f"{settings}；应为 nn.RNN（batch_first=True、num_layers=1、tanh）和 nn.Linear。{SERIES}",
        )


def _std_mistake(std):
    known = {
        0.001**2: Msg(
            f"std=1e-6, the variance: normal_'s std is the standard deviation, 0.001 {SERIES.en}",
            f"std=1e-6 是方差：normal_ 的 std 是标准差，应为 0.001{SERIES.zh}",
        ),
        0.01: Msg(
            f"std=0.01: the course draws N(0, 0.001²), std=0.001 {SERIES.en}",
            f"std=0.01：课程从 N(0, 0.001²) 抽取，std=0.001{SERIES.zh}",
        ),
        1.0: Msg(
            f"std=1 (torch.randn without scaling): use nn.init.normal_(p, mean=0.0, std=0.001) {SERIES.en}",
            f"std=1（torch.randn 没有缩放）：请用 nn.init.normal_(p, mean=0.0, std=0.001){SERIES.zh}",
        ),
        0.25 / math.sqrt(3): Msg(
            f"nn.RNN's default initialisation (uniform in ±1/sqrt(16)) was kept: draw every RNN "
            f"parameter again with nn.init.normal_(p, mean=0.0, std=0.001) {SERIES.en}",
            f"保留了 nn.RNN 的默认初始化（±1/sqrt(16) 之间的均匀分布）：请用 "
            f"nn.init.normal_(p, mean=0.0, std=0.001) 重新抽取 RNN 的每个参数{SERIES.zh}",
        ),
    }
    return next((m for value, m in known.items() if math.isclose(std, value, rel_tol=0.3)), None)


@exercise("rnn.SineNet")
@points(2)
def test_sine_net_initialisation(student):
    """Every RNN parameter drawn from N(0, 0.001²): each tensor's spread, all 304 values' mean and
    standard deviation."""
    state = student.rnn.SineNet().state_dict()
    missing = [k for k in RNN_PARAMS if k not in state]
    if missing:
        _load(student.rnn.SineNet(), sine_state(seed=72))  # names what is wrong with the layout
    values = []
    for name in RNN_PARAMS:
        p = state[name].detach().double().reshape(-1)
        values.append(p)
        rms = p.pow(2).mean().sqrt().item()
        if not 0.0004 < rms < 0.0025:
            mistake = _std_mistake(rms)
            hint = f" {looks_like(mistake)}" if mistake else ""
            fail(
                f"SineNet's {name!r} has values of size {shown(rms, '.3g')} (root mean square); drawn "
                f"from N(0, 0.001²) they would be about 0.001. Draw EVERY parameter of rnn (both "
                f"weights and both biases): for p in self.rnn.parameters(): "
                f"nn.init.normal_(p, mean=0.0, std=0.001).{hint} {SERIES}",
                f"SineNet 的 {name!r} 中数值的大小（均方根）是 {shown(rms, '.3g')}；从 N(0, 0.001²) 抽取应约为 "
                f"0.001。rnn 的每个参数（两个权重和两个偏置）都要重新抽取：for p in self.rnn.parameters(): "
                f"nn.init.normal_(p, mean=0.0, std=0.001)。{looks_like(mistake) if mistake else ''}{SERIES}",
                mistake=mistake,
            )
    allv = torch.cat(values)
    std, mean = allv.std().item(), allv.mean().item()
    if not math.isclose(std, 0.001, rel_tol=0.2) or abs(mean) > 0.0003:
        fail(
            f"the {allv.numel()} values of SineNet's rnn have mean {shown(mean, '.3g')} and standard "
            f"deviation {shown(std, '.3g')}; N(0, 0.001²) gives mean 0 and standard deviation 0.001: "
            f"nn.init.normal_(p, mean=0.0, std=0.001). {SERIES}",
            f"SineNet 的 rnn 的 {allv.numel()} 个值的均值为 {shown(mean, '.3g')}，标准差为 {shown(std, '.3g')}；"
            f"N(0, 0.001²) 的均值为 0、标准差为 0.001：nn.init.normal_(p, mean=0.0, std=0.001)。{SERIES}",
        )
    if torch.equal(values[0], values[1][: values[0].numel()]) or torch.equal(values[2], values[3]):
        fail(
            f"SineNet's rnn parameters repeat each other: draw each one with its own normal_ call. {SERIES}",
            f"SineNet 的 rnn 参数彼此重复：每个参数都要各自调用一次 normal_ 抽取。{SERIES}",
        )


@exercise("rnn.SineNet")
@points(1)
def test_sine_net_linear_keeps_its_default_initialisation(student):
    state = student.rnn.SineNet().state_dict()
    weight = state.get("linear.weight")
    if weight is None:
        _load(student.rnn.SineNet(), sine_state(seed=73))
    rms = weight.detach().double().pow(2).mean().sqrt().item()
    if rms < 0.02:
        fail(
            f"SineNet's linear.weight has values of size {shown(rms, '.3g')}: only the RNN's "
            f"parameters are drawn from N(0, 0.001²) (self.rnn.parameters(), not self.parameters()); "
            f"the linear layer keeps nn.Linear's own initialisation. {SERIES}",
            f"SineNet 的 linear.weight 中数值的大小是 {shown(rms, '.3g')}：只有 RNN 的参数从 N(0, 0.001²) "
            f"抽取（self.rnn.parameters()，而不是 self.parameters()）；全连接层保留 nn.Linear 自己的初始化。{SERIES}",
        )


@pytest.mark.parametrize(
    "seq, seed",
    [
        _case(49, 80, function="SineNet", n=2, id="49-steps"),
        _case(1, 81, function="SineNet", n=1, id="one-step"),
        _case(7, 82, function="SineNet", n=1, id="7-steps"),
    ],
)
def test_sine_net_forward_with_loaded_weights(student, seq, seed):
    state = sine_state(seed=seed)
    net = student.rnn.SineNet()
    _load(net, state)
    ref = ProbeSineNet(state)
    x, h = randn(1, seq, 1, seed=seed + 1), randn(1, 1, 16, seed=seed + 2) * 0.5
    out, hidden = _net_forward(net, x, h)
    with torch.no_grad():
        want_out, want_hidden = ref(x, h)
    assert_tensor(out, want_out, what=Msg.code("out"), mistakes=_net_mistakes(ref, x, h))
    assert_tensor(
        hidden,
        want_hidden,
        what=Msg("the new hidden_prev", "新的 hidden_prev"),
        mistakes={
            Msg(
                f"the hidden state given was returned: return the RNN's new h_n {SERIES.en}",
                f"返回的是传入的隐藏状态：应返回 RNN 新的 h_n{SERIES.zh}",
            ): h
        },
    )


@exercise("rnn.SineNet")
@points(2)
def test_sine_net_gradients(student):
    state = sine_state(seed=83, dtype=torch.float64)
    net = student.rnn.SineNet()
    _load(net, {k: v.float() for k, v in state.items()})
    net.double()
    net.load_state_dict(state)
    ref = ProbeSineNet(state)
    x, h = (
        randn(1, 6, 1, seed=84, dtype=torch.float64),
        randn(1, 1, 16, seed=85, dtype=torch.float64),
    )
    xr, hr = x.clone().requires_grad_(), h.clone().requires_grad_()
    out, hidden = ref(xr, hr)
    up_out, up_h = (
        randn(1, 6, 1, seed=86, dtype=torch.float64),
        randn(1, 1, 16, seed=87, dtype=torch.float64),
    )
    params = dict(ref.named_parameters())
    grads = torch.autograd.grad([out, hidden], [xr, hr, *params.values()], [up_out, up_h])
    call = net.backward_call(
        x.clone().requires_grad_(), h.clone().requires_grad_(), grad_outputs=[up_out, up_h]
    )
    assert_sequence(
        call.value,
        2,
        what=Msg("SineNet's output (out, hidden_prev)", "SineNet 的输出 (out, hidden_prev)"),
    )
    assert_tensor(call.value[0], out.detach(), what=Msg("out (float64)", "out（float64）"))
    got_inputs = call.input_grads or [None, None]
    for name, g, e in zip(("x", "hidden_prev"), got_inputs, grads[:2]):
        if g is None:
            fail(
                f"SineNet's output does not depend on {name} through autograd: was it detached? {SERIES}",
                f"SineNet 的输出在 autograd 中不依赖 {name}：它是否被分离了？{SERIES}",
            )
        assert_tensor(g, e, what=Msg(f"the gradient with respect to {name}", f"对 {name} 的梯度"))
    for name, e in zip(params, grads[2:]):
        g = call.param_grads.get(name)
        if g is None:
            fail(
                f"SineNet's {name!r} gets no gradient: does forward use it? {SERIES}",
                f"SineNet 的 {name!r} 没有梯度：forward 用到它了吗？{SERIES}",
            )
        assert_tensor(g, e, what=Msg(f"the gradient of {name!r}", f"{name!r} 的梯度"))


def _module_keeps_meta(model, *inputs):
    """Moved to the meta device, the module must return meta tensors for meta inputs (one that
    cannot run on meta for another reason is not failed)."""
    model.to("meta")
    try:
        got = model(*[t.to("meta") for t in inputs])
    except NotImplementedByStudent:
        raise
    except StudentError as err:
        if any(sign in err.message for sign in DEVICE_MIX_ERRORS):
            fail(
                f"Given a module and inputs on the meta device, forward mixed devices "
                f"({err.exc_type}: {quote(err.message)}): a tensor created without device= lands "
                f"on the CPU. Create it with device=x.device, or use *_like functions.",
                f"模块和输入都在 meta 设备上时 forward 混用了设备（{err.exc_type}：{quote(err.message)}）："
                f"新建张量未指定 device= 会落在 CPU 上。请用 device=x.device 创建，或用 *_like 函数。",
            )
        return
    for t in got if isinstance(got, (tuple, list)) else [got]:
        if isinstance(t, torch.Tensor) and t.device.type != "meta":
            fail(
                f"Given a module and inputs on the meta device, forward returned a tensor on "
                f"{t.device.type}: a tensor created without device= lands on the CPU.",
                f"模块和输入都在 meta 设备上时，forward 返回了 {t.device.type} 上的张量：新建张量未指定 "
                f"device= 会落在 CPU 上。",
            )


@exercise("rnn.SineNet")
@points(1)
def test_sine_net_meta_device(student):
    state = sine_state(seed=88)
    net = student.rnn.SineNet()
    _load(net, state)
    ref = ProbeSineNet(state)
    x, h = randn(1, 5, 1, seed=89), randn(1, 1, 16, seed=90)
    out, _ = _net_forward(net, x, h)
    with torch.no_grad():
        assert_tensor(out, ref(x, h)[0], what=Msg.code("out"), mistakes=_net_mistakes(ref, x, h))
    _module_keeps_meta(net, x, h)


# -- sine_train_step ---------------------------------------------------------------------------------
def _series(start, n=30):
    t = torch.linspace(start, start + 10, n, dtype=torch.float64)
    data = torch.sin(t).float()
    return data[:-1].reshape(1, n - 1, 1), data[1:].reshape(1, n - 1, 1)


def _clip(params, max_norm, how):
    if how == "norm":
        nn.utils.clip_grad_norm_(params, max_norm)
    elif how == "each":
        for p in params:
            nn.utils.clip_grad_norm_(p, max_norm)
    elif how == "value":
        nn.utils.clip_grad_value_(params, max_norm)


@oracle
def _reference_steps(state, batches, h0, optimizer, lr, max_norm, **change):
    """The judge's own steps on ProbeSineNet(state); `change` makes a known mistake:
    clip="none"/"each"/"value"/"after", zero_grad=False, loss="sum"."""
    model = ProbeSineNet(state)
    opt = make_optimizer(model, optimizer, lr)
    hidden, losses, hiddens, norms = h0, [], [], []
    clip = change.get("clip", "norm")
    if change.get("zero_hidden"):
        hidden = torch.zeros_like(h0)
    for x, y in batches:
        out, new_hidden = model(x, hidden)
        loss = F.mse_loss(out, y, reduction=change.get("loss", "mean"))
        if change.get("zero_grad", True):
            opt.zero_grad()
        loss.backward()
        norms.append(torch.sqrt(sum(p.grad.pow(2).sum() for p in model.parameters())).item())
        if clip != "after":
            _clip(list(model.parameters()), max_norm, clip)
        opt.step()
        if clip == "after":
            _clip(list(model.parameters()), max_norm, "norm")
        losses.append(loss.item())
        hidden = torch.zeros_like(h0) if change.get("zero_hidden") else new_hidden.detach()
        hiddens.append(new_hidden.detach())
    return SimpleNamespace(
        state={k: v.detach().clone() for k, v in model.state_dict().items()},
        losses=losses,
        hiddens=hiddens,
        norms=norms,
    )


def _step_variants(state, batches, h0, optimizer, lr, max_norm):
    def variant(**change):
        return _reference_steps(state, batches, h0, optimizer, lr, max_norm, **change).state

    return {
        Msg(
            f"the gradients were not clipped before optimizer.step() (clipping missing, or done "
            f"after the step, when it no longer changes it): call "
            f"torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm) between backward and step "
            f"{TRAINING.en}",
            f"没有在 optimizer.step() 之前裁剪梯度（缺少裁剪，或在更新之后才裁剪，那时已经不起作用）："
            f"请在 backward 和 step 之间调用 torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm)"
            f"{TRAINING.zh}",
        ): variant(clip="none"),
        Msg(
            f"each parameter's gradient was clipped on its own: clip_grad_norm_ takes all of "
            f"model.parameters() at once and limits their TOTAL norm {TRAINING.en}",
            f"对每个参数的梯度分别裁剪了：clip_grad_norm_ 要一次传入全部 model.parameters()，"
            f"限制的是它们的总范数{TRAINING.zh}",
        ): variant(clip="each"),
        Msg(
            f"each gradient value was clipped to ±max_norm (clip_grad_value_): clip the total L2 "
            f"norm with clip_grad_norm_ {TRAINING.en}",
            f"把每个梯度值截断到了 ±max_norm（clip_grad_value_）：应当用 clip_grad_norm_ 裁剪总的 L2 范数"
            f"{TRAINING.zh}",
        ): variant(clip="value"),
        Msg(
            f"optimizer.zero_grad() is missing: the gradients of every step add up {SERIES.en}",
            f"缺少 optimizer.zero_grad()：每一步的梯度会累加起来{SERIES.zh}",
        ): variant(zero_grad=False),
        Msg(
            f"the model did not start from hidden_prev (it ran from zeros): call "
            f"model(x, hidden_prev), so that the hidden state carries on from the last step "
            f"{SERIES.en}",
            f"模型没有从 hidden_prev 出发（从全零开始）：请调用 model(x, hidden_prev)，"
            f"让隐藏状态从上一步接着往下传{SERIES.zh}",
        ): variant(zero_hidden=True),
        Msg(
            f"the squared errors were summed: MSE is their mean (nn.MSELoss(), F.mse_loss) {SERIES.en}",
            f"对平方误差求了和：均方误差是它们的平均（nn.MSELoss()、F.mse_loss）{SERIES.zh}",
        ): variant(loss="sum"),
        Msg(
            f"the weights did not move: one optimizer.step() after loss.backward() (and zero_grad "
            f"before backward, not between backward and step) {SERIES.en}",
            f"权重没有变化：在 loss.backward() 之后调用一次 optimizer.step()（zero_grad 要在 backward 之前，"
            f"而不是在 backward 和 step 之间）{SERIES.zh}",
        ): state,
    }


STATE_TOLERANCE = {"rtol": 1e-7, "atol": 1e-10}


def _check_state(got, expected, variants):
    if all(
        k in got
        and tuple(got[k].shape) == tuple(v.shape)
        and torch.allclose(got[k], v, **STATE_TOLERANCE)
        for k, v in expected.items()
    ):
        return
    known = variants()
    for key, value in expected.items():
        assert_tensor(
            got.get(key),
            value,
            what=Msg(f"the model's {key!r} after training", f"训练后模型的 {key!r}"),
            mistakes={name: s[key] for name, s in known.items()},
            **STATE_TOLERANCE,
        )


def _check_step_result(call, ref, i=0):
    value = call.value
    assert_sequence(
        value,
        2,
        what=Msg(
            "sine_train_step's result (loss, hidden)", "sine_train_step 的返回值 (loss, hidden)"
        ),
    )
    loss, hidden = value
    if isinstance(loss, torch.Tensor):
        fail(
            f"the loss came back as a tensor: return loss.item(), a Python float (a tensor would "
            f"keep the whole graph of the step alive) {SERIES}",
            f"损失以张量的形式返回：请返回 loss.item()，即 Python float（张量会让这一步的整个计算图一直占用内存）{SERIES}",
        )
    assert_close_number(loss, ref.losses[i], what=Msg("the loss", "损失"), rel=1e-6)
    assert_tensor(hidden, ref.hiddens[i], what=Msg("the hidden state returned", "返回的隐藏状态"))
    facts = call.tensor_facts
    if facts and facts[-1]["requires_grad"]:
        fail(
            f"the hidden state came back attached to the graph (requires_grad=True, from "
            f"{facts[-1]['grad_fn']}): return hidden.detach(). Fed into the next step, it would "
            f"make that step's backward run back into this one, whose graph is freed by then "
            f'("Trying to backward through the graph a second time"); detaching truncates '
            f"backpropagation through time at the sequence's start. {TRAINING}",
            f"返回的隐藏状态仍连在计算图上（requires_grad=True，来自 {facts[-1]['grad_fn']}）：请返回 "
            f"hidden.detach()。把它传给下一步时，下一步的 backward 会沿着这一步已被释放的计算图继续反向传播"
            f"（会报错：计算图已被释放）；分离（detach）就是在序列开头截断随时间的"
            f"反向传播。{TRAINING}",
        )


def _train_case(
    student,
    *,
    seed,
    optimizer,
    lr,
    max_norm,
    steps=1,
    starts=(0.0, 1.0, 2.0),
    scale=1.0,
    default=False,
):
    state = sine_state(seed=seed, dtype=torch.float64)
    kit = student.rnn.kit_function
    model = kit(ProbeSineNet).keep(state)
    opt = kit(make_optimizer).keep(model, optimizer, lr)
    batches = [(x, y * scale) for x, y in (_series(s) for s in starts[:steps])]
    h0 = torch.randn(1, 1, 16, generator=torch.Generator().manual_seed(seed + 1)) * 0.3
    ref = _reference_steps(state, batches, h0, optimizer, lr, max_norm)
    hidden, last = h0, None
    for i, (x, y) in enumerate(batches):
        if default:
            last = student.rnn.sine_train_step.call(model, opt, x, y, hidden)
        else:
            last = student.rnn.sine_train_step.call(model, opt, x, y, hidden, max_norm)
        value = last.value
        hidden = value[1] if isinstance(value, (tuple, list)) and len(value) == 2 else hidden
        if not isinstance(hidden, torch.Tensor):
            hidden = ref.hiddens[i]
    # the weights first: where they went names the mistake of the step; then what it returned
    _check_state(
        model.state_dict(),
        ref.state,
        lambda: _step_variants(state, batches, h0, optimizer, lr, max_norm),
    )
    _check_step_result(last, ref, steps - 1)
    return ref


@exercise("rnn.sine_train_step")
@points(3)
def test_sine_train_step_clips_before_the_step(student):
    ref = _train_case(student, seed=100, optimizer="sgd", lr=0.1, max_norm=0.05)
    assert ref.norms[0] > 0.05 * 4  # the judge's own case: clipping bites


@exercise("rnn.sine_train_step")
@points(2)
def test_sine_train_step_two_steps(student):
    # the second step starts from the hidden state the first returned, with the same optimizer
    _train_case(student, seed=110, optimizer="sgd", lr=0.1, max_norm=0.2, steps=2)


@exercise("rnn.sine_train_step")
@points(1)
def test_sine_train_step_under_max_norm_nothing_is_clipped(student):
    ref = _train_case(student, seed=120, optimizer="sgd", lr=0.05, max_norm=1e6)
    assert ref.norms[0] < 1e6


@exercise("rnn.sine_train_step")
@points(1)
def test_sine_train_step_default_max_norm(student):
    # targets scaled so that the gradients' norm is above 10: the default max_norm=10 bites
    ref = _train_case(
        student, seed=130, optimizer="sgd", lr=0.001, max_norm=10.0, scale=40.0, default=True
    )
    assert ref.norms[0] > 10.0


@exercise("rnn.sine_train_step")
@points(2)
def test_sine_train_step_uses_the_optimizer_given(student):
    _train_case(student, seed=140, optimizer="adam", lr=0.01, max_norm=10.0, steps=3)


# -- predict_sine ------------------------------------------------------------------------------------
@oracle
def _reference_predict(state, x0, h, steps, **change):
    model = ProbeSineNet(state)
    preds, inp, hidden = [], x0.reshape(1, 1, 1), h
    with torch.no_grad():
        for _ in range(steps):
            pred, new_hidden = model(
                x0.reshape(1, 1, 1) if change.get("no_feedback") else inp, hidden
            )
            if not change.get("reset_hidden"):
                hidden = new_hidden
            preds.append(pred.reshape(1))
            inp = pred
    out = torch.cat(preds)
    if change.get("with_x0"):
        out = torch.cat([x0.reshape(1).to(out.dtype), out])
    return out.float()


def _predict_mistakes(state, x0, h, steps):
    ref = _reference_predict(state, x0, h, steps)

    def m(msg, value):
        return Msg(f"{msg.en} {SERIES.en}", f"{msg.zh}{SERIES.zh}"), value

    return dict(
        [
            m(
                Msg(
                    "the prediction was not fed back: after the first step the input is the last prediction, not x0",
                    "没有把预测值作为输入：第一步之后的输入是上一次的预测值，而不是 x0",
                ),
                _reference_predict(state, x0, h, steps, no_feedback=True),
            ),
            m(
                Msg(
                    "the hidden state was not carried on: pass each call's new hidden state to the next call",
                    "没有把隐藏状态传下去：每次调用得到的新隐藏状态要传给下一次调用",
                ),
                _reference_predict(state, x0, h, steps, reset_hidden=True),
            ),
            m(
                Msg(
                    "x0 was put in front of the predictions: return the steps predictions only",
                    "把 x0 放在了预测值前面：只返回 steps 个预测值",
                ),
                _reference_predict(state, x0, h, steps, with_x0=True),
            ),
            m(
                Msg(
                    "one prediction short: predict steps points",
                    "少了一个预测值：要预测 steps 个点",
                ),
                ref[:-1],
            ),
            m(
                Msg(
                    "float64: return float32 (.float())",
                    "用了 float64：请返回 float32（.float()）",
                ),
                ref.double(),
            ),
            m(
                Msg(
                    "the shape is not [steps]: flatten the predictions into one dim",
                    "形状不是 [steps]：请把预测值展平成一维",
                ),
                ref.reshape(-1, 1),
            ),
            m(
                Msg(
                    "the shape is not [steps]: flatten the predictions into one dim",
                    "形状不是 [steps]：请把预测值展平成一维",
                ),
                ref.reshape(1, -1, 1),
            ),
        ]
    )


def _predict_case(student, *, seed, steps, dtype=torch.float32):
    state = sine_state(seed=seed, dtype=dtype)
    model = student.rnn.kit_function(ProbeSineNet).keep(state)
    x0 = torch.full((1, 1, 1), math.sin(seed / 10))
    h = randn(1, 1, 16, seed=seed + 1) * 0.2
    call = student.rnn.predict_sine.call(model, x0, h, steps)
    got = call.value
    if isinstance(got, (list, tuple)):
        fail(
            f"predict_sine returned a {type(got).__name__}: return one float32 tensor [steps] "
            f"(torch.cat the predictions, then .float()) {SERIES}",
            f"predict_sine 返回了 {type(got).__name__}：请返回一个 float32 张量 [steps]（把预测值 torch.cat 起来，再 .float()）{SERIES}",
        )
    assert_tensor(
        got,
        _reference_predict(state, x0, h, steps),
        what=Msg("the predictions", "预测值"),
        mistakes=_predict_mistakes(state, x0, h, steps),
    )
    return call, model, x0, h


@pytest.mark.parametrize(
    "steps, seed",
    [
        _case(49, 150, function="predict_sine", n=2, id="49-steps"),
        _case(5, 151, function="predict_sine", n=1, id="5-steps"),
        _case(1, 152, function="predict_sine", n=1, id="one-step"),
    ],
)
def test_predict_sine_feeds_its_predictions_back(student, steps, seed):
    _predict_case(student, seed=seed, steps=steps)


@exercise("rnn.predict_sine")
@points(1)
def test_predict_sine_float32_from_a_float64_model(student):
    _predict_case(student, seed=153, steps=8, dtype=torch.float64)


@exercise("rnn.predict_sine")
@points(2)
def test_predict_sine_under_no_grad(student):
    call, _, _, _ = _predict_case(student, seed=154, steps=6)
    modes = call.probe_modes
    if not modes or any(mode["grad_enabled"] for mode in modes):
        fail(
            f"the model ran with autograd recording: predicting needs no gradients, and every step "
            f"would add to one graph. Run the loop inside `with torch.no_grad():` {SERIES}",
            f"模型运行时 autograd 在记录计算图：预测不需要梯度，而每一步都会让计算图变得更大。"
            f"请把循环放在 `with torch.no_grad():` 中{SERIES}",
        )


@exercise("rnn.predict_sine")
@points(1)
def test_predict_sine_inputs_left_unchanged(student):
    call, _, x0, h = _predict_case(student, seed=155, steps=4)
    assert_inputs_unchanged(call, None, x0, h, names=["model", "x0", "hidden_prev"])


@exercise("rnn.predict_sine")
@points(1)
def test_predict_sine_meta_device(student):
    _, model, x0, h = _predict_case(student, seed=156, steps=4)
    model.to("meta")
    assert_keeps_meta(student.rnn.predict_sine, model, x0, h, 3)


# -- devices: the meta device everywhere, CUDA agreement where CUDA is present ----------------------
def _device_forward_args():
    _, layers = _rnn(3, 4, 2, True, seed=160)
    return args(randn(2, 5, 3, seed=161), randn(2, 2, 4, seed=162), layers, True)


DEVICE_CASES = {
    "rnn_cell": lambda: args(
        randn(2, 3, seed=163), randn(2, 4, seed=164), *_cell_weights(3, 4, seed=165)[1]
    ),
    "rnn_forward": _device_forward_args,
}


@pytest.mark.parametrize("name, make_args", meta_cases("rnn", DEVICE_CASES))
def test_meta_device_kept(student, name, make_args):
    call = make_args()
    assert_keeps_meta(getattr(student.rnn, name), *call.args, **call.kwargs)


@pytest.mark.parametrize("name, make_args", cuda_cases("rnn", DEVICE_CASES))
def test_same_on_cuda(student, name, make_args):
    """Device agreement: the same answer on CPU and on CUDA, returned on CUDA."""
    assert_same_on_cuda(getattr(student.rnn, name), make_args())


@exercise("rnn.SineNet")
@points(1)
@requires_cuda
def test_sine_net_agrees_on_cuda(student):
    state = sine_state(seed=170)
    net = student.rnn.SineNet()
    _load(net, state)
    x, h = randn(1, 9, 1, seed=171), randn(1, 1, 16, seed=172)
    on_cpu = _net_forward(net, x, h)
    with torch.no_grad():
        assert_tensor(on_cpu[0], ProbeSineNet(state)(x, h)[0], what=Msg.code("out"))
    net.to("cuda")
    on_cuda = net(x.to("cuda"), h.to("cuda"))
    assert_agree_across_devices(on_cuda, on_cpu, what=Msg("SineNet's output", "SineNet 的输出"))


@exercise("rnn.sine_train_step")
@points(1)
@requires_cuda
def test_sine_train_step_on_cuda(student):
    state = sine_state(seed=180, dtype=torch.float64)
    kit = student.rnn.kit_function
    model = kit(ProbeSineNet).keep(state)
    model.to("cuda")
    opt = kit(make_optimizer).keep(model, "sgd", 0.1)
    x, y = _series(0.5)
    h0 = torch.zeros(1, 1, 16)
    value = student.rnn.sine_train_step(model, opt, x.cuda(), y.cuda(), h0.cuda(), 0.05)
    ref = _reference_steps(state, [(x, y)], h0, "sgd", 0.1, 0.05)
    assert_sequence(
        value,
        2,
        what=Msg(
            "sine_train_step's result (loss, hidden)", "sine_train_step 的返回值 (loss, hidden)"
        ),
    )
    assert_agree_across_devices(value[1], ref.hiddens[0], what=Msg("the hidden state", "隐藏状态"))
    assert_agree_across_devices(
        model.state_dict(), ref.state, what=Msg("the weights after the step", "这一步之后的权重")
    )
    assert_close_number(
        value[0], ref.losses[0], what=Msg("the loss on CUDA", "CUDA 上的损失"), rel=1e-6
    )


@exercise("rnn.predict_sine")
@points(1)
@requires_cuda
def test_predict_sine_on_cuda(student):
    state = sine_state(seed=190)
    model = student.rnn.kit_function(ProbeSineNet).keep(state)
    model.to("cuda")
    x0, h = torch.full((1, 1, 1), 0.2), randn(1, 1, 16, seed=191) * 0.2
    got = student.rnn.predict_sine(model, x0.cuda(), h.cuda(), 10)
    assert_agree_across_devices(
        got, _reference_predict(state, x0, h, 10), what=Msg("the predictions", "预测值")
    )
