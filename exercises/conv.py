"""卷积 / 池化层与采样 / Batch Norm — Convolution, pooling and sampling, batch normalisation.

Images are batches ``x`` of shape ``[b, c, h, w]``: b images, c channels, h rows, w columns.
Each function here is the by-hand version of a layer of ``torch.nn.functional``: the result must
equal PyTorch's own (``F.conv2d``, ``F.max_pool2d``, ``F.avg_pool2d``, ``F.interpolate``,
``F.batch_norm``), but those built-ins are not to be called. Slicing, ``unfold``, ``einsum``,
``matmul``, ``mean``, ``amax`` and the like are all allowed. New tensors go on the input's device
(``device=x.device`` or ``*_like``), in the input's dtype.
"""

import torch
import torch.nn.functional as F


def _pair(v):
    return (v, v) if isinstance(v, int) else (int(v[0]), int(v[1]))


def conv_output_size(size, kernel_size, stride=1, padding=0, dilation=1) -> int:
    """The output length of a convolution (or pooling) along one spatial dim.

    卷积 / Convolution: the formula in ``nn.Conv2d``'s documentation,
    ``floor((size + 2*padding - dilation*(kernel_size - 1) - 1) / stride) + 1``.

    Args:
        size: the input length (``h`` or ``w``); ``kernel_size``, ``stride``, ``padding``,
            ``dilation``: ints.

    Returns:
        a Python ``int`` (rounded down, as PyTorch does: a window that does not fit is dropped).

    Example:
        >>> conv_output_size(28, 5, stride=2, padding=2)
        14
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def conv2d_by_hand(x, weight, bias=None, stride=1, padding=0):
    """2-D convolution, by hand: must equal ``F.conv2d(x, weight, bias, stride, padding)``.

    卷积 / Convolution. Forbidden: ``conv2d``, ``conv_*``, ``convolution``, ``nn.Conv2d``. Like
    PyTorch (and every deep-learning library) this is a cross-correlation: the kernel is NOT
    flipped. Pad with zeros on all four sides, then slide the kernel with the given stride:
    ``out[n, o, i, j] = bias[o] + sum over c, p, q of
    weight[o, c, p, q] * x_padded[n, c, i*sh + p, j*sw + q]``.
    Use tensor operations: a loop over the ``kh*kw`` kernel positions (or ``unfold`` and a matrix
    product) is fine; a Python loop over every output pixel is far too slow for large inputs.

    Args:
        x: ``[b, cin, h, w]``.
        weight: ``[cout, cin, kh, kw]``.
        bias: ``[cout]`` or None.
        stride, padding: an int (both dims) or a pair ``(for h, for w)``.

    Returns:
        ``[b, cout, oh, ow]`` with ``oh = conv_output_size(h, kh, sh, ph)`` (and so for ``ow``);
        on x's device, in x's dtype.

    Example:
        >>> conv2d_by_hand(torch.rand(2, 3, 28, 28), torch.rand(16, 3, 5, 5), padding=2).shape
        torch.Size([2, 16, 28, 28])
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def max_pool2d_by_hand(x, kernel_size, stride=None):
    """Max pooling, by hand: must equal ``F.max_pool2d(x, kernel_size, stride)``.

    池化层与采样 / Pooling and sampling. Forbidden: the pooling built-ins (``max_pool*``,
    ``avg_pool*``, ``adaptive_*_pool*``, ``nn.MaxPool2d``, ...). The maximum of every
    ``kh x kw`` window, the windows ``stride`` apart. As in PyTorch: ``stride=None`` means
    ``stride = kernel_size``; windows that would run past the edge are dropped (floor mode, no
    padding); values may be negative.

    Args:
        x: ``[b, c, h, w]``.
        kernel_size, stride: an int (both dims) or a pair ``(for h, for w)``; stride may be None.

    Returns:
        ``[b, c, oh, ow]``, ``oh = (h - kh) // sh + 1`` (and so for ``ow``).

    Example:
        >>> max_pool2d_by_hand(torch.arange(16.).reshape(1, 1, 4, 4), 2)
        tensor([[[[ 5.,  7.],
                  [13., 15.]]]])
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def avg_pool2d_by_hand(x, kernel_size, stride=None):
    """Average pooling, by hand: must equal ``F.avg_pool2d(x, kernel_size, stride)``.

    池化层与采样 / Pooling and sampling. Forbidden: the pooling built-ins. The mean of every
    ``kh x kw`` window (divide by ``kh * kw``), the windows ``stride`` apart; ``stride=None``
    means ``stride = kernel_size``; windows that would run past the edge are dropped (floor mode),
    as in PyTorch.

    Args:
        x: ``[b, c, h, w]``.
        kernel_size, stride: an int (both dims) or a pair ``(for h, for w)``; stride may be None.

    Returns:
        ``[b, c, oh, ow]``, ``oh = (h - kh) // sh + 1`` (and so for ``ow``).

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

    池化层与采样 / Pooling and sampling (upsampling). Forbidden: ``interpolate``, ``upsample*``,
    ``nn.Upsample``. Every pixel becomes an ``s x s`` block of copies of itself: output pixel
    ``(i, j)`` is input pixel ``(i // s, j // s)``.

    Args:
        x: ``[b, c, h, w]``.
        scale_factor: a positive int ``s``.

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

    Batch Norm. Forbidden: the batch-norm built-ins (``batch_norm``, ``native_batch_norm``,
    ``nn.BatchNorm2d``, ...). Statistics are per channel (dim 1), over every other dim: over
    ``b`` for ``[b, c]``, over ``b, h, w`` for ``[b, c, h, w]``.

    - ``training=True``: normalise with the batch mean and the *biased* variance (divide by n),
      ``y = (x - mean) / sqrt(var + eps) * weight + bias``; then update the running statistics
      IN PLACE, as PyTorch does, with the *unbiased* variance (divide by n - 1):
      ``running = (1 - momentum) * running + momentum * batch_statistic``.
    - ``training=False``: normalise with ``running_mean`` and ``running_var``; leave them as they
      are.

    ``weight`` and ``bias`` (``[c]``) may be None: no scaling, no shift. ``x`` itself is never
    changed.

    Args:
        x: ``[b, c]`` or ``[b, c, h, w]``.
        running_mean, running_var: ``[c]``, updated in place in training.

    Returns:
        the normalised ``x``, same shape.

    Example:
        >>> mean, var = torch.zeros(3), torch.ones(3)
        >>> y = batch_norm_by_hand(torch.randn(8, 3, 4, 4), mean, var, None, None, True)
        >>> y.shape, bool(mean.abs().sum() > 0)    # running mean moved towards the batch mean
        (torch.Size([8, 3, 4, 4]), True)
    """
    # YOUR CODE HERE
    raise NotImplementedError()
