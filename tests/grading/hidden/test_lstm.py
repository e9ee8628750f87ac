"""Hidden checks for topic `lstm` (LSTM原理 / LSTM Layer使用 / 情感分类实战).

Oracles: torch's own LSTM. `lstm_cell` is compared with `torch.lstm_cell` (what nn.LSTMCell
runs), `lstm_forward` with `nn.LSTM(num_layers=1)`, `reverse_lstm_forward` with the backward half
of `nn.LSTM(bidirectional=True)`, all with the same seeded weights, in float32 and float64, for a
batch of one and a sequence of one; named mistakes (gates in the wrong order, h and c swapped,
tanh missing or misplaced, the state not carried, h_n from the wrong end, the reverse outputs not
put back in time order) come from the judge's own cell written with those mistakes. Gradients:
the student's backward against the judge's autograd of the built-ins and against central
differences of the student's own forward (float64, tiny sizes). The by-hand functions may not
reach nn.LSTM, nn.LSTMCell, torch.lstm or torch.lstm_cell (at run time or in their source); the
student's own `lstm_cell` may be called. `binary_accuracy` on logits away from 0, shapes [b] and
[b, 1] mixed, its type. `SentimentRNN`: names and shapes of its state_dict, the settings of its
layers, its eval output against the judge's reference module carrying the student's own weights,
its training-mode output for the same random seed on both sides (dropout where the course puts
it), the meta device and, with CUDA, CPU/CUDA agreement."""

import pytest
import torch
from torch import nn

from grader.checks import (
    GradingFailure,
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
    meta_cases,
    non_contiguous,
    randn,
    requires_cuda,
    source_names,
    tensors_match,
)
from grader.checks.behaviour import DEVICE_MIX_ERRORS
from grader.checks.compare import looks_like, shape_str
from grader.checks.devices import LeftOut
from grader.checks.feedback import shown
from grader.checks.gradients import assert_gradients_match, numerical_gradient
from grader.checks.oracle import oracle
from grader.i18n import Msg, quote, tr
from grader.lessons import cite
from grader.sandbox.client import NotImplementedByStudent, StudentError

exercise = pytest.mark.exercise
points = pytest.mark.points

CELL = cite("lstm")
LAYER = cite("lstm_layer")
SENTIMENT = cite("sentiment")

DEVICE_CHECKS_LEFT_OUT = {
    "binary_accuracy": LeftOut(
        meta="returns a Python float, which meta tensors cannot give",
        cuda="returns a Python float: no tensor, so no device",
    ),
}

# What the by-hand functions may not use: as the sandbox records torch calls at run time
# (nn.LSTMCell runs torch.lstm_cell, nn.LSTM runs torch.lstm) and as their source names them.
RUNTIME_FORBIDDEN = frozenset({"lstm", "lstm_cell"})
SOURCE_FORBIDDEN = frozenset({"LSTM", "LSTMCell", "lstm", "lstm_cell", "_VF"})

THE_STATE = Msg("the returned state (h', c')", "返回的状态 (h', c')")
THE_RESULT_PAIR = Msg("the result (out, (h_n, c_n))", "结果 (out, (h_n, c_n))")
THE_FINAL_STATE = Msg("the returned (h_n, c_n)", "返回的 (h_n, c_n)")
H_NEXT, C_NEXT = Msg.code("h'"), Msg.code("c'")
OUT = Msg("the returned out", "返回的 out")
H_N = Msg("the returned h_n", "返回的 h_n")
C_N = Msg("the returned c_n", "返回的 c_n")


# -- the judge's own cell, also written with the mistakes it names ----------------------------------
def _cell(x, h, c, w_ih, w_hh, b_ih, b_hh, *, order="ifgo", g_act=torch.tanh, c_act=torch.tanh,
          old_c=False, bias_hh=True):  # fmt: skip
    """One LSTM step; `order` names the four blocks of the gates as the code cut them."""
    gates = x @ w_ih.T + b_ih + h @ w_hh.T + (b_hh if bias_hh else 0)
    parts = dict(zip(order, gates.chunk(4, dim=-1)))
    i, f, g, o = (parts[k] for k in "ifgo")
    c_next = torch.sigmoid(f) * c + torch.sigmoid(i) * g_act(g)
    h_next = torch.sigmoid(o) * c_act(c if old_c else c_next)
    return h_next, c_next


def _identity(t):
    return t


def _order_msg(order):
    return Msg(
        f"the gates in the wrong order ({', '.join(order)}): the four blocks of w_ih, w_hh and the "
        f"biases are i, f, g, o, PyTorch's order {CELL.en}",
        f"门的顺序错了（{'、'.join(order)}）：w_ih、w_hh 和偏置的四块依次是 i、f、g、o，这是 PyTorch 的顺序{CELL.zh}",
    )


WRONG_ORDERS = ("ifog", "figo", "fiog", "gifo", "iofg")

CELL_VARIANTS = {
    **{_order_msg(order): {"order": order} for order in WRONG_ORDERS},
    Msg(
        f"no tanh on the new cell state: h' = σ(o)·tanh(c') {CELL.en}",
        f"新的细胞状态少了 tanh：h' = σ(o)·tanh(c'){CELL.zh}",
    ): {"c_act": _identity},
    Msg(
        f"sigmoid on the candidate g: g goes through tanh, only i, f and o through sigmoid {CELL.en}",
        f"候选值 g 用了 sigmoid：g 要过 tanh，只有 i、f、o 过 sigmoid{CELL.zh}",
    ): {"g_act": torch.sigmoid},
    Msg(
        f"no tanh on the candidate g: c' = σ(f)·c + σ(i)·tanh(g) {CELL.en}",
        f"候选值 g 少了 tanh：c' = σ(f)·c + σ(i)·tanh(g){CELL.zh}",
    ): {"g_act": _identity},
    Msg(
        f"h' from the old cell state: h' = σ(o)·tanh(c') uses the new c' {CELL.en}",
        f"h' 用了旧的细胞状态：h' = σ(o)·tanh(c') 用的是新的 c'{CELL.zh}",
    ): {"old_c": True},
    Msg(
        f"b_hh was left out: the gates add both biases, b_ih and b_hh {CELL.en}",
        f"漏了 b_hh：门要加上两个偏置 b_ih 和 b_hh{CELL.zh}",
    ): {"bias_hh": False},
}

SWAPPED = Msg(
    f"c and h swapped in the returned state: return (h, c), h first, as nn.LSTM does {LAYER.en}",
    f"返回的状态中 c 和 h 对调了：应返回 (h, c)，h 在前，与 nn.LSTM 相同{LAYER.zh}",
)


CELL_SWAPPED = Msg(
    f"c and h swapped in the returned state: return (h', c'), h' first, as nn.LSTMCell does "
    f"{CELL.en}",
    f"返回的状态中 c 和 h 对调了：应返回 (h', c')，h' 在前，与 nn.LSTMCell 相同{CELL.zh}",
)


def _cell_mistakes(x, h, c, w):
    """{which: {mistake: tensor}} for h' and c' of one step."""
    right_h, right_c = _cell(x, h, c, *w)
    found = {"h": {CELL_SWAPPED: right_c}, "c": {CELL_SWAPPED: right_h}}
    for msg, kw in CELL_VARIANTS.items():
        h2, c2 = _cell(x, h, c, *w, **kw)
        found["h"][msg], found["c"][msg] = h2, c2
    return found


def _pair(got, what):
    assert_sequence(got, 2, what=what)
    return got[0], got[1]


def _weights(input_size, hidden, *, seed, dtype=torch.float32):
    """w_ih, w_hh, b_ih, b_hh, seeded, of a size that keeps the gates away from saturation."""
    scale = 1 / max(input_size, hidden) ** 0.5
    return (
        randn(4 * hidden, input_size, seed=seed, dtype=dtype) * scale,
        randn(4 * hidden, hidden, seed=seed + 1, dtype=dtype) * scale,
        randn(4 * hidden, seed=seed + 2, dtype=dtype) * 0.5,
        randn(4 * hidden, seed=seed + 3, dtype=dtype) * 0.5,
    )


def _layer(w):
    return dict(zip(("w_ih", "w_hh", "b_ih", "b_hh"), w))


def _check_cell(got, x, h, c, w):
    expected_h, expected_c = torch.lstm_cell(x, (h, c), *w)
    got_h, got_c = _pair(got, THE_STATE)
    right = tensors_match(got_h, expected_h) and tensors_match(got_c, expected_c)
    found = _cell_mistakes(x, h, c, w) if not right else {"h": {}, "c": {}}
    assert_tensor(got_h, expected_h, what=H_NEXT, mistakes=found["h"])
    assert_tensor(got_c, expected_c, what=C_NEXT, mistakes=found["c"])


def _assert_by_hand(fn, call, *, own_cell_allowed):
    """No torch LSTM at run time; none named in the function's source (the student's own
    lstm_cell, called by its bare name, is allowed where `own_cell_allowed`)."""
    used = {name.split(".")[0] for name in call.calls} & RUNTIME_FORBIDDEN
    own = ("lstm_cell",) if own_cell_allowed else ()
    used |= (source_names(fn, own=own) or set()) & SOURCE_FORBIDDEN
    if used:
        names = ", ".join(sorted(used))
        own = (
            tr(
                " Your own lstm_cell may be called; torch's may not.",
                "可以调用你自己写的 lstm_cell，但不能用 torch 的。",
            )
            if own_cell_allowed
            else ""
        )
        fail(
            f"This exercise is to be done by hand, but the function uses {names} (torch's own LSTM)."
            f"{own} Compute the gates with @, sigmoid and tanh. {CELL}",
            f"本题要求手写实现，但函数用了 {'、'.join(sorted(used))}（torch 自带的 LSTM）。{own}"
            f"请用 @、sigmoid 和 tanh 计算各个门。{CELL}",
        )


DETACHED = Msg(
    f"the state was detached between steps (h.detach(), c.detach() or .data): the gradient must "
    f"flow back through every step {LAYER.en}",
    f"状态在各步之间被 detach 了（h.detach()、c.detach() 或 .data）：梯度必须穿过每一步传回去{LAYER.zh}",
)
CELL_DETACHED = Msg(
    f"something was cut from the graph (.detach(), .data or torch.tensor(...)): compute with the "
    f"tensors as given {CELL.en}",
    f"有东西被从计算图里切断了（.detach()、.data 或 torch.tensor(...)）：请直接用传入的张量计算{CELL.zh}",
)


# -- lstm_cell ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "b, input_size, hidden, dtype",
    [
        pytest.param(3, 4, 5, torch.float32, marks=[exercise("lstm.lstm_cell"), points(3)], id="3x4-to-5"),
        pytest.param(2, 6, 3, torch.float64, marks=[exercise("lstm.lstm_cell"), points(1)], id="float64"),
        pytest.param(1, 3, 4, torch.float32, marks=[exercise("lstm.lstm_cell"), points(1)], id="batch-1"),
    ],
)  # fmt: skip
def test_lstm_cell_equals_lstm_cell_builtin(student, b, input_size, hidden, dtype):
    w = _weights(input_size, hidden, seed=10, dtype=dtype)
    x = randn(b, input_size, seed=14, dtype=dtype)
    h, c = randn(b, hidden, seed=15, dtype=dtype), randn(b, hidden, seed=16, dtype=dtype)
    _check_cell(student.lstm.lstm_cell(x, (h, c), *w), x, h, c, w)


@exercise("lstm.lstm_cell")
@points(1)
def test_lstm_cell_non_contiguous_weights(student):
    # weights that are transposes of a [in, 4*hidden] storage, as after .T of another layout
    w_ih = non_contiguous(randn(8, 3, seed=20) * 0.5)
    w_hh = non_contiguous(randn(8, 2, seed=21) * 0.5)
    w = (w_ih, w_hh, randn(8, seed=22) * 0.5, randn(8, seed=23) * 0.5)
    x, h, c = randn(4, 3, seed=24), randn(4, 2, seed=25), randn(4, 2, seed=26)
    _check_cell(student.lstm.lstm_cell(x, (h, c), *w), x, h, c, w)


@exercise("lstm.lstm_cell")
@points(1)
def test_lstm_cell_leaves_its_inputs_alone(student):
    w = _weights(3, 4, seed=30)
    x, h, c = randn(2, 3, seed=34), randn(2, 4, seed=35), randn(2, 4, seed=36)
    call = student.lstm.lstm_cell.call(x, (h, c), *w)
    _check_cell(call.value, x, h, c, w)
    assert_inputs_unchanged(
        call, x, (h, c), *w, names=["x", "state", "w_ih", "w_hh", "b_ih", "b_hh"]
    )


@exercise("lstm.lstm_cell")
@points(2)
def test_lstm_cell_by_hand(student):
    fn = student.lstm.lstm_cell
    w = _weights(4, 3, seed=40)
    x, h, c = randn(2, 4, seed=44), randn(2, 3, seed=45), randn(2, 3, seed=46)
    call = fn.call(x, (h, c), *w)
    _check_cell(call.value, x, h, c, w)
    _assert_by_hand(fn, call, own_cell_allowed=False)


def _check_gradients(call, inputs, reference, numeric_of, names, upstream, detached=None):
    """The student's gradients (call.input_grads, one per input) against the judge's autograd
    of `reference` and against central differences of the student's own forward."""
    xs = [t.detach().clone().requires_grad_(True) for t in inputs]
    outs = reference(*xs)
    expected = torch.autograd.grad(outs, xs, upstream, allow_unused=True)
    got = list(call.input_grads)
    if len(got) != len(inputs) or any(g is None for g in got):
        missing = [n for n, g in zip(names, got + [None] * len(inputs)) if g is None]
        fail(
            f"The result does not depend through autograd on {', '.join(missing)}: was something "
            f"detached (.detach(), .data, torch.tensor(...)) or computed under torch.no_grad()? {CELL}",
            f"结果在 autograd 中不依赖 {'、'.join(missing)}：是否有东西被分离了（.detach()、.data、"
            f"torch.tensor(...)），或者在 torch.no_grad() 下计算？{CELL}",
        )
    try:
        assert_gradients_match(
            got,
            list(expected),
            names,
            rtol=1e-6,
            atol=1e-8,
            against=tr("autograd of torch's LSTM", "torch 自带 LSTM 的 autograd"),
        )
    except GradingFailure as wrong:  # the forward was right (checked before): the graph is not
        if detached is None:
            raise
        fail(
            f"{wrong} The forward is right, so autograd must have lost a path: this looks like: "
            f"{detached}.",
            f"{wrong}前向计算是对的，所以 autograd 丢了一条路径：很可能是这个错误：{detached}。",
            mistake=detached,
        )
    flat_upstream = torch.cat([u.reshape(-1) for u in upstream])
    numeric = numerical_gradient(numeric_of, inputs, grad_output=flat_upstream)
    assert_gradients_match(
        got,
        numeric,
        names,
        rtol=1e-4,
        atol=1e-6,
        against=tr("by central differences of your forward", "按你的 forward 做中心差分"),
    )


@exercise("lstm.lstm_cell")
@points(2)
def test_lstm_cell_gradients(student):
    fn = student.lstm.lstm_cell
    dtype = torch.float64
    w = _weights(3, 2, seed=50, dtype=dtype)
    x, h, c = (
        randn(2, 3, seed=54, dtype=dtype),
        randn(2, 2, seed=55, dtype=dtype),
        randn(2, 2, seed=56, dtype=dtype),
    )
    inputs = [x, h, c, *w]
    upstream = [randn(2, 2, seed=57, dtype=dtype), randn(2, 2, seed=58, dtype=dtype)]
    grads = [t.clone().requires_grad_(True) for t in inputs]
    call = fn.backward_call(grads[0], (grads[1], grads[2]), *grads[3:], grad_outputs=upstream)
    _check_cell(call.value, x, h, c, w)

    def reference(x, h, c, *w):
        return torch.lstm_cell(x, (h, c), *w)

    def student_flat(x, h, c, *w):
        got_h, got_c = _pair(fn(x, (h, c), *w), THE_STATE)
        return torch.cat([got_h.reshape(-1), got_c.reshape(-1)])

    _check_gradients(call, inputs, reference, student_flat, ["x", "h", "c", "w_ih", "w_hh", "b_ih", "b_hh"], upstream, CELL_DETACHED)  # fmt: skip


# -- lstm_forward / reverse_lstm_forward --------------------------------------------------------------
def _run(x, h0, c0, w, *, reverse=False, carry=True, flip_back=True, **cell_kw):
    """The judge's own layer with the given mistakes: (out, h_n, c_n, cell states, first h)."""
    h, c = h0[0], c0[0]
    steps = range(x.shape[0] - 1, -1, -1) if reverse else range(x.shape[0])
    hs, cs = [], []
    for t in steps:
        start = (h, c) if carry else (h0[0], c0[0])
        h, c = _cell(x[t], *start, *w, **cell_kw)
        hs.append(h)
        cs.append(c)
    out, c_seq, first = torch.stack(hs), torch.stack(cs), hs[0].unsqueeze(0)
    if reverse and flip_back:
        out, c_seq = out.flip(0), c_seq.flip(0)
    return out, h.unsqueeze(0), c.unsqueeze(0), c_seq, first


NOT_CARRIED = Msg(
    f"the state was not carried from step to step: each step must start from the (h, c) of the "
    f"step before, not from (h0, c0) {LAYER.en}",
    f"状态没有在各步之间传递：每一步都要从上一步的 (h, c) 开始，而不是从 (h0, c0) 开始{LAYER.zh}",
)
OUT_HOLDS_C = Msg(
    f"out holds the cell states: out[t] is the hidden state h after step t {LAYER.en}",
    f"out 里存的是细胞状态：out[t] 应是第 t 步之后的隐藏状态 h{LAYER.zh}",
)
STATE_NOT_INDEXED = Msg(
    f"h0 = state[0] kept its layer dim [1, b, hidden]: take h0 = state[0][0], [b, hidden] {LAYER.en}",
    f"h0 = state[0] 保留了层维度 [1, b, hidden]：应取 h0 = state[0][0]，即 [b, hidden]{LAYER.zh}",
)


def _sequence_mistakes(x, h0, c0, w, reverse):
    """{"out" | "h_n" | "c_n": {mistake: tensor}} for a layer read forwards or backwards."""
    right = _run(x, h0, c0, w, reverse=reverse)
    found = {"out": {}, "h_n": {}, "c_n": {}}

    def add(msg, result):
        for key, value in zip(("out", "h_n", "c_n"), result[:3]):
            found[key][msg] = value

    for msg, kw in CELL_VARIANTS.items():
        add(msg, _run(x, h0, c0, w, reverse=reverse, **kw))
    add(NOT_CARRIED, _run(x, h0, c0, w, reverse=reverse, carry=False))
    found["h_n"][SWAPPED], found["c_n"][SWAPPED] = right[2], right[1]
    found["out"][OUT_HOLDS_C] = right[3]
    found["out"][STATE_NOT_INDEXED] = right[0].unsqueeze(1)
    end = "x[0]" if reverse else "x[-1]"
    found["h_n"][
        Msg(
            f"h_n from the wrong end: it is the state after the last step computed, the one that "
            f"read {end} {LAYER.en}",
            f"h_n 取错了一端：它是最后算出的那一步（读入 {end} 的那一步）之后的状态{LAYER.zh}",
        )
    ] = right[4]
    if reverse:
        found["out"][
            Msg(
                f"the reverse outputs were not flipped back to time order: out[t] must be the state "
                f"after reading x[t:], so put the states computed last-step-first back in the order "
                f"of x {LAYER.en}",
                f"反向的输出没有翻转回时间顺序：out[t] 必须是读完 x[t:] 之后的状态，所以从最后一步开始"
                f"算出的状态要按 x 的顺序放回去{LAYER.zh}",
            )
        ] = right[0].flip(0)
        forwards = _run(x, h0, c0, w)
        add(
            Msg(
                f"the sequence was read from the start: the backward direction reads x[seq-1] first, "
                f"down to x[0] {LAYER.en}",
                f"序列是从头读的：反向要先读 x[seq-1]，一直读到 x[0]{LAYER.zh}",
            ),
            forwards,
        )
    return found


def _builtin(x, h0, c0, w, reverse):
    """torch's own answer: nn.LSTM, bidirectional for the reverse direction (its second half)."""
    hidden = w[1].shape[1]
    rnn = nn.LSTM(x.shape[2], hidden, bidirectional=reverse).to(x.dtype)
    with torch.no_grad():
        for suffix in ("_l0_reverse",) if reverse else ("_l0",):
            for name, value in zip(("weight_ih", "weight_hh", "bias_ih", "bias_hh"), w):
                getattr(rnn, name + suffix).copy_(value)
        if reverse:  # a forward direction of its own, which the second half does not see
            for name in ("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"):
                getattr(rnn, name).fill_(0.1)
    if reverse:
        zeros = torch.zeros_like(h0)
        out, (h_n, c_n) = rnn(x, (torch.cat([zeros, h0]), torch.cat([zeros, c0])))
        return out[..., hidden:], h_n[1:2], c_n[1:2]
    out, (h_n, c_n) = rnn(x, (h0, c0))
    return out, h_n, c_n


def _check_sequence(got, x, h0, c0, w, reverse):
    with torch.no_grad():
        expected = _builtin(x, h0, c0, w, reverse)
    got_out, state = _pair(got, THE_RESULT_PAIR)
    got_h, got_c = _pair(state, THE_FINAL_STATE)
    right = all(tensors_match(g, e) for g, e in zip((got_out, got_h, got_c), expected))
    found = (
        _sequence_mistakes(x, h0, c0, w, reverse)
        if not right
        else {"out": {}, "h_n": {}, "c_n": {}}
    )
    for what, key, g, e in zip(
        (OUT, H_N, C_N), ("out", "h_n", "c_n"), (got_out, got_h, got_c), expected
    ):
        assert_tensor(g, e, what=what, mistakes=found[key])


def _sequence_case(seq, b, input_size, hidden, dtype=torch.float32, *, seed):
    w = _weights(input_size, hidden, seed=seed, dtype=dtype)
    x = randn(seq, b, input_size, seed=seed + 4, dtype=dtype)
    h0 = randn(1, b, hidden, seed=seed + 5, dtype=dtype) * 0.5
    c0 = randn(1, b, hidden, seed=seed + 6, dtype=dtype) * 0.5
    return x, h0, c0, w


def _sequence_params(function, first_points):
    return [
        pytest.param(5, 3, 4, 6, torch.float32, marks=[exercise(function), points(first_points)], id="seq5-b3"),
        pytest.param(4, 2, 3, 2, torch.float64, marks=[exercise(function), points(1)], id="float64"),
        pytest.param(6, 1, 2, 3, torch.float32, marks=[exercise(function), points(1)], id="batch-1"),
        pytest.param(1, 2, 3, 4, torch.float32, marks=[exercise(function), points(1)], id="seq-1"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    "seq, b, input_size, hidden, dtype", _sequence_params("lstm.lstm_forward", 3)
)
def test_lstm_forward_equals_nn_lstm(student, seq, b, input_size, hidden, dtype):
    x, h0, c0, w = _sequence_case(seq, b, input_size, hidden, dtype, seed=60)
    got = student.lstm.lstm_forward(x, (h0, c0), _layer(w))
    _check_sequence(got, x, h0, c0, w, reverse=False)


@pytest.mark.parametrize(
    "seq, b, input_size, hidden, dtype", _sequence_params("lstm.reverse_lstm_forward", 3)
)
def test_reverse_lstm_forward_equals_backward_half(student, seq, b, input_size, hidden, dtype):
    x, h0, c0, w = _sequence_case(seq, b, input_size, hidden, dtype, seed=70)
    got = student.lstm.reverse_lstm_forward(x, (h0, c0), _layer(w))
    _check_sequence(got, x, h0, c0, w, reverse=True)


@pytest.mark.parametrize(
    "name",
    [
        pytest.param("lstm_forward", marks=[exercise("lstm.lstm_forward"), points(1)]),
        pytest.param(
            "reverse_lstm_forward", marks=[exercise("lstm.reverse_lstm_forward"), points(1)]
        ),
    ],
)
def test_sequence_zero_state_and_inputs_left_alone(student, name):
    x, _, _, w = _sequence_case(4, 3, 3, 4, seed=80)
    h0 = torch.zeros(1, 3, 4)
    layer = _layer(w)
    call = getattr(student.lstm, name).call(x, (h0, h0.clone()), layer)
    _check_sequence(call.value, x, h0, h0, w, reverse=name.startswith("reverse"))
    assert_inputs_unchanged(call, x, (h0, h0), layer, names=["x", "state", "layer"])


@pytest.mark.parametrize(
    "name",
    [
        pytest.param("lstm_forward", marks=[exercise("lstm.lstm_forward"), points(2)]),
        pytest.param(
            "reverse_lstm_forward", marks=[exercise("lstm.reverse_lstm_forward"), points(2)]
        ),
    ],
)
def test_sequence_by_hand(student, name):
    fn = getattr(student.lstm, name)
    x, h0, c0, w = _sequence_case(3, 2, 4, 3, seed=90)
    call = fn.call(x, (h0, c0), _layer(w))
    _check_sequence(call.value, x, h0, c0, w, reverse=name.startswith("reverse"))
    _assert_by_hand(fn, call, own_cell_allowed=True)


@pytest.mark.parametrize(
    "name",
    [
        pytest.param("lstm_forward", marks=[exercise("lstm.lstm_forward"), points(2)]),
        pytest.param(
            "reverse_lstm_forward", marks=[exercise("lstm.reverse_lstm_forward"), points(2)]
        ),
    ],
)
def test_sequence_gradients_through_time(student, name):
    fn = getattr(student.lstm, name)
    reverse = name.startswith("reverse")
    x, h0, c0, w = _sequence_case(3, 1, 2, 2, torch.float64, seed=100)
    inputs = [x, h0, c0, *w]
    upstream = [randn(3, 1, 2, seed=107, dtype=torch.float64), randn(1, 1, 2, seed=108, dtype=torch.float64),
                randn(1, 1, 2, seed=109, dtype=torch.float64)]  # fmt: skip
    grads = [t.clone().requires_grad_(True) for t in inputs]
    call = fn.backward_call(
        grads[0], (grads[1], grads[2]), _layer(grads[3:]), grad_outputs=upstream
    )
    _check_sequence(call.value, x, h0, c0, w, reverse)

    def reference(x, h0, c0, *w):
        return _builtin(x, h0, c0, w, reverse)

    def student_flat(x, h0, c0, *w):
        out, state = _pair(fn(x, (h0, c0), _layer(w)), THE_RESULT_PAIR)
        h_n, c_n = _pair(state, THE_FINAL_STATE)
        return torch.cat([out.reshape(-1), h_n.reshape(-1), c_n.reshape(-1)])

    names = ["x", "h0", "c0", "w_ih", "w_hh", "b_ih", "b_hh"]
    _check_gradients(call, inputs, reference, student_flat, names, upstream, DETACHED)


# -- last_hidden_bidirectional ---------------------------------------------------------------------
def _last_hidden_mistakes(h_n):
    b = h_n.shape[1]
    return {
        Msg(
            f"the first layer's states h_n[0], h_n[1]: the last layer's are h_n[-2] (forward) and "
            f"h_n[-1] (backward) {SENTIMENT.en}",
            f"用了第一层的状态 h_n[0]、h_n[1]：最后一层的是 h_n[-2]（正向）和 h_n[-1]（反向）{SENTIMENT.zh}",
        ): torch.cat([h_n[0], h_n[1]], dim=1),
        Msg(
            f"the two directions in the wrong order: forward (h_n[-2]) first, then backward "
            f"(h_n[-1]) {SENTIMENT.en}",
            f"两个方向的顺序反了：正向（h_n[-2]）在前，反向（h_n[-1]）在后{SENTIMENT.zh}",
        ): torch.cat([h_n[-1], h_n[-2]], dim=1),
        Msg(
            f"stacked on a new dim instead of joined along the features: torch.cat(..., dim=1) gives "
            f"[b, 2*hidden] {SENTIMENT.en}",
            f"在新的维度上 stack 了，而不是沿特征维拼接：torch.cat(..., dim=1) 才得到 [b, 2*hidden]{SENTIMENT.zh}",
        ): torch.stack([h_n[-2], h_n[-1]], dim=1),
        Msg(
            f"stacked on dim 0: torch.cat([h_n[-2], h_n[-1]], dim=1) gives [b, 2*hidden] {SENTIMENT.en}",
            f"在第 0 维上 stack 了：torch.cat([h_n[-2], h_n[-1]], dim=1) 才得到 [b, 2*hidden]{SENTIMENT.zh}",
        ): torch.stack([h_n[-2], h_n[-1]]),
        Msg(
            f"joined along dim 0 (the batch): join along the features, dim=1 {SENTIMENT.en}",
            f"沿第 0 维（批维度）拼接了：要沿特征维 dim=1 拼接{SENTIMENT.zh}",
        ): torch.cat([h_n[-2], h_n[-1]], dim=0),
        Msg(
            f"h_n[-2:] reshaped to [b, 2*hidden] without moving the batch dim first: that mixes the "
            f"sequences of the batch; join h_n[-2] and h_n[-1] with torch.cat {SENTIMENT.en}",
            f"把 h_n[-2:] 直接 reshape 成 [b, 2*hidden]，没有先移动批维度：这会把批中不同的序列混在一起；"
            f"请用 torch.cat 拼接 h_n[-2] 和 h_n[-1]{SENTIMENT.zh}",
        ): h_n[-2:].reshape(b, -1),
        Msg(
            f"only the backward direction h_n[-1]: both directions of the last layer go side by side "
            f"{SENTIMENT.en}",
            f"只用了反向的 h_n[-1]：最后一层的两个方向都要并排拼接{SENTIMENT.zh}",
        ): h_n[-1],
    }


@pytest.mark.parametrize(
    "num_layers, b, hidden",
    [
        pytest.param(2, 3, 4, marks=[exercise("lstm.last_hidden_bidirectional"), points(2)], id="2-layers"),
        pytest.param(3, 2, 5, marks=[exercise("lstm.last_hidden_bidirectional"), points(1)], id="3-layers"),
        pytest.param(1, 4, 3, marks=[exercise("lstm.last_hidden_bidirectional"), points(1)], id="1-layer"),
        pytest.param(2, 1, 2, marks=[exercise("lstm.last_hidden_bidirectional"), points(1)], id="batch-1"),
    ],
)  # fmt: skip
def test_last_hidden_bidirectional(student, num_layers, b, hidden):
    h_n = randn(num_layers * 2, b, hidden, seed=110 + num_layers)
    assert_tensor(
        student.lstm.last_hidden_bidirectional(h_n),
        torch.cat([h_n[-2], h_n[-1]], dim=1),
        mistakes=_last_hidden_mistakes(h_n),
    )


@exercise("lstm.last_hidden_bidirectional")
@points(1)
def test_last_hidden_bidirectional_of_nn_lstm(student):
    rnn = nn.LSTM(3, 4, num_layers=2, bidirectional=True)
    with torch.no_grad():
        for p in rnn.parameters():
            p.copy_(torch.rand(p.shape, generator=generator(120)) - 0.5)
        out, (h_n, _) = rnn(randn(5, 2, 3, seed=121))
    # the last layer's forward state is its output at the last step, the backward one at the first
    expected = torch.cat([out[-1, :, :4], out[0, :, 4:]], dim=1)
    assert_tensor(
        student.lstm.last_hidden_bidirectional(h_n.contiguous()),
        expected,
        mistakes=_last_hidden_mistakes(h_n),
    )


# -- binary_accuracy -------------------------------------------------------------------------------
def _logits(b, seed):
    """Logits at least 0.2 away from 0 (where sigmoid is 0.5 and rounding would be a tie)."""
    z = randn(b, seed=seed) * 2
    return torch.where(z.abs() < 0.2, z.sign() * 0.2 + z, z) + (z == 0) * 0.5


def _labels(b, seed):
    return (torch.rand(b, generator=generator(seed)) < 0.5).float()


def _accuracy_value(got):
    """The number in `got`: a float, or (for the value checks only) a 0-dim tensor."""
    if isinstance(got, torch.Tensor) and got.dim() == 0 and got.dtype.is_floating_point:
        return float(got)
    return got


def _accuracy_mistakes(logits, labels):
    preds = torch.round(torch.sigmoid(logits)).reshape(-1)
    right = float((preds == labels.reshape(-1)).float().sum())
    raw = float((torch.round(logits).reshape(-1) == labels.reshape(-1)).float().mean())
    broadcast = float((torch.round(torch.sigmoid(logits)) == labels).float().mean())
    broadcast_sum = float((torch.round(torch.sigmoid(logits)) == labels).float().sum()) / len(
        labels
    )
    return {
        right: Msg(
            f"the number of right answers, not their fraction: divide by the number of entries "
            f"{SENTIMENT.en}",
            f"这是答对的个数，而不是比例：要除以元素总数{SENTIMENT.zh}",
        ),
        raw: Msg(
            f"the logits were rounded without a sigmoid: round(sigmoid(logits)) gives 0. or 1. "
            f"{SENTIMENT.en}",
            f"没有经过 sigmoid 就对 logits 取整了：round(sigmoid(logits)) 才得到 0. 或 1.{SENTIMENT.zh}",
        ),
        broadcast: Msg(
            f"[b, 1] compared with [b] broadcasts to [b, b]: flatten both (reshape(-1)) before "
            f"comparing {SENTIMENT.en}",
            f"[b, 1] 和 [b] 比较会广播成 [b, b]：比较之前先把两者都展平（reshape(-1)）{SENTIMENT.zh}",
        ),
        broadcast_sum: Msg(
            f"[b, 1] compared with [b] broadcasts to [b, b] (then divided by b): flatten both "
            f"(reshape(-1)) before comparing {SENTIMENT.en}",
            f"[b, 1] 和 [b] 比较会广播成 [b, b]（再除以 b）：比较之前先把两者都展平（reshape(-1)）{SENTIMENT.zh}",
        ),
    }


def _check_accuracy(got, logits, labels):
    expected = float(
        (torch.round(torch.sigmoid(logits)).reshape(-1) == labels.reshape(-1)).float().mean()
    )
    value = _accuracy_value(got)
    known = _accuracy_mistakes(logits, labels)
    if (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and abs(value - expected) > 1e-6
    ):
        for number, msg in known.items():
            if abs(value - number) <= 1e-6 and abs(number - expected) > 1e-6:
                fail(
                    f"the result is {shown(value)}, expected {shown(expected)}. {looks_like(msg)}",
                    f"结果是 {shown(value)}，应为 {shown(expected)}。{looks_like(msg)}",
                    mistake=msg,
                )
    assert_close_number(value, expected, what=Msg("the accuracy", "准确率"), rel=1e-6, abs_=1e-7)


@pytest.mark.parametrize(
    "logits_shape, labels_shape",
    [
        pytest.param("b", "b", marks=[exercise("lstm.binary_accuracy"), points(2)], id="b-and-b"),
        pytest.param("b1", "b1", marks=[exercise("lstm.binary_accuracy"), points(1)], id="b1-and-b1"),
        pytest.param("b1", "b", marks=[exercise("lstm.binary_accuracy"), points(2)], id="b1-and-b"),
        pytest.param("b", "b1", marks=[exercise("lstm.binary_accuracy"), points(1)], id="b-and-b1"),
    ],
)  # fmt: skip
def test_binary_accuracy_values(student, logits_shape, labels_shape):
    for b, seed in ((10, 130), (7, 131)):
        logits, labels = _logits(b, seed), _labels(b, seed + 10)
        if logits_shape == "b1":
            logits = logits.unsqueeze(1)
        if labels_shape == "b1":
            labels = labels.unsqueeze(1)
        _check_accuracy(student.lstm.binary_accuracy(logits, labels), logits, labels)


@exercise("lstm.binary_accuracy")
@points(1)
def test_binary_accuracy_all_right_and_all_wrong(student):
    logits = torch.tensor([3.0, -2.0, 0.7, -0.4, 5.0])
    labels = torch.tensor([1.0, 0.0, 1.0, 0.0, 1.0])
    _check_accuracy(student.lstm.binary_accuracy(logits, labels), logits, labels)
    _check_accuracy(student.lstm.binary_accuracy(logits, 1 - labels), logits, 1 - labels)


@exercise("lstm.binary_accuracy")
@points(2)
def test_binary_accuracy_returns_a_float(student):
    logits, labels = _logits(8, 140), _labels(8, 141)
    got = student.lstm.binary_accuracy(logits, labels)
    if isinstance(got, torch.Tensor):
        fail(
            f"the result is a tensor ({shape_str(got.shape)}), not a Python float: return "
            f"acc.item(), as the docstring asks (the course's binary_acc returns the tensor and "
            f"calls .item() afterwards) {SENTIMENT}",
            f"结果是张量（{shape_str(got.shape)}），不是 Python float：请按文档字符串的要求返回 "
            f"acc.item()（课程的 binary_acc 返回张量，之后再调用 .item()）{SENTIMENT}",
            mistake=Msg("a tensor returned instead of a float", "返回了张量而不是 float"),
        )
    if isinstance(got, int) and not isinstance(got, bool):
        fail(
            f"the result is the int {shown(got)}, not a float fraction: divide the number of right "
            f"answers by the number of entries {SENTIMENT}",
            f"结果是整数 {shown(got)}，不是 float 比例：要用答对的个数除以元素总数{SENTIMENT}",
        )
    _check_accuracy(got, logits, labels)


# -- SentimentRNN -----------------------------------------------------------------------------------
class RefSentimentRNN(nn.Module):
    def __init__(self, vocab_size, embedding_dim, hidden_dim):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embedding_dim)
        self.rnn = nn.LSTM(embedding_dim, hidden_dim, num_layers=2, bidirectional=True, dropout=0.5)
        self.fc = nn.Linear(hidden_dim * 2, 1)
        self.dropout = nn.Dropout(0.5)

    def forward(self, x):
        output, (h_n, _) = self.rnn(self.dropout(self.embedding(x)))
        return self.fc(self.dropout(torch.cat([h_n[-2], h_n[-1]], dim=1)))


@oracle
def _reference(sizes, seed):
    with torch.random.fork_rng():
        torch.manual_seed(seed)
        return RefSentimentRNN(*sizes)


def _tokens(seq, b, vocab, seed):
    return torch.randint(0, vocab, (seq, b), generator=generator(seed))


def _check_state_dict(model, ref):
    """The student's state_dict has the reference's names and shapes, each problem named."""
    got = {k: tuple(v.shape) for k, v in model.state_dict().items()}
    want = {k: tuple(v.shape) for k, v in ref.state_dict().items()}
    if got == want:
        return
    missing = [f"{k!r} {shape_str(s)}" for k, s in want.items() if k not in got]
    extra = [f"{k!r} {shape_str(s)}" for k, s in got.items() if k not in want]
    wrong = [
        tr(f"{k!r} {shape_str(got[k])} (expected {shape_str(s)})", f"{k!r} {shape_str(got[k])}（应为 {shape_str(s)}）")
        for k, s in want.items()
        if k in got and got[k] != s
    ]  # fmt: skip
    hints = []
    if any("_l1" in k for k in want if k not in got):
        hints.append(
            tr("num_layers=2 gives the names ..._l1", "num_layers=2 才会有 ..._l1 这些名字")
        )
    if any("_reverse" in k for k in want if k not in got):
        hints.append(
            tr(
                "bidirectional=True gives the names ..._reverse",
                "bidirectional=True 才会有 ..._reverse 这些名字",
            )
        )
    if any(k.startswith("fc.") for k in want if k in got and got[k] != want[k]):
        hints.append(
            tr(
                "fc reads both directions: nn.Linear(hidden_dim*2, 1)",
                "fc 读入两个方向：nn.Linear(hidden_dim*2, 1)",
            )
        )
    problems = []
    if missing:
        problems.append(tr(f"no {', '.join(missing[:6])}", f"缺少 {'、'.join(missing[:6])}"))
    if wrong:
        problems.append(
            tr(f"wrong shapes: {', '.join(wrong[:6])}", f"形状不对：{'、'.join(wrong[:6])}")
        )
    if extra:
        problems.append(
            tr(
                f"{', '.join(extra[:6])} not asked for",
                f"多了题目没有要求的 {'、'.join(extra[:6])}",
            )
        )
    fail(
        f"SentimentRNN's state_dict: {'; '.join(problems)}. {'; '.join(hints)} Use the attributes "
        f"and layers of the docstring. {SENTIMENT}".replace(". .", ".").replace(".  ", ". "),
        f"SentimentRNN 的 state_dict：{'；'.join(problems)}。{'；'.join(hints)}"
        f"请使用文档字符串中的属性和层。{SENTIMENT}",
    )  # fmt: skip


def _built(student, sizes, seed):
    """The student's model and the judge's reference carrying the student's own weights."""
    model = student.lstm.SentimentRNN(*sizes)
    ref = _reference(sizes, seed)
    _check_state_dict(model, ref)
    ref.load_state_dict(model.state_dict())
    return model, ref


def _sentiment_mistakes(ref, x):
    with torch.no_grad():
        output, (h_n, _) = ref.rnn(ref.embedding(x))
        hidden = ref.rnn.hidden_size
        last = torch.cat([h_n[-2], h_n[-1]], dim=1)
        return {
            Msg(
                f"the first layer's states h_n[0], h_n[1]: the last layer's are h_n[-2] and h_n[-1] "
                f"{SENTIMENT.en}",
                f"用了第一层的状态 h_n[0]、h_n[1]：最后一层的是 h_n[-2] 和 h_n[-1]{SENTIMENT.zh}",
            ): ref.fc(torch.cat([h_n[0], h_n[1]], dim=1)),
            Msg(
                f"output[-1], the last time step: its backward half has read only x[-1]; the final "
                f"states are in h_n (h_n[-2], h_n[-1]) {SENTIMENT.en}",
                f"用了 output[-1]，即最后一个时间步：它的反向一半只读了 x[-1]；最终状态在 h_n 里"
                f"（h_n[-2]、h_n[-1]）{SENTIMENT.zh}",
            ): ref.fc(output[-1]),
            Msg(
                f"the two directions in the wrong order: h_n[-2] (forward) first {SENTIMENT.en}",
                f"两个方向的顺序反了：h_n[-2]（正向）在前{SENTIMENT.zh}",
            ): ref.fc(torch.cat([h_n[-1], h_n[-2]], dim=1)),
            Msg(
                f"a sigmoid at the end: return the logits, nn.BCEWithLogitsLoss applies the sigmoid "
                f"{SENTIMENT.en}",
                f"最后多做了 sigmoid：应返回 logits，nn.BCEWithLogitsLoss 自己会做 sigmoid{SENTIMENT.zh}",
            ): torch.sigmoid(ref.fc(last)),
            Msg(
                f"the output was squeezed to [b]: forward returns [b, 1] (the course squeezes it in "
                f"the training loop) {SENTIMENT.en}",
                f"输出被 squeeze 成了 [b]：forward 返回 [b, 1]（课程是在训练循环里才 squeeze 的）{SENTIMENT.zh}",
            ): ref.fc(last).squeeze(),
            Msg(
                f"the sequences were read as [b, seq] (batch_first=True): x is [seq, b] {SENTIMENT.en}",
                f"把序列当成了 [b, seq]（batch_first=True）：x 是 [seq, b]{SENTIMENT.zh}",
            ): _batch_first_output(ref, x, hidden),
        }


def _batch_first_output(ref, x, hidden):
    rnn = nn.LSTM(ref.rnn.input_size, hidden, num_layers=2, bidirectional=True, batch_first=True)
    rnn.load_state_dict(ref.rnn.state_dict())
    _, (h_n, _) = rnn(ref.embedding(x))
    return ref.fc(torch.cat([h_n[-2], h_n[-1]], dim=1))


def _assert_output(got, expected, mistakes_of):
    right = (
        isinstance(got, torch.Tensor)
        and got.dtype == expected.dtype
        and tensors_match(got, expected)
    )
    assert_tensor(
        got,
        expected,
        what=Msg("SentimentRNN's output", "SentimentRNN 的输出"),
        mistakes=mistakes_of() if not right else None,
    )


SIZES = (50, 6, 5)


@exercise("lstm.SentimentRNN")
@points(2)
def test_sentiment_rnn_state_dict(student):
    _built(student, SIZES, seed=150)
    _built(student, (30, 4, 7), seed=151)


@exercise("lstm.SentimentRNN")
@points(2)
def test_sentiment_rnn_layers(student):
    model = student.lstm.SentimentRNN(*SIZES)
    kinds = {name: model.get(name).type_name for name in ("embedding", "rnn", "fc", "dropout")}
    assert_equal(
        kinds,
        {"embedding": "Embedding", "rnn": "LSTM", "fc": "Linear", "dropout": "Dropout"},
        what=Msg(
            "the types of embedding, rnn, fc and dropout", "embedding、rnn、fc、dropout 的类型"
        ),
    )
    rnn = model.get("rnn")
    settings = {k: rnn.get(k) for k in ("num_layers", "bidirectional", "dropout", "batch_first")}
    assert_equal(
        settings,
        {"num_layers": 2, "bidirectional": True, "dropout": 0.5, "batch_first": False},
        what=Msg(
            "rnn's num_layers, bidirectional, dropout and batch_first",
            "rnn 的 num_layers、bidirectional、dropout 和 batch_first",
        ),
    )
    assert_close_number(
        model.get("dropout").get("p"), 0.5, what=Msg.code("dropout.p"), rel=0, abs_=0
    )


@pytest.mark.parametrize(
    "seq, b",
    [
        pytest.param(7, 3, marks=[exercise("lstm.SentimentRNN"), points(3)], id="seq7-b3"),
        pytest.param(5, 1, marks=[exercise("lstm.SentimentRNN"), points(1)], id="batch-1"),
    ],
)
def test_sentiment_rnn_eval_output(student, seq, b):
    model, ref = _built(student, SIZES, seed=160)
    model.eval()
    ref.eval()
    x = _tokens(seq, b, SIZES[0], seed=161)
    with torch.no_grad():
        expected = ref(x)
    got = model(x)
    again = model(x)
    if (
        isinstance(got, torch.Tensor)
        and isinstance(again, torch.Tensor)
        and got.shape == again.shape
        and not tensors_match(got, again, rtol=0, atol=0)
    ):
        fail(
            f"In eval mode two forwards on the same input differ: some dropout still acts after "
            f".eval() (F.dropout(x, 0.5) is always on; use the module self.dropout, which .eval() "
            f"turns off). {SENTIMENT}",
            f"eval 模式下对同一个输入做两次前向传播，结果不同：调用 .eval() 之后仍有 dropout 在起作用"
            f"（F.dropout(x, 0.5) 一直有效；请用模块 self.dropout，.eval() 会把它关掉）。{SENTIMENT}",
        )
    _assert_output(got, expected, lambda: _sentiment_mistakes(ref, x))


# The sandbox seeds torch's generator with 0 before every call (grader.sandbox.worker): a
# training-mode forward there draws its dropout masks as the judge's reference does after
# torch.manual_seed(0), as long as it uses the same modules in the same order.
SANDBOX_SEED = 0


@exercise("lstm.SentimentRNN")
@points(2)
def test_sentiment_rnn_training_mode_dropout(student):
    model, ref = _built(student, SIZES, seed=170)
    model.double()
    ref.double()
    model.train()
    ref.train()
    x = _tokens(6, 4, SIZES[0], seed=171)
    got = model(x)
    with torch.random.fork_rng():
        torch.manual_seed(SANDBOX_SEED)
        expected = ref(x).detach()
    ref.eval()
    with torch.no_grad():
        no_dropout = ref(x)
        embedded = ref.embedding(x)

    def mistakes():
        found = {
            Msg(
                f"no dropout acted in training mode: the course applies self.dropout to the "
                f"embeddings and to the joined hidden states {SENTIMENT.en}",
                f"训练模式下没有任何 dropout 起作用：课程对词嵌入和拼接后的隐藏状态都用了 self.dropout{SENTIMENT.zh}",
            ): no_dropout,
        }
        with torch.random.fork_rng(), torch.no_grad():
            torch.manual_seed(SANDBOX_SEED)
            ref.train()
            _, (h_n, _) = ref.rnn(embedded)
            found[
                Msg(
                    f"no dropout on the embeddings: forward begins with "
                    f"self.dropout(self.embedding(x)) {SENTIMENT.en}",
                    f"词嵌入之后没有 dropout：forward 应以 self.dropout(self.embedding(x)) 开始{SENTIMENT.zh}",
                )
            ] = ref.fc(ref.dropout(torch.cat([h_n[-2], h_n[-1]], dim=1)))
            torch.manual_seed(SANDBOX_SEED)
            _, (h_n, _) = ref.rnn(ref.dropout(embedded))
            found[
                Msg(
                    f"no dropout before fc: the joined hidden states go through self.dropout, then "
                    f"self.fc {SENTIMENT.en}",
                    f"fc 之前没有 dropout：拼接后的隐藏状态要先过 self.dropout，再过 self.fc{SENTIMENT.zh}",
                )
            ] = ref.fc(torch.cat([h_n[-2], h_n[-1]], dim=1))
        return found

    _assert_output(got, expected, mistakes)


@exercise("lstm.SentimentRNN")
@points(1)
def test_sentiment_rnn_meta_device(student):
    model, _ = _built(student, SIZES, seed=180)
    model.eval()
    model.to("meta")
    try:
        out = model(_tokens(5, 2, SIZES[0], seed=181).to("meta"))
    except StudentError as err:
        if isinstance(err, NotImplementedByStudent) and "meta" not in err.message:
            raise
        if "meta" in err.message or any(sign in err.message for sign in DEVICE_MIX_ERRORS):
            fail(
                f"Given a model and tokens on the meta device, forward failed ({err.exc_type}: "
                f"{quote(err.message)}): a tensor created without device= (an initial state, say) "
                f"lands on the CPU. Let nn.LSTM start from its own zero state, or create it with "
                f"device=x.device. {SENTIMENT}",
                f"模型和词编号都在 meta 设备上时 forward 失败（{err.exc_type}：{quote(err.message)}）："
                f"新建张量（比如初始状态）未指定 device= 会落在 CPU 上。请让 nn.LSTM 从它自己的零状态开始，"
                f"或用 device=x.device 创建。{SENTIMENT}",
            )
        return
    if not isinstance(out, torch.Tensor) or out.device.type != "meta":
        where = out.device.type if isinstance(out, torch.Tensor) else type(out).__name__
        fail(
            f"Given a model and tokens on the meta device, forward returned a result on {where}: "
            f"create new tensors with device=x.device. {SENTIMENT}",
            f"模型和词编号都在 meta 设备上时，forward 的结果在 {where} 上：新建张量时请写 device=x.device。{SENTIMENT}",
        )
    assert_tensor(
        out,
        torch.empty(2, 1, device="meta"),
        what=Msg("SentimentRNN's output", "SentimentRNN 的输出"),
    )


@exercise("lstm.SentimentRNN")
@points(1)
@requires_cuda
def test_sentiment_rnn_agrees_on_cuda(student):
    model, ref = _built(student, SIZES, seed=190)
    model.eval()
    ref.eval()
    x = _tokens(6, 3, SIZES[0], seed=191)
    on_cpu = model(x)
    with torch.no_grad():
        _assert_output(on_cpu, ref(x), lambda: _sentiment_mistakes(ref, x))
    model.to("cuda")
    on_cuda = model(x.to("cuda"))
    assert_agree_across_devices(
        on_cuda, on_cpu, what=Msg("SentimentRNN's output", "SentimentRNN 的输出")
    )


# -- the meta device and CPU/CUDA agreement of the functions ---------------------------------------
def _device_sequence(seed):
    x, h0, c0, w = _sequence_case(4, 2, 3, 5, seed=seed)
    return args(x, (h0, c0), _layer(w))


DEVICE_CASES = {
    "lstm_cell": lambda: args(
        randn(3, 4, seed=200),
        (randn(3, 5, seed=201), randn(3, 5, seed=202)),
        *_weights(4, 5, seed=203),
    ),
    "lstm_forward": lambda: _device_sequence(210),
    "reverse_lstm_forward": lambda: _device_sequence(220),
    "last_hidden_bidirectional": lambda: args(randn(4, 3, 5, seed=230)),
}


@pytest.mark.parametrize("name, make_args", meta_cases("lstm", DEVICE_CASES))
def test_meta_device_kept(student, name, make_args):
    call = make_args()
    assert_keeps_meta(getattr(student.lstm, name), *call.args, **call.kwargs)


@pytest.mark.parametrize("name, make_args", cuda_cases("lstm", DEVICE_CASES))
def test_same_on_cuda(student, name, make_args):
    """Device agreement: the same answer on CPU and on CUDA, returned on CUDA."""
    assert_same_on_cuda(getattr(student.lstm, name), make_args())
