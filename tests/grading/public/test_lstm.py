"""Public checks for topic `lstm` (LSTM原理 / LSTM Layer使用 / 情感分类实战). Oracles: torch's own
LSTM (torch.lstm_cell, nn.LSTM, bidirectional too) with the same weights, torch.cat, and the
shapes the docstrings give."""

import pytest
import torch
from torch import nn

from grader.checks import assert_close_number, assert_equal, assert_sequence, assert_tensor, randn
from grader.i18n import Msg

exercise = pytest.mark.exercise
points = pytest.mark.points


def _weights(input_size, hidden, seed):
    return [
        randn(4 * hidden, input_size, seed=seed) * 0.5,
        randn(4 * hidden, hidden, seed=seed + 1) * 0.5,
        randn(4 * hidden, seed=seed + 2) * 0.5,
        randn(4 * hidden, seed=seed + 3) * 0.5,
    ]


def _layer(w):
    return dict(zip(("w_ih", "w_hh", "b_ih", "b_hh"), w))


def _check(got, expected):
    assert_sequence(got, 2, what=Msg("the result (out, (h_n, c_n))", "结果 (out, (h_n, c_n))"))
    assert_sequence(got[1], 2, what=Msg("the returned (h_n, c_n)", "返回的 (h_n, c_n)"))
    out, (h_n, c_n) = expected
    assert_tensor(got[0], out, what=Msg.code("out"))
    assert_tensor(got[1][0], h_n, what=Msg.code("h_n"))
    assert_tensor(got[1][1], c_n, what=Msg.code("c_n"))


@exercise("lstm.lstm_cell")
@points(1)
def test_lstm_cell(student):
    w = _weights(3, 4, seed=1)
    x, h, c = randn(2, 3, seed=5), randn(2, 4, seed=6), randn(2, 4, seed=7)
    got = student.lstm.lstm_cell(x, (h, c), *w)
    assert_sequence(got, 2, what=Msg("the returned state (h', c')", "返回的状态 (h', c')"))
    expected_h, expected_c = torch.lstm_cell(x, (h, c), *w)
    assert_tensor(got[0], expected_h, what=Msg.code("h'"))
    assert_tensor(got[1], expected_c, what=Msg.code("c'"))


def _lstm(input_size, hidden, w, bidirectional=False):
    rnn = nn.LSTM(input_size, hidden, bidirectional=bidirectional)
    suffix = "_l0_reverse" if bidirectional else "_l0"
    with torch.no_grad():
        for name, value in zip(("weight_ih", "weight_hh", "bias_ih", "bias_hh"), w):
            getattr(rnn, name + suffix).copy_(value)
    return rnn


@exercise("lstm.lstm_forward")
@points(1)
def test_lstm_forward(student):
    w = _weights(3, 4, seed=10)
    x, h0, c0 = randn(5, 2, 3, seed=14), randn(1, 2, 4, seed=15), randn(1, 2, 4, seed=16)
    with torch.no_grad():
        expected = _lstm(3, 4, w)(x, (h0, c0))
    _check(student.lstm.lstm_forward(x, (h0, c0), _layer(w)), expected)


@exercise("lstm.reverse_lstm_forward")
@points(1)
def test_reverse_lstm_forward(student):
    w = _weights(3, 4, seed=20)
    x, zeros = randn(5, 2, 3, seed=24), torch.zeros(1, 2, 4)
    with torch.no_grad():
        out, (h_n, c_n) = _lstm(3, 4, w, bidirectional=True)(x)
    expected = (out[..., 4:], (h_n[1:2], c_n[1:2]))
    _check(student.lstm.reverse_lstm_forward(x, (zeros, zeros), _layer(w)), expected)


@exercise("lstm.last_hidden_bidirectional")
@points(1)
def test_last_hidden_bidirectional(student):
    h_n = randn(4, 3, 5, seed=30)
    assert_tensor(student.lstm.last_hidden_bidirectional(h_n), torch.cat([h_n[-2], h_n[-1]], dim=1))


@exercise("lstm.binary_accuracy")
@points(1)
def test_binary_accuracy(student):
    logits = torch.tensor([2.0, -1.0, 0.3, -0.2])
    labels = torch.tensor([1.0, 0.0, 0.0, 0.0])
    assert_close_number(student.lstm.binary_accuracy(logits, labels), 0.75)


@exercise("lstm.SentimentRNN")
@points(1)
def test_sentiment_rnn_shapes(student):
    model = student.lstm.SentimentRNN(20, 4, 3)
    shapes = {k: list(v.shape) for k, v in model.state_dict().items()}
    assert_equal(
        {k: shapes.get(k) for k in ("embedding.weight", "rnn.weight_ih_l1_reverse", "fc.weight")},
        {"embedding.weight": [20, 4], "rnn.weight_ih_l1_reverse": [12, 6], "fc.weight": [1, 6]},
        what=Msg("some shapes in the state_dict", "state_dict 中的几个形状"),
    )
    model.eval()
    out = model(torch.randint(0, 20, (6, 2)))
    assert_tensor(
        out.to("meta") if isinstance(out, torch.Tensor) else out,
        torch.empty(2, 1, device="meta"),
        what=Msg("the output of SentimentRNN", "SentimentRNN 的输出"),
    )
