"""卷积 / 池化层与采样 / Batch Norm — Convolution, pooling and sampling, batch normalisation.
「卷积」「池化层与采样」「Batch Norm」三课：卷积、池化与采样、批标准化。

Images are batches ``x`` of shape ``[b, c, h, w]``: b images, c channels, h rows, w columns.
Each function here is the by-hand version of a layer of ``torch.nn.functional``: the result must
equal PyTorch's own (``F.conv2d``, ``F.max_pool2d``, ``F.avg_pool2d``, ``F.interpolate``,
``F.batch_norm``), but those built-ins are not to be called. Slicing, ``unfold``, ``einsum``,
``matmul``, ``mean``, ``amax`` and the like are all allowed. New tensors go on the input's device
(``device=x.device`` or ``*_like``), in the input's dtype.

图片是形状为 ``[b, c, h, w]`` 的一批 ``x``：b 张图片，c 个通道，h 行，w 列。这里的每个函数都是
``torch.nn.functional`` 中某一层的手写版本：结果必须与 PyTorch 自己的（``F.conv2d``、
``F.max_pool2d``、``F.avg_pool2d``、``F.interpolate``、``F.batch_norm``）相同，但不许调用这些内置
函数。切片、``unfold``、``einsum``、``matmul``、``mean``、``amax`` 等都可以用。新建的张量放在输入
所在的设备上（``device=x.device`` 或 ``*_like``），dtype 与输入相同。
"""

import torch
import torch.nn.functional as F


def _pair(v):
    return (v, v) if isinstance(v, int) else (int(v[0]), int(v[1]))


def conv_output_size(size, kernel_size, stride=1, padding=0, dilation=1) -> int:
    """The output length of a convolution (or pooling) along one spatial dim.
    卷积（或池化）在一个空间维度上的输出长度。

    卷积 / Convolution: the formula in ``nn.Conv2d``'s documentation,
    ``floor((size + 2*padding - dilation*(kernel_size - 1) - 1) / stride) + 1``.

    「卷积」一课：即 ``nn.Conv2d`` 文档中的公式，
    ``floor((size + 2*padding - dilation*(kernel_size - 1) - 1) / stride) + 1``。

    Args:
        size: the input length (``h`` or ``w``); ``kernel_size``, ``stride``, ``padding``,
            ``dilation``: ints. / 输入长度（``h`` 或 ``w``）；``kernel_size``、``stride``、
            ``padding``、``dilation``：整数。

    Returns:
        a Python ``int`` (rounded down, as PyTorch does: a window that does not fit is dropped).
        / Python ``int``（与 PyTorch 一样向下取整：放不下的窗口会被丢掉）。

    Example:
        >>> conv_output_size(28, 5, stride=2, padding=2)
        14
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def conv2d_by_hand(x, weight, bias=None, stride=1, padding=0):
    """2-D convolution, by hand: must equal ``F.conv2d(x, weight, bias, stride, padding)``.
    手写二维卷积：结果必须等于 ``F.conv2d(x, weight, bias, stride, padding)``。

    卷积 / Convolution. Forbidden: ``conv2d``, ``conv_*``, ``convolution``, ``nn.Conv2d``. Like
    PyTorch (and every deep-learning library) this is a cross-correlation: the kernel is NOT
    flipped. Pad with zeros on all four sides, then slide the kernel with the given stride:
    ``out[n, o, i, j] = bias[o] + sum over c, p, q of
    weight[o, c, p, q] * x_padded[n, c, i*sh + p, j*sw + q]``.
    Use tensor operations: a loop over the ``kh*kw`` kernel positions (or ``unfold`` and a matrix
    product) is fine; a Python loop over every output pixel is far too slow for large inputs.

    「卷积」一课。禁止使用：``conv2d``、``conv_*``、``convolution``、``nn.Conv2d``。与 PyTorch（以及
    所有深度学习库）一样，这里做的是互相关：卷积核不翻转。先在四边补 0，再按给定的步长滑动卷积核：
    ``out[n, o, i, j] = bias[o] + sum over c, p, q of
    weight[o, c, p, q] * x_padded[n, c, i*sh + p, j*sw + q]``。
    请用张量运算：对卷积核的 ``kh*kw`` 个位置循环（或用 ``unfold`` 加矩阵乘法）都可以；对每个输出
    像素做 Python 循环，遇到大输入会慢得多。

    Args:
        x: ``[b, cin, h, w]``.
        weight: ``[cout, cin, kh, kw]``.
        bias: ``[cout]`` or None.
        stride, padding: an int (both dims) or a pair ``(for h, for w)``. / 一个整数（两个维度
            相同）或一对 ``(for h, for w)``（h 方向，w 方向）。

    Returns:
        ``[b, cout, oh, ow]`` with ``oh = conv_output_size(h, kh, sh, ph)`` (and so for ``ow``);
        on x's device, in x's dtype. / 其中 ``oh = conv_output_size(h, kh, sh, ph)``（``ow``
        同理）；在 x 所在的设备上，dtype 与 x 相同。

    Example:
        >>> conv2d_by_hand(torch.rand(2, 3, 28, 28), torch.rand(16, 3, 5, 5), padding=2).shape
        torch.Size([2, 16, 28, 28])
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def max_pool2d_by_hand(x, kernel_size, stride=None):
    """Max pooling, by hand: must equal ``F.max_pool2d(x, kernel_size, stride)``.
    手写最大池化：结果必须等于 ``F.max_pool2d(x, kernel_size, stride)``。

    池化层与采样 / Pooling and sampling. Forbidden: the pooling built-ins (``max_pool*``,
    ``avg_pool*``, ``adaptive_*_pool*``, ``nn.MaxPool2d``, ...). The maximum of every
    ``kh x kw`` window, the windows ``stride`` apart. As in PyTorch: ``stride=None`` means
    ``stride = kernel_size``; windows that would run past the edge are dropped (floor mode, no
    padding); values may be negative.

    「池化层与采样」一课。禁止使用池化的内置函数（``max_pool*``、``avg_pool*``、
    ``adaptive_*_pool*``、``nn.MaxPool2d`` 等）。求每个 ``kh x kw`` 窗口的最大值，窗口之间相隔
    ``stride``。与 PyTorch 一样：``stride=None`` 表示 ``stride = kernel_size``；超出边缘的窗口丢掉
    （floor 模式，无填充）；数值可能为负。

    Args:
        x: ``[b, c, h, w]``.
        kernel_size, stride: an int (both dims) or a pair ``(for h, for w)``; stride may be None.
            / 一个整数（两个维度相同）或一对 ``(for h, for w)``（h 方向，w 方向）；stride 可以是
            None。

    Returns:
        ``[b, c, oh, ow]``, ``oh = (h - kh) // sh + 1`` (and so for ``ow``). / ``ow`` 同理。

    Example:
        >>> max_pool2d_by_hand(torch.arange(16.).reshape(1, 1, 4, 4), 2)
        tensor([[[[ 5.,  7.],
                  [13., 15.]]]])
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def avg_pool2d_by_hand(x, kernel_size, stride=None):
    """Average pooling, by hand: must equal ``F.avg_pool2d(x, kernel_size, stride)``.
    手写平均池化：结果必须等于 ``F.avg_pool2d(x, kernel_size, stride)``。

    池化层与采样 / Pooling and sampling. Forbidden: the pooling built-ins. The mean of every
    ``kh x kw`` window (divide by ``kh * kw``), the windows ``stride`` apart; ``stride=None``
    means ``stride = kernel_size``; windows that would run past the edge are dropped (floor mode),
    as in PyTorch.

    「池化层与采样」一课。禁止使用池化的内置函数。求每个 ``kh x kw`` 窗口的均值（除以
    ``kh * kw``），窗口之间相隔 ``stride``；``stride=None`` 表示 ``stride = kernel_size``；与
    PyTorch 一样，超出边缘的窗口丢掉（floor 模式）。

    Args:
        x: ``[b, c, h, w]``.
        kernel_size, stride: an int (both dims) or a pair ``(for h, for w)``; stride may be None.
            / 一个整数（两个维度相同）或一对 ``(for h, for w)``（h 方向，w 方向）；stride 可以是
            None。

    Returns:
        ``[b, c, oh, ow]``, ``oh = (h - kh) // sh + 1`` (and so for ``ow``). / ``ow`` 同理。

    Example:
        >>> avg_pool2d_by_hand(torch.arange(16.).reshape(1, 1, 4, 4), 2)
        tensor([[[[ 2.5000,  4.5000],
                  [10.5000, 12.5000]]]])
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def upsample_nearest(x, scale_factor):
    """Nearest-neighbour upsampling by an integer factor, by hand: must equal
    ``F.interpolate(x, scale_factor=scale_factor, mode="nearest")``.
    手写按整数倍的最近邻上采样：结果必须等于
    ``F.interpolate(x, scale_factor=scale_factor, mode="nearest")``。

    池化层与采样 / Pooling and sampling (upsampling). Forbidden: ``interpolate``, ``upsample*``,
    ``nn.Upsample``. Every pixel becomes an ``s x s`` block of copies of itself: output pixel
    ``(i, j)`` is input pixel ``(i // s, j // s)``.

    「池化层与采样」一课（上采样）。禁止使用：``interpolate``、``upsample*``、``nn.Upsample``。每个
    像素变成由它自己的拷贝组成的 ``s x s`` 块：输出像素 ``(i, j)`` 就是输入像素
    ``(i // s, j // s)``。

    Args:
        x: ``[b, c, h, w]``.
        scale_factor: a positive int ``s``. / 正整数 ``s``。

    Returns:
        ``[b, c, h*s, w*s]``.

    Example:
        >>> upsample_nearest(torch.tensor([[[[1., 2.], [3., 4.]]]]), 2)
        tensor([[[[1., 1., 2., 2.],
                  [1., 1., 2., 2.],
                  [3., 3., 4., 4.],
                  [3., 3., 4., 4.]]]])
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def batch_norm_by_hand(
    x, running_mean, running_var, weight, bias, training, momentum=0.1, eps=1e-5
):
    """Batch normalisation, by hand: must equal ``F.batch_norm(x, running_mean, running_var,
    weight, bias, training, momentum, eps)``, including what it does to the running statistics.
    手写批标准化：结果必须等于 ``F.batch_norm(x, running_mean, running_var, weight, bias,
    training, momentum, eps)``，包括它对滑动统计量所做的更新。

    Batch Norm. Forbidden: the batch-norm built-ins (``batch_norm``, ``native_batch_norm``,
    ``nn.BatchNorm2d``, ...). Statistics are per channel (dim 1), over every other dim: over
    ``b`` for ``[b, c]``, over ``b, h, w`` for ``[b, c, h, w]``.

    「Batch Norm」一课。禁止使用批标准化的内置函数（``batch_norm``、``native_batch_norm``、
    ``nn.BatchNorm2d`` 等）。统计量按通道（第 1 维）计算，在其余所有维度上求：对 ``[b, c]`` 在
    ``b`` 上，对 ``[b, c, h, w]`` 在 ``b, h, w`` 上。

    - ``training=True``: normalise with the batch mean and the *biased* variance (divide by n),
      ``y = (x - mean) / sqrt(var + eps) * weight + bias``; then update the running statistics
      IN PLACE, as PyTorch does, with the *unbiased* variance (divide by n - 1):
      ``running = (1 - momentum) * running + momentum * batch_statistic``.
    - ``training=False``: normalise with ``running_mean`` and ``running_var``; leave them as they
      are.

    - ``training=True``：用批内均值和*有偏*方差（除以 n）做标准化，
      ``y = (x - mean) / sqrt(var + eps) * weight + bias``；然后像 PyTorch 一样**原地**更新滑动
      统计量，其中方差用*无偏*的（除以 n - 1）：
      ``running = (1 - momentum) * running + momentum * batch_statistic``。
    - ``training=False``：用 ``running_mean`` 和 ``running_var`` 做标准化；不要改动它们。

    ``weight`` and ``bias`` (``[c]``) may be None: no scaling, no shift. ``x`` itself is never
    changed.

    ``weight`` 和 ``bias``（``[c]``）可能是 None：这时不缩放、不平移。``x`` 本身始终不改变。

    Args:
        x: ``[b, c]`` or ``[b, c, h, w]``.
        running_mean, running_var: ``[c]``, updated in place in training. / 训练时原地更新。

    Returns:
        the normalised ``x``, same shape. / 标准化后的 ``x``，形状不变。

    Example:
        >>> mean, var = torch.zeros(3), torch.ones(3)
        >>> y = batch_norm_by_hand(torch.randn(8, 3, 4, 4), mean, var, None, None, True)
        >>> y.shape, bool(mean.abs().sum() > 0)    # running mean moved towards the batch mean
        (torch.Size([8, 3, 4, 4]), True)
    """
    # YOUR CODE HERE
    raise NotImplementedError()
