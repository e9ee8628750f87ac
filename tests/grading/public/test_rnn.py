"""Public checks for topic `rnn` (RNN原理 / RNN Layer使用 / 时间序列预测 / RNN训练难题).

Oracles: nn.RNNCell and nn.RNN with the same weights, the course's data recipe, and the judge's
own step and generation loop on the kit's ProbeSineNet (grader.functions), built in the sandbox
and handed to the submission."""

import pytest
import torch
import torch.nn.functional as F
from torch import nn

from grader.checks import assert_close_number, assert_tensor, fail, randn
from grader.functions import ProbeSineNet, sine_state
from grader.i18n import Msg
from grader.lessons import cite
from grader.training import make_optimizer

exercise = pytest.mark.exercise
points = pytest.mark.points

LAYER = cite("rnn_layer")
SERIES = cite("time_series")


def _weights(module, suffix=""):
    return {
        "w_ih": getattr(module, f"weight_ih{suffix}").detach(),
        "w_hh": getattr(module, f"weight_hh{suffix}").detach(),
        "b_ih": getattr(module, f"bias_ih{suffix}").detach(),
        "b_hh": getattr(module, f"bias_hh{suffix}").detach(),
    }


@exercise("rnn.rnn_cell")
@points(1)
def test_rnn_cell_against_rnn_cell(student):
    torch.manual_seed(1)
    cell = nn.RNNCell(3, 4)
    x, h = randn(2, 3, seed=2), randn(2, 4, seed=3)
    w = _weights(cell)
    got = student.rnn.rnn_cell(x, h, w["w_ih"], w["w_hh"], w["b_ih"], w["b_hh"])
    assert_tensor(got, cell(x, h).detach())


@exercise("rnn.rnn_forward")
@points(1)
def test_rnn_forward_one_layer(student):
    torch.manual_seed(4)
    rnn = nn.RNN(3, 5, num_layers=1)
    x, h0 = randn(6, 2, 3, seed=5), randn(1, 2, 5, seed=6)
    out, h_n = rnn(x, h0)
    got = student.rnn.rnn_forward(x, h0, [_weights(rnn, "_l0")])
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        fail(
            "rnn_forward should return the pair (out, h_n), as nn.RNN does.",
            "rnn_forward 应当像 nn.RNN 一样返回 (out, h_n) 两项。",
        )
    assert_tensor(got[0], out.detach(), what=Msg.code("out"))
    assert_tensor(got[1], h_n.detach(), what=Msg.code("h_n"))


@exercise("rnn.sine_sequence")
@points(1)
def test_sine_sequence(student):
    t = torch.linspace(1, 11, 50, dtype=torch.float64)
    data = torch.sin(t).float()
    x, y = student.rnn.sine_sequence(1)
    assert_tensor(x, data[:-1].reshape(1, 49, 1), what=Msg.code("x"))
    assert_tensor(y, data[1:].reshape(1, 49, 1), what=Msg.code("y"))


@exercise("rnn.SineNet")
@points(1)
def test_sine_net_shapes(student):
    net = student.rnn.SineNet()
    state = sine_state(seed=7)
    got = {k: tuple(v.shape) for k, v in net.state_dict().items()}
    want = {k: tuple(v.shape) for k, v in state.items()}
    if got != want:
        fail(
            f"SineNet's state_dict holds {got}; expected {want}: the attributes are `rnn` "
            f"(nn.RNN(1, 16, batch_first=True)) and `linear` (nn.Linear(16, 1)). {SERIES}",
            f"SineNet 的 state_dict 是 {got}；应为 {want}：属性是 `rnn`"
            f"（nn.RNN(1, 16, batch_first=True)）和 `linear`（nn.Linear(16, 1)）。{SERIES}",
        )
    net.load_state_dict(state)
    ref = ProbeSineNet(state)
    x, h = randn(1, 9, 1, seed=8), randn(1, 1, 16, seed=9)
    out, hidden = net(x, h)
    want_out, want_hidden = ref(x, h)
    assert_tensor(out, want_out.detach(), what=Msg.code("out"))
    assert_tensor(hidden, want_hidden.detach(), what=Msg.code("hidden_prev"))


@exercise("rnn.sine_train_step")
@points(1)
def test_sine_train_step_one_step(student):
    state = sine_state(seed=10, dtype=torch.float64)
    kit = student.rnn.kit_function
    model = kit(ProbeSineNet).keep(state)
    optimizer = kit(make_optimizer).keep(model, "sgd", 0.05)
    t = torch.linspace(0, 10, 20, dtype=torch.float64)
    x, y = torch.sin(t[:-1]).reshape(1, 19, 1), torch.sin(t[1:]).reshape(1, 19, 1)
    h0 = torch.zeros(1, 1, 16)
    call = student.rnn.sine_train_step.call(model, optimizer, x.float(), y.float(), h0, 10.0)
    ref = ProbeSineNet(state)
    ref_opt = make_optimizer(ref, "sgd", 0.05)
    out, hidden = ref(x.float(), h0)
    loss = F.mse_loss(out, y.float())
    ref_opt.zero_grad()
    loss.backward()
    nn.utils.clip_grad_norm_(ref.parameters(), 10.0)
    ref_opt.step()
    value = call.value
    if not isinstance(value, (tuple, list)) or len(value) != 2:
        fail(
            "sine_train_step should return the pair (loss, hidden).",
            "sine_train_step 应当返回 (loss, hidden) 两项。",
        )
    assert_close_number(value[0], loss.item(), what=Msg("the loss", "损失"), rel=1e-6)
    assert_tensor(value[1], hidden.detach(), what=Msg("the hidden state", "隐藏状态"))
    after = model.state_dict()
    for name, expected in ref.state_dict().items():
        assert_tensor(
            after[name],
            expected,
            what=Msg(f"{name!r} after the step", f"这一步之后的 {name!r}"),
        )


@exercise("rnn.predict_sine")
@points(1)
def test_predict_sine(student):
    state = sine_state(seed=11)
    model = student.rnn.kit_function(ProbeSineNet).keep(state)
    x0, h = torch.full((1, 1, 1), 0.3), randn(1, 1, 16, seed=12) * 0.1
    got = student.rnn.predict_sine(model, x0, h, 6)
    ref = ProbeSineNet(state)
    preds, inp, hidden = [], x0, h
    with torch.no_grad():
        for _ in range(6):
            inp, hidden = ref(inp, hidden)
            preds.append(inp.reshape(1))
    assert_tensor(got, torch.cat(preds))
