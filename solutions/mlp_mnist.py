"""多分类问题实战 / 全连接层 / GPU加速 / MNIST测试实战 — Multi-class classification in practice,
fully connected layers, GPU acceleration, testing on MNIST (lessons 50 and later).

「多分类问题实战」「全连接层」「GPU加速」「MNIST测试实战」（第50课及以后）。

The course's MNIST classifier, twice: first with bare tensors (``init_mlp_params`` and
``mlp_forward``: the weights are tensors you create and update yourself), then as an
``nn.Module`` (``MLP``) trained with an optimizer (``train_epoch``, ``evaluate``, ``fit``).
The network is 784 → 200 → 200 → 10: a flattened 28×28 image in, 10 logits (one per digit)
out, with a ReLU after each hidden layer and none on the logits (``F.cross_entropy`` applies
softmax itself).

课程中的 MNIST 分类器，写两遍：先用裸张量（``init_mlp_params`` 和 ``mlp_forward``：权重是你自己
创建并更新的张量），再写成 ``nn.Module``（``MLP``），用优化器训练（``train_epoch``、``evaluate``、
``fit``）。网络结构是 784 → 200 → 200 → 10：输入展平的 28×28 图像，输出 10 个 logits（每个数字
一个），每个隐藏层之后接一个 ReLU，logits 上不接（``F.cross_entropy`` 自己会做 softmax）。

Images come from DataLoaders as batches ``x [b, 1, 28, 28]`` (float32) with labels
``y [b]`` (int64, 0–9); ``[b, 784]`` is the same batch flattened. ``device`` is a string or a
``torch.device`` (``"cpu"``, ``"cuda"``): GPU加速 / GPU acceleration is moving the model
(``model.to(device)``) and every batch (``x.to(device)``) to the same device.

图像来自 DataLoader，每批为 ``x [b, 1, 28, 28]``（float32），标签为 ``y [b]``（int64，0–9）；
``[b, 784]`` 是展平后的同一批。``device`` 是字符串或 ``torch.device``（``"cpu"``、``"cuda"``）：
GPU 加速就是把模型（``model.to(device)``）和每一批数据（``x.to(device)``）移到同一个设备上。
"""

import math

import torch
import torch.nn.functional as F
from torch import nn


def init_mlp_params(generator=None) -> dict:
    """The weights of the 784 → 200 → 200 → 10 network, as a dict of tensors.
    784 → 200 → 200 → 10 网络的权重，以张量的 dict 给出。

    全连接层 / Fully connected layers (lesson 50, 多分类问题实战): each layer ``i`` has a weight
    ``w{i} [out, in]`` (the layout of ``nn.Linear.weight``: one row per output) and a bias
    ``b{i} [out]``:

    第50课「全连接层」（「多分类问题实战」）：第 ``i`` 层有权重 ``w{i} [out, in]``（与
    ``nn.Linear.weight`` 的排列相同：每个输出一行）和偏置 ``b{i} [out]``：

    ``w1 [200, 784]``, ``b1 [200]``, ``w2 [200, 200]``, ``b2 [200]``, ``w3 [10, 200]``,
    ``b3 [10]``.

    Weights are Kaiming-normal (He) initialised: independent normal values with mean 0 and
    standard deviation ``sqrt(2 / fan_in)``, ``fan_in`` being the layer's number of inputs (784,
    200, 200), as ``torch.nn.init.kaiming_normal_(w, nonlinearity="relu")`` does. Biases are
    zeros. Every tensor is float32, a leaf with ``requires_grad=True`` (so that autograd can train
    it), on the generator's device (the CPU when ``generator`` is None).

    权重用 Kaiming 正态（He）初始化：相互独立的正态分布值，均值为 0，标准差为
    ``sqrt(2 / fan_in)``，其中 ``fan_in`` 是该层的输入个数（784、200、200），与
    ``torch.nn.init.kaiming_normal_(w, nonlinearity="relu")`` 的做法相同。偏置为全零。每个张量
    都是 float32、``requires_grad=True`` 的叶子张量（这样 autograd 才能训练它），位于生成器所在
    的设备上（``generator`` 为 None 时在 CPU 上）。

    Args:
        generator: a ``torch.Generator`` to draw the weights with, or None for torch's global
            random state. The same generator state must give the same weights.
            用来抽取权重的 ``torch.Generator``，为 None 时用 torch 的全局随机状态。生成器状态
            相同，得到的权重也必须相同。

    Returns:
        a dict with exactly the keys ``"w1", "b1", "w2", "b2", "w3", "b3"``.
            恰好含有 ``"w1", "b1", "w2", "b2", "w3", "b3"`` 这些键的 dict。

    Example:
        >>> p = init_mlp_params(torch.Generator().manual_seed(0))
        >>> p["w1"].shape, p["b3"].shape, p["w2"].requires_grad
        (torch.Size([200, 784]), torch.Size([10]), True)
        >>> round(p["w1"].std().item(), 4), round((2 / 784) ** 0.5, 4)
        (0.0505, 0.0505)
    """
    ### BEGIN SOLUTION
    device = generator.device if generator is not None else torch.device("cpu")
    params = {}
    for i, (fan_out, fan_in) in enumerate([(200, 784), (200, 200), (10, 200)], start=1):
        w = torch.randn(fan_out, fan_in, generator=generator, device=device)
        params[f"w{i}"] = (w * math.sqrt(2.0 / fan_in)).requires_grad_()
        params[f"b{i}"] = torch.zeros(fan_out, device=device, requires_grad=True)
    return params
    ### END SOLUTION


def mlp_forward(x: torch.Tensor, params: dict) -> torch.Tensor:
    """The network's forward pass with bare tensors: images in, logits out.
    用裸张量实现的网络前向传播：输入图像，输出 logits。

    全连接层 / Fully connected layers (lesson 50, 多分类问题实战)::

        h1 = relu(x @ w1.T + b1)        # [b, 200]
        h2 = relu(h1 @ w2.T + b2)       # [b, 200]
        logits = h2 @ w3.T + b3         # [b, 10], no ReLU and no softmax here

    A weight ``[out, in]`` is applied as ``x @ w.T`` (what ``F.linear(x, w, b)`` computes). The
    result must stay connected to ``params`` in autograd (no ``.detach()``, ``.data`` or
    ``torch.no_grad()``), so that ``loss.backward()`` reaches the weights. It is on ``x``'s
    device with ``x``'s dtype (float64 in, float64 out when the params are float64 too), and
    neither ``x`` nor ``params`` is changed.

    权重 ``[out, in]`` 以 ``x @ w.T`` 的方式作用（即 ``F.linear(x, w, b)`` 的计算）。结果在
    autograd 中必须与 ``params`` 保持连接（不要用 ``.detach()``、``.data`` 或
    ``torch.no_grad()``），这样 ``loss.backward()`` 才能传到权重。结果与 ``x`` 在同一设备上，
    dtype 与 ``x`` 相同（参数也是 float64 时，输入 float64 则输出 float64），且 ``x`` 和
    ``params`` 都不被修改。

    Args:
        x: flattened images ``[b, 784]``. / 展平的图像 ``[b, 784]``。
        params: the dict of ``init_mlp_params`` (any values of those shapes).
            ``init_mlp_params`` 返回的 dict（这些形状的任何值都可以）。

    Returns:
        logits ``[b, 10]``.

    Example:
        >>> params = init_mlp_params(torch.Generator().manual_seed(0))
        >>> mlp_forward(torch.rand(4, 784), params).shape
        torch.Size([4, 10])
    """
    ### BEGIN SOLUTION
    h = F.relu(x @ params["w1"].t() + params["b1"])
    h = F.relu(h @ params["w2"].t() + params["b2"])
    return h @ params["w3"].t() + params["b3"]
    ### END SOLUTION


class MLP(nn.Module):
    """The same network as an ``nn.Module``: flattened images in, logits out.
    同一个网络写成 ``nn.Module``：输入展平的图像，输出 logits。

    全连接层 / Fully connected layers (lesson 50 and later, nn.Linear). One attribute, named
    exactly ``model`` (the grader loads its weights with ``load_state_dict``, so
    ``state_dict()`` must hold ``model.0.weight [200, 784]``, ``model.0.bias``,
    ``model.2.weight [200, 200]``, ``model.2.bias``, ``model.4.weight [10, 200]``,
    ``model.4.bias`` and nothing else)::

    「全连接层」（第50课及以后，nn.Linear）。只有一个属性，名字必须是 ``model``（评分程序用
    ``load_state_dict`` 加载它的权重，所以 ``state_dict()`` 必须恰好包含
    ``model.0.weight [200, 784]``、``model.0.bias``、``model.2.weight [200, 200]``、
    ``model.2.bias``、``model.4.weight [10, 200]``、``model.4.bias``，没有别的）：

        self.model = nn.Sequential(
            nn.Linear(784, 200), nn.ReLU(),
            nn.Linear(200, 200), nn.ReLU(),
            nn.Linear(200, 10),
        )

    ``forward(x)`` takes flattened images ``[b, 784]``, as the course's network does (lesson 27:
    the loop flattens with ``data.view(-1, 28*28)`` before ``net(data)``; ``train_epoch``,
    ``evaluate`` and ``fit`` below do the same), also non-contiguous ones (e.g. after a
    transpose), and returns ``self.model(x)``: logits ``[b, 10]`` (keep the batch dim, also when
    ``b == 1``), with nothing after the last Linear (no ReLU, no softmax). Flattening images
    ``[b, 1, 28, 28]`` in ``forward`` too (``x.reshape(x.shape[0], -1)``) is allowed, not asked.

    ``forward(x)`` 接收已展平的图像 ``[b, 784]``，和课程的网络一样（第27课：训练循环先用
    ``data.view(-1, 28*28)`` 展平，再调用 ``net(data)``；下面的 ``train_epoch``、``evaluate`` 和
    ``fit`` 也这样做），也包括不连续的输入（例如转置之后的），返回 ``self.model(x)``：logits
    ``[b, 10]``（保留批维度，``b == 1`` 时也一样），最后一个 Linear 之后什么都不加（不加 ReLU，
    不加 softmax）。在 ``forward`` 里也把图像 ``[b, 1, 28, 28]`` 展平（``x.reshape(x.shape[0], -1)``）
    是允许的，但不是必须的。

    Example:
        >>> net = MLP()
        >>> net(torch.rand(3, 784)).shape
        torch.Size([3, 10])
    """

    def __init__(self):
        super().__init__()
        ### BEGIN SOLUTION
        self.model = nn.Sequential(
            nn.Linear(784, 200),
            nn.ReLU(),
            nn.Linear(200, 200),
            nn.ReLU(),
            nn.Linear(200, 10),
        )
        ### END SOLUTION

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        ### BEGIN SOLUTION
        return self.model(x.reshape(x.shape[0], -1))
        ### END SOLUTION


def train_epoch(model: nn.Module, loader, optimizer, device) -> float:
    """One epoch of training: every batch of ``loader`` once, one optimizer step per batch.
    训练一轮：``loader`` 的每一批各用一次，每批做一步优化器更新。

    多分类问题实战 / Multi-class classification in practice (lesson 50), GPU加速 / GPU
    acceleration. First ``model.train()`` (layers such as dropout behave differently in
    training and evaluation). Then for each batch ``(x, y)``: move both to ``device``, flatten
    the images to ``[b, 784]`` as the course does (``x.view(-1, 28*28)``; the models graded
    here accept ``[b, 1, 28, 28]`` too), ``logits = model(x)``,
    ``loss = F.cross_entropy(logits, y)`` (on the logits: it applies log-softmax itself), then
    ``optimizer.zero_grad()``, ``loss.backward()``, ``optimizer.step()``. Use the ``optimizer``
    given (it already holds the model's parameters); do not make another.

    第50课「多分类问题实战」，「GPU加速」。先调用 ``model.train()``（Dropout 等层在训练和评估
    时的行为不同）。然后对每一批 ``(x, y)``：把两者都移到 ``device`` 上，像课程中那样把图像展平
    为 ``[b, 784]``（``x.view(-1, 28*28)``；这里评分用的模型也接受 ``[b, 1, 28, 28]``），
    ``logits = model(x)``，``loss = F.cross_entropy(logits, y)``（作用在 logits 上：它自己会做
    log-softmax），然后 ``optimizer.zero_grad()``、``loss.backward()``、``optimizer.step()``。
    使用传入的 ``optimizer``（它已经持有模型的参数），不要另建一个。

    Returns the mean loss PER SAMPLE over the epoch, as a Python float: the sum over batches of
    ``loss.item() * b`` divided by the number of samples. It differs from the mean of the batch
    losses when the last batch is smaller than the others.

    返回这一轮中每个样本（而不是每批）的平均损失，为 Python float：各批 ``loss.item() * b`` 之和
    除以样本数。最后一批比其他批小时，它与各批损失的平均值不同。

    Args:
        model: an ``nn.Module`` already on ``device``, images → logits ``[b, 10]``.
            已在 ``device`` 上的 ``nn.Module``，输入图像，输出 logits ``[b, 10]``。
        loader: yields ``(x [b, 1, 28, 28] float32, y [b] int64)`` on the CPU.
            在 CPU 上产出 ``(x [b, 1, 28, 28] float32, y [b] int64)``。
        optimizer: a ``torch.optim`` optimizer over ``model.parameters()``.
            作用于 ``model.parameters()`` 的 ``torch.optim`` 优化器。
        device: where to compute, e.g. ``"cpu"`` or ``"cuda"``.
            在哪个设备上计算，例如 ``"cpu"`` 或 ``"cuda"``。

    Example:
        >>> train_loader, test_loader = mnist_loaders(64)   # grader.data
        >>> model = MLP()
        >>> optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
        >>> round(train_epoch(model, train_loader, optimizer, "cpu"), 1)   # ln 10 = 2.3 untrained
        2.2
    """
    ### BEGIN SOLUTION
    model.train()
    total, count = 0.0, 0
    for x, y in loader:
        x, y = x.to(device), y.to(device)
        logits = model(x.reshape(x.shape[0], -1))
        loss = F.cross_entropy(logits, y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total += loss.item() * x.shape[0]
        count += x.shape[0]
    return total / count
    ### END SOLUTION


def evaluate(model: nn.Module, loader, device) -> float:
    """The accuracy of ``model`` on every sample of ``loader``: a Python float in ``[0, 1]``.
    ``model`` 在 ``loader`` 全部样本上的准确率：``[0, 1]`` 之间的 Python float。

    MNIST测试实战 / Testing on MNIST. First ``model.eval()``, and run every forward inside
    ``with torch.no_grad():`` (or ``torch.inference_mode()``): testing needs no gradients, and
    building the autograd graph would only cost time and memory. For each batch: move it to
    ``device``, flatten the images as in ``train_epoch``, and count the samples whose predicted
    class (the argmax of the logits over the 10 classes) equals the label. The result is the
    number correct divided by the number of samples (not the mean of per-batch accuracies,
    which differs when the last batch is smaller). The model's parameters are not changed.

    「MNIST测试实战」。先调用 ``model.eval()``，并把每次前向传播放在 ``with torch.no_grad():``
    （或 ``torch.inference_mode()``）中运行：测试不需要梯度，构建 autograd 计算图只会浪费时间和
    内存。对每一批：移到 ``device`` 上，像 ``train_epoch`` 中那样展平图像，统计预测类别（logits
    在 10 个类别上的 argmax）等于标签的样本数。结果是预测正确的个数除以样本数（不是各批准确率
    的平均值，最后一批较小时两者不同）。模型的参数不被修改。

    Args:
        model: an ``nn.Module`` already on ``device``, images → logits ``[b, 10]``.
            已在 ``device`` 上的 ``nn.Module``，输入图像，输出 logits ``[b, 10]``。
        loader: yields ``(x [b, 1, 28, 28] float32, y [b] int64)`` on the CPU.
            在 CPU 上产出 ``(x [b, 1, 28, 28] float32, y [b] int64)``。
        device: where to compute, e.g. ``"cpu"`` or ``"cuda"``.
            在哪个设备上计算，例如 ``"cpu"`` 或 ``"cuda"``。

    Example:
        >>> train_loader, test_loader = mnist_loaders(64)   # grader.data
        >>> round(evaluate(MLP(), test_loader, "cpu"), 1)   # untrained: about 1 in 10
        0.1
    """
    ### BEGIN SOLUTION
    model.eval()
    correct, total = 0, 0
    with torch.no_grad():
        for x, y in loader:
            x, y = x.to(device), y.to(device)
            pred = model(x.reshape(x.shape[0], -1)).argmax(dim=1)
            correct += (pred == y).sum().item()
            total += y.shape[0]
    return correct / total
    ### END SOLUTION


def fit(train_loader, test_loader, epochs: int, lr: float, device, seed: int = 0):
    """Train an ``MLP`` on MNIST and test it after every epoch.
    在 MNIST 上训练一个 ``MLP``，每轮之后在测试集上测试它。

    MNIST测试实战 / Testing on MNIST, the course's whole training script: ``torch.manual_seed(seed)``
    first (so the same seed gives the same network and the same run), then build ``MLP()`` and
    move it to ``device``, make ``torch.optim.Adam(model.parameters(), lr=lr)``, and for each of
    the ``epochs`` epochs: one epoch of cross-entropy training on ``train_loader`` exactly as in
    ``train_epoch``, then the accuracy on ``test_loader`` exactly as in ``evaluate`` (you may
    call those two functions). ``epochs == 0`` gives the untrained network and an empty
    history.

    「MNIST测试实战」，即课程中完整的训练脚本：先调用 ``torch.manual_seed(seed)``（这样相同的
    seed 给出相同的网络和相同的训练过程），然后构建 ``MLP()`` 并移到 ``device`` 上，创建
    ``torch.optim.Adam(model.parameters(), lr=lr)``，在 ``epochs`` 轮中的每一轮：先在
    ``train_loader`` 上完全按 ``train_epoch`` 的方式用交叉熵训练一轮，再完全按 ``evaluate`` 的
    方式求 ``test_loader`` 上的准确率（可以直接调用这两个函数）。``epochs == 0`` 时得到未训练的
    网络和空的 history。

    Returns:
        ``(model, history)``: the trained ``MLP`` (on ``device``) and a list with one dict per
        epoch, ``{"loss": the epoch's mean training loss per sample, "accuracy": the test
        accuracy after that epoch}``, both Python floats.
        训练好的 ``MLP``（在 ``device`` 上）和一个 list，每轮一个 dict：
        ``{"loss": 这一轮每个样本的平均训练损失, "accuracy": 这一轮之后的测试准确率}``，两者都是
        Python float。

    Example:
        >>> train_loader, test_loader = mnist_loaders(64)   # grader.data
        >>> model, history = fit(train_loader, test_loader, 5, 1e-3, "cpu")
        >>> len(history), history[-1]["accuracy"] > 0.9
        (5, True)
    """
    ### BEGIN SOLUTION
    torch.manual_seed(seed)
    model = MLP().to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    history = []
    for _ in range(epochs):
        model.train()
        total, count = 0.0, 0
        for x, y in train_loader:
            x, y = x.to(device), y.to(device)
            loss = F.cross_entropy(model(x.reshape(x.shape[0], -1)), y)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total += loss.item() * x.shape[0]
            count += x.shape[0]
        model.eval()
        correct, seen = 0, 0
        with torch.no_grad():
            for x, y in test_loader:
                x, y = x.to(device), y.to(device)
                correct += (model(x.reshape(x.shape[0], -1)).argmax(dim=1) == y).sum().item()
                seen += y.shape[0]
        history.append({"loss": total / count, "accuracy": correct / seen})
    return model, history
    ### END SOLUTION
