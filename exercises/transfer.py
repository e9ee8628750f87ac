"""自定义数据集 / 迁移学习 — A custom data set and transfer learning (lessons 58–63, the Pokemon project).
第58–63课「自定义数据集实战」「迁移学习」：自定义数据集与迁移学习（宝可梦项目）。

The course's Pokemon data set is a folder of class folders, one per Pokemon, each holding that
class's images (``pokemon/pikachu/00000001.png``). The first three functions turn such a folder
into labelled paths and a shuffled 60/20/20 split into training, validation and test sets; the
last three turn a trained network into the start of a new one: freeze its weights, put a new
head on it for the new classes, and count what is left to train. No pretrained weights are
downloaded here: the grader brings its own small backbone (a ResNet-like ``nn.Module`` whose
last child is an ``nn.Linear``).

课程的宝可梦数据集是一个由类别文件夹组成的文件夹，每个宝可梦一个文件夹，里面是这一类的图片
（``pokemon/pikachu/00000001.png``）。前三个函数把这样的文件夹变成带标签的路径，并把打乱后的
数据按 60/20/20 划分为训练集、验证集和测试集；后三个函数把训练好的网络变成新网络的起点：冻结它的
权重，为新的类别换上新的输出层（head），再数一数还剩多少参数要训练。这里不下载预训练权重：评分
程序自带一个小的主干网络（backbone，一个类似 ResNet 的 ``nn.Module``，最后一个子模块是
``nn.Linear``）。
"""

import os

import torch
from torch import nn


def name_to_label(root: str) -> dict:
    """``{folder name: label}`` for the class folders directly inside ``root``.
    ``root`` 下每个类别文件夹的 ``{文件夹名: 标签}``。

    自定义数据集实战 / A custom data set in practice (lessons 58–63): the course's
    ``name2label``. Every sub-folder of ``root`` is a class (an empty one too); a file lying in
    ``root`` itself (``images.csv``) is not. The labels are 0, 1, 2, … in the order of the sorted
    names (Python's ``sorted``): ``os.listdir`` gives the names in no particular order, so sort
    them first, or the labels change from one machine to another.

    第58–63课「自定义数据集实战」：课程中的 ``name2label``。``root`` 的每个子文件夹都是一个类别
    （空文件夹也算）；直接放在 ``root`` 里的文件（``images.csv``）不是类别。标签按名字排序后
    （Python 的 ``sorted``）的顺序依次为 0、1、2、……：``os.listdir`` 给出的名字没有固定顺序，
    所以要先排序，否则换一台机器标签就变了。

    Args:
        root: the path of the data set's folder. / 数据集文件夹的路径。

    Returns:
        a ``dict`` from ``str`` to ``int``. / 从 ``str`` 到 ``int`` 的 ``dict``。

    Example:
        >>> name_to_label("pokemon")  # pokemon/{pikachu,bulbasaur,mewtwo}/ and pokemon/images.csv
        {'bulbasaur': 0, 'mewtwo': 1, 'pikachu': 2}
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def list_images(root: str, exts=(".png", ".jpg", ".jpeg")) -> tuple:
    """The image files of every class folder of ``root`` and their labels.
    ``root`` 中每个类别文件夹里的图片文件及其标签。

    自定义数据集实战 / A custom data set in practice (lessons 58–63): what the course's
    ``load_csv`` collects with ``glob`` before it writes ``images.csv``. Take the files directly
    inside each class folder of ``name_to_label(root)``, not those in a folder inside it (not
    recursive), and not a folder, even one named ``old.png``. A file counts when its suffix,
    lower-cased, is one of ``exts``: ``a.PNG`` is an image, ``notes.txt`` is not. Each path is
    ``os.path.join(root, class name, file name)``, a ``str``; its label is its class's label.
    Sort the paths (as strings), and keep each label with its path.

    第58–63课「自定义数据集实战」：课程的 ``load_csv`` 在写 ``images.csv`` 之前用 ``glob`` 收集的
    内容。取 ``name_to_label(root)`` 中每个类别文件夹里直接存放的文件，不取其中子文件夹里的文件
    （不递归），也不取文件夹，哪怕它叫 ``old.png``。文件的后缀转成小写后属于 ``exts`` 才算：
    ``a.PNG`` 是图片，``notes.txt`` 不是。每个路径是 ``os.path.join(root, 类别名, 文件名)``，类型为
    ``str``；它的标签就是它所在类别的标签。把路径（按字符串）排序，并让每个标签跟着它的路径。

    Args:
        root: the path of the data set's folder. / 数据集文件夹的路径。
        exts: the image suffixes, lower-case, with their dot. / 图片后缀，小写，带点。

    Returns:
        ``(paths, labels)``: a list of ``str`` sorted, and a list of ``int`` of the same length.
        ``(paths, labels)``：排好序的 ``str`` 列表，以及等长的 ``int`` 列表。

    Example:
        >>> list_images("pokemon")  # pokemon/mewtwo/b.JPG, pokemon/bulbasaur/a.png
        (['pokemon/bulbasaur/a.png', 'pokemon/mewtwo/b.JPG'], [0, 1])
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def split_60_20_20(n: int, generator=None) -> tuple:
    """Shuffle the indices ``0 … n-1`` and cut them into 60 % / 20 % / 20 %.
    打乱下标 ``0 … n-1``，再切成 60% / 20% / 20% 三份。

    自定义数据集实战 / A custom data set in practice (lessons 58–63): the course shuffles its
    list of images, then keeps ``[:int(0.6*n)]`` for training, ``[int(0.6*n):int(0.8*n)]`` for
    validation and ``[int(0.8*n):]`` for testing. Do the same with the indices: draw one
    ``perm = torch.randperm(n, generator=generator)`` and slice it with exactly those bounds
    (``int`` rounds down; ``round`` would not). Every index lands in exactly one part: none is
    lost between two slices, none is in two.

    第58–63课「自定义数据集实战」：课程先打乱图片列表，再取 ``[:int(0.6*n)]`` 作训练集，
    ``[int(0.6*n):int(0.8*n)]`` 作验证集，``[int(0.8*n):]`` 作测试集。对下标做同样的事：抽取一次
    ``perm = torch.randperm(n, generator=generator)``，用恰好这些边界切片（``int`` 向下取整；
    ``round`` 不是）。每个下标恰好落在一份里：没有一个在两段之间丢失，也没有一个同时在两份里。

    Args:
        n: the number of samples, ``n >= 0``. / 样本个数，``n >= 0``。
        generator: a ``torch.Generator``, or None for torch's global one.
            一个 ``torch.Generator``，为 None 时用 torch 的全局生成器。

    Returns:
        ``(train, val, test)``: three int64 tensors, slices of ``perm``.
        ``(train, val, test)``：三个 int64 张量，都是 ``perm`` 的切片。

    Example:
        >>> [len(part) for part in split_60_20_20(7)]  # int(4.2) = 4, int(5.6) = 5
        [4, 1, 2]
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def freeze(model: nn.Module) -> nn.Module:
    """Freeze every parameter of ``model``, and return ``model`` itself.
    冻结 ``model`` 的每个参数，并返回 ``model`` 本身。

    迁移学习 / Transfer learning (lessons 58–63): the pretrained layers are kept as they are and
    only a new head is trained. A parameter is frozen when its ``requires_grad`` is False:
    backward then computes no gradient for it, and the optimizer leaves it alone. Every
    parameter means those of the layers nested inside other layers too (``model.parameters()``
    walks them all). Setting ``requires_grad`` on a module object does nothing (it only adds an
    attribute to it), and neither ``eval()`` nor ``torch.no_grad()`` freezes anything. Change the
    model in place; don't copy it.

    第58–63课「迁移学习」：预训练的层保持不变，只训练新的输出层。参数的 ``requires_grad`` 为
    False 就是冻结了：反向传播不再为它计算梯度，优化器也不会改动它。每个参数也包括嵌套在其他层里
    的层的参数（``model.parameters()`` 会遍历所有参数）。在模块对象上设置 ``requires_grad`` 没有
    任何作用（只是给它多加了一个属性），``eval()`` 和 ``torch.no_grad()`` 也都不会冻结任何东西。
    原地修改模型；不要拷贝它。

    Returns:
        ``model``, the same object. / ``model``，同一个对象。

    Example:
        >>> net = freeze(nn.Sequential(nn.Linear(3, 2), nn.ReLU(), nn.Linear(2, 1)))
        >>> [p.requires_grad for p in net.parameters()]
        [False, False, False, False]
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def replace_head(backbone: nn.Module, num_classes: int) -> nn.Sequential:
    """The backbone without its last layer, then a flatten and a new ``nn.Linear``.
    去掉最后一层的主干网络，接一个展平，再接一个新的 ``nn.Linear``。

    迁移学习 / Transfer learning (lessons 58–63): the course does
    ``nn.Sequential(*list(trained_model.children())[:-1], Flatten(), nn.Linear(512, 5))`` with
    ResNet-18, whose last child ``fc`` is an ``nn.Linear`` with 512 inputs. Here the backbone is
    any network whose last child is an ``nn.Linear``: read the number of features from it
    (``last.in_features``) instead of writing 512. The layers before it give ``[b, f, 1, 1]``
    (after the average pooling), which the flatten turns into ``[b, f]`` for the new head.

    第58–63课「迁移学习」：课程对 ResNet-18 写的是
    ``nn.Sequential(*list(trained_model.children())[:-1], Flatten(), nn.Linear(512, 5))``，它的最后
    一个子模块 ``fc`` 是输入为 512 的 ``nn.Linear``。这里的主干网络可以是任何最后一个子模块为
    ``nn.Linear`` 的网络：从这一层读出特征数（``last.in_features``），不要写死 512。它之前的各层
    （平均池化之后）输出 ``[b, f, 1, 1]``，展平把它变成 ``[b, f]`` 交给新的输出层。

    The kept layers are the backbone's own objects, not copies: they share their parameters with
    ``backbone`` (freezing one freezes the other). The new head is created on the device and in
    the dtype of the old last layer's weight.

    保留的各层就是主干网络自己的对象，而不是拷贝：它们与 ``backbone`` 共享参数（冻结一个，另一个
    也被冻结）。新的输出层要建在旧的最后一层权重所在的设备上，并使用相同的 dtype。

    Args:
        backbone: a network whose last child is an ``nn.Linear``.
            最后一个子模块为 ``nn.Linear`` 的网络。
        num_classes: the number of new classes. / 新的类别数。

    Returns:
        an ``nn.Sequential``: the children of ``backbone`` but the last, a flatten, and
        ``nn.Linear(last.in_features, num_classes)``.
        一个 ``nn.Sequential``：``backbone`` 除最后一个之外的子模块，一个展平，以及
        ``nn.Linear(last.in_features, num_classes)``。

    Example:
        >>> model = replace_head(resnet18(), 5)  # children()[-1] is fc = nn.Linear(512, 1000)
        >>> model(torch.rand(2, 3, 224, 224)).shape
        torch.Size([2, 5])
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def count_trainable(model: nn.Module) -> int:
    """The number of parameter elements that will be trained (``requires_grad``).
    将被训练的参数元素个数（``requires_grad`` 为 True 的）。

    迁移学习 / Transfer learning (lessons 58–63): after ``freeze`` and ``replace_head`` only the
    head's weight and bias are left to train. Sum ``p.numel()`` over ``model.parameters()``,
    keeping those with ``requires_grad``. A parameter used in two places is one parameter:
    ``model.parameters()`` yields it once, whereas a walk over every module's own parameters
    (``m.parameters(recurse=False)``) meets it once per module that holds it.

    第58–63课「迁移学习」：``freeze`` 和 ``replace_head`` 之后，只剩输出层的权重和偏置要训练。对
    ``model.parameters()`` 中 ``requires_grad`` 的参数求 ``p.numel()`` 之和。同一个参数用在两处仍是
    一个参数：``model.parameters()`` 只给出它一次，而遍历每个模块自己的参数
    （``m.parameters(recurse=False)``）时，有几个模块持有它就会遇到它几次。

    Returns:
        a Python ``int``. / 一个 Python ``int``。

    Example:
        >>> count_trainable(replace_head(freeze(resnet18()), 5))  # 512 * 5 + 5
        2565
    """
    # YOUR CODE HERE
    raise NotImplementedError()
