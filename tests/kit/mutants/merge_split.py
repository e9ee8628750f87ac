"""Realistic wrong answers (each must lose points) and correct alternatives (each must keep every
point) for topic `merge_split`. Each variant is the body of a function decorated with `@mistake` or
`@alternative` (see variants.py); the body, dedented, is appended to the reference solution module,
so it replaces that one function."""

import torch

from tests.kit.mutants.variants import alternative, mistake


@mistake("merge_classes", "stack instead of cat")
def _():
    def merge_classes(a, b):
        return torch.stack([a, b])


@mistake("merge_classes", "order swapped")
def _():
    def merge_classes(a, b):
        return torch.cat([b, a], dim=0)


@mistake("merge_classes", "joined along students")
def _():
    def merge_classes(a, b):
        return torch.cat([a, b], dim=1)


@mistake("merge_classes", "preallocated float32")
def _():
    def merge_classes(a, b):
        out = torch.zeros(a.shape[0] + b.shape[0], *a.shape[1:])
        out[: a.shape[0]] = a
        out[a.shape[0] :] = b
        return out


@mistake("add_alpha", "alpha first")
def _():
    def add_alpha(rgb, alpha):
        return torch.cat([alpha, rgb], dim=1)


@mistake("add_alpha", "new tensor without dtype")
def _():
    def add_alpha(rgb, alpha):
        b, _, h, w = rgb.shape
        out = torch.empty(b, 4, h, w, device=rgb.device)
        out[:, :3] = rgb
        out[:, 3:] = alpha
        return out


@mistake("join_halves", "joined along the width")
def _():
    def join_halves(top, bottom):
        return torch.cat([top, bottom], dim=-1)


@mistake("join_halves", "bottom first")
def _():
    def join_halves(top, bottom):
        return torch.cat([bottom, top], dim=2)


@mistake("join_halves", "joined along the channels")
def _():
    def join_halves(top, bottom):
        return torch.cat([top, bottom], dim=1)


@mistake("join_halves", "cast to float")
def _():
    def join_halves(top, bottom):
        return torch.cat([top.float(), bottom.float()], dim=2)


@mistake("stack_classes", "cat instead of stack")
def _():
    def stack_classes(a, b):
        return torch.cat([a, b])


@mistake("stack_classes", "stacked on dim 1")
def _():
    def stack_classes(a, b):
        return torch.stack([a, b], dim=1)


@mistake("stack_classes", "stacked on the last dim")
def _():
    def stack_classes(a, b):
        return torch.stack([a, b], dim=-1)


@mistake("stack_classes", "b first")
def _():
    def stack_classes(a, b):
        return torch.stack([b, a])


@mistake("stack_classes", "tensor from a list")
def _():
    def stack_classes(a, b):
        return torch.tensor([a.tolist(), b.tolist()])


@mistake("split_by_sizes", "ignores dim")
def _():
    def split_by_sizes(x, sizes, dim):
        return torch.split(x, sizes)


@mistake("split_by_sizes", "tensor_split with sizes")
def _():
    def split_by_sizes(x, sizes, dim):
        return torch.tensor_split(x, sizes, dim=dim)


@mistake("split_by_sizes", "offsets off by one")
def _():
    def split_by_sizes(x, sizes, dim):
        pieces, start = [], 0
        for s in sizes:
            pieces.append(x.narrow(dim, start, s))
            start += s - 1
        return tuple(pieces)


@mistake("split_by_sizes", "slices built with [slice(None)] * dim")
def _():
    def split_by_sizes(x, sizes, dim):
        pieces, start = [], 0
        for s in sizes:
            index = [slice(None)] * dim + [slice(start, start + s)]
            pieces.append(x[tuple(index)])
            start += s
        return tuple(pieces)


@mistake("split_into", "tensor_split")
def _():
    def split_into(x, n, dim):
        return torch.tensor_split(x, n, dim=dim)


@mistake("split_into", "split by size n")
def _():
    def split_into(x, n, dim):
        return torch.split(x, n, dim=dim)


@mistake("split_into", "ignores dim")
def _():
    def split_into(x, n, dim):
        return torch.chunk(x, n)


@mistake("split_into", "rounded-down size")
def _():
    def split_into(x, n, dim):
        size = max(x.shape[dim] // n, 1)
        return torch.split(x, size, dim=dim)


@alternative("merge_classes", "concat alias, negative dim")
def _():
    def merge_classes(a, b):
        return torch.concat((a, b), dim=-3)


@alternative("merge_classes", "stack of the unbound classes")
def _():
    def merge_classes(a, b):
        return torch.stack([*a.unbind(0), *b.unbind(0)])


@alternative("add_alpha", "negative dim")
def _():
    def add_alpha(rgb, alpha):
        return torch.cat((rgb, alpha), dim=-3)


@alternative("add_alpha", "new tensor like rgb")
def _():
    def add_alpha(rgb, alpha):
        b, _, h, w = rgb.shape
        out = rgb.new_empty(b, 4, h, w)
        out[:, :3] = rgb
        out[:, 3:] = alpha
        return out


@alternative("join_halves", "dim -2")
def _():
    def join_halves(top, bottom):
        return torch.cat((top, bottom), -2)


@alternative("join_halves", "vstack per image")
def _():
    def join_halves(top, bottom):
        return torch.stack(
            [
                torch.stack([torch.vstack((t, u)) for t, u in zip(ti, bi)])
                for ti, bi in zip(top, bottom)
            ]
        )


@alternative("stack_classes", "unsqueeze then cat")
def _():
    def stack_classes(a, b):
        return torch.cat([a.unsqueeze(0), b.unsqueeze(0)], dim=0)


@alternative("stack_classes", "vstack of views")
def _():
    def stack_classes(a, b):
        return torch.vstack([a[None], b[None]])


@alternative("split_by_sizes", "narrow in a loop")
def _():
    def split_by_sizes(x, sizes, dim):
        pieces, start = [], 0
        for s in sizes:
            pieces.append(x.narrow(dim, start, s))
            start += s
        return pieces


@alternative("split_by_sizes", "tensor_split at the offsets")
def _():
    import itertools

    def split_by_sizes(x, sizes, dim):
        cuts = list(itertools.accumulate(sizes))[:-1]
        return torch.tensor_split(x, cuts, dim=dim)


@alternative("split_by_sizes", "method")
def _():
    def split_by_sizes(x, sizes, dim):
        return x.split(sizes, dim)


@alternative("split_into", "method")
def _():
    def split_into(x, n, dim):
        return x.chunk(n, dim=dim)


@alternative("split_into", "split by ceil size")
def _():
    import math

    def split_into(x, n, dim):
        return torch.split(x, math.ceil(x.shape[dim] / n), dim=dim)
