"""Realistic wrong answers (each must lose points) and correct alternatives (each must keep every
point) for topic `broadcast`. Each variant is the body of a function decorated with `@mistake` or
`@alternative` (see variants.py); the body, dedented, is appended to the reference solution module,
so it replaces that one function."""

import torch

from tests.kit.mutants.variants import alternative, mistake


@mistake("broadcast_shape", "zip stops at the shorter shape")
def _():
    def broadcast_shape(shape_a, shape_b):
        out = []
        for x, y in zip(reversed(shape_a), reversed(shape_b)):
            if x != y and x != 1 and y != 1:
                raise ValueError(f"cannot broadcast {shape_a} with {shape_b}")
            out.append(y if x == 1 else x)
        return tuple(reversed(out))


@mistake("broadcast_shape", "max ignores zero")
def _():
    def broadcast_shape(shape_a, shape_b):
        n = max(len(shape_a), len(shape_b))
        a = (1,) * (n - len(shape_a)) + tuple(shape_a)
        b = (1,) * (n - len(shape_b)) + tuple(shape_b)
        for x, y in zip(a, b):
            if x != y and x != 1 and y != 1:
                raise ValueError(f"cannot broadcast {shape_a} with {shape_b}")
        return tuple(max(x, y) for x, y in zip(a, b))


@mistake("broadcast_shape", "aligned on the left")
def _():
    def broadcast_shape(shape_a, shape_b):
        n = max(len(shape_a), len(shape_b))
        a = tuple(shape_a) + (1,) * (n - len(shape_a))
        b = tuple(shape_b) + (1,) * (n - len(shape_b))
        out = []
        for x, y in zip(a, b):
            if x != y and x != 1 and y != 1:
                raise ValueError(f"cannot broadcast {shape_a} with {shape_b}")
            out.append(y if x == 1 else x)
        return tuple(out)


@mistake("broadcast_shape", "no compatibility check")
def _():
    def broadcast_shape(shape_a, shape_b):
        n = max(len(shape_a), len(shape_b))
        a = (1,) * (n - len(shape_a)) + tuple(shape_a)
        b = (1,) * (n - len(shape_b)) + tuple(shape_b)
        return tuple(y if x == 1 else x for x, y in zip(a, b))


@mistake("broadcast_shape", "returns a list")
def _():
    def broadcast_shape(shape_a, shape_b):
        n = max(len(shape_a), len(shape_b))
        a = [1] * (n - len(shape_a)) + list(shape_a)
        b = [1] * (n - len(shape_b)) + list(shape_b)
        out = []
        for x, y in zip(a, b):
            if x != y and x != 1 and y != 1:
                raise ValueError(f"cannot broadcast {shape_a} with {shape_b}")
            out.append(y if x == 1 else x)
        return out


@mistake("broadcast_shape", "raises RuntimeError like torch")
def _():
    def broadcast_shape(shape_a, shape_b):
        n = max(len(shape_a), len(shape_b))
        a = (1,) * (n - len(shape_a)) + tuple(shape_a)
        b = (1,) * (n - len(shape_b)) + tuple(shape_b)
        out = []
        for x, y in zip(a, b):
            if x != y and x != 1 and y != 1:
                raise RuntimeError(f"cannot broadcast {shape_a} with {shape_b}")
            out.append(y if x == 1 else x)
        return tuple(out)


@mistake("broadcast_shape", "message names only the sizes")
def _():
    def broadcast_shape(shape_a, shape_b):
        n = max(len(shape_a), len(shape_b))
        a = (1,) * (n - len(shape_a)) + tuple(shape_a)
        b = (1,) * (n - len(shape_b)) + tuple(shape_b)
        out = []
        for x, y in zip(a, b):
            if x != y and x != 1 and y != 1:
                raise ValueError(f"size {x} does not match size {y}")
            out.append(y if x == 1 else x)
        return tuple(out)


@mistake("broadcast_shape", "torch.broadcast_shapes")
def _():
    def broadcast_shape(shape_a, shape_b):
        try:
            return tuple(torch.broadcast_shapes(shape_a, shape_b))
        except RuntimeError as err:
            raise ValueError(f"cannot broadcast {shape_a} with {shape_b}") from err


@mistake("broadcast_shape", "broadcast_shapes imported under an alias")
def _():
    def broadcast_shape(shape_a, shape_b):
        from torch import broadcast_shapes as bs

        try:
            return tuple(bs(shape_a, shape_b))
        except RuntimeError as err:
            raise ValueError(f"cannot broadcast {shape_a} with {shape_b}") from err


@mistake("broadcast_shape", "torch.functional module alias")
def _():
    def broadcast_shape(shape_a, shape_b):
        import torch.functional as tf

        f = getattr(tf, "broadcast_" + "shapes")
        try:
            return tuple(f(shape_a, shape_b))
        except RuntimeError as err:
            raise ValueError(f"cannot broadcast {shape_a} with {shape_b}") from err


@mistake("broadcast_shape", "torch._refs helper")
def _():
    def broadcast_shape(shape_a, shape_b):
        from torch._refs import _broadcast_shapes as helper

        try:
            return tuple(helper(shape_a, shape_b) or ())
        except RuntimeError as err:
            raise ValueError(f"cannot broadcast {shape_a} with {shape_b}") from err


@mistake("broadcast_shape", "numpy's broadcast_shapes")
def _():
    def broadcast_shape(shape_a, shape_b):
        from numpy import broadcast_shapes as nbs

        try:
            return tuple(int(n) for n in nbs(tuple(shape_a), tuple(shape_b)))
        except ValueError as err:
            raise ValueError(f"cannot broadcast {shape_a} with {shape_b}") from err


@mistake("broadcast_by_hand", "repeat copies")
def _():
    def broadcast_by_hand(x, shape):
        x = x.reshape((1,) * (len(shape) - x.dim()) + tuple(x.shape))
        return x.repeat([s if n == 1 else 1 for s, n in zip(shape, x.shape)])


@mistake("broadcast_by_hand", "contiguous after expand")
def _():
    def broadcast_by_hand(x, shape):
        return x.expand(shape).contiguous()


@mistake("broadcast_by_hand", "new dims at the end")
def _():
    def broadcast_by_hand(x, shape):
        k = len(shape) - x.dim()
        return x.reshape(tuple(x.shape) + (1,) * k).expand(shape)


@mistake("broadcast_by_hand", "torch.broadcast_to")
def _():
    def broadcast_by_hand(x, shape):
        return torch.broadcast_to(x, shape)


@mistake("broadcast_by_hand", "Tensor.broadcast_to via getattr")
def _():
    def broadcast_by_hand(x, shape):
        return getattr(x, "broadcast_" + "to")(shape)


@mistake("broadcast_by_hand", "expand_as an empty tensor")
def _():
    def broadcast_by_hand(x, shape):
        return x.expand_as(torch.empty(shape, device=x.device))


@mistake("broadcast_by_hand", "broadcast_tensors under an alias")
def _():
    def broadcast_by_hand(x, shape):
        from torch import broadcast_tensors as bt

        return bt(x, torch.empty(shape, dtype=x.dtype, device=x.device))[0]


@mistake("add_bonus", "in place +=")
def _():
    def add_bonus(scores, bonus):
        scores += bonus
        return scores


@mistake("add_bonus", "add_")
def _():
    def add_bonus(scores, bonus):
        return scores.add_(bonus)


@mistake("add_bonus", "per class")
def _():
    def add_bonus(scores, bonus):
        if torch.is_tensor(bonus) and bonus.dim() == 1:
            bonus = bonus[:, None, None]
        return scores + bonus


@mistake("add_bonus", "per student")
def _():
    def add_bonus(scores, bonus):
        if torch.is_tensor(bonus) and bonus.dim() == 1:
            bonus = bonus.view(1, -1, 1)
        return scores + bonus


@mistake("add_bonus", "assumes a [courses] tensor")
def _():
    def add_bonus(scores, bonus):
        return scores + bonus[None, None, :]


@mistake("add_bonus", "bonus as a float32 tensor")
def _():
    def add_bonus(scores, bonus):
        return scores + torch.as_tensor(bonus, dtype=torch.float32, device=scores.device)


@mistake("normalize_channels", "mean lined up with w")
def _():
    def normalize_channels(x, mean, std):
        return (x - mean) / std


@mistake("normalize_channels", "mean lined up with h")
def _():
    def normalize_channels(x, mean, std):
        return (x - mean.view(-1, 1)) / std.view(-1, 1)


@mistake("normalize_channels", "operator precedence")
def _():
    def normalize_channels(x, mean, std):
        return x - mean.view(-1, 1, 1) / std.view(-1, 1, 1)


@mistake("normalize_channels", "multiplies by std")
def _():
    def normalize_channels(x, mean, std):
        return (x - mean.view(-1, 1, 1)) * std.view(-1, 1, 1)


@mistake("normalize_channels", "in place")
def _():
    def normalize_channels(x, mean, std):
        return x.sub_(mean.view(-1, 1, 1)).div_(std.view(-1, 1, 1))


@mistake("normalize_channels", "statistics of x itself")
def _():
    def normalize_channels(x, mean, std):
        m = x.mean(dim=(0, 2, 3), keepdim=True)
        s = x.std(dim=(0, 2, 3), keepdim=True)
        return (x - m) / s


@mistake("pairwise_sq_dist", "square root taken")
def _():
    def pairwise_sq_dist(a, b):
        return torch.cdist(a, b)


@mistake("pairwise_sq_dist", "not squared")
def _():
    def pairwise_sq_dist(a, b):
        return (a[:, None, :] - b[None, :, :]).sum(-1)


@mistake("pairwise_sq_dist", "L1 distance")
def _():
    def pairwise_sq_dist(a, b):
        return (a[:, None, :] - b[None, :, :]).abs().sum(-1)


@mistake("pairwise_sq_dist", "transposed")
def _():
    def pairwise_sq_dist(a, b):
        return ((b[:, None, :] - a[None, :, :]) ** 2).sum(-1)


@mistake("pairwise_sq_dist", "summed over the wrong dim")
def _():
    def pairwise_sq_dist(a, b):
        return ((a[:, None, :] - b[None, :, :]) ** 2).sum(1)


@mistake("pairwise_sq_dist", "matmul form without the 2")
def _():
    def pairwise_sq_dist(a, b):
        return (a * a).sum(1)[:, None] + (b * b).sum(1)[None, :] - a @ b.T


@mistake("pairwise_sq_dist", "loop over the rows of a")
def _():
    def pairwise_sq_dist(a, b):
        return torch.stack([((row - b) ** 2).sum(1) for row in a])


@mistake("pairwise_sq_dist", "loop over the features")
def _():
    def pairwise_sq_dist(a, b):
        out = torch.zeros(a.shape[0], b.shape[0], dtype=a.dtype, device=a.device)
        for k in range(a.shape[1]):
            out = out + (a[:, k, None] - b[None, :, k]) ** 2
        return out


@alternative("broadcast_shape", "while loop from the right")
def _():
    def broadcast_shape(shape_a, shape_b):
        a, b = list(shape_a), list(shape_b)
        out = []
        while a or b:
            x = a.pop() if a else 1
            y = b.pop() if b else 1
            if x == 1:
                out.insert(0, y)
            elif y == 1 or x == y:
                out.insert(0, x)
            else:
                raise ValueError(f"shapes {list(shape_a)} and {list(shape_b)} do not broadcast")
        return tuple(out)


@alternative("broadcast_shape", "zip_longest, returns torch.Size")
def _():
    def broadcast_shape(shape_a, shape_b):
        from itertools import zip_longest

        out = []
        for x, y in zip_longest(reversed(shape_a), reversed(shape_b), fillvalue=1):
            if x != y and 1 not in (x, y):
                a = "x".join(map(str, shape_a))
                b = "x".join(map(str, shape_b))
                raise ValueError(f"{a} and {b} cannot be broadcast together")
            out.append(y if x == 1 else x)
        return torch.Size(out[::-1])


@alternative("broadcast_by_hand", "expand adds the leading dims")
def _():
    def broadcast_by_hand(x, shape):
        return x.expand(*shape)


@alternative("broadcast_by_hand", "unsqueeze loop")
def _():
    def broadcast_by_hand(x, shape):
        while x.dim() < len(shape):
            x = x.unsqueeze(0)
        return x.expand(shape)


@alternative("broadcast_by_hand", "None indexing")
def _():
    def broadcast_by_hand(x, shape):
        return x[(None,) * (len(shape) - x.dim())].expand(shape)


@alternative("broadcast_by_hand", "as_strided with zero strides")
def _():
    def broadcast_by_hand(x, shape):
        k = len(shape) - x.dim()
        sizes = (1,) * k + tuple(x.shape)
        strides = (0,) * k + tuple(x.stride())
        strides = [0 if n == 1 and s != 1 else st for n, s, st in zip(sizes, shape, strides)]
        return x.as_strided(tuple(shape), strides, x.storage_offset())


@alternative("add_bonus", "torch.add")
def _():
    def add_bonus(scores, bonus):
        return torch.add(scores, bonus)


@alternative("add_bonus", "clone then add_")
def _():
    def add_bonus(scores, bonus):
        out = scores.clone()
        out += bonus
        return out


@alternative("add_bonus", "explicit expand")
def _():
    def add_bonus(scores, bonus):
        bonus = torch.as_tensor(bonus, device=scores.device)
        return scores + bonus.expand(scores.shape)


@alternative("normalize_channels", "view [1, c, 1, 1]")
def _():
    def normalize_channels(x, mean, std):
        c = x.shape[1]
        return (x - mean.reshape(1, c, 1, 1)) / std.reshape(1, c, 1, 1)


@alternative("normalize_channels", "channels last and back")
def _():
    def normalize_channels(x, mean, std):
        return ((x.permute(0, 2, 3, 1) - mean) / std).permute(0, 3, 1, 2)


@alternative("normalize_channels", "torch.sub and torch.div")
def _():
    def normalize_channels(x, mean, std):
        return torch.div(torch.sub(x, mean.unsqueeze(-1).unsqueeze(-1)), std[..., None, None])


@alternative("pairwise_sq_dist", "matmul expansion")
def _():
    def pairwise_sq_dist(a, b):
        sq = (a * a).sum(1)[:, None] + (b * b).sum(1)[None, :] - 2 * a @ b.T
        return sq.clamp_min(0)


@alternative("pairwise_sq_dist", "einsum")
def _():
    def pairwise_sq_dist(a, b):
        diff = a.unsqueeze(1) - b.unsqueeze(0)
        return torch.einsum("nmd,nmd->nm", diff, diff)


@alternative("pairwise_sq_dist", "cdist squared")
def _():
    def pairwise_sq_dist(a, b):
        return torch.cdist(a, b) ** 2
