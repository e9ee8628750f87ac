"""优化问题实战 / 动量与学习率衰减 — Optimisation: Himmelblau, momentum and learning-rate decay
(lesson 46 and later).

Lesson 46 (优化问题实战) minimises Himmelblau's function with ``torch.optim.Adam``: the
starting point decides which of its four minima gradient descent finds. The later lesson
(动量与学习率衰减 / momentum and learning-rate decay) looks inside the optimiser: the update
that ``torch.optim.SGD`` makes with momentum and weight decay, and the learning rate that
``torch.optim.lr_scheduler.StepLR`` sets epoch by epoch.
"""

import torch


def himmelblau(xy: torch.Tensor) -> torch.Tensor:
    """Himmelblau's function ``f(x, y) = (x² + y − 11)² + (x + y² − 7)²`` at every point.

    优化问题实战 / Optimisation in practice (lesson 46). The last dim holds the coordinates
    ``(x, y)``; every other dim is a batch of points, so take ``x = xy[..., 0]`` and
    ``y = xy[..., 1]`` (not ``xy[0]``, which is the first point of a batch). Use tensor
    operations only, so that autograd can differentiate the result (``minimize`` calls
    ``backward`` on it). Its four minima, all 0: (3, 2), (−2.805118, 3.131312),
    (−3.779310, −3.283186), (3.584428, −1.848126).

    Args:
        xy: points ``[..., 2]`` (one point ``[2]``, a batch ``[n, 2]``, a grid ``[h, w, 2]``).

    Returns:
        ``[...]``: one value per point (a 0-dim tensor for a single point ``[2]``), in
        ``xy``'s dtype.

    Example:
        >>> himmelblau(torch.tensor([[3.0, 2.0], [0.0, 0.0]]))
        tensor([  0., 170.])
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def minimize(f, x0: torch.Tensor, lr: float = 1e-3, steps: int = 20000) -> torch.Tensor:
    """Minimise ``f`` with Adam, starting from ``x0``; return the final point.

    优化问题实战 / Optimisation in practice (lesson 46), as in the course::

        x = x0 (a new leaf tensor that requires grad)
        optimizer = torch.optim.Adam([x], lr=lr)
        repeat `steps` times:
            pred = f(x); optimizer.zero_grad(); pred.backward(); optimizer.step()

    exactly ``steps`` Adam steps with ``torch.optim.Adam``'s defaults (betas (0.9, 0.999),
    eps 1e-8). Leave ``x0`` as it was (values and ``requires_grad``): optimise a copy,
    ``x0.detach().clone().requires_grad_()``. With the defaults, Himmelblau's function from
    ``[-4, 0]``, ``[1, 0]`` and ``[4, 0]`` reaches the minima near (−3.7793, −3.2832), (3, 2)
    and (3.5844, −1.8481).

    Args:
        f: a function of a ``[2]`` tensor returning a 0-dim tensor (e.g. ``himmelblau``).
        x0: the starting point ``[2]``, floating.
        lr: Adam's learning rate.
        steps: the number of optimiser steps.

    Returns:
        the final point ``[2]``, in ``x0``'s dtype, detached from the graph (``x.detach()``).

    Example:
        >>> minimize(himmelblau, torch.tensor([4.0, 0.0]))
        tensor([ 3.5844, -1.8481])
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def sgd_momentum_step(params, grads, velocities, lr: float, momentum: float, weight_decay=0.0):
    """One step of SGD with momentum and weight decay, IN PLACE, exactly as ``torch.optim.SGD``
    (``dampening=0``, ``nesterov=False``).

    动量与学习率衰减 / Momentum and learning-rate decay. For every parameter ``p`` with its
    gradient ``g`` and its velocity ``v`` (the optimiser's ``momentum_buffer``), in this order::

        d_p = g + weight_decay * p        # weight decay first, added to the gradient
        v   = momentum * v + d_p          # then momentum, IN PLACE: v.mul_(momentum).add_(d_p)
        p   = p - lr * v                  # then the step, IN PLACE: p.sub_(lr * v)

    A fresh velocity is zeros (``torch.zeros_like(p)``): on its first step PyTorch sets the
    buffer to ``d_p``, which is exactly what ``momentum * 0 + d_p`` gives, so this one formula
    serves every step. With ``momentum = 0`` it is plain SGD (``p -= lr * d_p``).

    Change the tensors themselves (``mul_``, ``add_``, ``sub_``, ``copy_``), not the lists: the
    caller keeps the same tensor objects (a model's parameters), and the sequences may be
    tuples. Parameters may require grad, as a model's do: make the update inside
    ``with torch.no_grad():`` (as ``optimizer.step()`` does). ``grads`` are left unchanged.

    Args:
        params: a list (or tuple) of tensors of any shapes, e.g. ``[out, in]`` and ``[out]``.
        grads: their gradients, one per parameter, of the same shapes.
        velocities: one per parameter, of the same shapes; zeros before the first step.
        lr: learning rate; momentum: in ``[0, 1)``; weight_decay: L2 penalty coefficient.

    Returns:
        None; ``params`` and ``velocities`` are updated in place.

    Example:
        >>> p, g, v = [torch.tensor([1.0])], [torch.tensor([0.5])], [torch.zeros(1)]
        >>> sgd_momentum_step(p, g, v, lr=0.1, momentum=0.9, weight_decay=0.1)
        >>> v, p        # d_p = 0.5 + 0.1 * 1.0 = 0.6;  v = 0.6;  p = 1 - 0.1 * 0.6
        ([tensor([0.6000])], [tensor([0.9400])])
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def step_lr(base_lr: float, epoch: int, step_size: int, gamma: float) -> float:
    """The learning rate that ``torch.optim.lr_scheduler.StepLR`` sets at ``epoch``.

    动量与学习率衰减 / Momentum and learning-rate decay. StepLR multiplies the learning rate by
    ``gamma`` once every ``step_size`` epochs: ``base_lr · gamma^⌊epoch / step_size⌋``. Epochs
    count from 0 (the scheduler's ``last_epoch`` after ``epoch`` calls of ``scheduler.step()``),
    so the first decay happens at ``epoch == step_size``, not at ``step_size − 1``: epochs
    ``0 … step_size − 1`` use ``base_lr``.

    Args:
        base_lr: the optimiser's initial learning rate (a Python float).
        epoch: an int ``>= 0``.
        step_size: an int ``>= 1``; gamma: the decay factor (e.g. 0.1).

    Returns:
        a Python float.

    Example:
        >>> [step_lr(0.1, e, 3, 0.5) for e in (0, 2, 3, 5, 6)]
        [0.1, 0.1, 0.05, 0.05, 0.025]
    """
    # YOUR CODE HERE
    raise NotImplementedError()
