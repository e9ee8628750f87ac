"""数据增强 / Data augmentation (lesson 44).

第44课「数据增强」。

Every function here takes images of shape ``[..., c, h, w]``: any number of leading dims (none
for one image ``[c, h, w]``, a batch dim for ``[b, c, h, w]``), then c channels, h rows and w
columns. Mirrors, quarter turns and crops only move values; normalization computes new ones in
the image's dtype. Return new tensors or views, on the image's device; never change the image
itself. No torchvision: everything is written with plain tensor operations.

这里的每个函数都接收形状为 ``[..., c, h, w]`` 的图片：前面可以有任意个维度（单张图片
``[c, h, w]`` 没有，一批图片 ``[b, c, h, w]`` 有一个批维度），然后是 c 个通道、h 行、w 列。
翻转、旋转和裁剪只移动数值；标准化用图片的 dtype 计算新的数值。返回新的张量或视图，放在图片
所在的设备上；不要改动图片本身。不用 torchvision：一切都用基本的张量运算写成。

``hflip``, ``vflip`` and ``rotate90`` are to be done by hand: ``flip``, ``fliplr``, ``flipud`` and
``rot90`` are not allowed there. The random functions draw every random number from
``generator`` (a ``torch.Generator`` on the CPU, or None for torch's global one) in the order
their docstrings give, so that a run can be repeated exactly.

``hflip``、``vflip`` 和 ``rotate90`` 要求手写实现：其中不能用 ``flip``、``fliplr``、``flipud``
和 ``rot90``。随机函数的每个随机数都从 ``generator``（CPU 上的 ``torch.Generator``，为 None 时
用 torch 的全局生成器）抽取，并按 docstring 给出的顺序抽取，这样一次运行可以被精确重现。
"""

import torch


def hflip(img: torch.Tensor) -> torch.Tensor:
    """The left–right mirror image: column ``j`` of the result is column ``w - 1 - j`` of ``img``.
    左右翻转（水平翻转）：结果的第 ``j`` 列是 ``img`` 的第 ``w - 1 - j`` 列。

    数据增强 / Data augmentation (lesson 44): ``transforms.RandomHorizontalFlip`` mirrors an image
    this way. Do it by hand, without ``flip``/``fliplr``/``flipud``/``rot90``: index the last dim
    with the column numbers in reverse order (Python's ``[::-1]`` does not work on tensors).

    第44课「数据增强」：``transforms.RandomHorizontalFlip`` 就是这样翻转图片的。请手写实现，
    不要用 ``flip``/``fliplr``/``flipud``/``rot90``：用倒序的列号去索引最后一维（张量不支持
    Python 的 ``[::-1]``）。

    Build any index tensor on the image's device (``device=img.device``).

    新建索引张量时要放在图片所在的设备上（``device=img.device``）。

    Args:
        img: images ``[..., c, h, w]``, any layout. / 图片 ``[..., c, h, w]``，任意内存布局。

    Returns:
        ``[..., c, h, w]``, equal to ``img.flip(-1)``.
        ``[..., c, h, w]``，与 ``img.flip(-1)`` 相等。

    Example:
        >>> hflip(torch.tensor([[[1, 2, 3], [4, 5, 6]]]))
        tensor([[[3, 2, 1],
                 [6, 5, 4]]])
    """
    ### BEGIN SOLUTION
    columns = torch.arange(img.shape[-1] - 1, -1, -1, device=img.device)
    return img[..., columns]
    ### END SOLUTION


def vflip(img: torch.Tensor) -> torch.Tensor:
    """The up–down mirror image: row ``i`` of the result is row ``h - 1 - i`` of ``img``.
    上下翻转（垂直翻转）：结果的第 ``i`` 行是 ``img`` 的第 ``h - 1 - i`` 行。

    数据增强 / Data augmentation (lesson 44): ``transforms.RandomVerticalFlip``. By hand, as
    ``hflip``: the rows are dim -2, the second to last.

    第44课「数据增强」：``transforms.RandomVerticalFlip``。和 ``hflip`` 一样手写实现：行是第 -2
    维，即倒数第二维。

    Args:
        img: images ``[..., c, h, w]``, any layout. / 图片 ``[..., c, h, w]``，任意内存布局。

    Returns:
        ``[..., c, h, w]``, equal to ``img.flip(-2)``.
        ``[..., c, h, w]``，与 ``img.flip(-2)`` 相等。

    Example:
        >>> vflip(torch.tensor([[[1, 2, 3], [4, 5, 6]]]))
        tensor([[[4, 5, 6],
                 [1, 2, 3]]])
    """
    ### BEGIN SOLUTION
    rows = torch.arange(img.shape[-2] - 1, -1, -1, device=img.device)
    return img[..., rows, :]
    ### END SOLUTION


def rotate90(img: torch.Tensor, k: int = 1) -> torch.Tensor:
    """``k`` quarter turns counter-clockwise of every image (the last two dims).
    把每张图片（最后两维）逆时针旋转 ``k`` 个 90°。

    数据增强 / Data augmentation (lesson 44): rotation, as ``transforms.RandomRotation`` does, here
    by exact quarter turns. By hand, without ``rot90`` or ``flip``: one counter-clockwise quarter
    turn is a left–right mirror followed by a transpose of the last two dims; a half turn mirrors
    both ways. ``k`` is any integer: a negative ``k`` turns clockwise, and four turns are none,
    so only ``k % 4`` matters (Python's ``%`` is never negative here).

    第44课「数据增强」：旋转，和 ``transforms.RandomRotation`` 一样，这里只转整 90°。请手写
    实现，不要用 ``rot90`` 或 ``flip``：逆时针转一个 90° 等于先左右翻转、再转置最后两维；转 180°
    是上下、左右各翻转一次。``k`` 可以是任意整数：负数表示顺时针，转四次等于没转，所以只有
    ``k % 4`` 有意义（这里 Python 的 ``%`` 结果不会是负数）。

    Args:
        img: images ``[..., c, h, w]``. / 图片 ``[..., c, h, w]``。
        k: the number of counter-clockwise quarter turns, any integer.
            逆时针转 90° 的次数，任意整数。

    Returns:
        ``[..., c, w, h]`` for odd ``k``, ``[..., c, h, w]`` for even ``k``; equal to
        ``torch.rot90(img, k, dims=(-2, -1))``.
        ``k`` 为奇数时是 ``[..., c, w, h]``，为偶数时是 ``[..., c, h, w]``；与
        ``torch.rot90(img, k, dims=(-2, -1))`` 相等。

    Example:
        >>> rotate90(torch.tensor([[[1, 2], [3, 4]]]))
        tensor([[[2, 4],
                 [1, 3]]])
    """
    ### BEGIN SOLUTION
    k = k % 4
    rows = torch.arange(img.shape[-2] - 1, -1, -1, device=img.device)
    columns = torch.arange(img.shape[-1] - 1, -1, -1, device=img.device)
    if k == 1:
        return img[..., columns].transpose(-2, -1)
    if k == 2:
        return img[..., rows, :][..., columns]
    if k == 3:
        return img[..., rows, :].transpose(-2, -1)
    return img.clone()
    ### END SOLUTION


def center_crop(img: torch.Tensor, size) -> torch.Tensor:
    """The ``th × tw`` window in the middle of every image.
    每张图片正中间 ``th × tw`` 大小的窗口。

    数据增强 / Data augmentation (lesson 44): ``transforms.CenterCrop``. ``size`` is an int (a
    square window) or ``(th, tw)``. The window starts at row ``top = int(round((h - th) / 2))``
    and column ``left = int(round((w - tw) / 2))``, with Python's ``round``, which rounds a tie
    to the even number (``round(0.5) == 0``, ``round(1.5) == 2``) as torchvision does. Slicing
    gives a view; a copy is fine too.

    第44课「数据增强」：``transforms.CenterCrop``。``size`` 是一个 int（正方形窗口）或
    ``(th, tw)``。窗口从第 ``top = int(round((h - th) / 2))`` 行、第
    ``left = int(round((w - tw) / 2))`` 列开始，用 Python 的 ``round``：恰好在中间时取偶数
    （``round(0.5) == 0``，``round(1.5) == 2``），和 torchvision 一样。切片得到视图；返回拷贝也
    可以。

    A window larger than the image (``th > h`` or ``tw > w``) raises ``ValueError`` with a message
    that names both sizes, e.g. ``crop size (9, 4) is larger than the image size (6, 7)``.

    窗口比图片大（``th > h`` 或 ``tw > w``）时抛出 ``ValueError``，信息中要写出两个尺寸，例如
    ``crop size (9, 4) is larger than the image size (6, 7)``。

    Args:
        img: images ``[..., c, h, w]``. / 图片 ``[..., c, h, w]``。
        size: ``th`` for a square window, or ``(th, tw)``. / 正方形窗口的 ``th``，或 ``(th, tw)``。

    Returns:
        ``[..., c, th, tw]``.

    Example:
        >>> x = torch.arange(16).reshape(1, 4, 4)
        >>> center_crop(x, 2)
        tensor([[[ 5,  6],
                 [ 9, 10]]])
    """
    ### BEGIN SOLUTION
    th, tw = (size, size) if isinstance(size, int) else size
    h, w = img.shape[-2], img.shape[-1]
    if th > h or tw > w:
        raise ValueError(f"crop size {(th, tw)} is larger than the image size {(h, w)}")
    top = int(round((h - th) / 2))
    left = int(round((w - tw) / 2))
    return img[..., top : top + th, left : left + tw]
    ### END SOLUTION


def random_crop(img: torch.Tensor, size, generator: torch.Generator | None = None) -> torch.Tensor:
    """A ``th × tw`` window at a position drawn uniformly among all the positions where it fits.
    在所有放得下的位置中均匀随机地选一个位置，取出 ``th × tw`` 大小的窗口。

    数据增强 / Data augmentation (lesson 44): ``transforms.RandomCrop``. ``size`` is an int or
    ``(th, tw)``, as in ``center_crop``. Draw the top row first, then the left column, each with
    ``torch.randint`` from ``generator``: ``top = torch.randint(h - th + 1, (1,),
    generator=generator)``, then ``left`` the same way from ``w - tw + 1``. ``randint``'s bound is
    exclusive, so ``+ 1`` lets the window touch the last row and column. The same window is cut
    from every image of ``[..., c, h, w]``.

    第44课「数据增强」：``transforms.RandomCrop``。``size`` 是一个 int 或 ``(th, tw)``，和
    ``center_crop`` 一样。先抽取起始行，再抽取起始列，每次都用 ``torch.randint`` 从
    ``generator`` 中抽：``top = torch.randint(h - th + 1, (1,), generator=generator)``，然后
    ``left`` 同样从 ``w - tw + 1`` 中抽取。``randint`` 的上界不包含在内，所以要 ``+ 1``，窗口才能
    碰到最后一行和最后一列。``[..., c, h, w]`` 中的每张图片都裁剪同一个窗口。

    Args:
        img: images ``[..., c, h, w]`` with ``h >= th`` and ``w >= tw``.
            图片 ``[..., c, h, w]``，满足 ``h >= th`` 且 ``w >= tw``。
        size: ``th`` for a square window, or ``(th, tw)``. / 正方形窗口的 ``th``，或 ``(th, tw)``。
        generator: where the two draws come from (None: torch's global generator).
            两次抽取所用的生成器（None：torch 的全局生成器）。

    Returns:
        ``[..., c, th, tw]``: ``img[..., top:top + th, left:left + tw]``.

    Example:
        >>> g = torch.Generator().manual_seed(0)
        >>> random_crop(torch.rand(3, 32, 32), 28, g).shape
        torch.Size([3, 28, 28])
    """
    ### BEGIN SOLUTION
    th, tw = (size, size) if isinstance(size, int) else size
    h, w = img.shape[-2], img.shape[-1]
    if th > h or tw > w:
        raise ValueError(f"crop size {(th, tw)} is larger than the image size {(h, w)}")
    top = int(torch.randint(h - th + 1, (1,), generator=generator))
    left = int(torch.randint(w - tw + 1, (1,), generator=generator))
    return img[..., top : top + th, left : left + tw]
    ### END SOLUTION


def normalize(img: torch.Tensor, mean, std) -> torch.Tensor:
    """Channel by channel, ``(img - mean) / std``.
    逐通道计算 ``(img - mean) / std``。

    数据增强 / Data augmentation (lesson 44): ``transforms.Normalize(mean, std)``, e.g. MNIST's
    ``(0.1307,)`` and ``(0.3081,)``. ``mean`` and ``std`` are sequences of c numbers or 1-D
    tensors of length c, one value per channel: make them ``[c, 1, 1]`` tensors so that they
    broadcast over the rows and columns of channel dim -3 (a plain ``[c]`` would be matched with
    the last dim, the columns). Compute in ``img``'s dtype and on its device, and return a new
    tensor: never change ``img`` (no ``sub_``/``div_``).

    第44课「数据增强」：``transforms.Normalize(mean, std)``，例如 MNIST 的 ``(0.1307,)`` 和
    ``(0.3081,)``。``mean`` 和 ``std`` 是 c 个数的序列或长度为 c 的一维张量，每个通道一个值：
    把它们变成 ``[c, 1, 1]`` 的张量，才能在第 -3 维（通道维）的每个通道内沿行和列广播（直接用
    ``[c]`` 会和最后一维，也就是列，对齐）。用 ``img`` 的 dtype、在它的设备上计算，返回新的
    张量：不要改动 ``img``（不要用 ``sub_``/``div_``）。

    Args:
        img: images ``[c, h, w]`` or ``[b, c, h, w]``, floating point.
            浮点类型的图片 ``[c, h, w]`` 或 ``[b, c, h, w]``。
        mean: c means, a sequence or a 1-D tensor. / c 个均值，序列或一维张量。
        std: c standard deviations, a sequence or a 1-D tensor. / c 个标准差，序列或一维张量。

    Returns:
        ``img``'s shape and dtype. / 形状和 dtype 与 ``img`` 相同。

    Example:
        >>> normalize(torch.ones(2, 1, 1), [0.5, 0.0], [0.5, 2.0]).flatten()
        tensor([1.0000, 0.5000])
    """
    ### BEGIN SOLUTION
    mean = torch.as_tensor(mean, dtype=img.dtype, device=img.device).reshape(-1, 1, 1)
    std = torch.as_tensor(std, dtype=img.dtype, device=img.device).reshape(-1, 1, 1)
    return (img - mean) / std
    ### END SOLUTION


def denormalize(img: torch.Tensor, mean, std) -> torch.Tensor:
    """The inverse of ``normalize``: channel by channel, ``img * std + mean``.
    ``normalize`` 的逆运算：逐通道计算 ``img * std + mean``。

    数据增强 / Data augmentation (lesson 44): the course's ``denormalize``, which turns a
    normalized image back into one that can be shown. ``denormalize(normalize(x, m, s), m, s)``
    gives back ``x``. ``mean``, ``std``, shapes, dtype and device as in ``normalize``; never
    change ``img``.

    第44课「数据增强」：课程中的 ``denormalize``，把标准化后的图片变回可以显示的图片。
    ``denormalize(normalize(x, m, s), m, s)`` 会得到 ``x``。``mean``、``std``、形状、dtype 和
    设备都和 ``normalize`` 一样；不要改动 ``img``。

    Args:
        img: normalized images ``[c, h, w]`` or ``[b, c, h, w]``.
            标准化后的图片 ``[c, h, w]`` 或 ``[b, c, h, w]``。
        mean: c means, a sequence or a 1-D tensor. / c 个均值，序列或一维张量。
        std: c standard deviations, a sequence or a 1-D tensor. / c 个标准差，序列或一维张量。

    Returns:
        ``img``'s shape and dtype. / 形状和 dtype 与 ``img`` 相同。

    Example:
        >>> denormalize(torch.ones(2, 1, 1), [0.5, 0.0], [0.5, 2.0]).flatten()
        tensor([1., 2.])
    """
    ### BEGIN SOLUTION
    mean = torch.as_tensor(mean, dtype=img.dtype, device=img.device).reshape(-1, 1, 1)
    std = torch.as_tensor(std, dtype=img.dtype, device=img.device).reshape(-1, 1, 1)
    return img * std + mean
    ### END SOLUTION


def augment_batch(x: torch.Tensor, generator: torch.Generator | None = None) -> torch.Tensor:
    """The course's training-time pipeline: a random left–right flip, then a random 28 × 28 crop.
    课程中训练时的数据增强流程：随机左右翻转，再随机裁剪出 28 × 28。

    数据增强 / Data augmentation (lesson 44): what ``transforms.Compose([RandomHorizontalFlip(),
    RandomCrop(28)])`` does to each image of the batch. For each image, in order (image 0 first):
    one draw ``torch.rand(1, generator=generator)``, a left–right flip when it is ``< 0.5``; then
    a 28 × 28 crop drawn as in ``random_crop`` (its ``top``, then its ``left``), from the same
    generator. Every image gets its own draws. Here ``flip`` and slicing may be used.

    第44课「数据增强」：``transforms.Compose([RandomHorizontalFlip(), RandomCrop(28)])`` 对这批
    图片中每一张所做的事。按顺序（从第 0 张开始）对每张图片：先抽一次
    ``torch.rand(1, generator=generator)``，它 ``< 0.5`` 时左右翻转；然后像 ``random_crop`` 那样
    从同一个生成器抽取 28 × 28 的裁剪位置（先 ``top``，再 ``left``）。每张图片都有自己的抽取。
    这里可以用 ``flip`` 和切片。

    Args:
        x: images ``[b, c, h, w]`` with ``h, w >= 28``. / 图片 ``[b, c, h, w]``，``h, w >= 28``。
        generator: where every draw comes from (None: torch's global generator).
            所有抽取所用的生成器（None：torch 的全局生成器）。

    Returns:
        ``[b, c, 28, 28]``, in ``x``'s dtype and on its device.
        ``[b, c, 28, 28]``，dtype 和设备与 ``x`` 相同。

    Example:
        >>> augment_batch(torch.rand(4, 1, 32, 32), torch.Generator().manual_seed(0)).shape
        torch.Size([4, 1, 28, 28])
    """
    ### BEGIN SOLUTION
    crops = []
    for img in x:
        if torch.rand(1, generator=generator) < 0.5:
            img = img.flip(-1)
        h, w = img.shape[-2], img.shape[-1]
        top = int(torch.randint(h - 28 + 1, (1,), generator=generator))
        left = int(torch.randint(w - 28 + 1, (1,), generator=generator))
        crops.append(img[..., top : top + 28, left : left + 28])
    return torch.stack(crops)
    ### END SOLUTION
