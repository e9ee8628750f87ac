"""Realistic wrong answers (each must lose points) and correct alternatives (each must keep every
point) for topic `transfer`. Each variant is the body of a function decorated with `@mistake`
or `@alternative` (see variants.py); the body, dedented, is appended to the reference solution
module, so it replaces that one function (the module imports `os`, `torch` and `nn`; a body
imports anything else it uses itself)."""

import os

import torch
from torch import nn

from solutions.transfer import name_to_label
from tests.kit.mutants.variants import alternative, mistake

# -- name_to_label --------------------------------------------------------------------------------


@mistake("name_to_label", "os.listdir order, not sorted")
def _():
    def name_to_label(root):
        labels = {}
        for name in os.listdir(root):
            if os.path.isdir(os.path.join(root, name)):
                labels[name] = len(labels)
        return labels


@mistake("name_to_label", "files counted as classes")
def _():
    def name_to_label(root):
        return {name: i for i, name in enumerate(sorted(os.listdir(root)))}


@mistake("name_to_label", "labels from 1")
def _():
    def name_to_label(root):
        names = sorted(n for n in os.listdir(root) if os.path.isdir(os.path.join(root, n)))
        return {name: i + 1 for i, name in enumerate(names)}


@mistake("name_to_label", "label to name")
def _():
    def name_to_label(root):
        names = sorted(n for n in os.listdir(root) if os.path.isdir(os.path.join(root, n)))
        return dict(enumerate(names))


@mistake("name_to_label", "sorted ignoring case")
def _():
    def name_to_label(root):
        names = [n for n in os.listdir(root) if os.path.isdir(os.path.join(root, n))]
        return {name: i for i, name in enumerate(sorted(names, key=str.lower))}


@mistake("name_to_label", "empty class folders skipped")
def _():
    def name_to_label(root):
        names = sorted(
            n
            for n in os.listdir(root)
            if os.path.isdir(os.path.join(root, n)) and os.listdir(os.path.join(root, n))
        )
        return {name: i for i, name in enumerate(names)}


@alternative("name_to_label", "the course's loop over sorted names")
def _():
    def name_to_label(root):
        labels = {}
        for name in sorted(os.listdir(root)):
            if not os.path.isdir(os.path.join(root, name)):
                continue
            labels[name] = len(labels)
        return labels


@alternative("name_to_label", "pathlib and scandir")
def _():
    def name_to_label(root):
        names = sorted(entry.name for entry in os.scandir(root) if entry.is_dir())
        return {name: label for label, name in enumerate(names)}


@alternative("name_to_label", "pathlib iterdir")
def _():
    import pathlib

    def name_to_label(root):
        folders = sorted(p.name for p in pathlib.Path(root).iterdir() if p.is_dir())
        return dict(zip(folders, range(len(folders))))


# -- list_images ----------------------------------------------------------------------------------


@mistake("list_images", "recursive glob **")
def _():
    import glob

    def list_images(root, exts=(".png", ".jpg", ".jpeg")):
        labels = name_to_label(root)
        found = []
        for name, label in labels.items():
            for path in glob.glob(os.path.join(root, name, "**", "*"), recursive=True):
                if os.path.isfile(path) and os.path.splitext(path)[1].lower() in exts:
                    found.append((path, label))
        found.sort()
        return [p for p, _ in found], [v for _, v in found]


@mistake("list_images", "os.walk over each class folder")
def _():
    def list_images(root, exts=(".png", ".jpg", ".jpeg")):
        labels = name_to_label(root)
        found = []
        for name, label in labels.items():
            for folder, _, files in os.walk(os.path.join(root, name)):
                for f in files:
                    if os.path.splitext(f)[1].lower() in exts:
                        found.append((os.path.join(folder, f), label))
        found.sort()
        return [p for p, _ in found], [v for _, v in found]


@mistake("list_images", "case-sensitive suffix (the course's glob)")
def _():
    import glob

    def list_images(root, exts=(".png", ".jpg", ".jpeg")):
        labels = name_to_label(root)
        found = []
        for name, label in labels.items():
            for ext in exts:
                for path in glob.glob(os.path.join(root, name, "*" + ext)):
                    if os.path.isfile(path):
                        found.append((path, label))
        found.sort()
        return [p for p, _ in found], [v for _, v in found]


@mistake("list_images", "a folder named like an image is listed")
def _():
    def list_images(root, exts=(".png", ".jpg", ".jpeg")):
        labels = name_to_label(root)
        found = []
        for name, label in labels.items():
            for f in os.listdir(os.path.join(root, name)):
                if os.path.splitext(f)[1].lower() in exts:
                    found.append((os.path.join(root, name, f), label))
        found.sort()
        return [p for p, _ in found], [v for _, v in found]


@mistake("list_images", "paths not sorted")
def _():
    def list_images(root, exts=(".png", ".jpg", ".jpeg")):
        labels = name_to_label(root)
        paths, got = [], []
        for name, label in labels.items():
            folder = os.path.join(root, name)
            for f in os.listdir(folder):
                path = os.path.join(folder, f)
                if os.path.isfile(path) and os.path.splitext(f)[1].lower() in exts:
                    paths.append(path)
                    got.append(label)
        return paths, got


@mistake("list_images", "classes in os.listdir order, then the paths sorted alone")
def _():
    def list_images(root, exts=(".png", ".jpg", ".jpeg")):
        labels = name_to_label(root)
        paths, got = [], []
        for name in os.listdir(root):
            if name not in labels:
                continue
            folder = os.path.join(root, name)
            for f in os.listdir(folder):
                path = os.path.join(folder, f)
                if os.path.isfile(path) and os.path.splitext(f)[1].lower() in exts:
                    paths.append(path)
                    got.append(labels[name])
        return sorted(paths), got


@mistake("list_images", "labels from the classes that have images")
def _():
    def list_images(root, exts=(".png", ".jpg", ".jpeg")):
        paths = []
        for name in name_to_label(root):
            folder = os.path.join(root, name)
            for f in os.listdir(folder):
                path = os.path.join(folder, f)
                if os.path.isfile(path) and os.path.splitext(f)[1].lower() in exts:
                    paths.append(path)
        paths.sort()
        classes = sorted({os.path.basename(os.path.dirname(p)) for p in paths})
        return paths, [classes.index(os.path.basename(os.path.dirname(p))) for p in paths]


@mistake("list_images", "exts ignored")
def _():
    def list_images(root, exts=(".png", ".jpg", ".jpeg")):
        labels = name_to_label(root)
        found = []
        for name, label in labels.items():
            folder = os.path.join(root, name)
            for f in os.listdir(folder):
                path = os.path.join(folder, f)
                if os.path.isfile(path) and os.path.splitext(f)[1].lower() in (
                    ".png",
                    ".jpg",
                    ".jpeg",
                ):
                    found.append((path, label))
        found.sort()
        return [p for p, _ in found], [v for _, v in found]


@mistake("list_images", "pathlib paths, not str")
def _():
    import pathlib

    def list_images(root, exts=(".png", ".jpg", ".jpeg")):
        labels = name_to_label(root)
        found = []
        for name, label in labels.items():
            for path in (pathlib.Path(root) / name).iterdir():
                if path.is_file() and path.suffix.lower() in exts:
                    found.append((path, label))
        found.sort()
        return [p for p, _ in found], [v for _, v in found]


@alternative("list_images", "pathlib, converted to str")
def _():
    import pathlib

    def list_images(root, exts=(".png", ".jpg", ".jpeg")):
        labels = name_to_label(root)
        found = sorted(
            (str(path), label)
            for name, label in labels.items()
            for path in (pathlib.Path(root) / name).iterdir()
            if path.is_file() and path.suffix.lower() in exts
        )
        return [p for p, _ in found], [v for _, v in found]


@alternative("list_images", "glob of every file, filtered, sorted by path with a key")
def _():
    import glob

    def list_images(root, exts=(".png", ".jpg", ".jpeg")):
        labels = name_to_label(root)
        paths = [
            p
            for name in labels
            for p in glob.glob(os.path.join(glob.escape(root), glob.escape(name), "*"))
            if os.path.isfile(p) and os.path.splitext(p)[1].lower() in exts
        ]
        paths.sort()
        return paths, [labels[os.path.basename(os.path.dirname(p))] for p in paths]


@alternative("list_images", "per class in label order, files sorted")
def _():
    def list_images(root, exts=(".png", ".jpg", ".jpeg")):
        paths, labels = [], []
        for name, label in sorted(name_to_label(root).items(), key=lambda kv: kv[1]):
            folder = os.path.join(root, name)
            for f in sorted(os.listdir(folder)):
                if f.lower().endswith(tuple(exts)) and os.path.isfile(os.path.join(folder, f)):
                    paths.append(os.path.join(folder, f))
                    labels.append(label)
        return paths, labels


# -- split_60_20_20 -------------------------------------------------------------------------------


@mistake("split_60_20_20", "round instead of int")
def _():
    def split_60_20_20(n, generator=None):
        perm = torch.randperm(n, generator=generator)
        a, b = round(0.6 * n), round(0.8 * n)
        return perm[:a], perm[a:b], perm[b:]


@mistake("split_60_20_20", "val starts one past train's end (drops an index)")
def _():
    def split_60_20_20(n, generator=None):
        perm = torch.randperm(n, generator=generator)
        a, b = int(0.6 * n), int(0.8 * n)
        return perm[:a], perm[a + 1 : b], perm[b:]


@mistake("split_60_20_20", "overlapping slices (repeats an index)")
def _():
    def split_60_20_20(n, generator=None):
        perm = torch.randperm(n, generator=generator)
        a, b = int(0.6 * n), int(0.8 * n)
        return perm[: a + 1], perm[a:b], perm[b:]


@mistake("split_60_20_20", "test starts one past val's end")
def _():
    def split_60_20_20(n, generator=None):
        perm = torch.randperm(n, generator=generator)
        a, b = int(0.6 * n), int(0.8 * n)
        return perm[:a], perm[a:b], perm[b + 1 :]


@mistake("split_60_20_20", "val's end from int(0.2 * n)")
def _():
    def split_60_20_20(n, generator=None):
        perm = torch.randperm(n, generator=generator)
        a = int(0.6 * n)
        b = a + int(0.2 * n)
        return perm[:a], perm[a:b], perm[b:]


@mistake("split_60_20_20", "no shuffle")
def _():
    def split_60_20_20(n, generator=None):
        perm = torch.arange(n)
        a, b = int(0.6 * n), int(0.8 * n)
        return perm[:a], perm[a:b], perm[b:]


@mistake("split_60_20_20", "generator ignored")
def _():
    def split_60_20_20(n, generator=None):
        perm = torch.randperm(n)
        a, b = int(0.6 * n), int(0.8 * n)
        return perm[:a], perm[a:b], perm[b:]


@mistake("split_60_20_20", "each part sorted")
def _():
    def split_60_20_20(n, generator=None):
        perm = torch.randperm(n, generator=generator)
        a, b = int(0.6 * n), int(0.8 * n)
        return perm[:a].sort().values, perm[a:b].sort().values, perm[b:].sort().values


@mistake("split_60_20_20", "parts in the wrong order")
def _():
    def split_60_20_20(n, generator=None):
        perm = torch.randperm(n, generator=generator)
        a, b = int(0.6 * n), int(0.8 * n)
        return perm[b:], perm[a:b], perm[:a]


@mistake("split_60_20_20", "lists, not tensors")
def _():
    def split_60_20_20(n, generator=None):
        perm = torch.randperm(n, generator=generator).tolist()
        a, b = int(0.6 * n), int(0.8 * n)
        return perm[:a], perm[a:b], perm[b:]


@alternative("split_60_20_20", "torch.split by sizes")
def _():
    def split_60_20_20(n, generator=None):
        perm = torch.randperm(n, generator=generator)
        a, b = int(0.6 * n), int(0.8 * n)
        return tuple(torch.split(perm, [a, b - a, n - b]))


@alternative("split_60_20_20", "integer arithmetic bounds")
def _():
    def split_60_20_20(n, generator=None):
        perm = torch.randperm(n, generator=generator)
        return perm[: n * 6 // 10], perm[n * 6 // 10 : n * 8 // 10], perm[n * 8 // 10 :]


@alternative("split_60_20_20", "narrow")
def _():
    def split_60_20_20(n, generator=None):
        perm = torch.randperm(n, generator=generator)
        a, b = int(0.6 * n), int(0.8 * n)
        return perm.narrow(0, 0, a), perm.narrow(0, a, b - a), perm.narrow(0, b, n - b)


# -- freeze ---------------------------------------------------------------------------------------


@mistake("freeze", "only the first layer")
def _():
    def freeze(model):
        first = next(iter(model.children()))
        for p in first.parameters():
            p.requires_grad = False
        return model


@mistake("freeze", "only the first parameter")
def _():
    def freeze(model):
        next(model.parameters()).requires_grad = False
        return model


@mistake("freeze", "requires_grad set on the modules")
def _():
    def freeze(model):
        for m in model.modules():
            m.requires_grad = False
        return model


@mistake("freeze", "eval() instead")
def _():
    def freeze(model):
        return model.eval()


@mistake("freeze", "children's own parameters only")
def _():
    def freeze(model):
        for child in model.children():
            for p in child.parameters(recurse=False):
                p.requires_grad = False
        return model


@mistake("freeze", "weights only")
def _():
    def freeze(model):
        for name, p in model.named_parameters():
            if name.endswith("weight"):
                p.requires_grad = False
        return model


@mistake("freeze", "flips requires_grad")
def _():
    def freeze(model):
        for p in model.parameters():
            p.requires_grad = not p.requires_grad
        return model


@mistake("freeze", "does not return the model")
def _():
    def freeze(model):
        for p in model.parameters():
            p.requires_grad = False


@mistake("freeze", "freezes and returns a copy")
def _():
    import copy

    def freeze(model):
        model = copy.deepcopy(model)
        for p in model.parameters():
            p.requires_grad = False
        return model


@alternative("freeze", "requires_grad_ on the model")
def _():
    def freeze(model):
        return model.requires_grad_(False)


@alternative("freeze", "requires_grad_ on each parameter")
def _():
    def freeze(model):
        for _, p in model.named_parameters():
            p.requires_grad_(False)
        return model


@alternative("freeze", "every module's own parameters")
def _():
    def freeze(model):
        for m in model.modules():
            for p in m.parameters(recurse=False):
                p.requires_grad = False
        return model


# -- replace_head ---------------------------------------------------------------------------------


@mistake("replace_head", "hard-coded 512 (the course's head)")
def _():
    def replace_head(backbone, num_classes):
        return nn.Sequential(
            *list(backbone.children())[:-1], nn.Flatten(), nn.Linear(512, num_classes)
        )


@mistake("replace_head", "in_features from the old out_features")
def _():
    def replace_head(backbone, num_classes):
        *kept, last = backbone.children()
        return nn.Sequential(*kept, nn.Flatten(), nn.Linear(last.out_features, num_classes))


@mistake("replace_head", "keeps the last Linear")
def _():
    def replace_head(backbone, num_classes):
        children = list(backbone.children())
        last = children[-1]
        return nn.Sequential(*children, nn.Flatten(), nn.Linear(last.in_features, num_classes))


@mistake("replace_head", "no flatten")
def _():
    def replace_head(backbone, num_classes):
        *kept, last = backbone.children()
        return nn.Sequential(*kept, nn.Linear(last.in_features, num_classes))


@mistake("replace_head", "deep copies of the layers")
def _():
    import copy

    def replace_head(backbone, num_classes):
        *kept, last = copy.deepcopy(list(backbone.children()))
        head = nn.Linear(last.in_features, num_classes).to(last.weight.device, last.weight.dtype)
        return nn.Sequential(*kept, nn.Flatten(), head)


@mistake("replace_head", "head on the CPU, in float32")
def _():
    def replace_head(backbone, num_classes):
        *kept, last = backbone.children()
        return nn.Sequential(*kept, nn.Flatten(), nn.Linear(last.in_features, num_classes))


@mistake("replace_head", "head in float32")
def _():
    def replace_head(backbone, num_classes):
        *kept, last = backbone.children()
        head = nn.Linear(last.in_features, num_classes, device=last.weight.device)
        return nn.Sequential(*kept, nn.Flatten(), head)


@mistake("replace_head", "head on the CPU")
def _():
    def replace_head(backbone, num_classes):
        *kept, last = backbone.children()
        head = nn.Linear(last.in_features, num_classes, dtype=last.weight.dtype)
        return nn.Sequential(*kept, nn.Flatten(), head)


@mistake("replace_head", "the backbone's fc replaced in place")
def _():
    def replace_head(backbone, num_classes):
        name, last = list(backbone.named_children())[-1]
        head = nn.Linear(
            last.in_features, num_classes, device=last.weight.device, dtype=last.weight.dtype
        )
        setattr(backbone, name, head)
        return backbone


@mistake("replace_head", "the head frozen with the backbone")
def _():
    def replace_head(backbone, num_classes):
        *kept, last = backbone.children()
        weight = last.weight
        head = nn.Linear(last.in_features, num_classes, device=weight.device, dtype=weight.dtype)
        head.requires_grad_(weight.requires_grad)
        return nn.Sequential(*kept, nn.Flatten(), head)


@mistake("replace_head", "head with num_classes inputs and outputs swapped")
def _():
    def replace_head(backbone, num_classes):
        *kept, last = backbone.children()
        weight = last.weight
        head = nn.Linear(num_classes, last.in_features, device=weight.device, dtype=weight.dtype)
        return nn.Sequential(*kept, nn.Flatten(), head)


@alternative("replace_head", "a Flatten module of one's own, head moved with .to")
def _():
    class MyFlatten(nn.Module):
        def forward(self, x):
            return x.reshape(x.shape[0], -1)

    def replace_head(backbone, num_classes):
        children = list(backbone.children())
        last = children[-1]
        head = nn.Linear(last.in_features, num_classes).to(last.weight)
        return nn.Sequential(*children[:-1], MyFlatten(), head)


@alternative("replace_head", "the weight's shape and factory kwargs")
def _():
    def replace_head(backbone, num_classes):
        layers = list(backbone.children())
        w = layers.pop().weight
        head = nn.Linear(w.shape[1], num_classes, device=w.device, dtype=w.dtype)
        return nn.Sequential(*layers, nn.Flatten(1), head)


@alternative("replace_head", "built with add_module")
def _():
    def replace_head(backbone, num_classes):
        model = nn.Sequential()
        children = list(backbone.named_children())
        for name, child in children[:-1]:
            model.add_module(name, child)
        last = children[-1][1]
        model.add_module("flatten", nn.Flatten())
        model.add_module(
            "fc",
            nn.Linear(
                last.in_features, num_classes, device=last.weight.device, dtype=last.weight.dtype
            ),
        )
        return model


# -- count_trainable ------------------------------------------------------------------------------


@mistake("count_trainable", "frozen parameters counted")
def _():
    def count_trainable(model):
        return sum(p.numel() for p in model.parameters())


@mistake("count_trainable", "tensors counted, not elements")
def _():
    def count_trainable(model):
        return len([p for p in model.parameters() if p.requires_grad])


@mistake("count_trainable", "a naive walk over every module's own parameters")
def _():
    def count_trainable(model):
        total = 0
        for m in model.modules():
            for p in m.parameters(recurse=False):
                if p.requires_grad:
                    total += p.numel()
        return total


@mistake("count_trainable", "named_parameters without removing duplicates")
def _():
    def count_trainable(model):
        params = model.named_parameters(remove_duplicate=False)
        return sum(p.numel() for _, p in params if p.requires_grad)


@mistake("count_trainable", "state_dict counted")
def _():
    def count_trainable(model):
        return sum(t.numel() for t in model.state_dict().values())


@mistake("count_trainable", "the frozen ones counted")
def _():
    def count_trainable(model):
        return sum(p.numel() for p in model.parameters() if not p.requires_grad)


@mistake("count_trainable", "a tensor, not an int")
def _():
    def count_trainable(model):
        sizes = [p.numel() for p in model.parameters() if p.requires_grad]
        return torch.tensor(sizes, dtype=torch.int64).sum()


@alternative("count_trainable", "filter and numel in a loop")
def _():
    def count_trainable(model):
        total = 0
        for p in filter(lambda p: p.requires_grad, model.parameters()):
            total += p.numel()
        return total


@alternative("count_trainable", "dedup by id over every module")
def _():
    def count_trainable(model):
        seen = {}
        for m in model.modules():
            for p in m.parameters(recurse=False):
                seen[id(p)] = p
        return sum(p.numel() for p in seen.values() if p.requires_grad)


@alternative("count_trainable", "named_parameters")
def _():
    def count_trainable(model):
        return int(sum(p.numel() for _, p in model.named_parameters() if p.requires_grad))
