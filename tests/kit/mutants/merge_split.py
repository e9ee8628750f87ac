"""Realistic wrong answers (each must lose points) and correct alternatives (each must keep every
point) for topic `merge_split`. Each entry is source appended to the reference solution module,
so it replaces that one function."""

MISTAKES = {
    "merge_classes": {
        "stack instead of cat": ("def merge_classes(a, b):\n    return torch.stack([a, b])\n"),
        "order swapped": "def merge_classes(a, b):\n    return torch.cat([b, a], dim=0)\n",
        "joined along students": (
            "def merge_classes(a, b):\n    return torch.cat([a, b], dim=1)\n"
        ),
        "preallocated float32": (
            "def merge_classes(a, b):\n"
            "    out = torch.zeros(a.shape[0] + b.shape[0], *a.shape[1:])\n"
            "    out[: a.shape[0]] = a\n"
            "    out[a.shape[0]:] = b\n"
            "    return out\n"
        ),
    },
    "add_alpha": {
        "alpha first": "def add_alpha(rgb, alpha):\n    return torch.cat([alpha, rgb], dim=1)\n",
        "new tensor without dtype": (
            "def add_alpha(rgb, alpha):\n"
            "    b, _, h, w = rgb.shape\n"
            "    out = torch.empty(b, 4, h, w, device=rgb.device)\n"
            "    out[:, :3] = rgb\n"
            "    out[:, 3:] = alpha\n"
            "    return out\n"
        ),
    },
    "join_halves": {
        "joined along the width": (
            "def join_halves(top, bottom):\n    return torch.cat([top, bottom], dim=-1)\n"
        ),
        "bottom first": "def join_halves(top, bottom):\n    return torch.cat([bottom, top], dim=2)\n",
        "joined along the channels": (
            "def join_halves(top, bottom):\n    return torch.cat([top, bottom], dim=1)\n"
        ),
        "cast to float": (
            "def join_halves(top, bottom):\n    return torch.cat([top.float(), bottom.float()], dim=2)\n"
        ),
    },
    "stack_classes": {
        "cat instead of stack": "def stack_classes(a, b):\n    return torch.cat([a, b])\n",
        "stacked on dim 1": "def stack_classes(a, b):\n    return torch.stack([a, b], dim=1)\n",
        "stacked on the last dim": (
            "def stack_classes(a, b):\n    return torch.stack([a, b], dim=-1)\n"
        ),
        "b first": "def stack_classes(a, b):\n    return torch.stack([b, a])\n",
        "tensor from a list": (
            "def stack_classes(a, b):\n    return torch.tensor([a.tolist(), b.tolist()])\n"
        ),
    },
    "split_by_sizes": {
        "ignores dim": ("def split_by_sizes(x, sizes, dim):\n    return torch.split(x, sizes)\n"),
        "tensor_split with sizes": (
            "def split_by_sizes(x, sizes, dim):\n    return torch.tensor_split(x, sizes, dim=dim)\n"
        ),
        "offsets off by one": (
            "def split_by_sizes(x, sizes, dim):\n"
            "    pieces, start = [], 0\n"
            "    for s in sizes:\n"
            "        pieces.append(x.narrow(dim, start, s))\n"
            "        start += s - 1\n"
            "    return tuple(pieces)\n"
        ),
        "slices built with [slice(None)] * dim": (
            "def split_by_sizes(x, sizes, dim):\n"
            "    pieces, start = [], 0\n"
            "    for s in sizes:\n"
            "        index = [slice(None)] * dim + [slice(start, start + s)]\n"
            "        pieces.append(x[tuple(index)])\n"
            "        start += s\n"
            "    return tuple(pieces)\n"
        ),
    },
    "split_into": {
        "tensor_split": "def split_into(x, n, dim):\n    return torch.tensor_split(x, n, dim=dim)\n",
        "split by size n": "def split_into(x, n, dim):\n    return torch.split(x, n, dim=dim)\n",
        "ignores dim": "def split_into(x, n, dim):\n    return torch.chunk(x, n)\n",
        "rounded-down size": (
            "def split_into(x, n, dim):\n"
            "    size = max(x.shape[dim] // n, 1)\n"
            "    return torch.split(x, size, dim=dim)\n"
        ),
    },
}

ALTERNATIVES = {
    "merge_classes": {
        "concat alias, negative dim": (
            "def merge_classes(a, b):\n    return torch.concat((a, b), dim=-3)\n"
        ),
        "stack of the unbound classes": (
            "def merge_classes(a, b):\n    return torch.stack([*a.unbind(0), *b.unbind(0)])\n"
        ),
    },
    "add_alpha": {
        "negative dim": "def add_alpha(rgb, alpha):\n    return torch.cat((rgb, alpha), dim=-3)\n",
        "new tensor like rgb": (
            "def add_alpha(rgb, alpha):\n"
            "    b, _, h, w = rgb.shape\n"
            "    out = rgb.new_empty(b, 4, h, w)\n"
            "    out[:, :3] = rgb\n"
            "    out[:, 3:] = alpha\n"
            "    return out\n"
        ),
    },
    "join_halves": {
        "dim -2": "def join_halves(top, bottom):\n    return torch.cat((top, bottom), -2)\n",
        "vstack per image": (
            "def join_halves(top, bottom):\n"
            "    return torch.stack([torch.stack([torch.vstack((t, u)) for t, u in zip(ti, bi)])\n"
            "                        for ti, bi in zip(top, bottom)])\n"
        ),
    },
    "stack_classes": {
        "unsqueeze then cat": (
            "def stack_classes(a, b):\n    return torch.cat([a.unsqueeze(0), b.unsqueeze(0)], dim=0)\n"
        ),
        "vstack of views": (
            "def stack_classes(a, b):\n    return torch.vstack([a[None], b[None]])\n"
        ),
    },
    "split_by_sizes": {
        "narrow in a loop": (
            "def split_by_sizes(x, sizes, dim):\n"
            "    pieces, start = [], 0\n"
            "    for s in sizes:\n"
            "        pieces.append(x.narrow(dim, start, s))\n"
            "        start += s\n"
            "    return pieces\n"
        ),
        "tensor_split at the offsets": (
            "import itertools\n\n\n"
            "def split_by_sizes(x, sizes, dim):\n"
            "    cuts = list(itertools.accumulate(sizes))[:-1]\n"
            "    return torch.tensor_split(x, cuts, dim=dim)\n"
        ),
        "method": "def split_by_sizes(x, sizes, dim):\n    return x.split(sizes, dim)\n",
    },
    "split_into": {
        "method": "def split_into(x, n, dim):\n    return x.chunk(n, dim=dim)\n",
        "split by ceil size": (
            "import math\n\n\n"
            "def split_into(x, n, dim):\n"
            "    return torch.split(x, math.ceil(x.shape[dim] / n), dim=dim)\n"
        ),
    },
}
