"""LSTM原理 / LSTM Layer使用 / 情感分类实战 — How an LSTM works, the LSTM layer, sentiment classification.
「LSTM原理」「LSTM Layer使用」「情感分类实战」三课：LSTM 的原理、LSTM 层的用法、情感分类实战。

A sequence is a tensor ``x`` of shape ``[seq, b, input]``: ``seq`` time steps, b sequences in a
batch, ``input`` features per step (PyTorch's default layout for ``nn.LSTM``, without
``batch_first``). An LSTM keeps two states per sequence, the hidden state ``h`` and the cell
state ``c``, each ``[b, hidden]``; at every step it reads ``x[t]`` and the last ``(h, c)`` and
gives the next ``(h, c)``.

一个序列是形状为 ``[seq, b, input]`` 的张量 ``x``：``seq`` 个时间步，一批 b 个序列，每步
``input`` 个特征（这是 ``nn.LSTM`` 默认的布局，不用 ``batch_first``）。LSTM 为每个序列保存两个
状态：隐藏状态 ``h`` 和细胞状态 ``c``，形状都是 ``[b, hidden]``；每一步它读入 ``x[t]`` 和上一步的
``(h, c)``，给出下一步的 ``(h, c)``。

``lstm_cell``, ``lstm_forward`` and ``reverse_lstm_forward`` are to be done by hand: no
``nn.LSTM``, ``nn.LSTMCell``, ``torch.lstm`` or ``torch.lstm_cell`` (``_VF.lstm_cell``) there.
``lstm_forward`` and ``reverse_lstm_forward`` may call your own ``lstm_cell``. The weights have
the layout of ``nn.LSTM``'s: ``w_ih`` is ``[4*hidden, input]``, ``w_hh`` is
``[4*hidden, hidden]``, ``b_ih`` and ``b_hh`` are ``[4*hidden]``, their four blocks of ``hidden``
rows belonging to the gates i, f, g, o in this order.

``lstm_cell``、``lstm_forward`` 和 ``reverse_lstm_forward`` 要求手写实现：其中不能用
``nn.LSTM``、``nn.LSTMCell``、``torch.lstm`` 或 ``torch.lstm_cell``（``_VF.lstm_cell``）。
``lstm_forward`` 和 ``reverse_lstm_forward`` 可以调用你自己写的 ``lstm_cell``。权重的布局与
``nn.LSTM`` 的相同：``w_ih`` 是 ``[4*hidden, input]``，``w_hh`` 是 ``[4*hidden, hidden]``，
``b_ih`` 和 ``b_hh`` 是 ``[4*hidden]``；它们按每 ``hidden`` 行分成四块，依次属于 i、f、g、o
四个门。
"""

import torch
from torch import nn


def lstm_cell(x, state, w_ih, w_hh, b_ih, b_hh):
    """One step of an LSTM: from the input ``x`` and the state ``(h, c)`` to the next ``(h', c')``.
    LSTM 的一步：由输入 ``x`` 和状态 ``(h, c)`` 得到下一步的 ``(h', c')``。

    LSTM原理 / How an LSTM works (lesson 51). All four gates come from one product: ``gates =
    x @ w_ih.T + b_ih + h @ w_hh.T + b_hh`` (``[b, 4*hidden]``), cut along the last dim into four
    blocks of ``hidden`` columns, in PyTorch's order: the input gate ``i``, the forget gate
    ``f``, the candidate ``g`` and the output gate ``o``. Then ``c' = σ(f)·c + σ(i)·tanh(g)`` and
    ``h' = σ(o)·tanh(c')`` (σ the sigmoid, · elementwise). The result equals ``nn.LSTMCell``'s
    with the same weights. By hand: no ``nn.LSTM``, ``nn.LSTMCell`` or ``torch.lstm_cell``.

    第51课「LSTM原理」。四个门都来自同一个乘积：``gates = x @ w_ih.T + b_ih + h @ w_hh.T + b_hh``
    （``[b, 4*hidden]``），沿最后一维切成四块，每块 ``hidden`` 列，按 PyTorch 的顺序依次是：输入门
    ``i``、遗忘门 ``f``、候选值 ``g`` 和输出门 ``o``。然后 ``c' = σ(f)·c + σ(i)·tanh(g)``，
    ``h' = σ(o)·tanh(c')``（σ 是 sigmoid，· 是逐元素相乘）。结果与权重相同的 ``nn.LSTMCell`` 相等。
    请手写实现：不能用 ``nn.LSTM``、``nn.LSTMCell`` 或 ``torch.lstm_cell``。

    Return the state as the tuple ``(h', c')``, ``h'`` first, as ``nn.LSTMCell`` does. Leave the
    inputs as they are (no in-place update of ``c``).

    以元组 ``(h', c')`` 返回状态，``h'`` 在前，与 ``nn.LSTMCell`` 相同。不要改动输入（不要原地
    更新 ``c``）。

    Args:
        x: the input of this step ``[b, input]``. / 这一步的输入 ``[b, input]``。
        state: ``(h, c)``, each ``[b, hidden]``. / ``(h, c)``，形状都是 ``[b, hidden]``。
        w_ih: ``[4*hidden, input]``; w_hh: ``[4*hidden, hidden]``; b_ih, b_hh: ``[4*hidden]``.
            ``w_ih``：``[4*hidden, input]``；``w_hh``：``[4*hidden, hidden]``；``b_ih``、
            ``b_hh``：``[4*hidden]``。

    Returns:
        ``(h', c')``, each ``[b, hidden]``. / ``(h', c')``，形状都是 ``[b, hidden]``。

    Example:
        >>> cell = nn.LSTMCell(3, 2)
        >>> x, h, c = torch.randn(4, 3), torch.zeros(4, 2), torch.zeros(4, 2)
        >>> h1, c1 = lstm_cell(x, (h, c), cell.weight_ih, cell.weight_hh, cell.bias_ih, cell.bias_hh)
        >>> torch.allclose(h1, cell(x, (h, c))[0]), h1.shape
        (True, torch.Size([4, 2]))
    """
    ### BEGIN SOLUTION
    h, c = state
    gates = x @ w_ih.T + b_ih + h @ w_hh.T + b_hh
    i, f, g, o = gates.chunk(4, dim=-1)
    c_next = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
    h_next = torch.sigmoid(o) * torch.tanh(c_next)
    return h_next, c_next
    ### END SOLUTION


def lstm_forward(x, state, layer):
    """One LSTM layer over a whole sequence, as ``nn.LSTM(input, hidden, num_layers=1)``.
    一层 LSTM 读完整个序列，与 ``nn.LSTM(input, hidden, num_layers=1)`` 相同。

    LSTM Layer使用 / Using the LSTM layer (lesson 52). Start from ``h0 = state[0][0]`` and
    ``c0 = state[1][0]`` (``state`` holds ``[1, b, hidden]`` tensors, the layout of
    ``nn.LSTM``'s ``(h_0, c_0)``); for ``t = 0, 1, ..., seq-1`` run one LSTM step on ``x[t]`` and
    the state of the step before (the same cell math as ``lstm_cell``; you may call it), and
    keep every new ``h``. ``layer`` is a dict of the weights, ``{"w_ih", "w_hh", "b_ih",
    "b_hh"}``, laid out as in ``lstm_cell``. By hand: no ``nn.LSTM``, ``nn.LSTMCell``,
    ``torch.lstm`` or ``torch.lstm_cell``.

    第52课「LSTM Layer使用」。从 ``h0 = state[0][0]`` 和 ``c0 = state[1][0]`` 开始（``state`` 中是
    ``[1, b, hidden]`` 的张量，与 ``nn.LSTM`` 的 ``(h_0, c_0)`` 布局相同）；对
    ``t = 0, 1, ..., seq-1``，用 ``x[t]`` 和上一步的状态做一步 LSTM（与 ``lstm_cell`` 的计算相同，
    可以直接调用它），并保存每一步新的 ``h``。``layer`` 是权重的字典 ``{"w_ih", "w_hh", "b_ih",
    "b_hh"}``，布局与 ``lstm_cell`` 相同。请手写实现：不能用 ``nn.LSTM``、``nn.LSTMCell``、
    ``torch.lstm`` 或 ``torch.lstm_cell``。

    ``out`` stacks the hidden states of all the steps, ``[seq, b, hidden]`` (``out[t]`` is ``h``
    after reading ``x[t]``); ``h_n`` and ``c_n`` are the state after the last step, each
    ``[1, b, hidden]``, so ``h_n[0]`` equals ``out[-1]``. Keep the state connected from step to
    step (no ``detach``): the gradient flows back through time.

    ``out`` 把所有时间步的隐藏状态堆叠起来，``[seq, b, hidden]``（``out[t]`` 是读入 ``x[t]`` 之后的
    ``h``）；``h_n`` 和 ``c_n`` 是最后一步之后的状态，形状都是 ``[1, b, hidden]``，所以 ``h_n[0]``
    等于 ``out[-1]``。状态在各步之间要保持连接（不要 ``detach``）：梯度要沿时间反向传回去。

    Args:
        x: ``[seq, b, input]``. / ``[seq, b, input]``。
        state: ``(h0, c0)``, each ``[1, b, hidden]``. / ``(h0, c0)``，形状都是 ``[1, b, hidden]``。
        layer: ``{"w_ih": [4*hidden, input], "w_hh": [4*hidden, hidden], "b_ih": [4*hidden],
            "b_hh": [4*hidden]}``.

    Returns:
        ``(out, (h_n, c_n))``: ``out [seq, b, hidden]``, ``h_n`` and ``c_n`` ``[1, b, hidden]``,
        as ``nn.LSTM`` returns them.
        ``(out, (h_n, c_n))``：``out [seq, b, hidden]``，``h_n`` 和 ``c_n`` 为 ``[1, b, hidden]``，
        与 ``nn.LSTM`` 的返回值相同。

    Example:
        >>> rnn = nn.LSTM(3, 2)
        >>> layer = {"w_ih": rnn.weight_ih_l0, "w_hh": rnn.weight_hh_l0,
        ...          "b_ih": rnn.bias_ih_l0, "b_hh": rnn.bias_hh_l0}
        >>> x, h0 = torch.randn(5, 4, 3), torch.zeros(1, 4, 2)
        >>> out, (h_n, c_n) = lstm_forward(x, (h0, h0), layer)
        >>> out.shape, h_n.shape, torch.allclose(out, rnn(x, (h0, h0))[0])
        (torch.Size([5, 4, 2]), torch.Size([1, 4, 2]), True)
    """
    ### BEGIN SOLUTION
    w_ih, w_hh, b_ih, b_hh = layer["w_ih"], layer["w_hh"], layer["b_ih"], layer["b_hh"]
    h, c = state[0][0], state[1][0]
    outputs = []
    for t in range(x.shape[0]):
        gates = x[t] @ w_ih.T + b_ih + h @ w_hh.T + b_hh
        i, f, g, o = gates.chunk(4, dim=-1)
        c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
        h = torch.sigmoid(o) * torch.tanh(c)
        outputs.append(h)
    return torch.stack(outputs), (h.unsqueeze(0), c.unsqueeze(0))
    ### END SOLUTION


def reverse_lstm_forward(x, state, layer):
    """The backward direction of a bidirectional LSTM layer: the sequence read from its end.
    双向 LSTM 层的反向部分：从序列的末尾往前读。

    LSTM Layer使用 / Using the LSTM layer (lesson 52: ``bidirectional=True``). Start from
    ``(state[0][0], state[1][0])`` and run the LSTM steps on ``x[seq-1]``, then ``x[seq-2]``,
    ..., down to ``x[0]`` (the same cell math as ``lstm_cell``; you may call it). ``layer`` is
    a dict with the keys of ``lstm_forward`` (in ``nn.LSTM`` these weights are the ``_reverse``
    ones, e.g. ``weight_ih_l0_reverse``). By hand: no ``nn.LSTM``, ``nn.LSTMCell``,
    ``torch.lstm`` or ``torch.lstm_cell``.

    第52课「LSTM Layer使用」（``bidirectional=True``）。从 ``(state[0][0], state[1][0])`` 开始，
    依次对 ``x[seq-1]``、``x[seq-2]``、……直到 ``x[0]`` 做 LSTM 的一步（与 ``lstm_cell`` 的计算相同，
    可以直接调用它）。``layer`` 是键与 ``lstm_forward`` 相同的字典（在 ``nn.LSTM`` 中这些是带
    ``_reverse`` 的权重，例如 ``weight_ih_l0_reverse``）。请手写实现：不能用 ``nn.LSTM``、
    ``nn.LSTMCell``、``torch.lstm`` 或 ``torch.lstm_cell``。

    Return ``out`` in time order: ``out[t]`` is the hidden state after reading ``x[t:]`` (from
    the end back to ``x[t]``), so the states you computed last-step-first must be put back in the
    order of ``x``. ``h_n`` and ``c_n`` (each ``[1, b, hidden]``) are the state after reading
    ``x[0]``, the last one computed, so ``h_n[0]`` equals ``out[0]``. This equals the second half
    of the features of ``nn.LSTM(bidirectional=True)``'s output (``output[..., hidden:]``) and
    its ``h_n[1:2]``, ``c_n[1:2]``.

    ``out`` 要按时间顺序返回：``out[t]`` 是读完 ``x[t:]``（从末尾往回读到 ``x[t]``）之后的隐藏
    状态，所以从最后一步开始算出的这些状态要按 ``x`` 的顺序放回去。``h_n`` 和 ``c_n``（形状都是
    ``[1, b, hidden]``）是读完 ``x[0]`` 之后的状态，也就是最后算出的那个，所以 ``h_n[0]`` 等于
    ``out[0]``。结果等于 ``nn.LSTM(bidirectional=True)`` 输出特征的后一半（``output[..., hidden:]``）
    以及它的 ``h_n[1:2]``、``c_n[1:2]``。

    Args:
        x: ``[seq, b, input]``. / ``[seq, b, input]``。
        state: ``(h0, c0)``, each ``[1, b, hidden]``. / ``(h0, c0)``，形状都是 ``[1, b, hidden]``。
        layer: the weights, as in ``lstm_forward``. / 权重，与 ``lstm_forward`` 相同。

    Returns:
        ``(out, (h_n, c_n))``: ``out [seq, b, hidden]`` in time order, ``h_n`` and ``c_n``
        ``[1, b, hidden]``.
        ``(out, (h_n, c_n))``：按时间顺序的 ``out [seq, b, hidden]``，``h_n`` 和 ``c_n`` 为
        ``[1, b, hidden]``。

    Example:
        >>> rnn = nn.LSTM(3, 2, bidirectional=True)
        >>> layer = {"w_ih": rnn.weight_ih_l0_reverse, "w_hh": rnn.weight_hh_l0_reverse,
        ...          "b_ih": rnn.bias_ih_l0_reverse, "b_hh": rnn.bias_hh_l0_reverse}
        >>> x, h0 = torch.randn(5, 4, 3), torch.zeros(1, 4, 2)
        >>> out, (h_n, c_n) = reverse_lstm_forward(x, (h0, h0), layer)
        >>> torch.allclose(out, rnn(x)[0][..., 2:]), torch.allclose(h_n[0], out[0])
        (True, True)
    """
    ### BEGIN SOLUTION
    w_ih, w_hh, b_ih, b_hh = layer["w_ih"], layer["w_hh"], layer["b_ih"], layer["b_hh"]
    h, c = state[0][0], state[1][0]
    outputs = [None] * x.shape[0]
    for t in range(x.shape[0] - 1, -1, -1):
        gates = x[t] @ w_ih.T + b_ih + h @ w_hh.T + b_hh
        i, f, g, o = gates.chunk(4, dim=-1)
        c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
        h = torch.sigmoid(o) * torch.tanh(c)
        outputs[t] = h
    return torch.stack(outputs), (h.unsqueeze(0), c.unsqueeze(0))
    ### END SOLUTION


def last_hidden_bidirectional(h_n):
    """The last layer's final states of both directions, side by side: ``[b, 2*hidden]``.
    最后一层两个方向的最终状态并排拼在一起：``[b, 2*hidden]``。

    情感分类实战 / Sentiment classification in practice (lesson 53). A bidirectional
    ``nn.LSTM`` with ``num_layers`` layers returns ``h_n`` of shape
    ``[num_layers*2, b, hidden]``, ordered layer by layer and, within a layer, forward then
    backward: ``h_n[0]``, ``h_n[1]`` are the first layer's, ``h_n[-2]``, ``h_n[-1]`` the last
    layer's forward and backward states. Join these last two along the features, forward first,
    as the course does (``torch.cat([hidden[-2], hidden[-1]], dim=1)``).

    第53课「情感分类实战」。有 ``num_layers`` 层的双向 ``nn.LSTM`` 返回形状为
    ``[num_layers*2, b, hidden]`` 的 ``h_n``，按层排列，每层内先正向后反向：``h_n[0]``、``h_n[1]``
    属于第一层，``h_n[-2]``、``h_n[-1]`` 是最后一层的正向和反向状态。把最后这两个沿特征维拼接起来，
    正向在前，与课程的写法相同（``torch.cat([hidden[-2], hidden[-1]], dim=1)``）。

    Args:
        h_n: ``[num_layers*2, b, hidden]``. / ``[num_layers*2, b, hidden]``。

    Returns:
        ``[b, 2*hidden]``: ``[:, :hidden]`` is ``h_n[-2]``, ``[:, hidden:]`` is ``h_n[-1]``.
        ``[b, 2*hidden]``：``[:, :hidden]`` 是 ``h_n[-2]``，``[:, hidden:]`` 是 ``h_n[-1]``。

    Example:
        >>> last_hidden_bidirectional(torch.randn(4, 3, 5)).shape
        torch.Size([3, 10])
    """
    ### BEGIN SOLUTION
    return torch.cat([h_n[-2], h_n[-1]], dim=1)
    ### END SOLUTION


def binary_accuracy(logits, labels) -> float:
    """The fraction of right answers of a binary classifier, from its logits.
    由 logits 计算二分类器答对的比例。

    情感分类实战 / Sentiment classification in practice (lesson 53: the course's ``binary_acc``).
    The prediction is ``torch.round(torch.sigmoid(logits))`` (1. where the probability is above
    0.5, else 0.); count the entries where it equals ``labels`` (floats 0. and 1.) and divide by
    their number. ``logits`` and ``labels`` each have shape ``[b]`` or ``[b, 1]``, not
    necessarily the same one (a model's ``[b, 1]`` output against ``[b]`` labels): compare them
    entry by entry, not broadcast to ``[b, b]``.

    第53课「情感分类实战」（课程中的 ``binary_acc``）。预测值是
    ``torch.round(torch.sigmoid(logits))``（概率大于 0.5 为 1.，否则为 0.）；数出它与 ``labels``
    （浮点数 0. 和 1.）相等的元素个数，再除以元素总数。``logits`` 和 ``labels`` 的形状各自可能是
    ``[b]`` 或 ``[b, 1]``，不一定相同（例如模型输出 ``[b, 1]``，标签是 ``[b]``）：要逐个元素比较，
    而不是广播成 ``[b, b]``。

    Returns:
        a Python ``float`` between 0 and 1 (``.item()`` of a 0-dim tensor), not a tensor and
        not a count.
        0 到 1 之间的 Python ``float``（0 维张量的 ``.item()``），不是张量，也不是个数。

    Example:
        >>> binary_accuracy(torch.tensor([2.0, -1.0, 0.3, -0.2]), torch.tensor([1.0, 0.0, 0.0, 0.0]))
        0.75
    """
    ### BEGIN SOLUTION
    preds = torch.round(torch.sigmoid(logits)).reshape(-1)
    correct = (preds == labels.reshape(-1)).float()
    return correct.mean().item()
    ### END SOLUTION


class SentimentRNN(nn.Module):
    """The course's sentiment classifier: token ids ``[seq, b]`` → one logit per review ``[b, 1]``.
    课程中的情感分类模型：词编号 ``[seq, b]`` → 每条评论一个 logit ``[b, 1]``。

    情感分类实战 / Sentiment classification in practice (lesson 53). Four attributes, with these
    names (the grader reads them and loads weights by them):

    第53课「情感分类实战」。有四个属性，名字如下（评分程序按这些名字读取它们并加载权重）：

    - ``embedding = nn.Embedding(vocab_size, embedding_dim)``;
    - ``rnn = nn.LSTM(embedding_dim, hidden_dim, num_layers=2, bidirectional=True,
      dropout=0.5)`` (the dropout acts between its two layers);
    - ``fc = nn.Linear(hidden_dim*2, 1)``;
    - ``dropout = nn.Dropout(0.5)``.

    - ``embedding = nn.Embedding(vocab_size, embedding_dim)``；
    - ``rnn = nn.LSTM(embedding_dim, hidden_dim, num_layers=2, bidirectional=True,
      dropout=0.5)``（这个 dropout 作用在它的两层之间）；
    - ``fc = nn.Linear(hidden_dim*2, 1)``；
    - ``dropout = nn.Dropout(0.5)``。

    ``forward(x)``, ``x`` int64 ``[seq, b]``: ``self.dropout(self.embedding(x))``
    (``[seq, b, embedding_dim]``), then ``self.rnn`` from a zero state (``output, (h_n, c_n)``),
    then the last layer's two final hidden states side by side, ``[b, 2*hidden_dim]`` (what
    ``last_hidden_bidirectional`` computes: ``h_n[-2]`` and ``h_n[-1]``, not the first layer's
    ``h_n[0]``, ``h_n[1]``), then ``self.dropout`` again and ``self.fc``: ``[b, 1]``, logits
    without a sigmoid (``nn.BCEWithLogitsLoss`` applies it). Use the modules in this order, each
    once, so that in training mode the random dropout masks are drawn as in the course's model;
    after ``.eval()`` no dropout acts and the output is deterministic.

    ``forward(x)``，``x`` 为 int64 的 ``[seq, b]``：先 ``self.dropout(self.embedding(x))``
    （``[seq, b, embedding_dim]``），再从零状态开始过 ``self.rnn``（得到 ``output, (h_n, c_n)``），
    然后把最后一层的两个最终隐藏状态并排拼接成 ``[b, 2*hidden_dim]``（即
    ``last_hidden_bidirectional`` 算的：``h_n[-2]`` 和 ``h_n[-1]``，而不是第一层的 ``h_n[0]``、
    ``h_n[1]``），再过一次 ``self.dropout``，最后过 ``self.fc``：得到 ``[b, 1]`` 的 logits，不做
    sigmoid（``nn.BCEWithLogitsLoss`` 自己会做）。按这个顺序使用这些模块，每个只用一次，这样在
    训练模式下随机的 dropout 掩码与课程模型的抽取方式相同；调用 ``.eval()`` 之后 dropout 不起作用，
    输出是确定的。

    Example:
        >>> net = SentimentRNN(vocab_size=100, embedding_dim=8, hidden_dim=6).eval()
        >>> net(torch.randint(0, 100, (7, 3))).shape
        torch.Size([3, 1])
    """

    def __init__(self, vocab_size: int, embedding_dim: int, hidden_dim: int):
        super().__init__()
        ### BEGIN SOLUTION
        self.embedding = nn.Embedding(vocab_size, embedding_dim)
        self.rnn = nn.LSTM(embedding_dim, hidden_dim, num_layers=2, bidirectional=True, dropout=0.5)
        self.fc = nn.Linear(hidden_dim * 2, 1)
        self.dropout = nn.Dropout(0.5)
        ### END SOLUTION

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        ### BEGIN SOLUTION
        embedded = self.dropout(self.embedding(x))
        _, (h_n, _) = self.rnn(embedded)
        hidden = torch.cat([h_n[-2], h_n[-1]], dim=1)
        return self.fc(self.dropout(hidden))
        ### END SOLUTION
