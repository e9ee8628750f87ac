"""维度变换 / Changing dimensions (lessons 20–23): view/reshape, squeeze/unsqueeze, expand/repeat,
transpose/permute.

Most functions here take a batch of images ``x`` of shape ``[b, c, h, w]``: b images, c channels,
h rows, w columns. They only move or relabel values, never compute new ones, so every result must
hold exactly the input's values, in the input's dtype and on the input's device.

Two things to keep apart:

- ``view``/``reshape`` read the elements in row-major order and cut that sequence into a new
  shape: the order of the values never changes. ``view`` needs a memory layout that allows it
  (it raises on a transposed, non-contiguous tensor); ``reshape`` copies when it must.
- ``transpose``/``permute`` move dims: ``x.permute(0, 2, 3, 1)`` makes ``[b, h, w, c]`` with
  ``y[i, j, k, l] == x[i, l, j, k]``. A ``view`` to the same shape would scramble the pixels.

Inputs may be non-contiguous (for example a transposed view) unless a docstring says otherwise.
Never change the inputs themselves (no ``squeeze_``, ``unsqueeze_``, ``transpose_``).
"""

import torch


def flatten_images(x: torch.Tensor) -> torch.Tensor:
    """Flatten every image into one row of features, e.g. to feed a fully connected layer.

    维度变换 / Changing dimensions (lesson 20, view/reshape): ``[b, c, h, w] → [b, c*h*w]``, each
    row holding one image's values in row-major order (channel 0 first, row by row).

    ``x`` may be non-contiguous (e.g. a transposed view): ``x.view(...)`` raises on such input,
    ``reshape``/``flatten`` work on any layout. The batch dim stays even when ``b == 1``.

    Args:
        x: images ``[b, c, h, w]``.

    Returns:
        ``[b, c*h*w]``.

    Example:
        >>> flatten_images(torch.rand(4, 1, 28, 28)).shape
        torch.Size([4, 784])
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def rows_of_pixels(x: torch.Tensor) -> torch.Tensor:
    """Every row of every channel of every image, stacked as the rows of a matrix.

    维度变换 / Changing dimensions (lesson 20, view/reshape): ``[b, c, h, w] → [b*c*h, w]``; row
    ``(i*c + k)*h + r`` of the result is ``x[i, k, r, :]``.

    ``x`` may be non-contiguous (e.g. a transposed view): use ``reshape``, which copies when it
    must; ``view`` raises on such input.

    Args:
        x: images ``[b, c, h, w]``.

    Returns:
        ``[b*c*h, w]``.

    Example:
        >>> rows_of_pixels(torch.rand(2, 3, 4, 5)).shape
        torch.Size([24, 5])
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def add_group_dim(x: torch.Tensor) -> torch.Tensor:
    """A new leading dim of size 1 in front of the batch (a group holding one batch).

    维度变换 / Changing dimensions (lesson 21, squeeze/unsqueeze): ``[b, c, h, w] → [1, b, c, h,
    w]``. ``unsqueeze(d)`` inserts a size-1 dim *before* position d (negative d counts from the
    end, so ``unsqueeze(-1)`` appends one).

    Args:
        x: images ``[b, c, h, w]``; any layout.

    Returns:
        ``[1, b, c, h, w]`` with ``result[0]`` equal to ``x``.

    Example:
        >>> add_group_dim(torch.rand(4, 3, 8, 8)).shape
        torch.Size([1, 4, 3, 8, 8])
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def as_channel_bias(bias: torch.Tensor) -> torch.Tensor:
    """Shape a per-channel bias so that it broadcasts against images ``[b, c, h, w]``.

    维度变换 / Changing dimensions (lesson 21, squeeze/unsqueeze): ``[c] → [1, c, 1, 1]``, as the
    course does with ``bias.unsqueeze(1).unsqueeze(2).unsqueeze(0)``; then ``x + result`` adds
    ``bias[k]`` to every pixel of channel k. (A ``[1, c]`` or ``[1, 1, 1, c]`` shape would line
    the bias up with the width w instead.)

    Args:
        bias: ``[c]``; any layout.

    Returns:
        ``[1, c, 1, 1]`` holding the values of ``bias``.

    Example:
        >>> as_channel_bias(torch.tensor([1.0, 2.0, 3.0])).shape
        torch.Size([1, 3, 1, 1])
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def squeeze_singletons(x: torch.Tensor) -> torch.Tensor:
    """Drop every dim of size 1, wherever it is.

    维度变换 / Changing dimensions (lesson 21, squeeze/unsqueeze): as ``torch.squeeze`` with no
    dim. ``x`` may have any number of dims; a tensor of only size-1 dims becomes a 0-dim tensor
    (shape ``[]``), and a tensor with no size-1 dim keeps its shape. Do not change ``x`` itself
    (``squeeze_`` would).

    Args:
        x: any shape, any layout.

    Returns:
        ``x``'s values with every size-1 dim removed.

    Example:
        >>> squeeze_singletons(torch.rand(1, 3, 1, 5)).shape
        torch.Size([3, 5])
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def expand_bias(bias: torch.Tensor, shape) -> torch.Tensor:
    """Spread a per-channel bias over a whole batch of images, without copying it.

    维度变换 / Changing dimensions (lesson 22, expand/repeat): ``[1, c, 1, 1] → shape`` (e.g.
    ``(b, c, h, w)``). The result must share memory with ``bias`` (a view whose size-1 dims are
    stretched with stride 0), so ``repeat``, ``clone`` or ``contiguous`` are not allowed here.

    As with ``Tensor.expand``: a ``-1`` in ``shape`` keeps that dim's size, ``shape`` may add new
    leading dims, and asking to change a size other than 1 raises ``RuntimeError``.

    Args:
        bias: ``[1, c, 1, 1]``; any layout.
        shape: a tuple (or list) of ints.

    Returns:
        a tensor of ``shape`` whose every ``[..., k, :, :]`` slice equals ``bias[0, k, 0, 0]``,
        sharing storage with ``bias``.

    Example:
        >>> expand_bias(torch.zeros(1, 3, 1, 1), (4, 3, 8, 8)).shape
        torch.Size([4, 3, 8, 8])
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def tile(x: torch.Tensor, reps) -> torch.Tensor:
    """Copy ``x`` ``reps[i]`` times along dim ``i``, as ``Tensor.repeat``.

    维度变换 / Changing dimensions (lesson 22, expand/repeat): the whole tensor is tiled, so
    ``tile(torch.tensor([1, 2]), (2,))`` is ``[1, 2, 1, 2]`` (not ``[1, 1, 2, 2]``). ``reps`` has
    at least ``x.dim()`` entries; when it has more, ``x`` is treated as having extra leading
    dims of size 1 (as ``repeat`` does): ``tile(x [2, 3], (4, 1, 1))`` has shape ``[4, 2, 3]``.
    The result is a new tensor that owns its memory (a copy, unlike ``expand``), even when every
    entry of ``reps`` is 1.

    Args:
        x: any shape, any layout.
        reps: a tuple (or list) of positive ints, ``len(reps) >= x.dim()``.

    Returns:
        shape ``[reps[i] * size[i]]`` for ``x``'s shape padded on the left with 1s.

    Example:
        >>> tile(torch.rand(1, 3, 1, 1), (2, 1, 4, 4)).shape
        torch.Size([2, 3, 4, 4])
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def to_channels_last(x: torch.Tensor) -> torch.Tensor:
    """Move the channel dim to the end: ``[b, c, h, w] → [b, h, w, c]``.

    维度变换 / Changing dimensions (lesson 23, transpose/permute): ``result[i, j, k, l] ==
    x[i, l, j, k]`` (e.g. to show an image with matplotlib). A ``view``/``reshape`` to
    ``[b, h, w, c]`` scrambles the pixels, and ``transpose(1, 3)`` gives ``[b, w, h, c]``.
    ``contiguous(memory_format=torch.channels_last)`` only changes the memory layout, not the
    shape. Returning a view of ``x`` is fine.

    Args:
        x: images ``[b, c, h, w]``; any layout.

    Returns:
        ``[b, h, w, c]``.

    Example:
        >>> to_channels_last(torch.rand(2, 3, 32, 24)).shape
        torch.Size([2, 32, 24, 3])
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def to_channels_first(x: torch.Tensor) -> torch.Tensor:
    """Move the channel dim from the end to position 1: ``[b, h, w, c] → [b, c, h, w]``.

    维度变换 / Changing dimensions (lesson 23, transpose/permute): the inverse of
    ``to_channels_last``, ``result[i, l, j, k] == x[i, j, k, l]``. Note that the permutation is
    not the same one: ``permute(0, 2, 3, 1)`` applied twice does not give back the input.

    Args:
        x: images ``[b, h, w, c]``; any layout.

    Returns:
        ``[b, c, h, w]``.

    Example:
        >>> to_channels_first(torch.rand(2, 32, 24, 3)).shape
        torch.Size([2, 3, 32, 24])
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def flatten_channels_last(x: torch.Tensor) -> torch.Tensor:
    """Flatten every image in channels-last order: all channels of pixel (0, 0), then of pixel
    (0, 1), and so on, row by row.

    维度变换 / Changing dimensions (lessons 20 and 23): ``[b, c, h, w] → [b, h*w*c]``; row i is
    ``x[i]`` permuted to ``[h, w, c]`` and then flattened. Flattening ``x`` directly gives the
    channels-first order, which is a different one. A permuted tensor is not contiguous, so
    ``view`` raises on it (unless c == 1): use ``reshape``. ``x`` may be non-contiguous too.

    Args:
        x: images ``[b, c, h, w]``.

    Returns:
        ``[b, h*w*c]``.

    Example:
        >>> x = torch.arange(8.).reshape(1, 2, 2, 2)   # channel 0: 0..3, channel 1: 4..7
        >>> flatten_channels_last(x)
        tensor([[0., 4., 1., 5., 2., 6., 3., 7.]])
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def unflatten_channels_last(y: torch.Tensor, c: int, h: int, w: int) -> torch.Tensor:
    """The inverse of ``flatten_channels_last``: give back the original images exactly.

    维度变换 / Changing dimensions (lessons 20 and 23): ``[b, h*w*c] → [b, c, h, w]`` with
    ``unflatten_channels_last(flatten_channels_last(x), c, h, w)`` equal to ``x`` value for value.
    A plain ``view``/``reshape`` to ``[b, c, h, w]`` does not undo the permutation: cut each row
    into ``[h, w, c]`` first, then move the channel dim back. ``y`` may be non-contiguous (e.g. a
    transposed view); splitting its last dim works with ``view`` or ``reshape``.

    Args:
        y: ``[b, h*w*c]``, each row in channels-last order.
        c, h, w: the image's channels, height and width.

    Returns:
        ``[b, c, h, w]``.

    Example:
        >>> y = torch.tensor([[0., 4., 1., 5., 2., 6., 3., 7.]])
        >>> unflatten_channels_last(y, 2, 2, 2)[0, 1]
        tensor([[4., 5.],
                [6., 7.]])
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def swap_height_width(x: torch.Tensor) -> torch.Tensor:
    """Swap the rows and columns of every image (transpose each ``h × w`` matrix).

    维度变换 / Changing dimensions (lesson 23, transpose/permute): ``[b, c, h, w] → [b, c, w,
    h]`` with ``result[i, k, s, r] == x[i, k, r, s]``. A ``view(b, c, w, h)`` has the right
    shape but scrambles the pixels whenever ``h != w``. Returning a view of ``x`` is fine; do not
    change ``x`` itself (``transpose_`` would).

    Args:
        x: images ``[b, c, h, w]``; any layout.

    Returns:
        ``[b, c, w, h]``.

    Example:
        >>> swap_height_width(torch.rand(2, 3, 4, 5)).shape
        torch.Size([2, 3, 5, 4])
    """
    # YOUR CODE HERE
    raise NotImplementedError()
