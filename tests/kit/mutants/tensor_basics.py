"""Realistic wrong answers (each must lose points) and correct alternatives (each must keep every
point) for topic `tensor_basics`. Each entry is source appended to the reference solution module,
so it replaces that one function."""

MISTAKES = {
    "describe": {
        "dtype instead of type()": (
            "def describe(t):\n"
            "    return {'type': str(t.dtype), 'dim': t.dim(), 'shape': tuple(t.shape), 'numel': t.numel()}\n"
        ),
        "dim is the length of dim 0": (
            "def describe(t):\n"
            "    return {'type': t.type(), 'dim': len(t), 'shape': tuple(t.shape), 'numel': t.numel()}\n"
        ),
        "numel as a tensor": (
            "def describe(t):\n"
            "    return {'type': t.type(), 'dim': t.dim(), 'shape': tuple(t.shape),\n"
            "            'numel': torch.tensor(t.shape).prod()}\n"
        ),
        "shape as a tensor": (
            "def describe(t):\n"
            "    return {'type': t.type(), 'dim': t.dim(), 'shape': torch.tensor(t.shape), 'numel': t.numel()}\n"
        ),
        "numel of a matrix only": (
            "def describe(t):\n"
            "    return {'type': t.type(), 'dim': t.dim(), 'shape': tuple(t.shape),\n"
            "            'numel': t.shape[0] * t.shape[1]}\n"
        ),
        "hard-coded type table": (
            "def describe(t):\n"
            "    names = {torch.float32: 'torch.FloatTensor', torch.float64: 'torch.DoubleTensor',\n"
            "             torch.int64: 'torch.LongTensor'}\n"
            "    return {'type': names.get(t.dtype, 'torch.Tensor'), 'dim': t.dim(),\n"
            "            'shape': tuple(t.shape), 'numel': t.numel()}\n"
        ),
    },
    "uniform": {
        "scaled by high": (
            "def uniform(low, high, shape, generator=None):\n"
            "    return torch.rand(shape, generator=generator) * high + low\n"
        ),
        "normal instead of uniform": (
            "def uniform(low, high, shape, generator=None):\n"
            "    return torch.randn(shape, generator=generator) * (high - low) / 2 + (low + high) / 2\n"
        ),
        "ignores the generator": (
            "def uniform(low, high, shape, generator=None):\n"
            "    return low + (high - low) * torch.rand(shape)\n"
        ),
        "float64": (
            "def uniform(low, high, shape, generator=None):\n"
            "    return low + (high - low) * torch.rand(shape, generator=generator, dtype=torch.float64)\n"
        ),
        "integers": (
            "def uniform(low, high, shape, generator=None):\n"
            "    return torch.randint(int(low), int(high), shape, generator=generator)\n"
        ),
        "forgets low": (
            "def uniform(low, high, shape, generator=None):\n"
            "    return (high - low) * torch.rand(shape, generator=generator)\n"
        ),
    },
    "one_hot": {
        "F.one_hot gives int64": (
            "def one_hot(labels, depth):\n    return torch.nn.functional.one_hot(labels, depth)\n"
        ),
        "width from the largest label": (
            "def one_hot(labels, depth):\n    return torch.nn.functional.one_hot(labels).float()\n"
        ),
        "zeros without device": (
            "def one_hot(labels, depth):\n"
            "    out = torch.zeros(labels.shape[0], depth)\n"
            "    out[torch.arange(labels.shape[0]), labels] = 1.0\n"
            "    return out\n"
        ),
        "eye without device": (
            "def one_hot(labels, depth):\n    return torch.eye(depth)[labels]\n"
        ),
        "transposed": (
            "def one_hot(labels, depth):\n"
            "    out = torch.zeros(depth, labels.shape[0], device=labels.device)\n"
            "    return out.scatter_(0, labels.unsqueeze(0), 1.0)\n"
        ),
        "unsqueeze_ changes the labels": (
            "def one_hot(labels, depth):\n"
            "    out = torch.zeros(labels.shape[0], depth, device=labels.device)\n"
            "    return out.scatter_(1, labels.unsqueeze_(1), 1.0)\n"
        ),
    },
    "shuffle_together": {
        "unshuffled": "def shuffle_together(a, b, generator=None):\n    return a.clone(), b.clone()\n",
        "two different permutations": (
            "def shuffle_together(a, b, generator=None):\n"
            "    n = a.shape[0]\n"
            "    return a[torch.randperm(n, generator=generator)], b[torch.randperm(n, generator=generator)]\n"
        ),
        "only a is shuffled": (
            "def shuffle_together(a, b, generator=None):\n"
            "    return a[torch.randperm(a.shape[0], generator=generator)], b\n"
        ),
        "draws with replacement": (
            "def shuffle_together(a, b, generator=None):\n"
            "    idx = torch.randint(0, a.shape[0], (a.shape[0],), generator=generator)\n"
            "    return a[idx], b[idx]\n"
        ),
        "ignores the generator": (
            "def shuffle_together(a, b, generator=None):\n"
            "    perm = torch.randperm(a.shape[0])\n"
            "    return a[perm], b[perm]\n"
        ),
        "shuffles every element": (
            "def shuffle_together(a, b, generator=None):\n"
            "    pa = torch.randperm(a.numel(), generator=generator)\n"
            "    pb = torch.randperm(b.numel(), generator=generator)\n"
            "    return a.reshape(-1)[pa].reshape(a.shape), b.reshape(-1)[pb].reshape(b.shape)\n"
        ),
        "shuffles in place": (
            "def shuffle_together(a, b, generator=None):\n"
            "    perm = torch.randperm(a.shape[0], generator=generator)\n"
            "    a.copy_(a[perm])\n"
            "    b.copy_(b[perm])\n"
            "    return a, b\n"
        ),
        "reversed instead of shuffled": (
            "def shuffle_together(a, b, generator=None):\n    return a.flip(0), b.flip(0)\n"
        ),
    },
    "from_numpy_float32": {
        "torch.from_numpy alone": (
            "def from_numpy_float32(array):\n    return torch.from_numpy(array)\n"
        ),
        "returns numpy": ("def from_numpy_float32(array):\n    return array.astype('float32')\n"),
        "torch.tensor keeps float64": (
            "def from_numpy_float32(array):\n    return torch.tensor(array)\n"
        ),
        "through float16": (
            "def from_numpy_float32(array):\n    return torch.from_numpy(array).half().float()\n"
        ),
    },
}

ALTERNATIVES = {
    "describe": {
        "size() and ndim": (
            "def describe(t):\n"
            "    return {'type': t.type(), 'dim': t.ndim, 'shape': t.size(), 'numel': t.nelement()}\n"
        ),
        "list shape, product of sizes": (
            "import math\n\n\n"
            "def describe(t):\n"
            "    shape = list(t.shape)\n"
            "    return {'type': t.type(), 'dim': len(shape), 'shape': shape, 'numel': math.prod(shape)}\n"
        ),
    },
    "uniform": {
        "uniform_": (
            "def uniform(low, high, shape, generator=None):\n"
            "    return torch.empty(shape).uniform_(low, high, generator=generator)\n"
        ),
        "float64 draw then float32": (
            "def uniform(low, high, shape, generator=None):\n"
            "    u = torch.rand(shape, generator=generator, dtype=torch.float64)\n"
            "    return (low + (high - low) * u).float()\n"
        ),
        "unpacked shape": (
            "def uniform(low, high, shape, generator=None):\n"
            "    return (high - low) * torch.rand(*shape, generator=generator) + low\n"
        ),
    },
    "one_hot": {
        "F.one_hot then float": (
            "def one_hot(labels, depth):\n"
            "    return torch.nn.functional.one_hot(labels, depth).float()\n"
        ),
        "compare with arange": (
            "def one_hot(labels, depth):\n"
            "    classes = torch.arange(depth, device=labels.device)\n"
            "    return (labels.unsqueeze(1) == classes).to(torch.float32)\n"
        ),
        "rows of eye": (
            "def one_hot(labels, depth):\n"
            "    return torch.eye(depth, device=labels.device)[labels]\n"
        ),
        "loop over labels": (
            "def one_hot(labels, depth):\n"
            "    out = torch.zeros(len(labels), depth, device=labels.device)\n"
            "    for i, label in enumerate(labels.tolist()):\n"
            "        out[i, label] = 1.0\n"
            "    return out\n"
        ),
    },
    "shuffle_together": {
        "argsort of rand": (
            "def shuffle_together(a, b, generator=None):\n"
            "    perm = torch.rand(a.shape[0], generator=generator, device=a.device).argsort()\n"
            "    return a.index_select(0, perm), b.index_select(0, perm)\n"
        ),
        "stack in a loop": (
            "def shuffle_together(a, b, generator=None):\n"
            "    perm = torch.randperm(len(a), generator=generator, device=a.device).tolist()\n"
            "    return torch.stack([a[i] for i in perm]), torch.stack([b[i] for i in perm])\n"
        ),
    },
    "from_numpy_float32": {
        "as_tensor with dtype": (
            "def from_numpy_float32(array):\n    return torch.as_tensor(array, dtype=torch.float32)\n"
        ),
        "astype then from_numpy": (
            "def from_numpy_float32(array):\n    return torch.from_numpy(array.astype('float32'))\n"
        ),
        "torch.tensor then float": (
            "def from_numpy_float32(array):\n    return torch.tensor(array).float()\n"
        ),
    },
}
