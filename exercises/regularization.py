"""过拟合 / 交叉验证 / Regularization / Early stopping / Dropout — Overfitting, cross-validation,
regularisation, early stopping and dropout.

「过拟合」「交叉验证」「Regularization / 正则化」「Early stopping」「Dropout」几课：过拟合、交叉验证、
正则化、早停（Early stopping）与 Dropout。

The tools that keep a network from overfitting its training set: hold data out to validate on
(a random train/validation split, k-fold cross-validation), penalise large weights (the L1 and
L2 penalties that are added to the loss), stop training when the validation loss stops
improving (early stopping), and drop activations at random while training (dropout). Images are
batches ``x`` of shape ``[b, c, h, w]``: b images, c channels, h rows, w columns. Index tensors
are int64 (``torch.long``), as PyTorch's indexing wants them. Never change an input.

防止网络在训练集上过拟合的几种工具：留出一部分数据做验证（随机划分训练集 / 验证集、k 折交叉验证），
惩罚过大的权重（加到损失上的 L1 和 L2 惩罚项），在验证集损失不再下降时停止训练（早停），以及在训练时
随机丢弃激活值（Dropout）。图片是形状为 ``[b, c, h, w]`` 的一批 ``x``：b 张图片、c 个通道、h 行、
w 列。索引张量是 int64（``torch.long``），这是 PyTorch 索引所要求的。不要修改任何输入。
"""

import math

import torch


def train_val_split(n: int, val_fraction: float, generator=None):
    """Split the sample indices ``0 … n-1`` at random into a training and a validation set.
    把样本索引 ``0 … n-1`` 随机划分为训练集和验证集。

    交叉验证 / Cross-validation: the validation set is held out of training to measure how well
    the model generalises (train-val-test). Shuffle the indices first (``torch.randperm(n,
    generator=generator)``), then take ``round(n * val_fraction)`` of them for validation and the
    rest for training. The count uses Python's ``round``, which rounds halves to the even number
    (``round(2.5) == 2``, ``round(3.5) == 4``). Every index lands in exactly one of the two
    sets; the order inside each set is free (shuffled or sorted).

    「交叉验证」一课：验证集不参与训练，用来衡量模型的泛化能力（train-val-test）。先打乱索引
    （``torch.randperm(n, generator=generator)``），再取其中 ``round(n * val_fraction)`` 个作为验证集，
    其余作为训练集。个数用 Python 的 ``round`` 计算，它把 .5 舍入到偶数（``round(2.5) == 2``，
    ``round(3.5) == 4``）。每个索引恰好落在两个集合之一；集合内部的顺序不限（打乱或排序均可）。

    Draw every random number from ``generator`` (a ``torch.Generator``; None: PyTorch's global
    generator), so that generators in the same state give the same split.

    所有随机数都从 ``generator`` 抽取（一个 ``torch.Generator``；为 None 时用 PyTorch 的全局生成器），
    这样状态相同的生成器给出相同的划分。

    Args:
        n: the number of samples, ``>= 0``. / 样本数，``>= 0``。
        val_fraction: the share of samples for validation, in ``[0, 1]``. / 验证集所占的比例，
            在 ``[0, 1]`` 内。
        generator: a ``torch.Generator`` or None.

    Returns:
        ``(train_idx, val_idx)``: two 1-D int64 tensors of lengths
        ``n - round(n * val_fraction)`` and ``round(n * val_fraction)``.
        两个一维 int64 张量，长度分别为 ``n - round(n * val_fraction)`` 和
        ``round(n * val_fraction)``。

    Example:
        >>> train, val = train_val_split(10, 0.2, generator=torch.Generator().manual_seed(0))
        >>> len(train), len(val), sorted(torch.cat([train, val]).tolist()) == list(range(10))
        (8, 2, True)
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def kfold_indices(n: int, k: int):
    """The k folds of k-fold cross-validation of ``n`` samples, without shuffling.
    对 ``n`` 个样本做 k 折交叉验证（不打乱）时的 k 折。

    交叉验证 / Cross-validation (k-fold): as scikit-learn's ``KFold(n_splits=k)`` (no
    shuffle). The indices ``0 … n-1`` are cut, in order, into k contiguous validation folds
    whose sizes differ by at most one: the first ``n % k`` folds hold ``n // k + 1`` indices,
    the others ``n // k`` (``torch.tensor_split`` cuts this way; ``torch.chunk`` does not).
    For fold i, ``val_idx`` is the i-th piece and ``train_idx`` every other index, in
    increasing order. Each index is validated exactly once over the k folds.

    「交叉验证」一课（k 折）：与 scikit-learn 的 ``KFold(n_splits=k)``（不打乱）一致。索引 ``0 … n-1``
    按顺序切成 k 个连续的验证折，各折大小最多相差一：前 ``n % k`` 折各有 ``n // k + 1`` 个索引，
    其余各有 ``n // k`` 个（``torch.tensor_split`` 就是这样切的，``torch.chunk`` 不是）。第 i 折的
    ``val_idx`` 是第 i 块，``train_idx`` 是其余所有索引，按升序排列。k 折下来每个索引恰好被验证一次。

    As scikit-learn does, raise ``ValueError`` when ``k < 2`` (there is nothing to validate
    against) or ``k > n`` (a fold would be empty); ``k == n`` is leave-one-out.

    与 scikit-learn 一样，``k < 2``（没有可以对照验证的部分）或 ``k > n``（会有空的折）时抛出
    ``ValueError``；``k == n`` 就是留一法（leave-one-out）。

    Args:
        n: the number of samples; k: the number of folds. / 样本数；k：折数。

    Returns:
        a list of k tuples ``(train_idx, val_idx)`` of 1-D int64 tensors (as
        ``train_val_split``), in fold order.
        由 k 个 ``(train_idx, val_idx)`` 元组组成的列表，元素是一维 int64 张量（与
        ``train_val_split`` 相同），按折的顺序排列。

    Example:
        >>> [(t.tolist(), v.tolist()) for t, v in kfold_indices(5, 2)]
        [([3, 4], [0, 1, 2]), ([0, 1, 2], [3, 4])]
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def l1_penalty(params) -> torch.Tensor:
    """The L1 penalty ``Σ |p|``: the sum of the absolute values of every element of every tensor
    in ``params``.
    L1 惩罚项 ``Σ |p|``：``params`` 中每个张量的每个元素的绝对值之和。

    Regularization / 正则化 (L1): ``loss = data_loss + λ · l1_penalty(model.parameters())``
    pushes weights to exactly 0 (sparse weights). ``params`` is any iterable of tensors (a list,
    a tuple, a generator such as ``model.parameters()``): iterate over it once. The tensors may
    have any shapes (a conv weight ``[c_out, c_in, kh, kw]``, a bias ``[c_out]``, a 0-dim
    scalar) and may be non-contiguous.

    「Regularization / 正则化」一课（L1）：``loss = data_loss + λ · l1_penalty(model.parameters())``
    会把权重推向恰好为 0（稀疏的权重）。``params`` 可以是任何由张量组成的可迭代对象（list、tuple，
    或 ``model.parameters()`` 这样的生成器）：只遍历一次。这些张量可以是任意形状（卷积权重
    ``[c_out, c_in, kh, kw]``、偏置 ``[c_out]``、0 维标量），也可以是不连续的。

    The result must stay differentiable: autograd must reach every parameter through it (its
    gradient with respect to ``p`` is ``sign(p)``), so keep it a tensor: no ``.item()``,
    ``float()`` or ``torch.tensor(...)`` around a result. An empty iterable gives
    ``torch.tensor(0.)`` (the value of an empty sum, as a float32 0-dim tensor on the CPU).

    结果必须保持可导：autograd 要能通过它到达每个参数（它对 ``p`` 的梯度是 ``sign(p)``），所以要让它
    保持为张量：不要对结果套 ``.item()``、``float()`` 或 ``torch.tensor(...)``。空的可迭代对象得到
    ``torch.tensor(0.)``（空求和的值，CPU 上的 float32 0 维张量）。

    Returns:
        a 0-dim tensor in the parameters' dtype (float64 in, float64 out), on their device.
        与参数 dtype 相同（输入 float64 则输出 float64）、在参数所在设备上的 0 维张量。

    Example:
        >>> l1_penalty([torch.tensor([[1.0, -2.0]]), torch.tensor([-3.0])])
        tensor(6.)
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def l2_penalty(params) -> torch.Tensor:
    """The L2 penalty ``Σ p²``: the sum of the squares of every element of every tensor in
    ``params`` (the SQUARED norm: no square root, no ½).
    L2 惩罚项 ``Σ p²``：``params`` 中每个张量的每个元素的平方和（范数的平方：不开平方根，不带 ½）。

    Regularization / 正则化 (L2, weight decay): ``loss = data_loss + λ · l2_penalty(...)`` keeps
    weights small; it is what ``weight_decay`` in ``torch.optim.SGD`` does to the gradient
    (``2 · λ · p`` here, ``weight_decay · p`` there). ``params`` is any iterable of tensors of
    any shapes (0-dim and non-contiguous ones included): iterate over it once.

    「Regularization / 正则化」一课（L2，权重衰减）：``loss = data_loss + λ · l2_penalty(...)``
    让权重保持较小；``torch.optim.SGD`` 的 ``weight_decay`` 对梯度做的正是这件事（这里是
    ``2 · λ · p``，那里是 ``weight_decay · p``）。``params`` 是任何由任意形状的张量组成的可迭代对象
    （包括 0 维和不连续的张量）：只遍历一次。

    The result must stay differentiable: its gradient with respect to ``p`` is ``2p``; no
    ``.item()``, ``float()`` or ``torch.tensor(...)`` around a result. An empty iterable gives
    ``torch.tensor(0.)`` (a float32 0-dim tensor on the CPU).

    结果必须保持可导：它对 ``p`` 的梯度是 ``2p``；不要对结果套 ``.item()``、``float()`` 或
    ``torch.tensor(...)``。空的可迭代对象得到 ``torch.tensor(0.)``（CPU 上的 float32 0 维张量）。

    Returns:
        a 0-dim tensor in the parameters' dtype, on their device.
        与参数 dtype 相同、在参数所在设备上的 0 维张量。

    Example:
        >>> l2_penalty([torch.tensor([[1.0, -2.0]]), torch.tensor([-3.0])])
        tensor(14.)
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def dropout_by_hand(x: torch.Tensor, p: float, training: bool, generator=None) -> torch.Tensor:
    """Dropout, by hand: what ``torch.nn.functional.dropout(x, p, training)`` does.
    手写 Dropout：实现 ``torch.nn.functional.dropout(x, p, training)`` 所做的事。

    Dropout: while training, zero each element of ``x`` independently with probability ``p``
    and scale the survivors by ``1 / (1 - p)`` ("inverted dropout"), so that the expected value
    of every element is unchanged and nothing needs rescaling at test time. Not training: return
    ``x`` unchanged (``x`` itself, as PyTorch does, or a copy). ``p = 0`` drops nothing (the
    values of ``x``); ``p = 1`` drops everything: return zeros (``1 / (1 - p)`` would divide by
    zero and ``0 * inf`` is nan). Like PyTorch, raise ``ValueError`` for ``p`` outside
    ``[0, 1]``, whether training or not.

    「Dropout」一课：训练时，``x`` 的每个元素独立地以概率 ``p`` 置零，保留下来的元素乘以
    ``1 / (1 - p)``（反向缩放的 Dropout，"inverted dropout"），这样每个元素的期望值不变，测试时
    无需再缩放。不在训练时：原样返回 ``x``（像 PyTorch 那样返回 ``x`` 本身，或返回一份拷贝）。
    ``p = 0`` 什么都不丢（即 ``x`` 的值）；``p = 1`` 全部丢弃：返回全零（``1 / (1 - p)`` 会除以零，
    而 ``0 * inf`` 是 nan）。与 PyTorch 一样，``p`` 不在 ``[0, 1]`` 内时抛出 ``ValueError``，
    无论是否在训练。

    By hand: the dropout built-ins (``dropout``, ``dropout1d/2d/3d``, ``alpha_dropout``,
    ``feature_alpha_dropout``, ``native_dropout``, ``nn.Dropout`` and the like) are not
    allowed. Draw the mask from ``generator`` (``torch.rand(x.shape, generator=generator,
    device=x.device)`` or ``torch.bernoulli(..., generator=generator)``): generators in the same
    state give the same mask. Make the mask on x's device, and don't change ``x`` in place.

    手写：不允许使用内置的 dropout 函数（``dropout``、``dropout1d/2d/3d``、``alpha_dropout``、
    ``feature_alpha_dropout``、``native_dropout``、``nn.Dropout`` 等）。从 ``generator`` 抽取掩码
    （``torch.rand(x.shape, generator=generator, device=x.device)`` 或
    ``torch.bernoulli(..., generator=generator)``）：状态相同的生成器给出相同的掩码。掩码要建在
    x 所在的设备上，并且不要原地修改 ``x``。

    Args:
        x: any shape, e.g. activations ``[b, c, h, w]`` or ``[b, features]``; float32 or float64.
            任意形状，例如激活值 ``[b, c, h, w]`` 或 ``[b, features]``；float32 或 float64。
        p: the probability of dropping an element, in ``[0, 1]``. / 丢弃一个元素的概率，
            在 ``[0, 1]`` 内。
        training: True while training, False when evaluating. / 训练时为 True，评估时为 False。
        generator: a ``torch.Generator`` on x's device, or None (PyTorch's global generator).
            x 所在设备上的 ``torch.Generator``，或 None（PyTorch 的全局生成器）。

    Returns:
        x's shape and dtype, on x's device: each element either 0 or ``x / (1 - p)``.
        与 x 形状和 dtype 相同、在 x 所在设备上：每个元素要么是 0，要么是 ``x / (1 - p)``。

    Example:
        >>> y = dropout_by_hand(torch.ones(1000), 0.5, True, torch.Generator().manual_seed(0))
        >>> sorted(set(y.tolist())), round(y.mean().item(), 1)   # each 0 or 1 / (1 - 0.5)
        ([0.0, 2.0], 1.0)
    """
    # YOUR CODE HERE
    raise NotImplementedError()


class EarlyStopping:
    """Early stopping: stop training once the validation loss has stopped improving.
    早停（Early stopping）：验证集损失不再下降时停止训练。

    Early stopping: call ``step(val_loss)`` once per epoch with that epoch's validation loss; it
    returns True once the loss has not improved by MORE than ``min_delta`` for ``patience``
    calls in a row, as PyTorch Lightning's and Keras' ``EarlyStopping`` do:

    「Early stopping」一课：每轮调用一次 ``step(val_loss)``，传入这一轮的验证集损失；当损失连续
    ``patience`` 次调用都没有改善超过 ``min_delta`` 时，它返回 True，与 PyTorch Lightning 和 Keras
    的 ``EarlyStopping`` 一致：

    - an improvement is ``val_loss < best - min_delta`` (strictly): then ``best = val_loss``,
      ``best_epoch`` becomes the index of this call and the count of calls without improvement
      goes back to 0. A loss that is lower than ``best`` by ``min_delta`` or less (an
      improvement of exactly ``min_delta`` included) is NOT an improvement: it counts as a call
      without improvement and leaves ``best`` as it is. Compare with ``best``, the lowest loss
      that counted, not with the previous loss.
    - ``step`` returns ``count >= patience``: False until ``patience`` calls in a row have not
      improved, True from then on, and False again after a later improvement resets the count
      (as Lightning's ``wait_count``).
    - the first call always improves (``best`` starts at ``math.inf``), unless its loss is nan.
    - a nan loss is never an improvement (every comparison with nan is False): it counts as a
      call without improvement and leaves ``best`` as it is (Keras' convention).

    - 改善是指 ``val_loss < best - min_delta``（严格小于）：此时 ``best = val_loss``，``best_epoch``
      变为这次调用的序号，连续未改善的调用次数清零。比 ``best`` 低 ``min_delta`` 或更少的损失
      （恰好低 ``min_delta`` 也算在内）不是改善：它算作一次未改善的调用，``best`` 保持不变。要与
      ``best``（算作改善的最低损失）比较，而不是与上一次的损失比较。
    - ``step`` 返回 ``count >= patience``：在连续 ``patience`` 次调用未改善之前返回 False，之后返回
      True，之后一旦再有改善、次数被清零，就重新返回 False（与 Lightning 的 ``wait_count`` 相同）。
    - 第一次调用总是改善（``best`` 从 ``math.inf`` 开始），除非它的损失是 nan。
    - nan 损失永远不是改善（与 nan 的任何比较都是 False）：它算作一次未改善的调用，``best``
      保持不变（Keras 的约定）。

    Attributes:
        best: the best loss so far, a Python float (``math.inf`` before the first call); convert
            a 0-dim tensor loss with ``float()``.
            目前为止的最佳损失，是 Python float（第一次调用前为 ``math.inf``）；0 维张量形式的
            损失用 ``float()`` 转换。
        best_epoch: the 0-based index of the ``step`` call that set ``best`` (0 for the first
            call; None before any improvement).
            得到 ``best`` 的那次 ``step`` 调用的序号，从 0 开始（第一次调用为 0；还没有改善时为
            None）。

    Args:
        patience: how many calls without improvement to allow, ``>= 1``. / 允许连续多少次调用
            没有改善，``>= 1``。
        min_delta: the least decrease that counts as an improvement, ``>= 0``. / 算作改善的最小
            下降幅度，``>= 0``。

    Example:
        >>> es = EarlyStopping(patience=2)
        >>> [es.step(loss) for loss in [1.0, 0.5, 0.6, 0.7, 0.4]]
        [False, False, False, True, False]
        >>> es.best, es.best_epoch
        (0.4, 4)
    """

    def __init__(self, patience: int, min_delta: float = 0.0):
        # YOUR CODE HERE
        raise NotImplementedError()

    def step(self, val_loss) -> bool:
        # YOUR CODE HERE
        raise NotImplementedError()
