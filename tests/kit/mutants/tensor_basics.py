"""Realistic wrong answers (each must lose points) and correct alternatives (each must keep every
point) for topic `tensor_basics`. Each variant is the body of a function decorated with `@mistake`
or `@alternative` (see variants.py); the body, dedented, is appended to the reference solution
module, so it replaces that one function."""

import torch

from tests.kit.mutants.variants import alternative, mistake


@mistake("describe", "dtype instead of type()")
def _():
    def describe(t):
        return {"type": str(t.dtype), "dim": t.dim(), "shape": tuple(t.shape), "numel": t.numel()}


@mistake("describe", "dim is the length of dim 0")
def _():
    def describe(t):
        return {"type": t.type(), "dim": len(t), "shape": tuple(t.shape), "numel": t.numel()}


@mistake("describe", "numel as a tensor")
def _():
    def describe(t):
        return {
            "type": t.type(),
            "dim": t.dim(),
            "shape": tuple(t.shape),
            "numel": torch.tensor(t.shape).prod(),
        }


@mistake("describe", "shape as a tensor")
def _():
    def describe(t):
        return {
            "type": t.type(),
            "dim": t.dim(),
            "shape": torch.tensor(t.shape),
            "numel": t.numel(),
        }


@mistake("describe", "numel of a matrix only")
def _():
    def describe(t):
        return {
            "type": t.type(),
            "dim": t.dim(),
            "shape": tuple(t.shape),
            "numel": t.shape[0] * t.shape[1],
        }


@mistake("describe", "hard-coded type table")
def _():
    def describe(t):
        names = {
            torch.float32: "torch.FloatTensor",
            torch.float64: "torch.DoubleTensor",
            torch.int64: "torch.LongTensor",
        }
        return {
            "type": names.get(t.dtype, "torch.Tensor"),
            "dim": t.dim(),
            "shape": tuple(t.shape),
            "numel": t.numel(),
        }


@mistake("uniform", "scaled by high")
def _():
    def uniform(low, high, shape, generator=None):
        return torch.rand(shape, generator=generator) * high + low


@mistake("uniform", "normal instead of uniform")
def _():
    def uniform(low, high, shape, generator=None):
        return torch.randn(shape, generator=generator) * (high - low) / 2 + (low + high) / 2


@mistake("uniform", "ignores the generator")
def _():
    def uniform(low, high, shape, generator=None):
        return low + (high - low) * torch.rand(shape)


@mistake("uniform", "float64")
def _():
    def uniform(low, high, shape, generator=None):
        return low + (high - low) * torch.rand(shape, generator=generator, dtype=torch.float64)


@mistake("uniform", "integers")
def _():
    def uniform(low, high, shape, generator=None):
        return torch.randint(int(low), int(high), shape, generator=generator)


@mistake("uniform", "forgets low")
def _():
    def uniform(low, high, shape, generator=None):
        return (high - low) * torch.rand(shape, generator=generator)


@mistake("one_hot", "F.one_hot gives int64")
def _():
    def one_hot(labels, depth):
        return torch.nn.functional.one_hot(labels, depth)


@mistake("one_hot", "width from the largest label")
def _():
    def one_hot(labels, depth):
        return torch.nn.functional.one_hot(labels).float()


@mistake("one_hot", "zeros without device")
def _():
    def one_hot(labels, depth):
        out = torch.zeros(labels.shape[0], depth)
        out[torch.arange(labels.shape[0]), labels] = 1.0
        return out


@mistake("one_hot", "eye without device")
def _():
    def one_hot(labels, depth):
        return torch.eye(depth)[labels]


@mistake("one_hot", "transposed")
def _():
    def one_hot(labels, depth):
        out = torch.zeros(depth, labels.shape[0], device=labels.device)
        return out.scatter_(0, labels.unsqueeze(0), 1.0)


@mistake("one_hot", "unsqueeze_ changes the labels")
def _():
    def one_hot(labels, depth):
        out = torch.zeros(labels.shape[0], depth, device=labels.device)
        return out.scatter_(1, labels.unsqueeze_(1), 1.0)


@mistake("shuffle_together", "unshuffled")
def _():
    def shuffle_together(a, b, generator=None):
        return a.clone(), b.clone()


@mistake("shuffle_together", "two different permutations")
def _():
    def shuffle_together(a, b, generator=None):
        n = a.shape[0]
        return a[torch.randperm(n, generator=generator)], b[torch.randperm(n, generator=generator)]


@mistake("shuffle_together", "only a is shuffled")
def _():
    def shuffle_together(a, b, generator=None):
        return a[torch.randperm(a.shape[0], generator=generator)], b


@mistake("shuffle_together", "draws with replacement")
def _():
    def shuffle_together(a, b, generator=None):
        idx = torch.randint(0, a.shape[0], (a.shape[0],), generator=generator)
        return a[idx], b[idx]


@mistake("shuffle_together", "ignores the generator")
def _():
    def shuffle_together(a, b, generator=None):
        perm = torch.randperm(a.shape[0])
        return a[perm], b[perm]


@mistake("shuffle_together", "shuffles every element")
def _():
    def shuffle_together(a, b, generator=None):
        pa = torch.randperm(a.numel(), generator=generator)
        pb = torch.randperm(b.numel(), generator=generator)
        return a.reshape(-1)[pa].reshape(a.shape), b.reshape(-1)[pb].reshape(b.shape)


@mistake("shuffle_together", "shuffles in place")
def _():
    def shuffle_together(a, b, generator=None):
        perm = torch.randperm(a.shape[0], generator=generator)
        a.copy_(a[perm])
        b.copy_(b[perm])
        return a, b


@mistake("shuffle_together", "reversed instead of shuffled")
def _():
    def shuffle_together(a, b, generator=None):
        return a.flip(0), b.flip(0)


@mistake("from_numpy_float32", "torch.from_numpy alone")
def _():
    def from_numpy_float32(array):
        return torch.from_numpy(array)


@mistake("from_numpy_float32", "returns numpy")
def _():
    def from_numpy_float32(array):
        return array.astype("float32")


@mistake("from_numpy_float32", "torch.tensor keeps float64")
def _():
    def from_numpy_float32(array):
        return torch.tensor(array)


@mistake("from_numpy_float32", "through float16")
def _():
    def from_numpy_float32(array):
        return torch.from_numpy(array).half().float()


@alternative("describe", "size() and ndim")
def _():
    def describe(t):
        return {"type": t.type(), "dim": t.ndim, "shape": t.size(), "numel": t.nelement()}


@alternative("describe", "list shape, product of sizes")
def _():
    import math

    def describe(t):
        shape = list(t.shape)
        return {"type": t.type(), "dim": len(shape), "shape": shape, "numel": math.prod(shape)}


@alternative("uniform", "uniform_")
def _():
    def uniform(low, high, shape, generator=None):
        return torch.empty(shape).uniform_(low, high, generator=generator)


@alternative("uniform", "float64 draw then float32")
def _():
    def uniform(low, high, shape, generator=None):
        u = torch.rand(shape, generator=generator, dtype=torch.float64)
        return (low + (high - low) * u).float()


@alternative("uniform", "unpacked shape")
def _():
    def uniform(low, high, shape, generator=None):
        return (high - low) * torch.rand(*shape, generator=generator) + low


@alternative("one_hot", "F.one_hot then float")
def _():
    def one_hot(labels, depth):
        return torch.nn.functional.one_hot(labels, depth).float()


@alternative("one_hot", "compare with arange")
def _():
    def one_hot(labels, depth):
        classes = torch.arange(depth, device=labels.device)
        return (labels.unsqueeze(1) == classes).to(torch.float32)


@alternative("one_hot", "rows of eye")
def _():
    def one_hot(labels, depth):
        return torch.eye(depth, device=labels.device)[labels]


@alternative("one_hot", "loop over labels")
def _():
    def one_hot(labels, depth):
        out = torch.zeros(len(labels), depth, device=labels.device)
        for i, label in enumerate(labels.tolist()):
            out[i, label] = 1.0
        return out


@alternative("shuffle_together", "argsort of rand")
def _():
    def shuffle_together(a, b, generator=None):
        perm = torch.rand(a.shape[0], generator=generator, device=a.device).argsort()
        return a.index_select(0, perm), b.index_select(0, perm)


@alternative("shuffle_together", "stack in a loop")
def _():
    def shuffle_together(a, b, generator=None):
        perm = torch.randperm(len(a), generator=generator, device=a.device).tolist()
        return torch.stack([a[i] for i in perm]), torch.stack([b[i] for i in perm])


@alternative("from_numpy_float32", "as_tensor with dtype")
def _():
    def from_numpy_float32(array):
        return torch.as_tensor(array, dtype=torch.float32)


@alternative("from_numpy_float32", "astype then from_numpy")
def _():
    def from_numpy_float32(array):
        return torch.from_numpy(array.astype("float32"))


@alternative("from_numpy_float32", "torch.tensor then float")
def _():
    def from_numpy_float32(array):
        return torch.tensor(array).float()
