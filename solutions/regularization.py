"""过拟合 / 交叉验证 / Regularization / Early stopping / Dropout — Overfitting, cross-validation,
regularisation, early stopping and dropout.

The tools that keep a network from overfitting its training set: hold data out to validate on
(a random train/validation split, k-fold cross-validation), penalise large weights (the L1 and
L2 penalties that are added to the loss), stop training when the validation loss stops
improving (early stopping), and drop activations at random while training (dropout). Images are
batches ``x`` of shape ``[b, c, h, w]``: b images, c channels, h rows, w columns. Index tensors
are int64 (``torch.long``), as PyTorch's indexing wants them. Never change an input.
"""

import math

import torch


def train_val_split(n: int, val_fraction: float, generator=None):
    """Split the sample indices ``0 … n-1`` at random into a training and a validation set.

    交叉验证 / Cross-validation: the validation set is held out of training to measure how well
    the model generalises (train-val-test). Shuffle the indices first (``torch.randperm(n,
    generator=generator)``), then take ``round(n * val_fraction)`` of them for validation and the
    rest for training. The count uses Python's ``round``, which rounds halves to the even number
    (``round(2.5) == 2``, ``round(3.5) == 4``). Every index lands in exactly one of the two
    sets; the order inside each set is free (shuffled or sorted).

    Draw every random number from ``generator`` (a ``torch.Generator``; None: PyTorch's global
    generator), so that generators in the same state give the same split.

    Args:
        n: the number of samples, ``>= 0``.
        val_fraction: the share of samples for validation, in ``[0, 1]``.
        generator: a ``torch.Generator`` or None.

    Returns:
        ``(train_idx, val_idx)``: two 1-D int64 tensors of lengths
        ``n - round(n * val_fraction)`` and ``round(n * val_fraction)``.

    Example:
        >>> train, val = train_val_split(10, 0.2, generator=torch.Generator().manual_seed(0))
        >>> len(train), len(val), sorted(torch.cat([train, val]).tolist()) == list(range(10))
        (8, 2, True)
    """
    ### BEGIN SOLUTION
    n_val = round(n * val_fraction)
    perm = torch.randperm(n, generator=generator)
    return perm[n_val:], perm[:n_val]
    ### END SOLUTION


def kfold_indices(n: int, k: int):
    """The k folds of k-fold cross-validation of ``n`` samples, without shuffling.

    交叉验证 / Cross-validation (k-fold): as scikit-learn's ``KFold(n_splits=k)`` (no
    shuffle). The indices ``0 … n-1`` are cut, in order, into k contiguous validation folds
    whose sizes differ by at most one: the first ``n % k`` folds hold ``n // k + 1`` indices,
    the others ``n // k`` (``torch.tensor_split`` cuts this way; ``torch.chunk`` does not).
    For fold i, ``val_idx`` is the i-th piece and ``train_idx`` every other index, in
    increasing order. Each index is validated exactly once over the k folds.

    As scikit-learn does, raise ``ValueError`` when ``k < 2`` (there is nothing to validate
    against) or ``k > n`` (a fold would be empty); ``k == n`` is leave-one-out.

    Args:
        n: the number of samples; k: the number of folds.

    Returns:
        a list of k tuples ``(train_idx, val_idx)`` of 1-D int64 tensors (as
        ``train_val_split``), in fold order.

    Example:
        >>> [(t.tolist(), v.tolist()) for t, v in kfold_indices(5, 2)]
        [([3, 4], [0, 1, 2]), ([0, 1, 2], [3, 4])]
    """
    ### BEGIN SOLUTION
    if k < 2:
        raise ValueError(f"k-fold cross-validation needs at least 2 folds, got k={k}")
    if k > n:
        raise ValueError(f"cannot cut n={n} samples into k={k} non-empty folds")
    indices = torch.arange(n)
    folds, start = [], 0
    for i in range(k):
        stop = start + n // k + (1 if i < n % k else 0)
        train = torch.cat([indices[:start], indices[stop:]])
        folds.append((train, indices[start:stop].clone()))
        start = stop
    return folds
    ### END SOLUTION


def l1_penalty(params) -> torch.Tensor:
    """The L1 penalty ``Σ |p|``: the sum of the absolute values of every element of every tensor
    in ``params``.

    Regularization / 正则化 (L1): ``loss = data_loss + λ · l1_penalty(model.parameters())``
    pushes weights to exactly 0 (sparse weights). ``params`` is any iterable of tensors (a list,
    a tuple, a generator such as ``model.parameters()``): iterate over it once. The tensors may
    have any shapes (a conv weight ``[c_out, c_in, kh, kw]``, a bias ``[c_out]``, a 0-dim
    scalar) and may be non-contiguous.

    The result must stay differentiable: autograd must reach every parameter through it (its
    gradient with respect to ``p`` is ``sign(p)``), so keep it a tensor: no ``.item()``,
    ``float()`` or ``torch.tensor(...)`` around a result. An empty iterable gives
    ``torch.tensor(0.)`` (the value of an empty sum, as a float32 0-dim tensor on the CPU).

    Returns:
        a 0-dim tensor in the parameters' dtype (float64 in, float64 out), on their device.

    Example:
        >>> l1_penalty([torch.tensor([[1.0, -2.0]]), torch.tensor([-3.0])])
        tensor(6.)
    """
    ### BEGIN SOLUTION
    terms = [p.abs().sum() for p in params]
    return sum(terms) if terms else torch.tensor(0.0)
    ### END SOLUTION


def l2_penalty(params) -> torch.Tensor:
    """The L2 penalty ``Σ p²``: the sum of the squares of every element of every tensor in
    ``params`` (the SQUARED norm: no square root, no ½).

    Regularization / 正则化 (L2, weight decay): ``loss = data_loss + λ · l2_penalty(...)`` keeps
    weights small; it is what ``weight_decay`` in ``torch.optim.SGD`` does to the gradient
    (``2 · λ · p`` here, ``weight_decay · p`` there). ``params`` is any iterable of tensors of
    any shapes (0-dim and non-contiguous ones included): iterate over it once.

    The result must stay differentiable: its gradient with respect to ``p`` is ``2p``; no
    ``.item()``, ``float()`` or ``torch.tensor(...)`` around a result. An empty iterable gives
    ``torch.tensor(0.)`` (a float32 0-dim tensor on the CPU).

    Returns:
        a 0-dim tensor in the parameters' dtype, on their device.

    Example:
        >>> l2_penalty([torch.tensor([[1.0, -2.0]]), torch.tensor([-3.0])])
        tensor(14.)
    """
    ### BEGIN SOLUTION
    terms = [p.pow(2).sum() for p in params]
    return sum(terms) if terms else torch.tensor(0.0)
    ### END SOLUTION


def dropout_by_hand(x: torch.Tensor, p: float, training: bool, generator=None) -> torch.Tensor:
    """Dropout, by hand: what ``torch.nn.functional.dropout(x, p, training)`` does.

    Dropout: while training, zero each element of ``x`` independently with probability ``p``
    and scale the survivors by ``1 / (1 - p)`` ("inverted dropout"), so that the expected value
    of every element is unchanged and nothing needs rescaling at test time. Not training: return
    ``x`` unchanged (``x`` itself, as PyTorch does, or a copy). ``p = 0`` drops nothing (the
    values of ``x``); ``p = 1`` drops everything: return zeros (``1 / (1 - p)`` would divide by
    zero and ``0 * inf`` is nan). Like PyTorch, raise ``ValueError`` for ``p`` outside
    ``[0, 1]``, whether training or not.

    By hand: the dropout built-ins (``dropout``, ``dropout1d/2d/3d``, ``alpha_dropout``,
    ``feature_alpha_dropout``, ``native_dropout``, ``nn.Dropout`` and the like) are not
    allowed. Draw the mask from ``generator`` (``torch.rand(x.shape, generator=generator,
    device=x.device)`` or ``torch.bernoulli(..., generator=generator)``): generators in the same
    state give the same mask. Make the mask on x's device, and don't change ``x`` in place.

    Args:
        x: any shape, e.g. activations ``[b, c, h, w]`` or ``[b, features]``; float32 or float64.
        p: the probability of dropping an element, in ``[0, 1]``.
        training: True while training, False when evaluating.
        generator: a ``torch.Generator`` on x's device, or None (PyTorch's global generator).

    Returns:
        x's shape and dtype, on x's device: each element either 0 or ``x / (1 - p)``.

    Example:
        >>> y = dropout_by_hand(torch.ones(1000), 0.5, True, torch.Generator().manual_seed(0))
        >>> sorted(set(y.tolist())), round(y.mean().item(), 1)   # each 0 or 1 / (1 - 0.5)
        ([0.0, 2.0], 1.0)
    """
    ### BEGIN SOLUTION
    if not 0 <= p <= 1:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    if not training:
        return x
    if p == 1:
        return torch.zeros_like(x)
    keep = torch.rand(x.shape, generator=generator, device=x.device) >= p
    return x * keep / (1 - p)
    ### END SOLUTION


class EarlyStopping:
    """Early stopping: stop training once the validation loss has stopped improving.

    Early stopping: call ``step(val_loss)`` once per epoch with that epoch's validation loss; it
    returns True once the loss has not improved by MORE than ``min_delta`` for ``patience``
    calls in a row, as PyTorch Lightning's and Keras' ``EarlyStopping`` do:

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

    Attributes:
        best: the best loss so far, a Python float (``math.inf`` before the first call); convert
            a 0-dim tensor loss with ``float()``.
        best_epoch: the 0-based index of the ``step`` call that set ``best`` (0 for the first
            call; None before any improvement).

    Args:
        patience: how many calls without improvement to allow, ``>= 1``.
        min_delta: the least decrease that counts as an improvement, ``>= 0``.

    Example:
        >>> es = EarlyStopping(patience=2)
        >>> [es.step(loss) for loss in [1.0, 0.5, 0.6, 0.7, 0.4]]
        [False, False, False, True, False]
        >>> es.best, es.best_epoch
        (0.4, 4)
    """

    def __init__(self, patience: int, min_delta: float = 0.0):
        ### BEGIN SOLUTION
        self.patience = patience
        self.min_delta = min_delta
        self.best = math.inf
        self.best_epoch = None
        self.calls = 0  # step calls so far
        self.wait = 0  # calls since the last improvement
        ### END SOLUTION

    def step(self, val_loss) -> bool:
        ### BEGIN SOLUTION
        loss = float(val_loss)
        if loss < self.best - self.min_delta:
            self.best, self.best_epoch, self.wait = loss, self.calls, 0
        else:
            self.wait += 1
        self.calls += 1
        return self.wait >= self.patience
        ### END SOLUTION
