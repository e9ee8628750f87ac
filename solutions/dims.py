"""维度变换 / Changing dimensions (lessons 20–23): view/reshape, squeeze/unsqueeze, expand/repeat,
transpose/permute.

第20–23课「维度变换」：view/reshape、squeeze/unsqueeze、expand/repeat、transpose/permute。

Most functions here take a batch of images ``x`` of shape ``[b, c, h, w]``: b images, c channels,
h rows, w columns. They only move or relabel values, never compute new ones, so every result must
hold exactly the input's values, in the input's dtype and on the input's device.

这里的大多数函数接收一批形状为 ``[b, c, h, w]`` 的图片 ``x``：b 张图片，c 个通道，h 行，w 列。
它们只移动或重新解释数值，从不计算新的值，所以每个结果都必须恰好是输入的那些数值，dtype
和设备也与输入相同。

Two things to keep apart:

有两件事要分清：

- ``view``/``reshape`` read the elements in row-major order and cut that sequence into a new
  shape: the order of the values never changes. ``view`` needs a memory layout that allows it
  (it raises on a transposed, non-contiguous tensor); ``reshape`` copies when it must.
- ``transpose``/``permute`` move dims: ``x.permute(0, 2, 3, 1)`` makes ``[b, h, w, c]`` with
  ``y[i, j, k, l] == x[i, l, j, k]``. A ``view`` to the same shape would scramble the pixels.

- ``view``/``reshape`` 按行优先顺序读出元素，再把这个序列切成新的形状：数值的顺序从不改变。
  ``view`` 要求内存布局允许这样做（对转置后不连续的张量它会报错）；``reshape`` 必要时会拷贝。
- ``transpose``/``permute`` 移动维度：``x.permute(0, 2, 3, 1)`` 得到 ``[b, h, w, c]``，且
  ``y[i, j, k, l] == x[i, l, j, k]``。``view`` 成同样的形状则会打乱像素。

Inputs may be non-contiguous (for example a transposed view) unless a docstring says otherwise.
Never change the inputs themselves (no ``squeeze_``, ``unsqueeze_``, ``transpose_``).

除非 docstring 另有说明，输入都可能是不连续的（例如转置后的视图）。不要改动输入本身（不要用
``squeeze_``、``unsqueeze_``、``transpose_``）。
"""

import torch


def flatten_images(x: torch.Tensor) -> torch.Tensor:
    """Flatten every image into one row of features, e.g. to feed a fully connected layer.
    把每张图片展平成一行特征，例如用来输入全连接层。

    维度变换 / Changing dimensions (lesson 20, view/reshape): ``[b, c, h, w] → [b, c*h*w]``, each
    row holding one image's values in row-major order (channel 0 first, row by row).

    第20课「维度变换」（view/reshape）：``[b, c, h, w] → [b, c*h*w]``，每一行按行优先顺序存放
    一张图片的数值（先是第 0 个通道，逐行排列）。

    ``x`` may be non-contiguous (e.g. a transposed view): ``x.view(...)`` raises on such input,
    ``reshape``/``flatten`` work on any layout. The batch dim stays even when ``b == 1``.

    ``x`` 可能不连续（例如转置后的视图）：对这样的输入 ``x.view(...)`` 会报错，而
    ``reshape``/``flatten`` 适用于任何布局。即使 ``b == 1``，批维度也要保留。

    Args:
        x: images ``[b, c, h, w]``.

    Returns:
        ``[b, c*h*w]``.

    Example:
        >>> flatten_images(torch.rand(4, 1, 28, 28)).shape
        torch.Size([4, 784])
    """
    ### BEGIN SOLUTION
    return x.flatten(start_dim=1)
    ### END SOLUTION


def rows_of_pixels(x: torch.Tensor) -> torch.Tensor:
    """Every row of every channel of every image, stacked as the rows of a matrix.
    每张图片、每个通道的每一行，依次排成一个矩阵的各行。

    维度变换 / Changing dimensions (lesson 20, view/reshape): ``[b, c, h, w] → [b*c*h, w]``; row
    ``(i*c + k)*h + r`` of the result is ``x[i, k, r, :]``.

    第20课「维度变换」（view/reshape）：``[b, c, h, w] → [b*c*h, w]``；结果的第
    ``(i*c + k)*h + r`` 行是 ``x[i, k, r, :]``。

    ``x`` may be non-contiguous (e.g. a transposed view): use ``reshape``, which copies when it
    must; ``view`` raises on such input.

    ``x`` 可能不连续（例如转置后的视图）：请用 ``reshape``，它必要时会拷贝；对这样的输入
    ``view`` 会报错。

    Args:
        x: images ``[b, c, h, w]``.

    Returns:
        ``[b*c*h, w]``.

    Example:
        >>> rows_of_pixels(torch.rand(2, 3, 4, 5)).shape
        torch.Size([24, 5])
    """
    ### BEGIN SOLUTION
    return x.reshape(-1, x.shape[-1])
    ### END SOLUTION


def add_group_dim(x: torch.Tensor) -> torch.Tensor:
    """A new leading dim of size 1 in front of the batch (a group holding one batch).
    在批维度前面加一个大小为 1 的新维度（一组，组里只有这一批）。

    维度变换 / Changing dimensions (lesson 21, squeeze/unsqueeze): ``[b, c, h, w] → [1, b, c, h,
    w]``. ``unsqueeze(d)`` inserts a size-1 dim *before* position d (negative d counts from the
    end, so ``unsqueeze(-1)`` appends one).

    第21课「维度变换」（squeeze/unsqueeze）：``[b, c, h, w] → [1, b, c, h, w]``。
    ``unsqueeze(d)`` 在位置 d *之前* 插入一个大小为 1 的维度（d 为负数时从末尾数起，所以
    ``unsqueeze(-1)`` 是在最后追加一维）。

    Args:
        x: images ``[b, c, h, w]``; any layout.

    Returns:
        ``[1, b, c, h, w]`` with ``result[0]`` equal to ``x``.

    Example:
        >>> add_group_dim(torch.rand(4, 3, 8, 8)).shape
        torch.Size([1, 4, 3, 8, 8])
    """
    ### BEGIN SOLUTION
    return x.unsqueeze(0)
    ### END SOLUTION


def as_channel_bias(bias: torch.Tensor) -> torch.Tensor:
    """Shape a per-channel bias so that it broadcasts against images ``[b, c, h, w]``.
    把每个通道一个值的偏置变换成能与图片 ``[b, c, h, w]`` 广播的形状。

    维度变换 / Changing dimensions (lesson 21, squeeze/unsqueeze): ``[c] → [1, c, 1, 1]``, as the
    course does with ``bias.unsqueeze(1).unsqueeze(2).unsqueeze(0)``; then ``x + result`` adds
    ``bias[k]`` to every pixel of channel k. (A ``[1, c]`` or ``[1, 1, 1, c]`` shape would line
    the bias up with the width w instead.)

    第21课「维度变换」（squeeze/unsqueeze）：``[c] → [1, c, 1, 1]``，和课上
    ``bias.unsqueeze(1).unsqueeze(2).unsqueeze(0)`` 的做法一样；这样 ``x + result`` 会把
    ``bias[k]`` 加到第 k 个通道的每个像素上。（``[1, c]`` 或 ``[1, 1, 1, c]`` 的形状会让偏置
    对齐的是宽度 w。）

    Args:
        bias: ``[c]``; any layout.

    Returns:
        ``[1, c, 1, 1]`` holding the values of ``bias`` / 存放 ``bias`` 的数值。

    Example:
        >>> as_channel_bias(torch.tensor([1.0, 2.0, 3.0])).shape
        torch.Size([1, 3, 1, 1])
    """
    ### BEGIN SOLUTION
    return bias.unsqueeze(1).unsqueeze(2).unsqueeze(0)
    ### END SOLUTION


def squeeze_singletons(x: torch.Tensor) -> torch.Tensor:
    """Drop every dim of size 1, wherever it is.
    去掉所有大小为 1 的维度，不管它们在哪里。

    维度变换 / Changing dimensions (lesson 21, squeeze/unsqueeze): as ``torch.squeeze`` with no
    dim. ``x`` may have any number of dims; a tensor of only size-1 dims becomes a 0-dim tensor
    (shape ``[]``), and a tensor with no size-1 dim keeps its shape. Do not change ``x`` itself
    (``squeeze_`` would).

    第21课「维度变换」（squeeze/unsqueeze）：和不带 dim 参数的 ``torch.squeeze`` 一样。``x``
    可以有任意多个维度；所有维度大小都为 1 的张量会变成 0 维张量（形状 ``[]``），没有大小为 1
    的维度的张量形状不变。不要改动 ``x`` 本身（``squeeze_`` 会改动它）。

    Args:
        x: any shape, any layout / 任意形状、任意布局。

    Returns:
        ``x``'s values with every size-1 dim removed / 去掉所有大小为 1 的维度后
            ``x`` 的数值。

    Example:
        >>> squeeze_singletons(torch.rand(1, 3, 1, 5)).shape
        torch.Size([3, 5])
    """
    ### BEGIN SOLUTION
    return x.squeeze()
    ### END SOLUTION


def expand_bias(bias: torch.Tensor, shape) -> torch.Tensor:
    """Spread a per-channel bias over a whole batch of images, without copying it.
    把每个通道一个值的偏置铺满一整批图片，且不拷贝它。

    维度变换 / Changing dimensions (lesson 22, expand/repeat): ``[1, c, 1, 1] → shape`` (e.g.
    ``(b, c, h, w)``). The result must share memory with ``bias`` (a view whose size-1 dims are
    stretched with stride 0), so ``repeat``, ``clone`` or ``contiguous`` are not allowed here.

    第22课「维度变换」（expand/repeat）：``[1, c, 1, 1] → shape``（例如 ``(b, c, h, w)``）。
    结果必须与 ``bias`` 共享内存（一个把大小为 1 的维度以步长 0 拉伸的视图），所以这里不能用
    ``repeat``、``clone`` 或 ``contiguous``。

    As with ``Tensor.expand``: a ``-1`` in ``shape`` keeps that dim's size, ``shape`` may add new
    leading dims, and asking to change a size other than 1 raises ``RuntimeError``.

    和 ``Tensor.expand`` 一样：``shape`` 中的 ``-1`` 表示保持该维的大小，``shape`` 可以在前面
    添加新的维度，而要改变一个不为 1 的大小会抛出 ``RuntimeError``。

    Args:
        bias: ``[1, c, 1, 1]``; any layout.
        shape: a tuple (or list) of ints.

    Returns:
        a tensor of ``shape`` whose every ``[..., k, :, :]`` slice equals ``bias[0, k, 0, 0]``,
            sharing storage with ``bias``.
        形状为 ``shape`` 的张量，它的每个 ``[..., k, :, :]`` 切片都等于 ``bias[0, k, 0, 0]``，
            与 ``bias`` 共享存储。

    Example:
        >>> expand_bias(torch.zeros(1, 3, 1, 1), (4, 3, 8, 8)).shape
        torch.Size([4, 3, 8, 8])
    """
    ### BEGIN SOLUTION
    return bias.expand(*shape)
    ### END SOLUTION


def tile(x: torch.Tensor, reps) -> torch.Tensor:
    """Copy ``x`` ``reps[i]`` times along dim ``i``, as ``Tensor.repeat``.
    沿第 ``i`` 维把 ``x`` 复制 ``reps[i]`` 次，和 ``Tensor.repeat`` 一样。

    维度变换 / Changing dimensions (lesson 22, expand/repeat): the whole tensor is tiled, so
    ``tile(torch.tensor([1, 2]), (2,))`` is ``[1, 2, 1, 2]`` (not ``[1, 1, 2, 2]``). ``reps`` has
    at least ``x.dim()`` entries; when it has more, ``x`` is treated as having extra leading
    dims of size 1 (as ``repeat`` does): ``tile(x [2, 3], (4, 1, 1))`` has shape ``[4, 2, 3]``.
    The result is a new tensor that owns its memory (a copy, unlike ``expand``), even when every
    entry of ``reps`` is 1.

    第22课「维度变换」（expand/repeat）：平铺的是整个张量，所以
    ``tile(torch.tensor([1, 2]), (2,))`` 是 ``[1, 2, 1, 2]``（而不是 ``[1, 1, 2, 2]``）。
    ``reps`` 至少有 ``x.dim()`` 项；项数更多时，把 ``x`` 看作在前面多了几个大小为 1 的维度
    （和 ``repeat`` 一样）：``tile(x [2, 3], (4, 1, 1))`` 的形状是 ``[4, 2, 3]``。结果是一个
    拥有自己内存的新张量（是拷贝，这一点和 ``expand`` 不同），即使 ``reps`` 的每一项都是 1
    也是如此。

    Args:
        x: any shape, any layout / 任意形状、任意布局。
        reps: 任意形状、任意布局 / any shape, any layout.
        reps: a tuple (or list) of positive ints, ``len(reps) >= x.dim()``.

    Returns:
        shape ``[reps[i] * size[i]]`` for ``x``'s shape padded on the left with 1s.
        形状为 ``[reps[i] * size[i]]``，size 是 ``x`` 的形状在左边补 1 之后的形状。

    Example:
        >>> tile(torch.rand(1, 3, 1, 1), (2, 1, 4, 4)).shape
        torch.Size([2, 3, 4, 4])
    """
    ### BEGIN SOLUTION
    return x.repeat(*reps)
    ### END SOLUTION


def to_channels_last(x: torch.Tensor) -> torch.Tensor:
    """Move the channel dim to the end: ``[b, c, h, w] → [b, h, w, c]``.
    把通道维移到最后：``[b, c, h, w] → [b, h, w, c]``。

    维度变换 / Changing dimensions (lesson 23, transpose/permute): ``result[i, j, k, l] ==
    x[i, l, j, k]`` (e.g. to show an image with matplotlib). A ``view``/``reshape`` to
    ``[b, h, w, c]`` scrambles the pixels, and ``transpose(1, 3)`` gives ``[b, w, h, c]``.
    ``contiguous(memory_format=torch.channels_last)`` only changes the memory layout, not the
    shape. Returning a view of ``x`` is fine.

    第23课「维度变换」（transpose/permute）：``result[i, j, k, l] == x[i, l, j, k]``（例如为了
    用 matplotlib 显示图片）。``view``/``reshape`` 成 ``[b, h, w, c]`` 会打乱像素，而
    ``transpose(1, 3)`` 得到的是 ``[b, w, h, c]``。``contiguous(memory_format=torch.channels_last)``
    只改变内存布局，不改变形状。返回 ``x`` 的视图是可以的。

    Args:
        x: images ``[b, c, h, w]``; any layout.

    Returns:
        ``[b, h, w, c]``.

    Example:
        >>> to_channels_last(torch.rand(2, 3, 32, 24)).shape
        torch.Size([2, 32, 24, 3])
    """
    ### BEGIN SOLUTION
    return x.permute(0, 2, 3, 1)
    ### END SOLUTION


def to_channels_first(x: torch.Tensor) -> torch.Tensor:
    """Move the channel dim from the end to position 1: ``[b, h, w, c] → [b, c, h, w]``.
    把通道维从最后移到第 1 维：``[b, h, w, c] → [b, c, h, w]``。

    维度变换 / Changing dimensions (lesson 23, transpose/permute): the inverse of
    ``to_channels_last``, ``result[i, l, j, k] == x[i, j, k, l]``. Note that the permutation is
    not the same one: ``permute(0, 2, 3, 1)`` applied twice does not give back the input.

    第23课「维度变换」（transpose/permute）：``to_channels_last`` 的逆操作，
    ``result[i, l, j, k] == x[i, j, k, l]``。注意两者的排列不是同一个：把 ``permute(0, 2, 3, 1)``
    做两次并不能还原输入。

    Args:
        x: images ``[b, h, w, c]``; any layout.

    Returns:
        ``[b, c, h, w]``.

    Example:
        >>> to_channels_first(torch.rand(2, 32, 24, 3)).shape
        torch.Size([2, 3, 32, 24])
    """
    ### BEGIN SOLUTION
    return x.permute(0, 3, 1, 2)
    ### END SOLUTION


def flatten_channels_last(x: torch.Tensor) -> torch.Tensor:
    """Flatten every image in channels-last order: all channels of pixel (0, 0), then of pixel
    (0, 1), and so on, row by row.
    按通道在后（channels-last）的顺序展平每张图片：先是像素 (0, 0) 的所有通道，然后是像素
    (0, 1) 的，依此类推，逐行排列。

    维度变换 / Changing dimensions (lessons 20 and 23): ``[b, c, h, w] → [b, h*w*c]``; row i is
    ``x[i]`` permuted to ``[h, w, c]`` and then flattened. Flattening ``x`` directly gives the
    channels-first order, which is a different one. A permuted tensor is not contiguous, so
    ``view`` raises on it (unless c == 1): use ``reshape``. ``x`` may be non-contiguous too.

    第20课和第23课「维度变换」：``[b, c, h, w] → [b, h*w*c]``；第 i 行是把 ``x[i]``
    permute 成 ``[h, w, c]`` 后再展平。直接展平 ``x`` 得到的是通道在前的顺序，那是另一种顺序。
    permute 之后的张量不连续，所以 ``view`` 会报错（除非 c == 1）：请用 ``reshape``。``x``
    本身也可能不连续。

    Args:
        x: images ``[b, c, h, w]``.

    Returns:
        ``[b, h*w*c]``.

    Example:
        >>> x = torch.arange(8.).reshape(1, 2, 2, 2)   # channel 0: 0..3, channel 1: 4..7
        >>> flatten_channels_last(x)
        tensor([[0., 4., 1., 5., 2., 6., 3., 7.]])
    """
    ### BEGIN SOLUTION
    return x.permute(0, 2, 3, 1).flatten(start_dim=1)
    ### END SOLUTION


def unflatten_channels_last(y: torch.Tensor, c: int, h: int, w: int) -> torch.Tensor:
    """The inverse of ``flatten_channels_last``: give back the original images exactly.
    ``flatten_channels_last`` 的逆操作：准确地还原原来的图片。

    维度变换 / Changing dimensions (lessons 20 and 23): ``[b, h*w*c] → [b, c, h, w]`` with
    ``unflatten_channels_last(flatten_channels_last(x), c, h, w)`` equal to ``x`` value for value.
    A plain ``view``/``reshape`` to ``[b, c, h, w]`` does not undo the permutation: cut each row
    into ``[h, w, c]`` first, then move the channel dim back. ``y`` may be non-contiguous (e.g. a
    transposed view); splitting its last dim works with ``view`` or ``reshape``.

    第20课和第23课「维度变换」：``[b, h*w*c] → [b, c, h, w]``，且
    ``unflatten_channels_last(flatten_channels_last(x), c, h, w)`` 与 ``x`` 的每个值都相等。
    直接 ``view``/``reshape`` 成 ``[b, c, h, w]`` 撤销不了那次 permute：先把每一行切成
    ``[h, w, c]``，再把通道维移回去。``y`` 可能不连续（例如转置后的视图）；拆分它的最后一维
    用 ``view`` 或 ``reshape`` 都可以。

    Args:
        y: ``[b, h*w*c]``, each row in channels-last order / 每一行按通道在后的顺序排列。
        c, h, w: the image's channels, height and width / 图片的通道数、高和宽。

    Returns:
        ``[b, c, h, w]``.

    Example:
        >>> y = torch.tensor([[0., 4., 1., 5., 2., 6., 3., 7.]])
        >>> unflatten_channels_last(y, 2, 2, 2)[0, 1]
        tensor([[4., 5.],
                [6., 7.]])
    """
    ### BEGIN SOLUTION
    return y.reshape(y.shape[0], h, w, c).permute(0, 3, 1, 2)
    ### END SOLUTION


def swap_height_width(x: torch.Tensor) -> torch.Tensor:
    """Swap the rows and columns of every image (transpose each ``h × w`` matrix).
    交换每张图片的行和列（把每个 ``h × w`` 矩阵转置）。

    维度变换 / Changing dimensions (lesson 23, transpose/permute): ``[b, c, h, w] → [b, c, w,
    h]`` with ``result[i, k, s, r] == x[i, k, r, s]``. A ``view(b, c, w, h)`` has the right
    shape but scrambles the pixels whenever ``h != w``. Returning a view of ``x`` is fine; do not
    change ``x`` itself (``transpose_`` would).

    第23课「维度变换」（transpose/permute）：``[b, c, h, w] → [b, c, w, h]``，且
    ``result[i, k, s, r] == x[i, k, r, s]``。``view(b, c, w, h)`` 的形状是对的，但只要
    ``h != w`` 就会打乱像素。返回 ``x`` 的视图是可以的；不要改动 ``x`` 本身（``transpose_``
    会改动它）。

    Args:
        x: images ``[b, c, h, w]``; any layout.

    Returns:
        ``[b, c, w, h]``.

    Example:
        >>> swap_height_width(torch.rand(2, 3, 4, 5)).shape
        torch.Size([2, 3, 5, 4])
    """
    ### BEGIN SOLUTION
    return x.transpose(2, 3)
    ### END SOLUTION
