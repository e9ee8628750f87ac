"""Hidden checks for topic `transfer` (自定义数据集 / 迁移学习).

The sandbox sees none of the judge's folders, so the class-folder trees are made in its own files
folder by a kit function (grader.functions.make_tree: folders and empty files, from relative
paths), which returns the tree's path there; the judge computes the expected labels and paths
from the same list. The trees hold files of several suffixes, upper-case ones, a folder inside a
class folder (with images in it, and one named like an image), stray files at the root and an
empty class folder; the class folders are made in an order that is not sorted. The models are
the grader's own backbone (grader.functions.tiny_resnet: ResNet-18's children in small, last an
nn.Linear; no pretrained weights) and a network with shared and tied parameters
(grader.functions.tied_net), built in the sandbox from a seed and here from the same seed; what
the submission returns is read back as plain facts (grader.functions.model_facts: children,
which of them are the backbone's own objects, parameters, the head's weights), so that its
output is compared with the judge's backbone followed by the submission's own new head.
Known mistakes are named; the meta device and CUDA are checked for replace_head, the one
function that creates tensors."""

import os

import pytest
import torch
from torch import nn

from grader import functions
from grader.checks import (
    assert_close_number,
    assert_equal,
    assert_tensor,
    fail,
    generator,
    randn,
    requires_cuda,
)
from grader.checks.compare import looks_like
from grader.checks.devices import LeftOut
from grader.checks.feedback import shown
from grader.i18n import Msg
from grader.lessons import cite
from grader.sandbox.client import StudentError

exercise = pytest.mark.exercise
points = pytest.mark.points

DATASET = cite("dataset")
TRANSFER = cite("transfer")

# The device checks an exercise leaves out, and why (tests/kit/test_completeness.py).
DEVICE_CHECKS_LEFT_OUT = {
    "name_to_label": LeftOut(
        meta="reads folder names from a path: a str in, a dict of str and int out, no tensor",
        cuda="reads folder names from a path: a str in, a dict of str and int out, no tensor",
    ),
    "list_images": LeftOut(
        meta="lists files from a path: a str in, lists of str and int out, no tensor",
        cuda="lists files from a path: a str in, lists of str and int out, no tensor",
    ),
    "split_60_20_20": LeftOut(
        meta="an int and a CPU generator in: no tensor comes in whose device could be kept, and "
        "the indices are torch.randperm's on the CPU, as the contract says",
        cuda="an int and a CPU generator in: no tensor comes in whose device could be kept, and "
        "the indices are torch.randperm's on the CPU, as the contract says",
    ),
    "freeze": LeftOut(
        meta="sets requires_grad on the given model's own parameters: it creates and moves no tensor",
        cuda="sets requires_grad on the given model's own parameters: it creates and moves no tensor",
    ),
    "count_trainable": LeftOut(
        meta="returns an int: no tensor, so no device",
        cuda="returns an int: no tensor, so no device",
    ),
}


def _kit(student, fn):
    return student.transfer.kit_function(fn)


def _mistake(got_text, expected_text, mistake: Msg, what: Msg):
    fail(
        f"{what} is {got_text}, expected {expected_text}. {looks_like(mistake)}",
        f"{what.zh}是 {got_text}，应为 {expected_text}。{looks_like(mistake)}",
        mistake=mistake,
    )


def _check_plain(got, expected, known: list, what: Msg):
    """`got` must equal `expected` (plain data); else the first of `known` [(value, mistake)]
    that it equals is named."""
    for value, mistake in known:
        if value != expected and _same(got, value):
            _mistake(shown(got), shown(expected), mistake, what)
    assert_equal(got, expected, what=what)


def _same(a, b):
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    return type(a) is type(b) and a == b


# -- class-folder trees -----------------------------------------------------------------------------
# Each tree: (class folders in the order made, other folders, files), paths relative to its root.
FULL_TREE = (
    ["pikachu", "mewtwo", "charmander", "bulbasaur", "squirtle"],
    ["bulbasaur/more", "bulbasaur/old.png", "squirtle/extra/deeper"],
    [
        "pikachu/2.png",
        "pikachu/10.png",
        "pikachu/1.png",
        "pikachu/cover.PNG",
        "mewtwo/b.jpg",
        "mewtwo/a.Png",
        "mewtwo/c.gif",
        "mewtwo/notes.txt",
        "bulbasaur/00000000.png",
        "bulbasaur/00000001.JPG",
        "bulbasaur/00000002.jpeg",
        "bulbasaur/more/00000009.png",
        "bulbasaur/old.png/inside.png",
        "squirtle/s.JPEG",
        "squirtle/extra/x.png",
        "squirtle/extra/deeper/y.jpg",
        "images.csv",
        "cover.png",
    ],
)
IMAGE_EXTS = (".png", ".jpg", ".jpeg")


def _make(student, name, tree):
    classes, folders, files = tree
    return _kit(student, functions.make_tree)(name, [*classes, *folders], files)


def _class_names(tree):
    return sorted(tree[0])


def _labels(tree):
    return {name: i for i, name in enumerate(_class_names(tree))}


def _images(root, tree, exts=IMAGE_EXTS, *, recursive=False, lower=True, labels=None, order=None):
    """The (paths, labels) list_images gives for `tree` at `root`, or a known mistake's."""
    classes, folders, files = tree
    labels = labels or _labels(tree)
    found = []
    for f in files:
        parts = f.split("/")
        if len(parts) < 2 or parts[0] not in labels:
            continue
        if len(parts) > 2 and not recursive:
            continue
        suffix = os.path.splitext(parts[-1])[1]
        if (suffix.lower() if lower else suffix) in exts:
            found.append((os.path.join(root, *parts), labels[parts[0]]))
    if recursive:  # a recursive glob also meets the folder named like an image
        found += [
            (os.path.join(root, *d.split("/")), labels[d.split("/")[0]])
            for d in folders
            if os.path.splitext(d)[1].lower() in exts
        ]
    found.sort(key=order)
    return [p for p, _ in found], [label for _, label in found]


NAMES = Msg("name_to_label(root)", "name_to_label(root) 的结果")
IMAGES = Msg("list_images(root)", "list_images(root) 的结果")

UNSORTED = Msg(
    f"the labels follow os.listdir's order, which is no order at all: number the names of "
    f"sorted(...) {DATASET.en}",
    f"标签沿用了 os.listdir 的顺序，而它没有固定顺序：应按 sorted(...) 排序后的名字编号{DATASET.zh}",
)
FILES_AS_CLASSES = Msg(
    f"the files lying in root (images.csv) were counted as classes: only sub-folders are "
    f"classes (os.path.isdir) {DATASET.en}",
    f"把直接放在 root 里的文件（images.csv）也当成了类别：只有子文件夹才是类别（os.path.isdir）"
    f"{DATASET.zh}",
)
FROM_ONE = Msg(
    f"the labels start at 1: the first class is label 0 {DATASET.en}",
    f"标签从 1 开始了：第一个类别的标签是 0{DATASET.zh}",
)
INVERTED = Msg(
    f"the dict goes from label to name: name_to_label maps each folder name to its label "
    f"{DATASET.en}",
    f"字典是从标签到名字的：name_to_label 应把每个文件夹名映射到它的标签{DATASET.zh}",
)
EMPTY_SKIPPED = Msg(
    f"an empty class folder got no label: every sub-folder is a class, one without images too "
    f"{DATASET.en}",
    f"空的类别文件夹没有得到标签：每个子文件夹都是一个类别，没有图片的也是{DATASET.zh}",
)
CASE_SORTED = Msg(
    f"the names were sorted ignoring case: Python's sorted puts upper-case letters before "
    f"lower-case ones ('Mewtwo' < 'bulbasaur') {DATASET.en}",
    f"排序时忽略了大小写：Python 的 sorted 会把大写字母排在小写字母前面（'Mewtwo' < 'bulbasaur'）"
    f"{DATASET.zh}",
)


def _name_mistakes(tree):
    classes, _, files = tree
    names = _class_names(tree)
    stray = sorted({f for f in files if "/" not in f})
    known = [
        ({n: i for i, n in enumerate(classes)}, UNSORTED),
        ({n: i for i, n in enumerate(reversed(classes))}, UNSORTED),
        ({n: i for i, n in enumerate(sorted(names + stray))}, FILES_AS_CLASSES),
        ({n: i + 1 for i, n in enumerate(names)}, FROM_ONE),
        ({i: n for i, n in enumerate(names)}, INVERTED),
        ({n: i for i, n in enumerate(sorted(names, key=str.lower))}, CASE_SORTED),
    ]
    with_images = sorted({f.split("/")[0] for f in files if "/" in f})
    known.append(({n: i for i, n in enumerate(with_images)}, EMPTY_SKIPPED))
    return known


def _check_names(student, name, tree):
    root = _make(student, name, tree)
    got = student.transfer.name_to_label(root)
    if isinstance(got, dict) and got.keys() == _labels(tree).keys() and got != _labels(tree):
        if sorted(got.values()) == list(range(len(got))) and not any(
            _same(got, value) for value, _ in _name_mistakes(tree)
        ):
            _mistake(shown(got), shown(_labels(tree)), UNSORTED, NAMES)
    _check_plain(got, _labels(tree), _name_mistakes(tree), NAMES)


@exercise("transfer.name_to_label")
@points(2)
def test_name_to_label_sorted(student):
    tree = (["squirtle", "pikachu", "charmander", "mewtwo", "bulbasaur", "eevee"], [], [])
    _check_names(student, "names_sorted", (tree[0], [], [f"{n}/0.png" for n in tree[0]]))


@exercise("transfer.name_to_label")
@points(2)
def test_name_to_label_folders_only_and_empty_ones(student):
    _check_names(student, "names_full", FULL_TREE)


@exercise("transfer.name_to_label")
@points(1)
def test_name_to_label_upper_case_names(student):
    classes = ["bulbasaur", "Pikachu", "mewtwo", "Mewtwo", "charmander"]
    _check_names(student, "names_case", (classes, [], [f"{n}/1.png" for n in classes]))


@exercise("transfer.name_to_label")
@points(1)
def test_name_to_label_no_class_folders(student):
    root = _make(student, "names_none", ([], [], ["images.csv", "readme.png"]))
    _check_plain(
        student.transfer.name_to_label(root),
        {},
        [({"images.csv": 0, "readme.png": 1}, FILES_AS_CLASSES)],
        Msg(
            "name_to_label of a folder without sub-folders", "没有子文件夹的文件夹的 name_to_label"
        ),
    )


# -- list_images ------------------------------------------------------------------------------------
RECURSIVE = Msg(
    f"the files of the folders inside a class folder were listed too (a recursive walk, or "
    f"glob with **): take only the files directly inside each class folder {DATASET.en}",
    f"类别文件夹里的子文件夹中的文件也被列出来了（递归遍历，或用了 ** 的 glob）：只取直接放在每个"
    f"类别文件夹里的文件{DATASET.zh}",
)
CASE_SENSITIVE = Msg(
    f"the suffix was compared as it is, so a.PNG or b.JPG was left out: lower-case the suffix "
    f"before looking it up in exts {DATASET.en}",
    f"后缀按原样比较，于是 a.PNG、b.JPG 被漏掉了：先把后缀转成小写，再到 exts 里查找{DATASET.zh}",
)
FOLDER_LISTED = Msg(
    f"a folder named like an image (old.png) was listed: keep only files (os.path.isfile), "
    f"as glob does not {DATASET.en}",
    f"一个名字像图片的文件夹（old.png）被列了出来：只保留文件（os.path.isfile），glob 不会替你排除它"
    f"{DATASET.zh}",
)
NOT_SORTED = Msg(
    f"the paths are not sorted: sort them (as strings), keeping each label with its path "
    f"{DATASET.en}",
    f"路径没有排序：按字符串给路径排序，并让每个标签跟着它的路径{DATASET.zh}",
)
LABELS_NOT_FOLLOWING = Msg(
    f"the paths were sorted but the labels were not moved with them: sort (path, label) pairs "
    f"{DATASET.en}",
    f"路径排好了序，标签却没有跟着一起移动：应对 (路径, 标签) 对排序{DATASET.zh}",
)
WRONG_MAPPING = Msg(
    f"the labels do not come from name_to_label(root) (every class folder, sorted, from 0): "
    f"look each path's class folder up there {DATASET.en}",
    f"标签不是来自 name_to_label(root)（所有类别文件夹，排序后从 0 开始）：应在其中查找每个路径所在"
    f"的类别文件夹{DATASET.zh}",
)
EXTS_IGNORED = Msg(
    f"exts was not used: the suffixes to take are the argument's, not .png/.jpg/.jpeg always "
    f"{DATASET.en}",
    f"没有使用 exts：要取的后缀由参数给出，而不是总用 .png/.jpg/.jpeg{DATASET.zh}",
)


def _image_mistakes(root, tree, exts=IMAGE_EXTS):
    expected_paths, expected_labels = _images(root, tree, exts)
    names = _class_names(tree)
    with_images = sorted({f.split("/")[0] for f in tree[2] if f.count("/") == 1})
    listdir_order = {n: i for i, n in enumerate(tree[0])}
    known = [
        (_images(root, tree, exts, recursive=True), RECURSIVE),
        (_images(root, tree, exts, lower=False), CASE_SENSITIVE),
        (
            _images(root, (tree[0], tree[1], tree[2] + [d + "/" for d in tree[1]]), exts),
            FOLDER_LISTED,
        ),
        (_images(root, tree, exts, order=lambda pl: (pl[1], pl[0])), NOT_SORTED),
        ((expected_paths, sorted(expected_labels)), LABELS_NOT_FOLLOWING),
        (
            _images(root, tree, exts, labels={n: i for i, n in enumerate(with_images)}),
            WRONG_MAPPING,
        ),
        (_images(root, tree, exts, labels=listdir_order), WRONG_MAPPING),
        (_images(root, tree, exts, labels={n: i + 1 for i, n in enumerate(names)}), WRONG_MAPPING),
        (_images(root, tree, IMAGE_EXTS), EXTS_IGNORED),
    ]
    return known


def _folder_listed_images(root, tree, exts):
    """What a glob without an isfile test gives: the folders named like an image too."""
    classes, folders, files = tree
    labels = _labels(tree)
    paths, got_labels = _images(root, tree, exts)
    pairs = list(zip(paths, got_labels)) + [
        (os.path.join(root, *d.split("/")), labels[d.split("/")[0]])
        for d in folders
        if d.count("/") == 1 and os.path.splitext(d)[1].lower() in exts
    ]
    pairs.sort()
    return [p for p, _ in pairs], [label for _, label in pairs]


def _check_images(student, name, tree, exts=None):
    root = _make(student, name, tree)
    fn = student.transfer.list_images
    got = fn(root) if exts is None else fn(root, exts)
    exts = IMAGE_EXTS if exts is None else exts
    expected = _images(root, tree, exts)
    known = _image_mistakes(root, tree, exts)
    known[2] = (_folder_listed_images(root, tree, exts), FOLDER_LISTED)
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        fail(
            "list_images should return a tuple (paths, labels) of two lists.",
            "list_images 应当返回由两个列表组成的 tuple (paths, labels)。",
        )
    paths, labels = got
    if isinstance(paths, (list, tuple)) and any(not isinstance(p, str) for p in paths):
        fail(
            f"every path should be a str (os.path.join(root, class name, file name)), not a "
            f"pathlib.Path or anything else {DATASET.en}",
            f"每个路径都应当是 str（os.path.join(root, 类别名, 文件名)），而不是 pathlib.Path 等其他类型"
            f"{DATASET.zh}",
        )
    if isinstance(labels, (list, tuple)) and any(type(v) is not int for v in labels):
        fail(
            f"every label should be a Python int, not a tensor or anything else {DATASET.en}",
            f"每个标签都应当是 Python int，而不是张量等其他类型{DATASET.zh}",
        )
    if (
        isinstance(paths, (list, tuple))
        and sorted(paths) == expected[0]
        and list(paths) != expected[0]
    ):
        pairs = sorted(zip(paths, labels))
        if [p for p, _ in pairs] == expected[0] and [v for _, v in pairs] == expected[1]:
            _mistake(shown(got), shown(expected), NOT_SORTED, IMAGES)
    if (
        isinstance(paths, (list, tuple))
        and isinstance(labels, (list, tuple))
        and list(paths) == expected[0]
        and sorted(labels) == sorted(expected[1])
        and list(labels) != expected[1]
    ):
        _mistake(shown(got), shown(expected), LABELS_NOT_FOLLOWING, IMAGES)
    _check_plain(got, expected, known, IMAGES)


@exercise("transfer.list_images")
@points(3)
def test_list_images_full_tree(student):
    _check_images(student, "images_full", FULL_TREE)


@exercise("transfer.list_images")
@points(2)
def test_list_images_upper_case_suffixes(student):
    classes = ["mewtwo", "bulbasaur"]
    files = [
        "mewtwo/a.PNG",
        "mewtwo/b.JpG",
        "mewtwo/c.jpeg",
        "mewtwo/d.gif",
        "bulbasaur/e.png.txt",
        "bulbasaur/f",
        "bulbasaur/g.tar.png",
        "bulbasaur/h.JPEG",
    ]
    _check_images(student, "images_case", (classes, [], files))


@exercise("transfer.list_images")
@points(2)
def test_list_images_not_recursive(student):
    classes = ["squirtle", "eevee"]
    folders = ["squirtle/train", "squirtle/train/more", "eevee/val"]
    files = [
        "squirtle/1.png",
        "squirtle/train/2.png",
        "squirtle/train/more/3.jpg",
        "eevee/val/4.png",
        "eevee/5.jpg",
    ]
    _check_images(student, "images_nested", (classes, folders, files))


@exercise("transfer.list_images")
@points(2)
def test_list_images_labels_of_every_class(student):
    classes = ["pikachu", "charmander", "bulbasaur", "abra"]  # abra and charmander are empty
    files = ["pikachu/p1.png", "pikachu/p0.jpg", "bulbasaur/b.png", "readme.txt"]
    _check_images(student, "images_labels", (classes, [], files))


@exercise("transfer.list_images")
@points(1)
def test_list_images_other_exts(student):
    classes = ["mewtwo", "bulbasaur"]
    files = [
        "mewtwo/a.gif",
        "mewtwo/b.png",
        "bulbasaur/c.GIF",
        "bulbasaur/d.bmp",
        "bulbasaur/e.jpg",
    ]
    _check_images(student, "images_exts", (classes, [], files), exts=(".gif", ".bmp"))


@exercise("transfer.list_images")
@points(1)
def test_list_images_paths_sort_as_strings(student):
    classes = ["pikachu"]
    files = [f"pikachu/{n}.png" for n in (1, 2, 10, 11, 3, 20)]
    _check_images(student, "images_order", (classes, [], files))


# -- split_60_20_20 ---------------------------------------------------------------------------------
TRAIN_VAL_TEST = (
    Msg("train (the training set)", "train（训练集）"),
    Msg("val (the validation set)", "val（验证集）"),
    Msg("test (the test set)", "test（测试集）"),
)


def _split(n, seed, *, bounds=None, perm=None):
    perm = torch.randperm(n, generator=generator(seed)) if perm is None else perm
    a, b = bounds or (int(0.6 * n), int(0.8 * n))
    return perm[:a], perm[a:b], perm[b:]


def _split_mistakes(n, seed):
    perm = torch.randperm(n, generator=generator(seed))
    a, b = int(0.6 * n), int(0.8 * n)
    return {
        Msg(
            f"the bounds were rounded with round: the course's int(0.6 * n) and int(0.8 * n) "
            f"round down {DATASET.en}",
            f"边界用 round 取整了：课程中的 int(0.6 * n) 和 int(0.8 * n) 是向下取整{DATASET.zh}",
        ): _split(n, seed, bounds=(round(0.6 * n), round(0.8 * n))),
        Msg(
            f"an index is lost between two parts (a slice starts one past the last one's end): "
            f"val starts where train ends, at int(0.6 * n) {DATASET.en}",
            f"有一个下标在两份之间丢失了（切片从上一段末尾的下一个位置开始）：val 应从 train 结束处、"
            f"即 int(0.6 * n) 开始{DATASET.zh}",
        ): (perm[:a], perm[a + 1 : b], perm[b:]),
        Msg(
            f"an index is in two parts (the slices overlap): train ends at int(0.6 * n), "
            f"excluded, where val starts {DATASET.en}",
            f"有一个下标同时在两份里（切片重叠了）：train 到 int(0.6 * n) 为止（不含），val 从那里开始"
            f"{DATASET.zh}",
        ): (perm[: a + 1], perm[a:b], perm[b:]),
        Msg(
            f"an index is lost between val and test: test starts at int(0.8 * n) {DATASET.en}",
            f"有一个下标在 val 和 test 之间丢失了：test 应从 int(0.8 * n) 开始{DATASET.zh}",
        ): (perm[:a], perm[a:b], perm[b + 1 :]),
        Msg(
            f"val's end was computed as int(0.6 * n) + int(0.2 * n), which is not int(0.8 * n) "
            f"for every n (n = 9: 5 + 1 ≠ 7) {DATASET.en}",
            f"val 的终点算成了 int(0.6 * n) + int(0.2 * n)，它并不总等于 int(0.8 * n)（n = 9 时：5 + 1 ≠ 7）"
            f"{DATASET.zh}",
        ): _split(n, seed, bounds=(a, a + int(0.2 * n))),
        Msg(
            f"the indices were not shuffled: draw perm = torch.randperm(n, generator=generator) "
            f"and slice it {DATASET.en}",
            f"下标没有被打乱：应抽取 perm = torch.randperm(n, generator=generator) 再对它切片{DATASET.zh}",
        ): _split(n, seed, perm=torch.arange(n)),
        Msg(
            f"each part was sorted: the parts are slices of perm, in perm's order {DATASET.en}",
            f"每一份都被排序了：这几份是 perm 的切片，保持 perm 中的顺序{DATASET.zh}",
        ): tuple(part.sort().values for part in _split(n, seed)),
        Msg(
            f"the parts are in the wrong order: return (train, val, test) {DATASET.en}",
            f"几份的顺序不对：应返回 (train, val, test){DATASET.zh}",
        ): tuple(reversed(_split(n, seed))),
    }


def _check_split(got, n, seed):
    expected = _split(n, seed)
    if not isinstance(got, (tuple, list)) or len(got) != 3:
        fail(
            "split_60_20_20 should return a tuple (train, val, test) of three tensors.",
            "split_60_20_20 应当返回由三个张量组成的 tuple (train, val, test)。",
        )
    if all(isinstance(part, torch.Tensor) for part in got):
        for mistake, parts in _split_mistakes(n, seed).items():
            same = all(
                g.shape == p.shape and torch.equal(g.cpu().long(), p) for g, p in zip(got, parts)
            )
            differs = any(
                p.shape != e.shape or not torch.equal(p, e) for p, e in zip(parts, expected)
            )
            if same and differs:
                fail(
                    f"split_60_20_20({n}) is not the course's split. {looks_like(mistake)}",
                    f"split_60_20_20({n}) 不是课程中的划分。{looks_like(mistake)}",
                    mistake=mistake,
                )
    for part, want, what in zip(got, expected, TRAIN_VAL_TEST):
        assert_tensor(part, want, what=what)


@exercise("transfer.split_60_20_20")
@points(1)
@pytest.mark.parametrize(
    "n, seed",
    [
        pytest.param(10, 11, id="n10"),
        pytest.param(7, 12, id="n7-int-is-not-round"),
        pytest.param(9, 13, id="n9-int-of-0.8n"),
        pytest.param(11, 14, id="n11"),
        pytest.param(1167, 15, id="pokemon-sized"),
    ],
)
def test_split_60_20_20_is_the_courses(student, n, seed):
    _check_split(student.transfer.split_60_20_20(n, generator=generator(seed)), n, seed)


@exercise("transfer.split_60_20_20")
@points(1)
def test_split_60_20_20_tiny_n(student):
    for n in (0, 1, 2, 3, 4, 5):
        _check_split(student.transfer.split_60_20_20(n, generator(20 + n)), n, 20 + n)


@exercise("transfer.split_60_20_20")
@points(2)
def test_split_60_20_20_every_index_once(student):
    n = 46
    got = student.transfer.split_60_20_20(n, generator=generator(31))
    if not isinstance(got, (tuple, list)) or not all(isinstance(t, torch.Tensor) for t in got):
        fail(
            "split_60_20_20 should return a tuple (train, val, test) of three tensors.",
            "split_60_20_20 应当返回由三个张量组成的 tuple (train, val, test)。",
        )
    every = torch.cat([t.flatten().cpu().long() for t in got])
    counts = torch.bincount(every.clamp(0, n), minlength=n + 1)[:n]
    lost, twice = int((counts == 0).sum()), int((counts > 1).sum())
    if lost or twice or every.numel() != n:
        fail(
            f"the three parts of split_60_20_20({n}) hold {every.numel()} indices: {lost} of "
            f"0 … {n - 1} in none of them and {twice} in more than one. Slice one perm at "
            f"int(0.6 * n) and int(0.8 * n), each bound ending one slice and starting the next "
            f"{DATASET.en}",
            f"split_60_20_20({n}) 的三份共有 {every.numel()} 个下标：0 … {n - 1} 中有 {lost} 个不在任何"
            f"一份里，{twice} 个在不止一份里。应在 int(0.6 * n) 和 int(0.8 * n) 处切同一个 perm，每个"
            f"边界既是上一段的终点也是下一段的起点{DATASET.zh}",
        )
    _check_split(got, n, 31)


@exercise("transfer.split_60_20_20")
@points(1)
def test_split_60_20_20_follows_the_generator(student):
    fn = student.transfer.split_60_20_20
    first, again = fn(30, generator=generator(41)), fn(30, generator=generator(41))
    if not all(torch.equal(a, b) for a, b in zip(first, again)):
        fail(
            "two calls with generators in the same state gave different splits: draw the "
            "permutation from generator (torch.randperm(n, generator=generator)).",
            "两次调用的生成器状态相同，得到的划分却不同：应从 generator 抽取排列"
            "（torch.randperm(n, generator=generator)）。",
        )
    others = [fn(30, generator=generator(seed)) for seed in range(42, 46)]
    if all(torch.equal(first[0], other[0]) for other in others):
        fail(
            "generators with different seeds all gave the same split: the generator is not used.",
            "不同种子的生成器得到的划分都相同：generator 没有被使用。",
        )
    _check_split(first, 30, 41)


@exercise("transfer.split_60_20_20")
@points(1)
def test_split_60_20_20_without_generator(student):
    got = student.transfer.split_60_20_20(20)
    if not isinstance(got, (tuple, list)) or len(got) != 3:
        fail(
            "split_60_20_20 should return a tuple (train, val, test) of three tensors.",
            "split_60_20_20 应当返回由三个张量组成的 tuple (train, val, test)。",
        )
    for part, size, what in zip(got, (12, 4, 4), TRAIN_VAL_TEST):
        assert_tensor(
            part.to("meta"), torch.empty(size, dtype=torch.int64, device="meta"), what=what
        )
    assert_tensor(torch.cat(list(got)).sort().values, torch.arange(20))


# -- freeze ---------------------------------------------------------------------------------------------
NOTHING_FROZEN = Msg(
    f"no parameter was frozen: set requires_grad = False on every parameter "
    f"(model.parameters()); requires_grad set on a module object, eval() and torch.no_grad() "
    f"freeze nothing {TRANSFER.en}",
    f"没有冻结任何参数：应对每个参数（model.parameters()）设置 requires_grad = False；在模块对象上"
    f"设置 requires_grad、eval() 和 torch.no_grad() 都冻结不了任何东西{TRANSFER.zh}",
)
FIRST_ONLY = Msg(
    f"only the first layer was frozen: loop over every parameter of the model {TRANSFER.en}",
    f"只冻结了第一层：应遍历模型的每个参数{TRANSFER.zh}",
)
NESTED_MISSED = Msg(
    f"the parameters of the layers nested inside other layers (layer1's blocks) were missed: "
    f"model.parameters() walks them all, children() and parameters(recurse=False) do not "
    f"{TRANSFER.en}",
    f"嵌套在其他层里的层（layer1 中的残差块）的参数被漏掉了：model.parameters() 会遍历全部参数，"
    f"children() 和 parameters(recurse=False) 不会{TRANSFER.zh}",
)
WEIGHTS_ONLY = Msg(
    f"only the weights were frozen: the biases (and batch norm's weight and bias) are "
    f"parameters too {TRANSFER.en}",
    f"只冻结了权重：偏置（以及批标准化的权重和偏置）也是参数{TRANSFER.zh}",
)
FLIPPED = Msg(
    f"requires_grad was flipped (not p.requires_grad), so the frozen ones thawed: set it to "
    f"False {TRANSFER.en}",
    f"把 requires_grad 取反了（not p.requires_grad），原本冻结的参数反而解冻了：应把它设为 False"
    f"{TRANSFER.zh}",
)


def _freeze_mistake(flags, before):
    """The named mistake the `requires_grad` flags after freeze show, if any."""
    still = [name for name, flag in flags if flag]
    if len(still) == len(flags):
        return NOTHING_FROZEN
    if before and still == [name for name, flag in before if not flag]:
        return FLIPPED
    if len(still) == len(flags) - 1 and flags[0][1] is False:
        return FIRST_ONLY
    names = [name for name, _ in flags]
    if len(still) == len(flags) - 2 and names[:2] == [n for n, f in flags if not f]:
        return FIRST_ONLY
    if still and all(name.count(".") > 1 for name in still):
        return NESTED_MISSED
    if still and all(name.endswith("bias") for name in still):
        return WEIGHTS_ONLY
    return None


def _check_frozen(student, model, before=None, what=None):
    flags = _kit(student, functions.requires_grad_flags)(model)
    still = [name for name, flag in flags if flag]
    if still:
        mistake = _freeze_mistake(flags, before)
        what = what or Msg("after freeze(model)", "freeze(model) 之后")
        fail(
            f"{what}, {len(still)} of the {len(flags)} parameters still have requires_grad=True."
            + (f" {looks_like(mistake)}" if mistake else ""),
            f"{what.zh}，{len(flags)} 个参数中仍有 {len(still)} 个的 requires_grad=True。"
            + (looks_like(mistake) if mistake else ""),
            mistake=mistake,
        )


@exercise("transfer.freeze")
@points(3)
@pytest.mark.parametrize("features, seed", [(8, 51), (6, 52)])
def test_freeze_every_parameter(student, features, seed):
    model = _kit(student, functions.tiny_resnet).keep(features, 5, seed)
    student.transfer.freeze(model)
    _check_frozen(student, model)


@exercise("transfer.freeze")
@points(1)
def test_freeze_a_sequential_of_linear_layers(student):
    lib = student.transfer.torch.nn  # torch.nn as the sandbox sees it
    model = lib.Sequential(lib.Linear(4, 3), lib.ReLU(), lib.Linear(3, 3), lib.Linear(3, 2))
    student.transfer.freeze(model)
    _check_frozen(student, model)


@exercise("transfer.freeze")
@points(1)
def test_freeze_a_partly_frozen_model(student):
    model = _kit(student, functions.tied_net).keep(True)
    before = _kit(student, functions.requires_grad_flags)(model)
    student.transfer.freeze(model)
    _check_frozen(student, model, before)


@exercise("transfer.freeze")
@points(2)
def test_freeze_returns_the_model_itself(student):
    model = _kit(student, functions.tiny_resnet).keep(8, 5, 53)
    got = student.transfer.freeze.keep(model)
    if got is None:
        fail(
            f"freeze returned None: end with return model, so that "
            f"replace_head(freeze(backbone), k) works {TRANSFER.en}",
            f"freeze 返回了 None：最后要 return model，这样 replace_head(freeze(backbone), k) 才能用"
            f"{TRANSFER.zh}",
            mistake=Msg("freeze does not return the model", "freeze 没有返回模型"),
        )
    if not _kit(student, functions.same_object)(got, model):
        fail(
            f"freeze returned another object than the model it was given (a copy?): freeze the "
            f"model in place and return it {TRANSFER.en}",
            f"freeze 返回的不是传给它的那个模型（是拷贝吗？）：应原地冻结模型并返回它{TRANSFER.zh}",
            mistake=Msg("freeze returns a copy of the model", "freeze 返回了模型的拷贝"),
        )
    _check_frozen(
        student, model, what=Msg("after freeze(model), in model", "freeze(model) 之后，model 中")
    )


# -- replace_head -----------------------------------------------------------------------------------
HARD_CODED = Msg(
    f"the head's in_features is hard-coded (512 is ResNet-18's): read it from the backbone's "
    f"last layer, last.in_features {TRANSFER.en}",
    f"输出层的 in_features 被写死了（512 是 ResNet-18 的）：应从主干网络的最后一层读出，"
    f"即 last.in_features{TRANSFER.zh}",
)
OUT_FEATURES = Msg(
    f"the head's in_features is the old last layer's out_features: the features it receives "
    f"are what that layer took in, last.in_features {TRANSFER.en}",
    f"输出层的 in_features 用了旧的最后一层的 out_features：它收到的特征是那一层原本的输入，"
    f"即 last.in_features{TRANSFER.zh}",
)
KEPT_LAST = Msg(
    f"the backbone's last nn.Linear was kept: take list(backbone.children())[:-1] {TRANSFER.en}",
    f"保留了主干网络最后的 nn.Linear：应取 list(backbone.children())[:-1]{TRANSFER.zh}",
)
NO_FLATTEN = Msg(
    f"there is no flatten between the kept layers and the head: they give [b, f, 1, 1], the "
    f"head takes [b, f] {TRANSFER.en}",
    f"保留的层和输出层之间没有展平：它们输出 [b, f, 1, 1]，而输出层需要 [b, f]{TRANSFER.zh}",
)
COPIED = Msg(
    f"the kept layers are copies (copy.deepcopy), not the backbone's own: the new model must "
    f"share the backbone's parameters {TRANSFER.en}",
    f"保留的层是拷贝（copy.deepcopy），而不是主干网络自己的层：新模型必须与主干网络共享参数"
    f"{TRANSFER.zh}",
)
IN_PLACE = Msg(
    f"the backbone itself was returned, its last layer replaced: build a new nn.Sequential "
    f"of its children {TRANSFER.en}",
    f"返回的是主干网络本身（替换了它的最后一层）：应由它的子模块新建一个 nn.Sequential{TRANSFER.zh}",
)
WRONG_DTYPE = Msg(
    f"the new head is not in the backbone's dtype: nn.Linear(..., dtype=last.weight.dtype) "
    f"{TRANSFER.en}",
    f"新的输出层的 dtype 与主干网络不同：应写 nn.Linear(..., dtype=last.weight.dtype){TRANSFER.zh}",
)
WRONG_DEVICE = Msg(
    f"the new head is not on the backbone's device: nn.Linear(..., device=last.weight.device) "
    f"{TRANSFER.en}",
    f"新的输出层不在主干网络所在的设备上：应写 nn.Linear(..., device=last.weight.device)"
    f"{TRANSFER.zh}",
)
HEAD_FROZEN = Msg(
    f"the new head is frozen: it is the one layer left to train (requires_grad=True, as "
    f"nn.Linear creates it) {TRANSFER.en}",
    f"新的输出层被冻结了：它是唯一要训练的层（requires_grad=True，nn.Linear 创建时就是这样）"
    f"{TRANSFER.zh}",
)
WRONG_CLASSES = Msg(
    f"the head's out_features is not num_classes {TRANSFER.en}",
    f"输出层的 out_features 不等于 num_classes{TRANSFER.zh}",
)


def _structure_fail(message: Msg, mistake=None):
    fail(
        f"{message.en}" + (f" {looks_like(mistake)}" if mistake else f" {TRANSFER.en}"),
        f"{message.zh}" + (looks_like(mistake) if mistake else TRANSFER.zh),
        mistake=mistake,
    )


def _check_structure(student, model, backbone, features, num_classes, dtype, device):
    """What replace_head returned, read as facts: fail naming the first mistake they show."""
    kit = student.transfer.kit_function
    if model is not None and kit(functions.same_object)(model, backbone):
        _structure_fail(
            Msg("replace_head returned the backbone itself.", "replace_head 返回了主干网络本身。"),
            IN_PLACE,
        )
    facts = kit(functions.model_facts)(model, backbone)
    if not facts.get("sequential"):
        _structure_fail(
            Msg(
                f"replace_head should return an nn.Sequential, not a {facts['type']}.",
                f"replace_head 应当返回 nn.Sequential，而不是 {facts['type']}。",
            )
        )
    n_kept = len(facts["children"]) - 2
    kept = facts["from_backbone"]
    if 5 in kept:  # TinyResNet's children: conv1, bn1, relu, layer1, avgpool, fc
        _structure_fail(
            Msg(
                "the new model holds the backbone's old last layer.",
                "新模型里还有主干网络原来的最后一层。",
            ),
            KEPT_LAST,
        )
    head = facts["head"]
    if head is None:
        last = facts["children"][-1] if facts["children"] else None
        _structure_fail(
            Msg(
                f"the last layer of the result should be a new nn.Linear({features}, "
                f"{num_classes}), not a {last or 'nothing'}.",
                f"结果的最后一层应当是新的 nn.Linear({features}, {num_classes})，而不是 "
                f"{last or '空'}。",
            )
        )
    if head["in_features"] != features:
        mistake = HARD_CODED if head["in_features"] == 512 else None
        mistake = OUT_FEATURES if head["in_features"] == 5 else mistake
        _structure_fail(
            Msg(
                f"the head's in_features is {shown(head['in_features'])}, expected "
                f"{shown(features)}, the backbone's last.in_features.",
                f"输出层的 in_features 是 {shown(head['in_features'])}，应为 {shown(features)}，"
                f"即主干网络的 last.in_features。",
            ),
            mistake,
        )
    if head["out_features"] != num_classes:
        _structure_fail(
            Msg(
                f"the head's out_features is {shown(head['out_features'])}, expected "
                f"{shown(num_classes)}.",
                f"输出层的 out_features 是 {shown(head['out_features'])}，应为 {shown(num_classes)}。",
            ),
            WRONG_CLASSES,
        )
    if n_kept == 4 and kept[:5] == [0, 1, 2, 3, 4]:
        _structure_fail(
            Msg(
                "the kept layers are followed by the head directly.", "保留的层后面直接接了输出层。"
            ),
            NO_FLATTEN,
        )
    if kept[:5] != [0, 1, 2, 3, 4] or n_kept != 5:
        copies = facts["children"][:5] == [
            "Conv2d",
            "BatchNorm2d",
            "ReLU",
            "Sequential",
            "AdaptiveAvgPool2d",
        ] and all(k is None for k in kept[:5])
        _structure_fail(
            Msg(
                "the children of the result should be the backbone's children but the last (the "
                "same objects, in order), a flatten and the new head.",
                "结果的子模块应当依次是主干网络除最后一个之外的子模块（同样的对象，顺序不变）、"
                "一个展平和新的输出层。",
            ),
            COPIED if copies else None,
        )
    if head["dtype"] != dtype:
        _structure_fail(
            Msg(
                f"the head's dtype is {head['dtype']}, expected {dtype}.",
                f"输出层的 dtype 是 {head['dtype']}，应为 {dtype}。",
            ),
            WRONG_DTYPE,
        )
    if torch.device(head["device"]).type != torch.device(device).type:
        _structure_fail(
            Msg(
                f"the head is on {head['device']}, expected {device}.",
                f"输出层位于 {head['device']}，应位于 {device}。",
            ),
            WRONG_DEVICE,
        )
    return facts


def _expected_output(features, num_classes, seed, head, x, dtype=torch.float32):
    ref = functions.tiny_resnet(features, num_classes, seed, dtype=dtype)
    with torch.no_grad():
        trunk = torch.flatten(nn.Sequential(*list(ref.children())[:-1])(x.to(dtype)), 1)
        return nn.functional.linear(trunk, head["weight"], head["bias"])


def _forward(student, model, x):
    try:
        return _kit(student, functions.forward_eval)(model, x)
    except StudentError as exc:
        fail(
            f"calling the new model on a batch [b, 3, h, w] raised {exc.exc_type}. {TRANSFER.en}",
            f"在一批 [b, 3, h, w] 上调用新模型时抛出了 {exc.exc_type}。{TRANSFER.zh}",
        )


REPLACE_CASES = [
    pytest.param(8, 10, 3, 61, id="8-features-3-classes"),
    pytest.param(12, 4, 7, 62, id="12-features-7-classes"),
    pytest.param(5, 9, 1, 63, id="5-features-1-class"),
]


@exercise("transfer.replace_head")
@points(2)
@pytest.mark.parametrize("features, old_classes, num_classes, seed", REPLACE_CASES)
def test_replace_head_output(student, features, old_classes, num_classes, seed):
    backbone = _kit(student, functions.tiny_resnet).keep(features, old_classes, seed)
    model = student.transfer.replace_head.keep(backbone, num_classes)
    facts = _check_structure(student, model, backbone, features, num_classes, torch.float32, "cpu")
    x = randn(3, 3, 9, 7, seed=seed + 100)
    assert_tensor(
        _forward(student, model, x),
        _expected_output(features, old_classes, seed, facts["head"], x),
        what=Msg("the output of the new model", "新模型的输出"),
    )


@exercise("transfer.replace_head")
@points(2)
def test_replace_head_of_a_resnet18_sized_backbone(student):
    """512 features, as ResNet-18's fc takes, and the course's 5 Pokemon classes."""
    backbone = _kit(student, functions.tiny_resnet).keep(512, 1000, 69)
    model = student.transfer.replace_head.keep(backbone, 5)
    facts = _check_structure(student, model, backbone, 512, 5, torch.float32, "cpu")
    x = randn(2, 3, 6, 6, seed=169)
    assert_tensor(
        _forward(student, model, x),
        _expected_output(512, 1000, 69, facts["head"], x),
        what=Msg("the output of the new model", "新模型的输出"),
    )


@exercise("transfer.replace_head")
@points(2)
def test_replace_head_keeps_the_backbones_own_layers(student):
    kit = student.transfer.kit_function
    backbone = kit(functions.tiny_resnet).keep(10, 6, 64)
    model = student.transfer.replace_head.keep(backbone, 4)
    _check_structure(student, model, backbone, 10, 4, torch.float32, "cpu")
    kept = kit(functions.model_facts)(model, backbone)["params"][:-2]
    own = [p for p in kit(functions.model_facts)(backbone)["params"] if not p[0].startswith("fc.")]
    assert_equal(
        [p[1] for p in kept],
        [p[1] for p in own],
        what=Msg("the shapes of the kept layers' parameters", "保留的各层参数的形状"),
    )


@exercise("transfer.replace_head")
@points(1)
def test_replace_head_of_a_frozen_backbone(student):
    kit = student.transfer.kit_function
    backbone = kit(functions.tiny_resnet).keep(8, 5, 65, frozen=True)
    model = student.transfer.replace_head.keep(backbone, 3)
    facts = _check_structure(student, model, backbone, 8, 3, torch.float32, "cpu")
    flags = [p[4] for p in facts["params"]]
    if not flags[-1] or not flags[-2]:
        _structure_fail(
            Msg(
                "the new head's weight or bias has requires_grad=False.",
                "新的输出层的权重或偏置的 requires_grad=False。",
            ),
            HEAD_FROZEN,
        )
    if any(flags[:-2]):
        _structure_fail(
            Msg(
                "layers of the frozen backbone have parameters with requires_grad=True in the "
                "new model.",
                "在新模型中，冻结的主干网络的层里有参数的 requires_grad=True。",
            ),
            COPIED,
        )


@exercise("transfer.replace_head")
@points(1)
def test_replace_head_float64_backbone(student):
    backbone = _kit(student, functions.tiny_resnet).keep(6, 5, 66, dtype=torch.float64)
    model = student.transfer.replace_head.keep(backbone, 2)
    facts = _check_structure(student, model, backbone, 6, 2, torch.float64, "cpu")
    x = randn(2, 3, 6, 6, seed=166, dtype=torch.float64)
    assert_tensor(
        _forward(student, model, x),
        _expected_output(6, 5, 66, facts["head"], x, torch.float64),
        what=Msg("the output of the new model", "新模型的输出"),
    )


@exercise("transfer.replace_head")
@points(1)
def test_replace_head_meta_device(student):
    """The meta device, everywhere: a backbone there gets its head there, and the new model's
    output is a meta tensor of shape [b, num_classes]."""
    backbone = _kit(student, functions.tiny_resnet).keep(8, 5, 67, device="meta")
    model = student.transfer.replace_head.keep(backbone, 3)
    _check_structure(student, model, backbone, 8, 3, torch.float32, "meta")
    got = _forward(student, model, torch.empty(2, 3, 8, 8, device="meta"))
    assert_tensor(
        got,
        torch.empty(2, 3, device="meta"),
        what=Msg("the output of the new model", "新模型的输出"),
    )


@requires_cuda
@exercise("transfer.replace_head")
@points(1)
def test_replace_head_on_cuda(student):
    """CUDA agreement: a backbone on CUDA gets its head there, and the new model computes there
    what the judge's CPU backbone with the same head computes."""
    backbone = _kit(student, functions.tiny_resnet).keep(8, 5, 68, device="cuda")
    model = student.transfer.replace_head.keep(backbone, 3)
    facts = _check_structure(student, model, backbone, 8, 3, torch.float32, "cuda")
    x = randn(2, 3, 8, 8, seed=168)
    got = _forward(student, model, x.cuda())
    if not isinstance(got, torch.Tensor) or got.device.type != "cuda":
        _structure_fail(
            Msg(
                "the new model's output on a CUDA batch is not on CUDA.",
                "新模型对 CUDA 上的一批数据的输出不在 CUDA 上。",
            ),
            WRONG_DEVICE,
        )
    head = {k: (v.cpu() if isinstance(v, torch.Tensor) else v) for k, v in facts["head"].items()}
    assert_tensor(
        got.cpu(),
        _expected_output(8, 5, 68, head, x),
        what=Msg("the output of the new model on CUDA", "新模型在 CUDA 上的输出"),
        rtol=1e-4,
        atol=1e-5,
    )


# -- count_trainable --------------------------------------------------------------------------------
COUNTED_FROZEN = Msg(
    f"frozen parameters were counted: count only those with requires_grad {TRANSFER.en}",
    f"把冻结的参数也数进去了：只数 requires_grad 为 True 的参数{TRANSFER.zh}",
)
COUNTED_TENSORS = Msg(
    f"the parameter tensors were counted, not their elements: sum p.numel() {TRANSFER.en}",
    f"数的是参数张量的个数，而不是它们的元素个数：要对 p.numel() 求和{TRANSFER.zh}",
)
COUNTED_TWICE = Msg(
    f"a shared parameter was counted once per place it is used: model.parameters() yields "
    f"each parameter once, a walk over every module's own parameters (or state_dict) does not "
    f"{TRANSFER.en}",
    f"共享的参数在每个用到它的地方都被数了一次：model.parameters() 每个参数只给一次，遍历每个模块"
    f"自己的参数（或 state_dict）则不然{TRANSFER.zh}",
)
COUNTED_BUFFERS = Msg(
    f"buffers were counted (state_dict also holds batch norm's running statistics); count "
    f"model.parameters() {TRANSFER.en}",
    f"把缓冲区也数进去了（state_dict 里还有批标准化的滑动统计量）；应数 model.parameters()"
    f"{TRANSFER.zh}",
)
COUNTED_FROZEN_ONLY = Msg(
    f"the frozen parameters were counted instead of the trainable ones: keep p.requires_grad "
    f"{TRANSFER.en}",
    f"数的是冻结的参数，而不是可训练的参数：应保留 p.requires_grad 为 True 的{TRANSFER.zh}",
)

TRAINABLE = Msg("the number of trainable parameters", "可训练参数的个数")


def _count_known(model):
    params = list(model.parameters())
    trainable = [p for p in params if p.requires_grad]
    own = [p for m in model.modules() for p in m.parameters(recurse=False)]
    known = [
        (sum(p.numel() for p in params), COUNTED_FROZEN),
        (len(trainable), COUNTED_TENSORS),
        (sum(p.numel() for p in own if p.requires_grad), COUNTED_TWICE),
        (
            sum(
                p.numel()
                for _, p in model.named_parameters(remove_duplicate=False)
                if p.requires_grad
            ),
            COUNTED_TWICE,
        ),
        (sum(t.numel() for t in model.state_dict().values()), COUNTED_BUFFERS),
        (sum(p.numel() for p in params if not p.requires_grad), COUNTED_FROZEN_ONLY),
    ]
    return sum(p.numel() for p in trainable), known


def _check_count(got, model):
    expected, known = _count_known(model)
    if isinstance(got, int) and not isinstance(got, bool) and got != expected:
        for value, mistake in known:
            if value != expected and got == value:
                _mistake(shown(got), shown(expected), mistake, TRAINABLE)
    assert_close_number(got, expected, what=TRAINABLE, kind=int)


@exercise("transfer.count_trainable")
@points(2)
@pytest.mark.parametrize("features, num_classes, seed", [(8, 5, 71), (12, 3, 72)])
def test_count_trainable_after_freeze_and_a_new_head(student, features, num_classes, seed):
    # what replace_head(freeze(backbone), k) leaves trainable: the last nn.Linear only
    backbone = _kit(student, functions.tiny_resnet).keep(
        features, num_classes, seed, frozen=True, head_trainable=True
    )
    local = functions.tiny_resnet(features, num_classes, seed, frozen=True, head_trainable=True)
    _check_count(student.transfer.count_trainable(backbone), local)


@exercise("transfer.count_trainable")
@points(2)
@pytest.mark.parametrize("frozen_first", [False, True], ids=["all-trainable", "first-frozen"])
def test_count_trainable_shared_parameters_once(student, frozen_first):
    model = _kit(student, functions.tied_net).keep(frozen_first)
    _check_count(student.transfer.count_trainable(model), functions.tied_net(frozen_first))


@exercise("transfer.count_trainable")
@points(1)
def test_count_trainable_frozen_model(student):
    model = _kit(student, functions.tiny_resnet).keep(6, 4, 73, frozen=True)
    _check_count(
        student.transfer.count_trainable(model), functions.tiny_resnet(6, 4, 73, frozen=True)
    )


@exercise("transfer.count_trainable")
@points(1)
def test_count_trainable_no_buffers(student):
    model = _kit(student, functions.tiny_resnet).keep(6, 4, 74)
    _check_count(student.transfer.count_trainable(model), functions.tiny_resnet(6, 4, 74))
