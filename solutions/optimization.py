"""优化问题实战 / 动量与学习率衰减 — Optimisation: Himmelblau, momentum and learning-rate decay
(lesson 46 and later).
第46课「优化问题实战」及其后的「动量与学习率衰减」：Himmelblau 函数、动量与学习率衰减。

Lesson 46 (优化问题实战) minimises Himmelblau's function with ``torch.optim.Adam``: the
starting point decides which of its four minima gradient descent finds. The later lesson
(动量与学习率衰减 / momentum and learning-rate decay) looks inside the optimiser: the update
that ``torch.optim.SGD`` makes with momentum and weight decay, and the learning rate that
``torch.optim.lr_scheduler.StepLR`` sets epoch by epoch.

第46课「优化问题实战」用 ``torch.optim.Adam`` 最小化 Himmelblau 函数：起点决定梯度下降找到它四个
极小值中的哪一个。之后的「动量与学习率衰减」一课深入优化器内部：``torch.optim.SGD`` 带动量和权重衰减
时所做的更新，以及 ``torch.optim.lr_scheduler.StepLR`` 每一轮设定的学习率。
"""

import torch


def himmelblau(xy: torch.Tensor) -> torch.Tensor:
    """Himmelblau's function ``f(x, y) = (x² + y − 11)² + (x + y² − 7)²`` at every point.
    每个点上的 Himmelblau 函数 ``f(x, y) = (x² + y − 11)² + (x + y² − 7)²``。

    优化问题实战 / Optimisation in practice (lesson 46). The last dim holds the coordinates
    ``(x, y)``; every other dim is a batch of points, so take ``x = xy[..., 0]`` and
    ``y = xy[..., 1]`` (not ``xy[0]``, which is the first point of a batch). Use tensor
    operations only, so that autograd can differentiate the result (``minimize`` calls
    ``backward`` on it). Its four minima, all 0: (3, 2), (−2.805118, 3.131312),
    (−3.779310, −3.283186), (3.584428, −1.848126).

    第46课「优化问题实战」。最后一维存放坐标 ``(x, y)``；其余各维都是一批点，所以取
    ``x = xy[..., 0]``、``y = xy[..., 1]``（而不是 ``xy[0]``，那是一批点中的第一个点）。只用张量
    运算，这样 autograd 才能对结果求导（``minimize`` 会对它调用 ``backward``）。它的四个极小值都是
    0：(3, 2)、(−2.805118, 3.131312)、(−3.779310, −3.283186)、(3.584428, −1.848126)。

    Args:
        xy: points ``[..., 2]`` (one point ``[2]``, a batch ``[n, 2]``, a grid ``[h, w, 2]``).

    Returns:
        ``[...]``: one value per point (a 0-dim tensor for a single point ``[2]``), in
        ``xy``'s dtype.
            ``[...]``：每个点一个值（单个点 ``[2]`` 得到 0 维张量），dtype 与 ``xy`` 相同。

    Example:
        >>> himmelblau(torch.tensor([[3.0, 2.0], [0.0, 0.0]]))
        tensor([  0., 170.])
    """
    ### BEGIN SOLUTION
    x, y = xy[..., 0], xy[..., 1]
    return (x**2 + y - 11) ** 2 + (x + y**2 - 7) ** 2
    ### END SOLUTION


def minimize(f, x0: torch.Tensor, lr: float = 1e-3, steps: int = 20000) -> torch.Tensor:
    """Minimise ``f`` with Adam, starting from ``x0``; return the final point.
    从 ``x0`` 出发用 Adam 最小化 ``f``；返回最终到达的点。

    优化问题实战 / Optimisation in practice (lesson 46), as in the course
    （第46课「优化问题实战」，与课程中的写法相同）::

        x = x0 (a new leaf tensor that requires grad)
        optimizer = torch.optim.Adam([x], lr=lr)
        repeat `steps` times:
            pred = f(x); optimizer.zero_grad(); pred.backward(); optimizer.step()

    exactly ``steps`` Adam steps with ``torch.optim.Adam``'s defaults (betas (0.9, 0.999),
    eps 1e-8). Leave ``x0`` as it was (values and ``requires_grad``): optimise a copy,
    ``x0.detach().clone().requires_grad_()``. With the defaults, Himmelblau's function from
    ``[-4, 0]``, ``[1, 0]`` and ``[4, 0]`` reaches the minima near (−3.7793, −3.2832), (3, 2)
    and (3.5844, −1.8481).

    正好 ``steps`` 步 Adam 更新，用 ``torch.optim.Adam`` 的默认参数（betas (0.9, 0.999)，eps
    1e-8）。``x0`` 保持原样（数值和 ``requires_grad`` 都不变）：优化它的一个拷贝
    ``x0.detach().clone().requires_grad_()``。用默认参数从 ``[-4, 0]``、``[1, 0]`` 和 ``[4, 0]``
    出发，Himmelblau 函数分别到达 (−3.7793, −3.2832)、(3, 2) 和 (3.5844, −1.8481) 附近的极小值。

    Args:
        f: a function of a ``[2]`` tensor returning a 0-dim tensor (e.g. ``himmelblau``).
            输入 ``[2]`` 张量、返回 0 维张量的函数（如 ``himmelblau``）。
        x0: the starting point ``[2]``, floating.
        lr: Adam's learning rate. / Adam 的学习率。
        steps: the number of optimiser steps. / 优化器更新的步数。

    Returns:
        the final point ``[2]``, in ``x0``'s dtype, detached from the graph (``x.detach()``).
            最终的点 ``[2]``，dtype 与 ``x0`` 相同，已从计算图中分离（``x.detach()``）。

    Example:
        >>> minimize(himmelblau, torch.tensor([4.0, 0.0]))
        tensor([ 3.5844, -1.8481])
    """
    ### BEGIN SOLUTION
    x = x0.detach().clone().requires_grad_(True)
    optimizer = torch.optim.Adam([x], lr=lr)
    for _ in range(steps):
        pred = f(x)
        optimizer.zero_grad()
        pred.backward()
        optimizer.step()
    return x.detach()
    ### END SOLUTION


def sgd_momentum_step(params, grads, velocities, lr: float, momentum: float, weight_decay=0.0):
    """One step of SGD with momentum and weight decay, IN PLACE, exactly as ``torch.optim.SGD``
    (``dampening=0``, ``nesterov=False``).
    原地执行一步带动量和权重衰减的 SGD，与 ``torch.optim.SGD``（``dampening=0``、
    ``nesterov=False``）完全一致。

    动量与学习率衰减 / Momentum and learning-rate decay. For every parameter ``p`` with its
    gradient ``g`` and its velocity ``v`` (the optimiser's ``momentum_buffer``), in this order:
    「动量与学习率衰减」一课：对每个参数 ``p`` 及其梯度 ``g`` 和速度 ``v``（优化器的
    ``momentum_buffer``），按以下顺序计算::

        d_p = g + weight_decay * p        # weight decay first, added to the gradient
        v   = momentum * v + d_p          # then momentum, IN PLACE: v.mul_(momentum).add_(d_p)
        p   = p - lr * v                  # then the step, IN PLACE: p.sub_(lr * v)

    A fresh velocity is zeros (``torch.zeros_like(p)``): on its first step PyTorch sets the
    buffer to ``d_p``, which is exactly what ``momentum * 0 + d_p`` gives, so this one formula
    serves every step. With ``momentum = 0`` it is plain SGD (``p -= lr * d_p``).

    新的速度是全零（``torch.zeros_like(p)``）：第一步时 PyTorch 把缓冲区设为 ``d_p``，这正是
    ``momentum * 0 + d_p`` 的结果，所以同一个公式适用于每一步。``momentum = 0`` 时就是普通的 SGD
    （``p -= lr * d_p``）。

    Change the tensors themselves (``mul_``, ``add_``, ``sub_``, ``copy_``), not the lists: the
    caller keeps the same tensor objects (a model's parameters), and the sequences may be
    tuples. Parameters may require grad, as a model's do: make the update inside
    ``with torch.no_grad():`` (as ``optimizer.step()`` does). ``grads`` are left unchanged.

    修改张量本身（``mul_``、``add_``、``sub_``、``copy_``），而不是列表：调用者持有的是同一批张量
    对象（模型的参数），而且这些序列可能是 tuple。参数可能 requires_grad，模型的参数就是如此：请把
    更新写在 ``with torch.no_grad():`` 里（与 ``optimizer.step()`` 一样）。``grads`` 保持不变。

    Args:
        params: a list (or tuple) of tensors of any shapes, e.g. ``[out, in]`` and ``[out]``.
            由任意形状的张量组成的 list（或 tuple），如 ``[out, in]`` 和 ``[out]``。
        grads: their gradients, one per parameter, of the same shapes.
            它们的梯度，每个参数一个，形状相同。
        velocities: one per parameter, of the same shapes; zeros before the first step.
            每个参数一个，形状相同；第一步之前全为零。
        lr: learning rate; momentum: in ``[0, 1)``; weight_decay: L2 penalty coefficient.
            lr：学习率；momentum：取值在 ``[0, 1)`` 内；weight_decay：L2 正则化系数。

    Returns:
        None; ``params`` and ``velocities`` are updated in place.
            None；``params`` 和 ``velocities`` 被原地更新。

    Example:
        >>> p, g, v = [torch.tensor([1.0])], [torch.tensor([0.5])], [torch.zeros(1)]
        >>> sgd_momentum_step(p, g, v, lr=0.1, momentum=0.9, weight_decay=0.1)
        >>> v, p        # d_p = 0.5 + 0.1 * 1.0 = 0.6;  v = 0.6;  p = 1 - 0.1 * 0.6
        ([tensor([0.6000])], [tensor([0.9400])])
    """
    ### BEGIN SOLUTION
    with torch.no_grad():
        for p, g, v in zip(params, grads, velocities):
            d_p = g.add(p, alpha=weight_decay) if weight_decay != 0 else g
            v.mul_(momentum).add_(d_p)
            p.add_(v, alpha=-lr)
    ### END SOLUTION


def step_lr(base_lr: float, epoch: int, step_size: int, gamma: float) -> float:
    """The learning rate that ``torch.optim.lr_scheduler.StepLR`` sets at ``epoch``.
    ``torch.optim.lr_scheduler.StepLR`` 在第 ``epoch`` 轮设定的学习率。

    动量与学习率衰减 / Momentum and learning-rate decay. StepLR multiplies the learning rate by
    ``gamma`` once every ``step_size`` epochs: ``base_lr · gamma^⌊epoch / step_size⌋``. Epochs
    count from 0 (the scheduler's ``last_epoch`` after ``epoch`` calls of ``scheduler.step()``),
    so the first decay happens at ``epoch == step_size``, not at ``step_size − 1``: epochs
    ``0 … step_size − 1`` use ``base_lr``.

    「动量与学习率衰减」一课。StepLR 每 ``step_size`` 轮把学习率乘一次 ``gamma``：
    ``base_lr · gamma^⌊epoch / step_size⌋``。轮次从 0 数起（即调用 ``epoch`` 次
    ``scheduler.step()`` 之后调度器的 ``last_epoch``），所以第一次衰减发生在 ``epoch == step_size``
    时，而不是 ``step_size − 1``：第 ``0 … step_size − 1`` 轮用的都是 ``base_lr``。

    Args:
        base_lr: the optimiser's initial learning rate (a Python float).
            优化器的初始学习率（Python float）。
        epoch: an int ``>= 0``.
        step_size: an int ``>= 1``; gamma: the decay factor (e.g. 0.1).
            step_size：``>= 1`` 的 int；gamma：衰减系数（如 0.1）。

    Returns:
        a Python float.

    Example:
        >>> [step_lr(0.1, e, 3, 0.5) for e in (0, 2, 3, 5, 6)]
        [0.1, 0.1, 0.05, 0.05, 0.025]
    """
    ### BEGIN SOLUTION
    return float(base_lr * gamma ** (epoch // step_size))
    ### END SOLUTION
