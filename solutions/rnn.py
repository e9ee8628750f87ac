"""RNN原理 / RNN Layer使用 / 时间序列预测 / RNN训练难题 — How an RNN works, the RNN layer,
time-series prediction, why RNNs are hard to train (lessons 47–50).

「RNN原理」「RNN Layer使用」「时间序列预测」「RNN训练难题」（第47–50课）。

A recurrent network reads a sequence one time step at a time and carries a hidden state ``h``
from each step to the next: ``h_t = tanh(x_t @ w_ih.T + b_ih + h_{t-1} @ w_hh.T + b_hh)``. First
by hand (``rnn_cell``: one step; ``rnn_forward``: a whole sequence through several layers, as
``nn.RNN`` computes it), then the course's lesson-49 project: predicting a sine curve one point
ahead (``sine_sequence``, ``SineNet``, ``sine_train_step``, ``predict_sine``).

循环神经网络一次读入序列的一个时间步，并把隐藏状态 ``h`` 从每一步带到下一步：
``h_t = tanh(x_t @ w_ih.T + b_ih + h_{t-1} @ w_hh.T + b_hh)``。先手写实现（``rnn_cell``：一步；
``rnn_forward``：整个序列经过若干层，与 ``nn.RNN`` 的计算相同），再做课程第49课的项目：提前一个
点预测正弦曲线（``sine_sequence``、``SineNet``、``sine_train_step``、``predict_sine``）。

Shapes: ``seq`` time steps, a batch of ``b`` sequences, ``input`` features per step, ``hidden``
values in the hidden state. ``nn.RNN`` takes ``x [seq, b, input]`` (``[b, seq, input]`` with
``batch_first=True``) and ``h0 [num_layers, b, hidden]``; its weights are ``w_ih [hidden, input]``
(``[hidden, hidden]`` from the second layer on), ``w_hh [hidden, hidden]``, ``b_ih [hidden]``,
``b_hh [hidden]``, the layout of ``nn.Linear.weight``: applied as ``x @ w.T``.

形状：``seq`` 个时间步，一批 ``b`` 个序列，每步 ``input`` 个特征，隐藏状态有 ``hidden`` 个值。
``nn.RNN`` 接收 ``x [seq, b, input]``（``batch_first=True`` 时为 ``[b, seq, input]``）和
``h0 [num_layers, b, hidden]``；它的权重是 ``w_ih [hidden, input]``（从第二层起为
``[hidden, hidden]``）、``w_hh [hidden, hidden]``、``b_ih [hidden]``、``b_hh [hidden]``，与
``nn.Linear.weight`` 的排列相同：以 ``x @ w.T`` 的方式作用。

``rnn_cell`` and ``rnn_forward`` are to be done by hand: ``nn.RNN``, ``nn.RNNCell`` and
``torch.rnn_tanh``/``torch.rnn_tanh_cell`` (also through ``torch._VF``) are not allowed there.

``rnn_cell`` 和 ``rnn_forward`` 要求手写实现：其中不能用 ``nn.RNN``、``nn.RNNCell`` 和
``torch.rnn_tanh``/``torch.rnn_tanh_cell``（经由 ``torch._VF`` 也不行）。
"""

import torch
import torch.nn.functional as F
from torch import nn


def rnn_cell(
    x: torch.Tensor,
    h: torch.Tensor,
    w_ih: torch.Tensor,
    w_hh: torch.Tensor,
    b_ih: torch.Tensor,
    b_hh: torch.Tensor,
) -> torch.Tensor:
    """One time step of a tanh RNN: the next hidden state.
    tanh RNN 的一个时间步：下一个隐藏状态。

    RNN原理 / How an RNN works (lesson 47), RNN Layer使用 / The RNN layer (lesson 48,
    ``nn.RNNCell``). Compute ``tanh(x @ w_ih.T + b_ih + h @ w_hh.T + b_hh)``: the input goes
    through ``w_ih``, the previous hidden state through ``w_hh``, both biases are added, and tanh
    (not sigmoid, not ReLU) squashes the sum into ``(-1, 1)``. By hand: no ``nn.RNNCell``,
    ``nn.RNN`` or ``torch.rnn_tanh_cell``. The result stays connected to every argument in
    autograd, on ``x``'s device with ``x``'s dtype, and no argument is changed.

    第47课「RNN原理」、第48课「RNN Layer使用」（``nn.RNNCell``）。计算
    ``tanh(x @ w_ih.T + b_ih + h @ w_hh.T + b_hh)``：输入经过 ``w_ih``，上一个隐藏状态经过
    ``w_hh``，加上两个偏置，再用 tanh（不是 sigmoid，也不是 ReLU）把和压到 ``(-1, 1)`` 之间。
    手写实现：不能用 ``nn.RNNCell``、``nn.RNN`` 或 ``torch.rnn_tanh_cell``。结果在 autograd 中
    与每个参数都保持连接，与 ``x`` 在同一设备上、dtype 相同，且不修改任何参数。

    Args:
        x: the inputs of this step ``[b, input]``. / 这一步的输入 ``[b, input]``。
        h: the previous hidden state ``[b, hidden]``. / 上一个隐藏状态 ``[b, hidden]``。
        w_ih: ``[hidden, input]``; w_hh: ``[hidden, hidden]``; b_ih, b_hh: ``[hidden]``.
            ``w_ih``：``[hidden, input]``；``w_hh``：``[hidden, hidden]``；``b_ih``、``b_hh``：
            ``[hidden]``。

    Returns:
        the new hidden state ``[b, hidden]``, equal to ``nn.RNNCell(input, hidden)`` with these
        weights. / 新的隐藏状态 ``[b, hidden]``，与使用这些权重的
        ``nn.RNNCell(input, hidden)`` 相等。

    Example:
        >>> x, h = torch.ones(2, 3), torch.zeros(2, 4)
        >>> rnn_cell(x, h, torch.zeros(4, 3), torch.zeros(4, 4), torch.ones(4), torch.zeros(4))
        tensor([[0.7616, 0.7616, 0.7616, 0.7616],
                [0.7616, 0.7616, 0.7616, 0.7616]])
    """
    ### BEGIN SOLUTION
    return torch.tanh(x @ w_ih.T + b_ih + h @ w_hh.T + b_hh)
    ### END SOLUTION


def rnn_forward(x: torch.Tensor, h0: torch.Tensor, layers: list, batch_first: bool = False):
    """A multi-layer tanh RNN over a whole sequence, as ``nn.RNN`` computes it.
    多层 tanh RNN 处理整个序列，与 ``nn.RNN`` 的计算相同。

    RNN Layer使用 / The RNN layer (lesson 48). ``layers[l]`` is a dict
    ``{"w_ih", "w_hh", "b_ih", "b_hh"}`` of layer ``l``'s weights (``w_ih`` is
    ``[hidden, input]`` for layer 0 and ``[hidden, hidden]`` after it). Layer 0 starts from
    ``h0[0]`` and reads ``x`` step by step: ``h = tanh(x_t @ w_ih.T + b_ih + h @ w_hh.T + b_hh)``
    for ``t = 0, 1, ..., seq - 1``. Layer ``l`` starts from ``h0[l]`` and reads the outputs of
    layer ``l - 1`` (its hidden state at every step), not ``x``. By hand: no ``nn.RNN``,
    ``nn.RNNCell``, ``torch.rnn_tanh`` or ``torch.rnn_tanh_cell``.

    第48课「RNN Layer使用」。``layers[l]`` 是第 ``l`` 层权重的 dict
    ``{"w_ih", "w_hh", "b_ih", "b_hh"}``（第 0 层的 ``w_ih`` 是 ``[hidden, input]``，之后各层是
    ``[hidden, hidden]``）。第 0 层从 ``h0[0]`` 出发，逐步读入 ``x``：对
    ``t = 0, 1, ..., seq - 1`` 计算 ``h = tanh(x_t @ w_ih.T + b_ih + h @ w_hh.T + b_hh)``。第
    ``l`` 层从 ``h0[l]`` 出发，读入的是第 ``l - 1`` 层的输出（它每一步的隐藏状态），而不是
    ``x``。手写实现：不能用 ``nn.RNN``、``nn.RNNCell``、``torch.rnn_tanh`` 或
    ``torch.rnn_tanh_cell``。

    ``out`` holds the LAST layer's hidden state at every step; ``h_n`` holds every layer's
    hidden state after the LAST step. With ``batch_first=True``, ``x`` and ``out`` are
    ``[b, seq, ...]``, but ``h0`` and ``h_n`` stay ``[num_layers, b, hidden]``, as in
    ``nn.RNN``. Keep the results on ``x``'s device and connected in autograd (collect the steps
    with ``torch.stack``, rather than filling a tensor made with ``torch.zeros`` without
    ``device=``); change no argument.

    ``out`` 是最后一层在每一步的隐藏状态；``h_n`` 是每一层在最后一步之后的隐藏状态。
    ``batch_first=True`` 时 ``x`` 和 ``out`` 是 ``[b, seq, ...]``，但 ``h0`` 和 ``h_n`` 仍是
    ``[num_layers, b, hidden]``，与 ``nn.RNN`` 一样。结果要留在 ``x`` 所在的设备上，并在
    autograd 中保持连接（用 ``torch.stack`` 收集各步，而不是往未指定 ``device=`` 的
    ``torch.zeros`` 里填数）；不修改任何参数。

    Args:
        x: ``[seq, b, input]``, or ``[b, seq, input]`` with ``batch_first``.
            ``[seq, b, input]``，``batch_first`` 时为 ``[b, seq, input]``。
        h0: ``[num_layers, b, hidden]`` with ``num_layers == len(layers)``.
            ``[num_layers, b, hidden]``，其中 ``num_layers == len(layers)``。
        layers: a list of ``num_layers`` dicts of weights. / ``num_layers`` 个权重 dict 的 list。
        batch_first: whether the batch dim of ``x`` and ``out`` comes first.
            ``x`` 和 ``out`` 的批维度是否在最前。

    Returns:
        ``(out, h_n)``: ``out [seq, b, hidden]`` (``[b, seq, hidden]`` with ``batch_first``) and
        ``h_n [num_layers, b, hidden]``, equal to ``nn.RNN(input, hidden,
        num_layers=len(layers), batch_first=batch_first)`` with these weights.
        ``(out, h_n)``：``out [seq, b, hidden]``（``batch_first`` 时为 ``[b, seq, hidden]``）和
        ``h_n [num_layers, b, hidden]``，与使用这些权重的 ``nn.RNN(input, hidden,
        num_layers=len(layers), batch_first=batch_first)`` 相等。

    Example:
        >>> layer = {"w_ih": torch.rand(4, 3), "w_hh": torch.rand(4, 4),
        ...          "b_ih": torch.rand(4), "b_hh": torch.rand(4)}
        >>> out, h_n = rnn_forward(torch.rand(5, 2, 3), torch.zeros(2, 2, 4), [layer, {
        ...     "w_ih": torch.rand(4, 4), "w_hh": torch.rand(4, 4),
        ...     "b_ih": torch.rand(4), "b_hh": torch.rand(4)}])
        >>> out.shape, h_n.shape
        (torch.Size([5, 2, 4]), torch.Size([2, 2, 4]))
    """
    ### BEGIN SOLUTION
    inputs = x.transpose(0, 1) if batch_first else x
    last = []
    for i, p in enumerate(layers):
        h = h0[i]
        steps = []
        for t in range(inputs.shape[0]):
            h = torch.tanh(inputs[t] @ p["w_ih"].T + p["b_ih"] + h @ p["w_hh"].T + p["b_hh"])
            steps.append(h)
        inputs = torch.stack(steps)
        last.append(h)
    out = inputs.transpose(0, 1) if batch_first else inputs
    return out, torch.stack(last)
    ### END SOLUTION


def sine_sequence(start, num_time_steps: int = 50):
    """The course's training data: a stretch of the sine curve, and the same stretch one step on.
    课程的训练数据：一段正弦曲线，以及向后错开一步的同一段曲线。

    时间序列预测 / Time-series prediction (lesson 49). ``num_time_steps`` evenly spaced times
    from ``start`` to ``start + 10``, both ends included (``torch.linspace`` or
    ``np.linspace``), and ``data = sin(t)``. The network learns to predict the next point from
    the points so far, so the input is every point but the last, ``data[:-1]``, and the target
    every point but the first, ``data[1:]`` (``y[t]`` is the point after ``x[t]``). Both are
    float32 tensors ``[1, num_time_steps - 1, 1]``: a batch of one sequence, one feature per
    step (``batch_first`` layout, as ``SineNet`` takes it), on the CPU.

    第49课「时间序列预测」。从 ``start`` 到 ``start + 10``（两端都包含）取 ``num_time_steps``
    个等间距的时刻（``torch.linspace`` 或 ``np.linspace``），``data = sin(t)``。网络要学会根据
    已有的点预测下一个点，所以输入是除最后一个点以外的所有点 ``data[:-1]``，目标是除第一个点以外
    的所有点 ``data[1:]``（``y[t]`` 是 ``x[t]`` 之后的那个点）。两者都是 float32 张量
    ``[1, num_time_steps - 1, 1]``：一批只有一个序列，每步一个特征（``batch_first`` 的排列，
    ``SineNet`` 就这样接收），在 CPU 上。

    Args:
        start: where the stretch begins, an int or a float (the course draws 0, 1 or 2).
            这段曲线的起点，int 或 float（课程随机取 0、1 或 2）。
        num_time_steps: how many points ``t`` holds (at least 2). / ``t`` 的点数（至少 2）。

    Returns:
        ``(x, y)``, each float32 ``[1, num_time_steps - 1, 1]``.
        ``(x, y)``，每个都是 float32 ``[1, num_time_steps - 1, 1]``。

    Example:
        >>> x, y = sine_sequence(0)
        >>> x.shape, y.dtype, bool((x[0, 1:] == y[0, :-1]).all())
        (torch.Size([1, 49, 1]), torch.float32, True)
    """
    ### BEGIN SOLUTION
    t = torch.linspace(start, start + 10, num_time_steps, dtype=torch.float64)
    data = torch.sin(t).float()
    x = data[:-1].reshape(1, num_time_steps - 1, 1)
    y = data[1:].reshape(1, num_time_steps - 1, 1)
    return x, y
    ### END SOLUTION


class SineNet(nn.Module):
    """The course's lesson-49 ``Net``: an RNN over the sine curve, and a linear layer reading
    each hidden state out as the predicted next point.
    课程第49课的 ``Net``：一个读入正弦曲线的 RNN，再用一个全连接层把每个隐藏状态读成预测的下一个点。

    时间序列预测 / Time-series prediction (lesson 49). Two attributes, named exactly so (the
    grader loads its weights with ``load_state_dict``):

    第49课「时间序列预测」。两个属性，名字必须如下（评分程序用 ``load_state_dict`` 加载它的权重）：

    - ``rnn = nn.RNN(input_size=1, hidden_size=16, num_layers=1, batch_first=True)``, with every
      one of its parameters (both weights and both biases) drawn again from the normal
      distribution ``N(0, 0.001²)`` in ``__init__``: ``nn.init.normal_(p, mean=0.0, std=0.001)``
      (``std`` is the standard deviation, 0.001, not the variance);
    - ``linear = nn.Linear(16, 1)``, with its own default initialisation.

    - ``rnn = nn.RNN(input_size=1, hidden_size=16, num_layers=1, batch_first=True)``，并在
      ``__init__`` 中把它的每个参数（两个权重和两个偏置）都重新从正态分布 ``N(0, 0.001²)`` 抽取：
      ``nn.init.normal_(p, mean=0.0, std=0.001)``（``std`` 是标准差 0.001，不是方差）；
    - ``linear = nn.Linear(16, 1)``，用它自己的默认初始化。

    ``forward(x, hidden_prev)``: ``x [1, seq, 1]`` (one sequence, batch first),
    ``hidden_prev [1, 1, 16]`` (``[num_layers, b, hidden]``, never batch first). Run the RNN from
    ``hidden_prev``, apply ``linear`` to the hidden state of every step, and return
    ``(out [1, seq, 1], hidden_prev [1, 1, 16])``, the new hidden state being the RNN's ``h_n``.
    The course flattens to ``[seq, 16]`` before the linear layer and adds the batch dim back
    after it; ``nn.Linear`` also takes ``[1, seq, 16]`` as it is.

    ``forward(x, hidden_prev)``：``x [1, seq, 1]``（一个序列，批维度在前），``hidden_prev
    [1, 1, 16]``（``[num_layers, b, hidden]``，批维度从不在前）。从 ``hidden_prev`` 出发运行
    RNN，对每一步的隐藏状态应用 ``linear``，返回 ``(out [1, seq, 1], hidden_prev [1, 1, 16])``，
    新的隐藏状态就是 RNN 的 ``h_n``。课程在全连接层之前展平成 ``[seq, 16]``，之后再补回批维度；
    ``nn.Linear`` 也可以直接接收 ``[1, seq, 16]``。

    Example:
        >>> net = SineNet()
        >>> out, h = net(torch.rand(1, 49, 1), torch.zeros(1, 1, 16))
        >>> out.shape, h.shape
        (torch.Size([1, 49, 1]), torch.Size([1, 1, 16]))
    """

    def __init__(self):
        super().__init__()
        ### BEGIN SOLUTION
        self.rnn = nn.RNN(input_size=1, hidden_size=16, num_layers=1, batch_first=True)
        for p in self.rnn.parameters():
            nn.init.normal_(p, mean=0.0, std=0.001)
        self.linear = nn.Linear(16, 1)
        ### END SOLUTION

    def forward(self, x: torch.Tensor, hidden_prev: torch.Tensor):
        ### BEGIN SOLUTION
        out, hidden_prev = self.rnn(x, hidden_prev)
        out = self.linear(out.reshape(-1, 16)).unsqueeze(0)
        return out, hidden_prev
        ### END SOLUTION


def sine_train_step(model, optimizer, x, y, hidden_prev, max_norm: float = 10.0):
    """One step of the course's training loop, with the gradients clipped.
    课程训练循环中的一步，并对梯度做裁剪。

    时间序列预测 / Time-series prediction (lesson 49), RNN训练难题 / Why RNNs are hard to train
    (lesson 50). In this order: ``output, hidden = model(x, hidden_prev)``; the loss is the mean
    squared error of ``output`` against ``y`` (``nn.MSELoss()`` or ``F.mse_loss``);
    ``optimizer.zero_grad()`` (or ``model.zero_grad()``); ``loss.backward()``; clip the gradients
    of ``model.parameters()`` so that their total L2 norm is at most ``max_norm``, as
    ``torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm)`` does (all the parameters
    together, BETWEEN ``backward`` and ``step``); ``optimizer.step()``. Use the optimizer given.

    第49课「时间序列预测」、第50课「RNN训练难题」。按以下顺序：
    ``output, hidden = model(x, hidden_prev)``；损失是 ``output`` 与 ``y`` 的均方误差
    （``nn.MSELoss()`` 或 ``F.mse_loss``）；``optimizer.zero_grad()``（或
    ``model.zero_grad()``）；``loss.backward()``；裁剪 ``model.parameters()`` 的梯度，使它们总的
    L2 范数不超过 ``max_norm``，与 ``torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm)``
    的做法相同（所有参数合在一起，在 ``backward`` 和 ``step`` 之间）；``optimizer.step()``。
    使用传入的优化器。

    Gradient clipping is lesson 50's answer to exploding gradients: a long sequence multiplies
    the gradient by ``w_hh`` once per step, and one huge step would throw the weights far off.

    梯度裁剪是第50课对梯度爆炸的解决办法：长序列每一步都让梯度乘一次 ``w_hh``，一次特别大的
    更新会把权重带得很远。

    Return ``(loss.item(), hidden.detach())``. The hidden state goes on to the next step (the
    course's loop carries it from one sequence to the next), but detached: the next step's
    ``backward`` then stops at it instead of running back through this step's graph, which is
    freed by then (truncated backpropagation through time).

    返回 ``(loss.item(), hidden.detach())``。隐藏状态会传给下一步（课程的循环把它从一个序列带到
    下一个序列），但要分离（detach）：这样下一步的 ``backward`` 到它就停止，而不会沿着这一步已被
    释放的计算图继续反向传播（截断的随时间反向传播）。

    Args:
        model: a ``SineNet``-like module: ``model(x, hidden_prev)`` → ``(output, hidden)``.
            类似 ``SineNet`` 的模块：``model(x, hidden_prev)`` → ``(output, hidden)``。
        optimizer: a ``torch.optim`` optimizer over ``model.parameters()``.
            作用于 ``model.parameters()`` 的 ``torch.optim`` 优化器。
        x, y: the input and the target ``[1, seq, 1]`` (``sine_sequence``).
            输入和目标 ``[1, seq, 1]``（``sine_sequence``）。
        hidden_prev: ``[1, 1, 16]``, the hidden state the last step returned (zeros at first).
            ``[1, 1, 16]``，上一步返回的隐藏状态（一开始是全零）。
        max_norm: the largest total L2 norm the gradients may keep. / 梯度总 L2 范数的上限。

    Returns:
        ``(loss, hidden)``: a Python float, and the new hidden state ``[1, 1, 16]`` that does
        not require grad. / ``(loss, hidden)``：Python float，以及不需要梯度的新隐藏状态
        ``[1, 1, 16]``。

    Example:
        >>> model = SineNet()
        >>> optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
        >>> x, y = sine_sequence(1)
        >>> loss, hidden_prev = sine_train_step(model, optimizer, x, y, torch.zeros(1, 1, 16))
        >>> type(loss), hidden_prev.shape, hidden_prev.requires_grad
        (<class 'float'>, torch.Size([1, 1, 16]), False)
    """
    ### BEGIN SOLUTION
    output, hidden = model(x, hidden_prev)
    loss = F.mse_loss(output, y)
    optimizer.zero_grad()
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm)
    optimizer.step()
    return loss.item(), hidden.detach()
    ### END SOLUTION


def predict_sine(model, x0: torch.Tensor, hidden_prev: torch.Tensor, steps: int) -> torch.Tensor:
    """Let the trained model draw the curve on its own: each prediction is the next input.
    让训练好的模型自己画出曲线：每次的预测就是下一步的输入。

    时间序列预测 / Time-series prediction (lesson 49), the course's generation loop. Inside
    ``with torch.no_grad():`` (predicting needs no gradients), start from ``input = x0`` and
    ``hidden = hidden_prev`` and repeat ``steps`` times: ``pred, hidden = model(input, hidden)``
    with ``input`` shaped ``[1, 1, 1]`` (one sequence of one step), keep ``pred``, and make it
    the next ``input``. The hidden state is carried from each call to the next as well. Only the
    first input comes from data: after it the model reads its own predictions.

    第49课「时间序列预测」，课程中的生成循环。在 ``with torch.no_grad():`` 中（预测不需要梯度），
    从 ``input = x0`` 和 ``hidden = hidden_prev`` 出发，重复 ``steps`` 次：
    ``pred, hidden = model(input, hidden)``，其中 ``input`` 的形状为 ``[1, 1, 1]``（一个只有一步
    的序列），记下 ``pred``，并把它作为下一次的 ``input``。隐藏状态也从每次调用带到下一次。只有
    第一个输入来自数据：之后模型读的都是它自己的预测。

    Return the ``steps`` predictions in order as one float32 tensor ``[steps]`` on ``x0``'s
    device (e.g. ``torch.cat`` of the predictions flattened, then ``.float()``), not a list and
    not numpy. ``x0`` and ``hidden_prev`` are not changed.

    按顺序把 ``steps`` 个预测值作为一个 float32 张量 ``[steps]`` 返回，放在 ``x0`` 所在的设备上
    （例如把各个预测展平后 ``torch.cat``，再 ``.float()``），不要返回 list 或 numpy。不修改
    ``x0`` 和 ``hidden_prev``。

    Args:
        model: a ``SineNet``-like module: ``model(x [1, 1, 1], hidden)`` → ``(pred [1, 1, 1],
            hidden)``. / 类似 ``SineNet`` 的模块。
        x0: the first input, ``[1, 1, 1]`` (the course: ``x[:, 0, :]``, one value).
            第一个输入 ``[1, 1, 1]``（课程中是 ``x[:, 0, :]``，一个值）。
        hidden_prev: the hidden state to start from, ``[1, 1, 16]``.
            出发时的隐藏状态 ``[1, 1, 16]``。
        steps: how many points to predict (at least 1). / 要预测的点数（至少 1）。

    Returns:
        float32 ``[steps]``: the predicted points, in order. / float32 ``[steps]``：按顺序排列的
        预测值。

    Example:
        >>> x, y = sine_sequence(0)
        >>> predict_sine(SineNet(), x[:, :1, :], torch.zeros(1, 1, 16), 49).shape
        torch.Size([49])
    """
    ### BEGIN SOLUTION
    predictions = []
    inp, hidden = x0.reshape(1, 1, 1), hidden_prev
    with torch.no_grad():
        for _ in range(steps):
            pred, hidden = model(inp, hidden)
            predictions.append(pred.reshape(1))
            inp = pred.reshape(1, 1, 1)
    return torch.cat(predictions).float()
    ### END SOLUTION
