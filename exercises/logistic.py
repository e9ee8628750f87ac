"""Logistic Regression / 交叉熵 — Logistic regression and cross entropy (lessons 47–49).

第47–49课「Logistic Regression / 交叉熵」。

Entropy and KL divergence of discrete distributions, the cross-entropy loss of a classifier
written by hand (stable for huge logits), the binary cross entropy exactly as PyTorch computes
it, and the predictions of a logistic-regression model. Logarithms are natural (nats) unless a
``base`` is given. Never change an input.

离散分布的熵和 KL 散度，手写的分类器交叉熵损失（对很大的 logits 也稳定），与 PyTorch 的计算完全
一致的二元交叉熵，以及 logistic 回归模型的预测。除非给了 ``base``，对数都是自然对数（单位为
nats）。不要修改任何输入。
"""

import math

import torch


def entropy(p: torch.Tensor, base: float = math.e) -> torch.Tensor:
    """The entropy ``H(p) = -Σ p · log(p)`` of each distribution in ``p``, over the last dim.
    ``p`` 中每个分布的熵 ``H(p) = -Σ p · log(p)``，在最后一维上计算。

    交叉熵 / Cross entropy (lessons 47–49): entropy measures uncertainty; a uniform
    distribution over n outcomes has the most, ``log(n)``, and a certain one (a single 1) has 0.
    ``0 · log 0`` counts as 0 (the limit of ``p · log p`` as p → 0), so probabilities of exactly 0
    must not give ``nan`` (``torch.special.xlogy`` or ``torch.special.entr`` handle it; a plain
    ``p * p.log()`` gives ``0 · -inf = nan``). ``log`` is in ``base``: divide the natural log by
    ``ln(base)`` (base 2 gives bits).

    第47–49课「交叉熵」：熵衡量不确定性；n 个结果上的均匀分布熵最大，为 ``log(n)``，确定的
    分布（只有一个 1）熵为 0。``0 · log 0`` 算作 0（p → 0 时 ``p · log p`` 的极限），所以恰好为 0
    的概率不能得到 ``nan``（``torch.special.xlogy`` 或 ``torch.special.entr`` 会处理好；直接写
    ``p * p.log()`` 会得到 ``0 · -inf = nan``）。``log`` 以 ``base`` 为底：把自然对数除以
    ``ln(base)``（底为 2 时单位是 bit）。

    Args:
        p: ``[..., n]``, each row non-negative and summing to 1; float32 or float64.
            ``[..., n]``，每一行非负且和为 1；float32 或 float64。
        base: the base of the logarithm, a Python number ``> 1`` (default ``e``: nats).
            对数的底，一个 ``> 1`` 的 Python 数（默认为 ``e``：单位为 nats）。

    Returns:
        ``[...]`` (the last dim summed away; a single distribution ``[n]`` gives a 0-dim
        tensor), in ``p``'s dtype and on its device.
        ``[...]``（最后一维被求和消去；单个分布 ``[n]`` 得到 0 维张量），dtype 和设备与 ``p``
        相同。

    Example:
        >>> entropy(torch.tensor([[0.5, 0.5], [0.25, 0.75]]), base=2)
        tensor([1.0000, 0.8113])
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def kl_divergence(p: torch.Tensor, q: torch.Tensor) -> torch.Tensor:
    """The Kullback–Leibler divergence ``KL(p || q) = Σ p · log(p / q)`` over the last dim, in
    nats.
    在最后一维上计算的 KL 散度 ``KL(p || q) = Σ p · log(p / q)``，单位为 nats。

    交叉熵 / Cross entropy (lessons 47–49): cross entropy = entropy + KL divergence,
    ``H(p, q) = H(p) + KL(p || q)``; KL is 0 exactly when ``q == p`` and positive otherwise. It
    is not symmetric: ``KL(p || q) != KL(q || p)``. Terms where ``p == 0`` count as 0, whatever
    ``q`` is there (even 0), as in ``torch.nn.functional.kl_div``; where ``p > 0`` and
    ``q == 0`` the divergence is ``inf``.

    第47–49课「交叉熵」：交叉熵 = 熵 + KL 散度，``H(p, q) = H(p) + KL(p || q)``；KL 散度恰好在
    ``q == p`` 时为 0，其他情况都为正。它不是对称的：``KL(p || q) != KL(q || p)``。``p == 0``
    的项算作 0，不管那里的 ``q`` 是多少（即使是 0），与 ``torch.nn.functional.kl_div`` 相同；
    ``p > 0`` 而 ``q == 0`` 时散度为 ``inf``。

    Args:
        p, q: ``[..., n]`` of the same shape, rows of probabilities; float32 or float64.
            形状相同的 ``[..., n]``，每一行是概率；float32 或 float64。

    Returns:
        ``[...]``, in ``p``'s dtype and on its device. / ``[...]``，dtype 和设备与 ``p`` 相同。

    Example:
        >>> kl_divergence(torch.tensor([0.5, 0.5, 0.0]), torch.tensor([0.25, 0.25, 0.5]))
        tensor(0.6931)
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def cross_entropy_by_hand(logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    """The mean cross-entropy loss of a batch, by hand: equal to
    ``torch.nn.functional.cross_entropy(logits, targets)``.
    手写一批样本的平均交叉熵损失：结果等于 ``torch.nn.functional.cross_entropy(logits, targets)``。

    交叉熵 / Cross entropy (lessons 47–49): for sample i with logits ``a`` and target class
    ``t``, the loss is ``-log softmax(a)[t] = logsumexp(a) - a[t]``; the result is the mean over
    the batch. By hand: ``cross_entropy``, ``log_softmax``, ``softmax`` and ``nll_loss`` (as
    ``torch.X``, ``F.X``, ``nn`` modules or tensor methods) are not allowed; ``exp``, ``log``,
    ``max``, ``logsumexp``, ``gather`` and indexing are.

    第47–49课「交叉熵」：对 logits 为 ``a``、目标类别为 ``t`` 的样本 i，损失是
    ``-log softmax(a)[t] = logsumexp(a) - a[t]``；结果是整批的均值。手写的意思是：不能用
    ``cross_entropy``、``log_softmax``、``softmax`` 和 ``nll_loss``（无论是 ``torch.X``、``F.X``、
    ``nn`` 模块还是张量方法）；可以用 ``exp``、``log``、``max``、``logsumexp``、``gather`` 和索引。

    It must be stable for logits as large as ±1000: ``exp(1000)`` overflows to ``inf`` (even in
    float64) and a naive softmax gives ``nan``. Subtract each row's maximum before ``exp``
    (``logsumexp(a) = m + log Σ exp(a - m)`` with ``m = max(a)``), or use ``torch.logsumexp``.

    对大到 ±1000 的 logits 也必须稳定：``exp(1000)`` 会溢出为 ``inf``（float64 也一样），直接算
    softmax 会得到 ``nan``。在 ``exp`` 之前先减去每一行的最大值（``m = max(a)`` 时
    ``logsumexp(a) = m + log Σ exp(a - m)``），或用 ``torch.logsumexp``。

    Args:
        logits: ``[N, C]``, raw scores (any real values); float32 or float64.
            ``[N, C]``，原始分数（任意实数）；float32 或 float64。
        targets: ``[N]`` int64 class indices in ``[0, C)``.
            ``[N]`` int64，``[0, C)`` 中的类别索引。

    Returns:
        a 0-dim tensor in ``logits``' dtype, on its device.
        0 维张量，dtype 和设备与 ``logits`` 相同。

    Example:
        >>> cross_entropy_by_hand(torch.tensor([[2.0, 0.0], [1000.0, -1000.0]]), torch.tensor([0, 1]))
        tensor(1000.0635)
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def binary_cross_entropy_by_hand(probs: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    """The mean binary cross entropy, by hand: equal to
    ``torch.nn.functional.binary_cross_entropy(probs, targets)``.
    手写的平均二元交叉熵：结果等于 ``torch.nn.functional.binary_cross_entropy(probs, targets)``。

    Logistic Regression / 交叉熵 (lessons 47–49): for a predicted probability ``p`` of class 1
    and a target ``t`` (0 or 1, or any value in between), the loss is
    ``-(t · log(p) + (1 - t) · log(1 - p))``, averaged over every element. As PyTorch does, each
    log is clamped to be ``>= -100`` BEFORE it is multiplied, so a probability of exactly 0 or 1
    gives a finite loss (at most 100 per element) and never ``nan`` (``0 · log 0`` would be
    ``0 · -inf``). By hand: ``binary_cross_entropy`` and ``binary_cross_entropy_with_logits``
    (``F.X``, ``nn.BCELoss``) are not allowed.

    第47–49课「Logistic Regression / 交叉熵」：对预测为类别 1 的概率 ``p`` 和目标 ``t``（0 或 1，
    也可以是两者之间的任意值），损失是 ``-(t · log(p) + (1 - t) · log(1 - p))``，再对所有元素取
    均值。与 PyTorch 一样，每个 log 都要先截断为 ``>= -100`` 再相乘，这样概率恰好为 0 或 1 时
    损失也是有限的（每个元素至多 100），而且不会出现 ``nan``（``0 · log 0`` 会是
    ``0 · -inf``）。手写的意思是：不能用 ``binary_cross_entropy`` 和
    ``binary_cross_entropy_with_logits``（``F.X``、``nn.BCELoss``）。

    Args:
        probs: any shape, values in ``[0, 1]``; float32 or float64.
            任意形状，值在 ``[0, 1]`` 中；float32 或 float64。
        targets: the same shape and dtype, values in ``[0, 1]``.
            形状和 dtype 与 ``probs`` 相同，值在 ``[0, 1]`` 中。

    Returns:
        a 0-dim tensor in ``probs``' dtype, on its device.
        0 维张量，dtype 和设备与 ``probs`` 相同。

    Example:
        >>> binary_cross_entropy_by_hand(torch.tensor([0.9, 0.0]), torch.tensor([1.0, 1.0]))
        tensor(50.0527)
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def logistic_predict(x: torch.Tensor, w: torch.Tensor, b) -> torch.Tensor:
    """The class (0 or 1) that a logistic-regression model predicts for each sample.
    logistic 回归模型对每个样本预测的类别（0 或 1）。

    Logistic Regression (lessons 47–49): the model's probability of class 1 is
    ``sigmoid(x @ w + b)``; it predicts 1 where that probability is STRICTLY greater than 0.5
    and 0 otherwise, so a sample exactly on the boundary (``x @ w + b == 0``, probability
    exactly 0.5) is predicted 0.

    第47–49课「Logistic Regression」：模型给出类别 1 的概率 ``sigmoid(x @ w + b)``；这个概率
    严格大于 0.5 时预测 1，否则预测 0，所以恰好在边界上的样本（``x @ w + b == 0``，概率恰好为
    0.5）预测为 0。

    Args:
        x: ``[N, d]`` samples (``N = 1`` for a single sample); float32 or float64.
            ``[N, d]`` 的样本（单个样本时 ``N = 1``）；float32 或 float64。
        w: ``[d]`` weights, ``x``'s dtype. / ``[d]`` 的权重，dtype 与 ``x`` 相同。
        b: the bias, a Python number or a 0-dim tensor. / 偏置，Python 数或 0 维张量。

    Returns:
        ``[N]`` int64 (0 or 1), on ``x``'s device. / ``[N]`` int64（0 或 1），在 ``x`` 的设备上。

    Example:
        >>> logistic_predict(torch.tensor([[2.0, 1.0], [1.0, 1.0], [0.0, 1.0]]), torch.tensor([1.0, 1.0]), -2.0)
        tensor([1, 0, 0])
    """
    # YOUR CODE HERE
    raise NotImplementedError()
