"""GAN原理 / WGAN-GP实战 — How a GAN works, WGAN-GP in practice (lessons 56–57).

第56课「GAN原理」、第57课「WGAN-GP实战」。

The course's WGAN-GP on a toy data set: a generator ``G`` turns noise ``z [b, 2]`` into points
``[b, 2]``, a discriminator ``D`` (the critic) gives each point one score ``[b]``, and the real
points come from eight Gaussians on a circle. ``D`` learns to score real points high and
generated ones low (the Wasserstein losses), with a gradient penalty that keeps the norm of
``∂D/∂x`` near 1; ``G`` learns to make points that ``D`` scores high.

课程中在一个玩具数据集上的 WGAN-GP：生成器 ``G`` 把噪声 ``z [b, 2]`` 变成点 ``[b, 2]``，判别器
``D``（critic）给每个点一个分数 ``[b]``，真实的点来自圆上的八个高斯分布。``D`` 学着给真实的点
高分、给生成的点低分（Wasserstein 损失），再加上梯度惩罚，让 ``∂D/∂x`` 的范数保持在 1 附近；
``G`` 学着生成 ``D`` 会打高分的点。

Points are float32 ``[b, 2]`` unless the inputs are another dtype; every result stays on its
inputs' device. The random functions draw from ``generator`` (a ``torch.Generator`` on the CPU,
or None for torch's global one) in the order their docstrings give.

点是 float32 的 ``[b, 2]``（除非输入是别的 dtype）；每个结果都留在输入所在的设备上。随机函数从
``generator``（CPU 上的 ``torch.Generator``，为 None 时用 torch 的全局生成器）按 docstring 给出
的顺序抽取随机数。
"""

import math

import torch
from torch import nn


class Generator(nn.Module):
    """The course's generator: noise ``z [b, 2]`` in, points ``[b, 2]`` out.
    课程中的生成器：输入噪声 ``z [b, 2]``，输出点 ``[b, 2]``。

    WGAN-GP实战 / WGAN-GP in practice (lesson 57). One attribute, named exactly ``net`` (the
    grader loads weights with ``load_state_dict``, so ``state_dict()`` must hold ``net.0``,
    ``net.2``, ``net.4`` and ``net.6``, each with ``weight`` and ``bias``, and nothing else)::

    第57课「WGAN-GP实战」。只有一个属性，名字必须是 ``net``（评分程序用 ``load_state_dict`` 加载
    权重，所以 ``state_dict()`` 必须恰好包含 ``net.0``、``net.2``、``net.4`` 和 ``net.6`` 的
    ``weight`` 和 ``bias``，没有别的）：

        self.net = nn.Sequential(
            nn.Linear(2, h_dim), nn.ReLU(),
            nn.Linear(h_dim, h_dim), nn.ReLU(),
            nn.Linear(h_dim, h_dim), nn.ReLU(),
            nn.Linear(h_dim, 2),
        )

    ``forward(z)`` returns ``self.net(z)``: ``[b, 2]``, nothing after the last Linear (the
    points may be anywhere in the plane).

    ``forward(z)`` 返回 ``self.net(z)``：``[b, 2]``，最后一个 Linear 之后什么都不加（点可以在
    平面上的任何位置）。

    Args:
        h_dim: the width of the three hidden layers (the course's 400).
            三个隐藏层的宽度（课程中为 400）。

    Example:
        >>> G = Generator(h_dim=16)
        >>> G(torch.randn(5, 2)).shape
        torch.Size([5, 2])
    """

    def __init__(self, h_dim: int = 400):
        super().__init__()
        # YOUR CODE HERE
        raise NotImplementedError()

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        # YOUR CODE HERE
        raise NotImplementedError()


class Discriminator(nn.Module):
    """The course's discriminator: points ``x [b, 2]`` in, one score per point ``[b]`` out.
    课程中的判别器：输入点 ``x [b, 2]``，每个点输出一个分数 ``[b]``。

    WGAN-GP实战 / WGAN-GP in practice (lesson 57). One attribute, named exactly ``net``
    (``state_dict()``: ``net.0``, ``net.2``, ``net.4``, ``net.6``, each ``weight`` and
    ``bias``)::

    第57课「WGAN-GP实战」。只有一个属性，名字必须是 ``net``（``state_dict()``：``net.0``、
    ``net.2``、``net.4``、``net.6`` 的 ``weight`` 和 ``bias``）：

        self.net = nn.Sequential(
            nn.Linear(2, h_dim), nn.ReLU(),
            nn.Linear(h_dim, h_dim), nn.ReLU(),
            nn.Linear(h_dim, h_dim), nn.ReLU(),
            nn.Linear(h_dim, 1), nn.Sigmoid(),
        )

    ``forward(x)`` returns the scores as ``[b]``: the net gives ``[b, 1]``, so flatten it with
    ``.view(-1)`` as the course does (keep ``[1]`` for one point, not a 0-dim tensor).

    ``forward(x)`` 返回形状为 ``[b]`` 的分数：网络给出 ``[b, 1]``，所以要像课程中那样用
    ``.view(-1)`` 展平（只有一个点时保持 ``[1]``，不要变成 0 维张量）。

    Args:
        h_dim: the width of the three hidden layers (the course's 400).
            三个隐藏层的宽度（课程中为 400）。

    Example:
        >>> D = Discriminator(h_dim=16)
        >>> D(torch.randn(5, 2)).shape
        torch.Size([5])
    """

    def __init__(self, h_dim: int = 400):
        super().__init__()
        # YOUR CODE HERE
        raise NotImplementedError()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # YOUR CODE HERE
        raise NotImplementedError()


def eight_gaussians(batch_size: int, generator=None) -> torch.Tensor:
    """A batch of the course's real data: points around eight centres on a circle.
    课程中的真实数据的一批：围绕圆上八个中心的点。

    WGAN-GP实战 / WGAN-GP in practice (lesson 57, ``data_generator``). The centres, in this
    order, are ``2·(1, 0), 2·(−1, 0), 2·(0, 1), 2·(0, −1), 2·(1/√2, 1/√2), 2·(1/√2, −1/√2),
    2·(−1/√2, 1/√2), 2·(−1/√2, −1/√2)`` (the course's list, scaled by 2). Draw in this order:

    第57课「WGAN-GP实战」（``data_generator``）。中心按这个顺序是 ``2·(1, 0), 2·(−1, 0),
    2·(0, 1), 2·(0, −1), 2·(1/√2, 1/√2), 2·(1/√2, −1/√2), 2·(−1/√2, 1/√2), 2·(−1/√2, −1/√2)``
    （课程的列表乘以 2）。按这个顺序抽取：

    1. the centre of each point, ``torch.randint(8, (batch_size,), generator=generator)``
       (an index into the list above);
    2. the noise, ``0.02 * torch.randn(batch_size, 2, generator=generator)``.

    1. 每个点的中心：``torch.randint(8, (batch_size,), generator=generator)``（上面列表的索引）；
    2. 噪声：``0.02 * torch.randn(batch_size, 2, generator=generator)``。

    Each point is its centre plus its noise, and the whole batch is then divided by 1.414 (the
    course's ``dataset /= 1.414``).

    每个点是它的中心加上它的噪声，然后整批除以 1.414（课程中的 ``dataset /= 1.414``）。

    Args:
        batch_size: the number of points b. / 点的个数 b。
        generator: a ``torch.Generator`` on the CPU, or None for torch's global one.
            CPU 上的 ``torch.Generator``，为 None 时用 torch 的全局生成器。

    Returns:
        float32 ``[b, 2]`` on the CPU. / CPU 上 float32 的 ``[b, 2]``。

    Example:
        >>> x = eight_gaussians(4, torch.Generator().manual_seed(0))
        >>> x.shape, x.dtype
        (torch.Size([4, 2]), torch.float32)
        >>> bool(((x.norm(dim=1) - 2 / 1.414).abs() < 0.1).all())
        True
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def gradient_penalty(D, xr, xf, lam=0.3, alpha=None, generator=None) -> torch.Tensor:
    """The WGAN-GP gradient penalty: how far the norm of ``∂D/∂x`` is from 1 between real and
    fake points.
    WGAN-GP 的梯度惩罚：在真实点和生成点之间，``∂D/∂x`` 的范数离 1 有多远。

    WGAN-GP实战 / WGAN-GP in practice (lesson 57). Only D is to be constrained, so first detach
    ``xr`` and ``xf``. Each row gets its own mixing weight ``alpha [b, 1]``: the one given, or
    ``torch.rand(b, 1, generator=generator)`` (drawn on the CPU in float32); either way move it
    to ``xr``'s dtype and device. Then:

    第57课「WGAN-GP实战」。只约束 D，所以先把 ``xr`` 和 ``xf`` 分离（detach）。每一行有自己的混合
    权重 ``alpha [b, 1]``：用传入的，或者抽取 ``torch.rand(b, 1, generator=generator)``（在 CPU
    上以 float32 抽取）；两种情况都要把它移到 ``xr`` 的 dtype 和设备上。然后：

        x_hat = alpha * xr + (1 - alpha) * xf        # [b, 2], with requires_grad
        grads = ∂(D(x_hat))/∂x_hat                   # [b, 2]: torch.autograd.grad with
                                                     # grad_outputs=ones, create_graph=True
        penalty = lam * mean((‖grads[i]‖₂ − 1)²)     # the norm of each row, then the mean

    ``create_graph=True`` keeps the gradient itself in the graph, so that the penalty is
    differentiable with respect to D's parameters: without it, ``loss_D.backward()`` would not
    train D with the penalty at all.

    ``create_graph=True`` 把梯度本身也留在计算图中，这样惩罚项才对 D 的参数可导：没有它，
    ``loss_D.backward()`` 根本不会用惩罚项训练 D。

    Args:
        D: a module, ``[b, 2]`` → scores ``[b]``. / 一个模块，``[b, 2]`` → 分数 ``[b]``。
        xr: real points ``[b, 2]``. / 真实的点 ``[b, 2]``。
        xf: fake points ``[b, 2]`` (e.g. ``G(z)``). / 生成的点 ``[b, 2]``（例如 ``G(z)``）。
        lam: the penalty's weight λ (the course's 0.3). / 惩罚的权重 λ（课程中为 0.3）。
        alpha: ``[b, 1]`` mixing weights, or None to draw them. / ``[b, 1]`` 的混合权重，为 None
            时抽取。
        generator: a ``torch.Generator`` on the CPU for alpha, or None.
            用来抽取 alpha 的 CPU 上的 ``torch.Generator``，或 None。

    Returns:
        a 0-dim tensor on ``xr``'s device, in its dtype, connected to D's parameters.
        ``xr`` 所在设备上、同一 dtype 的 0 维张量，与 D 的参数在计算图中相连。

    Example:
        >>> D = Discriminator(h_dim=16)
        >>> gp = gradient_penalty(D, torch.randn(8, 2), torch.randn(8, 2))
        >>> gp.shape, gp.requires_grad
        (torch.Size([]), True)
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def discriminator_loss(D, xr, xf) -> torch.Tensor:
    """The discriminator's Wasserstein loss: score real points high, fake ones low.
    判别器的 Wasserstein 损失：给真实的点高分，给生成的点低分。

    WGAN-GP实战 / WGAN-GP in practice (lesson 57): ``−mean(D(xr)) + mean(D(xf))``. Detach
    ``xf`` first (the course's ``xf = G(z).detach()``): training D must not send any gradient to
    the generator.

    第57课「WGAN-GP实战」：``−mean(D(xr)) + mean(D(xf))``。先把 ``xf`` 分离（课程中的
    ``xf = G(z).detach()``）：训练 D 时不能有梯度传到生成器。

    Args:
        D: a module, ``[b, 2]`` → scores ``[b]``. / 一个模块，``[b, 2]`` → 分数 ``[b]``。
        xr: real points ``[b, 2]``. / 真实的点 ``[b, 2]``。
        xf: fake points ``[b, 2]``. / 生成的点 ``[b, 2]``。

    Returns:
        a 0-dim tensor, connected to D's parameters and not to ``xf``.
        0 维张量，与 D 的参数相连，与 ``xf`` 不相连。

    Example:
        >>> D = Discriminator(h_dim=16)
        >>> discriminator_loss(D, torch.randn(8, 2), torch.randn(8, 2)).shape
        torch.Size([])
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def generator_loss(D, xf) -> torch.Tensor:
    """The generator's Wasserstein loss: make D score the fake points high.
    生成器的 Wasserstein 损失：让 D 给生成的点打高分。

    WGAN-GP实战 / WGAN-GP in practice (lesson 57): ``−mean(D(xf))``. Here ``xf`` must NOT be
    detached: the generator learns through it.

    第57课「WGAN-GP实战」：``−mean(D(xf))``。这里不能把 ``xf`` 分离：生成器正是通过它学习的。

    Args:
        D: a module, ``[b, 2]`` → scores ``[b]``. / 一个模块，``[b, 2]`` → 分数 ``[b]``。
        xf: fake points ``[b, 2]`` (``G(z)``). / 生成的点 ``[b, 2]``（``G(z)``）。

    Returns:
        a 0-dim tensor, connected to ``xf``. / 0 维张量，与 ``xf`` 相连。

    Example:
        >>> D = Discriminator(h_dim=16)
        >>> generator_loss(D, torch.randn(8, 2)).shape
        torch.Size([])
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def wgan_gp_step(G, D, opt_G, opt_D, xr, z, lam=0.3):
    """One iteration of the course's WGAN-GP training loop: a D update, then a G update.
    课程中 WGAN-GP 训练循环的一次迭代：先更新一次 D，再更新一次 G。

    WGAN-GP实战 / WGAN-GP in practice (lesson 57), simplified to one discriminator update per
    generator update (the course does five):

    第57课「WGAN-GP实战」，简化为每更新一次生成器只更新一次判别器（课程中是五次）：

    1. ``loss_D = discriminator_loss(D, xr, G(z)) + gradient_penalty(D, xr, G(z), lam)``
       (with its own alpha drawn from torch's global generator), then ``opt_D.zero_grad()``,
       ``loss_D.backward()``, ``opt_D.step()``;
    2. ``loss_G = generator_loss(D, G(z))`` with the updated D, then ``opt_G.zero_grad()``,
       ``loss_G.backward()``, ``opt_G.step()``.

    1. ``loss_D = discriminator_loss(D, xr, G(z)) + gradient_penalty(D, xr, G(z), lam)``（alpha
       从 torch 的全局生成器抽取），然后 ``opt_D.zero_grad()``、``loss_D.backward()``、
       ``opt_D.step()``；
    2. 用更新后的 D 计算 ``loss_G = generator_loss(D, G(z))``，然后 ``opt_G.zero_grad()``、
       ``loss_G.backward()``、``opt_G.step()``。

    ``loss_G.backward()`` also fills D's gradients, but only ``opt_G`` steps in the generator
    update: D's parameters are left as its own update made them. You may call the three
    functions above.

    ``loss_G.backward()`` 也会填充 D 的梯度，但生成器那一步只调用 ``opt_G.step()``：D 的参数保持
    它自己那一步更新后的样子。可以调用上面的三个函数。

    Args:
        G, D: the two modules (already on ``xr``'s device). / 两个模块（已在 ``xr`` 的设备上）。
        opt_G, opt_D: their ``torch.optim`` optimizers. / 它们各自的 ``torch.optim`` 优化器。
        xr: a batch of real points ``[b, 2]``. / 一批真实的点 ``[b, 2]``。
        z: noise ``[b, 2]`` for G. / 给 G 的噪声 ``[b, 2]``。
        lam: the penalty's weight. / 惩罚的权重。

    Returns:
        ``(loss_D, loss_G)`` as Python floats (``.item()``), loss_D with its penalty.
        ``(loss_D, loss_G)``，都是 Python float（``.item()``），loss_D 含惩罚项。

    Example:
        >>> G, D = Generator(16), Discriminator(16)
        >>> opt_G = torch.optim.Adam(G.parameters(), lr=1e-3, betas=(0.5, 0.9))
        >>> opt_D = torch.optim.Adam(D.parameters(), lr=1e-3, betas=(0.5, 0.9))
        >>> loss_D, loss_G = wgan_gp_step(G, D, opt_G, opt_D, eight_gaussians(64), torch.randn(64, 2))
        >>> type(loss_D), type(loss_G)
        (<class 'float'>, <class 'float'>)
    """
    # YOUR CODE HERE
    raise NotImplementedError()
