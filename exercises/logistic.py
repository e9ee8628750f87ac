"""Logistic Regression / 交叉熵 — Logistic regression and cross entropy (lessons 47–49).

Entropy and KL divergence of discrete distributions, the cross-entropy loss of a classifier
written by hand (stable for huge logits), the binary cross entropy exactly as PyTorch computes
it, and the predictions of a logistic-regression model. Logarithms are natural (nats) unless a
``base`` is given. Never change an input.
"""

import math

import torch


def entropy(p: torch.Tensor, base: float = math.e) -> torch.Tensor:
    """The entropy ``H(p) = -Σ p · log(p)`` of each distribution in ``p``, over the last dim.

    交叉熵 / Cross entropy (lessons 47–49): entropy measures uncertainty; a uniform
    distribution over n outcomes has the most, ``log(n)``, and a certain one (a single 1) has 0.
    ``0 · log 0`` counts as 0 (the limit of ``p · log p`` as p → 0), so probabilities of exactly 0
    must not give ``nan`` (``torch.special.xlogy`` or ``torch.special.entr`` handle it; a plain
    ``p * p.log()`` gives ``0 · -inf = nan``). ``log`` is in ``base``: divide the natural log by
    ``ln(base)`` (base 2 gives bits).

    Args:
        p: ``[..., n]``, each row non-negative and summing to 1; float32 or float64.
        base: the base of the logarithm, a Python number ``> 1`` (default ``e``: nats).

    Returns:
        ``[...]`` (the last dim summed away; a single distribution ``[n]`` gives a 0-dim
        tensor), in ``p``'s dtype and on its device.

    Example:
        >>> entropy(torch.tensor([[0.5, 0.5], [0.25, 0.75]]), base=2)
        tensor([1.0000, 0.8113])
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def kl_divergence(p: torch.Tensor, q: torch.Tensor) -> torch.Tensor:
    """The Kullback–Leibler divergence ``KL(p || q) = Σ p · log(p / q)`` over the last dim, in
    nats.

    交叉熵 / Cross entropy (lessons 47–49): cross entropy = entropy + KL divergence,
    ``H(p, q) = H(p) + KL(p || q)``; KL is 0 exactly when ``q == p`` and positive otherwise. It
    is not symmetric: ``KL(p || q) != KL(q || p)``. Terms where ``p == 0`` count as 0, whatever
    ``q`` is there (even 0), as in ``torch.nn.functional.kl_div``; where ``p > 0`` and
    ``q == 0`` the divergence is ``inf``.

    Args:
        p, q: ``[..., n]`` of the same shape, rows of probabilities; float32 or float64.

    Returns:
        ``[...]``, in ``p``'s dtype and on its device.

    Example:
        >>> kl_divergence(torch.tensor([0.5, 0.5, 0.0]), torch.tensor([0.25, 0.25, 0.5]))
        tensor(0.6931)
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def cross_entropy_by_hand(logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    """The mean cross-entropy loss of a batch, by hand: equal to
    ``torch.nn.functional.cross_entropy(logits, targets)``.

    交叉熵 / Cross entropy (lessons 47–49): for sample i with logits ``a`` and target class
    ``t``, the loss is ``-log softmax(a)[t] = logsumexp(a) - a[t]``; the result is the mean over
    the batch. By hand: ``cross_entropy``, ``log_softmax``, ``softmax`` and ``nll_loss`` (as
    ``torch.X``, ``F.X``, ``nn`` modules or tensor methods) are not allowed; ``exp``, ``log``,
    ``max``, ``logsumexp``, ``gather`` and indexing are.

    It must be stable for logits as large as ±1000: ``exp(1000)`` overflows to ``inf`` (even in
    float64) and a naive softmax gives ``nan``. Subtract each row's maximum before ``exp``
    (``logsumexp(a) = m + log Σ exp(a - m)`` with ``m = max(a)``), or use ``torch.logsumexp``.

    Args:
        logits: ``[N, C]``, raw scores (any real values); float32 or float64.
        targets: ``[N]`` int64 class indices in ``[0, C)``.

    Returns:
        a 0-dim tensor in ``logits``' dtype, on its device.

    Example:
        >>> cross_entropy_by_hand(torch.tensor([[2.0, 0.0], [1000.0, -1000.0]]), torch.tensor([0, 1]))
        tensor(1000.0635)
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def binary_cross_entropy_by_hand(probs: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    """The mean binary cross entropy, by hand: equal to
    ``torch.nn.functional.binary_cross_entropy(probs, targets)``.

    Logistic Regression / 交叉熵 (lessons 47–49): for a predicted probability ``p`` of class 1
    and a target ``t`` (0 or 1, or any value in between), the loss is
    ``-(t · log(p) + (1 - t) · log(1 - p))``, averaged over every element. As PyTorch does, each
    log is clamped to be ``>= -100`` BEFORE it is multiplied, so a probability of exactly 0 or 1
    gives a finite loss (at most 100 per element) and never ``nan`` (``0 · log 0`` would be
    ``0 · -inf``). By hand: ``binary_cross_entropy`` and ``binary_cross_entropy_with_logits``
    (``F.X``, ``nn.BCELoss``) are not allowed.

    Args:
        probs: any shape, values in ``[0, 1]``; float32 or float64.
        targets: the same shape and dtype, values in ``[0, 1]``.

    Returns:
        a 0-dim tensor in ``probs``' dtype, on its device.

    Example:
        >>> binary_cross_entropy_by_hand(torch.tensor([0.9, 0.0]), torch.tensor([1.0, 1.0]))
        tensor(50.0527)
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def logistic_predict(x: torch.Tensor, w: torch.Tensor, b) -> torch.Tensor:
    """The class (0 or 1) that a logistic-regression model predicts for each sample.

    Logistic Regression (lessons 47–49): the model's probability of class 1 is
    ``sigmoid(x @ w + b)``; it predicts 1 where that probability is STRICTLY greater than 0.5
    and 0 otherwise, so a sample exactly on the boundary (``x @ w + b == 0``, probability
    exactly 0.5) is predicted 0.

    Args:
        x: ``[N, d]`` samples (``N = 1`` for a single sample); float32 or float64.
        w: ``[d]`` weights, ``x``'s dtype.
        b: the bias, a Python number or a 0-dim tensor.

    Returns:
        ``[N]`` int64 (0 or 1), on ``x``'s device.

    Example:
        >>> logistic_predict(torch.tensor([[2.0, 1.0], [1.0, 1.0], [0.0, 1.0]]), torch.tensor([1.0, 1.0]), -2.0)
        tensor([1, 0, 0])
    """
    # YOUR CODE HERE
    raise NotImplementedError()
