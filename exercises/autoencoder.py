"""AutoEncoder自编码器 / VAE实战 — Auto-encoders, VAEs in practice (lessons 54–55).

「AutoEncoder自编码器」「VAE实战」（第54–55课）。

An auto-encoder squeezes an image through a small code and tries to rebuild it: the
``encoder`` maps a flattened MNIST image ``[b, 784]`` to a code ``[b, 20]``, the ``decoder``
maps the code back to ``[b, 784]``, and a Sigmoid keeps every pixel of the rebuilt image
``x_hat`` in (0, 1), like the input's. Training minimises the reconstruction error
``F.mse_loss(x_hat, x)``: no labels are needed.

自编码器把图片压缩成一个很短的编码，再尽量把图片还原出来：``encoder``（编码器）把展平的 MNIST
图片 ``[b, 784]`` 变成编码 ``[b, 20]``，``decoder``（解码器）再把编码变回 ``[b, 784]``，最后的
Sigmoid 让重建图片 ``x_hat`` 的每个像素都落在 (0, 1) 内，和输入一样。训练时最小化重建误差
``F.mse_loss(x_hat, x)``：不需要标签。

A variational auto-encoder (VAE) makes the code random: the encoder gives a mean ``mu`` and a
standard deviation ``sigma`` for every code value, the code is drawn from ``N(mu, sigma²)`` by
the reparameterisation trick ``h = mu + sigma * eps`` with ``eps ~ N(0, 1)`` (so that gradients
reach ``mu`` and ``sigma``), and the KL divergence ``KL(N(mu, sigma²) ‖ N(0, 1))`` is added to
the loss to keep the codes close to ``N(0, 1)``.

变分自编码器（VAE）让编码变成随机的：编码器为每个编码值给出均值 ``mu`` 和标准差 ``sigma``，
用重参数化技巧 ``h = mu + sigma * eps``（``eps ~ N(0, 1)``）从 ``N(mu, sigma²)`` 中采样出编码
（这样梯度才能传到 ``mu`` 和 ``sigma``），再把 KL 散度 ``KL(N(mu, sigma²) ‖ N(0, 1))`` 加到损失
上，让编码靠近 ``N(0, 1)``。

Images are batches ``x [b, 1, 28, 28]`` (float32, values in [0, 1]). The attribute names and
layer orders given in the docstrings are part of the exercise: the grader loads its own weights
into your modules with ``load_state_dict``.

图片是一批 ``x [b, 1, 28, 28]``（float32，取值在 [0, 1] 内）。文档字符串中给出的属性名和层的顺序
都是练习的一部分：评分程序用 ``load_state_dict`` 把它自己的权重加载进你的模块。
"""

import torch
import torch.nn.functional as F
from torch import nn


class AE(nn.Module):
    """The course's auto-encoder: ``x [b, 1, 28, 28]`` → ``(x_hat [b, 1, 28, 28], None)``.
    课程中的自编码器：``x [b, 1, 28, 28]`` → ``(x_hat [b, 1, 28, 28], None)``。

    AutoEncoder自编码器 / Auto-encoders (lesson 54; the code is ``ae.py`` of lesson 55). Two
    attributes, in this order:

    第54课「AutoEncoder自编码器」（代码是第55课的 ``ae.py``）。按顺序有两个属性：

    - ``encoder = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 64), nn.ReLU(),
      nn.Linear(64, 20), nn.ReLU())``: ``[b, 784]`` → ``[b, 20]``;
    - ``decoder = nn.Sequential(nn.Linear(20, 64), nn.ReLU(), nn.Linear(64, 256), nn.ReLU(),
      nn.Linear(256, 784), nn.Sigmoid())``: ``[b, 20]`` → ``[b, 784]``.

    - ``encoder = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 64), nn.ReLU(),
      nn.Linear(64, 20), nn.ReLU())``：``[b, 784]`` → ``[b, 20]``；
    - ``decoder = nn.Sequential(nn.Linear(20, 64), nn.ReLU(), nn.Linear(64, 256), nn.ReLU(),
      nn.Linear(256, 784), nn.Sigmoid())``：``[b, 20]`` → ``[b, 784]``。

    ``forward(x)``: flatten each image to ``[b, 784]`` (keep the batch dim), run ``encoder``
    then ``decoder``, and give the result the shape of the input, ``[b, 1, 28, 28]``. Return a
    pair ``(x_hat, None)``: the ``None`` stands where ``VAE`` returns its KL divergence, so that
    one training loop serves both models.

    ``forward(x)``：把每张图片展平成 ``[b, 784]``（保留批维度），依次经过 ``encoder`` 和
    ``decoder``，再把结果变回输入的形状 ``[b, 1, 28, 28]``。返回一对 ``(x_hat, None)``：``None``
    所在的位置，``VAE`` 返回的是它的 KL 散度，这样同一个训练循环可以训练两个模型。

    Example:
        >>> x_hat, kld = AE()(torch.rand(2, 1, 28, 28))
        >>> x_hat.shape, kld
        (torch.Size([2, 1, 28, 28]), None)
    """

    def __init__(self):
        super().__init__()
        # YOUR CODE HERE
        raise NotImplementedError()

    def forward(self, x: torch.Tensor):
        # YOUR CODE HERE
        raise NotImplementedError()


def reparameterize(mu: torch.Tensor, sigma: torch.Tensor, eps: torch.Tensor) -> torch.Tensor:
    """The reparameterisation trick: a draw from ``N(mu, sigma²)`` as ``mu + sigma * eps``.
    重参数化技巧：用 ``mu + sigma * eps`` 表示从 ``N(mu, sigma²)`` 中的一次采样。

    VAE实战 / VAEs in practice (lesson 55). Sampling itself has no gradient, so the VAE draws
    the noise ``eps ~ N(0, 1)`` apart (here it is given, so that the result can be checked) and
    builds the sample from ``mu`` and ``sigma`` with ordinary operations: then autograd carries
    gradients to both. ``sigma`` is the standard deviation itself (not its log, not the
    variance). Keep ``mu`` and ``sigma`` in the graph: no ``detach``, ``.data`` or
    ``torch.no_grad``.

    第55课「VAE实战」。采样本身没有梯度，所以 VAE 单独抽取噪声 ``eps ~ N(0, 1)``（这里直接给出，
    以便检查结果），再用普通的运算从 ``mu`` 和 ``sigma`` 构造出样本：这样 autograd 就能把梯度传到
    两者。``sigma`` 就是标准差本身（不是它的对数，也不是方差）。``mu`` 和 ``sigma`` 要留在计算图里：
    不要用 ``detach``、``.data`` 或 ``torch.no_grad``。

    Args:
        mu: means ``[..., d]``. / 均值 ``[..., d]``。
        sigma: standard deviations, the shape of ``mu``. / 标准差，形状与 ``mu`` 相同。
        eps: the noise, the shape of ``mu``. / 噪声，形状与 ``mu`` 相同。

    Returns:
        ``[..., d]``: ``mu + sigma * eps``, element-wise.
        ``[..., d]``：逐元素计算的 ``mu + sigma * eps``。

    Example:
        >>> reparameterize(torch.tensor([0.0, 1.0]), torch.tensor([1.0, 2.0]), torch.tensor([0.5, -1.0]))
        tensor([ 0.5000, -1.0000])
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def gaussian_kl(mu: torch.Tensor, sigma: torch.Tensor) -> torch.Tensor:
    """``KL(N(mu, sigma²) ‖ N(0, 1))``, summed over the last dim.
    ``KL(N(mu, sigma²) ‖ N(0, 1))``，对最后一维求和。

    VAE实战 / VAEs in practice (lesson 55). For one code value with mean ``mu`` and standard
    deviation ``sigma`` the KL divergence from the standard normal is
    ``0.5 * (mu² + sigma² - log(sigma²) - 1)``: zero when ``mu = 0`` and ``sigma = 1``, positive
    otherwise. The code values are independent, so the KL divergence of a whole code is the sum
    of these over the last dim (not the mean). Note the ½ and the log of the *variance*
    ``sigma²`` (``log(sigma²) = 2 * log(sigma)``). ``sigma`` is positive here; ``torch.log``
    of ``sigma ** 2`` is fine.

    第55课「VAE实战」。对一个均值为 ``mu``、标准差为 ``sigma`` 的编码值，它到标准正态分布的 KL 散度是
    ``0.5 * (mu² + sigma² - log(sigma²) - 1)``：``mu = 0`` 且 ``sigma = 1`` 时为零，否则为正。各个
    编码值相互独立，所以整个编码的 KL 散度是它们在最后一维上的和（不是均值）。注意 ½，以及取对数的是
    *方差* ``sigma²``（``log(sigma²) = 2 * log(sigma)``）。这里 ``sigma`` 都是正数；直接对
    ``sigma ** 2`` 用 ``torch.log`` 即可。

    Args:
        mu: means ``[..., d]``. / 均值 ``[..., d]``。
        sigma: standard deviations (positive), the shape of ``mu``. / 标准差（正数），形状与
            ``mu`` 相同。

    Returns:
        ``[...]`` (the last dim summed away), equal to
        ``torch.distributions.kl_divergence(Normal(mu, sigma), Normal(0, 1)).sum(-1)``.
        ``[...]``（最后一维被求和掉），等于
        ``torch.distributions.kl_divergence(Normal(mu, sigma), Normal(0, 1)).sum(-1)``。

    Example:
        >>> gaussian_kl(torch.tensor([[0.0, 1.0]]), torch.tensor([[1.0, 1.0]]))
        tensor([0.5000])
    """
    # YOUR CODE HERE
    raise NotImplementedError()


class VAE(nn.Module):
    """The course's VAE: ``x [b, 1, 28, 28]`` → ``(x_hat [b, 1, 28, 28], kld)``.
    课程中的 VAE：``x [b, 1, 28, 28]`` → ``(x_hat [b, 1, 28, 28], kld)``。

    VAE实战 / VAEs in practice (lesson 55, ``vae.py``). Two attributes, in this order:

    第55课「VAE实战」（``vae.py``）。按顺序有两个属性：

    - ``encoder``, exactly ``AE``'s: ``[b, 784]`` → ``[b, 20]`` (ending with a ReLU);
    - ``decoder = nn.Sequential(nn.Linear(10, 64), nn.ReLU(), nn.Linear(64, 256), nn.ReLU(),
      nn.Linear(256, 784), nn.Sigmoid())``: it takes a code of 10 values, not 20.

    - ``encoder``，与 ``AE`` 的完全相同：``[b, 784]`` → ``[b, 20]``（最后是 ReLU）；
    - ``decoder = nn.Sequential(nn.Linear(10, 64), nn.ReLU(), nn.Linear(64, 256), nn.ReLU(),
      nn.Linear(256, 784), nn.Sigmoid())``：它的输入是 10 个编码值，不是 20 个。

    ``forward(x)``: flatten to ``[b, 784]``; ``h_ = encoder(...)`` ``[b, 20]``; cut it into
    ``mu, sigma = h_.chunk(2, dim=1)`` (the first 10 values are the means, the last 10 the
    standard deviations, each ``[b, 10]``); draw ``eps = torch.randn_like(sigma)`` (one call, from
    torch's global generator, so that ``torch.manual_seed`` repeats it); ``h = mu + sigma * eps``;
    ``x_hat = decoder(h)`` with the input's shape ``[b, 1, 28, 28]``. Return ``(x_hat, kld)``,
    ``kld`` the course's KL divergence, a 0-dim tensor:
    ``0.5 * sum(mu² + sigma² - log(1e-8 + sigma²) - 1) / (b * 28 * 28)``, summed over the whole
    batch and divided by the number of pixels, so that it is on the scale of the per-pixel
    ``F.mse_loss``. The ``1e-8`` is needed: ``sigma`` comes out of a ReLU and can be exactly 0.

    ``forward(x)``：展平成 ``[b, 784]``；``h_ = encoder(...)``，形状 ``[b, 20]``；把它切成
    ``mu, sigma = h_.chunk(2, dim=1)``（前 10 个值是均值，后 10 个是标准差，各为 ``[b, 10]``）；
    抽取 ``eps = torch.randn_like(sigma)``（只调用一次，用 torch 的全局生成器，这样
    ``torch.manual_seed`` 能重现它）；``h = mu + sigma * eps``；``x_hat = decoder(h)``，形状变回输入的
    ``[b, 1, 28, 28]``。返回 ``(x_hat, kld)``，``kld`` 是课程中的 KL 散度，一个 0 维张量：
    ``0.5 * sum(mu² + sigma² - log(1e-8 + sigma²) - 1) / (b * 28 * 28)``，对整批求和后除以像素个数，
    这样它和逐像素的 ``F.mse_loss`` 在同一个量级上。``1e-8`` 是必需的：``sigma`` 来自 ReLU，可能
    恰好为 0。

    Example:
        >>> x_hat, kld = VAE()(torch.rand(2, 1, 28, 28))
        >>> x_hat.shape, kld.shape
        (torch.Size([2, 1, 28, 28]), torch.Size([]))
    """

    def __init__(self):
        super().__init__()
        # YOUR CODE HERE
        raise NotImplementedError()

    def forward(self, x: torch.Tensor):
        # YOUR CODE HERE
        raise NotImplementedError()


def vae_loss(
    x_hat: torch.Tensor, x: torch.Tensor, kld: torch.Tensor, beta: float = 1.0
) -> torch.Tensor:
    """The VAE's training loss: the reconstruction error plus ``beta`` times the KL divergence.
    VAE 的训练损失：重建误差加上 ``beta`` 倍的 KL 散度。

    VAE实战 / VAEs in practice (lesson 55). The course's loop computes
    ``elbo = -F.mse_loss(x_hat, x) - beta * kld`` and minimises ``loss = -elbo``: return that
    loss, ``F.mse_loss(x_hat, x) + beta * kld``, a 0-dim tensor. The MSE is the mean over every
    pixel of the batch (``F.mse_loss``'s default), on the scale of the course's ``kld``, which is
    divided by ``b * 28 * 28`` too. ``beta`` weighs the KL term (``beta = 0`` leaves the
    reconstruction error alone; ``beta > 1`` is a β-VAE).

    第55课「VAE实战」。课程的训练循环计算 ``elbo = -F.mse_loss(x_hat, x) - beta * kld``，并最小化
    ``loss = -elbo``：返回这个损失 ``F.mse_loss(x_hat, x) + beta * kld``，一个 0 维张量。MSE 是对整批
    所有像素求的均值（``F.mse_loss`` 的默认方式），与课程中同样除以了 ``b * 28 * 28`` 的 ``kld`` 在
    同一个量级上。``beta`` 是 KL 项的权重（``beta = 0`` 时只剩重建误差；``beta > 1`` 就是 β-VAE）。

    Args:
        x_hat: the rebuilt images ``[b, 1, 28, 28]`` (any shape, as ``x``'s). / 重建的图片
            ``[b, 1, 28, 28]``（任意形状，与 ``x`` 相同）。
        x: the images, the shape of ``x_hat``. / 原图片，形状与 ``x_hat`` 相同。
        kld: the KL divergence, a 0-dim tensor (``VAE``'s). / KL 散度，一个 0 维张量（``VAE``
            返回的）。
        beta: the weight of the KL divergence. / KL 散度的权重。

    Returns:
        a 0-dim tensor. / 一个 0 维张量。

    Example:
        >>> vae_loss(torch.ones(1, 4), torch.zeros(1, 4), torch.tensor(0.5), beta=2.0)
        tensor(2.)
    """
    # YOUR CODE HERE
    raise NotImplementedError()
